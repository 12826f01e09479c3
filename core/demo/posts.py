"""Publicaciones: three quarters of the posts come from requests (on the request's networks, on its
publication day or within its campaign); the rest are live coverage, district replicas and current events.
Published posts carry their links and figures, which the requests' evidence and the campaigns' analyses
then use."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import NamedTuple

from core.demo.data import (
    AHEAD_DAYS,
    CLOSURE,
    CMS,
    FORMAT_PRODUCTS,
    FORMATS,
    INTEGRAL,
    NOW_TIME,
    ORIGIN_SHARE,
    POST_HOURS,
    PUBLICATION,
    QUARTERS,
    SPAN_DAYS,
    STAGES,
    Row,
)
from core.demo.dates import at
from core.demo.post_values import post_copy, post_link, post_metrics
from core.demo.randomness import Weighted
from core.demo.request_rows import Request
from core.demo.strategies import CampaignStats
from core.demo.texts import ORIGIN_BODIES, TOPICS
from core.demo.values import NETWORK_PICK, record_id
from core.sheet.contract import CANCELLED


class PostSource(NamedTuple):
    """What a request gives its posts: its networks, its days and its topic's texts."""

    request_id: str
    strategy_id: str | None
    networks: list[str]
    first_day: date
    spread: int  # a campaign's posts fall within `spread` days of its start; a stand-alone post's on its day
    bodies: tuple[str, ...]
    cancelled: bool


def post_sources(requests: list[Request], today: date) -> list[tuple[PostSource, float]]:
    """Requests whose posts are in the grid (being adjusted or approved, published, closed, or cancelled
    after scheduling), weighted by how many posts they get: campaigns more, cancelled ones fewer."""
    sources = []
    for request in requests:
        plan, row = request.plan, request.row
        if plan.stale or plan.stage not in (STAGES[4], STAGES[5], PUBLICATION, CLOSURE, CANCELLED):
            continue
        integral = plan.modality == INTEGRAL
        spread = (
            max(0, (min(plan.end, today + timedelta(days=AHEAD_DAYS)) - plan.publication).days)
            if integral
            else 0
        )
        source = PostSource(
            row["ID"],
            row.get("Estrategia"),
            row["Redes"],
            plan.publication,
            spread,
            TOPICS[request.topic].bodies,
            plan.stage == CANCELLED,
        )
        sources.append(
            (source, len(row["Redes"]) * (3 if integral else 1) * (0.3 if source.cancelled else 1))
        )
    return sources


_FORMAT_PICKS = {network: Weighted(formats) for network, formats in FORMATS.items()}
_HOUR_PICK = Weighted(POST_HOURS)
_ORIGIN_PICK = Weighted(ORIGIN_SHARE)


class PostsResult(NamedTuple):
    rows: list[Row]
    links: dict[str, list[tuple[date, str]]]  # request ID -> (day, link) of its published posts
    campaigns: dict[str, CampaignStats]  # strategy ID -> what its posts added up to


class _Grid(NamedTuple):
    """What every post of a run shares: the draws, the days, what no two posts may repeat, and the result."""

    rng: random.Random
    today: date
    now: datetime
    first_day: date
    days: list[date]
    ids: set[str]
    links: set[str]
    unlinked: set[tuple[str, datetime, str]]  # (Red, Programada, Copy) of the posts without a link
    result: PostsResult


def post_rows(
    rng: random.Random, count: int, requests: list[Request], today: date, now: datetime
) -> PostsResult:
    """`count` posts over the two years and the three weeks ahead."""
    first_day = today - timedelta(days=SPAN_DAYS - 1)
    days = [first_day + timedelta(days=offset) for offset in range(SPAN_DAYS + 2 * AHEAD_DAYS)]
    sources = post_sources(requests, today)
    source_pick = Weighted(sources) if sources else None
    grid = _Grid(rng, today, now, first_day, days, set(), set(), set(), PostsResult([], {}, {}))
    for _ in range(count):
        origin = _ORIGIN_PICK.pick(rng)
        source = source_pick.pick(rng) if origin == "Solicitud" and source_pick else None
        grid.result.rows.append(_post(grid, origin, source))
    return grid.result


