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

Its parts, each on top of the one before: `sheets_connection` (the client, the layout, the requests and
`_write_once`), `sheets_lookup` (the reads around a write), `sheets_writes` (creates and edits),
`sheets_import_marker` (one import at a time); this module adds the reads and puts them together.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any

from core.sheet.cells import is_empty
from core.sheet.contract import HISTORY_TAB, ID_COLUMN, TABS, Tab
from core.store.base import RawTab, positions, read_all
from core.store.sheets_cells import header_text
from core.store.sheets_connection import HeadersMissing
from core.store.sheets_import_marker import IMPORT_CANCELLED, IMPORT_DONE, IMPORT_STARTED, SheetsImportMarker
from core.store.sheets_lookup import Look
from core.store.sheets_writes import SheetsWrites

__all__ = ["IMPORT_CANCELLED", "IMPORT_DONE", "IMPORT_STARTED", "HeadersMissing", "SheetsStore"]


class SheetsStore(SheetsWrites, SheetsImportMarker):
    """The register in one Google spreadsheet (see the module docstring)."""

    def read_each(self, tabs: Iterable[Tab]) -> Iterator[tuple[str, RawTab]]:
        wanted = [tab for tab in tabs if tab.name in self.sheets()]
        if not wanted:
            return

        def fetch() -> list[list[list[Any]]]:
            sheets = self.sheets()
            ranges = [sheets[tab.name].quoted for tab in wanted]
            if HISTORY_TAB not in wanted:  # its header row too (one row), so a write right after needs no look
                ranges.append(sheets[HISTORY_TAB.name].range("1:1"))
            return self.batch_get(ranges)

        answers = self._fresh_layout(fetch)
        if HISTORY_TAB not in wanted:
            history = answers.pop()
            self._headers[HISTORY_TAB.name] = [header_text(cell) for cell in (history[0] if history else [])]
        read_at = time.monotonic()
        rows_one = {tab.name: [header_text(cell) for cell in values[0]] if values else []
                    for tab, values in zip(wanted, answers)}
        headers_now = self._complete_headers(wanted, rows_one, {tab.name: len(values) > 1
                                                                for tab, values in zip(wanted, answers)})
        for tab, values in zip(wanted, answers):
            headers = headers_now[tab.name]
            self._grew(tab, headers)
            key = positions(tab, headers).get(ID_COLUMN, 0) if tab.has_id else 0
            self._recent[tab.name] = (read_at, Look(
                headers, self._headers.get(HISTORY_TAB.name, []), [],
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

    def read(self, tabs: Iterable[Tab]) -> dict[str, RawTab]:
        return read_all(self, tabs)

    def has_data(self) -> bool:
        data_tabs = [tab for tab in TABS if tab is not HISTORY_TAB]
        return any(any(not is_empty(cell) for row in raw.rows for cell in row)
                   for _, raw in self.read_each(data_tabs))
