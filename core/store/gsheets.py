"""The shared register: a Google Sheet that staff also edit by hand, reached with gspread 6.

Requests are few and counted (see the README's Sheets table). The spreadsheet's metadata is read once per
process; the whole register is one `values:batchGet` (unformatted values, serial date-times) parsed by the
same cell parsers as SQLite. A create is one read (the header rows and the ID column: columns may have
been moved, IDs must not repeat) and one `batchUpdate` whose `appendCells` add the rows and their
Historial rows together, as string, number or date cells: nothing typed by a person is ever read as a
formula. An update finds the row again by its ID (people sort and insert rows), reads it back, compares it
with what the person saw, and writes only the changed cells and its Historial row in one `batchUpdate`.
Nothing is ever cleared or rewritten; missing tabs and headers are added at the end. No write is ever
sent twice: a write that got no answer may still land, so it is only looked for (`_write_once`).

Sheets has no transactions: between reading a row back and writing it (a fraction of a second) a person
could sort the tab by hand. That window is accepted and documented; it is far smaller than the minutes a
form stays open, which is what the comparison protects. Imports run one at a time thanks to a marker row in
Historial (`importing`).
"""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import gspread
from gspread.urls import SPREADSHEET_BATCH_UPDATE_URL

from core.fmt import fmt_datetime
from core.sheet.cells import BOGOTA, format_datetime_text, is_empty, normalize, parse_datetime, to_serial
from core.sheet.contract import HISTORIAL, ID_COLUMN, TABS, Tab
from core.store.base import (
    IdClash,
    ImportRunning,
    RawTab,
    RowChange,
    StoreError,
    by_contract,
    not_found,
    positions,
    read_all,
    rows_to_edit,
)
from core.store.sheets_cells import (
    JSON_BODY,
    Sheet,
    append_cells,
    as_read,
    cell_data,
    chunks,
    column_letter,
    header_cells,
    header_text,
    same_row,
    same_value,
    trimmed,
    update_cell,
    wire,
)
from core.store.sheets_http import Patience, Refused, Unclear, call, make_client

READ_PARAMS = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER",
               "majorDimension": "ROWS"}
NEW_TAB_ROWS = 1000
NEW_TAB_COLUMNS = 26
RECENT_S = 3.0  # a full read this recent stands in for the look before a create (see `_recent_look`)
IMPORT_STARTED, IMPORT_DONE, IMPORT_CANCELLED = "importación en curso", "importación terminada", "importación cancelada"
IMPORT_ABANDONED_S = 30 * 60  # an import marker this old belongs to an import that was killed: it blocks no more
CLOCK_SLACK_S = 5 * 60  # Historial rows are appended in time order, give or take the writers' clocks
MARKER_ROWS = 2000  # Historial rows read per request when looking for import markers


@dataclass(frozen=True)
class _Marker:
    """An import's row in Historial (see `SheetsStore.importing`)."""

    row: int  # sheet row number
    when: Any  # Fecha as read: a serial number
    who: str
    token: str
    action: str


class HeadersMissing(StoreError):
    """Row 1 of a tab that holds data has none of the contract's headers (a title or blank row above
    them): Divulga writes nothing there rather than guess where the columns are."""


@dataclass
class _Look:
    """What one read before a write saw of a tab."""

    headers: list[str]
    history_headers: list[str]
    requests: list[dict[str, Any]]  # headers to add before the write
    key_column: list[Any]  # the key column's data cells (sheet row n at index n - 2)
    rows: list[tuple[Any, ...]]  # the whole tab's data rows, when asked for
    length: int  # rows read (the key column's, or the whole tab's), header row included


def _described(change: RowChange) -> str:
    """The key of an edit as a refusal names it: «ID «MSG-…»»."""
    return ", ".join(f"{name} «{change.tab.column(name).to_text(value)}»" for name, value in change.key.items())


