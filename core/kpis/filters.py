"""The filters the leader narrows the indicators with (network, area, eje del plan), and the ejes to choose from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from core.kpis.frames import texts_of
from core.sheet.cells import normalize


@dataclass(frozen=True)
class Filters:
    network: str | None = None
    area: str | None = None
    axis: str | None = None  # eje del plan

    def describe(self) -> str:
        parts = [f"{name}: {value}" for name, value in (("Red", self.network), ("Área", self.area),
                                                         ("Eje del plan", self.axis)) if value]
        return " · ".join(parts) or "sin filtros"


NO_FILTERS = Filters()  # the default of every figure: all networks, areas and ejes


def known_axes(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """Every eje del plan the register names (Listas, requests, campaigns), each spelling once, sorted."""
    names: dict[str, str] = {}
    for tab, column in (("Listas", "Ejes del plan"), ("Solicitudes", "Eje del plan"), ("Estrategias", "Eje del plan")):
        frame = tables.get(tab)
        if frame is None or column not in frame:
            continue
        for name in texts_of(frame, column).unique():
            if name:
                names.setdefault(normalize(name), name)
    return sorted(names.values(), key=normalize)
