"""What the Sheets store reads before and after a write: the tab's header rows and key column (`Look`),
the rows an edit touches, and whether a write that got no clear answer is in the sheet now."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from core.sheet.cells import is_empty, normalize
from core.sheet.contract import HISTORY_TAB, ID_COLUMN, Tab
from core.store.base import IdClash, RowChange, by_contract, not_found, positions, rows_to_edit
from core.store.sheets_cells import as_read, cell_data, column_letter, header_text, same_row, same_value, trimmed
from core.store.sheets_connection import SheetsConnection
from core.store.sheets_http import Patience

RECENT_S = 3.0  # a full read this recent stands in for the look before a create (see `_recent_look`)


@dataclass
class Look:
    """What one read before a write saw of a tab."""

    headers: list[str]
    history_headers: list[str]
    requests: list[dict[str, Any]]  # headers to add before the write
    key_column: list[Any]  # the key column's data cells (sheet row n at index n - 2)
    rows: list[tuple[Any, ...]]  # the whole tab's data rows, when asked for
    length: int  # rows read (the key column's, or the whole tab's), header row included


def described(change: RowChange) -> str:
    """The key of an edit as a refusal names it: «ID «MSG-…»»."""
    return ", ".join(f"{name} «{change.tab.column(name).to_text(value)}»" for name, value in change.key.items())


class SheetsLookup(SheetsConnection):
    """The reads around a write, on top of the spreadsheet's layout and requests."""

    def __init__(self, key: str, patience: Patience | None = None):
        super().__init__(key, patience)
        self._recent: dict[str, tuple[float, Look]] = {}  # contract tab name -> (when, what a full read saw)

    def _recent_look(self, tab: Tab) -> Look | None:
        """What a full read of the last `RECENT_S` seconds saw of the tab (headers, IDs, length), when
        nothing was written to it since: an import or a form saved right after a read needs no look."""
        read_at, look = self._recent.get(tab.name, (0.0, None))
        if look is None or time.monotonic() - read_at > RECENT_S or not look.history_headers:
            return None
        if not {normalize(header) for header in look.headers} & {column.key for column in tab.columns}:
            return None
        requests, history_headers = self._header_plan(HISTORY_TAB, look.history_headers, True)
        return Look(look.headers, history_headers, requests, look.key_column, [], look.length)

    def _look(self, tab: Tab, whole: bool = False) -> Look:
        """One read before a write: the tab's and Historial's header rows and the key column (the ID, or
        the first column), or the whole tab. When the headers show the key column moved since the last
        read, it is read again from where it is now."""
        sheets = self._sheets
        sheet, history_sheet = sheets[tab.name], sheets[HISTORY_TAB.name]
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
        if tab is HISTORY_TAB:
            history_headers = headers
        else:
            more, history_headers = self._header_plan(HISTORY_TAB, history_headers, True)
            requests += more
        key_column = [] if whole else [row[0] if row else "" for row in body[1:]]
        rows = [tuple(row) for row in body[1:]] if whole else []
        return Look(headers, history_headers, requests, key_column, rows, max(len(body), 1))

    def _refuse_stored_ids(self, tab: Tab, look: Look, records: list[dict[str, Any]]) -> None:
        if not tab.has_id:
            return
        stored = {trimmed(cell) for cell in look.key_column}
        clashes = {str(record[ID_COLUMN]) for record in records
                   if not is_empty(record.get(ID_COLUMN)) and trimmed(record[ID_COLUMN]) in stored}
        if clashes:
            raise IdClash(clashes)

    def _the_rows(self, change: RowChange, look: Look, where: dict[str, int]) -> tuple[list[int], list[Any]]:
        """(sheet row numbers, cells) of the rows the edit writes (`rows_to_edit`)."""
        if any(name not in where for name in change.key):
            raise not_found(change, ", ".join(change.key), 0)
        numbers, row = rows_to_edit(change, look.headers, self._locate(change, look), described(change))
        return numbers, list(row)

    def _locate(self, change: RowChange, look: Look) -> list[tuple[int, list[Any]]]:
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

    def _appended(self, tab: Tab, look: Look, records: list[dict[str, Any]]) -> bool:
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
