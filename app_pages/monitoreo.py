"""Monitoreo: the daily check of each active network (who, when, new messages, pending, whether something
was published), and the days without a check or without a post (core/domain/monitoring.py)."""

from datetime import date, datetime

import streamlit as st

from core.domain.monitoring import Gap, active_networks, monitoring_days, recent_gaps
from core.register import Snapshot
from core.settings import settings_of
from core.sheet.contract import MONITORING_TAB
from core.ui import clock, work_page
from core.ui.actions import write
from core.ui.person import who


def render(snapshot: Snapshot, today: date, now: datetime) -> None:
    """Today's check of a network (recorded at `now`), then the days without a check or a post."""
    tables = snapshot.tables
    settings = settings_of(tables)
    networks = active_networks(tables)

    with st.form("mon_check"):
        st.markdown(f"**Revisión de hoy, {today:%d/%m/%Y}**")
        left, middle, right, far = st.columns(4)
        network = left.selectbox("Red *", networks, index=None, placeholder="Elija la red")
        new = middle.number_input("Mensajes nuevos", min_value=0, step=1, value=0)
        waiting = right.number_input("Pendientes", min_value=0, step=1, value=0)
        posted = far.checkbox("Se publicó hoy")
        notes = st.text_input("Observaciones")
        if st.form_submit_button("Registrar revisión", type="primary") and write(
                lambda writer: writer.create(MONITORING_TAB.name, {
                    "Fecha": today, "Red": network, "Revisado por": who(), "Hora": now,
                    "Mensajes nuevos": new, "Pendientes": waiting, "Se publicó": posted, "Observaciones": notes})):
            st.rerun()

    days_back = st.slider("Días hacia atrás", 7, 60, 14, key="mon_days")
    unchecked, silent = recent_gaps(tables, today, days_back, monitoring_days(settings.monitoring_business_days))
    st.caption("Días de monitoreo: " + ("hábiles" if settings.monitoring_business_days else
                                        "todos los días (calendario)")
               + " (ajuste «Días de monitoreo»). Redes activas según Cuentas: " + ", ".join(networks) + ".")
    left, right = st.columns(2)
    with left:
        gap_table(f"Sin revisión registrada ({len(unchecked)})", unchecked, "mon_unchecked")
    with right:
        gap_table(f"Sin publicación ({len(silent)})", silent, "mon_silent")


def gap_table(title: str, found: list[Gap], key: str) -> None:
    st.markdown(f"**{title}**")
    st.dataframe([{"Día": f"{g.day:%d/%m/%Y}", "Red": g.network} for g in found], hide_index=True,
                 width="stretch", key=key)


render(work_page("Monitoreo de redes"), clock.today(), clock.now())
