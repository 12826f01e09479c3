"""What the monthly PQRS report counts: the month's messages (each with its legal due date and hand-off
limit), the queues they are in on the day the report is made, the counts per network, tipología, topic and
day, the times to answer and to hand off, and the other sources of the month. Plain rows keyed by the
report's column names; the report (pqrs_monthly.py) lays them out. The readings are stated in that module's
docstring."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from core.domain.business_days import BusinessDays
from core.domain.pqrs import (
    GENERAL_TERM_DAYS,
    QUEUE_LABELS,
    QUEUES,
    TERM_DAYS,
    handoff_days,
    handoff_due,
    legal_days,
    term_due,
)
from core.domain.status import status_of
from core.reports.periods import day_window, month_bounds
from core.sheet.cells import BOGOTA
from core.sheet.contract import NETWORK_CHOICES, NOT_PQRS, PUBLISHED, TYPOLOGY_CHOICES

UNCLASSIFIED = "Sin clasificar"
NO_TOPIC = "Sin tema"
PQRS = "PQRS"


# --- reading a table's columns ----------------------------------------------------------------------------

def _column(table: pd.DataFrame, name: str) -> pd.Series:
    """The column, or an empty one when the table lacks it."""
    return table[name] if name in table.columns else pd.Series(pd.NA, index=table.index, dtype=object)


def _texts(table: pd.DataFrame, name: str) -> pd.Series:
    """A text column as object values, None where empty."""
    values = _column(table, name)
    if pd.api.types.is_string_dtype(values) and values.dtype != object:
        empty = (values.isna() | (values.str.strip() == "")).to_numpy(dtype=bool)
        return values.astype(object).where(~empty, None)
    return values.astype(object).map(lambda value: None if value is None or value is pd.NA or value != value
                                     or not str(value).strip() else value).astype(object)


def _yes(table: pd.DataFrame, name: str) -> pd.Series:
    return _column(table, name).astype("boolean").fillna(False).astype(bool)


def _days(series: pd.Series) -> pd.Series:
    """Dates or Bogotá moments as Python dates (None where empty)."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_convert(BOGOTA).dt.tz_localize(None)
    elif not pd.api.types.is_datetime64_dtype(series):
        series = pd.to_datetime(series, errors="coerce")
    return series.dt.date.astype(object).where(series.notna(), None)


def _in_month(table: pd.DataFrame | None, name: str, first: date, last: date) -> pd.DataFrame:
    """The rows of `table` whose column `name` (a moment or a date) falls in first..last, Bogotá days."""
    if table is None or name not in table.columns or table.empty:
        return pd.DataFrame(columns=[] if table is None else table.columns)
    values = table[name]
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        lower, upper = day_window(first, last)
        return table[(values >= lower) & (values < upper)]
    dates = pd.to_datetime(values, errors="coerce")
    return table[(dates >= pd.Timestamp(first)) & (dates <= pd.Timestamp(last))]


def _sum_by_network(table: pd.DataFrame, name: str) -> dict[str, int]:
    if table.empty or name not in table.columns:
        return {}
    numbers = pd.to_numeric(table[name], errors="coerce").fillna(0)
    return {str(red): int(total) for red, total in numbers.groupby(table["Red"].astype(str)).sum().items()}


def _median(values: list[float]) -> float | None:
    return float(np.median(values)) if values else None


def _mean(values: list[float]) -> float | None:
    return float(np.mean(values)) if values else None


# --- the month's messages ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class MonthMessages:
    """The month's messages, by `Recibido` then ID, and what every count reads from them (aligned with
    `messages`' index; the arrays in its order)."""

    messages: pd.DataFrame
    received: pd.Series  # the day received
    typology: pd.Series  # None when unclassified
    networks: pd.Series  # "" when empty
    legal_due: pd.Series  # the legal term's last day (None without term)
    handoff: pd.Series  # the last day to answer and hand off (the next business day)
    internal: BusinessDays  # the office's calendar, for the hand-off spans
    is_pqrs: np.ndarray
    is_not_pqrs: np.ndarray
    unclassified: np.ndarray


