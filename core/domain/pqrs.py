"""Citizens' messages as PQRS: legal terms, the hand-off to Atención a la Ciudadanía (ATC), the six work
queues, likely duplicates and who may see citizens' data. Pure functions of the snapshot's tables and a date.

The readings of docs/domain.md («Citizens' messages») made here, each the office's default:

- **Which messages count.** A message classified "No es PQRS" is out of every queue. A message not yet
  classified is *not known not to be* a petition (a petition sent to a two-way social account is valid,
  T-230/2020), so it stays in "Sin responder" and "Por enviar a ATC" until someone answers, sends or
  classifies it: none is lost. Felicitación is a tipología of Bogotá te escucha: it is answered and sent to
  ATC like the others (ATC counts it), but it has no legal term.
- **Sin responder**: `Respondido` is not yes and the message is a PQRS or not yet classified (any
  interaction type, Reseña included: only reading it tells). Due the next business day after receipt.
- **Por enviar a ATC**: a PQRS or an unclassified message, with neither `Enviado a ATC` nor a filing at
  ATC (`Radicado` yes or a `Número de radicado`: it got there), unless the leader decided not to file it
  (`Decisión del líder` starting «No radicar» / «No enviar»). A special case waiting for the leader stays in
  it: the clock runs meanwhile. Due the next business day after the calendar day of receipt in Bogotá
  (no after-hours cut-off).
- **Por radicar**: `Enviado a ATC` filled, `Radicado` not yes and no `Número de radicado`. No deadline of
  its own (filing is Atención a la Ciudadanía's step, the procedure sets it no limit): its items show the
  legal due date.
- **Traslados**: `Competencia` = Otra entidad, `Trasladado a` empty, no `Respuesta definitiva`, not "No
  es PQRS". Due 5 business days after receipt (Ley 1755, art. 21).
- **Términos**: every message whose legal term runs: no `Respuesta definitiva`, not transferred (after
  art. 21's transfer the term runs at the competent entity) and a tipología with a term: 15, 10 or 30
  business days after receipt (`TERM_DAYS`), whether or not it was sent to ATC or filed (the term runs from
  receipt in the network). Felicitación and No es PQRS have none; a message still unclassified gets the
  general 15 days of art. 14. The leader's «No radicar» does not stop a term: what is not a petition is
  classified No es PQRS, and an answered one gets its `Respuesta definitiva`.
- **Casos especiales**: `Caso especial` yes and `Decisión del líder` empty; due with the hand-off, which
  waits for the decision.
- Only messages received on or before the day asked are in a queue (the register as it stood that day).
- Every item carries its queue's due date and the message's legal due date (`QueueItem.legal_due`), so "Por
  enviar a ATC" and "Por radicar" show both.

Calendars: the legal terms (Términos, Traslados) count business days (Monday to Friday, Colombia's
holidays) minus `Listas` → Suspensión de términos, never the leader's «Días de los plazos» setting nor the
office's closed days. The internal limits (answer and hand-off, the leader's decision) count business days
minus `Listas` → Días no hábiles; the hand-off is not one of the procedure's stages, so the «Días de los
plazos» setting does not change it either. One implementation of counting: `core.domain.business_days`
(`BusinessDays.add_many` for the queues' many dates).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

import pandas as pd

from core.domain.business_days import BusinessDays
from core.fmt import fmt_date
from core.sheet.cells import BOGOTA, CellError, is_empty, normalize
from core.sheet.contract import (
    CONGRATULATION,
    LISTS_TAB,
    MESSAGES_TAB,
    NETWORK_CHOICES,
    NOT_PQRS,
    OTHER_ENTITY,
    TYPOLOGY_CHOICES,
)
from core.sheet.rows import row_name

# --- legal terms ------------------------------------------------------------------------------------------

GENERAL_TERM_DAYS = 15  # Ley 1755 art. 14: any petition, unless the law sets another term
HANDOFF_DAYS = 1  # answered and sent to ATC by the next business day after receipt (office default)
TRANSFER_DAYS = 5  # art. 21: a petition for another entity is transferred within 5 business days
RUNNING_OUT_DAYS = 3  # a term due within this many business days is "por vencer"

# Business days of each tipología's term (Ley 1755 de 2015), counted from the day after receipt in the network.
TERM_DAYS: Mapping[str, int | None] = {
    "Derecho de petición de interés general": 15,
    "Derecho de petición de interés particular": 15,
    "Queja": 15,
    "Reclamo": 15,
    "Sugerencia": 15,
    "Denuncia por posibles actos de corrupción": 15,
    "Solicitud de acceso a la información": 10,
    "Solicitud de copia": 10,
    "Consulta": 30,
    CONGRATULATION: None,
    NOT_PQRS: None,
}
assert set(TERM_DAYS) == set(TYPOLOGY_CHOICES.values), "every tipología of the contract needs its term"


def legal_term_days(typology: str | None) -> int | None:
    """Business days of the legal term of a tipología (aliases accepted); None for Felicitación and No es PQRS.
    A message not yet classified gets the general term (15): the law's default for any petition."""
    if is_empty(typology):
        return GENERAL_TERM_DAYS
    return TERM_DAYS[TYPOLOGY_CHOICES.read(str(typology))]


