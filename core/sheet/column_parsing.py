"""Reading a whole column of cells at once, with the same rules and words as `Column.parse`.

The bulk read must cost about as much as the plain read it follows, so per-cell Python is kept for what
people typed by hand. A large column goes three ways: cells already in the form the app writes (trimmed
text, ints, ISO dates and moments) are recognised by vectorised pandas checks; columns of few distinct
values (lists, yes/no, enumerations, months) are parsed once per distinct value; whatever is left goes
cell by cell through `Column.parse`, which gives the Spanish reason when a cell cannot be read. A small
column simply goes cell by cell: below a thousand cells that is faster than any vectorised set-up.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from core.sheet.cells import BOGOTA, MAX_DATE, MAX_INT, MIN_DATE, CellError
from core.sheet.contract import Column, Kind

SMALL = 1_000
_FEW_VALUES = (Kind.ENUM, Kind.BOOL, Kind.MONTH)
ISO_MOMENT = "%Y-%m-%dT%H:%M:%S%z"  # how the app writes a moment as text (`Column.to_text`)
_DTYPES = {Kind.DATE: "datetime64[us]", Kind.DATETIME: "datetime64[us, America/Bogota]"}
_FIRST = pd.Timestamp(MIN_DATE)
_LAST = pd.Timestamp(MAX_DATE) + pd.Timedelta(days=1)

# Arrow's default allocator (its bundled mimalloc) keeps what a read frees, several times the live data of a
# large tab, and a later tab reuses little of it; the C library's allocator gives large buffers back. A pool
# chosen by the operator (ARROW_DEFAULT_MEMORY_POOL) is left as it is.
if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
    pa.set_memory_pool(pa.system_memory_pool())


@dataclass
class ParsedColumn:
    """A column read: typed values (missing where empty or bad), which cells hold something a person can
    see, and the reason of each cell that cannot be read, by position."""

    values: pd.Series
    visible: np.ndarray
    errors: dict[int, str]


def parse_column(column: Column, cells: Sequence[Any] | pa.Array, extra: tuple[str, ...] = ()) -> ParsedColumn:
    """Read every cell of a column; `extra` extends the column's list (networks added in Listas). The
    cells come as Python values, or as an Arrow array when the whole tab converted to Arrow at once."""
    if isinstance(cells, pa.Array) and len(cells) < SMALL:
        cells = as_objects(cells)
    elif not isinstance(cells, (np.ndarray, pa.Array)):
        cells = np.asarray(cells, dtype=object)
    if len(cells) < SMALL:
        values, visible, errors = _cell_by_cell(column, cells, extra)
        return ParsedColumn(typed(column, values, extra), visible, errors)
    if column.kind is Kind.LIST:
        return _lists(column, cells, extra)
    if column.kind in _FEW_VALUES:
        return _by_distinct_value(column, cells, extra)
    return _vectorised(column, cells, extra)


def _blank(cell: Any) -> bool:
    if cell is None:
        return True
    if cell.__class__ is bytes:  # UTF-8 text from SQLite: its white space is Unicode's, not only ASCII's
        cell = cell.decode("utf-8", errors="replace")
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


def typed(column: Column, values: Sequence[Any], extra: tuple[str, ...] = ()) -> pd.Series:
    """Parsed values as a typed Series: dates as datetime64, moments in Bogotá, whole numbers as Int64,
    yes/no as boolean, lists as Python lists, values of a list as `category` (`category_dtype`), and text as
    pandas' Arrow-backed `str` (compact: the register's texts are most of its memory).

    This is the dtype `parse_column` gives the column, so rows typed here concatenate onto a tab as read.
    Pass the `extra` the read had (`Context.extra_for(column)`): a categorical stays one only when both sides
    have the same categories (`pd.concat` makes text of the others)."""
    kind = column.kind
    if kind is Kind.ENUM:
        return _categorical(column, values, extra)
    if kind is Kind.DATE:
        return pd.Series(pd.to_datetime(list(values)), dtype=_DTYPES[kind])
    if kind is Kind.DATETIME:
        moments = pd.to_datetime(list(values), utc=True)
        return pd.Series(moments.tz_convert(BOGOTA)).astype(_DTYPES[kind])
    if kind is Kind.INT:
        return pd.Series(list(values), dtype="Int64")
    if kind is Kind.BOOL:
        return pd.Series(list(values), dtype="boolean")
    if kind is Kind.LIST:
        return pd.Series(_object_array(values), dtype=object)
    return pd.Series(_object_array(values), dtype="str")


def category_dtype(column: Column, extra: tuple[str, ...] = ()) -> pd.CategoricalDtype:
    """The dtype of a column of values of a list: every value the list admits (plus the networks `Listas`
    adds), so that every frame of the column shares one dtype whatever it holds, and in text order, so that
    sorting and grouping by the column order its rows as they ordered the text it was before."""
    return _categories(column.choices.values, extra)


@cache
def _categories(values: tuple[str, ...], extra: tuple[str, ...]) -> pd.CategoricalDtype:
    return pd.CategoricalDtype(pd.Index(sorted({*values, *extra}), dtype="str"))


@cache
def _codes(dtype: pd.CategoricalDtype) -> dict[str, int]:
    return {category: code for code, category in enumerate(dtype.categories)}


def _categorical(column: Column, values: Sequence[Any], extra: tuple[str, ...]) -> pd.Series:
    dtype = category_dtype(column, extra)
    codes = _codes(dtype)
    values = list(values)
    found = [codes.get(value, -2) if value.__class__ is str else -1 if pd.isna(value) else -2 for value in values]
    if -2 not in found:  # straight from the codes: the usual case, and a write's few rows
        return pd.Series(pd.Categorical.from_codes(found, dtype=dtype))
    # a value outside the list (not from a read): kept, as a category of its own, never lost
    texts = [str(value) if code == -2 else value for value, code in zip(values, found, strict=True)]
    unknown = {text for text, code in zip(texts, found, strict=True) if code == -2}
    dtype = pd.CategoricalDtype(pd.Index(sorted({*dtype.categories, *unknown}), dtype="str"))
    return pd.Series(pd.Categorical(texts, dtype=dtype))


def _object_array(values: Sequence[Any]) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    for index, value in enumerate(values):
        array[index] = value
    return array


def as_objects(cells: np.ndarray | pa.Array) -> np.ndarray:
    """The cells as a NumPy array of Python values."""
    if isinstance(cells, pa.Array):
        return np.asarray(cells.to_numpy(zero_copy_only=False), dtype=object)
    return cells


def _pick(cells: np.ndarray | pa.Array, positions: np.ndarray) -> np.ndarray:
    if isinstance(cells, pa.Array):
        return np.asarray(cells.take(pa.array(positions, type=pa.int64())).to_pylist(), dtype=object)
    return cells[positions]


def _by_distinct_value(column: Column, cells: np.ndarray | pa.Array, extra: tuple[str, ...]) -> ParsedColumn:
    try:  # all text (the usual case): Arrow's dictionary encoding, in C
        text = cells if isinstance(cells, pa.Array) else pa.array(cells, type=pa.string(), from_pandas=True)
        encoded = text.dictionary_encode()
        codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
        distinct = np.asarray(encoded.dictionary.to_pylist(), dtype=object)
    except (pa.ArrowTypeError, pa.ArrowInvalid, pa.ArrowNotImplementedError):
        # mixed cells (yes/no as real booleans, numbers): one by one, remembering each (class, value) read;
        # a factorisation would take 1, 1.0 and True for one value
        values, visible, errors = _cell_by_cell(column, as_objects(cells), extra)
        return ParsedColumn(typed(column, values, extra), visible, errors)
    parsed, visible_values, reasons = _cell_by_cell(column, distinct, extra)
    outcomes = _object_array([*parsed, None])
    shown = np.append(visible_values, False)  # code -1 (empty) takes the trailing entry
    errors: dict[int, str] = {}
    if reasons:
        for position in np.flatnonzero(np.isin(codes, list(reasons))):
            errors[int(position)] = reasons[int(codes[position])]
    if column.kind is Kind.BOOL:
        return ParsedColumn(pd.Series(outcomes[codes], dtype="boolean"), shown[codes], errors)
    if column.kind is Kind.ENUM:  # straight to the categories' codes: no text per cell
        values = typed(column, outcomes, extra)
        return ParsedColumn(pd.Series(values.array.take(codes)), shown[codes], errors)
    # text values: take them from the few distinct ones in Arrow, never one Python object per cell
    canonical = pa.array([None if value is None else str(value) for value in outcomes], type=pa.string())
    taken = canonical.take(pa.array(np.where(codes < 0, len(outcomes) - 1, codes)))
    return ParsedColumn(pd.Series(taken, dtype="str"), shown[codes], errors)


def _lists(column: Column, cells: np.ndarray | pa.Array, extra: tuple[str, ...]) -> ParsedColumn:
    """Lists as the app writes them (`a, b`; links one per line): split and checked item by item in
    Arrow; a cell with any other shape (`a;b`, `a,b`, an unknown value) goes through `Column.parse`."""
    text, is_text, all_text = _arrow_text(cells)
    missing = ~is_text if all_text else ~is_text & pd.isna(as_objects(cells))
    parts = pc.split_pattern(text, "\n" if column.urls else ", ")
    items = parts.flatten()
    lengths = pc.utf8_length(items)
    fine = pc.and_(pc.and_(pc.greater_equal(lengths, 1), pc.less_equal(lengths, column.cap)),
                   pc.equal(pc.utf8_trim_whitespace(items), items))
    if column.urls:
        fine = pc.and_(fine, _links(items))
        fine = pc.and_(fine, pc.invert(pc.match_substring_regex(items, r";|,\s*[hH][tT][tT][pP][sS]?://")))
    elif column.choices:
        fine = pc.and_(fine, pc.is_in(items, value_set=pa.array([*column.choices.values, *extra], pa.string())))
    else:
        fine = pc.and_(fine, pc.invert(pc.match_substring_regex(items, "[,;\n]")))
    owners = pc.list_parent_indices(parts).to_numpy()
    settled = is_text.copy()
    settled[owners[~pc.fill_null(fine, False).to_numpy(zero_copy_only=False)]] = False
    lists = parts.to_pylist()
    result = _object_array([value if ok else None for value, ok in zip(lists, settled)])
    leftovers = np.flatnonzero(~missing & ~settled)
    values, shown, errors_at = _cell_by_cell(column, _pick(cells, leftovers), extra)
    for index, position in enumerate(leftovers):
        result[position] = values[index]
    visible = ~missing
    visible[leftovers] = shown
    errors = {int(leftovers[index]): reason for index, reason in errors_at.items()}
    return ParsedColumn(pd.Series(result, dtype=object), visible, errors)


def _vectorised(column: Column, cells: np.ndarray, extra: tuple[str, ...]) -> ParsedColumn:
    kind = column.kind
    if kind is Kind.INT:
        numbers, missing = _whole_numbers(cells)
        settled = ((numbers >= 0) & (numbers <= MAX_INT)).to_numpy()
        result = pd.Series(pd.array(numbers.where(settled), dtype="Int64"))
    else:
        text, is_text, all_text = _arrow_text(cells)
        missing = ~is_text if all_text else ~is_text & pd.isna(cells)
        if kind in (Kind.DATE, Kind.DATETIME):
            texts = as_objects(cells) if all_text else np.where(is_text, cells, None)
            if kind is Kind.DATE:
                moments = days = pd.Series(pd.to_datetime(texts, format="%Y-%m-%d", errors="coerce"))
            else:
                moments = pd.Series(pd.to_datetime(texts, format=ISO_MOMENT, errors="coerce", utc=True))
                moments = moments.dt.tz_convert(BOGOTA)
                days = moments.dt.tz_localize(None)
            shaped = pc.fill_null(pc.match_substring_regex(text, _SHAPE[kind]), False).to_numpy(zero_copy_only=False)
            settled = shaped & (days >= _FIRST).to_numpy() & (days < _LAST).to_numpy()
            result = moments.where(settled).astype(_DTYPES[kind])
        else:  # text, IDs and links: the cells themselves when trimmed, within the cap (and links as such)
            lengths = pc.utf8_length(text)
            ok = pc.and_(pc.and_(pc.greater_equal(lengths, 1), pc.less_equal(lengths, column.cap)),
                         pc.equal(pc.utf8_trim_whitespace(text), text))
            if kind is Kind.URL:
                ok = pc.and_(ok, _links(text))
            ok = pc.fill_null(ok, False)
            settled = ok.to_numpy(zero_copy_only=False)
            result = None  # the text itself when every cell is settled (no copy), made below otherwise
    leftovers = np.flatnonzero(~missing & ~settled)
    values, shown, errors_at = _cell_by_cell(column, _pick(cells, leftovers), extra)
    visible = ~missing
    visible[leftovers] = shown
    errors = {int(leftovers[index]): reason for index, reason in errors_at.items()}
    if result is None and not len(leftovers):
        result = pd.Series(text, dtype="str")
    elif result is None:  # the settled cells, and the others as `Column.parse` read them, still in Arrow
        kept = pc.if_else(ok, text, pa.scalar(None, pa.string()))
        mask = np.zeros(len(settled), dtype=bool)
        mask[leftovers] = True
        result = pd.Series(pc.replace_with_mask(kept, pa.array(mask), pa.array(values, type=pa.string())), dtype="str")
    elif len(leftovers):
        result.iloc[leftovers] = typed(column, values).to_numpy()
    return ParsedColumn(result, visible, errors)


# Links the fast road may settle: printable ASCII only (Arrow's regex engine knows only ASCII white space,
# Python's `\s` in `cells.parse_url` knows Unicode's), so any other link is read by `parse_url` itself.
_LINK = r"^https?://[!-~]+$"
_NOT_A_HOST = r"^https?://[/$.?#]"
_SHAPE = {  # the exact text the app writes (`Column.to_text`); pandas alone would accept looser forms
    Kind.DATE: r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    Kind.DATETIME: r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-5][0-9][+-][0-9]{2}:[0-9]{2}$",
}


def _links(text: pa.Array):
    return pc.and_(pc.match_substring_regex(text, _LINK, ignore_case=True),
                   pc.invert(pc.match_substring_regex(text, _NOT_A_HOST, ignore_case=True)))


def _whole_numbers(cells: np.ndarray | pa.Array) -> tuple[pd.Series, np.ndarray]:
    """The cells that are already whole numbers (others NaN), and which cells are empty."""
    try:  # ints and empties only (the usual case): Arrow infers int64 and converts them in C
        numbers = cells if isinstance(cells, pa.Array) else pa.array(cells, from_pandas=True)
        if pa.types.is_integer(numbers.type) or pa.types.is_null(numbers.type):
            missing = numbers.is_null().to_numpy(zero_copy_only=False)
            return pd.Series(numbers.to_pandas(), dtype="float64"), missing
    except (pa.ArrowTypeError, pa.ArrowInvalid, OverflowError):
        pass
    missing = pd.isna(cells)
    whole = _of_class(cells, int)
    try:
        numbers = pd.to_numeric(pd.Series(np.where(whole, cells, None), dtype=object), errors="coerce")
    except (OverflowError, TypeError, ValueError):  # a number too large for 64 bits, typed by hand
        numbers = pd.Series(np.nan, index=range(len(cells)))
    return numbers, missing


def _of_class(cells: np.ndarray, kind: type) -> np.ndarray:
    return np.fromiter((cell.__class__ is kind for cell in cells), dtype=bool, count=len(cells))


def _arrow_text(cells: np.ndarray | pa.Array) -> tuple[pa.Array, np.ndarray, bool]:
    """The text cells as an Arrow array (for C-speed checks), which cells are text, and whether every
    cell is text or empty (then the empty ones are exactly the others)."""
    try:
        text = cells if isinstance(cells, pa.Array) else pa.array(cells, type=pa.string(), from_pandas=True)
    except (pa.ArrowTypeError, pa.ArrowInvalid):  # numbers or dates typed into the column
        is_text = _of_class(cells, str)
        text = pa.array(np.where(is_text, cells, None), type=pa.string(), from_pandas=True)
        return text, is_text, False
    return text, text.is_valid().to_numpy(zero_copy_only=False), True
