"""The «Mejor hora» heatmap (weekday × hour of a network's history) and its table twin."""

from __future__ import annotations

from datetime import time

import altair as alt
import pandas as pd

from core.charts.theme import EMPTY_FILL, GRID_STROKE, SCHEME, THIN_FILL, pct_label_expr, styled
from core.domain.best_hour import DAYS, MIN_POSTS, Grid, base_text, hour_text
from core.fmt import fmt_date, fmt_int, fmt_pct, fmt_time


def best_hour_rows(history: Grid) -> pd.DataFrame:
    """One row per weekday × hour (168): the chart's data, with every figure also as Spanish text."""
    cells = history.cells
    ranked = int(cells["clasificada"].sum())
    base = base_text(history)
    rows = []
    for cell in cells.itertuples():
        if cell.clasificada:
            state, place = "clasificada", f"{cell.puesto} de {ranked}"
        elif cell.publicaciones:
            state, place = "pocos datos", f"pocos datos (menos de {MIN_POSTS} publicaciones), sin clasificar"
        else:
            state, place = "sin publicaciones", "sin publicaciones"
        rows.append({
            "dia": DAYS[cell.dia],
            "hora": int(cell.hora),
            "franja": f"{hour_text(cell.hora)} a {fmt_time(time(cell.hora, 59))}",
            "engagement": float(cell.engagement) if cell.publicaciones else None,
            "engagement_texto": f"{fmt_pct(cell.engagement)} {base}" if cell.publicaciones else "",
            "publicaciones": int(cell.publicaciones),
            "publicaciones_texto": fmt_int(cell.publicaciones),
            "etiqueta": fmt_int(cell.publicaciones) if cell.publicaciones else "",
            "estado": state,
            "puesto": place,
        })
    frame = pd.DataFrame(rows)
    shown = frame.loc[frame["estado"] == "clasificada", "engagement"]
    cut = shown.min() + 0.6 * (shown.max() - shown.min()) if len(shown) else 0.0
    frame["oscura"] = (frame["estado"] == "clasificada") & (frame["engagement"] >= cut) & bool(len(shown) > 1)
    return frame


def best_hour_chart(history: Grid) -> alt.LayerChart:
    """The weekday × hour heatmap of a network: colour = median engagement of the ranked cells, grey with a
    dashed border = fewer than MIN_POSTS posts ("pocos datos"), white = no posts; each cell with posts shows
    its number of posts. At most 168 rows of data."""
    rows = best_hour_rows(history)
    hour_label = "(datum.value % 12 == 0 ? 12 : datum.value % 12) + (datum.value < 12 ? ' a. m.' : ' p. m.')"
    x = alt.X("hora:O", title="Hora de publicación (Bogotá)", sort="ascending",
              scale=alt.Scale(domain=list(range(24))),
              axis=alt.Axis(labelExpr=hour_label, labelAngle=-45, orient="top"))
    y = alt.Y("dia:N", title=None, sort=list(DAYS), scale=alt.Scale(domain=list(DAYS)))
    tooltip = [
        alt.Tooltip("dia:N", title="Día"),
        alt.Tooltip("franja:N", title="Hora"),
        alt.Tooltip("engagement_texto:N", title="Engagement mediano"),
        alt.Tooltip("publicaciones_texto:N", title="Publicaciones"),
        alt.Tooltip("puesto:N", title="Puesto"),
    ]
    base = alt.Chart(rows).encode(x=x, y=y, tooltip=tooltip)
    empty = base.mark_rect(fill=EMPTY_FILL, stroke="#eeeeee").transform_filter(
        alt.datum.estado == "sin publicaciones")
    thin = base.mark_rect(fill=THIN_FILL, stroke=GRID_STROKE, strokeDash=[3, 2]).transform_filter(
        alt.datum.estado == "pocos datos")
    ranked = base.mark_rect(stroke="#ffffff").encode(
        color=alt.Color("engagement:Q", title="Engagement mediano", scale=alt.Scale(scheme=SCHEME),
                        legend=alt.Legend(labelExpr=pct_label_expr(), orient="bottom", gradientLength=240)),
    ).transform_filter(alt.datum.estado == "clasificada")
    labels = base.mark_text(fontSize=11).encode(
        text="etiqueta:N",
        color=alt.condition(alt.datum.oscura, alt.value("#ffffff"), alt.value("#222222")),
    ).transform_filter(alt.datum.publicaciones > 0)
    subtitle = [
        f"Engagement mediano {base_text(history)}, del {fmt_date(history.start)} al {fmt_date(history.end)}, "
        "hora de Bogotá." if history.posts else
        f"Sin publicaciones con métricas del {fmt_date(history.start)} al {fmt_date(history.end)}.",
        f"Número en cada celda: publicaciones. Gris con borde punteado: menos de {MIN_POSTS} publicaciones "
        "(pocos datos), sin clasificar.",
    ]
    chart = alt.layer(empty, thin, ranked, labels).properties(
        title=alt.TitleParams(f"Mejor hora en {history.network}", subtitle=subtitle),
        width=alt.Step(30), height=alt.Step(26),
        description=f"Mapa de calor del engagement mediano de {history.network} por día de la semana y hora; "
                    "la tabla junto al gráfico tiene los mismos datos.",
    )
    return styled(chart)


def best_hour_table(history: Grid) -> pd.DataFrame:
    """The heatmap's text twin: the cells with posts, ranked ones best first, then the thin ones."""
    cells = history.ranking()
    return pd.DataFrame({
        "Puesto": [str(place) if ranked else "pocos datos" for place, ranked in zip(cells["puesto"],
                                                                                   cells["clasificada"])],
        "Día": [DAYS[day] for day in cells["dia"]],
        "Hora": [hour_text(hour) for hour in cells["hora"]],
        "Engagement mediano": [fmt_pct(value) for value in cells["engagement"]],
        "Publicaciones": [fmt_int(count) for count in cells["publicaciones"]],
    })
