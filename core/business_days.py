"""Business days in Bogotá: Monday to Friday minus Colombia's holidays (the `holidays` package, with the
Monday-moved ones) and the office's own closed days from `Listas` ("Días no hábiles").

Counting follows DOMAIN.md: a limit of n days ends on the n-th business day after the day it started (the
start day itself does not count). Whether the procedure's "día" is a business day or a calendar day is a
setting of the leader (`business=False` counts calendar days).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("CO", years=year, language="es").items())


def holiday_name(day: date) -> str | None:
    """The name of a Colombian holiday, in Spanish, or None."""
    return _holidays(day.year).get(day)


class BusinessDays:
    """A calendar of working days (see the module docstring)."""

    def __init__(self, closed: Iterable[date] = (), business: bool = True):
        self.closed = frozenset(closed)
        self.business = business

    def is_open(self, day: date) -> bool:
        if not self.business:
            return True
        return day.weekday() < 5 and holiday_name(day) is None and day not in self.closed

    def add(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (`start` itself does not count; 0 gives `start`)."""
        day = start
        for _ in range(days):
            day += timedelta(days=1)
            while not self.is_open(day):
                day += timedelta(days=1)
        return day

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_open(day)
        return count
