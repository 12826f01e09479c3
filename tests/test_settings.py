"""The leader's settings in `Ajustes`: defaults, reading what people typed, notices, and their effect."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.cli.main import main
from core.domain.setting_changes import save_setting
from core.settings import APPROVAL_ROLES, DEADLINE_DAYS, SettingError, settings_of
from core.sheet.cells import BOGOTA


def solicitud(**more) -> dict:
    return {"Fecha de solicitud": "2026-04-01", "Área solicitante": "Jurídica", "Solicitante": "Luis",
            "Título": "Semana Santa", "Necesidad": "Piezas", "Redes": "X", "Fecha de publicación": "2026-04-20",
            "Inicio de etapa": datetime(2026, 4, 2, 9, 0, tzinfo=BOGOTA), **more}


def test_an_empty_register_uses_the_documented_defaults(register):
    settings = settings_of(register.snapshot().tables)
    assert settings.business_days is True
    assert settings.approval_roles == ("Community manager", "Periodista", "Líder")
    assert settings.notices == () and settings.text(DEADLINE_DAYS) == "hábiles"


def test_values_typed_by_hand_are_read_loosely(writer, register):
    writer.create("Ajustes", {"Ajuste": "dias de los PLAZOS", "Valor": "Calendario"})
    writer.create("Ajustes", {"Ajuste": "Roles que registran aprobaciones", "Valor": "lider; periodista"})
    settings = settings_of(register.snapshot().tables)
    assert settings.business_days is False
    assert settings.approval_roles == ("Líder", "Periodista")


@pytest.mark.parametrize(("name", "value", "why"), [
    ("Días de los plazos", "a veces", "escriba «hábiles» o «calendario»"),
    ("Roles que registran aprobaciones", "Líder, Área solicitante", "nunca registra aprobaciones"),
    ("Roles que registran aprobaciones", "Jefe", "no está en la lista de roles"),
])
def test_an_unreadable_value_keeps_the_default_and_says_so(writer, register, name, value, why):
    writer.create("Ajustes", {"Ajuste": name, "Valor": value})
    settings = settings_of(register.snapshot().tables)
    assert settings.business_days is True
    assert "Área solicitante" not in settings.approval_roles
    [notice] = settings.notices
    assert notice.startswith(f"Ajustes fila 2: {name}: ") and why in notice and "se usa «" in notice


def test_unknown_and_repeated_settings_are_pointed_out(writer, register):
    writer.create("Ajustes", {"Ajuste": "Color favorito", "Valor": "azul"})
    writer.create("Ajustes", {"Ajuste": "Días de los plazos", "Valor": "calendario"})
    writer.create("Ajustes", {"Ajuste": "Días de los plazos", "Valor": "hábiles"})
    settings = settings_of(register.snapshot().tables)
    assert settings.business_days is False  # the first row counts
    assert any("«Color favorito» no es un ajuste" in notice for notice in settings.notices)
    assert any("fila 4: «Días de los plazos» está repetido" in notice for notice in settings.notices)


def test_saving_checks_the_value_writes_once_and_then_edits_the_same_row(writer, register):
    with pytest.raises(SettingError, match="nunca registra"):
        save_setting(writer, settings_of(register.snapshot().tables), APPROVAL_ROLES, "Área solicitante")
    assert len(register.snapshot().tables["Ajustes"]) == 0
    assert save_setting(writer, settings_of(register.snapshot().tables), DEADLINE_DAYS, "calendario")
    assert not save_setting(writer, settings_of(register.snapshot().tables), DEADLINE_DAYS, "calendario")
    assert save_setting(writer, settings_of(register.snapshot().tables), DEADLINE_DAYS, "hábiles")
    assert len(register.snapshot().tables["Ajustes"]) == 1
    actions = [row["Acción"] for row in register.history().to_dict("records") if row["Pestaña"] == "Ajustes"]
    assert actions == ["crear", "cambiar ajuste"]


def test_calendar_days_move_every_deadline_of_the_digest(writer, register, capsys):
    """Started on Jueves Santo: one business day is Monday 6 April; one calendar day is Friday 3 April."""
    new = writer.create("Solicitudes", solicitud())
    assert main(["pendientes", "--fecha", "2026-04-03", "--formato", "csv"]) == 0
    assert new not in capsys.readouterr().out
    save_setting(writer, settings_of(register.snapshot().tables), DEADLINE_DAYS, "calendario")
    assert main(["pendientes", "--fecha", "2026-04-03", "--formato", "csv"]) == 0
    assert f"solicitud,{new},Semana Santa: Identificar las necesidades,2026-04-03" in capsys.readouterr().out


def test_the_readme_documents_every_setting_and_no_other():
    import re
    from pathlib import Path

    from core.settings import SETTINGS

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("| Ajuste | Valor"):]
    section = section[: section.index("\n\n")]
    documented = [re.match(r"\| ([^|]+?) \|", line).group(1) for line in section.splitlines()[2:]]
    assert documented == [setting.name for setting in SETTINGS]
