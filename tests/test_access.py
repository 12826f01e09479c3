"""Who gets in (issue 13, points 8 to 10): local mode answers only to a loopback Host, at Streamlit's door
(`server.allowedHosts`, checked on the WebSocket) and in app.py itself; login matches the e-mail exactly
(ASCII case and surrounding spaces aside) and refuses one the provider has not verified; and a session
app.py has not identified has no roles at all.

The server tests run `streamlit run app.py` and speak its WebSocket protocol the way a browser does, over a
socket to 127.0.0.1 that sends another Host: what a page elsewhere gets after rebinding its name."""

from __future__ import annotations

import socket
from pathlib import Path
from types import SimpleNamespace

import pytest
from google.protobuf import text_format
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.testing.v1 import AppTest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from core.domain.permissions import EVERY_ROLE
from core.ui.navigation import TITLES
from core.ui.person import IDENTITY_KEY, PERSON_KEY, email_key, loopback_host, user_row
from tests.test_browser_journey import serve

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
LEADER, JOURNALIST = "lider@dadep.gov.co", "periodista@dadep.gov.co"
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "una-clave-de-prueba-larga",
        "client_id": "divulga", "client_secret": "secreto-de-prueba",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
REFUSED_ADDRESS = "no atiende en esta dirección sin inicio de sesión"
RECEIVE_S = 60


# --- the Host check -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8501", "localhost", "localhost:8501", "LocalHost:80",
                                  "localhost.:8501", "[::1]", "[::1]:8501", " 127.0.0.1:8501 "])
def test_a_loopback_host_is_this_machine(host):
    assert loopback_host(host)


@pytest.mark.parametrize("host", [None, "", "evil.example", "evil.example:8501", "127.0.0.1.evil.example",
                                  "localhost.evil.example:8501", "127.0.0.2:8501", "0.0.0.0:8501", "[::2]:8501",
                                  "192.168.1.20:8501", "localhost:puerto", "localhost:99999",
                                  "evil.example@localhost", "localhost/evil", "localhost#x", "[::1",
                                  "ｌｏｃａｌｈｏｓｔ:8501"])
def test_any_other_host_is_not(host):
    assert not loopback_host(host)


def _with_host(monkeypatch, host: str) -> None:
    """AppTest has no browser, so no request headers: give its session a client whose request sent `host`."""
    client = SimpleNamespace(headers=[("Host", host), ("Upgrade", "websocket")])
    monkeypatch.setattr("streamlit.runtime.context._get_client_context", lambda: client)


def test_local_mode_refuses_a_session_opened_under_another_name(store_url, monkeypatch):
    _with_host(monkeypatch, "evil.example:8501")
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert REFUSED_ADDRESS in at.error[0].value
    assert not at.sidebar.text_input and not at.sidebar.info  # no «Quién trabaja», no «Modo local»
    assert IDENTITY_KEY not in at.session_state


@pytest.mark.parametrize("host", ["127.0.0.1:8501", "localhost:8501", "[::1]:8501"])
def test_local_mode_serves_a_session_opened_on_this_machine(store_url, monkeypatch, host):
    _with_host(monkeypatch, host)
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.error and "Modo local" in at.sidebar.info[0].value
    assert at.session_state[IDENTITY_KEY].roles == EVERY_ROLE


# --- the e-mail of a login ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "given", "same"), [
    (LEADER, LEADER, True),
    ("Lider@DADEP.gov.co", LEADER, True),  # ASCII case does not count
    (f"  {LEADER}\t", f" {LEADER} ", True),  # nor surrounding spaces, in the cell or in the claim
    ("ｌíｄｅｒ@dadep.gov.co", LEADER, False),  # full-width letters and an accent are other characters
    ("líder@dadep.gov.co", LEADER, False),
    ("LÍDER@dadep.gov.co", "líder@dadep.gov.co", False),  # case is ignored for ASCII letters only
    ("\u212aelly@dadep.gov.co", "kelly@dadep.gov.co", False),  # the Kelvin sign, which lower() makes a k
    ("lider@dadep.gov.co.", LEADER, False),
    ("li der@dadep.gov.co", LEADER, False),
])
def test_an_e_mail_matches_exactly_but_for_ascii_case_and_surrounding_spaces(typed, given, same):
    assert (email_key(typed) == email_key(given)) is same


