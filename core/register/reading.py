"""The read path: the register of one store, shared by everything in the process (`open_register`).

Every data tab is read in one store read and validated column-wise (`core.sheet.validation`), kept per process
for a short time, and takes the rows of every write of this process (`took`), so the app, the CLI and the reports
see one consistent picture with its bad rows and notices. Rows others wrote arrive with the next read.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

import pandas as pd

from core.gc_pause import cyclic_gc_paused
from core.register.snapshot import Snapshot
from core.register.snapshot_writes import with_changes, with_rows
from core.register.writing import Writer
from core.sheet.cells import BOGOTA
from core.sheet.contract import DATA_TABS, HISTORY_TAB, LISTS_TAB, Tab
from core.sheet.contract import tab as tab_named
from core.sheet.validation import Context, TabResult, lists_context, validate_tab
from core.store import RowChange, Store, open_store, store_url

CACHE_TTL_S = 60


class Register:
    """The register of one store, shared by everything in the process (see `open_register`)."""

    def __init__(self, store: Store, ttl_s: float = CACHE_TTL_S):
        self.store = store
        self.ttl_s = ttl_s
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._snapshot_at = 0.0
        self._context: Context | None = None
        self._history_result: TabResult | None = None
        self._history_at = 0.0
        self._reads = 0  # reads of the store into the cache, so a write knows whether one came in between
        # one write at a time reaches the store and the cache, so rows land in both in one order (reentrant: an import
        # holds it around all its writes, before the store's own lock, as every write takes the two)
        self.writing = threading.RLock()

    # --- reading --------------------------------------------------------------------------------------

    def snapshot(self, refresh: bool = False) -> Snapshot:
        """The validated register, from the cache when it is younger than the ttl."""
        with self._lock:
            fresh = self._snapshot is not None and time.monotonic() - self._snapshot_at < self.ttl_s
            if refresh or not fresh:
                self._reads += 1
                with cyclic_gc_paused():
                    self._snapshot = self._load()
                self._snapshot_at = time.monotonic()
                self._context = self._snapshot.context
            return self._snapshot

    def snapshot_of(self, tab_names: Iterable[str]) -> Snapshot:
        """Only these tabs (and `Listas`) read now and validated, the others empty: for a command that needs a
        few tabs of a large register (`pendientes`, `colas`). Not cached: the register's snapshot stays whole."""
        with cyclic_gc_paused():
            return self._load({tab_named(name).name for name in tab_names})

    def _load(self, only: set[str] | None = None) -> Snapshot:
        """Read and validate tab by tab: `Listas` first (the others are checked against it), and each
        tab's raw rows dropped as soon as they are validated, so memory holds one raw tab at most. With
        `only`, the other tabs are left unread, empty."""
        results: dict[str, TabResult] = {}
        context = Context()
        tabs = [LISTS_TAB, *(tab for tab in DATA_TABS if tab is not LISTS_TAB and (only is None or tab.name in only))]
        for name, stored in self.store.read_each(tabs):
            tab = tab_named(name)
            results[name] = validate_tab(tab, stored.headers, stored.rows, context)
            del stored
            if tab is LISTS_TAB:
                context = lists_context(results[name].frame)
        for tab in DATA_TABS:  # a tab the store does not have yet (or not read) reads as empty
            if tab.name not in results:
                results[tab.name] = validate_tab(tab, tab.headers, [], context)
        ordered = {tab.name: results[tab.name] for tab in DATA_TABS}
        return Snapshot(
            tables={name: result.frame for name, result in ordered.items()},
            results=ordered,
            context=context,
            read_at=datetime.now(BOGOTA),
            store_label=self.store.label,
            bad=[bad for result in ordered.values() for bad in result.bad],
            notices=[notice for result in ordered.values() for notice in result.notices],
            store_warnings=self.store.setting_warnings(),
        )

    def context(self) -> Context:
        """The lists that validation needs (from `Listas`), without reading the whole register."""
        with self._lock:
            if self._context is None:
                lists = self.store.read([LISTS_TAB]).get(LISTS_TAB.name)
                rows = lists.rows if lists else []
                frame = validate_tab(LISTS_TAB, lists.headers if lists else LISTS_TAB.headers, rows, Context()).frame
                self._context = lists_context(frame)
            return self._context

    def read_tab(self, tab_name: str) -> TabResult:
        """One tab read now and validated as the snapshot validates it, with `Listas` in the same read (the
        cached snapshot is left as it is): what a bulk write that matches its rows against one tab needs, at
        a fraction of a full read."""
        tab = tab_named(tab_name)

        def load() -> tuple[Context, TabResult | None]:
            context, result = Context(), None
            for name, stored in self.store.read_each([LISTS_TAB] if tab is LISTS_TAB else [LISTS_TAB, tab]):
                read = validate_tab(tab_named(name), stored.headers, stored.rows, context)
                if name == LISTS_TAB.name:
                    context = lists_context(read.frame)
                if name == tab.name:
                    result = read
            return context, result

        with cyclic_gc_paused():
            context, result = load()
        with self._lock:
            self._context = context
        return result or validate_tab(tab, tab.headers, [], context)

    def history(self) -> pd.DataFrame:
        """The Historial tab, read on demand (it only grows and no figure depends on it), then kept like the
        snapshot: for the ttl, taking the rows of every write meanwhile."""
        with self._lock:
            if self._history_result is None or time.monotonic() - self._history_at >= self.ttl_s:
                self._reads += 1
                stored = self.store.read([HISTORY_TAB]).get(HISTORY_TAB.name)
                headers, rows = (HISTORY_TAB.headers, []) if stored is None else (stored.headers, stored.rows)
                self._history_result = validate_tab(HISTORY_TAB, headers, rows, Context())
                self._history_at = time.monotonic()
            return self._history_result.frame

    def forget(self, tab: Tab | None = None) -> None:
        """Drop the cached snapshot and Historial, and the lists when `Listas` changed: the next page reads the
        store (a write whose rows the snapshot cannot take, an import that may have been undone)."""
        with self._lock:
            self._snapshot = None
            self._history_result = None
            if tab is None or tab is LISTS_TAB:
                self._context = None

    def reads(self) -> int:
        """How many times the store was read into a snapshot or Historial: a write takes this before it reaches
        the store and hands it back to `took`."""
        with self._lock:
            return self._reads

    def took(self, tab: Tab, reads: int, history: list[dict[str, Any]], created: list[dict[str, Any]] = (),
             changed: list[RowChange] = ()) -> None:
        """A write reached the store: the cached snapshot and Historial take its rows as written (a new
        snapshot, so what pages derived from the old one is not reused), instead of the whole register being
        read again. Rows others changed still arrive with the next read (ttl, «Leer de nuevo»). When a read
        happened since `reads` (it may or may not hold this write), when `Listas` changed (every tab is checked
        against it), or when the rows cannot be placed for certain, everything is dropped and read again."""
        with self._lock:
            if reads != self._reads or tab is LISTS_TAB:
                self._snapshot, self._history_result = None, None
                self._context = None if tab is LISTS_TAB else self._context
                return
            if self._history_result is not None:
                self._history_result = with_rows(self._history_result, HISTORY_TAB, history, Context())
            snapshot = self._snapshot
            if snapshot is None or tab is HISTORY_TAB:
                return
            before = snapshot.results[tab.name]
            after = (with_rows(before, tab, created, snapshot.context) if created else
                     with_changes(before, tab, changed, snapshot.context))
            if after is None:
                self._snapshot, self._history_result = None, None
                return
            results = {**snapshot.results, tab.name: after}
            self._snapshot = replace(
                snapshot, tables={name: result.frame for name, result in results.items()}, results=results,
                bad=[bad for result in results.values() for bad in result.bad],
                notices=[notice for result in results.values() for notice in result.notices], _derived={})

    def writer(self, actor: str, roles: Iterable[str] | None = None, area: str | None = None) -> Writer:
        """The write path for `actor`; with `roles` (a logged-in person), each write is checked against
        `core.domain.permissions` (None: every role, as the CLI and local mode act)."""
        return Writer(self, actor, roles, area)


_REGISTERS: dict[str, Register] = {}
_REGISTERS_LOCK = threading.Lock()


def open_register(url: str | None = None) -> Register:
    """The process-wide register of a store URL (default `DIVULGA_STORE`), opened once."""
    url = url or store_url()
    with _REGISTERS_LOCK:
        if url not in _REGISTERS:
            _REGISTERS[url] = Register(open_store(url))
        return _REGISTERS[url]
