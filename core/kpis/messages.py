"""The messages received in a period as a funnel (received, PQRS, answered, sent to ATC, registered) with the
median times to the first answer and to the hand-off, in total or by tipología, topic or network."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from core.domain.business_days import BusinessDays
from core.kpis.filters import NO_FILTERS, Filters
from core.kpis.frames import bogota_days, texts_of
from core.kpis.periods import Period
from core.sheet.contract import NOT_PQRS

DIMENSIONS = {"Tipología": "Clasificación", "Tema": "Tema", "Red": "Red"}  # label -> Mensajes column
EMPTY_LABEL = {"Clasificación": "Sin clasificar", "Tema": "Sin tema", "Red": "Sin red"}


def received_messages(tables: Mapping[str, pd.DataFrame], period: Period,
                      filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """The messages received in the period (network filter only: messages have no area nor eje)."""
    messages = tables["Mensajes"]
    lower, upper = period.window()
    keep = (messages["Recibido"] >= lower) & (messages["Recibido"] < upper)
    if filters.network:
        keep &= messages["Red"] == filters.network
    return messages[keep.fillna(False).astype(bool)]


def handoff_business_days(messages: pd.DataFrame, calendar: BusinessDays) -> pd.Series:
    """Business days from the day of receipt to `Enviado a ATC` (sent the next business day: 1; the same
    day: 0), NaN when not sent or sent before it arrived."""
    received = bogota_days(messages["Recibido"])
    sent = pd.to_datetime(messages["Enviado a ATC"]).dt.normalize()
    both = received.notna() & sent.notna() & (sent >= received)
    result = pd.Series(np.nan, index=messages.index)
    if not both.any():
        return result
    result[both] = calendar.between_many(list(received[both].dt.date), list(sent[both].dt.date))
    return result


def answer_hours(messages: pd.DataFrame) -> pd.Series:
    """Hours from `Recibido` to `Fecha de respuesta` (NaN without an answer time, or one before receipt)."""
    hours = (messages["Fecha de respuesta"] - messages["Recibido"]).dt.total_seconds() / 3600
    return hours.where(hours >= 0)


def message_steps(messages: pd.DataFrame, calendar: BusinessDays) -> pd.DataFrame:
    """Per message, 1 or 0 for each step of the funnel (Recibidos, PQRS, Respondidos, Enviados a ATC,
    Radicados), `h` the hours to the first answer and `d` the business days to the hand-off: computed once,
    then grouped by each dimension."""
    pqrs = messages["Clasificación"] != NOT_PQRS
    answered = messages["Respondido"].astype("boolean").fillna(False).astype(bool)
    registered = (messages["Radicado"].astype("boolean").fillna(False).astype(bool)
                  | texts_of(messages, "Número de radicado").ne(""))
    return pd.DataFrame({"Recibidos": 1, "PQRS": pqrs.fillna(True).astype(int), "Respondidos": answered.astype(int),
                         "Enviados a ATC": messages["Enviado a ATC"].notna().astype(int),
                         "Radicados": registered.astype(int), "h": answer_hours(messages),
                         "d": handoff_business_days(messages, calendar)}, index=messages.index)


def message_funnel(messages: pd.DataFrame, calendar: BusinessDays, by: str | None = None,
                   steps: pd.DataFrame | None = None) -> pd.DataFrame:
    """Received, PQRS (all but «No es PQRS»), answered, sent to ATC, registered, and the medians of the hours
    to the first answer and of the business days to the hand-off, with how many messages each median
    covers; one row per value of `by` (a label of `DIMENSIONS`), most received first, or one «Total» row."""
    label = by or "Total"
    columns = [label, "Recibidos", "PQRS", "Respondidos", "Enviados a ATC", "Radicados", "Respuesta (h)",
               "Con hora de respuesta", "Envío (días hábiles)", "Con envío"]
    if messages.empty:
        return pd.DataFrame(columns=columns)
    steps = message_steps(messages, calendar) if steps is None else steps
    if by is None:
        keys = pd.Series("Total", index=messages.index, dtype=object)
    else:
        column = DIMENSIONS[by]
        keys = texts_of(messages, column).replace("", EMPTY_LABEL[column])
    grouped = steps.assign(k=keys).groupby("k", sort=False)
    frame = grouped[["Recibidos", "PQRS", "Respondidos", "Enviados a ATC", "Radicados"]].sum()
    frame["Respuesta (h)"] = grouped["h"].median()
    frame["Con hora de respuesta"] = grouped["h"].count()
    frame["Envío (días hábiles)"] = grouped["d"].median()
    frame["Con envío"] = grouped["d"].count()
    frame = frame.rename_axis(label).reset_index().sort_values(["Recibidos", label], ascending=[False, True])
    return frame[columns].reset_index(drop=True)
