"""The shared register: a Google Sheet that staff also edit by hand, reached with gspread 6.

Requests are few and counted (see the README's Sheets table). The spreadsheet's metadata is read once per
process; the whole register is one `values:batchGet` (unformatted values, serial date-times) parsed by the
same cell parsers as SQLite. A create is one read (the header rows and the ID column: columns may have
been moved, IDs must not repeat) and one `batchUpdate` whose `appendCells` add the rows and their
Historial rows together, as string, number or date cells: nothing typed by a person is ever read as a
formula. An update finds the row again by its ID (people sort and insert rows), reads it back, compares it
with what the person saw, and writes only the changed cells and its Historial row in one `batchUpdate`.
Nothing is ever cleared or rewritten; missing tabs and headers are added at the end.

Sheets has no transactions: between reading a row back and writing it (a fraction of a second) a person
could sort the tab by hand. That window is accepted and documented; it is far smaller than the minutes a
form stays open, which is what the comparison protects.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import gspread

from core.cells import is_empty, normalize, to_serial
from core.layout import HISTORIAL, ID_COLUMN, TABS, Column, Kind, Tab
from core.store.base import (
    IdClash,
    RawTab,
    RowChange,
    StoreError,
    by_contract,
    not_found,
    positions,
    read_all,
)
from core.store.sheets_http import Patience, Unclear, call, make_client

READ_PARAMS = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER",
               "majorDimension": "ROWS"}
DATE_FORMAT = {"type": "DATE", "pattern": "dd/mm/yyyy"}
DATETIME_FORMAT = {"type": "DATE_TIME", "pattern": "dd/mm/yyyy hh:mm"}
NEW_TAB_ROWS = 1000
NEW_TAB_COLUMNS = 26
REQUEST_BYTES = 1_000_000  # one batchUpdate's body at most: half of Sheets' 2 MB limit
SPACES = " \t\n\v\f\r\xa0"
RECENT_S = 3.0  # a full read this recent stands in for the look before a create (see `_recent_look`)
TIMEOUT_GRACE_S = 10.0  # how long a write that timed out may still be applied before it is sent again


@dataclass
class Sheet:
    """A tab as the spreadsheet's metadata describes it."""

    title: str
    sheet_id: int
    rows: int
    columns: int

    @property
    def quoted(self) -> str:
        return "'" + self.title.replace("'", "''") + "'"

    def range(self, cells: str = "") -> str:
        return f"{self.quoted}!{cells}" if cells else self.quoted


