"""The app's Altair charts, built once and used by the pages and (rendered with vl-convert) by the reports.

Every chart here is built from already aggregated rows (never one mark per post), speaks Spanish (es-CO:
`4,5 %`, `12.345`, `3:00 p. m.`) and never relies on colour alone: each has labels, tooltips with the
figures as text, and a table twin (`*_table`) with the same rows for `st.dataframe` beside it.
"""

from __future__ import annotations

from datetime import time
from functools import cache

import altair as alt
import pandas as pd

from core.domain.best_hour import DAYS, MIN_POSTS, Grid, base_text, hour_text
from core.domain.engagement import BASE_LABEL
from core.fmt import fmt_date, fmt_int, fmt_pct, fmt_time

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


# --- Mejor hora (histórico) ----------------------------------------------------------------------------


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


# --- reports ---
# The charts of the reports (core/reports/), also for the KPI page: each takes the report's own aggregated
# table (the PDF draws them with vl-convert, so the page and the files show the same figures).

BAR_COLOR = "#2f6b9a"


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


# --- KPIs ---
# The «Indicadores» page's charts (issue 7), each from one aggregate table of `core.kpis` (a few dozen rows at
# most) with its text twin `kpi_*_table`. They are built with Altair's constructors, the data once at the top
# and the layers without their own copy, and channels spelled as objects: `alt.layer`, shorthand strings and
# chained `configure_*` calls copy and re-resolve the whole spec each time, ten times the cost of the chart.

NETWORK_COLORS = {"Facebook": "#1877f2", "X": "#333333", "Instagram": "#c13584", "YouTube": "#d62718",
                  "TikTok": "#14a3a3"}
OTHER_NETWORK_COLOR = "#8c8c8c"
PATH_COLORS = ("#2f6b9a", "#e3a33a")  # Publicación independiente, Estrategia integral
KPI_WIDTH = 520


@cache
def _kpi_config() -> alt.Config:
    """`styled`'s look and es-CO locale as one config object, set once per chart instead of four copies."""
    return styled(alt.Chart()).config


def _network_scale(networks) -> alt.Scale:
    names = list(dict.fromkeys(networks))
    return alt.Scale(domain=names, range=[NETWORK_COLORS.get(name, OTHER_NETWORK_COLOR) for name in names])


def _rate_text(rate, base: str | None, count: int | None = None) -> str:
    """«4,5 % sobre alcance (120 publicaciones)»: a rate never goes without its base."""
    if rate is None or pd.isna(rate):
        return "sin dato"
    text = f"{fmt_pct(rate)} sobre {BASE_LABEL.get(base, 'otra base')}"
    return text + (f" ({fmt_int(count)} publicaciones)" if count is not None else "")


def _ints_text(value) -> str:
    return "sin dato" if value is None or pd.isna(value) else fmt_int(value)


def _title(title: str, subtitle: str | list[str] = "") -> alt.TitleParams:
    lines = [subtitle] if isinstance(subtitle, str) and subtitle else list(subtitle or [])
    return alt.TitleParams(title, subtitle=lines)


def _hbars(rows: pd.DataFrame, *, title: str, subtitle: str, value_title: str, color: str | None = None,
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
    return alt.LayerChart(data=rows, layer=[bars, labels], title=_title(title, subtitle), width=width,
                          height=alt.Step(22), description=f"{title}: barras; la tabla tiene los mismos datos.",
                          config=_kpi_config())


def kpi_networks_chart(networks: pd.DataFrame, period_text: str) -> alt.Chart:
    """Interactions and reach per network, side by side (figures that do not depend on a base), each panel on
    its own scale; the tooltip adds the posts and the median engagement with its base. One view, faceted:
    a layer of labels would cost more than the rest of the page's charts together."""
    measures = ("Interacciones", "Alcance")
    parts = []
    for column in measures:
        values = pd.to_numeric(networks[column], errors="coerce").astype(float)
        parts.append(pd.DataFrame({
            "medida": column, "red": networks["Red"].astype(str).to_numpy(), "valor": values.fillna(0).to_numpy(),
            "texto": [_ints_text(value) for value in values],
            "publicaciones": [fmt_int(value) for value in networks["Publicaciones"]],
            "engagement": [_rate_text(rate, base, count) for rate, base, count in
                           zip(networks["Engagement"], networks["Base"], networks["En la base"])],
        }))
    rows = pd.concat(parts, ignore_index=True)
    order = list(dict.fromkeys(rows["red"]))
    return alt.Chart(
        rows, width=260, height=alt.Step(24), config=_kpi_config(),
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(x="independent")),
        title=_title("Interacciones y alcance por red", f"Publicaciones publicadas {period_text}. Sin barra de "
                     "alcance: la red no lo da (X, YouTube)."),
        description="Barras de interacciones y de alcance por red; la tabla tiene los mismos datos.",
    ).mark_bar().encode(
        y=alt.Y("red:N", title=None, sort=order),
        x=alt.X("valor:Q", title=None, axis=alt.Axis(format=",d", tickMinStep=1)),
        color=alt.Color("red:N", scale=_network_scale(order), legend=None),
        column=alt.Column("medida:N", title=None, sort=list(measures), header=alt.Header(labelFontSize=13)),
        tooltip=[alt.Tooltip("red:N", title="Red"), alt.Tooltip("medida:N", title="Cifra"),
                 alt.Tooltip("texto:N", title="Valor"), alt.Tooltip("publicaciones:N", title="Publicaciones"),
                 alt.Tooltip("engagement:N", title="Engagement mediano")],
    )


