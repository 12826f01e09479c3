"""Ajustes: the leader's settings (core/settings.py), each with what it means, its value and its default."""

from datetime import date

import streamlit as st

from core.domain.setting_changes import save_setting
from core.register import Snapshot
from core.settings import SETTINGS, Setting, SettingError, Settings, settings_of
from core.sheet.contract import ATC
from core.ui import clock, work_page
from core.ui.actions import write


def render(snapshot: Snapshot, today: date) -> None:
    """The settings in tabs by group, each in its own form (the day plays no part here)."""
    current = settings_of(snapshot.tables)
    st.caption("Las lecturas del procedimiento que la oficina puede cambiar. Se guardan en la pestaña **Ajustes** de "
               "la hoja (una fila por ajuste: Ajuste, Valor), así que también se pueden editar allí; un valor que no "
               "se entiende se ignora, se usa el valor por defecto y se avisa aquí.")
    for notice in current.notices:
        st.warning(notice, icon=":material/tune:")

    groups = list(dict.fromkeys(setting.group for setting in SETTINGS))
    tabs = dict(zip(groups, st.tabs(groups)))
    for setting in SETTINGS:
        with tabs[setting.group], st.form(f"setting_{setting.name}"), st.container(border=True):
            setting_form(setting, current)


def setting_form(setting: Setting, current: Settings) -> None:
    """One setting: what it means, its default, its value and «Guardar»."""
    st.markdown(f"**{setting.name}**")
    if setting.default:
        unset = f" Por defecto: «{setting.default}»."
    elif setting.group == ATC:
        unset = " Sin valor por defecto: Divulga no inventa datos de contacto."
    else:
        unset = " Sin valor por defecto: mientras esté vacío, los informes dicen «sin definir»."
    st.caption(setting.help + unset)
    key = f"setting_value_{setting.name}"
    if not setting.options:  # free text: a mailbox, a link, a phone line…
        text = st.text_input(setting.name, value=current.text(setting), key=key, label_visibility="collapsed",
                             placeholder="Sin confirmar")
    elif setting.several:
        text = ", ".join(st.multiselect(setting.name, setting.options, default=setting.chosen(current[setting]),
                                        key=key, label_visibility="collapsed", placeholder="Ninguno"))
    else:
        text = st.radio(setting.name, setting.options, key=key, horizontal=True, label_visibility="collapsed",
                        index=setting.options.index(setting.chosen(current[setting])[0]))
    if st.form_submit_button("Guardar", key=f"save_{setting.name}"):
        try:
            setting.read(text)
        except SettingError as error:
            st.error(f"**No se guardó.** {setting.name}: {error}.")
        else:
            if write(save_setting, current, setting, text):
                st.success(f"Guardado: {setting.name} = «{text}».", icon=":material/check_circle:")


render(work_page("Ajustes"), clock.today())
