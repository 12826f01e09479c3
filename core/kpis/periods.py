"""The period the indicators cover (a preset or a custom range, in Bogotá days) and how the charts over time cut
it into weeks or months."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pandas as pd

from core.fmt import fmt_date
from core.sheet.cells import BOGOTA

WEEKLY_UP_TO_DAYS = 62  # a period up to two months is shown week by week; a longer one month by month
MONTHS = ("ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic.")
PRESETS = ("Este mes", "Mes pasado", "Este semestre", "Rango personalizado")


@dataclass(frozen=True)
class Period:
    """Both days included, in Bogotá."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("El periodo termina antes de empezar.")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def bucket(self) -> str:
        """«semana» or «mes»: how the charts over time group the period."""
        return "semana" if self.days <= WEEKLY_UP_TO_DAYS else "mes"

    def label(self) -> str:
        return f"del {fmt_date(self.start)} al {fmt_date(self.end)}"

    def window(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """[first moment, first moment after) in Bogotá time, to compare moments without converting them."""
        return (pd.Timestamp(datetime.combine(self.start, time(), BOGOTA)),
                pd.Timestamp(datetime.combine(self.end + timedelta(days=1), time(), BOGOTA)))

    def as_of(self, today: date) -> date:
        """The day the state of things is read on: the period's last day, or today while it runs."""
        return min(self.end, max(today, self.start))


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def period_of(preset: str, today: date, custom: tuple[date, date] | None = None) -> Period:
    """The period of one of `PRESETS`: this month, last month, this semester (January to June or July to
    December) or a custom range (both days included, in any order)."""
    if preset == PRESETS[0]:
        return Period(today.replace(day=1), _month_end(today))
    if preset == PRESETS[1]:
        first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
        return Period(first, _month_end(first))
    if preset == PRESETS[2]:
        first_half = today.month <= 6
        return Period(date(today.year, 1 if first_half else 7, 1), date(today.year, 6 if first_half else 12,
                                                                          30 if first_half else 31))
    if preset == PRESETS[3]:
        if not custom or len(custom) != 2 or None in custom:
            raise ValueError("Elija el primer y el último día del rango.")
        return Period(min(custom), max(custom))
    raise ValueError(f"Periodo desconocido: {preset}")


def buckets(period: Period, as_of: date) -> list[tuple[date, str]]:
    """The period's weeks (from Monday) or months up to `as_of`, each as (first day in the period, label)."""
    last = min(period.end, as_of) if as_of >= period.start else period.end
    found = []
    if period.bucket == "semana":
        monday = period.start - timedelta(days=period.start.weekday())
        while monday <= last:
            first = max(monday, period.start)
            found.append((first, f"semana del {first:%d/%m}"))
            monday += timedelta(days=7)
    else:
        month = period.start.replace(day=1)
        while month <= last:
            first = max(month, period.start)
            found.append((first, f"{MONTHS[month.month - 1]} {month.year}"))
            month = (month + timedelta(days=32)).replace(day=1)
    return found


def bucket_of(days: pd.Series, period: Period) -> pd.Series:
    """The first day (in the period) of each day's bucket, as naive midnights."""
    if period.bucket == "semana":
        starts = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    else:
        starts = days.dt.to_period("M").dt.start_time
    return starts.clip(lower=pd.Timestamp(period.start))


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_label(key: str) -> str:
    year, month = key.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"
