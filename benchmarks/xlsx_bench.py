"""Which library writes the app's workbooks: the three workbooks the app writes, each with XlsxWriter (the app's
one writer, core/reports/workbook.py) and with openpyxl's write-only mode (benchmarks/xlsx_openpyxl.py: the same
workbook API, so the same cells, styles and sheets either way):

- the monthly PQRS report at 10,000 messages (the report of benchmarks/reports_bench.py, built once: only its
  XLSX is timed; the whole report, PDF included, has 5 s);
- the register's `exportar` at the register benchmark's 100,000 demo rows (every tab, Historial included);
- the publication grid for a year of the grid benchmark's demo register.

Each figure is the median wall time of a few runs; the CPU time is printed beside it (the machine may be busy)
and `*_openpyxl_ratio` says how many times longer openpyxl takes. Run `python -m benchmarks.xlsx_bench`.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from datetime import time as clock_time

from benchmarks import grid_bench, register_bench, reports_bench, xlsx_openpyxl
from benchmarks.scale import WORK, runs
from core.fmt import fmt_int, fmt_number
from core.reports import workbook
from core.sheet.cells import BOGOTA

RUNS = runs(3)
CANDIDATES = {"xlsxwriter": workbook.Workbook, "openpyxl": xlsx_openpyxl.Workbook}


@contextmanager
def writing_with(candidate: type) -> Iterator[None]:
    """Every loaded module of core.reports that writes through the app's `Workbook` writes through `candidate`
    for a while (the three workbooks' code runs unchanged)."""
    modules = [module for name, module in list(sys.modules.items())
               if name.startswith("core.reports") and getattr(module, "Workbook", None) is workbook.Workbook]
    for module in modules:
        module.Workbook = candidate
    try:
        yield
    finally:
        for module in modules:
            module.Workbook = workbook.Workbook


def _report() -> Callable[[], int]:
    from core.register import Register
    from core.reports import pqrs_monthly
    from core.reports.formats import report_bytes
    from core.store.sqlite import SQLiteStore

    tables = Register(SQLiteStore(reports_bench._store())).snapshot().tables
    made_at = datetime.combine(reports_bench.TODAY, clock_time(9), tzinfo=BOGOTA)
    report = pqrs_monthly.build(tables, reports_bench.MONTH, made_at=made_at)
    return lambda: len(report_bytes(report, "xlsx"))


def _register() -> Callable[[], int]:
    from core.register import Register
    from core.reports.register_xlsx import write_workbook
    from core.sheet.contract import TABS
    from core.store.sqlite import SQLiteStore

    tabs = Register(SQLiteStore(register_bench._store(register_bench.ROWS)[0])).store.read(TABS)
    path = WORK / "xlsx-bench-registro.xlsx"

    def export() -> int:
        write_workbook(tabs, path)
        return path.stat().st_size

    return export


def _grid() -> Callable[[], int]:
    from core.register import Register
    from core.reports.grid_select import select_posts
    from core.reports.grid_xlsx import grid_xlsx
    from core.reports.model import header_of
    from core.settings import settings_of
    from core.store.sqlite import SQLiteStore

    tables = Register(SQLiteStore(grid_bench._store())).snapshot().tables
    _, since, until, _ = next(item for item in grid_bench.RANGES if item[0] == "year")
    posts, header = select_posts(tables, since, until), header_of(settings_of(tables))
    made_at = datetime.combine(grid_bench.TODAY, clock_time(12), tzinfo=BOGOTA)
    return lambda: len(grid_xlsx(posts, "Parrilla de publicación", header, "Un año", made_at))


WORKBOOKS = (("report_monthly_10k", f"informe mensual de PQRS, {fmt_int(reports_bench.MESSAGES)} mensajes", _report),
             ("register_export_100k", f"exportar el registro, {fmt_int(register_bench.ROWS)} filas", _register),
             ("grid_year", f"parrilla de un año, registro de {fmt_int(grid_bench.DEMO_ROWS)} filas", _grid))


def _timed(write: Callable[[], int]) -> tuple[float, float, int]:
    """Median wall and CPU seconds of `RUNS` writes, and the file's size in bytes (what `write` returns)."""
    samples = []
    for _ in range(RUNS):
        started, cpu = time.perf_counter(), time.process_time()
        size = write()
        samples.append((time.perf_counter() - started, time.process_time() - cpu))
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples), size


def run() -> dict[str, dict]:
    print("Escritura de XLSX: XlsxWriter (la de la app) frente a openpyxl (modo write-only)…", flush=True)
    results: dict[str, dict] = {}
    for name, label, prepare in WORKBOOKS:
        write = prepare()
        write()  # a first run loads what the writers import, and every module that writes a workbook
        walls = {}
        for candidate, book in CANDIDATES.items():
            with writing_with(book):
                wall, cpu, size = _timed(write)
            walls[candidate] = wall
            print(f"  {label}, {candidate}: {fmt_number(wall, 2)} s (CPU {fmt_number(cpu, 2)} s), "
                  f"{fmt_number(size / 1e6, 2)} MB", flush=True)
            results[f"xlsx_{name}_{candidate}_s"] = {"value": round(wall, 3), "unit": "s", "budget": None}
        ratio = walls["openpyxl"] / walls["xlsxwriter"] if walls["xlsxwriter"] else 0.0
        print(f"  {label}: openpyxl tarda {fmt_number(ratio, 1)} veces lo que XlsxWriter", flush=True)
        results[f"xlsx_{name}_openpyxl_ratio"] = {"value": round(ratio, 2), "unit": "x", "budget": None}
    return results


if __name__ == "__main__":
    for figure, value in run().items():
        print(figure, value)
