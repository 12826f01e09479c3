"""The PDF kit shared by the reports (core/reports/pdf_report.py) and the publication grid: DejaVu fonts
(citizens' texts hold characters beyond latin-1), a glyph filter, and a fast table laid out by hand.

fpdf2's own `table()` re-measures every line it wraps and takes about 20 ms a row (13 s for a year of
posts); measuring with a per-character width cache takes well under a millisecond, which is what lets a
report of a thousand rows come out in a fraction of a second.
"""

from __future__ import annotations

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

