"""Column-wise validation of a whole tab as read from the store: the bulk twin of `core.sheet.models`.

Each column is read by `core.sheet.column_parsing` with the same rules and words as `Column.parse`, which the
forms use; this module turns the columns into a tab: blank rows skipped, required fields, repeated IDs,
the good rows as a DataFrame indexed by sheet row number, and the notices.

What makes a row bad is docs/domain.md's closed list (empty required field, unreadable value, value outside
its list or range, text over its cap, repeated ID); everything else is a `Notice`. Rows with one ID that
are the same in every cell are not a repeated ID but one record stored twice (a write the store could not
confirm and Sheets applied late, a row pasted twice): the first counts, the others get a notice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from core.sheet.cells import is_empty, normalize
from core.sheet.column_parsing import as_objects, parse_column, typed
from core.sheet.contract import ID_COLUMN, NETWORK_CHOICES, Column, Kind, Tab
from core.sheet.tab_columns import TabColumns
from core.store.base import as_text, stored_twice

REQUIRED_REASON = "es obligatorio y está vacío; llénelo"
MISSING_COLUMN_REASON = "falta esta columna obligatoria; agréguela en la fila 1 con ese nombre"
ROW_INDEX_NAME = "fila"  # the DataFrames' index is the sheet's row number

Cell = Any


@dataclass(frozen=True)
class BadRow:
    """One unreadable cell of a row (a row may have several), or a missing required column (row None)."""

    tab: str
    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        where = self.tab if self.row is None else f"{self.tab} fila {self.row}"
        return f"{where}: {self.column}: {self.reason}"


MISSING_ID = "fila sin ID"


@dataclass(frozen=True)
class Notice:
    """Something worth a look that does not make a row bad (docs/domain.md: `aviso: …`)."""

    tab: str
    row: int | None
    text: str

    def __str__(self) -> str:
        where = self.tab if self.row is None else f"{self.tab} fila {self.row}"
        return f"aviso: {where}: {self.text}"

    @property
    def missing_id(self) -> bool:
        """A row typed by hand without an ID: listed apart, and given one from Calidad de datos."""
        return self.text.startswith(MISSING_ID)


@dataclass
class TabResult:
    """A validated tab: the good rows (index = sheet row number), the bad cells and the notices."""

    frame: pd.DataFrame
    bad: list[BadRow] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    header_map: dict[str, str] = field(default_factory=dict)  # contract column -> header as in the sheet
    rows_read: int = 0  # data rows the tab had when read (blank and bad ones too): where the next appended row goes
    read_notices: int = 0  # how many of `notices` come from the read itself (headers, repeated IDs), not the rows

    def with_frame(self, tab: Tab, frame: pd.DataFrame, context: Context, rows_read: int) -> TabResult:
        """This tab after a write: `frame` its good rows, the notices of the read kept and those of the rows
        (`frame_notices`) computed again."""
        kept = self.notices[:self.read_notices]
        return TabResult(frame, list(self.bad), kept + frame_notices(tab, frame, context),
                         dict(self.header_map), rows_read, len(kept))

    @property
    def bad_row_numbers(self) -> set[int]:
        return {bad.row for bad in self.bad if bad.row is not None}


@dataclass(frozen=True)
class Context:
    """What validation of one tab needs from others: the networks the leader added in `Listas`."""

    extra_networks: tuple[str, ...] = ()
    areas: frozenset[str] = frozenset()
    journalists: frozenset[str] = frozenset()

    def extra_for(self, column: Column) -> tuple[str, ...]:
        """The values `Listas` adds to this column's list (only the networks can be extended)."""
        return self.extra_networks if column.choices and column.choices.extended_by else ()


