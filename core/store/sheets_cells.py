"""Values as Google Sheets cells and back, and the A1 ranges and request pieces the Sheets store sends.

Pure functions: what goes over the wire is decided here, so it can be read in one place. Dates go as
serial numbers with a `dd/mm/aaaa` format (people sort and filter them), whole numbers as numbers, and
everything else as a string value: a text is never sent as something Sheets would parse, so a citizen's
`=IMPORTXML(…)` stays text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import gspread

from core.sheet.cells import is_empty, to_serial
from core.sheet.contract import Column, Kind

DATE_FORMAT = {"type": "DATE", "pattern": "dd/mm/yyyy"}
DATETIME_FORMAT = {"type": "DATE_TIME", "pattern": "dd/mm/yyyy hh:mm"}
REQUEST_BYTES = 1_000_000  # one batchUpdate's body at most: half of Sheets' 2 MB limit
JSON_BODY = {"Content-Type": "application/json; charset=UTF-8"}
SPACES = " \t\n\v\f\r\xa0"


@dataclass
class Sheet:
    """A tab as the spreadsheet's metadata describes it."""

    title: str
    sheet_id: int
    rows: int
    columns: int

    @property
    def quoted(self) -> str:
        return "'" + self.title.replace("'", "''") + "'"

    def range(self, cells: str = "") -> str:
        return f"{self.quoted}!{cells}" if cells else self.quoted


def column_letter(position: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    return gspread.utils.rowcol_to_a1(1, position + 1)[:-1]


def cell_data(column: Column | None, value: Any) -> dict[str, Any]:
    """A value as a Sheets cell (see the module docstring); an empty value is an empty cell."""
    if column is None:
        return {} if is_empty(value) else {"userEnteredValue": {"stringValue": str(value)}}
    text = column.to_text(value)
    if text is None:
        return {}
    if column.kind is Kind.DATE:
        day = value.date() if isinstance(value, datetime) else value
        if isinstance(day, date):
            return {"userEnteredValue": {"numberValue": to_serial(day)},
                    "userEnteredFormat": {"numberFormat": DATE_FORMAT}}
    if column.kind is Kind.DATETIME and isinstance(value, datetime):
        return {"userEnteredValue": {"numberValue": to_serial(value)},
                "userEnteredFormat": {"numberFormat": DATETIME_FORMAT}}
    if column.kind is Kind.INT:
        return {"userEnteredValue": {"numberValue": int(text)}}
    return {"userEnteredValue": {"stringValue": str(text)}}


def as_read(cell: dict[str, Any]) -> Any:
    """What an unformatted read gives back for a cell we sent."""
    value = cell.get("userEnteredValue", {})
    return next(iter(value.values()), "")


def same_value(stored: Any, sent: Any) -> bool:
    """Whether a cell read back holds what was sent: numbers by value (46298.0 comes back as 46298, and a
    serial may lose its last digits), empty as empty."""
    if stored in ("", None) or sent in ("", None):
        return stored in ("", None) and sent in ("", None)
    numbers = (int, float)
    if isinstance(stored, numbers) and isinstance(sent, numbers) and not isinstance(stored, bool):
        return abs(float(stored) - float(sent)) < 1e-6
    return stored == sent


def same_row(stored: list[Any], sent: list[dict[str, Any]]) -> bool:
    width = max(len(stored), len(sent))
    padded = list(stored) + [""] * (width - len(stored))
    return all(same_value(padded[i], as_read(sent[i]) if i < len(sent) else "") for i in range(width))


def trimmed(value: Any) -> str:
    """A key cell as validation reads it: spaces around it do not count, 12.0 is 12."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value if value is not None else "").strip(SPACES)


def header_text(cell: Any) -> str:
    return "" if cell is None else str(cell)


def update_cell(sheet: Sheet, row: int, position: int, cell: dict[str, Any]) -> dict[str, Any]:
    """Write one cell (sheet row number, column position), its format only when it carries one."""
    fields = "userEnteredValue,userEnteredFormat.numberFormat" if "userEnteredFormat" in cell else "userEnteredValue"
    return {"updateCells": {"start": {"sheetId": sheet.sheet_id, "rowIndex": row - 1, "columnIndex": position},
                            "rows": [{"values": [cell]}], "fields": fields}}


def header_cells(sheet: Sheet, start: int, names: list[str]) -> dict[str, Any]:
    return {"updateCells": {"start": {"sheetId": sheet.sheet_id, "rowIndex": 0, "columnIndex": start},
                            "rows": [{"values": [{"userEnteredValue": {"stringValue": name}} for name in names]}],
                            "fields": "userEnteredValue"}}


def append_cells(sheet: Sheet, rows: list[list[dict[str, Any]]]) -> dict[str, Any]:
    return {"appendCells": {"sheetId": sheet.sheet_id, "rows": [{"values": row} for row in rows],
                            "fields": "userEnteredValue,userEnteredFormat.numberFormat"}}


def wire(value: Any) -> bytes:
    """A request body as sent: compact UTF-8 JSON. Spaces after separators and `\u00f3` escapes for every
    accented letter would add about 7 % to a big append, and so more requests per import."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def chunks(rows: list, history_rows: list) -> Iterator[tuple[int, int]]:
    """(start, end) of pieces of rows, with their Historial rows (one each, or none), whose request body
    (measured as `wire` sends it) stays under `REQUEST_BYTES`."""
    start, size = 0, 0
    for index, row in enumerate(rows):
        weight = len(wire(row)) + (len(wire(history_rows[index])) if history_rows else 0)
        if index > start and size + weight > REQUEST_BYTES:
            yield start, index
            start, size = index, 0
        size += weight
    if start < len(rows):
        yield start, len(rows)
