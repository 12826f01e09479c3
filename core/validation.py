"""Column-wise validation of a whole tab as read from the store: the bulk twin of `core.models`.

Each column is read with the same `Column.parse` the forms use, so the reasons are the same words. To
stay close to the cost of a plain read, a cell already in the form the app writes (trimmed text, an int,
ISO dates) is recognised by a cheap check, every other distinct value is parsed once, and each column
becomes a typed pandas Series in one vectorised step.

What makes a row bad is DOMAIN.md's closed list (empty required field, unreadable value, value outside
its list or range, text over its cap, repeated ID); everything else is a `Notice`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Sequence

import pandas as pd

from core.cells import BOGOTA, CellError, normalize
from core.layout import ID_COLUMN, RED, Column, Kind, Tab

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


@dataclass(frozen=True)
class Notice:
    """Something worth a look that does not make a row bad (DOMAIN.md: `aviso: …`)."""

    tab: str
    row: int | None
    text: str

    def __str__(self) -> str:
        where = self.tab if self.row is None else f"{self.tab} fila {self.row}"
        return f"aviso: {where}: {self.text}"


@dataclass
class TabResult:
    """A validated tab: the good rows (index = sheet row number), the bad cells and the notices."""

    frame: pd.DataFrame
    bad: list[BadRow] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    header_map: dict[str, str] = field(default_factory=dict)  # contract column -> header as in the sheet

    @property
    def bad_row_numbers(self) -> set[int]:
        return {bad.row for bad in self.bad if bad.row is not None}


@dataclass(frozen=True)
class Context:
    """What validation of one tab needs from others: the networks the leader added in `Listas`."""

    extra_networks: tuple[str, ...] = ()
    areas: frozenset[str] = frozenset()
    journalists: frozenset[str] = frozenset()


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

    kept = [(number, row) for number, row in enumerate(rows, start=2) if not _is_blank(row)]
    numbers = [number for number, _ in kept]
    by_position = list(zip(*(row for _, row in kept))) if kept else [()] * len(headers)

    errors: dict[int, list[tuple[str, str]]] = defaultdict(list)
    parsed: dict[str, pd.Series] = {}
    for column in tab.columns:
        if column.name not in positions:
            parsed[column.name] = _typed(column, [None] * len(numbers), numbers)
            continue
        header = header_map[column.name]
        values, column_errors = parse_column(column, by_position[positions[column.name]], context)
        for index, reason in column_errors.items():
            errors[numbers[index]].append((header, reason))
        if column.required:
            for index, value in enumerate(values):
                if value is None and index not in column_errors:
                    errors[numbers[index]].append((header, REQUIRED_REASON))
        parsed[column.name] = _typed(column, values, numbers)
    if tab.has_id and ID_COLUMN in positions:
        _repeated_ids(parsed[ID_COLUMN], header_map[ID_COLUMN], errors)

    for number in sorted(errors):
        result.bad += [BadRow(tab.name, number, header, reason) for header, reason in errors[number]]

    used = set(positions.values())
    for position, header in enumerate(headers):
        name = str(header or "").strip()
        if position not in used and name and name not in parsed:
            parsed[name] = pd.Series(by_position[position], index=numbers, dtype=object)
    frame = pd.DataFrame(parsed, index=pd.Index(numbers, name=ROW_INDEX_NAME))
    result.frame = frame.drop(index=list(errors)) if errors else frame
    result.notices += _notices(tab, result.frame, context)
    return result


def _is_blank(row: Sequence[Cell]) -> bool:
    """A row with no visible value (it usually stops at the first cell)."""
    return all(cell is None or (cell.__class__ is str and not cell.strip()) for cell in row)


def parse_column(column: Column, cells: Sequence[Cell], context: Context) -> tuple[list[Any], dict[int, str]]:
    """Parse a column's cells: canonical values (None when empty or bad) and the bad cells' reasons by
    position. Dates and moments come back as their ISO text, for one vectorised conversion after."""
    extra = context.extra_networks if column.choices and column.choices.extended_by else ()
    settled = _CANONICAL[column.kind]
    cap = column.cap
    memo: dict[Any, Any] = {}
    values: list[Any] = []
    errors: dict[int, str] = {}
    for index, cell in enumerate(cells):
        if cell is None:
            values.append(None)
            continue
        value = settled(cell, cap)
        if value is not _UNSETTLED:
            values.append(value)
            continue
        key = (cell.__class__, cell)  # 1, 1.0 and True are equal keys otherwise
        try:
            outcome = memo[key]
        except (KeyError, TypeError):
            try:
                outcome = column.parse(cell, extra)
                if column.kind in _AS_TEXT:
                    outcome = column.to_text(outcome)
            except CellError as error:
                outcome = error
            try:
                memo[key] = outcome
            except TypeError:  # lists are not hashable
                pass
        if isinstance(outcome, CellError):
            errors[index] = outcome.reason
            values.append(None)
        else:
            values.append(outcome)
    return values, errors


_UNSETTLED = object()
_AS_TEXT = (Kind.DATE, Kind.DATETIME)
_ISO_DATE = re.compile(r"^(199\d|20\d\d|2100)-\d\d-\d\d$")
_ISO_MOMENT = re.compile(r"^(199\d|20\d\d|2100)-\d\d-\d\dT\d\d:\d\d:\d\d-05:00$")
_WEB_LINK = re.compile(r"^https?://[^\s/$.?#]\S*$", re.IGNORECASE)


def _plain_text(cell: Cell, cap: int) -> Any:
    """Text as the app writes it (trimmed, within its cap) needs no parsing."""
    if cell.__class__ is str and cell and len(cell) <= cap and not cell[0].isspace() and not cell[-1].isspace():
        return cell
    return _UNSETTLED


def _canonical_link(cell: Cell, cap: int) -> Any:
    return cell if cell.__class__ is str and _WEB_LINK.match(cell) else _UNSETTLED


def _canonical_int(cell: Cell, cap: int) -> Any:
    return cell if cell.__class__ is int and cell >= 0 else _UNSETTLED


def _canonical_date(cell: Cell, cap: int) -> Any:
    if cell.__class__ is str and _ISO_DATE.match(cell):
        try:
            date.fromisoformat(cell)
            return cell
        except ValueError:
            return _UNSETTLED
    return _UNSETTLED


def _canonical_moment(cell: Cell, cap: int) -> Any:
    if cell.__class__ is str and _ISO_MOMENT.match(cell):
        try:
            datetime.fromisoformat(cell)
            return cell
        except ValueError:
            return _UNSETTLED
    return _UNSETTLED


def _never(cell: Cell, cap: int) -> Any:
    return _UNSETTLED


_CANONICAL = {
    Kind.TEXT: _plain_text,
    Kind.ID: _plain_text,
    Kind.URL: _canonical_link,
    Kind.INT: _canonical_int,
    Kind.DATE: _canonical_date,
    Kind.DATETIME: _canonical_moment,
    Kind.MONTH: _never,
    Kind.BOOL: _never,
    Kind.ENUM: _never,
    Kind.LIST: _never,
}


def _typed(column: Column, values: list[Any], index: list[int]) -> pd.Series:
    """A parsed column as a typed Series: dates as datetime64, moments in Bogotá, whole numbers as Int64,
    yes/no as boolean, the rest as Python objects (lists stay lists)."""
    kind = column.kind
    if kind is Kind.DATE:
        series = pd.Series(pd.to_datetime(values, format="%Y-%m-%d"), index=index)
        return series.astype("datetime64[us]")
    if kind is Kind.DATETIME:
        moments = pd.to_datetime(values, format="%Y-%m-%dT%H:%M:%S%z", utc=True)
        return pd.Series(moments.tz_convert(BOGOTA), index=index).astype("datetime64[us, America/Bogota]")
    if kind is Kind.INT:
        return pd.Series(values, index=index, dtype="Int64")
    if kind is Kind.BOOL:
        return pd.Series(values, index=index, dtype="boolean")
    return pd.Series(values, index=index, dtype=object)


def _repeated_ids(ids: pd.Series, header: str, errors: dict[int, list[tuple[str, str]]]) -> None:
    present = ids.dropna()
    repeated = present[present.duplicated(keep=False)]
    for value, rows in repeated.groupby(repeated).groups.items():
        listed = " y ".join(str(row) for row in rows) if len(rows) == 2 else ", ".join(str(r) for r in rows)
        for row in rows:
            errors[row].append((header, f"el ID «{value}» está repetido en las filas {listed}; cada fila necesita uno propio"))


def _notices(tab: Tab, frame: pd.DataFrame, context: Context) -> list[Notice]:
    notices = []
    if tab.has_id:
        for row in frame.index[frame[ID_COLUMN].isna()]:
            notices.append(Notice(tab.name, int(row), "fila sin ID; escriba uno único (por ejemplo "
                                  f"{tab.id_prefix}-20261128-7K3Q) para poder editarla desde Divulga"))
    for key in tab.natural_keys[:1]:
        keyed = frame[list(key)].dropna()
        comparable = pd.DataFrame({
            name: _normalized(keyed[name]) if tab.column(name).kind is Kind.TEXT else keyed[name] for name in key
        })
        for row in comparable.index[comparable.duplicated(keep="first")]:
            notices.append(Notice(tab.name, int(row), f"posible duplicado: {', '.join(key)} iguales a otra fila"))
    checks = {"Área solicitante": context.areas, "Área": context.areas, "Periodista": context.journalists}
    for name, known in checks.items():
        if name not in frame.columns or not known:
            continue
        values = frame[name].dropna()
        unknown = values[~_normalized(values).isin(known)]
        for row, value in unknown.items():
            notices.append(Notice(tab.name, int(row), f"{name} «{value}» no está en Listas; agréguelo allí o corrija el nombre"))
    return notices


def _normalized(texts: pd.Series) -> pd.Series:
    """`normalize` over a column, once per distinct value."""
    return texts.map({value: normalize(value) for value in texts.unique()})


def listas_context(listas: pd.DataFrame) -> Context:
    """The lists other tabs are checked against, from the validated `Listas` tab."""
    def values(name: str) -> list[str]:
        return [str(v) for v in listas[name].dropna()] if name in listas.columns else []

    known = set(RED.lookup_table())
    extra = tuple(dict.fromkeys(v for v in values("Redes") if normalize(v) not in known))
    return Context(
        extra_networks=extra,
        areas=frozenset(normalize(v) for v in values("Áreas")),
        journalists=frozenset(normalize(v) for v in values("Periodista del área")),
    )
