"""The Métricas page's list of recent posts, shaped without Streamlit: the posts published lately, newest
first, whose figures can be typed by hand. Pure functions, tested without a browser."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from core.domain.engagement import engagement_frame
from core.fmt import fmt_date, fmt_datetime, fmt_pct
from core.sheet.contract import PUBLISHED

RECENT_DAYS = 90
COPY_SHOWN = 60


def recent_posts(posts: pd.DataFrame, today: date, days: int = RECENT_DAYS) -> tuple[pd.DataFrame, list[str]]:
    """The posts published in the `days` days up to `today`, newest first, as the table shows them, and their
    IDs (rows typed without an ID cannot open and are left out)."""
    recent = posts[(posts["Estado"] == PUBLISHED) & posts["ID"].notna()
                   & (posts["Publicada"].dt.date >= today - timedelta(days=days))].sort_values(
        "Publicada", ascending=False)
    rates = engagement_frame(recent)["engagement"]
    copies = recent["Copy"].fillna("").astype(str).str.split().str.join(" ")
    shown = pd.DataFrame({
        "Publicada": [fmt_datetime(moment) for moment in recent["Publicada"]],
        "Red": recent["Red"].astype(str),
        "Copy": [text if len(text) <= COPY_SHOWN else text[:COPY_SHOWN - 1] + "…" for text in copies],
        "Engagement": [fmt_pct(rate) or "—" for rate in rates],
        "Métricas al": [fmt_date(day) for day in recent["Métricas al"]],
        "ID": recent["ID"].astype(str),
    })
    return shown, list(shown["ID"])
