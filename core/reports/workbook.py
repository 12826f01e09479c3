"""A small, fast XLSX writer for the reports: sheets of typed cells, a few styles, column widths and a frozen
header row, written straight as SpreadsheetML into the zip.

Why not openpyxl here: its write-only mode serialises each cell through an XML tree and takes about 7 s for
the 160,000 cells of a month with 10,000 messages (the budget for the whole report is 5 s); writing the
same XML as text takes a fraction of a second. openpyxl still reads these files back in the tests, and the
register's own `exportar` (core/reports/register_xlsx.py) keeps using it.

Every text is an inline string (`t="inlineStr"`): never a formula, whatever it starts with; one that looks like
a formula also carries the quote-prefix style (core/files/spreadsheet_safety.py), so Excel keeps it text when edited.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from core.files.spreadsheet_safety import looks_like_formula

# Style name -> index into cellXfs (below). "" is the default.
STYLES = {"": 0, "bold": 1, "big": 2, "header": 3, "date": 4, "datetime": 5, "pct": 6, "number": 7, "wrap": 8}
_NUMBER_FORMATS = '<numFmts count="4"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>' \
    '<numFmt numFmtId="165" formatCode="dd/mm/yyyy h:mm AM/PM"/><numFmt numFmtId="166" formatCode="0.0%"/>' \
    '<numFmt numFmtId="167" formatCode="0.0"/></numFmts>'
_STYLESHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + _NUMBER_FORMATS +
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="13"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDE6F0"/><bgColor indexed="64"/></patternFill></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="18">{xfs}</cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
# One cell format per style, in `STYLES` order; then the same again with quotePrefix="1" (`QUOTED` further on):
# Excel's mark for "this text stays text", for a text that looks like a formula, with no visible apostrophe.
_XFS = ('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"{q}/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"{q}/>'
        '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"{q}/>'
        '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"{q}/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"{q}/>'
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"{q}/>'
        '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"{q}/>'
        '<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"{q}/>'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"{q}>'
        '<alignment vertical="top" wrapText="1"/></xf>')
QUOTED = len(STYLES)
_STYLESHEET = _STYLESHEET.replace("{xfs}", _XFS.replace("{q}", "") + _XFS.replace("{q}", ' quotePrefix="1"'))
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_EPOCH = datetime(1899, 12, 30)
CELL_CAP = 32_767  # characters in one Excel cell
# XML 1.0 cannot hold these characters: they are left out.
_REMOVE = {code: None for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)}
# Markup, and a carriage return as an entity (a raw one would be read back as a line feed).
_ESCAPE = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord("\r"): "&#13;"}


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_SPECIAL = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def excel_text(text: str) -> str:
    """A text as one cell can hold it: without XML's forbidden characters, within Excel's cap."""
    return text.translate(_REMOVE)[:CELL_CAP]


def _xml_text(text: str) -> str:
    if len(text) <= CELL_CAP and not _SPECIAL.search(text):  # nearly every text: nothing to change
        return text
    return excel_text(text).translate(_ESCAPE)


def _quoted(text: str) -> str:
    """The style attribute of a plain text cell: the quote prefix when the text looks like a formula."""
    return f' s="{QUOTED}"' if looks_like_formula(text) else ""


def _serial(moment: datetime | date) -> float | int:
    """Excel's serial number of a date (whole) or a naive moment (with the fraction of the day)."""
    if isinstance(moment, datetime):
        return (moment.replace(tzinfo=None) - _EPOCH).total_seconds() / 86_400
    return (datetime(moment.year, moment.month, moment.day) - _EPOCH).days


