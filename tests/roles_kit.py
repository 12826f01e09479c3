"""A page as someone logged in with given roles sees it: `[auth]` set, the provider's claims, and the person in
`Usuarios`, so the page and every write act with those roles (local mode, in `pages_kit`, has them all)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.pages_kit import APP

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "una-clave-de-prueba-larga",
        "client_id": "divulga", "client_secret": "secreto-de-prueba",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


def open_as(writer, page: str, name: str, roles: str) -> AppTest:
    """`page` for `name` holding `roles` (a `Usuarios.Roles` text), added to `Usuarios` through `writer`."""
    email = f"{name.split()[0].lower()}@dadep.gov.co"
    writer.create("Usuarios", {"Correo": email, "Nombre": name, "Roles": roles})
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets = {"auth": AUTH}
    at.user = {"is_logged_in": True, "email": email, "email_verified": True}
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at
