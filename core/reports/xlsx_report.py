"""A report as a workbook: a summary sheet (header, figures, rules and sources, the tables that belong there,
the narrative) and one sheet per table that has its own (the list: headers in row 1, frozen). Dates are
real date cells shown `dd/mm/aaaa`; a text that looks like a formula stays inert text (core/reports/workbook.py)."""

from __future__ import annotations

import pandas as pd

from core.fmt import fmt_datetime
from core.reports.model import Col, Report, Table
from core.reports.values import cell_text, excel_values
from core.reports.workbook import Workbook

SUMMARY_SHEET = "Resumen"
_STYLED = {"number", "pct", "date", "datetime"}  # kinds written with a number format


def report_xlsx(report: Report) -> bytes:
    """The workbook's bytes: the summary sheet first, then the tables' own sheets."""
    book = Workbook(f"{report.title} — {report.period_text}")
    summary = book.sheet(SUMMARY_SHEET, widths=(46, 22, 22, 18, 18, 18, 18, 18, 18))
    _heading(summary, report)
    _figures(summary, report)
    if report.notes:
        summary.append()
        summary.append([("Reglas y fuentes", "big")])
        for note in report.notes:
            summary.append([cell_text(note)])
    for table in report.tables:
        if table.sheet is None:
            summary.append()
            _write_table(summary, table, with_title=True)
    _narrative(summary, report)
    for table in report.tables:
        if table.sheet is not None:
            sheet = book.sheet(table.sheet, widths=[_excel_width(col) for col in table.columns], freeze_header=True)
            _write_table(sheet, table, with_title=False)
    return book.save()


def _heading(summary, report: Report) -> None:
    """The title, the header's rows, the period, when it was made, and the note of an empty period."""
    summary.append([(cell_text(report.title), "big")])
    for label, value in (*report.header.rows(), ("Periodo", report.period_text),
                         ("Elaborado", fmt_datetime(report.made_at))):
        summary.append([(cell_text(label), "bold"), cell_text(value)])
    if report.empty_note:
        summary.append()
        summary.append([(cell_text(report.empty_note), "bold")])


def _figures(summary, report: Report) -> None:
    """The key figures: label, value (a real number or date cell) and source."""
    summary.append()
    summary.append([("Cifras", "big")])
    summary.append([(name, "header") for name in ("Cifra", "Valor", "Fuente")])
    for figure in report.figures:
        kind = figure.kind if figure.kind in _STYLED or figure.kind == "int" else "text"
        value = excel_values(pd.Series([figure.value], dtype=object), kind)[0]
        summary.append([cell_text(figure.label), (value, kind if kind in _STYLED else ""), cell_text(figure.source)])


def _narrative(summary, report: Report) -> None:
    """«Análisis» and «Recomendaciones», a row per paragraph."""
    for title, text in (("Análisis", report.analysis), ("Recomendaciones", report.recommendations)):
        summary.append()
        summary.append([(title, "big")])
        for paragraph in (text or "").strip().split("\n"):
            summary.append([cell_text(paragraph)])


def _write_table(sheet, table: Table, with_title: bool) -> None:
    if with_title:
        sheet.append([(cell_text(table.title), "big")])
    sheet.append([(cell_text(col.name), "header") for col in table.columns])
    columns = [excel_values(table.rows[col.name], col.kind) for col in table.columns]
    kinds = [col.kind if col.kind in _STYLED or col.kind == "int" else "text" for col in table.columns]
    sheet.extend(columns, kinds)
    if table.note and with_title:  # a table on its own sheet stays a plain grid; its note is on the summary
        sheet.append([cell_text(table.note)])


def _excel_width(col: Col) -> float:
    if col.kind in ("text", "link"):
        return 60 if col.pdf_chars else max(12, min(40, len(col.name) + 4))
    return {"datetime": 20, "date": 12}.get(col.kind, max(10, len(col.name) + 2))
