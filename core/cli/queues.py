"""`python -m core colas`: the citizens' messages in each work queue (core/domain/pqrs.py), with counts and IDs; the
text says each item's due date in its queue and, outside Términos, also its legal due date.

Only IDs, dates, networks and tipologías are printed: never a citizen's handle or text, so the output can go
to anyone who follows the queues.
"""

from __future__ import annotations

import argparse
import sys

from core.cli.kit import DONE, iso_day
from core.domain.pqrs import QUEUE_LABELS, QUEUES
from core.domain.status import STATUS_TABS, status
from core.files.spreadsheet_safety import SafeCsvWriter
from core.fmt import fmt_count, fmt_date
from core.register import Register
from core.sheet.contract import today_in_bogota


def run(args: argparse.Namespace, register: Register, actor: str) -> int:
    day = args.fecha or today_in_bogota()
    found = status(register.snapshot_of(STATUS_TABS), day).queues
    if args.formato == "csv":
        out = SafeCsvWriter(sys.stdout, lineterminator="\n")
        out.writerow(["cola", "id"])
        out.writerows([name, item.id] for name in QUEUES for item in found[name])
        return DONE
    print(f"Colas de mensajes al {fmt_date(day)}.")
    for name in QUEUES:
        items = found[name]
        late = sum(item.overdue(day) for item in items)
        overdue = f", {fmt_count(late, 'vencido', 'vencidos')}" if late else ""
        print(f"\n{QUEUE_LABELS[name]}: {fmt_count(len(items), 'mensaje', 'mensajes')}{overdue}")
        for item in items:
            due = ""
            if item.due is not None:
                due = f"vence {fmt_date(item.due)}{' (vencido)' if item.overdue(day) else ''}"
            legal = ""
            if name != "terminos" and item.legal_due is not None:
                legal = f" · término legal: {fmt_date(item.legal_due)}{' (vencido)' if item.legal_due < day else ''}"
            print(f"  {item.id:<20} {due:<30} {item.detail}{legal}")
    return DONE


def add_command(commands: argparse._SubParsersAction) -> None:
    """Register `colas` on the CLI's subcommands."""
    colas = commands.add_parser(
        "colas", help="los mensajes de cada cola de trabajo (PQRS), con su cantidad y sus ID",
        description="Lista los mensajes de cada cola en la fecha dada: Sin responder (PQRS o mensajes sin "
        "clasificar que no se han respondido en la red), Por enviar a ATC (vence el día hábil siguiente al de "
        "recibo), Por radicar (enviados y sin radicar), Traslados (de otra entidad y sin trasladar: 5 días "
        "hábiles), Términos (todo mensaje cuyo término corre: sin respuesta definitiva ni traslado, se haya "
        "enviado o radicado o no; el término de la Ley 1755 según la tipología, desde el día siguiente al "
        "recibo) y Casos especiales (sin decisión del líder). Fuera de Términos, cada mensaje muestra también "
        "su término legal. Los términos legales cuentan días hábiles sin los festivos de Colombia ni la "
        "suspensión de términos de Listas; los plazos internos, sin los días no hábiles de Listas. Solo muestra "
        "ID, fechas, red y tipología, nunca datos personales.")
    colas.add_argument("--fecha", type=iso_day, metavar="AAAA-MM-DD", help="el día (por defecto, hoy en Bogotá)")
    colas.add_argument("--formato", choices=("texto", "csv"), default="texto",
                       help="texto (por defecto) o csv con las columnas cola,id (una fila por mensaje y cola; "
                       "cola es sin-responder, por-enviar, por-radicar, traslados, terminos o casos-especiales)")
    colas.set_defaults(run=run)
