"""The register: the one read path (a cached, validated snapshot) and the one write path (`Writer`).

Reading: every data tab in one store read, validated column-wise (`core.validation`), kept per process
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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from core.cells import BOGOTA, CellError, is_empty
from core.ids import new_id
from core.layout import DATA_TABS, HISTORIAL, ID_COLUMN, LISTAS, MENSAJES, Tab
from core.layout import tab as tab_named
from core.models import FieldError, InvalidRecord, validate_record
from core.store import IdClash, RowChange, Store, StoreError, open_store, store_url
from core.store.base import as_text
from core.validation import BadRow, Context, Notice, TabResult, listas_context, validate_tab

CACHE_TTL_S = 60
ID_DRAWS = 5  # new IDs drawn before giving up on a clash (each clash has odds of about 1 in a million)


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
        self._history: pd.DataFrame | None = None
        self._history_at = 0.0

    # --- reading --------------------------------------------------------------------------------------

    def snapshot(self, refresh: bool = False) -> Snapshot:
        """The validated register, from the cache when it is younger than the ttl."""
        with self._lock:
            fresh = self._snapshot is not None and time.monotonic() - self._snapshot_at < self.ttl_s
            if refresh or not fresh:
                self._snapshot = _without_cyclic_gc(self._load)
                self._snapshot_at = time.monotonic()
                self._context = self._snapshot.context
            return self._snapshot

    def _load(self) -> Snapshot:
        """Read and validate tab by tab: `Listas` first (the others are checked against it), and each
        tab's raw rows dropped as soon as they are validated, so memory holds one raw tab at most."""
        results: dict[str, TabResult] = {}
        context = Context()
        tabs = [LISTAS, *(tab for tab in DATA_TABS if tab is not LISTAS)]
        for name, stored in self.store.read_each(tabs):
            tab = tab_named(name)
            results[name] = validate_tab(tab, stored.headers, stored.rows, context)
            del stored
            if tab is LISTAS:
                context = listas_context(results[name].frame)
        for tab in tabs:  # a tab the store does not have yet reads as empty
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

    def history(self) -> pd.DataFrame:
        """The Historial tab, read on demand (it only grows and no figure depends on it), then kept like the
        snapshot: for the ttl, until the next write."""
        with self._lock:
            if self._history is None or time.monotonic() - self._history_at >= self.ttl_s:
                stored = self.store.read([HISTORIAL]).get(HISTORIAL.name)
                self._history = (pd.DataFrame(columns=HISTORIAL.headers) if stored is None else
                                 validate_tab(HISTORIAL, stored.headers, stored.rows, Context()).frame)
                self._history_at = time.monotonic()
            return self._history

    def forget(self, tab: Tab | None = None) -> None:
        """Drop the cached snapshot and Historial (every write calls this), and the lists when `Listas` changed."""
        with self._lock:
            self._snapshot = None
            self._history = None  # every write adds a Historial row
            if tab is None or tab is LISTAS:
                self._context = None

    def writer(self, actor: str) -> Writer:
        return Writer(self, actor)


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


def _shortened(value: Any) -> Any:
    if isinstance(value, str) and len(value) > HISTORY_VALUE_CAP:
        return f"{value[:HISTORY_VALUE_CAP]}… ({len(value):,} caracteres)".replace(",", ".")
    return value


def history_record(actor: str, tab: Tab, key: str, action: str, changes: dict[str, Any]) -> dict[str, Any]:
    """A Historial row: who, when, which record, and `{"campo": [antes, después]}` (long texts shortened,
    so the row stays within a cell's cap)."""
    changes = {name: [_shortened(v) for v in pair] if isinstance(pair, list) else _shortened(pair)
               for name, pair in changes.items()}
    return {
        "Fecha": datetime.now(BOGOTA),
        "Usuario": actor,
        "Pestaña": tab.name,
        "ID": key,
        "Acción": action,
        "Cambios": json.dumps(changes, ensure_ascii=False, default=str),
    }