def kpi_networks_table(networks: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Red": networks["Red"],
        "Publicaciones": [fmt_int(value) for value in networks["Publicaciones"]],
        "Alcance": [_ints_text(value) for value in networks["Alcance"]],
        "Interacciones": [_ints_text(value) for value in networks["Interacciones"]],
        "Engagement mediano": [_rate_text(rate, base, count) for rate, base, count in
                               zip(networks["Engagement"], networks["Base"], networks["En la base"])],
    })


TIME_MEASURES = ("Interacciones", "Alcance", "Publicaciones", "Engagement")


def kpi_time_chart(over_time: pd.DataFrame, measure: str, bucket: str) -> alt.TopLevelMixin:
    """One line per network over the period's weeks or months. Engagement goes in one panel per network,
    each on its own base, so rates on different bases are never drawn on one axis."""
    order = list(dict.fromkeys(over_time["Periodo"]))
    values = pd.to_numeric(over_time[measure], errors="coerce").astype(float)
    rows = pd.DataFrame({
        "periodo": over_time["Periodo"].to_numpy(), "red": over_time["Red"].to_numpy(), "valor": values.to_numpy(),
        "texto": [_rate_text(rate, base) for rate, base in zip(values, over_time["Base"])] if measure == "Engagement"
        else [_ints_text(value) for value in values],
        "publicaciones": [fmt_int(value) for value in over_time["Publicaciones"]],
        "panel": [f"{name} (sobre {BASE_LABEL.get(base, 'otra base')})" for name, base in
                  zip(over_time["Red"], over_time["Base"])],
    })
    x = alt.X("periodo:O", title=f"Por {bucket}", sort=order, axis=alt.Axis(labelAngle=-40))
    tooltip = [alt.Tooltip("red:N", title="Red"), alt.Tooltip("periodo:N", title=bucket.capitalize()),
               alt.Tooltip("texto:N", title=measure), alt.Tooltip("publicaciones:N", title="Publicaciones")]
    description = f"{measure} por red a lo largo del periodo; la tabla tiene los mismos datos."
    if measure == "Engagement":
        encoding = dict(x=x, y=alt.Y("valor:Q", title="Engagement mediano", axis=alt.Axis(labelExpr=pct_label_expr(0))),
                        tooltip=tooltip, color=alt.Color("red:N", legend=None, scale=_network_scale(rows["red"])))
        panel = alt.LayerChart(layer=[alt.Chart().mark_line().encode(**encoding),
                                      alt.Chart().mark_point(filled=True, size=40).encode(**encoding)],
                               width=240, height=150)
        return alt.FacetChart(
            data=rows, spec=panel, columns=3, config=_kpi_config(), description=description,
            facet=alt.Facet("panel:N", title=None, sort=list(dict.fromkeys(rows["panel"]))),
            resolve=alt.Resolve(scale=alt.ScaleResolveMap(y="independent")),
            title=_title("Engagement mediano por red", "Cada red en su panel y sobre su propia base: las tasas sobre "
                         "bases distintas no se comparan."))
    encoding = dict(x=x, y=alt.Y("valor:Q", title=measure, axis=alt.Axis(format=",d", tickMinStep=1)),
                    tooltip=tooltip, color=alt.Color("red:N", title="Red", scale=_network_scale(rows["red"])))
    return alt.LayerChart(
        data=rows, layer=[alt.Chart().mark_line().encode(**encoding),
                          alt.Chart().mark_point(filled=True, size=50).encode(**encoding)],
        width=KPI_WIDTH + 160, height=240, config=_kpi_config(), description=description,
        title=_title(f"{measure} por red, por {bucket}", f"Los puntos muestran la cifra de cada red en cada {bucket}; "
                     "la tabla tiene los mismos datos."))


