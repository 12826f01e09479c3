"""One rule for every file a spreadsheet opens: a text that would run as a formula is made inert.

A text that begins with `=`, `+`, `-`, `@`, a tab or a carriage return (OWASP's list) is what Excel and
Google Sheets may run as a formula (`=HYPERLINK(…)`, `+cmd|…`) when they open a CSV. Citizens' messages and
requests typed by an Área solicitante reach our files, so:
- in a CSV (pages' downloads, reports, the command line) such a text gets a leading apostrophe, the mark
  spreadsheets read as "this is text";
- in an XLSX the cell is written as a string with the quote-prefix style, so it stays text with no visible
  apostrophe and `@DADEPBogota` reads as typed.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def safe_text(value: Any) -> str | None:
    """A text as a CSV writes it: with a leading apostrophe when it looks like a formula, otherwise
    unchanged; None for an empty value."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    text = str(value)
    if text == "":
        return None
    return "'" + text if looks_like_formula(text) else text


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells that look like a formula start with an apostrophe (numbers stay numbers)."""
    safe = frame.copy()
    for column in safe.columns:
        values = safe[column]
        textual = isinstance(values.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(values)
        if values.dtype == object or textual:
            texts = values.astype("string")
            risky = texts.str.startswith(FORMULA_STARTS).fillna(False)
            if risky.any():
                safe[column] = values.astype(object).where(~risky, "'" + texts.astype(object))
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as a CSV that Excel in Spanish opens as is: UTF-8 with BOM (accents), `;` between fields (the
    list separator of the es-CO locale, where the comma is the decimal mark), texts made inert."""
    return neutralised(frame).to_csv(index=False, sep=";", lineterminator="\r\n").encode("utf-8-sig")


class SafeCsvWriter:
    """`csv.writer` whose text cells are made inert; numbers, dates and empty cells are written as given."""

    def __init__(self, stream: TextIO, **options: Any):
        self._writer = csv.writer(stream, **options)

    @staticmethod
    def _cell(value: Any) -> Any:
        return "'" + value if isinstance(value, str) and looks_like_formula(value) else value

    def writerow(self, row: Any) -> Any:
        return self._writer.writerow([self._cell(value) for value in row])

    def writerows(self, rows: Any) -> None:
        for row in rows:
            self.writerow(row)