class Writer:
    """The one write path, acting for `actor` (a person's name or e-mail) in every Historial row."""

    def __init__(self, register: Register, actor: str):
        if is_empty(actor):
            raise ValueError("Diga quién escribe: el nombre o correo de la persona es obligatorio")
        self.register = register
        self.actor = str(actor).strip()

    # --- create ---------------------------------------------------------------------------------------

    def create(self, tab_name: str, values: Mapping[str, Any]) -> str:
        """Validate and append one record; returns its ID (or its natural key for tabs without one)."""
        return self.create_many(tab_name, [values])[0]

    def create_many(self, tab_name: str, records: Iterable[Mapping[str, Any]], action: str = "crear",
                    keep_stamps: bool = False, with_history: bool = True) -> list[str]:
        """Validate and append records in one store call. All are checked first; nothing is written when
        any is invalid (`InvalidRecord` names the first bad record's fields)."""
        tab = tab_named(tab_name)
        context = self.register.context()
        now = datetime.now(BOGOTA)
        rows = []
        drawn: set[int] = set()  # rows whose ID we drew (an ID given by a file is never redrawn)
        for values in records:
            row = validate_record(tab, values, context)
            if not keep_stamps or row.get("Actualizado") is None:
                self._stamp(tab, row, now)
            if tab is MENSAJES and row.get("Registrado por") is None:
                row["Registrado por"] = self.actor
            if tab.has_id and row.get(ID_COLUMN) is None:
                row[ID_COLUMN] = new_id(tab.id_prefix, now.date())
                drawn.add(len(rows))
            rows.append(row)
        if not rows:
            return []
        for _ in range(ID_DRAWS):
            history = [self._creation_history(tab, row, action) for row in rows] if with_history else []
            try:
                self.register.store.append(tab, rows, history)
                break
            except IdClash as clash:
                clashing = [i for i, row in enumerate(rows) if row.get(ID_COLUMN) in clash.ids]
                if not clashing or any(i not in drawn for i in clashing):
                    raise
                for i in clashing:
                    rows[i][ID_COLUMN] = new_id(tab.id_prefix, now.date())
        else:
            raise StoreError("No se pudo asignar un ID único tras varios intentos; vuelva a intentarlo.")
        self.register.forget(tab)
        return [self._key_text(tab, row) for row in rows]

    def _creation_history(self, tab: Tab, row: dict[str, Any], action: str) -> dict[str, Any]:
        changes = {name: [None, tab.column(name).to_text(value)]
                   for name, value in row.items() if not is_empty(value) and not tab.column(name).owned}
        return history_record(self.actor, tab, self._key_text(tab, row), action, changes)

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
        record = history_record(self.actor, HISTORIAL, "", action, detail)
        self.register.store.append(HISTORIAL, [record], [])
        self.register.forget(HISTORIAL)

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
        tab = tab_named(tab_name)
        unknown = [name for name in changes if tab.find_column(name) is None]
        if unknown:
            raise InvalidRecord(tab.name, [FieldError(name, f"no es una columna de {tab.name}") for name in unknown])
        contract_seen = {column.name: seen.get(column.name) for column in tab.columns}
        edits = {tab.find_column(name).name: value for name, value in changes.items()}
        context = self.register.context()
        merged = validate_record(tab, {**contract_seen, **edits}, context)
        pairs = {name: [_comparable(tab, name, contract_seen[name]), _comparable(tab, name, merged[name])]
                 for name in edits}
        changed = {name: pair for name, pair in pairs.items() if pair[0] != pair[1]}
        if tab.has_id and ID_COLUMN in changed:
            raise InvalidRecord(tab.name, [FieldError(ID_COLUMN, "el ID no se cambia desde Divulga")])
        without_id = tab.has_id and is_empty(contract_seen.get(ID_COLUMN))
        if not changed and not without_id:
            return [], None
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
                now = _stored_value(tab, name, stored.get(name), context)
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
        self.register.store.update(RowChange(tab, key, writes, history, verify, matches))
        self.register.forget(tab)
        return list(changed), record_key

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
