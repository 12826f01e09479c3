"""A day's work, person by person, in a real browser (issue 15, point 13): the journalist, the leader, the
community manager and Atención a la Ciudadanía each do their part end to end by opening rows (never picking
or typing an ID), with their name typed once, and each journey ends on what the next person sees: their
Hoy, the queues or Historial open the record just handed over. The app, the browser and the helpers are the
browser journeys' (tests/test_browser_journey.py)."""

from __future__ import annotations

import re
import sqlite3
import time
from contextlib import closing
from datetime import datetime, timedelta

import pytest
from playwright import sync_api

from core.register import open_register
from core.sheet.cells import BOGOTA
from core.sheet.contract import STAGES, today_in_bogota
from tests import test_browser_journey as journey
from tests.test_browser_journey import (
    WAIT_MS,
    confirm,
    no_streamlit_english,
    open_first_row,
    open_tab,
    serve,
    settled,
)

page = journey.page  # the journeys' fixtures: a Chromium page, and the check that Chromium is there
_chromium_installed = journey._chromium_installed

pytestmark = pytest.mark.browser
expect = sync_api.expect

JOURNALIST, LEADER, CM, ATC = "Natalia Pardo", "Carolina Rincón", "Laura Ospina", "Sandra Mejía"
TEAM = [(JOURNALIST, "Periodista"), (LEADER, "Líder"), (CM, "Community manager"), (ATC, "Atención a la Ciudadanía")]


@pytest.fixture
def office(store_url):
    """The team in Usuarios (each person's Hoy is theirs by name and role), Jurídica's journalist in Listas,
    every network checked today (no monitoring task in anyone's way) and an answer template."""
    writer = open_register(store_url).writer("Prueba")
    writer.create_many("Usuarios", [{"Correo": f"{name.split()[0].lower()}@dadep.gov.co", "Nombre": name,
                                     "Roles": role} for name, role in TEAM])
    writer.create_many("Listas", [{"Áreas": "Jurídica", "Periodista del área": JOURNALIST}])
    writer.create_many("Monitoreo", [{"Fecha": today_in_bogota(), "Red": network}
                                     for network in ("Facebook", "X", "Instagram", "YouTube", "TikTok")])
    writer.create("Plantillas", {"Nombre": "PQRS radicada",
                                 "Texto": "Remitimos tu mensaje a Atención a la Ciudadanía."})
    return writer


def request(writer, title: str, stage: str, started_days_ago: int, **more) -> str:
    """A request of Jurídica's journalist published in a week: its material is due today (stage 3)."""
    today = today_in_bogota()
    return writer.create("Solicitudes", {
        "Fecha de solicitud": today - timedelta(days=started_days_ago), "Área solicitante": "Jurídica",
        "Solicitante": "Luis Gómez", "Correo del solicitante": "luis.gomez@dadep.gov.co", "Título": title,
        "Necesidad": "Piezas para invitar", "Redes": "Facebook", "Periodista": JOURNALIST, "Etapa": stage,
        "Fecha de publicación": today + timedelta(days=7),
        "Inicio de etapa": datetime.combine(today - timedelta(days=started_days_ago), datetime.min.time(), BOGOTA)
        .replace(hour=9), **more})


def stored(store_url: str, sql: str, *params):
    with closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:
        return db.execute(sql, params).fetchall()


def until(page, check, what: str) -> None:
    deadline = time.monotonic() + WAIT_MS / 1000
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)
    settled(page)


def click_until(page, button: str, check, what: str, asks: bool = False) -> None:
    """Click `button` (`asks`: and confirm it in its panel) until the register shows the write: a click that
    lands while the page redraws can be lost (the journeys' rule)."""
    main = page.locator("[data-testid='stMain']")
    deadline = time.monotonic() + WAIT_MS / 1000
    while not check():
        assert time.monotonic() < deadline, what
        settled(page)
        target = main.get_by_role("button", name=button, exact=True)
        if asks:
            confirm(page, button)
        elif target.count():
            target.click()
        for _ in range(25):
            if check():
                break
            time.sleep(0.2)
    settled(page)


