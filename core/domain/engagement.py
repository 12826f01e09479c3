"""Engagement as docs/domain.md («Metrics») defines it, in one place: interactions over reach, with the base it used.

Interacciones is the platform's own total when the row has it; otherwise it is the sum of the parts the
platform counts (X has no parts: its `engagements` is the total). The base is Alcance; where a platform
gives no reach, X uses Impresiones and every other network Reproducciones (YouTube's "Impressions" are
thumbnail impressions and mean nothing here). A post with no usable base has no rate, never a zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

REACH, IMPRESSIONS, VIEWS = "Alcance", "Impresiones", "Reproducciones"

# The parts each platform adds up to its interactions (docs/domain.md, «Metrics»).
PARTS = {
    "Facebook": ("Reacciones", "Comentarios", "Compartidos", "Clics"),
    "Instagram": ("Reacciones", "Comentarios", "Compartidos", "Guardados"),
    "YouTube": ("Reacciones", "Comentarios", "Compartidos"),
    "TikTok": ("Reacciones", "Comentarios", "Compartidos"),
}
DEFAULT_PARTS = ("Reacciones", "Comentarios", "Compartidos")
ALL_PARTS = ("Reacciones", "Comentarios", "Compartidos", "Guardados", "Clics")

# Spanish names of the bases, as shown next to a rate ("4,5 % sobre alcance").
BASE_LABEL = {REACH: "alcance", IMPRESSIONS: "impresiones", VIEWS: "reproducciones"}


def fallback_base(network: str) -> str:
    """The column a network's rate falls back to when the post has no reach."""
    return IMPRESSIONS if network == "X" else VIEWS


def interactions(post: Mapping[str, Any]) -> int | None:
    """A post's interactions: the stored total, else the sum of its platform's parts (None if none)."""
    total = _number(post.get("Interacciones"))
    if total is not None:
        return total
    parts = [_number(post.get(name)) for name in PARTS.get(post.get("Red") or "", DEFAULT_PARTS)]
    known = [part for part in parts if part is not None]
    return sum(known) if known else None


def engagement(post: Mapping[str, Any]) -> tuple[float | None, str | None]:
    """(rate as a fraction, base column) of one post; (None, None) when it cannot be computed."""
    count = interactions(post)
    if count is None:
        return None, None
    for base in (REACH, fallback_base(post.get("Red") or "")):
        value = _number(post.get(base))
        if value:
            return count / value, base
    return None, None


def engagement_frame(posts: pd.DataFrame) -> pd.DataFrame:
    """Vectorised `engagement` for a Publicaciones table: columns interacciones, base, engagement."""
    total = _ints(posts, "Interacciones")
    summed = pd.Series(np.nan, index=posts.index)
    networks = posts["Red"].astype(object) if "Red" in posts else pd.Series("", index=posts.index)
    for network, names in (*PARTS.items(), (None, DEFAULT_PARTS)):
        mask = networks.isin(PARTS) == False if network is None else networks == network  # noqa: E712
        if not mask.any():
            continue
        parts = pd.concat([_ints(posts, name)[mask] for name in names], axis=1)
        summed[mask] = parts.sum(axis=1, min_count=1)
    count = total.fillna(summed)
    reach = _ints(posts, REACH).where(lambda s: s > 0)
    fallback = _ints(posts, IMPRESSIONS).where(networks == "X", _ints(posts, VIEWS)).where(lambda s: s > 0)
    base_value = reach.fillna(fallback)
    base_name = pd.Series(
        np.where(reach.notna(), REACH, np.where(networks == "X", IMPRESSIONS, VIEWS)), index=posts.index
    ).where(base_value.notna() & count.notna())
    return pd.DataFrame(
        {"interacciones": count, "base": base_name, "engagement": (count / base_value).where(base_name.notna())},
        index=posts.index,
    )


def _ints(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame:
        return pd.Series(np.nan, index=frame.index, dtype=float)
    return pd.to_numeric(frame[name], errors="coerce").astype(float)


def _number(value: Any) -> int | None:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return int(value)
