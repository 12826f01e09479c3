"""Mensajes: citizens' messages over two years, answered within a day or two; the PQRS among them go to
Atención a la Ciudadanía, which files them in Bogotá te escucha and answers or transfers them. The first ones
cover every tipología and arrived in the last three days, so even a small register has work in the queues."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import NamedTuple

from core.demo.data import (
    ATC,
    CLASSIFICATION_SHARE,
    CLASSIFICATIONS,
    CMS,
    INTERACTION_SHARE,
    LOCALITIES,
    MESSAGE_HOURS,
    MESSAGE_NETWORK_SHARE,
    NOT_PQRS,
    NOW_TIME,
    SPAN_DAYS,
    TRANSFER_ENTITIES,
    Person,
    Row,
)
from core.demo.dates import at, office_days, office_moment
from core.demo.message_values import message_link, message_text
from core.demo.randomness import Weighted
from core.demo.texts import LEADER_DECISIONS, MESSAGE_NOTES
from core.demo.values import drive_file, handle, record_id

_CLASSIFICATION_PICK = Weighted(CLASSIFICATION_SHARE)
_MESSAGE_NETWORK_PICK = Weighted(MESSAGE_NETWORK_SHARE)
_INTERACTION_PICKS = {network: Weighted(kinds) for network, kinds in INTERACTION_SHARE.items()}
_MESSAGE_HOUR_PICK = Weighted(MESSAGE_HOURS)


class _Inbox(NamedTuple):
    """What every message of a run shares: the draws, the days, and what no two messages may repeat."""

    rng: random.Random
    today: date
    now: datetime
    first_day: date
    ids: set[str]
    links: set[str]
    numbers: set[str]  # Bogotá te escucha's numbers


def message_rows(rng: random.Random, count: int, today: date, now: datetime) -> list[Row]:
    inbox = _Inbox(rng, today, now, today - timedelta(days=SPAN_DAYS - 1), set(), set(), set())
    return [_message(inbox, index) for index in range(count)]


def _message(inbox: _Inbox, index: int) -> Row:
    rng, today, now = inbox.rng, inbox.today, inbox.now
    classification, network, kind, received = _arrival(rng, index, inbox.first_day, today)
    day = received.date()
    user = handle(rng)
    link = message_link(rng, network, kind, received, user)
    while link in inbox.links:
        link = message_link(rng, network, kind, received, user)
    inbox.links.add(link)
    topic, text = message_text(rng, classification, kind)
    cm = CMS[day.isocalendar()[1] % 2]
    row: Row = {
        "ID": record_id("MSG", day, rng, inbox.ids),
        "Recibido": received,
        "Red": network,
        "Tipo de interacción": kind,
        "Usuario": user,
        "Enlace": link,
        "Mensaje": text,
        "Tema": topic,
        "Clasificación": classification,
        "Asignado a": cm.name,
        "Registrado por": cm.name,
    }
    pqrs = classification != NOT_PQRS
    competence = None
    if pqrs:
        competence = "Otra entidad" if classification != "Felicitación" and rng.random() < 0.15 else "DADEP"
        row["Competencia"] = competence
    if rng.random() < 0.25:
        row["Captura"] = drive_file(rng)
    updated, updated_by = _answer(rng, row, competence, today, now), cm
    if pqrs:
        updated, updated_by = _route(inbox, row, competence, updated, cm)
    if rng.random() < 0.04:
        row["Observaciones"] = rng.choice(MESSAGE_NOTES)
    row["Actualizado"] = min(updated, now)
    row["Actualizado por"] = updated_by.name
    return row


def _arrival(rng: random.Random, index: int, first_day: date, today: date) -> tuple[str, str, str, datetime]:
    """(Clasificación, Red, Tipo de interacción, Recibido) of a message: the first ones, one per tipología,
    are the day's inbox (a few fresh messages, still being handled); nothing is received after now."""
    classification = CLASSIFICATIONS[index] if index < len(CLASSIFICATIONS) else _CLASSIFICATION_PICK.pick(rng)
    network = _MESSAGE_NETWORK_PICK.pick(rng)
    kind = _INTERACTION_PICKS[network].pick(rng)
    day = first_day + timedelta(days=rng.randint(0, SPAN_DAYS - 1))
    if index < len(CLASSIFICATIONS):
        day = today - timedelta(days=index % 3)
    hour = _MESSAGE_HOUR_PICK.pick(rng)
    if day == today:
        hour = min(hour, NOW_TIME.hour - 1)
    return classification, network, kind, at(day, hour, rng.randint(0, 59))


