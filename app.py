"""Divulga's entry point: page settings, who is working, and the navigation their roles allow. A router
only; the pages live in app_pages/ (a folder Streamlit does not scan by itself: every page runs under this
router, even as the first visit to a process) and are listed in core/ui/navigation.py."""

import streamlit as st

from core.ui import load_snapshot
from core.ui.navigation import navigation
from core.ui.person import Identity, identify
from core.ui.spanish import in_spanish

st.set_page_config(page_title="Divulga", layout="wide", page_icon=":material/campaign:")
in_spanish()  # Streamlit's own English hidden or replaced where a page cannot pass its words

identity = identify(lambda: load_snapshot().tables["Usuarios"])
if isinstance(identity, Identity):
    page = st.navigation(navigation(identity.roles), expanded=True)  # every allowed page in view
else:  # the login, a refusal: the only page there is, with no navigation
    page = st.navigation([st.Page(identity, title="Divulga", default=True)], position="hidden")
page.run()
