"""The register: the one read path (a cached, validated snapshot) and the one write path (`Writer`).

Reading: every data tab in one store read, validated column-wise (`core.sheet.validation`), kept per process
for a short time and dropped by every write, so the app, the CLI and the reports see one consistent
picture with its bad rows and notices.

Writing: a `Writer` acts for a named person from the start. `create` validates the whole record with
the tab's Pydantic model, stamps it, draws a new ID and appends it with its Historial row; `update`
validates the merged record, writes only the fields that changed, and refuses (`StaleRow`) when the
stored row no longer matches what the caller read, cell by cell, since a person editing the sheet by
hand does not touch `Actualizado`.
"""

from __future__ import annotations

import gc
import json
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cache
from typing import Any

import pandas as pd

from core.domain.permissions import require
from core.register.snapshot_writes import with_changes, with_rows
from core.sheet.cells import BOGOTA, MAX_DATE, MAX_INT, MIN_DATE, CellError, is_empty
from core.sheet.contract import DATA_TABS, HISTORIAL, ID_COLUMN, LISTAS, MENSAJES, Column, Kind, Tab
from core.sheet.contract import tab as tab_named
from core.sheet.ids import new_id, suffix_length
from core.sheet.models import FieldError, InvalidRecord, validate_record
from core.sheet.validation import BadRow, Context, Notice, TabResult, listas_context, validate_tab
from core.store import IdClash, RowChange, Store, StoreError, open_store, store_url
from core.store.base import as_text, text_of

CACHE_TTL_S = 60
ID_DRAWS = 5  # rounds of new IDs drawn before giving up on clashes (each round's suffixes one character longer)


class StaleRow(StoreError):
    """The stored row changed since it was read; nothing was written."""


@dataclass
class Snapshot:
    """The register as read at `read_at`: good rows per tab, bad rows, notices."""

    tables: dict[str, pd.DataFrame]
    results: dict[str, TabResult]
    context: Context
    read_at: datetime
    store_label: str
    bad: list[BadRow] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    store_warnings: list[str] = field(default_factory=list)  # how the store is set up, e.g. the sheet's locale
    _derived: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def derived(self, key: Any, compute: Callable[[], Any]) -> Any:
        """What is computed from this snapshot (the records' status on a day, a page's tables) once per key and
        kept with it: every session and rerun that reads the same snapshot reuses it, and it goes with it."""
        if key not in self._derived:
            self._derived.setdefault(key, compute())
        return self._derived[key]

    def counts(self) -> dict[str, int]:
        """Good rows per tab, in the sheet's tab order."""
        return {tab.name: len(self.tables[tab.name]) for tab in DATA_TABS}

    def bad_rows_per_tab(self) -> dict[str, int]:
        return {tab.name: len(self.results[tab.name].bad_row_numbers) for tab in DATA_TABS}

    def record(self, tab: str, record_id: str) -> dict[str, Any]:
        """One good row as plain Python values (None when empty), by its ID: what an edit starts from."""
        frame = self.tables[tab_named(tab).name]
        found = frame[frame[ID_COLUMN] == record_id]
        if len(found) != 1:
            raise KeyError(f"{tab}: no hay una fila válida con ID {record_id}")
        return row_values(found.iloc[0])


def row_name(tab: str, row: int, identifier: object) -> str:
    """A record's ID, or `<Pestaña> fila <n>` (its sheet row) for a row typed without one: how every view and
    command names a record."""
    return f"{tab} fila {row}" if is_empty(identifier) else str(identifier).strip()


def frame_records(frame: pd.DataFrame) -> list[tuple[int, dict[str, Any]]]:
    """Every row of a snapshot table as (sheet row number, plain values)."""
    return [(int(row), row_values(values)) for row, values in zip(frame.index, frame.to_dict("records"))]


