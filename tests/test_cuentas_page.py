"""The Cuentas page through AppTest (app.py, then `switch_page`), on a real SQLite register: the inventory
and its notices, «Cambié la contraseña hoy», someone with access leaving, the neutral recommendations, and
the password checker, which keeps the candidate nowhere: not in the session state (searched down to
Streamlit's internal widget state), not in the SQLite files, not in the Historial, not in any log."""

from __future__ import annotations

import logging
import types
from datetime import timedelta
from pathlib import Path

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from core.domain.accounts import add_months, leaver_note
from core.domain.passwords import NO_DIGIT, NO_UPPER
from core.fmt import fmt_date
from core.register import open_register
from core.sheet.contract import today_in_bogota
from core.store.sheet_setup import ACCOUNTS_NOTE
from core.ui.person import PERSON_KEY
from tests.pages_kit import rows

APP = Path(__file__).resolve().parents[1] / "app.py"
PAGE = "app_pages/cuentas.py"
PERSON = "Camila Rojas"
CANDIDATE = "Zq8#Ñu!x9w"  # passes the rule; appears nowhere else in the app or the tests' data
WEAK = "mañanitas7"


def open_page(person: str | None = PERSON) -> AppTest:
    """The page through the router, with «Quién trabaja» filled (local mode) when `person` is given."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    if person:
        at.session_state[PERSON_KEY] = person
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def texts(elements) -> str:
    return "\n".join(str(element.value) for element in elements)


def click(at: AppTest, label: str, index: int = 0) -> AppTest:
    buttons = [button for button in at.button if button.label == label]
    buttons[index].click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def stored(store_url: str) -> list[dict]:
    return rows(store_url, "Cuentas")


@pytest.fixture
def inventory(writer):
    """Three accounts: one overdue, one up to date, one inactive and long overdue (no notice)."""
    today = today_in_bogota()
    writer.create_many("Cuentas", [
        {"Red": "Facebook", "Cuenta": "DADEP Bogotá", "Enlace": "https://www.facebook.com/DADEPBogota",
         "Responsable": "Andrés Felipe Castaño Ríos", "Creada": today - timedelta(days=4000),
         "Última rotación": today - timedelta(days=100)},
        {"Red": "X", "Cuenta": "@DADEPBogota", "Responsable": "Laura Valentina Ospina Duarte",
         "Última rotación": today - timedelta(days=20)},
        {"Red": "Instagram", "Cuenta": "@dadep_eventos", "Estado": "Inactiva", "Responsable": "Laura Ospina, Andrés",
         "Última rotación": today - timedelta(days=400)},
    ])
    return today


def test_the_inventory_its_notice_and_the_neutral_recommendations(inventory):
    at = open_page()
    assert [title.value for title in at.title] == ["Cuentas"]
    [notice] = [warning.value for warning in at.warning]
    due = add_months(inventory - timedelta(days=100), 3)
    assert notice.startswith(f"La contraseña de Facebook · DADEP Bogotá debía cambiarse el {fmt_date(due)}")
    table = at.dataframe[0].value
    assert table["Cuenta"].tolist() == ["DADEP Bogotá", "@DADEPBogota", "@dadep_eventos"]
    assert table["Próximo cambio"].tolist()[1] == fmt_date(add_months(inventory - timedelta(days=20), 3))
    assert table["Situación"].tolist()[1:] == ["Al día", "Sin aviso (cuenta no activa)"]
    page = texts(at.markdown) + texts(at.caption)
    assert "verificación en dos pasos" in page and "gestor de contraseñas compartido" in page
    assert "No escriba contraseñas en esta hoja" in page
    assert ACCOUNTS_NOTE.startswith("No escriba contraseñas en esta hoja")  # the sheet's note on the Cuentas header
    assert [button.label for button in at.button].count("Sí, cambié la contraseña hoy") == 3  # each asks first


def test_recording_a_change_today_clears_the_notice_and_names_who_did_it(inventory, store_url):
    at = click(open_page(), "Sí, cambié la contraseña hoy", 0)  # confirmed in its panel
    assert "Se registró el cambio de contraseña de Facebook · DADEP Bogotá hoy." in texts(at.success)
    assert not at.warning
    rows = stored(store_url)
    assert rows[0]["Última rotación"] == inventory.isoformat()
    assert rows[1]["Última rotación"] == (inventory - timedelta(days=20)).isoformat()  # the others untouched
    last = open_register(store_url).history().iloc[-1]
    assert (last["Usuario"], last["Pestaña"], last["ID"], last["Acción"]) == (
        PERSON, "Cuentas", "Facebook · DADEP Bogotá", "rotación de contraseña")


def test_without_a_name_nothing_is_written(inventory, store_url):
    at = click(open_page(person=None), "Sí, cambié la contraseña hoy", 0)  # confirmed in its panel
    assert "Quién trabaja" in texts(at.error)
    assert stored(store_url)[0]["Última rotación"] == (inventory - timedelta(days=100)).isoformat()


def test_someone_with_access_leaving_marks_every_account_they_handled(inventory, store_url):
    at = open_page()
    at.text_input(key="acc_leaver").input("nadie conocido").run()
    assert "Ninguna cuenta tiene a esa persona" in texts(at.info)
    at.text_input(key="acc_leaver").input("laura OSPINA").run()
    [listed] = [text.value for text in at.markdown if text.value.startswith("Cuentas que manejaba")]
    assert "X · @DADEPBogota" in listed and "Instagram · @dadep_eventos" in listed and "Facebook" not in listed
    at = click(at, "Sí, marcar 2 cuentas para cambiar la contraseña ya")  # confirmed in its panel
    assert "Marcadas para cambiar la contraseña ya: 2 de 2 cuentas." in texts(at.success)
    line_x = leaver_note("Laura Valentina Ospina Duarte", inventory)  # the name as Responsable writes it
    line_instagram = leaver_note("Laura Ospina", inventory)
    assert [row["Observaciones"] for row in stored(store_url)][1:] == [line_x, line_instagram]
    # the active account is due now (a notice); the inactive one is marked but gives no notice
    notices = [warning.value for warning in at.warning]
    assert f"Cambie ya la contraseña de X · @DADEPBogota: «Laura Valentina Ospina Duarte» dejó de tener acceso el " \
           f"{fmt_date(inventory)}." in notices
    assert not any("Instagram" in notice for notice in notices) and len(notices) == 2
    # a change recorded afterwards clears the mark
    at = click(at, "Sí, cambié la contraseña hoy", 1)  # confirmed in its panel
    assert not any("X · @DADEPBogota" in warning.value for warning in at.warning)


# --- the checker keeps nothing -------------------------------------------------------------------------------


def found_in(obj, needle: str, path: str = "", seen: set | None = None, out: list | None = None) -> list[str]:
    """Where `needle` is reachable from `obj`: strings, bytes, protobuf messages (serialised), containers and
    objects' attributes, skipping code (modules, classes, functions)."""
    seen = set() if seen is None else seen
    out = [] if out is None else out
    if id(obj) in seen or obj is None or isinstance(obj, (int, float, bool)):
        return out
    seen.add(id(obj))
    if isinstance(obj, str):
        if needle in obj:
            out.append(path)
    elif isinstance(obj, (bytes, bytearray)):
        if needle.encode() in obj:
            out.append(path)
    elif isinstance(obj, Message):
        if needle.encode() in obj.SerializeToString() or needle in str(obj):
            out.append(path)
    elif isinstance(obj, (types.ModuleType, type, types.FunctionType, types.BuiltinFunctionType, types.MethodType)):
        pass
    elif isinstance(obj, dict):
        for key, value in list(obj.items()):
            found_in(key, needle, f"{path}[{key!r}]", seen, out)
            found_in(value, needle, f"{path}[{key!r}]", seen, out)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for index, value in enumerate(list(obj)):
            found_in(value, needle, f"{path}[{index}]", seen, out)
    else:
        if hasattr(obj, "__dict__"):
            found_in(vars(obj), needle, f"{path}.", seen, out)
        for slot in getattr(type(obj), "__slots__", ()) or ():
            if hasattr(obj, slot):
                found_in(getattr(obj, slot), needle, f"{path}.{slot}", seen, out)
    return out


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.getMessage()} {record.args!r} {record.exc_text or ''}")


