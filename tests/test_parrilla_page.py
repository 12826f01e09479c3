"""The Parrilla and Métricas pages through AppTest, on a real SQLite register: the week's posts, scheduling one
copy on two networks each at its own recommended hour (never after a request's publication day), the month
with Colombia's holidays, a post opened by another page's opener and moved, edited or cancelled, the approval
gate when marking a post published, and a post's figures typed by hand.

AppTest cannot select a row of a table (`st.dataframe`'s `on_select`): the row opener is the same code as the
external one (`st.session_state["grid_post"]`), tested here; the table keeps the stable key `g_posts` for the
browser journeys."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from io import BytesIO

import openpyxl
from icalendar import Calendar
from pypdf import PdfReader

from core.sheet.cells import BOGOTA
from core.sheet.contract import today_in_bogota
from tests.pages_kit import open_page, rows, texts


def stored_posts(store_url: str) -> list[dict]:
    return rows(store_url, "Publicaciones")


def history(writer, weekday_hour: tuple[int, int], weeks: int = 4, back: int = 0, network: str = "X") -> None:
    """Published posts of `network` with figures, one a week at the same weekday and hour (from `back` weeks
    ago): a ranked best hour."""
    today = today_in_bogota()
    monday = today - timedelta(days=today.weekday())
    rows = []
    for week in range(back + 1, back + weeks + 1):
        moment = datetime.combine(monday - timedelta(weeks=week) + timedelta(days=weekday_hour[0]),
                                  time(weekday_hour[1]), BOGOTA)
        figures = {"Impresiones": 1000, "Interacciones": 50} if network == "X" else {"Alcance": 1000, "Reacciones": 50}
        rows.append({"Red": network, "Programada": moment, "Publicada": moment, "Estado": "Publicada",
                     "Origen": "Coyuntura", **figures, "Copy": f"Semana {week}"})
    writer.create_many("Publicaciones", rows)


def slot_of(at, network: str) -> tuple[date, time]:
    """A network's day and hour in «Programar una publicación»."""
    return at.date_input(key=f"p_date_{network}").value, at.time_input(key=f"p_time_{network}").value


def stored_moment(day: date, hour: int) -> str:
    return f"{day.isoformat()}T{hour:02d}:00:00-05:00"


def test_one_copy_is_scheduled_on_two_networks_each_at_its_own_hour(writer, store_url):
    history(writer, (2, 8))  # X: Wednesdays at 8:00 a. m.
    at = open_page("app_pages/parrilla.py")
    next_week = today_in_bogota() + timedelta(days=7)
    wednesday = next_week - timedelta(days=next_week.weekday()) + timedelta(days=2)
    at.date_input(key="g_anchor").set_value(next_week).run()  # the grid's week is the one suggested
    at.multiselect(key="p_networks").set_value(["X", "Facebook"]).run()
    at.text_area(key="p_copy").input("Andenes libres en Kennedy").run()
    assert "X: 25 / 280" in texts(at.caption)
    at.selectbox(key="p_origin").set_value("Cubrimiento").run()
    # each network starts at its own best free hour of the week: X at its ranked hour; Facebook, without
    # history, at the grid's day at 9:00
    assert slot_of(at, "X") == (wednesday, time(8, 0))
    assert slot_of(at, "Facebook") == (next_week, time(9, 0))
    [slot] = [button for button in at.button if button.key and button.key.startswith("p_slot_X_")]
    assert slot.label.startswith("mié ") and "8:00 a. m." in slot.label and "(5,0 %)" in slot.label
    assert not [button for button in at.button if button.key and button.key.startswith("p_slot_Facebook_")]
    # one ranked hour: the window widened to the widest, and says so; Facebook has no history at all
    assert "mejores horas libres, según las últimas 104 semanas:" in texts(at.markdown)
    assert "sin recomendación: Facebook no tiene publicaciones publicadas con métricas en las últimas 104 semanas." \
        in texts(at.markdown)
    at.time_input(key="p_time_X").set_value(time(10, 0))
    at.time_input(key="p_time_Facebook").set_value(time(11, 0)).run()
    assert slot_of(at, "X") == (wednesday, time(10, 0))  # a changed hour stays changed
    [slot] = [button for button in at.button if button.key and button.key.startswith("p_slot_X_")]
    slot.click().run()
    assert slot_of(at, "X") == (wednesday, time(8, 0))  # the suggestion sets its own network's hour…
    assert slot_of(at, "Facebook") == (next_week, time(11, 0))  # …and not the other's
    at.button(key="p_save").click().run()
    assert not at.error, texts(at.error)
    new = {row["Red"]: row for row in stored_posts(store_url) if row["Copy"] == "Andenes libres en Kennedy"}
    assert sorted(new) == ["Facebook", "X"]
    assert new["X"]["Programada"] == stored_moment(wednesday, 8)
    assert new["Facebook"]["Programada"] == stored_moment(next_week, 11)
    said = texts(at.success)
    assert f"Programada: {new['X']['ID']} · X · mié {wednesday:%d/%m/%Y} 8:00 a. m." in said
    assert f"Programada: {new['Facebook']['ID']} · Facebook · " in said and "11:00 a. m." in said
    assert at.multiselect(key="p_networks").value == []  # the next post starts from an empty form
    assert at.text_area(key="p_copy").value == ""
    # the grid shows the week of the new posts, both of them in it
    assert at.date_input(key="g_anchor").value == min(wednesday, next_week)
    assert new["X"]["ID"] in texts(at.markdown) and new["Facebook"]["ID"] in texts(at.markdown)