def kpi_time_table(over_time: pd.DataFrame, bucket: str) -> pd.DataFrame:
    return pd.DataFrame({
        bucket.capitalize(): over_time["Periodo"], "Red": over_time["Red"],
        "Publicaciones": [fmt_int(value) for value in over_time["Publicaciones"]],
        "Alcance": [_ints_text(value) for value in over_time["Alcance"]],
        "Interacciones": [_ints_text(value) for value in over_time["Interacciones"]],
        "Engagement mediano": [_rate_text(rate, base) for rate, base in zip(over_time["Engagement"],
                                                                            over_time["Base"])],
    })


def kpi_origins_chart(origins: pd.DataFrame) -> alt.Chart:
    """Posts per network, stacked by origin (Solicitud, Cubrimiento, Réplica distrital, Coyuntura)."""
    rows = pd.DataFrame({"red": origins["Red"].to_numpy(), "origen": origins["Origen"].to_numpy(),
                         "valor": origins["Publicaciones"].astype(int).to_numpy()})
    rows["texto"] = [fmt_int(value) for value in rows["valor"]]
    return alt.Chart(
        rows, width=KPI_WIDTH, height=alt.Step(26), config=_kpi_config(),
        title=_title("Publicaciones por red y origen", "Origen: con solicitud, o sin ella (cubrimiento, réplica "
                     "distrital, coyuntura)."),
        description="Barras apiladas de publicaciones por red y origen; la tabla tiene los mismos datos.",
    ).mark_bar().encode(
        y=alt.Y("red:N", title=None, sort=list(dict.fromkeys(rows["red"]))),
        x=alt.X("valor:Q", title="Publicaciones", stack="zero", axis=alt.Axis(format=",d", tickMinStep=1)),
        color=alt.Color("origen:N", title="Origen", scale=alt.Scale(scheme="tableau10")),
        order=alt.Order("origen:N"),
        tooltip=[alt.Tooltip("red:N", title="Red"), alt.Tooltip("origen:N", title="Origen"),
                 alt.Tooltip("texto:N", title="Publicaciones")],
    )


def kpi_origins_table(origins: pd.DataFrame) -> pd.DataFrame:
    """Networks down, origins across, with each network's total."""
    table = origins.pivot_table(index="Red", columns="Origen", values="Publicaciones", aggfunc="sum", fill_value=0,
                                sort=False)
    table["Total"] = table.sum(axis=1)
    return table.map(fmt_int).reset_index().rename_axis(None, axis=1)


def kpi_top_table(top: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Red": top["Red"], "Lista": top["Lista"], "Puesto": [fmt_int(value) for value in top["Puesto"]],
        "ID": top["ID"], "Publicada": [fmt_date(value) for value in top["Publicada"]], "Origen": top["Origen"],
        "Interacciones": [_ints_text(value) for value in top["Interacciones"]],
        "Engagement": [_rate_text(rate, base) for rate, base in zip(top["Engagement"], top["Base"])],
        "Enlace": top["Enlace"],
    })


def kpi_stages_chart(stages: pd.DataFrame, paths: tuple[str, ...]) -> alt.Chart:
    """Requests per current stage, stacked by path."""
    order = list(dict.fromkeys(stages["Etapa"]))
    rows = pd.DataFrame({"etapa": stages["Etapa"].to_numpy(), "camino": stages["Camino"].to_numpy(),
                         "valor": stages["Solicitudes"].astype(int).to_numpy()})
    rows["texto"] = [fmt_int(value) for value in rows["valor"]]
    return alt.Chart(
        rows, width=KPI_WIDTH, height=alt.Step(24), config=_kpi_config(),
        title=_title("Solicitudes por etapa y camino", "Solicitudes recibidas en el periodo, en la etapa en que "
                     "están hoy."),
        description="Barras apiladas de solicitudes por etapa y camino; la tabla tiene los mismos datos.",
    ).mark_bar().encode(
        y=alt.Y("etapa:N", title=None, sort=order, axis=alt.Axis(labelLimit=240)),
        x=alt.X("valor:Q", title="Solicitudes", stack="zero", axis=alt.Axis(format=",d", tickMinStep=1)),
        color=alt.Color("camino:N", title="Camino", scale=alt.Scale(domain=list(paths), range=list(PATH_COLORS)),
                        legend=alt.Legend(orient="bottom", labelLimit=300)),
        tooltip=[alt.Tooltip("etapa:N", title="Etapa"), alt.Tooltip("camino:N", title="Camino"),
                 alt.Tooltip("texto:N", title="Solicitudes")],
    )