# --- calendars --------------------------------------------------------------------------------------------


def listed_days(tables: Mapping[str, pd.DataFrame], column: str) -> list[date]:
    """The dates of one `Listas` column (Días no hábiles, Suspensión de términos)."""
    lists = tables.get(LISTS_TAB.name)
    if lists is None or column not in lists.columns:
        return []
    return [value.date() if hasattr(value, "date") else value for value in lists[column].dropna()]


def legal_days(tables: Mapping[str, pd.DataFrame]) -> BusinessDays:
    """The calendar of the legal terms: business days minus the declared suspensions of terms. Always
    business days (the leader's «Días de los plazos» setting is for the procedure's stages only)."""
    return BusinessDays(listed_days(tables, "Suspensión de términos"))


def handoff_days(tables: Mapping[str, pd.DataFrame]) -> BusinessDays:
    """The calendar of the internal limits on messages (answer, hand-off to ATC, the leader's decision):
    business days minus the office's closed days."""
    return BusinessDays(listed_days(tables, "Días no hábiles"))


# --- one message ------------------------------------------------------------------------------------------

_RECEIVED = MESSAGES_TAB.column("Recibido")


def received_day(message: Mapping[str, Any]) -> date | None:
    """The calendar day of receipt in Bogotá (no after-hours cut-off); None when `Recibido` is empty."""
    value = message.get("Recibido")
    if is_empty(value):
        return None
    if isinstance(value, str):
        value = _RECEIVED.parse(value)
    if isinstance(value, datetime):
        return value.astimezone(BOGOTA).date() if value.tzinfo else value.date()
    return value


def handoff_due(message: Mapping[str, Any], calendar: BusinessDays) -> date | None:
    """When the message must be answered in the network and sent to ATC: the next business day after the
    day of receipt (received on Saturday: Monday; on the eve of a holiday: the day after it)."""
    received = received_day(message)
    return None if received is None else calendar.add(received, HANDOFF_DAYS)


def transfer_due(message: Mapping[str, Any], calendar: BusinessDays) -> date | None:
    """When a petition for another entity must have been transferred (5 business days, art. 21)."""
    received = received_day(message)
    return None if received is None else calendar.add(received, TRANSFER_DAYS)


def term_due(message: Mapping[str, Any], calendar: BusinessDays) -> date | None:
    """The last day of the legal term of the message's tipología, counted in business days from the day
    after receipt; None without a term (Felicitación, No es PQRS) or without a date of receipt."""
    received = received_day(message)
    days = legal_term_days(message.get("Clasificación"))
    return None if received is None or days is None else calendar.add(received, days)


def running_out(due: date | None, day: date, calendar: BusinessDays, within: int = RUNNING_OUT_DAYS) -> bool:
    """A term not yet overdue that ends within `within` business days of `day` (today included)."""
    return due is not None and due >= day and calendar.between(day, due) <= within


def term_state(due: date | None, day: date, calendar: BusinessDays, within: int = RUNNING_OUT_DAYS) -> str | None:
    """«vencido», «por vencer» or «en término» (None without a term), as the pages and reports say it."""
    if due is None:
        return None
    if due < day:
        return "vencido"
    return "por vencer" if running_out(due, day, calendar, within) else "en término"


_NOT_TO_FILE = re.compile(r"^no (se )?(radic|envi)")


