"""The files a report is written to (XLSX, PDF, CSV), their MIME types and download names; `report_bytes`
hands a report to the writer of the format asked for."""

from __future__ import annotations

import re
import unicodedata

from core.reports.csv_report import report_csv
from core.reports.model import Report
from core.reports.pdf_report import report_pdf
from core.reports.xlsx_report import report_xlsx

FORMATS = ("xlsx", "pdf", "csv")
MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv",
}


def file_name(report: Report, file_format: str) -> str:
    """A download name, e.g. `informe-pqrs-mensual_2026-10.xlsx`, `informe-cierre_est-20261101-ab12.pdf`."""
    ascii_text = unicodedata.normalize("NFKD", report.period_key).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:60]
    return f"informe-{report.kind}_{slug}.{file_format}"


def report_bytes(report: Report, file_format: str, separator: str = ";") -> bytes:
    """The report as a file: xlsx, pdf, or csv (the list only; `separator` `;` or `,`)."""
    if file_format not in report.formats:
        raise ValueError(f"el informe {report.kind} no se escribe en {file_format}; "
                         f"formatos: {', '.join(report.formats)}")
    if file_format == "xlsx":
        return report_xlsx(report)
    if file_format == "csv":
        return report_csv(report, separator)
    return report_pdf(report)