def test_each_network_starts_at_its_own_best_hour_and_a_suggestion_moves_only_its_own(writer, store_url):
    history(writer, (2, 8))  # X: Wednesdays at 8:00 a. m.
    history(writer, (4, 18), network="Facebook")  # Facebook: Fridays at 6:00 p. m.
    at = open_page("app_pages/parrilla.py")
    next_week = today_in_bogota() + timedelta(days=7)
    monday = next_week - timedelta(days=next_week.weekday())
    at.date_input(key="g_anchor").set_value(next_week).run()
    at.multiselect(key="p_networks").set_value(["X", "Facebook"]).run()
    at.selectbox(key="p_origin").set_value("Coyuntura").run()
    assert slot_of(at, "X") == (monday + timedelta(days=2), time(8, 0))
    assert slot_of(at, "Facebook") == (monday + timedelta(days=4), time(18, 0))
    at.date_input(key="p_date_X").set_value(monday).run()  # the person moves X to Monday…
    [facebook] = [button for button in at.button if button.key and button.key.startswith("p_slot_Facebook_")]
    assert facebook.label.startswith("vie ") and "6:00 p. m." in facebook.label
    at.date_input(key="p_date_Facebook").set_value(monday + timedelta(days=1)).run()
    facebook = at.button(key=facebook.key)
    facebook.click().run()  # …and a Facebook suggestion brings Facebook back to Friday, X stays on Monday
    assert slot_of(at, "Facebook") == (monday + timedelta(days=4), time(18, 0))
    assert slot_of(at, "X") == (monday, time(8, 0))
    at.button(key="p_save").click().run()
    assert not at.error, texts(at.error)
    new = {row["Red"]: row["Programada"] for row in stored_posts(store_url) if row["Estado"] == "Programada"}
    assert new == {"X": stored_moment(monday, 8), "Facebook": stored_moment(monday + timedelta(days=4), 18)}


def test_nothing_is_suggested_after_the_requests_publication_day(writer, store_url):
    history(writer, (0, 7))  # X: Mondays at 7:00 a. m.…
    history(writer, (2, 8))  # …and Wednesdays at 8:00 a. m.
    history(writer, (4, 18), network="Facebook")  # Facebook: only Fridays at 6:00 p. m.
    next_week = today_in_bogota() + timedelta(days=7)
    monday = next_week - timedelta(days=next_week.weekday())
    tuesday = monday + timedelta(days=1)
    request_id = writer.create("Solicitudes", {
        "Fecha de solicitud": today_in_bogota(), "Área solicitante": "Jurídica", "Solicitante": "Luis",
        "Título": "Jornada", "Necesidad": "Piezas", "Redes": "X, Facebook", "Fecha de publicación": tuesday,
        "Etapa": "Definir acciones"})
    at = open_page("app_pages/parrilla.py")
    at.date_input(key="g_anchor").set_value(next_week).run()
    at.multiselect(key="p_networks").set_value(["X", "Facebook"]).run()
    assert slot_of(at, "Facebook") == (monday + timedelta(days=4), time(18, 0))  # no request yet: its Friday
    at.selectbox(key="p_origin").set_value("Solicitud").run()
    at.selectbox(key="p_request").set_value(request_id).run()  # the untouched defaults follow the request
    assert f"La solicitud {request_id} se publica el {tuesday:%d/%m/%Y}: no se sugieren horas después" \
        in texts(at.caption)
    labels = [button.label for button in at.button if button.key and button.key.startswith("p_slot_X_")]
    assert [label.split()[0] for label in labels] == ["lun"]  # Wednesday is after Tuesday: not offered
    assert slot_of(at, "X") == (monday, time(7, 0))
    assert not [button for button in at.button if button.key and button.key.startswith("p_slot_Facebook_")]
    assert f"sin recomendación hasta el {tuesday:%d/%m/%Y}, la fecha de publicación" in texts(at.markdown)
    assert slot_of(at, "Facebook") == (min(next_week, tuesday), time(9, 0))
    at.date_input(key="p_date_Facebook").set_value(monday + timedelta(days=4)).run()  # a day after it: a notice
    assert f"Facebook: el {monday + timedelta(days=4):%d/%m/%Y} es después de la fecha de publicación de la " \
        f"solicitud {request_id}" in texts(at.warning)


