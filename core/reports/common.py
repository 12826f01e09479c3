"""What every report shares: the entity's header, the periods, the report model a page previews, and the
writers that turn it into files (XLSX and CSV here; PDF in core/reports/pdf.py).

Safe, faithful files (issue 7, point 3): in a CSV or XLSX report a text cell that starts with `=`, `+`, `-`,
`@`, a tab or a carriage return gets a leading apostrophe (OWASP's rule against CSV injection) and is
otherwise unchanged; an empty value stays empty. The register's own `exportar` keeps text exactly as typed
and never goes through here. CSV is UTF-8 with a BOM and `;` between fields (what Excel expects with
Colombian regional settings), `,` on request. Dates are `dd/mm/aaaa` (real date cells in XLSX).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from core.files.spreadsheet_safety import safe_text
from core.fmt import fmt_date, fmt_datetime, fmt_int, fmt_number, fmt_pct
from core.settings import ENTITY_AREA, ENTITY_NAME, SIG_CODE, SIG_VERSION, Settings
from core.sheet.cells import BOGOTA

FORMATS = ("xlsx", "pdf", "csv")
MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv",
}
SEPARATORS = (";", ",")
SUMMARY_SHEET = "Resumen"
MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")


# --- the header -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Header:
    """What heads every report: the entity, the area and the format's code and version in the SIG."""

    entity: str
    area: str
    sig_code: str
    sig_version: str

    def sig_text(self) -> str:
        return f"Código SIG: {self.sig_code or 'sin definir'} · Versión: {self.sig_version or 'sin definir'}"

    def rows(self) -> list[tuple[str, str]]:
        return [("Entidad", self.entity), ("Área", self.area), ("Código SIG", self.sig_code),
                ("Versión", self.sig_version)]


def header_of(settings: Settings) -> Header:
    """The header from the settings in force (Ajustes): name, area, SIG code and version."""
    return Header(settings[ENTITY_NAME] or ENTITY_NAME.default, settings[ENTITY_AREA] or ENTITY_AREA.default,
                  settings[SIG_CODE] or "", settings[SIG_VERSION] or "")


# --- periods ----------------------------------------------------------------------------------------------

class PeriodError(ValueError):
    """A month or semester that cannot be read; the message is Spanish."""


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_SEMESTER = re.compile(r"^(\d{4})-([12])$")


