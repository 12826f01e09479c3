"""Streamlit's own English, hidden or replaced where a page cannot pass its own words: the file uploader's
button and size line, and the "Press Enter to…" hint under text fields. Done with a style sheet on
Streamlit's stable test IDs, once per run (app.py). What no style can reach is listed in the README."""

from __future__ import annotations

import streamlit as st

UPLOAD_LABEL = "Elegir archivo"

STYLE = f"""<style>
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button::after {{ content: "{UPLOAD_LABEL}"; }}
[data-testid="InputInstructions"] {{ display: none; }}
</style>"""


def in_spanish() -> None:
    """The style sheet above, drawn once per run from app.py (it takes no room on the page)."""
    st.html(STYLE)