def month_messages(tables: Mapping[str, pd.DataFrame], first: date, last: date) -> MonthMessages:
    """The messages received first..last (Bogotá days) with their due dates; each distinct (day, tipología)
    and day is worked out once."""
    messages = _in_month(tables["Mensajes"], "Recibido", first, last)
    order = pd.DataFrame({"at": messages["Recibido"], "id": _texts(messages, "ID").fillna("")}).reset_index(drop=True)
    messages = messages.iloc[order.sort_values(["at", "id"], kind="stable").index]
    legal, internal = legal_days(tables), handoff_days(tables)
    received = _days(messages["Recibido"])
    typology = _texts(messages, "Clasificación")
    dues = {(day, tip): term_due({"Recibido": day, "Clasificación": tip}, legal)
            for day, tip in set(zip(received, typology))}
    handoffs = {day: handoff_due({"Recibido": day}, internal) for day in set(received)}
    legal_due = pd.Series([dues[pair] for pair in zip(received, typology)], index=messages.index, dtype=object)
    is_not_pqrs = (typology == NOT_PQRS).to_numpy(dtype=bool)
    unclassified = typology.isna().to_numpy(dtype=bool)
    return MonthMessages(messages, received, typology, _texts(messages, "Red").fillna(""), legal_due,
                         received.map(handoffs), internal, ~is_not_pqrs & ~unclassified, is_not_pqrs, unclassified)


def month_queues(tables: Mapping[str, pd.DataFrame], today: date, month: MonthMessages
                 ) -> tuple[dict[str, list], pd.Series]:
    """The queues on `today` as the register's status has them (core/domain/status.py), for the month's
    messages only; and for each message the labels of the queues it is in."""
    month_rows = set(month.messages.index)
    found = status_of(tables, today).queues
    queued = {name: [item for item in found[name] if item.row in month_rows] for name in QUEUES}
    pending_in = pd.Series([[] for _ in range(len(month.messages))], index=month.messages.index, dtype=object)
    for name in QUEUES:
        for item in queued[name]:
            pending_in.at[item.row].append(QUEUE_LABELS[name])
    return queued, pending_in


def listing(month: MonthMessages, pending_in: pd.Series) -> pd.DataFrame:
    """The list of the month's messages, a row each, columns named as the report's list."""
    messages = month.messages
    return pd.DataFrame({
        "ID": _texts(messages, "ID"),
        "Recibido": messages["Recibido"].astype(object),
        "Red": _texts(messages, "Red"),
        "Tipo de interacción": _texts(messages, "Tipo de interacción"),
        "Usuario": _texts(messages, "Usuario"),
        "Mensaje": _column(messages, "Mensaje").astype(object),
        "Tipología": month.typology,
        "Tema": _texts(messages, "Tema"),
        "Respondido": _column(messages, "Respondido").astype(object),
        "Fecha de respuesta": _column(messages, "Fecha de respuesta").astype(object),
        "Enviado a ATC": _days(_column(messages, "Enviado a ATC")),
        "Número de radicado": _texts(messages, "Número de radicado"),
        "Fecha de radicación": _days(_column(messages, "Fecha de radicación")),
        "Trasladado a": _texts(messages, "Trasladado a"),
        "Vencimiento legal": month.legal_due,
        "Pendiente en": pending_in.map(lambda names: "; ".join(names) or None),
    }, index=messages.index)


# --- the counts -------------------------------------------------------------------------------------------

def network_rows(month: MonthMessages) -> list[dict]:
    """Messages, PQRS, not PQRS and unclassified per network: the register's networks, then any other seen."""
    seen = [name for name in dict.fromkeys(month.networks) if name and name not in NETWORK_CHOICES.values]
    rows = []
    for name in (*NETWORK_CHOICES.values, *sorted(seen)):
        mine = (month.networks == name).to_numpy(dtype=bool)
        rows.append({"Red": name, "Mensajes": int(mine.sum()), PQRS: int((mine & month.is_pqrs).sum()),
                     NOT_PQRS: int((mine & month.is_not_pqrs).sum()),
                     UNCLASSIFIED: int((mine & month.unclassified).sum())})
    return rows