def kpi_stages_table(stages: pd.DataFrame, stage_rows: tuple[str, ...],
                     paths: dict[str, tuple[int, ...]]) -> pd.DataFrame:
    """Stages down (in the procedure's order), paths across; «No aplica» where a stage is off a path."""
    counts = {(stage, path): count for stage, path, count in
              zip(stages["Etapa"], stages["Camino"], stages["Solicitudes"])}
    present = set(stages["Etapa"])
    lines = []
    for number, stage in enumerate(stage_rows, start=1):
        if number > 8 and stage not in present:
            continue
        line = {"Etapa": stage}
        for path, route in paths.items():
            off = number <= 8 and number not in route
            line[path] = "No aplica" if off and not counts.get((stage, path)) else fmt_int(counts.get((stage, path), 0))
        line["Total"] = fmt_int(sum(counts.get((stage, path), 0) for path in paths))
        lines.append(line)
    return pd.DataFrame(lines)


def kpi_on_time_chart(on_time: pd.DataFrame) -> alt.LayerChart:
    """The on-time rate of each stage, labelled with its base («85,0 % de 40»)."""
    shown = on_time[on_time["Base"] > 0]
    rows = pd.DataFrame({
        "categoria": [f"{number}. {name}" for number, name in zip(shown["Número"], shown["Etapa"])],
        "valor": shown["Tasa"].astype(float).to_numpy(),
        "texto": [f"{fmt_pct(rate)} de {fmt_int(base)}" for rate, base in zip(shown["Tasa"], shown["Base"])],
    })
    rows["detalle"] = rows["texto"]
    return _hbars(rows, title="A tiempo por etapa", subtitle="Etapas que vencían en el periodo: hechas a tiempo, "
                  "sobre las hechas más las vencidas.", value_title="A tiempo", percent=True)


def kpi_on_time_table(on_time: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Etapa": [f"{number}. {name}" for number, name in zip(on_time["Número"], on_time["Etapa"])],
        "A tiempo": [fmt_int(value) for value in on_time["A tiempo"]],
        "Tarde": [fmt_int(value) for value in on_time["Tarde"]],
        "En curso, sin vencer": [fmt_int(value) for value in on_time["En curso"]],
        "A tiempo (%)": [f"{fmt_pct(rate)} de {fmt_int(base)}" if base else "sin base"
                         for rate, base in zip(on_time["Tasa"], on_time["Base"])],
    })


FUNNEL_STEPS = (("Recibidos", None), ("PQRS", "Recibidos"), ("Respondidos", "Recibidos"),
                ("Enviados a ATC", "PQRS"), ("Radicados", "PQRS"))


def kpi_funnel_rows(total: pd.DataFrame) -> pd.DataFrame:
    """The funnel's steps, each with its count and its rate over its base."""
    row = total.iloc[0] if len(total) else {}
    lines = []
    for step, base in FUNNEL_STEPS:
        count = int(row.get(step, 0) or 0)
        of = int(row.get(base, 0) or 0) if base else None
        detail = fmt_int(count) + (f" ({fmt_pct(count / of)} de {fmt_int(of)} {base.lower()})" if of else "")
        lines.append({"categoria": step, "valor": count, "texto": fmt_int(count), "detalle": detail})
    return pd.DataFrame(lines)


def kpi_funnel_chart(total: pd.DataFrame) -> alt.LayerChart:
    return _hbars(kpi_funnel_rows(total), title="Mensajes: de recibidos a radicados", subtitle="PQRS: todos menos "
                  "«No es PQRS». Enviados y radicados se cuentan sobre los PQRS.", value_title="Mensajes")


def kpi_funnel_table(funnel: pd.DataFrame) -> pd.DataFrame:
    """A funnel per tipología, topic or network (or the total), every rate with its base."""
    from core.kpis import days_text, hours_text  # here, so that importing the charts does not import core.kpis

    label = funnel.columns[0]

    def rate(count, base) -> str:
        return f"{fmt_int(count)} ({fmt_pct(count / base)})" if base else fmt_int(count)

    return pd.DataFrame({
        label: funnel[label],
        "Recibidos": [fmt_int(value) for value in funnel["Recibidos"]],
        "Respondidos (de recibidos)": [rate(c, b) for c, b in zip(funnel["Respondidos"], funnel["Recibidos"])],
        "PQRS": [fmt_int(value) for value in funnel["PQRS"]],
        "Enviados a ATC (de PQRS)": [rate(c, b) for c, b in zip(funnel["Enviados a ATC"], funnel["PQRS"])],
        "Radicados (de PQRS)": [rate(c, b) for c, b in zip(funnel["Radicados"], funnel["PQRS"])],
        "Primera respuesta (mediana)": [hours_text(hours) for hours in funnel["Respuesta (h)"]],
        "Envío a ATC (mediana)": [days_text(days) for days in funnel["Envío (días hábiles)"]],
    })


