"""The publication grid as a landscape A4 PDF, on the reports' PDF kit (core/reports/pdf.py)."""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd

from core.fmt import fmt_date, fmt_datetime, fmt_int, fmt_time
from core.reports.grid_posts import Post, first_words, posts_of, signature
from core.reports.model import Header
from core.reports.pdf import PdfTable, add_fonts
from core.sheet.cells import BOGOTA

PDF_COPY_CHARS = 320  # longer copy is cut with "…" in the PDF (the workbook keeps it whole)
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
            self.cell(0, 5, clean(f"{first_words(title, 110)} · elaborada el {fmt_datetime(made_at)}"), align="L")
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
    rows = list(posts_of(posts))
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

    def draw(self, posts: list[Post]) -> None:
        self.start()
        inner = self.inner()
        for post in posts:
            copy = " ".join(post.copy.split())
            if len(copy) > PDF_COPY_CHARS:
                copy = copy[:PDF_COPY_CHARS].rsplit(" ", 1)[0] + " …"
            texts = (fmt_date(post.at), fmt_time(post.at), post.network, post.post_format, copy,
                     _short_link(post.link) if post.link else "", post.state, post.id)
            cells = [self.wrap(self.clean(text), width) for text, width in zip(texts, inner)]
            self.row(cells, [None] * 5 + [post.link or None] + [None] * 2)
        self.finish()

