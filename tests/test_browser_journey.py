"""A real browser's journey: the app served by `streamlit run`, driven by Playwright with Debian's Chromium.

The register is built in the test's folder (good rows through the Writer, a bad one typed straight into
the SQLite file); the journey opens Inicio, reads the counts, follows the navigation to "Calidad de
datos" and finds the bad row's line. A screenshot is left in the test's folder when a step fails.
"""

from __future__ import annotations

import re
import sqlite3
import time
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from playwright import sync_api

from core.register import open_register
from core.sheet.cells import BOGOTA
from core.ui.confirm import yes_label
from tests.server_kit import CHROMIUM, CHROMIUM_ARGS, ServerDidNotStart, app_server, free_port

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
GOOD_MESSAGES = 1_204
STARTUP_S = 60
WAIT_MS = 30_000



@pytest.fixture(autouse=True)
def _chromium_installed() -> None:
    """A missing browser is a failed set-up, never a silent skip: `make test` installs it (`make browser`)."""
    assert Path(CHROMIUM).exists(), "Debian's chromium is not installed: run `make browser`"


@pytest.fixture
def register_with_a_bad_row(store_url) -> str:
    first = datetime(2026, 11, 2, 8, 0, tzinfo=BOGOTA)
    open_register(store_url).writer("Prueba").create_many("Mensajes", [
        {"Recibido": first + timedelta(minutes=41 * i), "Red": ("Facebook", "X", "Instagram")[i % 3],
         "Usuario": f"@vecino{i}", "Mensaje": f"¿Cuándo despejan el andén de la calle {i}?"}
        for i in range(GOOD_MESSAGES)
    ])
    with closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:
        db.execute("INSERT INTO Mensajes (ID, Recibido, Red, Mensaje) VALUES (?, ?, ?, ?)",
                   ("MSG-20261103-AB12", "31/02/2026", "Facebook", "Hay ventas en el andén"))
        db.commit()
    return store_url


def serve(tmp_path, port: int | None = None, extra_args: tuple[str, ...] = (), **env_vars):
    """`streamlit run app.py` on a free port (or `port`) with these environment variables and extra
    options; always stopped afterwards."""
    try:
        with app_server(tmp_path / "streamlit.log", env_vars, port, extra_args, STARTUP_S) as (_, url):
            yield url
    except ServerDidNotStart as error:  # raised only before the yield: while starting
        pytest.fail(str(error))


def serve_with_login(tmp_path, store_url: str, provider):
    """The app with `[auth]` on a running local OpenID Connect provider (`oidc-provider-mock`): a secrets file
    in the test's folder, the redirect on localhost as the provider expects. Yields the app's URL."""
    port = free_port()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        'cookie_secret = "una-clave-de-prueba-larga-y-aleatoria"\n'
        'client_id = "divulga"\nclient_secret = "secreto-de-prueba"\n'
        f'server_metadata_url = "http://127.0.0.1:{provider.server_port}/.well-known/openid-configuration"\n',
        encoding="utf-8")
    for url in serve(tmp_path, port=port, extra_args=("--secrets.files", str(secrets)), DIVULGA_STORE=store_url):
        yield url.replace("127.0.0.1", "localhost")


@pytest.fixture
def server(register_with_a_bad_row, tmp_path):
    """The app over the test's SQLite register."""
    yield from serve(tmp_path, DIVULGA_STORE=register_with_a_bad_row)


@pytest.fixture
def page():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": 1400, "height": 1000}, locale="es-CO")
        finally:
            browser.close()


def open_as(page, url: str, person: str) -> None:
    """Open `url` and type who works in «Quién trabaja» (local mode)."""
    page.goto(url)
    settled(page)
    page.locator("[data-testid='stSidebar']").get_by_role("textbox", name="Quién trabaja").fill(person)
    page.keyboard.press("Enter")
    settled(page)


def start_post(page, network: str, origin: str) -> None:
    """On Parrilla: open «Programar una publicación» and choose the network and the origin."""
    main = page.locator("[data-testid='stMain']")
    sync_api.expect(main.get_by_role("heading", name="Parrilla de publicación")).to_be_visible(timeout=WAIT_MS)
    settled(page)
    main.get_by_text("Programar una publicación", exact=True).click()  # the expander
    counter = main.get_by_text(re.compile(rf"^{network}: \d+"))
    for _ in range(3):  # keys typed while the page is still drawing can be lost (seen once under load): again
        main.get_by_role("combobox", name="Redes *").click()
        page.keyboard.type(network)
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        try:  # the character counter appears once the server has the network: the redraw is over
            sync_api.expect(counter).to_be_visible(timeout=10_000)
            break
        except AssertionError:
            settled(page)
    sync_api.expect(counter).to_be_visible(timeout=WAIT_MS)
    settled(page)
    origin_box = main.get_by_role("combobox", name="Origen *")
    origin_box.click()
    page.keyboard.type(origin)
    page.keyboard.press("Enter")
    sync_api.expect(origin_box).to_have_value(origin, timeout=WAIT_MS)
    settled(page)


def open_tab(page, name: str) -> None:
    """Click the tab `name` until the page shows it chosen: a click that lands while Streamlit redraws the
    tab bar can be lost (seen once on a clean clone: the file went into the hidden tab's uploader)."""
    tab = page.locator("[data-testid='stMain']").get_by_role("tab", name=name, exact=True)
    for _ in range(3):
        tab.click()
        try:
            sync_api.expect(tab).to_have_attribute("aria-selected", "true", timeout=5_000)
            break
        except AssertionError:
            settled(page)
    sync_api.expect(tab).to_have_attribute("aria-selected", "true", timeout=WAIT_MS)
    settled(page)


def first_row(page, table) -> None:
    """Choose a table's first row, as a person clicks its selection cell (just under the header), once the
    table has stopped moving (an expander that just opened still slides it down)."""
    sync_api.expect(table).to_be_visible(timeout=WAIT_MS)
    box, previous = table.bounding_box(), None
    for _ in range(30):
        if box == previous:
            break
        page.wait_for_timeout(100)
        box, previous = table.bounding_box(), box
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)


