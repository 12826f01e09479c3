"""Every page runs under the router (app.py), even when its address is the first one a process serves.

Streamlit treats an app with a `pages/` folder the old way (one page per file, no router) until the
first run that calls `st.navigation`. So the first visit to a process through a page's own address
(`/calidad`, a bookmark after a restart) would run `pages/calidad.py` alone: no page settings, the
file names as navigation, and none of what the router will decide (who the user is, which pages their
roles may see). `app.py` marks each session it routes; a page run without that mark switches Streamlit
to the router and runs again, landing on the same page through app.py.
"""

from __future__ import annotations

import streamlit as st

_ROUTED_KEY = "divulga_routed"


def mark_routed() -> None:
    """Called by app.py right after `st.navigation`, before running the page."""
    st.session_state[_ROUTED_KEY] = True


def require_router() -> None:
    """First call of every page: run again through app.py when Streamlit started the page alone."""
    if st.session_state.get(_ROUTED_KEY):
        return
    # The flag `st.navigation` itself sets; the rerun keeps the page's address, whose page hash is the
    # same under the router (both derive it from the url path).
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()
