"""The «Indicadores» page's charts of the accounts: followers gained or lost per account, month by month."""

from __future__ import annotations

import altair as alt
import pandas as pd

from core.charts.spec import kpi_config, network_scale, titled
from core.charts.theme import KPI_WIDTH
from core.fmt import fmt_int, fmt_pct


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
    bars = alt.Chart().mark_bar().encode(color=alt.Color("red:N", scale=network_scale(rows["red"]), legend=None),
                                         **encoding)
    rows["x_texto"] = rows["valor"].clip(lower=0)  # a loss is labelled right of zero, clear of the names
    labels = alt.Chart().mark_text(align="left", dx=3, fontSize=11, color="#222222").encode(
        text=alt.Text("texto:N"), **{**encoding, "x": alt.X("x_texto:Q")})
    return alt.LayerChart(
        data=rows, layer=[bars, labels], width=KPI_WIDTH, height=alt.Step(24), config=kpi_config(),
        title=titled("Crecimiento de seguidores por cuenta", "Seguidores al final del periodo menos al inicio; entre "
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
