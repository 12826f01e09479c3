"""The foundation's figures at 100,000 rows: loading and validating the register against a plain read,
single writes, and the memory of a fresh process that imports the app and loads the register."""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from benchmarks.demo_store import demo_store
from benchmarks.scale import ROOT, WORK, demo_rows, runs, size
from core.register import Register
from core.sheet.contract import DATA_TABS
from core.store.sqlite import SQLiteStore

ROWS = demo_rows(100_000)
RUNS = runs(5)
WRITES = size(50)


def _store(rows: int) -> tuple[Path, float | None]:
    return demo_store(rows)


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def _load_validate(path: Path) -> float:
    samples = []
    for _ in range(RUNS):
        register = Register(SQLiteStore(path))
        started = time.perf_counter()
        snapshot = register.snapshot()
        samples.append(time.perf_counter() - started)
    assert sum(snapshot.counts().values()) > 0
    return _median(samples)


def _load_floor(path: Path) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        connection = sqlite3.connect(path)
        frames = [pd.read_sql_query(f'SELECT * FROM "{tab.name}"', connection) for tab in DATA_TABS]
        connection.close()
        samples.append(time.perf_counter() - started)
    assert sum(len(frame) for frame in frames) > 0
    return _median(samples)


def _writes(path: Path) -> tuple[float, float]:
    """Median ms of a create and of an update, on a copy of the store (the benchmark store stays as made)."""
    copy = WORK / "writes.db"
    for leftover in WORK.glob("writes.db*"):
        leftover.unlink()
    shutil.copy(path, copy)
    register = Register(SQLiteStore(copy))
    writer = register.writer("benchmark")
    snapshot = register.snapshot()
    creates = []
    for i in range(WRITES):
        started = time.perf_counter()
        writer.create("Mensajes", {"Recibido": "2026-11-28 09:30", "Red": "X", "Usuario": f"@bench{i}",
                                   "Enlace": f"https://x.com/bench/status/{i}", "Mensaje": "¿Dónde radico una queja?"})
        creates.append((time.perf_counter() - started) * 1000)
    messages = snapshot.tables["Mensajes"]
    updates = []
    for record_id in messages["ID"].dropna().head(WRITES):
        seen = snapshot.record("Mensajes", record_id)
        started = time.perf_counter()
        written = writer.update("Mensajes", seen, {"Observaciones": f"revisado {record_id}"})
        updates.append((time.perf_counter() - started) * 1000)
        assert written == ["Observaciones"]
    return _median(creates), _median(updates)


# The probe's own peak is VmHWM: on Linux, a process started by fork (or vfork) and exec counts in ru_maxrss the
# peak of the process that started it, so ru_maxrss measured the benchmark's own loads too (50 MB more here).
# ru_maxrss only where there is no /proc.
RSS_PROBE = """
import resource, sys
import streamlit, altair  # what the app imports
import app_imports  # noqa
from core.register import Register
from core.store.sqlite import SQLiteStore
Register(SQLiteStore(sys.argv[1])).snapshot()
try:
    with open("/proc/self/status") as status:
        print(next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024)
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def _peak_rss_mb(path: Path) -> float:
    probe = RSS_PROBE.replace("import app_imports  # noqa\n", _app_imports())
    samples = []
    for _ in range(runs(3)):
        out = subprocess.run([sys.executable, "-c", probe, str(path)], check=True, capture_output=True, text=True,
                             cwd=ROOT)
        samples.append(float(out.stdout.strip().splitlines()[-1]))
    return _median(samples)


def _app_imports() -> str:
    """The core modules the app's pages import (every `core` module but the CLI), as import lines."""
    modules = sorted(
        "core." + ".".join(p.with_suffix("").relative_to(ROOT / "core").parts)
        for p in (ROOT / "core").rglob("*.py")
        if p.name not in ("__main__.py", "__init__.py") and p.parent.name != "cli"
    )
    return "".join(f"import {module}\n" for module in modules)


def run() -> dict[str, dict]:
    print(f"Registro de demostración de {ROWS:,} filas…".replace(",", "."), flush=True)
    path, made_in = _store(ROWS)
    if made_in is not None:
        print(f"  hecho en {made_in:.1f} s (python -m core demo)", flush=True)
    results: dict[str, dict] = {}
    load = _load_validate(path)
    floor = _load_floor(path)
    create_ms, update_ms = _writes(path)
    rss = _peak_rss_mb(path)
    results.update({
        "load_validate_s": {"value": round(load, 3), "unit": "s", "budget": 2.0},
        "load_floor_s": {"value": round(floor, 3), "unit": "s", "budget": None},
        "load_ratio": {"value": round(load / floor, 2), "unit": "x", "budget": 2.0},
        "create_median_ms": {"value": round(create_ms, 2), "unit": "ms", "budget": 20.0},
        "update_median_ms": {"value": round(update_ms, 2), "unit": "ms", "budget": 20.0},
        "load_peak_rss_mb": {"value": round(rss, 1), "unit": "MB", "budget": 400.0},
    })
    return results
