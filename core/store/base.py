"""The store protocol: where the register's rows live, spoken in the sheet's own terms.

A store holds tabs of rows of cells under a header row, as a spreadsheet does; it knows how to encode a
value into its cells (ISO text in SQLite, serial dates in Google Sheets) but nothing of validation,
permissions or history, which live above it in `core.register`. Any store that implements `Store` can
sit under the app, the CLI and the reports unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from core.sheet.cells import is_empty
from core.sheet.contract import Column, Kind, Tab

# str, int, float, bool, date, datetime or None, as the store hands it back; a text cell may also come as
# UTF-8 bytes (SQLite hands them so, sparing a decode of every cell: readers decode them, see `as_text`)
Cell = Any
K = TypeVar("K")  # a store's handle on a stored row (SQLite's rowid, a sheet row number)


def as_text(cell: Cell) -> Cell:
    """A cell with UTF-8 bytes decoded (an invalid byte shows as �), anything else as it is."""
    return cell.decode("utf-8", errors="replace") if isinstance(cell, bytes) else cell


def text_of(column: Column, memo: dict[Any, Any] | None = None) -> Callable[[Any], Any]:
    """`column.to_text`, with the values bulk writes carry most (non-blank text, whole numbers, yes/no)
    returned at once instead of through its checks: the same result, several times faster per cell. With
    `memo` (one batch's), a date or moment shared by many cells (a batch's stamps) is written once."""
    slow = column.to_text
    if memo is not None and column.kind in (Kind.DATE, Kind.DATETIME):
        memo = memo.setdefault(column.kind, {})  # a moment is written one way as a date, another as a moment

        def remembered(value: Any) -> Any:
            # by identity (hashing an aware datetime costs more than a miss); the entry keeps the value alive,
            # so its id cannot be reused by another object while the memo exists
            hit = memo.get(id(value))
            if hit is not None and hit[0] is value:
                return hit[1]
            text = slow(value)
            memo[id(value)] = (value, text)
            return text

        return remembered
    if column.kind in (Kind.TEXT, Kind.ENUM, Kind.ID, Kind.URL, Kind.MONTH):
        return lambda value: value if type(value) is str and value and not value.isspace() else slow(value)
    if column.kind is Kind.INT:
        return lambda value: value if type(value) is int else slow(value)
    if column.kind is Kind.BOOL:
        return lambda value: ("Sí" if value else "No") if type(value) is bool else slow(value)
    return slow


@dataclass
class RawTab:
    """A tab as stored: its header row as written and its data rows (row i is sheet row i + 2), each
    padded or cut to the header's width."""

    title: str
    headers: list[str]
    rows: list[tuple[Cell, ...]] = field(default_factory=list)


@dataclass
class RowChange:
    """An edit of one existing row, found by its key cells (the ID, or a natural key)."""

    tab: Tab
    key: dict[str, Any]  # contract header -> canonical value that identifies the row
    changes: dict[str, Any]  # contract header -> new canonical value
    history: dict[str, Any]  # the Historial record written with it
    verify: Callable[[Mapping[str, Cell]], None]  # sees the stored row (contract header -> cell); raises to refuse
    matches: Callable[[Mapping[str, Cell]], bool]  # does a stored row carry this key, however it was typed

    def is_as_seen(self, stored: Mapping[str, Cell]) -> bool:
        """Whether `verify` accepts the stored row: picks, among rows that look alike, the one read."""
        try:
            self.verify(stored)
        except StoreError:
            return False
        return True


class StoreError(Exception):
    """The store could not do what was asked; the message is Spanish and safe to show."""


class RowNotFound(StoreError):
    pass


class ImportRunning(StoreError):
    """Another import into the same register is under way; this one wrote nothing."""


class IdClash(StoreError):
    """New rows would repeat IDs already stored (someone else drew the same ones first)."""

    def __init__(self, ids: Iterable[str]):
        self.ids = set(ids)
        super().__init__("Otro registro ya usa el ID " + ", ".join(sorted(self.ids)))


