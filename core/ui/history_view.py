"""The Historial shaped for reading: filters, the changes as "campo: antes → después", one row per field
changed, and the download made safe for spreadsheets. Pure functions of `Register.history()`'s frame (Fecha,
Usuario, Pestaña, ID, Acción, Cambios as the JSON `{"campo": [antes, después]}` of
`core.register.history_record`).

Large Historial (100,000 rows and more): every filter is a vectorised pandas operation over the raw columns,
the field filter included (a plain substring search of `"campo":` in the JSON text), and the JSON is parsed
only for the rows that are shown or downloaded; the dates are formatted column-wise and each distinct value
of Cambios is put in words once.

The download holds citizens' texts, so every text cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return gets a leading apostrophe (OWASP's rule against CSV injection): a spreadsheet then shows it
as text instead of running it as a formula. The register itself keeps the text as typed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

import pandas as pd

from core.fmt import fmt_date, fmt_datetime, fmt_int
from core.sheet.cells import BOGOTA, normalize
from core.sheet.contract import TABS

WHEN, WHO, TAB, ID, ACTION, CHANGES = "Fecha", "Usuario", "Pestaña", "ID", "Acción", "Cambios"
FIELD, BEFORE, AFTER = "Campo", "Antes", "Después"
RECORD_COLUMNS = [WHEN, WHO, TAB, ID, ACTION, CHANGES]
FIELD_COLUMNS = [WHEN, WHO, TAB, ID, ACTION, FIELD, BEFORE, AFTER]
EMPTY = "(vacío)"
ARROW = " → "
SEPARATOR = " · "

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?")


@dataclass(frozen=True)
class HistoryFilter:
    """What a person asked to see; an empty criterion lets everything through."""

    people: tuple[str, ...] = ()
    tabs: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    id_contains: str = ""
    since: date | None = None  # first day, inclusive (Bogotá)
    until: date | None = None  # last day, inclusive (Bogotá)
    field: str | None = None  # rows whose Cambios name this field


def _texts(frame: pd.DataFrame, column: str) -> pd.Series:
    """A text column as it is when pandas already holds it as text (no copy), else converted."""
    if column not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="string")
    values = frame[column]
    return values if pd.api.types.is_string_dtype(values) else values.astype("string")


def _moments(frame: pd.DataFrame) -> pd.Series:
    """Fecha as Bogotá moments, whatever the frame holds (the register gives them aware already)."""
    moments = pd.to_datetime(frame[WHEN], errors="coerce") if WHEN in frame else pd.Series(pd.NaT, index=frame.index)
    if getattr(moments.dt, "tz", None) is None:
        return moments.dt.tz_localize(BOGOTA)
    return moments.dt.tz_convert(BOGOTA)


def field_key(field: str) -> str:
    """The text that marks `field` as a key of a Cambios JSON object: its quoted name and a colon. Exact for
    what `history_record` writes: inside a value, quotes are escaped (`\\"`), so a value holding the same
    words never shows it."""
    return json.dumps(field.strip(), ensure_ascii=False) + ":"


def filter_history(frame: pd.DataFrame, criteria: HistoryFilter) -> pd.DataFrame:
    """The rows that meet every criterion, newest first (rows of the same moment: the one written later
    first). Vectorised: no row is parsed."""
    keep = pd.Series(True, index=frame.index)
    if criteria.people:
        keep &= _texts(frame, WHO).isin(list(criteria.people)).fillna(False)
    if criteria.tabs:
        keep &= _texts(frame, TAB).isin(list(criteria.tabs)).fillna(False)
    if criteria.actions:
        keep &= _texts(frame, ACTION).isin(list(criteria.actions)).fillna(False)
    if criteria.id_contains.strip():
        keep &= _texts(frame, ID).str.contains(criteria.id_contains.strip(), case=False, regex=False).fillna(False)
    if criteria.since is not None or criteria.until is not None:
        moments = _moments(frame)
        if criteria.since is not None:
            keep &= (moments >= pd.Timestamp(criteria.since, tz=BOGOTA)).fillna(False)
        if criteria.until is not None:
            keep &= (moments < pd.Timestamp(criteria.until + timedelta(days=1), tz=BOGOTA)).fillna(False)
    if criteria.field and criteria.field.strip():
        keep &= _texts(frame, CHANGES).str.contains(field_key(criteria.field), regex=False).fillna(False)
    return newest_first(frame if bool(keep.all()) else frame[keep])


def newest_first(frame: pd.DataFrame) -> pd.DataFrame:
    """Newest first; rows of the same moment in reverse sheet order (the Historial only grows), then
    rows without a date."""
    reversed_rows = frame.iloc[::-1]
    if WHEN not in frame or reversed_rows.empty:
        return reversed_rows
    moments = _moments(reversed_rows).reset_index(drop=True)
    if moments.notna().all() and moments.is_monotonic_decreasing:  # the usual case: written in order
        return reversed_rows
    positions = moments.sort_values(ascending=False, kind="stable", na_position="last").index
    return reversed_rows.iloc[positions.to_numpy()]


# --- options for the filters ------------------------------------------------------------------------------


def _distinct(frame: pd.DataFrame, column: str) -> list[str]:
    if column not in frame:
        return []
    values = {str(value).strip() for value in frame[column].dropna().unique() if str(value).strip()}
    return sorted(values, key=normalize)


def people_in(frame: pd.DataFrame) -> list[str]:
    return _distinct(frame, WHO)


def actions_in(frame: pd.DataFrame) -> list[str]:
    return _distinct(frame, ACTION)


def tabs_in(frame: pd.DataFrame) -> list[str]:
    """The tabs present, in the sheet's order, then any other name found."""
    present = set(_distinct(frame, TAB))
    ordered = [tab.name for tab in TABS if tab.name in present]
    return ordered + sorted(present - set(ordered), key=normalize)


