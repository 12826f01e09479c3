"""Reportes: the monthly PQRS report, the semester report and a campaign's closure, previewed with their
editable «Análisis» and «Recomendaciones», downloaded as files, and recorded as sent (Informes)."""

from datetime import date

import streamlit as st

from core.domain.campaigns import campaign_names
from core.domain.status import office_days
from core.fmt import fmt_date
from core.register import Snapshot
from core.reports import closure, pqrs_monthly, semester
from core.reports.formats import MIME, file_name, report_bytes
from core.reports.periods import month_text, recent_months, recent_semesters, semester_text
from core.reports.sent import TYPES, monthly_states, record_sent, sent_rows
from core.settings import Settings, settings_of
from core.sheet.contract import CAMPAIGNS_TAB
from core.ui import clock, work_page
from core.ui.actions import write

PREVIEW_ROWS = 50
TABS = ["PQRS mensual", "Semestral de redes", "Cierre de campaña", "Enviados"]
TAB_KEY = "r_tab"  # the open tab's label: only that tab runs


def render(snapshot: Snapshot, today: date) -> None:
    """The monthly and semester reports as of `today`, a campaign's closure, and the reports sent (the monthly
    ones late on `today` first). Only the open tab runs: each report costs a moment to prepare."""
    tables = snapshot.tables
    settings = settings_of(tables)
    monthly, semiannual, campaign, sent = st.tabs(TABS, key=TAB_KEY, on_change="rerun")
    for tab, draw in ((monthly, monthly_tab), (semiannual, semester_tab), (campaign, closure_tab), (sent, sent_tab)):
        if tab.open:
            with tab:
                draw(snapshot, settings, today)


def monthly_tab(snapshot: Snapshot, settings: Settings, today: date) -> None:
    """A month's PQRS report (last month at first)."""
    tables = snapshot.tables
    month = st.selectbox("Mes", recent_months(today), index=1, key="r_month", help="Por defecto, el mes pasado.",
                         format_func=month_text)
    with st.spinner(f"Preparando el informe de PQRS de {month}…"):  # once per register read and day
        report = snapshot.derived(("pqrs-mensual", month, today),
                                  lambda: pqrs_monthly.build(tables, month, today=today, settings=settings))
    show(snapshot, report, f"r_m_{month}", today)


def semester_tab(snapshot: Snapshot, settings: Settings, today: date) -> None:
    """A semester's network report (this semester at first)."""
    tables = snapshot.tables
    halves, current = recent_semesters(today)
    half = st.selectbox("Semestre", halves, index=current, key="r_semester", format_func=semester_text,
                        placeholder="Elija el semestre")  # never shown: today's semester is chosen
    with st.spinner(f"Preparando el informe semestral {half}…"):
        report = snapshot.derived(("semestral", half, today),
                                  lambda: semester.build(tables, half, today=today, settings=settings))
    show(snapshot, report, f"r_s_{half}", today)


def closure_tab(snapshot: Snapshot, settings: Settings, today: date) -> None:
    """A campaign's closure, once one is chosen."""
    tables = snapshot.tables
    campaigns = snapshot.derived("reportes: campañas", lambda: campaign_names(tables[CAMPAIGNS_TAB.name]))
    chosen = st.selectbox("Campaña", list(campaigns), index=None, key="r_campaign",
                          placeholder="Elija la campaña", format_func=lambda i: f"{i} · {campaigns[i]}")
    if chosen:
        with st.spinner(f"Preparando el cierre de {chosen}…"):
            report = snapshot.derived(("cierre", chosen), lambda: closure.build(tables, chosen, settings=settings))
        show(snapshot, report, f"r_c_{chosen}", today)


def sent_tab(snapshot: Snapshot, settings: Settings, today: date) -> None:
    """The monthly reports sent late, and every report sent."""
    tables = snapshot.tables
    states = monthly_states(tables, today, settings, office_days(tables))
    for state in (state for state in states if state.late):
        st.warning(state.text(), icon=":material/schedule_send:")
    if states and not any(state.late for state in states):
        st.success("Los informes mensuales de PQRS de los últimos meses se enviaron a tiempo.",
                   icon=":material/task_alt:")
    st.dataframe([{"Periodo": row.get("Periodo"), "Tipo": row.get("Tipo"),
                   "Fecha de envío": fmt_date(row.get("Fecha de envío")), "Destinatarios": row.get("Destinatarios"),
                   "Enlace": row.get("Enlace")} for row in sent_rows(tables)], hide_index=True, width="stretch",
                 column_config={"Enlace": st.column_config.LinkColumn("Enlace")}, key="r_sent")


def show(snapshot: Snapshot, report, key: str, today: date) -> None:
    """Preview, the narrative to edit, the files, and «Registrar envío». The charts' specs are made once per
    snapshot and report (`key`)."""
    tables = snapshot.tables
    if report.empty_note:
        st.info(report.empty_note, icon=":material/info:")
    st.caption(f"{report.header.entity} · {report.header.area} · {report.header.sig_text()}")
    if report.figures:
        with st.container(horizontal=True):
            for figure in report.figures[:8]:
                st.metric(figure.label, figure.text, help=figure.source or None, border=True)
    specs = snapshot.derived(("reportes: gráficos", key, today),
                             lambda: [chart.to_dict(validate=False) for chart in report.charts])
    for spec in specs:
        st.vega_lite_chart(spec)
    for table in report.tables:
        with st.expander(f"{table.title} ({len(table.rows)} filas)", expanded=not table.listing):
            st.dataframe(table.preview(PREVIEW_ROWS), hide_index=True, width="stretch")
            if len(table.rows) > PREVIEW_ROWS:
                st.caption(f"Se muestran {PREVIEW_ROWS} filas; el archivo las tiene todas.")
            if table.note:
                st.caption(table.note)
    for note in report.notes:
        st.caption(note)
    analysis = st.text_area("Análisis", value=report.analysis, height=160, key=f"{key}_analysis")
    recommendations = st.text_area("Recomendaciones", value=report.recommendations, height=120,
                                   key=f"{key}_recommendations")
    final = report.with_texts(analysis, recommendations)
    with st.container(horizontal=True):
        for file_format in report.formats:
            st.download_button(f"Descargar {file_format.upper()}", lambda f=file_format: report_bytes(final, f),
                               file_name=file_name(final, file_format), mime=MIME[file_format],
                               key=f"{key}_{file_format}",
                               on_click="ignore", icon=":material/download:")
    with st.form(f"{key}_sent"):
        st.markdown("**Registrar el envío** (queda en la pestaña Informes)")
        left, middle = st.columns([1, 3])
        sent_on = left.date_input("Fecha de envío", value=today, format="DD/MM/YYYY")
        recipients = middle.text_input("Destinatarios", placeholder="Líder de Comunicaciones, Atención a la Ciudadanía")
        link = st.text_input("Enlace al archivo enviado (carpeta compartida)")
        if st.form_submit_button("Registrar envío") and write(
                lambda writer: record_sent(writer, tables, report.kind, report.period_key, sent_on, recipients,
                                           link)):
            st.success(f"Envío registrado: {TYPES[report.kind]} {report.period_key}.", icon=":material/check_circle:")


render(work_page("Reportes"), clock.today())
