"""Reading one cell as its type, and writing a value back as a cell.

People type into the sheet by hand (es-CO locale), the Sheets API hands back unformatted values (serial
numbers for dates), SQLite hands back what was written, and openpyxl hands back Python dates: every
parser here accepts all of those. A value that cannot be read raises `CellError` with the Spanish reason
that ends up after `<Pestaña> fila <n>: <Columna>:` in reports, so the reason says what is expected.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

BOGOTA = ZoneInfo("America/Bogota")
SHEETS_EPOCH = date(1899, 12, 30)  # day 0 of Google Sheets' and Excel's serial numbers
MIN_DATE = date(1990, 1, 1)
MAX_DATE = date(2100, 12, 31)


class CellError(ValueError):
    """A cell that cannot be read: `reason` is the Spanish text shown after the column's name."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def normalize(text: object) -> str:
    """Key for matching names typed by people: case, accents and extra spaces do not count."""
    text = str(text)
    if text.isascii():  # no accents to take off (most handles and names): the same key, several times faster
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text)
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(without_accents.casefold().split())


def is_empty(value: object) -> bool:
    """True for what a person sees as an empty cell: None, NaN/NaT, or only spaces."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
    try:  # NaN-like values (pandas' NaT) differ from themselves
        return bool(value != value)
    except TypeError:  # pandas' NA refuses to be a truth value
        return True


# --- dates ---------------------------------------------------------------------------------------------

_DAY_FIRST = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TIME = re.compile(
    r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(a\.?\s*m\.?|p\.?\s*m\.?)?$", re.IGNORECASE
)
_OFFSET = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")


def _in_bogota(moment: datetime) -> datetime:
    try:
        return moment.astimezone(BOGOTA)
    except OverflowError:  # year 1 or 9999 with an offset
        raise CellError("la fecha está fuera del rango aceptado (1990 a 2100)") from None


def _checked(day: date) -> date:
    if not MIN_DATE <= day <= MAX_DATE:
        raise CellError(f"la fecha {day:%d/%m/%Y} está fuera del rango aceptado (1990 a 2100)")
    return day


def _from_serial(serial: float) -> datetime:
    """A serial number as a local moment, rounded to the second (serials carry float noise)."""
    try:
        moment = datetime.combine(SHEETS_EPOCH, time()) + timedelta(seconds=round(serial * 86400))
    except (OverflowError, ValueError):
        raise CellError(f"el número {serial:g} no es una fecha del rango aceptado (1990 a 2100); "
                        "escríbala como dd/mm/aaaa") from None
    _checked(moment.date())
    return moment


def _date_from_text(text: str) -> date:
    match = _ISO_DATE.match(text)
    try:
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
        match = _DAY_FIRST.match(text)
        if match:
            year = int(match[3])
            if len(match[3]) == 2:
                year += 2000
            return date(year, int(match[2]), int(match[1]))
    except ValueError:
        raise CellError(f"«{text}» no es una fecha que exista; escríbala como dd/mm/aaaa") from None
    raise CellError(f"«{text}» no es una fecha; escríbala como dd/mm/aaaa (por ejemplo 03/10/2026)")


def parse_date(value: Any) -> date | None:
    """`2026-10-03`, `3/10/2026` (day first), a serial number, or a date object; empty is None."""
    if is_empty(value):
        return None
    if isinstance(value, datetime):
        return _checked(_in_bogota(value).date() if value.tzinfo else value.date())
    if isinstance(value, date):
        return _checked(value)
    if isinstance(value, bool):
        raise CellError("no es una fecha; escríbala como dd/mm/aaaa")
    if isinstance(value, (int, float)):
        return _checked(_from_serial(float(value)).date())
    text = str(value).strip()
    if "T" in text or " " in text:  # a date-time typed where a date goes: keep its day
        return parse_datetime(text).date()
    return _checked(_date_from_text(text))


def _time_from_text(text: str) -> time:
    match = _TIME.match(text.strip())
    if not match:
        raise CellError(f"«{text}» no es una hora; escríbala como 14:30 o 2:30 p. m.")
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    meridiem = (match[4] or "").replace(" ", "").replace(".", "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            raise CellError(f"«{text}» no es una hora; con a. m. o p. m. la hora va de 1 a 12")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise CellError(f"«{text}» no es una hora que exista")
    return time(hour, minute, second)


def parse_datetime(value: Any) -> datetime | None:
    """A moment in Bogotá time: ISO text (with or without offset), `3/10/2026 2:30 p. m.`, a serial
    number (days since 30/12/1899 in the sheet's Bogotá time zone), or a date/datetime object."""
    if is_empty(value):
        return None
    if isinstance(value, datetime):
        moment = _in_bogota(value) if value.tzinfo else value.replace(tzinfo=BOGOTA)
    elif isinstance(value, date):
        moment = datetime.combine(value, time(), BOGOTA)
    elif isinstance(value, bool):
        raise CellError("no es una fecha y hora; escríbala como dd/mm/aaaa hh:mm")
    elif isinstance(value, (int, float)):
        moment = _from_serial(float(value)).replace(tzinfo=BOGOTA)
    else:
        moment = _datetime_from_text(str(value).strip())
    _checked(moment.date())
    return _as_lived(moment)


def _as_lived(moment: datetime) -> datetime:
    """The moment on Bogotá's clocks as they were: a time they skipped (daylight saving, May 1992) reads as the
    same instant one hour on, as the bulk read (pandas) shows it, so a form and a read give one value."""
    return moment.astimezone(UTC).astimezone(BOGOTA)


def _datetime_from_text(text: str) -> datetime:
    iso = text.replace(" ", "T", 1) if _ISO_DATE.match(text.split(" ")[0]) else text
    if _ISO_DATE.match(iso.split("T")[0]):
        try:
            moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
        except ValueError:
            raise CellError(f"«{text}» no es una fecha y hora; escríbala como dd/mm/aaaa hh:mm") from None
        return _in_bogota(moment) if moment.tzinfo else moment.replace(tzinfo=BOGOTA)
    day_part, _, time_part = text.partition(" ")
    day = _date_from_text(day_part)
    if not time_part.strip():
        return datetime.combine(day, time(), BOGOTA)
    if _OFFSET.search(time_part):
        raise CellError(f"«{text}» no es una fecha y hora; escríbala como dd/mm/aaaa hh:mm, hora de Bogotá")
    return datetime.combine(day, _time_from_text(time_part), BOGOTA)


_MONTH = re.compile(r"^(\d{4})[-/](\d{1,2})$")
_MONTH_YEAR_LAST = re.compile(r"^(\d{1,2})[-/](\d{4})$")


def parse_month(value: Any) -> str | None:
    """A month as `AAAA-MM`: from `2026-03`, `03/2026`, or a date in that month."""
    if is_empty(value):
        return None
    if isinstance(value, (date, int, float)) and not isinstance(value, bool):
        day = parse_date(value)
        return f"{day:%Y-%m}"
    text = str(value).strip()
    match = _MONTH.match(text)
    year, month = (int(match[1]), int(match[2])) if match else (0, 0)
    if not match and (match := _MONTH_YEAR_LAST.match(text)):
        year, month = int(match[2]), int(match[1])
    if not match:
        try:
            day = parse_date(text)
        except CellError:
            raise CellError(f"«{text}» no es un mes; escríbalo como AAAA-MM (por ejemplo 2026-03)") from None
        return f"{day:%Y-%m}"
    if not 1 <= month <= 12:
        raise CellError(f"«{text}» no es un mes; el mes va de 01 a 12 (AAAA-MM)")
    if not MIN_DATE.year <= year <= MAX_DATE.year:
        raise CellError(f"«{text}» está fuera del rango aceptado (1990 a 2100)")
    return f"{year:04d}-{month:02d}"


# --- numbers, yes/no, lists, links ---------------------------------------------------------------------

_THOUSANDS = re.compile(r"^[0-9]{1,3}([. ][0-9]{3})+$")
MAX_INT = 10**15  # far beyond any count of people or views; keeps every store's integers exact


def parse_int(value: Any) -> int | None:
    """A whole number >= 0: `1234`, `1.234` or `1 234` (es-CO thousands), or a number cell."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise CellError("no es un número; escriba un número entero, por ejemplo 1234")
    if isinstance(value, (int, float)):
        number = float(value)
        if not number.is_integer():
            raise CellError(f"«{value}» no es un número entero; escríbalo sin decimales")
        number = int(number)
    else:
        text = str(value).strip().replace("\u00a0", " ").replace("\u202f", " ")
        if _whole_number_text(text):
            number = int(text.replace(".", "").replace(" ", ""))
        elif text.startswith("-") and _whole_number_text(text[1:].strip()):
            raise CellError(f"«{text}» es negativo; escriba un número entero de 0 en adelante")
        else:
            raise CellError(f"«{text}» no es un número entero; escríbalo como 1234 o 1.234, sin decimales")
    if number < 0:
        raise CellError(f"«{value}» es negativo; escriba un número entero de 0 en adelante")
    if number > MAX_INT:
        raise CellError(f"«{value}» es demasiado grande; revise el número (máximo 1.000.000.000.000.000)")
    return number


def _whole_number_text(text: str) -> bool:
    return (text.isascii() and text.isdigit()) or bool(_THOUSANDS.match(text))


_YES = {"si", "s", "x", "true", "verdadero", "1", "yes", "y", "✓", "✔"}
_NO = {"no", "n", "false", "falso", "0"}


def parse_bool(value: Any) -> bool | None:
    """Yes/no as people type it: `Sí`, `Si`, `x`, `TRUE`… and `No`, `FALSE`…; empty is None."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = normalize(value)
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise CellError(f"«{value}» no es sí o no; escriba Sí o No")


_LIST_SEPARATORS = re.compile(r"[,;\n]")
_URL_LIST_SEPARATORS = re.compile(r"[;\n\s]+|,\s*(?=https?://)", re.IGNORECASE)


def parse_list(value: Any, urls: bool = False) -> list[str] | None:
    """Several values in one cell, split on commas, semicolons or new lines (links: only where a comma
    starts a new link, since a link may hold commas)."""
    if is_empty(value):
        return None
    if isinstance(value, (list, tuple)):
        items = [str(item).strip() for item in value]
    else:
        separator = _URL_LIST_SEPARATORS if urls else _LIST_SEPARATORS
        items = [item.strip() for item in separator.split(str(value))]
    items = [item for item in items if item]
    return items or None


_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def parse_url(value: Any) -> str | None:
    """A web link that starts with http:// or https://."""
    if is_empty(value):
        return None
    text = str(value).strip()
    if not _URL.match(text):
        raise CellError(f"«{_short(text)}» no es un enlace; pegue la dirección completa, que empieza por https://")
    return text


def parse_text(value: Any) -> str | None:
    """Text as typed, trimmed; numbers typed into a text column read as their digits."""
    if is_empty(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return format_datetime_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- writing values back ----------------------------------------------------------------------------------


def format_datetime_text(moment: datetime) -> str:
    """ISO text in Bogotá time with its offset, e.g. `2026-10-03T14:30:00-05:00`."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BOGOTA)
    return moment.astimezone(BOGOTA).replace(microsecond=0).isoformat()


def to_serial(value: date | datetime) -> float:
    """A Sheets serial number (days since 30/12/1899, in Bogotá time) for a date or a moment."""
    if isinstance(value, datetime):
        local = value.astimezone(BOGOTA).replace(tzinfo=None) if value.tzinfo else value
        delta = local - datetime.combine(SHEETS_EPOCH, time())
        return delta.days + delta.seconds / 86400
    return float((value - SHEETS_EPOCH).days)

