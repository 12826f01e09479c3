"""A report as a landscape A4 PDF: a cover (entity, area, SIG code and version, title, period), the figures,
the rules and sources, the charts (the pages' Altair charts as images), the tables, the narrative sections,
and the list last (at most its `pdf_limit` rows, then a note that the whole list is in the XLSX). Every page
after the cover carries the header; every page, its number. Tables use the kit's fast table (pdf.py)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from core.fmt import fmt_datetime
from core.reports.model import Col, Figure, Report, Table
from core.reports.pdf import FAMILY, PdfTable, add_fonts
from core.reports.values import display

PAGE_WIDTH = 297.0  # landscape A4, mm
MARGIN = 12.0
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
CHART_SCALE = 2.0  # PNG pixels per CSS pixel: sharp when printed
LIST_SIZE, LIST_LINE = 6.5, 2.95  # pt and mm: the type of a report's list (wider tables than the grid's)
_NATURAL = {"text": 70.0, "link": 70.0, "date": 22.0, "datetime": 30.0}  # mm, for a column without a width


def report_pdf(report: Report) -> bytes:
    """The PDF's bytes, its sections in the order of the module docstring."""
    pdf, clean = _document(report)
    pages = _Pages(pdf, clean)
    pages.cover(report)
    pdf.add_page()
    pages.figures(report.figures)
    pages.notes(report.notes)
    pages.charts(report.charts)
    for table in report.tables:
        if not table.listing:
            pages.table(table)
    pages.narrative(report)
    for table in report.tables:
        if table.listing:
            pages.listing(table)
    return bytes(pdf.output())


def _document(report: Report):
    """An empty document with the report's metadata, fonts, margins, and the running header and footer;
    and `clean(text)` (add_fonts). fpdf is imported here, when a PDF is written: it is slow to load."""
    from fpdf import FPDF

    made = fmt_datetime(report.made_at)
    header = report.header

    class ReportPDF(FPDF):
        def header(self) -> None:
            if self.page_no() == 1:
                return
            self.set_font(FAMILY, "", 7.5)
            self.set_text_color(90, 90, 90)
            self.cell(0, 4, clean(f"{header.entity} — {header.area} · {header.sig_text()}"), new_x="LMARGIN",
                      new_y="NEXT")
            self.set_text_color(0, 0, 0)
            self.ln(2)

        def footer(self) -> None:
            self.set_y(-11)
            self.set_font(FAMILY, "", 7)
            self.set_text_color(90, 90, 90)
            self.cell(0, 5, clean(f"{report.title} · {report.period_text} · elaborado el {made}"), align="L")
            self.set_x(self.l_margin)
            self.cell(0, 5, f"Página {self.page_no()} de {{nb}}", align="R")
            self.set_text_color(0, 0, 0)

    pdf = ReportPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(f"{report.title} — {report.period_text}")
    pdf.set_author(f"{header.entity} — {header.area}")
    pdf.set_creator("Divulga")
    pdf.set_creation_date(report.made_at)
    clean = add_fonts(pdf)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=15)
    return pdf, clean


def chart_png(chart, scale: float = CHART_SCALE) -> bytes:
    """An Altair chart (core/charts.py) as a PNG on white, rendered offline by vl-convert."""
    import vl_convert

    spec = chart.to_dict()
    spec.setdefault("background", "white")
    return vl_convert.vegalite_to_png(spec, scale=scale)


def _png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _widths(columns: Sequence[Col], fill: bool, total: float = CONTENT_WIDTH) -> list[float]:
    """Each column's width in mm: its own; else, in a list (`fill`), a share of what is left, and in a small
    table a natural width by kind; scaled down to fit the page."""
    fixed = sum(col.width for col in columns)
    free = [col for col in columns if not col.width]
    if fill and free:
        share = max(total - fixed, 12.0 * len(free)) / len(free)
        widths = [col.width or share for col in columns]
    else:
        widths = [col.width or _NATURAL.get(col.kind, 26.0) for col in columns]
    scale = min(1.0, total / sum(widths)) if widths else 1.0
    return [width * scale for width in widths]


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if limit and len(text) > limit:
        head = text[:limit]
        text = (head.rsplit(" ", 1)[0] if " " in head else head) + " …"
    return text