def open_first_row(page, table, url: str | None = None, shows=None) -> None:
    """Choose a table's first row and wait for the record: its page at `url`, or the locator `shows` on this
    page. A click that lands while the page redraws is lost, so it is tried again (three times at most)."""
    for attempt in range(3):
        first_row(page, table)
        timeout = 15_000 if attempt < 2 else WAIT_MS
        try:
            if url:
                page.wait_for_url(url, timeout=timeout)
            if shows is not None:
                sync_api.expect(shows).to_be_visible(timeout=timeout)
            return
        except (sync_api.TimeoutError, AssertionError):
            if attempt == 2:
                raise
            settled(page)


STREAMLIT_ENGLISH = re.compile(r"Choose an? option|Drag and drop|Browse files|\bUpload\b|per file|Press Enter|"
                               r"No results|Traceback")


def no_streamlit_english(page) -> None:
    """What a person reads on the page (hidden text left out) has none of Streamlit's own English, with a text
    field focused (its "Press Enter to apply" hint) and no traceback."""
    main = page.locator("[data-testid='stMain']")
    fields = main.get_by_role("textbox")
    if fields.count():
        fields.first.click()
        fields.first.type("a")
    shown = main.inner_text()
    if fields.count():
        fields.first.press("Backspace")
    found = STREAMLIT_ENGLISH.findall(shown)
    assert not found, found


def confirm(page, label: str) -> None:
    """A write that asks first (core/ui/confirm.py): open its panel with the button `label`, then press «Sí, …»
    there (the panel opens over the page, outside the main area)."""
    main = page.locator("[data-testid='stMain']")
    yes = page.get_by_role("button", name=yes_label(label), exact=True)
    for _ in range(3):  # a click that lands while the page redraws can be lost: open the panel again
        if not yes.is_visible():
            main.get_by_role("button", name=re.compile(rf"^{re.escape(label)}")).click()
        try:
            sync_api.expect(yes).to_be_visible(timeout=5_000)
            # a rerun set off by the field just left (a text area sends its value on blur) can redraw the panel
            # under the click: then the panel is opened and pressed again, as a person would
            yes.click(timeout=10_000)
            return
        except (AssertionError, sync_api.TimeoutError):
            settled(page)
    raise AssertionError(f"«{yes_label(label)}» could not be pressed")


def settled(page) -> None:
    """Streamlit has drawn the page and finished running the script."""
    page.wait_for_selector("[data-testid='stApp']", timeout=WAIT_MS)
    page.wait_for_selector("[data-test-script-state='notRunning']", timeout=WAIT_MS)


def test_home_then_calidad_de_datos(server, page, tmp_path):
    expect = sync_api.expect
    try:
        page.goto(server)
        settled(page)
        main = page.locator("[data-testid='stMain']")

        expect(main.get_by_role("heading", name="Divulga")).to_be_visible(timeout=WAIT_MS)
        good = main.locator("[data-testid='stMetric']").filter(has_text="Filas válidas")
        expect(good.locator("[data-testid='stMetricValue']")).to_have_text("1.204", timeout=WAIT_MS)
        bad = main.locator("[data-testid='stMetric']").filter(has_text="Filas con errores")
        expect(bad.locator("[data-testid='stMetricValue']")).to_have_text("1")
        expect(main.get_by_text("Registro en uso: SQLite")).to_be_visible()
        mensajes = main.locator("[data-testid='stTable'] tr").filter(has_text="Mensajes")
        expect(mensajes.locator("td, th")).to_have_text(["Mensajes", "1.204", "1"])

        page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Calidad de datos").click()
        page.wait_for_url(f"{server}/calidad", timeout=WAIT_MS)
        settled(page)

        expect(main.get_by_role("heading", name="Calidad de datos")).to_be_visible(timeout=WAIT_MS)
        expect(main.get_by_text("1 error en 1 fila")).to_be_visible()
        grid = main.locator("[data-testid='stDataFrame']").first
        expect(grid).to_be_visible()
        cells = grid.locator("td")
        expect(cells.filter(has_text="«31/02/2026» no es una fecha")).to_have_count(1, timeout=WAIT_MS)
        assert cells.all_inner_texts()[:3] == ["Mensajes", "1206", "Recibido"]
        expect(main.get_by_text("No hay avisos.")).to_be_visible()

        with page.expect_download(timeout=WAIT_MS) as download:
            main.get_by_role("button", name="Descargar CSV").click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.name.startswith("divulga-filas-con-errores-") and saved.suffix == ".csv"
        data = saved.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for accents
        lines = data.decode("utf-8-sig").splitlines()
        assert lines[0] == "Pestaña;Fila;Columna;Motivo"
        assert lines[1].startswith("Mensajes;1206;Recibido;") and "«31/02/2026»" in lines[1]
        assert len(lines) == 2
    except Exception:
        page.screenshot(path=str(tmp_path / "fallo.png"), full_page=True)
        raise


def test_a_bookmarked_page_is_served_by_the_router(server, page, tmp_path):
    """The first visit of a fresh server straight to /calidad must still go through app.py: its
    navigation (page titles, not file names) and its page settings."""
    expect = sync_api.expect
    try:
        page.goto(f"{server}/calidad")
        settled(page)
        nav = page.locator("[data-testid='stSidebarNav']")
        from core.ui.navigation import PAGES  # local mode: every role, so every page there is

        titles = [title for _, path, title, _ in PAGES if (ROOT / path).exists()]
        expect(nav.get_by_role("link")).to_have_text([re.compile(f"{title}$") for title in titles], timeout=WAIT_MS)
        expect(page.get_by_role("heading", name="Calidad de datos")).to_be_visible()
        expect(page).to_have_title("Divulga")  # app.py's page settings applied
        expect(page.locator("[data-testid='stMain']").get_by_text("1 error en 1 fila")).to_be_visible()
    except Exception:
        page.screenshot(path=str(tmp_path / "fallo.png"), full_page=True)
        raise


