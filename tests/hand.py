"""The two stores as the contract suite sees them, with what people do to a register by hand.

`SQLiteSheet` edits the file with SQL; `GoogleSheet` edits the local Sheets API fake the way staff edit the
sheet in a browser (sort, insert rows above, type a date that arrives as a serial number…). Both read the
stored cells back as `{header: cell}` rows, empty cells as None, so one test checks both stores.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from core.register import Register
from core.register import reading as register_module
from core.sheet.cells import to_serial
from core.store.gsheets import SheetsStore
from core.store.sheets_http import Patience
from core.store.sqlite import SQLiteStore

QUICK = Patience(timeout_s=(2.0, 3.0), tries=4, first_wait_s=0.01, total_s=10.0)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class SQLiteSheet:
    kind = "sqlite"

    def __init__(self, path: Path):
        self.path = path
        self.url = f"sqlite:///{path}"

    def store(self) -> SQLiteStore:
        return SQLiteStore(self.path)

    def _sql(self, sql: str, *params) -> list[tuple]:
        with sqlite3.connect(self.path, isolation_level=None) as con:
            return con.execute(sql, params).fetchall()

    def headers(self, tab: str) -> list[str]:
        return [row[1] for row in self._sql(f"PRAGMA table_info({_q(tab)})")]

    def rows(self, tab: str) -> list[dict[str, Any]]:
        headers = self.headers(tab)
        return [dict(zip(headers, row, strict=True)) for row in self._sql(f"SELECT * FROM {_q(tab)} ORDER BY rowid")]

    def _rowid(self, tab: str, row: int) -> int:
        return self._sql(f"SELECT rowid FROM {_q(tab)} ORDER BY rowid LIMIT 1 OFFSET ?", row - 2)[0][0]

    def set(self, tab: str, row: int, header: str, value: Any) -> None:
        self._sql(f"UPDATE {_q(tab)} SET {_q(header)} = ? WHERE rowid = ?", value, self._rowid(tab, row))

    def type_date(self, tab: str, row: int, header: str, day: date) -> None:
        self.set(tab, row, header, f"{day.day}/{day.month}/{day.year}")

    def _rewrite(self, tab: str, order: list[str], order_by: str, rows: list[dict] | None = None) -> None:
        listed = ", ".join(map(_q, order))
        with sqlite3.connect(self.path, isolation_level=None) as con:
            con.execute("BEGIN")
            con.execute(f"CREATE TABLE hand_copy ({listed})")
            con.execute(f"INSERT INTO hand_copy SELECT {listed} FROM {_q(tab)} ORDER BY {order_by}")
            con.execute(f"DROP TABLE {_q(tab)}")
            con.execute(f"ALTER TABLE hand_copy RENAME TO {_q(tab)}")
            con.execute("COMMIT")

    def sort(self, tab: str, header: str, descending: bool = False) -> None:
        self._rewrite(tab, self.headers(tab), f"{_q(header)} IS NULL, {_q(header)} {'DESC' if descending else 'ASC'}")

    def move_columns(self, tab: str, order: list[str]) -> None:
        self._rewrite(tab, order, "rowid")

    def append(self, tab: str, values: dict[str, Any]) -> None:
        if not values:
            self._sql(f"INSERT INTO {_q(tab)} DEFAULT VALUES")
            return
        names = ", ".join(map(_q, values))
        self._sql(f"INSERT INTO {_q(tab)} ({names}) VALUES ({', '.join('?' for _ in values)})", *values.values())

    def insert_above(self, tab: str, row: int, values: dict[str, Any]) -> None:
        target = self._rowid(tab, row)
        self._sql(f"UPDATE {_q(tab)} SET rowid = -rowid - 1 WHERE rowid >= ?", target)  # make room, keep order
        self._sql(f"UPDATE {_q(tab)} SET rowid = -rowid WHERE rowid < 0")
        names = ", ".join(["rowid", *map(_q, values)])
        self._sql(f"INSERT INTO {_q(tab)} ({names}) VALUES ({', '.join('?' for _ in range(len(values) + 1))})",
                  target, *values.values())

    def add_column(self, tab: str, header: str) -> None:
        self._sql(f"ALTER TABLE {_q(tab)} ADD COLUMN {_q(header)}")

    def rename_header(self, tab: str, old: str, new: str) -> None:
        self._sql(f"ALTER TABLE {_q(tab)} RENAME COLUMN {_q(old)} TO {_q(new)}")


class GoogleSheet:
    kind = "sheets"

    def __init__(self, fake, key: str):
        self.fake = fake
        self.key = key
        self.url = f"gsheets://{key}"

    def store(self) -> SheetsStore:
        return SheetsStore(self.key, QUICK)

    def headers(self, tab: str) -> list[str]:
        return [str(cell) for cell in self.fake.headers(self.key, tab)]

    def rows(self, tab: str) -> list[dict[str, Any]]:
        values = self.fake.values(self.key, tab)
        headers = [str(cell) for cell in values[0]] if values else []
        return [{header: (row[i] if i < len(row) and row[i] != "" else None) for i, header in enumerate(headers)}
                for row in values[1:]]

    def _column(self, tab: str, header: str) -> int:
        return self.headers(tab).index(header) + 1

    def set(self, tab: str, row: int, header: str, value: Any) -> None:
        self.fake.set_cell(self.key, tab, row, self._column(tab, header), value)

    def type_date(self, tab: str, row: int, header: str, day: date) -> None:
        self.fake.set_date(self.key, tab, row, self._column(tab, header), to_serial(day))

    def sort(self, tab: str, header: str, descending: bool = False) -> None:
        self.fake.sort(self.key, tab, self._column(tab, header), descending=descending)

    def move_columns(self, tab: str, order: list[str]) -> None:
        """Drag columns into `order`; a column left out is deleted, as a person deletes a column."""
        for header in self.headers(tab):
            if header not in order:
                position = self._column(tab, header) - 1
                self.fake._edit(self.key, tab, lambda sheet, p=position: sheet.delete("COLUMNS", p, p + 1))
        for index, header in enumerate(order):
            self.fake.move_column(self.key, tab, self._column(tab, header), index + 1)

    def _row(self, tab: str, values: dict[str, Any]) -> list[Any]:
        headers = self.headers(tab)
        return [values.get(header) for header in headers]

    def append(self, tab: str, values: dict[str, Any]) -> None:
        self.fake.append_row(self.key, tab, self._row(tab, values))

    def insert_above(self, tab: str, row: int, values: dict[str, Any]) -> None:
        self.fake.insert_rows(self.key, tab, row, [self._row(tab, values)])

    def add_column(self, tab: str, header: str) -> None:
        self.fake.add_column(self.key, tab, header)

    def rename_header(self, tab: str, old: str, new: str) -> None:
        self.fake.set_cell(self.key, tab, 1, self._column(tab, old), new)


def install(sheet, url: str | None = None) -> Register:
    """The process-wide register of `sheet` (what the app and the CLI open), with quick retries on Sheets."""
    register = Register(sheet.store())
    register_module._REGISTERS[url or sheet.url] = register
    return register
