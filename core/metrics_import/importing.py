"""The import as people run it: the command line parses, plans and writes at once (`import_metrics`); the
Métricas page shows the plan first (`plan_metrics_file`) and writes it when the person confirms
(`confirm_import`). A person's right to import is checked before their file is read.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import BinaryIO

from core.domain.permissions import require
from core.metrics_import.export import parse_export
from core.metrics_import.figures import ExportError, ParsedExport
from core.metrics_import.plan import ACTION, FIX_ON_PAGE, TAB, MetricsPlan, plan_import
from core.metrics_import.write import MetricsReport, apply_plan
from core.register import Writer


def import_metrics(writer: Writer, parsed: ParsedExport, today: date | None = None) -> MetricsReport:
    """Plan and write the import of `parsed` at once, as the command line does (plan.py, write.py)."""
    return apply_plan(writer, plan_import(writer.register, parsed, today))


def _check_right(writer: Writer) -> None:
    """The person's right to import (`ActionRefused`); a writer without roles (the command line) has every
    right."""
    if writer.roles is not None:
        require(writer.roles, TAB, ACTION, {}, writer.area)


def import_metrics_file(writer: Writer, data: bytes | BinaryIO, filename: str,
                        network: str | None = None, today: date | None = None) -> MetricsReport:
    """Parse and import an uploaded file at once through `writer` (the person working, with their roles). The
    person's right to import is checked before the file is read (`ActionRefused`). A file that cannot be read
    gives a report whose `error` says why (nothing written); store failures raise `StoreError`, as every
    write does."""
    _check_right(writer)
    try:
        parsed = parse_export(data, filename=filename, network=network)
    except ExportError as error:
        return MetricsReport(filename=Path(filename or "").name, error=str(error))
    return import_metrics(writer, parsed, today)


def plan_metrics_file(writer: Writer, data: bytes | BinaryIO, filename: str, network: str | None = None,
                      today: date | None = None) -> MetricsPlan:
    """What the Métricas page previews: an uploaded file parsed and planned against the register, nothing
    written. The person's right to import is checked before the file is read (`ActionRefused`); a file that
    cannot be read raises `ExportError` (its `on_page` says why without naming a command)."""
    _check_right(writer)
    return plan_import(writer.register, parse_export(data, filename=filename, network=network), today, FIX_ON_PAGE)


def confirm_import(writer: Writer, previewed: MetricsPlan, today: date | None = None) -> MetricsReport:
    """Write what the page previewed: the same export planned again against the register as it is now (another
    import or an edit since the preview is not undone nor repeated), through the register's one write path.
    When the register changed since the preview, a notice says the counts differ from it."""
    _check_right(writer)
    plan = plan_import(writer.register, previewed.parsed, today, FIX_ON_PAGE)
    report = apply_plan(writer, plan)
    if plan.counts != previewed.counts:
        report.notices.append("el registro cambió entre la vista previa y la confirmación: se escribió lo que "
                              "correspondía al registro de ese momento")
    return report


__all__ = ["confirm_import", "import_metrics", "import_metrics_file", "plan_metrics_file"]
