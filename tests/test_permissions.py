"""Who may see and do what: the permission tables as unit tests, the README's table equal to the code's,
and the writes refused in the core (the Writer) whatever a page shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from core import permissions as perm
from core.ui.navigation import PAGES as NAVIGATION
from core.ui.navigation import TITLES

ROOT = Path(__file__).resolve().parents[1]
L, CM, P, ATC, AREA = perm.EVERY_ROLE
DEFAULT_APPROVERS = (CM, P, L)


@pytest.mark.parametrize(("role", "page", "allowed"), [
    (AREA, "pages/inicio.py", True), (AREA, "pages/solicitudes.py", True), (AREA, "pages/hoy.py", False),
    (AREA, "pages/mensajes.py", False), (AREA, "pages/colas.py", False), (AREA, "pages/parrilla.py", False),
    (AREA, "pages/historial.py", False), (AREA, "pages/ajustes.py", False), (AREA, "pages/kpis.py", False),
    (P, "pages/parrilla.py", True), (P, "pages/historial.py", False), (P, "pages/monitoreo.py", False),
    (ATC, "pages/mensajes.py", True), (ATC, "pages/colas.py", True), (ATC, "pages/parrilla.py", False),
    (ATC, "pages/ajustes.py", True), (CM, "pages/cuentas.py", True), (CM, "pages/historial.py", False),
    (L, "pages/historial.py", True), (L, "pages/kpis.py", True),
])
def test_pages_by_role(role, page, allowed):
    assert perm.can_open([role], page) is allowed


@pytest.mark.parametrize(("role", "tab", "action", "allowed"), [
    (AREA, "Solicitudes", "registrar aprobación", False),
    (L, "Solicitudes", "registrar aprobación", True), (CM, "Solicitudes", "registrar aprobación", True),
    (ATC, "Solicitudes", "registrar aprobación", False),
    (AREA, "Solicitudes", "avanzar etapa", False), (P, "Solicitudes", "avanzar etapa", True),
    (P, "Publicaciones", "programar", False), (CM, "Publicaciones", "publicar", True),
    (CM, "Mensajes", "radicar", False), (ATC, "Mensajes", "radicar", True), (ATC, "Mensajes", "enviar a ATC", False),
    (CM, "Mensajes", "decidir caso especial", False), (L, "Mensajes", "decidir caso especial", True),
    (AREA, "Mensajes", "crear", False), (ATC, "Plantillas", "editar", True), (P, "Usuarios", "crear", False),
    (CM, "Listas", "editar", False), (L, "Listas", "editar", True), (CM, "Tab sin tabla", "crear", False),
])
def test_writes_by_role(role, tab, action, allowed):
    refusal = perm.write_refusal([role], None, tab, action, {"Área solicitante": None}, DEFAULT_APPROVERS)
    assert (refusal is None) is allowed, refusal


def test_an_area_registers_requests_only_for_itself():
    mine = {"Área solicitante": "Oficina Asesora Jurídica"}
    assert perm.write_refusal([AREA], "oficina asesora juridica", "Solicitudes", "crear", mine) is None
    refusal = perm.write_refusal([AREA], "Dirección", "Solicitudes", "crear", mine)
    assert refusal == "Un Área solicitante solo registra solicitudes de su área (Dirección)."
    assert perm.write_refusal([AREA], None, "Solicitudes", "crear", mine).endswith("(sin área en Usuarios).")
    assert perm.write_refusal([AREA, P], None, "Solicitudes", "crear", mine) is None  # a journalist may


def test_the_approvers_follow_the_setting_and_never_include_the_requesting_area():
    assert perm.write_refusal([L], None, "Solicitudes", "registrar aprobación", {}, (CM,)) is not None
    assert perm.write_refusal([AREA], None, "Solicitudes", "registrar aprobación", {}, (AREA, L)) is not None


def test_atc_edits_only_the_contact_settings():
    assert perm.write_refusal([ATC], None, "Ajustes", "cambiar ajuste", {"Ajuste": "Línea de atención"}) is None
    assert perm.write_refusal([ATC], None, "Ajustes", "cambiar ajuste", {"Ajuste": "Días de los plazos"})


def test_the_readme_table_is_the_codes_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert perm.permission_table(TITLES) in readme, "README's permission table differs: paste permission_table()"


def test_every_page_has_its_roles_and_every_page_file_is_listed():
    assert [path for _, path, _, _ in NAVIGATION] == list(perm.PAGES)
    files = {f"pages/{path.name}" for path in (ROOT / "pages").glob("*.py")}
    assert files <= set(perm.PAGES), files - set(perm.PAGES)


def test_a_requesting_area_sees_only_its_requests():
    import pandas as pd

    requests = pd.DataFrame({"ID": ["S1", "S2", "S3"], "Área solicitante": ["Jurídica", "Dirección", " jurídica "]})
    assert list(perm.visible_requests(requests, [AREA], "Jurídica")["ID"]) == ["S1", "S3"]
    assert perm.visible_requests(requests, [AREA], None).empty
    assert list(perm.visible_requests(requests, [AREA, P], "Jurídica")["ID"]) == ["S1", "S2", "S3"]


def test_the_writer_refuses_in_the_core_whatever_the_page_shows(register, writer):
    from datetime import date

    from core import solicitudes
    from core.errors import ActionRefused
    from core.settings import APPROVAL_ROLES, save_setting, settings_of
    from core.workflow import APPROVAL_CHECKLIST

    request_id = writer.create("Solicitudes", {
        "Fecha de solicitud": "2026-11-20", "Área solicitante": "Jurídica", "Solicitante": "Luis", "Título": "Pieza",
        "Necesidad": "Piezas", "Redes": "X", "Fecha de publicación": "2026-12-20", "Etapa": "Revisión y aprobación"})
    # even a setting that names the requesting area cannot let it register an approval
    register.writer("Prueba").create("Ajustes", {"Ajuste": "Roles que registran aprobaciones",
                                                 "Valor": "Líder, Área solicitante"})
    area = register.writer("Luis", roles=[AREA], area="Jurídica")
    seen = register.snapshot().record("Solicitudes", request_id)
    with pytest.raises(ActionRefused, match="Su rol no puede registrar aprobaciones"):
        solicitudes.register_approval(area, seen, [AREA], "Luis", date(2026, 11, 25), "https://mail.google.com/x",
                                      APPROVAL_CHECKLIST)
    with pytest.raises(ActionRefused, match="Su rol no permite «editar» en Solicitudes"):
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
