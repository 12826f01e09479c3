"""The pages' way to the register: the snapshot, "Leer de nuevo", and store errors shown as messages.

No Streamlit cache here on purpose: `core.register.open_register()` is already one register per store
per process, and the register keeps its validated snapshot for a short ttl and hands every write's rows to it,
so every session, the CLI and the reports share one picture, and what pages derive from it is kept on it
(`Snapshot.derived`). A second cache (`st.cache_data`) would
copy the DataFrames on every rerun and outlive the writes; `st.cache_resource` would pin a register
that tests and `DIVULGA_STORE` changes need to replace.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from core.register import Register, Snapshot, open_register
from core.store import StoreError

_REFRESH_KEY = "divulga_refresh_requested"


def show_store_error(error: StoreError) -> None:
    """A store failure as a message (its text is Spanish and safe to show), never a traceback."""
    st.error(f"**No se pudo usar el registro.** {error}", icon=":material/error:")


@contextmanager
def store_errors() -> Iterator[None]:
    """Run a store call; on `StoreError`, show it and stop the page there."""
    try:
        yield
    except StoreError as error:
        show_store_error(error)
        st.stop()


def current_register() -> Register:
    """The register of `DIVULGA_STORE`, opened once per process (see the module docstring). A store
    that cannot be opened stops the page with its message."""
    try:
        return open_register()
    except StoreError as error:
        show_store_error(error)
        st.stop()


def load_snapshot() -> Snapshot:
    """The register as validated: from its short cache, or read again when "Leer de nuevo" was
    pressed. A store failure stops the page with its message."""
    register = current_register()
    refresh = bool(st.session_state.pop(_REFRESH_KEY, False))
    try:
        snapshot = register.snapshot(refresh=refresh)
    except StoreError as error:  # may pass (a busy file, a network hiccup): offer to try again
        show_store_error(error)
        reload_button()
        st.stop()
    if refresh:
        st.toast("Registro leído de nuevo.", icon=":material/refresh:")
    return snapshot


def _ask_refresh() -> None:
    st.session_state[_REFRESH_KEY] = True


def reload_button() -> None:
    """The "Leer de nuevo" button: the next run reads the register again instead of using the cache
    (the cache lasts a minute; changes made by hand in the sheet show up after it, or after this)."""
    st.button(
        "Leer de nuevo",
        key="reload",
        icon=":material/refresh:",
        on_click=_ask_refresh,
        help="Vuelve a leer el registro ahora, con los cambios hechos a mano en la hoja.",
    )
