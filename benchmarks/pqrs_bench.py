"""The message queues and the register's status on the 100,000-row demo register (about 36,600 messages,
9,000 requests): the six queues with their due dates, and the whole status they are part of (every request,
campaign and message with its due date, and every task: what `colas`, `pendientes`, Hoy and the Colas page
read, computed once per snapshot and day), on a snapshot already loaded (the load is `load_validate_s`).
"""

from __future__ import annotations

import statistics
import time
from datetime import date

from benchmarks.register_bench import ROWS, _store
from benchmarks.scale import runs
from core.domain.pqrs import queues
from core.domain.status import status_of
from core.register import Register
from core.store.sqlite import SQLiteStore

DAY = date(2026, 11, 28)  # the demo's day
RUNS = runs(7)


def _median_ms(call) -> float:
    call()  # warm: the holiday tables of each year are built once per process
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def run() -> dict[str, dict]:
    path, _ = _store(ROWS)
    tables = Register(SQLiteStore(path)).snapshot().tables
    return {
        "pqrs_queues_ms": {"value": _median_ms(lambda: queues(tables, DAY)), "unit": "ms", "budget": 500},
        "status_100k_ms": {"value": _median_ms(lambda: status_of(tables, DAY)), "unit": "ms", "budget": 1000},
    }


if __name__ == "__main__":
    for name, figure in run().items():
        print(f"{name}: {figure['value']:.1f} {figure['unit']} (presupuesto {figure['budget']})")
