"""Post figures from the platforms' own exports, into Publicaciones.

The exports read: X's per-tweet activity file (analytics.twitter.com), YouTube Studio's content export
(CSV, or its ZIP with `Table data.csv`), and Meta Business Suite's Facebook and Instagram post exports with
English or Spanish headers (CSV or XLSX). TikTok has no importer: its figures are typed by hand.

Three steps. `parse_export` is pure: the file in (its bytes, its path or an upload, read as a stream within
the limits of core/files/limits.py by core/export_rows.py); out, each post with its figures already mapped to
the register's columns, the rows it could not use with the reason, and the account the file says it belongs to
(core/export_account.py). It copes with what real files do: a BOM, a `Total` row, month-first dates, `-` for no
value, columns that come and go, broken characters, `;` instead of `,` after Excel. `plan_import`
(core/metrics_plan.py) then matches each post with the register and says what would be created, updated, left
as it is or skipped, and whether `Cuentas` has the file's account; `apply_plan` writes that through the
register's one write path.

The command line imports at once (`import_metrics`); the Métricas page shows the plan first
(`plan_metrics_file`) and writes it when the person confirms (`confirm_import`).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from core.domain.permissions import require
from core.export_account import (
    ACCOUNT_COLUMNS,
    FROM_FILE_NAME,
    FROM_LINKS,
    ExportAccount,
    account_of,
    x_handle,
    x_handle_in_name,
)
from core.export_rows import EXPECTED, read_rows
from core.files.limits import FileRefused
from core.metrics_plan import (
    ACTION,
    FIX_BY_COMMAND,
    FIX_ON_PAGE,
    TAB,
    MetricsPlan,
    MetricsReport,
    Skipped,
    apply_plan,
    link_key,
    plan_import,
    post_keys,
)
from core.register import Writer
from core.sheet.cells import BOGOTA, MAX_DATE, MIN_DATE, CellError, is_empty, normalize, parse_url
from core.sheet.contract import PUBLICACIONES, RED

ID_CAP = PUBLICACIONES.column("ID en la red").cap

NETWORKS_WITH_IMPORTER = ("X", "YouTube", "Facebook", "Instagram")
HAND_ENTERED = ("La cuenta de TikTok no da una exportación por publicación que Divulga pueda leer: sus cifras "
                "se escriben a mano en cada publicación (Alcance, Reproducciones, Reacciones, Comentarios, "
                "Compartidos).")


class ExportError(ValueError):
    """The file cannot be read as a known export; nothing is written. The message is Spanish and says what
    was expected; `on_page` is the same for a page, where no command line is named."""

    def __init__(self, message: str, on_page: str | None = None):
        super().__init__(message)
        self.on_page = on_page or message


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
    account: ExportAccount = field(default_factory=ExportAccount)  # whose export it says it is


# --- the header row -----------------------------------------------------------------------------------------


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
            unsure = ("el archivo es una exportación de Meta Business Suite, pero no se sabe si es de Facebook o de "
                      "Instagram; ")
            raise ExportError(unsure + "indíquelo con --red Facebook o --red Instagram.",
                              unsure + "elija la red (Facebook o Instagram) en «Red» y vuelva a importar.")
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
    `ExportError` when the file cannot be read (over a limit of core/files/limits.py, or damaged) or is not a
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
    parsed.account = _account(network, headers, [row for _, row in body], cell, parsed.filename)


def _account(network: str, headers: _Headers, rows: list[list[str]], cell, filename: str) -> ExportAccount:
    """Whose export it is, as the file says (core/export_account.py): X's permalinks, else X's own file name;
    Meta's account column."""
    names: Counter[str] = Counter()
    if network == "X":
        names.update(handle for row in rows if (handle := x_handle(cell(row, "link"))))
        if names:
            return account_of(network, names, FROM_LINKS)
        handle = x_handle_in_name(filename)
        return account_of(network, Counter([handle] if handle else []), FROM_FILE_NAME)
    where = headers.find(ACCOUNT_COLUMNS.get(network, ()))
    if where is None:
        return ExportAccount()
    names.update(name for row in rows if where < len(row) and not is_empty(name := row[where].strip()))
    return account_of(network, names, f"la columna «{headers.headers[where]}»")


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




# --- importing -----------------------------------------------------------------------------------------------


def import_metrics(writer: Writer, parsed: ParsedExport, today: date | None = None) -> MetricsReport:
    """Plan and write the import of `parsed` at once, as the command line does (core/metrics_plan.py)."""
    return apply_plan(writer, plan_import(writer.register, parsed, today))


def _check_right(writer: Writer) -> None:
    """The person's right to import (`ActionRefused`); a writer without roles (the command line) has every
    right."""
    if writer.roles is not None:
        require(writer.roles, TAB, ACTION, {}, writer.area)


def import_metrics_file(writer: Writer, data: bytes | BinaryIO, filename: str,
                        network: str | None = None, today: date | None = None) -> MetricsReport:
    """Parse and import an uploaded file at once through `writer` (the person working, with their roles). The
    person's right to import is checked before the file is read (`ActionRefused`). A file that cannot be read
    gives a report whose `error` says why (nothing written); store failures raise `StoreError`, as every
    write does."""
    _check_right(writer)
    try:
        parsed = parse_export(data, filename=filename, network=network)
    except ExportError as error:
        return MetricsReport(filename=Path(filename or "").name, error=str(error))
    return import_metrics(writer, parsed, today)


def plan_metrics_file(writer: Writer, data: bytes | BinaryIO, filename: str, network: str | None = None,
                      today: date | None = None) -> MetricsPlan:
    """What the Métricas page previews: an uploaded file parsed and planned against the register, nothing
    written. The person's right to import is checked before the file is read (`ActionRefused`); a file that
    cannot be read raises `ExportError` (its `on_page` says why without naming a command)."""
    _check_right(writer)
    return plan_import(writer.register, parse_export(data, filename=filename, network=network), today, FIX_ON_PAGE)


def confirm_import(writer: Writer, previewed: MetricsPlan, today: date | None = None) -> MetricsReport:
    """Write what the page previewed: the same export planned again against the register as it is now (another
    import or an edit since the preview is not undone nor repeated), through the register's one write path.
    When the register changed since the preview, a notice says the counts differ from it."""
    _check_right(writer)
    plan = plan_import(writer.register, previewed.parsed, today, FIX_ON_PAGE)
    report = apply_plan(writer, plan)
    if plan.counts != previewed.counts:
        report.notices.append("el registro cambió entre la vista previa y la confirmación: se escribió lo que "
                              "correspondía al registro de ese momento")
    return report


__all__ = ["EXPECTED", "FIX_BY_COMMAND", "FIX_ON_PAGE", "HAND_ENTERED", "ExportError", "MetricsPlan",
           "MetricsReport", "ParsedExport", "PostFigures", "Skipped", "apply_plan", "confirm_import",
           "import_metrics", "import_metrics_file", "link_key", "parse_export", "plan_import", "plan_metrics_file",
           "post_keys"]