@pytest.fixture
def sheets_server(sheets_fake, tmp_path, monkeypatch):
    """The app over a Google Sheet on the local Sheets API (another process than the fake's), with two
    messages saved by Divulga and one typed by hand without an ID."""
    key = f"journey-{int(time.time() * 1000)}"
    monkeypatch.setenv("DIVULGA_SHEETS_EMULATOR_HOST", sheets_fake.host)
    register = open_register(f"gsheets://{key}")
    register.writer("Prueba").create_many("Mensajes", [
        {"Recibido": datetime(2026, 11, 2, 8, 0, tzinfo=BOGOTA), "Red": "X", "Usuario": f"@vecino{i}",
         "Mensaje": f"¿Cuándo despejan el andén {i}?"} for i in range(2)])
    headers = sheets_fake.headers(key, "Mensajes")
    typed = {"Recibido": "3/11/2026 9:15", "Red": "facebook", "Mensaje": "=escrito a mano"}
    sheets_fake.append_row(key, "Mensajes", [typed.get(header) for header in headers])
    for served in serve(tmp_path, DIVULGA_STORE=f"gsheets://{key}", DIVULGA_SHEETS_EMULATOR_HOST=sheets_fake.host):
        yield served, key


def test_the_app_on_google_sheets_gives_an_id_to_a_row_typed_by_hand(sheets_server, sheets_fake, page, tmp_path):
    server, key = sheets_server
    expect = sync_api.expect
    try:
        page.goto(server)
        settled(page)
        main = page.locator("[data-testid='stMain']")
        expect(main.get_by_text(f"Registro en uso: Google Sheets ({key})")).to_be_visible(timeout=WAIT_MS)
        good = main.locator("[data-testid='stMetric']").filter(has_text="Filas válidas")
        expect(good.locator("[data-testid='stMetricValue']")).to_have_text("3", timeout=WAIT_MS)

        page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Calidad de datos").click()
        page.wait_for_url(f"{server}/calidad", timeout=WAIT_MS)
        settled(page)
        expect(main.get_by_role("heading", name="Filas sin ID")).to_be_visible(timeout=WAIT_MS)
        page.locator("[data-testid='stSidebar']").get_by_role("textbox", name="Quién trabaja").fill("Ana Torres")
        page.keyboard.press("Enter")
        settled(page)
        confirm(page, "Dar ID")
        settled(page)
        expect(main.get_by_text(re.compile(r"Se dio ID a 1 fila: MSG-\d{8}-\w{4}"))).to_be_visible(timeout=WAIT_MS)

        values = sheets_fake.values(key, "Mensajes")
        row = dict(zip(values[0], values[3]))
        assert re.fullmatch(r"MSG-\d{8}-\w{4}", row["ID"])
        assert (row["Recibido"], row["Red"], row["Mensaje"]) == ("3/11/2026 9:15", "facebook", "=escrito a mano")
        history = sheets_fake.values(key, "Historial")
        assert dict(zip(history[0], history[-1]))["Usuario"] == "Ana Torres"
        page.reload()
        settled(page)
        expect(main.get_by_text("Todas las filas tienen ID.")).to_be_visible(timeout=WAIT_MS)
    except Exception:
        page.screenshot(path=str(tmp_path / "fallo.png"), full_page=True)
        raise


@pytest.fixture
def requests_server(store_url, tmp_path):
    open_register(store_url).writer("Prueba").create_many("Listas", [
        {"Áreas": "Jurídica", "Periodista del área": "Natalia Pardo"}])
    yield from serve(tmp_path, DIVULGA_STORE=store_url)


