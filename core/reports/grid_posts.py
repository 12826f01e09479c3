"""One post as the grid's files show it (`Post`, read from `select_posts`' rows), and the signature every file
carries: the entity's and the office's names as Ajustes holds them."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from core.reports.grid_select import AREA_COLUMN, CAMPAIGN_COLUMN, CAMPAIGN_NAME_COLUMN, REQUEST_TITLE_COLUMN, in_bogota
from core.reports.model import Header
from core.sheet.cells import is_empty

UID_DOMAIN = "divulga.dadep"  # fixed, whatever Ajustes names: a re-imported file must keep its events' UIDs


def signature(header: Header) -> str:
    """Who publishes the grid, as every file names it: «<entidad> — <área>» from Ajustes."""
    return f"{header.entity} — {header.area}"


def calendar_name(header: Header, title: str) -> str:
    """The calendar's name: the entity's short name (the acronym its name ends with in brackets, «… (DADEP)»;
    else the whole name) and the grid's title."""
    acronym = re.search(r"\(([^()]+)\)\s*$", header.entity)
    return f"{acronym.group(1).strip() if acronym else header.entity} · {title}"


@dataclass(frozen=True)
class Post:
    id: str
    at: datetime  # Bogotá
    network: str
    post_format: str
    copy: str
    link: str
    state: str
    request: str
    request_title: str
    campaign: str
    campaign_name: str
    area: str
    updated: datetime | None

    def uid(self) -> str:
        """Stable per post, so importing the file again updates its events instead of repeating them. A
        row without an ID gets one from its natural key (Red, Enlace) or (Red, Programada, Copy)."""
        if self.id:
            return f"{self.id}@{UID_DOMAIN}"
        key = "\x1f".join((self.network, self.link) if self.link else (self.network, self.at.isoformat(), self.copy))
        return f"sin-id-{hashlib.sha1(key.encode()).hexdigest()[:16]}@{UID_DOMAIN}"


def _text(row: Mapping[str, Any], column: str) -> str:
    value = row.get(column)
    return "" if is_empty(value) else str(value).strip()


def posts_of(posts: pd.DataFrame) -> Iterator[Post]:
    frame = posts.copy()
    frame["Programada"] = in_bogota(frame["Programada"])
    for row in frame.to_dict("records"):
        if is_empty(row.get("Programada")):
            continue
        updated = row.get("Actualizado")
        yield Post(
            id=_text(row, "ID"), at=row["Programada"].to_pydatetime(), network=_text(row, "Red"),
            post_format=_text(row, "Formato"), copy="" if is_empty(row.get("Copy")) else str(row["Copy"]),
            link=_text(row, "Enlace"), state=_text(row, "Estado"), request=_text(row, "Solicitud"),
            request_title=_text(row, REQUEST_TITLE_COLUMN),
            campaign=_text(row, CAMPAIGN_COLUMN) or _text(row, "Estrategia"),
            campaign_name=_text(row, CAMPAIGN_NAME_COLUMN), area=_text(row, AREA_COLUMN),
            updated=None if is_empty(updated) else pd.Timestamp(updated).to_pydatetime())


def first_words(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] if " " in flat[:limit] else flat[:limit]
    return cut.rstrip(" ,.;:") + "…"
