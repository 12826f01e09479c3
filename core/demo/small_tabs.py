"""The office's small tabs: Plantillas, Informes, Listas, Usuarios and Ajustes."""

from __future__ import annotations

import random
from datetime import date, timedelta

from core.demo.data import (
    AREA_NAMES,
    AREAS,
    ATC,
    DEMO_SETTINGS,
    LEADER,
    NETWORKS,
    PLAN_AXES,
    SPAN_DAYS,
    STAFF,
    VALUE_GROUPS,
    Row,
)
from core.demo.dates import closed_days, months_back, office_days
from core.demo.texts import TEMPLATES, TOPIC_NAMES
from core.demo.values import drive_file, journalist_of
from core.settings import SETTINGS


def template_rows(rng: random.Random, count: int, today: date) -> list[Row]:
    return [
        {"Nombre": name, "Texto": text, "Última revisión": today - timedelta(days=rng.randint(20, 300))}
        for name, text in TEMPLATES[:count]
    ]


def report_periods(today: date) -> list[tuple[str, str, date]]:
    """(Periodo, Tipo, day sent) of the reports already due, most recent first: the monthly PQRS report
    on the 5th business day of the next month, the semester report on the 10th after the semester."""
    periods = []
    for month in months_back(today, 24):
        year, number = int(month[:4]), int(month[5:])
        month_end = date(year + number // 12, number % 12 + 1, 1) - timedelta(days=1)
        periods.append((month, "PQRS mensual", office_days(today).add(month_end, 5)))
    for year in range(today.year - 2, today.year + 1):
        for semester, semester_end in ((1, date(year, 6, 30)), (2, date(year, 12, 31))):
            if semester_end >= today - timedelta(days=SPAN_DAYS):
                periods.append(
                    (f"{year}-{semester}", "Semestral de redes", office_days(today).add(semester_end, 10))
                )
    return sorted(
        (period for period in periods if period[2] <= today), key=lambda period: period[2], reverse=True
    )


def report_rows(rng: random.Random, periods: list[tuple[str, str, date]]) -> list[Row]:
    recipients = {
        "PQRS mensual": f"{LEADER.email}, {ATC.email}",
        "Semestral de redes": f"{LEADER.email}, direccion@dadep.gov.co",
    }
    return [
        {
            "Periodo": period,
            "Tipo": kind,
            "Fecha de envío": sent,
            "Destinatarios": recipients[kind],
            "Enlace": drive_file(rng),
        }
        for period, kind, sent in reversed(periods)
    ]


def list_rows(count: int, today: date) -> list[Row]:
    """One list per column; `Periodista del área` is the journalist of the area on the same row."""
    closed = closed_days(today)
    suspended = [today - timedelta(days=back) for back in (290, 95)]
    columns = {
        "Áreas": AREA_NAMES,
        "Periodista del área": [journalist_of(index).name for index in range(len(AREAS))],
        "Redes": NETWORKS,
        "Temas": TOPIC_NAMES,
        "Grupos de valor": VALUE_GROUPS,
        "Ejes del plan": PLAN_AXES,
        "Días no hábiles": closed,
        "Suspensión de términos": [day - timedelta(days=max(0, day.weekday() - 4)) for day in suspended],
    }
    return [
        {name: values[row] for name, values in columns.items() if row < len(values)} for row in range(count)
    ]


def user_rows(count: int) -> list[Row]:
    rows = []
    for person in STAFF[:count]:
        row: Row = {"Correo": person.email, "Nombre": person.name, "Roles": list(person.roles)}
        if person.area:
            row["Área"] = person.area
        rows.append(row)
    return rows


def setting_rows(count: int) -> list[Row]:
    """The leader's settings written out so the sheet shows where they live: the demo office's contact data
    (so the templates read whole) and the rest at their defaults."""
    return [{"Ajuste": setting.name, "Valor": DEMO_SETTINGS.get(setting.name, setting.default)}
            for setting in SETTINGS[:count]]
