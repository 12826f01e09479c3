"""The publication grid as files: one month and one year of posts, as Excel, PDF and iCalendar, each the
whole `export_grid` call a download button or `python -m core parrilla` makes (selection included) on a
demo register of 20,000 rows (about 4,800 posts a year, several times an office's real pace)."""

from __future__ import annotations

import statistics
import time
from datetime import date, datetime
from pathlib import Path

from benchmarks.demo_store import demo_store
from benchmarks.scale import demo_rows, runs
from core.fmt import fmt_int, fmt_number
from core.register import Register
from core.reports.grid_export import FORMATS, export_grid
from core.sheet.cells import BOGOTA
from core.store.sqlite import SQLiteStore

DEMO_ROWS = demo_rows(20_000)
TODAY = date(2026, 11, 28)
RUNS = runs(3)
# (name, desde, hasta, budget in seconds per format)
RANGES = (("month", date(2026, 10, 1), date(2026, 10, 31), {"xlsx": 2.0, "pdf": 2.0, "ics": 2.0}),
          ("year", date(2025, 11, 1), date(2026, 10, 31), {"xlsx": 10.0, "pdf": 20.0, "ics": 15.0}))


def _store() -> Path:
    return demo_store(DEMO_ROWS)[0]


def run() -> dict[str, dict]:
    print(f"Parrilla como archivo, registro de demostración de {fmt_int(DEMO_ROWS)} filas…", flush=True)
    tables = Register(SQLiteStore(_store())).snapshot().tables
    now = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=BOGOTA)
    results: dict[str, dict] = {}
    for name, since, until, budgets in RANGES:
        for file_format in FORMATS:
            samples = []
            for _ in range(RUNS):
                started = time.perf_counter()
                grid = export_grid(tables, file_format, since, until, now=now)
                samples.append(time.perf_counter() - started)
            assert grid.posts > 0 and grid.data
            size = fmt_number(len(grid.data) / 1e6, 2)
            print(f"  {name} {file_format}: {fmt_int(grid.posts)} publicaciones, {size} MB, "
                  f"{fmt_number(statistics.median(samples), 2)} s", flush=True)
            results[f"grid_{name}_{file_format}_s"] = {
                "value": round(statistics.median(samples), 3), "unit": "s", "budget": budgets[file_format]}
    return results


if __name__ == "__main__":
    for figure, value in run().items():
        print(figure, value)
