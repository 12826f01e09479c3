"""Estrategias: campaigns over the two years, in every state, and the closing analysis the CM writes from
what the campaign's own posts added up to."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta

from core.demo.data import (
    AREAS,
    CMS,
    JOURNALISTS,
    LOCALITIES,
    PARTNERS,
    PLAN_AXES,
    RECENT_DAYS,
    SPAN_DAYS,
    VALUE_GROUPS,
    Row,
)
from core.demo.dates import office_moment
from core.demo.texts import TOPICS, Topic
from core.demo.values import drive_folder, record_id, thousands


def strategy_rows(rng: random.Random, count: int, today: date, now: datetime) -> list[Row]:
    """Campaigns over the two years; the first is planned (it starts in nine days), the second is running and
    the third ended yesterday and waits for its closure, so that even a small register shows every state."""
    first = today - timedelta(days=SPAN_DAYS - 25)
    ids, names = set(), set()
    rows = []
    for index in range(count):
        if index == 0:
            start, length = today + timedelta(days=9), 30
        elif index == 1:
            start, length = today - timedelta(days=10), 35
        elif index == 2:
            start, length = today - timedelta(days=31), 30
        else:
            start, length = first + timedelta(days=rng.randint(0, SPAN_DAYS - 5)), rng.randint(14, 60)
        end = start + timedelta(days=length)
        area, _, topics = rng.choice(AREAS)
        topic = TOPICS[rng.choice(topics)]
        name = _campaign_name(rng, topic)
        while (name, start) in names:
            name = _campaign_name(rng, topic)
        names.add((name, start))
        row: Row = {
            "ID": record_id("EST", start, rng, ids),
            "Nombre": name,
            "Área": area,
            "Objetivo": f"Posicionar {topic.phrase} entre {rng.choice(VALUE_GROUPS).lower()} con contenidos "
            "pedagógicos en redes sociales.",
            "Eje del plan": rng.choice(PLAN_AXES),
            "Grupo de valor": rng.sample(VALUE_GROUPS, rng.randint(1, 3)),
            "Inicio": start,
            "Fin": end,
        }
        if rng.random() < 0.4:
            row["Entidades aliadas"] = rng.sample(PARTNERS, rng.randint(1, 2))
        row.update(_strategy_state(rng, start, end, today, now, waiting=index == 2))
        rows.append(row)
    return rows


def _campaign_name(rng: random.Random, topic: Topic) -> str:
    kind = rng.choice(("Campaña", "Campaña", "Estrategia"))
    return f"{kind} «{rng.choice(topic.slogans)}» en {rng.choice(LOCALITIES)}"


def _strategy_state(rng: random.Random, start: date, end: date, today: date, now: datetime,
                    waiting: bool = False) -> Row:
    if start > today:
        state, updated, by = "Planeada", today - timedelta(days=rng.randint(0, 5)), rng.choice(JOURNALISTS)
    elif end >= today:
        state, updated, by = "En curso", today - timedelta(days=rng.randint(0, 3)), rng.choice(CMS)
    else:
        closed_on = end + timedelta(days=rng.choice((1, 2, 2, 3, 5)))
        pending = rng.random() < 0.4 and (today - end).days <= RECENT_DAYS  # only a recent one waits
        if closed_on > today or pending or waiting:  # ended, closure pending
            state, updated, by = "Finalizada", end, rng.choice(CMS)
        else:
            return {
                "Estado": "Cerrada",
                "Fecha de cierre": closed_on,
                "Evidencias": [drive_folder(rng)],
                "Actualizado": office_moment(rng, closed_on, now),
                "Actualizado por": rng.choice(CMS).name,
            }
    return {"Estado": state, "Actualizado": office_moment(rng, updated, now), "Actualizado por": by.name}


class CampaignStats:
    """What a campaign's own published posts added up to (for its closing analysis)."""

    def __init__(self) -> None:
        self.posts = self.interactions = self.reach = self.reached_interactions = 0
        self.by_network: Counter[str] = Counter()

    def add(self, network: str, metrics: Row) -> None:
        self.posts += 1
        self.interactions += metrics["Interacciones"]
        self.by_network[network] += metrics["Interacciones"]
        if "Alcance" in metrics:
            self.reach += metrics["Alcance"]
            self.reached_interactions += metrics["Interacciones"]


def write_analyses(strategies: list[Row], stats: dict[str, CampaignStats]) -> None:
    """Closed campaigns carry the analysis the CM presents to the team, from their posts' figures."""
    for row in strategies:
        if row["Estado"] != "Cerrada":
            continue
        campaign = stats.get(row["ID"])
        if campaign is None:
            row["Análisis"] = (
                "Las piezas se divulgaron en los canales del área y de las entidades aliadas; no "
                "hubo publicaciones propias medidas en las redes del DADEP."
            )
            continue
        rate = f"{campaign.reached_interactions / campaign.reach * 100 if campaign.reach else 0:.1f}"
        best = campaign.by_network.most_common(1)[0][0]
        row["Análisis"] = (
            f"Se publicaron {campaign.posts} piezas con {thousands(campaign.interactions)} interacciones en "
            f"total. En las redes que informan alcance llegaron a {thousands(campaign.reach)} personas "
            f"(engagement {rate.replace('.', ',')} % sobre alcance). La red con más interacciones fue "
            f"{best}. Oportunidad de mejora: concentrar los videos en las franjas de 7 a 9 a. m. y de 6 a "
            "8 p. m."
        )
