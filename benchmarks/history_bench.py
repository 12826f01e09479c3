"""The Historial page over 100,000 Historial rows: reading and validating the tab, filtering it (every filter
at once, and the field filter alone, the one that looks inside Cambios), what one rerun of the page computes
(filters plus the 1,000 rows shown, parsed), and the CSV of every row when the download button is pressed.

The rows are written to a SQLite store of their own as the Writer writes them (`history_record`): a mix of
creations with every field and edits of two or three fields, by nine people over two years.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import time
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

from benchmarks.scale import WORK, runs, size
from core.files.spreadsheet_safety import csv_bytes, neutralised
from core.register import Register
from core.sheet.cells import BOGOTA
from core.sheet.contract import HISTORY_TAB
from core.store.sqlite import SQLiteStore
from core.ui.history_view import HistoryFilter, filter_history, record_rows

ROWS = size(100_000, 100)
SHOWN = 1_000
RUNS = runs(9)
PEOPLE = [f"Persona {i}" for i in range(9)]
TABS = ("Mensajes", "Publicaciones", "Solicitudes", "Cuentas", "Monitoreo")


def _changes(i: int) -> dict:
    if i % 4 == 0:  # a creation: every field the person filled
        return {"Recibido": [None, "2026-03-02T09:15:00-05:00"], "Red": [None, "Facebook"], "Usuario": [None, f"@v{i}"],
                "Mensaje": [None, f"¿Cuándo recuperan el andén de la calle {i}? Hay ventas desde hace meses."],
                "Tema": [None, "Andenes"], "Registrado por": [None, PEOPLE[i % 9]]}
    if i % 4 == 1:
        return {"Estado": ["Programada", "Publicada"], "Publicada": [None, "2026-03-02T15:05:00-05:00"]}
    if i % 4 == 2:
        return {"Alcance": [None, 1200 + i], "Interacciones": [None, 40 + i % 50], "Métricas al": [None, "2026-03-05"]}
    return {"Respondido": ["No", "Sí"], "Fecha de respuesta": [None, "2026-03-02T10:00:00-05:00"],
            "Plantilla": [None, "Respuesta general"]}


def _store() -> Path:
    """A store whose Historial has ROWS rows, made once and reused."""
    path = WORK / f"history-{ROWS}.db"
    if path.exists():
        return path
    WORK.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.db")
    for leftover in WORK.glob(partial.name + "*"):
        leftover.unlink()
    start = datetime(2024, 12, 1, 8, 0, tzinfo=BOGOTA)
    step = timedelta(minutes=10 * 100_000 / ROWS)  # about two years of changes, whatever the size
    rows = [{"Fecha": start + step * i, "Usuario": PEOPLE[i % 9], "Pestaña": TABS[i % 5],
             "ID": f"MSG-{20241201 + i // 1000}-{i:05d}", "Acción": ("crear", "editar", "responder", "publicar")[i % 4],
             "Cambios": json.dumps(_changes(i), ensure_ascii=False)} for i in range(ROWS)]
    store = SQLiteStore(partial)
    for first in range(0, ROWS, 20_000):
        store.append(HISTORY_TAB, rows[first:first + 20_000], [])
    with closing(sqlite3.connect(partial)) as connection:  # every row into the file, the WAL left empty
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    partial.rename(path)
    return path


def _median_s(action, runs: int = RUNS) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def run() -> dict[str, dict]:
    print(f"Historial de {ROWS:,} filas…".replace(",", "."), flush=True)
    path = _store()
    read = _median_s(lambda: Register(SQLiteStore(path)).history(), runs=runs(3))
    history = Register(SQLiteStore(path)).history()
    assert len(history) == ROWS
    every = HistoryFilter(people=("Persona 3", "Persona 5"), tabs=("Mensajes", "Cuentas"), actions=("crear",),
                          id_contains="0", since=date(2025, 1, 1), until=date(2026, 6, 30), field="Tema")
    assert len(filter_history(history, every)) > 0
    filtered = _median_s(lambda: filter_history(history, every))
    by_field = _median_s(lambda: filter_history(history, HistoryFilter(field="Estado")))

    def page() -> None:
        record_rows(filter_history(history, HistoryFilter()).head(SHOWN))

    rerun = _median_s(page)
    csv = _median_s(lambda: csv_bytes(neutralised(record_rows(filter_history(history, HistoryFilter())))), runs=runs(3))
    return {
        "history_read_100k_s": {"value": round(read, 3), "unit": "s", "budget": 2.0},
        "history_filter_all_100k_ms": {"value": round(filtered * 1000, 1), "unit": "ms", "budget": 300.0},
        "history_filter_field_100k_ms": {"value": round(by_field * 1000, 1), "unit": "ms", "budget": 300.0},
        "history_page_rerun_100k_ms": {"value": round(rerun * 1000, 1), "unit": "ms", "budget": 500.0},
        "history_csv_100k_s": {"value": round(csv, 3), "unit": "s", "budget": 5.0},
    }


if __name__ == "__main__":
    for name, figure in run().items():
        print(f"{name:<32}{figure['value']:>10} {figure['unit']:<3} (presupuesto {figure['budget']})")