def typology_rows(month: MonthMessages) -> list[dict]:
    """Messages per tipología, in the register's order, with its legal term; the unclassified last."""
    counted = month.typology.fillna(UNCLASSIFIED).value_counts()
    rows = [{"Tipología": name, "Mensajes": int(counted.get(name, 0)), "Término legal (días hábiles)":
             TERM_DAYS[name]} for name in TYPOLOGY_CHOICES.values]
    rows.append({"Tipología": UNCLASSIFIED, "Mensajes": int(counted.get(UNCLASSIFIED, 0)),
                 "Término legal (días hábiles)": GENERAL_TERM_DAYS})
    return rows


def topic_rows(month: MonthMessages) -> list[dict]:
    """Messages per topic, most first (those without topic after the others with as many)."""
    topics = _texts(month.messages, "Tema").fillna(NO_TOPIC).value_counts()
    return sorted(({"Tema": str(name), "Mensajes": int(count)} for name, count in topics.items()),
                  key=lambda row: (-row["Mensajes"], row["Tema"] == NO_TOPIC, row["Tema"]))


def day_rows(month: MonthMessages, first: date, last: date) -> list[dict]:
    """Messages and PQRS received each day of the month, days without any included."""
    index = month.messages.index
    per_day = pd.Series(1, index=index).groupby(month.received).sum() if len(index) else pd.Series(dtype=int)
    pqrs_per_day = (pd.Series(month.is_pqrs.astype(int), index=index).groupby(month.received).sum()
                    if len(index) else pd.Series(dtype=int))
    return [{"Día": day, "Mensajes": int(per_day.get(day, 0)), PQRS: int(pqrs_per_day.get(day, 0))}
            for day in pd.date_range(first, last).date]


def pending_rows(queued: Mapping[str, list], today: date) -> list[dict]:
    """Each queue's messages of the month on `today`, with how many are past their limit."""
    return [{"Cola": QUEUE_LABELS[name], "Mensajes": len(queued[name]),
             "Vencidos": sum(item.overdue(today) for item in queued[name])} for name in QUEUES]


# --- the times --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Answers:
    """Per message: answered in the network, hours to the answer (negatives left out), business days to the
    hand-off, and whether each was done by the next business day."""

    answered: np.ndarray
    hours: pd.Series
    handoff_span: pd.Series
    answered_in_time: pd.Series
    sent_day: pd.Series
    sent_in_time: pd.Series

    def row(self, mask: np.ndarray) -> dict:
        """The times of the messages in `mask`, named as the report's columns."""
        answer_hours = self.hours[mask].dropna().tolist()
        handoffs_done = self.handoff_span[mask].dropna().tolist()
        return {
            "Respondidos": int((self.answered & mask).sum()),
            "Respuesta: mediana (horas)": _median(answer_hours),
            "Respuesta: promedio (horas)": _mean(answer_hours),
            "Respondidos a tiempo": int(self.answered_in_time[mask].sum()),
            "Enviados a ATC": int(pd.Series(self.sent_day)[mask].notna().sum()),
            "Envío: mediana (días hábiles)": _median(handoffs_done),
            "Envío: promedio (días hábiles)": _mean(handoffs_done),
            "Enviados a tiempo": int(self.sent_in_time[mask].sum()),
        }


def _answers(month: MonthMessages) -> _Answers:
    messages = month.messages
    answered_at = _column(messages, "Fecha de respuesta")
    hours = ((answered_at - messages["Recibido"]).dt.total_seconds() / 3600
             if isinstance(answered_at.dtype, pd.DatetimeTZDtype) else pd.Series(np.nan, index=messages.index))
    answer_day = _days(answered_at)
    sent_day = _days(_column(messages, "Enviado a ATC"))
    spans: dict[tuple[date, date], int] = {}
    handoff_span = []
    for start, sent in zip(month.received, sent_day):
        if sent is None or start is None or sent < start:
            handoff_span.append(np.nan)
            continue
        if (start, sent) not in spans:
            spans[start, sent] = month.internal.between(start, sent)
        handoff_span.append(spans[start, sent])
    answered_in_time = pd.Series([answer is not None and due is not None and answer <= due
                                  for answer, due in zip(answer_day, month.handoff)], index=messages.index, dtype=bool)
    sent_in_time = pd.Series([sent is not None and due is not None and sent <= due
                              for sent, due in zip(sent_day, month.handoff)], index=messages.index, dtype=bool)
    return _Answers(_yes(messages, "Respondido").to_numpy(dtype=bool), hours.where(hours >= 0),
                    pd.Series(handoff_span, index=messages.index, dtype=float), answered_in_time, sent_day,
                    sent_in_time)


