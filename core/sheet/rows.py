"""A snapshot table's rows as plain Python values, and how every view names a row: what reads of a validated
tab share, below the register (settings, status and actions read them without depending on the write path)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from core.sheet.cells import is_empty


def row_name(tab: str, row: int, identifier: object) -> str:
    """A record's ID, or `<Pestaña> fila <n>` (its sheet row) for a row typed without one: how every view and
    command names a record."""
    return f"{tab} fila {row}" if is_empty(identifier) else str(identifier).strip()


def frame_records(frame: pd.DataFrame) -> list[tuple[int, dict[str, Any]]]:
    """Every row of a snapshot table as (sheet row number, plain values)."""
    return [(int(row), row_values(values)) for row, values in zip(frame.index, frame.to_dict("records"))]


def row_values(row: Mapping[str, Any]) -> dict[str, Any]:
    """A DataFrame row as plain Python values: None for NA/NaT, datetimes for Timestamps, lists kept."""
    values = {}
    for name, value in row.items():
        if isinstance(value, list):
            values[name] = value
        elif is_empty(value):
            values[name] = None
        elif isinstance(value, pd.Timestamp):
            values[name] = value.to_pydatetime()
        elif hasattr(value, "item"):  # numpy scalars
            values[name] = value.item()
        else:
            values[name] = value
    return values
