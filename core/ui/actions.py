"""Writes from a page, as the person working: what went wrong is a message that says what to fix, and what
the person typed stays in the form (nothing here clears a widget)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from core.errors import ActionRefused
from core.sheet.models import InvalidRecord
from core.store import StoreError
from core.ui.data import current_register
from core.ui.person import current, who


def show_refusal(error: Exception) -> None:
    """Field by field for a form; the stale-row, rule and store messages as they are."""
    if isinstance(error, InvalidRecord):
        st.error("**No se guardó.** Corrija:\n" + "\n".join(f"- **{e.field}**: {e.reason}" for e in error.errors))
    else:
        st.error(f"**No se guardó.** {error}")


def write(action: Callable[..., Any], *args: Any) -> bool:
    """Run `action(writer, *args)` as the person named in «Quién trabaja»; True when it was saved."""
    name = who()
    if not name:
        st.error("Escriba su nombre en «Quién trabaja» (barra lateral): queda en el Historial.")
        return False
    try:
        identity = current()
        writer = current_register().writer(name, None if identity.local else identity.roles, identity.area)
        action(writer, *args)
    except (ActionRefused, InvalidRecord, StoreError) as error:
        show_refusal(error)
        return False
    return True


DONE_KEY = "divulga_done"


def done(text: str) -> None:
    """After a write: run the page again (it then shows the register as written) and say there what was saved,
    naming the record, as a toast (`show_done`, called by every work page)."""
    st.session_state[DONE_KEY] = text
    st.rerun()


def show_done() -> None:
    text = st.session_state.pop(DONE_KEY, None)
    if text:
        st.toast(text, icon=":material/check_circle:")
