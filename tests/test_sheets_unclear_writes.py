"""A write is never sent twice on Google Sheets (issue 13): a write the client gave up on may still be applied,
so after a timeout or a dropped connection the store only looks; after a failure answer it looks and sends
again only what is not there. gspread's real HTTP code runs against the local fake, whose `hold_next` lands a
write exactly when the test says (after the client stopped waiting), like Sheets applying it 25 s late."""

from __future__ import annotations

import uuid

import pytest
import requests

from core.register import Register
from core.store import StoreError, sheets_http
from core.store.gsheets import SheetsStore
from core.store.sheets_http import Patience, Unclear

MESSAGE = {"Recibido": "3/10/2026 2:30 p. m.", "Red": "X", "Mensaje": "hola", "Usuario": "@ciudadana"}
MAYBE_SAVED = "puede haberse guardado; lea de nuevo antes de repetir"
# a write held by the fake times out after 1 s; the store looks for it until 2.5 s (reads get 1 s each, so a
# busy machine does not fail them), then says it may have been saved
GAVE_UP = Patience(timeout_s=(2.0, 1.0), tries=4, first_wait_s=0.05, total_s=2.5)
WAITS = Patience(timeout_s=(2.0, 0.5), tries=4, first_wait_s=0.05, total_s=20.0)  # looks long enough to see it


@pytest.fixture
def fake(sheets_api):
    return sheets_api


@pytest.fixture
def key(fake) -> str:
    key = f"hoja-{uuid.uuid4().hex}"
    Register(SheetsStore(key, WAITS)).snapshot()  # laid out by another process
    return key


def register(key: str, patience: Patience) -> Register:
    return Register(SheetsStore(key, patience))


def rows(fake, key, tab: str) -> list[dict]:
    values = fake.values(key, tab)
    return [dict(zip(values[0], row)) for row in values[1:]]


def writes(fake) -> int:
    return fake.count("batchUpdate")


def maybe_saved(caught) -> None:
    text = str(caught.value)
    assert MAYBE_SAVED in text and "Lo que escribió sigue en el formulario" in text, text


def landed(fake, release) -> None:
    release.set()
    assert fake.wait_idle(timeout=10)


# --- no answer: the write may still land, so it is never sent again ---------------------------------------------


def test_a_create_that_lands_after_the_client_stopped_looking_is_reported_and_never_doubled(fake, key):
    reg = register(key, GAVE_UP)
    fake.reset_log()
    release = fake.hold_next(kind="batchUpdate")
    try:
        with pytest.raises(StoreError) as caught:
            reg.writer("Ana").create("Mensajes", MESSAGE)
        maybe_saved(caught)
        assert rows(fake, key, "Mensajes") == []  # not there yet
    finally:
        landed(fake, release)
    assert writes(fake) == 1
    [row] = rows(fake, key, "Mensajes")
    assert row["Mensaje"] == "hola" and len(rows(fake, key, "Historial")) == 1
    snapshot = reg.snapshot(refresh=True)
    assert snapshot.bad == [] and snapshot.record("Mensajes", row["ID"])["Mensaje"] == "hola"


def test_a_create_that_lands_while_the_store_looks_is_saved_once(fake, key):
    reg = register(key, WAITS)
    fake.reset_log()
    fake.slow_next(1.5, kind="batchUpdate")  # answered after the client gave up (0.5 s), applied at 1.5 s
    new = reg.writer("Ana").create("Mensajes", MESSAGE)
    assert fake.wait_idle(timeout=10)
    assert [row["ID"] for row in rows(fake, key, "Mensajes")] == [new] and writes(fake) == 1
    assert len(rows(fake, key, "Historial")) == 1


def test_a_create_applied_seconds_late_is_one_row_whatever_the_caller_was_told(fake, key):
    """The issue's case scaled down: the API applies the write a few seconds after receiving it."""
    reg = register(key, GAVE_UP)
    fake.reset_log()
    fake.slow_next(3.0, kind="batchUpdate")
    try:
        new = reg.writer("Ana").create("Mensajes", MESSAGE)
    except StoreError as error:
        assert MAYBE_SAVED in str(error)
        new = None
    assert fake.wait_idle(timeout=10)
    stored = rows(fake, key, "Mensajes")
    assert len(stored) == 1 and new in (None, stored[0]["ID"]) and writes(fake) == 1
    assert reg.snapshot(refresh=True).bad == []


