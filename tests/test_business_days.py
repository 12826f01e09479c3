"""`BusinessDays` counted for many dates at once (`add_many`, `between_many`) gives exactly what one date at
a time gives (`add`, `between`): exhaustively over three years with holidays, closed days, a suspension
longer than any term and calendar mode, and on random calendars and dates."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.domain.business_days import BusinessDays

FIRST = date(2025, 12, 1)
DAYS = [FIRST + timedelta(days=n) for n in range(3 * 365)]  # Dec 2025 to Nov 2028: every holiday, both year ends
CALENDARS = {
    "hábiles": BusinessDays(),
    "con días no hábiles": BusinessDays([date(2026, 3, 20), date(2026, 3, 24), date(2026, 12, 24),
                                         date(2026, 12, 31), date(2027, 1, 4)]),
    "suspensión de 70 días": BusinessDays([date(2026, 12, 21) + timedelta(days=n) for n in range(70)]),
    "calendario": BusinessDays(business=False),
}


@pytest.mark.parametrize("calendar", CALENDARS.values(), ids=CALENDARS)
@pytest.mark.parametrize("days", [0, 1, 2, 3, 5, 10, 15, 30])
def test_add_many_is_add_for_every_day_of_three_years(calendar, days):
    assert calendar.add_many(DAYS, days) == {start: calendar.add(start, days) for start in DAYS}


@pytest.mark.parametrize("calendar", CALENDARS.values(), ids=CALENDARS)
def test_between_many_is_between_for_every_span_from_each_day(calendar):
    starts = [day for day in DAYS for _ in range(4)]
    ends = [day + timedelta(days=span) for day in DAYS for span in (-3, 0, 1, 45)]
    assert calendar.between_many(starts, ends) == [calendar.between(s, e) for s, e in zip(starts, ends)]


def test_empty_cells_and_repeated_dates_are_handled():
    calendar = BusinessDays()
    thursday = date(2026, 4, 2)  # Jueves Santo: the next business day is Monday 6 April
    found = calendar.add_many(pd.Series([pd.Timestamp(thursday).date(), None, pd.NaT, thursday]), 1)
    assert found == {thursday: date(2026, 4, 6)}
    assert calendar.add_many([], 5) == {} and calendar.between_many([], []) == []


@settings(max_examples=300, deadline=None)
@given(
    starts=st.lists(st.dates(date(2024, 1, 1), date(2029, 12, 31)), min_size=1, max_size=30),
    days=st.integers(0, 40),
    closed=st.lists(st.dates(date(2024, 1, 1), date(2030, 6, 30)), max_size=40),
    business=st.booleans(),
)
def test_add_many_agrees_with_add_on_any_calendar(starts, days, closed, business):
    calendar = BusinessDays(closed, business)
    assert calendar.add_many(starts, days) == {start: calendar.add(start, days) for start in starts}


@settings(max_examples=300, deadline=None)
@given(
    pairs=st.lists(st.tuples(st.dates(date(2024, 1, 1), date(2029, 12, 31)), st.integers(-10, 200)), min_size=1,
                   max_size=30),
    closed=st.lists(st.dates(date(2024, 1, 1), date(2030, 6, 30)), max_size=40),
)
def test_between_many_agrees_with_between_on_any_calendar(pairs, closed):
    calendar = BusinessDays(closed)
    starts, ends = [start for start, _ in pairs], [start + timedelta(days=span) for start, span in pairs]
    assert calendar.between_many(starts, ends) == [calendar.between(s, e) for s, e in zip(starts, ends)]
