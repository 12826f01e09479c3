"""The demo stores the benchmarks measure: made once with `python -m core demo` (seed 7, as of 28/11/2026)
under benchmarks/work/ and reused; a store's name says its size and which demo generator made it (a store made
by an older generator is not measured)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.scale import ROOT, WORK

SEED, TODAY = "7", "2026-11-28"


def demo_store(rows: int) -> tuple[Path, float | None]:
    """The store of `rows` demo rows, and how long making it took (None when it was already there)."""
    path = WORK / f"demo-{rows}-{_generator()}.db"
    if path.exists():
        return path, None
    WORK.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.db")
    for leftover in WORK.glob(partial.name + "*"):
        leftover.unlink()
    env = {**os.environ, "DIVULGA_STORE": f"sqlite:///{partial}"}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "core", "--usuario", "benchmark", "demo", "--filas", str(rows),
                    "--semilla", SEED, "--hoy", TODAY], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    with sqlite3.connect(partial) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    partial.rename(path)
    return path, elapsed


def _generator() -> str:
    """A short fingerprint of the demo generator's code (every module of the `core.demo` package)."""
    code = b"".join(path.read_bytes() for path in sorted((ROOT / "core" / "demo").glob("*.py")))
    return hashlib.sha256(code).hexdigest()[:8]
