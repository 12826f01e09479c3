"""A validated tab after a write, without reading it again: new rows appended, edited cells set.

The register keeps its snapshot across writes (`Register.took`): the rows as written are the rows as the next
read would validate them (they went through the same `Column.parse`), so the tab's frame takes them typed the
way validation types a column (`typed`), and its notices are computed again from the rows. Anything this cannot
place for certain (a row no longer in the frame, or found twice) returns None: the register then drops its
snapshot and the next page reads the store, as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from core.cells import is_empty
from core.column_parsing import typed
from core.layout import ID_COLUMN, Column, Kind, Tab
from core.store.base import RowChange
from core.validation import ROW_INDEX_NAME, Context, TabResult


def with_rows(result: TabResult, tab: Tab, rows: Sequence[Mapping[str, Any]], context: Context) -> TabResult | None:
    """`result` with `rows` (validated records, contract header -> canonical value) appended at the tab's end."""
    frame = result.frame
    if not rows:
        return result
    start = result.rows_read + 2
    index = pd.Index(np.arange(start, start + len(rows)), name=ROW_INDEX_NAME)
    columns = {}
    for name in frame.columns:
        column = tab.find_column(name)
        values = [row.get(name) for row in rows]
        series = _as_stored(column, values, context) if column is not None else pd.Series(values, dtype=object)
        columns[name] = series.set_axis(index)
    added = pd.DataFrame(columns, index=index)
    combined = pd.concat([frame, added]) if len(frame) else _retyped(added, frame)
    if combined is None or not _same_types(combined, frame):
        return None
    combined.index.name = ROW_INDEX_NAME
    return result.with_frame(tab, combined, context, result.rows_read + len(rows))


def with_changes(result: TabResult, tab: Tab, changes: Sequence[RowChange], context: Context) -> TabResult | None:
    """`result` with the written cells of `changes` set in their rows, found by the key each change carries."""
    frame = result.frame.copy(deep=False)  # copy on write: the cells set copy their columns, the rest is shared
    for change in changes:
        rows = _rows_of(frame, tab, change.key)
        if len(rows) != 1:
            return None
        [row] = rows
        for name, value in change.changes.items():
            if name not in frame.columns:
                return None
            column = tab.column(name)
            frame.at[row, name] = value if isinstance(value, list) else _as_stored(column, [value], context).iloc[0]
    if not _same_types(frame, result.frame):
        return None
    return result.with_frame(tab, frame, context, result.rows_read)


def _as_stored(column: Column, values: Sequence[Any], context: Context) -> pd.Series:
    """Values as a read of the store gives them back: typed as validation types the column (a list's values with
    the categories of the read, which `Listas` extends), and moments to the whole second (the store keeps no
    fraction of one)."""
    series = typed(column, values, context.extra_for(column))
    return series.dt.floor("s") if column.kind is Kind.DATETIME else series


def _rows_of(frame: pd.DataFrame, tab: Tab, key: Mapping[str, Any]) -> list[int]:
    """The frame's rows that carry `key`: by ID at once; otherwise each key cell compared as text, the way
    the store finds the row."""
    if list(key) == [ID_COLUMN]:
        return [int(row) for row in frame.index[frame[ID_COLUMN] == str(key[ID_COLUMN])]]
    found = pd.Series(True, index=frame.index)
    for name, value in key.items():
        if name not in frame.columns:
            return []
        column = tab.column(name)
        wanted = column.to_text(value)
        texts = frame[name].map(lambda cell, column=column: None if is_empty(cell) else column.to_text(cell))
        found &= texts == wanted
    return [int(row) for row in frame.index[found.to_numpy(dtype=bool)]]


def _retyped(added: pd.DataFrame, empty: pd.DataFrame) -> pd.DataFrame | None:
    """The first rows of a tab read empty: the new frame, typed as the empty one was."""
    try:
        return added.astype(empty.dtypes.to_dict())
    except (TypeError, ValueError):
        return None


def _same_types(frame: pd.DataFrame, before: pd.DataFrame) -> bool:
    """Whether every column kept the type validation gave it (a frame of other types would read differently)."""
    return list(frame.columns) == list(before.columns) and all(
        frame[name].dtype == before[name].dtype for name in before.columns)
