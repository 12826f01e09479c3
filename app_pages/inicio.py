"""Inicio: what Divulga is, which register it reads, and the state of that register."""

from datetime import date

import streamlit as st

from core.domain import pqrs
from core.domain.permissions import can_open
from core.domain.status import status
from core.fmt import fmt_int
from core.register import Snapshot
from core.ui import clock
from core.ui.empty_register import offer_to_fill, show_what_was_done
from core.ui.navigation import link
from core.ui.person import roles
from core.ui.quality import BAD_ROWS, GOOD_ROWS, summarize
from core.ui.widgets import register_page


def render(snapshot: Snapshot, today: date) -> None:
    """The PQRS queues on `today` (for the staff) and the state of the register; an empty register offers the
    demo and an import instead."""
    summary = summarize(snapshot)
    show_what_was_done()
    if summary.empty:
        offer_to_fill()
        st.stop()

    if can_open(roles(), "app_pages/colas.py"):  # the queues are the staff's (an Área solicitante does not see them)
        st.subheader("PQRS hoy")
        with st.container(horizontal=True):
            for name, count in status(snapshot, today).queue_counts().items():
                st.metric(pqrs.QUEUE_LABELS[name], fmt_int(count), border=True)
        link("app_pages/colas.py", "Colas de PQRS: cada mensaje con su vencimiento", ":material/inbox:")

    st.subheader("Estado del registro")
    good, bad, errors, notices = st.columns(4)
    good.metric(GOOD_ROWS, fmt_int(summary.good_rows), border=True,
                help="Filas que cuentan en las cifras, sumando todas las pestañas.")
    bad.metric(BAD_ROWS, fmt_int(summary.bad_rows), border=True,
               help="Filas que quedan por fuera de las cifras y de las importaciones hasta que se corrijan en la "
                    "hoja.")
    errors.metric("Errores por corregir", fmt_int(summary.errors), border=True,
                  help="Celdas que no se pueden leer (una fila puede tener varias) y columnas obligatorias que "
                       "faltan.")
    notices.metric("Avisos", fmt_int(summary.notices), border=True,
                   help="Cosas para revisar que no dejan una fila por fuera.")

    if not summary.errors and not summary.notices:
        st.success("No hay filas con errores ni avisos.", icon=":material/check_circle:")
    link("app_pages/calidad.py", "Calidad de datos: ver cada error y cada aviso", ":material/fact_check:")

    st.markdown("##### Filas por pestaña")
    st.table(summary.per_tab.style.hide(axis="index").format(fmt_int, subset=[GOOD_ROWS, BAD_ROWS]),
             width="content")


render(register_page("Divulga", "Registro de solicitudes, publicaciones y PQRS de las redes sociales del DADEP."),
       clock.today())
