"""Rows typed in the sheet without an ID, given one from Calidad de datos: at most `IDS_PER_CLICK` a click, tab
by tab in the sheet's order, each row found again and checked against what was read (`Writer.give_ids`)."""

from __future__ import annotations

from typing import Any

from core.register import Snapshot, Writer
from core.sheet.contract import DATA_TABS
from core.sheet.rows import row_values

IDS_PER_CLICK = 20  # each row is found and written on its own: 2 Google Sheets requests (60 a minute allowed)


def give_ids(writer: Writer, snapshot: Snapshot, outcome: dict[str, Any]) -> None:
    """Give an ID to the rows the snapshot notices without one (at most `IDS_PER_CLICK`); the IDs given
    (`given`), the rows that could not get one and why (`failed`) and how many are left (`left`) go into
    `outcome`."""
    pending = [notice for notice in snapshot.notices if notice.missing_id]
    given, failed = [], []
    for tab in (tab.name for tab in DATA_TABS):
        rows = [notice.row for notice in pending[:IDS_PER_CLICK] if notice.tab == tab]
        if rows:
            frame = snapshot.tables[tab]
            ids, errors = writer.give_ids(tab, [row_values(frame.loc[row]) for row in rows])
            given += ids
            failed += [f"{tab}: {error}" for error in errors]
    outcome.update(given=given, failed=failed, left=max(len(pending) - IDS_PER_CLICK, 0))
