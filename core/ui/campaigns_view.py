"""The Estrategias page's list of campaigns, shaped without Streamlit: each with when its closure is due and whether
it is late, as the register's status says. Pure functions, tested without a browser."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from core.domain.status import RecordStatus
from core.fmt import fmt_date
from core.sheet.rows import frame_records

LIST_COLUMNS = ["ID", "Nombre", "Área", "Estado", "Inicio", "Fin", "Cierre vence", "Atrasada"]


def campaign_list(campaigns: pd.DataFrame, standing: Mapping[int, RecordStatus],
                  day: date) -> tuple[pd.DataFrame, list[str | None]]:
    """The campaigns as Estrategias lists them, with when each closure is due and whether it is late on `day`
    (`standing`: the campaigns' records of the register's status), and each line's ID (None for a row typed
    without one, which does not open)."""
    rows = frame_records(campaigns)
    lines = [{"ID": standing[at].name, "Nombre": row["Nombre"], "Área": row.get("Área") or "",
              "Estado": row.get("Estado"), "Inicio": fmt_date(row["Inicio"]), "Fin": fmt_date(row["Fin"]),
              "Cierre vence": fmt_date(standing[at].due) if standing[at].due else "",
              "Atrasada": "Sí" if standing[at].overdue(day) else "No"} for at, row in rows]
    return pd.DataFrame(lines, columns=LIST_COLUMNS), [row.get("ID") for _, row in rows]
