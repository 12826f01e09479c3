"""Business days in Bogotá: Monday to Friday minus Colombia's holidays (the `holidays` package, with the
Monday-moved ones) and the office's own closed days from `Listas` ("Días no hábiles").

Counting follows docs/domain.md («Business days»): a limit of n days ends on the n-th business day
after the day it started (the start day itself does not count). Whether the procedure's "día" is a
business day or a calendar day is a setting of the leader (`business=False` counts calendar days).

`BusinessDays` is the one way to count them: `add` and `between` for one date, `add_many` and
`between_many` for many at once (a register's messages or requests), which list the open days of the span
once and look each date up; all four read `is_open`, the one definition of an open day.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
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

    def add_many(self, starts: Iterable[date], days: int) -> dict[date, date]:
        """`add(start, days)` for many dates at once, as {start: due} (None and NaT are left out): the open days
        are listed once over the span, then the `days`-th after each start is looked up, instead of one walk
        per start."""
        wanted = {start for start in starts if start is not None and start == start}  # NaT is not itself
        if not wanted or days <= 0:
            return {start: start for start in wanted}
        opens = self._open_days(min(wanted), max(wanted), days)
        return {start: opens[bisect_right(opens, start) + days - 1] for start in wanted}

    def between_many(self, starts: Sequence[date], ends: Sequence[date]) -> list[int]:
        """`between(start, end)` for each pair, from one listing of the open days of the span."""
        if not starts:
            return []
        opens = self._open_days(min(starts), max(ends), 0)
        return [max(0, bisect_right(opens, end) - bisect_right(opens, start)) for start, end in zip(starts, ends)]

    def _open_days(self, first: date, last: date, past_last: int) -> list[date]:
        """The open days after `first` up to `last`, and `past_last` more after it."""
        opens, day, beyond = [], first, 0
        while day < last or beyond < past_last:
            day += timedelta(days=1)
            if self.is_open(day):
                opens.append(day)
                beyond += day > last
        return opens
