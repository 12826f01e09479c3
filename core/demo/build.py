"""The whole demo register from one seed: how many rows each tab gets, and every tab built in the order its
links need (requests before their posts, posts before the requests' evidence and the campaigns' analyses,
messages before the monitoring and the accounts' figures that count them)."""

from __future__ import annotations

import random
from datetime import date, datetime

from core.demo.accounts import account_metric_rows, account_rows
from core.demo.data import ACCOUNTS, MIN_ROWS, NOW_TIME, STAFF
from core.demo.messages import message_rows
from core.demo.monitoring import monitoring_rows, monitoring_slots
from core.demo.posts import post_rows
from core.demo.randomness import DemoRandom
from core.demo.request_plans import request_plans
from core.demo.request_rows import attach_evidence, request_rows
from core.demo.small_tabs import list_rows, report_periods, report_rows, setting_rows, template_rows, user_rows
from core.demo.strategies import strategy_rows, write_analyses
from core.demo.texts import TEMPLATES, TOPIC_NAMES
from core.settings import SETTINGS
from core.sheet import contract
from core.sheet.cells import BOGOTA


def tab_counts(n: int, monitoring_available: int, reports_available: int) -> dict[str, int]:
    """Rows per tab adding up to exactly `n`: the small tabs first (capped at their natural size), then
    Publicaciones and Mensajes share the rest 45 : 33."""

    def share(fraction: float, cap: int | None = None) -> int:
        rows = max(1, round(n * fraction))
        return rows if cap is None else min(rows, cap)

    counts = {
        contract.ACCOUNTS_TAB.name: share(0.007, len(ACCOUNTS)),
        contract.TEMPLATES_TAB.name: share(0.006, len(TEMPLATES)),
        contract.USERS_TAB.name: share(0.008, len(STAFF)),
        contract.SETTINGS_TAB.name: min(len(SETTINGS), max(1, n // 100)),  # the contact data in full from 800 rows
        contract.LISTS_TAB.name: share(0.03, len(TOPIC_NAMES)),
        contract.REPORTS_SENT_TAB.name: share(0.006, reports_available),
        contract.MONITORING_TAB.name: share(0.035, monitoring_available),
        contract.CAMPAIGNS_TAB.name: share(0.01),
        contract.REQUESTS_TAB.name: share(0.09),
    }
    counts[contract.ACCOUNT_METRICS_TAB.name] = share(0.0168, counts[contract.ACCOUNTS_TAB.name] * 24)
    rest = n - sum(counts.values())
    counts[contract.POSTS_TAB.name] = round(rest * 45 / 78)
    counts[contract.MESSAGES_TAB.name] = rest - counts[contract.POSTS_TAB.name]
    return counts


def generate(n: int, seed: int, today: date) -> dict[str, list[dict[str, object]]]:
    """Realistic demo rows for every tab: n rows in all (Historial not counted and not generated)."""
    if n < MIN_ROWS:
        raise ValueError(f"Pida al menos {MIN_ROWS} filas de demostración (pidió {n}).")
    now = datetime.combine(today, NOW_TIME, BOGOTA)

    def rng_for(tab: contract.Tab) -> random.Random:  # one stream per tab: a tab's rows do not shift others'
        return DemoRandom(f"{seed}:{tab.name}")

    monitoring_rng = rng_for(contract.MONITORING_TAB)
    slots = monitoring_slots(monitoring_rng, today)
    periods = report_periods(today)
    counts = tab_counts(n, len(slots), len(periods))

    strategies = strategy_rows(rng_for(contract.CAMPAIGNS_TAB), counts[contract.CAMPAIGNS_TAB.name], today, now)
    requests_rng = rng_for(contract.REQUESTS_TAB)
    plans = request_plans(requests_rng, counts[contract.REQUESTS_TAB.name], strategies, today)
    requests = request_rows(requests_rng, plans, today, now)
    posts = post_rows(rng_for(contract.POSTS_TAB), counts[contract.POSTS_TAB.name], requests, today, now)
    attach_evidence(requests_rng, requests, posts.links)
    write_analyses(strategies, posts.campaigns)
    messages = message_rows(rng_for(contract.MESSAGES_TAB), counts[contract.MESSAGES_TAB.name], today, now)
    accounts_rng = rng_for(contract.ACCOUNTS_TAB)

    tabs = {
        contract.REQUESTS_TAB: sorted(
            (request.row for request in requests), key=lambda row: (row["Fecha de solicitud"], row["ID"])
        ),
        contract.CAMPAIGNS_TAB: sorted(strategies, key=lambda row: (row["Inicio"], row["ID"])),
        contract.POSTS_TAB: sorted(posts.rows, key=lambda row: (row["Programada"], row["ID"])),
        contract.MESSAGES_TAB: sorted(messages, key=lambda row: (row["Recibido"], row["ID"])),
        contract.MONITORING_TAB: monitoring_rows(
            monitoring_rng, slots[: counts[contract.MONITORING_TAB.name]], messages, posts.rows, now
        ),
        contract.ACCOUNTS_TAB: account_rows(accounts_rng, counts[contract.ACCOUNTS_TAB.name], today),
        contract.ACCOUNT_METRICS_TAB: account_metric_rows(
            accounts_rng, counts[contract.ACCOUNT_METRICS_TAB.name], counts[contract.ACCOUNTS_TAB.name], today, messages
        ),
        contract.TEMPLATES_TAB: template_rows(rng_for(contract.TEMPLATES_TAB), counts[contract.TEMPLATES_TAB.name],
                                              today),
        contract.REPORTS_SENT_TAB: report_rows(rng_for(contract.REPORTS_SENT_TAB),
                                               periods[: counts[contract.REPORTS_SENT_TAB.name]]),
        contract.LISTS_TAB: list_rows(counts[contract.LISTS_TAB.name], today),
        contract.USERS_TAB: user_rows(counts[contract.USERS_TAB.name]),
        contract.SETTINGS_TAB: setting_rows(counts[contract.SETTINGS_TAB.name]),
    }
    return {tab.name: rows for tab, rows in tabs.items()}