def test_an_update_that_lands_late_writes_one_historial_row(fake, key):
    reg = register(key, GAVE_UP)
    new = reg.writer("Ana").create("Mensajes", MESSAGE)
    seen = reg.snapshot().record("Mensajes", new)
    fake.reset_log()
    release = fake.hold_next(kind="batchUpdate")
    try:
        with pytest.raises(StoreError) as caught:
            reg.writer("Ana").update("Mensajes", seen, {"Tema": "Andenes"})
        maybe_saved(caught)
    finally:
        landed(fake, release)
    assert writes(fake) == 1
    assert [row["Tema"] for row in rows(fake, key, "Mensajes")] == ["Andenes"]
    assert [row["Acción"] for row in rows(fake, key, "Historial")] == ["crear", "editar"]


def test_an_update_that_lands_while_the_store_looks_is_saved_once(fake, key):
    reg = register(key, WAITS)
    new = reg.writer("Ana").create("Mensajes", MESSAGE)
    seen = reg.snapshot().record("Mensajes", new)
    fake.reset_log()
    fake.slow_next(1.5, kind="batchUpdate")
    reg.writer("Ana").update("Mensajes", seen, {"Tema": "Andenes"})
    assert fake.wait_idle(timeout=10)
    assert writes(fake) == 1 and [row["Acción"] for row in rows(fake, key, "Historial")] == ["crear", "editar"]
    assert [row["Tema"] for row in rows(fake, key, "Mensajes")] == ["Andenes"]


def test_a_bulk_update_that_lands_late_is_never_sent_again(fake, key):
    reg = register(key, GAVE_UP)
    w = reg.writer("Ana")
    ids = [w.create("Mensajes", {**MESSAGE, "Mensaje": f"m{n}"}) for n in range(3)]
    snapshot = reg.snapshot(refresh=True)
    fake.reset_log()
    release = fake.hold_next(kind="batchUpdate")
    try:
        with pytest.raises(StoreError) as caught:
            w.update_many("Mensajes", [(snapshot.record("Mensajes", i), {"Tema": "Andenes"}) for i in ids])
        maybe_saved(caught)
    finally:
        landed(fake, release)
    assert writes(fake) == 1
    assert [row["Tema"] for row in rows(fake, key, "Mensajes")] == ["Andenes"] * 3
    assert len(rows(fake, key, "Historial")) == 6


@pytest.mark.parametrize("applied", [True, False])
def test_a_dropped_connection_is_looked_for_never_sent_again(fake, key, applied):
    reg = register(key, GAVE_UP)
    fake.reset_log()
    fake.drop_next(applied, kind="batchUpdate")
    if applied:
        new = reg.writer("Ana").create("Mensajes", MESSAGE)
        assert [row["ID"] for row in rows(fake, key, "Mensajes")] == [new]
    else:
        with pytest.raises(StoreError) as caught:
            reg.writer("Ana").create("Mensajes", MESSAGE)
        maybe_saved(caught)
        assert rows(fake, key, "Mensajes") == []
    assert writes(fake) == 1


def grid_columns(fake, key, tab: str) -> int:
    return {entry["properties"]["title"]: entry["properties"]["gridProperties"]["columnCount"]
            for entry in fake.spreadsheet(key)["sheets"]}[tab]


