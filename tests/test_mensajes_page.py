"""The citizens' pages through AppTest, on a real SQLite register: log messages fast (a pasted link fills
network and handle; a likely duplicate is pointed out first), answer with a template, hand over to ATC,
register it as ATC and watch it move between the queues; monitoring; templates."""

from __future__ import annotations

from datetime import datetime, timedelta

from streamlit.testing.v1 import AppTest

from core.sheet.cells import BOGOTA
from core.sheet.contract import today_in_bogota
from tests.pages_kit import open_page, rows, texts
from tests.roles_kit import open_as


def log(at: AppTest, link: str, text: str) -> None:
    at.text_input(key="m_link").input(link)
    at.text_area(key="m_text").input(text)
    at.button[[b.label for b in at.button].index("Registrar")].click().run()


def open_message(at: AppTest, message_id: str) -> None:
    """As a row chosen in «Un mensaje»'s list (AppTest cannot select a table's row; the browser journeys do)."""
    at.session_state["m_chosen"] = message_id
    at.run()


def test_twenty_messages_in_a_row_from_pasted_links(store_url):
    at = open_page("app_pages/mensajes.py")
    for number in range(20):
        log(at, f"https://x.com/vecino{number}/status/{1000 + number}", f"¿Cuándo recuperan el andén {number}?")
        assert "Registrado: **MSG-" in texts(at.success), texts(at.error)
        assert at.text_input(key="m_link").value == "" and at.text_area(key="m_text").value == ""
    stored = rows(store_url, "Mensajes")
    assert len(stored) == 20
    assert {(row["Red"], row["Usuario"]) for row in stored[:2]} == {("X", "@vecino0"), ("X", "@vecino1")}
    assert all(row["Registrado por"] == "Camila Rojas" for row in stored)


def test_a_likely_duplicate_is_pointed_out_and_saved_only_when_confirmed(writer, store_url):
    first = writer.create("Mensajes", {"Recibido": datetime.now(BOGOTA), "Red": "X", "Usuario": "@vecina",
                                       "Enlace": "https://x.com/vecina/status/7", "Mensaje": "Hola"})
    at = open_page("app_pages/mensajes.py")
    log(at, "https://x.com/vecina/status/7", "Hola otra vez")
    assert f"Parece repetido de {first}" in texts(at.warning)
    assert len(rows(store_url, "Mensajes")) == 1 and at.text_area(key="m_text").value == "Hola otra vez"
    at.button[[b.label for b in at.button].index("Registrar")].click().run()
    assert len(rows(store_url, "Mensajes")) == 2


def test_a_formula_typed_by_a_citizen_stays_text(store_url):
    at = open_page("app_pages/mensajes.py")
    log(at, "https://x.com/vecina/status/8", '=HYPERLINK("http://malo.example","clic")')
    [row] = rows(store_url, "Mensajes")
    assert row["Mensaje"] == '=HYPERLINK("http://malo.example","clic")'
    open_message(at, row["ID"])
    assert '=HYPERLINK("http://malo.example","clic")' in [element.value for element in at.text]


def test_answer_send_to_atc_and_file_moves_the_message_between_queues(writer, store_url):
    received = datetime.now(BOGOTA) - timedelta(hours=2)
    writer.create("Plantillas", {"Nombre": "PQRS radicada", "Texto": "Hola. Tu número es {numero_radicado}."})
    message_id = writer.create("Mensajes", {"Recibido": received, "Red": "Facebook", "Usuario": "Ana",
                                            "Mensaje": "Invaden el parque", "Clasificación": "Queja"})

    def queue_counts() -> dict[str, str]:
        colas = open_page("app_pages/colas.py", person=None)
        return {metric.label: metric.value for metric in colas.metric}

    assert queue_counts()["Sin responder"] == "1" and queue_counts()["Por enviar a ATC"] == "1"
    at = open_page("app_pages/mensajes.py")
    open_message(at, message_id)
    at.selectbox(key=f"m_template_{message_id}").set_value("PQRS radicada").run()
    assert "Hola. Tu número es {numero_radicado}." in [code.value for code in at.code]
    assert "no se puede desmarcar desde Divulga" in texts(at.markdown)  # it asks first: it cannot be undone
    assert f"m_answer_{message_id}" in [button.key for button in at.button]  # the «Sí, …» in its panel
    assert [b.label for b in at.button if b.key == f"m_answer_{message_id}"] == ["Sí, marcar respondido en la red"]
    at.button(key=f"m_answer_{message_id}").click().run()
    assert not at.error, texts(at.error)
    at.button(key=f"m_send_{message_id}").click().run()
    assert not at.error, texts(at.error)
    counts = queue_counts()
    assert (counts["Sin responder"], counts["Por enviar a ATC"], counts["Por radicar"]) == ("0", "0", "1")
    at = open_page("app_pages/mensajes.py", person="Atención a la Ciudadanía")
    open_message(at, message_id)
    number_box = [box for box in at.text_input if box.label == "Número de radicado"][0]
    number_box.input("20264200099")
    at.button[[b.label for b in at.button].index("Registrar radicado")].click().run()
    assert not at.error, texts(at.error)
    counts = queue_counts()
    assert (counts["Por radicar"], counts["Términos"]) == ("0", "1")
    [row] = rows(store_url, "Mensajes")
    assert (row["Respondido"], row["Plantilla"], row["Número de radicado"]) == ("Sí", "PQRS radicada", "20264200099")


