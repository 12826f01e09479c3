"""The «Indicadores» page's charts of what was published: per network, over time, per origin, the top posts.

Each is built from one aggregate table of `core.kpis` (a few dozen rows at most), with its text twin `kpi_*_table`;
a rate is never shown without its base.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from core.charts.spec import kpi_config, network_scale, titled
from core.charts.theme import KPI_WIDTH, pct_label_expr
from core.domain.engagement import BASE_LABEL
from core.fmt import fmt_date, fmt_int, fmt_pct


def _rate_text(rate, base: str | None, count: int | None = None) -> str:
    """«4,5 % sobre alcance (120 publicaciones)»: a rate never goes without its base."""
    if rate is None or pd.isna(rate):
        return "sin dato"
    text = f"{fmt_pct(rate)} sobre {BASE_LABEL.get(base, 'otra base')}"
    return text + (f" ({fmt_int(count)} publicaciones)" if count is not None else "")


def _ints_text(value) -> str:
    return "sin dato" if value is None or pd.isna(value) else fmt_int(value)



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
        rows, width=260, height=alt.Step(24), config=kpi_config(),
        resolve=alt.Resolve(scale=alt.ScaleResolveMap(x="independent")),
        title=titled("Interacciones y alcance por red", f"Publicaciones publicadas {period_text}. Sin barra de "
                     "alcance: la red no lo da (X, YouTube)."),
        description="Barras de interacciones y de alcance por red; la tabla tiene los mismos datos.",
    ).mark_bar().encode(
        y=alt.Y("red:N", title=None, sort=order),
        x=alt.X("valor:Q", title=None, axis=alt.Axis(format=",d", tickMinStep=1)),
        color=alt.Color("red:N", scale=network_scale(order), legend=None),
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
                        tooltip=tooltip, color=alt.Color("red:N", legend=None, scale=network_scale(rows["red"])))
        panel = alt.LayerChart(layer=[alt.Chart().mark_line().encode(**encoding),
                                      alt.Chart().mark_point(filled=True, size=40).encode(**encoding)],
                               width=240, height=150)
        return alt.FacetChart(
            data=rows, spec=panel, columns=3, config=kpi_config(), description=description,
            facet=alt.Facet("panel:N", title=None, sort=list(dict.fromkeys(rows["panel"]))),
            resolve=alt.Resolve(scale=alt.ScaleResolveMap(y="independent")),
            title=titled("Engagement mediano por red", "Cada red en su panel y sobre su propia base: las tasas sobre "
                         "bases distintas no se comparan."))
    encoding = dict(x=x, y=alt.Y("valor:Q", title=measure, axis=alt.Axis(format=",d", tickMinStep=1)),
                    tooltip=tooltip, color=alt.Color("red:N", title="Red", scale=network_scale(rows["red"])))
    return alt.LayerChart(
        data=rows, layer=[alt.Chart().mark_line().encode(**encoding),
                          alt.Chart().mark_point(filled=True, size=50).encode(**encoding)],
        width=KPI_WIDTH + 160, height=240, config=kpi_config(), description=description,
        title=titled(f"{measure} por red, por {bucket}", f"Los puntos muestran la cifra de cada red en cada {bucket}; "
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
        rows, width=KPI_WIDTH, height=alt.Step(26), config=kpi_config(),
        title=titled("Publicaciones por red y origen", "Origen: con solicitud, o sin ella (cubrimiento, réplica "
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
