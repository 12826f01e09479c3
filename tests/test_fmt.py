"""core.fmt: what a person reads, in es-CO."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from core.fmt import fmt_count, fmt_date, fmt_datetime, fmt_int, fmt_number, fmt_pct, fmt_time

BOGOTA = ZoneInfo("America/Bogota")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1.000"),
        (12345, "12.345"),
        (1234567, "1.234.567"),
        (-12345, "-12.345"),
        (12345.6, "12.346"),
        (-0.4, "0"),
        (None, ""),
        (float("nan"), ""),
        (pd.NA, ""),
    ],
)
def test_fmt_int(value, text):
    assert fmt_int(value) == text


def test_fmt_number_decimals():
    assert fmt_number(12345.678, 2) == "12.345,68"
    assert fmt_number(0.5, 1) == "0,5"


@pytest.mark.parametrize(
    ("ratio", "text"),
    [
        (0.045, "4,5 %"),
        (0, "0,0 %"),
        (1, "100,0 %"),
        (0.12345, "12,3 %"),
        (12.5, "1.250,0 %"),
        (None, ""),
    ],
)
def test_fmt_pct(ratio, text):
    assert fmt_pct(ratio) == text


def test_fmt_pct_decimals():
    assert fmt_pct(0.5, decimals=0) == "50 %"
    assert fmt_pct(0.12345, decimals=2) == "12,35 %"


def test_fmt_date():
    assert fmt_date(date(2026, 10, 3)) == "03/10/2026"
    assert fmt_date(datetime(2026, 1, 9, 23, 59)) == "09/01/2026"
    assert fmt_date(pd.Timestamp("2026-12-31")) == "31/12/2026"
    assert fmt_date(None) == ""
    assert fmt_date(pd.NaT) == ""


def test_fmt_date_of_an_aware_datetime_is_the_day_in_bogota():
    # 02:00 UTC on 4 October is still 3 October in Bogotá (UTC-5)
    assert fmt_date(datetime(2026, 10, 4, 2, 0, tzinfo=UTC)) == "03/10/2026"


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2026, 10, 3, 15, 0), "3:00 p. m."),
        (datetime(2026, 10, 3, 9, 5), "9:05 a. m."),
        (datetime(2026, 10, 3, 0, 5), "12:05 a. m."),
        (datetime(2026, 10, 3, 12, 0), "12:00 p. m."),
        (datetime(2026, 10, 3, 23, 59), "11:59 p. m."),
        (time(14, 30), "2:30 p. m."),
        (None, ""),
    ],
)
def test_fmt_time(moment, text):
    assert fmt_time(moment) == text


def test_fmt_time_converts_aware_datetimes_to_bogota():
    assert fmt_time(datetime(2026, 10, 3, 20, 0, tzinfo=UTC)) == "3:00 p. m."
    assert fmt_time(pd.Timestamp("2026-10-03T20:00:00Z")) == "3:00 p. m."


def test_fmt_datetime():
    assert fmt_datetime(datetime(2026, 10, 3, 15, 0)) == "03/10/2026 3:00 p. m."
    assert fmt_datetime(datetime(2026, 11, 28, 15, 5, tzinfo=BOGOTA)) == "28/11/2026 3:05 p. m."
    # midnight UTC is the evening before in Bogotá: day and time both move
    assert fmt_datetime(datetime(2026, 11, 29, 0, 30, tzinfo=UTC)) == "28/11/2026 7:30 p. m."
    assert fmt_datetime(pd.Timestamp("2026-11-28T15:05:00", tz="America/Bogota")) == "28/11/2026 3:05 p. m."
    assert fmt_datetime(None) == ""


def test_a_count_agrees_with_its_word():
    assert fmt_count(1, "seguidor", "seguidores") == "1 seguidor"
    assert fmt_count(0, "seguidor", "seguidores") == "0 seguidores"
    assert fmt_count(1204, "mensaje", "mensajes") == "1.204 mensajes"
