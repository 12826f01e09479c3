"""Inicio: what Divulga is, which register it reads, and the state of that register."""

import streamlit as st

from core import pqrs
from core.fmt import fmt_int
from core.permissions import can_open
from core.status import status
from core.ui import clock, load_snapshot, register_header
from core.ui.empty_register import offer_to_fill, show_what_was_done
from core.ui.navigation import link
from core.ui.person import person, roles
from core.ui.quality import BAD_ROWS, GOOD_ROWS, summarize

st.title("Divulga")
st.markdown("Registro de solicitudes, publicaciones y PQRS de las redes sociales del DADEP.")

snapshot = load_snapshot()
summary = summarize(snapshot)
register_header(snapshot)
person()

show_what_was_done()
if summary.empty:
    offer_to_fill()
    st.stop()

if can_open(roles(), "app_pages/colas.py"):  # the queues are the staff's (an Área solicitante does not see them)
    st.subheader("PQRS hoy")
    with st.container(horizontal=True):
        for name, count in status(snapshot, clock.today()).queue_counts().items():
            st.metric(pqrs.QUEUE_LABELS[name], fmt_int(count), border=True)
    link("app_pages/colas.py", "Colas de PQRS: cada mensaje con su vencimiento", ":material/inbox:")

st.subheader("Estado del registro")
good, bad, errors, notices = st.columns(4)
good.metric(GOOD_ROWS, fmt_int(summary.good_rows), border=True,
            help="Filas que cuentan en las cifras, sumando todas las pestañas.")
bad.metric(BAD_ROWS, fmt_int(summary.bad_rows), border=True,
           help="Filas que quedan por fuera de las cifras y de las importaciones hasta que se corrijan en la hoja.")
errors.metric("Errores por corregir", fmt_int(summary.errors), border=True,
              help="Celdas que no se pueden leer (una fila puede tener varias) y columnas obligatorias que faltan.")
notices.metric("Avisos", fmt_int(summary.notices), border=True,
               help="Cosas para revisar que no dejan una fila por fuera.")

if not summary.errors and not summary.notices:
    st.success("No hay filas con errores ni avisos.", icon=":material/check_circle:")
link("app_pages/calidad.py", "Calidad de datos: ver cada error y cada aviso", ":material/fact_check:")

st.markdown("##### Filas por pestaña")
st.table(summary.per_tab.style.hide(axis="index").format(fmt_int, subset=[GOOD_ROWS, BAD_ROWS]), width="content")
