"""An .xlsx read as a stream: each sheet's rows with data, with the file's limits counted as they come
(core/files/limits.py).

Nothing the file says about itself is trusted: a sheet's `<dimension>` is ignored and a row is only as long
as its last cell with data, so a 13 KB workbook that claims A1:XFD1048576 costs what its few cells cost.
The XML is fed to expat chunk by chunk and only the cells' values are kept; a DTD (the way to entity
bombs) is refused. Values come out as openpyxl's read-only mode gives them: numbers, text, booleans, dates
and times by the cell's number format, error codes as text.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

from core.files.limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_MEMBERS,
    MAX_STYLES,
    SPLIT,
    Archive,
    Budget,
    FileRefused,
    check_column,
    check_text,
)
from core.fmt import fmt_int

CHUNK = 64 * 1024
SHARED_TEXT, MAX_SHARED = 40, 100_000  # short texts kept once however often they repeat (a network, a state)
NOT_A_WORKBOOK = "el archivo no es un libro de Excel (.xlsx)"


def _tag(name: str) -> str:
    """An element's name without its namespace prefix (`x:c` is `c`)."""
    return name[name.rfind(":") + 1:]


def _refuse_dtd(*_: Any) -> None:
    raise FileRefused("el archivo declara un DTD (entidades XML), que un libro de Excel no usa; no se lee. "
                      "Ábralo en Excel, guárdelo de nuevo y vuelva a intentarlo.")