class SheetsStore:
    """The register in one Google spreadsheet (see the module docstring)."""

    def __init__(self, key: str, patience: Patience | None = None):
        self.key = key
        self.label = f"Google Sheets ({key})"
        self.patience = patience or Patience()
        self._lock = threading.RLock()
        self._http: gspread.HTTPClient | None = None
        self._sheets: dict[str, Sheet] | None = None  # contract tab name -> its sheet
        self._headers: dict[str, list[str]] = {}  # contract tab name -> header row as last read
        self._recent: dict[str, tuple[float, _Look]] = {}  # contract tab name -> (when, what a full read saw)
        self.properties: dict[str, Any] = {}  # the spreadsheet's title, locale and time zone
        self.preparation_error: str | None = None  # why preparing the sheet on first use failed

    # --- opening and layout ---------------------------------------------------------------------------

    def _client(self) -> gspread.HTTPClient:
        with self._lock:
            if self._http is None:
                self._http = make_client(self.patience).http_client
            return self._http

    def metadata(self) -> dict[str, Any]:
        http = self._client()
        return call(lambda: http.fetch_sheet_metadata(self.key), "abrir la hoja", self.patience)

    def _adopt(self, metadata: dict[str, Any]) -> None:
        self.properties = dict(metadata.get("properties", {}))
        by_key = {tab.key: tab.name for tab in TABS}
        sheets: dict[str, Sheet] = {}
        for entry in metadata.get("sheets", []):
            props = entry.get("properties", {})
            contract = by_key.get(normalize(props.get("title", "")))
            if contract and contract not in sheets:
                grid = props.get("gridProperties", {})
                sheets[contract] = Sheet(props["title"], props.get("sheetId", 0), grid.get("rowCount", 0),
                                         grid.get("columnCount", 0))
        self._sheets = sheets

    def sheets(self, again: bool = False) -> dict[str, Sheet]:
        """The contract's tabs in the spreadsheet, from its metadata read once per process (or `again`,
        after Sheets refused a range: a tab renamed or a column deleted by hand). Missing tabs are created
        with their header rows; a spreadsheet that had none of them is prepared too (`core.store.sheet_setup`)."""
        with self._lock:
            if self._sheets is None or again:
                self._adopt(self.metadata())
                missing = [tab for tab in TABS if tab.name not in self._sheets]
                if missing:
                    self._create_tabs(missing, first_use=not self._sheets)
            return self._sheets

    def _create_tabs(self, tabs: list[Tab], first_use: bool) -> None:
        """Add the missing tabs (Sheets numbers them), then write their header rows; on a spreadsheet that
        had none of them, prepare it too. A preparation that fails is a warning, not a failure."""
        requests = [{"addSheet": {"properties": {"title": tab.name, "gridProperties": {
            "rowCount": NEW_TAB_ROWS, "columnCount": max(NEW_TAB_COLUMNS, len(tab.headers))}}}} for tab in tabs]
        try:
            self.send(requests, "crear las pestañas")
        except StoreError:  # another process (or an answer lost on the way) created them: look again
            self._adopt(self.metadata())
            if any(tab.name not in self._sheets for tab in tabs):
                raise
        else:
            self._adopt(self.metadata())  # the tabs as Sheets numbered them (once, on first use)
            self.send([header_cells(self._sheets[tab.name], 0, tab.headers) for tab in tabs],
                      "escribir los encabezados", retry=True)  # cells written where they are: safe to repeat
            for tab in tabs:
                self._headers[tab.name] = list(tab.headers)
        if first_use:
            from core.store.sheet_setup import prepare

            try:
                prepare(self)
            except StoreError as error:
                self.preparation_error = str(error)

    def _fresh_layout(self, action: Callable[[], Any]) -> Any:
        """Run `action`; when Sheets refuses a range (a tab renamed, a column deleted by hand since the
        metadata was read), read the metadata again and run it once more."""
        try:
            return action()
        except Refused as refused:
            if refused.status != 400:
                raise
            self.sheets(again=True)
            return action()

    @staticmethod
    def _missing(tab: Tab, headers: list[str]) -> list[str]:
        present = {normalize(header) for header in headers}
        return [column.name for column in tab.columns if column.key not in present]

    def _header_plan(self, tab: Tab, headers: list[str], has_rows: bool,
                     refresh: bool = True) -> tuple[list[dict[str, Any]], list[str]]:
        """The requests that add the contract headers a tab lacks at the end of its row 1 (growing the
        grid, whose width is read again from the metadata unless the caller just did), and the header row
        they leave. Raises `HeadersMissing` when row 1 of a tab with data holds none of the contract's
        headers."""
        missing = self._missing(tab, headers)
        if not missing:
            return [], headers
        if has_rows and len(missing) == len(tab.columns):
            raise HeadersMissing(
                f"La fila 1 de la pestaña {self._sheets[tab.name].title} no tiene los encabezados del registro "
                f"(por ejemplo {', '.join(tab.headers[:3])}); quizá hay una fila de título o en blanco encima. "
                "Déjelos en la fila 1: mientras tanto Divulga no escribe en esa pestaña.")
        sheet = (self.sheets(again=True) if refresh else self._sheets)[tab.name]  # rare: the grid's width now
        requests = []
        needed = len(headers) + len(missing)
        if needed > sheet.columns:
            requests.append({"appendDimension": {"sheetId": sheet.sheet_id, "dimension": "COLUMNS",
                                                 "length": needed - sheet.columns}})
        requests.append(header_cells(sheet, len(headers), missing))
        return requests, [*headers, *missing]

    def _grew(self, tab: Tab, headers: list[str]) -> None:
        sheet = self._sheets[tab.name]
        sheet.columns = max(sheet.columns, len(headers))
        self._headers[tab.name] = headers

    def setting_warnings(self) -> list[str]:
        """What the home page says when the spreadsheet is not set to Bogotá's locale and time zone."""
        from core.store.sheet_setup import setting_warnings

        self.sheets()
        warnings = setting_warnings(self.properties)
        if self.preparation_error:
            warnings.append(f"No se pudo preparar la hoja ({self.preparation_error}). Ejecute «python -m core "
                            "preparar-hoja» cuando Google Sheets responda.")
        return warnings

    # --- requests -------------------------------------------------------------------------------------

    def batch_get(self, ranges: list[str], what: str = "leer la hoja") -> list[list[list[Any]]]:
        http = self._client()
        answer = call(lambda: http.values_batch_get(self.key, ranges, params=dict(READ_PARAMS)), what,
                      self.patience)
        return [value_range.get("values", []) for value_range in answer.get("valueRanges", [])]

    def send(self, requests: list[dict[str, Any]], what: str, retry: bool = False) -> dict[str, Any]:
        """One `batchUpdate`. `retry` only when applying it twice leaves what applying it once does (cells
        written where they are); else a failure that may have been applied raises `Unclear` (see `call`)."""
        http = self._client()
        body = wire({"requests": requests})  # gspread's `batch_update` would send spaced, ASCII-escaped JSON
        url = SPREADSHEET_BATCH_UPDATE_URL % self.key
        return call(lambda: http.request("post", url, data=body, headers=dict(JSON_BODY)).json(), what,
                    self.patience, retry=retry)

    # --- the protocol ---------------------------------------------------------------------------------

    def read_each(self, tabs: Iterable[Tab]) -> Iterator[tuple[str, RawTab]]:
        wanted = [tab for tab in tabs if tab.name in self.sheets()]
        if not wanted:
            return

        def fetch() -> list[list[list[Any]]]:
            sheets = self.sheets()
            ranges = [sheets[tab.name].quoted for tab in wanted]
            if HISTORIAL not in wanted:  # its header row too (one row), so a write right after needs no look
                ranges.append(sheets[HISTORIAL.name].range("1:1"))
            return self.batch_get(ranges)

        answers = self._fresh_layout(fetch)
        if HISTORIAL not in wanted:
            history = answers.pop()
            self._headers[HISTORIAL.name] = [header_text(cell) for cell in (history[0] if history else [])]
        read_at = time.monotonic()
        rows_one = {tab.name: [header_text(cell) for cell in values[0]] if values else []
                    for tab, values in zip(wanted, answers)}
        headers_now = self._complete_headers(wanted, rows_one, {tab.name: len(values) > 1
                                                                for tab, values in zip(wanted, answers)})
        for tab, values in zip(wanted, answers):
            headers = headers_now[tab.name]
            self._grew(tab, headers)
            key = positions(tab, headers).get(ID_COLUMN, 0) if tab.has_id else 0
            self._recent[tab.name] = (read_at, _Look(
                headers, self._headers.get(HISTORIAL.name, []), [],
                [row[key] if key < len(row) else "" for row in values[1:]], [], max(len(values), 1)))
            width = len(headers)
            rows = [tuple(row[:width]) + ("",) * (width - len(row)) for row in values[1:]]
            yield tab.name, RawTab(self._sheets[tab.name].title, headers, rows)

    def _complete_headers(self, tabs: list[Tab], rows_one: dict[str, list[str]],
                          has_rows: dict[str, bool]) -> dict[str, list[str]]:
        """Each tab's header row once the contract headers it lacks are added at its end, all in one
        `batchUpdate` written once (an `appendDimension` applied twice would widen the grid twice). A tab
        whose row 1 holds none of them while it has data is read as it is: validation reports the missing
        columns, nothing is written there."""
        def plan(attempt: int) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
            now = rows_one if attempt == 0 else self._rows_one(tabs)
            if any(self._missing(tab, now[tab.name]) for tab in tabs):
                self.sheets(again=True)  # once for every tab that needs headers: the grids' widths as they are now
            requests, planned = [], {}
            for tab in tabs:
                try:
                    more, planned[tab.name] = self._header_plan(tab, now[tab.name], has_rows[tab.name], refresh=False)
                except HeadersMissing:
                    more, planned[tab.name] = [], now[tab.name]
                requests += more
            return requests, planned

        def applied(planned: dict[str, list[str]]) -> bool:
            now = self._rows_one(tabs)
            return all(set(self._missing(tab, now[tab.name])) <= set(self._missing(tab, planned[tab.name]))
                       for tab in tabs)

        return self._write_once("agregar las columnas que faltan", plan, applied)

    def _rows_one(self, tabs: list[Tab]) -> dict[str, list[str]]:
        """The header row of each tab as it is now (one read)."""
        answers = self.batch_get([self._sheets[tab.name].range("1:1") for tab in tabs], "leer los encabezados")
        return {tab.name: [header_text(cell) for cell in values[0]] if values else []
                for tab, values in zip(tabs, answers)}

    def read(self, tabs: Iterable[Tab]) -> dict[str, RawTab]:
        return read_all(self, tabs)

    def has_data(self) -> bool:
        data_tabs = [tab for tab in TABS if tab is not HISTORIAL]
        return any(any(not is_empty(cell) for row in raw.rows for cell in row)
                   for _, raw in self.read_each(data_tabs))

    def append(self, tab: Tab, records: list[dict[str, Any]], history: list[dict[str, Any]]) -> None:
        self.sheets()
        ids = [str(record[ID_COLUMN]) for record in records if tab.has_id and not is_empty(record.get(ID_COLUMN))]
        if len(set(ids)) != len(ids):
            raise IdClash({i for i in ids if ids.count(i) > 1})
        recent = self._recent_look(tab)
        self._recent.pop(tab.name, None)
        first = recent or self._fresh_layout(lambda: self._look(tab))
        sizes = [self._row_cells(tab, first.headers, record) for record in records]
        history_sizes = [self._row_cells(HISTORIAL, first.history_headers, record) for record in history]
        for start, end in chunks(sizes, history_sizes):
            part, part_history = records[start:end], history[start:end]

            def plan(attempt: int, part=part, part_history=part_history, start=start) -> tuple[list, _Look]:
                look = first if attempt == 0 else self._fresh_layout(lambda: self._look(tab))
                self._refuse_stored_ids(tab, look, part)
                requests = list(look.requests) if attempt or start == 0 else []  # headers go with the first
                requests.append(append_cells(self._sheets[tab.name],
                                             [self._row_cells(tab, look.headers, record) for record in part]))
                if part_history:
                    requests.append(append_cells(self._sheets[HISTORIAL.name], [
                        self._row_cells(HISTORIAL, look.history_headers, record) for record in part_history]))
                return requests, look

            look = self._write_once("guardar las filas nuevas", plan,
                                  lambda look, part=part: self._appended(tab, look, part))
            self._grew(tab, look.headers)
            self._grew(HISTORIAL, look.history_headers)

    def update(self, change: RowChange) -> None:
        tab = change.tab
        self.sheets()
        self._recent.pop(tab.name, None)
        by_id = list(change.key) == [ID_COLUMN]

        def plan(attempt: int) -> tuple[list, _Look]:
            look = self._fresh_layout(lambda: self._look(tab, whole=not by_id))
            where = positions(tab, look.headers)
            numbers, row = self._the_rows(change, look, where)
            change.verify(by_contract(tab, look.headers, row))
            sheet = self._sheets[tab.name]
            requests = list(look.requests)
            requests += [update_cell(sheet, number, where[name], cell_data(tab.column(name), value))
                         for number in numbers for name, value in change.changes.items()]
            requests.append(append_cells(self._sheets[HISTORIAL.name],
                                         [self._row_cells(HISTORIAL, look.history_headers, change.history)]))
            return requests, look

        look = self._write_once("guardar el cambio", plan, lambda look: self._updated(change, by_id))
        self._grew(tab, look.headers)
        self._grew(HISTORIAL, look.history_headers)

    def update_many(self, changes: list[RowChange]) -> list[StoreError | None]:
        """One read of the whole tab, every change located and verified against it, then the changed cells
        and the Historial rows in one `batchUpdate` (one per megabyte for very large batches)."""
        outcomes: list[StoreError | None] = [None] * len(changes)
        if not changes:
            return outcomes
        self.sheets()
        for tab in {id(change.tab): change.tab for change in changes}.values():
            self._update_tab(tab, changes, [i for i, change in enumerate(changes) if change.tab is tab], outcomes)
        return outcomes

    def _update_tab(self, tab: Tab, changes: list[RowChange], mine: list[int],
                    outcomes: list[StoreError | None]) -> None:
        self._recent.pop(tab.name, None)
        first = self._fresh_layout(lambda: self._look(tab, whole=True))
        planned = self._plan_edits(tab, first, [(i, changes[i]) for i in mine], outcomes)
        history_sheet = self._sheets[HISTORIAL.name]
        for start, end in chunks([cells for _, cells, _ in planned], [history for _, _, history in planned]):
            part = [i for i, _, _ in planned[start:end]]

            def plan(attempt: int, start=start, end=end, part=part) -> tuple[list, _Look]:
                if attempt == 0:
                    look, items = first, planned[start:end]
                else:  # not applied: plan it again from what the tab holds now
                    look = self._fresh_layout(lambda: self._look(tab, whole=True))
                    items = self._plan_edits(tab, look, [(i, changes[i]) for i in part], outcomes)
                requests = list(look.requests) if attempt or start == 0 else []
                for _, cells, _ in items:
                    requests += cells
                if items:
                    requests.append(append_cells(history_sheet, [history for _, _, history in items]))
                return requests, look

            def applied(look: _Look, part=part) -> bool:
                return self._all_updated(tab, [changes[i] for i in part])

            look = self._write_once("guardar los cambios", plan, applied)
            self._grew(tab, look.headers)
            self._grew(HISTORIAL, look.history_headers)

    def _plan_edits(self, tab: Tab, look: _Look, items: list[tuple[int, RowChange]],
                    outcomes: list[StoreError | None]) -> list[tuple[int, list[dict[str, Any]], list[dict[str, Any]]]]:
        """(index, cell writes, Historial row) of each change that finds its one row in `look` and that
        `verify` accepts; the others get their refusal in `outcomes`. A row edited twice in one batch is
        checked the second time against the first edit, as two edits one after the other would be."""
        where = positions(tab, look.headers)
        sheet = self._sheets[tab.name]
        rows = [list(row) for row in look.rows]
        by_id: dict[str, list[int]] = {}
        if tab.has_id and ID_COLUMN in where:
            for index, row in enumerate(rows):
                if where[ID_COLUMN] < len(row):
                    by_id.setdefault(trimmed(row[where[ID_COLUMN]]), []).append(index)
        planned = []
        for i, change in items:
            try:
                if any(name not in where for name in change.key):
                    raise not_found(change, ", ".join(change.key), 0)
                found = []
                if list(change.key) == [ID_COLUMN]:
                    wanted = trimmed(tab.column(ID_COLUMN).to_text(change.key[ID_COLUMN]))
                    found = by_id.get(wanted, [])
                if not found:
                    found = [index for index, row in enumerate(rows)
                             if change.matches(by_contract(tab, look.headers, row))]
                found, row = rows_to_edit(change, look.headers, [(index, rows[index]) for index in found],
                                          _described(change))
                change.verify(by_contract(tab, look.headers, row))
            except StoreError as error:
                outcomes[i] = error
                continue
            outcomes[i] = None
            cells = []
            for name, value in change.changes.items():
                cell = cell_data(tab.column(name), value)
                for index in found:  # one row, or every copy of a record stored twice
                    cells.append(update_cell(sheet, index + 2, where[name], cell))
                    rows[index].extend([""] * (where[name] + 1 - len(rows[index])))
                    rows[index][where[name]] = as_read(cell)
            planned.append((i, cells, self._row_cells(HISTORIAL, look.history_headers, change.history)))
        return planned

    def _all_updated(self, tab: Tab, changes: list[RowChange]) -> bool:
        """Whether every change's row shows its values now (one read of the tab)."""
        look = self._look(tab, whole=True)
        where = positions(tab, look.headers)
        for change in changes:
            expected = {name: as_read(cell_data(tab.column(name), value)) for name, value in change.changes.items()}
            if not any(all(same_value(row[where[name]] if where.get(name, len(row)) < len(row) else "", value)
                           for name, value in expected.items())
                       for _, row in self._locate(change, look)):
                return False
        return True

    # --- one import at a time -------------------------------------------------------------------------

    @contextmanager
    def importing(self, actor: str) -> Iterator[None]:
        """Sheets has no transactions: the import appends a marker row to Historial («importación en
        curso», a token of its own in ID) and goes on only if, reading Historial back, its marker is the
        earliest one not closed by a row «importación terminada» or «importación cancelada» with the same
        token; a marker older than `IMPORT_ABANDONED_S` belongs to a killed import and is passed over.
        Otherwise it closes its own marker and raises `ImportRunning`. On the way out, whatever happened, it
        appends «importación terminada»; if even that fails, the marker blocks other imports until it expires
        (their refusal says who began it and when)."""
        self.sheets()
        token = f"IMP-{uuid.uuid4().hex[:16]}"
        started = datetime.now(BOGOTA)
        headers = self._fresh_layout(lambda: self._rows_one([HISTORIAL]))[HISTORIAL.name]
        try:
            headers = self._mark(actor, token, started, IMPORT_STARTED, headers)
            ahead = self._import_ahead(token, started, headers)
        except Unclear:  # the marker may land later: closed now, it will block nobody
            self._close_quietly(actor, token, started, headers, IMPORT_CANCELLED)
            raise StoreError("Google Sheets no confirmó a tiempo la marca de comienzo de la importación en Historial. "
                             "No se importó nada: vuelva a intentarlo en un momento.") from None
        except BaseException:
            self._close_quietly(actor, token, started, headers, IMPORT_CANCELLED)
            raise
        if ahead is not None:
            self._close_quietly(actor, token, started, headers, IMPORT_CANCELLED)
            since = parse_datetime(ahead.when) if isinstance(ahead.when, (int, float)) else None
            raise ImportRunning(
                f"Otra importación está en curso: la empezó {ahead.who or 'alguien'}"
                f"{f' el {fmt_datetime(since)}' if since else ''}. Esta no importó nada: vuelva a intentarlo cuando "
                f"termine (una importación interrumpida deja de contar {IMPORT_ABANDONED_S // 60} minutos después de "
                "empezar).")
        try:
            yield
        finally:
            self._close_quietly(actor, token, started, headers, IMPORT_DONE)

    def _mark(self, actor: str, token: str, started: datetime, action: str, headers: list[str]) -> list[str]:
        """Append one marker row to Historial, never twice (see `_write_once`); returns Historial's headers."""
        record = {"Fecha": datetime.now(BOGOTA), "Usuario": actor, "Pestaña": HISTORIAL.name, "ID": token,
                  "Acción": action, "Cambios": json.dumps({"importación": token, "inicio": format_datetime_text(
                      started)}, ensure_ascii=False)}

        def plan(attempt: int) -> tuple[list[dict[str, Any]], list[str]]:
            now = headers if attempt == 0 else self._rows_one([HISTORIAL])[HISTORIAL.name]
            requests, now = self._header_plan(HISTORIAL, now, True)
            requests.append(append_cells(self._sheets[HISTORIAL.name], [self._row_cells(HISTORIAL, now, record)]))
            return requests, now

        def applied(now: list[str]) -> bool:
            return any(marker.token == token and marker.action == action for marker in self._markers(started, now))

        written = self._write_once("anotar la importación en Historial", plan, applied)
        self._grew(HISTORIAL, written)
        return written

    def _close_quietly(self, actor: str, token: str, started: datetime, headers: list[str], action: str) -> None:
        """Close a marker; if even that fails, the marker expires on its own (see `importing`)."""
        try:
            self._mark(actor, token, started, action, headers)
        except StoreError:
            pass

    def _import_ahead(self, token: str, started: datetime, headers: list[str]) -> _Marker | None:
        """The earliest import marker above ours that is neither closed nor abandoned."""
        markers = self._markers(started, headers)
        closed = {marker.token for marker in markers if marker.action in (IMPORT_DONE, IMPORT_CANCELLED)}
        mine = next((marker.row for marker in markers if marker.token == token and marker.action == IMPORT_STARTED),
                    None)
        alive_since = to_serial(datetime.now(BOGOTA)) - IMPORT_ABANDONED_S / 86400
        for marker in markers:
            if (marker.action == IMPORT_STARTED and marker.token != token and marker.token not in closed
                    and (mine is None or marker.row < mine)
                    and isinstance(marker.when, (int, float)) and marker.when >= alive_since):
                return marker
        return None

    def _markers(self, started: datetime, headers: list[str]) -> list[_Marker]:
        """Historial's import markers in sheet order, read from its end back to the first rows written
        well before an import that began at `started` could still count (rows are appended in time order).
        Reads only the Fecha, Usuario, ID and Acción columns (found in `headers`), `MARKER_ROWS` rows at a
        time."""
        where = positions(HISTORIAL, headers)
        letters = [column_letter(where[name]) for name in ("Fecha", "Usuario", "ID", "Acción") if name in where]
        if len(letters) < 4:
            return []
        oldest = to_serial(started) - (IMPORT_ABANDONED_S + CLOCK_SLACK_S) / 86400
        markers: list[_Marker] = []
        first: int | None = None  # the first chunk runs from `MARKER_ROWS` above the grid's end to its end
        last = ""  # (the grid's height as last seen: Historial only grows, and the range reaches however far)

        def fetch() -> tuple[int, list[list[list[Any]]]]:
            sheet = self._sheets[HISTORIAL.name]
            start = first if first is not None else max(2, sheet.rows - MARKER_ROWS + 1)
            return start, self.batch_get([sheet.range(f"{letter}{start}:{letter}{last}") for letter in letters],
                                         "buscar las importaciones en curso")

        while True:
            first, columns = self._fresh_layout(fetch)  # rows deleted by hand: the grid's height read again
            height = max(map(len, columns), default=0)
            if not last:  # where Historial ends now: the next import of this process starts there
                sheet = self._sheets[HISTORIAL.name]
                sheet.rows = max(sheet.rows, first + height - 1)
            cell = lambda column, i: column[i][0] if i < len(column) and column[i] else ""  # noqa: E731
            chunk, dated = [], []
            for i in range(height):
                when, who, key, action = (cell(column, i) for column in columns)
                if isinstance(when, (int, float)) and not isinstance(when, bool):
                    dated.append(when)
                if str(action).strip() in (IMPORT_STARTED, IMPORT_DONE, IMPORT_CANCELLED):
                    chunk.append(_Marker(first + i, when, str(who), trimmed(key), str(action).strip()))
            markers[:0] = chunk
            if first == 2 or (dated and min(dated) < oldest):
                return markers
            first, last = max(2, first - MARKER_ROWS), str(first - 1)

    # --- helpers --------------------------------------------------------------------------------------

    def _write_once(self, what: str, plan: Callable[[int], tuple[list, Any]],
                    applied: Callable[[Any], bool]) -> Any:
        """Send a write that must never be applied twice; `plan(attempt)` gives its requests and what the
        read before it saw, `applied(seen)` looks whether the write is in the sheet now. A 429 is retried
        (Sheets refused it before any work). After a failure answer (a 5xx: the request is over) it looks, and
        only if the write is not there plans it again from a fresh read (rows may have been sorted or columns
        moved meanwhile) and sends it again. After no answer (a timeout, a dropped connection) the request
        may still be applied later, so it is never sent again: see `_confirm`."""
        started = time.monotonic()
        for attempt in range(self.patience.tries):
            requests, seen = plan(attempt)
            if not requests:  # planned again, nothing is left to write
                return seen
            try:
                self.send(requests, what)
                return seen
            except Unclear as unclear:
                if not unclear.answered:
                    return self._confirm(seen, applied, started, unclear)
                wait = self.patience.first_wait_s * 2 ** attempt * random.uniform(0.5, 1.0)
                last = attempt == self.patience.tries - 1 or time.monotonic() - started + wait > self.patience.total_s
                time.sleep(wait)
                try:
                    if applied(seen):
                        return seen
                except StoreError:
                    raise unclear from None  # the look failed too: it may have been applied
                if last:
                    raise unclear.nothing_saved from None
        raise AssertionError("unreachable")

    def _confirm(self, seen: Any, applied: Callable[[Any], bool], started: float, unclear: Unclear) -> Any:
        """Look for a write that got no answer, again with growing waits while it may still land within
        `patience.total_s` of the first send; raise `unclear` (the message says it may have been saved and to
        read again before repeating it) when it never shows up."""
        wait = self.patience.first_wait_s
        while True:
            try:
                if applied(seen):
                    return seen
            except StoreError:
                pass  # a look that fails confirms nothing; look again while there is time
            if time.monotonic() - started + wait > self.patience.total_s:
                raise unclear from None
            time.sleep(wait * random.uniform(0.5, 1.0))
            wait *= 2

    def _recent_look(self, tab: Tab) -> _Look | None:
        """What a full read of the last `RECENT_S` seconds saw of the tab (headers, IDs, length), when
        nothing was written to it since: an import or a form saved right after a read needs no look."""
        read_at, look = self._recent.get(tab.name, (0.0, None))
        if look is None or time.monotonic() - read_at > RECENT_S or not look.history_headers:
            return None
        if not {normalize(header) for header in look.headers} & {column.key for column in tab.columns}:
            return None
        requests, history_headers = self._header_plan(HISTORIAL, look.history_headers, True)
        return _Look(look.headers, history_headers, requests, look.key_column, [], look.length)

    def _look(self, tab: Tab, whole: bool = False) -> _Look:
        """One read before a write: the tab's and Historial's header rows and the key column (the ID, or
        the first column), or the whole tab. When the headers show the key column moved since the last
        read, it is read again from where it is now."""
        sheets = self._sheets
        sheet, history_sheet = sheets[tab.name], sheets[HISTORIAL.name]
        key_name = ID_COLUMN if tab.has_id else None
        for _ in range(2):
            cached = self._headers.get(tab.name, tab.headers)
            position = positions(tab, cached).get(key_name, 0) if key_name else 0
            letter = column_letter(position)
            ranges = [history_sheet.range("1:1"), sheet.quoted if whole else sheet.range(f"{letter}:{letter}"),
                      sheet.range("1:1")]
            history_values, body, header_values = self.batch_get(ranges, "buscar la fila en la hoja")
            headers = [header_text(cell) for cell in (header_values[0] if header_values else [])]
            now = positions(tab, headers).get(key_name, 0) if key_name else 0
            if whole or now == position or key_name not in positions(tab, headers):
                break
            self._headers[tab.name] = headers  # the key column moved by hand: read it where it is now
        requests, headers = self._header_plan(tab, headers, len(body) > 1)
        history_headers = [header_text(cell) for cell in (history_values[0] if history_values else [])]
        if tab is HISTORIAL:
            history_headers = headers
        else:
            more, history_headers = self._header_plan(HISTORIAL, history_headers, True)
            requests += more
        key_column = [] if whole else [row[0] if row else "" for row in body[1:]]
        rows = [tuple(row) for row in body[1:]] if whole else []
        return _Look(headers, history_headers, requests, key_column, rows, max(len(body), 1))

    def _refuse_stored_ids(self, tab: Tab, look: _Look, records: list[dict[str, Any]]) -> None:
        if not tab.has_id:
            return
        stored = {trimmed(cell) for cell in look.key_column}
        clashes = {str(record[ID_COLUMN]) for record in records
                   if not is_empty(record.get(ID_COLUMN)) and trimmed(record[ID_COLUMN]) in stored}
        if clashes:
            raise IdClash(clashes)

    def _the_rows(self, change: RowChange, look: _Look, where: dict[str, int]) -> tuple[list[int], list[Any]]:
        """(sheet row numbers, cells) of the rows the edit writes (`rows_to_edit`)."""
        if any(name not in where for name in change.key):
            raise not_found(change, ", ".join(change.key), 0)
        numbers, row = rows_to_edit(change, look.headers, self._locate(change, look), _described(change))
        return numbers, list(row)

    def _locate(self, change: RowChange, look: _Look) -> list[tuple[int, list[Any]]]:
        """(sheet row number, cells) of every row that carries the change's key."""
        tab = change.tab
        if look.rows:
            return [(index + 2, list(row)) for index, row in enumerate(look.rows)
                    if change.matches(by_contract(tab, look.headers, row))]
        if ID_COLUMN not in change.key:
            return []
        wanted = trimmed(tab.column(ID_COLUMN).to_text(change.key[ID_COLUMN]))
        numbers = [index + 2 for index, cell in enumerate(look.key_column) if trimmed(cell) == wanted]
        sheet = self._sheets[tab.name]
        if not numbers:  # not under its ID as typed: look at every row the way validation reads it
            values = self.batch_get([sheet.quoted], "buscar la fila en la hoja")[0]
            return [(index + 2, list(row)) for index, row in enumerate(values[1:])
                    if change.matches(by_contract(tab, look.headers, row))]
        rows = self.batch_get([sheet.range(f"{number}:{number}") for number in numbers], "leer la fila de nuevo")
        return [(number, list(values[0]) if values else []) for number, values in zip(numbers, rows)]

    def _row_cells(self, tab: Tab, headers: list[str], record: dict[str, Any]) -> list[dict[str, Any]]:
        where = positions(tab, headers)
        cells: list[dict[str, Any]] = [{} for _ in range(max(where.values(), default=-1) + 1)]
        for name, position in where.items():
            cells[position] = cell_data(tab.column(name), record.get(name))
        return cells

    def _appended(self, tab: Tab, look: _Look, records: list[dict[str, Any]]) -> bool:
        """Whether these records are in the tab now: by their IDs, or (a tab without IDs) by their cells
        below the rows the tab had before the write."""
        sheet = self._sheets[tab.name]
        values = self.batch_get([sheet.quoted], "comprobar lo guardado")[0]
        headers = [header_text(cell) for cell in (values[0] if values else [])]
        ids = [trimmed(record.get(ID_COLUMN)) for record in records] if tab.has_id else []
        if ids and all(ids) and ID_COLUMN in positions(tab, headers):
            position = positions(tab, headers)[ID_COLUMN]
            stored = {trimmed(row[position]) for row in values[1:] if position < len(row)}
            return all(i in stored for i in ids)
        later = values[look.length:]
        sent = [self._row_cells(tab, headers, record) for record in records]
        return all(any(same_row(list(row), cells) for row in later) for cells in sent)

    def _updated(self, change: RowChange, by_id: bool) -> bool:
        """Whether the row carrying the change's key shows every changed value now."""
        tab = change.tab
        look = self._look(tab, whole=not by_id)
        where = positions(tab, look.headers)
        expected = {name: as_read(cell_data(tab.column(name), value)) for name, value in change.changes.items()}
        for _, row in self._locate(change, look):
            cells = {name: row[where[name]] if where.get(name, len(row)) < len(row) else "" for name in expected}
            if all(same_value(cells[name], value) for name, value in expected.items()):
                return True
        return False
