"""The «Indicadores» page's charts of the messages: the funnel from received to filed, terms, what runs out."""

from __future__ import annotations

import altair as alt
import pandas as pd

from core.charts.spec import hbars
from core.fmt import fmt_date, fmt_int, fmt_pct

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
    return hbars(kpi_funnel_rows(total), title="Mensajes: de recibidos a radicados", subtitle="PQRS: todos menos "
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