def test_a_request_from_intake_to_closure(requests_server, store_url, page, tmp_path):
    """Create a request, move it along its path, register the approval, publish and close it."""
    expect = sync_api.expect
    try:
        main = page.locator("[data-testid='stMain']")
        open_as(page, f"{requests_server}/solicitudes", "Ana Torres")
        open_tab(page, "Nueva solicitud")
        no_streamlit_english(page)  # the lists' placeholders and the fields' hints
        area = main.get_by_role("combobox", name="Área solicitante *")
        area.click()
        page.get_by_role("option", name="Jurídica").click()
        settled(page)
        expect(main.get_by_role("textbox", name="Periodista")).to_have_value("Natalia Pardo", timeout=WAIT_MS)
        main.get_by_role("textbox", name="Solicitante *").fill("Luis Gómez")
        main.get_by_role("textbox", name="Correo del solicitante").fill("luis.gomez@dadep.gov.co")
        main.get_by_role("textbox", name="Título *").fill("Jornada de andenes")
        main.get_by_role("textbox", name="Necesidad *").fill("Piezas para invitar a la jornada")
        networks = main.get_by_role("combobox", name="Redes *")
        networks.click()
        page.keyboard.type("Facebook")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        main.get_by_role("spinbutton", name="day, Fecha de publicación *").click()  # a date field of segments
        page.keyboard.type("20122026")
        main.get_by_role("button", name="Registrar solicitud").click()
        settled(page)
        expect(main.get_by_text("Solicitud registrada")).to_be_visible(timeout=WAIT_MS)
        with closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:
            [(new,)] = db.execute("SELECT ID FROM Solicitudes").fetchall()
        expect(main.get_by_text(f"Solicitud registrada: {new}")).to_be_visible()
        for field in ("Solicitante *", "Título *", "Necesidad *"):  # the next request starts from an empty form
            expect(main.get_by_role("textbox", name=field)).to_have_value("")

        main.get_by_role("button", name=f"Abrir {new}").click()  # the notice opens it in the list
        expect(main.get_by_role("tab", name="Lista")).to_have_attribute("aria-selected", "true", timeout=WAIT_MS)
        expect(main.get_by_role("heading", name=f"Jornada de andenes ({new})")).to_be_visible(timeout=WAIT_MS)
        settled(page)

        def stored(column: str):
            with closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:
                return db.execute(f'SELECT "{column}" FROM Solicitudes').fetchone()[0]

        def step(button: str, column: str = "Etapa", expected=None) -> None:
            """Click (and confirm a stage move, which asks first), then wait until the register shows the write
            (a rerun may still be drawing)."""
            def done() -> bool:
                return stored(column) == expected if expected is not None else bool(stored(column))

            deadline = time.monotonic() + WAIT_MS / 1000
            while not done():  # a click that lands while the page is being redrawn can be lost: click again
                assert time.monotonic() < deadline, f"{button}: {column} is {stored(column)!r}"
                settled(page)
                if button.startswith("Avanzar a "):
                    confirm(page, button)
                else:
                    target = main.get_by_role("button", name=button)
                    if target.count():
                        target.click()
                for _ in range(25):
                    if done():
                        break
                    time.sleep(0.2)
            settled(page)
            if expected is not None and column == "Etapa":  # redrawn: the button that led here is gone
                expect(main.get_by_role("button", name=f"Avanzar a {expected}")).to_have_count(0, timeout=WAIT_MS)

        def stage() -> str:
            return stored("Etapa")

        for stage_name in ("Definir acciones", "Recepción de material"):
            step(f"Avanzar a {stage_name}", expected=stage_name)
        step("Registrar material y revisión del copy", "Copy revisado", "Sí")
        for stage_name in ("Ajustes", "Revisión y aprobación"):
            step(f"Avanzar a {stage_name}", expected=stage_name)
        confirm(page, "Avanzar a Publicación")
        expect(main.get_by_text("No se puede publicar sin aprobación")).to_be_visible(timeout=WAIT_MS)
        settled(page)
        expect(main.get_by_role("textbox", name="Aprobado por")).to_have_count(1, timeout=WAIT_MS)  # redrawn
        assert stage() == "Revisión y aprobación"
        main.get_by_role("textbox", name="Aprobado por").fill("Luis Gómez")
        main.get_by_role("textbox", name="Soporte de aprobación (enlace al correo)").fill(
            "https://mail.google.com/mail/u/0/#all/abc")
        approval = main.locator("[data-testid='stForm']").filter(has_text="Aprobado por")
        for box in approval.locator("[data-testid='stCheckbox']").all():
            box.locator("label").click()
        expect(main.get_by_role("link", name="Escribir el correo de aprobación")).to_have_attribute(
            "href", re.compile(r"^mailto:luis\.gomez@dadep\.gov\.co\?"))
        step("Registrar aprobación", "Aprobado por", "Luis Gómez")
        step("Avanzar a Publicación", expected="Publicación")
        step("Registrar feedback", "Feedback entregado")
        step("Avanzar a Cierre", expected="Cierre")
        main.get_by_role("textbox", name="Evidencias (un enlace por línea)").fill(
            "https://www.facebook.com/DADEPBogota/posts/1")
        step("Cerrar: evidencias enviadas", "Evidencias enviadas")
        expect(main.get_by_text("Solicitud cerrada")).to_be_visible(timeout=WAIT_MS)
        with closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:
            row = db.execute('SELECT Etapa, "Aprobado por", "Feedback entregado", "Evidencias enviadas" '
                             "FROM Solicitudes").fetchone()
        assert row[0] == "Cierre" and row[1] == "Luis Gómez" and row[2] and row[3]
    except Exception:
        page.screenshot(path=str(tmp_path / "fallo.png"), full_page=True)
        raise


@pytest.fixture
def messages_server(store_url, tmp_path):
    writer = open_register(store_url).writer("Prueba")
    writer.create("Plantillas", {"Nombre": "PQRS radicada", "Texto": "Hola. Remitimos tu mensaje a Atención a la "
                                 "Ciudadanía para radicarlo en Bogotá te escucha."})
    yield from serve(tmp_path, DIVULGA_STORE=store_url)


