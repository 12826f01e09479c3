"""Importing rows laid out as the sheet contract (an office's existing Excel register) into the register.

Rows are validated by the bulk validator, so a file's bad rows are reported exactly as the register's
are, and skipped. Good rows are upserted: by ID when the row has one (any non-empty ID is accepted),
otherwise by the tab's natural key, so importing the same file twice adds nothing. A file cell only
overwrites a stored one when it holds a value: an empty cell in the file never erases the register.
`Listas` is merged as the union of its values; `Historial` is never imported.

The whole import, from its read of the register to its last write, runs inside the store's `importing`:
two imports of one workbook at once leave what one leaves (on SQLite one transaction, saved whole or not
at all; on Google Sheets the later import is refused while the first runs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from core.fmt import fmt_int
from core.register import StaleRow, Writer
from core.sheet.cells import is_empty, normalize
from core.sheet.contract import DATA_TABS, HISTORY_TAB, ID_COLUMN, LISTS_TAB, Tab
from core.sheet.models import InvalidRecord
from core.sheet.rows import frame_records
from core.sheet.validation import BadRow, Notice, validate_tab
from core.store.base import RawTab, StoreError

CHUNK = 5_000  # rows per store call when appending (a store splits them further into requests it can send)


@dataclass(frozen=True)
class Failure:
    """Good rows of the file that could not be written (one line of the report, however many rows)."""

    tab: str
    rows: tuple[int, ...]
    reason: str

    def __str__(self) -> str:
        if len(self.rows) == 1:
            return f"{self.tab} fila {self.rows[0]}: {self.reason}"
        return f"{self.tab} filas {_spans(self.rows)} ({fmt_int(len(self.rows))} filas): {self.reason}"


def _spans(rows: tuple[int, ...]) -> str:
    """Row numbers with each run of consecutive ones as `first a last`: `2 a 5001, 5003`."""
    runs: list[list[int]] = []
    for row in sorted(rows):
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return ", ".join(str(first) if first == last else f"{first} a {last}" for first, last in runs)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    bad: list[BadRow] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)  # rows that were good but could not be written

    @property
    def skipped_rows(self) -> int:
        """Rows of the file left out: bad ones and good ones that could not be written, each counted once."""
        bad = {(bad.tab, bad.row) for bad in self.bad if bad.row is not None}
        return len(bad | {(failure.tab, row) for failure in self.failures for row in failure.rows})

    def summary(self) -> str:
        return (f"Importación: filas nuevas: {fmt_int(self.created)}; actualizadas: {fmt_int(self.updated)}; "
                f"sin cambios: {fmt_int(self.unchanged)}; omitidas por errores: {fmt_int(self.skipped_rows)}.")


def natural_key(tab: Tab, values: dict[str, Any]) -> tuple | None:
    """The first of the tab's natural keys whose cells are all filled, as comparable text."""
    names = tab.filled_key(values)
    if names is None:
        return None
    return (names, tuple(normalize(tab.column(name).to_text(values[name])) for name in names))


def row_key(tab: Tab, values: dict[str, Any], columns: list[str]) -> tuple | None:
    """What recognises a row of a file when it comes again: its natural key, or, when that is not complete
    (a message with neither link nor user), every cell of the file's columns."""
    key = natural_key(tab, values)
    if key is not None:
        return key
    names = tuple(name for name in columns if name != ID_COLUMN and not tab.column(name).owned)
    cells = tuple(normalize(tab.column(name).to_text(values.get(name)) or "") for name in names)
    return (names, cells) if any(cells) else None


def import_tabs(writer: Writer, tabs: dict[str, RawTab]) -> ImportReport:
    """Upsert every contract tab of `tabs` (as read from a workbook) through `writer`, holding the register
    (`Store.importing`) from the read the upserts start from to their last write. Raises `StoreError` when
    the store fails or refuses the import (`ImportRunning`)."""
    report = ImportReport()
    if HISTORY_TAB.name in tabs:
        note = "el Historial no se importa; la importación escribe el suyo"
        report.notices.append(Notice(HISTORY_TAB.name, None, note))
    register = writer.register
    try:
        with register.writing, register.store.importing(writer.actor):  # this process' lock first, as every write
            _import(writer, tabs, report)
    except BaseException:
        register.forget()  # what was read inside an import that did not finish may have been undone with it
        raise
    return report


def _import(writer: Writer, tabs: dict[str, RawTab], report: ImportReport) -> None:
    ordered = [LISTS_TAB] + [tab for tab in DATA_TABS if tab is not LISTS_TAB]
    snapshot = writer.register.snapshot(refresh=True)  # one read: each tab's upsert only looks at its own tab
    for tab in ordered:
        raw = tabs.get(tab.name)
        if raw is None:
            continue
        result = validate_tab(tab, raw.headers, raw.rows, snapshot.context)
        report.bad += result.bad
        report.notices += result.notices
        present = [column.name for column in tab.columns if column.name in result.header_map]
        records = [(row, {name: values[name] for name in present}) for row, values in frame_records(result.frame)]
        if tab is LISTS_TAB:
            if _merge_lists(writer, snapshot.tables[LISTS_TAB.name], records, report):
                snapshot = writer.register.snapshot(refresh=True)  # the other tabs are checked against it
            continue
        _upsert(writer, tab, snapshot.tables[tab.name], records, report)


