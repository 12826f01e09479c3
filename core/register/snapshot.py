"""The register as read at one moment: good rows per tab as frames, bad rows, notices, and what pages derive
from it, kept with it (`Snapshot.derived`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd

from core.sheet.contract import DATA_TABS, ID_COLUMN
from core.sheet.contract import tab as tab_named
from core.sheet.rows import row_values
from core.sheet.validation import BadRow, Context, Notice, TabResult


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
