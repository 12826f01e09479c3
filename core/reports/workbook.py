"""The one XLSX writer of the app, on XlsxWriter: the reports (`report_xlsx`), the register's `exportar`
(core/reports/register_xlsx.py) and the publication grid (core/reports/grid_xlsx.py) all write through it.

Why XlsxWriter (figures: `python -m benchmarks.xlsx_bench`): in constant-memory mode it streams each row to a
temporary file as it is written, so memory stays flat whatever the register's size, and it writes the three
workbooks two to four times faster than openpyxl's write-only mode (the 160,000 cells of a month with 10,000
messages: about 1.7 s against 6 s, which would take the monthly report past its 5 s budget).

What every file keeps (core/files/spreadsheet_safety.py): a text is always a text cell (`write_string`, with
XlsxWriter's guessing of formulas, numbers and links off), and one that looks like a formula also carries the
quote-prefix style, so Excel keeps it text when edited, with no visible apostrophe. Characters XML cannot hold
are left out and a text is cut at Excel's cell cap. A text shaped like XlsxWriter's own rich-text markup
(`<r>…</r>`), which `write_string` would copy into the file unescaped, is written as plain runs instead: it stays
text too. A carriage return is written as Excel writes it, `_x000D_`, which Excel reads back as the character
(openpyxl's reader leaves the escape as it is). Dates, moments and times are date cells (naive, as given),
numbers are numbers.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from core.files.spreadsheet_safety import looks_like_formula

# Style name -> XlsxWriter format properties; "" is the default. Each has a twin with the quote prefix.
STYLES: dict[str, dict[str, Any]] = {
    "": {},
    "bold": {"bold": True},
    "big": {"bold": True, "font_size": 13},
    "header": {"bold": True, "pattern": 1, "bg_color": "#DDE6F0"},
    "date": {"num_format": "dd/mm/yyyy"},
    "datetime": {"num_format": "dd/mm/yyyy h:mm AM/PM"},
    "datetime24": {"num_format": "dd/mm/yyyy hh:mm"},  # the register's moments, as `exportar` writes them
    "time": {"num_format": "h:mm AM/PM"},
    "pct": {"num_format": "0.0%"},
    "number": {"num_format": "0.0"},
    "wrap": {"valign": "top", "text_wrap": True},
    "link": {"font_color": "#0563C1", "underline": 1},
}
# Constant memory: rows go to a temporary file as they are written (in order), texts as inline strings.
OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
           "strings_to_urls": False}
CELL_CAP = 32_767  # UTF-16 units in one Excel cell (a character, unless it is an emoji or the like)
URL_CAP = 2_079  # characters of a hyperlink Excel accepts
LINKS_CAP = 65_530  # hyperlinks in one sheet
PIXELS_PER_WIDTH = 7  # Calibri 11's digit: a column `width` characters wide is `width * 7` pixels
# XML 1.0 cannot hold these characters: they are left out.
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = datetime(1899, 12, 30)


def excel_text(text: str) -> str:
    """A text as one cell can hold it: without XML's forbidden characters, within Excel's cap."""
    if ILLEGAL.search(text):
        text = ILLEGAL.sub("", text)
    if len(text) > CELL_CAP // 2 and len(text.encode("utf-16-le")) > 2 * CELL_CAP:
        text = text.encode("utf-16-le")[:2 * CELL_CAP].decode("utf-16-le", errors="ignore")
    return text


def serial(moment: datetime | date | time) -> float | int:
    """Excel's serial number of a date (whole), a naive moment (with the fraction of the day) or a time of day."""
    if isinstance(moment, datetime):
        return (moment.replace(tzinfo=None) - _EPOCH).total_seconds() / 86_400
    if isinstance(moment, date):
        return (moment - _EPOCH.date()).days
    return (moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6) / 86_400


def _moment_style(value: date | time) -> str:
    return "datetime" if isinstance(value, datetime) else "date" if isinstance(value, date) else "time"


@dataclass(frozen=True)
class Link:
    """A cell value: a web address, written as a hyperlink (blue, underlined) that shows the address itself; an
    address Excel cannot take as a link (not http(s), too long, too many in the sheet) is written as text."""

    url: str


