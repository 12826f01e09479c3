"""A campaign's closure report: its posts (its own and those of its linked requests), their metrics, the
analysis per network (`core.domain.campaign_analysis`) and the evidence links sent at closure.

The «Análisis» starts as the campaign's own `Análisis` (Estrategias) when someone wrote it, otherwise as
the draft `campaign_analysis.summary_text` writes from the figures; people edit it before sending.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import pandas as pd

from core import charts
from core.domain.campaign_analysis import CampaignAnalysis, analyse, summary_text
from core.domain.engagement import BASE_LABEL, engagement_frame
from core.fmt import fmt_date, fmt_int
from core.reports.grid_select import select_posts
from core.reports.model import Col, Figure, Report, Table, frame, header_of
from core.settings import Settings, settings_of
from core.sheet.cells import BOGOTA, is_empty
from core.sheet.contract import PUBLISHED

KIND = "cierre"
TITLE = "Cierre de campaña"

POST_COLUMNS = (  # PDF widths in mm for its 6,5 pt type
    Col("Programada", "datetime", 16), Col("Publicada", "datetime", 16), Col("Red", width=14),
    Col("Formato", width=16), Col("Estado", width=15), Col("Alcance", "int", 14), Col("Interacciones", "int", 15),
    Col("Engagement", "pct", 14), Col("Base", width=17), Col("Enlace", "link"), Col("ID", width=30),
    Col("Solicitud", pdf=False), Col("Copy", pdf=False),
)
NETWORK_COLUMNS = (
    Col("Red"), Col("Publicaciones", "int"), Col("Alcance", "int"), Col("Interacciones", "int"),
    Col("Engagement mediano", "pct"), Col("Mediana de la red en esas fechas", "pct"), Col("Base"),
)
BEST_COLUMNS = (Col("Red", width=20), Col("Publicación", width=30), Col("Publicada", "datetime", 30),
                Col("Engagement", "pct", 24), Col("Base", width=26), Col("Enlace", "link", 100))
EVIDENCE_COLUMNS = (Col("Origen", width=60), Col("Enlace", "link", 150), Col("Enviadas", "date", 25))


class UnknownCampaign(LookupError):
    """No good row of Estrategias has this ID; the message is Spanish."""


def campaign_record(tables: Mapping[str, pd.DataFrame], campaign_id: str) -> dict:
    """The campaign's row of Estrategias as a dict, or `UnknownCampaign`."""
    wanted = str(campaign_id).strip()
    campaigns = tables.get("Estrategias")
    if campaigns is not None and len(campaigns):
        found = campaigns[campaigns["ID"].astype(str).str.strip() == wanted]
        if len(found):
            return found.iloc[0].to_dict()
    raise UnknownCampaign(f"no hay ninguna estrategia con ID «{wanted}» en Estrategias")


def _links(value: object) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(link) for link in value if not is_empty(link)]
    return [] if is_empty(value) else [str(value)]


def _day(value: object):
    return None if is_empty(value) else (value.date() if isinstance(value, datetime) else value)


def build(tables: Mapping[str, pd.DataFrame], campaign_id: str, *, made_at: datetime | None = None,
          settings: Settings | None = None, analysis: str | None = None,
          recommendations: str | None = None) -> Report:
    """The closure report of one campaign (`UnknownCampaign` when the ID is not in Estrategias)."""
    record = campaign_record(tables, campaign_id)
    wanted = str(record["ID"]).strip()
    made_at = (made_at or datetime.now(BOGOTA)).astimezone(BOGOTA)
    settings = settings or settings_of(tables)
    result = analyse(tables, record)
    posts = select_posts(tables, campaign_id=wanted)
    per_network = result.per_network.rename(columns={"Engagement": "Engagement mediano",
                                                     "Mediana de la red": "Mediana de la red en esas fechas"})
    linked = _linked_requests(tables, wanted)
    evidence = _evidence(record, wanted, linked)
    published = int((posts["Estado"] == PUBLISHED).sum())
    name = str(record.get("Nombre") or wanted)
    stored = record.get("Análisis")
    if analysis is None:
        analysis = summary_text(result) if is_empty(stored) else str(stored)
    period = f"{name} · del {fmt_date(result.start)} al {fmt_date(result.end)}"
    return Report(
        kind=KIND, title=TITLE, period_key=wanted, period_text=period, header=header_of(settings),
        made_at=made_at, figures=_figures(record, name, wanted, result, per_network, len(linked), published, evidence),
        tables=_tables(per_network, result, evidence, posts),
        charts=(charts.counts_bar_chart(per_network, "Red", "Interacciones", "Interacciones por red",
                                        f"Publicaciones publicadas de la campaña ({fmt_int(published)})."),)
        if len(per_network) else (),
        notes=("Publicaciones de la campaña: las que tienen esta Estrategia y las de las solicitudes vinculadas a "
               "ella (Solicitudes → Estrategia), sin las canceladas.",
               "Engagement = interacciones / alcance; sin alcance, impresiones en X y reproducciones en las demás "
               "redes. La base usada se indica al lado."),
        analysis=analysis, recommendations=recommendations or "",
        empty_note=None if len(posts) else "La campaña no tiene publicaciones; el informe se escribió sin ellas.",
    )


