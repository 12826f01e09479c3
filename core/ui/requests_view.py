"""The Solicitudes page's tables, shaped without Streamlit: the filtered list with each request's due date,
a request's stage history from Historial, and what the form and the filters offer (the values of a column, each
area's journalist). Pure functions, tested without a browser."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from core.domain.status import Status
from core.fmt import fmt_date, fmt_datetime
from core.sheet.cells import is_empty, normalize
from core.sheet.contract import STAGES
from core.sheet.rows import frame_records

LIST_COLUMNS = ["ID", "Título", "Área solicitante", "Periodista", "Etapa", "Vence", "Vencida", "Fecha de publicación"]


@dataclass(frozen=True)
class Filters:
    areas: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    journalists: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    late_only: bool = False
    copy_pending: bool = False  # the leader's queue "Por revisar copy": in Recepción de material, copy not reviewed
    published_from: date | None = None
    published_to: date | None = None
    text: str = ""


def options(frame: pd.DataFrame, column: str) -> list[str]:
    """The distinct values of a column, sorted: what a filter or a form's list offers (none without the column)."""
    return sorted({str(value) for value in frame[column].dropna()}) if column in frame else []


def journalists_by_area(lists: pd.DataFrame) -> dict[str, str]:
    """Área -> its journalist (Listas → Periodista del área): who «Periodista» starts with when the area is
    chosen."""
    return {str(row["Áreas"]): row["Periodista del área"] for _, row in lists.iterrows()
            if not is_empty(row.get("Áreas")) and not is_empty(row.get("Periodista del área"))}


def request_list(requests: pd.DataFrame, now: Status, filters: Filters = Filters()) -> pd.DataFrame:
    """One line per request that passes the filters, newest first, with its due date and whether it is overdue
    as the register's status says (`core.domain.status`: a row without an ID is named «Solicitudes fila <n>»). The
    filters run on whole columns: only the lines shown are built one by one."""
    records = now.requests()
    frame = requests[_passing(requests, filters)]
    late = pd.Series([records[row].overdue(now.day) for row in frame.index], index=frame.index, dtype=bool)
    if filters.late_only:
        frame, late = frame[late], late[late]
    words = [word for word in normalize(filters.text).split() if word]
    if words:
        found = [row for row, request in frame_records(frame)
                 if all(word in normalize(" ".join(str(value) for value in request.values() if value is not None))
                        for word in words)]
        frame, late = frame.loc[found], late.loc[found]
    order = frame.assign(_row=frame.index).sort_values(["Fecha de solicitud", "_row"], ascending=False,
                                                        na_position="last").index
    frame, late = frame.loc[order], late.loc[order]
    dues = [records[row].due for row in frame.index]
    published = frame["Fecha de publicación"]
    return pd.DataFrame({
        "ID": [records[row].name for row in frame.index],
        "Título": _plain(frame["Título"]), "Área solicitante": _plain(frame["Área solicitante"]),
        "Periodista": _plain(frame["Periodista"]), "Etapa": _plain(frame["Etapa"]),
        "Vence": [fmt_date(due) if due else "" for due in dues],
        "Vencida": np.where(late.to_numpy(), "Sí", "No"),
        "Fecha de publicación": [fmt_date(day.date()) if not is_empty(day) else "" for day in published],
    }, columns=LIST_COLUMNS)


def _passing(requests: pd.DataFrame, filters: Filters) -> np.ndarray:
    """Which requests pass the filters other than «Solo vencidas» and the search, column by column."""
    keep = np.ones(len(requests), dtype=bool)
    for column, wanted in (("Área solicitante", filters.areas), ("Etapa", filters.stages),
                           ("Periodista", filters.journalists)):
        if wanted:
            keep &= requests[column].isin(wanted).to_numpy(dtype=bool, na_value=False)
    if filters.networks:
        networks = set(filters.networks)
        keep &= np.fromiter((bool(set(value or ()) & networks) for value in requests["Redes"]), dtype=bool,
                            count=len(requests))
    if filters.copy_pending:
        reviewed = requests["Copy revisado"].fillna(False).to_numpy(dtype=bool)
        keep &= (requests["Etapa"] == STAGES[2]).to_numpy(dtype=bool, na_value=False) & ~reviewed
    published = requests["Fecha de publicación"].dt.date
    if filters.published_from:
        keep &= (published >= filters.published_from).to_numpy(dtype=bool, na_value=False)
    if filters.published_to:
        keep &= (published <= filters.published_to).to_numpy(dtype=bool, na_value=False)
    return keep


def _plain(values: pd.Series) -> list:
    """A column's values as Python objects, None where empty (as the list has always shown them)."""
    return [None if is_empty(value) else value for value in values]


def stage_history(history: pd.DataFrame, request_id: str) -> pd.DataFrame:
    """Every write of Divulga that changed the request's stage: when, who, from and to. Hand edits of
    `Etapa` in the sheet leave no Historial row, so they are not here."""
    lines = []
    for _, entry in history[history["ID"] == request_id].iterrows():
        try:
            changes = json.loads(entry["Cambios"]) if isinstance(entry["Cambios"], str) else {}
        except ValueError:
            changes = {}
        stage = changes.get("Etapa")
        if isinstance(stage, list) and len(stage) == 2:
            lines.append({"Fecha": fmt_datetime(entry["Fecha"]), "Quién": entry["Usuario"],
                          "Acción": entry["Acción"], "De": stage[0] or "", "A": stage[1] or ""})
    return pd.DataFrame(lines, columns=["Fecha", "Quién", "Acción", "De", "A"])


def recorded(request: dict) -> pd.DataFrame:
    """What has been recorded on a request, in the procedure's order, each with its date and person: the
    material, the copy review, the approval with its evidence, the publication folder, the feedback and the
    closure with its evidence (an empty cell: not yet)."""
    def day(name: str) -> str:
        value = request.get(name)
        return fmt_date(value) if value is not None else ""

    copy = "Sí" if request.get("Copy revisado") is True else ""
    lines = [
        ("Material recibido", day("Material recibido"), ""),
        ("Copy revisado", day("Fecha revisión copy") or copy, request.get("Copy revisado por") or ""),
        ("Aprobación", day("Fecha de aprobación"), request.get("Aprobado por") or ""),
        ("Soporte de aprobación", request.get("Soporte de aprobación") or "", ""),
        ("Carpeta de publicación", request.get("Carpeta de publicación") or "", ""),
        ("Feedback entregado", day("Feedback entregado"), ""),
        ("Evidencias enviadas", day("Evidencias enviadas"), ""),
        ("Evidencias", ", ".join(request.get("Evidencias") or []), ""),
    ]
    return pd.DataFrame(lines, columns=["Qué", "Cuándo / enlace", "Quién"])


def request_posts(posts: pd.DataFrame, request_id: str) -> pd.DataFrame:
    """The request's posts in Parrilla: network, when, state and link."""
    mine = posts[posts["Solicitud"] == request_id].sort_values("Programada")
    return pd.DataFrame({"ID": mine["ID"], "Red": mine["Red"],
                         "Programada": [fmt_datetime(value) for value in mine["Programada"]],
                         "Estado": mine["Estado"], "Enlace": mine["Enlace"]})
