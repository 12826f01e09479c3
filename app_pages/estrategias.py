"""Estrategias: the campaigns, each with its requests and posts on one timeline, and its closure."""

from datetime import date

import streamlit as st

from core.domain import campaigns
from core.domain.campaign_analysis import analyse, summary_text
from core.domain.status import RecordStatus, status
from core.fmt import fmt_date, fmt_int, fmt_pct
from core.register import Snapshot
from core.sheet.contract import CAMPAIGN_STATE_CHOICES, CAMPAIGNS_TAB, CLOSED, POSTS_TAB, REQUESTS_TAB
from core.ui import clock, work_page
from core.ui.actions import done, write
from core.ui.campaigns_view import campaign_list
from core.ui.widgets import clear_fields, opening_list

CREATED_KEY = "campaign_created"


def render(snapshot: Snapshot, today: date) -> None:
    """The campaigns (their closures due or late on `today`), a form for a new one, and the campaign chosen."""
    tables = snapshot.tables
    standing = status(snapshot, today).records[CAMPAIGNS_TAB.name]  # each campaign's closure due date, from the status
    if CREATED_KEY in st.session_state:  # the next campaign starts from an empty form (no double saves)
        clear_fields({"c_name": "", "c_area": "", "c_goal": "", "c_allies": "", "c_start": None, "c_end": None})

    listed, ids = campaign_list(tables[CAMPAIGNS_TAB.name], standing, today)
    chosen = opening_list(listed, ids, key="campaigns_table", chosen_key="c_chosen")
    st.caption("Elija una fila para abrir la campaña.")

    with st.expander("Nueva campaña"):
        new_campaign()

    row_of = {row_id: int(at) for at, row_id in zip(tables[CAMPAIGNS_TAB.name].index, ids) if row_id}
    if chosen in row_of:
        campaign_view(snapshot, chosen, standing[row_of[chosen]], today)


def new_campaign() -> None:
    """The form of a new campaign; once created it is listed at once and the form starts empty."""
    with st.form("new_campaign"):
        name = st.text_input("Nombre *", key="c_name")
        area = st.text_input("Área", key="c_area")
        goal = st.text_area("Objetivo", key="c_goal")
        allies = st.text_input("Entidades aliadas (separadas por comas)", key="c_allies")
        left, right = st.columns(2)
        start = left.date_input("Inicio *", value=None, format="DD/MM/YYYY", key="c_start")
        end = right.date_input("Fin *", value=None, format="DD/MM/YYYY", key="c_end")
        if st.form_submit_button("Crear campaña", type="primary"):
            made = []
            if write(lambda writer: made.append(writer.create(CAMPAIGNS_TAB.name, {
                    "Nombre": name, "Área": area, "Objetivo": goal, "Entidades aliadas": allies, "Inicio": start,
                    "Fin": end, "Estado": CAMPAIGN_STATE_CHOICES.values[0]}))):
                st.session_state[CREATED_KEY] = made[0]
                st.rerun()  # listed at once, and the form starts empty
    if CREATED_KEY in st.session_state:
        st.success(f"Campaña creada: **{st.session_state.pop(CREATED_KEY)}**.", icon=":material/check_circle:")


def campaign_view(snapshot: Snapshot, chosen: str, record: RecordStatus, today: date) -> None:
    """One campaign: whether its closure is late, its timeline, its results per network, a request to link,
    and its closure (with a draft of the analysis)."""
    tables = snapshot.tables
    seen = snapshot.record(CAMPAIGNS_TAB.name, chosen)
    st.subheader(f"{seen['Nombre']} ({chosen})")
    if record.overdue(today):
        st.warning(f"El cierre está atrasado: vencía el {fmt_date(record.due)}.", icon=":material/schedule:")
    st.markdown("##### Línea de tiempo")
    st.dataframe(campaigns.timeline(chosen, tables[REQUESTS_TAB.name], tables[POSTS_TAB.name]), hide_index=True,
                 width="stretch", key="timeline")
    st.markdown("##### Resultados por red")
    result = analyse(tables, seen)
    if result.per_network.empty:
        st.caption("Aún no hay publicaciones publicadas de esta campaña.")
    else:
        st.dataframe(
            [{"Red": row["Red"], "Publicaciones": fmt_int(row["Publicaciones"]), "Alcance": fmt_int(row["Alcance"]),
              "Interacciones": fmt_int(row["Interacciones"]),
              "Engagement mediano": f"{fmt_pct(row['Engagement'])} sobre {row['Base']}",
              "Mediana de la red en esas fechas": fmt_pct(row["Mediana de la red"])}
             for row in result.per_network.to_dict("records")], hide_index=True, width="stretch", key="results")

        def listed(frame) -> str:
            rows = frame.to_dict("records")
            return "; ".join(f"{row['Red']}: {row['ID']} ({fmt_pct(row['engagement'])})" for row in rows)

        st.caption(f"Mejor publicación de cada red: {listed(result.best)}"
                   + (f" · peor: {listed(result.worst)}" if len(result.worst) else "") + ".")
    loose = campaigns.unlinked_requests(tables[REQUESTS_TAB.name])
    with st.form("link"):
        request_id = st.selectbox("Vincular una solicitud", list(loose), index=None, key="c_link",
                                  placeholder="Elija o busque la solicitud",
                                  help="Solo las que pueden unirse a la campaña: sin campaña, abiertas, en Identificar "
                                       "las necesidades o de Ajustes en adelante.",
                                  format_func=lambda i: f"{i} · {loose[i]['Título']}")
        if st.form_submit_button("Vincular") and request_id and write(
                lambda writer: campaigns.link_request(writer, snapshot.record(REQUESTS_TAB.name, request_id), chosen)):
            done(f"{request_id} vinculada a la campaña {chosen}.")
    if seen.get("Estado") != CLOSED:
        st.button("Escribir un borrador del análisis con estas cifras", key="c_draft", icon=":material/edit_note:",
                  on_click=lambda text: st.session_state.update(c_analysis=text), args=(summary_text(result),),
                  help="Llena «Análisis de las métricas» con las cifras de arriba; revíselo y complételo antes de "
                       "cerrar.")
        with st.form("close_campaign"):
            links = st.text_area("Evidencias (un enlace por línea)", key="c_evidence")
            analysis = st.text_area("Análisis de las métricas", height=200, key="c_analysis")
            if st.form_submit_button("Cerrar la campaña") and write(
                    lambda writer: campaigns.close(writer, seen, links.split(), analysis, today)):
                done(f"Campaña {chosen} cerrada.")
    else:
        st.success(f"Campaña cerrada el {fmt_date(seen.get('Fecha de cierre'))}.", icon=":material/task_alt:")


render(work_page("Estrategias (campañas)"), clock.today())