def test_the_month_names_colombias_holidays(writer):
    at = open_page("app_pages/parrilla.py")
    at.segmented_control(key="g_view").set_value("Mes")
    at.date_input(key="g_anchor").set_value(date(2026, 12, 1)).run()
    assert not at.exception
    days = texts(at.markdown)
    assert "**8**]  \n:gray[festivo: La Inmaculada Concepción]" in days  # core.domain.business_days' holidays
    assert ":gray[festivo: Navidad]" in days
    assert ":gray[**5**]" in days and ":gray[**6**]" in days  # sábado and domingo
    assert "**7**" in days and ":gray[**7**]" not in days  # a working Monday
    assert days.count("festivo: ") == 2  # December 2026 has two


def test_a_post_opened_from_another_page_shows_its_week_and_moves_edits_and_cancels(writer, store_url):
    later = today_in_bogota() + timedelta(weeks=3)
    post_id = writer.create("Publicaciones", {"Red": "X", "Origen": "Coyuntura", "Copy": "Feria del espacio",
                                              "Programada": datetime.combine(later, time(10), BOGOTA)})
    at = open_page("app_pages/parrilla.py")
    assert post_id not in texts(at.markdown)  # three weeks ahead: not in this week's grid
    at.session_state["grid_post"] = post_id
    at.run()
    assert at.date_input(key="g_anchor").value == later  # the grid shows its week
    assert f"**{post_id}** · **Programada** · programada {later:%d/%m/%Y} 10:00 a. m." in texts(at.markdown)
    assert "grid_post" not in at.session_state  # the opener is used once
    at.date_input(key="g_anchor").set_value(today_in_bogota()).run()
    assert f"**{post_id}** · **Programada**" in texts(at.markdown)  # it stays open while the grid moves on

    [hour] = [box for box in at.time_input if box.label == "Nueva hora"]
    hour.set_value(time(15, 0))
    at.button[[b.label for b in at.button].index("Mover")].click().run()
    assert not at.error, texts(at.error)
    assert f"{post_id} (X): movida del {later:%d/%m/%Y} 10:00 a. m. al {later:%d/%m/%Y} 3:00 p. m." \
        in texts(at.toast)
    assert stored_posts(store_url)[0]["Programada"] == stored_moment(later, 15)

    [copy_box] = [box for box in at.text_area if box.label == "Copy" and box.value == "Feria del espacio"]
    copy_box.input("Feria del espacio público")
    at.button[[b.label for b in at.button].index("Guardar cambios")].click().run()
    assert f"{post_id} (X): cambió Copy." in texts(at.toast)

    at.button[[b.label for b in at.button].index("Cancelar la publicación")].click().run()
    assert f"No se canceló {post_id}.** Marque la casilla para confirmar" in texts(at.error)
    assert stored_posts(store_url)[0]["Estado"] == "Programada"
    [sure] = [box for box in at.checkbox if box.label.startswith("Sí, cancelar esta publicación")]
    sure.check()
    at.button[[b.label for b in at.button].index("Cancelar la publicación")].click().run()
    assert not at.error, texts(at.error)
    assert f"{post_id} (X): cancelada" in texts(at.toast)
    assert [(row["Estado"], row["Copy"]) for row in stored_posts(store_url)] == [
        ("Cancelada", "Feria del espacio público")]


def test_the_suggestion_widens_to_the_weeks_that_have_posts_and_says_so(writer):
    for weekday_hour in ((0, 7), (2, 8), (4, 18)):
        history(writer, weekday_hour, weeks=3, back=39)  # only 40 to 42 weeks ago
    at = open_page("app_pages/parrilla.py")
    at.multiselect(key="p_networks").set_value(["X"]).run()
    at.date_input(key="p_date_X").set_value(today_in_bogota() + timedelta(days=7)).run()
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
    at.session_state["grid_post"] = post_id  # opened as by its row (or by another page)
    at.run()
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
    at.session_state["metrics_post"] = post_id  # as its row chosen in the table (the browser journey clicks it)
    at.run()
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
    at.session_state["grid_post"] = post_id
    at.run()
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
