"""Reports sent (`Informes`): recording one, and the months whose monthly PQRS report was not sent by the
office's deadline (the setting «Días hábiles para enviar el informe mensual», business days after the
month ends), so a year of reports can be shown to an auditor."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd

from core.domain.business_days import BusinessDays
from core.errors import ActionRefused
from core.fmt import fmt_date
from core.register import Writer
from core.reports.periods import month_bounds, semester_bounds
from core.settings import MONTHLY_REPORT_DAYS, Settings
from core.sheet.cells import is_empty, normalize
from core.sheet.contract import REPORTS_SENT_TAB
from core.sheet.rows import frame_records

# The `Tipo` each report is recorded with (the CLI's names are the reports' keys).
TYPES = {"pqrs-mensual": "PQRS mensual", "semestral": "Semestral de redes", "cierre": "Cierre de campaña"}
MONTHLY = TYPES["pqrs-mensual"]


def record_sent(writer: Writer, tables: Mapping[str, pd.DataFrame], kind: str, period: str, sent_on: date,
                recipients: str, link: str | None) -> str:
    """Write (or complete) the `Informes` row of this report and period; returns its key. Refused without
    recipients, and for a month or a semester that has not ended by `sent_on` (its report cannot be final)."""
    if is_empty(recipients):
        raise ActionRefused("Destinatarios: escriba a quién se envió el informe (por ejemplo, «Líder de "
                            "Comunicaciones, Atención a la Ciudadanía»).")
    bounds = {"pqrs-mensual": month_bounds, "semestral": semester_bounds}.get(kind)
    if bounds is not None:
        last = bounds(period)[1]
        if sent_on <= last:
            which = "el mes" if kind == "pqrs-mensual" else "el semestre"
            raise ActionRefused(f"Fecha de envío: {which} {period} termina el {fmt_date(last)}; su informe se "
                                "registra como enviado después de esa fecha.")
    wanted = (normalize(period), normalize(TYPES[kind]))
    for _, row in frame_records(tables[REPORTS_SENT_TAB.name]):
        if (normalize(row.get("Periodo")), normalize(row.get("Tipo"))) == wanted:
            writer.update(REPORTS_SENT_TAB.name, row, {"Fecha de envío": sent_on, "Destinatarios": recipients,
                                               "Enlace": link or row.get("Enlace")}, action="registrar envío")
            return f"{period} · {TYPES[kind]}"
    return writer.create(REPORTS_SENT_TAB.name, {"Periodo": period, "Tipo": TYPES[kind], "Fecha de envío": sent_on,
                                         "Destinatarios": recipients, "Enlace": link or None})


@dataclass(frozen=True)
class MonthState:
    month: str  # AAAA-MM
    due: date
    sent_on: date | None

    @property
    def late(self) -> bool:
        return self.sent_on is None or self.sent_on > self.due

    def text(self) -> str:
        if self.sent_on is None:
            return f"{self.month}: el informe mensual de PQRS no se ha enviado (vencía el {self.due:%d/%m/%Y})."
        return f"{self.month}: enviado el {self.sent_on:%d/%m/%Y}, después del plazo ({self.due:%d/%m/%Y})."


def monthly_states(tables: Mapping[str, pd.DataFrame], today: date, settings: Settings, days: BusinessDays,
                   months: int = 12) -> list[MonthState]:
    """The last `months` months already due, newest first, with the day their report was due and sent."""
    sent: dict[str, date] = {}
    for _, row in frame_records(tables[REPORTS_SENT_TAB.name]):
        if normalize(row.get("Tipo")) == normalize(MONTHLY) and not is_empty(row.get("Fecha de envío")):
            day = row["Fecha de envío"]
            sent[str(row.get("Periodo")).strip()] = day.date() if hasattr(day, "date") else day
    states = []
    first_of_month = today.replace(day=1)
    for _ in range(months + 1):
        last_day = first_of_month - timedelta(days=1)
        first_of_month = last_day.replace(day=1)
        month = f"{last_day:%Y-%m}"
        due = days.add(last_day, settings[MONTHLY_REPORT_DAYS])
        if due < today or month in sent:
            states.append(MonthState(month, due, sent.get(month)))
    return states[:months]


def sent_rows(tables: Mapping[str, pd.DataFrame]) -> list[dict[str, Any]]:
    """`Informes` rows, newest period first."""
    rows = [row for _, row in frame_records(tables[REPORTS_SENT_TAB.name])]
    return sorted(rows, key=lambda row: str(row.get("Periodo") or ""), reverse=True)
