"""A validated tab after a write, without reading it again: new rows appended, edited cells set.

The register keeps its snapshot across writes (`Register.took`): the rows as written are the rows as the next
read would validate them (they went through the same `Column.parse`), so the tab's frame takes them typed the
way validation types a column (`typed`), and the notices are worked out for what the write touched only (the
rows added and those they may repeat; an edit's, only when it changed a column the notices read). Anything this
cannot place for certain (a row no longer in the frame, or found twice) returns None: the register then drops
its snapshot and the next page reads the store, as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from core.sheet.cells import is_empty
from core.sheet.column_parsing import typed
from core.sheet.contract import ID_COLUMN, Column, Kind, Tab
from core.sheet.validation import ROW_INDEX_NAME, Context, Notice, TabResult, frame_notices, notice_columns
from core.store.base import RowChange


def with_rows(result: TabResult, tab: Tab, rows: Sequence[Mapping[str, Any]], context: Context) -> TabResult | None:
    """`result` with `rows` (validated records, contract header -> canonical value) appended at the tab's end."""
    frame = result.frame
    if not rows:
        return result
    start = result.rows_read + 2
    index = pd.Index(np.arange(start, start + len(rows)), name=ROW_INDEX_NAME)
    added = frame.iloc[0:0].reindex(index)  # empty cells of the tab's types: a new row leaves most of them so
    for name in frame.columns:
        values = [row.get(name) for row in rows]
        if all(value is None for value in values) and added[name].dtype != object:
            continue
        column = tab.find_column(name)
        series = _as_stored(column, values, context) if column is not None else pd.Series(values, dtype=object)
        added[name] = series.set_axis(index)
    combined = pd.concat([frame, added]) if len(frame) else _retyped(added, frame)
    if combined is None or not _same_types(combined, frame):
        return None
    combined.index.name = ROW_INDEX_NAME
    notices = result.notices + _notices_of_added(tab, frame, added, context)
    return TabResult(combined, list(result.bad), notices, dict(result.header_map), result.rows_read + len(rows),
                     result.read_notices)


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
    if not any(set(change.changes) & notice_columns(tab) for change in changes):  # the notices read none of it
        return TabResult(frame, list(result.bad), list(result.notices), dict(result.header_map), result.rows_read,
                         result.read_notices)
    return result.with_frame(tab, frame, context, result.rows_read)


def _notices_of_added(tab: Tab, before: pd.DataFrame, added: pd.DataFrame, context: Context) -> list[Notice]:
    """The notices of the rows `added` at the end of `before`: what `frame_notices` says of them, asked of them and
    of the earlier rows that could be their duplicates (equal in every key column compared as is) only. Rows added
    at the end change nothing of what is said of the earlier ones (a duplicate is the later row)."""
    read = [name for name in before.columns if name in notice_columns(tab)]  # the columns the notices read
    alike = np.zeros(len(before), dtype=bool)
    for key in tab.natural_keys:
        exact = [name for name in key if tab.column(name).kind is not Kind.TEXT]
        if not exact:  # only free text in the key (a small tab): every row may be a duplicate
            alike[:] = True
            break
        # the first column on every row, the next ones only on the rows still alike (a list's values last: few
        # distinct values, so they narrow least)
        exact.sort(key=lambda name: tab.column(name).kind is Kind.ENUM)
        candidates = np.arange(len(before))
        for name in exact:
            values = before[name].iloc[candidates] if len(candidates) < len(before) else before[name]
            wanted = added[name].dropna().unique()
            keep = values == wanted[0] if len(wanted) == 1 else values.isin(wanted)  # one value: == is faster
            candidates = candidates[keep.to_numpy(dtype=bool, na_value=False)]
        alike[candidates] = True
    rows = pd.concat([before.loc[alike, read], added[read]]) if alike.any() else added[read]
    new = set(added.index)
    return [notice for notice in frame_notices(tab, rows, context) if notice.row in new]


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
        now is then or now == then for now, then in zip(frame.dtypes, before.dtypes))