def _upsert(writer: Writer, tab: Tab, stored: pd.DataFrame, records: list[tuple[int, dict[str, Any]]],
            report: ImportReport) -> None:
    columns = list(records[0][1]) if records else []  # the file's columns of this tab
    file_ids = {str(values[ID_COLUMN]) for _, values in records if not is_empty(values.get(ID_COLUMN))}
    by_id: dict[str, dict[str, Any]] = {}
    by_key: dict[tuple, list[dict[str, Any]]] = {}  # a key may stand for several rows (likely duplicates)
    for _, record in frame_records(stored):
        if tab.has_id and not is_empty(record.get(ID_COLUMN)):
            by_id[str(record[ID_COLUMN])] = record
            if str(record[ID_COLUMN]) in file_ids:
                continue  # matched by its ID: never also the match of an alike row without one
        key = row_key(tab, record, columns)
        if key is not None:
            by_key.setdefault(key, []).append(record)

    creates: list[tuple[int, dict[str, Any]]] = []
    seen_keys: dict[tuple, int] = {}  # how many rows of the file had each key so far
    for row, values in records:
        record_id = values.get(ID_COLUMN) if tab.has_id else None
        key = row_key(tab, values, columns)
        existing, matched_on = by_id.get(str(record_id)) if record_id else None, ()
        if existing is None and not record_id and key is not None:
            # the n-th row of the file with a key is the n-th stored row with it: a file holding two rows
            # that look alike stores both, and importing it again adds neither
            nth = seen_keys.get(key, 0)
            seen_keys[key] = nth + 1
            same = by_key.get(key, [])
            existing, matched_on = (same[nth], key[0]) if nth < len(same) else (None, ())
        if existing is not None:
            _update(writer, tab, row, existing, values, matched_on, report)
        else:
            creates.append((row, values))

    for start in range(0, len(creates), CHUNK):
        chunk = creates[start:start + CHUNK]
        try:
            writer.create_many(tab.name, [values for _, values in chunk], action="importar", keep_stamps=True)
            report.created += len(chunk)
        except (InvalidRecord, StoreError) as error:
            rows = tuple(row for row, _ in chunk)
            verb = "no se guardó" if len(rows) == 1 else "no se guardaron"
            report.failures.append(Failure(tab.name, rows, f"{verb}: {error}"))


def _update(writer: Writer, tab: Tab, row: int, existing: dict[str, Any], values: dict[str, Any],
            matched_on: tuple[str, ...], report: ImportReport) -> None:
    """Write the file's filled cells that differ; the key the row was matched on is left as stored."""
    changes = {
        name: value for name, value in values.items()
        if not is_empty(value) and name != ID_COLUMN and name not in matched_on and not tab.column(name).owned
        and tab.column(name).to_text(value) != tab.column(name).to_text(existing.get(name))
    }
    if not changes:
        report.unchanged += 1
        return
    try:
        writer.update(tab.name, existing, changes, action="importar")
        report.updated += 1
    except (InvalidRecord, StaleRow, StoreError) as error:
        report.failures.append(Failure(tab.name, (row,), f"no se actualizó: {error}"))


def _merge_lists(writer: Writer, stored: pd.DataFrame, records: list[tuple[int, dict[str, Any]]],
                 report: ImportReport) -> bool:
    """`Listas` is one list per column: add the values the register does not have yet, keeping an area
    and its journalist on the same row. Returns whether anything was added."""
    known = {name: {normalize(LISTS_TAB.column(name).to_text(value)) for value in stored[name].dropna()}
             for name in LISTS_TAB.headers}
    additions = []
    for _, values in records:
        new = {name: value for name, value in values.items()
               if not is_empty(value) and normalize(LISTS_TAB.column(name).to_text(value)) not in known[name]}
        if "Áreas" in new and not is_empty(values.get("Periodista del área")):
            new["Periodista del área"] = values["Periodista del área"]
        elif not is_empty(values.get("Áreas")):  # a journalist belongs to the area on its row: never alone
            new.pop("Periodista del área", None)
        if new:
            for name, value in new.items():
                known[name].add(normalize(LISTS_TAB.column(name).to_text(value)))
            additions.append(new)
        else:
            report.unchanged += 1
    if additions:
        writer.create_many(LISTS_TAB.name, additions, action="importar")
        report.created += len(additions)
    return bool(additions)
