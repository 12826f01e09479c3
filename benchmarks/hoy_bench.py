"""What people open every morning, at 100,000 rows: the «Hoy» page as AppTest reruns it (cold: the process cache
emptied first, so the register is loaded and validated and its status computed; warm: the same session again,
the status taken from the snapshot) on the whole team's view, and `python -m core pendientes` end to end as a
command (a new process: imports, the read of the tabs it needs, the status, the CSV). The store is the register
benchmark's demo store; the day is the demo's (28/11/2026)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from datetime import date

from streamlit.testing.v1 import AppTest

from benchmarks.kpi_bench import _clear, _timed_run
from benchmarks.register_bench import ROWS, _store
from benchmarks.scale import ROOT, runs
from core.sheet import contract

APP = ROOT / "app.py"
DAY = date(2026, 11, 28)
RUNS = runs(5)


def _hoy_page() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=300)
    at.session_state["hoy_whose"] = "Todo el equipo"  # the longest list
    at.switch_page("app_pages/hoy.py")
    return at


def _pendientes(store: str) -> tuple[float, int]:
    """Seconds of one `pendientes --formato csv` run, and the lines it printed."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "core", "pendientes", "--fecha", DAY.isoformat(), "--formato", "csv"],
                          cwd=ROOT, env={**os.environ, "DIVULGA_STORE": store}, capture_output=True, text=True,
                          check=True)
    return time.perf_counter() - started, len(done.stdout.splitlines())


def run() -> dict[str, dict]:
    print(f"Hoy y pendientes sobre {ROWS:,} filas…".replace(",", "."), flush=True)
    path, _ = _store(ROWS)
    store = f"sqlite:///{path}"
    previous_store, previous_today = os.environ.get("DIVULGA_STORE"), contract.today_in_bogota
    os.environ["DIVULGA_STORE"] = store
    contract.today_in_bogota = lambda: DAY
    try:
        at = _hoy_page()
        _timed_run(at)  # the session and the page's modules, once
        colds = []
        for _ in range(RUNS):
            _clear()
            colds.append(_timed_run(at))
        due = next(table.value for table in at.dataframe if "Tipo" in table.value.columns)
        warms = [_timed_run(at) for _ in range(RUNS)]
    finally:
        _clear()
        contract.today_in_bogota = previous_today
        if previous_store is None:
            os.environ.pop("DIVULGA_STORE", None)
        else:
            os.environ["DIVULGA_STORE"] = previous_store
    commands = [_pendientes(store) for _ in range(runs(3))]
    lines = commands[0][1]
    assert len(due) and lines > 1, (len(due), lines)
    seconds = statistics.median(elapsed for elapsed, _ in commands)
    print(f"  Hoy: {len(due)} pendientes del equipo; en frío {statistics.median(colds):.2f} s, de nuevo "
          f"{statistics.median(warms) * 1000:.0f} ms; pendientes: {lines - 1} líneas en {seconds:.2f} s", flush=True)
    return {
        "hoy_cold_s": {"value": round(statistics.median(colds), 3), "unit": "s", "budget": 3.0},
        "hoy_warm_ms": {"value": round(statistics.median(warms) * 1000, 1), "unit": "ms", "budget": 300.0},
        "pendientes_100k_s": {"value": round(seconds, 3), "unit": "s", "budget": 4.0},
    }


if __name__ == "__main__":
    for name, figure in run().items():
        print(name, figure)
