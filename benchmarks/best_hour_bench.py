"""Mejor hora over 100,000 posts already loaded: the weekday × hour grid of one network plus the
recommendation of its three best free slots, as the page computes them.

The posts are a demo store's Publicaciones (read through the register, so with the real dtypes), repeated
until there are 100,000, each copy moved by a whole number of days and hours (so it falls in other cells)
and kept inside the two years the demo covers. The window is the whole span, so every post of the network
is aggregated: the worst case of the page, whose default window is 16 weeks.
"""

from __future__ import annotations

import statistics
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd

from benchmarks.demo_store import demo_store
from benchmarks.scale import demo_rows, runs, size
from core.domain.best_hour import grid, recommend
from core.register import Register
from core.sheet.cells import BOGOTA
from core.store.sqlite import SQLiteStore

POSTS = size(100_000, 1_000)
DEMO_ROWS = demo_rows(20_000)
TODAY = date(2026, 11, 28)
RUNS = runs(9)


def _store() -> Path:
    return demo_store(DEMO_ROWS)[0]


def posts_100k(path: Path) -> pd.DataFrame:
    """The demo's Publicaciones, repeated and shifted up to POSTS rows, with the register's dtypes."""
    posts = Register(SQLiteStore(path)).snapshot().tables["Publicaciones"]
    copies = []
    for copy in range(-(-POSTS // len(posts))):
        moved = posts.copy()
        shift = pd.Timedelta(days=copy % 7, hours=copy % 5)
        for name in ("Programada", "Publicada"):
            moved[name] = moved[name] + shift
        moved["ID"] = moved["ID"] + f"-{copy}"
        copies.append(moved)
    frame = pd.concat(copies, ignore_index=True).head(POSTS)
    frame.index = pd.RangeIndex(2, POSTS + 2, name=posts.index.name)  # sheet row numbers, as the register gives
    return frame


def run() -> dict[str, dict]:
    print(f"Mejor hora sobre {POSTS:,} publicaciones…".replace(",", "."), flush=True)
    posts = posts_100k(_store())
    network = posts.loc[posts["Estado"] == "Publicada", "Red"].value_counts().index[0]
    now = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=BOGOTA)
    week = TODAY + timedelta(days=2)
    samples, slots = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        history = grid(posts, network, TODAY, weeks=106)
        slots = recommend(posts, network, week, now, history=history)
        samples.append((time.perf_counter() - started) * 1000)
    assert history.posts > POSTS // 10 and len(slots) == 3, (history.posts, slots)
    print(f"  {network}: {history.posts:,} publicaciones en la cuadrícula".replace(",", "."), flush=True)
    return {"best_hour_100k_ms": {"value": round(statistics.median(samples), 1), "unit": "ms", "budget": 300.0}}


if __name__ == "__main__":
    print(run())