def test_a_message_from_the_network_to_its_filing(messages_server, store_url, page, tmp_path):
    """Log a message from its link, classify it, answer it with a template, send it to ATC, register it as
    ATC, and see it move from «Sin responder» to «Términos»."""
    expect = sync_api.expect

    def stored(column: str):
        with closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:
            found = db.execute(f'SELECT "{column}" FROM Mensajes').fetchone()
            return found[0] if found else None

    def until(check, what: str) -> None:
        deadline = time.monotonic() + WAIT_MS / 1000
        while not check():
            assert time.monotonic() < deadline, what
            time.sleep(0.2)
        settled(page)

    def open_message(person: str) -> None:
        """The message's own view on Mensajes, as `person`."""
        open_as(page, f"{messages_server}/mensajes", person)
        open_tab(page, "Un mensaje")
        open_first_row(page, main.locator("[data-testid='stDataFrame']").first,  # the messages with work left
                       shows=main.get_by_role("heading", name=f"Mensaje {new}"))
        settled(page)

    def queue(name: str):
        return page.locator("[data-testid='stMetric']").filter(has_text=name).locator("[data-testid='stMetricValue']")

    try:
        main = page.locator("[data-testid='stMain']")
        open_as(page, f"{messages_server}/mensajes", "Camila Rojas")
        main.get_by_role("textbox", name="Enlace del mensaje").fill("https://x.com/vecina_kennedy/status/42")
        main.get_by_role("textbox", name="Enlace del mensaje").press("Tab")  # read as soon as it is pasted
        expect(main.get_by_text("Del enlace: red X, usuario @vecina_kennedy.")).to_be_visible(timeout=WAIT_MS)
        expect(main.get_by_role("textbox", name="Usuario")).to_have_value("@vecina_kennedy", timeout=WAIT_MS)
        settled(page)
        main.get_by_role("textbox", name="Mensaje *").fill("Hay carros sobre el andén de la 38 sur, ¿quién responde?")
        main.get_by_role("button", name="Registrar").click()
        expect(main.get_by_text(re.compile(r"Registrado: MSG-\d{8}-\w{4}"))).to_be_visible(timeout=WAIT_MS)
        until(lambda: stored("ID"), "the message was not stored")
        new = stored("ID")
        assert (stored("Red"), stored("Usuario")) == ("X", "@vecina_kennedy")
        expect(main.get_by_role("textbox", name="Enlace del mensaje")).to_have_value("")  # ready for the next one
        expect(main.get_by_role("textbox", name="Mensaje *")).to_have_value("")
        main.get_by_role("button", name=f"Abrir {new}").click()  # the new message opens on its own view
        expect(main.get_by_role("tab", name="Un mensaje")).to_have_attribute("aria-selected", "true", timeout=WAIT_MS)
        expect(main.get_by_role("heading", name=f"Mensaje {new}")).to_be_visible(timeout=WAIT_MS)

        page.goto(f"{messages_server}/colas")
        settled(page)
        expect(queue("Sin responder")).to_have_text("1", timeout=WAIT_MS)

        open_message("Camila Rojas")
        classify = main.locator("[data-testid='stForm']").filter(has_text="Guardar clasificación")
        classify.get_by_role("combobox", name="Clasificación").click()
        page.get_by_role("option", name="Queja", exact=True).click()
        classify.get_by_role("button", name="Guardar clasificación").click()
        until(lambda: stored("Clasificación") == "Queja", "not classified")

        open_tab(page, "Responder")
        main.get_by_role("combobox", name="Plantilla").click()
        page.get_by_role("option", name="PQRS radicada").click()
        settled(page)
        expect(main.get_by_text("Remitimos tu mensaje")).to_be_visible(timeout=WAIT_MS)
        confirm(page, "Marcar respondido en la red")  # it asks first: it cannot be undone
        until(lambda: stored("Respondido") == "Sí", "not answered")

        open_tab(page, "Atención a la Ciudadanía")
        expect(main.get_by_role("link", name="Abrir el correo")).to_have_attribute("href", re.compile("^mailto:"))
        confirm(page, "Enviar a Atención a la Ciudadanía (marcar enviado hoy)")
        until(lambda: stored("Enviado a ATC"), "not sent to ATC")

        page.goto(f"{messages_server}/colas")
        settled(page)
        expect(queue("Sin responder")).to_have_text("0", timeout=WAIT_MS)
        expect(queue("Por radicar")).to_have_text("1")

        open_message("Jorge Ramírez")
        open_tab(page, "Atención a la Ciudadanía")
        main.get_by_role("textbox", name="Número de radicado").fill("20264200012345")
        main.get_by_role("button", name="Registrar radicado").click()
        until(lambda: stored("Número de radicado") == "20264200012345", "not filed")

        page.goto(f"{messages_server}/colas")
        settled(page)
        expect(queue("Por radicar")).to_have_text("0", timeout=WAIT_MS)
        expect(queue("Términos")).to_have_text("1")
    except Exception:
        page.screenshot(path=str(tmp_path / "fallo.png"), full_page=True)
        raise


# --- login ------------------------------------------------------------------------------------------------

JOURNALIST, LEADER = "periodista@dadep.gov.co", "lider@dadep.gov.co"


@pytest.fixture
def login_server(store_url, tmp_path):
    """The app with `[auth]` pointing at a local OpenID Connect provider (`oidc-provider-mock`), and a
    `Usuarios` tab with a journalist and the leader. The secrets file lives in the test's folder."""
    from oidc_provider_mock import run_server_in_thread

    writer = open_register(store_url).writer("Prueba")
    writer.create_many("Usuarios", [
        {"Correo": JOURNALIST, "Nombre": "Natalia Pardo", "Roles": "Periodista"},
        {"Correo": LEADER, "Nombre": "Marcela Ruiz", "Roles": "Líder"},
    ])
    with run_server_in_thread() as provider:
        yield from serve_with_login(tmp_path, store_url, provider)


def log_in(page, url: str, email: str) -> None:
    page.goto(url)
    settled(page)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_selector("input[name='sub']", timeout=WAIT_MS)
    page.locator("input[name='sub']").last.fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(r"^http://localhost"), timeout=WAIT_MS)
    settled(page)


def log_out(page, button) -> None:
    """«Cerrar sesión», then the provider's own end-session confirmation, back to the app's login."""
    button.click()
    page.get_by_role("button", name="End session").click(timeout=WAIT_MS)
    page.wait_for_url(re.compile(r"^http://localhost"), timeout=WAIT_MS)
    settled(page)
    sync_api.expect(page.get_by_role("button", name="Iniciar sesión")).to_be_visible(timeout=WAIT_MS)