def sign_in(page, url: str, person: str) -> None:
    """Open the app once and type the name once: every page after this keeps it (the sidebar's links). On Hoy,
    wait until it shows the person's own work."""
    journey.open_as(page, url, person)
    if url.endswith("/hoy"):
        expect(page.locator("[data-testid='stMain']").get_by_text(f"Lo de {person}")).to_be_visible(timeout=WAIT_MS)


def go(page, title: str, person: str) -> None:
    """Another page through the sidebar: the name typed at the start is still there."""
    page.locator("[data-testid='stSidebar']").get_by_role("link", name=title, exact=True).click()
    settled(page)
    expect(page.locator("[data-testid='stSidebar']").get_by_role("textbox", name="Quién trabaja")).to_have_value(
        person, timeout=WAIT_MS)


def first_task(page, url: str) -> None:
    """Open the first of the person's tasks in Hoy (today's table, else the backlog, open when there is
    nothing for today) on its record's page at `url`."""
    open_first_row(page, page.locator("[data-testid='stMain'] [data-testid='stDataFrame']").first, url)


@pytest.fixture
def app(office, store_url, tmp_path):
    yield from serve(tmp_path, DIVULGA_STORE=store_url)


def test_the_journalists_day_ends_in_the_leaders_hoy(office, app, store_url, page, tmp_path):
    """Natalia opens her late request from Hoy and hands it over for approval, then registers a new one from
    the form (a second click saves nothing more); Carolina (the leader) finds the approval in her Hoy and opens
    it."""
    late = request(office, "Andenes de la 19", STAGES[4], started_days_ago=8,
                   **{"Material recibido": today_in_bogota() - timedelta(days=5), "Copy revisado": True})
    main = page.locator("[data-testid='stMain']")
    try:
        sign_in(page, f"{app}/hoy", JOURNALIST)
        expect(main.get_by_text("1 pendiente, 1 ya vencido.", exact=True)).to_be_visible(timeout=WAIT_MS)
        no_streamlit_english(page)
        first_task(page, f"{app}/solicitudes")
        expect(main.get_by_role("heading", name=f"Andenes de la 19 ({late})")).to_be_visible(timeout=WAIT_MS)
        click_until(page, f"Avanzar a {STAGES[5]}",
                    lambda: stored(store_url, "SELECT Etapa FROM Solicitudes WHERE ID = ?", late) == [(STAGES[5],)],
                    f"not moved to {STAGES[5]}", asks=True)

        open_tab(page, "Nueva solicitud")
        main.get_by_role("combobox", name="Área solicitante *").click()
        page.get_by_role("option", name="Jurídica").click()
        settled(page)
        expect(main.get_by_role("textbox", name="Periodista")).to_have_value(JOURNALIST, timeout=WAIT_MS)
        main.get_by_role("textbox", name="Solicitante *").fill("Luis Gómez")
        main.get_by_role("textbox", name="Título *").fill("Feria de servicios")
        main.get_by_role("textbox", name="Necesidad *").fill("Piezas para la feria")
        main.get_by_role("combobox", name="Redes *").click()
        page.keyboard.type("X")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        main.get_by_role("spinbutton", name="day, Fecha de publicación *").click()
        page.keyboard.type(f"{today_in_bogota() + timedelta(days=15):%d%m%Y}")
        main.get_by_role("button", name="Registrar solicitud").click()
        expect(main.get_by_text(re.compile(r"^Solicitud registrada: SOL-"))).to_be_visible(timeout=WAIT_MS)
        main.get_by_role("button", name="Registrar solicitud").click()  # a second click saves nothing more
        settled(page)
        assert stored(store_url, "SELECT COUNT(*) FROM Solicitudes WHERE Título = 'Feria de servicios'") == [(1,)]
        expect(main.get_by_role("textbox", name="Título *")).to_have_value("")

        sign_in(page, f"{app}/hoy", LEADER)  # the next person: the approval is the leader's, due tomorrow
        expect(main.get_by_text("1 pendiente, 0 ya vencidos.", exact=True)).to_be_visible(timeout=WAIT_MS)
        first_task(page, f"{app}/solicitudes")
        expect(main.get_by_role("heading", name=f"Andenes de la 19 ({late})")).to_be_visible(timeout=WAIT_MS)
        expect(main.get_by_role("button", name="Registrar aprobación")).to_be_visible()
    except Exception:
        page.screenshot(path=str(tmp_path / "fallo.png"), full_page=True)
        raise