def leader_says_not_to_file(decision: object) -> bool:
    """The leader's decision on a special case starts with «No radicar» / «No enviar» (the office's phrase)."""
    return not is_empty(decision) and bool(_NOT_TO_FILE.match(normalize(decision)))


# --- the queues -------------------------------------------------------------------------------------------

QUEUE_LABELS: dict[str, str] = {
    "sin-responder": "Sin responder",
    "por-enviar": "Por enviar a ATC",
    "por-radicar": "Por radicar",
    "traslados": "Traslados",
    "terminos": "Términos",
    "casos-especiales": "Casos especiales",
}
QUEUES: tuple[str, ...] = tuple(QUEUE_LABELS)


@dataclass(frozen=True)
class QueueItem:
    """A message in a queue, without personal data: its ID, when it arrived, when it is due in this queue, the
    last day of its legal term (None without one), where from and its tipología. `id` is the message's ID, or
    «Mensajes fila N» for a row typed without one (so none is lost)."""

    id: str
    row: int
    received: date
    due: date | None
    legal_due: date | None
    network: str
    typology: str | None

    def overdue(self, day: date) -> bool:
        return self.due is not None and self.due < day

    @property
    def detail(self) -> str:
        """«X · Queja · recibido el 14/03/2026»: network, tipología and date; never the handle or the text."""
        return f"{self.network} · {self.typology or 'sin clasificar'} · recibido el {fmt_date(self.received)}"


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame.columns else pd.Series(pd.NA, index=frame.index, dtype=object)


def _filled(frame: pd.DataFrame, name: str) -> pd.Series:
    values = _column(frame, name)
    filled = values.notna()
    if values.dtype == object or pd.api.types.is_string_dtype(values):
        filled &= values.astype("str").str.strip().ne("")
    return filled.astype(bool)


def _yes(frame: pd.DataFrame, name: str) -> pd.Series:
    return _column(frame, name).astype("boolean").fillna(False).astype(bool)


def queue_masks(messages: pd.DataFrame, day: date) -> dict[str, pd.Series]:
    """Which rows of the `Mensajes` table are in each queue on `day` (one boolean Series per queue), by the
    definitions of the module docstring."""
    arrived = (_received_days(messages) <= pd.Timestamp(day)).astype(bool)
    classification = _column(messages, "Clasificación")
    not_pqrs = (classification == NOT_PQRS).fillna(False).astype(bool)
    has_term = ~classification.isin([CONGRATULATION, NOT_PQRS]).fillna(False).astype(bool)
    filed = _yes(messages, "Radicado") | _filled(messages, "Número de radicado")
    sent = _filled(messages, "Enviado a ATC")
    transferred = _filled(messages, "Trasladado a")
    answered = _filled(messages, "Respuesta definitiva")
    decision = _column(messages, "Decisión del líder")
    not_to_file = decision.isin([value for value in decision.dropna().unique() if leader_says_not_to_file(value)])
    other_entity = (_column(messages, "Competencia") == OTHER_ENTITY).fillna(False).astype(bool)
    masks = {
        "sin-responder": ~not_pqrs & ~_yes(messages, "Respondido"),
        "por-enviar": ~not_pqrs & ~sent & ~filed & ~not_to_file,
        "por-radicar": sent & ~filed,
        "traslados": ~not_pqrs & other_entity & ~transferred & ~answered,
        "terminos": ~answered & ~transferred & has_term,
        "casos-especiales": _yes(messages, "Caso especial") & ~_filled(messages, "Decisión del líder"),
    }
    return {name: mask & arrived for name, mask in masks.items()}


def _received_days(messages: pd.DataFrame) -> pd.Series:
    """`Recibido` as the calendar day of receipt in Bogotá, as naive midnights (NaT when empty)."""
    values = _column(messages, "Recibido")
    if not isinstance(values.dtype, pd.DatetimeTZDtype):  # not from a snapshot: read each cell
        days = [received_day({"Recibido": value}) for value in values]
        return pd.Series(pd.to_datetime(days), index=values.index)
    return values.dt.tz_convert(BOGOTA).dt.tz_localize(None).dt.normalize()


