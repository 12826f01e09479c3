"""Issue 14's rules on a register imported with `importar`, through the commands people read every morning:
legal terms run from receipt, filed or not (2a: `colas`, `pendientes`, `informe pqrs-mensual`); Publicación
is due on the day of publication (2b: `pendientes`); today's missing monitoring check is a `monitoreo` item
(2h: `pendientes` and the Hoy page)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import openpyxl
import pytest

from core.domain.pending import pending, today_view
from core.domain.status import KIND_LABELS, KINDS, status_of
from core.sheet import contract
from tests.cli_kit import run
from tests.pages_kit import open_page
from tests.workbooks import workbook

QUEJA, CONSULTA, ANSWERED = "MSG-20261001-QQQQ", "MSG-20261020-CCCC", "MSG-20261002-RRRR"
WAITING, CAMPAIGN_REQUEST, CAMPAIGN = "SOL-20261120-PPPP", "SOL-20261101-KKKK", "EST-20261101-AAAA"
# Thursday 1 October 2026 + 15 business days (Monday 12 October is a holiday) = Friday 23 October.
QUEJA_DUE = "2026-10-23"
# Tuesday 20 October + 30 business days, skipping the holidays of Monday 2 and Monday 16 November = 3 December.
CONSULTA_DUE = "2026-12-03"


@pytest.fixture
def imported(store_url, tmp_path, capsys) -> None:
    """A register as the office keeps it by hand: an unfiled Queja long past its term, an unsent Consulta,
    an answered petition; a request in Publicación waiting for its date and one of a running campaign; the
    inventory (Facebook and X active, Instagram closed) and the checks of Facebook on 20 and 21 November."""
    workbook(tmp_path / "registro.xlsx", {
        "Mensajes": [
            ["ID", "Recibido", "Red", "Usuario", "Mensaje", "Clasificación", "Respondido", "Enviado a ATC",
             "Radicado", "Número de radicado", "Respuesta definitiva"],
            [QUEJA, datetime(2026, 10, 1, 9, 0), "Facebook", "@vecina", "Invaden el andén de mi cuadra", "Queja",
             "Sí", datetime(2026, 10, 2), "No", None, None],  # sent to ATC, never filed
            [CONSULTA, datetime(2026, 10, 20, 16, 0), "X", "@vecino", "¿Cómo pido una certificación?", "Consulta",
             "Sí", None, None, None, None],  # not even sent
            [ANSWERED, datetime(2026, 10, 2, 9, 0), "X", "@otra", "Una queja ya respondida", "Queja", "Sí",
             datetime(2026, 10, 2), "Sí", "2026-300", datetime(2026, 10, 9)],
        ],
        "Estrategias": [["ID", "Nombre", "Inicio", "Fin"],
                        [CAMPAIGN, "Andenes libres", datetime(2026, 11, 1), datetime(2026, 12, 18)]],
        "Solicitudes": [
            ["ID", "Fecha de solicitud", "Área solicitante", "Solicitante", "Título", "Necesidad", "Redes",
             "Fecha de publicación", "Etapa", "Inicio de etapa", "Modalidad", "Estrategia"],
            [WAITING, datetime(2026, 11, 20), "Jurídica", "Luis", "Jornada de andenes", "Piezas", "X",
             datetime(2026, 12, 15), "Publicación", datetime(2026, 12, 1, 9, 0), None, None],
            [CAMPAIGN_REQUEST, datetime(2026, 11, 1), "Dirección", "Ana", "Campaña de andenes", "Piezas", "X",
             datetime(2026, 11, 2), "Publicación", datetime(2026, 11, 2, 9, 0), "Estrategia integral", CAMPAIGN],
        ],
        "Cuentas": [["Red", "Cuenta", "Estado"], ["Facebook", "DADEP Bogotá", "Activa"], ["X", "DADEP", "Activa"],
                    ["Instagram", "dadep", "Inactiva"]],
        "Monitoreo": [["Fecha", "Red"], [datetime(2026, 11, 20), "Facebook"], [datetime(2026, 11, 21), "Facebook"]],
    })
    code, lines = run(capsys, "importar", str(tmp_path / "registro.xlsx"))
    assert code == 0, lines


def _csv(capsys, *args: str) -> list[dict]:
    code, lines = run(capsys, *args)
    assert code == 0, lines
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def _digest(capsys, day: str) -> list[dict]:
    return _csv(capsys, "pendientes", "--fecha", day, "--formato", "csv")


# --- 2a: legal terms run from receipt, filed or not ---------------------------------------------------------


def test_unfiled_and_unsent_petitions_are_in_terminos_with_their_legal_due_date(imported, capsys):
    queues = _csv(capsys, "colas", "--fecha", "2026-11-20", "--formato", "csv")
    assert {row["id"] for row in queues if row["cola"] == "terminos"} == {QUEJA, CONSULTA}  # not the answered one
    assert {row["id"] for row in queues if row["cola"] == "por-radicar"} == {QUEJA}
    assert {row["id"] for row in queues if row["cola"] == "por-enviar"} == {CONSULTA}
    code, lines = run(capsys, "colas", "--fecha", "2026-11-20")
    text = "\n".join(lines)
    assert "Términos: 2 mensajes, 1 vencido" in text
    # Por radicar has no limit of its own, but shows the legal one; Por enviar a ATC shows both.
    assert f"  {QUEJA:<20} {'':<30} Facebook · Queja · recibido el 01/10/2026 · término legal: 23/10/2026 " \
           "(vencido)" in text
    assert f"  {CONSULTA:<20} {'vence 21/10/2026 (vencido)':<30} X · Consulta · recibido el 20/10/2026 · término " \
           "legal: 03/12/2026" in text


def test_pendientes_lists_the_term_of_an_unfiled_message_once_it_is_due(imported, capsys):
    terms = [row for row in _digest(capsys, "2026-11-20") if row["tipo"] == "termino"]
    assert terms == [{"tipo": "termino", "id": QUEJA, "vence": QUEJA_DUE, "detalle": "Mensaje de Facebook · Queja · "
                      "recibido el 01/10/2026: vence el término legal de respuesta"}]
    assert CONSULTA not in {row["id"] for row in _digest(capsys, "2026-12-02") if row["tipo"] == "termino"}
    due = [row for row in _digest(capsys, CONSULTA_DUE) if row["tipo"] == "termino" and row["id"] == CONSULTA]
    assert [row["vence"] for row in due] == [CONSULTA_DUE]


def test_the_monthly_report_counts_the_unfiled_queja_among_the_overdue_terms(imported, capsys, tmp_path):
    for file_format in ("csv", "xlsx"):
        code, lines = run(capsys, "informe", "pqrs-mensual", "--mes", "2026-10", "--formato", file_format, "--salida",
                          str(tmp_path / f"informe.{file_format}"))
        assert code == 0, lines
    text = (tmp_path / "informe.csv").read_bytes().decode("utf-8-sig")
    listed = {row["ID"]: row for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert listed[QUEJA]["Vencimiento legal"] == "23/10/2026" and "Términos" in listed[QUEJA]["Pendiente en"]
    assert listed[CONSULTA]["Vencimiento legal"] == "03/12/2026" and "Términos" in listed[CONSULTA]["Pendiente en"]
    summary = openpyxl.load_workbook(tmp_path / "informe.xlsx")["Resumen"]
    overdue = [row[1] for row in summary.iter_rows(values_only=True)
               if isinstance(row[0], str) and row[0].startswith("Términos legales vencidos al")]
    # Made today, after both terms ended: the unfiled Queja and the unsent Consulta; the answered one is not.
    assert overdue == [2]


# --- 2b: Publicación is due on the day of publication ------------------------------------------------------


def test_a_request_in_publicacion_is_listed_from_its_publication_date_not_before(imported, capsys):
    # Moved to Publicación on 01/12 for a post on 15/12: not overdue on 04/12, nor listed on 14/12.
    assert WAITING not in {row["id"] for row in _digest(capsys, "2026-12-04")}
    assert WAITING not in {row["id"] for row in _digest(capsys, "2026-12-14")}
    listed = [row for row in _digest(capsys, "2026-12-15") if row["id"] == WAITING]
    assert listed == [{"tipo": "solicitud", "id": WAITING, "detalle": "Jornada de andenes: Publicación",
                       "vence": "2026-12-15"}]


def test_a_campaign_request_in_publicacion_is_due_at_the_campaigns_end(imported, capsys):
    assert CAMPAIGN_REQUEST not in {row["id"] for row in _digest(capsys, "2026-12-17") if row["tipo"] == "solicitud"}
    listed = [row for row in _digest(capsys, "2026-12-18") if row["id"] == CAMPAIGN_REQUEST
              and row["tipo"] == "solicitud"]
    assert [row["vence"] for row in listed] == ["2026-12-18"]


# --- 2h: today's missing monitoring check ----------------------------------------------------------------


def test_a_day_without_the_check_of_an_active_network_is_a_monitoreo_item(imported, capsys):
    assert [(row["tipo"], row["id"], row["vence"]) for row in _digest(capsys, "2026-11-21")
            if row["tipo"] == "monitoreo"] == [("monitoreo", "X", "2026-11-21")]  # Facebook checked; Instagram closed
    assert [row["detalle"] for row in _digest(capsys, "2026-11-22") if row["tipo"] == "monitoreo"] == [
        "Revisar Facebook y registrar la revisión del día en Monitoreo (mensajes nuevos, pendientes y si se publicó)",
        "Revisar X y registrar la revisión del día en Monitoreo (mensajes nuevos, pendientes y si se publicó)"]
    code, lines = run(capsys, "pendientes", "--fecha", "2026-11-21")
    assert "21/11/2026  monitoreo         X  Revisar X y registrar" in "\n".join(lines)


def test_only_the_day_asked_and_only_monitoring_days_give_the_item(imported, register, writer):
    tables = register.snapshot(refresh=True).tables
    # Sunday 22 November: missed checks of earlier days are the Monitoreo page's, not the digest's.
    assert [(item.due, item.id) for item in pending(tables, date(2026, 11, 22)) if item.kind == "monitoreo"] \
        == [(date(2026, 11, 22), "Facebook"), (date(2026, 11, 22), "X")]
    writer.create("Ajustes", {"Ajuste": "Días de monitoreo", "Valor": "hábiles"})
    tables = register.snapshot(refresh=True).tables
    assert not [item for item in pending(tables, date(2026, 11, 22)) if item.kind == "monitoreo"]
    assert "monitoreo" in KINDS and KIND_LABELS["monitoreo"] == "Revisión de monitoreo"


def test_hoy_shows_todays_missing_checks_and_not_tomorrows(imported, register, writer, monkeypatch):
    friday = date(2026, 11, 20)
    writer.create("Monitoreo", {"Fecha": friday, "Red": "X"})
    tables = register.snapshot(refresh=True).tables
    view = today_view(tables, status_of(tables, friday))
    assert [(item.due, item.id) for item in view.due if item.kind == "monitoreo"] == []  # both checked today
    thursday = date(2026, 11, 19)
    view = today_view(tables, status_of(tables, thursday))  # by Friday, but only Thursday's checks
    assert [(item.due, item.id) for item in view.due if item.kind == "monitoreo"] == [
        (thursday, "Facebook"), (thursday, "X")]
    monkeypatch.setattr(contract, "today_in_bogota", lambda: thursday)
    at = open_page("app_pages/hoy.py")
    at.segmented_control(key="hoy_whose").set_value("Todo el equipo").run()
    shown = next(table.value for table in at.dataframe if "Tipo" in table.value.columns)  # «Vence hoy…»
    monitoring = shown[shown["Tipo"] == "Revisión de monitoreo"]
    assert list(monitoring["ID"]) == ["Facebook", "X"] and set(monitoring["Vence"]) == {"19/11/2026"}
