"""A local, stateful imitation of the Google Sheets v4 REST API: the part gspread and Divulga use.

It is the acceptance surface of the Google Sheets store, so it behaves like Sheets where a store can get it
wrong. Cells are stored as CellData (string, number, bool or formula, and a number format) and rendered as
Sheets renders them (FORMATTED_VALUE, UNFORMATTED_VALUE, FORMULA; serial or formatted dates), leaving out
trailing empty cells and rows. RAW keeps "=..." as text; USER_ENTERED makes formulas, numbers, booleans and
dates (day first; month first only in the en_US locale, as Sheets reads by the spreadsheet's locale). Values
read, written or cleared outside the grid are refused with Sheets' "exceeds grid limits" (appends grow the
grid instead); a GridRange in a batchUpdate request is refused when it starts past the grid and otherwise
cut to it, as the live API does. A spreadsheets.batchUpdate is all or nothing; the 10,000,000-cell,
50,000-character and request size limits hold; errors have Google's JSON shape. Every request is logged;
faults can be queued (an error without applying, a slow answer that is then applied, an answer held until
the test releases it, an error after applying, a connection closed without an answer, applied or not);
Python methods edit a tab the way staff do in the browser (typing, sorting, inserting rows, moving columns)
without being logged.

Not imitated: authentication and permissions (protected ranges are stored, never enforced), formula
evaluation (a formula reads "#ERROR!", or its text under FORMULA), Drive, named ranges, merges, filters,
number patterns other than dates and times, locale number formats (decimal commas, currency, percent),
quotas over time, formats inherited by inserted rows, and Sheets' exact table detection for values.append
(here: below the last row with a value in the range's columns). Data validations and protected ranges are
kept per range as sent: they do not move when rows are inserted, deleted or sorted.

Standalone: `python -m tests.fakes.sheets_api --port 8765 [--spreadsheet KEY]` prints its host and serves until
killed; point the app at it with DIVULGA_SHEETS_EMULATOR_HOST=127.0.0.1:8765.
"""

from __future__ import annotations

import argparse
import copy
import functools
import json
import re
import threading
import time
import traceback
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit

CELL_LIMIT = 10_000_000
CELL_CHARS = 50_000
PAYLOAD_LIMIT = 2 * 1024 * 1024
DEFAULT_ROWS, DEFAULT_COLUMNS = 1000, 26
EPOCH = datetime(1899, 12, 30)  # Sheets' day 0
DATE_TYPES = {"DATE": "dd/mm/yyyy", "DATE_TIME": "dd/mm/yyyy hh:mm:ss", "TIME": "hh:mm:ss"}  # default patterns
STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
          408: "DEADLINE_EXCEEDED", 409: "ABORTED", 413: "INVALID_ARGUMENT", 429: "RESOURCE_EXHAUSTED",
          500: "INTERNAL", 502: "UNAVAILABLE", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED"}
FAULT_MESSAGES = {429: "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per "
                       "user' of service 'sheets.googleapis.com'.",
                  500: "Internal error encountered.", 503: "The service is currently unavailable."}


class ApiError(Exception):
    """An answer in Google's error shape."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code

    def payload(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": str(self), "status": STATUS.get(self.code, "UNKNOWN")}}


# --- A1 notation ---------------------------------------------------------------------------------------------


def column_letters(index: int) -> str:
    """0 -> "A", 26 -> "AA"."""
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """"A" -> 0, "AA" -> 26."""
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number - 1


def quote_title(title: str) -> str:
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", title) and not re.fullmatch(r"[A-Za-z]{1,3}\d+|R\d*C\d*", title, re.I):
        return title
    return "'" + title.replace("'", "''") + "'"


def a1(title: str, r0: int, c0: int, r1: int | None, c1: int | None, quoted: bool = False) -> str:
    """The A1 name of rows r0..r1-1 and columns c0..c1-1 (0-based, end exclusive; None = open, as in "A2:Z")."""
    start = f"{column_letters(c0)}{r0 + 1}"
    end = (column_letters(max(c1, c0 + 1) - 1) if c1 is not None else "") + (str(max(r1, r0 + 1)) if r1 else "")
    name = "'" + title.replace("'", "''") + "'" if quoted else quote_title(title)
    return f"{name}!{start}" + ("" if end in ("", start) else f":{end}")


def grid_error(sheet: Sheet, name: str) -> ApiError:
    """Sheets' answer to a range starting (or, for values, reaching) past the grid; `name` is its A1 name."""
    return ApiError(400, f"Range ({name}) exceeds grid limits. Max rows: {sheet.rows}, max columns: {sheet.cols}")


class Target(NamedTuple):
    """A parsed A1 range: 0-based starts, exclusive ends (None = to the grid's end); `single` is one cell."""

    sheet: Sheet
    r0: int
    c0: int
    r1: int | None
    c1: int | None
    single: bool

    @property
    def name(self) -> str:
        return a1(self.sheet.title, self.r0, self.c0, self.r1, self.c1)

    def bounds(self) -> tuple[int, int, int, int]:
        """The rectangle read or cleared, refused when any of it is outside the grid."""
        r1 = self.r1 if self.r1 is not None else max(self.sheet.rows, self.r0 + 1)
        c1 = self.c1 if self.c1 is not None else max(self.sheet.cols, self.c0 + 1)
        if r1 > self.sheet.rows or c1 > self.sheet.cols:
            raise grid_error(self.sheet, self.name)
        return self.r0, self.c0, r1, c1


CELLS = re.compile(r"([A-Za-z]*)(\d*)(?:(:)([A-Za-z]*)(\d*))?")


def parse_range(book: Book, text: str) -> Target:
    """`'Sheet''s name'!A1:C3`, `Title!A:A`, `Title!1:1`, `Title!A2:Z`, `Title`, or `A1:B2` on the first tab."""
    bad = ApiError(400, f"Unable to parse range: {text}")
    title, cells = None, text
    if text.startswith("'"):
        if not (match := re.fullmatch(r"'((?:[^']|'')*)'(?:!(.*))?", text, re.S)):
            raise bad
        title, cells = match[1].replace("''", "'"), match[2]
    elif "!" in text:
        title, cells = text.rsplit("!", 1)
    elif book.sheet(text) is not None:
        title, cells = text, None
    sheet = book.sheet(title) if title is not None else (book.own(book.sheets[0]) if book.sheets else None)
    if sheet is None:
        raise bad
    if not cells:
        return Target(sheet, 0, 0, None, None, False)
    match = CELLS.fullmatch(cells)
    if not match or not (match[1] or match[2]) or (match[3] and not (match[4] or match[5])):
        raise bad
    if 0 in (int(match[2] or 1), int(match[5] or 1)) or (not match[3] and not (match[1] and match[2])):
        raise bad  # row 0, or one cell without both a column and a row
    r0, c0 = (int(match[2]) - 1 if match[2] else 0), (column_index(match[1]) if match[1] else 0)
    if not match[3]:
        return Target(sheet, r0, c0, r0 + 1, c0 + 1, True)
    return Target(sheet, r0, c0, int(match[5]) if match[5] else None,
                  column_index(match[4]) + 1 if match[4] else None, False)


# --- cells and how Sheets renders them -----------------------------------------------------------------------
# A cell is a CellData dict ({} when empty). Stored cell dicts are never changed in place, only replaced, so
# copying a tab for an atomic batchUpdate copies its row lists and shares the cells.


def has_value(cell: dict[str, Any]) -> bool:
    return bool(cell.get("userEnteredValue"))


