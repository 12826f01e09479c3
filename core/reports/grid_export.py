"""The publication grid as a deliverable: the "carpeta de publicación con archivos y parrilla" that the
office shares with an area and partner entities, for a campaign, an area or a date range.

One selection (`select_posts`) feeds three files: an Excel workbook and a PDF to read, and an iCalendar
file to import into Google Calendar or Outlook. All three leave cancelled posts out by default (the grid is
what will be or was published; a cancelled post is noise to a partner), so they list the same posts; the
workbook and the PDF show any post they are given, with its state, and the calendar never holds a cancelled
one. Every file is signed with the entity's and the office's names as Ajustes holds them («Nombre de la
entidad», «Área»: the reports' `Header`, core/reports/model.py). Pure functions of the snapshot's tables:
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
from core.reports.grid_ics import grid_ics
from core.reports.grid_pdf import grid_pdf
from core.reports.grid_select import (
    CANCELLED,
    area_as_written,
    lookup,
    select_posts,
    texts_of,
)
from core.reports.grid_xlsx import grid_xlsx
from core.reports.model import header_of
from core.settings import settings_of
from core.sheet.cells import BOGOTA, is_empty

TITLE = "Parrilla de publicación"
FORMATS = ("xlsx", "pdf", "ics")
MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "ics": "text/calendar",
}


def describe_filters(tables: Mapping[str, pd.DataFrame] | None = None, since: date | None = None,
                     until: date | None = None, campaign_id: str | None = None, area: str | None = None) -> str:
    """The filters in one Spanish line, e.g. «Del 01/12/2026 al 31/12/2026 · Estrategia: Nombre (EST-…)»."""
    parts = []
    if since and until:
        parts.append(f"Del {fmt_date(since)} al {fmt_date(until)}")
    elif since:
        parts.append(f"Desde el {fmt_date(since)}")
    elif until:
        parts.append(f"Hasta el {fmt_date(until)}")
    else:
        parts.append("Todas las fechas")
    if not is_empty(campaign_id):
        wanted = str(campaign_id).strip()
        name = lookup(tables.get("Estrategias"), "Nombre").get(wanted, "") if tables else ""
        parts.append(f"Estrategia: {name} ({wanted})" if name else f"Estrategia: {wanted}")
    if not is_empty(area):
        parts.append(f"Área: {area_as_written(tables, area)}")
    return " · ".join(parts)


def grid_title(tables: Mapping[str, pd.DataFrame] | None = None, campaign_id: str | None = None,
               area: str | None = None) -> str:
    """«Parrilla de publicación», with the campaign's name or the area when the grid is for one."""
    if not is_empty(campaign_id):
        wanted = str(campaign_id).strip()
        name = lookup(tables.get("Estrategias"), "Nombre").get(wanted, "") if tables else ""
        return f"{TITLE} — {name or wanted}"
    if not is_empty(area):
        return f"{TITLE} — {area_as_written(tables, area)}"
    return TITLE


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:60]


def file_name(file_format: str, since: date | None = None, until: date | None = None, campaign_id: str | None = None,
              area: str | None = None) -> str:
    """A download name, e.g. `parrilla_2026-12-01_2026-12-31.xlsx` or `parrilla_est-20261201-ab12.ics`."""
    parts = ["parrilla"]
    if not is_empty(campaign_id):
        parts.append(_slug(str(campaign_id)))
    if not is_empty(area):
        parts.append(_slug(str(area)))
    if since and until:
        parts += [since.isoformat(), until.isoformat()]
    elif since:
        parts.append(f"desde-{since.isoformat()}")
    elif until:
        parts.append(f"hasta-{until.isoformat()}")
    return "_".join(part for part in parts if part) + f".{file_format}"


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


def export_grid(tables: Mapping[str, pd.DataFrame], file_format: str, since: date | None = None,
                until: date | None = None, campaign_id: str | None = None, area: str | None = None,
                now: datetime | None = None) -> GridFile:
    """Select the posts and build the file in one call, signed with the entity and office of the tables'
    Ajustes: `formato` is xlsx, pdf or ics."""
    if file_format not in FORMATS:
        raise ValueError(f"formato desconocido: {file_format}")
    now = (now or datetime.now(BOGOTA)).astimezone(BOGOTA)
    everything = select_posts(tables, since, until, campaign_id, area, with_cancelled=True)
    cancelled = texts_of(everything, "Estado") == CANCELLED
    posts = everything[~cancelled]
    title = grid_title(tables, campaign_id, area)
    filters_text = describe_filters(tables, since, until, campaign_id, area)
    header = header_of(settings_of(tables))
    if file_format == "xlsx":
        data = grid_xlsx(posts, title, header, filters_text, now)
    elif file_format == "pdf":
        data = grid_pdf(posts, title, header, filters_text, now)
    else:
        data = grid_ics(posts, title, header, now)
    return GridFile(data, file_name(file_format, since, until, campaign_id, area), MIME[file_format], len(posts),
                    int(cancelled.sum()), title, filters_text)
