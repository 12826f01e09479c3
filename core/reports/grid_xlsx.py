"""The publication grid as an Excel workbook, through the app's one writer (core/reports/workbook.py)."""

from __future__ import annotations

from datetime import date, datetime
from datetime import time as clock_time

import pandas as pd

from core.fmt import fmt_datetime
from core.reports.grid_posts import Post, posts_of, signature
from core.reports.model import Header
from core.reports.workbook import Link, Workbook
from core.sheet.cells import BOGOTA

GRID_SHEET = "Parrilla"  # the posts: headers in row 1, one post per row from row 2
FILTERS_SHEET = "Filtros"
GRID_HEADERS = ("Fecha", "Hora", "Red", "Formato", "Copy", "Enlace de la pieza", "Estado", "ID", "Solicitud",
                "Estrategia", "Área")
GRID_WIDTHS = (12, 11, 11, 12, 70, 45, 12, 20, 20, 20, 30)
FILTERS_WIDTHS = (16, 100)


def grid_xlsx(posts: pd.DataFrame, title: str, header: Header, filters_text: str = "",
              made_at: datetime | None = None) -> bytes:
    """The grid as an Excel workbook. Sheet `Parrilla`: row 1 the headers (`GRID_HEADERS`: Fecha, Hora,
    Red, Formato, Copy, Enlace de la pieza, Estado, ID, Solicitud, Estrategia, Área), frozen and with filter
    buttons, one post per row from row 2, Fecha a real date cell (dd/mm/aaaa) and Hora a real time cell
    (h:mm a. m./p. m.), the link a hyperlink, Estrategia the post's own or its request's, text cells always
    text (never a formula) up to Excel's cell cap. Sheet `Filtros`: the title, the entity and office
    (`signature`), the filters and when it was made. Every post given is listed, with its state
    (select_posts leaves cancelled ones out unless asked)."""
    made_at = made_at or datetime.now(BOGOTA)
    book = Workbook(title)
    grid = book.sheet(GRID_SHEET, widths=GRID_WIDTHS, freeze_header=True)
    grid.append([(name, "header") for name in GRID_HEADERS])
    for post in posts_of(posts):
        grid.append(_row(post))
    grid.autofilter(len(GRID_HEADERS))
    count = grid.rows - 1
    about = book.sheet(FILTERS_SHEET, widths=FILTERS_WIDTHS)
    for label, value in (("Parrilla", title), ("Entidad", signature(header)),
                         ("Filtros", filters_text or "Ninguno"), ("Elaborada", fmt_datetime(made_at)),
                         ("Publicaciones", count)):
        about.append([(label, "bold"), value])
    return book.save()


def _row(post: Post) -> list:
    """A post's cells, in `GRID_HEADERS` order: the copy wraps (its cell keeps the style when empty), the link
    is a hyperlink when it is a web address."""
    local = post.at.astimezone(BOGOTA)
    link = Link(post.link) if post.link.lower().startswith(("http://", "https://")) else post.link
    return [date(local.year, local.month, local.day), clock_time(local.hour, local.minute, local.second),
            post.network, post.post_format, (post.copy, "wrap"), link, post.state, post.id, post.request, post.campaign,
            post.area]