class Store(Protocol):
    label: str  # what the home page shows: which store, where

    def read_each(self, tabs: Iterable[Tab]) -> Iterator[tuple[str, RawTab]]:
        """(contract tab name, tab) for every named tab that exists, in one consistent read, one tab at a
        time: a caller that keeps only what it makes of each tab never holds the whole raw register. Text
        cells may come as UTF-8 bytes (`as_text` decodes them); the validation reads both."""

    def read(self, tabs: Iterable[Tab]) -> dict[str, RawTab]:
        """Every named tab that exists, by contract tab name (see `read_all`)."""

    def append(self, tab: Tab, records: list[dict[str, Any]], history: list[dict[str, Any]]) -> None:
        """Add rows at the end of the tab and their Historial rows, all or nothing. Raises `IdClash`
        when a new row's ID is already stored."""

    def update(self, change: RowChange) -> None:
        """Write the changed cells of one row and its Historial row, after `verify` accepts the row as
        stored now. Raises `RowNotFound` when no row (or more than one) carries the key."""

    def update_many(self, changes: list[RowChange]) -> list[StoreError | None]:
        """`update` for many rows in one go (one transaction; on Sheets one read and one `batchUpdate` per
        megabyte). Each change is located and verified on its own: the result, in order, is None for a
        change written (with its Historial row) or the `StoreError` that refused it (`RowNotFound`, or what
        `verify` raised), and a refused change leaves its row as it was. Raises only when the store itself
        fails, and then nothing was written."""

    def has_data(self) -> bool:
        """Whether any data tab holds a row."""

    def importing(self, actor: str) -> AbstractContextManager[None]:
        """Hold the register for one import, so that its reads and writes are not interleaved with another
        import's (two imports of one workbook at once must leave what one leaves). On SQLite: one write
        transaction around the whole import (all or nothing); a second import waits for it, and only after a
        long wait is refused with `ImportRunning`. On Google Sheets, which has no transactions:
        a marker row in Historial; the import goes on only if its marker is the earliest unfinished one,
        else `ImportRunning` is raised before anything is written."""

    def setting_warnings(self) -> list[str]:
        """What people should know about how the store is set up (e.g. a sheet not in Bogotá's locale)."""


def positions(tab: Tab, headers: list[str]) -> dict[str, int]:
    """Contract header -> its column's position among `headers` as written (the first of two that read
    the same wins, as validation reads them)."""
    found: dict[str, int] = {}
    for position, header in enumerate(headers):
        column = tab.find_column(str(header or ""))
        if column is not None and column.name not in found:
            found[column.name] = position
    return found


def by_contract(tab: Tab, headers: list[str], row: tuple[Cell, ...] | list[Cell]) -> dict[str, Cell]:
    """The row's cells by contract header, plus any extra column under its own header (the first of two
    that read the same), as validation keys them. A row shorter than the headers reads as empty."""
    where = positions(tab, headers)
    cell = lambda position: as_text(row[position]) if position < len(row) else None  # noqa: E731
    cells = {name: cell(position) for name, position in where.items()}
    used = set(where.values())
    for position, header in enumerate(headers):
        if position not in used and str(header or "").strip():
            cells.setdefault(str(header), cell(position))
    return cells


def as_seen(row: Sequence[Cell]) -> tuple[Cell, ...]:
    """A stored row's cells as a person sees them: text decoded, every kind of empty cell alike, and none
    at the end (Sheets leaves trailing empty cells out of what it reads)."""
    cells = [None if is_empty(cell) else cell for cell in map(as_text, row)]
    while cells and cells[-1] is None:
        cells.pop()
    return tuple(cells)


def stored_twice(rows: Sequence[Sequence[Cell]]) -> bool:
    """Whether several rows are one record stored more than once: the same in every cell (docs/domain.md,
    "What makes a row bad": a write that landed twice, a row pasted twice)."""
    return len(rows) > 1 and len({as_seen(row) for row in rows}) == 1


def rows_to_edit(change: RowChange, headers: list[str], found: Sequence[tuple[K, Sequence[Cell]]],
                 described: str) -> tuple[list[K], Sequence[Cell]]:
    """Where an edit goes, among the stored rows that carry its key (each a store's handle on the row and
    its cells): the one row; when rows look alike, the one that is exactly what the person read; when they
    are one record stored twice, every copy, written alike (a person then deletes one, pointed out by the
    notice). Returns (handles, the row's cells); raises `RowNotFound` when no row or several different ones
    carry the key."""
    if len(found) > 1:
        found = [(handle, row) for handle, row in found
                 if change.is_as_seen(by_contract(change.tab, headers, row))] or found
    if stored_twice([row for _, row in found]):
        return [handle for handle, _ in found], found[0][1]
    if len(found) != 1:
        raise not_found(change, described, len(found))
    return [found[0][0]], found[0][1]


def not_found(change: RowChange, described: str, count: int) -> RowNotFound:
    """The message for an edit whose row is gone or repeated."""
    tab = change.tab.name
    if count == 0:
        return RowNotFound(f"No se encontró en {tab} la fila con {described}; pudo haber sido borrada o cambiada "
                           "a mano. Recargue los datos.")
    return RowNotFound(f"Hay {count} filas en {tab} con {described}; corrija la hoja para que quede una sola y "
                       "vuelva a intentarlo.")


def read_all(store: Store, tabs: Iterable[Tab]) -> dict[str, RawTab]:
    """`Store.read` for every store: the tabs of `read_each`, kept, with every text cell as `str`."""
    tabs_read = {}
    for name, raw in store.read_each(tabs):
        raw.rows = [tuple(map(as_text, row)) for row in raw.rows]
        tabs_read[name] = raw
    return tabs_read
