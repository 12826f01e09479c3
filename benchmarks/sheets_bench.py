"""Google Sheets requests per action, counted on the local Sheets API fake (tests/fakes/sheets_api.py),
side by side with the same actions done the way the official `st-gsheets-connection` does them.

Divulga's figures come from the real store (`core.store.gsheets`) through gspread. The connection's are
gspread calls that reproduce its code path (`streamlit_gsheets/gsheets_connection.py`): a read opens the
spreadsheet by key (one metadata read), selects the worksheet by title (another) and reads its values, for
each tab, cached by `st.cache_data`; an update opens the spreadsheet, selects the worksheet twice (once
more inside `clear`), clears it, resizes it and writes the whole data frame back
(`gspread_dataframe.set_with_dataframe`), then formats it (`gspread_formatting`, one batchUpdate). Its cache
does not know about writes, so after a write an app has to clear it and read every tab again. A create and
an update both rewrite the tab and then Historial.

`sheets_save_to_page_s` is what a person waits for on Google Sheets: the pages benchmark's save (Mensajes
through AppTest, «Registrar» until the page names the new message) on a 3,000-row demo register in the fake,
with `LATENCY_S` added to every request to stand for the network to Google.
"""

from __future__ import annotations

import os
import statistics
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import gspread

from benchmarks.kpi_bench import _clear
from benchmarks.pages_bench import page, timed
from benchmarks.scale import demo_rows, runs
from core.demo import generate
from core.register import Register
from core.register import reading as register_module
from core.register.importer import import_tabs
from core.sheet.contract import DATA_TABS, HISTORY_TAB, MESSAGES_TAB
from core.store.base import RawTab
from core.store.gsheets import SheetsStore
from core.store.sheets_http import EMULATOR_ENV, emulator_session
from tests.fakes.sheets_api import SheetsFake

DEMO_ROWS = demo_rows(2_000)
MESSAGE = {"Recibido": "3/10/2026 2:30 p. m.", "Red": "X", "Mensaje": "¿Dónde radico una petición?",
           "Usuario": "@ciudadana"}
BUDGETS = {"cold_load": 2, "warm_rerun": 0, "create": 2, "create_right_after_a_read": 2, "update": 3,
           "import_1000": 8, "session": 12}
SAVE_ROWS = demo_rows(3_000)
SAVES = runs(5)
LATENCY_S = 0.2  # added to every request the fake serves while a save is timed: the network to Google
SAVE_BUDGET_S = 1.5


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    """These environment variables set for the block, as they were after."""
    previous = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _filled(fake: SheetsFake, size: int = DEMO_ROWS) -> str:
    """A spreadsheet laid out by Divulga and holding demo data; returns its key."""
    key = f"bench-{uuid.uuid4().hex[:8]}"
    register = Register(SheetsStore(key))
    writer = register.writer("benchmark")
    for name, rows in generate(size, 7, date(2026, 11, 28)).items():
        if rows:
            writer.create_many(name, rows, action="demo", keep_stamps=True, with_history=False)
    return key


def _filling_a_form(register: Register) -> None:
    """A person takes longer than `RECENT_S` to fill a form, so the last read no longer stands in for the
    look before the create: the figures are for that, the usual case."""
    register.store._recent.clear()


def _messages_file(count: int) -> RawTab:
    """`count` realistic messages, as a workbook's Mensajes tab (demo data of another seed: new IDs)."""
    rows = generate(max(6 * count, 60), 11, date(2026, 11, 28))["Mensajes"][:count]
    headers = [name for name in MESSAGES_TAB.headers if any(row.get(name) not in (None, "", []) for row in rows)]
    return RawTab("Mensajes", headers, [tuple(row.get(name) for name in headers) for row in rows])


def _counted(fake: SheetsFake, action) -> int:
    fake.reset_log()
    action()
    return len(fake.requests)


