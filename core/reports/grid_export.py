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

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from core.files.spreadsheet_safety import looks_like_formula
from core.fmt import fmt_date, fmt_datetime, fmt_int, fmt_time
from core.reports.common import Header, header_of
from core.reports.pdf import PdfTable, add_fonts
from core.settings import settings_of
from core.sheet.cells import BOGOTA, is_empty, normalize, parse_datetime

TITLE = "Parrilla de publicación"
CANCELLED = "Cancelada"
FORMATS = ("xlsx", "pdf", "ics")
MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "ics": "text/calendar",
}
GRID_SHEET = "Parrilla"  # the posts: headers in row 1, one post per row from row 2
FILTERS_SHEET = "Filtros"
GRID_HEADERS = ("Fecha", "Hora", "Red", "Formato", "Copy", "Enlace de la pieza", "Estado", "ID", "Solicitud",
                "Estrategia", "Área")
EVENT_MINUTES = 30
UID_DOMAIN = "divulga.dadep"  # fixed, whatever Ajustes names: a re-imported file must keep its events' UIDs
PDF_COPY_CHARS = 320  # longer copy is cut with "…" in the PDF (the workbook keeps it whole)

# Columns select_posts adds to the posts it returns (resolved through Solicitudes and Estrategias).
CAMPAIGN = "Campaña"  # the post's own Estrategia, else its request's
CAMPAIGN_NAME = "Nombre de la campaña"
REQUEST_TITLE = "Título de la solicitud"
AREA = "Área"  # the request's area, else the campaign's

_EXCEL_CELL_CAP = 32_767
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # XML 1.0 cannot hold these


# --- selecting -----------------------------------------------------------------------------------------

def _texts(frame: pd.DataFrame | None, column: str) -> pd.Series:
    """A column as stripped text, "" where empty (or where the table or column is missing)."""
    if frame is None or column not in frame:
        index = frame.index if frame is not None else pd.RangeIndex(0)
        return pd.Series("", index=index, dtype=object)
    column_values = frame[column]
    if pd.api.types.is_string_dtype(column_values):  # the register's text columns: vectorised
        return column_values.astype("string").str.strip().fillna("").astype(object)
    return column_values.map(lambda value: "" if is_empty(value) else str(value).strip()).astype(object)


def _lookup(frame: pd.DataFrame | None, column: str) -> dict[str, str]:
    """ID -> a column's text, for the rows that have an ID."""
    ids, values = _texts(frame, "ID"), _texts(frame, column)
    return {key: value for key, value in zip(ids, values) if key}


def _mapped(keys: pd.Series, mapping: Mapping[str, str]) -> pd.Series:
    """Each key's value in `mapping`, "" where it has none (text, whatever the keys' dtype)."""
    return pd.Series([mapping.get(key, "") for key in keys], index=keys.index, dtype=object)


