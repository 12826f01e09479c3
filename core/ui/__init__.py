"""The only Streamlit-aware part of core: the pages' loader of the register, shared widgets and
download helpers. Everything else in core stays free of Streamlit (`quality` here is pure too)."""

from core.ui.data import current_register, load_snapshot, reload_button, show_store_error, store_errors
from core.ui.widgets import filtered_list, register_header, work_page

__all__ = [
    "current_register",
    "filtered_list",
    "load_snapshot",
    "register_header",
    "reload_button",
    "show_store_error",
    "store_errors",
    "work_page",
]
