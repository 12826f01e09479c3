"""What people do to a request, through the one write path: advance it along its path, send it back to
Ajustes, cancel it, review its copy, register its approval, record the feedback and close it.

Every action checks its rule in `core.domain.workflow` first and raises `ActionRefused` with a Spanish message that says
what to do; the write itself is a `Writer.update` from the row as the person saw it, so a hand edit made in
the meantime is a conflict, never overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from core.domain.workflow import (
    ADJUSTMENTS,
    APPROVAL,
    APPROVAL_CHECKLIST,
    CLOSURE,
    advance_refusal,
    day_of,
    is_closed,
    next_stage,
    return_refusal,
    stage_number,
)
from core.errors import ActionRefused
from core.fmt import fmt_count
from core.register import Writer
from core.sheet.cells import BOGOTA, is_empty, normalize
from core.sheet.contract import CANCELLED, IN_CAMPAIGN, REQUESTS_TAB, SCHEDULED, STAGES

TAB = REQUESTS_TAB.name


def _now() -> datetime:
    return datetime.now(BOGOTA)


def _note(seen: Mapping[str, Any], text: str, day: date) -> str:
    before = seen.get("Observaciones")
    line = f"{day:%d/%m/%Y}: {text}"
    return line if is_empty(before) else f"{before}\n{line}"


REPEAT_MINUTES = 10  # an identical request saved this recently is most likely a second click


def from_form(typed: Mapping[str, Any], mail_text: str = "") -> dict[str, Any]:
    """The row a request registered from the office's form writes, from what was typed (by column): an empty
    «Necesidad» is taken from the e-mail pasted, which otherwise goes to Observaciones; a request of a campaign
    (Estrategia) follows the campaign's path (Modalidad «Estrategia integral») and closes with it."""
    values = {**typed, "Necesidad": typed.get("Necesidad") or mail_text}
    if typed.get("Necesidad") and mail_text:
        values["Observaciones"] = f"Correo: {mail_text}"
    if typed.get("Estrategia"):
        values["Modalidad"] = IN_CAMPAIGN
    return values


def register(writer: Writer, values: Mapping[str, Any]) -> str:
    """A new request from the office's form; refused when its publication date comes before the request's own
    date (in the sheet and in `importar` the same row is only a notice). Returns the new ID."""
    requested, publication = day_of(values.get("Fecha de solicitud")), day_of(values.get("Fecha de publicación"))
    if requested and publication and publication < requested:
        raise ActionRefused(f"Fecha de publicación ({publication:%d/%m/%Y}) es anterior a la Fecha de solicitud "
                            f"({requested:%d/%m/%Y}): corrija una de las dos.")
    return writer.create(TAB, dict(values))


def likely_repeats(requests: pd.DataFrame, values: Mapping[str, Any], now: datetime) -> list[str]:
    """IDs of requests saved in the last `REPEAT_MINUTES` with the same title, area and publication date (case,
    accents and spaces do not count): what a second click on «Registrar solicitud» would repeat."""
    if requests.empty or is_empty(values.get("Título")):
        return []
    recent = requests[requests["Actualizado"] >= pd.Timestamp(now - timedelta(minutes=REPEAT_MINUTES))]
    wanted = (normalize(values.get("Título")), normalize(values.get("Área solicitante") or ""),
              day_of(values.get("Fecha de publicación")))
    return [str(row["ID"]) for _, row in recent.iterrows()
            if (normalize(row.get("Título")), normalize(row.get("Área solicitante") or ""),
                day_of(row.get("Fecha de publicación"))) == wanted and not is_empty(row.get("ID"))]


def advance(writer: Writer, seen: Mapping[str, Any], now: datetime | None = None) -> str:
    """Move the request to the next stage of its path; returns the new stage's name."""
    refusal = advance_refusal(seen)
    if refusal:
        raise ActionRefused(refusal)
    stage = STAGES[next_stage(seen) - 1]
    writer.update(TAB, seen, {"Etapa": stage, "Inicio de etapa": now or _now()}, action="avanzar etapa")
    return stage


