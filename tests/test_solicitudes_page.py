"""The Solicitudes page through AppTest, on a real SQLite register: the form (happy path, each validation
message, the 7-day warning), the list's filters, and a request moved along its path from the detail view."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.sheet.contract import today_in_bogota
from tests.pages_kit import open_page as open_on
from tests.pages_kit import texts
from tests.roles_kit import open_as

APP = Path(__file__).resolve().parents[1] / "app.py"
PAGE = "app_pages/solicitudes.py"


def open_request(at, request_id: str) -> None:
    """As a row chosen in the list (AppTest cannot select a table's row; the browser journeys do)."""
    at.session_state["chosen"] = request_id
    at.run()


def open_page(person: str | None = "Ana Torres") -> AppTest:
    return open_on(PAGE, person)


def stored(store_url: str) -> list[dict]:
    with closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:
        cursor = db.execute("SELECT * FROM Solicitudes ORDER BY rowid")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


@pytest.fixture
def areas(writer):
    writer.create_many("Listas", [{"Áreas": "Jurídica", "Periodista del área": "Natalia Pardo"},
                                  {"Áreas": "Dirección", "Periodista del área": "Diego Suárez"}])


def fill(at: AppTest, publication: date, **more) -> None:
    at.selectbox(key="new_area").set_value("Jurídica").run()
    at.text_input(key="new_requester").input("Luis Gómez")
    at.text_input(key="new_email").input("luis.gomez@dadep.gov.co")
    at.text_input(key="new_title").input(more.get("title", "Jornada de recuperación de andenes"))
    at.text_area(key="new_need").input("Piezas para invitar a la jornada")
    at.multiselect(key="new_networks").set_value(["X", "Facebook"])
    at.date_input(key="new_publication").set_value(publication)


def test_a_request_is_registered_with_the_areas_journalist(areas, store_url):
    at = open_page()
    fill(at, today_in_bogota() + timedelta(days=20))
    assert at.text_input(key="new_journalist").value == "Natalia Pardo"  # from Listas
    at.button(key="new_save").click().run()
    assert not at.exception
    assert "Solicitud registrada" in texts(at.success) and not at.warning
    [row] = stored(store_url)
    assert (row["Área solicitante"], row["Periodista"], row["Redes"], row["Etapa"]) == (
        "Jurídica", "Natalia Pardo", "X, Facebook", "Identificar las necesidades")
    assert at.text_input(key="new_title").value == "" and at.multiselect(key="new_networks").value == []
    assert at.selectbox(key="new_area").value is None  # the next request starts from an empty form
    at.button(key="open_saved").click().run()  # the notice opens the new request in the list
    assert f"Jornada de recuperación de andenes ({row['ID']})" in [h.value for h in at.subheader]


def test_a_publication_in_three_days_is_accepted_with_a_warning(areas, store_url):
    at = open_page()
    fill(at, today_in_bogota() + timedelta(days=3))
    at.button(key="new_save").click().run()
    assert "Solicitud registrada" in texts(at.success)
    assert "es en 3 días" in texts(at.warning) and "7 días calendario" in texts(at.warning)
    assert len(stored(store_url)) == 1


def test_each_missing_field_is_named_and_what_was_typed_stays(areas, store_url):
    at = open_page()
    at.text_input(key="new_title").input("Sin lo demás")
    at.button(key="new_save").click().run()
    message = texts(at.error)
    for field in ("Área solicitante", "Solicitante", "Necesidad", "Redes", "Fecha de publicación"):
        assert f"**{field}**: es obligatorio" in message, field
    assert "Título" not in message
    assert at.text_input(key="new_title").value == "Sin lo demás"
    assert stored(store_url) == []


def test_a_bad_email_link_is_refused_with_its_field(areas, store_url):
    at = open_page()
    fill(at, today_in_bogota() + timedelta(days=20))
    at.text_input(key="new_support").input("correo de Luis")
    at.button(key="new_save").click().run()
    assert "**Soporte de la solicitud**" in texts(at.error) and stored(store_url) == []


def test_without_a_name_nothing_is_saved(areas, store_url):
    at = open_page(person=None)
    fill(at, today_in_bogota() + timedelta(days=20))
    at.button(key="new_save").click().run()
    assert "Quién trabaja" in texts(at.error) and stored(store_url) == []


def test_the_list_filters_and_a_request_moves_along_its_path(areas, writer, store_url):
    today = today_in_bogota()
    for title, area, stage in (("Andenes", "Jurídica", "Identificar las necesidades"),
                               ("Bienes", "Dirección", "Revisión y aprobación")):
        writer.create("Solicitudes", {"Fecha de solicitud": today - timedelta(days=10), "Área solicitante": area,
                                      "Solicitante": "Luis", "Título": title, "Necesidad": "Piezas", "Redes": "X",
                                      "Fecha de publicación": today + timedelta(days=20), "Etapa": stage,
                                      "Inicio de etapa": today - timedelta(days=10)})
    at = open_page()
    assert len(at.dataframe[0].value) == 2 and "**2** solicitudes, **2** vencidas." in texts(at.markdown)
    at.multiselect(key="f_area").set_value(["Dirección"]).run()
    assert list(at.dataframe[0].value["Título"]) == ["Bienes"]
    chosen = at.dataframe[0].value["ID"].iloc[0]
    open_request(at, chosen)
    stages = at.dataframe[1].value  # the list, the stages, the stage history
    assert list(stages["Estado"]) == ["hecha", "hecha", "hecha", "No aplica", "hecha", "en curso", "pendiente",
                                      "pendiente"]
    at.button(key="advance").click().run()  # to Publicación without approval
    assert "No se puede publicar sin aprobación" in texts(at.error)
    assert [row["Etapa"] for row in stored(store_url) if row["ID"] == chosen] == ["Revisión y aprobación"]
    # the approval, with its checklist, then publication
    at.text_input(key=f"approver_{chosen}").input("Luis Gómez")
    at.text_input(key=f"approval_link_{chosen}").input("https://mail.google.com/mail/u/0/#all/abc")
    for box in at.checkbox:
        if box.key and box.key.startswith("check_"):
            box.check()
    at.button[[b.label for b in at.button].index("Registrar aprobación")].click().run()
    assert not at.error, texts(at.error)
    at.button(key="advance").click().run()
    assert [row["Etapa"] for row in stored(store_url) if row["ID"] == chosen] == ["Publicación"]
    assert f"{chosen}: pasó a Publicación." in texts(at.toast)  # the action answers on screen
    history = next(table.value for table in at.dataframe if "De" in table.value.columns)
    assert list(history["A"])[-1] == "Publicación" and list(history["Quién"])[-1] == "Ana Torres"
    facts = next(table.value for table in at.dataframe if "Qué" in table.value.columns).set_index("Qué")
    assert facts.loc["Aprobación", "Quién"] == "Luis Gómez" and facts.loc["Aprobación", "Cuándo / enlace"]
    assert facts.loc["Soporte de aprobación", "Cuándo / enlace"] == "https://mail.google.com/mail/u/0/#all/abc"


def test_hoy_shows_what_is_due_by_tomorrow_and_the_overdue_per_stage(areas, writer):
    today = today_in_bogota()
    writer.create("Solicitudes", {"Fecha de solicitud": today - timedelta(days=10), "Área solicitante": "Jurídica",
                                  "Solicitante": "Luis", "Título": "Andenes", "Necesidad": "Piezas", "Redes": "X",
                                  "Periodista": "Natalia Pardo", "Fecha de publicación": today + timedelta(days=20),
                                  "Inicio de etapa": today - timedelta(days=10)})
    at = open_on("app_pages/hoy.py", "Camila Rojas")  # nothing of hers: the request is Natalia's
    assert at.segmented_control(key="hoy_whose").value == "Lo mío"
    assert "Nada suyo vence hoy" in texts(at.success)
    at.segmented_control(key="hoy_whose").set_value("Todo el equipo").run()
    due = at.dataframe(key="hoy_due").value  # today's first: no account in Cuentas, every network is checked daily
    assert list(due["Tipo"]) == ["Revisión de monitoreo"] * 5
    backlog = at.dataframe(key="hoy_backlog").value  # the overdue, apart (collapsed, as there is today's work)
    assert [block.label for block in at.expander] == ["Atrasados: 1 pendiente, el más antiguo del "
                                                      f"{backlog['Vence'].iloc[0].split()[0]}"]
    assert list(backlog["Tipo"]) == ["Etapa de solicitud"] and "(vencido)" in backlog["Vence"].iloc[0]
    assert "Andenes (Natalia Pardo): Identificar las necesidades" in backlog["Qué"].iloc[0]
    assert list(backlog["Quién"]) == ["Natalia Pardo"]
    per_stage = next(table.value for table in at.dataframe if "Etapa" in table.value.columns)
    assert list(per_stage["Etapa"]) == ["Identificar las necesidades"]

    at = open_on("app_pages/hoy.py", "natalia pardo")  # her own, as typed: case and accents do not count
    due = at.dataframe(key="hoy_backlog").value
    assert list(due["Tipo"]) == ["Etapa de solicitud"] and list(due["Quién"]) == ["Natalia Pardo"]


def test_the_copy_review_queue_and_the_material_with_the_leaders_review(areas, writer, store_url):
    today = today_in_bogota()
    for title, stage in (("Con copy", "Recepción de material"), ("Otra", "Ajustes")):
        writer.create("Solicitudes", {"Fecha de solicitud": today, "Área solicitante": "Jurídica",
                                      "Solicitante": "Luis", "Título": title, "Necesidad": "Piezas", "Redes": "X",
                                      "Fecha de publicación": today + timedelta(days=20), "Etapa": stage})
    at = open_page("Carolina Rincón")
    at.checkbox(key="f_copy").check().run()
    assert list(at.dataframe[0].value["Título"]) == ["Con copy"]
    chosen = at.dataframe[0].value["ID"].iloc[0]
    open_request(at, chosen)
    assert not [box for box in at.text_input if box.label == "Copy revisado por"]  # the reviewer is not typed
    assert "Revisó el copy: **Carolina Rincón**" in texts(at.markdown)  # who will be recorded
    at.button[[b.label for b in at.button].index("Registrar material y revisión del copy")].click().run()
    assert not at.error, texts(at.error)
    [row] = [row for row in stored(store_url) if row["Título"] == "Con copy"]
    assert (row["Copy revisado"], row["Copy revisado por"], row["Material recibido"]) == (
        "Sí", "Carolina Rincón", today.isoformat())
    at.checkbox(key="f_copy").uncheck().run()  # reviewed: it left the queue
    open_request(at, chosen)
    at.button(key="advance").click().run()
    assert [r["Etapa"] for r in stored(store_url) if r["Título"] == "Con copy"] == ["Ajustes"]


def test_a_campaign_is_created_gets_a_request_and_closes_only_with_evidence_and_analysis(areas, writer, store_url):
    today = today_in_bogota()
    request_id = writer.create("Solicitudes", {
        "Fecha de solicitud": today, "Área solicitante": "Jurídica", "Solicitante": "Luis", "Título": "Pieza",
        "Necesidad": "Piezas", "Redes": "X", "Fecha de publicación": today + timedelta(days=20)})
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page("app_pages/estrategias.py").run()
    at.sidebar.text_input(key="divulga_person").input("Ana Torres").run()
    at.text_input(key="c_name").input("Andenes libres")
    at.date_input(key="c_start").set_value(today - timedelta(days=30))
    at.date_input(key="c_end").set_value(today - timedelta(days=10))
    at.button[[b.label for b in at.button].index("Crear campaña")].click().run()
    assert "Campaña creada" in texts(at.success), texts(at.error)
    at.run()
    [row] = at.dataframe[0].value.to_dict("records")
    assert row["Atrasada"] == "Sí" and row["Estado"] == "Planeada"  # ended 10 days ago, not closed
    at.session_state["c_chosen"] = row["ID"]  # as its row chosen in the list (a browser journey clicks it)
    at.run()
    at.selectbox(key="c_link").set_value(request_id)
    at.button[[b.label for b in at.button].index("Vincular")].click().run()
    assert list(at.dataframe[1].value["ID"]) == [request_id]
    assert f"{request_id} vinculada a la campaña {row['ID']}." in texts(at.toast)
    at.text_area(key="c_evidence").input("https://x.com/DADEP/status/9")
    at.button[[b.label for b in at.button].index("Cerrar la campaña")].click().run()
    assert "análisis" in texts(at.error)
    at.text_area(key="c_analysis").input("Buen alcance en X.")
    at.button[[b.label for b in at.button].index("Cerrar la campaña")].click().run()
    assert not at.error
    with closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:
        estado, analisis = db.execute("SELECT Estado, Análisis FROM Estrategias").fetchone()
        modalidad, = db.execute("SELECT Modalidad FROM Solicitudes").fetchone()
    assert (estado, analisis, modalidad) == ("Cerrada", "Buen alcance en X.", "Estrategia integral")
    at.run()
    [row] = at.dataframe[0].value.to_dict("records")
    assert (row["Atrasada"], row["Estado"]) == ("No", "Cerrada")  # closed: nothing is late any more


def test_the_form_starts_empty_after_a_save_and_a_campaign_sets_the_path(areas, writer, store_url):
    campaign = writer.create("Estrategias", {"Nombre": "Andenes", "Inicio": "2026-03-01", "Fin": "2026-12-31"})
    at = open_page()
    fill(at, today_in_bogota() + timedelta(days=20))
    at.selectbox(key="new_campaign").set_value(campaign)
    at.button(key="new_save").click().run()
    assert "Solicitud registrada" in texts(at.success)
    assert at.text_input(key="new_title").value == "" and at.multiselect(key="new_networks").value == []
    at.button(key="new_save").click().run()  # a second click saves nothing: the form is empty
    [row] = stored(store_url)
    assert (row["Estrategia"], row["Modalidad"]) == (campaign, "Estrategia integral")


def test_the_detail_fields_belong_to_the_request_shown(areas, writer):
    today = today_in_bogota()
    for title, received in (("Con material", today - timedelta(days=3)), ("Sin material", None)):
        writer.create("Solicitudes", {"Fecha de solicitud": today, "Área solicitante": "Jurídica",
                                      "Solicitante": "Luis", "Título": title, "Necesidad": "Piezas", "Redes": "X",
                                      "Fecha de publicación": today + timedelta(days=20),
                                      "Etapa": "Recepción de material", "Material recibido": received})
    at = open_page("Ana Torres")
    ids = dict(zip(at.dataframe[0].value["Título"], at.dataframe[0].value["ID"]))
    open_request(at, ids["Con material"])
    assert at.date_input(key=f"material_day_{ids['Con material']}").value == today - timedelta(days=3)
    open_request(at, ids["Sin material"])
    assert at.date_input(key=f"material_day_{ids['Sin material']}").value == today


# --- rule 2d on the page: the copy review is the leader's ------------------------------------------------------

@pytest.mark.parametrize(("name", "roles", "reviews"), [
    ("Laura Ospina", "Community manager", False), ("Natalia Pardo", "Periodista", False),
    ("Carolina Rincón", "Líder", True), ("Juan Gómez", "Periodista, Líder", True),
])
def test_only_a_leader_gets_the_copy_review_and_it_records_that_person(areas, writer, store_url, name, roles,
                                                                        reviews):
    today = today_in_bogota()
    request_id = writer.create("Solicitudes", {
        "Fecha de solicitud": today, "Área solicitante": "Jurídica", "Solicitante": "Luis", "Título": "Con copy",
        "Necesidad": "Piezas", "Redes": "X", "Fecha de publicación": today + timedelta(days=20),
        "Etapa": "Recepción de material"})
    at = open_as(writer, PAGE, name, roles)
    open_request(at, request_id)
    labels = [b.label for b in at.button]
    if not reviews:
        assert "Registrar material y revisión del copy" not in labels
        assert "La revisión del copy externo la registra el Líder" in texts(at.caption)
        at.button[labels.index("Registrar material")].click().run()  # the material is still theirs to record
        assert not at.error, texts(at.error)
        [row] = stored(store_url)
        assert (row["Material recibido"], row["Copy revisado"], row["Copy revisado por"]) == (
            today.isoformat(), None, None)
        return
    assert f"Revisó el copy: **{name}**" in texts(at.markdown)
    at.button[labels.index("Registrar material y revisión del copy")].click().run()
    assert not at.error, texts(at.error)
    [row] = stored(store_url)
    assert (row["Copy revisado"], row["Copy revisado por"], row["Fecha revisión copy"]) == (
        "Sí", name, today.isoformat())


def test_a_second_identical_request_asks_first_and_dates_out_of_order_are_refused(areas, store_url):
    at = open_page()
    fill(at, today_in_bogota() + timedelta(days=20))
    at.button(key="new_save").click().run()
    assert "Solicitud registrada" in texts(at.success) and len(stored(store_url)) == 1
    fill(at, today_in_bogota() + timedelta(days=20))  # the same again, a minute later
    at.button(key="new_save").click().run()
    assert "Parece repetida de SOL-" in texts(at.warning) and len(stored(store_url)) == 1
    assert at.text_input(key="new_title").value == "Jornada de recuperación de andenes"  # nothing typed is lost
    at.button(key="new_save").click().run()  # it is another one: saved on the second click
    assert "Solicitud registrada" in texts(at.success) and len(stored(store_url)) == 2

    fill(at, today_in_bogota() - timedelta(days=3), title="Fechas al revés")
    at.button(key="new_save").click().run()
    assert "es anterior a la Fecha de solicitud" in texts(at.error) and "Fecha de publicación (" in texts(at.error)
    assert len(stored(store_url)) == 2 and at.text_input(key="new_title").value == "Fechas al revés"


def test_a_reversed_date_filter_says_so(areas):
    at = open_page()
    at.date_input(key="f_from").set_value(date(2026, 12, 20))
    at.date_input(key="f_to").set_value(date(2026, 12, 1)).run()
    assert "«Publicación desde» (20/12/2026) es posterior a «Publicación hasta» (01/12/2026)" in texts(at.warning)
