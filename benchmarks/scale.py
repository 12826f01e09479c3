"""How big the benchmarks run and where they keep their files.

`make bench` runs them at full size under benchmarks/work/ and writes benchmarks/results.json. The test
suite runs every module once at a tiny size (`DIVULGA_BENCH_SCALE=0.01`) in a folder of its own
(`DIVULGA_BENCH_WORK`, `DIVULGA_BENCH_RESULTS`), so a refactor cannot break `make bench` unseen; no timing
is asserted there.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALE = float(os.environ.get("DIVULGA_BENCH_SCALE") or 1)
WORK = Path(os.environ.get("DIVULGA_BENCH_WORK") or ROOT / "benchmarks" / "work")
RESULTS = Path(os.environ.get("DIVULGA_BENCH_RESULTS") or ROOT / "benchmarks" / "results.json")
DEMO_MINIMUM = 60  # the fewest rows `python -m core demo` makes


def size(full: int, least: int = 1) -> int:
    """A count at this run's scale (`full` for `make bench`), never below `least`."""
    return max(least, round(full * SCALE))


def demo_rows(full: int) -> int:
    """Rows of a demo store at this run's scale."""
    return size(full, DEMO_MINIMUM)


def runs(full: int) -> int:
    """Repetitions of a measure: one when the run is only checking that the benchmark works."""
    return full if SCALE >= 1 else 1