def to_serial(moment: date | datetime) -> float:
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    delta = moment.replace(tzinfo=None) - EPOCH
    return delta.days + delta.seconds / 86400


DATE_TOKENS = re.compile(r"yyyy|yy|dd|d|mm|m|hh|h|ss|.", re.I | re.S)


def format_serial(serial: float, pattern: str) -> str:
    """A serial date-time in a Sheets pattern; "mm" after an hour or before seconds is minutes."""
    moment = EPOCH + timedelta(seconds=round(serial * 86400))
    tokens, out, last = DATE_TOKENS.findall(pattern), [], ""
    for i, token in enumerate(tokens):
        low = token.lower()
        if low in ("mm", "m") and (last == "h" or "ss" in (t.lower() for t in tokens[i + 1:i + 3])):
            out.append(f"{moment.minute:02d}" if low == "mm" else str(moment.minute))
            continue
        part = {"yyyy": f"{moment.year:04d}", "yy": f"{moment.year % 100:02d}", "dd": f"{moment.day:02d}",
                "d": str(moment.day), "mm": f"{moment.month:02d}", "m": str(moment.month),
                "hh": f"{moment.hour:02d}", "h": str(moment.hour), "ss": f"{moment.second:02d}"}.get(low)
        out.append(token if part is None else part)
        last = low[0] if part is not None else last
    return "".join(out)


def unformatted(number: int | float) -> int | float:
    return int(number) if isinstance(number, float) and number.is_integer() and abs(number) < 2 ** 53 else number


def render(cell: dict[str, Any], value_option: str = "FORMATTED_VALUE", date_option: str = "SERIAL_NUMBER") -> Any:
    """The cell as values.get answers it (None when empty)."""
    value = cell.get("userEnteredValue") or {}
    if "formulaValue" in value:
        return value["formulaValue"] if value_option == "FORMULA" else "#ERROR!"
    if "stringValue" in value:
        return value["stringValue"]
    if "boolValue" in value:
        return ("TRUE" if value["boolValue"] else "FALSE") if value_option == "FORMATTED_VALUE" else value["boolValue"]
    if (number := value.get("numberValue")) is None:
        return None
    number_format = cell.get("userEnteredFormat", {}).get("numberFormat", {})
    formatted = value_option == "FORMATTED_VALUE" or date_option == "FORMATTED_STRING"
    if number_format.get("type") in DATE_TYPES and formatted:
        return format_serial(number, number_format.get("pattern") or DATE_TYPES[number_format["type"]])
    number = unformatted(number)
    if value_option == "FORMATTED_VALUE":
        return str(number) if isinstance(number, int) else format(number, ".15g")
    return number


def check_cell(cell: dict[str, Any]) -> None:
    if any(isinstance(text, str) and len(text) > CELL_CHARS for text in (cell.get("userEnteredValue") or {}).values()):
        raise ApiError(400, f"Your input contains more than the maximum of {CELL_CHARS} characters in a single cell.")


NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?")
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def typed(text: str, locale: str, number_format: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """What USER_ENTERED makes of a string: (userEnteredValue, the date format it brings or None)."""
    word = text.strip()
    if text.startswith("'"):
        return {"stringValue": text[1:]}, None
    if text.startswith("=") and len(text) > 1:
        return {"formulaValue": text}, None
    if number_format.get("type") == "TEXT":  # a cell formatted as plain text keeps what is typed
        return {"stringValue": text}, None
    if word.upper() in ("TRUE", "FALSE"):
        return {"boolValue": word.upper() == "TRUE"}, None
    if NUMBER.fullmatch(word):
        return {"numberValue": int(word) if re.fullmatch(r"[+-]?\d+", word) else float(word)}, None
    try:
        if match := ISO.fullmatch(word):
            moment = date(int(match[1]), int(match[2]), int(match[3]))
            return {"numberValue": to_serial(moment)}, {"type": "DATE", "pattern": "yyyy-mm-dd"}
        if match := SLASHED.fullmatch(word):
            day, month = (int(match[2]), int(match[1])) if locale == "en_US" else (int(match[1]), int(match[2]))
            moment = datetime(int(match[3]), month, day, int(match[4] or 0), int(match[5] or 0), int(match[6] or 0))
            pattern = "m/d/yyyy" if locale == "en_US" else "dd/mm/yyyy"
            kind, pattern = ("DATE_TIME", pattern + " hh:mm:ss") if match[4] else ("DATE", pattern)
            return {"numberValue": to_serial(moment)}, {"type": kind, "pattern": pattern}
    except ValueError:  # 31/02/2024 stays text
        pass
    return {"stringValue": text}, None


def written(value: Any, old: dict[str, Any], option: str = "RAW", locale: str = "") -> dict[str, Any]:
    """The cell `old` becomes when `value` is written into it, formats kept: a str (RAW: text as is;
    USER_ENTERED: parsed as Sheets does), a number, a bool, "" or None (no value), or, from Python only, a date
    or datetime (a serial with a date format unless the cell already has one)."""
    new = {name: part for name, part in old.items() if name != "userEnteredValue"}
    current, brought = old.get("userEnteredFormat", {}).get("numberFormat", {}), None
    if value is None or value == "":
        return new
    if isinstance(value, bool):
        new["userEnteredValue"] = {"boolValue": value}
    elif isinstance(value, (int, float)):
        new["userEnteredValue"] = {"numberValue": value}
    elif isinstance(value, str):
        check_cell({"userEnteredValue": {"stringValue": value}})
        new["userEnteredValue"], brought = ({"stringValue": value}, None) if option == "RAW" \
            else typed(value, locale, current)
    elif isinstance(value, date):
        new["userEnteredValue"] = {"numberValue": to_serial(value)}
        brought = {"type": "DATE_TIME", "pattern": "dd/mm/yyyy hh:mm"} if isinstance(value, datetime) \
            else {"type": "DATE", "pattern": "dd/mm/yyyy"}
    else:
        raise ApiError(400, f"Invalid value at 'data.values': {json.dumps(value, default=str)[:80]}")
    if brought and current.get("type") not in DATE_TYPES:
        new["userEnteredFormat"] = {**old.get("userEnteredFormat", {}), "numberFormat": brought}
    return new


def hand_cell(value: Any, old: dict[str, Any]) -> dict[str, Any]:
    """A cell typed by hand: `value` as its Python type (see `written`), or a dict taken as the whole CellData."""
    return copy.deepcopy(value) if isinstance(value, dict) else written(value, old)


def _set_path(target: dict[str, Any], parts: list[str], value: Any) -> None:
    """Sets (or, for None, removes) target[parts[0]][parts[1]]..., copying the nested dicts it changes."""
    head = parts[0]
    if len(parts) == 1:
        if value is None:
            target.pop(head, None)
        else:
            target[head] = value
        return
    child = dict(target[head]) if isinstance(target.get(head), dict) else {}
    _set_path(child, parts[1:], value)
    if child:
        target[head] = child
    else:
        target.pop(head, None)


def apply_mask(old: dict[str, Any], new: dict[str, Any], fields: str) -> dict[str, Any]:
    """A new dict: `old` with the fields named in the mask taken from `new` (absent in `new` = cleared); "*"
    takes all of `new`. Neither is changed, and the result may share parts with both (cells are never changed
    in place; other callers own what they pass)."""
    if fields.strip() == "*":
        return new
    out = dict(old)
    for path in _paths(fields):
        value: Any = new
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        _set_path(out, path, value)
    return out


@functools.lru_cache(maxsize=256)
def _paths(fields: str) -> list[list[str]]:
    """A field mask's paths; Sheets takes both `a.b` and `a/b` (gspread's resize sends the latter)."""
    return [part.strip().replace("/", ".").split(".") for part in fields.split(",") if part.strip()]


# --- spreadsheets and their tabs -----------------------------------------------------------------------------


@dataclass(eq=False)
class Sheet:
    props: dict[str, Any]
    cells: list[list[dict[str, Any]]] = field(default_factory=list)  # ragged rows; missing cells are empty
    protected: list[dict[str, Any]] = field(default_factory=list)
    validations: list[dict[str, Any]] = field(default_factory=list)  # {"range": GridRange, "rule": rule}

    title = property(lambda self: self.props["title"])
    sheet_id = property(lambda self: self.props["sheetId"])
    rows = property(lambda self: self.props["gridProperties"]["rowCount"])
    cols = property(lambda self: self.props["gridProperties"]["columnCount"])

    def resize(self, rows: int | None = None, cols: int | None = None) -> None:
        """Sets the grid's size, dropping the cells outside it."""
        grid = self.props["gridProperties"]
        grid["rowCount"], grid["columnCount"] = rows or self.rows, cols or self.cols
        del self.cells[self.rows:]
        for row in self.cells:
            del row[self.cols:]

    def clone(self) -> Sheet:
        return Sheet(copy.deepcopy(self.props), [list(row) for row in self.cells], copy.deepcopy(self.protected),
                     copy.deepcopy(self.validations))

    def cell(self, r: int, c: int) -> dict[str, Any]:
        return self.cells[r][c] if r < len(self.cells) and c < len(self.cells[r]) else {}

    def put(self, r: int, c: int, cell: dict[str, Any]) -> None:
        if r >= len(self.cells):
            self.cells.extend([] for _ in range(r + 1 - len(self.cells)))
        if c >= len(row := self.cells[r]):
            row.extend({} for _ in range(c + 1 - len(row)))
        row[c] = cell

    def last_row(self, c0: int = 0, c1: int | None = None) -> int:
        """The index of the last row with a value in columns c0..c1-1, -1 when there is none."""
        for r in range(len(self.cells) - 1, -1, -1):
            for cell in self.cells[r][c0:c1]:
                if cell.get("userEnteredValue"):
                    return r
        return -1

    def insert(self, dimension: str, start: int, count: int) -> None:
        """Inserts `count` empty rows or columns before index `start`; the grid grows."""
        if dimension == "ROWS":
            self.cells[start:start] = [[] for _ in range(count)] if start < len(self.cells) else []
            self.props["gridProperties"]["rowCount"] += count
        else:
            for row in self.cells:
                row[start:start] = [{} for _ in range(count)] if start < len(row) else []
            self.props["gridProperties"]["columnCount"] += count

    def delete(self, dimension: str, start: int, end: int) -> None:
        if dimension == "ROWS":
            del self.cells[start:end]
            self.props["gridProperties"]["rowCount"] -= end - start
        else:
            for row in self.cells:
                del row[start:end]
            self.props["gridProperties"]["columnCount"] -= end - start

    def fill(self, rows: list[list[Any]]) -> None:
        """Writes Python values from A1 (None leaves a cell empty), growing the grid to fit."""
        self.resize(max(self.rows, len(rows)), max([self.cols, *map(len, rows)]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    self.put(r, c, hand_cell(value, self.cell(r, c)))


@dataclass(eq=False)
class Book:
    key: str
    props: dict[str, Any]
    sheets: list[Sheet] = field(default_factory=list)
    next_id: int = 1_000_000_001
    mine: set[int] | None = None  # in a working copy: ids of the tabs already copied (the others are shared)

    def clone(self) -> Book:
        """A working copy sharing the tabs until they are looked up (`sheet`, `by_id`, `own`)."""
        return Book(self.key, copy.deepcopy(self.props), list(self.sheets), self.next_id, set())

    def own(self, sheet: Sheet) -> Sheet:
        """The tab itself, or in a working copy its private copy (made once), so the stored one stays as it was."""
        if self.mine is None or id(sheet) in self.mine:
            return sheet
        index = next(i for i, other in enumerate(self.sheets) if other is sheet)
        self.sheets[index] = copied = sheet.clone()
        self.mine.add(id(copied))
        return copied

    def new_id(self) -> int:
        self.next_id += 7919
        return self.next_id

    def sheet(self, title: str) -> Sheet | None:
        found = next((sheet for sheet in self.sheets if sheet.title == title), None)
        return found and self.own(found)

    def by_id(self, sheet_id: Any) -> Sheet:
        if (found := next((sheet for sheet in self.sheets if sheet.sheet_id == sheet_id), None)) is None:
            raise ApiError(400, f"No grid with id: {sheet_id}")
        return self.own(found)

    def check_title(self, title: Any, sheet: Sheet | None = None) -> None:
        if not isinstance(title, str) or not title.strip():
            raise ApiError(400, "The sheet name cannot be empty.")
        if any(other.title.lower() == title.lower() and other is not sheet for other in self.sheets):
            raise ApiError(400, f'A sheet with the name "{title}" already exists. Please enter another name.')

    def add_sheet(self, title: str | None = None, rows: int = DEFAULT_ROWS, cols: int = DEFAULT_COLUMNS,
                  sheet_id: int | None = None, index: int | None = None, grid: dict | None = None) -> Sheet:
        titles = {sheet.title for sheet in self.sheets}
        title = title or next(f"Hoja {n}" for n in range(len(self.sheets) + 1, 10 ** 6) if f"Hoja {n}" not in titles)
        self.check_title(title)
        if any(other.sheet_id == sheet_id for other in self.sheets):
            raise ApiError(400, f"Invalid sheetId: a sheet with id {sheet_id} already exists.")
        if rows < 1 or cols < 1:
            raise ApiError(400, "A sheet must have at least one row and one column.")
        sheet = Sheet({"sheetId": self.new_id() if sheet_id is None else sheet_id, "title": title, "index": 0,
                       "sheetType": "GRID", "gridProperties": {**(grid or {}), "rowCount": rows, "columnCount": cols}})
        self.sheets.insert(len(self.sheets) if index is None else index, sheet)
        if self.mine is not None:
            self.mine.add(id(sheet))
        self.reindex()
        return sheet

    def reindex(self) -> None:
        for index, sheet in enumerate(self.sheets):
            if sheet.props["index"] != index:
                self.own(sheet).props["index"] = index

    def check_limits(self) -> None:
        if sum(sheet.rows * sheet.cols for sheet in self.sheets) > CELL_LIMIT:
            raise ApiError(400, "This action would increase the number of cells in the workbook above the limit "
                                f"of {CELL_LIMIT} cells.")

    def protected(self, range_id: Any) -> tuple[Sheet, dict[str, Any]]:
        for sheet in self.sheets:
            for i, entry in enumerate(sheet.protected):
                if entry["protectedRangeId"] == range_id:
                    sheet = self.own(sheet)
                    return sheet, sheet.protected[i]
        raise ApiError(400, f"No protected range with id: {range_id}")

    def metadata(self) -> dict[str, Any]:
        sheets = [{"properties": sheet.props, **({"protectedRanges": sheet.protected} if sheet.protected else {})}
                  for sheet in self.sheets]  # Sheets leaves protectedRanges out when there are none
        return copy.deepcopy({"spreadsheetId": self.key, "properties": self.props, "sheets": sheets,
                              "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{self.key}/edit"})


# --- values API ----------------------------------------------------------------------------------------------


def read_block(sheet: Sheet, r0: int, c0: int, r1: int, c1: int, value_option: str = "FORMATTED_VALUE",
               date_option: str = "SERIAL_NUMBER", major: str = "ROWS") -> list[list[Any]]:
    grid = [[render(row[c], value_option, date_option) for c in range(c0, min(c1, len(row)))]
            for row in sheet.cells[r0:r1]]
    if major == "COLUMNS":
        grid = [[row[c] if c < len(row) else None for row in grid] for c in range(max(map(len, grid), default=0))]
    out = []
    for row in grid:
        while row and row[-1] is None:
            row.pop()
        out.append(["" if value is None else value for value in row])
    while out and not out[-1]:
        out.pop()
    return out


def values_get(book: Book, text: str, query: dict[str, Any]) -> dict[str, Any]:
    target = parse_range(book, text)
    r0, c0, r1, c1 = target.bounds()
    major = query.get("majorDimension") or "ROWS"
    values = read_block(target.sheet, r0, c0, r1, c1, query.get("valueRenderOption") or "FORMATTED_VALUE",
                        query.get("dateTimeRenderOption") or "SERIAL_NUMBER", major)
    return {"range": a1(target.sheet.title, r0, c0, r1, c1), "majorDimension": major,
            **({"values": values} if values else {})}


def input_option(option: Any) -> str:
    if option not in ("RAW", "USER_ENTERED"):
        raise ApiError(400, f"Invalid valueInputOption: {option}" if option
                       else "'valueInputOption' is required but not specified")
    return option


def block_of(body: dict[str, Any]) -> tuple[list[list[Any]], int, int]:
    """The values of a ValueRange as rows, with their height and width."""
    values = body.get("values") or []
    if not isinstance(values, list) or not all(isinstance(row, list) for row in values):
        raise ApiError(400, "Invalid values: expected a list of lists.")
    if body.get("majorDimension") == "COLUMNS":
        values = [[column[r] if r < len(column) else None for column in values]
                  for r in range(max(map(len, values), default=0))]
    return values, len(values), max(map(len, values), default=0)


def write_block(book: Book, sheet: Sheet, r0: int, c0: int, values: list[list[Any]], option: str,
                name: str | None = None) -> dict:
    """Writes the values from (r0, c0), refused when any lands outside the grid (`name`: the range asked for)."""
    height, width = len(values), max(map(len, values), default=0)
    if r0 + height > sheet.rows or c0 + width > sheet.cols:
        raise grid_error(sheet, name or a1(sheet.title, r0, c0, r0 + height, c0 + width))
    count = 0
    for r, row in enumerate(values, start=r0):
        for c, value in enumerate(row, start=c0):
            if value is not None:  # null leaves the cell alone
                sheet.put(r, c, written(value, sheet.cell(r, c), option, book.props.get("locale", "")))
                count += 1
    return {"spreadsheetId": book.key, "updatedRange": a1(sheet.title, r0, c0, r0 + height, c0 + width),
            "updatedRows": height, "updatedColumns": width, "updatedCells": count}


def values_update(book: Book, text: str, body: dict[str, Any], option: str) -> dict[str, Any]:
    """Writes from the range's first cell; a range of one cell (or a whole tab) takes any size of data."""
    target, (values, height, width) = parse_range(book, text), block_of(body)
    asked = a1(target.sheet.title, target.r0, target.c0, target.r1, target.c1, quoted=True)
    if not target.single and target.r1 is not None and target.r0 + height > target.r1:
        raise ApiError(400, f"Requested writing within range [{asked}], but tried writing to row "
                            f"[{target.r0 + height}]")
    if not target.single and target.c1 is not None and target.c0 + width > target.c1:
        raise ApiError(400, f"Requested writing within range [{asked}], but tried writing to column "
                            f"[{column_letters(target.c0 + width - 1)}]")
    return write_block(book, target.sheet, target.r0, target.c0, values, option, target.name)


def values_append(book: Book, text: str, body: dict[str, Any], option: str, insert: str) -> dict[str, Any]:
    """Below the last row with a value in the range's columns (at the range's first row at the earliest),
    from the range's first column; rows are added to the grid when needed (columns never)."""
    target, (values, height, width) = parse_range(book, text), block_of(body)
    sheet = target.sheet
    last = sheet.last_row(target.c0, None if target.single else target.c1)
    start = max(target.r0, last + 1)
    if target.c0 + width > sheet.cols:
        raise grid_error(sheet, a1(sheet.title, start, target.c0, start + height, target.c0 + width))
    if insert == "INSERT_ROWS":
        sheet.insert("ROWS", min(start, sheet.rows), height)
    elif start + height > sheet.rows:
        sheet.resize(rows=start + height)
    table = {"tableRange": a1(sheet.title, target.r0, target.c0, last + 1, target.c0 + max(width, 1))}
    return {"spreadsheetId": book.key, **(table if last >= target.r0 else {}),
            "updates": write_block(book, sheet, start, target.c0, values, option)}


def values_clear(book: Book, text: str) -> str:
    """Clears values only: formats, validations and notes stay, as in Sheets."""
    target = parse_range(book, text)
    r0, c0, r1, c1 = target.bounds()
    for row in target.sheet.cells[r0:r1]:
        row[c0:c1] = [{name: part for name, part in cell.items() if name != "userEnteredValue"}
                      for cell in row[c0:c1]]
    return a1(target.sheet.title, r0, c0, r1, c1)


# --- spreadsheets.batchUpdate requests -----------------------------------------------------------------------


def grid_bounds(sheet: Sheet, grid: dict[str, Any]) -> tuple[int, int, int, int]:
    """A GridRange's cells, as Sheets takes them (measured on the live API): a range starting at or past the
    grid's last row or column is refused; one starting inside covers the cells the grid has (the grid stays)."""
    r0, r1 = grid.get("startRowIndex", 0), grid.get("endRowIndex")
    c0, c1 = grid.get("startColumnIndex", 0), grid.get("endColumnIndex")
    if min(r0, c0) < 0 or r0 > (r1 if r1 is not None else r0) or c0 > (c1 if c1 is not None else c0):
        raise ApiError(400, f"Invalid range: {json.dumps(grid)}")
    if r0 >= sheet.rows or c0 >= sheet.cols:
        raise grid_error(sheet, a1(sheet.title, r0, c0, r1, c1))
    return r0, c0, min(sheet.rows if r1 is None else r1, sheet.rows), min(sheet.cols if c1 is None else c1, sheet.cols)


def fields_of(request: dict[str, Any]) -> str:
    if not (fields := request.get("fields")):
        raise ApiError(400, "At least one field must be specified.")
    return fields


def write_rows(sheet: Sheet, r0: int, c0: int, rows: list[dict[str, Any]], fields: str) -> None:
    width = max((len(row.get("values", [])) for row in rows), default=0)
    if r0 + len(rows) > sheet.rows or c0 + width > sheet.cols:
        raise grid_error(sheet, a1(sheet.title, r0, c0, r0 + len(rows), c0 + width))
    for r, row in enumerate(rows, start=r0):
        for c, data in enumerate(row.get("values", []), start=c0):
            check_cell(data)
            sheet.put(r, c, apply_mask(sheet.cell(r, c), data, fields))


def add_sheet(book: Book, request: dict[str, Any]) -> dict[str, Any]:
    props = request.get("properties", {})
    grid = props.get("gridProperties", {})
    sheet = book.add_sheet(props.get("title"), grid.get("rowCount", DEFAULT_ROWS),
                           grid.get("columnCount", DEFAULT_COLUMNS), props.get("sheetId"), props.get("index"), grid)
    return {"addSheet": {"properties": copy.deepcopy(sheet.props)}}


def append_cells(book: Book, request: dict[str, Any]) -> dict[str, Any]:
    """After the last row with a value anywhere in the tab, adding rows to the grid when needed."""
    sheet, rows, fields = book.by_id(request.get("sheetId", 0)), request.get("rows", []), fields_of(request)
    start = sheet.last_row() + 1
    if max((len(row.get("values", [])) for row in rows), default=0) <= sheet.cols:
        sheet.resize(rows=max(sheet.rows, start + len(rows)))
    write_rows(sheet, start, 0, rows, fields)
    return {}


def update_cells(book: Book, request: dict[str, Any]) -> dict[str, Any]:
    """From `start` over the rows given, or over all of `range`, whose cells the rows do not cover lose the
    masked fields (as in Sheets)."""
    rows, fields = request.get("rows", []), fields_of(request)
    if "start" in request:
        start = request["start"]
        sheet = book.by_id(start.get("sheetId", 0))
        write_rows(sheet, start.get("rowIndex", 0), start.get("columnIndex", 0), rows, fields)
        return {}
    sheet = book.by_id(request["range"].get("sheetId", 0))
    r0, c0, r1, c1 = grid_bounds(sheet, request["range"])
    for r in range(r0, r1):
        values = rows[r - r0].get("values", []) if r - r0 < len(rows) else []
        for c in range(c0, c1):
            data, old = (values[c - c0] if c - c0 < len(values) else {}), sheet.cell(r, c)
            if data or old:
                check_cell(data)
                sheet.put(r, c, apply_mask(old, data, fields))
    return {}


def repeat_cell(book: Book, request: dict[str, Any]) -> dict[str, Any]:
    sheet, cell, fields = book.by_id(request["range"].get("sheetId", 0)), request.get("cell", {}), fields_of(request)
    check_cell(cell)
    r0, c0, r1, c1 = grid_bounds(sheet, request["range"])
    made: dict[int, dict[str, Any]] = {}  # one result per distinct old cell: cells are shared, never changed
    for r in range(r0, r1):
        for c in range(c0, c1):
            old = sheet.cell(r, c)
            if (key := id(old) if old else 0) not in made:
                made[key] = apply_mask(old, cell, fields)
            sheet.put(r, c, made[key])
    return {}


def dimension_span(book: Book, span: dict[str, Any], inserting: bool = False) -> tuple[Sheet, str, int, int]:
    sheet, dimension = book.by_id(span.get("sheetId", 0)), span.get("dimension")
    if dimension not in ("ROWS", "COLUMNS"):
        raise ApiError(400, f"Invalid dimension: {dimension}")
    size = sheet.rows if dimension == "ROWS" else sheet.cols
    start, end = span.get("startIndex", 0), span.get("endIndex", size)
    if not 0 <= start < end or (start > size if inserting else end > size):
        raise ApiError(400, f"Invalid range: startIndex {start}, endIndex {end} on a sheet of {size} {dimension}.")
    return sheet, dimension, start, end


def append_dimension(book: Book, request: dict[str, Any]) -> dict[str, Any]:
    if request.get("length", 0) < 1:
        raise ApiError(400, "length must be greater than 0")
    sheet, dimension, _, _ = dimension_span(book, {**request, "startIndex": 0, "endIndex": 1})
    sheet.insert(dimension, sheet.rows if dimension == "ROWS" else sheet.cols, request["length"])
    return {}


def insert_dimension(book: Book, request: dict[str, Any]) -> dict[str, Any]:
    sheet, dimension, start, end = dimension_span(book, request.get("range", {}), inserting=True)
    if request.get("inheritFromBefore") and start == 0:
        raise ApiError(400, "Cannot inherit properties from before the first row or column.")
    sheet.insert(dimension, start, end - start)
    return {}


def delete_dimension(book: Book, request: dict[str, Any]) -> dict[str, Any]:
    sheet, dimension, start, end = dimension_span(book, request.get("range", {}))
    if end - start == (sheet.rows if dimension == "ROWS" else sheet.cols):
        raise ApiError(400, f"You can't delete all the {dimension.lower()} on the sheet.")
    sheet.delete(dimension, start, end)
    return {}


def update_spreadsheet_properties(book: Book, request: dict[str, Any]) -> dict[str, Any]:
    book.props = apply_mask(book.props, request.get("properties", {}), fields_of(request))
    return {}


def update_sheet_properties(book: Book, request: dict[str, Any]) -> dict[str, Any]:
    """Title, index and grid size (a smaller grid drops the cells outside it), frozen rows and the like."""
    given = request.get("properties", {})
    sheet = book.by_id(given.get("sheetId", 0))
    props = {**sheet.props, **apply_mask(sheet.props, given, fields_of(request)), "sheetId": sheet.sheet_id}
    grid = {**sheet.props["gridProperties"], **props.get("gridProperties", {})}
    if grid["rowCount"] < 1 or grid["columnCount"] < 1:
        raise ApiError(400, "A sheet must have at least one row and one column.")
    book.check_title(props.get("title"), sheet)
    sheet.props = {**props, "gridProperties": grid}
    sheet.resize(grid["rowCount"], grid["columnCount"])
    book.sheets.remove(sheet)
    book.sheets.insert(max(props.get("index", 0), 0), sheet)
    book.reindex()
    return {}


def set_data_validation(book: Book, request: dict[str, Any]) -> dict[str, Any]:
    """Keeps the rule for the range as sent (a request without a rule removes the one set on that range)."""
    span = {"sheetId": 0, **request.get("range", {})}
    sheet = book.by_id(span["sheetId"])
    grid_bounds(sheet, span)
    sheet.validations = [entry for entry in sheet.validations if entry["range"] != span]
    if request.get("rule"):
        sheet.validations.append({"range": span, "rule": copy.deepcopy(request["rule"])})
    return {}


def add_protected_range(book: Book, request: dict[str, Any]) -> dict[str, Any]:
    protected = copy.deepcopy(request.get("protectedRange", {}))
    protected["range"] = {"sheetId": 0, **protected.get("range", {})}
    sheet = book.by_id(protected["range"]["sheetId"])
    grid_bounds(sheet, protected["range"])
    if protected.get("protectedRangeId") is None:
        protected["protectedRangeId"] = book.new_id()
    elif any(entry["protectedRangeId"] == protected["protectedRangeId"] for s in book.sheets for entry in s.protected):
        raise ApiError(400, f"A protected range with id {protected['protectedRangeId']} already exists.")
    protected["requestingUserCanEdit"] = True
    sheet.protected.append(protected)
    return {"addProtectedRange": {"protectedRange": copy.deepcopy(protected)}}


def update_protected_range(book: Book, request: dict[str, Any]) -> dict[str, Any]:
    given = request.get("protectedRange", {})
    sheet, entry = book.protected(given.get("protectedRangeId"))
    updated = {**apply_mask(entry, given, fields_of(request)), "protectedRangeId": entry["protectedRangeId"]}
    target = book.by_id(updated.get("range", {}).get("sheetId", 0))
    grid_bounds(target, updated.get("range", {}))
    sheet.protected.remove(entry)
    target.protected.append(updated)
    return {}


def delete_protected_range(book: Book, request: dict[str, Any]) -> dict[str, Any]:
    sheet, entry = book.protected(request.get("protectedRangeId"))
    sheet.protected.remove(entry)
    return {}


def sort_key(cell: dict[str, Any]) -> tuple[int, Any]:
    """Numbers (and dates) first, then text ignoring case, then booleans."""
    value = render(cell, "UNFORMATTED_VALUE")
    if isinstance(value, bool):
        return 2, value
    return (0, value) if isinstance(value, (int, float)) else (1, str(value).casefold())


def sort_rows(sheet: Sheet, r0: int, c0: int, r1: int, c1: int, specs: list[tuple[int, bool]]) -> None:
    """Sorts rows r0..r1-1 within columns c0..c1-1 by (column, descending) keys; blank cells always last."""
    block = [[sheet.cell(r, c) for c in range(c0, c1)] for r in range(r0, min(r1, len(sheet.cells)))]
    for column, descending in reversed(specs):
        i = column - c0
        filled = sorted((row for row in block if has_value(row[i])), key=lambda row: sort_key(row[i]),
                        reverse=descending)
        block = filled + [row for row in block if not has_value(row[i])]
    for r, row in enumerate(block, start=r0):
        for c, cell in enumerate(row, start=c0):
            if cell or c < len(sheet.cells[r]):
                sheet.put(r, c, cell)


def sort_range(book: Book, request: dict[str, Any]) -> dict[str, Any]:
    sheet = book.by_id(request.get("range", {}).get("sheetId", 0))
    r0, c0, r1, c1 = grid_bounds(sheet, request.get("range", {}))
    specs = [(spec.get("dimensionIndex", 0), spec.get("sortOrder") == "DESCENDING")
             for spec in request.get("sortSpecs", [])]
    if any(not c0 <= column < c1 for column, _ in specs):
        raise ApiError(400, "The sort column must be inside the sorted range.")
    sort_rows(sheet, r0, c0, r1, c1, specs)
    return {}


REQUESTS = {
    "addSheet": add_sheet, "appendCells": append_cells, "updateCells": update_cells, "repeatCell": repeat_cell,
    "appendDimension": append_dimension, "insertDimension": insert_dimension, "deleteDimension": delete_dimension,
    "updateSpreadsheetProperties": update_spreadsheet_properties, "updateSheetProperties": update_sheet_properties,
    "setDataValidation": set_data_validation, "addProtectedRange": add_protected_range,
    "updateProtectedRange": update_protected_range, "deleteProtectedRange": delete_protected_range,
    "sortRange": sort_range,
}


def batch_update(book: Book, body: dict[str, Any]) -> dict[str, Any]:
    """Applies the requests in order to `book` (a copy: the caller keeps it only if this returns)."""
    if not isinstance(requests := body.get("requests"), list) or not requests:
        raise ApiError(400, "Must specify at least one request.")
    replies = []
    for i, request in enumerate(requests):
        if not isinstance(request, dict) or len(request) != 1:
            raise ApiError(400, f"Invalid requests[{i}]: exactly one kind of request must be set.")
        ((kind, args),) = request.items()
        if kind not in REQUESTS:
            raise ApiError(400, f"Invalid JSON payload received. Unknown name \"{kind}\" at 'requests[{i}]': "
                                "Cannot find field.")
        try:
            replies.append(REQUESTS[kind](book, args if isinstance(args, dict) else {}))
            book.check_limits()
        except ApiError as error:
            raise ApiError(error.code, f"Invalid requests[{i}].{kind}: {error}") from None
        except (KeyError, TypeError, AttributeError) as error:
            raise ApiError(400, f"Invalid requests[{i}].{kind}: malformed request ({error!r}).") from None
    return {"spreadsheetId": book.key, "replies": replies}


# --- the server ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """One request received. Unpacks as (method, path, query, size, kind): `path` percent-decoded, `query`
    each parameter's value (`ranges`: the list of them), `size` the body's bytes; `batch` lists the kinds
    inside a spreadsheets.batchUpdate, e.g. ("appendCells", "appendCells")."""

    method: str
    path: str
    query: dict[str, Any]
    size: int
    kind: str
    batch: tuple[str, ...] = ()

    def __iter__(self):
        return iter((self.method, self.path, self.query, self.size, self.kind))


HOLD_LIMIT_S = 60.0  # a held request a test forgot to release is applied after this long


@dataclass
class Fault:
    mode: str  # "fail", "slow", "hold", "apply_then_fail" or "drop"
    value: float  # the status, the seconds to wait, or (drop) 1 when applied before the connection is closed
    times: int
    kind: str | None
    release: threading.Event | None = None  # hold: set by the test to let the request through


ROUTES = [(method, re.compile(r"/v4/spreadsheets/([^/:]+)" + suffix), kind) for method, suffix, kind in [
    ("GET", "", "get"), ("POST", ":batchUpdate", "batchUpdate"), ("GET", "/values:batchGet", "values.batchGet"),
    ("POST", "/values:batchUpdate", "values.batchUpdate"), ("POST", "/values:batchClear", "values.batchClear"),
    ("GET", "/values/([^/]+)", "values.get"), ("PUT", "/values/([^/]+)", "values.update"),
    ("POST", "/values/([^/]+):append", "values.append"), ("POST", "/values/([^/]+):clear", "values.clear")]]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as requests' sessions expect
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK wait

    def _handle(self):
        self.server.fake._serve(self)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

    def log_message(self, format, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a slow answer still sleeping must not hold up stop()


class SheetsFake:
    """The Sheets API on 127.0.0.1 (`host`), with a request log, queued faults and hand edits.

    A spreadsheet springs into existence on first access by key (title "Divulga", en_US, one tab "Hoja 1" with
    sheetId 0 and 1000 x 26 cells); `create` makes one with given tabs. A slow answer (`slow_next`) sleeps, then
    applies the request like a real slow server: a write the client gave up on still lands (`wait_idle` waits
    for it); `hold_next` keeps one until the test releases it, so it lands when the test says. Hand edits
    take rows as the sheet numbers them (1 = headers) and columns as 1-based numbers or header texts; they
    raise KeyError for an unknown tab or header. `latency_s` (0 unless set; an attribute, so it can be set
    after filling a spreadsheet) is added to every request served, before it is applied: the network to
    Google, for benchmarks that time what people wait for."""

    def __init__(self, port: int = 0, latency_s: float = 0.0):
        self.port = port
        self.latency_s = latency_s
        self._lock = threading.RLock()
        self._idle = threading.Condition(self._lock)
        self._books: dict[str, Book] = {}
        self._log: list[Request] = []
        self._faults: list[Fault] = []
        self._busy = 0
        self._server: _Server | None = None

    def start(self) -> SheetsFake:
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.fake, self.port = self, self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> SheetsFake:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    # --- request log and faults

    @property
    def requests(self) -> list[Request]:
        with self._lock:
            return list(self._log)

    def count(self, kind: str | None = None) -> int:
        with self._lock:
            return sum(1 for request in self._log if kind is None or request.kind == kind)

    def reset_log(self) -> None:
        with self._lock:
            self._log.clear()

    def fail_next(self, status: int, times: int = 1, kind: str | None = None) -> None:
        """The next `times` requests (of `kind`) answer `status` without being applied."""
        self._queue(Fault("fail", status, times, kind))

    def slow_next(self, seconds: float, times: int = 1, kind: str | None = None) -> None:
        """The next `times` requests (of `kind`) wait `seconds`, then are applied and answered."""
        self._queue(Fault("slow", seconds, times, kind))

    def hold_next(self, times: int = 1, kind: str | None = None) -> threading.Event:
        """The next `times` requests (of `kind`) wait until the returned event is set (or `HOLD_LIMIT_S`),
        then are applied and answered: a write lands exactly when the test says, after its client gave up."""
        release = threading.Event()
        self._queue(Fault("hold", 0, times, kind, release))
        return release

    def apply_then_fail(self, status: int = 503, times: int = 1, kind: str | None = None) -> None:
        """The next `times` requests (of `kind`) are applied, then answered `status`."""
        self._queue(Fault("apply_then_fail", status, times, kind))

    def drop_next(self, applied: bool, times: int = 1, kind: str | None = None) -> None:
        """The next `times` requests (of `kind`) are applied (or not), then their connection is closed with
        no answer: the client sees a dropped connection and cannot tell which."""
        self._queue(Fault("drop", float(applied), times, kind))

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Waits until no request is being served (e.g. a slow one its client stopped waiting for)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout)

    def _queue(self, fault: Fault) -> None:
        with self._lock:
            self._faults.extend([fault] if fault.times > 0 else [])

    def _take_fault(self, kind: str) -> Fault | None:
        with self._lock:
            fault = next((fault for fault in self._faults if fault.kind in (None, kind)), None)
            if fault is not None:
                fault.times -= 1
                if fault.times == 0:
                    self._faults.remove(fault)
            return fault

    # --- HTTP

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        split, method = urlsplit(handler.path), handler.command
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        query = {name: values if name == "ranges" else values[-1]
                 for name, values in parse_qs(split.query, keep_blank_values=True).items()}
        kind, key, text = "unknown", "", ""
        for route_method, pattern, route_kind in ROUTES:
            if (match := pattern.fullmatch(split.path)) and route_method == method:
                kind, key, text = route_kind, unquote(match[1]), unquote(match[2]) if pattern.groups > 1 else ""
                break
        with self._lock:
            self._log.append(Request(method, unquote(split.path), query, len(body), kind, _batch_kinds(kind, body)))
            self._busy += 1
        try:
            if self.latency_s > 0:
                time.sleep(self.latency_s)
            fault = self._take_fault(kind)
            if fault and fault.mode == "slow":
                time.sleep(fault.value)
            if fault and fault.mode == "hold":
                fault.release.wait(HOLD_LIMIT_S)
            if fault and fault.mode == "drop":
                if fault.value:
                    self._answer(kind, key, text, query, body)
                handler.close_connection = True
                return
            if fault and fault.mode == "fail":
                status, payload = _fault_answer(int(fault.value))
            else:
                status, payload = self._answer(kind, key, text, query, body)
                if fault and fault.mode == "apply_then_fail":
                    status, payload = _fault_answer(int(fault.value))
            data = json.dumps(payload).encode()
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json; charset=UTF-8")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting
        finally:
            with self._idle:
                self._busy -= 1
                self._idle.notify_all()

    def _answer(self, kind: str, key: str, text: str, query: dict[str, Any], raw: bytes) -> tuple[int, dict]:
        try:
            if kind == "unknown":
                raise ApiError(404, "Method not found.")
            if len(raw) > PAYLOAD_LIMIT:
                raise ApiError(400, f"Request payload size exceeds the limit: {PAYLOAD_LIMIT} bytes.")
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                raise ApiError(400, "Invalid JSON payload received.") from None
            if not isinstance(body, dict):
                raise ApiError(400, "Invalid JSON payload received: expected an object.")
            return 200, self._dispatch(kind, key, text, query, body)
        except ApiError as error:
            return error.code, error.payload()
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            return 400, ApiError(400, f"Invalid request: {error!r}").payload()
        except Exception as error:  # a bug in the fake: say so loudly; nothing was changed
            traceback.print_exc()
            return 500, ApiError(500, f"Sheets fake failed: {error!r}").payload()

    def _dispatch(self, kind: str, key: str, text: str, query: dict[str, Any], body: dict[str, Any]) -> dict:
        if kind == "get":
            return self._read(key, Book.metadata)
        if kind == "values.get":
            return self._read(key, lambda book: values_get(book, text, query))
        if kind == "values.batchGet":
            return self._read(key, lambda book: {"spreadsheetId": key, "valueRanges": [
                values_get(book, one, query) for one in query.get("ranges", [])]})
        if kind == "batchUpdate":
            return self._mutate(key, lambda book: batch_update(book, body))
        if kind == "values.update":
            option = input_option(query.get("valueInputOption"))
            return self._mutate(key, lambda book: values_update(book, text, body, option))
        if kind == "values.append":
            option, insert = input_option(query.get("valueInputOption")), query.get("insertDataOption", "OVERWRITE")
            return self._mutate(key, lambda book: values_append(book, text, body, option, insert))
        if kind == "values.batchUpdate":
            option = input_option(body.get("valueInputOption"))

            def update_all(book: Book) -> dict[str, Any]:
                answers = [values_update(book, entry.get("range", ""), entry, option) for entry in body.get("data", [])]
                return {"spreadsheetId": key, "totalUpdatedSheets": len({a["updatedRange"].split("!")[0]
                                                                         for a in answers}),
                        **{f"totalUpdated{what}": sum(a[f"updated{what}"] for a in answers)
                           for what in ("Rows", "Columns", "Cells")}, "responses": answers}
            return self._mutate(key, update_all)
        if kind == "values.clear":
            return self._mutate(key, lambda book: {"spreadsheetId": key, "clearedRange": values_clear(book, text)})
        return self._mutate(key, lambda book: {"spreadsheetId": key, "clearedRanges": [  # values.batchClear
            values_clear(book, one) for one in body.get("ranges", [])]})

    # --- state

    def _book(self, key: str) -> Book:
        if key not in self._books:
            self._books[key] = Book(key, _properties())
            self._books[key].add_sheet("Hoja 1", sheet_id=0)
        return self._books[key]

    def _read(self, key: str, read):
        with self._lock:
            return read(self._book(key))

    def _mutate(self, key: str, change):
        """Applies `change` to a copy of the spreadsheet, kept only if it succeeds: all or nothing."""
        with self._lock:
            work = self._book(key).clone()
            result = change(work)
            work.check_limits()
            work.mine = None
            self._books[key] = work
            return result

    def _edit(self, key: str, title: str, use, write: bool = True):
        """`use(tab)` on a copy kept if it succeeds (write), or on the stored tab (read)."""
        return (self._mutate if write else self._read)(key, lambda book: use(_tab(book, title)))

    # --- spreadsheets for tests, and what staff do by hand

    def create(self, key: str, tabs: dict[str, list[list[Any]]] | None = None, locale: str = "en_US",
               time_zone: str = "America/New_York", title: str = "Divulga") -> None:
        """Makes (or replaces) spreadsheet `key` with these tabs (first row = headers; values as `set_cell`
        takes them; the first tab has sheetId 0), or with the default "Hoja 1" tab when `tabs` is empty."""
        book = Book(key, _properties(title, locale, time_zone))
        for index, (name, rows) in enumerate((tabs or {"Hoja 1": []}).items()):
            book.add_sheet(name, sheet_id=0 if index == 0 else None).fill(rows)
        book.check_limits()
        with self._lock:
            self._books[key] = book

    def spreadsheet(self, key: str) -> dict[str, Any]:
        """The metadata as spreadsheets.get answers it, plus each tab's "dataValidations" (fake-only)."""
        def look(book: Book) -> dict[str, Any]:
            metadata = book.metadata()
            for entry, sheet in zip(metadata["sheets"], book.sheets):
                entry["dataValidations"] = copy.deepcopy(sheet.validations)
            return metadata
        return self._read(key, look)

    def values(self, key: str, title: str) -> list[list[Any]]:
        """The tab as UNFORMATTED_VALUE / SERIAL_NUMBER reads it (trailing empties left out, inner ones "")."""
        return self._edit(key, title, lambda tab: read_block(tab, 0, 0, tab.rows, tab.cols, "UNFORMATTED_VALUE"), False)

    def cells(self, key: str, title: str) -> list[list[dict[str, Any]]]:
        """The tab's raw CellData, trailing empty cells and rows left out."""
        def raw(tab: Sheet) -> list[list[dict[str, Any]]]:
            rows = [copy.deepcopy(row) for row in tab.cells]
            for row in rows:
                while row and not row[-1]:
                    row.pop()
            while rows and not rows[-1]:
                rows.pop()
            return rows
        return self._edit(key, title, raw, False)

    def headers(self, key: str, title: str) -> list[Any]:
        return (self.values(key, title) or [[]])[0]

    def set_cell(self, key: str, title: str, row: int, column: int | str, value: Any) -> None:
        """Puts `value` in as its Python type: str -> text (never parsed), int/float -> number, bool, date or
        datetime -> a serial with a date format, None -> empty (the format stays), a dict -> that whole
        CellData. The grid grows to reach the cell."""
        def change(tab: Sheet) -> None:
            r, c = row - 1, _column(tab, column)
            tab.resize(max(tab.rows, r + 1), max(tab.cols, c + 1))
            tab.put(r, c, hand_cell(value, tab.cell(r, c)))
        self._edit(key, title, change)

    def set_date(self, key: str, title: str, row: int, column: int | str, serial: float,
                 pattern: str = "dd/mm/yyyy") -> None:
        """A date typed in a cell: the serial number with a DATE format (DATE_TIME when the pattern has hours)."""
        kind = "DATE_TIME" if "h" in pattern.lower() else "DATE"
        self.set_cell(key, title, row, column, {"userEnteredValue": {"numberValue": serial},
                                                "userEnteredFormat": {"numberFormat": {"type": kind,
                                                                                       "pattern": pattern}}})

    def sort(self, key: str, title: str, column: int | str, descending: bool = False) -> None:
        """Data > Sort range over rows 2 to the end by one column, blank cells last."""
        self._edit(key, title, lambda tab: sort_rows(tab, 1, 0, tab.rows, tab.cols,
                                                     [(_column(tab, column), descending)]))

    def insert_rows(self, key: str, title: str, before_row: int, rows: int | list[list[Any]]) -> None:
        """Inserts rows above `before_row`: a number of empty ones, or these values. The grid grows."""
        values = [[] for _ in range(rows)] if isinstance(rows, int) else rows

        def change(tab: Sheet) -> None:
            tab.insert("ROWS", before_row - 1, len(values))
            tab.resize(cols=max([tab.cols, *map(len, values)]))
            for r, row in enumerate(values, start=before_row - 1):
                for c, value in enumerate(row):
                    tab.put(r, c, hand_cell(value, {}))
        self._edit(key, title, change)

    def append_row(self, key: str, title: str, values: list[Any]) -> int:
        """Types a row below the last row with a value (growing the grid if needed); returns its number."""
        def change(tab: Sheet) -> int:
            r = tab.last_row() + 1
            tab.resize(max(tab.rows, r + 1), max(tab.cols, len(values)))
            for c, value in enumerate(values):
                tab.put(r, c, hand_cell(value, tab.cell(r, c)))
            return r + 1
        return self._edit(key, title, change)

    def add_column(self, key: str, title: str, header: str) -> int:
        """Types `header` right after the last header of row 1 (growing the grid if needed); returns its column."""
        def change(tab: Sheet) -> int:
            headers = tab.cells[0] if tab.cells else []
            c = next((c + 1 for c in range(len(headers) - 1, -1, -1) if has_value(headers[c])), 0)
            tab.resize(cols=max(tab.cols, c + 1))
            tab.put(0, c, written(header, tab.cell(0, c)))
            return c + 1
        return self._edit(key, title, change)

    def move_column(self, key: str, title: str, from_column: int | str, to_index: int) -> None:
        """Drags a column, with all its cells, so that it becomes column number `to_index` (1-based)."""
        def change(tab: Sheet) -> None:
            source, target = _column(tab, from_column), to_index - 1
            if not (0 <= target < tab.cols and source < tab.cols):
                raise ValueError(f"column {from_column} or {to_index} is outside the grid ({tab.cols} columns)")
            for row in tab.cells:
                row.extend({} for _ in range(max(source, target) + 1 - len(row)))
                row.insert(target, row.pop(source))
        self._edit(key, title, change)

    def delete_rows(self, key: str, title: str, first: int, last: int) -> None:
        """Deletes rows `first` to `last` inclusive; the grid shrinks."""
        self._edit(key, title, lambda tab: tab.delete("ROWS", first - 1, min(last, tab.rows)))

    def rename_sheet(self, key: str, title: str, new_title: str) -> None:
        def change(book: Book) -> None:
            tab = _tab(book, title)
            book.check_title(new_title, tab)
            tab.props["title"] = new_title
        self._mutate(key, change)

    def add_sheet(self, key: str, title: str, rows: list[list[Any]] | None = None) -> int:
        """Adds a tab at the end with these values (first row = headers); returns its sheetId."""
        def change(book: Book) -> int:
            tab = book.add_sheet(title)
            tab.fill(rows or [])
            return tab.sheet_id
        return self._mutate(key, change)


def _properties(title: str = "Divulga", locale: str = "en_US", time_zone: str = "America/New_York") -> dict:
    return {"title": title, "locale": locale, "timeZone": time_zone, "autoRecalc": "ON_CHANGE"}


def _tab(book: Book, title: str) -> Sheet:
    if (sheet := book.sheet(title)) is None:
        raise KeyError(f"no tab {title!r} in {book.key!r}: {[other.title for other in book.sheets]}")
    return sheet


def _column(sheet: Sheet, column: int | str) -> int:
    """A 0-based column index from a 1-based number or a header text of row 1."""
    if isinstance(column, int):
        if column < 1:
            raise ValueError(f"columns are numbered from 1, not {column}")
        return column - 1
    headers = [render(cell, "UNFORMATTED_VALUE") for cell in (sheet.cells[0] if sheet.cells else [])]
    if column not in headers:
        raise KeyError(f"no header {column!r} in {sheet.title!r}: {headers}")
    return headers.index(column)


def _batch_kinds(kind: str, body: bytes) -> tuple[str, ...]:
    try:
        requests = json.loads(body).get("requests", []) if kind == "batchUpdate" else []
        return tuple(next(iter(request)) for request in requests if isinstance(request, dict) and request)
    except (ValueError, AttributeError, TypeError):
        return ()


def _fault_answer(status: int) -> tuple[int, dict[str, Any]]:
    return status, ApiError(status, FAULT_MESSAGES.get(status, "Fault injected by the test.")).payload()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A local Google Sheets API for Divulga (see the module docstring).")
    parser.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (0 picks a free one)")
    parser.add_argument("--spreadsheet", action="append", default=[], metavar="KEY",
                        help="create this spreadsheet up front (any other is created on first access)")
    args = parser.parse_args(argv)
    fake = SheetsFake(port=args.port).start()
    for key in args.spreadsheet:
        fake.create(key)
    print(fake.host, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
