"""The message queues on the 100,000-row demo register (about 36,600 messages): the six queues with their due
dates (`colas`, the Colas page), their counts alone (the "Hoy" and home pages, on every rerun) and the
messages' part of the daily digest (`pendientes`, the "Hoy" page), on a snapshot already loaded (the load is
`load_validate_s`).
"""

from __future__ import annotations

import statistics
import time
from datetime import date

from benchmarks.register_bench import ROWS, _store
from benchmarks.scale import runs
from core.pending import message_items
from core.pqrs import queue_counts, queues
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
        "pqrs_queue_counts_ms": {"value": _median_ms(lambda: queue_counts(tables, DAY)), "unit": "ms", "budget": 200},
        "pendientes_mensajes_ms": {"value": _median_ms(lambda: message_items(tables, DAY)), "unit": "ms",
                                   "budget": 500},
    }


if __name__ == "__main__":
    for name, figure in run().items():
        print(f"{name}: {figure['value']:.1f} {figure['unit']} (presupuesto {figure['budget']})")