@pytest.fixture
def every_log():
    """Every log record of every logger (Streamlit's do not propagate to the root), at DEBUG."""
    handler = Collect()
    loggers = [logging.getLogger()] + [logger for logger in logging.root.manager.loggerDict.values()
                                       if isinstance(logger, logging.Logger)]
    levels = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield handler
    for logger, level in levels:
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_the_search_finds_a_password_kept_by_a_plain_field():
    """The search itself works: a plain password field keeps what was typed in Streamlit's widget state."""
    plain = AppTest.from_string('import streamlit as st\nst.text_input("Contraseña", type="password", key="p")\n')
    plain.run()
    plain.text_input(key="p").input(CANDIDATE).run()
    assert found_in(plain, CANDIDATE), "the search should see a kept value"
    cleared_form = AppTest.from_string(
        'import streamlit as st\nwith st.form("f", clear_on_submit=True):\n'
        '    st.text_input("Contraseña", type="password", key="p")\n    st.form_submit_button("Comprobar")\n')
    cleared_form.run()
    cleared_form.text_input(key="p").input(CANDIDATE)
    cleared_form.button[0].click().run()
    cleared_form.run()
    assert found_in(cleared_form, CANDIDATE), "a form cleared on submit alone still keeps it on the server"


def test_the_checker_keeps_the_password_nowhere(inventory, store_url, every_log, capfd):
    at = open_page()
    at.text_input(key="acc_pw_candidate").input(WEAK)
    at = click(at, "Comprobar")
    assert NO_UPPER in texts(at.error) and NO_DIGIT not in texts(at.error)
    at.text_input(key="acc_pw_candidate").input(CANDIDATE)
    at = click(at, "Comprobar")
    assert "Cumple la regla de la oficina." in texts(at.success)
    assert at.text_input(key="acc_pw_candidate").value == ""
    # the page goes on working and writing: a change recorded, someone leaving
    at = click(at, "Sí, cambié la contraseña hoy", 0)  # confirmed in its panel
    at.text_input(key="acc_leaver").input("andres").run()
    at = click(at, "Sí, marcar 2 cuentas para cambiar la contraseña ya")  # confirmed in its panel
    assert "Marcadas" in texts(at.success)

    out, err = capfd.readouterr()
    for secret in (CANDIDATE, WEAK):
        assert found_in(at, secret, "at") == []  # session state (internal widget state too), the page's elements
        assert secret not in repr(at.session_state.to_dict())
        files = [Path(store_url.removeprefix("sqlite:///"))]
        files += [Path(f"{files[0]}{suffix}") for suffix in ("-wal", "-shm") if Path(f"{files[0]}{suffix}").exists()]
        assert all(secret.encode() not in path.read_bytes() for path in files)
        history = open_register(store_url).history()
        assert len(history) >= 5 and secret not in history.to_csv()
        assert all(secret not in line for line in every_log.lines)
        assert secret not in out and secret not in err


def test_an_empty_check_asks_for_a_password(inventory):
    at = click(open_page(), "Comprobar")
    assert "Escriba una contraseña" in texts(at.info)
    at.run()
    assert "Escriba una contraseña" not in texts(at.info)  # the result is shown once
