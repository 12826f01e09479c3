"""A real Streamlit server's memory with five people working on the 100,000-row demo store: the hosting
people use for Streamlit apps gives 1 GB to the whole server, so what counts is the server process as it runs,
not the load alone (`load_peak_rss_mb`).

`streamlit run app.py` (local mode: no login) serves the register benchmark's demo store; Debian's Chromium,
driven by Playwright as the browser journeys do, opens five sessions (one browser context each) on five work
pages, one after the other, each waited for until its script has run to the end and its last section is
drawn. The figure is the server's peak resident memory (VmHWM, its children's included) with the five open.

It also checks, from outside, that the sessions share one snapshot (one `Register` per store URL and process):
the memory added by sessions 2 to 5 must stay well under what the first one added (which read and validated
the register), the bytes the server read for each later session must stay well under the store file's size
(a session that read the store again would read all of it), and every page must name the same read time."""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright import sync_api

from benchmarks.demo_store import demo_store
from benchmarks.scale import SCALE, WORK, demo_rows
from core.register import CACHE_TTL_S
from tests.server_kit import CHROMIUM, CHROMIUM_ARGS, app_server

ROWS = demo_rows(100_000)
BUDGET_MB = 800.0
STARTUP_S = 120
WAIT_MS = 300_000  # a page's first view at 100,000 rows takes seconds; a busy 2-core machine, many more
SHARED_GROWTH = 0.5  # sessions 2-5 together may add at most this share of what session 1 added
# (url path, the page's title, a text of its last section): the work pages people keep open
PAGES = [
    ("hoy", "Hoy", "Vencidas del equipo"),
    ("mensajes", "Mensajes de la ciudadanía", "Elija una fila para abrir el mensaje"),  # a hidden tab: attached
    ("solicitudes", "Solicitudes", "Elija una fila para abrir la solicitud"),
    ("colas", "Colas de PQRS", "Para actuar sobre un mensaje, elija su fila"),
    ("kpis", "Indicadores", "Comunidad"),
]
READ_AT = re.compile(r"leído el (.+?) \(hora de Bogotá\)")


def _tree(pid: int) -> list[int]:
    """The process and its descendants (Streamlit starts none today; a future one would count too)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                pending.extend(int(child) for child in (task / "children").read_text().split())
            except OSError:  # the thread or the process ended meanwhile
                pass
    return found


def _proc_field(pid: int, file: str, name: str) -> int:
    for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
        key, _, value = line.partition(":")
        if key == name:
            return int(value.split()[0])
    raise KeyError(f"/proc/{pid}/{file} has no {name}")


def _memory_mb(pid: int) -> tuple[float, float]:
    """Resident memory now (VmRSS) and at its peak (VmHWM) of the process tree, in MB (MiB, as ru_maxrss)."""
    pids = _tree(pid)
    return (sum(_proc_field(p, "status", "VmRSS") for p in pids) / 1024,
            sum(_proc_field(p, "status", "VmHWM") for p in pids) / 1024)


def _read_bytes(pid: int) -> int:
    """Bytes the process has read through system calls (files and sockets): a store read shows up whole."""
    return _proc_field(pid, "io", "rchar")


@contextmanager
def _server(store: Path) -> Iterator[tuple[subprocess.Popen, str]]:
    """The app over `store` (`tests/server_kit.py`, as the browser journeys start it), local mode even where a
    secrets.toml sets [auth]. Its output goes to a log next to the stores, shown when it fails to start."""
    WORK.mkdir(parents=True, exist_ok=True)
    secrets = WORK / "server_bench_secrets.toml"  # empty: local mode
    secrets.write_text("", encoding="utf-8")
    with app_server(WORK / "server_bench.log", {"DIVULGA_STORE": f"sqlite:///{store}"},
                    extra_args=("--server.address", "127.0.0.1", "--secrets.files", str(secrets)),
                    startup_s=STARTUP_S) as running:
        yield running


def _open(browser, url: str, path: str, title: str, last: str) -> tuple[str, float]:
    """A new session (its own browser context) on a page, waited for until the script has run to its end with
    the last section drawn and no error. Returns the page's «leído el …» and the seconds it took."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-CO")
    page = context.new_page()
    started = time.perf_counter()
    page.goto(f"{url}/{path}", timeout=WAIT_MS)
    main = page.locator("[data-testid='stMain']")
    # The title is drawn when the script starts (a skeleton before), the last section when it is nearly done;
    # «notRunning» after both means the run is over and every element has arrived.
    sync_api.expect(main.get_by_role("heading", name=title, exact=True)).to_be_visible(timeout=WAIT_MS)
    sync_api.expect(main.get_by_text(last).first).to_be_attached(timeout=WAIT_MS)
    page.wait_for_selector("[data-test-script-state='notRunning']", timeout=WAIT_MS)
    elapsed = time.perf_counter() - started
    errors = page.locator("[data-testid='stException'], [data-testid='stAlertContentError']")
    assert errors.count() == 0, f"{title}: {errors.all_inner_texts()}"
    header = main.get_by_text(READ_AT).first.inner_text()
    return READ_AT.search(header).group(1), elapsed


