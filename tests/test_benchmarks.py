"""`make bench` cannot rot: every benchmark module runs once, at a tiny size, through `python -m benchmarks`.

No timing is asserted (the figures of a tiny run mean nothing); what must hold is that each module still
runs against the code as it is now and writes every figure of the README's performance table.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    work = tmp_path_factory.mktemp("bench")
    results = work / "results.json"
    env = {**os.environ, "DIVULGA_BENCH_SCALE": "0.01", "DIVULGA_BENCH_WORK": str(work),
           "DIVULGA_BENCH_RESULTS": str(results)}
    env.pop("DIVULGA_STORE", None)
    done = subprocess.run([sys.executable, "-m", "benchmarks"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    return done, results


def test_every_benchmark_runs_and_writes_its_figures(tiny_run):
    done, results = tiny_run
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    figures = json.loads(results.read_text(encoding="utf-8"))
    for name, figure in figures.items():
        assert isinstance(figure["value"], int | float) and figure["value"] >= 0, name
        assert figure["unit"], name


def test_the_tiny_run_leaves_the_real_results_alone(tiny_run):
    done, results = tiny_run
    assert results.parent != ROOT / "benchmarks"
    assert "Escala reducida" in done.stdout


def test_every_figure_of_the_committed_results_is_still_measured(tiny_run):
    """A figure in benchmarks/results.json (the README's table) that no module writes any more is a broken bench."""
    _, results = tiny_run
    measured = set(json.loads(results.read_text(encoding="utf-8")))
    committed = set(json.loads((ROOT / "benchmarks" / "results.json").read_text(encoding="utf-8")))
    assert committed <= measured, sorted(committed - measured)


def test_the_xlsx_benchmark_times_both_writers_on_the_three_workbooks(tiny_run):
    """benchmarks/xlsx_bench.py is how the app's XLSX writer was chosen: it must keep measuring both candidates."""
    _, results = tiny_run
    measured = set(json.loads(results.read_text(encoding="utf-8")))
    expected = {f"xlsx_{workbook}_{figure}" for workbook in ("report_monthly_10k", "register_export_100k", "grid_year")
                for figure in ("xlsxwriter_s", "openpyxl_s", "openpyxl_ratio")}
    assert expected <= measured, sorted(expected - measured)


def test_make_bench_runs_the_benchmarks_module():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^bench:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe and "-m benchmarks" in recipe.group(1)
