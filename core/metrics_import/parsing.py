"""Counts, post IDs, links and dates as the platforms' exports write them.

Not core.sheet.cells' parsers, on purpose: those read what people type in the register in Colombia (day first
`3/10/2026`, es-CO thousands `1.234`, Bogotá time, no offset) and refuse anything else. The exports are written
by the platforms in English locales and then often rewritten by Excel, so the rules differ: month first
(`03/25/2026`, `8-29-2020`, unless a column's values show a file that Excel rewrote day first), a UTC offset
(`2021-10-29 17:00 +0000`), `Aug 5, 2020`, counts as `1,209`, `1.209` or `1209.0`, `-` for no value, and an ID
that Excel turned into `1,45E+18`. A value that cannot be read skips its row with the reason (`RowProblem`),
naming the file's column, instead of refusing a cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from core.metrics_import.platforms import NO_VALUE
from core.sheet.cells import BOGOTA, MAX_DATE, MIN_DATE, CellError, parse_url
from core.sheet.contract import POSTS_TAB

ID_CAP = POSTS_TAB.column("ID en la red").cap


class RowProblem(Exception):
    """A row that cannot be used; the message is the reason shown next to its row number."""


# --- counts, IDs, links -----------------------------------------------------------------------------------

_THOUSANDS = re.compile(r"\d{1,3}(?:([., ])\d{3})(?:\1\d{3})*")
_ZERO_DECIMALS = re.compile(r"(\d+)\.0{1,2}")
_ENGLISH_THOUSANDS_FLOAT = re.compile(r"(\d{1,3}(?:,\d{3})+)\.0{1,2}")
_SCIENTIFIC = re.compile(r"[\d.,]+[eE][+-]?\d+")


def parse_count(text: str, column: str) -> int | None:
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
        raise RowProblem(f"{column}: «{text}» es negativo; se esperaba un número entero de 0 en adelante")
    raise RowProblem(f"{column}: «{text}» no es un número entero")


def parse_post_id(text: str) -> str | None:
    """The post's ID as the export writes it; an ID Excel turned into a number (1,45E+18) lost its digits."""
    text = text.strip()
    if text.lower() in NO_VALUE:
        return None
    if _SCIENTIFIC.fullmatch(text):
        raise RowProblem(f"el ID «{text}» perdió sus dígitos (Excel lo convirtió en número) y la fila no trae "
                         "enlace; exporte de nuevo y no abra el archivo en Excel antes de importarlo")
    if len(text) > ID_CAP:
        raise RowProblem(f"el ID de la publicación tiene {len(text)} caracteres; no parece un ID")
    return text


def parse_link(text: str) -> str | None:
    text = text.strip()
    if text.lower() in NO_VALUE:
        return None
    try:
        return parse_url(text)
    except CellError:
        return None


# --- dates -------------------------------------------------------------------------------------------------

_X_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})")
_NUMERIC_DATE = re.compile(r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap])?\.?\s*m?\.?", re.IGNORECASE)
_OFFSET = re.compile(r"(?<=\d)\s*(?:(?:UTC|GMT)\s*)?(?:([+-])(\d{2}):?(\d{2})|Z|UTC|GMT)$", re.IGNORECASE)
_MONTHS = {name: number for number, names in enumerate((
    ("jan", "ene"), ("feb",), ("mar",), ("apr", "abr"), ("may",), ("jun",), ("jul",), ("aug", "ago"),
    ("sep", "set"), ("oct",), ("nov",), ("dec", "dic")), start=1) for name in names}
_WORD_DATE = re.compile(r"(?:[a-z]+,?\s+)?([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", re.IGNORECASE)  # Aug 5, 2020


def is_month_first(values: Iterable[str]) -> bool:
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


def parse_moment(text: str, month_first: bool, zone: Any) -> datetime | None:
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


# --- the dates a file name carries ---------------------------------------------------------------------------

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


__all__ = ["ID_CAP", "RowProblem", "dates_in_name", "is_month_first", "parse_count", "parse_link", "parse_moment",
           "parse_post_id"]
