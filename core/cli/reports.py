"""`python -m core informe`: the reports as files — the monthly PQRS report (xlsx, pdf, csv), the semester
report on the networks (xlsx, pdf) and a campaign's closure (xlsx, pdf).

Decisions: an unknown campaign ID is a typo, so nothing is written (exit 2, with the closest IDs); a month or
semester without data is still a report, so the file is written and the command says so (exit 0). The
narrative «Análisis» is the draft the figures give (the Reportes page lets people edit it); «Recomendaciones»
is left empty.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.cli.kit import DONE, NOTHING, SpanishParser, closest, report_month, report_semester
from core.fmt import fmt_count

_LABEL = {"xlsx": "XLSX", "pdf": "PDF", "csv": "CSV"}


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `informe` (with `pqrs-mensual`, `semestral` and `cierre`) on the CLI's subparsers."""
    report = commands.add_parser(
        "informe", help="los informes como archivo: PQRS del mes, semestral de redes, cierre de campaña",
        description="Escribe un informe con el encabezado de la entidad (nombre, área, código y versión del SIG, "
        "de Ajustes). En CSV y XLSX, un texto que empieza por =, +, -, @, tabulador o retorno lleva un apóstrofo "
        "delante para que Excel no lo ejecute; las fechas van como dd/mm/aaaa. Un periodo sin datos también se "
        "escribe, y se avisa.")
    kinds = report.add_subparsers(title="informes", dest="informe", metavar="INFORME", parser_class=SpanishParser)
    kinds.required = True

    monthly = kinds.add_parser(
        "pqrs-mensual", help="informe mensual de PQRS del canal virtual de redes sociales",
        description="Todos los mensajes recibidos en el mes (también los que no son PQRS), con su vencimiento legal; "
        "los conteos por red, tipología, tema y día; los tiempos de respuesta y de envío a Atención a la "
        "Ciudadanía; los pendientes hoy; y, cada uno con su fuente, los comentarios de las publicaciones del mes y "
        "los mensajes nuevos anotados en Monitoreo. XLSX: hoja Resumen y hoja Mensajes. PDF: portada, cifras, "
        "gráficos y la lista (si pasa de 1.000 mensajes, el PDF remite al XLSX). CSV: la lista, en UTF-8 con BOM.")
    monthly.add_argument("--mes", type=report_month, required=True, metavar="AAAA-MM",
                         help="el mes, por ejemplo 2026-10")
    _common(monthly, ("xlsx", "pdf", "csv"))
    monthly.add_argument("--separador", choices=(";", ","), default=None,
                         help="separador del CSV: ; (por defecto, el de Excel con configuración de Colombia) o ,")
    monthly.set_defaults(run=run)

    semester = kinds.add_parser(
        "semestral", help="informe semestral de redes sociales: impacto, cambio y cuentas obsoletas",
        description="Las cuentas por red (Cuentas), publicaciones, alcance, interacciones, engagement con su base, "
        "seguidores y su crecimiento (Métricas de cuenta), el cambio frente al semestre anterior, el puesto por "
        "impacto (interacciones; en empate, alcance) y si cada cuenta parece obsoleta, con la regla y los umbrales "
        "de Ajustes. Sin datos personales de la ciudadanía.")
    semester.add_argument("--semestre", type=report_semester, required=True, metavar="AAAA-1|AAAA-2",
                          help="el semestre: AAAA-1 (enero a junio) o AAAA-2 (julio a diciembre)")
    _common(semester, ("xlsx", "pdf"))
    semester.set_defaults(run=run)

    closure = kinds.add_parser(
        "cierre", help="cierre de una campaña: publicaciones, métricas, análisis y evidencias",
        description="Las publicaciones de la estrategia (y las de sus solicitudes vinculadas), sus métricas, el "
        "análisis por red y los enlaces de evidencia. Un ID de estrategia que no existe es un error y no se "
        "escribe nada.")
    closure.add_argument("--estrategia", required=True, metavar="ID", help="el ID de la estrategia (Estrategias)")
    _common(closure, ("xlsx", "pdf"))
    closure.set_defaults(run=run)


def _common(parser, formats: tuple[str, ...]) -> None:
    parser.add_argument("--formato", choices=formats, required=True, help=" o ".join(formats))
    parser.add_argument("--salida", required=True, metavar="ARCHIVO",
                        help="el archivo a crear (se reemplaza si existe)")


def run(args: argparse.Namespace, register, actor: str) -> int:
    from core.reports import closure, pqrs_monthly, semester
    from core.reports.formats import report_bytes

    snapshot = register.snapshot(refresh=True)
    tables = snapshot.tables
    if args.informe == "pqrs-mensual":
        report = pqrs_monthly.build(tables, args.mes)
        tabs = ("Mensajes",)
        count = fmt_count(len(report.listing.rows), "mensaje", "mensajes")
    elif args.informe == "semestral":
        report = semester.build(tables, args.semestre)
        tabs = ("Publicaciones", "Cuentas", "Métricas de cuenta")
        networks = report.table("Redes por impacto").rows
        count = (f"{fmt_count(len(networks), 'red', 'redes')}, "
                 f"{fmt_count(len(report.table('Cuentas').rows), 'cuenta', 'cuentas')}")
    else:
        try:
            report = closure.build(tables, args.estrategia)
        except closure.UnknownCampaign as error:
            ids = [str(value) for value in tables["Estrategias"]["ID"].dropna()]
            print(f"error: {error}; no se escribió nada.{closest(args.estrategia.strip().upper(), ids)}",
                  file=sys.stderr)
            return NOTHING
        tabs = ("Estrategias", "Publicaciones", "Solicitudes")
        count = fmt_count(len(report.listing.rows), "publicación", "publicaciones")
    separator = getattr(args, "separador", None) or ";"
    data = report_bytes(report, args.formato, separator)
    path = Path(args.salida)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as error:
        print(f"error: no se pudo escribir {path}: {error}", file=sys.stderr)
        return NOTHING
    print(f"{report.title} — {report.period_text} ({_LABEL[args.formato]}) escrito en {path}: {count}.")
    if args.informe == "semestral":
        print(next(note for note in report.notes if note.startswith("Una cuenta parece obsoleta")))
    if report.empty_note:
        print(f"aviso: {report.empty_note}")
    if args.formato == "pdf" and report.listing is not None and report.listing.pdf_limit is not None \
            and len(report.listing.rows) > report.listing.pdf_limit:
        print(f"aviso: {report.listing.limit_note}")
    if getattr(args, "separador", None) and args.formato != "csv":
        print("aviso: --separador solo aplica al formato csv; se ignoró.")
    if path.suffix.lower().lstrip(".") != args.formato:
        print(f"aviso: el archivo se llama {path.name} pero su formato es {args.formato}; ábralo como .{args.formato}.")
    bad = snapshot.bad_rows_per_tab()
    for tab in tabs:
        if bad.get(tab):
            rows = fmt_count(bad[tab], f"fila de {tab} tiene errores y no entra",
                          f"filas de {tab} tienen errores y no entran")
            print(f"aviso: {rows} en el informe (véalas con python -m core verificar).")
    return DONE
