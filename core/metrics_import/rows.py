"""A platform export's rows as text, read as a stream within the limits of core/files/limits.py: a CSV (UTF-8 with
or without BOM, UTF-16 with BOM, or Windows-1252 as Excel writes it in Spanish; `,` `;` or tab), an XLSX
workbook (its first sheet), or a ZIP holding the export's CSV (YouTube Studio's `Table data.csv`). What a file
breaks, or how it is damaged, is a `FileRefused` that says what was expected (`EXPECTED`). The metrics import
(core/metrics_import/export.py) reads its files here.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from core.files.limits import MAX_RECORD_CHARS, Archive, Budget, FileRefused, check_column, opened, reading
from core.files.xlsx_stream import open_book
from core.fmt import fmt_int

EXPECTED = ("una exportación de X (actividad de tweets: Tweet id, Tweet permalink, time, impressions, "
            "engagements…), de YouTube Studio (contenido: Video, Video title, Video publish time, Video views…) "
            "o de Meta Business Suite, en inglés o español (publicaciones de Facebook o Instagram: Post ID / "
            "Identificador de la publicación, Publish time / Hora de publicación, Permalink / Enlace "
            "permanente, Reach / Alcance…), en CSV o XLSX")


_BROKEN_UTF8 = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")  # a UTF-8 lead byte and a continuation byte
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_READ_CHUNK = 1024 * 1024


def _encoding(stream: BinaryIO) -> tuple[str, str]:
    """How a CSV is decoded, as the platforms and Excel write it: UTF-8 with or without BOM (a few broken
    bytes show as �), UTF-16 with BOM (Excel's «Unicode text»), else Windows-1252 (Excel's «CSV» in Spanish).
    Found in one pass over the bytes, a chunk at a time. (encoding, errors)"""
    head = stream.read(3)
    stream.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "replace"
    if head.startswith(_UTF16_BOMS):
        return "utf-16", "replace"
    decoder = codecs.getincrementaldecoder("utf-8")()
    valid, broken, last = True, False, b""
    while (chunk := stream.read(_READ_CHUNK)) and (valid or not broken):
        if valid:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                valid = False
        broken = broken or bool(_BROKEN_UTF8.search(last + chunk))
        last = chunk[-1:]
    if valid:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            valid = False
    stream.seek(0)
    if valid:
        return "utf-8", "strict"
    return ("utf-8", "replace") if broken else ("cp1252", "replace")  # UTF-8 after all, with some bytes broken


class _Lines:
    """A CSV's lines for csv.reader, a row (its quoted line breaks included) refused once it is longer than
    MAX_RECORD_CHARS, before it is held; `row_done` starts counting the next row."""

    def __init__(self, text: io.TextIOBase):
        self.text = text
        self.chars = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.text.readline(MAX_RECORD_CHARS - self.chars + 1)
        if not line:
            raise StopIteration
        self.chars += len(line)
        if self.chars > MAX_RECORD_CHARS:
            raise FileRefused(f"una fila del archivo tiene más de {fmt_int(MAX_RECORD_CHARS)} caracteres; el límite "
                              f"es {fmt_int(MAX_RECORD_CHARS)}. No parece una exportación; se esperaba {EXPECTED}.")
        return line

    def row_done(self) -> None:
        self.chars = 0


def _csv_rows(stream: BinaryIO, budget: Budget) -> list[list[str]]:
    """The CSV's rows, decoded and split as they are read (empty cells at the end of a row dropped); the
    delimiter is the one of `,` `;` or tab the first line has most of."""
    encoding, errors = _encoding(stream)
    first = stream.read(64 * 1024).decode(encoding, errors="replace").split("\n", 1)[0]
    stream.seek(0)
    delimiter = max((",", ";", "\t"), key=first.count)
    text = io.TextIOWrapper(stream, encoding=encoding, errors=errors, newline="")
    lines = _Lines(text)
    rows: list[list[str]] = []
    try:
        for row in csv.reader(lines, delimiter=delimiter):
            lines.row_done()
            while row and not row[-1]:
                row.pop()
            budget.row(len(rows) + 1)
            check_column(len(row), f"la fila {fmt_int(len(rows) + 1)} del archivo")
            budget.keep(len(row))
            rows.append(row)
    except csv.Error as error:
        raise FileRefused(f"el archivo no se puede leer como CSV ({error}); se esperaba {EXPECTED}.") from None
    finally:
        text.detach()  # the stream is its opener's to close
    return rows


def _xlsx_rows(stream: BinaryIO, budget: Budget) -> list[Sequence[str]]:
    """The first sheet's rows as text, read as a stream (the empty rows between rows kept, as one tuple)."""
    book = open_book(stream, budget)
    if not book.sheets:
        raise FileRefused(f"el libro de Excel no tiene hojas; se esperaba {EXPECTED}.")
    title, member = book.sheets[0]
    rows: list[Sequence[str]] = []
    for number, values in book.rows(member, f"la hoja «{title}»", budget):
        rows.extend([()] * (number - 1 - len(rows)))
        budget.keep(len(values))
        rows.append([_xlsx_text(value) for value in values])
    return rows


def _xlsx_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return str(value)  # a long ID Excel kept as a number comes out as 1.4541309114574111e+18: refused below


def _zip_rows(stream: BinaryIO, budget: Budget) -> list[Sequence[str]]:
    """An XLSX workbook, or a ZIP holding the export's CSV (YouTube Studio's `Table data.csv`)."""
    archive = Archive(stream, budget)
    names = archive.names()
    if "[Content_Types].xml" in names:
        stream.seek(0)
        return _xlsx_rows(stream, budget)
    tables = [name for name in names if name.lower().endswith(".csv")]
    tables.sort(key=lambda name: (Path(name).name.lower() != "table data.csv", name))
    if not tables:
        raise FileRefused(f"el archivo ZIP no contiene ningún CSV; se esperaba {EXPECTED}.")
    with archive.open(tables[0]) as member:
        return _csv_rows(member, budget)


def read_rows(source: bytes | str | Path | BinaryIO) -> list[Sequence[str]]:
    """The file's rows as text: a CSV, an XLSX workbook (first sheet) or a ZIP holding the export's CSV,
    read as a stream within the limits of core/files/limits.py (`FileRefused` says which one a file breaks,
    or how it is damaged). A path that cannot be opened raises `OSError`."""
    with opened(source) as stream, reading():
        budget = Budget()
        head = stream.read(4096)
        stream.seek(0)
        if head[:4] == b"PK\x03\x04":
            return _zip_rows(stream, budget)
        if not head.strip() and len(head) < 4096:
            raise FileRefused(f"el archivo está vacío; se esperaba {EXPECTED}.")
        if b"\x00" in head and not head.startswith(_UTF16_BOMS):
            raise FileRefused(f"el archivo no es de texto ni un libro de Excel; se esperaba {EXPECTED}.")
        return _csv_rows(stream, budget)


__all__ = ["EXPECTED", "read_rows"]
