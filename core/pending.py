"""What is due: the daily digest (`python -m core pendientes`) and the "Hoy" page read it from here.

Each item is something not done whose date is on or before the day asked: a request's current stage
(`solicitud`, due as `core.workflow.current_due` says: Publicación on its publication date), a closure with
its evidence (`cierre`: a request in stage 8, or a campaign after its end), the feedback after publishing
(`feedback`), the day's check of an active network nobody has recorded in Monitoreo (`monitoreo`, its ID
the network's name, due that day: `core.monitoring.unchecked_networks`; only the day asked, earlier missed
checks are the Monitoreo page's), and from the citizens' messages (`core/pqrs.py`, which defines the queues
and their calendars): a message to answer in the network (`mensaje-responder`) or to send to Atención a la
Ciudadanía (`mensaje-enviar`), a petition to transfer to the competent entity (`traslado`) and a legal term
running (`termino`: every message whose term runs, filed or not). Message items name the network,
tipología and date of receipt, never the citizen's handle or text. Pure functions of the snapshot's tables
and a date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from core.business_days import BusinessDays
from core.campaigns import CLOSED, campaign_ends, closure_due
from core.cells import is_empty
from core.layout import ESTRATEGIAS, MENSAJES, SOLICITUDES
from core.monitoring import monitoring_days, unchecked_networks
from core.pqrs import QUEUE_LABELS, listed_days, queue_counts, queues
from core.register import frame_records
from core.settings import settings_of
from core.workflow import (
    FEEDBACK_DAYS,
    current_due,
    due_of,
    is_closed,
    stage_number,
)

# The order of items due the same day.
KINDS = ("solicitud", "cierre", "feedback", "monitoreo", "mensaje-responder", "mensaje-enviar", "traslado",
         "termino")
# The message queue each message kind comes from, and what is to be done.
MESSAGE_KINDS = {
    "mensaje-responder": ("sin-responder", "responder en la red"),
    "mensaje-enviar": ("por-enviar", "enviar a Atención a la Ciudadanía"),
    "traslado": ("traslados", "trasladar a la entidad competente"),
    "termino": ("terminos", "vence el término legal de respuesta"),
}
# How each kind is named to people (the "Hoy" page, reports).
KIND_LABELS = {
    "solicitud": "Etapa de solicitud", "cierre": "Cierre con evidencias", "feedback": "Feedback",
    "monitoreo": "Revisión de monitoreo", "mensaje-responder": "Mensaje por responder",
    "mensaje-enviar": "Mensaje por enviar a ATC",
    "traslado": "Traslado a otra entidad", "termino": "Término legal de PQRS",
}
__all__ = ["KINDS", "KIND_LABELS", "MESSAGE_KINDS", "Pending", "QUEUE_LABELS", "Today", "message_items",
           "monitoring_items", "office_days", "pending", "queue_counts", "today_view"]


@dataclass(frozen=True)
class Pending:
    vence: date
    tipo: str
    id: str
    detalle: str

    def sort_key(self) -> tuple:
        return (self.vence, KINDS.index(self.tipo) if self.tipo in KINDS else len(KINDS), self.tipo, self.id)


def office_days(tables: dict[str, pd.DataFrame]) -> BusinessDays:
    """The days the procedure's limits count: business days with the office's closed days from `Listas`, or
    calendar days when the leader's setting says so (`Días de los plazos`)."""
    return BusinessDays(listed_days(tables, "Días no hábiles"), settings_of(tables).business_days)


def _who(request: dict) -> str:
    return f" ({request['Periodista']})" if not is_empty(request.get("Periodista")) else ""


def pending(tables: dict[str, pd.DataFrame], day: date, days: BusinessDays) -> list[Pending]:
    """Everything due on or before `day` that is not done, by date then kind."""
    return sorted(_due_by(tables, day, days) + monitoring_items(tables, day), key=Pending.sort_key)


