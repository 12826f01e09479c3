"""The charts' common look: the es-CO number locale, the font and the colours, and `styled`, which applies them
(so the pages and the reports' PDFs look alike)."""

from __future__ import annotations

import altair as alt

# d3's number locale for es-CO: what Vega applies to any number a chart formats by itself (axes, legends).
NUMBER_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["$", ""], "percent": " %"}
FONT = "Source Sans Pro, sans-serif"  # Streamlit's own
THIN_FILL, EMPTY_FILL, GRID_STROKE = "#d9d9d9", "#ffffff", "#bdbdbd"
SCHEME = "blues"


def pct_label_expr(decimals: int = 1) -> str:
    """A Vega expression that writes a fraction `datum.value` as `4,5 %` (for legend and axis labels)."""
    return f"replace(format(datum.value * 100, '.{decimals}f'), '.', ',') + ' %'"


def styled(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The app's common look and the es-CO number locale."""
    return (
        chart.configure(locale=alt.Locale(number=alt.NumberLocale(**NUMBER_LOCALE)), font=FONT)
        .configure_view(strokeWidth=0)
        .configure_title(anchor="start", fontSize=16, subtitleFontSize=12, subtitleColor="#555555")
        .configure_axis(labelFontSize=11, titleFontSize=12)
    )


BAR_COLOR = "#2f6b9a"
NETWORK_COLORS = {"Facebook": "#1877f2", "X": "#333333", "Instagram": "#c13584", "YouTube": "#d62718",
                  "TikTok": "#14a3a3"}
OTHER_NETWORK_COLOR = "#8c8c8c"
PATH_COLORS = ("#2f6b9a", "#e3a33a")  # Publicación independiente, Estrategia integral
KPI_WIDTH = 520
