"""Mejor hora (histórico): which weekday and hour a network's posts did best, and the free slots that match.

Activity 2 asks the community manager for "la hora más adecuada"; docs/domain.md («Metrics») answers it
with the weekday × hour grid of past engagement per network next to the grid's free slots. Pure functions
of the Publicaciones table and explicit dates, vectorised (the budget is 300 ms for the grid and the
recommendation over 100,000 posts):

- **Which posts count**: `Estado` Publicada, `Red` the network, a `Publicada` moment, an engagement that
  `core.domain.engagement.engagement_frame` can compute (posts without metrics are left out, never counted as 0),
  and a `Publicada` whose calendar day in Bogotá falls in the window: the `weeks` × 7 days ending on `until`,
  both ends included (16 weeks to 28/11/2026 is 09/08/2026 to 28/11/2026).
- **A cell** is a weekday (0 lunes … 6 domingo) and an hour (0–23) of `Publicada` in Bogotá time, the moment
  the post went out; its figure is the median engagement of its posts. A cell with fewer than `MIN_POSTS`
  posts is "pocos datos": shown, never ranked.
- **The ranking**: best median first; ties by more posts, then earlier weekday, then earlier hour.
- **The suggestion's window** (`widened`, what Parrilla and stage 2 of a request read): the narrowest of
  16, 26, 52 and 104 weeks in which the network has at least `SUGGESTIONS` ranked cells (as many as the
  hours suggested), else the widest. The suggestion names it («según las últimas 26 semanas»); it is empty
  only for a network with no published post with metrics in 104 weeks (or when no hour of the week is
  free and ahead).
- **A free slot** is a moment on the hour of a cell with posts, in the asked week, after `now`, not after
  the `latest` day when one is given (a request's «Fecha de publicación»: nothing is suggested after it), with
  no Programada or Publicada post of the network less than one hour away. A post exactly 60 minutes away does
  not take it: the grid posts on the hour, and a post at 8:00 leaves 9:00 free. Ranked cells come first, by
  rank; only when they give fewer free slots than asked do "pocos datos" cells follow (best median first),
  marked as such.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from core.domain.engagement import ALL_PARTS, BASE_LABEL, IMPRESSIONS, REACH, VIEWS, engagement_frame
from core.fmt import fmt_int, fmt_time
from core.sheet.cells import BOGOTA
from core.sheet.contract import PUBLISHED, SCHEDULED

DAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
WINDOWS = (16, 26, 52, 104)  # the weeks the suggestion widens through, narrowest first
DEFAULT_WEEKS = WINDOWS[0]
MIN_POSTS = 3  # a cell with fewer posts is "pocos datos" and is not ranked
SUGGESTIONS = 3  # hours suggested; a window with this many ranked cells is wide enough
TAKEN_WITHIN = timedelta(hours=1)  # a post less than this away from a slot takes it
CELLS = 7 * 24
# What engagement_frame reads: handing it only these columns keeps the copy of the rows small.
METRIC_COLUMNS = ("Red", REACH, IMPRESSIONS, VIEWS, "Interacciones", *ALL_PARTS)


@dataclass(frozen=True)
class Grid:
    """The weekday × hour grid of one network over a window: always 168 cells, in weekday/hour order.

    `cells` has the columns dia (0–6), hora (0–23), engagement (median, a fraction; NaN without posts),
    publicaciones (posts counted), clasificada (enough posts to be ranked) and puesto (1 = best; NA when
    not ranked). `bases` counts the counted posts by the engagement base they used (Alcance, …)."""

    network: str
    start: date
    end: date
    cells: pd.DataFrame
    bases: Mapping[str, int] = field(default_factory=dict)

    @property
    def posts(self) -> int:
        return int(self.cells["publicaciones"].sum())

    @property
    def weeks(self) -> int:
        return ((self.end - self.start).days + 1) // 7

    @property
    def ranked(self) -> int:
        """How many cells have enough posts to be ranked."""
        return int(self.cells["clasificada"].sum())

    def ranking(self) -> pd.DataFrame:
        """The cells with posts, ranked cells best first, then the thin ones ("pocos datos") in weekday and
        hour order: listed, not ranked."""
        cells = self.cells
        ranked = cells[cells["clasificada"]].sort_values("puesto")
        thin = cells[~cells["clasificada"] & (cells["publicaciones"] > 0)]
        return pd.concat([ranked, thin]).reset_index(drop=True)


@dataclass(frozen=True)
class Slot:
    """A recommended moment to publish: on the hour of a ranked cell, free and in the future."""

    moment: datetime  # Bogotá time
    dia: int
    hora: int
    engagement: float
    publicaciones: int
    puesto: int | None  # None: a "pocos datos" cell, suggested only after every free ranked one


def window(until: date, weeks: int = DEFAULT_WEEKS) -> tuple[date, date]:
    """First and last day (both included) of the `weeks` weeks that end on `until`."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    return until - timedelta(days=7 * weeks - 1), until