def month_bounds(text: str) -> tuple[date, date]:
    """`2026-10` -> (1 Oct 2026, 31 Oct 2026)."""
    match = _MONTH.match(str(text).strip())
    if not match or not 1 <= int(match[2]) <= 12 or not 1990 <= int(match[1]) <= 2100:
        raise PeriodError(f"«{text}» no es un mes; escríbalo como AAAA-MM (por ejemplo 2026-10)")
    first = date(int(match[1]), int(match[2]), 1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def month_text(text: str) -> str:
    """`2026-10` -> `octubre de 2026`."""
    first, _ = month_bounds(text)
    return f"{MONTHS[first.month - 1]} de {first.year}"


def semester_bounds(text: str) -> tuple[date, date]:
    """`2026-1` -> January to June 2026; `2026-2` -> July to December 2026."""
    match = _SEMESTER.match(str(text).strip())
    if not match or not 1990 <= int(match[1]) <= 2100:
        raise PeriodError(f"«{text}» no es un semestre; escríbalo como AAAA-1 (enero a junio) o AAAA-2 (julio a "
                          "diciembre), por ejemplo 2026-2")
    year = int(match[1])
    return (date(year, 1, 1), date(year, 6, 30)) if match[2] == "1" else (date(year, 7, 1), date(year, 12, 31))


def previous_semester(text: str) -> str:
    """`2026-1` -> `2025-2`; `2026-2` -> `2026-1`."""
    start, _ = semester_bounds(text)
    return f"{start.year - 1}-2" if start.month == 1 else f"{start.year}-1"


def semester_text(text: str) -> str:
    """`2026-2` -> `2026-2 (julio a diciembre de 2026)`."""
    start, _ = semester_bounds(text)
    return f"{text.strip()} ({'enero a junio' if start.month == 1 else 'julio a diciembre'} de {start.year})"


def day_window(first: date, last: date) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Bogotá midnights bounding the days `first`..`last` (the second is exclusive), for datetime columns."""
    return (pd.Timestamp(first).tz_localize(BOGOTA),
            pd.Timestamp(last + timedelta(days=1)).tz_localize(BOGOTA))


# --- the model a page previews ----------------------------------------------------------------------------

# How a column's values are shown: text (or link), int, number (one decimal), pct (a fraction), date,
# datetime (Bogotá), bool (Sí/No).
KINDS = ("text", "link", "int", "number", "pct", "date", "datetime", "bool")


@dataclass(frozen=True)
class Col:
    """A column of a report table: its header, kind, and how the PDF shows it (width in mm, 0 = share the
    rest; `pdf_chars` cuts longer texts with «…»; `pdf=False` leaves it out of the PDF)."""

    name: str
    kind: str = "text"
    width: float = 0.0
    pdf_chars: int = 0
    pdf: bool = True
    pdf_name: str | None = None


@dataclass(frozen=True)
class Table:
    """A table of a report. `rows` has one column per `Col`, named alike, holding plain values (int, float,
    date, datetime, str, bool or None). `sheet`: its own XLSX sheet (headers in row 1); None puts it on the
    summary sheet. `listing`: the report's list (the CSV's content, last in the PDF). `pdf_limit`: the most
    rows the PDF shows, then `limit_note`."""

    title: str
    columns: tuple[Col, ...]
    rows: pd.DataFrame
    note: str = ""
    sheet: str | None = None
    listing: bool = False
    pdf_limit: int | None = None
    limit_note: str = ""

    def preview(self, limit: int | None = None) -> pd.DataFrame:
        """The rows (the first `limit`) as a page shows them: every value as Spanish text (dates dd/mm/aaaa,
        `4,5 %`, `12.345`)."""
        rows = self.rows if limit is None else self.rows.head(limit)
        return pd.DataFrame({col.name: [display(value, col.kind) for value in rows[col.name]]
                             for col in self.columns}, index=range(len(rows)))


@dataclass(frozen=True)
class Figure:
    """A key figure: label, value (kind as in `Col`), and where it comes from."""

    label: str
    value: Any
    kind: str = "int"
    source: str = ""

    @property
    def text(self) -> str:
        return display(self.value, self.kind) or "—"


@dataclass(frozen=True)
class Report:
    """A report ready to preview or write. `analysis` and `recommendations` are the narrative sections
    people edit; `notes` state the rules and sources the figures follow; `empty_note` says the period had
    no data (the files are still written)."""

    kind: str  # pqrs-mensual, semestral, cierre
    title: str
    period_key: str  # 2026-10, 2026-2, the campaign's ID
    period_text: str
    header: Header
    made_at: datetime
    figures: tuple[Figure, ...]
    tables: tuple[Table, ...]
    charts: tuple[Any, ...] = ()  # Altair charts (core/charts.py), the same the pages draw
    notes: tuple[str, ...] = ()
    analysis: str = ""
    recommendations: str = ""
    empty_note: str | None = None
    formats: tuple[str, ...] = ("xlsx", "pdf")

    def table(self, title: str) -> Table:
        return next(table for table in self.tables if table.title == title)

    @property
    def listing(self) -> Table | None:
        return next((table for table in self.tables if table.listing), None)

    def with_texts(self, analysis: str | None = None, recommendations: str | None = None) -> Report:
        """The same report with edited narrative sections (None keeps the current text)."""
        return replace(self, analysis=self.analysis if analysis is None else analysis,
                       recommendations=self.recommendations if recommendations is None else recommendations)


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(value != value)
    except (TypeError, ValueError):
        return False


def display(value: Any, kind: str) -> str:
    """A value as a person reads it (es-CO); "" when missing."""
    if _missing(value):
        return ""
    if kind == "int":
        return fmt_int(value)
    if kind == "number":
        return fmt_number(value, 1)
    if kind == "pct":
        return fmt_pct(value)
    if kind == "date":
        return fmt_date(value)
    if kind == "datetime":
        return fmt_datetime(value)
    if kind == "bool":
        return "Sí" if value else "No"
    return str(value)


def _plain(value: Any, kind: str) -> str:
    """A value for a `,`-separated CSV read by other tools: numbers without thousands and with a point."""
    if _missing(value):
        return ""
    if kind == "int":
        return str(int(value))
    if kind in ("number", "pct"):
        return f"{float(value) * (100 if kind == 'pct' else 1):.1f}"
    return display(value, kind)


def file_name(report: Report, formato: str) -> str:
    """A download name, e.g. `informe-pqrs-mensual_2026-10.xlsx`, `informe-cierre_est-20261101-ab12.pdf`."""
    ascii_text = unicodedata.normalize("NFKD", report.period_key).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:60]
    return f"informe-{report.kind}_{slug}.{formato}"


def report_bytes(report: Report, formato: str, separator: str = ";") -> bytes:
    """The report as a file: xlsx, pdf, or csv (the list only; `separator` `;` or `,`)."""
    if formato not in report.formats:
        raise ValueError(f"el informe {report.kind} no se escribe en {formato}; formatos: {', '.join(report.formats)}")
    if formato == "xlsx":
        return report_xlsx(report)
    if formato == "csv":
        return report_csv(report, separator)
    from core.reports.pdf import report_pdf

    return report_pdf(report)


# --- CSV --------------------------------------------------------------------------------------------------

def table_csv(table: Table, separator: str = ";") -> bytes:
    """A table as CSV: UTF-8 with BOM, `;` (es-CO Excel) or `,`, headers in the first row, texts made safe."""
    if separator not in SEPARATORS:
        raise ValueError(f"separador no válido: {separator!r}")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow([safe_text(col.name) for col in table.columns])
    shown = display if separator == ";" else _plain
    columns = []
    for col in table.columns:
        values = table.rows[col.name]
        if col.kind in ("text", "link"):
            columns.append([safe_text(text) or "" for text in _excel_values(values, col.kind)])
        elif col.kind in ("date", "datetime"):
            columns.append(_moments_text(values, col.kind))
        else:
            columns.append([shown(value, col.kind) for value in values.tolist()])
    writer.writerows(zip(*columns))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _moments_text(values: pd.Series, kind: str) -> list[str]:
    """Dates as `dd/mm/aaaa` and moments as `dd/mm/aaaa 3:00 p. m.` (Bogotá), the whole column at once (the
    same text as core.fmt gives one value at a time)."""
    moments = pd.to_datetime(values.astype(object).where(values.notna(), None), utc=kind == "datetime")
    if kind == "datetime":
        moments = moments.dt.tz_convert(BOGOTA)
    text = moments.dt.strftime("%d/%m/%Y")
    if kind == "datetime":
        hours = moments.dt.hour
        text = (text + " " + (hours % 12).replace(0, 12).astype("Int64").astype(str) + moments.dt.strftime(":%M ")
                + pd.Series(np.where(hours < 12, "a. m.", "p. m."), index=moments.index))
    return text.where(moments.notna(), "").tolist()


def report_csv(report: Report, separator: str = ";") -> bytes:
    listing = report.listing
    if listing is None:
        raise ValueError(f"el informe {report.kind} no tiene lista para CSV")
    return table_csv(listing, separator)


# --- XLSX -------------------------------------------------------------------------------------------------

_STYLED = {"number", "pct", "date", "datetime"}  # kinds written with a number format


def _excel_values(values: pd.Series, kind: str) -> list[Any]:
    """A column's values as the workbook writes them: naive Bogotá datetimes, dates, Sí/No, texts as typed (the
    writer keeps them within Excel's cell cap and marks those that look like a formula as text). Dates and
    moments are converted for the whole column at once."""
    if kind in ("date", "datetime"):
        moments = pd.to_datetime(values.astype(object).where(values.notna(), None), utc=kind == "datetime")
        if kind == "datetime":
            moments = moments.dt.tz_convert(BOGOTA).dt.tz_localize(None)
            return [None if stamp is pd.NaT or stamp != stamp else stamp.to_pydatetime() for stamp in moments]
        return [None if stamp is pd.NaT or stamp != stamp else stamp.date() for stamp in moments]
    if kind in ("text", "link"):
        texts = []
        for value in values.tolist():
            if value.__class__ is not str:
                value = None if _missing(value) else str(value)
            texts.append(value or None)
        return texts
    out: list[Any] = []
    for value in values.tolist():
        if _missing(value):
            out.append(None)
        elif kind == "int":
            out.append(int(value))
        elif kind in ("number", "pct"):
            out.append(float(value))
        elif kind == "bool":
            out.append("Sí" if value else "No")
        else:
            out.append(_text(value))
    return out


def _text(value: Any) -> str | None:
    """A value as the text of a workbook cell (None when empty); the writer keeps formula-looking text inert."""
    return None if _missing(value) or value == "" else str(value)


def _write_table(sheet, table: Table, with_title: bool) -> None:
    if with_title:
        sheet.append([(_text(table.title), "big")])
    sheet.append([(_text(col.name), "header") for col in table.columns])
    columns = [_excel_values(table.rows[col.name], col.kind) for col in table.columns]
    kinds = [col.kind if col.kind in _STYLED or col.kind == "int" else "text" for col in table.columns]
    sheet.extend(columns, kinds)
    if table.note and with_title:  # a table on its own sheet stays a plain grid; its note is on the summary
        sheet.append([_text(table.note)])


def report_xlsx(report: Report) -> bytes:
    """The report as a workbook: a summary sheet (header, figures, rules and sources, the tables that belong
    there, the narrative) and one sheet per table that has its own (the list: headers in row 1, frozen)."""
    from core.reports.workbook import Workbook

    book = Workbook(f"{report.title} — {report.period_text}")
    summary = book.sheet(SUMMARY_SHEET, widths=(46, 22, 22, 18, 18, 18, 18, 18, 18))
    summary.append([(_text(report.title), "big")])
    for label, value in (*report.header.rows(), ("Periodo", report.period_text),
                         ("Elaborado", fmt_datetime(report.made_at))):
        summary.append([(_text(label), "bold"), _text(value)])
    if report.empty_note:
        summary.append()
        summary.append([(_text(report.empty_note), "bold")])
    summary.append()
    summary.append([("Cifras", "big")])
    summary.append([(name, "header") for name in ("Cifra", "Valor", "Fuente")])
    for figure in report.figures:
        kind = figure.kind if figure.kind in _STYLED or figure.kind == "int" else "text"
        value = _excel_values(pd.Series([figure.value], dtype=object), kind)[0]
        summary.append([_text(figure.label), (value, kind if kind in _STYLED else ""), _text(figure.source)])
    if report.notes:
        summary.append()
        summary.append([("Reglas y fuentes", "big")])
        for note in report.notes:
            summary.append([_text(note)])
    for table in report.tables:
        if table.sheet is None:
            summary.append()
            _write_table(summary, table, with_title=True)
    for title, text in (("Análisis", report.analysis), ("Recomendaciones", report.recommendations)):
        summary.append()
        summary.append([(title, "big")])
        for paragraph in (text or "").strip().split("\n"):
            summary.append([_text(paragraph)])
    for table in report.tables:
        if table.sheet is not None:
            sheet = book.sheet(table.sheet, widths=[_excel_width(col) for col in table.columns], freeze_header=True)
            _write_table(sheet, table, with_title=False)
    return book.save()


def _excel_width(col: Col) -> float:
    if col.kind in ("text", "link"):
        return 60 if col.pdf_chars else max(12, min(40, len(col.name) + 4))
    return {"datetime": 20, "date": 12}.get(col.kind, max(10, len(col.name) + 2))


# --- small helpers the reports share ----------------------------------------------------------------------

def frame(rows: Sequence[Mapping[str, Any]] | pd.DataFrame, columns: Sequence[Col]) -> pd.DataFrame:
    """Rows (dicts) as a frame with exactly the columns' names, in order (object dtype: plain values)."""
    names = [col.name for col in columns]
    if isinstance(rows, pd.DataFrame):
        table = rows.reindex(columns=names).astype(object).reset_index(drop=True)
    else:
        table = pd.DataFrame(list(rows), columns=names, dtype=object)
    return table.where(table.notna(), None)  # NaN, NaT and NA all read as None


def change(current: float | int | None, previous: float | int | None) -> float | None:
    """The relative change from `previous` to `current` (0.25 = +25 %); None without a previous figure."""
    if _missing(current) or _missing(previous) or not previous:
        return None
    return (float(current) - float(previous)) / float(previous)