def match_headers(tab: Tab, headers: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    """Contract column name -> position in the sheet's header row, and the notes on repeated headers.
    The first of two headers that read the same wins; extra headers are kept by the caller."""
    positions: dict[str, int] = {}
    notes = []
    for position, header in enumerate(headers):
        column = tab.find_column(str(header or ""))
        if column is None:
            continue
        if column.name in positions:
            notes.append(f"la columna «{header}» está repetida; se usa la primera")
            continue
        positions[column.name] = position
    return positions, notes


def validate_tab(tab: Tab, headers: Sequence[str], rows: Sequence[Sequence[Cell]], context: Context) -> TabResult:
    """Validate a tab read as a header row and data rows (row i is sheet row i + 2, padded to the headers)."""
    positions, header_notes = match_headers(tab, headers)
    header_map = {name: str(headers[position]) for name, position in positions.items()}
    result = TabResult(frame=pd.DataFrame(), header_map=header_map)
    result.notices += [Notice(tab.name, None, note) for note in header_notes]
    for column in tab.columns:
        if column.required and column.name not in positions:
            result.bad.append(BadRow(tab.name, None, column.name, MISSING_COLUMN_REASON))

    count = len(rows)
    width = len(headers)
    if rows and (set(map(len, rows)) != {width} or set(map(type, rows)) != {tuple}):  # Sheets drops trailing empties
        rows = [(tuple(row) + (None,) * width)[:width] for row in rows]
    cells = TabColumns(tab, headers, rows)
    numbers = np.arange(2, count + 2)
    visible = np.zeros(count, dtype=bool)
    errors: dict[int, list[tuple[str, str]]] = defaultdict(list)
    parsed: dict[str, pd.Series] = {}
    required: list[tuple[str, np.ndarray, dict[int, str]]] = []
    for column in tab.columns:
        extra = context.extra_for(column)
        if column.name not in positions:
            parsed[column.name] = typed(column, [None] * count, extra)
            continue
        column_result = parse_column(column, cells.take(positions[column.name]), extra)
        header = header_map[column.name]
        for position, reason in column_result.errors.items():
            errors[position].append((header, reason))
        if column.required:
            required.append((header, column_result.visible, column_result.errors))
        visible |= column_result.visible
        parsed[column.name] = column_result.values

    visible |= _extra_columns(headers, set(positions.values()), cells, parsed, count)

    for header, shown, column_errors in required:  # a blank row is no row: only visible rows need it
        for position in np.flatnonzero(visible & ~shown):
            if position not in column_errors:
                errors[int(position)].append((header, REQUIRED_REASON))
    copies: list[int] = []
    if tab.has_id and ID_COLUMN in positions:
        copies, notes = _repeated_ids(parsed[ID_COLUMN], numbers, header_map[ID_COLUMN], rows, errors)
        result.notices += [Notice(tab.name, row, text) for row, text in notes]

    for position in sorted(errors):
        row = int(numbers[position])
        result.bad += [BadRow(tab.name, row, header, reason) for header, reason in errors[position]]

    keep = visible.copy()
    keep[list(errors) + copies] = False
    result.frame = _frame(parsed, numbers, keep)
    result.rows_read, result.read_notices = count, len(result.notices)
    result.notices += frame_notices(tab, result.frame, context)
    return result


def _extra_columns(headers: Sequence[str], used: set[int], cells: TabColumns, parsed: dict[str, pd.Series],
                   count: int) -> np.ndarray:
    """Columns the contract does not know, kept as text under their header (a row filled only there is still a
    row); returns which rows show something in them."""
    visible = np.zeros(count, dtype=bool)
    for position, header in enumerate(headers):
        name = str(header or "")
        if position not in used and name.strip() and name not in parsed and count:
            texts = np.array([as_text(cell) for cell in as_objects(cells.take(position))], dtype=object)
            shown = np.fromiter((not is_empty(cell) for cell in texts), dtype=bool, count=count)
            visible |= shown
            parsed[name] = pd.Series(np.where(shown, texts, None), dtype=object)
    return visible


def _frame(parsed: dict[str, pd.Series], numbers: np.ndarray, keep: np.ndarray) -> pd.DataFrame:
    """The kept rows as a DataFrame indexed by sheet row number. The rows left out are dropped column by
    column, each column's full copy let go before the next is filtered, so the tab is never held twice."""
    if not keep.all():
        for name in list(parsed):
            parsed[name] = parsed.pop(name)[keep]  # `pop` first: the unfiltered column goes with this step
        numbers = numbers[keep]
    frame = pd.DataFrame(parsed, copy=False)
    parsed.clear()
    frame.index = pd.Index(numbers, name=ROW_INDEX_NAME)
    return frame


def _repeated_ids(ids: pd.Series, numbers: np.ndarray, header: str, rows: Sequence[Sequence[Cell]],
                  errors: dict[int, list[tuple[str, str]]]) -> tuple[list[int], list[tuple[int, str]]]:
    """Rows that share an ID. When they are the same in every cell they are one record: the positions of
    every copy but the first are returned, with a notice (row, text) on each copy. Otherwise every one of
    them is bad (docs/domain.md: "both rows"). Only the rows whose ID repeats are looked at cell by cell."""
    present = ids.dropna()
    repeated = present[present.duplicated(keep=False)]
    copies, notes = [], []
    for value, where in repeated.groupby(repeated).groups.items():
        rows_listed = [str(numbers[position]) for position in where]
        listed = " y ".join(rows_listed) if len(rows_listed) == 2 else ", ".join(rows_listed)
        if stored_twice([rows[position] for position in where]):
            times = "dos veces" if len(where) == 2 else f"{len(where)} veces"
            keep = "Borre una de las dos" if len(where) == 2 else "Deje una sola"
            text = (f"la misma fila está {times}, en las filas {listed} (mismo ID «{value}», mismas celdas); se "
                    f"cuenta una vez y un cambio desde Divulga se escribe en todas. {keep} en la hoja.")
            copies += [int(position) for position in where[1:]]
            notes += [(int(numbers[position]), text) for position in where[1:]]
            continue
        for position in where:
            errors[int(position)].append(
                (header, f"el ID «{value}» está repetido en las filas {listed}; cada fila necesita uno propio"))
    return copies, notes


LISTED_COLUMNS = ("Área solicitante", "Área", "Periodista")  # names a notice checks against `Listas`


def notice_columns(tab: Tab) -> set[str]:
    """The columns `frame_notices` reads: a write that changes none of them leaves the notices as they were."""
    return {ID_COLUMN, *LISTED_COLUMNS, *(name for key in tab.natural_keys for name in key)}


def frame_notices(tab: Tab, frame: pd.DataFrame, context: Context) -> list[Notice]:
    """What the good rows of a tab are worth a look for: rows without an ID, likely duplicates, names not in
    `Listas`. A few rows (a write's) are looked at one by one: whole-column operations cost more than that."""
    if len(frame) <= FEW_ROWS:
        return _notices_row_by_row(tab, frame, context)
    return _notices_by_column(tab, frame, context)


FEW_ROWS = 200  # below this many rows, row by row is the faster road (measured on a write's candidates)


def _missing_id_text(tab: Tab) -> str:
    return (f"{MISSING_ID}; dele uno en Calidad de datos («Dar ID») o escriba uno único (por ejemplo "
            f"{tab.id_prefix}-20261128-7K3Q) en la hoja")


def _duplicate_text(key: Sequence[str]) -> str:
    return f"posible duplicado: {', '.join(key)} iguales a otra fila"


def _unlisted_text(name: str, value: Any) -> str:
    return f"{name} «{value}» no está en Listas; agréguelo allí o corrija el nombre"


def _listed_checks(context: Context) -> dict[str, frozenset[str]]:
    return {name: context.areas if name != "Periodista" else context.journalists for name in LISTED_COLUMNS}


def _notices_row_by_row(tab: Tab, frame: pd.DataFrame, context: Context) -> list[Notice]:
    """`_notices_by_column` for a few rows, in plain Python (the same notices, in the same order)."""
    read = [name for name in frame.columns if name in notice_columns(tab)]
    rows = [(int(row), values) for row, values in zip(frame.index, frame[read].to_dict("records"))]
    missing = lambda value: value is None or value is pd.NA or value is pd.NaT or (  # noqa: E731
        isinstance(value, float) and value != value)
    notices = []
    if tab.has_id:
        notices += [Notice(tab.name, row, _missing_id_text(tab)) for row, values in rows if missing(values[ID_COLUMN])]
    undecided = rows
    for key in tab.natural_keys:
        seen, left = set(), []
        for row, values in undecided:
            if any(missing(values[name]) for name in key):
                left.append((row, values))
                continue
            compared = tuple(str(values[name]).strip().lower() if tab.column(name).kind is Kind.TEXT else values[name]
                             for name in key)
            if compared in seen:
                notices.append(Notice(tab.name, row, _duplicate_text(key)))
            seen.add(compared)
        undecided = left
    for name, known in _listed_checks(context).items():
        if name in read and known:
            notices += [Notice(tab.name, row, _unlisted_text(name, values[name])) for row, values in rows
                        if not missing(values[name]) and normalize(values[name]) not in known]
    return notices


def _notices_by_column(tab: Tab, frame: pd.DataFrame, context: Context) -> list[Notice]:
    notices = []
    if tab.has_id:
        for row in frame.index[frame[ID_COLUMN].isna()]:
            notices.append(Notice(tab.name, int(row), _missing_id_text(tab)))
    # each row is compared on the first of its keys it fills completely; only the keys' columns are copied
    undecided = frame[list(dict.fromkeys(name for key in tab.natural_keys for name in key))]
    for key in tab.natural_keys:
        keyed = undecided[list(key)].dropna()
        undecided = undecided.drop(index=keyed.index)
        comparable = pd.DataFrame({
            name: _loosely(keyed[name]) if tab.column(name).kind is Kind.TEXT else keyed[name] for name in key
        })
        for row in comparable.index[comparable.duplicated(keep="first")]:
            notices.append(Notice(tab.name, int(row), _duplicate_text(key)))
    for name, known in _listed_checks(context).items():
        if name not in frame.columns or not known:
            continue
        values = frame[name].dropna()
        unknown = values[~_normalized(values).isin(known)]
        notices += [Notice(tab.name, int(row), _unlisted_text(name, value)) for row, value in unknown.items()]
    return notices


def _loosely(texts: pd.Series) -> pd.Series:
    """Text compared without case or surrounding spaces, vectorised (enough to point out a likely duplicate)."""
    return texts.astype("str").str.strip().str.lower()


def _normalized(texts: pd.Series) -> pd.Series:
    """`normalize` over a column, once per distinct value."""
    return texts.map({value: normalize(value) for value in texts.unique()})


def lists_context(lists: pd.DataFrame) -> Context:
    """The lists other tabs are checked against, from the validated `Listas` tab."""
    def values(name: str) -> list[str]:
        return [str(v) for v in lists[name].dropna()] if name in lists.columns else []

    known = set(NETWORK_CHOICES.lookup_table())
    added: dict[str, str] = {}
    for value in values("Redes"):
        if normalize(value) not in known:
            added.setdefault(normalize(value), value)  # "Threads" and "threads" are one network
    extra = tuple(added.values())
    return Context(
        extra_networks=extra,
        areas=frozenset(normalize(v) for v in values("Áreas")),
        journalists=frozenset(normalize(v) for v in values("Periodista del área")),
    )