def _in_bogota(series: pd.Series) -> pd.Series:
    """Moments as aware Bogotá times, whatever the table holds (naive values are Bogotá time already)."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_convert(BOGOTA)
    if pd.api.types.is_datetime64_dtype(series):
        return series.dt.tz_localize(BOGOTA)
    parsed = series.map(lambda value: None if is_empty(value) else parse_datetime(value))
    return pd.to_datetime(parsed, utc=True).dt.tz_convert(BOGOTA)


def select_posts(tables: Mapping[str, pd.DataFrame], desde: date | None = None, hasta: date | None = None,
                 estrategia: str | None = None, area: str | None = None, *,
                 with_cancelled: bool = False) -> pd.DataFrame:
    """The posts of the grid, sorted by `Programada`, then network, then ID.

    `desde`/`hasta`: the `Programada` date in Bogotá, both days included. `estrategia`: the posts whose
    `Estrategia` is that ID plus those of the requests linked to it (`Solicitudes.Estrategia`). `area`: the
    posts whose request (`Área solicitante`) or campaign (`Estrategias.Área`) belongs to it, matched
    ignoring case, accents and spaces. Cancelled posts only with `with_cancelled`. An unknown campaign or
    an area without posts gives an empty frame, never an error. The frame keeps the `Publicaciones`
    columns (`Programada` in Bogotá time) and adds `Campaña`, `Nombre de la campaña`, `Título de la
    solicitud` and `Área`.
    """
    posts = tables["Publicaciones"].copy()
    requests, campaigns = tables.get("Solicitudes"), tables.get("Estrategias")
    posts["Programada"] = _in_bogota(posts["Programada"])

    request_ids = _texts(posts, "Solicitud")
    own = _texts(posts, "Estrategia")
    through_request = _mapped(request_ids, _lookup(requests, "Estrategia"))
    request_area = _mapped(request_ids, _lookup(requests, "Área solicitante"))
    campaign_area = _lookup(campaigns, "Área")
    own_area = _mapped(own, campaign_area)
    linked_area = _mapped(through_request, campaign_area)

    keep = posts["Programada"].notna()
    days = posts["Programada"].dt.date
    if desde is not None:
        keep &= days >= desde
    if hasta is not None:
        keep &= days <= hasta
    if not with_cancelled:
        keep &= _texts(posts, "Estado") != CANCELLED
    if not is_empty(estrategia):
        wanted = str(estrategia).strip()
        keep &= (own == wanted) | (through_request == wanted)
    if not is_empty(area):
        key = normalize(area)
        names = set(request_area) | set(own_area) | set(linked_area)
        ours = {name for name in names if name and normalize(name) == key}  # a few names, not every row
        keep &= request_area.isin(ours) | own_area.isin(ours) | linked_area.isin(ours)

    campaign = own.where(own != "", through_request)
    posts[CAMPAIGN] = campaign
    posts[CAMPAIGN_NAME] = _mapped(campaign, _lookup(campaigns, "Nombre"))
    posts[REQUEST_TITLE] = _mapped(request_ids, _lookup(requests, "Título"))
    posts[AREA] = request_area.where(request_area != "", own_area.where(own_area != "", linked_area))
    chosen = posts[keep]
    order = pd.DataFrame({"at": chosen["Programada"], "red": _texts(chosen, "Red"), "id": _texts(chosen, "ID")})
    order = order.reset_index(drop=True).sort_values(["at", "red", "id"], kind="stable")
    return chosen.iloc[order.index]  # by position: a hand-made frame may repeat index labels


def known_campaign(tables: Mapping[str, pd.DataFrame], campaign_id: str) -> bool:
    """Whether `Estrategias` has a (good) row with this ID."""
    return str(campaign_id).strip() in _lookup(tables.get("Estrategias"), "Nombre")


def known_areas(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """Every area the register names (Listas, requests, campaigns), each spelling once, sorted."""
    names: dict[str, str] = {}
    for tab, column in (("Listas", "Áreas"), ("Solicitudes", "Área solicitante"), ("Estrategias", "Área")):
        for name in _texts(tables.get(tab), column):
            if name:
                names.setdefault(normalize(name), name)
    return sorted(names.values(), key=normalize)


def known_area(tables: Mapping[str, pd.DataFrame], area: str) -> bool:
    return normalize(area) in {normalize(name) for name in known_areas(tables)}


def _area_as_written(tables: Mapping[str, pd.DataFrame] | None, area: str) -> str:
    """The register's own spelling of an area typed without accents or capitals («direccion» → «Dirección»)."""
    key = normalize(area)
    for name in known_areas(tables) if tables else ():
        if normalize(name) == key:
            return name
    return str(area).strip()


# --- describing the selection --------------------------------------------------------------------------

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
        name = _lookup(tables.get("Estrategias"), "Nombre").get(wanted, "") if tables else ""
        parts.append(f"Estrategia: {name} ({wanted})" if name else f"Estrategia: {wanted}")
    if not is_empty(area):
        parts.append(f"Área: {_area_as_written(tables, area)}")
    return " · ".join(parts)


def grid_title(tables: Mapping[str, pd.DataFrame] | None = None, estrategia: str | None = None,
               area: str | None = None) -> str:
    """«Parrilla de publicación», with the campaign's name or the area when the grid is for one."""
    if not is_empty(estrategia):
        wanted = str(estrategia).strip()
        name = _lookup(tables.get("Estrategias"), "Nombre").get(wanted, "") if tables else ""
        return f"{TITLE} — {name or wanted}"
    if not is_empty(area):
        return f"{TITLE} — {_area_as_written(tables, area)}"
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


def signature(header: Header) -> str:
    """Who publishes the grid, as every file names it: «<entidad> — <área>» from Ajustes."""
    return f"{header.entity} — {header.area}"