def test_login_roles_and_logout(login_server, store_url, page, tmp_path):
    """A stranger is refused; the journalist sees only their pages and is refused a write their role lacks;
    after logging out, the leader logs in and uses a page only the leader has."""
    expect = sync_api.expect
    nav = page.locator("[data-testid='stSidebarNav']")
    main = page.locator("[data-testid='stMain']")
    try:
        log_in(page, login_server, "intruso@example.org")
        expect(main.get_by_text("intruso@example.org no tiene acceso a Divulga")).to_be_visible(timeout=WAIT_MS)
        expect(nav).to_have_count(0)
        log_out(page, main.get_by_role("button", name="Cerrar sesión"))

        log_in(page, login_server, JOURNALIST)
        expect(page.locator("[data-testid='stSidebar']").get_by_text("Natalia Pardo")).to_be_visible(timeout=WAIT_MS)
        expect(main.locator("[data-testid='stException']")).to_have_count(0)  # Inicio links only allowed pages
        expect(nav.get_by_role("link", name="Parrilla")).to_be_visible()
        for hidden in ("Historial", "Ajustes", "Indicadores", "Calidad de datos"):
            expect(nav.get_by_role("link", name=hidden)).to_have_count(0)
        page.goto(f"{login_server}/historial")  # not by its address either
        settled(page)
        expect(main.get_by_role("heading", name="Historial")).to_have_count(0)
        page.goto(login_server)  # away from Streamlit's «page not found» dialog
        settled(page)
        nav.get_by_role("link", name="Parrilla").click()
        page.wait_for_url(f"{login_server}/parrilla", timeout=WAIT_MS)
        settled(page)
        start_post(page, "Facebook", "Coyuntura")
        main.get_by_role("button", name="Programar", exact=True).click()
        expect(main.get_by_text("Su rol no permite «programar» en Publicaciones")).to_be_visible(timeout=WAIT_MS)
        with closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:
            assert db.execute("SELECT COUNT(*) FROM Publicaciones").fetchone()[0] == 0

        log_out(page, page.locator("[data-testid='stSidebar']").get_by_role("button", name="Cerrar sesión"))

        log_in(page, login_server, LEADER)
        expect(nav.get_by_role("link", name="Ajustes")).to_be_visible(timeout=WAIT_MS)
        nav.get_by_role("link", name="Ajustes").click()
        settled(page)
        days = main.locator("[data-testid='stRadio']").first
        for _ in range(5):  # a click that lands while the page is still drawing can be lost: click again
            days.locator("label").filter(has_text="calendario").click()
            if days.get_by_role("radio", name="calendario").is_checked():
                break
            time.sleep(0.5)
        expect(days.get_by_role("radio", name="calendario")).to_be_checked()
        main.get_by_role("button", name="Guardar").first.click()
        expect(main.get_by_text("Guardado: Días de los plazos = «calendario»")).to_be_visible(timeout=WAIT_MS)
        with closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:
            assert db.execute('SELECT Usuario FROM Historial WHERE "Pestaña" = ?', ("Ajustes",)).fetchone() == (
                "Marcela Ruiz",)
    except Exception:
        page.screenshot(path=str(tmp_path / "fallo.png"), full_page=True)
        raise


# --- posts --------------------------------------------------------------------------------------------------

TWEET = "1862000000000000042"


@pytest.fixture
def posts_server(store_url, tmp_path):
    """Four weeks of X posts on Wednesdays at 8:00 a. m. (a ranked best hour), and one tweet published three
    days ago whose figures come later from X's own export."""
    from core.sheet.contract import today_in_bogota

    today = today_in_bogota()
    monday = today - timedelta(days=today.weekday())
    rows = []
    for week in range(1, 5):
        moment = datetime.combine(monday - timedelta(weeks=week, days=-2), datetime.min.time(), BOGOTA)
        moment = moment.replace(hour=8)
        rows.append({"Red": "X", "Programada": moment, "Publicada": moment, "Estado": "Publicada",
                     "Origen": "Coyuntura", "Impresiones": 1000, "Interacciones": 50, "Copy": f"Semana {week}"})
    published = datetime.combine(today - timedelta(days=3), datetime.min.time(), BOGOTA).replace(hour=10)
    rows.append({"Red": "X", "Programada": published, "Publicada": published, "Estado": "Publicada",
                 "Origen": "Cubrimiento", "Copy": "Recuperamos el andén de la 19",
                 "Enlace": f"https://x.com/DADEPBogota/status/{TWEET}"})
    open_register(store_url).writer("Prueba").create_many("Publicaciones", rows)
    yield from serve(tmp_path, DIVULGA_STORE=store_url)


def test_schedule_at_a_recommended_hour_then_import_an_export_and_see_its_metrics(posts_server, store_url, page,
                                                                                   tmp_path):
    from core.sheet.contract import today_in_bogota

    expect = sync_api.expect
    main = page.locator("[data-testid='stMain']")

    def stored(sql: str, *params):
        with closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:
            return db.execute(sql, params).fetchall()

    try:
        open_as(page, f"{posts_server}/parrilla", "Camila Rojas")
        start_post(page, "X", "Coyuntura")
        next_week = today_in_bogota() + timedelta(days=7)
        main.get_by_role("spinbutton", name="day, Día *").click()
        page.keyboard.type(f"{next_week:%d%m%Y}")
        page.keyboard.press("Escape")  # closes the calendar; the field commits on blur
        main.get_by_role("textbox", name="Enlace de la pieza (carpeta o archivo)").click()
        settled(page)
        wednesday = next_week - timedelta(days=next_week.weekday() - 2)
        day_field = main.get_by_role("spinbutton", name="day, Día *")
        expect(day_field).to_have_attribute("aria-valuenow", str(next_week.day), timeout=WAIT_MS)
        slot_name = rf"^mié {wednesday:%d}.{wednesday:%m} 8:00 a\. m\. \(5,0 %\)$"  # the typed week's Wednesday
        slot = main.get_by_role("button", name=re.compile(slot_name))
        expect(slot).to_be_visible(timeout=WAIT_MS)
        slot.click()
        # the pick has reached the form before «Programar» sends the form's values (a click that lands earlier
        # would send the typed day and the default hour)
        expect(day_field).to_have_attribute("aria-valuenow", str(wednesday.day), timeout=WAIT_MS)
        settled(page)
        main.get_by_role("button", name="Programar", exact=True).click()
        expect(main.get_by_text(re.compile(r"Programada: PUB-"))).to_be_visible(timeout=WAIT_MS)
        assert stored("SELECT Programada FROM Publicaciones WHERE Estado = 'Programada'") == [
            (f"{wednesday.isoformat()}T08:00:00-05:00",)]

        export = tmp_path / "tweet_activity_metrics_DADEPBogota_20261101_20261201_es.csv"
        export.write_text(
            '"Tweet id","Tweet permalink","Tweet text","time","impressions","engagements","engagement rate",'
            '"retweets","replies","likes","url clicks"\n'
            f'"{TWEET}","https://twitter.com/DADEPBogota/status/{TWEET}","Recuperamos el andén de la 19",'
            '"2026-11-25 15:00 +0000","2000","80","0.04","10","5","60","5"\n', encoding="utf-8")
        open_as(page, f"{posts_server}/metricas", "Camila Rojas")
        open_tab(page, "Importar de la plataforma")
        no_streamlit_english(page)  # the uploader speaks Spanish
        page.locator("input[type='file']").set_input_files(str(export))
        expect(main.get_by_text(re.compile(r"_es\.csv$"))).to_be_visible(timeout=WAIT_MS)  # the file's chip
        main.get_by_role("button", name="Importar").click()
        preview = main.locator(".st-key-metrics_preview_box")  # nothing written before the person confirms
        expect(preview.get_by_text("Vista previa: aún no se ha escrito nada")).to_be_visible(timeout=WAIT_MS)
        updating = preview.locator("[data-testid='stMetric']").filter(has_text="Por actualizar")
        expect(updating.locator("[data-testid='stMetricValue']")).to_have_text("1")
        assert stored("SELECT Impresiones FROM Publicaciones WHERE Enlace LIKE ?", f"%{TWEET}") == [(None,)]
        preview.get_by_text(re.compile(r"^La cuenta @DADEPBogota no está en Cuentas")).click()  # no Cuentas yet
        settled(page)
        preview.get_by_role("button", name="Confirmar importación").click()
        expect(main.get_by_text(re.compile(r"Métricas de .*actualizadas: 1"))).to_be_visible(timeout=WAIT_MS)
        assert stored("SELECT Impresiones, Interacciones FROM Publicaciones WHERE Enlace LIKE ?",
                      f"%{TWEET}") == [(2000, 80)]

        open_tab(page, "Métricas de una publicación")
        open_first_row(page, main.locator(".st-key-m_posts [data-testid='stDataFrame']"),  # the newest published
                       shows=main.get_by_text(re.compile(r"engagement 4,0 % sobre impresiones")))
    except Exception:
        page.screenshot(path=str(tmp_path / "fallo.png"), full_page=True)
        raise