def time_rows(month: MonthMessages, networks: list[dict]) -> tuple[list[dict], dict]:
    """The times per network that had messages, then the total row; and the total's figures alone."""
    answers = _answers(month)
    rows = [{"Red": row["Red"], **answers.row((month.networks == row["Red"]).to_numpy(dtype=bool))}
            for row in networks if row["Mensajes"]]
    overall = answers.row(np.ones(len(month.messages), dtype=bool))
    rows.append({"Red": "Total", **overall})
    return rows, overall


# --- the other sources ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OtherSources:
    """Per network: comments on the month's published posts, new messages noted in Monitoreo and messages
    the platforms report (Métricas de cuenta), each its own source; `rows` names them as the report does."""

    comments: dict[str, int]
    monitored: dict[str, int]
    reported: dict[str, int]
    rows: list[dict]


def other_sources(tables: Mapping[str, pd.DataFrame], month: str) -> OtherSources:
    first, last = month_bounds(month)
    published = _in_month(tables.get("Publicaciones"), "Publicada", first, last)
    if len(published):
        published = published[published["Estado"] == PUBLISHED]
    monitoring = _in_month(tables.get("Monitoreo"), "Fecha", first, last)
    account_metrics = tables.get("Métricas de cuenta")
    of_month = (account_metrics[account_metrics["Mes"] == month] if account_metrics is not None
                and "Mes" in account_metrics.columns else pd.DataFrame())
    comments = _sum_by_network(published, "Comentarios")
    monitored = _sum_by_network(monitoring, "Mensajes nuevos")
    reported = _sum_by_network(of_month, "Mensajes recibidos")
    extra_networks = sorted((set(comments) | set(monitored) | set(reported)) - set(NETWORK_CHOICES.values))
    rows = [{"Red": name, "Comentarios en publicaciones": comments.get(name, 0),
             "Mensajes nuevos en Monitoreo": monitored.get(name, 0),
             "Mensajes recibidos (Métricas de cuenta)": reported.get(name, 0)}
            for name in (*NETWORK_CHOICES.values, *extra_networks)]
    return OtherSources(comments, monitored, reported, rows)


# --- all of it --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MonthCounts:
    """Everything the monthly report shows of a month, as rows named as its tables' columns."""

    found: MonthMessages
    networks: list[dict]
    typologies: list[dict]
    topics: list[dict]
    days: list[dict]
    times: list[dict]
    overall: dict  # the times of all the month's messages
    pending: list[dict]
    pending_in: pd.Series  # per message, the labels of the queues it is in on the day
    listing: pd.DataFrame
    filed: int  # Radicado, or a Número de radicado
    transferred: int
    sources: OtherSources


def count_month(tables: Mapping[str, pd.DataFrame], month: str, today: date) -> MonthCounts:
    """The counts of `month` (`AAAA-MM`), its queues as they are on `today`."""
    first, last = month_bounds(month)
    found = month_messages(tables, first, last)
    queued, pending_in = month_queues(tables, today, found)
    networks = network_rows(found)
    times, overall = time_rows(found, networks)
    messages = found.messages
    filed = int((_yes(messages, "Radicado") | _texts(messages, "Número de radicado").notna()).sum())
    return MonthCounts(found, networks, typology_rows(found), topic_rows(found), day_rows(found, first, last),
                       times, overall, pending_rows(queued, today), pending_in, listing(found, pending_in), filed,
                       int(_texts(messages, "Trasladado a").notna().sum()), other_sources(tables, month))
