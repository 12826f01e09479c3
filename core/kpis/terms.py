"""The legal terms running on a day, as the register's status has them (its «Términos» queue), by state and
tipología."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from core.domain.pqrs import legal_days, term_state
from core.domain.status import Status, status_of
from core.kpis.filters import NO_FILTERS, Filters

TERM_STATES = ("vencido", "por vencer", "en término")


def running_terms(tables: Mapping[str, pd.DataFrame], day: date, filters: Filters = NO_FILTERS,
                  now: Status | None = None) -> pd.DataFrame:
    """The legal terms running on `day`, as the register's status has them (its «Términos» queue, `now` when
    the caller has it): ID, Red, Tipología, Recibido, Vence (the legal due date), Estado (`core.domain.pqrs.term_state`:
    «vencido», «por vencer», «en término»), by due date. IDs and dates only: no personal data."""
    columns = ["ID", "Red", "Tipología", "Recibido", "Vence", "Estado"]
    items = [item for item in (now or status_of(tables, day)).queues["terminos"]
             if item.due is not None and (not filters.network or item.network == filters.network)]
    if not items:
        return pd.DataFrame(columns=columns)
    calendar = legal_days(tables)
    states = {due: term_state(due, day, calendar) for due in {item.due for item in items}}
    frame = pd.DataFrame({
        "ID": [item.id for item in items], "Red": [item.network for item in items],
        "Tipología": [item.typology or "Sin clasificar" for item in items],
        "Recibido": [item.received for item in items], "Vence": [item.due for item in items],
        "Estado": [states[item.due] for item in items]})
    return frame.sort_values(["Vence", "Recibido", "ID"], kind="stable")[columns].reset_index(drop=True)


def terms_summary(terms: pd.DataFrame) -> pd.DataFrame:
    """Terms per tipología and state: Tipología, Vencidos, Por vencer, En término, Total (most first)."""
    columns = ["Tipología", "Vencidos", "Por vencer", "En término", "Total"]
    if terms.empty:
        return pd.DataFrame(columns=columns)
    table = pd.crosstab(terms["Tipología"], terms["Estado"]).reindex(columns=list(TERM_STATES), fill_value=0)
    table.columns = ["Vencidos", "Por vencer", "En término"]
    table["Total"] = table.sum(axis=1)
    table = table.rename_axis("Tipología").reset_index()
    return table.sort_values(["Total", "Tipología"], ascending=[False, True])[columns].reset_index(drop=True)
