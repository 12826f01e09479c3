"""Every indicator of a period at once (`compute`), and the two that need Historial apart (`history_figures`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from core.domain.pqrs import handoff_days
from core.domain.status import Status
from core.gc_pause import cyclic_gc_paused
from core.kpis.filters import Filters
from core.kpis.growth import community_growth, growth_per_account
from core.kpis.history import adjustment_rounds, stage_moves
from core.kpis.messages import DIMENSIONS, message_funnel, message_steps, received_messages
from core.kpis.periods import Period
from core.kpis.posts import over_time, per_network, per_origin, published_posts, top_posts
from core.kpis.requests import filtered_requests, received_requests, requests_per_stage
from core.kpis.stages import on_time_per_stage, stage_instances
from core.kpis.terms import running_terms, terms_summary


@dataclass(frozen=True)
class Kpis:
    """Every figure of the page for one period and filters (see `core.kpis` for each reading)."""

    period: Period
    filters: Filters
    as_of: date
    networks: pd.DataFrame  # per_network
    over_time: pd.DataFrame
    origins: pd.DataFrame  # per_origin
    top_posts: pd.DataFrame
    requests: int  # received in the period
    stages: pd.DataFrame  # requests_per_stage
    on_time: pd.DataFrame | None  # on_time_per_stage; None when Historial was not read
    rounds: pd.DataFrame | None  # adjustment_rounds; None when Historial was not read
    messages: pd.DataFrame  # message_funnel, one «Total» row
    messages_by: dict[str, pd.DataFrame]  # message_funnel per DIMENSIONS label
    terms: pd.DataFrame  # terms_summary
    running_out: pd.DataFrame  # the «por vencer» rows of running_terms
    overdue_terms: int
    growth: pd.DataFrame  # community_growth
    accounts: pd.DataFrame  # growth_per_account

    @property
    def posts(self) -> int:
        return int(self.networks["Publicaciones"].sum()) if len(self.networks) else 0


def compute(tables: Mapping[str, pd.DataFrame], period: Period, filters: Filters, today: date,
            history: pd.DataFrame | None = None, now: Status | None = None) -> Kpis:
    """All the indicators of a period; `history` (Historial's frame) adds on time per stage and adjustment
    rounds, which cannot be known without it; `now` is the register's status on the period's last day
    (`period.as_of(today)`), when the caller has it."""
    with cyclic_gc_paused():
        return _compute(tables, period, filters, today, history, now)


def _compute(tables: Mapping[str, pd.DataFrame], period: Period, filters: Filters, today: date,
             history: pd.DataFrame | None, now: Status | None) -> Kpis:
    as_of = period.as_of(today)
    posts = published_posts(tables, period, filters)
    requests = received_requests(tables, period, filters)
    on_time, rounds = (None, None) if history is None else history_figures(tables, period, filters, today, history)
    messages = received_messages(tables, period, filters)
    calendar = handoff_days(tables)
    steps = message_steps(messages, calendar)
    terms = running_terms(tables, as_of, filters, now)
    return Kpis(
        period=period, filters=filters, as_of=as_of,
        networks=per_network(posts), over_time=over_time(posts, period, as_of), origins=per_origin(posts),
        top_posts=top_posts(posts), requests=len(requests), stages=requests_per_stage(requests),
        on_time=on_time, rounds=rounds,
        messages=message_funnel(messages, calendar, steps=steps),
        messages_by={label: message_funnel(messages, calendar, label, steps) for label in DIMENSIONS},
        terms=terms_summary(terms), running_out=terms[terms["Estado"] == "por vencer"].reset_index(drop=True),
        overdue_terms=int((terms["Estado"] == "vencido").sum()),
        growth=community_growth(tables, period, filters), accounts=growth_per_account(tables, period, filters),
    )


def history_figures(tables: Mapping[str, pd.DataFrame], period: Period, filters: Filters, today: date,
                    history: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two figures that need Historial: on time per stage and adjustment rounds (`Kpis.on_time`,
    `Kpis.rounds`), apart so that a page can add them without computing the rest again."""
    with cyclic_gc_paused():
        moves = stage_moves(history)
        instances = stage_instances(filtered_requests(tables, filters), moves, tables, period, period.as_of(today))
        return on_time_per_stage(instances), adjustment_rounds(received_requests(tables, period, filters), moves)
