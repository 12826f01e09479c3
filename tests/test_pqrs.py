"""Citizens' messages as PQRS: legal terms and the hand-off on the business-day calendars, the six queues,
`colas`, the messages in `pendientes` and likely duplicates (who may see citizens' data:
tests/test_permissions.py)."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from core.cli.main import main
from core.domain import pqrs
from core.domain.business_days import BusinessDays
from core.domain.pending import pending
from core.domain.status import KIND_LABELS, KINDS, office_days, status_of
from core.sheet.cells import BOGOTA, normalize
from core.sheet.contract import NETWORK_CHOICES
from core.sheet.rows import frame_records
from tests.hand import SQLiteSheet

DAYS = BusinessDays()
DAY = date(2026, 3, 20)  # a Friday; the hand-made register below is looked at on this day


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BOGOTA)


def message(received: datetime | date, clasificacion: str | None = "Queja") -> dict:
    return {"Recibido": received, "Clasificación": clasificacion}


def csv_rows(capsys) -> list[dict]:
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def without_monitoring(rows: list[dict]) -> list[dict]:
    """`pendientes` rows but the day's monitoring checks (with no inventory in Cuentas every network is to be
    checked each day: tests/test_monitoring_pending.py)."""
    return [row for row in rows if row["tipo"] != "monitoreo"]


# --- legal terms --------------------------------------------------------------------------------------------


def test_the_two_checked_terms_from_monday_16_march_2026():
    monday = at(date(2026, 3, 16), 9)
    # 15 business days from the 17th: San José (Monday 23) and Jueves/Viernes Santo (2-3 April) do not count
    assert pqrs.term_due(message(monday, "Derecho de petición de interés general"), DAYS) == date(2026, 4, 9)
    assert pqrs.term_due(message(monday, "Solicitud de acceso a la información"), DAYS) == date(2026, 3, 31)
    assert pqrs.term_due(message(monday, "Consulta"), DAYS) == date(2026, 4, 30)  # 30 business days
    assert pqrs.term_due(message(monday, "Petición"), DAYS) == date(2026, 4, 9)  # an alias reads as its tipología
    assert pqrs.term_due(message(monday, "Solicitud de información"), DAYS) == date(2026, 3, 31)


@pytest.mark.parametrize(("typology", "days"), [
    ("Derecho de petición de interés general", 15), ("Derecho de petición de interés particular", 15),
    ("Queja", 15), ("Reclamo", 15), ("Sugerencia", 15), ("Denuncia por posibles actos de corrupción", 15),
    ("Solicitud de acceso a la información", 10), ("Solicitud de copia", 10), ("Consulta", 30),
    ("Felicitación", None), ("No es PQRS", None), (None, 15), ("", 15),
])
def test_each_tipologia_has_its_term(typology, days):
    assert pqrs.legal_term_days(typology) == days
    due = pqrs.term_due(message(at(date(2026, 3, 16)), typology), DAYS)
    assert due == (None if days is None else DAYS.add(date(2026, 3, 16), days))


def test_a_term_counts_from_the_calendar_day_of_receipt_in_bogota():
    friday_evening = at(date(2026, 3, 13), 23, 59)
    assert pqrs.term_due(message(friday_evening), DAYS) == date(2026, 4, 8)  # Monday 16 is the first day
    thursday_evening_in_utc = datetime(2026, 3, 13, 3, 0, tzinfo=UTC)  # 22:00 on Thursday 12 in Bogotá
    assert pqrs.received_day({"Recibido": thursday_evening_in_utc}) == date(2026, 3, 12)
    assert pqrs.handoff_due(message(thursday_evening_in_utc), DAYS) == date(2026, 3, 13)
    assert pqrs.received_day({"Recibido": "13/3/2026 11:30 p. m."}) == date(2026, 3, 13)  # typed by hand
    assert pqrs.term_due({"Clasificación": "Queja"}, DAYS) is None  # no date of receipt


def test_a_term_received_on_a_holiday_or_on_31_december():
    san_jose = at(date(2026, 3, 23))  # Monday holiday: the count starts on Tuesday 24
    assert pqrs.term_due(message(san_jose), DAYS) == date(2026, 4, 15)
    # Thursday 31 December: 1 January, the weekend and Reyes (moved to Monday 11 January 2027) do not count
    assert pqrs.term_due(message(at(date(2026, 12, 31), 16)), DAYS) == date(2027, 1, 25)
    assert pqrs.term_due(message(at(date(2026, 12, 31)), "Solicitud de copia"), DAYS) == date(2027, 1, 18)


def test_suspensions_of_terms_move_legal_terms_and_nothing_else():
    suspended = BusinessDays([date(2026, 3, 17), date(2026, 3, 18)])
    monday = message(at(date(2026, 3, 16)), "Derecho de petición de interés general")
    assert pqrs.term_due(monday, suspended) == date(2026, 4, 13)  # two days later: Friday 10, Monday 13
    assert pqrs.transfer_due(monday, suspended) == date(2026, 3, 26)
    assert pqrs.transfer_due(monday, DAYS) == date(2026, 3, 24)  # 5 business days, San José skipped


def test_running_out_and_the_state_of_a_term():
    due = date(2026, 3, 24)  # a Tuesday; Monday 23 is a holiday
    assert pqrs.running_out(due, date(2026, 3, 19), DAYS)  # Friday, Tuesday: 2 business days
    assert pqrs.running_out(due, due, DAYS)
    assert not pqrs.running_out(due, date(2026, 3, 16), DAYS)  # 17, 18, 19, 20, 24: 5 business days
    assert pqrs.running_out(due, date(2026, 3, 16), DAYS, within=5)
    assert not pqrs.running_out(due, date(2026, 3, 25), DAYS)  # overdue is not "running out"
    assert [pqrs.term_state(due, day, DAYS) for day in (date(2026, 3, 16), date(2026, 3, 20), date(2026, 3, 25))] \
        == ["en término", "por vencer", "vencido"]
    assert pqrs.term_state(None, date(2026, 3, 16), DAYS) is None


# --- the hand-off to Atención a la Ciudadanía --------------------------------------------------------------


@pytest.mark.parametrize(("received", "due"), [
    (at(date(2026, 3, 14), 10), date(2026, 3, 16)),  # Saturday -> Monday
    (at(date(2026, 3, 13), 23, 30), date(2026, 3, 16)),  # Friday evening -> Monday (no after-hours cut-off)
    (at(date(2026, 3, 13), 0, 5), date(2026, 3, 16)),
    (at(date(2026, 3, 26), 22), date(2026, 3, 27)),  # the Thursday before Holy Week -> Friday
    (at(date(2026, 4, 1), 17), date(2026, 4, 6)),  # Wednesday, eve of Jueves Santo -> Monday after Easter
    (at(date(2026, 4, 2), 9), date(2026, 4, 6)),  # Jueves Santo itself
    (at(date(2026, 3, 20), 18), date(2026, 3, 24)),  # Friday before San José (Monday 23)
])
def test_the_hand_off_is_due_the_next_business_day(received, due):
    assert pqrs.handoff_due(message(received), DAYS) == due


def test_the_calendars_follow_their_own_lists_and_not_the_leaders_setting(writer, register):
    writer.create_many("Listas", [{"Días no hábiles": "2026-12-24"}, {"Suspensión de términos": "2026-03-17"}])
    writer.create("Ajustes", {"Ajuste": "Días de los plazos", "Valor": "calendario"})
    tables = register.snapshot().tables
    legal, internal = pqrs.legal_days(tables), pqrs.handoff_days(tables)
    assert not office_days(tables).business  # the procedure's stages follow the setting…
    assert legal.business and internal.business  # …the messages' limits never do
    assert legal.closed == {date(2026, 3, 17)} and internal.closed == {date(2026, 12, 24)}
    wednesday = message(at(date(2026, 12, 23)), "Solicitud de copia")
    assert pqrs.handoff_due(wednesday, internal) == date(2026, 12, 28)  # 24 closed, 25 Christmas, weekend
    assert pqrs.handoff_due(wednesday, legal) == date(2026, 12, 24)
    assert pqrs.term_due(wednesday, legal) == date(2027, 1, 8)  # the office's closed 24th counts for the term
    assert pqrs.term_due(wednesday, internal) == date(2027, 1, 12)  # (it would not on the office's calendar)
    saturday = message(at(date(2026, 3, 14)))
    assert pqrs.handoff_due(saturday, internal) == date(2026, 3, 16)  # the suspension does not move it


# --- the queues on a hand-made register ---------------------------------------------------------------------

# Each row says which queues it belongs to on DAY, by docs/domain.md as read in core/domain/pqrs.py. A legal
# term runs from receipt, sent or filed or not: every row with a term and no final answer nor transfer is in
# Términos.
ROWS = [
    ("queja nueva", {"Clasificación": "Queja", "Respondido": "No"}, {"sin-responder", "por-enviar", "terminos"}),
    ("sin clasificar", {"Tipo de interacción": "Comentario"}, {"sin-responder", "por-enviar", "terminos"}),
    ("reseña respondida sin clasificar", {"Tipo de interacción": "Reseña", "Respondido": "Sí"},
     {"por-enviar", "terminos"}),
    ("no es pqrs", {"Clasificación": "No es PQRS"}, set()),
    ("no es pqrs de otra entidad", {"Clasificación": "No es PQRS", "Competencia": "Otra entidad",
                                    "Enviado a ATC": "2026-03-17"}, {"por-radicar"}),
    ("felicitación", {"Clasificación": "Felicitación", "Respondido": "Sí"}, {"por-enviar"}),
    ("felicitación radicada", {"Clasificación": "Felicitación", "Respondido": "Sí", "Enviado a ATC": "2026-03-17",
                               "Radicado": "Sí", "Número de radicado": "1000012026"}, set()),
    ("enviada sin radicar", {"Clasificación": "Reclamo", "Respondido": "Sí", "Enviado a ATC": "2026-03-17",
                             "Radicado": "No"}, {"por-radicar", "terminos"}),
    ("con número sin marcar", {"Clasificación": "Queja", "Respondido": "x", "Enviado a ATC": "2026-03-17",
                               "Número de radicado": "1000022026"}, {"terminos"}),
    ("respondida", {"Clasificación": "Petición", "Respondido": "Sí", "Enviado a ATC": "2026-03-17",
                    "Radicado": "Sí", "Respuesta definitiva": "2026-03-19"}, set()),
    ("de otra entidad", {"Clasificación": "Consulta", "Competencia": "Otra entidad", "Respondido": "Sí",
                         "Enviado a ATC": "2026-03-17", "Radicado": "Sí"}, {"traslados", "terminos"}),
    ("trasladada", {"Clasificación": "Reclamo", "Competencia": "Otra entidad", "Respondido": "Sí",
                    "Enviado a ATC": "2026-03-17", "Radicado": "Sí", "Trasladado a": "Secretaría de Movilidad"},
     set()),
    ("otra entidad sin enviar", {"Clasificación": "Queja", "Competencia": "Otra entidad", "Respondido": "Sí"},
     {"por-enviar", "traslados", "terminos"}),
    ("caso especial", {"Clasificación": "Queja", "Respondido": "Sí", "Caso especial": "Sí"},
     {"por-enviar", "casos-especiales", "terminos"}),
    ("caso sin radicar", {"Clasificación": "Sugerencia", "Respondido": "Sí", "Caso especial": "Sí",
                          "Decisión del líder": "No radicar: es una opinión sobre la publicación."}, {"terminos"}),
    ("caso por radicar", {"Clasificación": "Sugerencia", "Respondido": "Sí", "Caso especial": "Sí",
                          "Decisión del líder": "Radicar con prioridad y responder por mensaje directo."},
     {"por-enviar", "terminos"}),
    ("radicada sin enviar", {"Clasificación": "Solicitud de copia", "Respondido": "Sí", "Radicado": "Sí"},
     {"terminos"}),
    ("radicada sin clasificar", {"Respondido": "Sí", "Radicado": "Sí"}, {"terminos"}),
    ("respondida por fecha", {"Clasificación": "Queja", "Fecha de respuesta": "2026-03-16 10:00",
                              "Enviado a ATC": "2026-03-17", "Radicado": "Sí"}, {"sin-responder", "terminos"}),
]
RECEIVED = at(date(2026, 3, 16), 9)  # Monday 16 March 2026


def hand_made(writer) -> dict[str, set[str]]:
    """The register above plus a message received after DAY; returns ID -> expected queues."""
    records = [{"Recibido": RECEIVED, "Red": "X", "Mensaje": f"Mensaje: {name}", "Usuario": f"@persona{n}",
                **fields} for n, (name, fields, _) in enumerate(ROWS)]
    future = {"Recibido": at(DAY + timedelta(days=1)), "Red": "X", "Mensaje": "Llega mañana", "Clasificación": "Queja"}
    ids = writer.create_many("Mensajes", [*records, future])
    expected = {new: queues for new, (_, _, queues) in zip(ids, ROWS, strict=False)}
    expected[ids[-1]] = set()
    return expected


def by_queue(expected: dict[str, set[str]]) -> dict[str, set[str]]:
    return {name: {new for new, queues in expected.items() if name in queues} for name in pqrs.QUEUES}


def independent_queues(records: list[dict], day: date) -> dict[str, set[str]]:
    """The queues computed again from the definitions, row by row, with nothing of core/domain/pqrs.py."""
    def filled(value) -> bool:
        return value is not None and not (isinstance(value, str) and not value.strip())

    found: dict[str, set[str]] = {name: set() for name in pqrs.QUEUES}
    for m in records:
        if m["Recibido"].astimezone(BOGOTA).date() > day:
            continue
        typology = m.get("Clasificación")
        counts = typology != "No es PQRS"
        filed = m.get("Radicado") is True or filed_number(m)
        not_to_file = normalize(m.get("Decisión del líder") or "").startswith(("no radicar", "no enviar"))
        if counts and m.get("Respondido") is not True:
            found["sin-responder"].add(m["ID"])
        if counts and not filled(m.get("Enviado a ATC")) and not filed and not not_to_file:
            found["por-enviar"].add(m["ID"])
        if filled(m.get("Enviado a ATC")) and not filed:
            found["por-radicar"].add(m["ID"])
        if (counts and m.get("Competencia") == "Otra entidad" and not filled(m.get("Trasladado a"))
                and not filled(m.get("Respuesta definitiva"))):
            found["traslados"].add(m["ID"])
        if (not filled(m.get("Respuesta definitiva")) and not filled(m.get("Trasladado a"))
                and typology not in ("Felicitación", "No es PQRS")):
            found["terminos"].add(m["ID"])
        if m.get("Caso especial") is True and not filled(m.get("Decisión del líder")):
            found["casos-especiales"].add(m["ID"])
    return found


def filed_number(m: dict) -> bool:
    number = m.get("Número de radicado")
    return number is not None and bool(str(number).strip())


def test_each_queue_holds_what_its_definition_says(writer, register):
    expected = hand_made(writer)
    tables = register.snapshot().tables
    found = pqrs.queues(tables, DAY)
    assert list(found) == list(pqrs.QUEUES) == list(pqrs.QUEUE_LABELS)
    assert {name: {item.id for item in items} for name, items in found.items()} == by_queue(expected)
    records = [register.snapshot().record("Mensajes", new) for new in expected]
    assert {name: {item.id for item in items} for name, items in found.items()} == independent_queues(records, DAY)
    assert status_of(tables, DAY).queue_counts() == {name: len(ids) for name, ids in by_queue(expected).items()}
    # the message received after DAY joins on the day it arrives
    later = status_of(tables, DAY + timedelta(days=1)).queue_counts()["sin-responder"]
    assert later == len(by_queue(expected)["sin-responder"]) + 1


def test_queue_items_carry_dates_and_no_personal_data(writer, register):
    expected = hand_made(writer)
    tables = register.snapshot().tables
    found = pqrs.queues(tables, DAY)
    assert {field.name for field in dataclasses.fields(pqrs.QueueItem)} == {
        "id", "row", "received", "due", "legal_due", "network", "typology"}
    items = {(name, item.id): item for name, listed in found.items() for item in listed}
    ids = {name: new for new, (name, _, _) in zip(expected, ROWS, strict=False)}
    new = ids["queja nueva"]
    assert items["sin-responder", new].due == items["por-enviar", new].due == date(2026, 3, 17)
    assert items["sin-responder", new].received == RECEIVED.date()
    assert items["traslados", ids["de otra entidad"]].due == date(2026, 3, 24)  # 5 days, San José skipped
    assert items["terminos", ids["de otra entidad"]].due == date(2026, 4, 30)  # Consulta: 30
    assert items["terminos", ids["radicada sin enviar"]].due == date(2026, 3, 31)  # Solicitud de copia: 10
    assert items["terminos", ids["radicada sin clasificar"]].due == date(2026, 4, 9)  # the general 15
    assert items["por-radicar", ids["enviada sin radicar"]].due is None
    assert items["por-radicar", ids["enviada sin radicar"]].legal_due == date(2026, 4, 9)  # Reclamo: 15
    assert items["terminos", new].due == items["por-enviar", new].legal_due == date(2026, 4, 9)  # unsent: 15
    assert items["terminos", ids["sin clasificar"]].due == date(2026, 4, 9)  # unclassified: the general 15
    assert items["por-enviar", ids["felicitación"]].legal_due is None  # no term
    assert items["casos-especiales", ids["caso especial"]].due == date(2026, 3, 17)
    assert items["por-enviar", ids["sin clasificar"]].detail == "X · sin clasificar · recibido el 16/03/2026"
    assert items["por-enviar", new].overdue(DAY) and not items["por-enviar", new].overdue(date(2026, 3, 17))
    for name, listed in found.items():
        dues = [(item.due is None, item.due or item.received) for item in listed]
        assert dues == sorted(dues), name
        assert all("@persona" not in item.detail and "Mensaje:" not in item.detail for item in listed)


def test_a_row_typed_without_an_id_is_in_its_queues_by_row_number(writer, register, tmp_path):
    writer.create("Mensajes", {"Recibido": RECEIVED, "Red": "X", "Mensaje": "Con ID", "Clasificación": "Queja",
                               "Respondido": "Sí", "Enviado a ATC": "2026-03-17"})
    SQLiteSheet(tmp_path / "divulga.db").append("Mensajes", {"Recibido": "14/3/2026 10:00", "Red": "Facebook",
                                                            "Mensaje": "Escrito a mano", "Clasificación": "Reclamo"})
    found = pqrs.queues(register.snapshot(refresh=True).tables, DAY)
    assert [(item.id, item.row, item.due) for item in found["por-enviar"]] == [
        ("Mensajes fila 3", 3, date(2026, 3, 16))]
    assert [item.id for item in found["sin-responder"]] == ["Mensajes fila 3"]


def test_queues_of_an_empty_register(register):
    tables = register.snapshot().tables
    assert pqrs.queues(tables, DAY) == {name: [] for name in pqrs.QUEUES}
    assert status_of(tables, DAY).queue_counts() == dict.fromkeys(pqrs.QUEUES, 0)


# --- colas --------------------------------------------------------------------------------------------------


def test_colas_csv_lists_each_queue_in_order_with_counts_computed_independently(writer, register, capsys):
    expected = hand_made(writer)
    assert main(["colas", "--fecha", DAY.isoformat(), "--formato", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "cola,id"
    rows = list(csv.DictReader(io.StringIO(out)))
    order = [row["cola"] for row in rows]
    assert order == sorted(order, key=pqrs.QUEUES.index)  # queues in the order of the issue
    assert set(order) <= set(pqrs.QUEUES)
    records = [register.snapshot().record("Mensajes", new) for new in expected]
    independent = independent_queues(records, DAY)
    assert {name: {row["id"] for row in rows if row["cola"] == name} for name in pqrs.QUEUES} == independent
    assert len(rows) == sum(len(ids) for ids in independent.values())


def test_colas_text_names_each_queue_with_its_count_ids_and_overdue(writer, capsys):
    expected = hand_made(writer)
    assert main(["colas", "--fecha", DAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Colas de mensajes al 20/03/2026.")
    queues = by_queue(expected)
    for name, label in pqrs.QUEUE_LABELS.items():
        count = len(queues[name])
        assert f"\n{label}: {count} mensaje{'' if count == 1 else 's'}" in out
    assert "Por enviar a ATC: 7 mensajes, 7 vencidos" in out  # all due on 17 March
    new = next(iter(expected))
    assert f"  {new:<20} vence 17/03/2026 (vencido)" in out
    assert "Términos: 13 mensajes\n" in out  # none overdue yet
    assert "@persona" not in out and "Mensaje:" not in out
    assert main(["colas", "--fecha", "2026-03-15"]) == 0  # before any message arrived
    assert "Sin responder: 0 mensajes" in capsys.readouterr().out


def test_colas_refuses_a_date_typed_another_way(store_url, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["colas", "--fecha", "20/3/2026"])
    assert exited.value.code == 2 and "no es una fecha AAAA-MM-DD" in capsys.readouterr().err


def test_colas_on_a_demo_store_agrees_with_queue_counts(register, capsys):
    assert main(["demo", "--filas", "600", "--hoy", "2026-11-28"]) == 0
    capsys.readouterr()
    assert main(["colas", "--fecha", "2026-11-28", "--formato", "csv"]) == 0
    rows = csv_rows(capsys)
    counted = {name: sum(row["cola"] == name for row in rows) for name in pqrs.QUEUES}
    tables = register.snapshot(refresh=True).tables
    assert counted == status_of(tables, date(2026, 11, 28)).queue_counts()
    assert sum(counted.values()) > 0
    records = [record for _, record in frame_records(tables["Mensajes"])]
    independent = independent_queues(records, date(2026, 11, 28))
    assert {name: {row["id"] for row in rows if row["cola"] == name} for name in pqrs.QUEUES} == independent


# --- pendientes ---------------------------------------------------------------------------------------------


def test_pendientes_lists_a_pqrs_received_on_saturday_on_monday_not_before(writer, capsys):
    sent_later = writer.create("Mensajes", {"Recibido": at(date(2026, 3, 14), 10), "Red": "Instagram",
                                            "Usuario": "@vecina_ana", "Mensaje": "Hay un carro en el andén de mi casa",
                                            "Clasificación": "Queja", "Respondido": "Sí"})
    assert main(["pendientes", "--fecha", "2026-03-13", "--formato", "csv"]) == 0
    assert without_monitoring(csv_rows(capsys)) == []
    assert main(["pendientes", "--fecha", "2026-03-16", "--formato", "csv"]) == 0
    assert without_monitoring(csv_rows(capsys)) == [{"tipo": "mensaje-enviar", "id": sent_later, "vence": "2026-03-16",
                                 "detalle": "Mensaje de Instagram · Queja · recibido el 14/03/2026: enviar a "
                                 "Atención a la Ciudadanía"}]
    assert main(["pendientes", "--fecha", "2026-03-17"]) == 0
    out = capsys.readouterr().out
    assert "16/03/2026 (vencido)  mensaje-enviar" in out and "vecina_ana" not in out and "andén" not in out


def test_pendientes_lists_the_four_message_kinds_after_the_requests(writer, register, capsys):
    ids = writer.create_many("Mensajes", [
        {"Recibido": at(date(2026, 3, 14)), "Red": "X", "Mensaje": "Sin responder", "Clasificación": "Reclamo"},
        {"Recibido": at(date(2026, 3, 9)), "Red": "X", "Mensaje": "De otra entidad", "Clasificación": "Queja",
         "Competencia": "Otra entidad", "Respondido": "Sí", "Enviado a ATC": "2026-03-10", "Radicado": "Sí"},
        {"Recibido": at(date(2026, 2, 16)), "Red": "X", "Mensaje": "Término", "Clasificación": "Solicitud de copia",
         "Respondido": "Sí", "Enviado a ATC": "2026-02-17", "Radicado": "Sí"},
        {"Recibido": at(date(2026, 3, 14)), "Red": "X", "Mensaje": "No es", "Clasificación": "No es PQRS"},
    ])
    request = writer.create("Solicitudes", {
        "Fecha de solicitud": "2026-03-12", "Área solicitante": "Jurídica", "Solicitante": "Luis", "Título": "Andenes",
        "Necesidad": "Piezas", "Redes": "X", "Fecha de publicación": "2026-04-20",
        "Inicio de etapa": "2026-03-13 09:00"})
    tables = register.snapshot().tables
    items = pending(tables, date(2026, 3, 16))
    assert [(item.due, item.kind, item.id) for item in items] == [
        (date(2026, 3, 2), "termino", ids[2]),  # 10 business days from 16 February
        (date(2026, 3, 16), "solicitud", request),
        *[(date(2026, 3, 16), "monitoreo", network) for network in sorted(NETWORK_CHOICES.values)],  # no check recorded
        (date(2026, 3, 16), "mensaje-responder", ids[0]),
        (date(2026, 3, 16), "mensaje-enviar", ids[0]),
        (date(2026, 3, 16), "traslado", ids[1]),  # 5 business days from 9 March
    ]
    assert KINDS[:3] == ("solicitud", "cierre", "feedback") and set(KIND_LABELS) == set(KINDS)
    assert main(["pendientes", "--fecha", "2026-03-16", "--formato", "csv"]) == 0
    assert [row["tipo"] for row in csv_rows(capsys)] == [item.kind for item in items]


# --- likely duplicates and personal data --------------------------------------------------------------------


def test_likely_duplicates_by_network_and_link_or_by_handle_and_text(writer, register):
    first, second, other = writer.create_many("Mensajes", [
        {"Recibido": RECEIVED, "Red": "X", "Usuario": "@Juan_Pérez", "Enlace": "https://x.com/juan/status/1",
         "Mensaje": "¿Cuándo recuperan el andén de la calle 26?"},
        {"Recibido": RECEIVED, "Red": "Facebook", "Usuario": "@maria", "Enlace": "https://facebook.com/p/2",
         "Mensaje": "Gracias por la jornada"},
        {"Recibido": RECEIVED, "Red": "Instagram", "Usuario": "@otra", "Mensaje": "Otro tema"},
    ])
    messages = register.snapshot().tables["Mensajes"]
    assert pqrs.likely_duplicates(messages, {"Red": "Twitter", "Enlace": " https://x.com/juan/status/1/ "}) == [first]
    assert pqrs.likely_duplicates(messages, {"Red": "Facebook", "Enlace": "https://x.com/juan/status/1"}) == []
    loosely = {"Red": "Instagram", "Usuario": "juan_perez", "Mensaje": "  ¿cuando recuperan el  ANDÉN de la calle 26? "}
    assert pqrs.likely_duplicates(messages, loosely) == [first]
    assert pqrs.likely_duplicates(messages, {"Usuario": "@juan_perez", "Mensaje": "Otra cosa"}) == []
    # the same handle and text on another network is still the same citizen's message
    assert pqrs.likely_duplicates(messages, {"Usuario": "@maria", "Mensaje": "gracias por la jornada", "Red": "X"}) \
        == [second]
    both = {"Red": "X", "Enlace": "https://x.com/juan/status/1", "Usuario": "@MARIA",
            "Mensaje": "Gracias por la jornada"}
    assert pqrs.likely_duplicates(messages, both) == [first, second]
    assert pqrs.likely_duplicates(messages, {**loosely, "ID": first}) == []  # the row being edited
    assert pqrs.likely_duplicates(messages, {"Mensaje": "Otro tema"}) == []  # text alone is not enough
    assert pqrs.likely_duplicates(messages.iloc[:0], loosely) == []
    assert other not in pqrs.likely_duplicates(messages, {"Usuario": "@otra", "Mensaje": "Otro tema distinto"})
