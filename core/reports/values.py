"""One value of a report as each place shows it: a page, the PDF and the `;` CSV (`display`, es-CO text), a
`,` CSV read by other tools (`plain`), a workbook cell (`excel_values`, real dates and numbers). Whole
columns of dates are converted at once: a list of a thousand rows stays fast."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from core.fmt import fmt_date, fmt_datetime, fmt_int, fmt_number, fmt_pct
from core.sheet.cells import BOGOTA

# How a column's values are shown: text (or link), int, number (one decimal), pct (a fraction), date,
# datetime (Bogotá), bool (Sí/No).
KINDS = ("text", "link", "int", "number", "pct", "date", "datetime", "bool")


def missing(value: Any) -> bool:
    """None, NA, NaT and NaN: an empty cell."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def display(value: Any, kind: str) -> str:
    """A value as a person reads it (es-CO); "" when missing."""
    if missing(value):
        return ""
    if kind == "int":
        return fmt_int(value)
    if kind == "number":
        return fmt_number(value, 1)
    if kind == "pct":
        return fmt_pct(value)
    if kind == "date":
        return fmt_date(value)
    if kind == "datetime":
        return fmt_datetime(value)
    if kind == "bool":
        return "Sí" if value else "No"
    return str(value)


def plain(value: Any, kind: str) -> str:
    """A value for a `,`-separated CSV read by other tools: numbers without thousands and with a point."""
    if missing(value):
        return ""
    if kind == "int":
        return str(int(value))
    if kind in ("number", "pct"):
        return f"{float(value) * (100 if kind == 'pct' else 1):.1f}"
    return display(value, kind)


def moments_text(values: pd.Series, kind: str) -> list[str]:
    """Dates as `dd/mm/aaaa` and moments as `dd/mm/aaaa 3:00 p. m.` (Bogotá), the whole column at once (the
    same text as core.fmt gives one value at a time)."""
    moments = pd.to_datetime(values.astype(object).where(values.notna(), None), utc=kind == "datetime")
    if kind == "datetime":
        moments = moments.dt.tz_convert(BOGOTA)
    text = moments.dt.strftime("%d/%m/%Y")
    if kind == "datetime":
        hours = moments.dt.hour
        text = (text + " " + (hours % 12).replace(0, 12).astype("Int64").astype(str) + moments.dt.strftime(":%M ")
                + pd.Series(np.where(hours < 12, "a. m.", "p. m."), index=moments.index))
    return text.where(moments.notna(), "").tolist()


def excel_values(values: pd.Series, kind: str) -> list[Any]:
    """A column's values as the workbook writes them: naive Bogotá datetimes, dates, Sí/No, texts as typed (the
    writer keeps them within Excel's cell cap and marks those that look like a formula as text). Dates and
    moments are converted for the whole column at once."""
    if kind in ("date", "datetime"):
        moments = pd.to_datetime(values.astype(object).where(values.notna(), None), utc=kind == "datetime")
        if kind == "datetime":
            moments = moments.dt.tz_convert(BOGOTA).dt.tz_localize(None)
            return [None if stamp is pd.NaT or stamp != stamp else stamp.to_pydatetime() for stamp in moments]
        return [None if stamp is pd.NaT or stamp != stamp else stamp.date() for stamp in moments]
    if kind in ("text", "link"):
        texts = []
        for value in values.tolist():
            if value.__class__ is not str:
                value = None if missing(value) else str(value)
            texts.append(value or None)
        return texts
    out: list[Any] = []
    for value in values.tolist():
        if missing(value):
            out.append(None)
        elif kind == "int":
            out.append(int(value))
        elif kind in ("number", "pct"):
            out.append(float(value))
        elif kind == "bool":
            out.append("Sí" if value else "No")
        else:
            out.append(cell_text(value))
    return out


def cell_text(value: Any) -> str | None:
    """A value as the text of a workbook cell (None when empty); the writer keeps formula-looking text inert."""
    return None if missing(value) or value == "" else str(value)
