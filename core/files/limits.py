"""Limits on every file people hand in (`importar`, `importar-metricas`, the upload on Métricas).

A file is measured before it is believed: its size before it is opened, a zip's directory before it is
listed, each member's size and compression before it is decompressed, and rows, columns and cells as they
are read, so memory stays bounded whatever the file says about itself (a 13 KB workbook whose sheet claims
A1:XFD1048576, a 1.5 MB zip holding a 1.5 GB CSV). What breaks a limit, and a damaged file (broken XML,
bad compressed data, a broken zip), is a `FileRefused` whose Spanish message names the limit or the damage
and what to do; each importer words it as its own refusal, and nothing is written.
"""

from __future__ import annotations

import io
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO
from xml.parsers.expat import ExpatError

from core.fmt import fmt_int

MB = 1024 * 1024
MAX_FILE_BYTES = 100 * MB  # the file as handed in (the 100,000-row demo register exports to 17 MB)
MAX_MEMBERS = 1_000  # files inside a zip (an .xlsx from Excel has a few dozen)
MAX_DIRECTORY_BYTES = 1 * MB  # a zip's list of members, read before any member
MAX_MEMBER_BYTES = 300 * MB  # one member, decompressed (the demo's largest sheet: 63 MB)
MAX_UNZIPPED_BYTES = 500 * MB  # every member read from one file, decompressed (the demo's sheets: 137 MB)
MAX_RATIO = 100  # decompressed / compressed size of a member (sheets and CSVs: 5 to 15)
RATIO_FLOOR = 1 * MB  # smaller members may compress as much as they like
MAX_ROWS = 200_000  # rows of one file, over the sheets read (twice the 100,000-row benchmark register)
MAX_COLUMNS = 200  # the last column with data in a row (a register tab has at most 33, an export about 40)
MAX_CELLS = 4_000_000  # cells kept from one file (the 100,000-row demo register: 2.6 million)
MAX_RECORD_CHARS = 1_000_000  # characters of one CSV row, its quoted line breaks included
MAX_CELL_CHARS = 100_000  # characters of one cell of a workbook (Excel holds 32,767; the register 50,000)
MAX_STYLES = 64_000  # an xlsx's cell formats (Excel itself allows about 64,000)

SPLIT = "divídalo en archivos más pequeños e impórtelos uno tras otro"


class FileRefused(ValueError):
    """A file Divulga will not read: over a limit, or damaged. The message is Spanish, starts in lower case
    (each importer puts it after its own words) and says what to do."""


def _mb(size: int) -> str:
    return f"{fmt_int(size / MB)} MB" if size >= MB else f"{fmt_int(size / 1024)} KB"


def limits_text() -> str:
    """The limits as people read them (the command's help, the upload's caption)."""
    return (f"hasta {_mb(MAX_FILE_BYTES)}, {fmt_int(MAX_ROWS)} filas, {MAX_COLUMNS} columnas y {fmt_int(MAX_CELLS)} "
            f"celdas por archivo, y {_mb(MAX_UNZIPPED_BYTES)} una vez descomprimido")