def row_values(row: Mapping[str, Any]) -> dict[str, Any]:
    """A DataFrame row as plain Python values: None for NA/NaT, datetimes for Timestamps, lists kept."""
    values = {}
    for name, value in row.items():
        if isinstance(value, list):
            values[name] = value
        elif is_empty(value):
            values[name] = None
        elif isinstance(value, pd.Timestamp):
            values[name] = value.to_pydatetime()
        elif hasattr(value, "item"):  # numpy scalars
            values[name] = value.item()
        else:
            values[name] = value
    return values


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
                self._snapshot = _without_cyclic_gc(self._load)
                self._snapshot_at = time.monotonic()
                self._context = self._snapshot.context
            return self._snapshot

    def snapshot_of(self, tab_names: Iterable[str]) -> Snapshot:
        """Only these tabs (and `Listas`) read now and validated, the others empty: for a command that needs a
        few tabs of a large register (`pendientes`, `colas`). Not cached: the register's snapshot stays whole."""
        return _without_cyclic_gc(lambda: self._load({tab_named(name).name for name in tab_names}))

    def _load(self, only: set[str] | None = None) -> Snapshot:
        """Read and validate tab by tab: `Listas` first (the others are checked against it), and each
        tab's raw rows dropped as soon as they are validated, so memory holds one raw tab at most. With
        `only`, the other tabs are left unread, empty."""
        results: dict[str, TabResult] = {}
        context = Context()
        tabs = [LISTAS, *(tab for tab in DATA_TABS if tab is not LISTAS and (only is None or tab.name in only))]
        for name, stored in self.store.read_each(tabs):
            tab = tab_named(name)
            results[name] = validate_tab(tab, stored.headers, stored.rows, context)
            del stored
            if tab is LISTAS:
                context = listas_context(results[name].frame)
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
                listas = self.store.read([LISTAS]).get(LISTAS.name)
                rows = listas.rows if listas else []
                frame = validate_tab(LISTAS, listas.headers if listas else LISTAS.headers, rows, Context()).frame
                self._context = listas_context(frame)
            return self._context

    def read_tab(self, tab_name: str) -> TabResult:
        """One tab read now and validated as the snapshot validates it, with `Listas` in the same read (the
        cached snapshot is left as it is): what a bulk write that matches its rows against one tab needs, at
        a fraction of a full read."""
        tab = tab_named(tab_name)

        def load() -> tuple[Context, TabResult | None]:
            context, result = Context(), None
            for name, stored in self.store.read_each([LISTAS] if tab is LISTAS else [LISTAS, tab]):
                read = validate_tab(tab_named(name), stored.headers, stored.rows, context)
                if name == LISTAS.name:
                    context = listas_context(read.frame)
                if name == tab.name:
                    result = read
            return context, result

        context, result = _without_cyclic_gc(load)
        with self._lock:
            self._context = context
        return result or validate_tab(tab, tab.headers, [], context)

    def history(self) -> pd.DataFrame:
        """The Historial tab, read on demand (it only grows and no figure depends on it), then kept like the
        snapshot: for the ttl, taking the rows of every write meanwhile."""
        with self._lock:
            if self._history_result is None or time.monotonic() - self._history_at >= self.ttl_s:
                self._reads += 1
                stored = self.store.read([HISTORIAL]).get(HISTORIAL.name)
                headers, rows = (HISTORIAL.headers, []) if stored is None else (stored.headers, stored.rows)
                self._history_result = validate_tab(HISTORIAL, headers, rows, Context())
                self._history_at = time.monotonic()
            return self._history_result.frame

    def forget(self, tab: Tab | None = None) -> None:
        """Drop the cached snapshot and Historial, and the lists when `Listas` changed: the next page reads the
        store (a write whose rows the snapshot cannot take, an import that may have been undone)."""
        with self._lock:
            self._snapshot = None
            self._history_result = None
            if tab is None or tab is LISTAS:
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
            if reads != self._reads or tab is LISTAS:
                self._snapshot, self._history_result = None, None
                self._context = None if tab is LISTAS else self._context
                return
            if self._history_result is not None:
                self._history_result = with_rows(self._history_result, HISTORIAL, history, Context())
            snapshot = self._snapshot
            if snapshot is None or tab is HISTORIAL:
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


