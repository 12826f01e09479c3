"""When things happen in the demo: moments in Bogotá, office hours before "now", the office's calendar
(the app's own, with the closed days of the demo's Listas) and the months the monthly tabs cover."""

from __future__ import annotations

import functools
import random
from datetime import date, datetime, time, timedelta

from core.demo.data import SPAN_DAYS
from core.domain.business_days import BusinessDays
from core.sheet.cells import BOGOTA


def at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), BOGOTA)


def office_moment(rng: random.Random, day: date, now: datetime) -> datetime:
    """A moment of office hours on `day`, never after `now`."""
    moment = at(day, rng.randint(7, 16), rng.randint(0, 59))
    return min(moment, now - timedelta(minutes=rng.randint(5, 240)))


def closed_days(today: date) -> list[date]:
    """The office's closed days the demo's Listas declare: 24 and 31 December when on a weekday."""
    return [
        day
        for year in range(today.year - 2, today.year + 1)
        for day in (date(year, 12, 24), date(year, 12, 31))
        if today - timedelta(days=SPAN_DAYS) <= day <= today + timedelta(days=60) and day.weekday() < 5
    ]


@functools.cache
def office_days(today: date) -> BusinessDays:
    """The calendar the demo's office works by (the app's own, with the closed days of its Listas)."""
    return BusinessDays(closed_days(today))


def months_back(today: date, count: int) -> list[str]:
    """The `count` whole months before today's, oldest first, as AAAA-MM."""
    index = today.year * 12 + today.month - 1
    return [f"{(index - back) // 12:04d}-{(index - back) % 12 + 1:02d}" for back in range(count, 0, -1)]