def test_monitoring_records_the_check_and_lists_the_days_without_one(writer, store_url):
    writer.create("Cuentas", {"Red": "X", "Cuenta": "@DADEPBogota", "Estado": "Activa"})
    at = open_page("app_pages/monitoreo.py")
    at.selectbox[0].set_value("X")
    at.button[[b.label for b in at.button].index("Registrar revisión")].click().run()
    assert not at.error, texts(at.error)
    [check] = rows(store_url, "Monitoreo")
    assert (check["Red"], check["Revisado por"]) == ("X", "Camila Rojas")
    unchecked = at.dataframe[0].value
    assert f"{today_in_bogota():%d/%m/%Y}" not in list(unchecked["Día"])
    assert f"{today_in_bogota() - timedelta(days=1):%d/%m/%Y}" in list(unchecked["Día"])


def test_a_template_shows_what_is_missing_and_is_marked_reviewed(writer, store_url):
    writer.create("Plantillas", {"Nombre": "Canales", "Texto": "Llame a la línea {linea}."})
    at = open_page("app_pages/plantillas.py")
    assert "«Canales» nunca se ha revisado" in texts(at.warning)
    assert "Falta confirmar: Línea de atención (Ajustes)." in texts(at.warning)
    at.checkbox[0].check()
    at.button[[b.label for b in at.button].index("Guardar")].click().run()
    assert not at.error, texts(at.error)
    [row] = rows(store_url, "Plantillas")
    assert row["Última revisión"] == today_in_bogota().isoformat()


# --- issue 14: the journalist's message work (2e) and the leader's decision first (2d), as logged in -------------

def test_a_journalist_logs_messages_and_keeps_the_templates_on_the_pages(writer, store_url):
    at = open_as(writer, "app_pages/mensajes.py", "Natalia Pardo", "Periodista")
    log(at, "https://x.com/vecina/status/9", "¿Cuándo recuperan el andén?")
    assert "Registrado: **MSG-" in texts(at.success), texts(at.error)
    [row] = rows(store_url, "Mensajes")
    assert (row["Usuario"], row["Registrado por"]) == ("@vecina", "Natalia Pardo")
    at.switch_page("app_pages/plantillas.py").run()
    at.text_input(key="t_name").input("Canales")
    at.text_area(key="t_text").input("Nuestros canales: {canal_web}.")
    at.button[[b.label for b in at.button].index("Crear plantilla")].click().run()
    assert not at.error, texts(at.error)
    assert [row["Nombre"] for row in rows(store_url, "Plantillas")] == ["Canales"]


def special_case(writer) -> str:
    return writer.create("Mensajes", {"Recibido": datetime.now(BOGOTA) - timedelta(hours=3), "Red": "X",
                                      "Usuario": "@vecina", "Mensaje": "Caso delicado", "Clasificación": "Queja",
                                      "Caso especial": True})


def test_a_special_case_waits_for_the_leader_on_the_page(writer, store_url):
    message_id = special_case(writer)
    at = open_as(writer, "app_pages/mensajes.py", "Laura Ospina", "Community manager")
    open_message(at, message_id)
    assert f"m_send_{message_id}" not in [button.key for button in at.button]  # no hand-off before the decision
    assert "Es un caso especial y el líder aún no ha decidido" in texts(at.info)
    assert "Decisión del líder: aún no la registra el Líder." in texts(at.caption)
    assert not [area for area in at.text_area if area.label == "Decisión del líder"]  # the form is the leader's


def test_the_leader_decides_and_then_the_case_can_be_sent(writer, store_url):
    message_id = special_case(writer)
    at = open_as(writer, "app_pages/mensajes.py", "Carolina Rincón", "Líder")
    open_message(at, message_id)
    [decision] = [area for area in at.text_area if area.label == "Decisión del líder"]
    decision.input("Radicar como queja")
    at.button[[b.label for b in at.button].index("Registrar decisión")].click().run()
    assert not at.error, texts(at.error)
    at.button(key=f"m_send_{message_id}").click().run()
    assert not at.error, texts(at.error)
    [row] = rows(store_url, "Mensajes")
    assert (row["Decisión del líder"], row["Enviado a ATC"]) == ("Radicar como queja", today_in_bogota().isoformat())