def fields_of(tabs: Iterable[str] = ()) -> list[str]:
    """The column names of the chosen tabs (of every tab when none is chosen), for the field filter: known
    from the sheet's contract, so no row is parsed to offer them."""
    chosen = set(tabs)
    names = {column.name for tab in TABS if not chosen or tab.name in chosen for column in tab.columns}
    return sorted(names, key=normalize)


# --- the changes in words ---------------------------------------------------------------------------------


def _shown(value: Any) -> str:
    """One value of Cambios as a person reads it: dates dd/mm/aaaa, moments with a. m./p. m., numbers
    12.345, lists joined, empty as (vacío)."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, int):
        return fmt_int(value)
    if isinstance(value, list):
        return ", ".join(_shown(item) for item in value) or EMPTY
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    return _shown_text(text) if len(text) <= 40 else text  # only short texts can be dates (and are worth keeping)


@lru_cache(maxsize=65_536)
def _shown_text(text: str) -> str:
    """A text value of Cambios as shown: ISO dates and moments in the es-CO form (memoised: the same dates
    and states repeat across thousands of rows)."""
    if _ISO_DATE.fullmatch(text):
        try:
            return fmt_date(date.fromisoformat(text))
        except ValueError:
            return text
    if _ISO_MOMENT.fullmatch(text):
        try:
            return fmt_datetime(datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            return text
    return text


def parse_changes(text: Any) -> list[tuple[str, str | None, str]]:
    """(field, before, after) per field of one Cambios cell, in its order, as readable text. A value that is
    not a [before, after] pair (a note such as the demo's) gives before None; a cell that is not JSON gives
    one line with the field "" and the text as it is."""
    if text is None or (isinstance(text, float) and text != text) or str(text).strip() == "":
        return []
    try:
        changes = json.loads(str(text))
    except ValueError:
        return [("", None, str(text))]
    if not isinstance(changes, dict):
        return [("", None, _shown(changes))]
    parsed = []
    for name, pair in changes.items():
        if isinstance(pair, list) and len(pair) == 2:
            parsed.append((str(name), _shown(pair[0]), _shown(pair[1])))
        else:
            parsed.append((str(name), None, _shown(pair)))
    return parsed


def changes_text(text: Any) -> str:
    """One Cambios cell as «Estado: Programada → Publicada · Alcance: (vacío) → 1.234»."""
    parts = []
    for name, before, after in parse_changes(text):
        value = after if before is None else f"{before}{ARROW}{after}"
        parts.append(f"{name}: {value}" if name else value)
    return SEPARATOR.join(parts)


def _moment_texts(frame: pd.DataFrame) -> list[str]:
    """Fecha as `fmt_datetime` writes it (dd/mm/aaaa h:mm a. m., Bogotá), column-wise."""
    moments = _moments(frame)
    if moments.empty:
        return []
    hours = moments.dt.hour
    texts = (moments.dt.strftime("%d/%m/%Y ") + (hours % 12).replace(0, 12).astype("Int64").astype("string")
             + moments.dt.strftime(":%M ") + hours.lt(12).map({True: "a. m.", False: "p. m."}).astype("string"))
    return texts.fillna("").astype(str).tolist()


def record_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per write, for reading: Fecha as dd/mm/aaaa h:mm a. m., Cambios in words. Parses each row's
    JSON: call it on the rows shown, not on the whole Historial."""
    return pd.DataFrame({
        WHEN: _moment_texts(frame),
        WHO: _texts(frame, WHO).fillna("").tolist(),
        TAB: _texts(frame, TAB).fillna("").tolist(),
        ID: _texts(frame, ID).fillna("").tolist(),
        ACTION: _texts(frame, ACTION).fillna("").tolist(),
        CHANGES: [changes_text(text) for text in _texts(frame, CHANGES).fillna("")],
    }, columns=RECORD_COLUMNS)


def field_rows(frame: pd.DataFrame, field: str | None = None) -> pd.DataFrame:
    """One row per field changed (Campo, Antes, Después), only `field` when given (compared ignoring case
    and accents). Parses each row's JSON: call it on the rows shown."""
    wanted = normalize(field) if field and field.strip() else None
    rows = []
    columns = zip(_moment_texts(frame), _texts(frame, WHO).fillna(""), _texts(frame, TAB).fillna(""),
                  _texts(frame, ID).fillna(""), _texts(frame, ACTION).fillna(""), _texts(frame, CHANGES).fillna(""))
    for when, who, tab, key, action, text in columns:
        for name, before, after in parse_changes(text):
            if wanted is None or normalize(name) == wanted:
                rows.append((when, who, tab, key, action, name, "" if before is None else before, after))
    return pd.DataFrame(rows, columns=FIELD_COLUMNS)