def _parse(stream: BinaryIO, start: Callable, end: Callable | None = None,
           text: Callable | None = None) -> Iterator[None]:
    """Feed `stream` to a new expat parser one chunk at a time, yielding after each chunk so the caller can
    hand out what the handlers gathered."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    while chunk := stream.read(CHUNK):
        parser.Parse(chunk, False)
        yield
    parser.Parse(b"", True)
    yield


def _read_whole(archive: Archive, member: str, start: Callable, end: Callable | None = None,
                text: Callable | None = None) -> None:
    with archive.open(member) as stream:
        for _ in _parse(stream, start, end, text):
            pass


def _column(ref: str) -> int:
    """The column number of a cell reference: `B7` -> 2, `XFD1048576` -> 16384."""
    number = 0
    for char in ref.upper():
        if char == "$":
            continue
        code = ord(char) - 64
        if not 1 <= code <= 26:
            break
        number = number * 26 + code
    return number


def open_book(stream: BinaryIO, budget: Budget) -> XlsxBook:
    """The workbook in `stream`, its zip checked against the limits before anything is read."""
    if stream.read(4) != b"PK\x03\x04":
        raise FileRefused(f"{NOT_A_WORKBOOK}; guárdelo como «Libro de Excel (.xlsx)» y vuelva a intentarlo.")
    stream.seek(0)
    return XlsxBook(Archive(stream, budget))


class XlsxBook:
    """An .xlsx's worksheets (in the workbook's order, chart sheets left out); shared texts and number
    formats are read when the first sheet is."""

    def __init__(self, archive: Archive):
        self.archive = archive
        names = set(archive.names())
        root = self._relationships("_rels/.rels", "", names)
        workbook = next((target for kind, target in root.values() if kind.endswith("/officeDocument")),
                        "xl/workbook.xml")
        if workbook not in names:
            raise FileRefused(f"{NOT_A_WORKBOOK}: no tiene la lista de sus hojas ({workbook}).")
        folder = posixpath.dirname(workbook)
        parts = self._relationships(posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels"),
                                    folder, names)
        listed, date1904 = self._workbook(workbook)
        self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        self.sheets: list[tuple[str, str]] = []  # (title, member)
        for title, part in listed:
            kind, member = parts.get(part, ("", ""))
            if not kind.endswith("/worksheet"):
                continue
            if member not in names:
                raise FileRefused(f"el libro está dañado: falta la hoja «{title}» ({member or 'sin referencia'}).")
            self.sheets.append((title, member))
        self._strings_member = next((target for kind, target in parts.values()
                                     if kind.endswith("/sharedStrings") and target in names), None)
        self._styles_member = next((target for kind, target in parts.values()
                                    if kind.endswith("/styles") and target in names), None)
        self._formats: tuple[list[str], frozenset[int], frozenset[int]] | None = None

    def _relationships(self, member: str, folder: str, names: set[str]) -> dict[str, tuple[str, str]]:
        """A part's relationships: id -> (type, the member it points to)."""
        found: dict[str, tuple[str, str]] = {}
        if member not in names:
            return found

        def start(name: str, attrs: dict[str, str]) -> None:
            if _tag(name) != "Relationship" or attrs.get("TargetMode") == "External":
                return
            target = attrs.get("Target", "")
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[attrs.get("Id", "")] = (attrs.get("Type", ""), target)
            if len(found) > MAX_MEMBERS:
                raise FileRefused(f"{NOT_A_WORKBOOK}: enumera más de {MAX_MEMBERS} partes.")

        _read_whole(self.archive, member, start)
        return found

    def _workbook(self, member: str) -> tuple[list[tuple[str, str]], bool]:
        """The sheets the workbook lists (title, relationship id) and whether its dates count from 1904."""
        sheets: list[tuple[str, str]] = []
        date1904 = [False]

        def start(name: str, attrs: dict[str, str]) -> None:
            tag = _tag(name)
            if tag == "sheet":
                part = next((value for key, value in attrs.items() if _tag(key) == "id"), "")
                sheets.append((attrs.get("name", ""), part))
                if len(sheets) > MAX_MEMBERS:
                    raise FileRefused(f"{NOT_A_WORKBOOK}: enumera más de {MAX_MEMBERS} hojas.")
            elif tag == "workbookPr":
                date1904[0] = attrs.get("date1904", "").lower() in ("1", "true")

        _read_whole(self.archive, member, start)
        return sheets, date1904[0]

    def _shared_strings(self) -> list[str]:
        """The workbook's shared texts, rich text flattened and phonetic guides left out, as openpyxl reads
        them."""
        strings: list[str] = []
        if self._strings_member is None:
            return strings
        state: dict[str, Any] = {"parts": None, "text": None, "size": 0, "phonetic": 0}

        def start(name: str, attrs: dict[str, str]) -> None:
            tag = _tag(name)
            if tag == "si":
                state["parts"], state["size"] = [], 0
            elif tag == "t" and state["parts"] is not None and not state["phonetic"]:
                state["text"] = []
            elif tag == "rPh":
                state["phonetic"] += 1

        def text(data: str) -> None:
            if state["text"] is not None:
                state["text"].append(data)
                state["size"] += len(data)
                check_text(state["size"], "el libro")

        def end(name: str) -> None:
            tag = _tag(name)
            if tag == "t" and state["text"] is not None:
                state["parts"].append("".join(state["text"]))
                state["text"] = None
            elif tag == "rPh":
                state["phonetic"] -= 1
            elif tag == "si" and state["parts"] is not None:
                strings.append("".join(state["parts"]).replace("x005F_", ""))  # Excel's escape of «_x», undone
                state["parts"] = None
                if len(strings) > MAX_CELLS:
                    raise FileRefused(f"el libro tiene más de {fmt_int(MAX_CELLS)} textos; el límite es "
                                      f"{fmt_int(MAX_CELLS)} por archivo: {SPLIT}.")

        _read_whole(self.archive, self._strings_member, start, end, text)
        return strings

    def _number_formats(self) -> tuple[frozenset[int], frozenset[int]]:
        """The cell styles whose number format is a date or time, and those that are a duration."""
        if self._styles_member is None:
            return frozenset(), frozenset()
        custom: dict[int, str] = {}
        styles: list[int] = []
        inside = [False]

        def start(name: str, attrs: dict[str, str]) -> None:
            tag = _tag(name)
            if tag == "numFmt":
                custom[int(attrs.get("numFmtId", -1))] = attrs.get("formatCode", "")
            elif tag == "cellXfs":
                inside[0] = True
            elif tag == "xf" and inside[0]:
                styles.append(int(attrs.get("numFmtId", 0)))
            if len(styles) > MAX_STYLES or len(custom) > MAX_STYLES:
                raise FileRefused(f"el libro tiene más de {fmt_int(MAX_STYLES)} formatos de celda; Excel admite "
                                  f"{fmt_int(MAX_STYLES)}. El archivo parece dañado.")

        def end(name: str) -> None:
            if _tag(name) == "cellXfs":
                inside[0] = False

        _read_whole(self.archive, self._styles_member, start, end)
        formats = [custom.get(number, BUILTIN_FORMATS.get(number)) for number in styles]
        return (frozenset(index for index, code in enumerate(formats) if is_date_format(code)),
                frozenset(index for index, code in enumerate(formats) if is_timedelta_format(code)))

    def rows(self, member: str, where: str, budget: Budget) -> Iterator[tuple[int, list[Any]]]:
        """The rows of one sheet that have data, in order: (row number, values up to its last value). A row
        whose number does not go forward is skipped, as openpyxl does. `where` names the sheet in messages."""
        if self._formats is None:
            self._formats = (self._shared_strings(), *self._number_formats())
        sheet = _Sheet(*self._formats, self.epoch, where)
        last = 0
        try:
            with self.archive.open(member) as stream:
                for _ in _parse(stream, sheet.start, sheet.end, sheet.text):
                    ready, sheet.ready = sheet.ready, []
                    for number, values, beyond in ready:
                        if number <= last:
                            continue
                        budget.row(number, where)  # the row first: a bomb's last row says more than its column
                        if beyond:
                            check_column(beyond, where)
                        last = number
                        yield number, values
        finally:
            budget.part_done(last)


