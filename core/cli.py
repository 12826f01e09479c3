"""The command line: `python -m core [--usuario NOMBRE] COMANDO …`, in Spanish.

It acts with every role, as the named person (the system user by default), through the same register
and write path as the app. Exit codes, for every command: 0 done; 1 done, but some rows were bad or
skipped; 2 nothing done (store unreachable, file unreadable, bad arguments).
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date

from core.demo import DEFAULT_ROWS, MIN_ROWS, write_demo
from core.files.limits import limits_text
from core.fmt import fmt_count, fmt_int
from core.register import Register, open_register
from core.sheet.contract import DATA_TABS, HISTORIAL, TABS, today_in_bogota
from core.store import IdClash, StoreError, store_url

DONE, PARTLY, NOTHING = 0, 1, 2

_ARGPARSE_ES = [
    (r"the following arguments are required: (.*)", r"faltan argumentos obligatorios: \1"),
    (r"unrecognized arguments: (.*)", r"argumentos no reconocidos: \1"),
    (r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)", r"argumento \1: \2 no es válido (elija entre \3)"),
    (r"argument (.*?): invalid .* value: (.*)", r"argumento \1: valor no válido: \2"),
    (r"argument (.*?): expected one argument", r"argumento \1: falta su valor"),
    (r"argument (.*?): not allowed with argument (.*)", r"argumento \1: no se puede usar con \2"),
    (r"^argument (.*?): (.*)", r"argumento \1: \2"),
]


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix="uso: " if prefix is None else prefix)


class SpanishParser(argparse.ArgumentParser):
    """argparse with Spanish usage, help and error messages; errors exit with 2 (nothing done)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumentos"
        self._optionals.title = "opciones"
        self.add_argument("-h", "--help", action="help", help="muestra esta ayuda y termina")

    def error(self, message: str) -> None:
        for pattern, spanish in _ARGPARSE_ES:
            message = re.sub(pattern, spanish, message)
        self.print_usage(sys.stderr)
        self.exit(NOTHING, f"{self.prog}: error: {message}\n")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» no es una fecha AAAA-MM-DD") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"«{text}» no es un número entero mayor que 0")
    return int(text)


# --- commands ---------------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace, register: Register, actor: str) -> int:
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


def without_id_lines(notices) -> list[str]:
    """Rows typed without an ID, one line per tab: notices, never printed as `<Pestaña> fila <n>` lines."""
    rows: dict[str, list[int]] = {}
    for notice in notices:
        if notice.missing_id:
            rows.setdefault(notice.tab, []).append(notice.row)
    return [f"aviso: {fmt_count(len(numbers), 'fila', 'filas')} de {tab} sin ID (hoja: "
            f"{', '.join(map(str, numbers[:20]))}{' …' if len(numbers) > 20 else ''}); deles un ID en Calidad de "
            "datos («Dar ID») para poder editarlas desde Divulga" for tab, numbers in rows.items()]


def cmd_verificar(args: argparse.Namespace, register: Register, actor: str) -> int:
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


def cmd_importar(args: argparse.Namespace, register: Register, actor: str) -> int:
    from core.register.importer import import_tabs
    from core.reports.register_xlsx import WorkbookError, read_workbook

    try:  # Historial is never imported (the importer says so): its sheet, however long, is not read
        tabs, others = read_workbook(args.archivo, not_read=(HISTORIAL.name,))
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


def cmd_exportar(args: argparse.Namespace, register: Register, actor: str) -> int:
    from core.reports.register_xlsx import write_workbook

    try:
        notices = write_workbook(register.store.read(TABS), args.archivo)
    except OSError as error:
        print(f"error: no se pudo escribir {args.archivo}: {error}", file=sys.stderr)
        return NOTHING
    for notice in notices:
        print(notice)
    print(f"Registro exportado a {args.archivo} ({len(TABS)} pestañas, {HISTORIAL.name} incluido).")
    return PARTLY if notices else DONE


def cmd_pendientes(args: argparse.Namespace, register: Register, actor: str) -> int:
    from core.domain.pending import pending
    from core.domain.status import STATUS_TABS
    from core.domain.team import on_team, roles_of
    from core.files.spreadsheet_safety import SafeCsvWriter

    day = args.fecha or today_in_bogota()
    tables = register.snapshot_of(STATUS_TABS).tables
    person = (args.persona or "").strip() or None
    if person and not on_team(tables, person):
        print(f"aviso: «{person}» no está en Usuarios ni en Listas → Periodista del área; se listan las "
              "solicitudes de las que es periodista y los mensajes asignados a ese nombre.", file=sys.stderr)
    items = pending(tables, day, person=person, roles=roles_of(tables, person) if person else ())
    if args.formato == "csv":
        out = SafeCsvWriter(sys.stdout, lineterminator="\n")  # a title typed by anyone: never a formula
        out.writerow(["tipo", "id", "detalle", "vence"])
        out.writerows([item.tipo, item.id, item.detalle, item.vence.isoformat()] for item in items)
        return DONE
    whose = f" de {person}" if person else ""
    if not items:
        print(f"Nada pendiente{whose} al {day:%d/%m/%Y}.")
        return DONE
    print(f"Pendiente{whose} al {day:%d/%m/%Y}: {fmt_count(len(items), 'asunto', 'asuntos')}.")
    for item in items:
        late = " (vencido)" if item.vence < day else ""
        print(f"{item.vence:%d/%m/%Y}{late}  {item.tipo:<17} {item.id}  {item.detalle}")
    return DONE


def cmd_preparar_hoja(args: argparse.Namespace, register: Register, actor: str) -> int:
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


