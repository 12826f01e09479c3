"""Daily monitoring of the networks (`Monitoreo`): which active networks were not checked on a monitoring
day, and which went a day without a post ("actualizadas en contenido").

Monitoring days are every calendar day, or business days when the leader's setting says so (`Días de
monitoreo`). The active networks are those with an active account in `Cuentas` (every network when the
inventory is empty). A check is a `Monitoreo` row of that day and network; a monitoring day's missing
checks are also what `pendientes` and Hoy list (`unchecked_networks`). Pure functions of the snapshot's
tables and dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from core.domain.business_days import BusinessDays
from core.sheet.contract import ACTIVE, NETWORK_CHOICES, PUBLISHED

NOT_CHECKED, NO_POST = "sin revisión", "sin publicación"


@dataclass(frozen=True)
class Gap:
    day: date
    network: str
    kind: str  # NOT_CHECKED or NO_POST

    def __str__(self) -> str:
        what = "nadie registró la revisión" if self.kind == NOT_CHECKED else "no se publicó nada"
        return f"{self.day:%d/%m/%Y} · {self.network}: {what}"


def active_networks(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    accounts = tables["Cuentas"]
    if accounts.empty:
        return list(NETWORK_CHOICES.values)
    active = accounts[accounts["Estado"].fillna(ACTIVE) == ACTIVE]["Red"]
    return [network for network in dict.fromkeys(active) if isinstance(network, str)]


def _days(first: date, last: date, calendar: BusinessDays) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)
            if calendar.is_open(first + timedelta(days=i))]


def _checked(tables: Mapping[str, pd.DataFrame]) -> set[tuple[date, str]]:
    """The (day, network) pairs with a check in `Monitoreo`."""
    checks = tables["Monitoreo"]
    return set(zip(pd.to_datetime(checks["Fecha"]).dt.date, checks["Red"])) if len(checks) else set()


def unchecked_networks(tables: Mapping[str, pd.DataFrame], day: date, calendar: BusinessDays) -> list[str]:
    """The active networks without a check on `day`, in `active_networks` order; none when `day` is not a
    monitoring day of `calendar`."""
    if not calendar.is_open(day):
        return []
    checked = _checked(tables)
    return [network for network in active_networks(tables) if (day, network) not in checked]


def gaps(tables: Mapping[str, pd.DataFrame], first: date, last: date, calendar: BusinessDays) -> list[Gap]:
    """Every (day, active network) without a check, and without a published post, by day then network."""
    networks = active_networks(tables)
    checked = _checked(tables)
    posts = tables["Publicaciones"]
    published = posts[posts["Estado"] == PUBLISHED]
    posted = set(zip(published["Publicada"].dt.tz_convert("America/Bogota").dt.date, published["Red"])) \
        if len(published) else set()
    found = []
    for day in _days(first, last, calendar):
        for network in networks:
            if (day, network) not in checked:
                found.append(Gap(day, network, NOT_CHECKED))
            if (day, network) not in posted:
                found.append(Gap(day, network, NO_POST))
    return found


def recent_gaps(tables: Mapping[str, pd.DataFrame], today: date, days_back: int,
                calendar: BusinessDays) -> tuple[list[Gap], list[Gap]]:
    """The gaps of the last `days_back` days up to `today` (both counted): those without a check, and those
    without a post."""
    found = gaps(tables, today - timedelta(days=days_back - 1), today, calendar)
    return [gap for gap in found if gap.kind == NOT_CHECKED], [gap for gap in found if gap.kind != NOT_CHECKED]


def monitoring_days(business: bool) -> BusinessDays:
    """The calendar of monitoring days: every day, or business days (Colombian holidays off)."""
    return BusinessDays(business=business)
