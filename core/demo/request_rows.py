"""Solicitudes' rows from their timelines: who asked, about what, and the cells filled as each request moved
along its path (material, review, approval, feedback, evidence), consistent with its stage."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import NamedTuple

from core.demo.data import (
    ACTING_LEADER,
    AREA_NAMES,
    AREAS,
    CLOSURE,
    CMS,
    INDEPENDENT,
    INTEGRAL,
    LEADER,
    PLAN_AXES,
    PUBLICATION,
    STAFF,
    VALUE_GROUPS,
    Row,
)
from core.demo.dates import at, office_days, office_moment
from core.demo.randomness import Weighted
from core.demo.request_plans import Plan, path_of
from core.demo.texts import TOPICS
from core.demo.values import (
    drive_file,
    drive_folder,
    email_of,
    fill,
    journalist_of,
    mail_link,
    person_name,
    pick_networks,
    record_id,
)
from core.domain.workflow import CLOSURE_DAYS, FEEDBACK_DAYS
from core.sheet import contract
from core.sheet.contract import CANCELLED


class Request(NamedTuple):
    row: Row
    plan: Plan
    topic: str


def _requesters(rng: random.Random) -> dict[str, tuple[list[str], str]]:
    """Per area: the few people who ask for publications, and the head who approves them."""
    people = {area: ([person_name(rng) for _ in range(3)], person_name(rng)) for area in AREA_NAMES}
    for person in STAFF:
        if "Área solicitante" in person.roles:
            people[person.area][0][0] = person.name
    return people


def request_rows(rng: random.Random, plans: list[Plan], today: date, now: datetime) -> list[Request]:
    people = _requesters(rng)
    area_pick = Weighted([(index, weight) for index, (_, weight, _) in enumerate(AREAS)])
    ids, keys = set(), set()
    requests = []
    for plan in plans:
        area_index = AREA_NAMES.index(plan.strategy["Área"]) if plan.strategy else area_pick.pick(rng)
        area, _, topics = AREAS[area_index]
        topic_name = rng.choice(topics)
        topic = TOPICS[topic_name]
        title = fill(rng.choice(topic.titles), rng)
        while (plan.requested, area, title) in keys:  # the natural key: no two rows may share it
            title = fill(rng.choice(topic.titles), rng)
        keys.add((plan.requested, area, title))
        requesters, head = people[area]
        requester = rng.choice(requesters)
        integral = plan.modality == INTEGRAL
        row: Row = {
            "ID": record_id("SOL", plan.requested, rng, ids),
            "Fecha de solicitud": plan.requested,
            "Área solicitante": area,
            "Solicitante": requester,
            "Correo del solicitante": email_of(requester),
            "Periodista": journalist_of(area_index).name,
            "Título": title,
            "Necesidad": f"Divulgar {topic.phrase} en las redes del DADEP para que la ciudadanía conozca los "
            "avances y sepa cómo participar.",
            "Eje del plan": rng.choice(PLAN_AXES),
            "Grupo de valor": rng.sample(VALUE_GROUPS, rng.randint(1, 2)),
            "Productos": rng.sample(contract.PRODUCT_CHOICES.values, rng.randint(1, 3)),
            "Redes": pick_networks(rng, rng.randint(3, 5) if integral else rng.randint(1, 3)),
            "Modalidad": plan.modality,
            "Fecha de publicación": plan.publication,
            "Soporte de la solicitud": mail_link(rng),
            "Etapa": plan.stage,
        }
        if rng.random() < 0.8:
            row["Objetivo"] = f"Informar a {rng.choice(VALUE_GROUPS).lower()} sobre {topic.phrase}."
        if integral:
            row["Estrategia"] = plan.strategy["ID"]
        row.update(_request_progress(rng, plan, head, requester, today, now))
        row["Actualizado por"] = rng.choice((*CMS, journalist_of(area_index))).name
        requests.append(Request(row, plan, topic_name))
    return requests


def _request_progress(
    rng: random.Random, plan: Plan, head: str, requester: str, today: date, now: datetime
) -> Row:
    """The cells filled as a request moves along its path, consistent with its stage."""
    row: Row = {}
    last_day = _preparation(rng, plan, row, today)
    if plan.reached >= path_of(plan.modality).index(PUBLICATION):
        last_day = max(last_day, _approval(rng, plan, row, head, requester, today))
    if plan.stage == CLOSURE:
        late = rng.random() < 0.15
        after = CLOSURE_DAYS + rng.randint(1, 4) if late else rng.randint(1, CLOSURE_DAYS)
        sent = min(office_days(today).add(plan.end, after), today)
        row["Evidencias enviadas"] = sent
        started = office_moment(rng, min(plan.end + timedelta(days=1), sent), now)
        last_day = max(last_day, sent)
    else:
        started = _stage_start(rng, plan, row, today, now)
    row["Inicio de etapa"] = started
    row["Actualizado"] = max(started, office_moment(rng, last_day, now))
    return row


def _preparation(rng: random.Random, plan: Plan, row: Row, today: date) -> date:
    """The material received and its copy reviewed, and the publication folder; returns the last day of
    that work (the request's day when there was none)."""
    material_stage = 2 if plan.modality == INDEPENDENT else 1  # Recepción de material / Estrategia digital
    reached, requested, publication = plan.reached, plan.requested, plan.publication
    last_day = requested
    if reached > material_stage:
        ahead = rng.randint(7, 12) if rng.random() < 0.82 else rng.randint(1, 6)
        material = min(max(requested + timedelta(days=1), publication - timedelta(days=ahead)), today)
        review = min(material + timedelta(days=rng.randint(0, 2)), publication, today)
        reviewer = LEADER if rng.random() < 0.9 else ACTING_LEADER
        row.update(
            {
                "Material recibido": material,
                "Copy revisado": True,
                "Copy revisado por": reviewer.name,
                "Fecha revisión copy": review,
            }
        )
        last_day = review
        if (publication - material).days < 7:
            row["Observaciones"] = "Material recibido con menos de 7 días de anticipación."
    elif reached == material_stage and plan.modality == INDEPENDENT:
        row["Copy revisado"] = False
    if (plan.modality == INTEGRAL and reached >= material_stage) or (
        reached > material_stage and rng.random() < 0.3
    ):
        row["Carpeta de publicación"] = drive_folder(rng)
    return last_day


def _approval(rng: random.Random, plan: Plan, row: Row, head: str, requester: str, today: date) -> date:
    """The area's approval before publishing and the feedback after it; returns the last of their days."""
    publication = plan.publication
    approved = max(plan.requested, publication - timedelta(days=rng.randint(1, 3)))
    row.update(
        {
            "Aprobado por": head if rng.random() < 0.7 else requester,
            "Fecha de aprobación": approved,
            "Soporte de aprobación": mail_link(rng),
        }
    )
    last_day = approved
    late = rng.random() < 0.1  # the feedback is due the business day after publishing (FEEDBACK_DAYS)
    feedback = office_days(today).add(publication, rng.randint(2, 3) if late else FEEDBACK_DAYS)
    if feedback <= today and (plan.stage == CLOSURE or rng.random() < 0.9):
        row["Feedback entregado"] = feedback
        last_day = max(last_day, feedback)
    return last_day


def _stage_start(rng: random.Random, plan: Plan, row: Row, today: date, now: datetime) -> datetime:
    """When a request not closed entered its stage (with why it stopped, for a cancelled or stuck one)."""
    requested, publication = plan.requested, plan.publication
    if plan.stage == PUBLICATION:
        return min(at(publication, rng.randint(7, 9), rng.randint(0, 59)), now - timedelta(minutes=30))
    if plan.stage == CANCELLED:
        stopped = requested + timedelta(
            days=rng.randint(0, max(0, (min(publication, today) - requested).days))
        )
        started = office_moment(rng, stopped, now)
        row["Observaciones"] = rng.choice(
            (
                "El área desistió de la publicación.",
                "Se unificó con otra solicitud del área.",
                "La actividad se aplazó sin nueva fecha.",
            )
        )
        return started
    if plan.stale:
        started = office_moment(rng, requested + timedelta(days=rng.randint(1, 3)), now)
        row["Observaciones"] = "Sin avance desde la solicitud; se le reiteró al área por correo."
        return started
    return office_moment(rng, max(requested, today - timedelta(days=rng.randint(0, 2))), now)


def attach_evidence(
    rng: random.Random, requests: list[Request], links: dict[str, list[tuple[date, str]]]
) -> None:
    """Closed requests list the links of the posts published by the day the evidence was sent (or the
    file with the evidence, when they had none)."""
    for request in requests:
        if request.plan.stage == CLOSURE:
            sent = request.row["Evidencias enviadas"]
            posted = [link for day, link in links.get(request.row["ID"], ()) if day <= sent]
            request.row["Evidencias"] = posted[:4] or [drive_file(rng)]
