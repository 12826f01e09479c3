"""The building blocks the KPI charts share: one config object, the networks' colours, titles and labelled bars.

They are built with Altair's constructors, the data once at the top and the layers without their own copy, and
channels spelled as objects: `alt.layer`, shorthand strings and chained `configure_*` calls copy and re-resolve
the whole spec each time, ten times the cost of the chart.
"""

from __future__ import annotations

from functools import cache

import altair as alt
import pandas as pd

from core.charts.theme import BAR_COLOR, KPI_WIDTH, NETWORK_COLORS, OTHER_NETWORK_COLOR, pct_label_expr, styled


@cache
def kpi_config() -> alt.Config:
    """`styled`'s look and es-CO locale as one config object, set once per chart instead of four copies."""
    return styled(alt.Chart()).config


def network_scale(networks) -> alt.Scale:
    names = list(dict.fromkeys(networks))
    return alt.Scale(domain=names, range=[NETWORK_COLORS.get(name, OTHER_NETWORK_COLOR) for name in names])


def titled(title: str, subtitle: str | list[str] = "") -> alt.TitleParams:
    lines = [subtitle] if isinstance(subtitle, str) and subtitle else list(subtitle or [])
    return alt.TitleParams(title, subtitle=lines)


def hbars(rows: pd.DataFrame, *, title: str, subtitle: str, value_title: str, color: str | None = None,
          percent: bool = False, width: int = KPI_WIDTH) -> alt.LayerChart:
    """Horizontal bars of rows (categoria, valor, texto, detalle) in their order, each labelled with `texto`."""
    encoding = dict(
        y=alt.Y("categoria:N", title=None, sort=list(rows["categoria"]), axis=alt.Axis(labelLimit=240)),
        x=alt.X("valor:Q", title=value_title,
                axis=alt.Axis(labelExpr=pct_label_expr(0)) if percent else alt.Axis(format=",d", tickMinStep=1),
                scale=alt.Scale(domain=[0, 1]) if percent else alt.Undefined),
        tooltip=[alt.Tooltip("categoria:N", title="Qué"), alt.Tooltip("detalle:N", title=value_title)],
    )
    bars = alt.Chart().mark_bar(color=color or BAR_COLOR).encode(**encoding)
    labels = alt.Chart().mark_text(align="left", dx=3, fontSize=11, color="#222222").encode(
        text=alt.Text("texto:N"), **encoding)
    return alt.LayerChart(data=rows, layer=[bars, labels], title=titled(title, subtitle), width=width,
                          height=alt.Step(22), description=f"{title}: barras; la tabla tiene los mismos datos.",
                          config=kpi_config())
