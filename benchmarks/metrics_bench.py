"""Importing a platform export: a 10,000-row X tweet-activity file into a `demo --filas 5000` store.

The file is generated for the benchmark in X's own layout (the columns and value forms of the real export
in tests/fixtures/real): every X post of the demo store comes back with grown figures (updates), and new
tweets fill it up to 10,000 rows (creates). Each run imports it into a fresh copy of the store, through
the CLI's own path (parse, one snapshot read, one bulk create, one bulk update), and the figure is the
median of the runs.
"""

from __future__ import annotations

import csv
import io
import random
import shutil
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.register_bench import _store
from benchmarks.scale import WORK, demo_rows, runs, size
from core.metrics_import import import_metrics, parse_export
from core.register import Register
from core.store.sqlite import SQLiteStore

ROWS = size(10_000, 100)
STORE_ROWS = demo_rows(5_000)
RUNS = runs(3)
BUDGET_S = 3.0
HEADERS = ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "engagements", "engagement rate",
           "retweets", "replies", "likes", "user profile clicks", "url clicks", "hashtag clicks", "detail expands",
           "permalink clicks", "app opens", "app installs", "follows", "email tweet", "dial phone", "media views",
           "media engagements", "promoted impressions", "promoted engagements"]


def export_file(store: Path, rows: int = ROWS, seed: int = 7) -> bytes:
    """An X export of `rows` tweets: the store's X posts (by their ID and link) plus new ones."""
    rng = random.Random(seed)
    posts = Register(SQLiteStore(store)).snapshot().tables["Publicaciones"]
    known = posts[(posts["Red"] == "X") & posts["ID en la red"].notna()]
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(HEADERS)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    lines = [(str(status), str(link) if isinstance(link, str) else f"https://x.com/DADEPBogota/status/{status}")
             for status, link in zip(known["ID en la red"], known["Enlace"])]
    lines += [(str(1_800_000_000_000_000_000 + n), f"https://x.com/DADEPBogota/status/{1_800_000_000_000_000_000 + n}")
              for n in range(rows - len(lines))]
    for status, link in lines[:rows]:
        impressions = rng.randint(200, 20_000)
        engagements = rng.randint(0, impressions // 20)
        retweets, replies = rng.randint(0, engagements // 4), rng.randint(0, engagements // 8)
        likes = rng.randint(0, engagements - retweets - replies)
        moment = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 600))
        text = f"Recuperamos el espacio público #{status[-4:]} &amp; más"
        writer.writerow([status, link, text, f"{moment:%Y-%m-%d %H:%M} +0000",
                         f"{impressions}.0", f"{engagements}.0", repr(engagements / impressions), f"{retweets}.0",
                         f"{replies}.0", f"{likes}.0", "0.0", f"{rng.randint(0, 9)}.0", "0.0", "1.0", "0.0", "0", "0",
                         "0", "0", "0", "0", "0", "-", "-"])
    return out.getvalue().encode("utf-8")


def _import(path: Path, data: bytes) -> tuple[float, object]:
    register = Register(SQLiteStore(path))
    started = time.perf_counter()
    report = import_metrics(register.writer("benchmark"),
                            parse_export(data, filename="tweet_activity_metrics_DADEPBogota_20261001_20261101_en.csv"))
    return time.perf_counter() - started, report


def run() -> dict[str, dict]:
    store, _ = _store(STORE_ROWS)
    data = export_file(store)
    samples = []
    for _ in range(RUNS):
        copy = WORK / "metrics-import.db"
        for leftover in WORK.glob("metrics-import.db*"):
            leftover.unlink()
        shutil.copy(store, copy)
        elapsed, report = _import(copy, data)
        assert report.rows_read == ROWS and not report.skipped, report.lines()[-5:]
        assert report.created + report.updated + report.unchanged == ROWS
        samples.append(elapsed)
    return {"import_metrics_10k_s": {"value": round(statistics.median(samples), 3), "unit": "s", "budget": BUDGET_S}}


if __name__ == "__main__":
    print(run())