class _Pages:
    """The report's sections, written one after the other on `pdf` (texts through `clean`)."""

    def __init__(self, pdf, clean: Callable[[str], str]):
        self.pdf, self.clean = pdf, clean

    def heading(self, text: str) -> None:
        """A section's title, on a new page when less than 3 cm are left."""
        pdf = self.pdf
        if pdf.get_y() > pdf.page_break_trigger - 30:
            pdf.add_page()
        pdf.ln(3)
        pdf.set_font(FAMILY, "B", 12)
        pdf.multi_cell(0, 6, self.clean(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", 9)
        pdf.ln(1)

    def paragraph(self, text: str, size: float = 9) -> None:
        self.pdf.set_font(FAMILY, "", size)
        self.pdf.multi_cell(0, 4.6, self.clean(text), new_x="LMARGIN", new_y="NEXT")

    def centered(self, style: str, size: float, height: float, text: str) -> None:
        self.pdf.set_font(FAMILY, style, size)
        self.pdf.multi_cell(0, height, self.clean(text), align="C", new_x="LMARGIN", new_y="NEXT")

    def cover(self, report: Report) -> None:
        """The first page: entity, area, SIG code and version, title, period, when it was made."""
        pdf, header = self.pdf, report.header
        pdf.add_page()
        pdf.set_y(38)
        self.centered("B", 15, 8, header.entity)
        self.centered("", 12, 7, header.area)
        self.centered("", 10, 6, header.sig_text())
        pdf.ln(18)
        self.centered("B", 22, 11, report.title)
        self.centered("", 14, 8, report.period_text)
        pdf.ln(10)
        self.centered("", 10, 6, f"Elaborado el {fmt_datetime(report.made_at)} con Divulga")
        if report.empty_note:
            pdf.ln(8)
            self.centered("B", 11, 6, report.empty_note)

    def figures(self, figures: Sequence[Figure]) -> None:
        """«Cifras»: label, value and source, in a slightly larger type than the tables'."""
        self.heading("Cifras")
        grid = PdfTable(self.pdf, self.clean, (("Cifra", 105.0), ("Valor", 38.0), ("Fuente", CONTENT_WIDTH - 143.0)))
        grid.SIZE = 8.5
        grid.LINE = 3.8
        grid.start()
        for figure in figures:
            grid.texts_row((figure.label, figure.text, figure.source))
        grid.finish()

    def notes(self, notes: Sequence[str]) -> None:
        """«Reglas y fuentes», a paragraph each."""
        if notes:
            self.heading("Reglas y fuentes")
            for note in notes:
                self.paragraph(note)
                self.pdf.ln(1)

    def charts(self, charts: Sequence) -> None:
        """Each chart as an image, about 0.3 mm per CSS pixel, on a new page when it does not fit."""
        pdf = self.pdf
        for chart in charts:
            png = chart_png(chart)
            width_px, height_px = _png_size(png)
            width = min(CONTENT_WIDTH, width_px / CHART_SCALE * 0.3)
            height = width * height_px / width_px
            if pdf.get_y() + height + 4 > pdf.page_break_trigger:
                pdf.add_page()
            pdf.ln(3)
            pdf.image(io.BytesIO(png), x=MARGIN, w=width, h=height)
            pdf.set_y(pdf.get_y() + 1)

    def grid(self, table: Table, limit: int | None = None) -> None:
        """The table's rows (the first `limit`) under its column names; links clickable; «Sin filas.» if none."""
        pdf, clean = self.pdf, self.clean
        columns = [col for col in table.columns if col.pdf]
        widths = _widths(columns, fill=table.listing)
        grid = PdfTable(pdf, clean, [(col.pdf_name or col.name, width) for col, width in zip(columns, widths)])
        if table.listing:  # many columns and rows: a smaller type
            grid.SIZE, grid.LINE = LIST_SIZE, LIST_LINE
        grid.start()
        inner = grid.inner()
        rows = table.rows if limit is None else table.rows.iloc[:limit]
        values = [rows[col.name].tolist() for col in columns]
        kinds = [col.kind for col in columns]
        for record in zip(*values):
            texts = [_cut(display(value, kind), col.pdf_chars) if kind == "text" and col.pdf_chars
                     else display(value, kind) for value, kind, col in zip(record, kinds, columns)]
            links = [text if kind == "link" and text.startswith(("http://", "https://")) else None
                     for text, kind in zip(texts, kinds)]
            grid.row([grid.wrap(clean(text), width) for text, width in zip(texts, inner)], links)
        grid.finish()
        if not len(rows):
            pdf.set_font(FAMILY, "", 8.5)
            pdf.cell(0, 6, "Sin filas.", new_x="LMARGIN", new_y="NEXT")

    def table(self, table: Table) -> None:
        """A table other than the list: its title, its rows, its note."""
        self.heading(table.title)
        self.grid(table)
        if table.note:
            self.pdf.ln(1)
            self.paragraph(table.note, 8)

    def narrative(self, report: Report) -> None:
        for title, text in (("Análisis", report.analysis), ("Recomendaciones", report.recommendations)):
            self.heading(title)
            self.paragraph((text or "").strip() or "Sin texto.")

    def listing(self, table: Table) -> None:
        """The list on its own pages, cut at `pdf_limit` rows with its note before and after."""
        pdf = self.pdf
        pdf.add_page()
        self.heading(f"{table.title} ({len(table.rows):,} filas)".replace(",", "."))
        limit = table.pdf_limit if table.pdf_limit is not None and len(table.rows) > table.pdf_limit else None
        if limit is not None:
            self.paragraph(table.limit_note, 9)
            pdf.ln(1)
        self.grid(table, limit)
        if limit is not None:
            pdf.ln(2)
            self.paragraph(table.limit_note, 9)
        if table.note:
            self.paragraph(table.note, 8)
