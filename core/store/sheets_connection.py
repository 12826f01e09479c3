"""The spreadsheet as the Sheets store reaches it: one client, the tabs' metadata read once per process,
their header rows, the two kinds of request it sends (`values:batchGet` and `batchUpdate`), and how a
write that must never land twice is sent (`_write_once`). The store's reads and writes build on this."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from typing import Any

import gspread
from gspread.urls import SPREADSHEET_BATCH_UPDATE_URL

from core.sheet.cells import normalize
from core.sheet.contract import TABS, Tab
from core.store import sheet_setup
from core.store.base import StoreError
from core.store.sheets_cells import JSON_BODY, Sheet, header_cells, header_text, wire
from core.store.sheets_http import Patience, Refused, Unclear, call, make_client

READ_PARAMS = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER",
               "majorDimension": "ROWS"}
NEW_TAB_ROWS = 1000
NEW_TAB_COLUMNS = 26


class HeadersMissing(StoreError):
    """Row 1 of a tab that holds data has none of the contract's headers (a title or blank row above
    them): Divulga writes nothing there rather than guess where the columns are."""


class SheetsConnection:
    """One spreadsheet, its layout and its requests; the Sheets store's reads and writes go through it."""

    def __init__(self, key: str, patience: Patience | None = None):
        self.key = key
        self.label = f"Google Sheets ({key})"
        self.patience = patience or Patience()
        self._lock = threading.RLock()
        self._http: gspread.HTTPClient | None = None
        self._sheets: dict[str, Sheet] | None = None  # contract tab name -> its sheet
        self._headers: dict[str, list[str]] = {}  # contract tab name -> header row as last read
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
            try:
                sheet_setup.prepare(self)
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
        self.sheets()
        warnings = sheet_setup.setting_warnings(self.properties)
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

    def _rows_one(self, tabs: list[Tab]) -> dict[str, list[str]]:
        """The header row of each tab as it is now (one read)."""
        answers = self.batch_get([self._sheets[tab.name].range("1:1") for tab in tabs], "leer los encabezados")
        return {tab.name: [header_text(cell) for cell in values[0]] if values else []
                for tab, values in zip(tabs, answers)}

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
