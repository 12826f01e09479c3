"""Who may see and do what: the permission tables as unit tests, the README's table equal to the code's,
and the writes refused in the core (the Writer) whatever a page shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.domain import permissions as perm
from core.ui.navigation import PAGES as NAVIGATION
from core.ui.navigation import TITLES

ROOT = Path(__file__).resolve().parents[1]
L, CM, P, ATC, AREA = perm.EVERY_ROLE
DEFAULT_APPROVERS = (CM, P, L)


@pytest.mark.parametrize(("role", "page", "allowed"), [
    (AREA, "app_pages/inicio.py", True), (AREA, "app_pages/solicitudes.py", True), (AREA, "app_pages/hoy.py", False),
    (AREA, "app_pages/mensajes.py", False), (AREA, "app_pages/colas.py", False), (AREA, "app_pages/parrilla.py", False),
    (AREA, "app_pages/historial.py", False), (AREA, "app_pages/ajustes.py", False), (AREA, "app_pages/kpis.py", False),
    (P, "app_pages/parrilla.py", True), (P, "app_pages/historial.py", False), (P, "app_pages/monitoreo.py", False),
    (P, "app_pages/kpis.py", False), (ATC, "app_pages/mensajes.py", True), (ATC, "app_pages/colas.py", True),
    (ATC, "app_pages/parrilla.py", False), (ATC, "app_pages/ajustes.py", True), (CM, "app_pages/cuentas.py", True),
    (CM, "app_pages/historial.py", False), (L, "app_pages/historial.py", True), (L, "app_pages/kpis.py", True),
    # rule 2e: the journalist's message work
    (P, "app_pages/mensajes.py", True), (P, "app_pages/colas.py", True), (P, "app_pages/plantillas.py", True),
    (P, "app_pages/reportes.py", True),
])
def test_pages_by_role(role, page, allowed):
    assert perm.can_open([role], page) is allowed


@pytest.mark.parametrize(("role", "tab", "action", "columns", "allowed"), [
    (AREA, "Solicitudes", "avanzar etapa", ["Etapa"], False), (P, "Solicitudes", "avanzar etapa", ["Etapa"], True),
    (P, "Publicaciones", "programar", [], False), (CM, "Publicaciones", "publicar", [], True),
    (ATC, "Mensajes", "enviar a ATC", ["Enviado a ATC"], False),
    (P, "Mensajes", "enviar a ATC", ["Enviado a ATC"], True),
    (ATC, "Mensajes", "radicar", ["Radicado", "Número de radicado"], True),
    (ATC, "Mensajes", "radicar", ["Número de radicado", "Clasificación"], False),  # its own fields, not the rest
    (CM, "Mensajes", "radicar", ["Número de radicado"], False),
    (CM, "Mensajes", "decidir caso especial", ["Decisión del líder"], False),
    (L, "Mensajes", "decidir caso especial", ["Decisión del líder"], True),
    (AREA, "Mensajes", "crear", [], False), (P, "Mensajes", "crear", [], True), (ATC, "Mensajes", "crear", [], False),
    (ATC, "Plantillas", "editar", [], True), (P, "Plantillas", "editar", [], True),
    (P, "Informes", "registrar envío", [], True), (P, "Monitoreo", "crear", [], False),
    (P, "Usuarios", "crear", [], False), (CM, "Listas", "editar", [], False), (L, "Listas", "editar", [], True),
    (CM, "Tab sin tabla", "crear", [], False),
])
def test_writes_by_role(role, tab, action, columns, allowed):
    refusal = perm.write_refusal([role], None, tab, action, {"Área solicitante": None}, DEFAULT_APPROVERS, columns)
    assert (refusal is None) is allowed, refusal


@pytest.mark.parametrize("action", ["editar", "decidir caso especial", "radicar", "crear", "importar"])
def test_a_field_rule_holds_whatever_the_action_is_called(action):
    refusal = perm.write_refusal([CM, P], None, "Mensajes", action, {}, DEFAULT_APPROVERS, ["Decisión del líder"])
    assert refusal == "Su rol no permite registrar «Decisión del líder» en Mensajes: lo hace Líder."


def test_an_area_registers_requests_only_for_itself():
    mine = {"Área solicitante": "Oficina Asesora Jurídica"}
    assert perm.write_refusal([AREA], "oficina asesora juridica", "Solicitudes", "crear", mine, creating=True) is None
    refusal = perm.write_refusal([AREA], "Dirección", "Solicitudes", "crear", mine, creating=True)
    assert refusal == "Un Área solicitante solo registra solicitudes de su área (Dirección)."
    assert perm.write_refusal([AREA], None, "Solicitudes", "crear", mine, creating=True).endswith(
        "(sin área en Usuarios).")
    assert perm.write_refusal([AREA, P], None, "Solicitudes", "crear", mine, creating=True) is None  # a journalist may
    # an edit named «crear» is still an edit: the creation's right does not open the requests to their area
    assert perm.write_refusal([AREA], "oficina asesora juridica", "Solicitudes", "crear", mine, columns=["Título"]) \
        == "Su rol no permite «crear» en Solicitudes: lo hace Community manager, Líder o Periodista."


def test_the_approvers_follow_the_setting_and_never_include_the_requesting_area():
    approval = list(perm.APPROVAL)
    assert perm.write_refusal([L], None, "Solicitudes", "editar", {}, (CM,), approval) == (
        "Su rol no permite registrar «Aprobado por», «Fecha de aprobación» y «Soporte de aprobación» en Solicitudes: "
        "lo hace Community manager (Ajustes: «Roles que registran aprobaciones»).")
    assert perm.write_refusal([AREA], None, "Solicitudes", "editar", {}, (AREA, L), approval) is not None
    assert perm.write_refusal([CM], None, "Solicitudes", "editar", {}, (CM,), approval) is None


def test_atc_edits_only_the_contact_settings():
    assert perm.write_refusal([ATC], None, "Ajustes", "cambiar ajuste", {"Ajuste": "Línea de atención"}) is None
    assert perm.write_refusal([ATC], None, "Ajustes", "cambiar ajuste", {"Ajuste": "Días de los plazos"})


def test_the_readme_table_is_the_codes_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert perm.permission_table(TITLES) in readme, "README's permission table differs: paste permission_table()"


def test_every_page_has_its_roles_and_every_page_file_is_listed():
    assert [path for _, path, _, _ in NAVIGATION] == list(perm.PAGES)
    files = {f"app_pages/{path.name}" for path in (ROOT / "app_pages").glob("*.py")}
    assert files <= set(perm.PAGES), files - set(perm.PAGES)


def test_a_requesting_area_sees_only_its_requests():
    import pandas as pd

    requests = pd.DataFrame({"ID": ["S1", "S2", "S3"], "Área solicitante": ["Jurídica", "Dirección", " jurídica "]})
    assert list(perm.visible_requests(requests, [AREA], "Jurídica")["ID"]) == ["S1", "S3"]
    assert perm.visible_requests(requests, [AREA], None).empty
    assert list(perm.visible_requests(requests, [AREA, P], "Jurídica")["ID"]) == ["S1", "S2", "S3"]


def test_the_writer_refuses_in_the_core_whatever_the_page_shows(register, writer):
    from datetime import date

    from core.domain import request_actions
    from core.domain.setting_changes import save_setting
    from core.domain.workflow import APPROVAL_CHECKLIST
    from core.errors import ActionRefused
    from core.settings import APPROVAL_ROLES, settings_of

    request_id = writer.create("Solicitudes", {
        "Fecha de solicitud": "2026-11-20", "Área solicitante": "Jurídica", "Solicitante": "Luis", "Título": "Pieza",
        "Necesidad": "Piezas", "Redes": "X", "Fecha de publicación": "2026-12-20", "Etapa": "Revisión y aprobación"})
    # even a setting that names the requesting area cannot let it register an approval
    register.writer("Prueba").create("Ajustes", {"Ajuste": "Roles que registran aprobaciones",
                                                 "Valor": "Líder, Área solicitante"})
    area = register.writer("Luis", roles=[AREA], area="Jurídica")
    seen = register.snapshot().record("Solicitudes", request_id)
    with pytest.raises(ActionRefused, match="Su rol no permite registrar «Aprobado por», «Fecha de aprobación»"):
        request_actions.register_approval(area, seen, "Luis", date(2026, 11, 25), "https://mail.google.com/x",
                                      APPROVAL_CHECKLIST)
    with pytest.raises(ActionRefused, match="Su rol no permite registrar «Aprobado por» en Solicitudes"):
        area.update("Solicitudes", seen, {"Aprobado por": "Luis"})  # nor by writing the cells directly
    with pytest.raises(ActionRefused, match="solo registra solicitudes de su área"):
        area.create("Solicitudes", {**{k: seen[k] for k in ("Fecha de solicitud", "Solicitante", "Necesidad",
                                                            "Redes", "Fecha de publicación")},
                                    "Título": "Otra", "Área solicitante": "Dirección"})
    assert register.snapshot().record("Solicitudes", request_id)["Aprobado por"] is None
    journalist = register.writer("Natalia", roles=[P])
    with pytest.raises(ActionRefused, match="Su rol no permite «cambiar ajuste» en Ajustes"):
        save_setting(journalist, settings_of(register.snapshot().tables), APPROVAL_ROLES, "Periodista")
    atc = register.writer("Jorge", roles=[ATC])
    from core.settings import PHONE_LINE
    assert save_setting(atc, settings_of(register.snapshot().tables), PHONE_LINE, "195")


def test_without_login_the_app_refuses_to_serve_another_address(store_url):
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    committed = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert 'address = "127.0.0.1"' in committed  # local mode listens on loopback only
    before = config.get_option("server.address")
    try:
        config.set_option("server.address", "0.0.0.0")
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        assert "no atiende en esta dirección sin inicio de sesión" in at.error[0].value
        assert not at.sidebar.text_input  # no «Quién trabaja», no page: nothing is served
        config.set_option("server.address", "127.0.0.1")
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        assert not at.error and "Modo local" in at.sidebar.info[0].value
    finally:
        config.set_option("server.address", before)


# --- field rules hold whatever path writes the field (issue 14, point 1) ----------------------------------------

REQUEST = {"Fecha de solicitud": "2026-11-20", "Área solicitante": "Jurídica", "Solicitante": "Luis",
           "Título": "Pieza", "Necesidad": "Piezas", "Redes": "X", "Fecha de publicación": "2026-12-20",
           "Etapa": "Recepción de material"}
MESSAGE = {"Recibido": "20/11/2026 9:00 a. m.", "Red": "X", "Mensaje": "¿Cuándo recuperan el andén?",
           "Clasificación": "Queja"}
# Every field with a rule of its own: a value to write, and the roles that may write it (by default settings).
PROTECTED = {
    ("Solicitudes", "Copy revisado"): (True, {L}),
    ("Solicitudes", "Copy revisado por"): ("Carolina Rincón", {L}),
    ("Solicitudes", "Fecha revisión copy"): ("2026-11-21", {L}),
    ("Solicitudes", "Aprobado por"): ("Luis Gómez", {L, CM, P}),
    ("Solicitudes", "Fecha de aprobación"): ("2026-11-25", {L, CM, P}),
    ("Solicitudes", "Soporte de aprobación"): ("https://mail.google.com/mail/u/0/#all/abc", {L, CM, P}),
    ("Mensajes", "Radicado"): (True, {L, ATC}),
    ("Mensajes", "Número de radicado"): ("20264200012345", {L, ATC}),
    ("Mensajes", "Radicado interno"): ("2026ER0001", {L, ATC}),
    ("Mensajes", "Fecha de radicación"): ("2026-11-23", {L, ATC}),
    ("Mensajes", "Trasladado a"): ("Instituto de Desarrollo Urbano", {L, ATC}),
    ("Mensajes", "Respuesta definitiva"): ("2026-12-01", {L, ATC}),
    ("Mensajes", "Decisión del líder"): ("Responder con la plantilla general", {L}),
}


def test_every_field_rule_is_tested():
    assert set(PROTECTED) == {(tab, name) for tab, names in perm.FIELDS for name in names}


@pytest.mark.parametrize("role", perm.EVERY_ROLE)
@pytest.mark.parametrize(("tab", "field"), list(PROTECTED))
def test_a_generic_edit_writes_a_protected_field_only_for_its_roles(register, writer, tab, field, role):
    from core.errors import ActionRefused

    record_id = writer.create(tab, REQUEST if tab == "Solicitudes" else MESSAGE)
    seen = register.snapshot().record(tab, record_id)
    person = register.writer("Ana", roles=(role,), area="Jurídica")
    value, allowed = PROTECTED[(tab, field)]
    if role in allowed:
        assert person.update(tab, seen, {field: value}) == [field]
        assert register.snapshot().record(tab, record_id)[field] is not None
        return
    with pytest.raises(ActionRefused, match=f"Su rol no permite registrar «{field}» en {tab}"):
        person.update(tab, seen, {field: value})
    assert register.snapshot().record(tab, record_id)[field] is None


@pytest.mark.parametrize(("role", "tab", "field"), [
    (P, "Mensajes", "Decisión del líder"), (CM, "Mensajes", "Número de radicado"),
    (AREA, "Solicitudes", "Aprobado por"), (P, "Solicitudes", "Copy revisado por"),
])
def test_a_creation_fills_a_protected_field_only_for_its_roles(register, role, tab, field):
    from core.errors import ActionRefused

    person = register.writer("Ana", roles=(role,), area="Jurídica")
    base = REQUEST if tab == "Solicitudes" else MESSAGE
    with pytest.raises(ActionRefused, match=f"Su rol no permite registrar «{field}» en {tab}"):
        person.create(tab, {**base, field: PROTECTED[(tab, field)][0]})
    assert register.snapshot().tables[tab].empty
    assert person.create(tab, base)  # the same record without it is theirs to log


def test_a_writer_without_roles_keeps_every_right(register):
    record_id = register.writer("Script").create("Mensajes", {**MESSAGE, "Decisión del líder": "Radicar",
                                                              "Número de radicado": "2026-1"})
    seen = register.snapshot().record("Mensajes", record_id)
    assert register.writer("Script").update("Mensajes", seen, {"Respuesta definitiva": "2026-12-01"})


# --- rule 2d: the copy review is the leader's, recorded as the person -------------------------------------------

def test_only_a_leader_records_the_copy_review_and_the_reviewer_is_that_person(register, writer):
    from datetime import date

    from core.domain import request_actions
    from core.errors import ActionRefused

    request_id = writer.create("Solicitudes", REQUEST)
    seen = register.snapshot().record("Solicitudes", request_id)
    for role in (CM, P, ATC):
        with pytest.raises(ActionRefused, match="«Copy revisado», «Copy revisado por» y «Fecha revisión copy» en "
                                                "Solicitudes: lo hace Líder"):
            request_actions.receive_material(register.writer("Laura", roles=(role,)), seen, date(2026, 11, 21),
                                         date(2026, 11, 21))
    assert register.snapshot().record("Solicitudes", request_id)["Copy revisado"] is None
    leader = register.writer("Juan Sebastián Gómez", roles=(P, L))  # an acting leader («encargo») holds Líder
    request_actions.receive_material(leader, seen, date(2026, 11, 21), date(2026, 11, 22))
    row = register.snapshot().record("Solicitudes", request_id)
    assert (row["Copy revisado"], row["Copy revisado por"], row["Fecha revisión copy"].date(),
            row["Material recibido"].date()) == (True, "Juan Sebastián Gómez", date(2026, 11, 22), date(2026, 11, 21))


# --- citizens' data ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("roles", "allowed"), [
    (["Líder"], True), (["Community manager"], True), (["Periodista"], True), (["Atención a la Ciudadanía"], True),
    (["Área solicitante"], False), (["Área solicitante", "Periodista"], True), ("ATC", True), ("lider", True),
    ("Área solicitante; CM", True), ([], False), (None, False), (["Visitante"], False), ("", False),
])
def test_only_communications_and_atencion_see_citizens_data(roles, allowed):
    assert perm.can_see_personal_data(roles) is allowed