def calendar_name(header: Header, title: str) -> str:
    """The calendar's name: the entity's short name (the acronym its name ends with in brackets, «… (DADEP)»;
    else the whole name) and the grid's title."""
    acronym = re.search(r"\(([^()]+)\)\s*$", header.entity)
    return f"{acronym.group(1).strip() if acronym else header.entity} · {title}"


# --- one post, as the files show it --------------------------------------------------------------------

@dataclass(frozen=True)
class _Post:
    id: str
    at: datetime  # Bogotá
    red: str
    formato: str
    copy: str
    link: str
    estado: str
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
        key = "\x1f".join((self.red, self.link) if self.link else (self.red, self.at.isoformat(), self.copy))
        return f"sin-id-{hashlib.sha1(key.encode()).hexdigest()[:16]}@{UID_DOMAIN}"


def _text(row: Mapping[str, Any], column: str) -> str:
    value = row.get(column)
    return "" if is_empty(value) else str(value).strip()


def _posts(posts: pd.DataFrame) -> Iterator[_Post]:
    frame = posts.copy()
    frame["Programada"] = _in_bogota(frame["Programada"])
    for row in frame.to_dict("records"):
        if is_empty(row.get("Programada")):
            continue
        updated = row.get("Actualizado")
        yield _Post(
            id=_text(row, "ID"), at=row["Programada"].to_pydatetime(), red=_text(row, "Red"),
            formato=_text(row, "Formato"), copy="" if is_empty(row.get("Copy")) else str(row["Copy"]),
            link=_text(row, "Enlace"), estado=_text(row, "Estado"), request=_text(row, "Solicitud"),
            request_title=_text(row, REQUEST_TITLE), campaign=_text(row, CAMPAIGN) or _text(row, "Estrategia"),
            campaign_name=_text(row, CAMPAIGN_NAME), area=_text(row, AREA),
            updated=None if is_empty(updated) else pd.Timestamp(updated).to_pydatetime())


def _first_words(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] if " " in flat[:limit] else flat[:limit]
    return cut.rstrip(" ,.;:") + "…"


# --- Excel ---------------------------------------------------------------------------------------------

def _excel_text(cell, text: str) -> None:
    """Text stays text (a copy starting with = + - @ never becomes a formula, and is marked with the quote
    prefix so it stays text when edited in Excel, core/files/spreadsheet_safety.py), within Excel's cell cap."""
    cell.value = _ILLEGAL.sub("", text)[:_EXCEL_CELL_CAP]
    cell.data_type = "s"
    if looks_like_formula(cell.value):
        cell.quotePrefix = True