def _answer(rng: random.Random, row: Row, competence: str | None, today: date, now: datetime) -> datetime:
    """Whether the CM answered (within a day or two) and with which template; returns when the row was
    last updated by them."""
    received = row["Recibido"]
    age = (today - received.date()).days
    answer_rate = (0.45, 0.85, 0.95)[age] if age <= 2 else 1.0  # answered within a day or two
    answer = received + timedelta(minutes=min(4_320, 1 + int(rng.lognormvariate(5.0, 1.0))))
    answered = rng.random() < answer_rate and answer <= now
    row["Respondido"] = answered
    updated = received + timedelta(minutes=rng.randint(2, 30))
    if answered:
        row["Fecha de respuesta"] = answer
        row["Plantilla"] = _template_for(rng, row["Clasificación"], competence)
        updated = max(updated, answer)
    return updated


def _template_for(rng: random.Random, classification: str, competence: str | None) -> str:
    if classification == NOT_PQRS:
        return rng.choice(("Agradecimiento", "Canales de atención"))
    if classification == "Felicitación":
        return "Agradecimiento"
    if competence == "Otra entidad":
        return "Traslado por competencia"
    if classification in ("Consulta", "Derecho de petición de interés particular"):
        return rng.choice(("Información de trámites", "PQRS radicada", "Datos personales por canal seguro"))
    return rng.choice(("PQRS radicada", "PQRS radicada", "Canales de atención"))


def _route(inbox: _Inbox, row: Row, competence: str, updated: datetime, cm: Person) -> tuple[datetime, Person]:
    """A PQRS goes to Atención a la Ciudadanía, but for a few special cases the leader decides first; returns
    when the row was last updated and by whom (ATC's once it filed)."""
    rng, today, now = inbox.rng, inbox.today, inbox.now
    day = row["Recibido"].date()
    age = (today - day).days
    goes_to_atc = True
    if rng.random() < 0.03:
        row["Caso especial"] = True
        goes_to_atc = age > 2 or age >= 1 and rng.random() < 0.9  # the leader decides within days
        if goes_to_atc:
            row["Decisión del líder"], goes_to_atc = rng.choice(LEADER_DECISIONS)
            if not goes_to_atc:  # not a PQRS after all: the classification says so
                row["Clasificación"] = NOT_PQRS
                del row["Competencia"]
    if not goes_to_atc:
        return updated, cm
    flow = _atc_flow(rng, day, competence, today, inbox.numbers)
    row.update(flow)
    last = flow.get("Respuesta definitiva") or flow.get("Fecha de radicación") or flow.get("Enviado a ATC")
    if last is not None and last > updated.date():  # the last hand was ATC's once it filed
        return office_moment(rng, last, now), ATC if flow.get("Radicado") else cm
    return updated, cm


def _atc_flow(rng: random.Random, received: date, competence: str, today: date, numbers: set[str]) -> Row:
    """Sending a PQRS to Atención a la Ciudadanía (usually the next business day, some late) and what
    they write back: the Bogotá te escucha number, the transfer or the final answer."""
    days = office_days(today)
    draw = rng.random()
    if draw < 0.08:
        sent = days.add(received, rng.randint(2, 5))
    elif draw < 0.4 and days.is_open(received):
        sent = received
    else:
        sent = days.add(received, 1)
    if sent > today:
        return {}
    row: Row = {"Enviado a ATC": sent}
    filed = days.add(sent, rng.choice((0, 0, 1, 1, 2)))
    if filed > today or (today - filed).days <= 3 and rng.random() < 0.3:  # ATC files within days
        row["Radicado"] = False
        return row
    number = f"{rng.randint(100_000, 999_999)}{filed.year}"  # as Bogotá te escucha numbers petitions
    while number in numbers:
        number = f"{rng.randint(100_000, 999_999)}{filed.year}"
    numbers.add(number)
    row.update({"Radicado": True, "Fecha de radicación": filed, "Número de radicado": number})
    if rng.random() < 0.65:
        row["Radicado interno"] = f"{filed.year}-ER-{rng.randint(1_000, 999_999):06d}"
    if competence == "Otra entidad":
        if (today - filed).days > 3 or rng.random() < 0.6:  # transferred within days
            row["Trasladado a"] = (
                f"Alcaldía Local de {rng.choice(LOCALITIES)}"
                if rng.random() < 0.35
                else rng.choice(TRANSFER_ENTITIES)
            )
    else:
        answered = filed + timedelta(days=rng.randint(22, 30) if rng.random() < 0.03 else rng.randint(3, 18))
        if answered <= today:  # answered within the legal term, a few late
            row["Respuesta definitiva"] = answered
    return row
