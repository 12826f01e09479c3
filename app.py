"""Divulga's entry point: page settings and the navigation. A router only; the pages live in pages/."""

import streamlit as st

from core.ui import mark_routed

st.set_page_config(page_title="Divulga", layout="wide", page_icon=":material/campaign:")

# One line per page; the first marked default opens at "/".
PAGES = [
    st.Page("pages/inicio.py", title="Inicio", icon=":material/home:", default=True),
    st.Page("pages/hoy.py", title="Hoy", icon=":material/today:"),
    st.Page("pages/solicitudes.py", title="Solicitudes", icon=":material/assignment:"),
    st.Page("pages/estrategias.py", title="Estrategias", icon=":material/flag:"),
    st.Page("pages/calidad.py", title="Calidad de datos", icon=":material/fact_check:"),
    st.Page("pages/ajustes.py", title="Ajustes", icon=":material/tune:"),
]

page = st.navigation(PAGES)
mark_routed()
page.run()
