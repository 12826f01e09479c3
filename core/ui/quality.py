"""The register's state and its problems shaped for display: pure functions, no Streamlit.

The home page's summary and the "Calidad de datos" tables come from here, so what they show is tested
without a browser. Bad rows and notices keep the order the register gives them (tab order, then row).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from core.register import Snapshot
from core.sheet.cells import is_empty, normalize
from core.sheet.validation import BadRow, Notice

TAB = "Pestaña"
ROW = "Fila"
COLUMN = "Columna"
REASON = "Motivo"
NOTICE = "Aviso"
GOOD_ROWS = "Filas válidas"
BAD_ROWS = "Filas con errores"

BAD_COLUMNS = [TAB, ROW, COLUMN, REASON]
NOTICE_COLUMNS = [TAB, ROW, NOTICE]


@dataclass(frozen=True)
class Summary:
    """What the home page says about the register."""

    good_rows: int
    bad_rows: int  # distinct (tab, row) with at least one bad cell
    errors: int  # bad cells, plus one per missing required column
    notices: int
    per_tab: pd.DataFrame  # Pestaña, Filas válidas, Filas con errores (ints), in the sheet's tab order

    @property
    def empty(self) -> bool:
        """Nothing at all in the register: no row, good or bad."""
        return self.good_rows == 0 and self.errors == 0


def summarize(snapshot: Snapshot) -> Summary:
    counts = snapshot.counts()
    bad_per_tab = snapshot.bad_rows_per_tab()
    per_tab = pd.DataFrame(
        {
            TAB: list(counts),
            GOOD_ROWS: [counts[name] for name in counts],
            BAD_ROWS: [bad_per_tab.get(name, 0) for name in counts],
        }
    )
    return Summary(
        good_rows=sum(counts.values()),
        bad_rows=len({(bad.tab, bad.row) for bad in snapshot.bad if bad.row is not None}),
        errors=len(snapshot.bad),
        notices=len(snapshot.notices),
        per_tab=per_tab,
    )


def _row_numbers(rows: Iterable[int | None]) -> pd.Series:
    return pd.Series(list(rows), dtype="Int64")


def bad_rows_frame(bad: Sequence[BadRow]) -> pd.DataFrame:
    """One line per bad cell: Pestaña, Fila (empty when a whole column is missing), Columna, Motivo."""
    return pd.DataFrame(
        {
            TAB: pd.Series([item.tab for item in bad], dtype=object),
            ROW: _row_numbers(item.row for item in bad),
            COLUMN: pd.Series([item.column for item in bad], dtype=object),
            REASON: pd.Series([item.reason for item in bad], dtype=object),
        },
        columns=BAD_COLUMNS,
    )


def notices_frame(notices: Sequence[Notice]) -> pd.DataFrame:
    """One line per notice: Pestaña, Fila (empty for a notice on the whole tab), Aviso."""
    return pd.DataFrame(
        {
            TAB: pd.Series([item.tab for item in notices], dtype=object),
            ROW: _row_numbers(item.row for item in notices),
            NOTICE: pd.Series([item.text for item in notices], dtype=object),
        },
        columns=NOTICE_COLUMNS,
    )


WHAT = "Contenido"
SUMMARY_FIELDS = ("Título", "Mensaje", "Copy", "Cuenta", "Nombre", "Enlace", "Usuario", "Red")


def without_id_frame(snapshot: Snapshot) -> pd.DataFrame:
    """The rows typed by hand without an ID (notices, not bad rows): Pestaña, Fila and a few words of
    what they hold, so people recognise them before giving them an ID."""
    lines = []
    for notice in snapshot.notices:
        if not notice.missing_id:
            continue
        row = snapshot.tables[notice.tab].loc[notice.row]
        words = [str(row[name]) for name in SUMMARY_FIELDS if name in row.index and not is_empty(row[name])]
        lines.append((notice.tab, notice.row, " · ".join(words)[:120]))
    frame = pd.DataFrame(lines, columns=[TAB, ROW, WHAT])
    frame[ROW] = frame[ROW].astype("Int64")
    return frame


def tabs_in(frame: pd.DataFrame, order: Sequence[str]) -> list[str]:
    """The tabs that appear in a list, in the sheet's order (for the tab filter)."""
    present = set(frame[TAB])
    return [name for name in order if name in present] + sorted(present - set(order))


def filter_frame(frame: pd.DataFrame, tabs: Sequence[str] = (), text: str = "") -> pd.DataFrame:
    """Keep the lines of the chosen tabs (all when none is chosen) that contain every word of `text`,
    anywhere in the line; case and accents do not count."""
    kept = frame
    if tabs:
        kept = kept[kept[TAB].isin(list(tabs))]
    words = [word for word in re.split(r"[\s,;]+", normalize(text)) if word]
    if words and len(kept):
        cells = kept.astype(object).where(kept.notna(), "").astype(str)
        haystack = cells.agg(" ".join, axis=1).map(normalize)
        mask = pd.Series(True, index=kept.index)
        for word in words:
            mask &= haystack.str.contains(word, regex=False)
        kept = kept[mask]
    return kept


def distinct_rows(frame: pd.DataFrame) -> int:
    """How many sheet rows a list of bad cells touches (lines without a row number do not count)."""
    numbered = frame.dropna(subset=[ROW])
    return len(numbered[[TAB, ROW]].drop_duplicates())
