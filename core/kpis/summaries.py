"""The figures in words: the «Indicadores» page's summaries, reusable by the reports."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from core.fmt import fmt_int, fmt_number, fmt_pct
from core.kpis.figures import Kpis
from core.kpis.filters import NO_FILTERS, Filters
from core.kpis.history import ROUND_LABELS
from core.kpis.periods import Period, month_key, month_label


def rounds_text(kpis: Kpis) -> str:
    """«De 40 solicitudes recibidas en el periodo, 6 volvieron a Ajustes al menos una vez (15,0 % de las
    recibidas), 8 devoluciones en total.»"""
    rounds = kpis.rounds
    if rounds is None:
        return ""
    returns = int(rounds["Devoluciones"].sum())
    again = int(rounds.loc[rounds["Rondas"] != ROUND_LABELS[0], "Solicitudes"].sum())
    share = f"{fmt_pct(again / kpis.requests)} de las recibidas" if kpis.requests else "sin base"
    went = "volvió" if again == 1 else "volvieron"
    times = "devolución" if returns == 1 else "devoluciones"
    return (f"De {fmt_int(kpis.requests)} solicitudes recibidas en el periodo, {fmt_int(again)} {went} a Ajustes "
            f"al menos una vez ({share}): {fmt_int(returns)} {times} en total.")


def hours_text(hours: float | None) -> str:
    """«2,5 horas», «sin dato»."""
    return "sin dato" if hours is None or pd.isna(hours) else f"{fmt_number(hours, 1)} horas"


def days_text(days: float | None) -> str:
    """«1 día hábil», «1,5 días hábiles», «sin dato»."""
    if days is None or pd.isna(days):
        return "sin dato"
    whole = float(days).is_integer()
    text = fmt_int(days) if whole else fmt_number(days, 1)
    return f"{text} día hábil" if whole and int(days) == 1 else f"{text} días hábiles"


def times_text(total: pd.DataFrame) -> str:
    """The medians of the first answer and of the hand-off, with how many messages each covers."""
    if total.empty:
        return ""
    row = total.iloc[0]
    return (f"Mediana de la primera respuesta en la red: {hours_text(row['Respuesta (h)'])} "
            f"({fmt_int(row['Con hora de respuesta'])} mensajes con hora de respuesta). Mediana del envío a Atención "
            f"a la Ciudadanía: {days_text(row['Envío (días hábiles)'])} después del día de recibido "
            f"({fmt_int(row['Con envío'])} enviados; el plazo es el día hábil siguiente).")


def growth_gap_text(tables: Mapping[str, pd.DataFrame], period: Period, filters: Filters = NO_FILTERS) -> str:
    """Why there is no growth to show: the period's months have no followers in `Métricas de cuenta` yet (they
    are monthly and recorded after the month closes), and which month is the last one recorded."""
    metrics = tables["Métricas de cuenta"]
    if filters.network:
        metrics = metrics[metrics["Red"] == filters.network]
    months = metrics.loc[metrics["Seguidores"].notna(), "Mes"].dropna()
    first, last = month_label(month_key(period.start)), month_label(month_key(period.end))
    span = first if first == last else f"{first} a {last}"
    text = f"Métricas de cuenta no tiene seguidores de {span}: las cifras de cuenta son mensuales y se registran al " \
           "cerrar cada mes."
    return text + (f" La última es de {month_label(str(months.max()))}." if len(months) else "")