def grid_xlsx(posts: pd.DataFrame, title: str, header: Header, filters_text: str = "",
              made_at: datetime | None = None) -> bytes:
    """The grid as an Excel workbook. Sheet `Parrilla`: row 1 the headers (`GRID_HEADERS`: Fecha, Hora,
    Red, Formato, Copy, Enlace de la pieza, Estado, ID, Solicitud, Estrategia, Área), one post per row from
    row 2, Fecha a real date cell (dd/mm/aaaa) and Hora a real time cell (h:mm a. m./p. m.), Estrategia the
    post's own or its request's, text cells always text (never a formula) up to Excel's cell cap. Sheet
    `Filtros`: the title, the entity and office (`signature`), the filters and when it was made. Every post
    given is listed, with its state (select_posts leaves cancelled ones out unless asked)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    made_at = made_at or datetime.now(BOGOTA)
    book = Workbook()
    sheet = book.active
    sheet.title = GRID_SHEET
    bold = Font(bold=True)
    for column, name in enumerate(GRID_HEADERS, start=1):
        cell = sheet.cell(row=1, column=column)
        _excel_text(cell, name)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
    wrapped = Alignment(vertical="top", wrap_text=True)
    link_font = Font(color="0563C1", underline="single")
    count = 0
    for number, post in enumerate(_posts(posts), start=2):
        count += 1
        local = post.at.astimezone(BOGOTA)
        day = sheet.cell(row=number, column=1, value=datetime(local.year, local.month, local.day))
        day.number_format = "dd/mm/yyyy"
        hour = sheet.cell(row=number, column=2, value=clock_time(local.hour, local.minute, local.second))
        hour.number_format = "h:mm AM/PM"
        texts = (post.red, post.formato, post.copy, post.link, post.estado, post.id, post.request, post.campaign,
                 post.area)
        for column, text in enumerate(texts, start=3):
            if text:
                _excel_text(sheet.cell(row=number, column=column), text)
        if post.link.lower().startswith(("http://", "https://")):
            link = sheet.cell(row=number, column=6)
            link.hyperlink = post.link
            link.font = link_font
        sheet.cell(row=number, column=5).alignment = wrapped  # the copy; other cells keep the default style
    for letter, width in zip("ABCDEFGHIJK", (12, 11, 11, 12, 70, 45, 12, 20, 20, 20, 30)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:K{count + 1}"

    about = book.create_sheet(FILTERS_SHEET)
    for row, (label, value) in enumerate((
            ("Parrilla", title), ("Entidad", signature(header)), ("Filtros", filters_text or "Ninguno"),
            ("Elaborada", fmt_datetime(made_at)), ("Publicaciones", count)), start=1):
        _excel_text(about.cell(row=row, column=1), label)
        about.cell(row=row, column=1).font = bold
        if isinstance(value, str):
            _excel_text(about.cell(row=row, column=2), value)
        else:
            about.cell(row=row, column=2, value=value)
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 100
    book.properties.title = title
    book.properties.creator = "Divulga"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


# --- PDF -----------------------------------------------------------------------------------------------

_PDF_COLUMNS = (("Fecha", 18), ("Hora", 18), ("Red", 16), ("Formato", 18), ("Copy", 110), ("Enlace", 44),
                ("Estado", 19), ("ID", 34))  # millimetres; they fill the 277 mm of a landscape A4 page


def _short_link(link: str, limit: int = 48) -> str:
    shown = re.sub(r"^https?://(www\.)?", "", link).rstrip("/")
    return shown if len(shown) <= limit else shown[:limit - 1] + "…"


def grid_pdf(posts: pd.DataFrame, title: str, header: Header, filters_text: str = "",
             made_at: datetime | None = None) -> bytes:
    """The grid as a landscape A4 PDF: the entity and office atop every page, the title, the filters and the
    date made, then a table (fecha, hora, red, formato, copy, enlace, estado, ID) whose heading repeats on
    every page, and «Página n de N» at the foot. Copy longer than `PDF_COPY_CHARS` is cut with «…»;
    characters the font lacks (emoji) are left out instead of breaking the file."""
    from fpdf import FPDF

    made_at = made_at or datetime.now(BOGOTA)
    signed = signature(header)

    class GridPDF(FPDF):
        def header(self) -> None:
            self.set_font("dejavu", "B", 8)
            self.set_text_color(90, 90, 90)
            self.cell(0, 4, clean(signed), new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0, 0, 0)
            self.ln(1)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("dejavu", "", 7)
            self.set_text_color(90, 90, 90)
            self.cell(0, 5, clean(f"{_first_words(title, 110)} · elaborada el {fmt_datetime(made_at)}"), align="L")
            self.set_x(self.l_margin)
            self.cell(0, 5, f"Página {self.page_no()} de {{nb}}", align="R")

    pdf = GridPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(title)
    pdf.set_author(signed)
    pdf.set_creator("Divulga")
    pdf.set_creation_date(made_at)
    clean = add_fonts(pdf)
    pdf.set_margins(10, 10, 10)
    pdf.set_auto_page_break(True, margin=15)

    pdf.add_page()
    pdf.set_font("dejavu", "B", 14)
    pdf.multi_cell(0, 7, clean(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("dejavu", "", 9)
    pdf.multi_cell(0, 5, clean(f"Filtros: {filters_text or 'ninguno'}"), new_x="LMARGIN", new_y="NEXT")
    rows = list(_posts(posts))
    pdf.cell(0, 5, f"Elaborada el {fmt_datetime(made_at)} · {fmt_int(len(rows))} "
             f"{'publicación' if len(rows) == 1 else 'publicaciones'}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    if not rows:
        pdf.set_font("dejavu", "", 10)
        pdf.cell(0, 8, "No hay publicaciones con estos filtros.", new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())
    _PdfTable(pdf, clean).draw(rows)
    return bytes(pdf.output())


class _PdfTable(PdfTable):
    """The grid's table (the kit's fast table, see core/reports/pdf.py) and its rows of posts."""

    def __init__(self, pdf, clean):
        super().__init__(pdf, clean, _PDF_COLUMNS)

    def draw(self, posts: list[_Post]) -> None:
        self.start()
        inner = self.inner()
        for post in posts:
            copy = " ".join(post.copy.split())
            if len(copy) > PDF_COPY_CHARS:
                copy = copy[:PDF_COPY_CHARS].rsplit(" ", 1)[0] + " …"
            texts = (fmt_date(post.at), fmt_time(post.at), post.red, post.formato, copy,
                     _short_link(post.link) if post.link else "", post.estado, post.id)
            cells = [self.wrap(self.clean(text), width) for text, width in zip(texts, inner)]
            self.row(cells, [None] * 5 + [post.link or None] + [None] * 2)
        self.finish()


# --- iCalendar -----------------------------------------------------------------------------------------

_STATUS = {"Publicada": "CONFIRMED", "Programada": "TENTATIVE"}
_SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=ZoneInfo("UTC"))


def grid_ics(posts: pd.DataFrame, title: str, header: Header, now: datetime | None = None) -> bytes:
    """The grid as an iCalendar file named `calendar_name` and described by the title and `signature`: one
    event per post that is not cancelled, starting at `Programada` in America/Bogota (with its VTIMEZONE)
    and lasting `EVENT_MINUTES`. The UID is the post's ID, so
    importing the file again into Google Calendar or Outlook updates the events; SEQUENCE and
    LAST-MODIFIED come from `Actualizado`, so a newer file wins."""
    from icalendar import Calendar, Event

    utc = ZoneInfo("UTC")
    stamp = (now or datetime.now(utc)).astimezone(utc)
    calendar = Calendar()
    calendar.add("prodid", "-//Divulga//Parrilla de publicacion//ES")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name, about = calendar_name(header, title), f"{title} — {signature(header)}"
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("x-wr-caldesc", about)
    calendar.add("description", about)
    calendar.add("x-wr-timezone", "America/Bogota")
    last = None
    for post in _posts(posts):
        if post.estado == CANCELLED:
            continue
        start = post.at.astimezone(BOGOTA)
        last = start if last is None else max(last, start)
        event = Event()
        event.add("uid", post.uid())
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("duration", timedelta(minutes=EVENT_MINUTES))
        event.add("summary", " · ".join(part for part in (post.red, post.formato, _first_words(post.copy)) if part)
                  or "Publicación")
        event.add("description", _description(post))
        event.add("status", _STATUS.get(post.estado, "TENTATIVE"))
        event.add("transp", "TRANSPARENT")  # a post on the grid does not make anyone busy
        if post.red:
            event.add("categories", [post.red])
        if post.link:
            event.add("url", post.link)
        if post.updated is not None:
            updated = post.updated if post.updated.tzinfo else post.updated.replace(tzinfo=BOGOTA)
            event.add("last-modified", updated.astimezone(utc))
            event.add("sequence", max(0, int((updated - _SEQUENCE_EPOCH).total_seconds() // 60)))
        calendar.add_component(event)
    # The VTIMEZONE for every TZID used, from zoneinfo; it covers 1970 up to the year after the last post.
    calendar.add_missing_timezones(last_date=date(max(2038, last.year + 1 if last else 0), 1, 1))
    return calendar.to_ical()


def _description(post: _Post) -> str:
    lines = [post.copy.strip()] if post.copy else []
    lines.append("")
    if post.link:
        lines.append(f"Pieza: {post.link}")
    lines.append(f"Estado: {post.estado}" if post.estado else "")
    if post.request:
        lines.append(f"Solicitud: {post.request}" + (f" — {post.request_title}" if post.request_title else ""))
    if post.campaign:
        lines.append(f"Estrategia: {post.campaign}" + (f" — {post.campaign_name}" if post.campaign_name else ""))
    if post.area:
        lines.append(f"Área: {post.area}")
    if post.id:
        lines.append(f"ID: {post.id}")
    return "\n".join(line for line in lines if line is not None).strip()


# --- all at once, for the page and the command line ----------------------------------------------------

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
    cancelled = _texts(everything, "Estado") == CANCELLED
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