def queues(tables: Mapping[str, pd.DataFrame], day: date) -> dict[str, list[QueueItem]]:
    """The six queues of messages on `day`, in `QUEUES` order, each sorted by due date (none last), then
    date of receipt and ID. Items carry IDs and dates, never personal data."""
    messages = tables[MESSAGES_TAB.name]
    masks = queue_masks(messages, day)
    received = _received_days(messages)
    internal, legal = handoff_days(tables), legal_days(tables)
    starts = {stamp.date() for stamp in received[pd.concat(masks.values(), axis=1).any(axis=1)].dropna()}
    handoff = internal.add_many(starts, HANDOFF_DAYS)
    transfer = legal.add_many(starts, TRANSFER_DAYS)
    terms = {days: legal.add_many(starts, days) for days in {*TERM_DAYS.values(), GENERAL_TERM_DAYS} if days}

    @cache
    def days_of(typology: str | None) -> int | None:
        try:
            return legal_term_days(typology)
        except CellError:  # a tipología typed by hand that the contract does not know: no term to count
            return None

    def term(start: date, typology: str | None) -> date | None:
        days = days_of(typology)
        return None if days is None else terms[days][start]

    # start -> due in each queue but Términos, whose due date is the legal term's
    due_in = {"sin-responder": handoff, "por-enviar": handoff, "por-radicar": {}, "traslados": transfer,
              "casos-especiales": handoff}
    ids, networks, classes = (_column(messages, name).to_numpy(dtype=object, na_value=None)
                              for name in ("ID", "Red", "Clasificación"))
    stamps, rows = received.to_numpy(), messages.index.to_numpy()
    found: dict[str, list[QueueItem]] = {}
    for name in QUEUES:
        items = []
        for at in masks[name].to_numpy().nonzero()[0]:
            start, classification, identifier = pd.Timestamp(stamps[at]).date(), classes[at], ids[at]
            typology = None if is_empty(classification) else str(classification)
            identifier = row_name(MESSAGES_TAB.name, int(rows[at]), identifier)
            legal_due = term(start, typology)
            due = legal_due if name == "terminos" else due_in[name].get(start)
            items.append(QueueItem(identifier, int(rows[at]), start, due, legal_due,
                                   "" if is_empty(networks[at]) else str(networks[at]), typology))
        found[name] = sorted(items, key=lambda item: (item.due is None, item.due or item.received, item.received,
                                                      item.id))
    return found


# --- likely duplicates ------------------------------------------------------------------------------------


def _network_key(value: object) -> str:
    key = normalize(value)
    return normalize(NETWORK_CHOICES.lookup_table().get(key, key))


def _link_key(value: object) -> str:
    return str(value).strip().rstrip("/").casefold()


def _handle_key(value: object) -> str:
    return normalize(value).lstrip("@").strip()


def likely_duplicates(messages: pd.DataFrame, candidate: Mapping[str, Any]) -> list[str]:
    """IDs of the rows of `Mensajes` that `candidate` likely repeats: same network and link, or same handle
    and text (compared loosely: case, accents and spaces do not count; a leading @ neither). The row being
    edited (same ID) and rows without an ID are left out. A notice to show before saving, never a refusal."""
    if messages.empty:
        return []
    own = None if is_empty(candidate.get("ID")) else str(candidate["ID"]).strip()
    alike = pd.Series(False, index=messages.index)
    network, link = candidate.get("Red"), candidate.get("Enlace")
    if not is_empty(network) and not is_empty(link):
        networks = _column(messages, "Red")
        same_network = networks.map({v: _network_key(v) for v in networks.dropna().unique()}) == _network_key(network)
        links = _column(messages, "Enlace")
        same_link = links.map(lambda v: None if is_empty(v) else _link_key(v)) == _link_key(link)
        alike |= (same_network & same_link).fillna(False).astype(bool)
    handle, text = candidate.get("Usuario"), candidate.get("Mensaje")
    if not is_empty(handle) and not is_empty(text):
        handles = _column(messages, "Usuario")
        keys = handles.map({v: _handle_key(v) for v in handles.dropna().unique()})
        same_handle = (keys == _handle_key(handle)).fillna(False).astype(bool)
        wanted = normalize(text)
        texts = _column(messages, "Mensaje")[same_handle]  # few rows: normalise only these
        alike.loc[texts.index[texts.map(lambda v: not is_empty(v) and normalize(v) == wanted).astype(bool)]] = True
    ids = _column(messages, "ID")[alike]
    return list(dict.fromkeys(str(v).strip() for v in ids if not is_empty(v) and str(v).strip() != own))

