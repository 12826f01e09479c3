"""The embedded store: one SQLite file laid out like the sheet, for newcomers, tests and offline work.

Each tab is a table named as the tab; its columns, in order, are the header row; its rows in rowid
order are the sheet's rows (row number = position + 2). Cells keep the type they were written with
(no column affinity), so a hand-made value stays exactly as typed. WAL and `BEGIN IMMEDIATE` make it
safe for several sessions and processes: readers never block, writers queue behind a busy timeout. An
import is one write transaction from its read to its last write (`importing`): imports run one after
another, each sees the register as the previous one left it, and each is saved whole or not at all.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from core.sheet.cells import normalize
from core.sheet.contract import HISTORY_TAB, ID_COLUMN, TABS, Tab
from core.store.base import (
    IdClash,
    ImportRunning,
    RawTab,
    RowChange,
    StoreError,
    by_contract,
    positions,
    read_all,
    text_of,
)
from core.store.sqlite_rows import TableRows, locate, quote, text_as_bytes, trimmed_sql, write_cells

BUSY_TIMEOUT_MS = 30_000
IMPORT_WAIT_S = 900  # how long an import waits for another one (an import of a million rows takes minutes)
BULK_LOCATE = 50  # edits in one batch above which the tab is read once instead of one indexed look-up each


def _busy(error: sqlite3.Error) -> bool:
    """Whether SQLite refused because another connection holds the file (SQLITE_BUSY and its variants)."""
    return getattr(error, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY


def _set_wal(connection: sqlite3.Connection) -> None:
    """`PRAGMA journal_mode = WAL`, tried again for up to the busy timeout while another process holds the
    file: on a file being created by several processes at once it answers "database is locked" at once,
    without waiting on the busy handler. Once a file is in WAL it stays so, and this never waits again. (A
    retry rather than a lock file held around the opening: no extra file beside the register for people to
    wonder about, and the same on every system, Windows included.)"""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if not _busy(error) or time.monotonic() >= deadline:
                raise
        time.sleep(random.uniform(0.002, 0.02))  # apart, so that the processes do not retry in step


class SQLiteStore:
    """A register in one SQLite file (see the module docstring)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.label = f"SQLite ({self.path})"
        self._local = threading.local()
        self._layout_lock = threading.Lock()
        self._layout_ready = False

    # --- connections and layout --------------------------------------------------------------------

    def _spanish(self, error: sqlite3.Error) -> StoreError:
        """SQLite's own failure (a locked or unreadable file) as a `StoreError` people can read."""
        if isinstance(error, sqlite3.OperationalError):
            return StoreError(f"El registro SQLite {self.path} está ocupado o no se puede usar ({error}); "
                              "espere un momento y vuelva a intentarlo.")
        return StoreError(f"El archivo {self.path} no es un registro SQLite válido ({error}).")

    @contextmanager
    def _spanish_errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as error:
            raise self._spanish(error) from None

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
                connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                _set_wal(connection)
                connection.execute("PRAGMA synchronous = NORMAL")
            except (sqlite3.Error, OSError) as error:
                raise StoreError(f"No se pudo abrir el registro SQLite {self.path}: {error}") from None
            self._local.connection = connection
        if not self._layout_ready:
            with self._layout_lock, self._spanish_errors():
                if not self._layout_ready:
                    self._ensure_layout(connection)
                    self._layout_ready = True
        return connection

    def _tables(self, connection: sqlite3.Connection) -> dict[str, str]:
        """Contract tab name -> the table that holds it (names typed by hand may differ in case)."""
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        tables: dict[str, str] = {}
        by_key = {tab.key: tab.name for tab in TABS}
        for name in names:
            contract = by_key.get(normalize(name))
            if contract and contract not in tables:
                tables[contract] = name
        return tables

    def _headers(self, connection: sqlite3.Connection, table: str) -> list[str]:
        return [row[1] for row in connection.execute(f"PRAGMA table_info({quote(table)})")]

    def _layout_changes(self, connection: sqlite3.Connection) -> list[str]:
        """The statements that would create missing tabs, headers and ID indexes (none on a laid-out file)."""
        tables = self._tables(connection)
        indexes = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        statements = []
        for tab in TABS:
            table = tables.get(tab.name)
            if table is None:
                statements.append(f"CREATE TABLE {quote(tab.name)} ({', '.join(map(quote, tab.headers))})")
                headers = tab.headers
                table = tab.name
            else:
                headers = self._headers(connection, table)
                present = {normalize(header) for header in headers}
                for column in tab.columns:
                    if column.key not in present:
                        statements.append(f"ALTER TABLE {quote(table)} ADD COLUMN {quote(column.name)}")
                        headers = [*headers, column.name]
            index = f"{normalize(tab.name)} id trimmed"
            if tab.has_id and index not in indexes:
                id_header = next(header for header in headers if normalize(header) == normalize(ID_COLUMN))
                statements.append(f"CREATE INDEX {quote(index)} ON {quote(table)} ({trimmed_sql(id_header)})")
        return statements

    def _ensure_layout(self, connection: sqlite3.Connection) -> None:
        """Create missing tabs and add missing headers at the end; never drop or reorder anything. A file
        already laid out is only read, so opening it never waits for another process's write."""
        if not self._layout_changes(connection):
            return
        with self._transaction(connection):
            for statement in self._layout_changes(connection):  # again: another process may have done it
                connection.execute(statement)

    def _header_for(self, connection: sqlite3.Connection, table: str, name: str) -> str:
        key = normalize(name)
        return next(header for header in self._headers(connection, table) if normalize(header) == key)

    # --- the protocol ---------------------------------------------------------------------------------

    def read_each(self, tabs: Iterable[Tab]) -> Iterator[tuple[str, RawTab]]:
        connection = self._connection()
        with self._spanish_errors():
            joined = self._joins_import(connection)  # an import's own transaction already is one snapshot
            if not joined:
                connection.execute("BEGIN")  # one snapshot across tabs, held until the last one is read
        try:
            tables = self._tables(connection)
            for tab in tabs:
                table = tables.get(tab.name)
                if table is None:
                    continue
                with self._spanish_errors(), text_as_bytes(connection):  # no decoding of millions of cells
                    cursor = connection.execute(f"SELECT * FROM {quote(table)} ORDER BY rowid")
                    headers = [description[0] for description in cursor.description]
                    rows = cursor.fetchall()
                yield tab.name, RawTab(table, headers, rows)
                del rows
        finally:
            if not joined:
                with self._spanish_errors():
                    connection.execute("COMMIT")

    def read(self, tabs: Iterable[Tab]) -> dict[str, RawTab]:
        return read_all(self, tabs)

    def has_data(self) -> bool:
        connection = self._connection()
        with self._spanish_errors():
            tables = self._tables(connection)
            return any(
                connection.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1").fetchone()
                for name, table in tables.items()
                if name != HISTORY_TAB.name
            )

    def setting_warnings(self) -> list[str]:
        return []

    @contextmanager
    def importing(self, actor: str) -> Iterator[None]:
        """One write transaction on this thread's connection from the import's read to its last write (see
        `Store.importing`; `actor` is for the stores that write a marker). The reads and writes made inside
        join it, and SQLite's own failure in any of them undoes the whole import. Another import holding the
        register is waited for up to `IMPORT_WAIT_S`, then `ImportRunning`."""
        connection = self._connection()
        self._begin_import(connection)
        self._local.importing, self._local.failure = True, None
        try:
            yield
        except BaseException:
            self._end_import(connection, commit=False)
            raise
        self._end_import(connection, commit=True)

    def _begin_import(self, connection: sqlite3.Connection) -> None:
        deadline = time.monotonic() + IMPORT_WAIT_S
        with self._spanish_errors():
            while True:
                try:
                    connection.execute("BEGIN IMMEDIATE")  # waits up to the busy timeout each time
                    return
                except sqlite3.OperationalError as error:
                    if not _busy(error):
                        raise
                    if time.monotonic() >= deadline:
                        raise ImportRunning(
                            f"Otra importación (u otra escritura larga) ocupa el registro SQLite {self.path} y "
                            "no terminó mientras esta esperaba; esta no escribió nada. Espere a que termine y "
                            "vuelva a importar el archivo.") from None

    def _end_import(self, connection: sqlite3.Connection, commit: bool) -> None:
        """Commit the import, or undo it: when asked, or when SQLite failed inside it (a write that failed
        so may have been caught as one row's failure; the rest must not be saved without it)."""
        failure, self._local.importing, self._local.failure = self._local.failure, False, None
        with self._spanish_errors():
            if commit and failure is None and connection.in_transaction:
                connection.execute("COMMIT")
                return
            if connection.in_transaction:
                connection.execute("ROLLBACK")
        if commit:
            raise StoreError(f"{failure or 'SQLite deshizo la transacción.'} La importación se deshizo entera: "
                             "no se guardó ninguna de sus filas.")

    def _joins_import(self, connection: sqlite3.Connection) -> bool:
        """Whether this thread is inside `importing`, whose transaction its reads and writes then join.
        Refuses when that transaction is already lost (SQLite undoes it itself on a full disk or an I/O
        error), so that nothing is written outside it."""
        if not getattr(self._local, "importing", False):
            return False
        if not connection.in_transaction or self._local.failure is not None:
            raise StoreError(f"{self._local.failure or 'SQLite deshizo la transacción.'} La importación se "
                             "interrumpió y nada de ella se guardará.")
        return True

    def append(self, tab: Tab, records: list[dict[str, Any]], history: list[dict[str, Any]]) -> None:
        connection = self._connection()
        with self._transaction(connection):
            tables = self._tables(connection)
            if tab.has_id:
                self._refuse_stored_ids(connection, tables[tab.name], tab, records)
            self._insert(connection, tables[tab.name], tab, records)
            if history:
                self._insert(connection, tables[HISTORY_TAB.name], HISTORY_TAB, history)

    def update(self, change: RowChange) -> None:
        connection = self._connection()
        with self._transaction(connection):
            tables = self._tables(connection)
            table = tables[change.tab.name]
            headers = self._headers(connection, table)
            rowids, row = locate(connection, table, headers, change)
            change.verify(by_contract(change.tab, headers, row))
            where = positions(change.tab, headers)
            assignments = [(where[name], change.tab.column(name).to_text(value))
                           for name, value in change.changes.items()]
            write_cells(connection, table, headers, rowids, assignments)
            self._insert(connection, tables[HISTORY_TAB.name], HISTORY_TAB, [change.history])

    def update_many(self, changes: list[RowChange]) -> list[StoreError | None]:
        outcomes: list[StoreError | None] = [None] * len(changes)
        if not changes:
            return outcomes
        connection = self._connection()
        with self._transaction(connection):
            tables = self._tables(connection)
            history = []
            for tab in {id(change.tab): change.tab for change in changes}.values():
                table = tables[tab.name]
                headers = self._headers(connection, table)
                where = positions(tab, headers)
                mine = [(i, change) for i, change in enumerate(changes) if change.tab is tab]
                rows = (TableRows(connection, table, tab, headers, [change for _, change in mine])
                        if len(mine) > BULK_LOCATE else None)
                for i, change in mine:
                    try:
                        rowids, row = (rows.locate(change) if rows
                                       else locate(connection, table, headers, change))
                        change.verify(by_contract(tab, headers, row))
                    except StoreError as error:
                        outcomes[i] = error
                        continue
                    assignments = [(where[name], change.tab.column(name).to_text(value))
                                   for name, value in change.changes.items()]
                    write_cells(connection, table, headers, rowids, assignments)
                    if rows:  # a second edit of the same row in this batch sees this one, as it would one by one
                        rows.written(rowids, assignments)
                    history.append(change.history)
            self._insert(connection, tables[HISTORY_TAB.name], HISTORY_TAB, history)
        return outcomes

    # --- helpers --------------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self, connection: sqlite3.Connection) -> Iterator[None]:
        """A write transaction: taken at once (writers queue on the busy timeout), all or nothing. Inside an
        import, a savepoint of the import's transaction: undone alone when it is refused (an ID clash, a
        row changed), while a failure of SQLite itself is remembered and undoes the whole import."""
        with self._spanish_errors():
            inside = self._joins_import(connection)
            connection.execute("SAVEPOINT one_write" if inside else "BEGIN IMMEDIATE")
            try:
                yield
            except BaseException as error:
                if inside and isinstance(error, sqlite3.Error):
                    self._local.failure = str(self._spanish(error))
                if connection.in_transaction:
                    connection.execute("ROLLBACK TO one_write" if inside else "ROLLBACK")
                    if inside:
                        connection.execute("RELEASE one_write")
                raise
            connection.execute("RELEASE one_write" if inside else "COMMIT")

    def _insert(self, connection: sqlite3.Connection, table: str, tab: Tab, records: list[dict[str, Any]]) -> None:
        if not records:
            return
        headers = self._headers(connection, table)
        where = positions(tab, headers)
        names = list(where)
        columns = ", ".join(quote(headers[where[name]]) for name in names)
        marks = ", ".join("?" for _ in names)
        memo: dict[Any, Any] = {}  # a batch's dates and moments, each written once
        converters = [text_of(tab.column(name), memo) for name in names]
        rows = [[None if (value := record.get(name)) is None else convert(value)
                 for name, convert in zip(names, converters)] for record in records]
        connection.executemany(f"INSERT INTO {quote(table)} ({columns}) VALUES ({marks})", rows)

    def _refuse_stored_ids(self, connection: sqlite3.Connection, table: str, tab: Tab, records: list[dict]) -> None:
        ids = [record.get(ID_COLUMN) for record in records if record.get(ID_COLUMN)]
        if len(set(ids)) != len(ids):
            raise IdClash({i for i in ids if ids.count(i) > 1})
        header = self._header_for(connection, table, ID_COLUMN)
        clashes = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            query = f"SELECT {trimmed_sql(header)} FROM {quote(table)} WHERE {trimmed_sql(header)} IN ({marks})"
            clashes.update(row[0] for row in connection.execute(query, chunk))
        if clashes:
            raise IdClash(clashes)
