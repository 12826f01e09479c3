"""The request procedure as pure functions: each request's path, the due date of each stage, what is late.

docs/domain.md («The request flow») is the source. A *Publicación independiente* goes 1 → 2 → 3 → 5 → 6 → 7 → 8
and an *Estrategia integral* 1 → 4 → 5 → 6 → 7 → 8; a stage off the path is "No aplica" and never due.
Stages 1, 2 and 6 have one working day, Ajustes three (due on the third), counted from the day the stage
started (`Inicio de etapa`; the request's date when it was never set); material (3) and the campaign
strategy (4) are due 7 calendar days before the publication date; Publicación (7, «1 día»: the day of
publication) on the end — the publication date, or on the integral path the campaign's `Fin` — or one
working day after it started when that is later, so a request waiting for its date is not late; closure
(8) 2 working days after the end. A request is closed once in Cierre with its evidence sent, and open
unless closed or cancelled (`is_closed`, `is_open`: every view asks these). Everything takes the date as an
argument.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from core.domain.business_days import BusinessDays
from core.sheet.cells import BOGOTA, is_empty
from core.sheet.contract import CANCELLED, IN_CAMPAIGN, INDEPENDENT, STAGES

PATHS: dict[str, tuple[int, ...]] = {INDEPENDENT: (1, 2, 3, 5, 6, 7, 8), IN_CAMPAIGN: (1, 4, 5, 6, 7, 8)}
WORKING_DAYS = {1: 1, 2: 1, 5: 3, 6: 1, 7: 1}  # stage -> working days after it started (7: at least)
BEFORE_PUBLICATION = {3: 7, 4: 7}  # stage -> calendar days before the publication date
CLOSURE_DAYS = 2  # working days after the end
FEEDBACK_DAYS = 1  # working days after publishing (stage 7's own limit)
NOT_APPLICABLE = "No aplica"


def stage_number(name: Any) -> int | None:
    """1 to 8 for a stage's name, None for Cancelada or anything else."""
    return STAGES.index(name) + 1 if name in STAGES else None


def path(request: Mapping[str, Any]) -> tuple[int, ...]:
    return PATHS[request.get("Modalidad") or INDEPENDENT]


def day_of(value: Any) -> date | None:
    """A cell's calendar day in Bogotá (a date, or a moment's day); None for an empty or non-date cell."""
    if is_empty(value):
        return None
    if isinstance(value, datetime):
        return value.astimezone(BOGOTA).date() if value.tzinfo else value.date()
    return value if isinstance(value, date) else None


def stage_start(request: Mapping[str, Any]) -> date | None:
    """When the current stage started: `Inicio de etapa`, else the request's date."""
    return day_of(request.get("Inicio de etapa")) or day_of(request.get("Fecha de solicitud"))


def the_end(request: Mapping[str, Any], campaign_end: date | None = None) -> date | None:
    """What closure counts from: the campaign's end for a campaign request, else the publication date."""
    if request.get("Modalidad") == IN_CAMPAIGN and campaign_end is not None:
        return campaign_end
    return day_of(request.get("Fecha de publicación"))


@dataclass(frozen=True)
class Stage:
    """One stage of one request, as the detail view shows it."""

    number: int
    name: str
    applies: bool
    state: str  # "hecha", "en curso", "pendiente", "No aplica"
    due: date | None  # only for the stage in course and the dated ones ahead (3, 4, 8)


def due_of(number: int, request: Mapping[str, Any], days: BusinessDays, campaign_end: date | None = None,
           started: date | None = None) -> date | None:
    """When stage `number` of this request is due, had it started on `started` (its own start by default)."""
    if number in BEFORE_PUBLICATION:
        publication = day_of(request.get("Fecha de publicación"))
        return publication - timedelta(days=BEFORE_PUBLICATION[number]) if publication else None
    if number == 8:
        end = the_end(request, campaign_end)
        return days.add(end, CLOSURE_DAYS) if end else None
    start = started or stage_start(request)
    due = days.add(start, WORKING_DAYS[number]) if start else None
    if number == 7:  # the day of publication (the end), or a working day after it started when that is later
        return max((day for day in (the_end(request, campaign_end), due) if day), default=None)
    return due


def current_due(request: Mapping[str, Any], days: BusinessDays, campaign_end: date | None = None) -> date | None:
    """The due date of the stage the request is in (None when cancelled, or its stage is off its path)."""
    number = stage_number(request.get("Etapa"))
    if number is None or number not in path(request):
        return None
    return due_of(number, request, days, campaign_end)


def stages(request: Mapping[str, Any], days: BusinessDays, campaign_end: date | None = None) -> list[Stage]:
    """The eight stages of a request: done, in course, ahead, or not on its path."""
    current = stage_number(request.get("Etapa"))
    route = path(request)
    reached = route.index(current) if current in route else None  # None: cancelled, or a stage off its path
    shown = []
    for number, name in enumerate(STAGES, start=1):
        if number not in route:
            shown.append(Stage(number, name, False, NOT_APPLICABLE, None))
        elif request.get("Etapa") == CANCELLED:
            shown.append(Stage(number, name, True, "cancelada", None))
        elif reached is None:  # a stage off its path, typed by hand: nothing can be said
            shown.append(Stage(number, name, True, "pendiente", None))
        elif route.index(number) < reached or is_closed(request):
            shown.append(Stage(number, name, True, "hecha", None))
        elif number == current:
            shown.append(Stage(number, name, True, "en curso", due_of(number, request, days, campaign_end)))
        else:
            dated = number in BEFORE_PUBLICATION or number == 8
            shown.append(Stage(number, name, True, "pendiente",
                               due_of(number, request, days, campaign_end) if dated else None))
    return shown


