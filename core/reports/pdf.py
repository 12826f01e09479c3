"""The PDF kit shared by the reports and the publication grid: DejaVu fonts (citizens' texts hold characters
beyond latin-1), a glyph filter, and a fast table laid out by hand.

fpdf2's own `table()` re-measures every line it wraps and takes about 20 ms a row (13 s for a year of
posts); measuring with a per-character width cache takes well under a millisecond, which is what lets a
report of a thousand rows come out in a fraction of a second.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FAMILY = "dejavu"


def add_fonts(pdf) -> Callable[[str], str]:
    """Register DejaVu Sans (regular and bold) as `dejavu` on `pdf`, and return `clean(text)`, which leaves out
    the characters the font lacks (emoji) instead of breaking the file."""
    pdf.add_font(FAMILY, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    glyphs = set(pdf.fonts[FAMILY].cmap) & set(pdf.fonts[FAMILY + "B"].cmap)
    missing: dict[str, bool] = {}

    def clean(text: str) -> str:
        if text.isascii():
            return text
        kept = []
        for char in text:
            absent = missing.get(char)
            if absent is None:
                absent = missing[char] = ord(char) not in glyphs and char not in "\n\t"
            if not absent:
                kept.append(char)
        return "".join(kept)

    return clean


class PdfTable:
    """A table drawn by hand: greedy word wrap with cached character widths, rows never split across pages,
    the heading repeated on every page. `columns` are (heading, width in mm). Rows draw only the line under
    them; the vertical lines are drawn once per page (`finish` draws the last ones: call it at the end)."""

    LINE = 3.4  # mm between the baselines of a cell's lines
    PAD = 1.0  # mm inside each cell
    SIZE = 7.5  # pt

    def __init__(self, pdf, clean: Callable[[str], str], columns: Sequence[tuple[str, float]]):
        self.pdf, self.clean, self.columns = pdf, clean, tuple(columns)
        self.caches: dict[tuple, dict[str, float]] = {}  # per font and size: character -> width
        self.segment: tuple[float, float] | None = None  # top and bottom of this page's rows

    def _widths(self) -> dict[str, float]:
        pdf = self.pdf
        return self.caches.setdefault((pdf.font_family, pdf.font_style, pdf.font_size_pt), {})

    def measure(self, text: str, widths: dict[str, float] | None = None) -> float:
        widths = self._widths() if widths is None else widths
        try:
            return sum(map(widths.__getitem__, text))
        except KeyError:
            for char in set(text) - widths.keys():
                widths[char] = self.pdf.get_string_width(char)
            return sum(map(widths.__getitem__, text))

    def wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap; a word wider than the cell (a link) is broken between characters."""
        words = text.split()
        joined = " ".join(words)
        if self.measure(joined, self._widths()) <= width:  # most cells: one line
            return [joined]
        lines: list[str] = []
        line, used, space = "", 0.0, self.measure(" ")
        for word in words:
            size = self.measure(word)
            if line and used + space + size <= width:
                line, used = f"{line} {word}", used + space + size
                continue
            if line:
                lines.append(line)
            while size > width and len(word) > 1:
                cut, taken = 1, self.measure(word[0])
                while cut < len(word) and taken + self.measure(word[cut]) <= width:
                    taken += self.measure(word[cut])
                    cut += 1
                lines.append(word[:cut])
                word = word[cut:]
                size = self.measure(word)
            line, used = word, size
        if line or not lines:
            lines.append(line)
        return lines

    def inner(self) -> list[float]:
        """The text width of each column (its width less the padding)."""
        return [width - 2 * self.PAD for _, width in self.columns]

    def heading(self) -> None:
        """The column names in bold, smaller when a word would not fit its column (down to 5 pt)."""
        size = self.SIZE
        self.pdf.set_font(FAMILY, "B", size)
        for (name, _), width in zip(self.columns, self.inner()):
            widest = max((self.measure(word) for word in self.clean(name).split()), default=0.0)
            if widest > width:
                size = max(5.0, min(size, self.SIZE * width / widest))
        self.pdf.set_font(FAMILY, "B", size)
        self.pdf.set_fill_color(221, 230, 240)
        cells = [self.wrap(self.clean(name), width) for name, width in zip((n for n, _ in self.columns), self.inner())]
        self.row(cells, [None] * len(self.columns), fill=True, repeat=False)
        self.pdf.set_font(FAMILY, "", self.SIZE)
        self.pdf.set_fill_color(0)  # as the text: fpdf2 then writes no colour change around each text

    def _close_segment(self) -> None:
        """The vertical lines of this page's rows."""
        if self.segment is None:
            return
        top, bottom = self.segment
        x = self.pdf.l_margin
        self.pdf.line(x, top, x, bottom)
        for _, width in self.columns:
            x += width
            self.pdf.line(x, top, x, bottom)
        self.segment = None

    def row(self, cells: list[list[str]], links: Sequence[str | None] | None = None, fill: bool = False,
            repeat: bool = True) -> None:
        """One row of already wrapped cells; a new page (with the heading again) when it does not fit. `fill`
        draws each cell as a filled box (the heading)."""
        pdf = self.pdf
        height = max(len(lines) for lines in cells) * self.LINE + 2 * self.PAD
        if pdf.get_y() + height > pdf.page_break_trigger:
            self._close_segment()
            pdf.add_page()
            if repeat:
                self.heading()
        x, top = pdf.l_margin, pdf.get_y()
        if fill:
            for _, width in self.columns:
                pdf.rect(x, top, width, height, style="DF")
                x += width
            x = pdf.l_margin
        else:
            pdf.line(x, top + height, x + sum(width for _, width in self.columns), top + height)
            self.segment = (self.segment[0] if self.segment else top, top + height)
        text, line_height, pad = pdf.text, self.LINE, self.PAD
        for (_, width), lines, link in zip(self.columns, cells, links or [None] * len(cells)):
            if link:
                pdf.set_text_color(5, 99, 193)
            for number, line in enumerate(lines):
                if line:
                    text(x + pad, top + pad + (number + 0.78) * line_height, line)
            if link:
                pdf.set_text_color(0, 0, 0)
                pdf.link(x, top, width, height, link)
            x += width
        pdf.set_xy(pdf.l_margin, top + height)

    def texts_row(self, texts: Sequence[str], links: Sequence[str | None] | None = None) -> None:
        """One row of plain texts: cleaned, wrapped to each column, drawn."""
        self.row([self.wrap(self.clean(text), width) for text, width in zip(texts, self.inner())], links)

    def start(self) -> None:
        """Lines and the heading, before the first row."""
        self.pdf.set_draw_color(170, 170, 170)
        self.pdf.set_line_width(0.2)
        self.heading()

    def finish(self) -> None:
        """The last page's vertical lines, after the last row."""
        self._close_segment()


