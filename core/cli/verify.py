"""`python -m core verificar`: every tab checked as the app reads it, one line per bad cell, then the notices and
a summary; exit 1 when a row is bad, so a script can tell."""

from __future__ import annotations

import argparse

from core.cli.kit import DONE, PARTLY
from core.fmt import fmt_count
from core.register import Register


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `verificar` on the CLI's subcommands."""
    verify = commands.add_parser("verificar", help="valida todas las pestañas y lista las filas con errores",
                                 description="Valida todas las pestañas: una línea por celda con error "
                                 "(<Pestaña> fila <n>: <Columna>: <motivo>), los avisos y un resumen. Sale con "
                                 "0 si no hay filas con errores y con 1 si las hay.")
    verify.set_defaults(run=run)


def without_id_lines(notices) -> list[str]:
    """Rows typed without an ID, one line per tab: notices, never printed as `<Pestaña> fila <n>` lines."""
    rows: dict[str, list[int]] = {}
    for notice in notices:
        if notice.missing_id:
            rows.setdefault(notice.tab, []).append(notice.row)
    return [f"aviso: {fmt_count(len(numbers), 'fila', 'filas')} de {tab} sin ID (hoja: "
            f"{', '.join(map(str, numbers[:20]))}{' …' if len(numbers) > 20 else ''}); deles un ID en Calidad de "
            "datos («Dar ID») para poder editarlas desde Divulga" for tab, numbers in rows.items()]


def run(args: argparse.Namespace, register: Register, actor: str) -> int:
    snapshot = register.snapshot(refresh=True)
    for bad in snapshot.bad:
        print(bad)
    for notice in snapshot.notices:
        if not notice.missing_id:
            print(notice)
    for line in without_id_lines(snapshot.notices):
        print(line)
    rows = sum(snapshot.bad_rows_per_tab().values())
    missing = sum(1 for bad in snapshot.bad if bad.row is None)
    total = sum(snapshot.counts().values())
    print(f"Resumen: {fmt_count(total, 'fila válida', 'filas válidas')}, "
          f"{fmt_count(rows, 'fila con errores', 'filas con errores')}, "
          f"{fmt_count(missing, 'columna obligatoria faltante', 'columnas obligatorias faltantes')}, "
          f"{fmt_count(len(snapshot.notices), 'aviso', 'avisos')}.")
    return PARTLY if snapshot.bad else DONE
