"""`python -m core preparar-hoja`: the Google Sheet made friendly to the people who edit it by hand (locale,
time zone, drop-downs, formats, protections), adding rules only, never changing a value."""

from __future__ import annotations

import argparse
import sys

from core.cli.kit import DONE, NOTHING
from core.fmt import fmt_int
from core.register import Register


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `preparar-hoja` on the CLI's subcommands."""
    prepare = commands.add_parser("preparar-hoja", help="prepara la hoja de Google para quienes la editan a mano",
                                  description="Pone la hoja de Google en es_CO y America/Bogota, agrega listas "
                                  "desplegables, formatos y validación de fechas, protege con advertencia las "
                                  "columnas que escribe Divulga y protege el Historial. Solo agrega formatos y "
                                  "reglas: nunca cambia un valor, y se puede repetir.")
    prepare.set_defaults(run=run)


def run(args: argparse.Namespace, register: Register, actor: str) -> int:
    from core.store.gsheets import SheetsStore
    from core.store.sheet_setup import prepare

    if not isinstance(register.store, SheetsStore):
        print(f"error: preparar-hoja es para Google Sheets; el registro en uso es {register.store.label}.",
              file=sys.stderr)
        return NOTHING
    count = prepare(register.store)
    print(f"Hoja preparada: configuración regional es_CO, zona horaria America/Bogota, listas desplegables, "
          f"formatos de fecha y protecciones ({fmt_int(count)} cambios en una sola solicitud; ningún valor "
          "cambió).")
    return DONE
