"""A tab's rows handed out column by column, each column once, in the cheapest form that holds it (Arrow when the
cells allow, else a NumPy array of the cells): what `core.sheet.validation` reads a tab with."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from operator import itemgetter
from types import NoneType
from typing import Any

import numpy as np
import pyarrow as pa

from core.sheet.column_parsing import SMALL
from core.sheet.contract import Kind, Tab
from core.store.base import Cell


class TabColumns:
    """The rows' cells by column, each handed out once and let go by this holder, so that a column's copy lives
    only while it is read (and, for text already clean, in the frame, which keeps its buffers). When every cell
    has the type the app writes (whole numbers in `entero` columns, text elsewhere) the whole tab goes to Arrow
    in one C-level pass; otherwise each column does on its own, or becomes a NumPy array of its cells when it
    cannot (numbers or dates typed into text columns, as Sheets hands them back)."""

    def __init__(self, tab: Tab, headers: Sequence[str], rows: Sequence[tuple[Cell, ...]]):
        self.tab, self.headers, self.rows = tab, headers, rows
        self.whole = {position for position, header in enumerate(headers) if _kind(tab, header) is Kind.INT}
        self.arrow: list[pa.Array | None] | None = None
        if len(rows) >= SMALL and (not self.whole or _classes(rows, sorted(self.whole)) <= {int, NoneType}):
            # text fields as binary: str and UTF-8 bytes (SQLite's bulk read) both go in, then one cast per
            # column checks its UTF-8 at once
            fields = [(f"c{position}", pa.int64() if position in self.whole else pa.binary())
                      for position in range(len(headers))]
            try:
                self.arrow = pa.array(rows, type=pa.struct(fields)).flatten()
            except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
                pass

    def take(self, position: int) -> np.ndarray | pa.Array:
        if self.arrow is not None:
            column, self.arrow[position] = self.arrow[position], None
            try:
                return column.cast(pa.string()) if column.type == pa.binary() else column
            except pa.ArrowInvalid:  # not UTF-8: this column on its own
                pass
        cells = list(map(itemgetter(position), self.rows))
        if len(cells) >= SMALL:
            try:
                if position not in self.whole:
                    return pa.array(cells, type=pa.binary()).cast(pa.string())
                # Arrow would silently truncate 12.5 (or a True) into an int64: only plain ints may go there
                if set(map(type, cells)) <= {int, NoneType}:
                    return pa.array(cells, type=pa.int64())
            except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
                pass
        return np.fromiter(cells, dtype=object, count=len(cells))  # a cell that is itself a sequence stays one


def _classes(rows: Sequence[Sequence[Cell]], positions: list[int]) -> set[type]:
    """The classes of the cells at `positions`, gathered by C-level iteration (no Python loop per cell)."""
    pick = itemgetter(*positions) if len(positions) > 1 else (lambda row: (row[positions[0]],))
    return set(map(type, chain.from_iterable(map(pick, rows))))


def _kind(tab: Tab, header: Any) -> Kind | None:
    column = tab.find_column(str(header or ""))
    return column.kind if column is not None else None
