"""Post figures from the platforms' own exports, into Publicaciones.

The exports read: X's per-tweet activity file (analytics.twitter.com), YouTube Studio's content export
(CSV, or its ZIP with `Table data.csv`), and Meta Business Suite's Facebook and Instagram post exports with
English or Spanish headers (CSV or XLSX). TikTok has no importer: its figures are typed by hand.

Two halves. `parse_export` is pure: the file in (its bytes, its path or an upload, read as a stream within the
limits of core/file_limits.py); out, each post with its figures already mapped to the register's columns, and
the rows it could not use with the reason. It copes with what real files do: a BOM, a `Total` row, month-first
dates, `-` for no value, columns that come and go, broken characters, `;` instead of `,` after Excel.
`import_metrics` then matches each post with the register by its ID on the network or its link (same network
only), creates the missing ones (`Origen` Cubrimiento) and writes the figures that differ, through the
register's one write path: one bulk create and one bulk update, each checked row by row. Only cells that
change are written, so importing a file again writes nothing.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import parse_qs, urlsplit

from core.cells import BOGOTA, MAX_DATE, MIN_DATE, CellError, is_empty, normalize, parse_url
from core.file_limits import MAX_RECORD_CHARS, Archive, Budget, FileRefused, check_column, opened, reading
from core.fmt import fmt_date, fmt_int
from core.layout import PUBLICACIONES, RED, today_in_bogota
from core.models import InvalidRecord
from core.permissions import require
from core.register import Register, Writer, row_values, validated
from core.store.base import by_contract
from core.xlsx_stream import open_book

TAB = PUBLICACIONES.name
ACTION = "importar métricas"
ORIGIN = "Cubrimiento"  # a post found only in an export was not asked for through a request
COPY_CAP = PUBLICACIONES.column("Copy").cap
ID_CAP = PUBLICACIONES.column("ID en la red").cap
CREATE_CHUNK = 5_000  # records per store call (a store splits them further into requests it can send)

NETWORKS_WITH_IMPORTER = ("X", "YouTube", "Facebook", "Instagram")
HAND_ENTERED = ("La cuenta de TikTok no da una exportación por publicación que Divulga pueda leer: sus cifras "
                "se escriben a mano en cada publicación (Alcance, Reproducciones, Reacciones, Comentarios, "
                "Compartidos).")
EXPECTED = ("una exportación de X (actividad de tweets: Tweet id, Tweet permalink, time, impressions, "
            "engagements…), de YouTube Studio (contenido: Video, Video title, Video publish time, Video views…) "
            "o de Meta Business Suite, en inglés o español (publicaciones de Facebook o Instagram: Post ID / "
            "Identificador de la publicación, Publish time / Hora de publicación, Permalink / Enlace "
            "permanente, Reach / Alcance…), en CSV o XLSX")


class ExportError(ValueError):
    """The file cannot be read as a known export; nothing is written. The message is Spanish and says what
    was expected."""


# --- what each export's columns mean -----------------------------------------------------------------------
# Header names as each platform writes them (English, and Spanish where the platform translates them);
# they are matched ignoring case, accents and extra spaces. Metrics map to Publicaciones' columns.

X_COLUMNS = {  # the tweet activity export; the newer account_analytics_content export in the second names
    "id": ("Tweet id", "Post id"),
    "link": ("Tweet permalink", "Post Link"),
    "text": ("Tweet text", "Post text"),
    "time": ("time", "Date"),
    "Impresiones": ("impressions",),
    "Interacciones": ("engagements",),
    "Compartidos": ("retweets", "Reposts"),
    "Comentarios": ("replies",),
    "Reacciones": ("likes",),
    "Guardados": ("Bookmarks",),
    "Clics": ("url clicks",),
}
YOUTUBE_COLUMNS = {
    "id": ("Video", "Content", "Contenido"),
    "text": ("Video title", "Título del video"),
    "time": ("Video publish time", "Hora de publicación del video"),
    "Reproducciones": ("Video views", "Views", "Vistas"),
    "Impresiones": ("Impressions", "Impresiones"),
    "Reacciones": ("Likes", "Me gusta"),
    "Comentarios": ("Comments added", "Comentarios añadidos"),
    "Compartidos": ("Shares", "Veces que se compartió"),
}
META_COLUMNS = {
    "id": ("Post ID", "Identificador de la publicación"),
    "link": ("Permalink", "Enlace permanente"),
    "text": ("Description", "Descripción"),
    "title": ("Title", "Título"),
    "time": ("Publish time", "Hora de publicación"),
    "type": ("Post type", "Tipo de publicación"),
    "date": ("Date", "Fecha"),
    "Reproducciones": ("Views", "Visualizaciones"),
    "Alcance": ("Reach", "Alcance"),
    "Impresiones": ("Impressions", "Impresiones"),
    "Comentarios": ("Comments", "Comentarios"),
    "Compartidos": ("Shares", "Veces que se compartió"),
}
FACEBOOK_COLUMNS = {
    **META_COLUMNS,
    "combined": ("Reactions, Comments and Shares", "Reacciones, comentarios y veces que se compartió"),
    "Reacciones": ("Reactions", "Reacciones"),
    "Clics": ("Total clicks", "Total de clics"),
}
INSTAGRAM_COLUMNS = {
    **META_COLUMNS,
    "Reacciones": ("Likes", "Me gusta"),
    "Guardados": ("Saves", "Veces que se guardó"),
}
# Headers only one of the two Meta exports has: they tell Facebook from Instagram.
FACEBOOK_MARKS = ("Page ID", "Identificador de la página", "Page name", "Nombre de la página", "Reactions",
                  "Reacciones", "Total clicks", "Total de clics", *FACEBOOK_COLUMNS["combined"])
INSTAGRAM_MARKS = ("Account ID", "Identificador de la cuenta", "Account username", "Nombre de usuario de la cuenta",
                   "Likes", "Me gusta", "Saves", "Veces que se guardó", "Follows", "Seguimientos")
# Facebook's older per-post Insights (e.g. the UCI data set): figures, but no post ID nor publish date.
INSIGHTS_MARKS = ("Lifetime Post Total Reach", "Lifetime Post Total Impressions", "Lifetime Engaged Users",
                  "Post Month", "Post Hour")

LIFETIME = {"", "lifetime", "total", "de por vida", "todo el tiempo", "vida util"}
NO_VALUE = {"", "-", "–", "—", "--", "n/a", "na", "null", "none"}
TOTAL_ROW = {"total", "totales", "totals"}
METRICS = ("Alcance", "Impresiones", "Reproducciones", "Interacciones", "Reacciones", "Comentarios",
           "Compartidos", "Guardados", "Clics")
PARTS = {  # what each network adds up to Interacciones (DOMAIN.md; X gives its own total)
    "YouTube": ("Reacciones", "Comentarios", "Compartidos"),
    "Facebook": ("Reacciones", "Comentarios", "Compartidos", "Clics"),
    "Instagram": ("Reacciones", "Comentarios", "Compartidos", "Guardados"),
}
LABELS = {"X": "X (actividad de tweets)", "YouTube": "YouTube Studio (contenido)",
          "Facebook": "Meta Business Suite (publicaciones de Facebook)",
          "Instagram": "Meta Business Suite (publicaciones de Instagram)"}


# --- what parsing gives ----------------------------------------------------------------------------------


@dataclass
class PostFigures:
    """One post of an export: how to find it, what a new record needs, and its figures by register column
    (only the columns the file has a value for)."""

    row: int  # the file's row number (the header is row 1), as a spreadsheet shows it
    network: str
    post_id: str | None
    link: str | None
    published: datetime | None  # Bogotá time
    text: str | None = None
    format: str | None = None
    metrics: dict[str, int] = field(default_factory=dict)
    published_problem: str | None = None  # why there is no publish time (a new post needs one)
    keys: set[tuple[str, str]] = field(default_factory=set)  # what finds it in the register (`post_keys`)


@dataclass(frozen=True)
class Skipped:
    row: int
    reason: str

    def __str__(self) -> str:
        return f"fila {self.row}: {self.reason}"


@dataclass
class ParsedExport:
    network: str
    label: str
    posts: list[PostFigures]
    skipped: list[Skipped]
    rows_read: int  # rows of posts (blank rows and the platform's total row not counted)
    as_of: date | None  # the end date the file name gives, if any
    notices: list[str] = field(default_factory=list)
    filename: str = ""


# --- reading the file into rows of text -----------------------------------------------------------------


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
    read as a stream within the limits of core/file_limits.py (`FileRefused` says which one a file breaks,
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


class _Headers:
    """The header row, looked up by any of a column's names (case, accents and spaces do not count)."""

    def __init__(self, headers: list[str]):
        self.headers = [header.strip().lstrip("\ufeff") for header in headers]
        self.index: dict[str, int] = {}
        for position, header in enumerate(self.headers):
            self.index.setdefault(normalize(header), position)

    def find(self, names: Iterable[str]) -> int | None:
        return next((self.index[normalize(name)] for name in names if normalize(name) in self.index), None)

    def has(self, names: Iterable[str]) -> bool:
        return self.find(names) is not None

    def count(self, names: Iterable[str]) -> int:
        return sum(1 for name in names if normalize(name) in self.index)

    def shown(self) -> str:
        listed = ", ".join(header for header in self.headers[:12] if header)
        return listed + (" …" if len(self.headers) > 12 else "")


