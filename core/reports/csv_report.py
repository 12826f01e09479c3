"""A report's list as CSV (issue 7, point 3): UTF-8 with a BOM and `;` between fields (what Excel expects with
Colombian regional settings), `,` on request; dates `dd/mm/aaaa`. A text cell that starts with `=`, `+`,
`-`, `@`, a tab or a carriage return gets a leading apostrophe (OWASP's rule against CSV injection) and is
otherwise unchanged; an empty value stays empty."""

from __future__ import annotations

import csv
import io

from core.files.spreadsheet_safety import safe_text
from core.reports.model import Report, Table
from core.reports.values import display, excel_values, moments_text, plain

SEPARATORS = (";", ",")


def table_csv(table: Table, separator: str = ";") -> bytes:
    """A table as CSV: UTF-8 with BOM, `;` (es-CO Excel) or `,`, headers in the first row, texts made safe."""
    if separator not in SEPARATORS:
        raise ValueError(f"separador no válido: {separator!r}")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow([safe_text(col.name) for col in table.columns])
    shown = display if separator == ";" else plain
    columns = []
    for col in table.columns:
        values = table.rows[col.name]
        if col.kind in ("text", "link"):
            columns.append([safe_text(text) or "" for text in excel_values(values, col.kind)])
        elif col.kind in ("date", "datetime"):
            columns.append(moments_text(values, col.kind))
        else:
            columns.append([shown(value, col.kind) for value in values.tolist()])
    writer.writerows(zip(*columns))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_csv(report: Report, separator: str = ";") -> bytes:
    """The report's list (its only table a CSV holds)."""
    listing = report.listing
    if listing is None:
        raise ValueError(f"el informe {report.kind} no tiene lista para CSV")
    return table_csv(listing, separator)
