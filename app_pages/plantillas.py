"""Plantillas: the answer templates, filled with the contact data confirmed in Ajustes, ready to copy into
the network; created and edited here, with a notice when one is due for review."""

from datetime import date

import streamlit as st

from core.domain.templates import FILING_NUMBER, fill, review_notice
from core.register import Snapshot
from core.settings import PLACEHOLDERS, Settings, settings_of
from core.sheet.contract import TEMPLATES_TAB
from core.sheet.rows import frame_records
from core.ui import clock, work_page
from core.ui.actions import done, write
from core.ui.widgets import clear_fields

CREATED_KEY = "template_created"


def render(snapshot: Snapshot, today: date) -> None:
    """Each template filled and editable (reviewed `today` when ticked), then a form for a new one."""
    settings = settings_of(snapshot.tables)
    templates = [row for _, row in frame_records(snapshot.tables[TEMPLATES_TAB.name])]
    names = ", ".join(f"`{{{name}}}` ({setting.name})" for name, setting in PLACEHOLDERS.items())
    st.caption(f"Marcadores: {names} y `{{{FILING_NUMBER}}}` (el número de radicado del mensaje). Se llenan con lo "
               "confirmado en Ajustes; lo que falte queda a la vista, nunca se inventa.")
    for notice in filter(None, (review_notice(template, today, settings) for template in templates)):
        st.warning(notice, icon=":material/history:")

    for template in templates:
        with st.expander(template["Nombre"]):
            template_view(template, settings, today)

    if CREATED_KEY in st.session_state:  # the next template starts from an empty form (no double saves)
        st.success(f"Plantilla creada: «{st.session_state.pop(CREATED_KEY)}».", icon=":material/check_circle:")
        clear_fields({"t_name": "", "t_text": ""})
    with st.expander("Nueva plantilla"), st.form("t_new"):
        name = st.text_input("Nombre *", key="t_name")
        text = st.text_area("Texto *", key="t_text", height=150,
                            placeholder="Hola. Gracias por escribirnos. Nuestros canales: {canal_web}, línea {linea}.")
        if st.form_submit_button("Crear plantilla", type="primary") and write(
                lambda writer: writer.create(TEMPLATES_TAB.name, {"Nombre": name, "Texto": text,
                                                            "Última revisión": today})):
            st.session_state[CREATED_KEY] = name
            st.rerun()


def template_view(template: dict, settings: Settings, today: date) -> None:
    """A template filled with the settings, what it still lacks, and its edit form."""
    filled = fill(template["Texto"], settings)
    st.code(filled.text, language=None, wrap_lines=True)
    if filled.missing:
        st.warning("Falta confirmar: " + "; ".join(filled.missing) + ".", icon=":material/contact_phone:")
    if filled.unknown:
        st.warning("Marcadores que Divulga no conoce (se copian tal cual): " + ", ".join(filled.unknown),
                   icon=":material/help:")
    with st.form(f"t_edit_{template['Nombre']}"):
        text = st.text_area("Texto", value=template["Texto"], height=150)
        reviewed = st.checkbox(f"La revisé hoy ({today:%d/%m/%Y})")
        if st.form_submit_button("Guardar"):
            changes = {"Texto": text, **({"Última revisión": today} if reviewed else {})}
            if write(lambda writer: writer.update(TEMPLATES_TAB.name, template, changes)):
                done(f"Plantilla «{template['Nombre']}» guardada.")


render(work_page("Plantillas de respuesta"), clock.today())