# --- values ---------------------------------------------------------------------------------------------


class _RowProblem(Exception):
    """A row that cannot be used; the message is the reason shown next to its row number."""


_THOUSANDS = re.compile(r"\d{1,3}(?:([., ])\d{3})(?:\1\d{3})*")
_ZERO_DECIMALS = re.compile(r"(\d+)\.0{1,2}")
_ENGLISH_THOUSANDS_FLOAT = re.compile(r"(\d{1,3}(?:,\d{3})+)\.0{1,2}")
_SCIENTIFIC = re.compile(r"[\d.,]+[eE][+-]?\d+")


def _count(text: str, column: str) -> int | None:
    """A count as the exports write it: `1209`, `1209.0` (X), `1,209` or `1.209` (thousands); `-` is none."""
    if text.isdigit() and text.isascii():
        return int(text)
    if text.endswith(".0") and text[:-2].isdigit() and text.isascii():  # X writes every count so
        return int(text[:-2])
    text = text.strip().replace("\u00a0", " ")
    if text.lower() in NO_VALUE:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    for pattern in (_THOUSANDS, _ZERO_DECIMALS, _ENGLISH_THOUSANDS_FLOAT):
        match = pattern.fullmatch(text)
        if match:
            digits = match[1] if pattern is not _THOUSANDS else text
            return int(re.sub(r"\D", "", digits))
    if re.fullmatch(r"-\s*[\d.,]+", text):
        raise _RowProblem(f"{column}: «{text}» es negativo; se esperaba un número entero de 0 en adelante")
    raise _RowProblem(f"{column}: «{text}» no es un número entero")


