"""Shared fixtures: every test gets its own SQLite register on disk and a clean process cache."""

from __future__ import annotations

import uuid

import pytest

from core.register import open_register
from core.register import reading as register_module


@pytest.fixture
def store_url(tmp_path, monkeypatch) -> str:
    """A fresh SQLite store in the test's folder, also set as DIVULGA_STORE for code that reads it."""
    url = f"sqlite:///{tmp_path / 'divulga.db'}"
    monkeypatch.setenv("DIVULGA_STORE", url)
    return url


@pytest.fixture
def register(store_url):
    return open_register(store_url)


@pytest.fixture
def writer(register):
    return register.writer("Prueba")


@pytest.fixture(autouse=True)
def _fresh_registers():
    """Registers are process-wide; tests must not see each other's cache."""
    register_module._REGISTERS.clear()
    yield
    register_module._REGISTERS.clear()


@pytest.fixture(scope="session")
def sheets_fake():
    """One local Sheets API server for the whole run; each test uses a spreadsheet of its own."""
    from tests.fakes.sheets_api import SheetsFake

    fake = SheetsFake()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def sheets_api(sheets_fake, monkeypatch):
    """The session's Sheets fake, the one `DIVULGA_SHEETS_EMULATOR_HOST` points at, with no fault queued, and
    no request of this test still being served when the next starts (a slow one its client gave up on)."""
    monkeypatch.setenv("DIVULGA_SHEETS_EMULATOR_HOST", sheets_fake.host)
    sheets_fake.clear_faults()
    yield sheets_fake
    sheets_fake.clear_faults()
    assert sheets_fake.wait_idle(timeout=10)


@pytest.fixture(params=["sqlite", "sheets"])
def sheet(request, tmp_path, monkeypatch):
    """The register on each store (SQLite on disk; gspread over the local Sheets API), set as DIVULGA_STORE
    and installed as the process' register, so the app, the CLI and the writer all use it."""
    from tests.hand import GoogleSheet, SQLiteSheet, install

    if request.param == "sqlite":
        handle = SQLiteSheet(tmp_path / "divulga.db")
    else:
        fake = request.getfixturevalue("sheets_fake")
        monkeypatch.setenv("DIVULGA_SHEETS_EMULATOR_HOST", fake.host)
        handle = GoogleSheet(fake, f"hoja-{uuid.uuid4().hex}")
    monkeypatch.setenv("DIVULGA_STORE", handle.url)
    handle.register = install(handle)
    return handle


@pytest.fixture
def downloads(monkeypatch) -> list:
    """The download buttons' deferred callables, as Streamlit registers them (to read the files they give)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    class Downloads(list):
        names: list[str | None] = []  # each callable's file name, in the same order

    registered = Downloads()
    registered.names = []
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        registered.append(data_callable)
        registered.names.append(file_name)
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return registered
