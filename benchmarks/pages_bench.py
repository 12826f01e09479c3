"""Every page as people wait on it, at 100,000 rows, through AppTest on the register benchmark's demo store
(the demo's day, 28/11/2026, the whole team's view):

- the first view of each page with an empty process cache (no register, no snapshot: the store is read and
  validated, and the page computes everything), in a session that already ran once (its modules imported);
- a warm rerun of each page (the same session again, nothing changed): what every click that writes nothing
  costs;
- a message saved from Mensajes, from the click on «Registrar» until the rerun shows its ID.

Each page's figures are printed; the slowest of each kind goes to results.json."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from streamlit.testing.v1 import AppTest

from benchmarks.kpi_bench import _clear
from benchmarks.kpi_bench import _timed_run as timed
from benchmarks.register_bench import ROWS, _store
from benchmarks.scale import ROOT, WORK, runs

APP = ROOT / "app.py"
DAY = date(2026, 11, 28)
PAGES = sorted(f"app_pages/{path.name}" for path in (ROOT / "app_pages").glob("*.py"))
RUNS = runs(3)
SAVES = runs(5)


def page(path: str, person: str = "Benchmark") -> AppTest:
    """The page as a person opens it through the router on the demo's day, with a name typed."""
    at = AppTest.from_file(str(APP), default_timeout=300)
    at.session_state["divulga_day"] = DAY
    at.session_state["divulga_person"] = person
    at.session_state["hoy_whose"] = "Todo el equipo"  # the longest list
    at.run()
    at.switch_page(path)
    return at


def _first_and_warm(path: str) -> tuple[float, float]:
    at = page(path)
    timed(at)  # the page's modules imported, once: what a server has before anyone opens the page
    firsts = []
    for _ in range(RUNS):
        _clear()
        firsts.append(timed(at))
    warms = [timed(at) for _ in range(RUNS)]
    return statistics.median(firsts), statistics.median(warms)


def _save_to_page() -> float:
    """Seconds from «Registrar» on Mensajes to the page that names the new message, median of `SAVES`."""
    at = page("app_pages/mensajes.py")
    timed(at)
    samples = []
    for number in range(SAVES):
        at.text_input(key="m_link").input(f"https://x.com/bench{number}/status/{9000 + number}")
        at.text_area(key="m_text").input(f"¿Cuándo recuperan el andén {number}?")
        button = at.button[[b.label for b in at.button].index("Registrar")]
        started = time.perf_counter()
        button.click().run()
        samples.append(time.perf_counter() - started)
        assert not at.exception, [error.message for error in at.exception]
        shown = "\n".join(str(element.value) for element in at.success)
        assert "Registrado: **MSG-" in shown, shown
    return statistics.median(samples)


@contextmanager
def _on_copy_of_store() -> Iterator[None]:
    """The demo store copied (a save writes), as `DIVULGA_STORE`, restored after."""
    import shutil

    path, _ = _store(ROWS)
    copy = WORK / "pages.db"
    for leftover in WORK.glob("pages.db*"):
        leftover.unlink()
    shutil.copy(path, copy)
    previous = os.environ.get("DIVULGA_STORE")
    os.environ["DIVULGA_STORE"] = f"sqlite:///{copy}"
    try:
        yield
    finally:
        _clear()
        if previous is None:
            os.environ.pop("DIVULGA_STORE", None)
        else:
            os.environ["DIVULGA_STORE"] = previous


def run() -> dict[str, dict]:
    print(f"Páginas sobre {ROWS:,} filas (primera vista con la caché vacía · de nuevo):".replace(",", "."), flush=True)
    with _on_copy_of_store():
        figures = {}
        for path in PAGES:
            first, warm = _first_and_warm(path)
            figures[path] = (first, warm)
            print(f"  {path.removeprefix('app_pages/'):<18}{first:>7.2f} s{warm * 1000:>9.0f} ms", flush=True)
        save = _save_to_page()
    print(f"  un mensaje guardado desde Mensajes hasta verlo: {save:.2f} s", flush=True)
    return {
        "save_to_page_100k_s": {"value": round(save, 3), "unit": "s", "budget": 1.0},
        "page_rerun_100k_ms": {"value": round(max(w for _, w in figures.values()) * 1000, 1), "unit": "ms",
                               "budget": 500.0},
        "page_first_100k_s": {"value": round(max(f for f, _ in figures.values()), 3), "unit": "s", "budget": 3.0},
    }


if __name__ == "__main__":
    for name, figure in run().items():
        print(name, figure)
