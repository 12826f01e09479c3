"""The community's growth: followers per account and month (`Métricas de cuenta`) and each account's change over
the period, the same reading as the semester report's."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import pandas as pd

from core.kpis.filters import NO_FILTERS, Filters
from core.kpis.frames import network_order
from core.kpis.periods import Period, month_key, month_label


def community_growth(tables: Mapping[str, pd.DataFrame], period: Period, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Followers per account and month of the period (`Métricas de cuenta`): Mes (AAAA-MM), Etiqueta, Red,
    Cuenta, Seguidores, Crecimiento (the change from the account's previous calendar month; NaN without it)."""
    columns = ["Mes", "Etiqueta", "Red", "Cuenta", "Seguidores", "Crecimiento"]
    metrics = tables["Métricas de cuenta"]
    if filters.network:
        metrics = metrics[metrics["Red"] == filters.network]
    first = month_key(period.start)
    before = month_key(period.start.replace(day=1) - timedelta(days=1))
    last = month_key(period.end)
    months = metrics["Mes"].astype(object)
    metrics = metrics[(months >= before) & (months <= last) & metrics["Seguidores"].notna()]
    if metrics.empty:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame({"Mes": metrics["Mes"].astype(object), "Red": metrics["Red"].astype(object),
                          "Cuenta": metrics["Cuenta"].astype(object),
                          "Seguidores": metrics["Seguidores"].astype(float)})
    frame = frame.drop_duplicates(["Mes", "Red", "Cuenta"], keep="last").sort_values(["Red", "Cuenta", "Mes"])
    previous = frame.groupby(["Red", "Cuenta"])["Seguidores"].shift()
    previous_month = frame.groupby(["Red", "Cuenta"])["Mes"].shift()
    expected = frame["Mes"].map(lambda key: month_key(date(int(key[:4]), int(key[5:]), 1) - timedelta(days=1)))
    frame["Crecimiento"] = (frame["Seguidores"] - previous).where(previous_month == expected)
    frame = frame[frame["Mes"] >= first]
    frame["Etiqueta"] = frame["Mes"].map(month_label)
    order = {name: i for i, name in enumerate(network_order(frame["Red"]))}
    frame = frame.assign(_o=frame["Red"].map(order)).sort_values(["_o", "Cuenta", "Mes"])
    return frame[columns].reset_index(drop=True)


def growth_per_account(tables: Mapping[str, pd.DataFrame], period: Period,
                       filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per account with figures in the period: Red, Cuenta, Desde (the last month before the period with a
    figure, else the period's first with one), Seguidores al inicio, Hasta (the period's last month with a
    figure), Seguidores al final, Crecimiento, Relativo (growth over the followers at the start). The same
    reading as the semester report's."""
    columns = ["Red", "Cuenta", "Desde", "Seguidores al inicio", "Hasta", "Seguidores al final", "Crecimiento",
               "Relativo"]
    metrics = tables["Métricas de cuenta"]
    if filters.network:
        metrics = metrics[metrics["Red"] == filters.network]
    first, last = month_key(period.start), month_key(period.end)
    metrics = metrics[(metrics["Mes"].astype(object) <= last) & metrics["Seguidores"].notna()]
    frame = pd.DataFrame({"Mes": metrics["Mes"].astype(object), "Red": metrics["Red"].astype(object),
                          "Cuenta": metrics["Cuenta"].astype(object),
                          "Seguidores": metrics["Seguidores"].astype(float)}).sort_values("Mes")
    within, before = frame[frame["Mes"] >= first], frame[frame["Mes"] < first]
    if within.empty:
        return pd.DataFrame(columns=columns)
    inside, earlier = within.groupby(["Red", "Cuenta"]), before.groupby(["Red", "Cuenta"])
    result = pd.DataFrame({"Desde": inside["Mes"].first(), "Seguidores al inicio": inside["Seguidores"].first(),
                           "Hasta": inside["Mes"].last(), "Seguidores al final": inside["Seguidores"].last()})
    start = pd.DataFrame({"Desde": earlier["Mes"].last(), "Seguidores al inicio": earlier["Seguidores"].last()})
    result.update(start.reindex(result.index).dropna())
    result = result[result["Hasta"] > result["Desde"]].reset_index()
    result["Crecimiento"] = result["Seguidores al final"] - result["Seguidores al inicio"]
    result["Relativo"] = (result["Crecimiento"] / result["Seguidores al inicio"]).where(
        result["Seguidores al inicio"] > 0)
    order = {name: i for i, name in enumerate(network_order(result["Red"]))}
    result = result.assign(_o=result["Red"].map(order)).sort_values(["_o", "Cuenta"])
    return result[columns].reset_index(drop=True)