def divulga(fake: SheetsFake) -> dict[str, int]:
    key = _filled(fake)
    counts = {}
    register = Register(SheetsStore(key))  # a new process: the spreadsheet is not open yet
    counts["cold_load"] = _counted(fake, register.snapshot)
    counts["warm_rerun"] = _counted(fake, register.snapshot)
    writer = register.writer("benchmark")
    new = []
    _filling_a_form(register)
    counts["create"] = _counted(fake, lambda: new.append(writer.create("Mensajes", MESSAGE)))
    counts["create_right_after_a_read"] = _counted(  # a read: a write leaves the snapshot cached, with no read
        fake, lambda: (register.snapshot(refresh=True), fake.reset_log(), writer.create("Mensajes", MESSAGE)))
    seen = register.snapshot().record("Mensajes", new[0])
    counts["update"] = _counted(fake, lambda: writer.update("Mensajes", seen, {"Tema": "Andenes"}))
    counts["import_1000"] = _counted(fake, lambda: import_tabs(writer, {"Mensajes": _messages_file(1_000)}))

    session = Register(SheetsStore(key))  # 20 page views, 5 of them right after a create

    def twenty_views_and_five_creates():
        for _ in range(15):
            session.snapshot()
        for n in range(5):
            _filling_a_form(session)
            session.writer("benchmark").create("Mensajes", {**MESSAGE, "Mensaje": f"sesión {n}"})
            session.snapshot()

    counts["session"] = _counted(fake, twenty_views_and_five_creates)
    return counts


