"""Reading a whole column of cells at once, with the same rules and words as `Column.parse`.

The bulk read must cost about as much as the plain read it follows, so per-cell Python is kept for what
people typed by hand. A large column goes three ways: cells already in the form the app writes (trimmed
text, ints, ISO dates and moments) are recognised by vectorised pandas checks; columns of few distinct
values (lists, yes/no, enumerations, months) are parsed once per distinct value; whatever is left goes
cell by cell through `Column.parse`, which gives the Spanish reason when a cell cannot be read. A small
column simply goes cell by cell: below a thousand cells that is faster than any vectorised set-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from core.cells import BOGOTA, MAX_DATE, MIN_DATE, CellError
from core.layout import Column, Kind

SMALL = 1_000
_FEW_VALUES = (Kind.ENUM, Kind.BOOL, Kind.LIST, Kind.MONTH)
ISO_MOMENT = "%Y-%m-%dT%H:%M:%S%z"  # how the app writes a moment as text (`Column.to_text`)
_DTYPES = {Kind.DATE: "datetime64[us]", Kind.DATETIME: "datetime64[us, America/Bogota]"}
_FIRST = pd.Timestamp(MIN_DATE)
_LAST = pd.Timestamp(MAX_DATE) + pd.Timedelta(days=1)


@dataclass
class ParsedColumn:
    """A column read: typed values (missing where empty or bad), which cells hold something a person can
    see, and the reason of each cell that cannot be read, by position."""

    values: pd.Series
    visible: np.ndarray
    errors: dict[int, str]


def parse_column(column: Column, cells: Sequence[Any], extra: tuple[str, ...] = ()) -> ParsedColumn:
    """Read every cell of a column; `extra` extends the column's list (networks added in Listas)."""
    cells = np.asarray(cells, dtype=object) if not isinstance(cells, np.ndarray) else cells
    if len(cells) < SMALL:
        values, visible, errors = _cell_by_cell(column, cells, extra)
        return ParsedColumn(typed(column, values), visible, errors)
    if column.kind in _FEW_VALUES:
        return _by_distinct_value(column, cells, extra)
    return _vectorised(column, cells, extra)


def _blank(cell: Any) -> bool:
    if cell is None:
        return True
    if cell.__class__ is str:
        return not cell or cell.isspace()
    return cell.__class__ is float and cell != cell


def _cell_by_cell(column: Column, cells: Sequence[Any], extra: tuple[str, ...]) -> tuple[list, np.ndarray, dict]:
    values: list[Any] = []
    visible = np.zeros(len(cells), dtype=bool)
    errors: dict[int, str] = {}
    memo: dict[Any, Any] = {}
    for index, cell in enumerate(cells):
        if _blank(cell):
            values.append(None)
            continue
        visible[index] = True
        key = (cell.__class__, cell)  # 1, 1.0 and True would be one key otherwise
        try:
            outcome = memo[key]
        except (KeyError, TypeError):
            try:
                outcome = column.parse(cell, extra)
            except CellError as error:
                outcome = error
            try:
                memo[key] = outcome
            except TypeError:  # unhashable cells (lists) are parsed each time
                pass
        if isinstance(outcome, CellError):
            errors[index] = outcome.reason
            values.append(None)
        else:
            values.append(outcome)
    return values, visible, errors


def typed(column: Column, values: Sequence[Any]) -> pd.Series:
    """Parsed values as a typed Series: dates as datetime64, moments in Bogotá, whole numbers as Int64,
    yes/no as boolean, everything else as Python objects (lists stay lists)."""
    kind = column.kind
    if kind is Kind.DATE:
        return pd.Series(pd.to_datetime(list(values)), dtype=_DTYPES[kind])
    if kind is Kind.DATETIME:
        moments = pd.to_datetime(list(values), utc=True)
        return pd.Series(moments.tz_convert(BOGOTA)).astype(_DTYPES[kind])
    if kind is Kind.INT:
        return pd.Series(list(values), dtype="Int64")
    if kind is Kind.BOOL:
        return pd.Series(list(values), dtype="boolean")
    return pd.Series(_object_array(values), dtype=object)


def _object_array(values: Sequence[Any]) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    for index, value in enumerate(values):
        array[index] = value
    return array


def _by_distinct_value(column: Column, cells: np.ndarray, extra: tuple[str, ...]) -> ParsedColumn:
    codes, distinct = pd.factorize(cells, use_na_sentinel=True)
    parsed, visible_values, reasons = _cell_by_cell(column, distinct, extra)
    outcomes = _object_array([*parsed, None])
    shown = np.append(visible_values, False)
    values = outcomes[codes]  # code -1 (empty) takes the trailing None
    errors: dict[int, str] = {}
    if reasons:
        for position in np.flatnonzero(np.isin(codes, list(reasons))):
            errors[int(position)] = reasons[int(codes[position])]
    if column.kind is Kind.BOOL:
        series = pd.Series(values, dtype="boolean")
    else:
        series = pd.Series(values, dtype=object)
    return ParsedColumn(series, shown[codes], errors)


def _vectorised(column: Column, cells: np.ndarray, extra: tuple[str, ...]) -> ParsedColumn:
    series = pd.Series(cells, dtype=object)
    missing = series.isna().to_numpy()
    kind = column.kind
    all_text = pd.api.types.infer_dtype(cells, skipna=True) in ("string", "empty")
    texts = series if all_text else series.where(series.map(type).eq(str))
    if kind is Kind.INT:
        numbers = pd.to_numeric(series.where(series.map(type).eq(int)), errors="coerce")
        settled = (numbers >= 0).to_numpy()
        result = pd.Series(pd.array(numbers.where(settled), dtype="Int64"))
    elif kind in (Kind.DATE, Kind.DATETIME):
        if kind is Kind.DATE:
            moments = days = pd.to_datetime(texts, format="%Y-%m-%d", errors="coerce")
        else:
            moments = pd.to_datetime(texts, format=ISO_MOMENT, errors="coerce", utc=True).dt.tz_convert(BOGOTA)
            days = moments.dt.tz_localize(None)
        settled = (days >= _FIRST).to_numpy() & (days < _LAST).to_numpy()
        result = moments.where(settled).astype(_DTYPES[kind])
    else:  # text, IDs and links: kept as the cells themselves
        lengths = texts.str.len()
        settled = ((lengths >= 1) & (lengths <= column.cap) & texts.str.strip().eq(texts)).to_numpy()
        if kind is Kind.URL:
            settled = settled & _plain_links(texts)
        result = series.where(settled, None)
    leftovers = np.flatnonzero(~missing & ~settled)
    values, shown, errors_at = _cell_by_cell(column, cells[leftovers], extra)
    visible = ~missing
    visible[leftovers] = shown
    errors = {int(leftovers[index]): reason for index, reason in errors_at.items()}
    if len(leftovers):
        result.iloc[leftovers] = typed(column, values).to_numpy() if kind not in (Kind.TEXT, Kind.ID, Kind.URL) else (
            _object_array(values))
    return ParsedColumn(result, visible, errors)


def _plain_links(texts: pd.Series) -> np.ndarray:
    """Links the app writes: http(s)://, a host, no white space. Others go through `parse_url`."""
    starts = texts.str.match(r"https?://[^\s/$.?#]", case=False, na=False).to_numpy(dtype=bool)
    return starts & ~texts.str.contains(r"\s", na=True).to_numpy(dtype=bool)
