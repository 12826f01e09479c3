"""The register's status (core/domain/status.py) through the commands people read: rows typed without an ID are listed
as `<Pestaña> fila <n>` (2c), each person's own work with `pendientes --persona` (3), and the status computed
once per snapshot and day."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest

from core.domain.status import CM, JOURNALIST, LEADER, REQUESTER, STATUS_TABS, request_role, status, status_of, tasks_of
from core.register import open_register
from tests.cli_kit import run, run_streams
from tests.hand import SQLiteSheet
from tests.workbooks import workbook

DAY = "2026-11-20"
HEADERS = ["ID", "Fecha de solicitud", "Área solicitante", "Solicitante", "Título", "Necesidad", "Redes",
           "Fecha de publicación", "Etapa", "Inicio de etapa", "Periodista", "Aprobado por"]


def request(identifier, title, journalist, stage="Definir acciones"):
    return [identifier, datetime(2026, 11, 2), "Jurídica", "Luis", title, "Piezas", "X", datetime(2026, 12, 30),
            stage, datetime(2026, 11, 3, 9, 0), journalist, None]


@pytest.fixture
def team(store_url, tmp_path, capsys) -> None:
    """Three requests of two journalists (one typed without an ID, on the sheet's row 4), one waiting for the
    leader's approval, messages assigned to Natalia and to nobody, and a team in Usuarios."""
    workbook(tmp_path / "registro.xlsx", {
        "Solicitudes": [
            HEADERS,
            request("SOL-20261102-NNNN", "Andenes de Natalia", "Natalia Pardo"),
            request("SOL-20261102-DDDD", "Plazas de Diego", "Diego Suárez"),
            request("SOL-20261102-BORR", "Escrita a mano", "Diego Suárez"),  # its ID erased below
            request("SOL-20261102-AAAA", "Por aprobar", "Diego Suárez", "Revisión y aprobación"),
        ],
        "Mensajes": [
            ["ID", "Recibido", "Red", "Usuario", "Mensaje", "Clasificación", "Asignado a"],
            ["MSG-20261110-NNNN", datetime(2026, 11, 10, 9), "X", "@a", "Un reclamo", "Reclamo", "Natalia Pardo"],
            ["MSG-20261110-SSSS", datetime(2026, 11, 10, 9), "X", "@b", "Otro reclamo", "Reclamo", None],
        ],
        "Usuarios": [["Correo", "Nombre", "Roles"],
                     ["natalia@dadep.gov.co", "Natalia Pardo", "Periodista"],
                     ["diego@dadep.gov.co", "Diego Suárez", "Periodista"],
                     ["luisa@dadep.gov.co", "Luisa Méndez", "Líder"],
                     ["camila@dadep.gov.co", "Camila Rojas", "Community manager"]],
        "Cuentas": [["Red", "Cuenta", "Estado"], ["X", "DADEP", "Activa"]],
    })
    code, lines = run(capsys, "importar", str(tmp_path / "registro.xlsx"))
    assert code == 0, lines
    SQLiteSheet(tmp_path / "divulga.db").set("Solicitudes", 4, "ID", None)  # as typed by hand in the sheet


def digest(capsys, *more: str) -> list[dict]:
    code, out, _ = run_streams(capsys, "pendientes", "--fecha", DAY, "--formato", "csv", *more)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows == [] or list(rows[0]) == ["tipo", "id", "detalle", "vence"]
    return rows


def test_a_request_typed_without_an_id_is_listed_by_its_sheet_row(team, capsys):
    rows = digest(capsys)
    [typed] = [row for row in rows if "Escrita a mano" in row["detalle"]]
    assert (typed["tipo"], typed["id"], typed["vence"]) == ("solicitud", "Solicitudes fila 4", "2026-11-04")


def test_pendientes_persona_lists_that_persons_work_and_not_the_others(team, capsys):
    everything = {row["id"] for row in digest(capsys)}
    natalia = {(row["tipo"], row["id"]) for row in digest(capsys, "--persona", "Natalia Pardo")}
    assert natalia == {("solicitud", "SOL-20261102-NNNN"), ("mensaje-responder", "MSG-20261110-NNNN"),
                       ("mensaje-enviar", "MSG-20261110-NNNN")}
    diego = {row["id"] for row in digest(capsys, "--persona", "diego suarez")}  # as people type it
    assert diego == {"SOL-20261102-DDDD", "Solicitudes fila 4", "SOL-20261102-AAAA"}
    assert not diego & {identifier for _, identifier in natalia}
    # the leader: the approval waiting for her, whoever the journalist; not the journalists' own stages
    assert {row["id"] for row in digest(capsys, "--persona", "Luisa Méndez")} == {"SOL-20261102-AAAA"}
    # the community manager: the day's monitoring check and the message nobody is assigned, not Natalia's
    camila = {(row["tipo"], row["id"]) for row in digest(capsys, "--persona", "camila@dadep.gov.co")}
    assert camila == {("monitoreo", "X"), ("mensaje-responder", "MSG-20261110-SSSS"),
                      ("mensaje-enviar", "MSG-20261110-SSSS")}
    assert {identifier for _, identifier in natalia | camila} | diego | {"SOL-20261102-AAAA"} <= everything


def test_a_teams_email_is_no_stranger(team, capsys):
    code, _, err = run_streams(capsys, "pendientes", "--fecha", DAY, "--persona", "Camila@dadep.gov.co")
    assert code == 0 and err == ""


def test_a_name_outside_the_team_is_a_notice_never_a_refusal(team, capsys):
    code, out, err = run_streams(capsys, "pendientes", "--fecha", DAY, "--persona", "Nadie Conocido")
    assert code == 0 and "no está en Usuarios" in err and "Nada pendiente de Nadie Conocido" in out


def test_who_acts_next_on_a_request_follows_the_procedure():
    assert request_role({"Etapa": "Definir acciones"}) == JOURNALIST
    assert request_role({"Etapa": "Recepción de material"}) == REQUESTER  # the area owes the material
    assert request_role({"Etapa": "Recepción de material", "Material recibido": date(2026, 11, 2)}) == LEADER
    assert request_role({"Etapa": "Recepción de material", "Material recibido": date(2026, 11, 2),
                         "Copy revisado": True}) == JOURNALIST
    assert request_role({"Etapa": "Revisión y aprobación"}) == LEADER
    assert request_role({"Etapa": "Publicación"}) == CM


def test_the_status_is_computed_once_per_snapshot_and_day(team, store_url):
    snapshot = open_register(store_url).snapshot(refresh=True)  # with the ID erased by hand after the import
    day = date(2026, 11, 20)
    first = status(snapshot, day)
    assert status(snapshot, day) is first and status(snapshot, date(2026, 11, 21)) is not first
    assert tasks_of(first.tasks, "Natalia Pardo") == [task for task in first.tasks if task.person == "Natalia Pardo"]
    records = first.requests()
    assert records[4].name == "Solicitudes fila 4" and records[4].overdue(day)
    assert records[5].role == LEADER and records[5].person == "Diego Suárez"


def test_the_commands_read_only_the_tabs_the_status_needs_and_see_the_same(team, store_url):
    register = open_register(store_url)
    register.writer("Prueba").create("Plantillas", {"Nombre": "Saludo", "Texto": "Hola"})
    partial = register.snapshot_of(STATUS_TABS)
    whole = register.snapshot(refresh=True)
    assert partial.tables["Plantillas"].empty and len(whole.tables["Plantillas"]) == 1  # not read
    assert len(partial.tables["Solicitudes"]) == len(whole.tables["Solicitudes"]) == 4
    day = date(2026, 11, 20)
    assert status_of(partial.tables, day).tasks == status(whole, day).tasks
