"""Rule 2e of issue 14: the journalist («periodista encargado del área») shares the message work of the
procedure — log, classify, answer with a template, send to Atención a la Ciudadanía, keep the templates,
build and record the monthly PQRS report — and still cannot write what belongs to the leader or to ATC."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from core.domain import message_actions
from core.errors import ActionRefused
from core.register import open_register
from core.reports import pqrs_monthly
from core.reports.formats import report_bytes
from core.reports.sent import record_sent
from core.sheet.cells import BOGOTA
from core.sheet.rows import frame_records

MESSAGE = {"Recibido": datetime(2026, 11, 3, 9, 30, tzinfo=BOGOTA), "Red": "X", "Usuario": "@vecina",
           "Enlace": "https://x.com/vecina/status/1", "Mensaje": "Invadieron el andén de la 19"}


def test_the_issues_check_a_journalist_logs_a_message_but_never_decides_a_special_case(store_url):
    writer = open_register().writer("Ana", roles=("Periodista",))
    message_id = writer.create("Mensajes", MESSAGE)
    seen = open_register().snapshot().record("Mensajes", message_id)
    with pytest.raises(ActionRefused):
        writer.update("Mensajes", seen, {"Decisión del líder": "…"})
    assert open_register().snapshot().record("Mensajes", message_id)["Decisión del líder"] is None


def test_a_journalist_does_the_message_work_of_the_procedure(register):
    journalist = register.writer("Natalia Pardo", roles=("Periodista",))

    def seen(message_id: str) -> dict:
        return register.snapshot().record("Mensajes", message_id)

    # the templates: one written and then revised
    journalist.create("Plantillas", {"Nombre": "Queja recibida", "Texto": "Hola. Radicamos tu queja."})
    [(_, template)] = frame_records(register.snapshot().tables["Plantillas"])
    assert journalist.update("Plantillas", template, {"Texto": "Hola. Radicamos tu queja en Bogotá te escucha.",
                                                      "Última revisión": date(2026, 11, 3)}) == [
        "Texto", "Última revisión"]
    # a message logged, classified, answered with the template and sent to ATC
    message_id = journalist.create("Mensajes", MESSAGE)
    assert seen(message_id)["Registrado por"] == "Natalia Pardo"
    journalist.update("Mensajes", seen(message_id), {"Clasificación": "Queja", "Competencia": "DADEP",
                                                     "Tema": "Andenes"})
    message_actions.answer(journalist, seen(message_id), "Queja recibida", datetime(2026, 11, 3, 11, tzinfo=BOGOTA))
    message_actions.send_to_atc(journalist, seen(message_id), date(2026, 11, 4))
    row = seen(message_id)
    assert (row["Clasificación"], row["Respondido"], row["Plantilla"], row["Enviado a ATC"]) == (
        "Queja", True, "Queja recibida", datetime(2026, 11, 4))
    # what ATC writes back is not theirs
    with pytest.raises(ActionRefused, match="«Número de radicado».*lo hace Atención a la Ciudadanía o Líder"):
        message_actions.register_filing(journalist, row, "20264200012345", None, date(2026, 11, 5))
    # the monthly report: built from the register, and recorded as sent
    report = pqrs_monthly.build(register.snapshot().tables, "2026-11", made_at=datetime(2026, 12, 2, 9, tzinfo=BOGOTA))
    sheet = load_workbook(io.BytesIO(report_bytes(report, "xlsx")))
    assert sheet.sheetnames
    key = record_sent(journalist, register.snapshot().tables, "pqrs-mensual", "2026-11", date(2026, 12, 2),
                      "Líder, Atención a la Ciudadanía", "https://drive.google.com/informe")
    [sent] = register.snapshot().tables["Informes"].to_dict("records")
    assert key and (sent["Tipo"], sent["Periodo"], sent["Destinatarios"]) == (
        "PQRS mensual", "2026-11", "Líder, Atención a la Ciudadanía")


def test_a_report_is_recorded_as_sent_only_with_recipients_and_once_its_period_ended(register):
    leader = register.writer("Luisa", roles=("Líder",))
    tables = register.snapshot().tables
    with pytest.raises(ActionRefused, match="^Destinatarios: escriba a quién"):
        record_sent(leader, tables, "pqrs-mensual", "2026-11", date(2026, 12, 2), "  ", None)
    with pytest.raises(ActionRefused, match="^Fecha de envío: el semestre 2026-2 termina el 31/12/2026"):
        record_sent(leader, tables, "semestral", "2026-2", date(2026, 12, 7), "Dirección", None)
    with pytest.raises(ActionRefused, match="^Fecha de envío: el mes 2026-12 termina el 31/12/2026"):
        record_sent(leader, tables, "pqrs-mensual", "2026-12", date(2026, 12, 7), "Dirección", None)
    record_sent(leader, tables, "semestral", "2026-1", date(2026, 7, 10), "Dirección", None)
    assert len(register.snapshot(refresh=True).tables["Informes"]) == 1
