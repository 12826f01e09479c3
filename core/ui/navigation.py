"""The app's pages, grouped as the office works, and the navigation each person gets: only the pages their
roles may open (`core.domain.permissions.PAGES`). A page not in someone's navigation cannot be reached by its
address either: Streamlit serves only the pages `st.navigation` was given."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from core.domain.permissions import can_open

ROOT = Path(__file__).resolve().parents[2]

# (section, file, title, icon); the first one opens at "/" (Inicio: every role may open it). Sections name
# the work, never a role: who sees a page is `core.domain.permissions.PAGES` alone.
PAGES: list[tuple[str, str, str, str]] = [
    ("", "app_pages/inicio.py", "Inicio", ":material/home:"),
    ("", "app_pages/hoy.py", "Hoy", ":material/today:"),
    ("Seguimiento", "app_pages/kpis.py", "Indicadores", ":material/insights:"),
    ("Seguimiento", "app_pages/reportes.py", "Reportes", ":material/summarize:"),
    ("Publicaciones", "app_pages/solicitudes.py", "Solicitudes", ":material/assignment:"),
    ("Publicaciones", "app_pages/estrategias.py", "Estrategias", ":material/flag:"),
    ("Publicaciones", "app_pages/parrilla.py", "Parrilla", ":material/calendar_month:"),
    ("Publicaciones", "app_pages/metricas.py", "Métricas", ":material/monitoring:"),
    ("Ciudadanía", "app_pages/mensajes.py", "Mensajes", ":material/forum:"),
    ("Ciudadanía", "app_pages/colas.py", "Colas de PQRS", ":material/inbox:"),
    ("Ciudadanía", "app_pages/monitoreo.py", "Monitoreo", ":material/visibility:"),
    ("Ciudadanía", "app_pages/plantillas.py", "Plantillas", ":material/chat:"),
    ("Administración", "app_pages/cuentas.py", "Cuentas", ":material/key:"),
    ("Administración", "app_pages/historial.py", "Historial", ":material/history:"),
    ("Administración", "app_pages/calidad.py", "Calidad de datos", ":material/fact_check:"),
    ("Administración", "app_pages/ajustes.py", "Ajustes", ":material/tune:"),
]
TITLES = {path: title for _, path, title, _ in PAGES}


def navigation(roles: tuple[str, ...]) -> dict[str, list]:
    """The sections and pages these roles may open (pages whose file is not there yet are left out)."""
    sections: dict[str, list] = {}
    for index, (section, path, title, icon) in enumerate(PAGES):
        if can_open(roles, path) and (ROOT / path).exists():
            sections.setdefault(section, []).append(st.Page(path, title=title, icon=icon, default=index == 0))
    return sections


def link(path: str, label: str, icon: str) -> None:
    """A link to another page, drawn only for those whose roles may open it (Streamlit refuses a link to a
    page outside the person's navigation)."""
    from core.ui.person import roles  # here: person imports permissions too, not navigation

    if can_open(roles(), path):
        st.page_link(path, label=label, icon=icon)


# Where a record opens: its page and the session key of that page's chooser; Mensajes opens on «Un mensaje».
RECORD_PAGES: dict[str, tuple[str, str | None]] = {
    "Solicitudes": ("app_pages/solicitudes.py", "chosen"),
    "Estrategias": ("app_pages/estrategias.py", "c_chosen"),
    "Mensajes": ("app_pages/mensajes.py", "m_chosen"),
    "Publicaciones": ("app_pages/parrilla.py", "grid_post"),
    "Monitoreo": ("app_pages/monitoreo.py", None),  # the day's check: the page itself
}
OPEN_MESSAGE_KEY = "m_open"  # Mensajes opens on its «Un mensaje» tab


def open_record(tab: str, record_id: str) -> None:
    """Go to the page of a record and open it there (a row chosen in Hoy or in the queues)."""
    from core.ui.person import roles  # here: person imports permissions too, not navigation

    path, key = RECORD_PAGES[tab]
    if not can_open(roles(), path):
        st.info(f"{record_id} se abre en {TITLES[path]}, una página que su rol no abre.", icon=":material/lock:")
        return
    if key:
        st.session_state[key] = record_id
    if tab == "Mensajes":
        st.session_state[OPEN_MESSAGE_KEY] = True
    st.switch_page(path)
