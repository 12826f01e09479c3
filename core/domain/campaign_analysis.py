"""A campaign's results: its posts (its own and those of its requests), totals and engagement per network,
its best and worst posts, and each network's median engagement over the same dates for comparison.

The rate of a group of posts is the median of their own rates (each post on its own base, docs/domain.md,
«Metrics»), so a campaign and a network's other posts are compared the same way. The text (`summary_text`)
is a draft of the closure's "Análisis" and of the campaign part of the reports: people edit it before it
is saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pandas as pd

from core.domain.engagement import BASE_LABEL, engagement_frame
from core.fmt import fmt_date, fmt_int, fmt_pct
from core.reports.grid_select import select_posts
from core.sheet.cells import BOGOTA
from core.sheet.contract import PUBLISHED


@dataclass(frozen=True)
class CampaignAnalysis:
    campaign_id: str
    name: str
    start: date
    end: date
    per_network: pd.DataFrame  # Red, Publicaciones, Alcance, Interacciones, Engagement, Mediana de la red, Base
    best: pd.DataFrame  # each network's best post by engagement (ID, Red, Publicada, engagement, base, Enlace)
    worst: pd.DataFrame  # each network's worst one (networks with at least two rated posts)
    scheduled: int  # posts of the campaign not published (yet)


def _rated(posts: pd.DataFrame) -> pd.DataFrame:
    rates = engagement_frame(posts)
    return posts.assign(engagement=rates["engagement"], base=rates["base"], interacciones=rates["interacciones"])


def _window(start: date, end: date) -> tuple[pd.Timestamp, pd.Timestamp]:
    return (pd.Timestamp(datetime.combine(start, time(), BOGOTA)),
            pd.Timestamp(datetime.combine(end + timedelta(days=1), time(), BOGOTA)))


def analyse(tables: Mapping[str, pd.DataFrame], campaign: Mapping[str, object]) -> CampaignAnalysis:
    """The analysis of one campaign (a row of Estrategias) from a snapshot's tables."""
    campaign_id = str(campaign["ID"])
    start, end = campaign["Inicio"], campaign["Fin"]
    start = start.date() if isinstance(start, datetime) else start
    end = end.date() if isinstance(end, datetime) else end
    own = select_posts(tables, campaign_id=campaign_id)
    done = _rated(own[own["Estado"] == PUBLISHED])
    everything = tables["Publicaciones"]
    lower, upper = _window(start, end)
    others = everything[(everything["Estado"] == PUBLISHED) & (everything["Publicada"] >= lower)
                        & (everything["Publicada"] < upper) & ~everything["ID"].isin(own["ID"])]
    medians = _rated(others).groupby("Red")["engagement"].median() if len(others) else pd.Series(dtype=float)
    rows = []
    for network, group in done.groupby("Red", sort=True):
        bases = group["base"].dropna()
        rows.append({
            "Red": network,
            "Publicaciones": len(group),
            "Alcance": int(pd.to_numeric(group["Alcance"], errors="coerce").fillna(0).sum()),
            "Interacciones": int(group["interacciones"].fillna(0).sum()),
            "Engagement": group["engagement"].median(),
            "Mediana de la red": medians.get(network),
            "Base": BASE_LABEL.get(bases.mode().iloc[0], "") if len(bases) else "",
        })
    per_network = pd.DataFrame(rows, columns=["Red", "Publicaciones", "Alcance", "Interacciones", "Engagement",
                                              "Mediana de la red", "Base"])
    # Best and worst within each network: rates on different bases are not compared across networks.
    columns = ["ID", "Red", "Publicada", "engagement", "base", "Enlace"]
    ranked = done.dropna(subset=["engagement"]).sort_values(["Red", "engagement", "Publicada"],
                                                             ascending=[True, False, True])[columns]
    best = ranked.groupby("Red", sort=True).head(1)
    several = ranked.groupby("Red")["ID"].transform("size") > 1
    worst = ranked[several].groupby("Red", sort=True).tail(1)
    return CampaignAnalysis(campaign_id, str(campaign.get("Nombre") or ""), start, end, per_network, best, worst,
                            int((own["Estado"] != PUBLISHED).sum()))


def summary_text(analysis: CampaignAnalysis) -> str:
    """A Spanish draft of the campaign's analysis, figure by figure, each rate with its base."""
    if analysis.per_network.empty:
        return (f"La campaña {analysis.name} ({analysis.campaign_id}) no tiene publicaciones publicadas entre el "
                f"{fmt_date(analysis.start)} y el {fmt_date(analysis.end)}.")
    total = analysis.per_network
    lines = [f"La campaña {analysis.name} ({analysis.campaign_id}), del {fmt_date(analysis.start)} al "
             f"{fmt_date(analysis.end)}, tuvo {fmt_int(total['Publicaciones'].sum())} publicaciones publicadas, "
             f"{fmt_int(total['Alcance'].sum())} de alcance y {fmt_int(total['Interacciones'].sum())} interacciones."]
    for row in total.to_dict("records"):
        text = (f"{row['Red']}: {fmt_int(row['Publicaciones'])} publicaciones, {fmt_int(row['Interacciones'])} "
                f"interacciones, engagement mediano {fmt_pct(row['Engagement'])} sobre {row['Base'] or 'sin base'}")
        median = row["Mediana de la red"]
        if median is not None and not pd.isna(median) and not pd.isna(row["Engagement"]):
            mine, theirs = round(row["Engagement"], 4), round(median, 4)  # as read: to a tenth of a point
            word = "por encima de" if mine > theirs else "por debajo de" if mine < theirs else "igual a"
            text += f", {word} la mediana de la red en esas fechas ({fmt_pct(median)})"
        lines.append(text + ".")
    if not analysis.best.empty:
        best = [f"{row['Red']} {row['ID']} ({fmt_pct(row['engagement'])} sobre {BASE_LABEL.get(row['base'], '')})"
                for row in analysis.best.to_dict("records")]
        lines.append("Mejor publicación por red: " + "; ".join(best) + ".")
    if analysis.scheduled:
        lines.append(f"Publicaciones de la campaña aún sin publicar: {fmt_int(analysis.scheduled)}.")
    return "\n".join(lines)
