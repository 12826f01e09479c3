"""`python -m core mejor-hora`: a network's weekday × hour cells, best median engagement first.

The same grid as the page's heatmap (`core.domain.best_hour.grid`); cells with fewer than three posts come last,
marked "pocos datos", and are not ranked. Without `--semanas`, the window is the one Parrilla's suggestion
reads (`core.domain.best_hour.widened`: 16, 26, 52 or 104 weeks), and the first line says which.
"""

from __future__ import annotations

import argparse
import sys

from core.cli.kit import DONE, NOTHING, iso_day, positive_int
from core.domain.best_hour import DAYS, MIN_POSTS, SUGGESTIONS, WINDOWS, base_text, grid, hour_text, widened
from core.files.spreadsheet_safety import SafeCsvWriter
from core.fmt import fmt_date, fmt_int, fmt_pct
from core.register import Register
from core.sheet.cells import CellError
from core.sheet.contract import NETWORK_CHOICES, today_in_bogota

CSV_HEADER = ("dia", "hora", "engagement", "publicaciones")


def run(args: argparse.Namespace, register: Register, actor: str) -> int:
    snapshot = register.snapshot(refresh=True)
    try:
        network = NETWORK_CHOICES.read(args.red, snapshot.context.extra_networks)
    except CellError as error:
        print(f"error: --red: {error}", file=sys.stderr)
        return NOTHING
    until = args.hasta or today_in_bogota()
    posts = snapshot.tables["Publicaciones"]
    history = widened(posts, network, until) if args.semanas is None else grid(posts, network, until, args.semanas)
    cells = history.ranking()
    if args.formato == "csv":
        out = SafeCsvWriter(sys.stdout, lineterminator="\n")
        out.writerow(CSV_HEADER)
        out.writerows([DAYS[row.dia], row.hora, f"{row.engagement:.6f}", row.publicaciones]
                      for row in cells.itertuples())
        return DONE
    period = f"del {fmt_date(history.start)} al {fmt_date(history.end)}"
    weeks = f"{fmt_int(history.weeks)} {'semana' if history.weeks == 1 else 'semanas'}"
    if cells.empty:
        print(f"{network} no tiene publicaciones con métricas {period} ({weeks}): no hay mejor hora que mostrar.")
        return DONE
    if args.semanas is None and history.weeks > WINDOWS[0]:
        weeks += (f", ampliada: con menos semanas no había {SUGGESTIONS} franjas clasificadas"
                  if history.ranked >= SUGGESTIONS else f", la más larga: en ninguna había {SUGGESTIONS} franjas "
                  "clasificadas")
    counted = history.posts
    print(f"Mejor hora en {network}, {period} ({weeks}), hora de Bogotá: engagement mediano {base_text(history)} "
          f"de {fmt_int(counted)} {'publicación' if counted == 1 else 'publicaciones'}.")
    ranked = cells[cells["clasificada"]]
    if ranked.empty:
        print(f"Ninguna franja tiene {MIN_POSTS} publicaciones o más: no hay franjas clasificadas.")
    for row in ranked.itertuples():
        print(_line(f"{row.puesto}.", row))
    thin = cells[~cells["clasificada"]]
    if not thin.empty:
        print(f"Pocos datos (menos de {MIN_POSTS} publicaciones; sin clasificar):")
        for row in thin.itertuples():
            print(_line("-", row))
    return DONE


def _line(mark: str, row) -> str:
    count = f"{fmt_int(row.publicaciones)} {'publicación' if row.publicaciones == 1 else 'publicaciones'}"
    return f"{mark:>4} {DAYS[row.dia]:<10}{hour_text(row.hora):>12}  {fmt_pct(row.engagement):>8}  {count}"


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `mejor-hora` on the CLI's subcommands."""
    command = commands.add_parser(
        "mejor-hora", help="las mejores franjas (día y hora) para publicar en una red, según su historial",
        description="Lista las franjas de día de la semana y hora (hora de Bogotá) de una red, de mayor a menor "
        "engagement mediano de sus publicaciones publicadas con métricas, en las semanas que terminan en --hasta "
        f"(incluido). Las franjas con menos de {MIN_POSTS} publicaciones van al final, marcadas como pocos datos, "
        "sin clasificar. Empates: más publicaciones, luego el día y la hora más tempranos.")
    command.add_argument("--red", required=True, metavar="RED",
                         help="la red: " + ", ".join(NETWORK_CHOICES.values) + " o una de Listas.Redes")
    command.add_argument("--semanas", type=positive_int, metavar="N",
                         help="semanas de historial (por defecto, como la sugerencia de Parrilla: la más corta de "
                         + ", ".join(map(str, WINDOWS[:-1])) + f" y {WINDOWS[-1]} con al menos {SUGGESTIONS} "
                         "franjas clasificadas, si no la más larga)")
    command.add_argument("--hasta", type=iso_day, metavar="AAAA-MM-DD",
                         help="último día del historial, incluido (por defecto, hoy en Bogotá)")
    command.add_argument("--formato", choices=("texto", "csv"), default="texto",
                         help="texto (por defecto) o csv con las columnas " + ",".join(CSV_HEADER)
                         + " (engagement como fracción; dia de lunes a domingo; hora de 0 a 23)")
    command.set_defaults(run=run)