class Sheet:
    """One sheet: rows appended in order; each cell a value (str, int, float, date, datetime or None) or a
    (value, style) pair, style one of `STYLES`."""

    def __init__(self, title: str, widths: Sequence[float] = (), freeze_header: bool = False):
        self.title = title[:31]
        self.widths = list(widths)
        self.freeze_header = freeze_header
        self.rows: list[str] = []
        self._letters: list[str] = []

    def _letter(self, index: int) -> str:
        while len(self._letters) <= index:
            self._letters.append(column_letter(len(self._letters)))
        return self._letters[index]

    def append(self, cells: Iterable[Any] = ()) -> None:
        number = len(self.rows) + 1
        parts = [f'<row r="{number}">']
        for index, cell in enumerate(cells):
            value, style = cell if isinstance(cell, tuple) else (cell, "")
            if value is None:
                continue
            ref = f"{self._letter(index)}{number}"
            if isinstance(value, str):
                if not value:
                    continue
                index = STYLES[style] + (QUOTED if looks_like_formula(value) else 0)
                style_attr = f' s="{index}"' if index else ""
                parts.append(f'<c r="{ref}"{style_attr} t="inlineStr"><is><t xml:space="preserve">'
                             f'{_xml_text(value)}</t></is></c>')
                continue
            if isinstance(value, (date, datetime)):
                style = style or ("datetime" if isinstance(value, datetime) else "date")
                value = _serial(value)
            elif isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
                raise TypeError(f"celda no admitida: {value!r}")
            style_attr = f' s="{STYLES[style]}"' if style else ""
            parts.append(f'<c r="{ref}"{style_attr}><v>{value!r}</v></c>')
        parts.append("</row>")
        self.rows.append("".join(parts))

    def extend(self, columns: Sequence[Sequence[Any]], kinds: Sequence[str]) -> None:
        """Many rows at once, given column by column: `kinds` says what each column holds — "text" (str or
        None), "int", "number", "pct", "date", "datetime" — so each column is written without asking each
        cell. None (and "") leaves a cell empty."""
        first = len(self.rows) + 1
        count = len(columns[0]) if columns else 0
        written = []
        for index, (values, kind) in enumerate(zip(columns, kinds)):
            letter = self._letter(index)
            if kind == "text":
                cells = ["" if not value else f'<c r="{letter}{first + n}"{_quoted(value)} t="inlineStr"><is>'
                         f'<t xml:space="preserve">{_xml_text(value)}</t></is></c>' for n, value in enumerate(values)]
            else:
                style = "" if kind == "int" else f' s="{STYLES[kind]}"'
                cells = ["" if value is None else f'<c r="{letter}{first + n}"{style}><v>'
                         f'{_serial(value) if kind in ("date", "datetime") else value!r}</v></c>'
                         for n, value in enumerate(values)]
            written.append(cells)
        for n, cells in enumerate(zip(*written)) if written else enumerate([()] * count):
            self.rows.append(f'<row r="{first + n}">{"".join(cells)}</row>')

    def xml(self) -> str:
        view = ('<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
                'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>'
                if self.freeze_header else '<sheetView workbookViewId="0"/>')
        cols = "".join(f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
                       for index, width in enumerate(self.widths, start=1) if width)
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_MAIN}">'
                f'<sheetViews>{view}</sheetViews><sheetFormatPr defaultRowHeight="15"/>'
                + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>" + "".join(self.rows) + "</sheetData>"
                '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                "</worksheet>")


class Workbook:
    """Sheets in order, saved as an .xlsx (bytes)."""

    def __init__(self, title: str = "", creator: str = "Divulga"):
        self.title, self.creator = title, creator
        self.sheets: list[Sheet] = []

    def sheet(self, title: str, widths: Sequence[float] = (), freeze_header: bool = False) -> Sheet:
        sheet = Sheet(title, widths, freeze_header)
        self.sheets.append(sheet)
        return sheet

    def save(self) -> bytes:
        sheets = self.sheets or [Sheet("Hoja1")]
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{number}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for number in range(1, len(sheets) + 1))
        content_types = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            + overrides + "</Types>")
        root_rels = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_RELS}">'
            f'<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_DOC_RELS}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>")
        workbook = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_MAIN}" '
            f'xmlns:r="{_DOC_RELS}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>'
            + "".join(f'<sheet name="{escape(excel_text(sheet.title), {chr(34): "&quot;"})}" sheetId="{number}" '
                      f'r:id="rId{number}"/>' for number, sheet in enumerate(sheets, start=1))
            + "</sheets></workbook>")
        workbook_rels = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_RELS}">'
            + "".join(f'<Relationship Id="rId{number}" Type="{_DOC_RELS}/worksheet" '
                      f'Target="worksheets/sheet{number}.xml"/>' for number in range(1, len(sheets) + 1))
            + f'<Relationship Id="rId{len(sheets) + 1}" Type="{_DOC_RELS}/styles" Target="styles.xml"/>'
            "</Relationships>")
        core = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{escape(excel_text(self.title))}</dc:title><dc:creator>{escape(self.creator)}</dc:creator>"
            "</cp:coreProperties>")
        app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties '
               'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
               "<Application>Divulga</Application></Properties>")
        out = BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
            package.writestr("[Content_Types].xml", content_types)
            package.writestr("_rels/.rels", root_rels)
            package.writestr("docProps/core.xml", core)
            package.writestr("docProps/app.xml", app)
            package.writestr("xl/workbook.xml", workbook)
            package.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
            package.writestr("xl/styles.xml", _STYLESHEET)
            for number, sheet in enumerate(sheets, start=1):
                package.writestr(f"xl/worksheets/sheet{number}.xml", sheet.xml())
        return out.getvalue()
