"""A one-click write that cannot be undone asks first: its button opens a small panel that says what will be
written, and only «Sí, …» there writes it. Forms and writes that can be corrected on the page do not ask."""

from __future__ import annotations

import streamlit as st


def yes_label(label: str) -> str:
    """«Marcar respondido» -> «Sí, marcar respondido»: the confirming button's words."""
    return f"Sí, {label[:1].lower()}{label[1:]}"


def confirmed(label: str, key: str, consequence: str, *, icon: str | None = None, primary: bool = False) -> bool:
    """The button `label` opens a panel with `consequence` (what is written, and that it stays); True on the run
    where the person confirms. `key` is the confirming button's: what tests and callers click."""
    with st.popover(label, icon=icon, type="primary" if primary else "secondary"):
        st.markdown(consequence)
        return st.button(yes_label(label), key=key, type="primary")