def test_the_usuarios_row_is_the_one_of_that_exact_e_mail():
    import pandas as pd

    users = pd.DataFrame({"Correo": ["ｌíｄｅｒ@dadep.gov.co", None, f" {LEADER.upper()} "],
                          "Nombre": ["Impostor", "Vacío", "Marcela Ruiz"], "Roles": [["Líder"]] * 3})
    assert user_row(users, LEADER)["Nombre"] == "Marcela Ruiz"
    assert user_row(users, "lídér@dadep.gov.co") is None
    assert user_row(users, "  ") is None


@pytest.fixture
def users(register):
    register.writer("Prueba").create_many("Usuarios", [
        {"Correo": JOURNALIST, "Nombre": "Natalia Pardo", "Roles": "Periodista"},
        {"Correo": f" {LEADER.upper()} ", "Nombre": "Marcela Ruiz", "Roles": "Líder"},
    ])


def logged_in(**claims) -> AppTest:
    """app.py with `[auth]` and a person logged in with these claims (the provider's answer)."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets = {"auth": AUTH}
    at.user = {"is_logged_in": True, **claims}
    return at.run()


def test_login_takes_the_e_mail_as_the_provider_gives_it_ascii_case_and_spaces_aside(users):
    at = logged_in(email="Lider@dadep.gov.co ", email_verified=True)
    assert not at.warning and "Marcela Ruiz" in at.sidebar.markdown[0].value
    assert at.session_state[IDENTITY_KEY].roles == ("Líder",)


@pytest.mark.parametrize("email", ["ｌíｄｅｒ@dadep.gov.co", "líder@dadep.gov.co", "lider@dadep.gov.co.co"])
def test_a_look_alike_e_mail_does_not_log_in_as_the_leader(users, email):
    at = logged_in(email=email)
    assert f"{email} no tiene acceso a Divulga" in at.warning[0].value
    assert IDENTITY_KEY not in at.session_state
    assert [button.label for button in at.button] == ["Cerrar sesión"]


@pytest.mark.parametrize("verified", [False, "false"])
def test_an_e_mail_the_provider_has_not_verified_is_refused(users, verified):
    at = logged_in(email=LEADER, email_verified=verified)
    assert f"El correo {LEADER} no está verificado con su proveedor" in at.warning[0].value
    assert IDENTITY_KEY not in at.session_state and not at.sidebar.markdown
    assert [button.label for button in at.button] == ["Cerrar sesión"]


def test_a_provider_that_says_nothing_about_verification_is_believed(users):
    at = logged_in(email=JOURNALIST)
    assert not at.warning and at.session_state[IDENTITY_KEY].roles == ("Periodista",)


# --- fail closed --------------------------------------------------------------------------------------------

CURRENT = """
import streamlit as st
from core.ui.person import current
st.session_state["divulga_person"] = "Ana"  # a typed name is not an identity
st.text(repr(current()))
"""


def test_without_app_py_a_session_has_no_roles_at_all(store_url):
    at = AppTest.from_string(CURRENT, default_timeout=30).run()
    assert at.text[0].value == "Identity(name='', roles=(), area=None, email=None, local=False)"


def test_a_page_run_without_an_identity_refuses_and_offers_no_write(store_url):
    at = AppTest.from_file(str(ROOT / "app_pages" / "parrilla.py"), default_timeout=60)  # without app.py
    at.session_state[PERSON_KEY] = "Ana"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert "no sabe quién trabaja en esta sesión" in at.error[0].value
    assert not at.button and not at.title  # it stops before anything of the register is drawn
    assert not at.sidebar.text_input and not at.form


EARLIER = """
import streamlit as st
from core.ui.person import IDENTITY_KEY, Identity, current, identify
st.session_state[IDENTITY_KEY] = Identity("Marcela Ruiz", ("Líder",), email="lider@dadep.gov.co")  # a run ago
shown = identify(lambda: None)
st.text(repr(current()))
st.text(shown.__name__)
"""


def test_an_identity_does_not_outlive_the_login_that_found_it(store_url):
    at = AppTest.from_string(EARLIER, default_timeout=30)
    at.secrets = {"auth": AUTH}
    at.user = {"is_logged_in": False}  # logged out since
    at.run()
    assert [text.value for text in at.text] == [
        "Identity(name='', roles=(), area=None, email=None, local=False)", "_login"]


# --- a real server ------------------------------------------------------------------------------------------

def first_run(url: str, host: str) -> str:
    """Open the app's WebSocket at `url` sending `host` as the Host, ask for a run as the browser does, and
    return every message of that run as text. Raises InvalidStatus when the server refuses the socket."""
    port = int(url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=RECEIVE_S) as sock, connect(
            f"ws://{host}/_stcore/stream", sock=sock, subprotocols=["streamlit"], open_timeout=RECEIVE_S) as ws:
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        ws.send(rerun.SerializeToString())
        texts = []
        while True:
            message = ForwardMsg()
            message.ParseFromString(ws.recv(timeout=RECEIVE_S))
            texts.append(text_format.MessageToString(message, as_utf8=True))
            if (message.WhichOneof("type") == "script_finished"
                    and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN):
                return "\n".join(texts)


def http_get(url: str, path: str, host: str) -> tuple[int, str]:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", int(url.rsplit(":", 1)[1]), timeout=RECEIVE_S)
    try:
        connection.request("GET", path, headers={"Host": host})
        answer = connection.getresponse()
        return answer.status, answer.read().decode("utf-8", "replace")
    finally:
        connection.close()


def pages_in(text: str) -> set[str]:
    """The pages app.py's navigation offers in this run, by title. (A fresh process' first run also sends
    Streamlit's file-based navigation, file names only, before app.py's replaces it: not counted here.)"""
    return {title for title in TITLES.values() if f'page_name: "{title}"' in text}


@pytest.fixture
def local_server(store_url, tmp_path):
    """The app as committed (local mode, `.streamlit/config.toml` as it is)."""
    yield from serve(tmp_path, DIVULGA_STORE=store_url)


def test_a_rebound_name_gets_no_app_from_the_server(local_server):
    port = local_server.rsplit(":", 1)[1]
    with pytest.raises(InvalidStatus, match="403"):
        first_run(local_server, f"evil.example:{port}")
    with pytest.raises(InvalidStatus, match="403"):
        first_run(local_server, f"localhost.evil.example:{port}")
    # Plain HTTP is answered whatever the Host (Streamlit checks it on the WebSocket only): the static page
    # that would open the socket, without a word of the app, and the health check.
    status, page = http_get(local_server, "/", f"evil.example:{port}")
    assert status == 200 and "Modo local" not in page and "Quién trabaja" not in page
    assert http_get(local_server, "/_stcore/health", f"evil.example:{port}") == (200, "ok")
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
        text = first_run(local_server, host)
        assert "Modo local" in text and pages_in(text) == set(TITLES.values()), host  # every role


@pytest.fixture
def widened_server(store_url, tmp_path):
    """Local mode with `server.allowedHosts` widened to another name (an operator's mistake): app.py's own
    check is what is left."""
    yield from serve(tmp_path, extra_args=("--server.allowedHosts", "evil.example"), DIVULGA_STORE=store_url)


def test_past_a_widened_door_app_py_still_refuses_another_name(widened_server):
    text = first_run(widened_server, f"evil.example:{widened_server.rsplit(':', 1)[1]}")
    assert REFUSED_ADDRESS in text
    assert "Modo local" not in text and "Quién trabaja" not in text and not pages_in(text)


@pytest.fixture
def login_server(store_url, tmp_path):
    """The app with `[auth]`, served under a real host name listed in `server.allowedHosts`."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("[auth]\n" + "".join(f'{key} = "{value}"\n' for key, value in AUTH.items()), encoding="utf-8")
    yield from serve(tmp_path, extra_args=("--secrets.files", str(secrets), "--server.allowedHosts",
                                           "divulga.dadep.gov.co"), DIVULGA_STORE=store_url)


def test_with_login_the_app_works_under_its_host_name(login_server):
    text = first_run(login_server, "divulga.dadep.gov.co")
    assert 'label: "Iniciar sesión"' in text and REFUSED_ADDRESS not in text