def grid(posts: pd.DataFrame, network: str, until: date, weeks: int = DEFAULT_WEEKS,
         min_posts: int = MIN_POSTS) -> Grid:
    """The weekday × hour grid of `network`'s published posts in the window ending on `until`."""
    start, end = window(until, weeks)
    return _rated(posts, network, start, end).grid(start, min_posts)


def widened(posts: pd.DataFrame, network: str, until: date, min_posts: int = MIN_POSTS) -> Grid:
    """The grid of the suggestion's window: the narrowest of `WINDOWS` ending on `until` with at least
    `SUGGESTIONS` ranked cells, else the widest (which may hold no post: a network without history). The
    posts of the widest window are rated only when the narrowest is not enough (the usual case costs one
    grid)."""
    history = grid(posts, network, until, WINDOWS[0], min_posts)
    if history.ranked >= SUGGESTIONS:
        return history
    rated = _rated(posts, network, *window(until, WINDOWS[-1]))
    for weeks in WINDOWS[1:]:
        history = rated.grid(window(until, weeks)[0], min_posts)
        if history.ranked >= SUGGESTIONS:
            break
    return history


@dataclass(frozen=True)
class _Rated:
    """A network's published posts with a rate, in a window: their cell codes, rates, bases and moments."""

    network: str
    end: date
    moments: pd.Series  # Bogotá time, when each went out
    codes: np.ndarray  # weekday × 24 + hour
    values: np.ndarray
    bases: pd.Series

    def grid(self, start: date, min_posts: int) -> Grid:
        """The grid of the posts from `start` on (a window inside this one, with the same end)."""
        inside = (self.moments >= pd.Timestamp(datetime.combine(start, time(), BOGOTA))).to_numpy(dtype=bool)
        bases = self.bases[inside].value_counts()
        return Grid(self.network, start, self.end, _cells(self.codes[inside], self.values[inside], min_posts),
                    {str(name): int(count) for name, count in bases.items()})


def _rated(posts: pd.DataFrame, network: str, start: date, end: date) -> _Rated:
    published = _moments(posts, "Publicada")
    lower = pd.Timestamp(datetime.combine(start, time(), BOGOTA))
    upper = pd.Timestamp(datetime.combine(end + timedelta(days=1), time(), BOGOTA))
    mask = ((posts["Red"] == network) & (posts["Estado"] == PUBLISHED) & (published >= lower)
            & (published < upper)).fillna(False).to_numpy(dtype=bool)
    rates = engagement_frame(posts.loc[mask, [name for name in METRIC_COLUMNS if name in posts]])
    known = rates["engagement"].notna().to_numpy()
    moments = published[mask][known]
    codes = (moments.dt.day_of_week.to_numpy() * 24 + moments.dt.hour.to_numpy()).astype(np.int64)
    return _Rated(network, end, moments, codes, rates["engagement"].to_numpy(dtype=float)[known],
                  rates["base"][known])


def _cells(codes: np.ndarray, values: np.ndarray, min_posts: int) -> pd.DataFrame:
    """The 168 cells from each post's cell code (weekday × 24 + hour) and engagement, ranked."""
    counts = np.bincount(codes, minlength=CELLS)
    medians = np.full(CELLS, np.nan)
    if len(codes):
        order = np.lexsort((values, codes))  # by cell, then by value: each cell's values are a sorted run
        sorted_values, starts = values[order], np.concatenate(([0], np.cumsum(counts)[:-1]))
        filled = counts > 0
        low = starts[filled] + (counts[filled] - 1) // 2
        high = starts[filled] + counts[filled] // 2
        medians[filled] = (sorted_values[low] + sorted_values[high]) / 2
    ranked = counts >= max(min_posts, 1)
    rank = np.full(CELLS, -1)
    candidates = np.flatnonzero(ranked)
    # best median first; then more posts; then earlier weekday and hour (the cell code itself)
    best_first = candidates[np.lexsort((candidates, -counts[candidates], -medians[candidates]))]
    rank[best_first] = np.arange(1, len(best_first) + 1)
    cell = np.arange(CELLS)
    return pd.DataFrame({
        "dia": cell // 24,
        "hora": cell % 24,
        "engagement": medians,
        "publicaciones": counts,
        "clasificada": ranked,
        "puesto": pd.Series(rank).where(ranked).astype("Int64"),
    })


