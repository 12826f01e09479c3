"""One status per record, computed once per snapshot and day: where each request, campaign and message stands,
who acts next (role and, where known, person), its due date, and for messages the legal due date and the
queues it is in; plus the open tasks those records make (what Hoy and `pendientes` list).

Every view reads this: Hoy, `pendientes` (core/domain/pending.py), `colas` and the Colas page (`Status.queues`), the
Solicitudes list (`Status.requests`), Estrategias (the campaigns' records), Parrilla (`Status.open_requests`),
Indicadores (the Términos queue) and the monthly report (the queues). None of them computes a deadline or a queue: the
rules live in `core.domain.workflow` (stages), `core.domain.campaigns` (closure), `core.domain.pqrs` (queues and legal
terms) and `core.domain.monitoring` (the daily check), and are composed only here. `status(snapshot, day)` keeps
the result with the snapshot, so a rerun costs nothing.

A row typed without an ID is named `<Pestaña> fila <n>` (its sheet row): it is a notice, not an error, and its
deadlines are listed like any other's.

Who acts next, from the procedure: a request's stages are the journalist's (`Periodista`), except the copy review
of stage 3 and the approval of stage 6 (the leader) and Publicación (the community manager); material the area
still owes is the area's (Área solicitante). A campaign's closure and the day's monitoring check are the
community manager's. A message is answered and sent by the person it is assigned to (`Asignado a`); a special
case waits for the leader; filing (Por radicar), transfers and the final answer (Términos) are Atención a la
Ciudadanía's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from core.domain.business_days import BusinessDays
from core.domain.campaigns import campaign_ends, closure_due
from core.domain.monitoring import monitoring_days, unchecked_networks
from core.domain.pqrs import QUEUE_LABELS, QUEUES, QueueItem, listed_days, queues
from core.domain.workflow import FEEDBACK_DAYS, closed_rows, current_due, due_of, stage_number
from core.register import Snapshot
from core.settings import settings_of
from core.sheet.cells import is_empty, normalize
from core.sheet.contract import (
    ACCOUNTS_TAB,
    CAMPAIGNS_TAB,
    CLOSED,
    MESSAGES_TAB,
    MONITORING_TAB,
    PLANNED,
    REQUESTS_TAB,
    ROLES,
    SETTINGS_TAB,
    STAGES,
    USERS_TAB,
)
from core.sheet.rows import frame_records, row_name

LEADER, CM, JOURNALIST, ATC, REQUESTER = ROLES.values

# The order of tasks due the same day.
KINDS = ("solicitud", "cierre", "feedback", "monitoreo", "mensaje-responder", "mensaje-enviar", "traslado",
         "termino")
# The message queue each message kind comes from, what is to be done, and the role that does it when the
# message names nobody.
MESSAGE_KINDS = {
    "mensaje-responder": ("sin-responder", "responder en la red"),
    "mensaje-enviar": ("por-enviar", "enviar a Atención a la Ciudadanía"),
    "traslado": ("traslados", "trasladar a la entidad competente"),
    "termino": ("terminos", "vence el término legal de respuesta"),
}
ANSWERING = ("sin-responder", "por-enviar")  # the work of the person a message is assigned to
# Who acts next on a message in each queue.
QUEUE_ROLES = {"sin-responder": CM, "por-enviar": CM, "por-radicar": ATC, "traslados": ATC, "terminos": ATC,
               "casos-especiales": LEADER}
# How each kind is named to people (the "Hoy" page, reports).
KIND_LABELS = {
    "solicitud": "Etapa de solicitud", "cierre": "Cierre con evidencias", "feedback": "Feedback",
    "monitoreo": "Revisión de monitoreo", "mensaje-responder": "Mensaje por responder",
    "mensaje-enviar": "Mensaje por enviar a ATC",
    "traslado": "Traslado a otra entidad", "termino": "Término legal de PQRS",
}


# The tabs a status reads (with `Listas`): what `pendientes` and `colas` read of a large register
# (`Register.snapshot_of`); Usuarios for the roles of `--persona`.
STATUS_TABS = tuple(tab.name for tab in (REQUESTS_TAB, CAMPAIGNS_TAB, MESSAGES_TAB, MONITORING_TAB, ACCOUNTS_TAB,
                                         SETTINGS_TAB, USERS_TAB))


@dataclass(frozen=True)
class Pending:
    """One task not done: due on `due`, of `kind` (the Spanish word the CLI prints: «monitoreo», «cierre»…), on
    record `id` (or `<Pestaña> fila <n>`), what to do (`detail`, never a citizen's handle or text), the role that
    acts next and the person, where known, and the record's `tab`."""

    due: date
    kind: str
    id: str
    detail: str
    role: str = field(default="", compare=False)
    person: str | None = field(default=None, compare=False)
    tab: str = field(default="", compare=False)  # the tab of the record (Monitoreo for a daily check)

    def sort_key(self) -> tuple:
        return (self.due, KINDS.index(self.kind) if self.kind in KINDS else len(KINDS), self.kind, self.id)


@dataclass(frozen=True)
class RecordStatus:
    """Where one request, campaign or message stands on the day of its `Status`."""

    tab: str
    row: int
    name: str  # its ID, or `<Pestaña> fila <n>`
    where: str  # the stage, the campaign's state, or the message's queues
    role: str | None  # who acts next (None: nothing to do)
    person: str | None
    due: date | None
    legal_due: date | None = None
    queues: tuple[str, ...] = ()

    def overdue(self, day: date) -> bool:
        return self.due is not None and self.due < day

    @property
    def has_id(self) -> bool:
        return self.name != row_name(self.tab, self.row, None)


@dataclass(frozen=True)
class Status:
    """The register's status on `day`: per record (`records[tab][row]`), the open tasks whatever their date
    (`tasks`, sorted), and the six message queues."""

    day: date
    records: Mapping[str, Mapping[int, RecordStatus]]
    tasks: tuple[Pending, ...]
    queues: Mapping[str, list[QueueItem]]

    def due_by(self, day: date) -> list[Pending]:
        """The tasks due on or before `day` (the day's monitoring checks are only those of `self.day`)."""
        return [task for task in self.tasks if task.due <= day]

    def requests(self) -> Mapping[int, RecordStatus]:
        return self.records[REQUESTS_TAB.name]

    def open_requests(self) -> dict[str, int]:
        """ID -> sheet row of every request still worked on (neither closed nor cancelled: what a post, a
        campaign or an action can take) that has an ID."""
        return {record.name: row for row, record in self.requests().items() if record.role and record.has_id}

    def overdue_requests(self) -> list[RecordStatus]:
        """The requests past the due date of their stage (closure included), on `day`."""
        return [record for record in self.requests().values() if record.overdue(self.day)]

    def overdue_terms(self) -> list[QueueItem]:
        """The messages whose legal term ran out before `day` and still runs (no final answer, no transfer)."""
        return [item for item in self.queues["terminos"] if item.overdue(self.day)]

    def queue_counts(self) -> dict[str, int]:
        return {name: len(self.queues[name]) for name in QUEUES}


def status(snapshot: Snapshot, day: date) -> Status:
    """The snapshot's status on `day`, computed the first time it is asked and kept with the snapshot."""
    return snapshot.derived(("status", day), lambda: status_of(snapshot.tables, day))


def office_days(tables: Mapping[str, pd.DataFrame]) -> BusinessDays:
    """The days the procedure's limits count: business days with the office's closed days from `Listas`, or
    calendar days when the leader's setting says so (`Días de los plazos`)."""
    return BusinessDays(listed_days(tables, "Días no hábiles"), settings_of(tables).business_days)


def _text(value: object) -> str | None:
    return None if is_empty(value) else str(value).strip()


def request_role(request: Mapping) -> str:
    """Who acts next on a request in its current stage (see the module docstring)."""
    number = stage_number(request.get("Etapa"))
    if number in (3, 4) and is_empty(request.get("Material recibido")):
        return REQUESTER
    if number == 3 and request.get("Copy revisado") is not True:
        return LEADER
    if number == 6:
        return LEADER
    if number == 7:
        return CM
    return JOURNALIST


def status_of(tables: Mapping[str, pd.DataFrame], day: date) -> Status:
    """The register's status on `day` (pure: the tables and the date; `status(snapshot, day)` keeps it)."""
    days = office_days(tables)
    records: dict[str, dict[int, RecordStatus]] = {}
    tasks: list[Pending] = []
    records[REQUESTS_TAB.name] = _requests(tables, days, tasks)
    records[CAMPAIGNS_TAB.name] = _campaigns(tables, days, tasks)
    found = queues(tables, day) if MESSAGES_TAB.name in tables else {name: [] for name in QUEUES}
    records[MESSAGES_TAB.name] = _messages(tables, found, tasks)
    tasks.extend(_monitoring(tables, day))
    return Status(day, records, tuple(sorted(tasks, key=Pending.sort_key)), found)


# What a request's status reads (the rules of core.domain.workflow read no other cell).
REQUEST_CELLS = ("ID", "Título", "Periodista", "Etapa", "Modalidad", "Estrategia", "Fecha de solicitud",
                 "Inicio de etapa", "Fecha de publicación", "Material recibido", "Copy revisado",
                 "Evidencias enviadas", "Feedback entregado")


def _requests(tables: Mapping[str, pd.DataFrame], days: BusinessDays, tasks: list[Pending]) -> dict[int, RecordStatus]:
    frame = tables[REQUESTS_TAB.name]
    stage = frame["Etapa"].astype(object)
    done = closed_rows(frame)
    working = stage.isin(STAGES) & ~done
    found = {}
    for row, identifier, person, where, closed in zip(frame.index[~working], frame["ID"][~working],
                                                      frame["Periodista"][~working], stage[~working], done[~working]):
        found[int(row)] = RecordStatus(REQUESTS_TAB.name, int(row), row_name(REQUESTS_TAB.name, int(row), identifier),
                                       CLOSED if closed else _text(where) or STAGES[0], None, _text(person), None)
    ends = campaign_ends(tables[CAMPAIGNS_TAB.name])
    for row, request in frame_records(frame.loc[working, [name for name in REQUEST_CELLS if name in frame.columns]]):
        name = row_name(REQUESTS_TAB.name, row, request.get("ID"))
        number, stage_name = stage_number(request.get("Etapa")), request["Etapa"]
        person = _text(request.get("Periodista"))
        end = ends.get(str(request.get("Estrategia") or ""))
        title = f"{request.get('Título') or '(sin título)'}" + (f" ({person})" if person else "")
        role = request_role(request) if number < 8 else JOURNALIST
        due = current_due(request, days, end) if number < 8 else due_of(8, request, days, end)
        if due is not None:
            kind, todo = ("solicitud", stage_name) if number < 8 else ("cierre", "enviar las evidencias de publicación")
            tasks.append(Pending(due, kind, name, f"{title}: {todo}", role, person, REQUESTS_TAB.name))
        if number >= 7 and is_empty(request.get("Feedback entregado")):
            published = request.get("Fecha de publicación")
            if published is not None:
                tasks.append(Pending(days.add(published.date(), FEEDBACK_DAYS), "feedback", name,
                                     f"{title}: entregar el feedback al área", JOURNALIST, person, REQUESTS_TAB.name))
        found[row] = RecordStatus(REQUESTS_TAB.name, row, name, stage_name, role, person, due)
    return dict(sorted(found.items()))


CAMPAIGN_CELLS = ("ID", "Nombre", "Estado", "Fin")  # what a campaign's status reads


def _campaigns(tables: Mapping[str, pd.DataFrame], days: BusinessDays, tasks: list[Pending]) -> dict[int, RecordStatus]:
    found = {}
    campaigns = tables[CAMPAIGNS_TAB.name]
    for row, campaign in frame_records(campaigns[[name for name in CAMPAIGN_CELLS if name in campaigns.columns]]):
        name = row_name(CAMPAIGNS_TAB.name, row, campaign.get("ID"))
        state = _text(campaign.get("Estado")) or PLANNED
        if state == CLOSED:
            found[row] = RecordStatus(CAMPAIGNS_TAB.name, row, name, state, None, None, None)
            continue
        due = closure_due(campaign, days)
        if due is not None:
            tasks.append(Pending(due, "cierre", name,
                                 f"Campaña {campaign.get('Nombre') or name}: cerrar con evidencias y análisis", CM,
                                 tab=CAMPAIGNS_TAB.name))
        found[row] = RecordStatus(CAMPAIGNS_TAB.name, row, name, state, CM, None, due)
    return found


def _messages(tables: Mapping[str, pd.DataFrame], found: Mapping[str, list[QueueItem]],
              tasks: list[Pending]) -> dict[int, RecordStatus]:
    """One status per message in a queue (messages in none have nothing to do), and the tasks of four queues."""
    in_queues: dict[int, list[tuple[str, QueueItem]]] = {}
    for queue in QUEUES:
        for item in found[queue]:
            in_queues.setdefault(item.row, []).append((queue, item))
    assigned = (tables[MESSAGES_TAB.name]["Asignado a"].reindex(list(in_queues)).dropna().to_dict()
                if MESSAGES_TAB.name in tables else {})  # only the messages with something to do
    kinds = {queue: (kind, todo) for kind, (queue, todo) in MESSAGE_KINDS.items()}
    records = {}
    for row, entries in in_queues.items():
        person = _text(assigned.get(row))
        names = tuple(queue for queue, _ in entries)
        waiting = "casos-especiales" in names  # the leader decides before anyone answers or sends it
        for queue, entry in entries:
            if queue in kinds and entry.due is not None:
                kind, todo = kinds[queue]
                role = LEADER if waiting and queue in ANSWERING else QUEUE_ROLES[queue]
                tasks.append(Pending(entry.due, kind, entry.id, f"Mensaje de {entry.detail}: {todo}", role, person,
                                     MESSAGES_TAB.name))
        item = entries[0][1]
        dues = [entry.due for _, entry in entries if entry.due is not None]
        role = LEADER if waiting else QUEUE_ROLES[names[0]]
        records[row] = RecordStatus(MESSAGES_TAB.name, row, item.id, ", ".join(QUEUE_LABELS[q] for q in names), role,
                                    person, min(dues, default=None), item.legal_due, names)
    return records


def _monitoring(tables: Mapping[str, pd.DataFrame], day: date) -> list[Pending]:
    """The check of `day` of each active network nobody has recorded in Monitoreo, on the monitoring calendar
    of the leader's setting (every day, or business days); none on a day off that calendar. Only `day`'s:
    earlier missed checks are the Monitoreo page's."""
    calendar = monitoring_days(settings_of(tables).monitoring_business_days)
    todo = "y registrar la revisión del día en Monitoreo (mensajes nuevos, pendientes y si se publicó)"
    return [Pending(day, "monitoreo", network, f"Revisar {network} {todo}", CM, tab=MONITORING_TAB.name)
            for network in unchecked_networks(tables, day, calendar)]


# --- each person's own work ---------------------------------------------------------------------------------

ROLE_TASKS = (LEADER, CM, ATC)  # roles whose tasks are the role's; a journalist's are theirs by name
ASSIGNED_KINDS = tuple(kind for kind, (queue, _) in MESSAGE_KINDS.items() if queue in ANSWERING)


def same_person(a: object, b: object) -> bool:
    """Two names of one person, compared as people type them (case, accents and spaces do not count)."""
    return not is_empty(a) and not is_empty(b) and normalize(a) == normalize(b)


def tasks_of(tasks: Iterable[Pending], person: str, roles: Iterable[str] = ()) -> list[Pending]:
    """A person's own tasks: every task of the requests where they are the journalist and of the messages
    assigned to them, whoever acts next; plus the tasks the procedure gives their roles (leader: copy
    reviews, approvals, special cases; community manager: publishing, campaign closures, the day's monitoring
    checks and the messages nobody is assigned; Atención a la Ciudadanía: transfers and legal terms)."""
    mine = {role for role in roles if role in ROLE_TASKS}

    def of_role(task: Pending) -> bool:  # answering a message is its assignee's; the role's when nobody has it
        return task.role in mine and not (task.role == CM and task.kind in ASSIGNED_KINDS and task.person)

    return [task for task in tasks if same_person(task.person, person) or of_role(task)]
