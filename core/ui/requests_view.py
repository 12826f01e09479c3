"""The Solicitudes page's tables, shaped without Streamlit: the filtered list with each request's due date,
a request's stage history from Historial, and what the form and the filters offer (the values of a column, each
area's journalist). Pure functions, tested without a browser."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pandas as pd

from core.cells import is_empty, normalize
from core.fmt import fmt_date, fmt_datetime
from core.layout import STAGES
from core.register import frame_records
from core.status import Status

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


def journalists_by_area(listas: pd.DataFrame) -> dict[str, str]:
    """Área -> its journalist (Listas → Periodista del área): who «Periodista» starts with when the area is
    chosen."""
    return {str(row["Áreas"]): row["Periodista del área"] for _, row in listas.iterrows()
            if not is_empty(row.get("Áreas")) and not is_empty(row.get("Periodista del área"))}


def request_list(requests: pd.DataFrame, now: Status, filters: Filters = Filters()) -> pd.DataFrame:
    """One line per request that passes the filters, newest first, with its due date and whether it is overdue
    as the register's status says (`core.status`: a row without an ID is named «Solicitudes fila <n>»)."""
    words = [word for word in normalize(filters.text).split() if word]
    records = now.requests()
    lines = []
    for row, request in frame_records(requests):
        record = records[row]
        published = request.get("Fecha de publicación")
        day = published.date() if published is not None else None
        if filters.areas and request.get("Área solicitante") not in filters.areas:
            continue
        if filters.stages and request.get("Etapa") not in filters.stages:
            continue
        if filters.journalists and request.get("Periodista") not in filters.journalists:
            continue
        if filters.networks and not set(request.get("Redes") or []) & set(filters.networks):
            continue
        if filters.copy_pending and (request.get("Etapa") != STAGES[2] or request.get("Copy revisado") is True):
            continue
        late = record.overdue(now.day)
        if filters.late_only and not late:
            continue
        if filters.published_from and (day is None or day < filters.published_from):
            continue
        if filters.published_to and (day is None or day > filters.published_to):
            continue
        if words:
            haystack = normalize(" ".join(str(value) for value in request.values() if value is not None))
            if not all(word in haystack for word in words):
                continue
        due = record.due
        lines.append({"ID": record.name, "Título": request.get("Título"),
                      "Área solicitante": request.get("Área solicitante"), "Periodista": request.get("Periodista"),
                      "Etapa": request.get("Etapa"), "Vence": fmt_date(due) if due else "",
                      "Vencida": "Sí" if late else "No", "Fecha de publicación": fmt_date(day) if day else "",
                      "_orden": (request.get("Fecha de solicitud"), row)})
    lines.sort(key=lambda line: (line["_orden"][0] is not None, line["_orden"]), reverse=True)
    return pd.DataFrame([{k: v for k, v in line.items() if k != "_orden"} for line in lines], columns=LIST_COLUMNS)


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