def test_the_leaders_day_ends_in_the_community_managers_hoy(office, app, store_url, page, tmp_path):
    """Carolina reviews a copy opened from her Hoy, then decides a special case opened from it too; Laura
    (community manager) finds the case, decided, in her Hoy: answer it and send it to ATC."""
    waiting = request(office, "Andenes de la 19", STAGES[2], started_days_ago=1,
                      **{"Material recibido": today_in_bogota(), "Copy revisado": False})
    case = office.create("Mensajes", {
        "Recibido": datetime.now(BOGOTA) - timedelta(hours=3), "Red": "X", "Usuario": "@vecina",
        "Mensaje": "Caso delicado en el parque", "Clasificación": "Queja", "Competencia": "DADEP",
        "Caso especial": True, "Asignado a": CM})
    main = page.locator("[data-testid='stMain']")
    try:
        sign_in(page, f"{app}/hoy", LEADER)  # the copy review, and the case's answer and hand-off (hers to decide)
        expect(main.get_by_text("3 pendientes, 0 ya vencidos.", exact=True)).to_be_visible(timeout=WAIT_MS)
        first_task(page, f"{app}/solicitudes")  # the copy review first: due today, a request's stage before a message
        expect(main.get_by_role("heading", name=f"Andenes de la 19 ({waiting})")).to_be_visible(timeout=WAIT_MS)
        click_until(page, "Registrar material y revisión del copy",
                    lambda: stored(store_url, 'SELECT "Copy revisado por" FROM Solicitudes') == [(LEADER,)],
                    "copy review not saved")
        expect(page.get_by_text(f"{waiting}: material y revisión del copy registrados.")).to_be_visible(
            timeout=WAIT_MS)  # the toast

        go(page, "Hoy", LEADER)
        expect(main.get_by_text("2 pendientes, 0 ya vencidos.", exact=True)).to_be_visible(timeout=WAIT_MS)
        first_task(page, f"{app}/mensajes")
        expect(main.get_by_role("heading", name=f"Mensaje {case}")).to_be_visible(timeout=WAIT_MS)
        open_tab(page, "Líder")
        main.get_by_role("textbox", name="Decisión del líder").fill("Radicar con prioridad.")
        click_until(page, "Registrar decisión",
                    lambda: stored(store_url, 'SELECT "Decisión del líder" FROM Mensajes') == [
                        ("Radicar con prioridad.",)], "decision not saved")

        sign_in(page, f"{app}/hoy", CM)  # the next person: the case, decided, is the community manager's
        expect(main.get_by_text(re.compile(r"^2 pendientes, "))).to_be_visible(timeout=WAIT_MS)  # answer, send
        first_task(page, f"{app}/mensajes")
        expect(main.get_by_role("heading", name=f"Mensaje {case}")).to_be_visible(timeout=WAIT_MS)
    except Exception:
        page.screenshot(path=str(tmp_path / "fallo.png"), full_page=True)
        raise


