"""The periods a report covers: a month (`AAAA-MM`) or a semester (`AAAA-1`, `AAAA-2`), read from the text
people type, told in Spanish, and the ones Reportes offers on a day (the last months, the last finished one
chosen first; the semesters of the last years, the current one chosen first). Pure functions of the day."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pandas as pd

from core.sheet.cells import BOGOTA

MONTHS_OFFERED = 24
YEARS_OFFERED = 3
MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")


class PeriodError(ValueError):
    """A month or semester that cannot be read; the message is Spanish."""


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_SEMESTER = re.compile(r"^(\d{4})-([12])$")


def month_bounds(text: str) -> tuple[date, date]:
    """`2026-10` -> (1 Oct 2026, 31 Oct 2026)."""
    match = _MONTH.match(str(text).strip())
    if not match or not 1 <= int(match[2]) <= 12 or not 1990 <= int(match[1]) <= 2100:
        raise PeriodError(f"«{text}» no es un mes; escríbalo como AAAA-MM (por ejemplo 2026-10)")
    first = date(int(match[1]), int(match[2]), 1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def month_text(text: str) -> str:
    """`2026-10` -> `octubre de 2026`."""
    first, _ = month_bounds(text)
    return f"{MONTHS[first.month - 1]} de {first.year}"


def semester_bounds(text: str) -> tuple[date, date]:
    """`2026-1` -> January to June 2026; `2026-2` -> July to December 2026."""
    match = _SEMESTER.match(str(text).strip())
    if not match or not 1990 <= int(match[1]) <= 2100:
        raise PeriodError(f"«{text}» no es un semestre; escríbalo como AAAA-1 (enero a junio) o AAAA-2 (julio a "
                          "diciembre), por ejemplo 2026-2")
    year = int(match[1])
    return (date(year, 1, 1), date(year, 6, 30)) if match[2] == "1" else (date(year, 7, 1), date(year, 12, 31))


def previous_semester(text: str) -> str:
    """`2026-1` -> `2025-2`; `2026-2` -> `2026-1`."""
    start, _ = semester_bounds(text)
    return f"{start.year - 1}-2" if start.month == 1 else f"{start.year}-1"


def semester_text(text: str) -> str:
    """`2026-2` -> `2026-2 (julio a diciembre de 2026)`."""
    start, _ = semester_bounds(text)
    return f"{text.strip()} ({'enero a junio' if start.month == 1 else 'julio a diciembre'} de {start.year})"


def day_window(first: date, last: date) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Bogotá midnights bounding the days `first`..`last` (the second is exclusive), for datetime columns."""
    return (pd.Timestamp(first).tz_localize(BOGOTA),
            pd.Timestamp(last + timedelta(days=1)).tz_localize(BOGOTA))


def recent_months(today: date, count: int = MONTHS_OFFERED) -> list[str]:
    """`today`'s month and the `count - 1` before it, newest first: `2026-03`, `2026-02`, …"""
    first, months = today.replace(day=1), []
    for _ in range(count):
        months.append(f"{first:%Y-%m}")
        first = date(first.year - (first.month == 1), 12 if first.month == 1 else first.month - 1, 1)
    return months


def recent_semesters(today: date, years: int = YEARS_OFFERED) -> tuple[list[str], int]:
    """The semesters of `today`'s year and the `years - 1` before it, newest first, and the index of `today`'s
    semester among them."""
    halves = [f"{year}-{half}" for year in range(today.year, today.year - years, -1) for half in (2, 1)]
    return halves, 1 if today.month <= 6 else 0