def column_letter(position: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    return gspread.utils.rowcol_to_a1(1, position + 1)[:-1]


def cell_data(column: Column | None, value: Any) -> dict[str, Any]:
    """A value as a Sheets cell: dates as serial numbers with a dd/mm/aaaa format (people can sort and
    filter them), whole numbers as numbers, everything else as a string value, never a formula."""
    if column is None:
        return {} if is_empty(value) else {"userEnteredValue": {"stringValue": str(value)}}
    text = column.to_text(value)
    if text is None:
        return {}
    if column.kind is Kind.DATE:
        day = value.date() if isinstance(value, datetime) else value
        if isinstance(day, date):
            return {"userEnteredValue": {"numberValue": to_serial(day)},
                    "userEnteredFormat": {"numberFormat": DATE_FORMAT}}
    if column.kind is Kind.DATETIME and isinstance(value, datetime):
        return {"userEnteredValue": {"numberValue": to_serial(value)},
                "userEnteredFormat": {"numberFormat": DATETIME_FORMAT}}
    if column.kind is Kind.INT:
        return {"userEnteredValue": {"numberValue": int(text)}}
    return {"userEnteredValue": {"stringValue": str(text)}}


def _as_read(cell: dict[str, Any]) -> Any:
    """What an unformatted read gives back for a cell we sent."""
    value = cell.get("userEnteredValue", {})
    return next(iter(value.values()), "")


def _trimmed(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value if value is not None else "").strip(SPACES)


def _fields(cell: dict[str, Any]) -> str:
    return "userEnteredValue,userEnteredFormat.numberFormat" if "userEnteredFormat" in cell else "userEnteredValue"


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

    def _call(self, what: str, send, retry: bool = True):
        return call(send, what, self.patience, retry=retry)

    def metadata(self) -> dict[str, Any]:
        http = self._client()
        return self._call("abrir la hoja", lambda: http.fetch_sheet_metadata(self.key))

    def _adopt(self, metadata: dict[str, Any]) -> None:
        self.properties = dict(metadata.get("properties", {}))
        by_key = {tab.key: tab.name for tab in TABS}
        sheets: dict[str, Sheet] = {}
        for entry in metadata.get("sheets", []):
            props = entry["properties"]
            contract = by_key.get(normalize(props["title"]))
            if contract and contract not in sheets:
                grid = props.get("gridProperties", {})
                sheets[contract] = Sheet(props["title"], props["sheetId"], grid.get("rowCount", 0),
                                         grid.get("columnCount", 0))
        self._sheets = sheets

    def sheets(self) -> dict[str, Sheet]:
        """The contract's tabs in the spreadsheet, opened once per process: the missing ones are created
        with their header rows (and on a spreadsheet without any, prepared: see `core.sheet_setup`)."""
        with self._lock:
            if self._sheets is None:
                self._adopt(self.metadata())
                missing = [tab for tab in TABS if tab.name not in self._sheets]
                if missing:
                    self._create_tabs(missing, first_use=not self._sheets)
            return self._sheets

    def _create_tabs(self, tabs: list[Tab], first_use: bool) -> None:
        """Add the missing tabs (Sheets numbers them), then write their header rows; on a spreadsheet that
        had none of them, prepare it too. A preparation that fails is a warning, not a failure."""
        requests = [{"addSheet": {"properties": {"title": tab.name, "gridProperties": {
            "rowCount": NEW_TAB_ROWS, "columnCount": max(NEW_TAB_COLUMNS, len(tab.headers)), "frozenRowCount": 1}}}}
            for tab in tabs]
        try:
            replies = self.send(requests, "crear las pestañas").get("replies", [])
        except StoreError:  # another process may have created them first: look again once
            self._adopt(self.metadata())
            if any(tab.name not in self._sheets for tab in tabs):
                raise
            return
        for tab, reply in zip(tabs, replies):
            props = reply["addSheet"]["properties"]
            grid = props.get("gridProperties", {})
            self._sheets[tab.name] = Sheet(props["title"], props["sheetId"], grid.get("rowCount", NEW_TAB_ROWS),
                                           grid.get("columnCount", len(tab.headers)))
        self.send([self._header_cells(self._sheets[tab.name], 0, tab.headers) for tab in tabs],
                  "escribir los encabezados")
        for tab in tabs:
            self._headers[tab.name] = list(tab.headers)
        if first_use:
            from core.sheet_setup import prepare

            try:
                prepare(self)
            except StoreError as error:
                self.preparation_error = str(error)

    def _header_cells(self, sheet: Sheet, start: int, names: list[str]) -> dict[str, Any]:
        return {"updateCells": {
            "start": {"sheetId": sheet.sheet_id, "rowIndex": 0, "columnIndex": start},
            "rows": [{"values": [{"userEnteredValue": {"stringValue": name}} for name in names]}],
            "fields": "userEnteredValue"}}

    def _missing_headers(self, tab: Tab, headers: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
        """The requests that add the contract headers a tab lacks at the end of its row 1 (growing the
        grid when needed), and the header row they leave."""
        present = {normalize(header) for header in headers}
        missing = [column.name for column in tab.columns if column.key not in present]
        if not missing:
            return [], headers
        sheet = self._sheets[tab.name]
        requests = []
        needed = len(headers) + len(missing)
        if needed > sheet.columns:
            requests.append({"appendDimension": {"sheetId": sheet.sheet_id, "dimension": "COLUMNS",
                                                 "length": needed - sheet.columns}})
        requests.append(self._header_cells(sheet, len(headers), missing))
        return requests, [*headers, *missing]

    def _grew(self, tab: Tab, headers: list[str]) -> None:
        sheet = self._sheets[tab.name]
        sheet.columns = max(sheet.columns, len(headers))
        self._headers[tab.name] = headers

    def setting_warnings(self) -> list[str]:
        """What the home page says when the spreadsheet is not set to Bogotá's locale and time zone."""
        from core.sheet_setup import setting_warnings

        self.sheets()
        warnings = setting_warnings(self.properties)
        if self.preparation_error:
            warnings.append(f"No se pudo preparar la hoja ({self.preparation_error}). Ejecute «python -m core "
                            "preparar-hoja» cuando Google Sheets responda.")
        return warnings

    # --- requests -------------------------------------------------------------------------------------

    def batch_get(self, ranges: list[str], what: str = "leer la hoja") -> list[list[list[Any]]]:
        http = self._client()
        answer = self._call(what, lambda: http.values_batch_get(self.key, ranges, params=dict(READ_PARAMS)))
        return [value_range.get("values", []) for value_range in answer.get("valueRanges", [])]

    def send(self, requests: list[dict[str, Any]], what: str, retry: bool = True) -> dict[str, Any]:
        http = self._client()
        return self._call(what, lambda: http.batch_update(self.key, {"requests": requests}), retry=retry)

    # --- the protocol ---------------------------------------------------------------------------------

    def read_each(self, tabs: Iterable[Tab]) -> Iterator[tuple[str, RawTab]]:
        sheets = self.sheets()
        wanted = [tab for tab in tabs if tab.name in sheets]
        if not wanted:
            return
        ranges = [sheets[tab.name].quoted for tab in wanted]
        if HISTORIAL not in wanted:  # its header row too (one row), so a write right after needs no look
            ranges.append(sheets[HISTORIAL.name].range("1:1"))
        answers = self.batch_get(ranges)
        if HISTORIAL not in wanted:
            history = answers.pop()
            self._headers[HISTORIAL.name] = [_header_text(cell) for cell in (history[0] if history else [])]
        read_at = time.monotonic()
        additions = []
        read = []
        for tab, values in zip(wanted, answers):
            headers = [_header_text(cell) for cell in values[0]] if values else []
            requests, full = self._missing_headers(tab, headers)
            if requests:
                additions.extend(requests)
            read.append((tab, values, full))
        if additions:
            with self._lock:
                self.send(additions, "agregar las columnas que faltan")
        for tab, values, headers in read:
            self._grew(tab, headers)
            key = positions(tab, headers).get(ID_COLUMN, 0) if tab.has_id else 0
            self._recent[tab.name] = (read_at, _Look(
                headers, self._headers.get(HISTORIAL.name, []), [],
                [row[key] if key < len(row) else "" for row in values[1:]], [], max(len(values), 1)))
            width = len(headers)
            rows = [tuple(row[:width]) + ("",) * (width - len(row)) for row in values[1:]]
            yield tab.name, RawTab(self._sheets[tab.name].title, headers, rows)

    def read(self, tabs: Iterable[Tab]) -> dict[str, RawTab]:
        return read_all(self, tabs)

    def has_data(self) -> bool:
        data_tabs = [tab for tab in TABS if tab is not HISTORIAL]
        return any(any(not is_empty(cell) for row in raw.rows for cell in row)
                   for _, raw in self.read_each(data_tabs))

    def append(self, tab: Tab, records: list[dict[str, Any]], history: list[dict[str, Any]]) -> None:
        sheets = self.sheets()
        ids = [str(record[ID_COLUMN]) for record in records if tab.has_id and not is_empty(record.get(ID_COLUMN))]
        if len(set(ids)) != len(ids):
            raise IdClash({i for i in ids if ids.count(i) > 1})
        seen = self._recent_look(tab) or self._look(tab)
        self._recent.pop(tab.name, None)
        if ids:
            stored = {_trimmed(cell) for cell in seen.key_column}
            clashes = {i for i in ids if _trimmed(i) in stored}
            if clashes:
                raise IdClash(clashes)
        rows = [self._row_cells(tab, seen.headers, record) for record in records]
        history_rows = [self._row_cells(HISTORIAL, seen.history_headers, record) for record in history]
        sheet, history_sheet = sheets[tab.name], sheets[HISTORIAL.name]
        prefix = list(seen.requests)
        for chunk, history_chunk in _chunks(rows, history_rows):
            requests = prefix + [_append_cells(sheet, chunk)]
            if history_chunk:
                requests.append(_append_cells(history_sheet, history_chunk))
            self._write(requests, "guardar las filas nuevas",
                        applied=lambda chunk=chunk: self._appended(tab, seen, chunk))
            prefix = []
        self._grew(tab, seen.headers)
        self._grew(HISTORIAL, seen.history_headers)

    def update(self, change: RowChange) -> None:
        tab = change.tab
        sheets = self.sheets()
        sheet = sheets[tab.name]
        seen = self._look(tab, whole=list(change.key) != [ID_COLUMN])
        self._recent.pop(tab.name, None)
        where = positions(tab, seen.headers)
        if any(name not in where for name in change.key):
            raise not_found(change, ", ".join(change.key), 0)
        found = self._locate(change, seen, where)
        if len(found) > 1:  # rows that look alike: the one that is exactly what the caller read
            found = [(number, row) for number, row in found
                     if change.is_as_seen(by_contract(tab, seen.headers, row))] or found
        if len(found) != 1:
            described = ", ".join(f"{name} «{tab.column(name).to_text(value)}»" for name, value in change.key.items())
            raise not_found(change, described, len(found))
        number, row = found[0]
        change.verify(by_contract(tab, seen.headers, row))
        cells = {where[name]: cell_data(tab.column(name), value) for name, value in change.changes.items()}
        requests = list(seen.requests)
        for position, cell in cells.items():
            requests.append({"updateCells": {
                "start": {"sheetId": sheet.sheet_id, "rowIndex": number - 1, "columnIndex": position},
                "rows": [{"values": [cell]}], "fields": _fields(cell)}})
        history = self._row_cells(HISTORIAL, seen.history_headers, change.history)
        requests.append(_append_cells(sheets[HISTORIAL.name], [history]))
        self._write(requests, "guardar el cambio", applied=lambda: self._updated(sheet, number, cells))
        self._grew(tab, seen.headers)
        self._grew(HISTORIAL, seen.history_headers)

    # --- helpers --------------------------------------------------------------------------------------

    def _recent_look(self, tab: Tab) -> _Look | None:
        """What a full read of the last `RECENT_S` seconds saw of the tab (headers, IDs, length), when
        nothing was written to it since: an import or a form saved right after a read needs no look."""
        read_at, look = self._recent.get(tab.name, (0.0, None))
        if look is None or time.monotonic() - read_at > RECENT_S or not look.history_headers:
            return None
        requests, history_headers = self._missing_headers(HISTORIAL, look.history_headers)
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
            headers = [_header_text(cell) for cell in (header_values[0] if header_values else [])]
            now = positions(tab, headers).get(key_name, 0) if key_name else 0
            if whole or now == position or key_name not in positions(tab, headers):
                break
            self._headers[tab.name] = headers  # the key column moved by hand: read it where it is now
        requests, headers = self._missing_headers(tab, headers)
        history_headers = [_header_text(cell) for cell in (history_values[0] if history_values else [])]
        more: list[dict[str, Any]] = []
        if tab is HISTORIAL:
            history_headers = headers
        else:
            more, history_headers = self._missing_headers(HISTORIAL, history_headers)
        if whole:
            key_column = []
            rows = [tuple(row) for row in body[1:]]
        else:
            key_column = [row[0] if row else "" for row in body[1:]]
            rows = []
        return _Look(headers, history_headers, requests + more, key_column, rows, len(body))

    def _locate(self, change: RowChange, seen: _Look, where: dict[str, int]) -> list[tuple[int, list[Any]]]:
        """(sheet row number, cells) of every row that carries the change's key."""
        tab = change.tab
        if seen.rows:
            return [(index + 2, list(row)) for index, row in enumerate(seen.rows)
                    if change.matches(by_contract(tab, seen.headers, row))]
        wanted = _trimmed(tab.column(ID_COLUMN).to_text(change.key[ID_COLUMN]))
        numbers = [index + 2 for index, cell in enumerate(seen.key_column) if _trimmed(cell) == wanted]
        sheet = self._sheets[tab.name]
        if not numbers:  # not under its ID as typed: look at every row the way validation reads it
            values = self.batch_get([sheet.quoted], "buscar la fila en la hoja")[0]
            return [(index + 2, list(row)) for index, row in enumerate(values[1:])
                    if change.matches(by_contract(tab, seen.headers, row))]
        rows = self.batch_get([sheet.range(f"{number}:{number}") for number in numbers], "leer la fila de nuevo")
        return [(number, list(values[0]) if values else []) for number, values in zip(numbers, rows)]

    def _row_cells(self, tab: Tab, headers: list[str], record: dict[str, Any]) -> list[dict[str, Any]]:
        where = positions(tab, headers)
        cells: list[dict[str, Any]] = [{} for _ in range(max(where.values(), default=-1) + 1)]
        for name, position in where.items():
            cells[position] = cell_data(tab.column(name), record.get(name))
        return cells

    def _write(self, requests: list[dict[str, Any]], what: str, applied) -> None:
        """Send a write that must not be applied twice: after an unclear failure (a 5xx, a timeout) look
        whether Sheets applied it before sending it again. After a timeout the server may still be working
        on it, so it gets as long again (up to `TIMEOUT_GRACE_S`) before the look."""
        started = time.monotonic()
        for attempt in range(self.patience.tries):
            try:
                self.send(requests, what, retry=False)
                return
            except Unclear as unclear:
                wait = self.patience.first_wait_s * 2 ** attempt * random.uniform(0.5, 1.0)
                if unclear.timed_out:
                    wait = max(wait, min(self.patience.timeout_s[1], TIMEOUT_GRACE_S))
                last = attempt == self.patience.tries - 1 or time.monotonic() - started + wait > self.patience.total_s
                if not last:
                    time.sleep(wait)
                if applied():
                    return
                if last:
                    raise
        raise AssertionError("unreachable")

    def _appended(self, tab: Tab, seen: _Look, rows: list[list[dict[str, Any]]]) -> bool:
        """Whether these rows are already in the tab below the rows it had before the write."""
        sheet = self._sheets[tab.name]
        first = seen.length + 1 if not seen.rows else len(seen.rows) + 2
        width = max(len(seen.headers), max((len(row) for row in rows), default=0), 1)
        values = self.batch_get([sheet.range(f"A{first}:{column_letter(width - 1)}")], "comprobar lo guardado")[0]
        stored = [json.dumps(_strip(list(row))) for row in values]
        return all(json.dumps(_strip([_as_read(cell) for cell in row])) in stored for row in rows)

    def _updated(self, sheet: Sheet, number: int, cells: dict[int, dict[str, Any]]) -> bool:
        values = self.batch_get([sheet.range(f"{number}:{number}")], "comprobar lo guardado")[0]
        row = list(values[0]) if values else []
        return all((row[position] if position < len(row) else "") == (_as_read(cell) if cell else "")
                   for position, cell in cells.items())


@dataclass
class _Look:
    headers: list[str]
    history_headers: list[str]
    requests: list[dict[str, Any]]  # headers to add before the write
    key_column: list[Any]  # the key column's data cells (sheet row n at index n - 2)
    rows: list[tuple[Any, ...]]  # the whole tab's data rows, when asked for
    length: int  # rows the key column (or the whole tab) had, header included


def _header_text(cell: Any) -> str:
    return "" if cell is None else str(cell)


def _strip(row: list[Any]) -> list[Any]:
    while row and row[-1] in ("", None):
        row.pop()
    return row


def _append_cells(sheet: Sheet, rows: list[list[dict[str, Any]]]) -> dict[str, Any]:
    return {"appendCells": {"sheetId": sheet.sheet_id, "rows": [{"values": row} for row in rows],
                            "fields": "userEnteredValue,userEnteredFormat.numberFormat"}}


def _chunks(rows: list, history_rows: list) -> Iterator[tuple[list, list]]:
    """Rows and their Historial rows (one each, or none) in pieces whose request body stays under
    `REQUEST_BYTES`."""
    start, size = 0, 0
    for index, row in enumerate(rows):
        weight = len(json.dumps(row)) + (len(json.dumps(history_rows[index])) if history_rows else 0)
        if index > start and size + weight > REQUEST_BYTES:
            yield rows[start:index], history_rows[start:index]
            start, size = index, 0
        size += weight
    if start < len(rows):
        yield rows[start:], history_rows[start:]
