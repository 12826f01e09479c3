"""How numbers, dates and times are shown to people (es-CO): `12.345`, `4,5 %`, `03/10/2026`, `3:00 p. m.`.

Display only, and pure: pages, reports and the CLI call these to write a value for a person. Aware
datetimes are shown in Bogotá time; naive ones are taken to be Bogotá time already. Missing values
(None, NaN, NaT, pandas' NA) are shown as an empty string.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

BOGOTA = ZoneInfo("America/Bogota")

__all__ = ["fmt_date", "fmt_datetime", "fmt_int", "fmt_number", "fmt_pct", "fmt_time"]


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:  # NaN, NaT and pandas' NA differ from themselves (or refuse to compare)
        return bool(value != value)
    except TypeError:
        return True


def fmt_number(value: float | int | None, decimals: int = 0) -> str:
    """`12345.6` with one decimal -> `12.345,6`: dot for thousands, comma for decimals."""
    if _missing(value):
        return ""
    number = float(value)
    if math.isinf(number):
        return "∞" if number > 0 else "-∞"
    text = f"{number:,.{decimals}f}"  # 12,345.6
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]  # no "-0"
    return text.translate(str.maketrans({",": ".", ".": ","}))


def fmt_int(value: float | int | None) -> str:
    """`12345` -> `12.345` (rounded to a whole number)."""
    return fmt_number(value, 0)


def fmt_count(number: int, singular: str, plural: str) -> str:
    """`1 asunto`, `2 asuntos`, `1.204 mensajes`: a count with the word that agrees with it."""
    return f"{fmt_int(number)} {singular if number == 1 else plural}"


def fmt_pct(ratio: float | None, decimals: int = 1) -> str:
    """A ratio as a percentage: `0.045` -> `4,5 %`."""
    if _missing(ratio):
        return ""
    return f"{fmt_number(float(ratio) * 100, decimals)} %"


def _in_bogota(moment: datetime) -> datetime:
    return moment.astimezone(BOGOTA) if moment.tzinfo is not None else moment


def fmt_date(value: date | datetime | None) -> str:
    """`date(2026, 10, 3)` -> `03/10/2026`; a datetime shows its day in Bogotá."""
    if _missing(value):
        return ""
    if isinstance(value, datetime):
        value = _in_bogota(value)
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def fmt_time(value: datetime | time | None) -> str:
    """`15:00` -> `3:00 p. m.`, `00:05` -> `12:05 a. m.`, `12:00` -> `12:00 p. m.` (Bogotá time)."""
    if _missing(value):
        return ""
    if isinstance(value, datetime):
        value = _in_bogota(value)
    hour = value.hour % 12 or 12
    meridiem = "a. m." if value.hour < 12 else "p. m."
    return f"{hour}:{value.minute:02d} {meridiem}"


def fmt_datetime(value: datetime | None) -> str:
    """`datetime(2026, 10, 3, 15, 0)` -> `03/10/2026 3:00 p. m.` (Bogotá time)."""
    if _missing(value):
        return ""
    return f"{fmt_date(value)} {fmt_time(value)}"