def _without_cyclic_gc(load):
    """Run a bulk load with the cyclic garbage collector paused. Reading creates millions of objects and
    no reference cycles; left on, the collector walks the growing heap again and again (about a fifth of
    the load at 100,000 rows). Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return load()
    finally:
        if was_enabled:
            gc.enable()


_REGISTERS: dict[str, Register] = {}
_REGISTERS_LOCK = threading.Lock()


def open_register(url: str | None = None) -> Register:
    """The process-wide register of a store URL (default `DIVULGA_STORE`), opened once."""
    url = url or store_url()
    with _REGISTERS_LOCK:
        if url not in _REGISTERS:
            _REGISTERS[url] = Register(open_store(url))
        return _REGISTERS[url]


def _comparable(tab: Tab, name: str, value: Any) -> Any:
    column = tab.find_column(name)
    if column is None:
        return None if is_empty(value) else str(value).strip()
    return column.to_text(value)


def _stored_value(tab: Tab, name: str, cell: Any, context: Context) -> Any:
    """A stored cell read the way validation reads it; unreadable cells compare as their raw text."""
    column = tab.find_column(name)
    cell = as_text(cell)
    if column is None:
        return None if is_empty(cell) else str(cell).strip()
    try:
        return column.to_text(column.parse(cell, context.extra_for(column)))
    except CellError:
        return f"«{cell}»"


HISTORY_VALUE_CAP = 1_000  # characters of one value in `Cambios`: the record itself keeps the whole text


def _fits(changes: dict[str, Any]) -> bool:
    """Whether no value of `changes` is over `HISTORY_VALUE_CAP` (plain loops: it runs once per record)."""
    for pair in changes.values():
        for value in pair if type(pair) is list else (pair,):
            if type(value) is str and len(value) > HISTORY_VALUE_CAP:
                return False
    return True


def _shortened(value: Any) -> Any:
    if isinstance(value, str) and len(value) > HISTORY_VALUE_CAP:
        return f"{value[:HISTORY_VALUE_CAP]}… ({len(value):,} caracteres)".replace(",", ".")
    return value


def history_record(actor: str, tab: Tab, key: str, action: str, changes: dict[str, Any]) -> dict[str, Any]:
    """A Historial row: who, when, which record, and `{"campo": [antes, después]}` (long texts shortened,
    so the row stays within a cell's cap)."""
    cambios = json.dumps(changes, ensure_ascii=False, default=str)
    if len(cambios) > HISTORY_VALUE_CAP and not _fits(changes):  # a short JSON holds no long value
        changes = {name: [_shortened(v) for v in pair] if isinstance(pair, list) else _shortened(pair)
                   for name, pair in changes.items()}
        cambios = json.dumps(changes, ensure_ascii=False, default=str)
    return {
        "Fecha": datetime.now(BOGOTA),
        "Usuario": actor,
        "Pestaña": tab.name,
        "ID": key,
        "Acción": action,
        "Cambios": cambios,
    }


@dataclass
class UpdateResult:
    """What became of one edit of `Writer.update_many`: the fields written (empty when nothing differed or
    it was refused), the record's key, and why it was refused (`StaleRow`, `RowNotFound`, `InvalidRecord`)."""

    fields: list[str]
    key: str | None = None
    error: Exception | None = None


class _Refused(Exception):
    """A value `validated` leaves to `validate_record`, which words the refusal."""


def _canonical_check(column: Column) -> Callable[[Any], bool] | None:
    """A test of whether `column.parse` would return a value itself: trimmed non-blank text within the cap
    in a free-text column, a whole number in range, a list's own value, a Bogotá moment or a date in range.
    None for the kinds always parsed."""
    kind, cap = column.kind, column.cap
    if kind is Kind.TEXT or kind is Kind.ID:
        return lambda value: type(value) is str and 0 < len(value) <= cap and value == value.strip()
    if kind is Kind.INT:
        return lambda value: type(value) is int and 0 <= value <= MAX_INT
    if kind is Kind.ENUM:
        values = frozenset(column.choices.values)
        return lambda value: type(value) is str and value in values
    if kind is Kind.DATETIME:
        return lambda value: (type(value) is datetime and value.tzinfo is BOGOTA
                              and MIN_DATE <= value.date() <= MAX_DATE)
    if kind is Kind.DATE:
        return lambda value: type(value) is date and MIN_DATE <= value <= MAX_DATE
    return None


@cache
def _plan_of(tab: Tab) -> list[tuple[Column, Any, bool, Callable[[Any], bool] | None]]:
    return [(column, column.default, column.required, _canonical_check(column)) for column in tab.columns]


def validated(tab: Tab, values: Mapping[str, Any], context: Context) -> dict[str, Any]:
    """`validate_record`'s result by a plain loop over the columns: the same `Column.parse`, defaults and
    required check without Pydantic's per-field machinery, and values already in their canonical form
    (what a bulk import builds) kept without parsing: several times faster, which keeps a 10,000-row
    import within its budget. Any problem goes through `validate_record` itself, so a refusal is worded
    exactly as the form's."""
    given: dict[str, Any] = {}
    row: dict[str, Any] = {}
    try:
        for name, value in values.items():
            column = tab.find_column(name)
            if column is None:
                raise _Refused
            given[column.name] = value
        for column, default, required, canonical in _plan_of(tab):
            value = given.get(column.name, default)
            if value is None:  # every parser reads None as None: only the required check is left
                if required:
                    raise _Refused
            elif canonical is None or not canonical(value):
                value = column.parse(value, context.extra_for(column))
                if value is None and required:
                    raise _Refused
            row[column.name] = value
    except (_Refused, ValueError):  # CellError is a ValueError; Pydantic turns any ValueError into a refusal
        return validate_record(tab, values, context)
    return row


class Writer:
    """The one write path, acting for `actor` (a person's name or e-mail) in every Historial row, with the
    person's roles checked before any write reaches the store (`core.domain.permissions`)."""

    def __init__(self, register: Register, actor: str, roles: Iterable[str] | None = None, area: str | None = None):
        if is_empty(actor):
            raise ValueError("Diga quién escribe: el nombre o correo de la persona es obligatorio")
        self.register = register
        self.actor = str(actor).strip()
        self.roles = None if roles is None else tuple(roles)
        self.area = area
        self._approvers: tuple[str, ...] | None = None
        self._drawn: dict[tuple[str, date], int] = {}  # IDs drawn per (prefix, day): how crowded the day is

    def _check(self, tab: Tab, action: str, row: Mapping[str, Any], columns: list[str] | None,
               creating: bool) -> None:
        """`ActionRefused` when the person's roles may not make this write of `row` (the record as it will be
        written), by `core.domain.permissions` (nothing to check for every role). The fields' rules look at the
        columns written: an edit's `columns`, the cells it changes; a creation's (None), the cells it fills."""
        if self.roles is None:
            return
        from core.settings import settings_of  # here: settings read the register

        if self._approvers is None:  # once per writer: a bulk write checks every row
            self._approvers = settings_of(self.register.snapshot().tables).approval_roles
        require(self.roles, tab.name, action, row, self.area, self._approvers, columns, creating)

    # --- create ---------------------------------------------------------------------------------------

    def create(self, tab_name: str, values: Mapping[str, Any]) -> str:
        """Validate and append one record; returns its ID (or its natural key for tabs without one)."""
        return self.create_many(tab_name, [values])[0]

    def create_many(self, tab_name: str, records: Iterable[Mapping[str, Any]], action: str = "crear",
                    keep_stamps: bool = False, with_history: bool = True) -> list[str]:
        """Validate and append records in one store call. All are checked first; nothing is written when
        any is invalid (`InvalidRecord` names the first bad record's fields). New IDs get a suffix as long
        as the day needs (`suffix_length` of the IDs this writer drew that day); an ID the store already
        holds is drawn again one character longer."""
        tab = tab_named(tab_name)
        context = self.register.context()
        now = datetime.now(BOGOTA)
        rows = []
        drawn: set[int] = set()  # rows whose ID we drew (an ID given by a file is never redrawn)
        for values in records:
            row = validated(tab, values, context)
            self._check(tab, action, row, None, creating=True)
            if not keep_stamps or row.get("Actualizado") is None:
                self._stamp(tab, row, now)
            if tab is MENSAJES and row.get("Registrado por") is None:
                row["Registrado por"] = self.actor
            if tab.has_id and row.get(ID_COLUMN) is None:
                drawn.add(len(rows))
            rows.append(row)
        if not rows:
            return []
        day = (tab.id_prefix, now.date())
        crowd = self._drawn.get(day, 0) + len(drawn)
        length = suffix_length(crowd)  # 4 characters, longer on a day this writer has filled (an import)
        if drawn:  # unique within the batch from the start: a big import would otherwise clash with itself
            taken = {str(row[ID_COLUMN]) for i, row in enumerate(rows) if i not in drawn}
            for i in sorted(drawn):
                rows[i][ID_COLUMN] = self._draw(tab, now, taken, length)
        texts = self._history_texts(tab)
        history = [self._creation_history(tab, row, action, texts) for row in rows] if with_history else []
        with self.register.writing:  # the rows land in the snapshot in the order they land in the store
            reads = self.register.reads()
            for _ in range(ID_DRAWS):
                try:
                    self.register.store.append(tab, rows, history)
                    break
                except IdClash as clash:
                    clashing = [i for i, row in enumerate(rows) if row.get(ID_COLUMN) in clash.ids]
                    if not clashing or any(i not in drawn for i in clashing):
                        raise
                    taken = {str(row[ID_COLUMN]) for row in rows} | set(clash.ids)
                    length += 1  # others filled the day more than this writer knows: a longer suffix is freer
                    for i in clashing:
                        rows[i][ID_COLUMN] = self._draw(tab, now, taken, length)
                        if with_history:
                            history[i] = self._creation_history(tab, rows[i], action, texts)
            else:
                raise StoreError("No se pudo asignar un ID único tras varios intentos; vuelva a intentarlo.")
            self.register.took(tab, reads, history, created=rows)
        if drawn:
            self._drawn[day] = crowd
        return [self._key_text(tab, row) for row in rows]

    @staticmethod
    def _draw(tab: Tab, now: datetime, taken: set[str], length: int) -> str:
        """A new ID with a suffix of `length`, not one of `taken` (which it joins) unless every draw is: the
        store then refuses it and `create_many` draws again."""
        for _ in range(ID_DRAWS):
            drawn = new_id(tab.id_prefix, now.date(), length=length)
            if drawn not in taken:
                break
        taken.add(drawn)
        return drawn

    def _creation_history(self, tab: Tab, row: dict[str, Any], action: str,
                          texts: list[tuple[str, Callable[[Any], Any]]] | None = None) -> dict[str, Any]:
        """`texts`: (name, to text) of the columns a creation's history shows (see `_history_texts`). The
        row is validated: an empty cell is None."""
        changes = {}
        for name, text in texts or self._history_texts(tab):
            value = row.get(name)
            if value is not None:
                changes[name] = [None, text(value)]
        return history_record(self.actor, tab, self._key_text(tab, row), action, changes)

    @staticmethod
    def _history_texts(tab: Tab) -> list[tuple[str, Callable[[Any], Any]]]:
        """The columns a person fills, each with its text form; the dates of one batch written once."""
        memo: dict[Any, Any] = {}
        return [(column.name, text_of(column, memo)) for column in tab.columns if not column.owned]

    def _stamp(self, tab: Tab, row: dict[str, Any], now: datetime) -> None:
        if tab.find_column("Actualizado") is not None:
            row["Actualizado"] = now
            row["Actualizado por"] = self.actor

    @staticmethod
    def _key_text(tab: Tab, row: Mapping[str, Any]) -> str:
        if tab.has_id:
            return str(row[ID_COLUMN])
        names = tab.filled_key(row) or ()
        return " · ".join(str(tab.column(name).to_text(row[name])) for name in names)

    def note(self, action: str, detail: dict[str, Any]) -> None:
        """A Historial row for a write that is not one record's (e.g. demo data generated in bulk)."""
        self._check(HISTORIAL, action, {}, None, creating=True)
        record = history_record(self.actor, HISTORIAL, "", action, detail)
        with self.register.writing:
            reads = self.register.reads()
            self.register.store.append(HISTORIAL, [record], [])
            self.register.took(HISTORIAL, reads, [record])

    # --- update ---------------------------------------------------------------------------------------

    def update(self, tab_name: str, seen: Mapping[str, Any], changes: Mapping[str, Any],
               action: str = "editar") -> list[str]:
        """Write the fields of `changes` that differ from `seen` (the row as the caller read it).

        Refuses with `StaleRow` when any cell of the stored row differs from `seen`, and with
        `InvalidRecord` when the merged record breaks a rule. Returns the names of the fields written
        (empty when nothing changed: then nothing is written, not even Historial)."""
        return self._update(tab_name, seen, changes, action)[0]

    def _update(self, tab_name: str, seen: Mapping[str, Any], changes: Mapping[str, Any],
                action: str) -> tuple[list[str], str | None]:
        change, changed, record_key = self._plan(tab_name, seen, changes, action)
        if change is None:
            return [], None
        with self.register.writing:
            reads = self.register.reads()
            self.register.store.update(change)
            self.register.took(change.tab, reads, [change.history], changed=[change])
        return changed, record_key

    def update_many(self, tab_name: str, edits: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]],
                    action: str = "editar") -> list[UpdateResult]:
        """`update` for many rows of one tab in one store call (one transaction in SQLite, one `batchUpdate`
        per megabyte in Google Sheets), each `(seen, changes)` checked against the stored row on its own.

        A row refused (changed since it was read, gone, repeated, or breaking a rule) is left as it is and
        its result carries the error; the others are written, each with its own Historial row. Only a
        failure of the store itself (unreachable, busy) raises, and then nothing was written."""
        tab = tab_named(tab_name)
        results: list[UpdateResult] = []
        planned: list[tuple[int, RowChange]] = []
        for seen, changes in edits:
            try:
                change, changed, record_key = self._plan(tab, seen, changes, action)
            except InvalidRecord as error:
                results.append(UpdateResult([], None, error))
                continue
            results.append(UpdateResult(changed, record_key))
            if change is not None:
                planned.append((len(results) - 1, change))
        if planned:
            with self.register.writing:
                reads = self.register.reads()
                errors = self.register.store.update_many([change for _, change in planned])
                written = [change for (_, change), error in zip(planned, errors, strict=True) if error is None]
                self.register.took(tab, reads, [change.history for change in written], changed=written)
            for (index, _), error in zip(planned, errors, strict=True):
                if error is not None:
                    results[index] = UpdateResult([], results[index].key, error)
        return results

    def _plan(self, tab_name: str | Tab, seen: Mapping[str, Any], changes: Mapping[str, Any],
              action: str) -> tuple[RowChange | None, list[str], str | None]:
        """The edit as the store applies it (None when nothing differs), the fields it writes and the
        record's key; `InvalidRecord` when the merged record breaks a rule."""
        tab = tab_name if isinstance(tab_name, Tab) else tab_named(tab_name)
        unknown = [name for name in changes if tab.find_column(name) is None]
        if unknown:
            raise InvalidRecord(tab.name, [FieldError(name, f"no es una columna de {tab.name}") for name in unknown])
        contract_seen = {column.name: seen.get(column.name) for column in tab.columns}
        edits = {tab.find_column(name).name: value for name, value in changes.items()}
        context = self.register.context()
        merged = validated(tab, {**contract_seen, **edits}, context)
        pairs = {name: [_comparable(tab, name, contract_seen[name]), _comparable(tab, name, merged[name])]
                 for name in edits}
        changed = {name: pair for name, pair in pairs.items() if pair[0] != pair[1]}
        if tab.has_id and ID_COLUMN in changed:
            raise InvalidRecord(tab.name, [FieldError(ID_COLUMN, "el ID no se cambia desde Divulga")])
        without_id = tab.has_id and is_empty(contract_seen.get(ID_COLUMN))
        if not changed and not without_id:
            return None, [], None
        self._check(tab, action, merged, list(changed), creating=False)  # the fields written, whatever the action
        writes = {name: merged[name] for name in changed}
        key = self._row_key(tab, contract_seen)
        now = datetime.now(BOGOTA)
        if tab.has_id and ID_COLUMN not in key:  # a row typed by hand without an ID gets one: a cell Divulga owns
            writes[ID_COLUMN] = new_id(tab.id_prefix, now.date())
            changed[ID_COLUMN] = [None, writes[ID_COLUMN]]
        self._stamp(tab, writes, now)
        record_key = self._key_text(tab, {**contract_seen, **key, **writes})

        def verify(stored: Mapping[str, Any]) -> None:
            for name, value in seen.items():
                before = _comparable(tab, name, value)
                cell = stored.get(name)
                if cell == before and type(cell) is type(before):  # stored as Divulga writes it: no parsing
                    continue
                now = _stored_value(tab, name, cell, context)
                if before != now:
                    raise StaleRow(
                        f"No se guardó: la fila {record_key} de {tab.name} cambió desde que la leyó "
                        f"({name}: «{before or ''}» ahora es «{now or ''}»). Recargue los datos y vuelva "
                        "a aplicar su cambio."
                    )

        def matches(stored: Mapping[str, Any]) -> bool:
            return all(_stored_value(tab, name, stored.get(name), context) == _comparable(tab, name, value)
                       for name, value in key.items())

        history = history_record(self.actor, tab, record_key, action, changed)
        return RowChange(tab, key, writes, history, verify, matches), list(changed), record_key

    def give_ids(self, tab_name: str, rows: Iterable[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
        """Give a new ID to rows typed by hand without one (found by their natural key, each checked
        against what was read). Returns the IDs given and, for the rows that could not get one, why."""
        given, failed = [], []
        for seen in rows:
            try:
                given.append(self._update(tab_name, seen, {}, "dar ID")[1])
            except (InvalidRecord, StoreError) as error:
                failed.append(str(error))
        return given, failed

    @staticmethod
    def _row_key(tab: Tab, row: Mapping[str, Any]) -> dict[str, Any]:
        """What finds the row again: its ID; or (a tab without IDs, a row without one) its natural key; or,
        for a row typed without an ID nor a complete natural key, every cell it fills."""
        if tab.has_id and not is_empty(row.get(ID_COLUMN)):
            return {ID_COLUMN: row[ID_COLUMN]}
        names = tab.filled_key(row)
        if names is not None:
            return {name: row[name] for name in names}
        filled = {name: value for name, value in row.items()
                  if tab.find_column(name) is not None and not is_empty(value)}
        if tab.has_id and filled:
            return filled
        keys = " o ".join("(" + ", ".join(key) + ")" for key in tab.natural_keys) or "sus datos"
        if tab.has_id:
            reason = f"la fila está vacía: no tiene ID ni los datos que la identifican {keys}"
            raise InvalidRecord(tab.name, [FieldError(ID_COLUMN, reason)])
        raise InvalidRecord(tab.name, [FieldError(tab.name, f"faltan los datos que identifican la fila: {keys}")])
