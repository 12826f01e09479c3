"""The register as an Excel workbook: one sheet per tab, row 1 the headers, as in the shared sheet.

Reading hands back `RawTab`s, the same shape a store reads, so a workbook is validated by the very code
that validates the register. Writing (through the app's one writer, core/reports/workbook.py) keeps every text
cell as text exactly as typed (a citizen's `=IMPORTXML(...)` never becomes a formula, and carries the quote
prefix so it stays text when edited in Excel) and writes dates as real date cells people can sort.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO

from core.files.limits import Budget, FileRefused, opened, reading
from core.files.xlsx_stream import XlsxBook, open_book
from core.reports.workbook import CELL_CAP, ILLEGAL, Sheet, Workbook, excel_text
from core.sheet.cells import BOGOTA, CellError, is_empty
from core.sheet.contract import TABS, Column, Kind, Tab, find_tab
from core.sheet.validation import Notice
from core.store.base import RawTab, as_text


class WorkbookError(Exception):
    """The file cannot be read as a workbook; the message is Spanish."""


def read_workbook(path: str | Path | BinaryIO,
                  not_read: Collection[str] = ()) -> tuple[dict[str, RawTab], list[str]]:
    """The contract tabs found in a workbook (a path, or an open file such as an upload), and the names of
    the sheets that are not tabs of the register. The file is read as a stream, within the limits of
    core/files/limits.py. A tab in `not_read` is found (an empty `RawTab`) but its sheet is not read at all."""
    name = getattr(path, "name", path)  # an upload is named by its file name, never by its object
    tabs: dict[str, RawTab] = {}
    others: list[str] = []
    try:
        with opened(path) as stream, reading():
            budget = Budget()
            book = open_book(stream, budget)
            for title, member in book.sheets:
                tab = find_tab(title)
                if tab is None or tab.name in tabs:
                    others.append(title)
                    continue
                tabs[tab.name] = (RawTab(title, [], []) if tab.name in not_read
                                  else _raw_tab(book, title, member, budget))
    except FileNotFoundError:
        raise WorkbookError(f"No existe el archivo {name}") from None
    except OSError as error:
        raise WorkbookError(f"No se pudo leer {name}: {error.strerror or error}") from None
    except FileRefused as error:
        raise WorkbookError(f"No se pudo leer {name}: {error}") from None
    return tabs, others


def _raw_tab(book: XlsxBook, title: str, member: str, budget: Budget) -> RawTab:
    """One sheet as a store reads a tab: row 1 the headers, then each row (sheet row i + 2) cut or padded
    to the headers' width; the empty rows between rows with data are kept, so row numbers stay the sheet's."""
    rows = book.rows(member, f"la hoja «{title}»", budget)
    first = next(rows, None)
    header_row = first[1] if first and first[0] == 1 else []
    headers = ["" if cell is None else str(cell).strip() for cell in header_row]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    data: list[tuple] = []
    blank = (None,) * width  # one tuple for every empty row
    for number, values in chain([first] if first and first[0] != 1 else [], rows):
        data.extend([blank] * (number - 2 - len(data)))
        budget.keep(width)
        data.append(tuple(values[:width]) + (None,) * (width - len(values)))
    return RawTab(title, headers, data)


def write_workbook(tabs: dict[str, RawTab], path: str | Path) -> list[Notice]:
    """Write raw tabs (as a store read them) to a workbook, in the register's tab order. Returns a notice
    for each text Excel cannot hold as it is (longer than a cell admits, or with control characters),
    which is written as close as Excel allows."""
    book = Workbook()
    notices: list[Notice] = []
    for tab in TABS:
        raw = tabs.get(tab.name)
        if raw is not None:
            notices += _write_tab(book.sheet(tab.name), tab, raw)
    data = book.save()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(data)
    return notices


def _write_tab(sheet: Sheet, tab: Tab, raw: RawTab) -> list[Notice]:
    """The headers in row 1, then each row; a notice for each text cell Excel cannot hold as it is."""
    columns = [tab.find_column(header) for header in raw.headers]
    sheet.append(raw.headers)
    notices = []
    for number, row in enumerate(raw.rows, start=2):
        cells = [_cell(column, value) for column, value in zip(columns, map(as_text, row))]
        notices += [Notice(tab.name, number, f"{header}: {_what_changed(cell)}")
                    for header, cell in zip(raw.headers, cells) if cell.__class__ is str and excel_text(cell) != cell]
        sheet.append(cells)
    return notices


def _what_changed(text: str) -> str:
    problems = []
    if ILLEGAL.search(text):
        problems.append("tenía caracteres de control, que Excel no admite; se quitaron")
    if len(ILLEGAL.sub("", text).encode("utf-16-le")) > 2 * CELL_CAP:
        problems.append(f"tiene {len(text):,} caracteres y una celda de Excel admite {CELL_CAP:,}; se exportó "
                        "recortado (el registro lo conserva completo)".replace(",", "."))
    return "; ".join(problems)


def _cell(column: Column | None, value: Any) -> Any:
    """A stored cell as an Excel cell: readable dates and numbers as such (a date, or a moment in Bogotá time, as
    a date cell), anything else as text (never a formula: the writer keeps text text)."""
    if is_empty(value):
        return None
    kind = column.kind if column else None
    try:
        if kind is Kind.DATE:
            day = column.parse(value)
            return date(day.year, day.month, day.day), "date"
        if kind is Kind.DATETIME:
            return column.parse(value).astimezone(BOGOTA).replace(tzinfo=None), "datetime24"
        if kind is Kind.INT:
            return column.parse(value)
    except CellError:
        pass  # what cannot be read is kept as typed
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, datetime):
        return (value.astimezone(BOGOTA).replace(tzinfo=None) if value.tzinfo else value), "datetime24"
    if isinstance(value, date):
        return value, "date"
    return str(value)