def _post_id(text: str) -> str | None:
    """The post's ID as the export writes it; an ID Excel turned into a number (1,45E+18) lost its digits."""
    text = text.strip()
    if text.lower() in NO_VALUE:
        return None
    if _SCIENTIFIC.fullmatch(text):
        raise _RowProblem(f"el ID «{text}» perdió sus dígitos (Excel lo convirtió en número) y la fila no trae "
                          "enlace; exporte de nuevo y no abra el archivo en Excel antes de importarlo")
    if len(text) > ID_CAP:
        raise _RowProblem(f"el ID de la publicación tiene {len(text)} caracteres; no parece un ID")
    return text


def _link(text: str) -> str | None:
    text = text.strip()
    if text.lower() in NO_VALUE:
        return None
    try:
        return parse_url(text)
    except CellError:
        return None


_X_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})")
_NUMERIC_DATE = re.compile(r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap])?\.?\s*m?\.?", re.IGNORECASE)
_OFFSET = re.compile(r"(?<=\d)\s*(?:(?:UTC|GMT)\s*)?(?:([+-])(\d{2}):?(\d{2})|Z|UTC|GMT)$", re.IGNORECASE)
_MONTHS = {name: number for number, names in enumerate((
    ("jan", "ene"), ("feb",), ("mar",), ("apr", "abr"), ("may",), ("jun",), ("jul",), ("aug", "ago"),
    ("sep", "set"), ("oct",), ("nov",), ("dec", "dic")), start=1) for name in names}
_WORD_DATE = re.compile(r"(?:[a-z]+,?\s+)?([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", re.IGNORECASE)  # Aug 5, 2020


def _month_first(values: Iterable[str]) -> bool:
    """Whether a column's numeric dates put the month first. The exports do (`8-29-2020`, `03/25/2026`);
    a file that Excel rewrote day first shows it by a first number over 12."""
    day_first = month_first = False
    for value in values:
        match = _NUMERIC_DATE.match(value.strip())
        if match and len(match[1]) <= 2:
            first, second = int(match[1]), int(match[2])
            day_first |= first > 12 >= second
            month_first |= second > 12 >= first
    return month_first or not day_first


def _moment(text: str, month_first: bool, zone: Any) -> datetime | None:
    """A publish time as the exports write it, in `zone` unless it carries an offset; None when empty.
    `2021-10-29 17:00 +0000` (X), `8-29-2020` (YouTube), `03/25/2026 14:05` (Meta), `Tue, Jul 14, 2026`.
    A date without a time is that day at 0:00 in Bogotá."""
    match = _X_TIME.fullmatch(text)
    if match:  # X's own form, 10,000 times in a big export: read directly
        year, month, day, hour, minute, sign, hours, minutes = map(match.__getitem__, range(1, 9))
        shift = timedelta(hours=int(hours), minutes=int(minutes))
        zone = timezone(shift if sign == "+" else -shift) if shift else UTC
        return _checked(datetime(int(year), int(month), int(day), int(hour), int(minute), tzinfo=zone)
                        .astimezone(BOGOTA))
    text = " ".join(text.split())
    if text.lower() in NO_VALUE:
        return None
    offset = _OFFSET.search(text) if ":" in text else None
    if offset:
        if offset[1]:
            minutes = int(offset[2]) * 60 + int(offset[3])
            zone = timezone(timedelta(minutes=minutes if offset[1] == "+" else -minutes))
        else:
            zone = UTC
        text = text[:offset.start()].strip()
    if re.match(r"\d{4}-\d{2}-\d{2}T", text):
        text = text.replace("T", " ", 1)
    day, rest = _day_of(text, month_first)
    rest = rest.strip(" ,")
    if not rest:
        return _checked(datetime.combine(day, time(), BOGOTA))
    match = _CLOCK.fullmatch(rest)
    if not match:
        raise ValueError(rest)
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if match[4]:
        if not 1 <= hour <= 12:
            raise ValueError(rest)
        hour = hour % 12 + (12 if match[4].lower() == "p" else 0)
    return _checked(datetime.combine(day, time(hour, minute, second), zone).astimezone(BOGOTA))


