"""What Historial tells of the requests: each change of stage Divulga recorded, and how many times a request went
back to Ajustes. Hand edits of the sheet leave no Historial row, so they are not counted."""

from __future__ import annotations

import json

import pandas as pd

from core.kpis.frames import texts_of
from core.sheet.cells import BOGOTA, is_empty
from core.sheet.contract import STAGES

ADJUSTMENTS_STAGE = STAGES[4]
ROUND_LABELS = ("0", "1", "2", "3 o más")


def stage_moves(history: pd.DataFrame) -> pd.DataFrame:
    """Every change of a request's `Etapa` that Divulga recorded: ID, Fecha (aware: when the stage was left,
    which is when the next one started, the same row's new `Inicio de etapa`; the row's own time without it),
    Acción, De, A, and Inicio (when the stage left had started: the row's former `Inicio de etapa`; NaT when
    not recorded). Hand edits of the sheet leave no Historial row, so they are not here."""
    columns = ["ID", "Fecha", "Acción", "De", "A", "Inicio"]
    if history is None or history.empty or "Cambios" not in history:
        return pd.DataFrame(columns=columns)
    rows = history[(history["Pestaña"] == "Solicitudes")
                   & history["Cambios"].astype("string").str.contains('"Etapa"', regex=False).fillna(False)]
    found = []
    for record_id, moment, action, text in zip(rows["ID"], rows["Fecha"], rows["Acción"], rows["Cambios"]):
        try:
            changes = json.loads(text)
        except (TypeError, ValueError):
            continue
        pair = changes.get("Etapa") if isinstance(changes, dict) else None
        if not (isinstance(pair, list) and len(pair) == 2) or is_empty(record_id) or pd.isna(moment):
            continue
        starts = changes.get("Inicio de etapa")
        started, left = starts if isinstance(starts, list) and len(starts) == 2 else (None, None)
        found.append((str(record_id), left or moment, action, pair[0], pair[1], started))
    frame = pd.DataFrame(found, columns=columns)
    frame["Inicio"] = pd.to_datetime(frame["Inicio"], errors="coerce", utc=True, format="ISO8601") \
        .dt.tz_convert(BOGOTA)
    frame["Fecha"] = pd.to_datetime(frame["Fecha"], errors="coerce", utc=True, format="ISO8601") \
        .dt.tz_convert(BOGOTA)
    frame = frame.dropna(subset=["Fecha"])
    return frame.sort_values(["ID", "Fecha"], kind="stable").reset_index(drop=True)


def adjustment_rounds(requests: pd.DataFrame, moves: pd.DataFrame) -> pd.DataFrame:
    """How many times each request went back to Ajustes (from approval or publication): Rondas («0», «1»,
    «2», «3 o más»), Solicitudes, Devoluciones (the returns those requests add up to)."""
    ids = texts_of(requests, "ID")
    back = moves[(moves["A"] == ADJUSTMENTS_STAGE) & moves["De"].isin(STAGES[5:7])] if len(moves) else moves
    per_request = back["ID"].value_counts() if len(back) else pd.Series(dtype=int)
    rounds = ids.map(per_request).fillna(0).astype(int)
    label = rounds.clip(upper=3).map(dict(enumerate(ROUND_LABELS)))
    frame = pd.DataFrame({"Rondas": label, "n": rounds})
    grouped = frame.groupby("Rondas")["n"].agg(["size", "sum"]).reindex(ROUND_LABELS, fill_value=0)
    return pd.DataFrame({"Rondas": ROUND_LABELS, "Solicitudes": grouped["size"].astype(int).to_numpy(),
                         "Devoluciones": grouped["sum"].astype(int).to_numpy()})