def test_the_community_managers_day_ends_in_atcs_queue(office, app, store_url, page, tmp_path):
    """Laura logs a message from its link, opens it from the notice, classifies it, answers it with a
    template and sends it to ATC; Sandra (ATC) finds it in «Por radicar» and opens it."""
    main = page.locator("[data-testid='stMain']")

    def message(column: str):
        found = stored(store_url, f'SELECT "{column}" FROM Mensajes')
        return found[0][0] if found else None

    try:
        sign_in(page, f"{app}/mensajes", CM)
        link = main.get_by_role("textbox", name="Enlace del mensaje")
        link.fill("https://x.com/vecina_kennedy/status/42")
        link.press("Tab")
        expect(main.get_by_text("Del enlace: red X, usuario @vecina_kennedy.")).to_be_visible(timeout=WAIT_MS)
        settled(page)
        main.get_by_role("textbox", name="Mensaje *").fill("Hay carros sobre el andén de la 38 sur")
        main.get_by_role("button", name="Registrar", exact=True).click()
        until(page, lambda: message("ID"), "the message was not stored")
        new = message("ID")
        expect(main.get_by_text(f"Registrado: {new}. Siga con el siguiente.")).to_be_visible(timeout=WAIT_MS)
        expect(link).to_have_value("")
        main.get_by_role("button", name=f"Abrir {new}").click()
        expect(main.get_by_role("heading", name=f"Mensaje {new}")).to_be_visible(timeout=WAIT_MS)
        settled(page)

        classify = main.locator("[data-testid='stForm']").filter(has_text="Guardar clasificación")
        classify.get_by_role("combobox", name="Clasificación").click()
        page.get_by_role("option", name="Queja", exact=True).click()
        classify.get_by_role("combobox", name="Competencia").click()
        page.get_by_role("option", name="DADEP", exact=True).click()
        click_until(page, "Guardar clasificación", lambda: message("Clasificación") == "Queja", "not classified")
        open_tab(page, "Responder")
        main.get_by_role("combobox", name="Plantilla").click()
        page.get_by_role("option", name="PQRS radicada").click()
        settled(page)
        click_until(page, "Marcar respondido en la red", lambda: message("Respondido") == "Sí", "not answered",
                    asks=True)
        open_tab(page, "Atención a la Ciudadanía")
        click_until(page, "Enviar a Atención a la Ciudadanía (marcar enviado hoy)",
                    lambda: message("Enviado a ATC") is not None, "not sent", asks=True)

        sign_in(page, f"{app}/colas", ATC)  # the next person: it waits in «Por radicar»
        main.get_by_text("Por radicar (1)", exact=True).click()
        settled(page)
        open_first_row(page, main.locator(".st-key-q_por-radicar [data-testid='stDataFrame']"), f"{app}/mensajes")
        expect(main.get_by_role("heading", name=f"Mensaje {new}")).to_be_visible(timeout=WAIT_MS)
    except Exception:
        page.screenshot(path=str(tmp_path / "fallo.png"), full_page=True)
        raise


def test_atcs_day_ends_in_the_leaders_historial(office, app, store_url, page, tmp_path):
    """Sandra opens a message from «Por radicar» and records its Bogotá te escucha number; Carolina (the
    leader) finds the write as the newest line of Historial and opens the message from it."""
    received = datetime.now(BOGOTA) - timedelta(days=1)
    sent = office.create("Mensajes", {
        "Recibido": received, "Red": "Facebook", "Usuario": "Ana", "Mensaje": "Invaden el parque",
        "Clasificación": "Queja", "Competencia": "DADEP", "Respondido": True,
        "Fecha de respuesta": received + timedelta(hours=1), "Enviado a ATC": received.date(), "Asignado a": CM})
    main = page.locator("[data-testid='stMain']")
    try:
        sign_in(page, f"{app}/colas", ATC)
        main.get_by_text("Por radicar (1)", exact=True).click()
        settled(page)
        open_first_row(page, main.locator(".st-key-q_por-radicar [data-testid='stDataFrame']"), f"{app}/mensajes")
        expect(main.get_by_role("heading", name=f"Mensaje {sent}")).to_be_visible(timeout=WAIT_MS)
        open_tab(page, "Atención a la Ciudadanía")
        main.get_by_role("textbox", name="Número de radicado").fill("20264200099")
        click_until(page, "Registrar radicado",
                    lambda: stored(store_url, 'SELECT "Número de radicado" FROM Mensajes') == [("20264200099",)],
                    "filing not saved")
        expect(page.get_by_text(f"{sent}: radicado registrado.")).to_be_visible(timeout=WAIT_MS)  # the toast
        go(page, "Colas de PQRS", ATC)
        expect(main.get_by_text("Por radicar (0)", exact=True)).to_be_visible(timeout=WAIT_MS)

        sign_in(page, f"{app}/historial", LEADER)  # the next person: the leader reads who did what
        newest = main.locator(".st-key-h_table [data-testid='stDataFrame']")  # the newest write first
        open_first_row(page, newest, f"{app}/mensajes")
        expect(main.get_by_role("heading", name=f"Mensaje {sent}")).to_be_visible(timeout=WAIT_MS)
        expect(main.get_by_text("Radicado el")).to_be_visible(timeout=WAIT_MS)
    except Exception:
        page.screenshot(path=str(tmp_path / "fallo.png"), full_page=True)
        raise
