"""`python -m benchmarks` (or `make bench`): every benchmark, printed and saved to benchmarks/results.json.

Each figure is `{"value": number, "unit": text, "budget": number or null}`; the README's performance
table shows them. Benchmarks measure medians over repeated runs on a store made by the demo generator,
never wall-clock asserts inside the test suite.
"""

from __future__ import annotations

import json
import sys

from benchmarks import (
    best_hour_bench,
    grid_bench,
    history_bench,
    hoy_bench,
    kpi_bench,
    metrics_bench,
    pages_bench,
    pqrs_bench,
    register_bench,
    reports_bench,
    server_bench,
    sheets_bench,
    xlsx_bench,
)
from benchmarks.scale import RESULTS, SCALE


def main() -> int:
    results: dict[str, dict] = {}
    for module in (register_bench, sheets_bench, metrics_bench, best_hour_bench, grid_bench, pqrs_bench,
                   history_bench, reports_bench, xlsx_bench, kpi_bench, hoy_bench, pages_bench, server_bench):
        results.update(module.run())
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    width = max(map(len, results)) + 2
    print(f"\n{'figura':<{width}}{'valor':>12}  {'unidad':<6}{'presupuesto':>13}{'valor/presup.':>15}")
    over = 0
    for name, figure in results.items():
        budget = figure["budget"]
        ratio = f"{figure['value'] / budget:.2f}" if budget else "-"
        flag = ""
        if budget is not None and figure["value"] > budget and SCALE >= 1:
            over += 1
            flag = "  FUERA DEL PRESUPUESTO"
        print(f"{name:<{width}}{figure['value']:>12.3f}  {figure['unit']:<6}{budget if budget is not None else '-':>13}"
              f"{ratio:>15}{flag}")
    if SCALE < 1:
        print(f"\nEscala reducida ({SCALE}): solo se comprobó que cada benchmark corre; las cifras no se comparan "
              "con los presupuestos.")
    print(f"\nResultados en {RESULTS}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