def _due_by(tables: dict[str, pd.DataFrame], day: date, days: BusinessDays) -> list[Pending]:
    """The requests', campaigns' and messages' items due on or before `day`."""
    ends = campaign_ends(tables[ESTRATEGIAS.name])
    items = []
    for _, request in frame_records(tables[SOLICITUDES.name]):
        number = stage_number(request.get("Etapa"))
        if number is None or is_empty(request.get("ID")):
            continue
        end = ends.get(str(request.get("Estrategia") or ""))
        title = f"{request['Título']}{_who(request)}"
        if number < 8:
            due = current_due(request, days, end)
            if due is not None and due <= day:
                items.append(Pending(due, "solicitud", request["ID"], f"{title}: {request['Etapa']}"))
        if number == 8 and not is_closed(request):
            due = due_of(8, request, days, end)
            if due is not None and due <= day:
                items.append(Pending(due, "cierre", request["ID"], f"{title}: enviar las evidencias de publicación"))
        if number >= 7 and not is_closed(request) and is_empty(request.get("Feedback entregado")):
            published = request.get("Fecha de publicación")
            due = days.add(published.date(), FEEDBACK_DAYS) if published is not None else None
            if due is not None and due <= day:
                items.append(Pending(due, "feedback", request["ID"], f"{title}: entregar el feedback al área"))
    for _, campaign in frame_records(tables[ESTRATEGIAS.name]):
        due = closure_due(campaign, days)
        if campaign.get("Estado") == CLOSED or is_empty(campaign.get("ID")) or due is None or due > day:
            continue
        items.append(Pending(due, "cierre", campaign["ID"],
                             f"Campaña {campaign['Nombre']}: cerrar con evidencias y análisis"))
    return items + message_items(tables, day)


def monitoring_items(tables: dict[str, pd.DataFrame], day: date) -> list[Pending]:
    """The check of `day` of each active network that nobody has recorded in Monitoreo, on the monitoring
    calendar of the leader's setting (every day, or business days); none on a day off that calendar."""
    calendar = monitoring_days(settings_of(tables).monitoring_business_days)
    todo = "y registrar la revisión del día en Monitoreo (mensajes nuevos, pendientes y si se publicó)"
    return [Pending(day, "monitoreo", network, f"Revisar {network} {todo}")
            for network in unchecked_networks(tables, day, calendar)]


def message_items(tables: dict[str, pd.DataFrame], day: date) -> list[Pending]:
    """The messages' part of the digest: the items of four queues due on or before `day`, on the queues'
    own calendars (legal terms on business days minus suspensions; the rest minus the office's closed days),
    not on the leader's «Días de los plazos» setting."""
    if MENSAJES.name not in tables:
        return []
    found = queues(tables, day)
    items = []
    for kind, (queue, todo) in MESSAGE_KINDS.items():
        for item in found[queue]:
            if item.due is not None and item.due <= day:
                items.append(Pending(item.due, kind, item.id, f"Mensaje de {item.detail}: {todo}"))
    return items


@dataclass(frozen=True)
class Today:
    """The "Hoy" page: what is due by tomorrow, with today's missing monitoring checks (for one journalist,
    or the whole team), the posts scheduled today, and for the leader the overdue requests per stage and per
    journalist."""

    due: list[Pending]
    posts: pd.DataFrame
    late_per_stage: pd.DataFrame
    late_per_journalist: pd.DataFrame


def today_view(tables: dict[str, pd.DataFrame], day: date, days: BusinessDays, journalist: str | None = None) -> Today:
    # By the next working day (today's overdue are in it), and today's monitoring checks, not tomorrow's.
    everything = sorted(_due_by(tables, days.add(day, 1), days) + monitoring_items(tables, day), key=Pending.sort_key)
    requests = {str(r["ID"]): r for _, r in frame_records(tables[SOLICITUDES.name]) if not is_empty(r.get("ID"))}
    items = everything
    if journalist:
        items = [item for item in items if str(requests.get(item.id, {}).get("Periodista") or "") == journalist]
    posts = tables["Publicaciones"]
    scheduled = posts["Programada"].dt.tz_convert("America/Bogota").dt.date == day if len(posts) else []
    shown = posts[scheduled][["ID", "Red", "Programada", "Estado", "Copy"]] if len(posts) else posts
    late = [item for item in everything
            if item.tipo in ("solicitud", "cierre") and item.id in requests and item.vence < day]
    per_stage = pd.Series([requests[item.id]["Etapa"] for item in late], dtype=object).value_counts()
    per_journalist = pd.Series([requests[item.id].get("Periodista") or "(sin periodista)" for item in late],
                               dtype=object).value_counts()
    return Today(items, shown.sort_values("Programada") if len(shown) else shown,
                 per_stage.rename_axis("Etapa").reset_index(name="Vencidas"),
                 per_journalist.rename_axis("Periodista").reset_index(name="Vencidas"))