def kpi_terms_table(terms: pd.DataFrame) -> pd.DataFrame:
    return terms.assign(**{name: terms[name].map(fmt_int) for name in terms.columns[1:]})


def kpi_running_out_table(running_out: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"ID": running_out["ID"], "Red": running_out["Red"], "Tipología": running_out["Tipología"],
                         "Recibido": [fmt_date(value) for value in running_out["Recibido"]],
                         "Vence": [fmt_date(value) for value in running_out["Vence"]]})


def kpi_growth_chart(accounts: pd.DataFrame, month_label) -> alt.LayerChart:
    """Each account's change in followers over the period (`core.kpis.growth_per_account`), labelled with the
    change and its share of the followers at the start: accounts of very different sizes side by side."""
    rows = pd.DataFrame({
        "cuenta": [f"{network} · {account}" for network, account in zip(accounts["Red"], accounts["Cuenta"])],
        "red": accounts["Red"].to_numpy(), "valor": accounts["Crecimiento"].astype(float).to_numpy(),
        "desde": [f"{month_label(month)}: {fmt_int(count)}" for month, count in
                  zip(accounts["Desde"], accounts["Seguidores al inicio"])],
        "hasta": [f"{month_label(month)}: {fmt_int(count)}" for month, count in
                  zip(accounts["Hasta"], accounts["Seguidores al final"])],
    })
    rows["texto"] = [f"{'+' if value >= 0 else ''}{fmt_int(value)}" + (f" ({fmt_pct(rate)})" if not pd.isna(rate)
                                                                       else "")
                     for value, rate in zip(rows["valor"], accounts["Relativo"])]
    encoding = dict(
        y=alt.Y("cuenta:N", title=None, sort=list(rows["cuenta"]), axis=alt.Axis(labelLimit=300)),
        x=alt.X("valor:Q", title="Crecimiento de seguidores", axis=alt.Axis(format=",d", tickMinStep=1)),
        tooltip=[alt.Tooltip("cuenta:N", title="Cuenta"), alt.Tooltip("desde:N", title="Al inicio"),
                 alt.Tooltip("hasta:N", title="Al final"), alt.Tooltip("texto:N", title="Crecimiento")],
    )
    bars = alt.Chart().mark_bar().encode(color=alt.Color("red:N", scale=_network_scale(rows["red"]), legend=None),
                                         **encoding)
    rows["x_texto"] = rows["valor"].clip(lower=0)  # a loss is labelled right of zero, clear of the names
    labels = alt.Chart().mark_text(align="left", dx=3, fontSize=11, color="#222222").encode(
        text=alt.Text("texto:N"), **{**encoding, "x": alt.X("x_texto:Q")})
    return alt.LayerChart(
        data=rows, layer=[bars, labels], width=KPI_WIDTH, height=alt.Step(24), config=_kpi_config(),
        title=_title("Crecimiento de seguidores por cuenta", "Seguidores al final del periodo menos al inicio; entre "
                     "paréntesis, sobre los del inicio."),
        description="Barras del crecimiento de seguidores de cada cuenta; la tabla tiene los mismos datos.")


def kpi_growth_table(growth: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Mes": growth["Etiqueta"], "Red": growth["Red"], "Cuenta": growth["Cuenta"],
        "Seguidores": [fmt_int(value) for value in growth["Seguidores"]],
        "Crecimiento": ["sin mes anterior" if pd.isna(value) else f"{'+' if value >= 0 else ''}{fmt_int(value)}"
                        for value in growth["Crecimiento"]],
    })


def kpi_accounts_table(accounts: pd.DataFrame, month_label) -> pd.DataFrame:
    return pd.DataFrame({
        "Red": accounts["Red"], "Cuenta": accounts["Cuenta"],
        "Desde": [month_label(value) for value in accounts["Desde"]],
        "Seguidores al inicio": [fmt_int(value) for value in accounts["Seguidores al inicio"]],
        "Hasta": [month_label(value) for value in accounts["Hasta"]],
        "Seguidores al final": [fmt_int(value) for value in accounts["Seguidores al final"]],
        "Crecimiento": [f"{'+' if value >= 0 else ''}{fmt_int(value)}" for value in accounts["Crecimiento"]],
        "Crecimiento (%)": [f"{fmt_pct(rate)} sobre los seguidores al inicio" if not pd.isna(rate) else "sin dato"
                            for rate in accounts["Relativo"]],
    })
