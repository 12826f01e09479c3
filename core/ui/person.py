"""Who is working in this session, with which roles: the identity every page and every write uses.

With `[auth]` in `.streamlit/secrets.toml`, Streamlit's `st.login` (OpenID Connect) identifies the
person and the `Usuarios` tab says whether they may enter, with which roles and, for an Área solicitante,
which area. Without `[auth]` (local mode) the app serves only on the loopback address, acts with every
role, and asks for a name in the sidebar so that Historial says who did what.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from core.cells import is_empty, normalize
from core.permissions import EVERY_ROLE

PERSON_KEY = "divulga_person"
IDENTITY_KEY = "divulga_identity"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Identity:
    name: str  # for Historial: the person's name from Usuarios, their e-mail, or what they typed (local)
    roles: tuple[str, ...]
    area: str | None = None  # an Área solicitante's area
    email: str | None = None
    local: bool = True


def auth_configured() -> bool:
    """Whether `[auth]` is set in secrets.toml (reading st.secrets raises when there is no file)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file, or an unreadable one: local mode
        return False


def serving_loopback() -> bool:
    return str(st.get_option("server.address") or "") in LOOPBACK


def user_row(users: pd.DataFrame, email: str) -> dict | None:
    """The `Usuarios` row of this e-mail (case and spaces ignored), or None."""
    if users.empty or is_empty(email):
        return None
    found = users[users["Correo"].map(normalize) == normalize(email)]
    return None if found.empty else found.iloc[0].to_dict()


def _refuse_address() -> None:
    st.title("Divulga")
    st.error("**Divulga no atiende en esta dirección sin inicio de sesión.** En modo local solo sirve en 127.0.0.1. "
             "Para usarlo desde otra dirección, configure `[auth]` en `.streamlit/secrets.toml` (ver README).",
             icon=":material/lock:")


def _login() -> None:
    st.title("Divulga")
    st.markdown("Registro de solicitudes, publicaciones y PQRS de las redes sociales del DADEP.")
    st.button("Iniciar sesión", type="primary", icon=":material/login:", on_click=st.login)


def _no_access() -> None:
    email = str(st.user.get("email") or "")
    st.title("Divulga")
    st.warning(f"**{email or 'Su cuenta'} no tiene acceso a Divulga.** Si debe tenerlo, pida al líder de "
               "Comunicaciones que lo agregue en la pestaña Usuarios, con sus roles.", icon=":material/block:")
    st.button("Cerrar sesión", icon=":material/logout:", on_click=st.logout)


def identify(users: Callable[[], pd.DataFrame]) -> Identity | Callable[[], None]:
    """The session's identity; or, when there is none to give, the only page to show instead: the login
    button, a polite refusal, or (local mode on a non-loopback address) the refusal to serve."""
    if not auth_configured():
        if not serving_loopback():
            return _refuse_address
        identity = Identity(str(st.session_state.get(PERSON_KEY) or "").strip(), EVERY_ROLE)
    elif not st.user.is_logged_in:
        return _login
    else:
        email = str(st.user.get("email") or "")
        row = user_row(users(), email)
        if row is None or not row.get("Roles"):
            return _no_access
        name = str(row.get("Nombre") or "").strip() or email
        area = None if is_empty(row.get("Área")) else str(row["Área"])
        identity = Identity(name, tuple(row["Roles"]), area, email, local=False)
    st.session_state[IDENTITY_KEY] = identity
    return identity


def current() -> Identity:
    """The identity app.py found for this run (every role and the typed name when run without app.py)."""
    found = st.session_state.get(IDENTITY_KEY)
    if isinstance(found, Identity) and not found.local:
        return found
    return Identity(str(st.session_state.get(PERSON_KEY) or "").strip(), EVERY_ROLE)


def person() -> str:
    """The sidebar's «Quién trabaja»: in local mode a name to type (with a banner saying so); with login,
    the person's name, roles and «Cerrar sesión»."""
    identity = current()
    if identity.local:
        st.sidebar.info("**Modo local**: sin inicio de sesión, con todos los roles. Escriba su nombre: queda en el "
                        "Historial.", icon=":material/computer:")
        return st.sidebar.text_input("Quién trabaja", key=PERSON_KEY, placeholder="Su nombre o correo",
                                     help="Queda en el Historial con cada cambio que haga.").strip()
    st.sidebar.markdown(f"**{identity.name}**  \n{', '.join(identity.roles)}"
                        + (f" · {identity.area}" if identity.area else ""))
    st.sidebar.button("Cerrar sesión", icon=":material/logout:", on_click=st.logout, key="logout")
    return identity.name


def who() -> str:
    """The name of the person working (after `person()` drew the field in this run, in local mode)."""
    return current().name


def roles() -> tuple[str, ...]:
    return current().roles


def own_area() -> str | None:
    """An Área solicitante's area (None for the other roles and in local mode)."""
    return current().area
