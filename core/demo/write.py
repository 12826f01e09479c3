"""Storing the demo register through the register's writer: in bulk, with one Historial row for it all."""

from __future__ import annotations

from datetime import date

from core.demo.build import generate
from core.sheet import contract


def write_demo(writer, n: int, seed: int, today: date) -> dict[str, int]:
    """Generate the demo rows and store them through `writer` (`core.register.Writer`): every tab in contract
    order, 2,000 rows per call, one Historial row for the whole batch. Returns the rows per tab. Raises
    `ValueError` when `n` is too small and `core.store.IdClash` when this seed's data is already stored (the
    first tab written has IDs: then nothing was written)."""
    tabs = generate(n, seed, today)
    for tab in contract.DATA_TABS:
        rows = tabs.get(tab.name, [])
        for start in range(0, len(rows), 2_000):
            writer.create_many(tab.name, rows[start:start + 2_000], action="demo", keep_stamps=True,
                               with_history=False)
    counts = {name: len(rows) for name, rows in tabs.items()}
    writer.note("demo", {"filas": sum(counts.values()), "semilla": seed, "hoy": today.isoformat(),
                         "por pestaña": counts})
    return counts