def check_size(size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise FileRefused(f"el archivo pesa {_mb(size)}; el límite es {_mb(MAX_FILE_BYTES)} por archivo: {SPLIT}.")


@contextmanager
def opened(source: bytes | str | Path | BinaryIO) -> Iterator[BinaryIO]:
    """The file as a seekable binary stream, its size checked before a byte is read. A path that cannot be
    opened raises `OSError` (each caller words it)."""
    if isinstance(source, (str, Path)):
        found = os.stat(source)
        if not stat.S_ISREG(found.st_mode):
            raise FileRefused("no es un archivo sino una carpeta o un dispositivo.")
        check_size(found.st_size)
        with open(source, "rb") as stream:
            yield stream
        return
    stream = io.BytesIO(source) if isinstance(source, (bytes, bytearray, memoryview)) else source
    stream.seek(0, io.SEEK_END)
    check_size(stream.tell())
    stream.seek(0)
    yield stream


@contextmanager
def reading() -> Iterator[None]:
    """Turn what a damaged file makes a reader raise into a `FileRefused`; as a last resort, anything
    unexpected while reading is one too, so a file can never end in a traceback."""
    try:
        yield
    except FileRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
        raise FileRefused(f"el archivo está dañado: sus datos comprimidos no se pueden leer ({error}). Descárguelo o "
                          "guárdelo de nuevo y vuelva a intentarlo.") from None
    except ExpatError as error:
        raise FileRefused(f"el archivo está dañado: su XML no se puede leer ({error}). Ábralo en Excel, guárdelo "
                          "de nuevo y vuelva a intentarlo.") from None
    except UnicodeError as error:
        raise FileRefused(f"el archivo tiene caracteres que no se pueden leer ({error}). Guárdelo de nuevo como "
                          "UTF-8 y vuelva a intentarlo.") from None
    except MemoryError:
        raise FileRefused(f"el archivo no cabe en la memoria del servidor: {SPLIT}.") from None
    except Exception as error:  # noqa: BLE001 - the last resort: a file people hand in never ends in a traceback
        raise FileRefused(f"el archivo no se pudo leer ({type(error).__name__}: {error}); parece dañado. Descárguelo "
                          "o guárdelo de nuevo y vuelva a intentarlo.") from None


class Budget:
    """What one file may still hold, counted as it is read: rows (over every sheet read), cells kept, and
    bytes decompressed."""

    def __init__(self) -> None:
        self.rows_before = 0  # the rows of the parts (sheets) already read
        self.cells = 0
        self.unzipped = 0

    def row(self, number: int, where: str | None = None) -> None:
        """Row `number` of the part being read (`where`: a sheet) has data. Rows count by position: the
        empty rows before it are kept too."""
        if self.rows_before + number > MAX_ROWS:
            found = f" ({where} tiene datos en la fila {fmt_int(number)})" if where else ""
            raise FileRefused(f"el archivo tiene más de {fmt_int(MAX_ROWS)} filas{found}; el límite es "
                              f"{fmt_int(MAX_ROWS)} filas por archivo: {SPLIT}.")

    def part_done(self, rows: int) -> None:
        self.rows_before += rows

    def keep(self, cells: int) -> None:
        self.cells += cells
        if self.cells > MAX_CELLS:
            raise FileRefused(f"el archivo tiene más de {fmt_int(MAX_CELLS)} celdas (filas por columnas); el límite "
                              f"es {fmt_int(MAX_CELLS)} por archivo: {SPLIT}.")


def check_column(column: int, where: str) -> None:
    if column > MAX_COLUMNS:
        raise FileRefused(f"{where} tiene datos en la columna {column_name(column)} (la {fmt_int(column)}); el "
                          f"límite es {MAX_COLUMNS} columnas. Borre lo que sobra a la derecha y vuelva a intentarlo.")


def check_text(size: int, where: str) -> None:
    if size > MAX_CELL_CHARS:
        raise FileRefused(f"{where} tiene una celda de más de {fmt_int(MAX_CELL_CHARS)} caracteres; el límite es "
                          f"{fmt_int(MAX_CELL_CHARS)} (Excel mismo no guarda más de 32.767). El archivo parece dañado.")


def column_name(number: int) -> str:
    """A column's letters as Excel shows them: 1 -> A, 16384 -> XFD."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- zip files (an .xlsx is one) ------------------------------------------------------------------------------

_END = b"PK\x05\x06"
_END64_LOCATOR = b"PK\x06\x07"
_END64 = b"PK\x06\x06"


def _directory(stream: BinaryIO) -> tuple[int, int]:
    """How many members a zip's end record announces, and how long its directory is, read before the
    directory itself (zipfile would build an object per member first)."""
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    start = max(0, size - 22 - 65_535)  # the end record, and the longest comment after it
    stream.seek(start)
    tail = stream.read()
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < 22:
        raise zipfile.BadZipFile("no tiene el registro final de un ZIP")
    members, directory = struct.unpack("<H", tail[at + 10:at + 12])[0], struct.unpack("<L", tail[at + 12:at + 16])[0]
    if at >= 20 and tail[at - 20:at - 16] == _END64_LOCATOR:  # ZIP64: the counts are in a record of their own
        stream.seek(struct.unpack("<Q", tail[at - 12:at - 4])[0])
        record = stream.read(56)
        if record[:4] == _END64 and len(record) == 56:
            members, directory = struct.unpack("<QQ", record[32:48])
    stream.seek(0)
    return members, directory


class Archive:
    """A zip handed in, opened only when its directory is within the limits; each member is measured
    before it is decompressed. (zipfile itself never yields more than a member's declared size, and a
    member whose data does not match it fails its CRC: the declared sizes are what is checked.)"""

    def __init__(self, stream: BinaryIO, budget: Budget):
        members, directory = _directory(stream)
        if members > MAX_MEMBERS or directory > MAX_DIRECTORY_BYTES:
            raise FileRefused(f"el archivo comprimido contiene {fmt_int(members)} archivos ({_mb(directory)} de "
                              f"índice); el límite es {fmt_int(MAX_MEMBERS)} archivos. No parece una exportación "
                              "ni un libro de Excel.")
        self.zip = zipfile.ZipFile(stream)
        self.budget = budget

    def names(self) -> list[str]:
        return self.zip.namelist()

    def open(self, name: str) -> BinaryIO:
        """A member's decompressed bytes as a stream, after its sizes pass the limits."""
        info = self.zip.getinfo(name)
        size = info.file_size
        if size > MAX_MEMBER_BYTES:
            raise FileRefused(f"«{name}», dentro del archivo, ocupa {_mb(size)} al descomprimirlo; el límite es "
                              f"{_mb(MAX_MEMBER_BYTES)}: {SPLIT}.")
        if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            raise FileRefused(f"«{name}», dentro del archivo, se comprime {fmt_int(size / max(info.compress_size, 1))} "
                              f"veces; el límite es {MAX_RATIO} veces. Un archivo así no es una exportación ni un "
                              "libro de Excel (es una «bomba de compresión»).")
        self.budget.unzipped += size
        if self.budget.unzipped > MAX_UNZIPPED_BYTES:
            raise FileRefused(f"el archivo ocupa más de {_mb(MAX_UNZIPPED_BYTES)} al descomprimirlo; el límite es "
                              f"{_mb(MAX_UNZIPPED_BYTES)}: {SPLIT}.")
        return self.zip.open(info)