def test_the_monthly_report_is_downloaded_from_the_reportes_page(messages_server, store_url, page, tmp_path):
    """Last month's PQRS report as CSV from the page: the file is the report's list, `;`-separated with a BOM,
    a citizen's formula inert."""
    from core.sheet.contract import today_in_bogota

    first = today_in_bogota().replace(day=1)
    last_month = first - timedelta(days=1)
    received = datetime.combine(last_month.replace(day=10), datetime.min.time(), BOGOTA).replace(hour=9)
    open_register(store_url).writer("Prueba").create_many("Mensajes", [
        {"Recibido": received, "Red": "X", "Mensaje": "¿Cuándo recuperan el andén?", "Clasificación": "Queja"},
        {"Recibido": received, "Red": "Facebook", "Mensaje": '=HYPERLINK("http://x","y")'},
    ])
    expect = sync_api.expect
    main = page.locator("[data-testid='stMain']")
    try:
        page.goto(f"{messages_server}/reportes")
        settled(page)
        expect(main.get_by_role("heading", name="Reportes")).to_be_visible(timeout=WAIT_MS)
        with page.expect_download(timeout=WAIT_MS) as download:
            main.get_by_role("button", name="Descargar CSV").first.click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        content = saved.read_bytes()
        assert content.startswith(b"\xef\xbb\xbf") and saved.suffix == ".csv"
        lines = content.decode("utf-8-sig").splitlines()
        assert len(lines) == 3 and ";" in lines[0]
        assert any("'=HYPERLINK" in line for line in lines[1:])
    except Exception:
        page.screenshot(path=str(tmp_path / "fallo.png"), full_page=True)
        raise


@pytest.fixture
def hoy_server(store_url, tmp_path):
    """Two overdue requests, Natalia's and Diego's; no inventory, so every network has its daily check."""
    from core.sheet.contract import today_in_bogota

    started = today_in_bogota() - timedelta(days=10)
    writer = open_register(store_url).writer("Prueba")
    writer.create_many("Listas", [{"Áreas": "Jurídica", "Periodista del área": "Natalia Pardo"},
                                  {"Áreas": "Dirección", "Periodista del área": "Diego Suárez"}])
    writer.create_many("Solicitudes", [
        {"Fecha de solicitud": started, "Área solicitante": area, "Solicitante": "Luis", "Título": title,
         "Necesidad": "Piezas", "Redes": "X", "Periodista": journalist, "Inicio de etapa": started,
         "Fecha de publicación": started + timedelta(days=30)}
        for area, title, journalist in (("Jurídica", "Andenes", "Natalia Pardo"),
                                        ("Dirección", "Plazas", "Diego Suárez"))])
    yield from serve(tmp_path, DIVULGA_STORE=store_url)


def test_hoy_opens_on_the_person_working_with_the_team_one_click_away(hoy_server, page, tmp_path):
    expect = sync_api.expect
    main = page.locator("[data-testid='stMain']")
    try:
        open_as(page, f"{hoy_server}/hoy", "Natalia Pardo")
        expect(main.get_by_text("1 pendiente, 1 ya vencido.", exact=True)).to_be_visible(timeout=WAIT_MS)
        expect(main.get_by_text(re.compile(r"^Lo de Natalia Pardo"))).to_be_visible()
        main.get_by_role("radio", name="Todo el equipo").click()
        # both requests, and today's check of each of the five networks (due today: not yet late)
        expect(main.get_by_text("7 pendientes, 2 ya vencidos.", exact=True)).to_be_visible(timeout=WAIT_MS)
        main.get_by_role("radio", name="Lo mío").click()
        expect(main.get_by_text("1 pendiente, 1 ya vencido.", exact=True)).to_be_visible(timeout=WAIT_MS)
        # the name is typed once per session: another page, and back, still know who works
        sidebar = page.locator("[data-testid='stSidebar']")
        for name, path in (("Mensajes", "mensajes"), ("Hoy", "hoy")):
            sidebar.get_by_role("link", name=name, exact=True).click()
            page.wait_for_url(f"{hoy_server}/{path}", timeout=WAIT_MS)
            settled(page)
            expect(sidebar.get_by_role("textbox", name="Quién trabaja")).to_have_value("Natalia Pardo")
        expect(main.get_by_text("1 pendiente, 1 ya vencido.", exact=True)).to_be_visible(timeout=WAIT_MS)
    except Exception:
        page.screenshot(path=str(tmp_path / "fallo.png"), full_page=True)
        raise


