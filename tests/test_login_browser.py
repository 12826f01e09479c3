"""Login through a real OpenID Connect provider (`oidc-provider-mock`) in a real browser (issue 13, point 9):
the e-mail the provider gives must be a `Usuarios` e-mail exactly, ASCII case aside, and an e-mail the
provider says is not verified is refused. The app, the browser and the helpers are the browser journeys'."""

from __future__ import annotations

import pytest
from oidc_provider_mock import User, run_server_in_thread
from playwright import sync_api

from core.register import open_register
from tests import test_browser_journey as journey
from tests.test_browser_journey import WAIT_MS, log_in, log_out, serve_with_login

page = journey.page  # the journeys' fixtures: a Chromium page, and the check that Chromium is there
_chromium_installed = journey._chromium_installed

pytestmark = pytest.mark.browser

LEADER, NEWCOMER = "lider@dadep.gov.co", "nueva@dadep.gov.co"


@pytest.fixture
def provider_server(store_url, tmp_path):
    """The app with `[auth]` on a local provider that says the newcomer's e-mail is not verified (and says
    nothing about anyone else's); both are in `Usuarios`."""
    open_register(store_url).writer("Prueba").create_many("Usuarios", [
        {"Correo": LEADER, "Nombre": "Marcela Ruiz", "Roles": "Líder"},
        {"Correo": NEWCOMER, "Nombre": "Nueva Persona", "Roles": "Periodista"},
    ])
    unverified = User(sub=NEWCOMER, claims={"email": NEWCOMER, "email_verified": False})
    with run_server_in_thread(user_claims=[unverified]) as provider:
        yield from serve_with_login(tmp_path, store_url, provider)


def test_the_provider_s_e_mail_must_be_exact_and_verified(provider_server, page, tmp_path):
    expect = sync_api.expect
    main = page.locator("[data-testid='stMain']")
    sidebar = page.locator("[data-testid='stSidebar']")
    try:
        log_in(page, provider_server, "ｌíｄｅｒ@dadep.gov.co")  # full-width letters and an accent: someone else
        expect(main.get_by_text("ｌíｄｅｒ@dadep.gov.co no tiene acceso a Divulga")).to_be_visible(timeout=WAIT_MS)
        expect(sidebar.get_by_text("Marcela Ruiz")).to_have_count(0)
        log_out(page, main.get_by_role("button", name="Cerrar sesión"))

        log_in(page, provider_server, NEWCOMER)
        expect(main.get_by_text(f"El correo {NEWCOMER} no está verificado con su proveedor")).to_be_visible(
            timeout=WAIT_MS)
        expect(sidebar.get_by_text("Nueva Persona")).to_have_count(0)
        log_out(page, main.get_by_role("button", name="Cerrar sesión"))

        log_in(page, provider_server, "Lider@DADEP.gov.co")  # ASCII case does not count
        expect(sidebar.get_by_text("Marcela Ruiz")).to_be_visible(timeout=WAIT_MS)
    except Exception:
        page.screenshot(path=str(tmp_path / "fallo.png"), full_page=True)
        raise
