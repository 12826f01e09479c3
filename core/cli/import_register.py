"""`python -m core importar ARCHIVO.xlsx`: a workbook in the register's layout loaded through the write path;
bad rows are listed and skipped, the rest saved by ID or natural key, so importing twice adds nothing."""

from __future__ import annotations

import argparse
import sys

from core.cli.kit import DONE, NOTHING, PARTLY
from core.files.limits import limits_text
from core.register import Register
from core.sheet.contract import DATA_TABS, HISTORY_TAB


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `importar` on the CLI's subcommands."""
    importar = commands.add_parser("importar", help="carga un libro .xlsx con el formato del registro",
                                   description="Carga un libro de Excel con pestañas del registro (cualquier "
                                   "subconjunto, salvo Historial). Las filas con errores se informan y se omiten; "
                                   "las demás se guardan: por ID si lo tienen, si no por su clave natural. "
                                   "Importar dos veces el mismo archivo no agrega nada. Límites del archivo: "
                                   f"{limits_text()}.")
    importar.add_argument("archivo", metavar="ARCHIVO.xlsx", help="el libro a importar")
    importar.set_defaults(run=run)


def run(args: argparse.Namespace, register: Register, actor: str) -> int:
    from core.register.importer import import_tabs
    from core.reports.register_xlsx import WorkbookError, read_workbook

    try:  # Historial is never imported (the importer says so): its sheet, however long, is not read
        tabs, others = read_workbook(args.archivo, not_read=(HISTORY_TAB.name,))
    except WorkbookError as error:
        print(f"error: {error}", file=sys.stderr)
        return NOTHING
    if not tabs:
        names = ", ".join(tab.name for tab in DATA_TABS)
        print(f"error: {args.archivo} no tiene ninguna pestaña del registro ({names}).", file=sys.stderr)
        return NOTHING
    report = import_tabs(register.writer(actor), tabs)
    for bad in report.bad:
        print(bad)
    for failure in report.failures:
        print(failure)
    for notice in report.notices:
        print(notice)
    for other in others:
        print(f"aviso: la hoja «{other}» no es una pestaña del registro; no se importa")
    print(report.summary())
    return PARTLY if report.bad or report.failures else DONE
