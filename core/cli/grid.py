"""`python -m core parrilla`: the publication grid as a file (Excel, PDF or iCalendar) for a campaign, an
area or a date range, the "carpeta de publicación" the office shares with the area and partner entities.

Decisions: an unknown campaign ID or an area the register never names is a typo, so nothing is written
(exit 2, with the closest names); a known filter that selects no post is still a grid, so the file is
written without posts and the command says so (exit 0). Cancelled posts are left out of every format.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.cli.kit import DONE, NOTHING, closest, iso_day
from core.fmt import fmt_count
from core.reports.grid_export import FORMATS, export_grid
from core.reports.grid_select import known_area, known_areas, known_campaign

_LABEL = {"xlsx": "Excel", "pdf": "PDF", "ics": "iCalendar"}


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `parrilla` on the CLI's subparsers."""
    grid = commands.add_parser(
        "parrilla", help="la parrilla de publicación como archivo: Excel, PDF o iCalendar (.ics)",
        description="Escribe la parrilla de publicación (fecha, hora, red, formato, copy, enlace de la pieza, "
        "estado) de un rango de fechas, una estrategia o un área, para compartirla con el área y las entidades "
        "aliadas: xlsx (hoja «Parrilla», encabezados en la fila 1), pdf (A4 horizontal) o ics (un evento por "
        "publicación, a su hora programada en Bogotá, para Google Calendar y Outlook; importarlo de nuevo "
        "actualiza los eventos). Las publicaciones canceladas no se incluyen. Si los filtros no dejan ninguna "
        "publicación, el archivo se escribe vacío y se avisa; un ID de estrategia o un área que el registro no "
        "conoce es un error y no se escribe nada.")
    grid.add_argument("--formato", choices=FORMATS, required=True, help="xlsx, pdf o ics")
    grid.add_argument("--salida", required=True, metavar="ARCHIVO", help="el archivo a crear (se reemplaza si existe)")
    grid.add_argument("--desde", type=iso_day, metavar="AAAA-MM-DD", help="primer día (hora programada, en Bogotá)")
    grid.add_argument("--hasta", type=iso_day, metavar="AAAA-MM-DD", help="último día, incluido")
    grid.add_argument("--estrategia", metavar="ID",
                      help="solo esta estrategia: sus publicaciones y las de las solicitudes vinculadas a ella")
    grid.add_argument("--area", metavar="ÁREA",
                      help="solo esta área: publicaciones de sus solicitudes o de sus estrategias (sin importar "
                      "mayúsculas ni tildes)")
    grid.set_defaults(run=run, grid_parser=grid)


def run(args: argparse.Namespace, register, actor: str) -> int:
    if args.desde and args.hasta and args.hasta < args.desde:
        args.grid_parser.error(f"--hasta ({args.hasta:%d/%m/%Y}) es anterior a --desde ({args.desde:%d/%m/%Y})")
    for option, value in (("--estrategia", args.estrategia), ("--area", args.area)):
        if value is not None and not value.strip():
            args.grid_parser.error(f"argumento {option}: está vacío")
    snapshot = register.snapshot(refresh=True)
    tables = snapshot.tables
    if args.estrategia and not known_campaign(tables, args.estrategia):
        ids = [str(value) for value in tables["Estrategias"]["ID"].dropna()]
        print(f"error: no hay ninguna estrategia con ID «{args.estrategia.strip()}» en Estrategias; no se escribió "
              f"nada.{closest(args.estrategia.strip().upper(), ids, or_containing=True)}", file=sys.stderr)
        return NOTHING
    if args.area and not known_area(tables, args.area):
        print(f"error: el área «{args.area.strip()}» no aparece en Listas, Solicitudes ni Estrategias; no se escribió "
              f"nada.{closest(args.area.strip(), known_areas(tables), or_containing=True)}", file=sys.stderr)
        return NOTHING
    grid = export_grid(tables, args.formato, args.desde, args.hasta, args.estrategia, args.area)
    path = Path(args.salida)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(grid.data)
    except OSError as error:
        print(f"error: no se pudo escribir {path}: {error}", file=sys.stderr)
        return NOTHING
    written = fmt_count(grid.posts, "publicación", "publicaciones")
    print(f"Parrilla ({_LABEL[args.formato]}) escrita en {path}: {written} ({grid.filters_text}).")
    if grid.cancelled_left_out:
        left_out = fmt_count(grid.cancelled_left_out, "publicación cancelada no se incluye",
                          "publicaciones canceladas no se incluyen")
        print(f"  {left_out} (la parrilla es lo que se publica o se publicará).")
    if not grid.posts:
        print("aviso: ninguna publicación cumple estos filtros; el archivo se escribió sin publicaciones.")
    if path.suffix.lower().lstrip(".") != args.formato:
        print(f"aviso: el archivo se llama {path.name} pero su formato es {args.formato}; "
              f"ábralo como .{args.formato}.")
    bad = snapshot.bad_rows_per_tab().get("Publicaciones", 0)
    if bad:
        rows = fmt_count(bad, "fila de Publicaciones tiene errores y no entra",
                      "filas de Publicaciones tienen errores y no entran")
        print(f"aviso: {rows} en la parrilla (véalas con python -m core verificar).")
    return DONE
