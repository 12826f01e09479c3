"""The Ajustes page through AppTest, on a real SQLite register: change a setting, see its effect, and be
told what is wrong with a value typed in the sheet."""

from __future__ import annotations

from core.settings import settings_of
from tests.pages_kit import open_page

PAGE = "app_pages/ajustes.py"


def open_ajustes(person: str | None = "Marcela Ruiz"):
    return open_page(PAGE, person)


def test_the_leader_switches_to_calendar_days_and_the_change_is_kept_with_its_author(register):
    at = open_ajustes()
    days = at.radio(key="setting_value_Días de los plazos")
    assert days.value == "hábiles"
    days.set_value("calendario")
    at.button(key="save_Días de los plazos").click().run()
    assert not at.exception and not at.error
    assert "Guardado: Días de los plazos = «calendario»" in at.success[0].value
    register.forget()
    assert settings_of(register.snapshot().tables).business_days is False
    [entry] = [row for row in register.history().to_dict("records") if row["Pestaña"] == "Ajustes"]
    assert entry["Usuario"] == "Marcela Ruiz"


def test_no_role_left_is_refused_naming_the_setting_and_nothing_is_saved(register):
    at = open_ajustes()
    roles = at.multiselect(key="setting_value_Roles que registran aprobaciones")
    assert set(roles.value) == {"Community manager", "Periodista", "Líder"}
    roles.set_value([])
    at.button(key="save_Roles que registran aprobaciones").click().run()
    assert "Roles que registran aprobaciones: diga al menos un rol" in at.error[0].value
    assert roles.value == [] or at.multiselect(key="setting_value_Roles que registran aprobaciones").value == []
    register.forget()
    assert len(register.snapshot().tables["Ajustes"]) == 0


def test_a_value_typed_badly_in_the_sheet_is_pointed_out(writer):
    writer.create("Ajustes", {"Ajuste": "Días de los plazos", "Valor": "laborales"})
    at = open_ajustes(person=None)
    assert any("«laborales» no se entiende" in warning.value for warning in at.warning)
    assert at.radio(key="setting_value_Días de los plazos").value == "hábiles"


def test_only_contact_settings_speak_of_contact_data():
    at = open_page("app_pages/ajustes.py")
    captions = [caption.value for caption in at.caption]
    sig = next(text for text in captions if text.startswith("El código del formato en el Sistema Integrado"))
    assert "contacto" not in sig and "«sin definir»" in sig
    assert any("no inventa datos de contacto" in text for text in captions)  # the Atención a la Ciudadanía ones
