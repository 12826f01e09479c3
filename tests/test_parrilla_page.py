"""The Parrilla and Métricas pages through AppTest, on a real SQLite register: the week's posts, scheduling one
copy on two networks at a recommended hour, the approval gate when marking a post published, and a post's
figures typed by hand."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from io import BytesIO

import openpyxl
from icalendar import Calendar
from pypdf import PdfReader

from core.cells import BOGOTA
from core.layout import today_in_bogota
from tests.pages_kit import open_page, rows, texts


def stored_posts(store_url: str) -> list[dict]:
    return rows(store_url, "Publicaciones")


def history(writer, weekday_hour: tuple[int, int], weeks: int = 4, back: int = 0) -> None:
    """Published X posts with figures, one a week at the same weekday and hour (from `back` weeks ago): a
    ranked best hour."""
    today = today_in_bogota()
    monday = today - timedelta(days=today.weekday())
    rows = []
    for week in range(back + 1, back + weeks + 1):
        moment = datetime.combine(monday - timedelta(weeks=week) + timedelta(days=weekday_hour[0]),
                                  time(weekday_hour[1]), BOGOTA)
        rows.append({"Red": "X", "Programada": moment, "Publicada": moment, "Estado": "Publicada",
                     "Origen": "Coyuntura", "Impresiones": 1000, "Interacciones": 50, "Copy": f"Semana {week}"})
    writer.create_many("Publicaciones", rows)


def test_one_copy_is_scheduled_on_two_networks_at_the_recommended_hour(writer, store_url):
    history(writer, (2, 8))  # Wednesdays at 8:00 a. m.
    at = open_page("app_pages/parrilla.py")
    next_week = today_in_bogota() + timedelta(days=7)
    at.multiselect(key="p_networks").set_value(["X", "Facebook"]).run()
    at.text_area(key="p_copy").input("Andenes libres en Kennedy").run()
    assert "X: 25 / 280" in texts(at.caption)
    at.selectbox(key="p_origin").set_value("Cubrimiento")
    at.date_input(key="p_date").set_value(next_week).run()
    [slot] = [button for button in at.button if button.key and button.key.startswith("p_slot_X_")]
    assert slot.label.startswith("mié ") and "8:00 a. m." in slot.label and "(5,0 %)" in slot.label
    # one ranked hour: the window widened to the widest, and says so; Facebook has no history at all
    assert "mejores horas libres, según las últimas 104 semanas:" in texts(at.markdown)
    assert "sin recomendación: Facebook no tiene publicaciones publicadas con métricas en las últimas 104 semanas." \
        in texts(at.markdown)
    slot.click().run()
    assert at.time_input(key="p_time").value == time(8, 0)
    at.button(key="p_save").click().run()
    assert not at.error, texts(at.error)
    assert "Programada:" in texts(at.success)
    new = [row for row in stored_posts(store_url) if row["Copy"] == "Andenes libres en Kennedy"]
    assert sorted(row["Red"] for row in new) == ["Facebook", "X"]
    wednesday = next_week - timedelta(days=next_week.weekday()) + timedelta(days=2)
    assert {row["Programada"] for row in new} == {f"{wednesday.isoformat()}T08:00:00-05:00"}
    assert at.multiselect(key="p_networks").value == []  # the next post starts from an empty form


def test_the_suggestion_widens_to_the_weeks_that_have_posts_and_says_so(writer):
    for weekday_hour in ((0, 7), (2, 8), (4, 18)):
        history(writer, weekday_hour, weeks=3, back=39)  # only 40 to 42 weeks ago
    at = open_page("app_pages/parrilla.py")
    at.multiselect(key="p_networks").set_value(["X"]).run()
    at.date_input(key="p_date").set_value(today_in_bogota() + timedelta(days=7)).run()
    assert not at.exception
    assert "mejores horas libres, según las últimas 52 semanas:" in texts(at.markdown)
    labels = [button.label for button in at.button if button.key and button.key.startswith("p_slot_X_")]
    assert [label.split()[0] for label in labels] == ["lun", "mié", "vie"] and "pocos datos" not in " ".join(labels)


def test_the_grid_files_of_the_page_are_signed_with_the_entity_of_ajustes(writer, downloads):
    writer.create_many("Ajustes", [{"Ajuste": "Nombre de la entidad", "Valor": "Instituto Distrital de Turismo (IDT)"},
                                   {"Ajuste": "Área", "Valor": "Oficina de Comunicaciones"}])
    writer.create("Publicaciones", {"Red": "X", "Origen": "Coyuntura", "Copy": "Feria de turismo",
                                    "Programada": datetime.combine(today_in_bogota(), time(20), BOGOTA)})
    at = open_page("app_pages/parrilla.py")
    assert [button.label for button in at.download_button] == ["Excel", "PDF", "Calendario (.ics)"]
    xlsx, pdf, ics = (deferred() for deferred in downloads[-3:])
    signed = "Instituto Distrital de Turismo (IDT) — Oficina de Comunicaciones"
    book = openpyxl.load_workbook(BytesIO(xlsx))
    assert dict(book["Filtros"].iter_rows(values_only=True))["Entidad"] == signed
    assert signed in PdfReader(BytesIO(pdf)).pages[0].extract_text()
    calendar = Calendar.from_ical(ics)
    assert str(calendar["X-WR-CALNAME"]) == "IDT · Parrilla de publicación"
    assert str(calendar["X-WR-CALDESC"]) == f"Parrilla de publicación — {signed}"
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["X · Feria de turismo"]


def test_a_too_long_copy_for_x_is_refused_and_kept(writer, store_url):
    at = open_page("app_pages/parrilla.py")
    at.multiselect(key="p_networks").set_value(["X"]).run()
    at.text_area(key="p_copy").input("a" * 290).run()
    at.selectbox(key="p_origin").set_value("Coyuntura")
    at.button(key="p_save").click().run()
    assert "X admite 280 (10 de más)" in texts(at.error)
    assert at.text_area(key="p_copy").value == "a" * 290 and stored_posts(store_url) == []


def test_marking_published_a_post_of_an_unapproved_request_is_refused(writer, store_url):
    today = today_in_bogota()
    request_id = writer.create("Solicitudes", {
        "Fecha de solicitud": today, "Área solicitante": "Jurídica", "Solicitante": "Luis", "Título": "Pieza",
        "Necesidad": "Piezas", "Redes": "X", "Fecha de publicación": today, "Etapa": "Publicación"})
    post_id = writer.create("Publicaciones", {"Red": "X", "Programada": datetime.combine(today, time(9), BOGOTA),
                                              "Solicitud": request_id, "Copy": "Pieza"})
    at = open_page("app_pages/parrilla.py")
    assert post_id in texts(at.markdown)  # in this week's grid
    at.selectbox(key="g_post").set_value(post_id).run()
    assert f"la solicitud {request_id} aún no tiene quién aprobó (Aprobado por)" in texts(at.info)
    assert "ni el enlace al correo de aprobación (Soporte de aprobación)" in texts(at.info)
    at.button[[b.label for b in at.button].index("Marcar publicada")].click().run()
    assert "No se puede publicar sin aprobación" in texts(at.error)
    assert stored_posts(store_url)[0]["Estado"] == "Programada"


def test_figures_typed_by_hand_show_the_engagement_with_its_base(writer, store_url):
    moment = datetime.combine(today_in_bogota() - timedelta(days=2), time(10), BOGOTA)
    post_id = writer.create("Publicaciones", {"Red": "TikTok", "Programada": moment, "Publicada": moment,
                                              "Estado": "Publicada", "Origen": "Coyuntura"})
    at = open_page("app_pages/metricas.py")
    at.selectbox(key="m_post").set_value(post_id).run()
    assert "engagement sin calcular" in texts(at.markdown)
    at.number_input(key=f"m_Alcance_{post_id}").set_value(2000)
    at.number_input(key=f"m_Reacciones_{post_id}").set_value(80)
    at.number_input(key=f"m_Comentarios_{post_id}").set_value(20)
    at.button[[b.label for b in at.button].index("Guardar métricas")].click().run()
    assert not at.error, texts(at.error)
    assert "engagement **5,0 %** sobre alcance" in texts(at.markdown)
    [row] = stored_posts(store_url)
    assert (row["Alcance"], row["Reacciones"], row["Comentarios"]) == (2000, 80, 20)


def test_the_best_hour_heatmap_and_its_table(writer):
    history(writer, (2, 8))
    at = open_page("app_pages/metricas.py", person=None)
    at.selectbox(key="b_network").set_value("X").run()
    assert not at.exception
    table = at.dataframe[0].value  # the heatmap's table twin (AppTest finds dataframes by position)
    assert list(table.iloc[0][["Puesto", "Día", "Hora", "Engagement mediano", "Publicaciones"]]) == [
        "1", "miércoles", "8:00 a. m.", "5,0 %", "4"]


def test_a_scheduled_post_is_edited_and_a_too_long_copy_for_its_network_refused(writer, store_url):
    post_id = writer.create("Publicaciones", {"Red": "X", "Origen": "Coyuntura", "Copy": "Primera versión",
                                              "Programada": datetime.combine(today_in_bogota(), time(20), BOGOTA)})
    at = open_page("app_pages/parrilla.py")
    at.selectbox(key="g_post").set_value(post_id).run()
    copy_box = [box for box in at.text_area if box.label == "Copy" and box.value == "Primera versión"][0]
    copy_box.input("x" * 281)
    at.button[[b.label for b in at.button].index("Guardar cambios")].click().run()
    assert "X admite 280 (1 de más)" in texts(at.error)
    copy_box = [box for box in at.text_area if box.label == "Copy" and box.value.startswith("x")][0]
    copy_box.input("Segunda versión")
    at.button[[b.label for b in at.button].index("Guardar cambios")].click().run()
    assert not at.error, texts(at.error)
    assert stored_posts(store_url)[0]["Copy"] == "Segunda versión"


def test_importar_without_a_file_says_what_to_do():
    at = open_page("app_pages/metricas.py")
    at.button[[b.label for b in at.button].index("Importar")].click().run()
    assert not at.exception and "Elija primero el archivo exportado" in texts(at.warning)
