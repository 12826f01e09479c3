"""The publication grid as a deliverable: the "carpeta de publicación con archivos y parrilla" that the
office shares with an area and partner entities, for a campaign, an area or a date range.

One selection (`select_posts`) feeds three files: an Excel workbook and a PDF to read, and an iCalendar
file to import into Google Calendar or Outlook. All three leave cancelled posts out by default (the grid is
what will be or was published; a cancelled post is noise to a partner), so they list the same posts; the
workbook and the PDF show any post they are given, with its state, and the calendar never holds a cancelled
one. Every file is signed with the entity's and the office's names as Ajustes holds them («Nombre de la
entidad», «Área»: the reports' `Header`, core/reports/common.py). Pure functions of the snapshot's tables:
no storage, and the clock only when no `now`/`made_at` is given (the stamp of the file, never what it
selects).
"""


from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from core.fmt import fmt_date
from core.reports.common import header_of
from core.reports.grid_ics import EVENT_MINUTES, grid_ics
from core.reports.grid_pdf import PDF_COPY_CHARS, grid_pdf
from core.reports.grid_posts import UID_DOMAIN, calendar_name, signature
from core.reports.grid_select import (
    AREA,
    CAMPAIGN,
    CAMPAIGN_NAME,
    CANCELLED,
    REQUEST_TITLE,
    area_as_written,
    known_area,
    known_areas,
    known_campaign,
    lookup,
    select_posts,
    texts_of,
)
from core.reports.grid_xlsx import FILTERS_SHEET, GRID_HEADERS, GRID_SHEET, grid_xlsx
from core.settings import settings_of
from core.sheet.cells import BOGOTA, is_empty

# What the grid's callers have always imported from here, wherever it lives now.
__all__ = [
    "AREA", "CAMPAIGN", "CAMPAIGN_NAME", "CANCELLED", "EVENT_MINUTES", "FILTERS_SHEET", "FORMATS", "GRID_HEADERS",
    "GRID_SHEET", "MIME", "PDF_COPY_CHARS", "REQUEST_TITLE", "TITLE", "UID_DOMAIN", "GridFile", "calendar_name",
    "describe_filters", "export_grid", "file_name", "grid_ics", "grid_pdf", "grid_title", "grid_xlsx", "known_area",
    "known_areas", "known_campaign", "select_posts", "signature",
]

TITLE = "Parrilla de publicación"
FORMATS = ("xlsx", "pdf", "ics")
MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "ics": "text/calendar",
}


def describe_filters(tables: Mapping[str, pd.DataFrame] | None = None, desde: date | None = None,
                     hasta: date | None = None, estrategia: str | None = None, area: str | None = None) -> str:
    """The filters in one Spanish line, e.g. «Del 01/12/2026 al 31/12/2026 · Estrategia: Nombre (EST-…)»."""
    parts = []
    if desde and hasta:
        parts.append(f"Del {fmt_date(desde)} al {fmt_date(hasta)}")
    elif desde:
        parts.append(f"Desde el {fmt_date(desde)}")
    elif hasta:
        parts.append(f"Hasta el {fmt_date(hasta)}")
    else:
        parts.append("Todas las fechas")
    if not is_empty(estrategia):
        wanted = str(estrategia).strip()
        name = lookup(tables.get("Estrategias"), "Nombre").get(wanted, "") if tables else ""
        parts.append(f"Estrategia: {name} ({wanted})" if name else f"Estrategia: {wanted}")
    if not is_empty(area):
        parts.append(f"Área: {area_as_written(tables, area)}")
    return " · ".join(parts)


def grid_title(tables: Mapping[str, pd.DataFrame] | None = None, estrategia: str | None = None,
               area: str | None = None) -> str:
    """«Parrilla de publicación», with the campaign's name or the area when the grid is for one."""
    if not is_empty(estrategia):
        wanted = str(estrategia).strip()
        name = lookup(tables.get("Estrategias"), "Nombre").get(wanted, "") if tables else ""
        return f"{TITLE} — {name or wanted}"
    if not is_empty(area):
        return f"{TITLE} — {area_as_written(tables, area)}"
    return TITLE


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:60]


def file_name(formato: str, desde: date | None = None, hasta: date | None = None, estrategia: str | None = None,
              area: str | None = None) -> str:
    """A download name, e.g. `parrilla_2026-12-01_2026-12-31.xlsx` or `parrilla_est-20261201-ab12.ics`."""
    parts = ["parrilla"]
    if not is_empty(estrategia):
        parts.append(_slug(str(estrategia)))
    if not is_empty(area):
        parts.append(_slug(str(area)))
    if desde and hasta:
        parts += [desde.isoformat(), hasta.isoformat()]
    elif desde:
        parts.append(f"desde-{desde.isoformat()}")
    elif hasta:
        parts.append(f"hasta-{hasta.isoformat()}")
    return "_".join(part for part in parts if part) + f".{formato}"


@dataclass(frozen=True)
class GridFile:
    """One grid file, ready for a download button or a disk."""

    data: bytes
    file_name: str
    mime: str
    posts: int  # posts in the file
    cancelled_left_out: int  # cancelled posts of the selection, not in the file
    title: str
    filters_text: str


def export_grid(tables: Mapping[str, pd.DataFrame], formato: str, desde: date | None = None,
                hasta: date | None = None, estrategia: str | None = None, area: str | None = None,
                now: datetime | None = None) -> GridFile:
    """Select the posts and build the file in one call, signed with the entity and office of the tables'
    Ajustes: `formato` is xlsx, pdf or ics."""
    if formato not in FORMATS:
        raise ValueError(f"formato desconocido: {formato}")
    now = (now or datetime.now(BOGOTA)).astimezone(BOGOTA)
    everything = select_posts(tables, desde, hasta, estrategia, area, with_cancelled=True)
    cancelled = texts_of(everything, "Estado") == CANCELLED
    posts = everything[~cancelled]
    title = grid_title(tables, estrategia, area)
    filters_text = describe_filters(tables, desde, hasta, estrategia, area)
    header = header_of(settings_of(tables))
    if formato == "xlsx":
        data = grid_xlsx(posts, title, header, filters_text, now)
    elif formato == "pdf":
        data = grid_pdf(posts, title, header, filters_text, now)
    else:
        data = grid_ics(posts, title, header, now)
    return GridFile(data, file_name(formato, desde, hasta, estrategia, area), MIME[formato], len(posts),
                    int(cancelled.sum()), title, filters_text)
