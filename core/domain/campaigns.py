"""Campaigns (`Estrategias`): their requests and posts on one timeline, linking a request, and closure,
which needs the evidence links and the metrics analysis and is late 2 working days after the end."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd

from core.domain.business_days import BusinessDays
from core.domain.workflow import CLOSURE_DAYS, is_closed, stage_number
from core.errors import ActionRefused
from core.fmt import fmt_date, fmt_datetime
from core.register import Writer
from core.sheet.cells import is_empty
from core.sheet.contract import CAMPAIGNS_TAB, CLOSED, IN_CAMPAIGN, REQUESTS_TAB
from core.sheet.rows import frame_records


def campaign_ends(campaigns: pd.DataFrame) -> dict[str, date]:
    """Campaign ID -> its end (`Fin`): what closure of its requests counts from."""
    known = campaigns[campaigns["ID"].notna() & campaigns["Fin"].notna()]
    return {str(identifier): end.date() for identifier, end in zip(known["ID"], known["Fin"])
            if not is_empty(identifier)}


def campaign_names(campaigns: pd.DataFrame) -> dict[str, str]:
    """Campaign ID -> its name: what a list offering a campaign shows (a row without an ID cannot be chosen)."""
    return {row["ID"]: row["Nombre"] for _, row in frame_records(campaigns) if row.get("ID")}


def unlinked_requests(requests: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """The requests a campaign can take, by ID: those with an ID, no campaign yet, and a stage `link_refusal`
    accepts (a handful in a working office, not every request ever made)."""
    return {row["ID"]: row for _, row in frame_records(requests)
            if row.get("ID") and not row.get("Estrategia") and link_refusal(row) is None}


def closure_due(campaign: Mapping[str, Any], days: BusinessDays) -> date | None:
    end = campaign.get("Fin")
    return None if is_empty(end) else days.add(end.date() if hasattr(end, "date") else end, CLOSURE_DAYS)


def timeline(campaign_id: str, requests: pd.DataFrame, posts: pd.DataFrame) -> pd.DataFrame:
    """The campaign's requests (by publication date) and posts (by scheduled time), in date order."""
    lines = []
    for _, request in frame_records(requests):
        if str(request.get("Estrategia") or "") == campaign_id:
            day = request.get("Fecha de publicación")
            lines.append((day, "Solicitud", request["ID"], f"{request['Título']} · {request['Etapa']}",
                          fmt_date(day)))
    for _, post in frame_records(posts):
        if str(post.get("Estrategia") or "") == campaign_id:
            moment = post.get("Programada")
            lines.append((moment.replace(tzinfo=None) if moment else None, "Publicación", post["ID"],
                          f"{post['Red']} · {post['Estado']}", fmt_datetime(moment)))
    lines.sort(key=lambda line: (line[0] is None, line[0] or date.min))
    return pd.DataFrame([line[1:] for line in lines], columns=["Qué", "ID", "Detalle", "Cuándo"])


def link_refusal(request: Mapping[str, Any]) -> str | None:
    """Why a request cannot join a campaign, or None: it then follows the campaign's path, so only from a
    stage both paths share (Identificar las necesidades, or Ajustes onwards), and never once cancelled or
    closed."""
    number = stage_number(request.get("Etapa"))
    if number is None or is_closed(request):
        return "Una solicitud cancelada o cerrada no se vincula a una campaña."
    if number in (2, 3, 4) and request.get("Modalidad") != IN_CAMPAIGN:
        return ("Esta solicitud va por el camino de una publicación independiente (etapa "
                f"{request.get('Etapa')}); vincúlela antes de Definir acciones o desde Ajustes.")
    return None


def link_request(writer: Writer, request: Mapping[str, Any], campaign_id: str) -> None:
    """Make a request part of a campaign (`link_refusal` says when it cannot)."""
    refusal = link_refusal(request)
    if refusal:
        raise ActionRefused(refusal)
    writer.update(REQUESTS_TAB.name, request, {"Estrategia": campaign_id, "Modalidad": IN_CAMPAIGN},
                  action="vincular a campaña")


def close(writer: Writer, campaign: Mapping[str, Any], evidence: list[str], analysis: str, day: date) -> None:
    links = [link for link in evidence if not is_empty(link)]
    if not links:
        raise ActionRefused("Para cerrar la campaña pegue los enlaces de las evidencias de publicación.")
    if is_empty(analysis):
        raise ActionRefused("Para cerrar la campaña escriba el análisis de sus métricas (Análisis).")
    writer.update(CAMPAIGNS_TAB.name, campaign, {"Estado": CLOSED, "Fecha de cierre": day, "Evidencias": links,
                                               "Análisis": analysis.strip()}, action="cerrar campaña")