class Connection:
    """The requests `st-gsheets-connection` makes (see the module docstring), through gspread."""

    def __init__(self, client: gspread.Client, key: str):
        self.client, self.key = client, key
        self.cache: dict[str, list[list]] = {}

    def _worksheet(self, title: str) -> gspread.Worksheet:
        return self.client.open_by_key(self.key).worksheet(title)

    def read(self, title: str) -> list[list]:
        if title not in self.cache:
            self.cache[title] = self._worksheet(title).get_all_values()
        return self.cache[title]

    def page_view(self) -> None:
        for tab in DATA_TABS:
            self.read(tab.name)

    def update(self, title: str, values: list[list]) -> None:
        worksheet = self._worksheet(title)
        self.client.open_by_key(self.key).worksheet(title).clear()  # `clear` selects the worksheet again
        worksheet.resize(rows=max(len(values), 1), cols=max(max(map(len, values)), 1))
        worksheet.update(values, "A1")
        worksheet.spreadsheet.batch_update({"requests": [{"repeatCell": {
            "range": {"sheetId": worksheet.id, "startRowIndex": 0, "endRowIndex": 1},
            "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}}, "fields": "userEnteredFormat.textFormat"}}]})
        self.cache.clear()  # the app must drop the cached tabs, or it shows the sheet without the write

    def write_rows(self, title: str, rows: list[list]) -> None:
        """A create, an update or an import: the tab rewritten with its new rows, then Historial."""
        values = self.read(title)
        self.update(title, values + rows)
        history = self.read(HISTORY_TAB.name)
        self.update(HISTORY_TAB.name, history + [["2026-11-28", "benchmark", title, "", "crear", "{}"] for _ in rows])


def connection(fake: SheetsFake) -> dict[str, int]:
    key = _filled(fake)
    client = gspread.Client(auth=None, session=emulator_session(fake.host))
    counts = {}
    app = Connection(client, key)
    counts["cold_load"] = _counted(fake, app.page_view)
    counts["warm_rerun"] = _counted(fake, app.page_view)
    row = ["", "2026-10-03 14:30", "X", "Comentario", "@ciudadana", "", "", "¿Dónde radico una petición?"]
    counts["create"] = _counted(fake, lambda: app.write_rows(MESSAGES_TAB.name, [row]))
    app.page_view()
    counts["create_right_after_a_read"] = _counted(fake, lambda: app.write_rows(MESSAGES_TAB.name, [row]))
    app.page_view()

    def update():
        values = [list(r) for r in app.read(MESSAGES_TAB.name)]
        values[-1] = values[-1] + ["Andenes"]
        app.update(MESSAGES_TAB.name, values)
        app.update(HISTORY_TAB.name, app.read(HISTORY_TAB.name) + [["2026-11-28", "benchmark", "Mensajes", "", "editar",
                                                                 "{}"]])

    counts["update"] = _counted(fake, update)
    app.page_view()
    imported = _messages_file(1_000)
    counts["import_1000"] = _counted(fake, lambda: app.write_rows(MESSAGES_TAB.name, [
        ["" if cell is None else str(cell) for cell in line] for line in imported.rows]))

    session = Connection(client, key)

    def twenty_views_and_five_creates():
        for _ in range(15):
            session.page_view()
        for _ in range(5):
            session.write_rows(MESSAGES_TAB.name, [row])
            session.page_view()

    counts["session"] = _counted(fake, twenty_views_and_five_creates)
    return counts


def save_to_page() -> tuple[float, list[int]]:
    """Seconds from «Registrar» on Mensajes to the page that names the new message, median of `SAVES`, on
    `SAVE_ROWS` demo rows in the fake with `LATENCY_S` per request; and the requests each save made."""
    fake = SheetsFake().start()
    try:
        with _environment(**{EMULATOR_ENV: fake.host}):
            key = _filled(fake, SAVE_ROWS)  # filled at full speed: only what people wait for is slowed
            with _environment(DIVULGA_STORE=f"gsheets://{key}"):
                _clear()  # a process that has not opened this spreadsheet yet
                fake.latency_s = LATENCY_S
                try:
                    return _saves(fake)
                finally:
                    _clear()
    finally:
        fake.stop()


def _saves(fake: SheetsFake) -> tuple[float, list[int]]:
    at = page("app_pages/mensajes.py")
    timed(at)
    samples, counts = [], []
    for number in range(SAVES):
        at.text_input(key="m_link").input(f"https://x.com/bench{number}/status/{9000 + number}")
        at.text_area(key="m_text").input(f"¿Cuándo recuperan el andén {number}?")
        button = at.button[[b.label for b in at.button].index("Registrar")]
        _filling_a_form(register_module.open_register())
        fake.reset_log()
        started = time.perf_counter()
        button.click().run()
        samples.append(time.perf_counter() - started)
        counts.append(len(fake.requests))
        assert not at.exception, [error.message for error in at.exception]
        shown = "\n".join(str(element.value) for element in at.success)
        assert "Registrado: **MSG-" in shown, shown
    return statistics.median(samples), counts


def run() -> dict[str, dict]:
    fake = SheetsFake().start()
    try:
        with _environment(**{EMULATOR_ENV: fake.host}):
            ours, theirs = divulga(fake), connection(fake)
    finally:
        fake.stop()
    save, save_requests = save_to_page()
    results = {}
    print(f"\nSolicitudes a Google Sheets por acción ({DEMO_ROWS:,} filas de demostración; falso local de la API)")
    print(f"{'acción':<28}{'Divulga':>9}{'presupuesto':>13}{'st-gsheets-connection':>24}")
    for action, budget in BUDGETS.items():
        print(f"{action:<28}{ours[action]:>9}{budget:>13}{theirs[action]:>24}")
        results[f"sheets_{action}_requests"] = {"value": ours[action], "unit": "req", "budget": budget}
        results[f"sheets_{action}_requests_connection"] = {"value": theirs[action], "unit": "req", "budget": None}
    rows, counts = f"{SAVE_ROWS:,}".replace(",", "."), ", ".join(map(str, save_requests))
    print(f"Un mensaje guardado desde Mensajes hasta verlo ({rows} filas, {LATENCY_S * 1000:.0f} ms por solicitud): "
          f"{save:.2f} s (presupuesto {SAVE_BUDGET_S} s); solicitudes por guardado: {counts}", flush=True)
    results["sheets_save_to_page_s"] = {"value": round(save, 3), "unit": "s", "budget": SAVE_BUDGET_S}
    return results


if __name__ == "__main__":
    for name, figure in run().items():
        print(name, figure)