def back_to_adjustments(writer: Writer, seen: Mapping[str, Any], reason: str, now: datetime | None = None) -> None:
    refusal = return_refusal(seen)
    if refusal:
        raise ActionRefused(refusal)
    if is_empty(reason):
        raise ActionRefused("Escriba qué hay que ajustar: queda en Observaciones.")
    now = now or _now()
    writer.update(TAB, seen, {"Etapa": STAGES[ADJUSTMENTS - 1], "Inicio de etapa": now,
                              "Observaciones": _note(seen, f"vuelve a Ajustes: {reason.strip()}", now.date()),
                              # what is adjusted needs a new approval
                              "Aprobado por": None, "Fecha de aprobación": None, "Soporte de aprobación": None},
                  action="volver a ajustes")


def cancel(writer: Writer, seen: Mapping[str, Any], reason: str, now: datetime | None = None) -> None:
    if seen.get("Etapa") == CANCELLED:
        raise ActionRefused("La solicitud ya está cancelada.")
    if is_closed(seen):
        raise ActionRefused("La solicitud ya está cerrada: no se cancela.")
    if is_empty(reason):
        raise ActionRefused("Escriba el motivo de la cancelación: queda en Observaciones.")
    now = now or _now()
    writer.update(TAB, seen, {"Etapa": CANCELLED, "Inicio de etapa": now,
                              "Observaciones": _note(seen, f"cancelada: {reason.strip()}", now.date())},
                  action="cancelar")


def receive_material(writer: Writer, seen: Mapping[str, Any], received: date, day: date) -> None:
    """Activity 3: the material is in and the leader reviewed the external copy. The reviewer recorded is the
    person writing, never a typed name; only the Líder writes the copy review (`core.domain.permissions.FIELDS`)."""
    writer.update(TAB, seen, {"Material recibido": received, "Copy revisado": True,
                              "Copy revisado por": writer.actor, "Fecha revisión copy": day}, action="recibir material")


def register_approval(writer: Writer, seen: Mapping[str, Any], approver: str, day: date, evidence: str,
                      checked: Iterable[str]) -> None:
    """Record who approved (usually someone of the requesting area), when, and the e-mail as evidence, only
    with the whole checklist ticked. Only the roles of the leader's setting, as the register holds it when
    the write is made, may write the approval (`core.domain.permissions.FIELDS`, checked by the Writer)."""
    if stage_number(seen.get("Etapa")) != APPROVAL:
        raise ActionRefused(f"La aprobación se registra en la etapa {STAGES[APPROVAL - 1]}; esta solicitud está en "
                            f"{seen.get('Etapa')}.")
    missing = [item for item in APPROVAL_CHECKLIST if item not in set(checked)]
    if missing:
        raise ActionRefused("Antes de aprobar, revise y marque: " + "; ".join(missing) + ".")
    if is_empty(approver) or is_empty(evidence):
        raise ActionRefused("Escriba quién aprobó (Aprobado por) y pegue el enlace al correo de aprobación (Soporte de "
                      "aprobación).")
    writer.update(TAB, seen, {"Aprobado por": approver, "Fecha de aprobación": day,
                              "Soporte de aprobación": evidence}, action="registrar aprobación")


def record_feedback(writer: Writer, seen: Mapping[str, Any], day: date) -> None:
    if (stage_number(seen.get("Etapa")) or 0) < 7:
        raise ActionRefused("El feedback se entrega después de publicar.")
    writer.update(TAB, seen, {"Feedback entregado": day}, action="registrar feedback")


def close(writer: Writer, seen: Mapping[str, Any], evidence: list[str], day: date,
          posts: pd.DataFrame | None = None) -> None:
    """Closure: the evidence links sent to the journalist; refused while a post of the request (in `posts`, the
    Publicaciones table) is still scheduled."""
    if stage_number(seen.get("Etapa")) != CLOSURE:
        raise ActionRefused("Solo se cierra una solicitud que está en Cierre.")
    if posts is not None and len(posts):
        waiting = posts[(posts["Solicitud"] == seen.get("ID")) & (posts["Estado"] == SCHEDULED)]["ID"]
        if len(waiting):
            listed = ", ".join(str(identifier) for identifier in waiting)
            count = fmt_count(len(waiting), "publicación de esta solicitud sigue programada",
                              "publicaciones de esta solicitud siguen programadas")
            raise ActionRefused(f"{count} ({listed}): publíquelas o cancélelas en Parrilla antes de cerrar.")
    links = [link for link in evidence if not is_empty(link)] or list(seen.get("Evidencias") or [])
    if not links:
        raise ActionRefused("Pegue los enlaces de las publicaciones (Evidencias) antes de cerrar.")
    writer.update(TAB, seen, {"Evidencias": links, "Evidencias enviadas": day}, action="cerrar")
