"""The app's workbook API (core/reports/workbook.py: `Workbook`, `Sheet`, `Link`) on openpyxl's write-only mode:
the candidate benchmarks/xlsx_bench.py times against XlsxWriter, writing the same cells with the same styles
(texts as text with the quote prefix when they look like a formula, dates as date cells, widths, frozen header,
links, filter buttons)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from io import BytesIO
from typing import Any

from openpyxl import Workbook as OpenpyxlBook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.files.spreadsheet_safety import looks_like_formula
from core.reports.workbook import STYLES, Link, excel_text


def _looks(props: dict[str, Any]) -> dict[str, Any]:
    """An XlsxWriter style (`STYLES`) as openpyxl's cell attributes."""
    looks: dict[str, Any] = {}
    if {"bold", "font_size", "font_color", "underline"} & props.keys():
        looks["font"] = Font(bold=props.get("bold", False), size=props.get("font_size", 11),
                             color=props["font_color"].lstrip("#") if "font_color" in props else None,
                             underline="single" if props.get("underline") else None)
    if "bg_color" in props:
        looks["fill"] = PatternFill("solid", fgColor=props["bg_color"].lstrip("#"))
    if "num_format" in props:
        looks["number_format"] = props["num_format"]
    if props.get("text_wrap"):
        looks["alignment"] = Alignment(vertical=props.get("valign"), wrap_text=True)
    return looks


_LOOKS = {name: _looks(props) for name, props in STYLES.items()}


class Sheet:
    def __init__(self, book: OpenpyxlBook, title: str, widths: Sequence[float] = (), freeze_header: bool = False):
        self.title = title[:31]
        self._sheet = book.create_sheet(self.title)
        self.rows = 0
        for column, width in enumerate(widths, start=1):
            if width:
                self._sheet.column_dimensions[get_column_letter(column)].width = width
        if freeze_header:
            self._sheet.freeze_panes = "A2"

    def append(self, cells: Iterable[Any] = ()) -> None:
        self._sheet.append([self._cell(*(cell if isinstance(cell, tuple) else (cell, ""))) for cell in cells])
        self.rows += 1

    def extend(self, columns: Sequence[Sequence[Any]], kinds: Sequence[str]) -> None:
        styles = ["" if kind in ("text", "int") else kind for kind in kinds]
        for values in zip(*columns):
            self._sheet.append([self._cell(value, style) for value, style in zip(values, styles)])
        self.rows += len(columns[0]) if columns else 0

    def autofilter(self, columns: int) -> None:
        self._sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(self.rows, 1)}"

    def _cell(self, value: Any, style: str) -> Any:
        if value is None or (value == "" and not style):
            return None
        cell = WriteOnlyCell(self._sheet)
        if isinstance(value, Link):
            cell.value, style = excel_text(value.url), style or "link"
            cell.hyperlink = cell.value
        elif isinstance(value, str):
            cell.value = excel_text(value) or None
            cell.data_type = "s"
            cell.quotePrefix = looks_like_formula(cell.value or "")
        else:
            cell.value = value
            if isinstance(value, (date, time)) and not style:
                style = "datetime" if isinstance(value, datetime) else "date" if isinstance(value, date) else "time"
        for name, look in _LOOKS[style].items():
            setattr(cell, name, look)
        return cell


class Workbook:
    def __init__(self, title: str = "", creator: str = "Divulga"):
        self.book = OpenpyxlBook(write_only=True)
        self.book.properties.title = excel_text(title)
        self.book.properties.creator = creator
        self.sheets: list[Sheet] = []

    def sheet(self, title: str, widths: Sequence[float] = (), freeze_header: bool = False) -> Sheet:
        sheet = Sheet(self.book, title, widths, freeze_header)
        self.sheets.append(sheet)
        return sheet

    def save(self) -> bytes:
        if not self.sheets:
            self.sheet("Hoja1")
        out = BytesIO()
        self.book.save(out)
        return out.getvalue()