def test_a_message_is_assigned_at_intake_to_whoever_logs_it_and_can_be_reassigned(writer, store_url):
    writer.create_many("Listas", [{"Áreas": "Jurídica", "Periodista del área": "Natalia Pardo"}])
    at = open_page("app_pages/mensajes.py", "Natalia Pardo")
    assert at.selectbox(key="m_assigned").value is None  # left empty: whoever logs it
    log(at, "https://x.com/vecino/status/1", "¿Quién responde por el andén?")
    assert not at.info or "no está en el equipo" not in texts(at.info)  # she is on the team (Listas)
    [row] = rows(store_url, "Mensajes")
    assert row["Asignado a"] == "Natalia Pardo"
    at = open_page("app_pages/mensajes.py", "Julián Otero")  # a name outside the team: saved, with a notice
    log(at, "https://x.com/vecino/status/2", "Otro mensaje")
    assert "«Julián Otero» no está en el equipo" in texts(at.info)
    assert [row["Asignado a"] for row in rows(store_url, "Mensajes")] == ["Natalia Pardo", "Julián Otero"]
    second = rows(store_url, "Mensajes")[1]["ID"]
    open_message(at, second)
    assert at.selectbox(key=f"m_assigned_{second}").value == "Julián Otero"
    at.selectbox(key=f"m_assigned_{second}").set_value("Natalia Pardo")
    at.button[[b.label for b in at.button].index("Guardar clasificación")].click().run()
    assert not at.exception and rows(store_url, "Mensajes")[1]["Asignado a"] == "Natalia Pardo"
    assert f"{second}: clasificación guardada." in texts(at.toast)


def test_a_message_received_in_the_future_is_refused_and_nothing_typed_is_lost(store_url):
    at = open_page("app_pages/mensajes.py")
    at.date_input(key="m_day").set_value(today_in_bogota() + timedelta(days=1))
    log(at, "https://x.com/vecina/status/77", "Mañana escribo")
    assert "Recibido (" in texts(at.error) and "es posterior a ahora" in texts(at.error)
    assert rows(store_url, "Mensajes") == [] and at.text_area(key="m_text").value == "Mañana escribo"


# --- issue 15: what a pasted link fills is shown before saving; the list opens a message; a new one opens --------

def test_a_pasted_link_shows_its_network_and_handle_before_saving(store_url):
    at = open_page("app_pages/mensajes.py")
    at.text_input(key="m_link").input("https://x.com/vecina_del_parque/status/42").run()
    assert "Del enlace: red **X**, usuario **@vecina_del_parque**." in texts(at.caption)
    assert (at.selectbox(key="m_network").value, at.text_input(key="m_user").value) == ("X", "@vecina_del_parque")
    assert rows(store_url, "Mensajes") == []  # nothing saved yet
    at.text_input(key="m_link").input("https://www.facebook.com/DADEP/posts/9").run()  # the old handle goes
    assert (at.selectbox(key="m_network").value, at.text_input(key="m_user").value) == ("Facebook", "")
    assert "sin usuario (el enlace no lo muestra" in texts(at.caption)
    at.text_input(key="m_link").input("https://ejemplo.org/nada").run()
    assert "El enlace no muestra la red: elíjala en «Red»." in texts(at.caption)


def test_the_message_just_logged_opens_from_its_notice(store_url):
    at = open_page("app_pages/mensajes.py")
    log(at, "https://x.com/vecina/status/5", "El andén sigue ocupado")
    [row] = rows(store_url, "Mensajes")
    at.button(key="m_open_logged").click().run()
    assert at.session_state["m_chosen"] == row["ID"]
    assert "El andén sigue ocupado" in [element.value for element in at.text]


def test_the_list_shows_what_has_something_to_do_newest_first_and_searches(writer, store_url):
    now = datetime.now(BOGOTA)
    old = writer.create("Mensajes", {"Recibido": now - timedelta(days=3), "Red": "X", "Usuario": "@uno",
                                     "Mensaje": "Ventas en el andén", "Respondido": True,
                                     "Clasificación": "No es PQRS"})
    new = writer.create("Mensajes", {"Recibido": now - timedelta(hours=1), "Red": "Facebook", "Usuario": "Dos",
                                     "Mensaje": "Parque invadido"})
    at = open_page("app_pages/mensajes.py")
    table = at.dataframe(key="m_table").value
    assert list(table["ID"]) == [new]  # the answered one has nothing left to do
    at.toggle(key="m_pending_only").set_value(False).run()
    assert list(at.dataframe(key="m_table").value["ID"]) == [new, old]
    at.text_input(key="m_search").input("andén").run()
    assert list(at.dataframe(key="m_table").value["ID"]) == [old]
    assert at.dataframe(key="m_table").value.iloc[0]["Está en"] == "Atendido"
