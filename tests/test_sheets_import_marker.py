"""One import at a time on Google Sheets (issue 13): `SheetsStore.importing` appends a marker row to Historial
and goes on only when its marker is the earliest one still open. Several stores (as several processes would)
talk real HTTP to the local fake at once."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import datetime, timedelta

import pytest

from core.register import Register
from core.sheet.cells import BOGOTA, to_serial
from core.sheet.contract import HISTORY_TAB
from core.sheet.validation import Context, validate_tab
from core.store import StoreError, sheets_import_marker
from core.store.base import ImportRunning
from core.store.gsheets import IMPORT_CANCELLED, IMPORT_DONE, IMPORT_STARTED, SheetsStore
from core.store.sheets_http import Patience
from tests.hand import QUICK

RACERS = 8


@pytest.fixture
def fake(sheets_api):
    return sheets_api


@pytest.fixture
def key(fake) -> str:
    key = f"hoja-{uuid.uuid4().hex}"
    Register(SheetsStore(key, QUICK)).snapshot()  # laid out by another process
    return key


def history(fake, key) -> list[dict]:
    values = fake.values(key, "Historial")
    return [dict(zip(values[0], row)) for row in values[1:]]


def actions(fake, key) -> list[tuple[str, str]]:
    return [(row["Usuario"], row["Acción"]) for row in history(fake, key)]


def marker_typed_by(fake, key, who: str, minutes_ago: float, action: str = IMPORT_STARTED) -> None:
    """A marker row as another process wrote it `minutes_ago` (Fecha a serial number, as the store writes)."""
    when = datetime.now(BOGOTA) - timedelta(minutes=minutes_ago)
    headers = fake.headers(key, "Historial")
    row = {"Fecha": to_serial(when), "Usuario": who, "Pestaña": "Historial", "ID": f"IMP-{uuid.uuid4().hex[:16]}",
           "Acción": action, "Cambios": json.dumps({"importación": "x", "inicio": when.isoformat()})}
    fake.append_row(key, "Historial", [row.get(header, "") for header in headers])


def test_one_import_alone_marks_its_start_and_its_end(fake, key):
    store = SheetsStore(key, QUICK)
    with store.importing("Ana"):
        [started] = history(fake, key)
        assert (started["Usuario"], started["Acción"], started["Pestaña"]) == ("Ana", IMPORT_STARTED, "Historial")
    finished = history(fake, key)[-1]
    assert (finished["Acción"], finished["ID"]) == (IMPORT_DONE, started["ID"])
    assert json.loads(finished["Cambios"])["importación"] == started["ID"]
    with store.importing("Ana"):  # the next one goes on
        pass
    assert [action for _, action in actions(fake, key)] == [IMPORT_STARTED, IMPORT_DONE] * 2


def test_of_imports_started_at_once_exactly_one_goes_on_and_the_others_are_refused(fake, key):
    stores = [SheetsStore(key, QUICK) for _ in range(RACERS)]
    for store in stores:
        store.sheets()  # each process opened the spreadsheet already
    start = threading.Barrier(RACERS)
    refused: list[ImportRunning] = []
    went_on: list[str] = []
    others_done = threading.Event()
    failures: list[BaseException] = []
    lock = threading.Lock()

    def run(number: int) -> None:
        try:
            start.wait()
            with stores[number].importing(f"Persona {number}"):
                with lock:
                    went_on.append(f"Persona {number}")
                assert others_done.wait(timeout=30)  # holds the register until every other import was answered
        except ImportRunning as error:
            with lock:
                refused.append(error)
                if len(refused) == RACERS - 1:
                    others_done.set()
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)
            others_done.set()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    assert len(went_on) == 1 and len(refused) == RACERS - 1
    assert all(f"Otra importación está en curso: la empezó {went_on[0]} el " in str(error) for error in refused)
    assert "vuelva a intentarlo cuando termine" in str(refused[0])
    rows = history(fake, key)
    assert sorted(row["Acción"] for row in rows) == sorted(
        [IMPORT_STARTED] * RACERS + [IMPORT_CANCELLED] * (RACERS - 1) + [IMPORT_DONE])
    assert len({row["ID"] for row in rows}) == RACERS  # one token per import, every marker closed
    with stores[0].importing("Después"):  # the register is free again
        pass


def test_a_marker_left_by_a_killed_import_blocks_for_half_an_hour_then_expires(fake, key):
    store = SheetsStore(key, QUICK)
    marker_typed_by(fake, key, "Marta", minutes_ago=5)
    with pytest.raises(ImportRunning, match="la empezó Marta el .*deja de contar 30 minutos después") as caught:
        with store.importing("Ana"):
            pytest.fail("a second import went on")
    assert "Esta no importó nada" in str(caught.value)
    assert actions(fake, key)[-2:] == [("Ana", IMPORT_STARTED), ("Ana", IMPORT_CANCELLED)]

    fake.create(key, {})  # a new spreadsheet: only an abandoned marker
    Register(SheetsStore(key, QUICK)).snapshot()
    marker_typed_by(fake, key, "Marta", minutes_ago=31)
    with SheetsStore(key, QUICK).importing("Ana"):
        pass
    assert actions(fake, key)[-1] == ("Ana", IMPORT_DONE)


def test_a_finished_import_above_does_not_block(fake, key):
    marker_typed_by(fake, key, "Marta", minutes_ago=5)
    token = history(fake, key)[-1]["ID"]
    headers = fake.headers(key, "Historial")
    closed = {"Usuario": "Marta", "Pestaña": "Historial", "ID": token, "Acción": IMPORT_DONE}
    fake.append_row(key, "Historial", [closed.get(header, "") for header in headers])
    with SheetsStore(key, QUICK).importing("Ana"):
        pass


def test_an_import_that_fails_still_closes_its_marker(fake, key):
    store = SheetsStore(key, QUICK)
    with pytest.raises(ZeroDivisionError):
        with store.importing("Ana"):
            raise ZeroDivisionError
    assert actions(fake, key) == [("Ana", IMPORT_STARTED), ("Ana", IMPORT_DONE)]
    with store.importing("Luis"):
        pass


def test_a_marker_that_lands_late_is_never_doubled_and_never_blocks(fake, key):
    store = SheetsStore(key, Patience(timeout_s=(2.0, 1.0), tries=4, first_wait_s=0.05, total_s=2.5))
    store.sheets()
    release = fake.hold_next(kind="batchUpdate")
    try:
        with pytest.raises(StoreError, match="no confirmó a tiempo la marca de comienzo.*No se importó nada"):
            with store.importing("Ana"):
                pytest.fail("an import went on without its marker")
    finally:
        release.set()
        assert fake.wait_idle(timeout=10)
    assert sorted(actions(fake, key)) == [("Ana", IMPORT_CANCELLED), ("Ana", IMPORT_STARTED)]  # once each
    with SheetsStore(key, QUICK).importing("Luis"):  # its late marker was closed already
        pass


def test_markers_far_up_a_long_historial_are_found_and_old_rows_are_not_read(fake, key, monkeypatch):
    monkeypatch.setattr(sheets_import_marker, "MARKER_ROWS", 3)
    marker_typed_by(fake, key, "Ancestral", minutes_ago=600)  # long abandoned
    for _ in range(4):
        marker_typed_by(fake, key, "Vieja", minutes_ago=120, action=IMPORT_DONE)
    marker_typed_by(fake, key, "Marta", minutes_ago=10)
    for _ in range(7):
        marker_typed_by(fake, key, "Luis", minutes_ago=1, action=IMPORT_DONE)
    fake._edit(key, "Historial", lambda sheet: sheet.delete("ROWS", 14, sheet.rows))  # the grid ends at row 14
    store = SheetsStore(key, QUICK)
    fake.reset_log()
    with pytest.raises(ImportRunning, match="la empezó Marta"):
        with store.importing("Ana"):
            pass
    scans = [request.query["ranges"][0] for request in fake.requests
             if request.kind == "values.batchGet" and "!1:1" not in request.query["ranges"][0]]
    # from 3 rows above the grid's end to wherever it grew (Ana's marker is row 15), then 3 rows at a time: 9-11,
    # 6-8 (Marta in 7; row 6 is two hours old, so the scan stops there: rows 2 to 5 are never read)
    assert scans == ["'Historial'!A12:A", "'Historial'!A9:A11", "'Historial'!A6:A8"]


def test_marker_rows_are_valid_historial_rows(fake, key):
    with SheetsStore(key, QUICK).importing("Ana"):
        pass
    values = fake.values(key, "Historial")
    result = validate_tab(HISTORY_TAB, values[0], [tuple(row) for row in values[1:]], Context())
    assert result.bad == [] and result.notices == [] and len(result.frame) == 2
    assert Register(SheetsStore(key, QUICK)).history()["Acción"].tolist() == [IMPORT_STARTED, IMPORT_DONE]