# --- the parser -------------------------------------------------------------------------------------

Command = Callable[[argparse.Namespace, Register, str], int]


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

    demo = commands.add_parser("demo", help="llena el registro con datos de demostración realistas",
                               description="Llena el registro con datos de demostración: todas las pestañas, "
                               "dos años de publicaciones y mensajes.")
    demo.add_argument("--filas", type=_positive, default=DEFAULT_ROWS, metavar="N",
                      help=f"filas en total, sin contar el Historial (por defecto {DEFAULT_ROWS}; mínimo {MIN_ROWS})")
    demo.add_argument("--semilla", type=int, default=1, metavar="S", help="semilla: la misma da los mismos datos")
    demo.add_argument("--forzar", action="store_true", help="escribe aunque el registro ya tenga datos")
    demo.add_argument("--si-vacio", action="store_true",
                      help="si el registro ya tiene datos, no hace nada y termina bien (lo usa make demo)")
    demo.add_argument("--hoy", type=_day, metavar="AAAA-MM-DD", help="fecha de referencia (por defecto, hoy en Bogotá)")
    demo.set_defaults(run=cmd_demo)

    verificar = commands.add_parser("verificar", help="valida todas las pestañas y lista las filas con errores",
                                    description="Valida todas las pestañas: una línea por celda con error "
                                    "(<Pestaña> fila <n>: <Columna>: <motivo>), los avisos y un resumen. Sale con "
                                    "0 si no hay filas con errores y con 1 si las hay.")
    verificar.set_defaults(run=cmd_verificar)

    importar = commands.add_parser("importar", help="carga un libro .xlsx con el formato del registro",
                                   description="Carga un libro de Excel con pestañas del registro (cualquier "
                                   "subconjunto, salvo Historial). Las filas con errores se informan y se omiten; "
                                   "las demás se guardan: por ID si lo tienen, si no por su clave natural. "
                                   "Importar dos veces el mismo archivo no agrega nada. Límites del archivo: "
                                   f"{limits_text()}.")
    importar.add_argument("archivo", metavar="ARCHIVO.xlsx", help="el libro a importar")
    importar.set_defaults(run=cmd_importar)

    exportar = commands.add_parser("exportar", help="guarda todo el registro en un libro .xlsx",
                                   description="Guarda todo el registro en un libro de Excel, una hoja por "
                                   "pestaña; los textos quedan como texto, tal como se escribieron.")
    exportar.add_argument("archivo", metavar="ARCHIVO.xlsx", help="el libro a crear")
    exportar.set_defaults(run=cmd_exportar)

    pendientes = commands.add_parser(
        "pendientes", help="lo que vence hasta una fecha y no está hecho (el resumen del día)",
        description="Lista lo que vence en la fecha dada o antes y no está hecho: etapas de solicitudes "
        "(solicitud; la Publicación vence en su fecha de publicación, o al final de la campaña), cierres con "
        "evidencias (cierre), feedback después de publicar (feedback), la revisión del día de cada red activa "
        "que nadie ha registrado en Monitoreo (monitoreo; el ID es la red), mensajes por responder en la red "
        "(mensaje-responder) o por enviar a Atención a la Ciudadanía (mensaje-enviar), traslados a la entidad "
        "competente (traslado) y términos legales de PQRS (termino: corren desde el recibo, se haya enviado o "
        "radicado el mensaje o no), ordenado por fecha de vencimiento y luego por tipo. Los plazos cuentan "
        "días hábiles (festivos de Colombia y días no hábiles de Listas); los términos legales y los traslados "
        "cuentan días hábiles sin los festivos ni la suspensión de términos de Listas. Los mensajes se "
        "muestran por red, tipología y fecha de recibo, sin datos personales. Una fila sin ID se nombra "
        "«<Pestaña> fila <n>». Con --persona, solo lo de esa persona: las solicitudes de las que es periodista y "
        "los mensajes asignados a ella, más lo que su rol en Usuarios le da (Líder: revisión de copy, "
        "aprobaciones y casos especiales; Community manager: publicar, cierres de campaña, monitoreo y los "
        "mensajes sin asignar; Atención a la Ciudadanía: traslados y términos legales).")
    pendientes.add_argument("--persona", metavar="NOMBRE",
                            help="solo lo de esta persona (su nombre como en Usuarios o en Solicitudes, o su correo)")
    pendientes.add_argument("--fecha", type=_day, metavar="AAAA-MM-DD", help="el día (por defecto, hoy en Bogotá)")
    pendientes.add_argument("--formato", choices=("texto", "csv"), default="texto",
                            help="texto (por defecto) o csv con las columnas tipo,id,detalle,vence")
    pendientes.set_defaults(run=cmd_pendientes)

    preparar = commands.add_parser("preparar-hoja", help="prepara la hoja de Google para quienes la editan a mano",
                                   description="Pone la hoja de Google en es_CO y America/Bogota, agrega listas "
                                   "desplegables, formatos y validación de fechas, protege con advertencia las "
                                   "columnas que escribe Divulga y protege el Historial. Solo agrega formatos y "
                                   "reglas: nunca cambia un valor, y se puede repetir.")
    preparar.set_defaults(run=cmd_preparar_hoja)
    from core import cli_best_hour  # noqa: I001
    cli_best_hour.add_command(commands)
    from core import cli_grid  # noqa: I001
    cli_grid.add_command(commands)
    from core import cli_metrics_import; cli_metrics_import.add_command(commands)  # noqa: I001, E702
    from core import cli_colas; cli_colas.add_command(commands)  # noqa: I001, E702
    from core import cli_reports; cli_reports.add_command(commands)  # noqa: I001, E702
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
