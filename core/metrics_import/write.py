"""The import's write: a plan (plan.py) through the register's one write path, one bulk create and one bulk
update, each checked row by row, and what it did as a report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from core.fmt import fmt_date, fmt_int
from core.metrics_import.figures import Skipped
from core.metrics_import.plan import ACTION, TAB, MetricsPlan
from core.register import Writer
from core.sheet.contract import POSTS_TAB
from core.sheet.models import InvalidRecord, validated

CREATE_CHUNK = 5_000  # records per store call (a store splits them further into requests it can send)


@dataclass
class MetricsReport:
    """What an import did: counts, the rows skipped with their reason, notices, and one summary line."""

    network: str | None = None
    label: str = ""
    filename: str = ""
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    as_of: date | None = None
    as_of_source: str = ""
    error: str | None = None  # the file could not be read: nothing was written
    account: str = ""  # the export's account against Cuentas, as one sentence

    @property
    def summary(self) -> str:
        if self.error:
            return f"No se importó nada: {self.error}"
        return (f"Métricas de {self.label}: {fmt_int(self.rows_read)} filas leídas; publicaciones creadas: "
                f"{fmt_int(self.created)}, actualizadas: {fmt_int(self.updated)}, sin cambios: "
                f"{fmt_int(self.unchanged)}, omitidas: {fmt_int(len(self.skipped))}.")

    def lines(self) -> list[str]:
        """Everything to show, in order: skipped rows, notices, the account, the date of the figures, the
        summary."""
        if self.error:
            return [self.summary]
        out = [f"omitida: {skipped}" for skipped in sorted(self.skipped, key=lambda s: s.row)]
        out += [f"aviso: {notice}" for notice in self.notices]
        if self.account:
            out.append(self.account)
        if self.as_of:
            out.append(f"Cifras al {fmt_date(self.as_of)} ({self.as_of_source}).")
        out.append(self.summary)
        return out


def apply_plan(writer: Writer, plan: MetricsPlan) -> MetricsReport:
    """Write `plan` through `writer`: the new posts in bulk, then the changed cells in bulk. A record the
    register refuses, or a row someone changed since it was read, is skipped with its reason; the others are
    still written."""
    parsed = plan.parsed
    report = MetricsReport(parsed.network, parsed.label, parsed.filename, parsed.rows_read, unchanged=plan.unchanged,
                           skipped=list(plan.skipped), notices=list(plan.notices), as_of=plan.as_of,
                           as_of_source=plan.as_of_source, account=plan.account.line)
    _create(writer, plan.creates, report)
    _update(writer, plan.edits, report)
    return report


def _create(writer: Writer, creates: list[tuple[int, dict[str, Any]]], report: MetricsReport) -> None:
    """Append the new posts in bulk; a record the register refuses is skipped with its reason and the
    others are still written."""
    context = writer.register.context()
    for start in range(0, len(creates), CREATE_CHUNK):
        chunk = creates[start:start + CREATE_CHUNK]
        try:
            writer.create_many(TAB, [record for _, record in chunk], action=ACTION)
        except InvalidRecord:
            good = []
            for row, record in chunk:
                try:
                    validated(POSTS_TAB, record, context)
                except InvalidRecord as error:
                    reasons = "; ".join(str(problem) for problem in error.errors)
                    report.skipped.append(Skipped(row, f"no se pudo crear: {reasons}"))
                    continue
                good.append(record)
            if good:
                writer.create_many(TAB, good, action=ACTION)
            report.created += len(good)
            continue
        report.created += len(chunk)


def _update(writer: Writer, edits: list[tuple[int, dict[str, Any], dict[str, Any]]], report: MetricsReport) -> None:
    if not edits:
        return
    results = writer.update_many(TAB, [(seen, changes) for _, seen, changes in edits], action=ACTION)
    for (row, _, _), result in zip(edits, results, strict=True):
        if result.error is not None:
            report.skipped.append(Skipped(row, f"no se actualizó: {result.error}"))
        elif result.fields:
            report.updated += 1
        else:
            report.unchanged += 1


__all__ = ["MetricsReport", "apply_plan"]