def test_a_column_added_back_by_a_read_is_never_added_twice(fake, key):
    """A column deleted by hand from a tab whose grid is full: the read that adds it back widens the grid
    (`appendDimension`), which would widen it twice if sent again."""
    reg = register(key, GAVE_UP)
    headers = fake.headers(key, "Mensajes")
    position = headers.index("Tema")
    fake._edit(key, "Mensajes", lambda sheet: sheet.delete("COLUMNS", position, position + 1))
    fake._edit(key, "Mensajes", lambda sheet: sheet.delete("COLUMNS", len(headers) - 1, sheet.cols))
    assert grid_columns(fake, key, "Mensajes") == len(headers) - 1
    fake.reset_log()
    release = fake.hold_next(kind="batchUpdate")
    try:
        with pytest.raises(StoreError) as caught:
            reg.snapshot(refresh=True)
        assert MAYBE_SAVED in str(caught.value)
    finally:
        landed(fake, release)
    assert reg.snapshot(refresh=True).bad == []
    assert sorted(fake.headers(key, "Mensajes")) == sorted(headers) and writes(fake) == 1
    assert grid_columns(fake, key, "Mensajes") == len(headers)


# --- a failure answer: the request is over; look, and send again only what is not there ---------------------------


def test_a_create_applied_then_answered_500_is_not_sent_again(fake, key):
    reg = register(key, WAITS)
    fake.reset_log()
    fake.apply_then_fail(500, kind="batchUpdate")
    new = reg.writer("Ana").create("Mensajes", MESSAGE)
    assert [row["ID"] for row in rows(fake, key, "Mensajes")] == [new] and writes(fake) == 1


def test_an_update_applied_then_answered_500_writes_one_historial_row(fake, key):
    reg = register(key, WAITS)
    new = reg.writer("Ana").create("Mensajes", MESSAGE)
    seen = reg.snapshot().record("Mensajes", new)
    fake.reset_log()
    fake.apply_then_fail(500, kind="batchUpdate")
    reg.writer("Ana").update("Mensajes", seen, {"Tema": "Andenes"})
    assert writes(fake) == 1 and [row["Acción"] for row in rows(fake, key, "Historial")] == ["crear", "editar"]


def test_a_create_refused_with_500_is_looked_for_then_sent_again_and_lands_once(fake, key):
    reg = register(key, WAITS)
    fake.reset_log()
    fake.fail_next(500, kind="batchUpdate")
    new = reg.writer("Ana").create("Mensajes", MESSAGE)
    assert [row["ID"] for row in rows(fake, key, "Mensajes")] == [new]
    kinds = [request.kind for request in fake.requests]
    assert kinds[kinds.index("batchUpdate"):] == [
        "batchUpdate",  # refused
        "values.batchGet",  # is it there? no
        "values.batchGet", "batchUpdate"]  # planned again from a fresh look, sent again


def test_a_429_is_sent_again_without_looking(fake, key):
    reg = register(key, WAITS)
    reg.snapshot()
    fake.reset_log()
    fake.fail_next(429, kind="batchUpdate")
    new = reg.writer("Ana").create("Mensajes", MESSAGE)
    assert [row["ID"] for row in rows(fake, key, "Mensajes")] == [new]
    assert [request.kind for request in fake.requests] == ["batchUpdate", "batchUpdate"]


# --- call(): which failures may be sent again ----------------------------------------------------------------------


def test_a_write_whose_connection_was_never_made_is_sent_again():
    """Nothing listens on the port: the connection is refused, so the request never left and may be repeated."""
    closed = requests.Session()
    tries = []

    def post():
        tries.append(1)
        return closed.post("http://127.0.0.1:9/v4/spreadsheets/x:batchUpdate", timeout=1)

    with pytest.raises(StoreError, match="tras 3 intentos") as caught:
        sheets_http.call(post, "guardar", Patience(tries=3), retry=False, sleep=lambda s: None)
    assert len(tries) == 3 and not isinstance(caught.value, Unclear)


def test_a_write_that_timed_out_is_never_retried_by_call(fake):
    session = sheets_http.emulator_session(fake.host)
    fake.reset_log()
    release = fake.hold_next(kind="batchUpdate")
    try:
        with pytest.raises(Unclear) as caught:
            sheets_http.call(lambda: session.post(
                "https://sheets.googleapis.com/v4/spreadsheets/otra:batchUpdate", json={"requests": []}, timeout=0.2),
                "guardar", Patience(tries=5), retry=False, sleep=lambda s: None)
        assert not caught.value.answered and MAYBE_SAVED in str(caught.value)
    finally:
        landed(fake, release)
    assert fake.count("batchUpdate") == 1
