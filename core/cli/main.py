"""The parser of `python -m core` and its entry point: the commands, in the order the help lists them, each
adding itself; the store is opened once, after the arguments are read, and its failures end as exit 2."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Sequence

from core.cli import (
    best_hour,
    demo,
    export_register,
    grid,
    import_register,
    metrics_import,
    pending,
    prepare_sheet,
    queues,
    reports,
    verify,
)
from core.cli.kit import NOTHING, SpanishParser
from core.register import open_register
from core.store import StoreError, store_url

COMMANDS = (demo, verify, import_register, export_register, pending, prepare_sheet, best_hour, grid, metrics_import,
            queues, reports)


def build_parser() -> SpanishParser:
    parser = SpanishParser(
        prog="python -m core",
        description="Divulga: el registro de solicitudes, publicaciones y PQRS de redes sociales del DADEP.\n"
        f"Registro en uso: DIVULGA_STORE={store_url()}",
        epilog="Códigos de salida: 0 hecho; 1 hecho, pero con filas con errores u omitidas; 2 no se hizo nada "
        "(registro inalcanzable, archivo ilegible o argumentos inválidos).",
    )
    parser.add_argument("--usuario", metavar="NOMBRE", default=None,
                        help="quién actúa, para el Historial (por defecto, el usuario del sistema)")
    commands = parser.add_subparsers(title="comandos", dest="comando", metavar="COMANDO", parser_class=SpanishParser)
    commands.required = True
    for command in COMMANDS:
        command.add_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    actor = args.usuario or getpass.getuser() or "sistema"
    try:
        register = open_register()
        return args.run(args, register, actor)
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return NOTHING
