"""An edit's rows in a SQLite table, found the way validation reads them (an ID trimmed, a natural key however
it was typed), one edit at a time or a batch's rows read once, and the SQL text that names tables and columns."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from core.sheet.contract import ID_COLUMN, Tab
from core.store.base import RowChange, RowNotFound, by_contract, positions, rows_to_edit


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def trimmed_sql(header: str) -> str:
    """An ID as validation reads it (spaces typed around it do not count); its index uses this expression."""
    return f"trim({quote(header)}, char(32, 9, 10, 11, 12, 13, 160))"


@contextmanager
def text_as_bytes(connection: sqlite3.Connection) -> Iterator[None]:
    """Rows read with text as UTF-8 bytes (readers decode them): fast, and a cell holding invalid
    UTF-8 cannot make the whole read fail."""
    connection.text_factory = bytes
    try:
        yield
    finally:
        connection.text_factory = str


def write_cells(connection: sqlite3.Connection, table: str, headers: list[str], rowids: list[int],
                assignments: list[tuple[int, Any]]) -> None:
    sets = ", ".join(f"{quote(headers[position])} = ?" for position, _ in assignments)
    connection.execute(f"UPDATE {quote(table)} SET {sets} WHERE rowid IN ({', '.join('?' for _ in rowids)})",
                       [value for _, value in assignments] + rowids)


def locate(connection: sqlite3.Connection, table: str, headers: list[str],
           change: RowChange) -> tuple[list[int], tuple]:
    """The rowids the edit writes (`rows_to_edit`) and the row's cells. An ID is looked up in its index
    (then, if absent, by a scan); a natural key is always matched by a scan that reads each row the way
    people may have typed it, so `3/10/2026` and `2026-10-03` are the same key and a duplicate is never
    missed."""
    tab = change.tab
    where = positions(tab, headers)
    if any(name not in where for name in change.key):
        raise RowNotFound(f"La pestaña {tab.name} no tiene la columna {', '.join(change.key)}")
    values = [tab.column(name).to_text(value) for name, value in change.key.items()]
    found = []
    with text_as_bytes(connection):
        if list(change.key) == [ID_COLUMN]:
            query = f"SELECT rowid, * FROM {quote(table)} WHERE {trimmed_sql(headers[where[ID_COLUMN]])} = ?"
            found = connection.execute(query, values).fetchall()
        if not found:
            found = [
                row for row in connection.execute(f"SELECT rowid, * FROM {quote(table)}")
                if change.matches(by_contract(tab, headers, row[1:]))
            ]
    described = ", ".join(f"{name} «{value}»" for name, value in zip(change.key, values))
    rowids, row = rows_to_edit(change, headers, [(row[0], row[1:]) for row in found], described)
    return rowids, tuple(row)


class TableRows:
    """The rows a batch of edits needs, read once inside its write transaction and found the way `locate`
    finds them: by the ID's index in chunks (the ID trimmed as validation reads it); any edit not found so
    (a natural key, an ID typed otherwise) by one scan of the tab that reads each row as people type it."""

    CHUNK = 500

    def __init__(self, connection: sqlite3.Connection, table: str, tab: Tab, headers: list[str],
                 changes: list[RowChange]):
        self.connection, self.table, self.tab, self.headers = connection, table, tab, headers
        self.rows: dict[int, list] = {}
        self.by_id: dict[str, list[int]] = {}
        self.scanned = False
        where = positions(tab, headers)
        if not tab.has_id or ID_COLUMN not in where:
            return
        ids = sorted({str(tab.column(ID_COLUMN).to_text(change.key[ID_COLUMN]))
                      for change in changes if list(change.key) == [ID_COLUMN]})
        trimmed = trimmed_sql(headers[where[ID_COLUMN]])
        for start in range(0, len(ids), self.CHUNK):
            chunk = ids[start:start + self.CHUNK]
            query = (f"SELECT rowid, {trimmed}, * FROM {quote(table)} "
                     f"WHERE {trimmed} IN ({', '.join('?' for _ in chunk)})")
            for rowid, key, *row in connection.execute(query, chunk):
                self.rows[rowid] = row
                self.by_id.setdefault(key, []).append(rowid)

    def _scan(self) -> None:
        if not self.scanned:
            for rowid, *row in self.connection.execute(f"SELECT rowid, * FROM {quote(self.table)}"):
                self.rows.setdefault(rowid, row)  # a row already read may carry this batch's edits
            self.scanned = True

    def locate(self, change: RowChange) -> tuple[list[int], tuple]:
        tab = change.tab
        where = positions(tab, self.headers)
        if any(name not in where for name in change.key):
            raise RowNotFound(f"La pestaña {tab.name} no tiene la columna {', '.join(change.key)}")
        values = [tab.column(name).to_text(value) for name, value in change.key.items()]
        found = []
        if list(change.key) == [ID_COLUMN]:
            found = [(rowid, self.rows[rowid]) for rowid in self.by_id.get(str(values[0]), [])]
        if not found:
            self._scan()
            found = [(rowid, row) for rowid, row in self.rows.items()
                     if change.matches(by_contract(tab, self.headers, row))]
        described = ", ".join(f"{name} «{value}»" for name, value in zip(change.key, values))
        rowids, row = rows_to_edit(change, self.headers, found, described)
        return rowids, tuple(row)

    def written(self, rowids: list[int], assignments: list[tuple[int, Any]]) -> None:
        for rowid in rowids:
            for position, value in assignments:
                self.rows[rowid][position] = value
