"""Where the pages, the CLI and the publication grid import the reports' shared names from; each lives in its
own module: the periods in periods.py, the report model in model.py, the files in formats.py (XLSX in
xlsx_report.py, CSV in csv_report.py, PDF in pdf_report.py). Modules of this package import those directly."""

from core.reports.formats import FORMATS, MIME, file_name, report_bytes
from core.reports.model import Col, Figure, Header, Report, Table, change, frame, header_of
from core.reports.periods import (
    PeriodError,
    day_window,
    month_bounds,
    month_text,
    previous_semester,
    semester_bounds,
    semester_text,
)

__all__ = [
    "FORMATS", "MIME", "Col", "Figure", "Header", "PeriodError", "Report", "Table", "change", "day_window",
    "file_name", "frame", "header_of", "month_bounds", "month_text", "previous_semester", "report_bytes",
    "semester_bounds", "semester_text",
]
