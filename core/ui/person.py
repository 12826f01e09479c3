"""Who is working in this session, with which roles: the identity every page and every write uses.

With `[auth]` in `.streamlit/secrets.toml`, Streamlit's `st.login` (OpenID Connect) identifies the
person and the `Usuarios` tab says whether they may enter, with which roles and, for an Área solicitante,
which area. Without `[auth]` (local mode) the app serves only on the loopback address and only to a
request that names it (so a page elsewhere cannot reach it by DNS rebinding), acts with every role, and
asks for a name in the sidebar so that Historial says who did what. A session app.py has not identified
has no roles at all.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from core.domain.permissions import EVERY_ROLE
from core.sheet.cells import is_empty

PERSON_KEY = "divulga_person"
KEPT_KEY = "divulga_person_kept"  # the typed name, out of the widget: a page change drops the widget's state
IDENTITY_KEY = "divulga_identity"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


@dataclass(frozen=True)
class Identity:
    name: str  # for Historial: the person's name from Usuarios, their e-mail, or what they typed (local)
    roles: tuple[str, ...]
    area: str | None = None  # an Área solicitante's area
    email: str | None = None
    local: bool = False  # local mode: every right, the typed name


NOBODY = Identity("", ())  # what a session app.py has not identified gets: no name, no roles


def auth_configured() -> bool:
    """Whether `[auth]` is set in secrets.toml (reading st.secrets raises when there is no file)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file, or an unreadable one: local mode
        return False


def serving_loopback() -> bool:
    return str(st.get_option("server.address") or "") in LOOPBACK


def loopback_host(host: str | None) -> bool:
    """Whether a Host header names this machine (127.0.0.1, localhost or [::1], any port): the only names
    another site cannot point at the app (DNS rebinding). Anything malformed is not."""
    try:
        parts = urlsplit(f"//{(host or '').strip()}")
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number in range
    except ValueError:
        return False
    if parts.username is not None or parts.path or parts.query or parts.fragment:
        return False
    return (parts.hostname or "").rstrip(".") in LOOPBACK


def requested_on_loopback() -> bool:
    """Whether the request that opened this session named a loopback Host. A run with no request headers at
    all has no browser or other client on the network (AppTest, a bare run): no other name can reach it."""
    headers = st.context.headers
    return not headers or loopback_host(headers.get("Host"))


def email_key(email: object) -> str:
    """An e-mail as login compares it: exact, but for surrounding spaces and the case of ASCII letters.
    Accents, full-width forms and other look-alikes stay distinct (`ｌíｄｅｒ@…` is not `lider@…`)."""
    return str(email).strip().translate(_ASCII_LOWER)


def user_row(users: pd.DataFrame, email: str) -> dict | None:
    """The `Usuarios` row of this e-mail (compared by `email_key`), or None."""
    if users.empty or is_empty(email):
        return None
    wanted = email_key(email)
    found = users[users["Correo"].map(lambda cell: not is_empty(cell) and email_key(cell) == wanted)]
    return None if found.empty else found.iloc[0].to_dict()


def email_unverified() -> bool:
    """Whether the provider says the e-mail is not verified (a provider that does not say is believed)."""
    claim = st.user.get("email_verified")
    return claim is False or (isinstance(claim, str) and claim.strip().lower() == "false")


def _refuse_address() -> None:
    st.title("Divulga")
    st.error("**Divulga no atiende en esta dirección sin inicio de sesión.** En modo local solo sirve en este "
             "equipo, en http://127.0.0.1 o http://localhost. Para usarlo desde otra dirección, configure "
             "`[auth]` en `.streamlit/secrets.toml` (ver README).", icon=":material/lock:")


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


def _unverified() -> None:
    email = str(st.user.get("email") or "")
    st.title("Divulga")
    st.warning(f"**El correo {email or 'de su cuenta'} no está verificado con su proveedor de inicio de sesión.** "
               "Verifíquelo en su cuenta (Google o Microsoft) y vuelva a entrar; mientras tanto Divulga no lo "
               "deja pasar.", icon=":material/mark_email_unread:")
    st.button("Cerrar sesión", icon=":material/logout:", on_click=st.logout)


def _typed_name() -> str:
    typed = st.session_state[KEPT_KEY] if KEPT_KEY in st.session_state else st.session_state.get(PERSON_KEY)
    return str(typed or "").strip()


def _keep_name() -> None:
    st.session_state[KEPT_KEY] = st.session_state.get(PERSON_KEY) or ""


def identify(users: Callable[[], pd.DataFrame]) -> Identity | Callable[[], None]:
    """The session's identity; or, when there is none to give, the only page to show instead: the login
    button, a polite refusal, or (local mode on a non-loopback address or Host) the refusal to serve.
    Until it finds someone, this run has nobody: an identity from an earlier run does not carry over."""
    st.session_state.pop(IDENTITY_KEY, None)
    if not auth_configured():
        if not (serving_loopback() and requested_on_loopback()):
            return _refuse_address
        identity = Identity(_typed_name(), EVERY_ROLE, local=True)
    elif not st.user.is_logged_in:
        return _login
    elif email_unverified():
        return _unverified
    else:
        email = str(st.user.get("email") or "").strip()
        row = user_row(users(), email)
        if row is None or not row.get("Roles"):
            return _no_access
        name = str(row.get("Nombre") or "").strip() or email
        area = None if is_empty(row.get("Área")) else str(row["Área"])
        identity = Identity(name, tuple(row["Roles"]), area, email)
    st.session_state[IDENTITY_KEY] = identity
    return identity


def current() -> Identity:
    """The identity app.py found in this run, with the typed name read now in local mode (it may have been
    typed after app.py ran); NOBODY, without a single role, when app.py found none: fail closed."""
    found = st.session_state.get(IDENTITY_KEY)
    if not isinstance(found, Identity):
        return NOBODY
    return replace(found, name=_typed_name()) if found.local else found


def _refuse_nobody() -> None:
    st.error("**Divulga no sabe quién trabaja en esta sesión**, así que no muestra esta página. Ábrala desde la "
             "dirección de Divulga (la página de inicio) para iniciar sesión o, en modo local, escribir su nombre.",
             icon=":material/lock:")
    st.stop()


def person() -> str:
    """The sidebar's «Quién trabaja»: in local mode a name to type (with a banner saying so); with login,
    the person's name, roles and «Cerrar sesión». A page run without an identity stops here."""
    identity = current()
    if not identity.roles:
        _refuse_nobody()
    if identity.local:
        st.sidebar.info("**Modo local**: sin inicio de sesión, con todos los roles. Escriba su nombre: queda en el "
                        "Historial.", icon=":material/computer:")
        if KEPT_KEY in st.session_state:  # typed on this or another page of this session: the new widget starts there
            st.session_state[PERSON_KEY] = st.session_state[KEPT_KEY]
        return st.sidebar.text_input("Quién trabaja", key=PERSON_KEY, placeholder="Su nombre o correo",
                                     on_change=_keep_name,
                                     help="Queda en el Historial con cada cambio que haga (se escribe una vez por "
                                          "sesión).").strip()
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