class _Sheet:
    """The expat handlers that turn a sheet's XML into rows of values (`ready`, emptied by the reader)."""

    def __init__(self, strings: list[str], dates: frozenset[int], durations: frozenset[int], epoch, where: str):
        self.strings, self.dates, self.durations, self.epoch, self.where = strings, dates, durations, epoch, where
        self.ready: list[tuple[int, list[Any], int]] = []  # (row number, values, last column past the limit)
        self.row = 0
        self.cells: dict[int, Any] = {}  # column -> value: at most MAX_COLUMNS, however often a cell repeats
        self.beyond = 0  # the last column with data past MAX_COLUMNS in this row (its value is not kept)
        self.column = 0
        self.kind = "n"
        self.style: str | None = None
        self.value: str | None = None
        self.inline: list[str] | None = None
        self.collected: list[str] | None = None  # the text of the <v> or <t> being read
        self.size = 0
        self.phonetic = 0
        self.texts: dict[str, str] = {}

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = _tag(name) if ":" in name else name  # the test first: this runs for every element of a sheet
        if tag == "c":
            ref = attrs.get("r")
            self.column = _column(ref) if ref else self.column + 1
            self.kind = attrs.get("t", "n")
            self.style = attrs.get("s")
            self.value = self.inline = None
        elif tag == "v" or (tag == "t" and self.inline is not None and not self.phonetic):
            self.collected, self.size = [], 0
        elif tag == "is":
            self.inline = []
        elif tag == "rPh":
            self.phonetic += 1
        elif tag == "row":
            ref = attrs.get("r")
            self.row = int(float(ref)) if ref else self.row + 1
            self.column = self.beyond = 0
            self.cells = {}

    def text(self, data: str) -> None:
        if self.collected is not None:
            self.collected.append(data)
            self.size += len(data)
            check_text(self.size, self.where)

    def end(self, name: str) -> None:
        tag = _tag(name) if ":" in name else name
        if tag == "v" and self.collected is not None:
            self.value = "".join(self.collected)
            self.collected = None
        elif tag == "t" and self.collected is not None:
            self.inline.append("".join(self.collected))
            self.collected = None
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "c":
            value = self._value()
            if type(value) is str and len(value) <= SHARED_TEXT and len(self.texts) < MAX_SHARED:
                value = self.texts.setdefault(value, value)  # one object for a text that repeats
            if value is not None and value != "":
                if self.column < 1:
                    raise FileRefused(f"{self.where} está dañada: una celda no dice en qué columna está.")
                if self.column > MAX_COLUMNS:
                    self.beyond = max(self.beyond, self.column)
                else:
                    self.cells[self.column] = value
        elif tag == "row":
            if self.cells or self.beyond:
                values: list[Any] = [None] * max(self.cells, default=0)
                for column, value in self.cells.items():
                    values[column - 1] = value
                self.ready.append((self.row, values, self.beyond))
            self.cells = {}

    def _value(self) -> Any:
        """The cell just read, as openpyxl's read-only mode gives it (None when empty)."""
        kind, text = self.kind, self.value
        if kind == "inlineStr":
            return None if self.inline is None else "".join(self.inline)
        if not text:
            return None
        if kind == "n":
            number = float(text) if "." in text or "e" in text or "E" in text else int(text)
            style = int(self.style) if self.style else 0
            if style in self.dates:
                try:
                    return from_excel(number, self.epoch, timedelta=style in self.durations)
                except (OverflowError, ValueError):
                    return "#VALUE!"  # a date out of range: openpyxl's error value
            return number
        if kind == "s":
            index = int(text)
            if not 0 <= index < len(self.strings):
                raise FileRefused(f"{self.where} está dañada: una celda remite a un texto que el libro no tiene.")
            return self.strings[index]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's text), "e" (an error code such as #N/A)