def _checked(moment: datetime) -> datetime:
    if not MIN_DATE <= moment.date() <= MAX_DATE:
        raise ValueError(moment.isoformat())
    return moment


def _day_of(text: str, month_first: bool) -> tuple[date, str]:
    match = _NUMERIC_DATE.match(text)
    if match:
        a, b, c = match[1], match[2], match[3]
        if len(a) == 4:
            year, month, day = int(a), int(b), int(c)
        else:
            year = int(c) + (2000 if len(c) == 2 else 0)
            month, day = (int(a), int(b)) if month_first else (int(b), int(a))
        return date(year, month, day), text[match.end():]
    match = _WORD_DATE.match(text)
    if match and match[1][:3].lower() in _MONTHS:
        return date(int(match[3]), _MONTHS[match[1][:3].lower()], int(match[2])), text[match.end():]
    raise ValueError(text)


def _format_of(network: str, post_type: str, title: str | None) -> str | None:
    """Formato of a new post from the export's own post type (Meta) or the title's #shorts (YouTube)."""
    if network == "YouTube":
        return "Short" if title and "#shorts" in title.lower() else "Video"
    kind = normalize(post_type)
    if not kind:
        return None
    for words, form in ((("reel",), "Reel"), (("carousel", "carrusel", "secuencia", "album"), "Carrusel"),
                        (("story", "historia"), "Historia"), (("live", "en vivo", "en directo"), "En vivo"),
                        (("video",), "Video")):
        if any(word in kind for word in words):
            return form
    return "Publicación"


# --- recognising the export ------------------------------------------------------------------------------


def _network_asked(network: str | None) -> str | None:
    if is_empty(network):
        return None
    try:
        name = RED.read(str(network).strip())
    except CellError:
        name = str(network).strip()
    if name == "TikTok":
        raise ExportError(HAND_ENTERED)
    if name not in NETWORKS_WITH_IMPORTER:
        raise ExportError(f"«{network}» no es una red con exportación importable; use una de: "
                          f"{', '.join(NETWORKS_WITH_IMPORTER)} (TikTok se registra a mano).")
    return name


def _meta_network(headers: _Headers, rows: list[list[str]]) -> str | None:
    facebook, instagram = headers.count(FACEBOOK_MARKS), headers.count(INSTAGRAM_MARKS)
    if facebook != instagram:
        return "Facebook" if facebook > instagram else "Instagram"
    where = headers.find(META_COLUMNS["link"])
    hosts = {urlsplit(row[where].strip()).netloc.lower() for row in rows if where is not None and where < len(row)}
    if any("instagram." in host for host in hosts):
        return "Instagram"
    if any("facebook." in host or "fb." in host for host in hosts):
        return "Facebook"
    return None


def _recognise(headers: _Headers, rows: list[list[str]]) -> str:
    if headers.has(X_COLUMNS["id"][:1]) and headers.has(X_COLUMNS["Impresiones"]):
        return "X"
    if headers.has(YOUTUBE_COLUMNS["id"]) and headers.has(YOUTUBE_COLUMNS["Reproducciones"]) and (
            headers.has(YOUTUBE_COLUMNS["text"]) or headers.has(YOUTUBE_COLUMNS["time"])):
        return "YouTube"
    if headers.has(META_COLUMNS["time"]) or headers.has(META_COLUMNS["link"]):
        network = _meta_network(headers, rows)
        if network is None:
            raise ExportError("el archivo es una exportación de Meta Business Suite, pero no se sabe si es de "
                              "Facebook o de Instagram; indíquelo con --red Facebook o --red Instagram.")
        return network
    if headers.has(X_COLUMNS["id"]) and headers.has(X_COLUMNS["Impresiones"]) and headers.has(
            X_COLUMNS["Interacciones"]):
        return "X"
    if headers.count(INSIGHTS_MARKS) >= 2:
        raise ExportError(
            "el archivo tiene cifras de publicaciones de Facebook (Lifetime Post Total Reach…), pero no el "
            "identificador de cada publicación ni su fecha de publicación, así que no se puede saber a qué "
            "publicación corresponde cada fila. Se esperaba la exportación de publicaciones de Meta Business "
            "Suite, con Post ID / Identificador de la publicación, Publish time / Hora de publicación y "
            "Permalink / Enlace permanente.")
    raise ExportError(f"no es una exportación conocida. Se esperaba {EXPECTED}. Encabezados del archivo: "
                      f"{headers.shown()}.")


def _columns_for(network: str) -> dict[str, tuple[str, ...]]:
    return {"X": X_COLUMNS, "YouTube": YOUTUBE_COLUMNS, "Facebook": FACEBOOK_COLUMNS,
            "Instagram": INSTAGRAM_COLUMNS}[network]