def _post(grid: _Grid, origin: str, source: PostSource | None) -> Row:
    rng = grid.rng
    if source is not None:
        network, template, day = _requested_day(rng, source)
    else:
        origin = "Cubrimiento" if origin == "Solicitud" else origin
        network, template = NETWORK_PICK.pick(rng), rng.choice(ORIGIN_BODIES[origin])[1]
        day = _unplanned_day(rng, origin, grid.days)
    form = _FORMAT_PICKS[network].pick(rng)
    scheduled = _scheduled(rng, origin, day, grid.today)
    state = _state(rng, source, scheduled, grid.today)
    copy = post_copy(rng, network, form, template)
    row: Row = {
        "Origen": origin,
        "Red": network,
        "Formato": form,
        "Producto": rng.choice(FORMAT_PRODUCTS[form]),
        "Copy": copy,
        "Estado": state,
    }
    if source is not None:
        row["Solicitud"] = source.request_id
        if source.strategy_id:
            row["Estrategia"] = source.strategy_id
    if state == "Publicada":
        updated = _publish(grid, row, source, scheduled)
    else:  # no link yet: (Red, Programada, Copy) is the natural key, so no two may share it
        while (network, scheduled, copy) in grid.unlinked:
            scheduled += timedelta(minutes=1)
        grid.unlinked.add((network, scheduled, copy))
        updated = min(scheduled - timedelta(days=rng.randint(1, 5)), grid.now)  # when it entered the grid
    row["ID"] = record_id("PUB", day, rng, grid.ids)
    row["Programada"] = scheduled
    row["Actualizado"], row["Actualizado por"] = updated, rng.choice(CMS).name
    return row


def _requested_day(rng: random.Random, source: PostSource) -> tuple[str, str, date]:
    """(network, text template, day) of a post a request asked for."""
    network, template = rng.choice(source.networks), rng.choice(source.bodies)
    if source.strategy_id:
        offset = rng.randint(0, source.spread)
    else:
        offset = 0 if rng.random() < 0.8 else rng.randint(1, 3)  # some follow-up posts
    return network, template, source.first_day + timedelta(days=offset)


def _unplanned_day(rng: random.Random, origin: str, days: list[date]) -> date:
    """Any day of the two years (district replicas also ahead), half as many on weekends."""
    last = SPAN_DAYS + (AHEAD_DAYS if origin == "Réplica distrital" else 0) - 1
    day = days[rng.randint(0, last)]
    if day.weekday() >= 5 and rng.random() < 0.5:
        day = days[rng.randint(0, last)]
    return day


def _scheduled(rng: random.Random, origin: str, day: date, today: date) -> datetime:
    if origin in ("Cubrimiento", "Coyuntura"):  # unplanned: they happen, they are not scheduled ahead
        hour, minute = rng.randint(8, 17), rng.randint(0, 59)
        if day == today:
            hour = min(hour, NOW_TIME.hour - 1)
    else:
        hour, minute = _HOUR_PICK.pick(rng), rng.choice(QUARTERS)
    return at(day, hour, minute)


def _state(rng: random.Random, source: PostSource | None, scheduled: datetime, today: date) -> str:
    day = scheduled.date()
    if source is not None and source.cancelled:
        return "Cancelada"
    if day > today or (day == today and scheduled.hour >= NOW_TIME.hour):
        return "Programada"
    return "Cancelada" if rng.random() < 0.03 else "Publicada"


def _publish(grid: _Grid, row: Row, source: PostSource | None, scheduled: datetime) -> datetime:
    """A published post's moment, link and figures (taken days later); returns when its row was last
    updated. Its request and campaign keep the link and the figures."""
    rng, network, form, day = grid.rng, row["Red"], row["Formato"], scheduled.date()
    delay = rng.randint(20, 150) if rng.random() < 0.08 else rng.randint(0, 10)  # minutes
    published = scheduled + timedelta(minutes=delay)
    if day == grid.today:
        published = min(published, grid.now)
    link, network_id = post_link(rng, network, form, published)
    while link in grid.links:
        link, network_id = post_link(rng, network, form, published)
    grid.links.add(link)
    row["Publicada"], row["Enlace"], row["ID en la red"] = published, link, network_id
    updated = published
    if day < grid.today:
        metrics = post_metrics(rng, network, form, day, published.hour, grid.first_day, grid.today)
        row.update(metrics)
        updated = min(published + (metrics["Métricas al"] - day), grid.now)  # figures taken days later
        if source is not None and source.strategy_id:
            grid.result.campaigns.setdefault(source.strategy_id, CampaignStats()).add(network, metrics)
    if source is not None:
        grid.result.links.setdefault(source.request_id, []).append((day, link))
    return updated
