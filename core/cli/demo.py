"""`python -m core demo`: fills the register with the demo data (core/demo), refusing a register that has data
unless told, so a typo never doubles a real register."""

from __future__ import annotations

import argparse
import sys

from core.cli.kit import DONE, NOTHING, iso_day, positive_int
from core.demo import DEFAULT_ROWS, MIN_ROWS, write_demo
from core.fmt import fmt_int
from core.register import Register
from core.sheet.contract import today_in_bogota
from core.store import IdClash


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `demo` on the CLI's subcommands."""
    demo = commands.add_parser("demo", help="llena el registro con datos de demostración realistas",
                               description="Llena el registro con datos de demostración: todas las pestañas, "
                               "dos años de publicaciones y mensajes.")
    demo.add_argument("--filas", type=positive_int, default=DEFAULT_ROWS, metavar="N",
                      help=f"filas en total, sin contar el Historial (por defecto {DEFAULT_ROWS}; mínimo {MIN_ROWS})")
    demo.add_argument("--semilla", type=int, default=1, metavar="S", help="semilla: la misma da los mismos datos")
    demo.add_argument("--forzar", action="store_true", help="escribe aunque el registro ya tenga datos")
    demo.add_argument("--si-vacio", action="store_true",
                      help="si el registro ya tiene datos, no hace nada y termina bien (lo usa make demo)")
    demo.add_argument("--hoy", type=iso_day, metavar="AAAA-MM-DD",
                      help="fecha de referencia (por defecto, hoy en Bogotá)")
    demo.set_defaults(run=run)


def run(args: argparse.Namespace, register: Register, actor: str) -> int:
    if register.store.has_data():
        if args.si_vacio:
            print("El registro ya tiene datos; no se agregan datos de demostración.")
            return DONE
        if not args.forzar:
            print("El registro ya tiene datos: no se escribió nada. Use --forzar para agregar los datos de "
                  "demostración de todos modos.", file=sys.stderr)
            return NOTHING
    today = args.hoy or today_in_bogota()
    try:
        counts = write_demo(register.writer(actor), args.filas, args.semilla, today)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return NOTHING
    except IdClash:
        print(f"error: los datos de demostración de la semilla {args.semilla} ya están en el registro; use "
              "otra --semilla.", file=sys.stderr)
        return NOTHING
    print(f"Datos de demostración: {fmt_int(sum(counts.values()))} filas (semilla {args.semilla}).")
    for name, count in counts.items():
        print(f"  {name}: {fmt_int(count)}")
    return DONE
