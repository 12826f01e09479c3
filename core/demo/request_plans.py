"""Solicitudes' timelines, decided before their rows: when each request was made and is published, and the
stage it stands in today by the app's own stage rules, so that every stage is present and the old work is
closed."""

from __future__ import annotations

import random
from bisect import bisect_right
from datetime import date, timedelta
from typing import NamedTuple

from core.demo.data import (
    CLOSURE,
    INDEPENDENT,
    INDEPENDENT_PATH,
    INTEGRAL,
    INTEGRAL_PATH,
    PROGRESS_CUTS,
    PUBLICATION,
    RECENT_DAYS,
    SPAN_DAYS,
    Row,
)
from core.demo.dates import office_days
from core.domain.workflow import due_of
from core.sheet.contract import CANCELLED


class Plan(NamedTuple):
    """A request's timeline, decided before its row is written."""

    modality: str
    strategy: Row | None
    requested: date
    publication: date
    end: date  # the campaign's Fin, or the publication date for a stand-alone post
    stage: str
    reached: int  # index in the path of the last stage the work got to (for Cancelada, where it stopped)
    stale: bool  # an old request stuck in an early stage


def path_of(modality: str) -> tuple[str, ...]:
    return INDEPENDENT_PATH if modality == INDEPENDENT else INTEGRAL_PATH


def _lead(rng: random.Random) -> int:
    """Days between the request and the publication: usually 8-20, sometimes under the week required."""
    return rng.randint(8, 20) if rng.random() < 0.85 else rng.randint(2, 6)


def _timeline_stage(
    rng: random.Random,
    modality: str,
    requested: date,
    publication: date,
    end: date,
    today: date,
    closed: bool,
) -> tuple[str, bool]:
    """The stage a request is in today, from its dates. An office that works well: the old ones are closed;
    of those published in the last month, a handful wait for their closure or got stuck.
    Publicación lasts until its due date (`core.domain.workflow.due_of`: the day of publication, or the campaign's
    end), having started on the publication date; then the request is closed. Returns the stage and whether
    the request is stuck (stale)."""
    path = path_of(modality)
    published = due_of(7, {"Modalidad": modality, "Fecha de publicación": publication}, office_days(today),
                       campaign_end=end, started=publication)
    if today > published:
        draw = rng.random()
        if (today - published).days > RECENT_DAYS:
            draw = 1.0  # closed long ago
        if modality == INDEPENDENT and draw < 0.04:
            return rng.choice(path[:3]), True
        return (PUBLICATION if draw < 0.12 or not closed else CLOSURE), False
    if today >= publication:
        return PUBLICATION, False
    progress = (today - requested).days / max(1, (publication - requested).days)
    return path[bisect_right(PROGRESS_CUTS[modality], progress)], False


def _plan(
    rng: random.Random,
    modality: str,
    strategy: Row | None,
    requested: date,
    publication: date,
    end: date,
    stage: str,
    stale: bool = False,
) -> Plan:
    reached = rng.randrange(5) if stage == CANCELLED else path_of(modality).index(stage)
    return Plan(modality, strategy, requested, publication, end, stage, reached, stale)


def request_plans(rng: random.Random, count: int, strategies: list[Row], today: date) -> list[Plan]:
    """One request per campaign (Estrategia integral), the rest stand-alone posts; then every stage is
    made present when there are closed requests to spare."""
    plans = []
    for index, strategy in enumerate(strategies[:count]):
        lead = 14 if index == 0 else _lead(rng)  # the planned campaign stands in "Estrategia digital"
        publication, end = strategy["Inicio"], strategy["Fin"]
        requested = min(publication - timedelta(days=lead), today)
        stage, _ = _timeline_stage(
            rng, INTEGRAL, requested, publication, end, today, strategy["Estado"] == "Cerrada"
        )
        plans.append(_plan(rng, INTEGRAL, strategy, requested, publication, end, stage))
    for _ in range(count - len(plans)):
        requested = today - timedelta(days=rng.randint(0, SPAN_DAYS - 1))
        publication = requested + timedelta(days=_lead(rng))
        if rng.random() < 0.04:
            stage, stale = CANCELLED, False
        else:
            stage, stale = _timeline_stage(rng, INDEPENDENT, requested, publication, publication, today, True)
        plans.append(_plan(rng, INDEPENDENT, None, requested, publication, publication, stage, stale))
    _cover_every_stage(rng, plans, today)
    return plans


def _cover_every_stage(rng: random.Random, plans: list[Plan], today: date) -> None:
    """Turn spare closed stand-alone requests into recent ones standing at each missing stage."""
    present = {plan.stage for plan in plans}
    spare = [i for i, plan in enumerate(plans) if plan.modality == INDEPENDENT and plan.stage == CLOSURE]
    cuts = (0.0, *PROGRESS_CUTS[INDEPENDENT], 1.0)
    for stage in (*INDEPENDENT_PATH[:-1], CANCELLED):
        if stage in present or len(spare) < 2:
            continue
        if stage in (PUBLICATION, CANCELLED):
            requested, publication = today - timedelta(days=12), today
        else:  # the middle of the stage's share of a 14-day lead time
            position = INDEPENDENT_PATH.index(stage)
            requested = today - timedelta(days=round((cuts[position] + cuts[position + 1]) / 2 * 14))
            publication = requested + timedelta(days=14)
        plans[spare.pop()] = _plan(rng, INDEPENDENT, None, requested, publication, publication, stage)