def run() -> dict[str, dict]:
    print(f"Servidor Streamlit con {len(PAGES)} sesiones sobre {ROWS:,} filas…".replace(",", "."), flush=True)
    store, made_in = demo_store(ROWS)
    if made_in is not None:
        print(f"  registro hecho en {made_in:.1f} s (python -m core demo)", flush=True)
    store_bytes = store.stat().st_size
    rss, reads, read_times, within_ttl = [], [], [], 0
    with _server(store) as (process, url), sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            idle, _ = _memory_mb(process.pid)
            before = _read_bytes(process.pid)
            print(f"  servidor sin sesiones: RSS {idle:.0f} MB", flush=True)
            first_opened = time.monotonic()
            for number, (path, title, last) in enumerate(PAGES, start=1):
                read_at, seconds = _open(browser, url, path, title, last)
                if time.monotonic() - first_opened < CACHE_TTL_S:  # the first snapshot cannot have expired yet
                    within_ttl = number
                now, _ = _memory_mb(process.pid)
                read = _read_bytes(process.pid)
                print(f"  sesión {number} ({title}): {seconds:.1f} s, RSS {now:.0f} MB "
                      f"({now - (rss[-1] if rss else idle):+.0f}), el servidor leyó {(read - before) / 2**20:.1f} MB, "
                      f"registro leído el {read_at}", flush=True)
                rss.append(now)
                reads.append(read - before)
                read_times.append(read_at)
                before = read
            now, peak = _memory_mb(process.pid)
        finally:
            browser.close()
    print(f"  con {len(PAGES)} sesiones: RSS {now:.0f} MB, pico (VmHWM) {peak:.0f} MB; el registro ocupa "
          f"{store_bytes / 2**20:.1f} MB en disco", flush=True)
    _check_one_snapshot(idle, rss[:within_ttl], reads[:within_ttl], read_times[:within_ttl], store_bytes)
    return {"server_rss_5_sessions_mb": {"value": round(peak, 1), "unit": "MB", "budget": BUDGET_MB}}


def _check_one_snapshot(idle: float, rss: list[float], reads: list[int], read_times: list[str],
                        store_bytes: int) -> None:
    """The sessions opened while the first snapshot was fresh (all five, unless the machine is very slow: a
    snapshot older than the ttl is read again, as it should) share it: they added little memory, read far less
    than the store, and name the same read time."""
    if len(rss) < 2:
        print(f"  (más de {CACHE_TTL_S} s por sesión: el registro se leyó de nuevo, no se comprueba que se comparta)",
              flush=True)
        return
    first, later = rss[0] - idle, rss[-1] - rss[0]
    print(f"  {len(rss)} sesiones abiertas antes de que venciera la primera lectura: la primera sumó {first:.0f} MB, "
          f"las otras {len(rss) - 1} juntas {later:+.0f} MB (se exige menos de {SHARED_GROWTH:.0%} de la primera)",
          flush=True)
    assert later < SHARED_GROWTH * first, (
        f"sessions 2-{len(rss)} added {later:.0f} MB against {first:.0f} MB for the first: one snapshot each?")
    assert len(set(read_times)) == 1, f"the pages name different read times: {read_times}"
    if SCALE >= 1:  # at a tiny size the store is smaller than the modules a new page imports
        assert max(reads[1:]) < store_bytes / 2, (
            f"a later session read {max(reads[1:]):,} bytes, the store is {store_bytes:,}: read again?")


if __name__ == "__main__":
    for name, figure in run().items():
        print(name, figure)