# --- the reports ------------------------------------------------------------------------------------------

PAGE_WIDTH = 297.0  # landscape A4, mm
MARGIN = 12.0
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
CHART_SCALE = 2.0  # PNG pixels per CSS pixel: sharp when printed
LIST_SIZE, LIST_LINE = 6.5, 2.95  # pt and mm: the type of a report's list (wider tables than the grid's)


def chart_png(chart, scale: float = CHART_SCALE) -> bytes:
    """An Altair chart (core/charts.py) as a PNG on white, rendered offline by vl-convert."""
    import vl_convert

    spec = chart.to_dict()
    spec.setdefault("background", "white")
    return vl_convert.vegalite_to_png(spec, scale=scale)


def _png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


_NATURAL = {"text": 70.0, "link": 70.0, "date": 22.0, "datetime": 30.0}  # mm, for a column without a width


def _widths(columns, fill: bool, total: float = CONTENT_WIDTH) -> list[float]:
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


def report_pdf(report) -> bytes:
    """A report as a landscape A4 PDF: a cover (entity, area, SIG code and version, title, period), the
    figures, the rules and sources, the charts (the pages' Altair charts as images), the tables, the
    narrative sections, and the list last (at most its `pdf_limit` rows, then a note that the whole list is in
    the XLSX). Every page after the cover carries the header; every page, its number."""
    from fpdf import FPDF

    from core.fmt import fmt_datetime
    from core.reports.common import display

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

    def heading(text: str) -> None:
        if pdf.get_y() > pdf.page_break_trigger - 30:
            pdf.add_page()
        pdf.ln(3)
        pdf.set_font(FAMILY, "B", 12)
        pdf.multi_cell(0, 6, clean(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", 9)
        pdf.ln(1)

    def paragraph(text: str, size: float = 9) -> None:
        pdf.set_font(FAMILY, "", size)
        pdf.multi_cell(0, 4.6, clean(text), new_x="LMARGIN", new_y="NEXT")

    # The cover.
    pdf.add_page()
    pdf.set_y(38)
    pdf.set_font(FAMILY, "B", 15)
    pdf.multi_cell(0, 8, clean(header.entity), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 12)
    pdf.multi_cell(0, 7, clean(header.area), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)
    pdf.multi_cell(0, 6, clean(header.sig_text()), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(18)
    pdf.set_font(FAMILY, "B", 22)
    pdf.multi_cell(0, 11, clean(report.title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 14)
    pdf.multi_cell(0, 8, clean(report.period_text), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font(FAMILY, "", 10)
    pdf.multi_cell(0, 6, clean(f"Elaborado el {made} con Divulga"), align="C", new_x="LMARGIN", new_y="NEXT")
    if report.empty_note:
        pdf.ln(8)
        pdf.set_font(FAMILY, "B", 11)
        pdf.multi_cell(0, 6, clean(report.empty_note), align="C", new_x="LMARGIN", new_y="NEXT")

    # The figures, the rules and the charts.
    pdf.add_page()
    heading("Cifras")
    figures = PdfTable(pdf, clean, (("Cifra", 105.0), ("Valor", 38.0), ("Fuente", CONTENT_WIDTH - 143.0)))
    figures.SIZE = 8.5
    figures.LINE = 3.8
    figures.start()
    for figure in report.figures:
        figures.texts_row((figure.label, figure.text, figure.source))
    figures.finish()
    if report.notes:
        heading("Reglas y fuentes")
        for note in report.notes:
            paragraph(note)
            pdf.ln(1)
    for chart in report.charts:
        png = chart_png(chart)
        width_px, height_px = _png_size(png)
        width = min(CONTENT_WIDTH, width_px / CHART_SCALE * 0.3)  # about 0.3 mm per CSS pixel
        height = width * height_px / width_px
        if pdf.get_y() + height + 4 > pdf.page_break_trigger:
            pdf.add_page()
        pdf.ln(3)
        pdf.image(io.BytesIO(png), x=MARGIN, w=width, h=height)
        pdf.set_y(pdf.get_y() + 1)

    def draw(table, limit: int | None = None) -> None:
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

    for table in report.tables:
        if table.listing:
            continue
        heading(table.title)
        draw(table)
        if table.note:
            pdf.ln(1)
            paragraph(table.note, 8)
    for title, text in (("Análisis", report.analysis), ("Recomendaciones", report.recommendations)):
        heading(title)
        paragraph((text or "").strip() or "Sin texto.")

    # The list, last.
    for table in report.tables:
        if not table.listing:
            continue
        pdf.add_page()
        heading(f"{table.title} ({len(table.rows):,} filas)".replace(",", "."))
        limit = table.pdf_limit if table.pdf_limit is not None and len(table.rows) > table.pdf_limit else None
        if limit is not None:
            paragraph(table.limit_note, 9)
            pdf.ln(1)
        draw(table, limit)
        if limit is not None:
            pdf.ln(2)
            paragraph(table.limit_note, 9)
        if table.note:
            paragraph(table.note, 8)
    return bytes(pdf.output())
