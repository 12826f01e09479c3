"""`python -m core pendientes`: what falls due by a day and is not done (the day's summary), for the whole
team or one person, as text or CSV; the rules are the domain's (core/domain/pending.py)."""

from __future__ import annotations

import argparse
import sys

from core.cli.kit import DONE, iso_day
from core.fmt import fmt_count
from core.register import Register
from core.sheet.contract import today_in_bogota


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `pendientes` on the CLI's subcommands."""
    pending = commands.add_parser(
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
    pending.add_argument("--persona", metavar="NOMBRE",
                         help="solo lo de esta persona (su nombre como en Usuarios o en Solicitudes, o su correo)")
    pending.add_argument("--fecha", type=iso_day, metavar="AAAA-MM-DD", help="el día (por defecto, hoy en Bogotá)")
    pending.add_argument("--formato", choices=("texto", "csv"), default="texto",
                         help="texto (por defecto) o csv con las columnas tipo,id,detalle,vence")
    pending.set_defaults(run=run)


def run(args: argparse.Namespace, register: Register, actor: str) -> int:
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
        out.writerows([item.kind, item.id, item.detail, item.due.isoformat()] for item in items)
        return DONE
    whose = f" de {person}" if person else ""
    if not items:
        print(f"Nada pendiente{whose} al {day:%d/%m/%Y}.")
        return DONE
    print(f"Pendiente{whose} al {day:%d/%m/%Y}: {fmt_count(len(items), 'asunto', 'asuntos')}.")
    for item in items:
        late = " (vencido)" if item.due < day else ""
        print(f"{item.due:%d/%m/%Y}{late}  {item.kind:<17} {item.id}  {item.detail}")
    return DONE
