"""The app's Altair charts, built once and used by the pages and (rendered with vl-convert) by the reports.

Every chart here is built from already aggregated rows (never one mark per post), speaks Spanish (es-CO:
`4,5 %`, `12.345`, `3:00 p. m.`) and never relies on colour alone: each has labels, tooltips with the
figures as text, and a table twin (`*_table`) with the same rows for `st.dataframe` beside it.

One module per family: `best_hour` (Mejor hora), `counts` (the reports'), `kpi_posts`, `kpi_requests`,
`kpi_messages`, `kpi_accounts` (Indicadores), on `theme` (the look) and `spec` (the KPI charts' shared parts).
Every public name is importable from `core.charts`, as when this was one module.
"""

from core.charts.best_hour import best_hour_chart, best_hour_rows, best_hour_table
from core.charts.counts import counts_bar_chart, per_day_chart
from core.charts.kpi_accounts import kpi_accounts_table, kpi_growth_chart, kpi_growth_table
from core.charts.kpi_messages import (
    FUNNEL_STEPS,
    kpi_funnel_chart,
    kpi_funnel_rows,
    kpi_funnel_table,
    kpi_running_out_table,
    kpi_terms_table,
)
from core.charts.kpi_posts import (
    TIME_MEASURES,
    kpi_networks_chart,
    kpi_networks_table,
    kpi_origins_chart,
    kpi_origins_table,
    kpi_time_chart,
    kpi_time_table,
    kpi_top_table,
)
from core.charts.kpi_requests import kpi_on_time_chart, kpi_on_time_table, kpi_stages_chart, kpi_stages_table
from core.charts.theme import (
    BAR_COLOR,
    EMPTY_FILL,
    FONT,
    GRID_STROKE,
    KPI_WIDTH,
    NETWORK_COLORS,
    NUMBER_LOCALE,
    OTHER_NETWORK_COLOR,
    PATH_COLORS,
    SCHEME,
    THIN_FILL,
    pct_label_expr,
    styled,
)

__all__ = [
    "BAR_COLOR", "EMPTY_FILL", "FONT", "FUNNEL_STEPS", "GRID_STROKE", "KPI_WIDTH", "NETWORK_COLORS", "NUMBER_LOCALE",
    "OTHER_NETWORK_COLOR", "PATH_COLORS", "SCHEME", "THIN_FILL", "TIME_MEASURES", "best_hour_chart", "best_hour_rows",
    "best_hour_table", "counts_bar_chart", "kpi_accounts_table", "kpi_funnel_chart", "kpi_funnel_rows",
    "kpi_funnel_table", "kpi_growth_chart", "kpi_growth_table", "kpi_networks_chart", "kpi_networks_table",
    "kpi_on_time_chart", "kpi_on_time_table", "kpi_origins_chart", "kpi_origins_table", "kpi_running_out_table",
    "kpi_stages_chart", "kpi_stages_table", "kpi_terms_table", "kpi_time_chart", "kpi_time_table", "kpi_top_table",
    "pct_label_expr", "per_day_chart", "styled",
]