def _post_rows(posts: pd.DataFrame) -> pd.DataFrame:
    """The campaign's posts with their metrics and engagement (the list)."""
    rated = engagement_frame(posts)
    return frame(pd.DataFrame({
        "Programada": posts["Programada"].astype(object),
        "Publicada": posts["Publicada"].astype(object),
        "Red": posts["Red"].astype(object),
        "Formato": posts["Formato"].astype(object),
        "Estado": posts["Estado"].astype(object),
        "Alcance": posts["Alcance"].astype(object),
        "Interacciones": rated["interacciones"].astype(object),
        "Engagement": rated["engagement"].astype(object),
        "Base": rated["base"].map(BASE_LABEL).astype(object),
        "Enlace": posts["Enlace"].astype(object),
        "ID": posts["ID"].astype(object),
        "Solicitud": posts["Solicitud"].astype(object),
        "Copy": posts["Copy"].astype(object),
    }), POST_COLUMNS)


def _best_rows(result: CampaignAnalysis) -> list[dict]:
    """The best and the worst post of each network."""
    best = pd.concat([result.best.assign(kind="mejor"), result.worst.assign(kind="peor")])
    return [{"Red": row["Red"], "Publicación": f"{row['ID']} ({row['kind']})", "Publicada": row["Publicada"],
             "Engagement": row["engagement"], "Base": BASE_LABEL.get(row["base"], ""), "Enlace": row["Enlace"]}
            for row in best.sort_values(["Red", "kind"], kind="stable").to_dict("records")]


def _linked_requests(tables: Mapping[str, pd.DataFrame], wanted: str) -> pd.DataFrame:
    """The rows of Solicitudes whose Estrategia is the campaign."""
    requests = tables.get("Solicitudes")
    return (requests[requests["Estrategia"].astype(str).str.strip() == wanted]
            if requests is not None and len(requests) and "Estrategia" in requests else pd.DataFrame())


def _evidence(record: dict, wanted: str, linked: pd.DataFrame) -> list[dict]:
    """The evidence links of the campaign, then of its linked requests, with the day they were sent."""
    evidence = [{"Origen": f"Estrategia {wanted}", "Enlace": link, "Enviadas": _day(record.get("Fecha de cierre"))}
                for link in _links(record.get("Evidencias"))]
    for row in linked.to_dict("records"):
        evidence += [{"Origen": f"Solicitud {row.get('ID') or ''} — {row.get('Título') or ''}".strip(" —"),
                      "Enlace": link, "Enviadas": _day(row.get("Evidencias enviadas"))}
                     for link in _links(row.get("Evidencias"))]
    return evidence


def _figures(record: dict, name: str, wanted: str, result: CampaignAnalysis, per_network: pd.DataFrame,
             linked: int, published: int, evidence: list[dict]) -> tuple[Figure, ...]:
    return (
        Figure("Estrategia", f"{name} ({wanted})", "text", "Estrategias"),
        Figure("Área", None if is_empty(record.get("Área")) else str(record["Área"]), "text", "Estrategias"),
        Figure("Inicio", _day(record.get("Inicio")), "date", "Estrategias"),
        Figure("Fin", _day(record.get("Fin")), "date", "Estrategias"),
        Figure("Estado", None if is_empty(record.get("Estado")) else str(record["Estado"]), "text", "Estrategias"),
        Figure("Fecha de cierre", _day(record.get("Fecha de cierre")), "date", "Estrategias"),
        Figure("Solicitudes vinculadas", linked, source="Solicitudes: Estrategia"),
        Figure("Publicaciones publicadas", published, source="Publicaciones de la estrategia y de sus solicitudes"),
        Figure("Publicaciones aún sin publicar", result.scheduled, source="Publicaciones: Estado"),
        Figure("Alcance", int(per_network["Alcance"].sum()) if len(per_network) else 0,
               source="Publicaciones publicadas: Alcance"),
        Figure("Interacciones", int(per_network["Interacciones"].sum()) if len(per_network) else 0,
               source="Publicaciones publicadas: Interacciones o sus partes"),
        Figure("Enlaces de evidencia", len(evidence), source="Estrategias y Solicitudes: Evidencias"),
    )


def _tables(per_network: pd.DataFrame, result: CampaignAnalysis, evidence: list[dict],
            posts: pd.DataFrame) -> tuple[Table, ...]:
    return (
        Table("Resultados por red", NETWORK_COLUMNS, frame(per_network, NETWORK_COLUMNS),
              note="Engagement mediano: la mediana del engagement de cada publicación publicada, cada una sobre su "
                   "base. Mediana de la red: la de las demás publicaciones de la red en las mismas fechas."),
        Table("Mejor y peor publicación por red", BEST_COLUMNS, frame(_best_rows(result), BEST_COLUMNS)),
        Table("Evidencias", EVIDENCE_COLUMNS, frame(evidence, EVIDENCE_COLUMNS),
              note="Enlaces de Evidencias de la estrategia y de sus solicitudes; Enviadas: Fecha de cierre de la "
                   "estrategia o Evidencias enviadas de la solicitud."),
        Table("Publicaciones de la campaña", POST_COLUMNS, _post_rows(posts), sheet="Publicaciones", listing=True),
    )