def recommend(posts: pd.DataFrame, network: str, week_start: date, now: datetime, *,
              until: date | None = None, history: Grid | None = None, count: int = SUGGESTIONS,
              latest: date | None = None) -> list[Slot]:
    """The `count` best free slots of `network` in the week (Monday to Sunday) that holds `week_start`.

    The history is `history` when the caller already built it (the page shows the window too), else the
    suggestion's window ending on `until` (`widened`; by default the day of `now` in Bogotá). Ranked cells
    first, then "pocos datos" ones; fewer than `count` come back when fewer are free, after `now` and, with
    `latest`, on that day (Bogotá) or before it; none for a network without history."""
    now = _aware(now)
    if history is None:
        history = widened(posts, network, until or now.date())
    cells = history.cells
    thin = cells[~cells["clasificada"] & (cells["publicaciones"] > 0)].sort_values(
        ["engagement", "publicaciones"], ascending=False, kind="stable")  # stable: then weekday and hour
    candidates = pd.concat([cells[cells["clasificada"]].sort_values("puesto"), thin])
    if candidates.empty:
        return []
    monday = week_start - timedelta(days=week_start.weekday())
    first = pd.Timestamp(datetime.combine(monday, time(), BOGOTA))
    days = candidates["dia"].to_numpy(dtype=np.int64)
    hours = candidates["hora"].to_numpy(dtype=np.int64)
    moments = first + pd.to_timedelta(days * 24 + hours, unit="h")
    taken = _taken(posts, network, first - TAKEN_WITHIN, first + timedelta(days=7) + TAKEN_WITHIN)
    free = ~_near(moments.as_unit("us").asi8, taken, TAKEN_WITHIN // timedelta(microseconds=1))
    usable = free & (moments > pd.Timestamp(now))
    if latest is not None:  # a request's publication day: nothing after it
        usable &= moments < pd.Timestamp(datetime.combine(latest + timedelta(days=1), time(), BOGOTA))
    usable = np.flatnonzero(usable)[:count]
    places = candidates["puesto"]
    return [
        Slot(moments[i].to_pydatetime(), int(days[i]), int(hours[i]), float(candidates["engagement"].iloc[i]),
             int(candidates["publicaciones"].iloc[i]), None if pd.isna(places.iloc[i]) else int(places.iloc[i]))
        for i in usable
    ]


def _taken(posts: pd.DataFrame, network: str, lower: pd.Timestamp, upper: pd.Timestamp) -> np.ndarray:
    """Sorted moments (µs since the epoch) of the network's Programada and Publicada posts in [lower, upper]:
    a published post counts when it went out, a scheduled one when it is due."""
    state = posts["Estado"]
    mine = ((posts["Red"] == network) & state.isin((PUBLISHED, SCHEDULED))).fillna(False).to_numpy(dtype=bool)
    scheduled, published = _moments(posts, "Programada"), _moments(posts, "Publicada")
    moments = published[mine].where(state[mine] == PUBLISHED).fillna(scheduled[mine])
    moments = moments[(moments >= lower) & (moments <= upper)].dropna()
    return np.sort(pd.DatetimeIndex(moments).as_unit("us").asi8)


def _near(candidates: np.ndarray, taken: np.ndarray, within: int) -> np.ndarray:
    """For each candidate, whether a taken moment lies strictly less than `within` away (same units)."""
    if not len(taken):
        return np.zeros(len(candidates), dtype=bool)
    after = np.searchsorted(taken, candidates)
    right = taken[np.minimum(after, len(taken) - 1)]
    left = taken[np.maximum(after - 1, 0)]
    return (np.abs(right - candidates) < within) | (np.abs(candidates - left) < within)


def _moments(posts: pd.DataFrame, name: str) -> pd.Series:
    """A moment column of the posts in Bogotá time (all empty when the table lacks it)."""
    if name not in posts:
        return pd.Series(pd.NaT, index=posts.index, dtype=pd.DatetimeTZDtype("us", BOGOTA))
    return _in_bogota(posts[name])


def _in_bogota(moments: pd.Series) -> pd.Series:
    """A moment column in Bogotá time (the register's dtype already is; naive values are taken as Bogotá's)."""
    if not isinstance(moments.dtype, pd.DatetimeTZDtype):
        moments = pd.to_datetime(moments)
        if not isinstance(moments.dtype, pd.DatetimeTZDtype):
            return moments.dt.tz_localize(BOGOTA)
    return moments.dt.tz_convert(BOGOTA)


def _aware(moment: datetime) -> datetime:
    return moment.astimezone(BOGOTA) if moment.tzinfo else moment.replace(tzinfo=BOGOTA)


# --- words for people ----------------------------------------------------------------------------------


def base_text(history: Grid) -> str:
    """The base of the rates, as shown next to them: "sobre alcance", or the mix when posts used several
    ("sobre alcance (40 publicaciones) y reproducciones (5)")."""
    if not history.bases:
        return ""
    ordered = sorted(history.bases.items(), key=lambda item: (-item[1], item[0]))
    if len(ordered) == 1:
        return f"sobre {BASE_LABEL.get(ordered[0][0], ordered[0][0].lower())}"
    parts = [f"{BASE_LABEL.get(name, name.lower())} ({fmt_int(number)}"
             f"{' publicaciones' if index == 0 else ''})" for index, (name, number) in enumerate(ordered)]
    return "sobre " + ", ".join(parts[:-1]) + " y " + parts[-1]


def window_text(history: Grid) -> str:
    """The window a suggestion read, as the page says it: «según las últimas 26 semanas»."""
    return f"según las últimas {fmt_int(history.weeks)} semanas"


def hour_text(hour: int) -> str:
    """A cell's hour as people read it: `8` -> `8:00 a. m.`, `18` -> `6:00 p. m.` (the cell runs to hh:59)."""
    return fmt_time(time(hour))
