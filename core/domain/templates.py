"""Answer templates (`Plantillas`): their placeholders filled from the contact data the leader or Atención a
la Ciudadanía confirmed in Ajustes, and a notice when a template is due for review.

A placeholder whose setting nobody filled stays visible as `{linea}` and is named in `missing`: Divulga
never invents contact data. `{numero_radicado}` comes from the message being answered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.settings import PLACEHOLDERS, TEMPLATE_REVIEW_MONTHS, Settings
from core.sheet.cells import is_empty

PLACEHOLDER = re.compile(r"\{(\w+)\}")
FILING_NUMBER = "numero_radicado"


@dataclass(frozen=True)
class Filled:
    text: str
    missing: tuple[str, ...]  # what to fill first, in Spanish (e.g. "Línea de atención (Ajustes)")
    unknown: tuple[str, ...]  # placeholders Divulga does not know, e.g. "{telefono}"


def fill(template: str, settings: Settings, message: Mapping[str, Any] | None = None) -> Filled:
    """The template with its placeholders filled; the ones that cannot be filled are kept and named."""
    missing: list[str] = []
    unknown: list[str] = []

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name == FILING_NUMBER:
            number = (message or {}).get("Número de radicado")
            if is_empty(number):
                missing.append("el número de radicado del mensaje (lo escribe Atención a la Ciudadanía)")
                return match.group(0)
            return str(number)
        setting = PLACEHOLDERS.get(name)
        if setting is None:
            unknown.append(match.group(0))
            return match.group(0)
        filled = settings[setting]
        if is_empty(filled):
            missing.append(f"{setting.name} (Ajustes)")
            return match.group(0)
        text = str(filled).strip()
        # «… de 7:00 a. m. a 4:30 p. m.» before the template's own period: one period, not two
        return text[:-1] if text.endswith(".") and template[match.end():match.end() + 1] == "." else text

    text = PLACEHOLDER.sub(value, template)
    return Filled(text, tuple(dict.fromkeys(missing)), tuple(dict.fromkeys(unknown)))


def review_due(template: Mapping[str, Any], today: date, settings: Settings) -> date | None:
    """When the template is due for review: `Última revisión` plus the months of the setting (None when
    it was never reviewed: then it is due now)."""
    last = template.get("Última revisión")
    if is_empty(last):
        return None
    last = last.date() if hasattr(last, "date") else last
    months = settings[TEMPLATE_REVIEW_MONTHS]
    month = last.month - 1 + months
    year, month = last.year + month // 12, month % 12 + 1
    for day in (last.day, 30, 29, 28):  # the same day of the month, or the month's last day
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def review_notice(template: Mapping[str, Any], today: date, settings: Settings) -> str | None:
    """A Spanish notice when the template has not been reviewed for the period the office set."""
    due = review_due(template, today, settings)
    months = settings[TEMPLATE_REVIEW_MONTHS]
    if due is None:
        return f"«{template.get('Nombre')}» nunca se ha revisado: revísela y escriba la fecha en Última revisión."
    if due <= today:
        return (f"«{template.get('Nombre')}» lleva más de {months} meses sin revisión (desde el "
                f"{template['Última revisión']:%d/%m/%Y}): revísela.")
    return None
