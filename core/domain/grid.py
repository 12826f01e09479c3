"""The publication grid (parrilla) as a calendar: the days of a week or a month, the posts of each day, the
number of posts per day and network, and a notice when a day goes beyond a network's usual cadence.

The usual cadence of a network is what it usually publishes on a day it publishes at all: the 90th
percentile of its posts per day over the 12 weeks before the period shown (at least one post a day).
Pure functions of the Publicaciones table and dates, shared by the page and its tests.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from core.fmt import fmt_date
from core.sheet.contract import CANCELLED

CADENCE_WEEKS = 12
CADENCE_QUANTILE = 0.9


def week_of(day: date) -> list[date]:
    """Monday to Sunday of the week that holds `day`."""
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=offset) for offset in range(7)]


def month_of(day: date) -> list[list[date | None]]:
    """The weeks of `day`'s month, Monday first; days of other months are None."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(day.year, day.month)
    return [[d if d.month == day.month else None for d in week] for week in weeks]


def period_of(anchor: date, month: bool = False) -> tuple[date, date]:
    """The first and last day the grid shows around `anchor`: its week (Monday to Sunday), or its month."""
    if not month:
        days = week_of(anchor)
        return days[0], days[-1]
    weeks = month_of(anchor)
    return next(d for d in weeks[0] if d), next(d for d in reversed(weeks[-1]) if d)


def chosen(posts: pd.DataFrame, networks: Iterable[str] = (), states: Iterable[str] = (),
           origins: Iterable[str] = ()) -> pd.DataFrame:
    """The posts of the networks, states (Estado) and origins (Origen) chosen; an empty choice keeps them all."""
    for column, values in (("Red", list(networks)), ("Estado", list(states)), ("Origen", list(origins))):
        if values:
            posts = posts[posts[column].isin(values)]
    return posts


def scheduled_day(posts: pd.DataFrame, post_id: str) -> date | None:
    """The day in Bogotá a post is scheduled for (the week the grid shows when it is opened), or None when no
    post has that ID or it has no `Programada`."""
    found = posts[posts["ID"] == post_id].dropna(subset=["Programada"])
    return local_days(found).iloc[0] if len(found) else None


def local_days(posts: pd.DataFrame) -> pd.Series:
    """Each post's day in Bogotá, by `Programada` (as the grid's files select them: `core.reports.grid_export`)."""
    return posts["Programada"].dt.tz_convert("America/Bogota").dt.date


def in_days(posts: pd.DataFrame, first: date, last: date) -> pd.DataFrame:
    """Posts whose day is within [first, last], in time order, with a `Día` column."""
    if posts.empty:
        return posts.assign(Día=pd.Series(dtype=object))
    days = local_days(posts)
    shown = posts[(days >= first) & (days <= last)].assign(Día=days)
    return shown.sort_values(["Programada", "Red"], kind="stable")


def daily_counts(posts: pd.DataFrame) -> pd.DataFrame:
    """Posts that are not cancelled, per day (rows) and network (columns), from `in_days`' output."""
    live = posts[posts["Estado"] != CANCELLED]
    if live.empty:
        return pd.DataFrame()
    networks = live["Red"].astype(object)  # columns named by plain text, not a categorical's index
    return live.groupby(["Día", networks]).size().unstack(fill_value=0).sort_index()


def usual_cadence(posts: pd.DataFrame, before: date, weeks: int = CADENCE_WEEKS) -> dict[str, int]:
    """Network -> the posts a day it usually reaches (see the module docstring); networks with no history
    in the window are absent (no notice can be given for them)."""
    history = in_days(posts, before - timedelta(weeks=weeks), before - timedelta(days=1))
    counts = daily_counts(history)
    usual = {}
    for network in counts.columns:
        per_day = counts[network][counts[network] > 0]
        if not per_day.empty:
            usual[str(network)] = max(1, math.ceil(per_day.quantile(CADENCE_QUANTILE)))
    return usual


@dataclass(frozen=True)
class CadenceNotice:
    day: date
    network: str
    count: int
    usual: int

    def __str__(self) -> str:
        return (f"{self.network}: {self.count} publicaciones el {fmt_date(self.day)}; lo usual son hasta "
                f"{self.usual} al día.")


def cadence_notices(counts: pd.DataFrame, usual: dict[str, int]) -> list[CadenceNotice]:
    """The days where a network goes beyond its usual cadence, by day then network."""
    notices = []
    for day, row in counts.iterrows():
        for network, count in row.items():
            limit = usual.get(str(network))
            if limit is not None and count > limit:
                notices.append(CadenceNotice(day, str(network), int(count), limit))
    return notices