class Sheet:
    """One sheet: rows appended in order; each cell a value (str, int, float, date, datetime, time, `Link` or
    None) or a (value, style) pair, style one of `STYLES`. None leaves a cell empty; so does "" unless it has a
    style, which the empty cell then keeps (the grid's copy column wraps what is typed into it)."""

    def __init__(self, book: Workbook, title: str, widths: Sequence[float] = (), freeze_header: bool = False):
        self.title = title[:31]
        self.book = book
        self.rows = 0  # rows written so far
        self._links = 0
        self._sheet = book.xlsx.add_worksheet(self.title)
        for column, width in enumerate(widths):
            if width:  # in pixels: `set_column` would add Excel's padding to the width given
                self._sheet.set_column_pixels(column, column, round(width * PIXELS_PER_WIDTH))
        if freeze_header:
            self._sheet.freeze_panes(1, 0)

    def append(self, cells: Iterable[Any] = ()) -> None:
        for column, cell in enumerate(cells):
            value, style = cell if isinstance(cell, tuple) else (cell, "")
            self.write(self.rows, column, value, style)
        self.rows += 1

    def extend(self, columns: Sequence[Sequence[Any]], kinds: Sequence[str]) -> None:
        """Many rows at once, given column by column: `kinds` says what each column holds — "text" (str or
        None), "int", "number", "pct", "date", "datetime" — so each column is written without asking each
        cell. None (and "") leaves a cell empty."""
        writers = [self._column_writer(kind) for kind in kinds]
        for row, values in enumerate(zip(*columns), start=self.rows):
            for column, (value, write) in enumerate(zip(values, writers)):
                if value is not None and value != "":
                    write(row, column, value)
        self.rows += len(columns[0]) if columns else 0

    def autofilter(self, columns: int) -> None:
        """Filter buttons on the header row (row 1) of the first `columns` columns, over every row written."""
        self._sheet.autofilter(0, 0, max(self.rows - 1, 0), columns - 1)

    def write(self, row: int, column: int, value: Any, style: str = "") -> None:
        """One cell (0-based row and column), as `append` writes it."""
        if value is None:
            return
        if isinstance(value, str):
            self._text(row, column, value, style)
        elif isinstance(value, Link):
            self._link(row, column, value.url, style or "link")
        elif isinstance(value, (date, time)):
            self._sheet.write_number(row, column, serial(value), self.book.format(style or _moment_style(value)))
        elif isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            raise TypeError(f"celda no admitida: {value!r}")
        else:
            self._sheet.write_number(row, column, value, self.book.format(style))

    def _text(self, row: int, column: int, text: str, style: str) -> None:
        if not text:
            if style:
                self._sheet.write_blank(row, column, None, self.book.format(style))
            return
        text = excel_text(text)
        cell_format = self.book.format(style, quoted=looks_like_formula(text))
        if text.startswith("<r>") and text.endswith("</r>"):  # XlsxWriter's rich-text mark: written as runs
            self._sheet.write_rich_string(row, column, text[0], text[1], text[2:], *filter(None, [cell_format]))
        else:
            self._sheet.write_string(row, column, text, cell_format)

    def _link(self, row: int, column: int, url: str, style: str) -> None:
        url = excel_text(url)
        if not url.lower().startswith(("http://", "https://")) or len(url) > URL_CAP or self._links >= LINKS_CAP:
            self._text(row, column, url, "")
            return
        self._links += 1
        self._sheet.write_url(row, column, url, self.book.format(style), url)

    def _column_writer(self, kind: str) -> Callable[[int, int, Any], Any]:
        if kind == "text":
            return lambda row, column, value: self._text(row, column, value, "")
        number, cell_format = self._sheet.write_number, self.book.format("" if kind == "int" else kind)
        if kind in ("date", "datetime"):
            return lambda row, column, value: number(row, column, serial(value), cell_format)
        return lambda row, column, value: number(row, column, value, cell_format)


class Workbook:
    """Sheets in order, saved as an .xlsx (bytes). XlsxWriter is imported here, when a file is written: the
    pages import this module (through the grid) without writing one."""

    def __init__(self, title: str = "", creator: str = "Divulga"):
        import xlsxwriter

        self.title, self.creator = title, creator
        self._out = io.BytesIO()
        self.xlsx = xlsxwriter.Workbook(self._out, OPTIONS)
        self.xlsx.set_properties({"title": excel_text(title), "author": creator})
        self.sheets: list[Sheet] = []
        self._formats: dict[tuple[str, bool], Any] = {}

    def sheet(self, title: str, widths: Sequence[float] = (), freeze_header: bool = False) -> Sheet:
        sheet = Sheet(self, title, widths, freeze_header)
        self.sheets.append(sheet)
        return sheet

    def format(self, style: str, quoted: bool = False) -> Any:
        """The XlsxWriter format of a style (None for the default), with the quote prefix when `quoted`."""
        if not style and not quoted:
            return None
        key = (style, quoted)
        if key not in self._formats:
            self._formats[key] = self.xlsx.add_format({**STYLES[style], **({"quote_prefix": True} if quoted else {})})
        return self._formats[key]

    def save(self) -> bytes:
        if not self.sheets:
            self.sheet("Hoja1")
        self.xlsx.close()
        return self._out.getvalue()
