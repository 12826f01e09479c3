"""The reports' charts (core/reports/), also for the KPI page: counts per category and per day, each from the
report's own aggregated table (the PDF draws them with vl-convert, so the page and the files show the same figures).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from core.charts.theme import BAR_COLOR, styled
from core.fmt import fmt_date, fmt_int, fmt_pct


def counts_bar_chart(rows: pd.DataFrame, category: str, value: str, title: str, subtitle: str = "",
                     kind: str = "int") -> alt.LayerChart:
    """Horizontal bars of `value` per `category` (a row each, largest first), each labelled with its figure
    in es-CO (`kind` int or pct), for messages per network or tipología and interactions per network."""
    shown = pd.DataFrame({
        "categoria": rows[category].astype(str).to_numpy(),
        "valor": pd.to_numeric(rows[value], errors="coerce").fillna(0).astype(float).to_numpy(),
    })
    shown["texto"] = [fmt_pct(number) if kind == "pct" else fmt_int(number) for number in shown["valor"]]
    order = shown.sort_values(["valor", "categoria"], ascending=[False, True])["categoria"].tolist()
    base = alt.Chart(shown).encode(
        y=alt.Y("categoria:N", title=None, sort=order, axis=alt.Axis(labelLimit=260)),
        x=alt.X("valor:Q", title=value, axis=alt.Axis(format=".0%" if kind == "pct" else ",d", tickMinStep=1)),
        tooltip=[alt.Tooltip("categoria:N", title=category), alt.Tooltip("texto:N", title=value)],
    )
    bars = base.mark_bar(color=BAR_COLOR)
    labels = base.mark_text(align="left", dx=3, fontSize=11, color="#222222").encode(text="texto:N")
    chart = alt.layer(bars, labels).properties(
        title=alt.TitleParams(title, subtitle=[subtitle] if subtitle else []),
        width=560, height=alt.Step(20),
        description=f"{title}: barras de {value.lower()} por {category.lower()}; la tabla tiene los mismos datos.",
    )
    return styled(chart)


def per_day_chart(rows: pd.DataFrame, day: str = "Día", value: str = "Mensajes", title: str = "Mensajes por día",
                  subtitle: str = "") -> alt.Chart:
    """Columns of `value` per calendar day (every day of the period, zeros included), days as dd/mm."""
    days = pd.to_datetime(rows[day])
    shown = pd.DataFrame({
        "dia": [f"{stamp.day:02d}/{stamp.month:02d}" for stamp in days],
        "fecha": [fmt_date(stamp) for stamp in days],
        "valor": pd.to_numeric(rows[value], errors="coerce").fillna(0).astype(int).to_numpy(),
    })
    shown["texto"] = [fmt_int(number) for number in shown["valor"]]
    chart = alt.Chart(shown).mark_bar(color=BAR_COLOR).encode(
        x=alt.X("dia:O", title="Día", sort=None, axis=alt.Axis(labelAngle=-90)),
        y=alt.Y("valor:Q", title=value, axis=alt.Axis(format=",d", tickMinStep=1)),
        tooltip=[alt.Tooltip("fecha:N", title="Fecha"), alt.Tooltip("texto:N", title=value)],
    ).properties(
        title=alt.TitleParams(title, subtitle=[subtitle] if subtitle else []), width=760, height=180,
        description=f"{title}: una columna por día; la tabla tiene los mismos datos.",
    )
    return styled(chart)
