"""Who is working in this session, for the Historial. Until login exists (issue 8) the app runs locally
with every role and asks for a name once per session, in the sidebar."""

from __future__ import annotations

import streamlit as st

from core.layout import ROLES

PERSON_KEY = "divulga_person"
EVERY_ROLE = tuple(ROLES.values)


def person() -> str:
    """The name typed in the sidebar ("" until someone types it)."""
    return st.sidebar.text_input("Quién trabaja", key=PERSON_KEY, placeholder="Su nombre o correo",
                                 help="Queda en el Historial con cada cambio que haga.").strip()


def who() -> str:
    """The name typed in «Quién trabaja» (after `person()` drew the field in this run)."""
    return str(st.session_state.get(PERSON_KEY) or "").strip()


def roles() -> tuple[str, ...]:
    """The roles of the person working: every role in local mode."""
    return EVERY_ROLE
