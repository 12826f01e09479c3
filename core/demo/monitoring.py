"""Monitoreo: the daily review of each network, counting the day's messages and whether it had a post."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta

from core.demo.data import CMS, MONITORING_GAPS, NETWORKS, SPAN_DAYS, Row
from core.demo.dates import at
from core.demo.texts import MONITORING_NOTES


def monitoring_slots(rng: random.Random, today: date) -> list[tuple[date, str]]:
    """(Fecha, Red) reviewed, most recent first: every network every day, with days and networks missed."""
    slots = []
    for back in range(SPAN_DAYS):
        if rng.random() < 0.05:
            continue
        day = today - timedelta(days=back)
        slots += [(day, network) for network in NETWORKS if rng.random() >= MONITORING_GAPS[network]]
    return slots


def monitoring_rows(
    rng: random.Random, slots: list[tuple[date, str]], messages: list[Row], posts: list[Row], now: datetime
) -> list[Row]:
    """The daily review of each network: the day's new messages, those left pending, and whether the
    network had a post that day."""
    received = Counter((row["Recibido"].date(), row["Red"]) for row in messages)
    posted = {(row["Publicada"].date(), row["Red"]) for row in posts if row["Estado"] == "Publicada"}
    rows = []
    for day, network in sorted(slots, key=lambda slot: (slot[0], NETWORKS.index(slot[1]))):
        week, weekend = day.isocalendar()[1], day.weekday() >= 5
        hour = rng.randint(7, 10) if rng.random() < 0.8 else rng.randint(14, 17)
        new = received.get((day, network), 0)
        published = (day, network) in posted
        row: Row = {
            "Fecha": day,
            "Red": network,
            "Revisado por": CMS[(week + weekend) % 2].name,
            "Hora": min(at(day, hour, rng.randint(0, 59)), now - timedelta(minutes=rng.randint(5, 120))),
            "Mensajes nuevos": new,
            "Pendientes": rng.randint(0, new) if new and rng.random() < 0.3 else 0,
            "Se publicó": published,
        }
        if not published and rng.random() < 0.3:
            row["Observaciones"] = "Sin publicación del día en esta red."
        elif rng.random() < 0.05:
            row["Observaciones"] = rng.choice(MONITORING_NOTES)
        rows.append(row)
    return rows
