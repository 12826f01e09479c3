"""The requests the filters keep, those received in a period, and how many stand at each stage and path."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from core.domain.workflow import PATHS, is_closed
from core.kpis.filters import NO_FILTERS, Filters
from core.kpis.frames import matching, texts_of, values_by_id
from core.kpis.periods import Period
from core.sheet.contract import CANCELLED, CLOSED, INDEPENDENT, STAGES

CLOSED_LABEL = CLOSED  # how the table names a request in Cierre whose evidence was sent
STAGE_ROWS = (*STAGES, CLOSED_LABEL, CANCELLED)  # the order of the per-stage table


def filtered_requests(tables: Mapping[str, pd.DataFrame], filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """The requests that pass the filters (any date): network in `Redes`, `Área solicitante`, eje del plan
    (its own, else its campaign's)."""
    requests = tables["Solicitudes"]
    keep = pd.Series(True, index=requests.index)
    if filters.network and len(requests):
        keep &= requests["Redes"].map(lambda names: isinstance(names, list) and filters.network in names)
    if filters.area and len(requests):
        keep &= matching(texts_of(requests, "Área solicitante"), filters.area)
    if filters.axis and len(requests):
        campaign_axis = values_by_id(tables.get("Estrategias"), "Eje del plan")
        own = texts_of(requests, "Eje del plan")
        through = pd.Series([campaign_axis.get(key, "") for key in texts_of(requests, "Estrategia")],
                            index=requests.index, dtype=object)
        keep &= matching(own.where(own != "", through), filters.axis)
    return requests[keep.astype(bool)]


def received_requests(tables: Mapping[str, pd.DataFrame], period: Period,
                      filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """The requests received in the period (`Fecha de solicitud`) that pass the filters."""
    requests = filtered_requests(tables, filters)
    days = requests["Fecha de solicitud"]
    return requests[(days >= pd.Timestamp(period.start)) & (days <= pd.Timestamp(period.end))]


def stage_label(request_stage: pd.Series, evidence_sent: pd.Series) -> pd.Series:
    """The stage as the indicators name it: a closed request (`core.domain.workflow.is_closed`) is «Cerrada»."""
    closed = [is_closed({"Etapa": stage, "Evidencias enviadas": sent}) for stage, sent in zip(request_stage,
                                                                                            evidence_sent)]
    return request_stage.astype(object).where(~np.array(closed, dtype=bool), CLOSED_LABEL)


def requests_per_stage(requests: pd.DataFrame) -> pd.DataFrame:
    """Requests per current stage and path: Etapa, Camino (the `Modalidad`), Solicitudes (only pairs with
    requests), in the procedure's order."""
    columns = ["Etapa", "Camino", "Solicitudes"]
    if requests.empty:
        return pd.DataFrame(columns=columns)
    stage = stage_label(requests["Etapa"], requests["Evidencias enviadas"])
    path = texts_of(requests, "Modalidad").replace("", INDEPENDENT)
    counts = pd.DataFrame({"Etapa": stage, "Camino": path}).value_counts().rename("Solicitudes").reset_index()
    order = {name: i for i, name in enumerate(STAGE_ROWS)}
    paths = {name: i for i, name in enumerate(PATHS)}
    counts = counts.assign(_s=counts["Etapa"].map(order).fillna(len(order)),
                           _p=counts["Camino"].map(paths).fillna(len(paths)))
    return counts.sort_values(["_s", "_p"])[columns].reset_index(drop=True)
