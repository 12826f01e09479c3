"""How the indicators read a frame's columns (stripped texts, numbers, Bogotá days) and order networks, shared so
that every table reads a cell the same way."""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.sheet.cells import BOGOTA, normalize
from core.sheet.contract import NETWORK_CHOICES


def texts_of(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column as stripped text, "" where empty or missing."""
    if column not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[column].astype("string").str.strip().fillna("").astype(object)


def values_by_id(frame: pd.DataFrame | None, column: str) -> dict[str, str]:
    if frame is None or frame.empty:
        return {}
    return {key: value for key, value in zip(texts_of(frame, "ID"), texts_of(frame, column)) if key and value}


def matching(values: pd.Series, wanted: str) -> pd.Series:
    """Which texts equal `wanted` ignoring case, accents and spaces (each distinct value normalised once)."""
    key = normalize(wanted)
    same = {value for value in values.unique() if value and normalize(value) == key}
    return values.isin(same)


def numbers_of(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(np.nan, index=frame.index, dtype=float)
    return pd.to_numeric(frame[column], errors="coerce").astype(float)


def bogota_days(moments: pd.Series) -> pd.Series:
    """Aware moments as naive midnights of their Bogotá day (NaT stays NaT)."""
    return moments.dt.tz_convert(BOGOTA).dt.tz_localize(None).dt.normalize()


def network_order(names) -> list[str]:
    """The contract's networks first, in its order, then any other (a network the leader added) by name."""
    names = [name for name in dict.fromkeys(names) if name]
    known = [name for name in NETWORK_CHOICES.values if name in names]
    return known + sorted((name for name in names if name not in NETWORK_CHOICES.values), key=normalize)