def _check_required(network: str, headers: _Headers, columns: dict[str, tuple[str, ...]]) -> None:
    """The columns without which the file cannot be imported as `network`'s export."""
    missing = []
    if network == "YouTube":
        if not headers.has(columns["id"]):
            missing.append(" / ".join(columns["id"]))
    elif not headers.has(columns["id"]) and not headers.has(columns["link"]):
        missing.append(" / ".join(columns["id"]) + " (o " + " / ".join(columns["link"]) + ")")
    if not headers.has(columns["time"]):
        missing.append(" / ".join(columns["time"]))
    if not any(headers.has(columns[name]) for name in METRICS if name in columns) and not (
            "combined" in columns and headers.has(columns["combined"])):
        missing.append("ninguna columna de cifras (" + ", ".join(
            names[0] for name, names in columns.items() if name in METRICS) + ")")
    if missing:
        raise ExportError(f"el archivo no tiene las columnas de la exportación de {LABELS[network]}: falta "
                          f"{'; falta '.join(missing)}. Encabezados del archivo: {headers.shown()}.")


# --- parsing ---------------------------------------------------------------------------------------------


_FILE_DATES = (
    (re.compile(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)"), "ymd"),
    (re.compile(r"(?<![A-Za-z])([A-Za-z]{3,4})[-_ ](\d{1,2})[-_ ,]+(\d{4})(?!\d)"), "mdy"),
)


def dates_in_name(filename: str) -> list[date]:
    """Dates a file name carries: `…_20211001_20211101_en.csv` (X), `Mar-26-2025_Mar-26-2026_…csv` (Meta),
    `Content 2024-01-01_2024-01-31 …` (YouTube Studio)."""
    found = []
    for pattern, kind in _FILE_DATES:
        for match in pattern.finditer(Path(filename or "").name):
            try:
                if kind == "ymd":
                    day = date(int(match[1]), int(match[2]), int(match[3]))
                else:
                    month = _MONTHS.get(match[1][:3].lower())
                    if month is None:
                        continue
                    day = date(int(match[3]), month, int(match[2]))
            except ValueError:
                continue
            if date(2005, 1, 1) <= day <= MAX_DATE:
                found.append(day)
    return found


def parse_export(source: bytes | str | Path | BinaryIO, filename: str | None = None,
                 network: str | None = None) -> ParsedExport:
    """The posts of an export with their figures, and the rows that cannot be used with the reason.

    `source` is the file's bytes, its path, or an open binary file (an upload). `network` forces the
    export's network (aliases such as «Twitter» accepted); otherwise the headers tell it. Raises
    `ExportError` when the file cannot be read (over a limit of core/file_limits.py, or damaged) or is not a
    known export."""
    asked = _network_asked(network)
    if isinstance(source, (str, Path)):
        filename = filename or Path(source).name
    try:
        rows = read_rows(source)
    except OSError as error:
        raise ExportError(f"no se pudo leer el archivo {source}: {error.strerror or error}.") from None
    except FileRefused as error:
        raise ExportError(str(error)) from None
    numbered = [(number, row) for number, row in enumerate(rows, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise ExportError(f"el archivo no tiene filas; se esperaba {EXPECTED}.")
    header_number, header_row = numbered[0]
    headers = _Headers(header_row)
    body = numbered[1:]
    chosen = asked or _recognise(headers, [row for _, row in body])
    columns = _columns_for(chosen)
    _check_required(chosen, headers, columns)
    parsed = ParsedExport(chosen, LABELS[chosen], [], [], 0, max(dates_in_name(filename or ""), default=None),
                          filename=Path(filename or "").name)
    _parse_rows(parsed, headers, columns, body)
    return parsed


def _parse_rows(parsed: ParsedExport, headers: _Headers, columns: dict[str, tuple[str, ...]],
                body: list[tuple[int, list[str]]]) -> None:
    network = parsed.network
    where = {name: headers.find(names) for name, names in columns.items()}
    metric_columns = {name: position for name, position in where.items() if name in METRICS and position is not None}
    labels = {name: headers.headers[position] for name, position in where.items() if position is not None}

    def cell(row: list[str], name: str) -> str:
        position = where.get(name)
        return row[position] if position is not None and position < len(row) else ""

    times = [cell(row, "time") for _, row in body]
    month_first = _month_first(times)
    zone = UTC if network == "X" else BOGOTA  # X writes UTC (+0000); Meta and YouTube: see README
    seen: dict[str, int] = {}
    for number, row in body:
        raw_id = cell(row, "id").strip()
        if raw_id[:1].isalpha() and len(raw_id) < 10 and normalize(raw_id) in TOTAL_ROW:
            parsed.notices.append(f"fila {number}: «{raw_id}» es el total de la cuenta, no una publicación; "
                                  "no se importa")
            continue
        parsed.rows_read += 1
        try:
            post = _post(network, number, row, cell, metric_columns, labels, month_first, zone)
            post.keys = post_keys(network, post.post_id, post.link)
            for key in post.keys:
                if key in seen:
                    raise _RowProblem(f"repite la publicación de la fila {seen[key]}")
            for key in post.keys:
                seen[key] = number
        except _RowProblem as problem:
            parsed.skipped.append(Skipped(number, str(problem)))
            continue
        parsed.posts.append(post)


def _post(network: str, number: int, row: list[str], cell, metric_columns: dict[str, int], labels: dict[str, str],
          month_first: bool, zone) -> PostFigures:
    link = _link(cell(row, "link"))
    try:
        post_id = _post_id(cell(row, "id"))
    except _RowProblem:
        if link is None:
            raise
        post_id = None
    if network == "YouTube" and post_id:
        link = f"https://www.youtube.com/watch?v={post_id}"
    if post_id is None and link is None:
        raise _RowProblem("no tiene el ID de la publicación ni su enlace")
    if network in ("Facebook", "Instagram") and cell(row, "date").strip().lower() not in LIFETIME and normalize(
            cell(row, "date")) not in LIFETIME:
        raise _RowProblem(f"las cifras son de un solo día («{cell(row, 'date').strip()}» en {labels.get('date')}), "
                          "no del total de la publicación; exporte con «Lifetime» / «Total»")
    metrics: dict[str, int] = {}
    for name, position in metric_columns.items():
        value = _count(row[position] if position < len(row) else "", labels[name])
        if value is not None:
            metrics[name] = value
    _add_interactions(network, metrics, cell(row, "combined"), labels.get("combined", ""))
    published, problem = None, None
    raw_time = cell(row, "time")
    try:
        published = _moment(raw_time, month_first, zone)
        if published is None:
            problem = f"no tiene fecha de publicación ({labels.get('time')})"
    except (ValueError, OverflowError):
        problem = f"{labels.get('time')}: «{raw_time.strip()}» no es una fecha de publicación legible"
    text = cell(row, "text").strip() or cell(row, "title").strip() or None
    if text and network == "X" and "&" in text:
        text = html.unescape(text)  # X's export keeps the API's escapes: «&amp;» is «&»
    return PostFigures(number, network, post_id, link, published, text,
                       _format_of(network, cell(row, "type"), text) if network != "X" else None, metrics, problem)


def _add_interactions(network: str, metrics: dict[str, int], combined: str, combined_label: str) -> None:
    """Interacciones as DOMAIN.md counts it per network: X's own `engagements`; the sum of the parts
    elsewhere (Facebook's `Reactions, Comments and Shares` stands for its three parts when they are absent)."""
    if network == "X":
        return
    parts = [metrics[name] for name in PARTS[network] if name in metrics]
    if network == "Facebook" and not any(name in metrics for name in ("Reacciones", "Comentarios", "Compartidos")):
        together = _count(combined, combined_label) if combined_label else None
        if together is not None:
            parts = [together, *([metrics["Clics"]] if "Clics" in metrics else [])]
    if parts:
        metrics["Interacciones"] = sum(parts)


# --- matching posts with the register ------------------------------------------------------------------------

_ID_IN_LINK = {network: tuple(map(re.compile, patterns)) for network, patterns in {
    "X": (r"/status(?:es)?/(\d+)",),
    "YouTube": (r"[?&]v=([\w-]{6,})", r"youtu\.be/([\w-]{6,})", r"/(?:shorts|live|embed)/([\w-]{6,})"),
    "Facebook": (r"/posts/([\w.-]+)", r"/videos/(?:[\w.-]+/)?(\d+)", r"/reel/(\d+)", r"story_fbid=([\w-]+)",
                 r"[?&]fbid=(\d+)", r"/permalink/(\d+)", r"[?&]v=(\d+)"),
    "Instagram": (r"/(?:p|reel|reels|tv)/([\w-]+)",),
    "TikTok": (r"/video/(\d+)",),
}.items()}
_HOSTS = {"twitter.com": "x.com", "mobile.twitter.com": "x.com", "youtu.be": "youtube.com", "m.facebook.com":
          "facebook.com", "web.facebook.com": "facebook.com"}


def link_key(link: str) -> str:
    """A permalink as comparable text: no scheme, `www.`, trailing slash nor tracking query (twitter.com is
    x.com); the query a network needs to name the post (`v=`, `story_fbid=`…) is kept."""
    parts = urlsplit(link.strip())
    host = parts.netloc.lower().removeprefix("www.")
    host = _HOSTS.get(host, host)
    kept = {name: values for name, values in parse_qs(parts.query).items()
            if name in ("v", "story_fbid", "id", "fbid")}
    query = "&".join(f"{name}={values[0]}" for name, values in sorted(kept.items()))
    return f"{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


def post_keys(network: str, post_id: Any, link: Any) -> set[tuple[str, str]]:
    """What identifies a post on its network: its ID (a Facebook `page_post` ID also by its post part), its
    link, and the ID its link carries."""
    keys: set[tuple[str, str]] = set()
    if not is_empty(post_id):
        text = str(post_id).strip()
        keys.add(("id", text))
        if network == "Facebook" and "_" in text:
            keys.add(("id", text.rsplit("_", 1)[1]))
    if not is_empty(link):
        text = str(link).strip()
        for pattern in _ID_IN_LINK.get(network, ()):
            match = pattern.search(text)
            if match:
                keys.add(("id", match[1]))
                break
        else:  # a link that names no post ID is compared whole
            keys.add(("link", link_key(text)))
    return keys


class _Index:
    """Where each key of a network's posts lies in Publicaciones: good rows, and rows with errors."""

    def __init__(self, register: Register, network: str):
        result = register.read_tab(TAB)
        frame = result.frame
        same = frame[frame["Red"] == network]
        self.frame = frame
        self.rows: dict[tuple[str, str], set[int]] = {}
        for number, post_id, link in zip(same.index, same["ID en la red"].to_numpy(dtype=object),
                                         same["Enlace"].to_numpy(dtype=object)):
            for key in post_keys(network, post_id, link):
                self.rows.setdefault(key, set()).add(int(number))
        self.bad: dict[tuple[str, str], set[int]] = {}
        bad_rows = result.bad_row_numbers
        if bad_rows:  # a post whose register row has errors must not be created again beside it
            extra = register.context().extra_networks
            raw = register.store.read([PUBLICACIONES]).get(TAB)
            for index, cells in enumerate(raw.rows if raw else []):
                if index + 2 not in bad_rows:
                    continue
                values = by_contract(PUBLICACIONES, raw.headers, cells)
                try:
                    red = RED.read(str(values.get("Red") or "").strip(), extra)
                except CellError:
                    continue
                if red == network:
                    for key in post_keys(network, values.get("ID en la red"), values.get("Enlace")):
                        self.bad.setdefault(key, set()).add(index + 2)

    def find(self, keys: set[tuple[str, str]]) -> tuple[set[int], set[int]]:
        good = set().union(*(self.rows.get(key, set()) for key in keys))
        bad = set().union(*(self.bad.get(key, set()) for key in keys))
        return good, bad


# --- importing -----------------------------------------------------------------------------------------------


@dataclass
class MetricsReport:
    """What an import did: counts, the rows skipped with their reason, notices, and one summary line."""

    network: str | None = None
    label: str = ""
    filename: str = ""
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    as_of: date | None = None
    as_of_source: str = ""
    error: str | None = None  # the file could not be read: nothing was written

    @property
    def summary(self) -> str:
        if self.error:
            return f"No se importó nada: {self.error}"
        return (f"Métricas de {self.label}: {fmt_int(self.rows_read)} filas leídas; publicaciones creadas: "
                f"{fmt_int(self.created)}, actualizadas: {fmt_int(self.updated)}, sin cambios: "
                f"{fmt_int(self.unchanged)}, omitidas: {fmt_int(len(self.skipped))}.")

    def lines(self) -> list[str]:
        """Everything to show, in order: skipped rows, notices, the date of the figures, the summary."""
        if self.error:
            return [self.summary]
        out = [f"omitida: {skipped}" for skipped in sorted(self.skipped, key=lambda s: s.row)]
        out += [f"aviso: {notice}" for notice in self.notices]
        if self.as_of:
            out.append(f"Cifras al {fmt_date(self.as_of)} ({self.as_of_source}).")
        out.append(self.summary)
        return out


def _day(value: Any) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def import_metrics(writer: Writer, parsed: ParsedExport, today: date | None = None) -> MetricsReport:
    """Match, create and update the posts of `parsed` in Publicaciones (see the module docstring).

    `Métricas al` is the export's end date when its file name gives one (never later than `today`), else
    `today`; it is written only with figures that changed, so a second import of the same file, on any
    day, writes nothing. A post whose stored `Métricas al` is later than the file's date keeps its figures
    (the file is older)."""
    today = today or today_in_bogota()
    report = MetricsReport(parsed.network, parsed.label, parsed.filename, parsed.rows_read,
                           skipped=list(parsed.skipped), notices=list(parsed.notices))
    if parsed.as_of:
        report.as_of = min(parsed.as_of, today)
        report.as_of_source = "fecha final que da el nombre del archivo"
    else:
        report.as_of, report.as_of_source = today, "día de la importación: el nombre del archivo no trae fechas"
    index = _Index(writer.register, parsed.network)
    frame = index.frame
    creates: list[tuple[int, dict[str, Any]]] = []
    matched: list[tuple[PostFigures, int]] = []
    for post in parsed.posts:
        good, bad = index.find(post.keys)
        if bad:
            rows = ", ".join(map(str, sorted(bad)))
            report.skipped.append(Skipped(post.row, f"coincide con la fila {rows} de {TAB}, que tiene errores; "
                                          "corríjala (python -m core verificar) y vuelva a importar"))
        elif len(good) > 1:
            rows = ", ".join(map(str, sorted(good)))
            report.skipped.append(Skipped(post.row, f"coincide con {len(good)} publicaciones de {TAB} (filas "
                                          f"{rows}); deje una sola y vuelva a importar"))
        elif good:
            matched.append((post, next(iter(good))))
        elif post.published is None:
            report.skipped.append(Skipped(post.row, f"no está en {TAB} y no se puede crear: {post.published_problem}"))
        else:
            creates.append((post.row, _new_record(post, report)))
    edits: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
    older = 0
    stored = frame.loc[[number for _, number in matched]].to_dict("records") if matched else []
    for (post, _), values in zip(matched, stored, strict=True):
        seen = row_values(values)
        changes, was_older = _changes(post, seen, report.as_of, bool(parsed.as_of))
        older += was_older
        if changes:
            edits.append((post.row, seen, changes))
        else:
            report.unchanged += 1
    if older:
        report.notices.append(f"{fmt_int(older)} publicaciones tienen en {TAB} cifras más recientes (Métricas al "
                              f"posterior al {fmt_date(report.as_of)}): sus cifras no se cambiaron")
    _create(writer, creates, report)
    _update(writer, edits, report)
    return report


def _changes(post: PostFigures, seen: dict[str, Any], as_of: date, dated_file: bool) -> tuple[dict[str, Any], bool]:
    """The cells of a stored post this export changes: figures that differ (with `Métricas al`), and the
    post's ID, link and publish time when the register lacks them. (changes, whether the file is older)."""
    changes: dict[str, Any] = {}
    stored_day = _day(seen.get("Métricas al"))
    older = dated_file and stored_day is not None and stored_day > as_of
    if not older:
        changes = {name: value for name, value in post.metrics.items() if seen.get(name) != value}
        if changes and stored_day != as_of:
            changes["Métricas al"] = as_of
    if is_empty(seen.get("ID en la red")) and post.post_id:
        changes["ID en la red"] = post.post_id
    if is_empty(seen.get("Enlace")) and post.link:
        changes["Enlace"] = post.link
    if seen.get("Estado") == "Programada":  # it is in the platform's export: it was published
        changes["Estado"] = "Publicada"
    if seen.get("Publicada") is None and post.published is not None and seen.get("Estado") != "Cancelada":
        changes["Publicada"] = post.published
    return changes, older and any(seen.get(name) != value for name, value in post.metrics.items())


def _new_record(post: PostFigures, report: MetricsReport) -> dict[str, Any]:
    text = post.text
    if text and len(text) > COPY_CAP:
        report.notices.append(f"fila {post.row}: el texto tiene {fmt_int(len(text))} caracteres; se guardan los "
                              f"primeros {fmt_int(COPY_CAP)} en Copy")
        text = text[:COPY_CAP - 1] + "…"
    return {"Origen": ORIGIN, "Red": post.network, "Formato": post.format, "Programada": post.published,
            "Publicada": post.published, "Copy": text, "Enlace": post.link, "ID en la red": post.post_id,
            "Estado": "Publicada", **post.metrics, "Métricas al": report.as_of if post.metrics else None}


def _create(writer: Writer, creates: list[tuple[int, dict[str, Any]]], report: MetricsReport) -> None:
    """Append the new posts in bulk; a record the register refuses is skipped with its reason and the
    others are still written."""
    context = writer.register.context()
    for start in range(0, len(creates), CREATE_CHUNK):
        chunk = creates[start:start + CREATE_CHUNK]
        try:
            writer.create_many(TAB, [record for _, record in chunk], action=ACTION)
        except InvalidRecord:
            good = []
            for row, record in chunk:
                try:
                    validated(PUBLICACIONES, record, context)
                except InvalidRecord as error:
                    reasons = "; ".join(str(problem) for problem in error.errors)
                    report.skipped.append(Skipped(row, f"no se pudo crear: {reasons}"))
                    continue
                good.append(record)
            if good:
                writer.create_many(TAB, good, action=ACTION)
            report.created += len(good)
            continue
        report.created += len(chunk)


def _update(writer: Writer, edits: list[tuple[int, dict[str, Any], dict[str, Any]]], report: MetricsReport) -> None:
    if not edits:
        return
    results = writer.update_many(TAB, [(seen, changes) for _, seen, changes in edits], action=ACTION)
    for (row, _, _), result in zip(edits, results, strict=True):
        if result.error is not None:
            report.skipped.append(Skipped(row, f"no se actualizó: {result.error}"))
        elif result.fields:
            report.updated += 1
        else:
            report.unchanged += 1


def import_metrics_file(writer: Writer, data: bytes | BinaryIO, filename: str,
                        network: str | None = None, today: date | None = None) -> MetricsReport:
    """What the Métricas page calls with an uploaded file: parse and import it through `writer` (the person
    working, with their roles). The person's right to import is checked before the file is read
    (`ActionRefused`). A file that cannot be read gives a report whose `error` says why (nothing written);
    store failures raise `StoreError`, as every write does."""
    if writer.roles is not None:  # a writer without roles (the command line) has every right
        require(writer.roles, TAB, ACTION, {}, writer.area)
    try:
        parsed = parse_export(data, filename=filename, network=network)
    except ExportError as error:
        return MetricsReport(filename=Path(filename or "").name, error=str(error))
    return import_metrics(writer, parsed, today)


__all__ = ["EXPECTED", "HAND_ENTERED", "ExportError", "MetricsReport", "ParsedExport", "PostFigures", "Skipped",
           "import_metrics", "import_metrics_file", "parse_export", "post_keys"]
