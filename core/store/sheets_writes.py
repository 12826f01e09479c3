"""The Sheets store's writes: new rows appended with their Historial rows, and edits of existing rows
(one, or a batch read once), each sent once (see `SheetsConnection._write_once`)."""

from __future__ import annotations

from typing import Any

from core.sheet.cells import is_empty
from core.sheet.contract import HISTORY_TAB, ID_COLUMN, Tab
from core.store.base import IdClash, RowChange, StoreError, by_contract, not_found, positions, rows_to_edit
from core.store.sheets_cells import append_cells, as_read, cell_data, chunks, same_value, trimmed, update_cell
from core.store.sheets_lookup import Look, SheetsLookup, described


class SheetsWrites(SheetsLookup):
    """Creates and edits: each finds its rows again right before writing (people sort and insert rows)."""

    def append(self, tab: Tab, records: list[dict[str, Any]], history: list[dict[str, Any]]) -> None:
        self.sheets()
        ids = [str(record[ID_COLUMN]) for record in records if tab.has_id and not is_empty(record.get(ID_COLUMN))]
        if len(set(ids)) != len(ids):
            raise IdClash({i for i in ids if ids.count(i) > 1})
        recent = self._recent_look(tab)
        self._recent.pop(tab.name, None)
        first = recent or self._fresh_layout(lambda: self._look(tab))
        sizes = [self._row_cells(tab, first.headers, record) for record in records]
        history_sizes = [self._row_cells(HISTORY_TAB, first.history_headers, record) for record in history]
        for start, end in chunks(sizes, history_sizes):
            part, part_history = records[start:end], history[start:end]

            def plan(attempt: int, part=part, part_history=part_history, start=start) -> tuple[list, Look]:
                look = first if attempt == 0 else self._fresh_layout(lambda: self._look(tab))
                self._refuse_stored_ids(tab, look, part)
                requests = list(look.requests) if attempt or start == 0 else []  # headers go with the first
                requests.append(append_cells(self._sheets[tab.name],
                                             [self._row_cells(tab, look.headers, record) for record in part]))
                if part_history:
                    requests.append(append_cells(self._sheets[HISTORY_TAB.name], [
                        self._row_cells(HISTORY_TAB, look.history_headers, record) for record in part_history]))
                return requests, look

            look = self._write_once("guardar las filas nuevas", plan,
                                  lambda look, part=part: self._appended(tab, look, part))
            self._grew(tab, look.headers)
            self._grew(HISTORY_TAB, look.history_headers)

    def update(self, change: RowChange) -> None:
        tab = change.tab
        self.sheets()
        self._recent.pop(tab.name, None)
        by_id = list(change.key) == [ID_COLUMN]

        def plan(attempt: int) -> tuple[list, Look]:
            look = self._fresh_layout(lambda: self._look(tab, whole=not by_id))
            where = positions(tab, look.headers)
            numbers, row = self._the_rows(change, look, where)
            change.verify(by_contract(tab, look.headers, row))
            sheet = self._sheets[tab.name]
            requests = list(look.requests)
            requests += [update_cell(sheet, number, where[name], cell_data(tab.column(name), value))
                         for number in numbers for name, value in change.changes.items()]
            requests.append(append_cells(self._sheets[HISTORY_TAB.name],
                                         [self._row_cells(HISTORY_TAB, look.history_headers, change.history)]))
            return requests, look

        look = self._write_once("guardar el cambio", plan, lambda look: self._updated(change, by_id))
        self._grew(tab, look.headers)
        self._grew(HISTORY_TAB, look.history_headers)

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
        history_sheet = self._sheets[HISTORY_TAB.name]
        for start, end in chunks([cells for _, cells, _ in planned], [history for _, _, history in planned]):
            part = [i for i, _, _ in planned[start:end]]

            def plan(attempt: int, start=start, end=end, part=part) -> tuple[list, Look]:
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

            def applied(look: Look, part=part) -> bool:
                return self._all_updated(tab, [changes[i] for i in part])

            look = self._write_once("guardar los cambios", plan, applied)
            self._grew(tab, look.headers)
            self._grew(HISTORY_TAB, look.history_headers)

    def _plan_edits(self, tab: Tab, look: Look, items: list[tuple[int, RowChange]],
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
                                          described(change))
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
            planned.append((i, cells, self._row_cells(HISTORY_TAB, look.history_headers, change.history)))
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
