"""A Streamlit server of the app and the browser that drives it, shared by the browser journeys and the server
benchmark (`benchmarks/server_bench.py`), so both start and stop the app the same way."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


class ServerDidNotStart(RuntimeError):
    """`streamlit run` ended or did not answer its health check in time; the message holds its log."""


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def app_server(log_path: Path, env: Mapping[str, str], port: int | None = None, extra_args: tuple[str, ...] = (),
               startup_s: float = 60) -> Iterator[tuple[subprocess.Popen, str]]:
    """`streamlit run app.py` on a free port (or `port`) with these environment variables and extra options,
    answering its health check; always stopped afterwards. Its output goes to `log_path`."""
    port = port or free_port()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.headless", "true", "--browser.gatherUsageStats", "false", *extra_args],
            cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_healthy(process, url, log_path, startup_s)
            yield process, url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_healthy(process: subprocess.Popen, url: str, log_path: Path, startup_s: float) -> None:
    deadline = time.monotonic() + startup_s
    while True:
        if process.poll() is not None:
            raise ServerDidNotStart(f"streamlit ended early: {log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise ServerDidNotStart(f"streamlit did not answer in {startup_s} s: {log_path.read_text()}")
        time.sleep(0.3)