def is_late(request: Mapping[str, Any], today: date, days: BusinessDays, campaign_end: date | None = None) -> bool:
    due = current_due(request, days, campaign_end)
    return due is not None and due < today and not is_closed(request)


def is_closed(request: Mapping[str, Any]) -> bool:
    """Done: in Cierre with the evidence sent (`Evidencias enviadas`)."""
    return stage_number(request.get("Etapa")) == 8 and not is_empty(request.get("Evidencias enviadas"))


def closed_rows(requests: pd.DataFrame) -> pd.Series:
    """`is_closed` for every row of the `Solicitudes` table at once (a snapshot's dated cells)."""
    return ((requests["Etapa"].astype(object) == STAGES[7]) & requests["Evidencias enviadas"].notna()).astype(bool)


def is_open(request: Mapping[str, Any]) -> bool:
    """Still to be worked on: neither closed nor cancelled (what can take a post, a campaign, an action)."""
    return request.get("Etapa") != CANCELLED and not is_closed(request)


def material_warning(publication: date | None, today: date) -> str | None:
    """At intake: a publication date that leaves less than 7 days for the material (a warning, never a
    refusal)."""
    if publication is None:
        return None
    left = (publication - today).days
    if left >= BEFORE_PUBLICATION[3]:
        return None
    when = "ya pasó" if left < 0 else "es hoy" if left == 0 else f"es en {left} día{'s' if left != 1 else ''}"
    return (f"La fecha de publicación {when}: el procedimiento pide recibir el material al menos 7 días calendario "
            "antes. Se puede registrar, pero acuerde con el área si la fecha es posible.")


def material_late(request: Mapping[str, Any], today: date) -> bool:
    """A request whose material (or campaign strategy) should be in and is not."""
    number = stage_number(request.get("Etapa"))
    if number is None or not is_empty(request.get("Material recibido")):
        return False
    stage = 3 if request.get("Modalidad") != IN_CAMPAIGN else 4
    publication = day_of(request.get("Fecha de publicación"))
    route = path(request)
    not_past = number in route and route.index(number) <= route.index(stage)
    return bool(publication) and not_past and today > publication - timedelta(days=BEFORE_PUBLICATION[stage])


# --- moving a request along its path ------------------------------------------------------------------------

APPROVAL_CHECKLIST = (
    "Las imágenes tienen texto alternativo",
    "Los videos tienen subtítulos",
    "El texto usa lenguaje claro",
    "Las piezas siguen el manual de marca",
)
ADJUSTMENTS, APPROVAL, PUBLICATION, CLOSURE = 5, 6, 7, 8


def next_stage(request: Mapping[str, Any]) -> int | None:
    """The stage after the current one on the request's path (None at the end, cancelled or off path)."""
    current, route = stage_number(request.get("Etapa")), path(request)
    if current not in route or current == route[-1]:
        return None
    return route[route.index(current) + 1]


# The approval of stage 6, as people name what it lacks: who approved, when, and the e-mail that proves it.
APPROVAL_CELLS = {
    "Aprobado por": "quién aprobó (Aprobado por)",
    "Fecha de aprobación": "la fecha (Fecha de aprobación)",
    "Soporte de aprobación": "el enlace al correo de aprobación (Soporte de aprobación)",
}


def approved(request: Mapping[str, Any]) -> bool:
    """The one approval rule: approver, date and evidence link, for leaving stage 6 and for publishing any
    post of the request (core/domain/posts.py)."""
    return all(not is_empty(request.get(name)) for name in APPROVAL_CELLS)


def unapproved_refusal(request: Mapping[str, Any]) -> str | None:
    """Why nothing of this request may be published yet, naming every cell its approval lacks; None when
    `approved`."""
    if approved(request):
        return None
    missing = [words for name, words in APPROVAL_CELLS.items() if is_empty(request.get(name))]
    lacks = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " ni " + missing[-1]
    which = "la solicitud" if is_empty(request.get("ID")) else f"la solicitud {request.get('ID')}"
    return (f"No se puede publicar sin aprobación: {which} aún no tiene {lacks}. Registre la aprobación en "
            "Solicitudes, etapa Revisión y aprobación.")


def advance_refusal(request: Mapping[str, Any]) -> str | None:
    """Why the request cannot go to its next stage now, in words that say what to do; None when it can."""
    stage = request.get("Etapa")
    current = stage_number(stage)
    if stage == CANCELLED:
        return "La solicitud está cancelada: no avanza."
    if current not in path(request):
        return (f"La etapa «{stage}» no es del camino de una {request.get('Modalidad') or INDEPENDENT}; "
                "corríjala en la hoja.")
    if current == CLOSURE:
        if is_closed(request):
            return "La solicitud está cerrada."
        return "La solicitud ya está en Cierre: registre el envío de las evidencias para cerrarla."
    if current in BEFORE_PUBLICATION and is_empty(request.get("Material recibido")):
        return "Registre primero la fecha en que llegó el material (Material recibido)."
    if current == 3 and request.get("Copy revisado") is not True:
        return "El líder debe revisar el copy externo antes de seguir (Copy revisado)."
    if current == APPROVAL:
        return unapproved_refusal(request)
    return None


def return_refusal(request: Mapping[str, Any]) -> str | None:
    """Why the request cannot go back to Ajustes (from Revisión y aprobación or Publicación only)."""
    if stage_number(request.get("Etapa")) not in (APPROVAL, PUBLICATION):
        return "Solo se vuelve a Ajustes desde Revisión y aprobación o Publicación."
    return None
