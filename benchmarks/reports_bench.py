"""The monthly PQRS report for 10,000 messages received in one month (several times an office's real volume),
XLSX and PDF together, from a snapshot already loaded: building the report (counts, legal due dates,
queues), writing the workbook, and the PDF with its three charts rendered by vl-convert.

`report_monthly_10k_s` is the median over fresh processes, so each run pays vl-convert's start-up (its first
chart in a process costs about a second): what `python -m core informe` and a page's first download wait for
beyond loading the register. `report_monthly_10k_warm_s` is the same in a process that already drew charts.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from benchmarks.scale import ROOT, WORK, runs, size
from core.sheet.cells import BOGOTA

MESSAGES = size(10_000, 100)
MONTH = "2026-10"
TODAY = date(2026, 11, 28)
RUNS = runs(3)
BUDGET_S = 5.0
TYPOLOGIES = ("Derecho de petición de interés general", "Queja", "Reclamo", "Sugerencia", "Felicitación",
              "Consulta", "Solicitud de acceso a la información", "No es PQRS", "No es PQRS", "No es PQRS", None)
NETWORKS = ("Facebook", "X", "Instagram", "YouTube", "TikTok")
TOPICS = ("Andenes", "Parques", "Vendedores informales", "Recuperación del espacio público", "Zonas verdes", None)
TEXTS = ("¿A quién le escribo para que recuperen el andén de mi cuadra? Lleva meses invadido.",
         "Gracias por la jornada en el parque, quedó muy bien 👏",
         "=HYPERLINK(\"http://x\",\"y\") prueba de un texto que empieza por igual",
         "Necesito el certificado de un predio, ¿cómo lo pido?",
         "Los vendedores informales no dejan pasar en la calle 72 con carrera 11. Exijo una respuesta.")


def _records(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    start = datetime(2026, 10, 1, tzinfo=BOGOTA)
    rows = []
    for number in range(count):
        received = start + timedelta(minutes=rng.randrange(31 * 24 * 60))
        typology = rng.choice(TYPOLOGIES)
        answered = rng.random() < 0.85
        sent = typology not in (None, "No es PQRS") and rng.random() < 0.8
        filed = sent and rng.random() < 0.7
        rows.append({
            "ID": f"MSG-BENCH-{number:05d}", "Recibido": received, "Red": rng.choice(NETWORKS),
            "Tipo de interacción": rng.choice(("Comentario", "Mensaje directo", "Mención")),
            "Usuario": f"@ciudadano{rng.randrange(100_000)}", "Mensaje": rng.choice(TEXTS),
            "Tema": rng.choice(TOPICS), "Clasificación": typology, "Respondido": answered,
            "Fecha de respuesta": received + timedelta(minutes=rng.randrange(30, 3000)) if answered else None,
            "Enviado a ATC": (received + timedelta(days=rng.choice((0, 1, 1, 2, 4)))).date() if sent else None,
            "Radicado": filed, "Número de radicado": f"{rng.randrange(10**9)}2026" if filed else None,
            "Fecha de radicación": (received + timedelta(days=3)).date() if filed else None,
        })
    return rows


def _write(path: Path) -> None:
    from core.register import Register
    from core.store.sqlite import SQLiteStore

    writer = Register(SQLiteStore(path)).writer("benchmark")
    records = _records(MESSAGES)
    for first in range(0, len(records), 2_000):
        writer.create_many("Mensajes", records[first:first + 2_000], action="benchmark", with_history=False)


def _store() -> Path:
    """A register with the month's 10,000 messages, made once (in its own process, so the SQLite file is
    complete when it closes) and reused; its name says its size."""
    path = WORK / f"reports-{MESSAGES}.db"
    if not path.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial.db")
        for leftover in WORK.glob(partial.name + "*"):
            leftover.unlink()
        subprocess.run([sys.executable, "-m", "benchmarks.reports_bench", "--crear", str(partial)], check=True,
                       cwd=ROOT)
        partial.rename(path)
    return path


def _measure(runs: int) -> list[float]:
    """Seconds per run (build + XLSX + PDF) in this process, on the store's snapshot."""
    from core.register import Register
    from core.reports import pqrs_monthly
    from core.reports.formats import report_bytes
    from core.store.sqlite import SQLiteStore

    tables = Register(SQLiteStore(_store())).snapshot().tables
    made_at = datetime(TODAY.year, TODAY.month, TODAY.day, 9, tzinfo=BOGOTA)
    samples = []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        report = pqrs_monthly.build(tables, MONTH, made_at=made_at)
        sizes = [len(report_bytes(report, file_format)) for file_format in ("xlsx", "pdf")]
        samples.append((time.perf_counter() - started, time.process_time() - cpu))
        assert len(report.listing.rows) == MESSAGES and all(sizes)
    return samples


def run() -> dict[str, dict]:
    print(f"Informe mensual de PQRS con {MESSAGES:,} mensajes (XLSX y PDF)…".replace(",", "."), flush=True)
    _store()
    cold = []
    for _ in range(RUNS):
        out = subprocess.run([sys.executable, "-m", "benchmarks.reports_bench", "--una"], check=True, cwd=ROOT,
                             capture_output=True, text=True, env={**os.environ})
        cold.append(json.loads(out.stdout.strip().splitlines()[-1])[0])
    warm = _measure(RUNS + 1)[1:]
    for label, samples in (("proceso nuevo", cold), ("con gráficos ya dibujados", warm)):
        print(f"  {label}: " + ", ".join(f"{wall:.2f} s (CPU {cpu:.2f} s)" for wall, cpu in samples), flush=True)
    return {
        "report_monthly_10k_s": {"value": round(statistics.median(wall for wall, _ in cold), 3), "unit": "s",
                                 "budget": BUDGET_S},
        "report_monthly_10k_warm_s": {"value": round(statistics.median(wall for wall, _ in warm), 3), "unit": "s",
                                      "budget": None},
    }


if __name__ == "__main__":
    if sys.argv[1:] == ["--una"]:
        print(json.dumps(_measure(1)))
    elif sys.argv[1:2] == ["--crear"]:
        _write(Path(sys.argv[2]))
    else:
        for name, figure in run().items():
            print(name, figure)
