"""`python -m core exportar ARCHIVO.xlsx`: the whole register, Historial included, as one workbook whose texts
stay text as typed."""

from __future__ import annotations

import argparse
import sys

from core.cli.kit import DONE, NOTHING, PARTLY
from core.register import Register
from core.sheet.contract import HISTORY_TAB, TABS


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `exportar` on the CLI's subcommands."""
    exportar = commands.add_parser("exportar", help="guarda todo el registro en un libro .xlsx",
                                   description="Guarda todo el registro en un libro de Excel, una hoja por "
                                   "pestaña; los textos quedan como texto, tal como se escribieron.")
    exportar.add_argument("archivo", metavar="ARCHIVO.xlsx", help="el libro a crear")
    exportar.set_defaults(run=run)


def run(args: argparse.Namespace, register: Register, actor: str) -> int:
    from core.reports.register_xlsx import write_workbook

    try:
        notices = write_workbook(register.store.read(TABS), args.archivo)
    except OSError as error:
        print(f"error: no se pudo escribir {args.archivo}: {error}", file=sys.stderr)
        return NOTHING
    for notice in notices:
        print(notice)
    print(f"Registro exportado a {args.archivo} ({len(TABS)} pestañas, {HISTORY_TAB.name} incluido).")
    return PARTLY if notices else DONE
