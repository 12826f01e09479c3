"""The «Indicadores» page's charts of the requests: where they are (stage and path) and whether stages were on time."""

from __future__ import annotations

import altair as alt
import pandas as pd

from core.charts.spec import hbars, kpi_config, titled
from core.charts.theme import KPI_WIDTH, PATH_COLORS
from core.fmt import fmt_int, fmt_pct


def kpi_stages_chart(stages: pd.DataFrame, paths: tuple[str, ...]) -> alt.Chart:
    """Requests per current stage, stacked by path."""
    order = list(dict.fromkeys(stages["Etapa"]))
    rows = pd.DataFrame({"etapa": stages["Etapa"].to_numpy(), "camino": stages["Camino"].to_numpy(),
                         "valor": stages["Solicitudes"].astype(int).to_numpy()})
    rows["texto"] = [fmt_int(value) for value in rows["valor"]]
    return alt.Chart(
        rows, width=KPI_WIDTH, height=alt.Step(24), config=kpi_config(),
        title=titled("Solicitudes por etapa y camino", "Solicitudes recibidas en el periodo, en la etapa en que "
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
    return hbars(rows, title="A tiempo por etapa", subtitle="Etapas que vencían en el periodo: hechas a tiempo, "
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
