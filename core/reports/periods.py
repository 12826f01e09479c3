"""The periods Reportes offers on a day: the last months (`AAAA-MM`, the last finished one chosen first) and
the semesters of the last years (`AAAA-1`, `AAAA-2`, the current one chosen first). Pure functions of the day."""

from __future__ import annotations

from datetime import date

MONTHS_OFFERED = 24
YEARS_OFFERED = 3


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
