"""The «Indicadores» page at 100,000 rows, as AppTest reruns it: cold (the process cache emptied first: the
register is loaded and validated, the figures computed and the charts built) and warm (everything from the
cache, only drawing), both in a session that already ran the page once (its modules imported). The store is
the register benchmark's demo store (`demo --filas 100000 --semilla 7 --hoy 2026-11-28`, built once under
benchmarks/work/), and the period the demo's last month up to its day, the shape of the page's default view
(this month)."""

from __future__ import annotations

import os
import statistics
import time
from datetime import date

from streamlit.testing.v1 import AppTest

from benchmarks.register_bench import ROWS, _store
from benchmarks.scale import ROOT, runs
from core.register import reading as register_module

APP = ROOT / "app.py"
PAGE = "app_pages/kpis.py"
PERIOD = (date(2026, 11, 1), date(2026, 11, 28))
RUNS = runs(5)


def _page() -> AppTest:
    """The page with the benchmark's period, as a person opening it through the router would see it."""
    at = AppTest.from_file(str(APP), default_timeout=300)
    at.session_state["k_preset"] = "Rango personalizado"
    at.session_state["k_range"] = PERIOD
    at.switch_page(PAGE)
    return at


def _timed_run(at: AppTest) -> float:
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    assert not at.exception, [error.message for error in at.exception]
    return elapsed


def _clear() -> None:
    """Empty the process cache: no register, so no snapshot and nothing derived from one (figures, chart specs)."""
    register_module._REGISTERS.clear()


def run() -> dict[str, dict]:
    print(f"Indicadores sobre {ROWS:,} filas…".replace(",", "."), flush=True)
    path, _ = _store(ROWS)
    previous = os.environ.get("DIVULGA_STORE")
    os.environ["DIVULGA_STORE"] = f"sqlite:///{path}"
    try:
        at = _page()
        _timed_run(at)  # the session and the page's modules, once: what a server has before anyone opens the page
        colds = []
        for _ in range(RUNS):
            _clear()
            colds.append(_timed_run(at))
        figures = {metric.label: metric.value for metric in at.metric}
        charts = len(at.get("vega_lite_chart"))
        warms = [_timed_run(at) for _ in range(RUNS)]
    finally:
        _clear()
        if previous is None:
            os.environ.pop("DIVULGA_STORE", None)
        else:
            os.environ["DIVULGA_STORE"] = previous
    assert figures.get("Publicaciones", "0") != "0" and charts >= 4, (figures, charts)
    print(f"  {figures['Publicaciones']} publicaciones, {figures['Mensajes recibidos']} mensajes, {charts} gráficos; "
          f"en frío {statistics.median(colds):.2f} s, de nuevo {statistics.median(warms) * 1000:.0f} ms", flush=True)
    return {
        "kpi_cold_s": {"value": round(statistics.median(colds), 3), "unit": "s", "budget": 3.0},
        "kpi_warm_ms": {"value": round(statistics.median(warms) * 1000, 1), "unit": "ms", "budget": 300.0},
    }


if __name__ == "__main__":
    for name, figure in run().items():
        print(name, figure)
