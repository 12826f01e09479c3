"""Workbooks for the tests: real .xlsx files written by openpyxl (shared strings, a `<dimension>` per sheet),
one sheet per title, the rows as given (row 1 the headers when it is a register's tab)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    """Write `sheets` to `path`; a text starting with "=" is written as text (a citizen's, not a formula)."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    book.save(path)
    return path