@pytest.fixture
def empty_server(store_url, tmp_path):
    yield from serve(tmp_path, DIVULGA_STORE=store_url)


def test_an_empty_register_is_filled_from_an_uploaded_workbook(empty_server, store_url, page, tmp_path):
    """No command line: Inicio takes the office's workbook, shows its progress, then the register."""
    from tests.workbooks import workbook

    book = workbook(tmp_path / "registro.xlsx", {"Mensajes": [
        ["Recibido", "Red", "Usuario", "Mensaje"],
        *([datetime(2026, 11, 2, 9, n), "X", f"@vecino{n}", f"¿Cuándo despejan el andén {n}?"] for n in range(3)),
        ["31/02/2026", "X", "@mal", "Fecha imposible"]]})
    expect = sync_api.expect
    main = page.locator("[data-testid='stMain']")
    try:
        open_as(page, empty_server, "Camila Rojas")
        expect(main.get_by_text("El registro está vacío.", exact=False)).to_be_visible(timeout=WAIT_MS)
        expect(main.get_by_text(re.compile(r"python -m|make demo"))).to_have_count(0)
        no_streamlit_english(page)  # the uploader's own words are replaced
        page.locator("input[type='file']").set_input_files(str(book))
        expect(main.get_by_text("registro.xlsx")).to_be_visible(timeout=WAIT_MS)  # the file's chip
        main.get_by_role("button", name="Importar").click()
        expect(main.get_by_text(re.compile(r"^Importación: filas nuevas: 3; .*omitidas por errores: 1\.$"))) \
            .to_be_visible(timeout=WAIT_MS)
        good = main.locator("[data-testid='stMetric']").filter(has_text="Filas válidas")
        expect(good.locator("[data-testid='stMetricValue']")).to_have_text("3", timeout=WAIT_MS)
        main.get_by_text(re.compile(r"^Detalle de la importación")).click()
        expect(main.get_by_text(re.compile(r"Mensajes fila 5: Recibido"))).to_be_visible(timeout=WAIT_MS)
        with closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:
            assert db.execute("SELECT COUNT(*) FROM Mensajes").fetchone() == (3,)
    except Exception:
        page.screenshot(path=str(tmp_path / "fallo.png"), full_page=True)
        raise


def test_a_request_opens_by_choosing_its_row_in_the_list(requests_server, store_url, page, tmp_path):
    from core.sheet.contract import today_in_bogota

    created = open_register(store_url).writer("Prueba").create("Solicitudes", {
        "Fecha de solicitud": today_in_bogota(), "Área solicitante": "Jurídica", "Solicitante": "Luis",
        "Título": "Andenes de la 19", "Necesidad": "Piezas", "Redes": "X",
        "Fecha de publicación": today_in_bogota() + timedelta(days=20)})
    expect = sync_api.expect
    main = page.locator("[data-testid='stMain']")
    try:
        open_as(page, f"{requests_server}/solicitudes", "Ana Torres")
        table = main.locator("[data-testid='stDataFrame']").first
        expect(table).to_be_visible(timeout=WAIT_MS)
        box = table.bounding_box()
        page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)  # the first row's selection cell, under the header
        expect(main.get_by_role("heading", name=f"Andenes de la 19 ({created})")).to_be_visible(timeout=WAIT_MS)
    except Exception:
        page.screenshot(path=str(tmp_path / "fallo.png"), full_page=True)
        raise


def test_hoy_and_the_queues_open_a_record_by_its_row(hoy_server, store_url, page, tmp_path):
    """Hoy's first row (Natalia's overdue request) opens in Solicitudes; a message in the queues opens in
    Mensajes, on its own view."""
    message = open_register(store_url).writer("Prueba").create("Mensajes", {
        "Recibido": datetime.now(BOGOTA) - timedelta(hours=1), "Red": "X", "Mensaje": "¿Y el andén?",
        "Clasificación": "Queja"})
    expect = sync_api.expect
    main = page.locator("[data-testid='stMain']")

    try:
        open_as(page, f"{hoy_server}/hoy", "Natalia Pardo")
        expect(main.get_by_text("1 pendiente, 1 ya vencido.", exact=True)).to_be_visible(timeout=WAIT_MS)
        open_first_row(page, main.locator("[data-testid='stDataFrame']").first, f"{hoy_server}/solicitudes")
        expect(main.get_by_role("heading", name=re.compile(r"^Andenes \(SOL-"))).to_be_visible(timeout=WAIT_MS)

        page.locator("[data-testid='stSidebar']").get_by_role("link", name="Colas de PQRS").click()
        page.wait_for_url(f"{hoy_server}/colas", timeout=WAIT_MS)
        settled(page)
        queue = main.locator("[data-testid='stDataFrame']").first  # «Sin responder», open at first
        open_first_row(page, queue, f"{hoy_server}/mensajes")
        expect(main.get_by_role("tab", name="Un mensaje")).to_have_attribute("aria-selected", "true", timeout=WAIT_MS)
        # the message's own view shows its text (the list's hidden tab may hold it in a grid cell too)
        expect(main.get_by_test_id("stText").get_by_text("¿Y el andén?", exact=True)).to_be_visible(timeout=WAIT_MS)
        expect(main.get_by_role("heading", name=f"Mensaje {message}")).to_be_visible(timeout=WAIT_MS)
    except Exception:
        page.screenshot(path=str(tmp_path / "fallo.png"), full_page=True)
        raise
