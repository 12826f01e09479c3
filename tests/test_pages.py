"""Every page through Streamlit's AppTest, on a real SQLite register in the test's folder.

Good rows go in through the Writer (the app's one write path); bad rows and hand edits go straight into
the SQLite file with sqlite3, the way a person typing in the sheet would leave them.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.cells import BOGOTA
from core.register import open_register
from core.spreadsheet_safety import csv_bytes
from core.ui import widgets
from core.ui.quality import (
    BAD_COLUMNS,
    bad_rows_frame,
    distinct_rows,
    filter_frame,
    notices_frame,
    summarize,
    tabs_in,
)
from core.validation import BadRow, Notice

APP = Path(__file__).resolve().parents[1] / "app.py"
ROOT = APP.parent
CALIDAD = "app_pages/calidad.py"
READ_AT = re.compile(r"leído el \*\*\d{2}/\d{2}/\d{4} \d{1,2}:\d{2} [ap]\. m\.\*\*")


# --- helpers --------------------------------------------------------------------------------------------


def run_app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def by_hand(store_url: str, sql: str, *params) -> None:
    """Change the SQLite file directly, as a person editing the sheet would (tables are the tabs)."""
    with closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:
        db.execute(sql, params)
        db.commit()


def messages(count: int, start: int = 0) -> list[dict]:
    first = datetime(2026, 11, 2, 8, 0, tzinfo=BOGOTA)
    return [
        {"Recibido": first + timedelta(minutes=37 * i), "Red": "Facebook", "Usuario": f"@vecino{i}",
         "Mensaje": f"¿Cuándo despejan el andén de la calle {i}?"}
        for i in range(start, start + count)
    ]


def requests(count: int) -> list[dict]:
    return [
        {"Fecha de solicitud": date(2026, 10, 1 + i), "Área solicitante": "Subdirección de Registro Inmobiliario",
         "Solicitante": "María Pérez", "Título": f"Jornada de recuperación {i}", "Necesidad": "Divulgar la jornada",
         "Redes": ["Facebook", "X"], "Fecha de publicación": date(2026, 12, 1 + i)}
        for i in range(count)
    ]


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def texts(elements) -> str:
    return "\n".join(str(element.value) for element in elements)


def table(at: AppTest, index: int) -> list[dict]:
    return at.dataframe[index].value.to_dict("records")


BAD_DATE = "INSERT INTO Mensajes (ID, Recibido, Red, Mensaje) VALUES (?, ?, ?, ?)"


# --- Inicio ---------------------------------------------------------------------------------------------


def test_home_shows_the_register_counts_and_the_store(store_url, writer):
    writer.create_many("Mensajes", messages(1002))
    writer.create_many("Solicitudes", requests(3))
    by_hand(store_url, BAD_DATE, "MSG-20261103-AB12", "31/02/2026", "Facebook", "Hay ventas en el andén")

    at = run_app()

    assert at.title[0].value == "Divulga"
    assert "solicitudes, publicaciones y PQRS de las redes sociales del DADEP" in texts(at.markdown)
    header = texts(at.caption)
    assert f"SQLite ({store_url.removeprefix('sqlite:///')})" in header
    assert READ_AT.search(header), header
    assert metrics(at) == {
        "Sin responder": "1.002",  # the messages are neither answered nor classified: none is lost
        "Por enviar a ATC": "1.002",
        "Por radicar": "0",
        "Traslados": "0",
        "Términos": "1.002",  # unfiled and unclassified: the general 15-day term runs from receipt
        "Casos especiales": "0",
        "Filas válidas": "1.005",  # es-CO thousands separator
        "Filas con errores": "1",
        "Errores por corregir": "1",
        "Avisos": "0",
    }
    per_tab = {row["Pestaña"]: (row["Filas válidas"], row["Filas con errores"])
               for row in at.table[0].value.to_dict("records")}
    assert per_tab["Mensajes"] == (1002, 1)
    assert per_tab["Solicitudes"] == (3, 0)
    assert per_tab["Usuarios"] == (0, 0)
    assert list(per_tab)[:4] == ["Solicitudes", "Estrategias", "Publicaciones", "Mensajes"]  # the sheet's order
    assert [link.proto.page for link in at.get("page_link")] == ["colas", "calidad"]
    assert [button.label for button in at.button] == ["Leer de nuevo"]
    assert not at.main.info  # not the empty-register message (the sidebar says «Modo local»)


def test_home_counts_bad_rows_once_however_many_bad_cells(store_url, writer):
    writer.create_many("Mensajes", messages(2))
    # one row with two unreadable cells, and a row without ID (a notice, not an error)
    by_hand(store_url, BAD_DATE, "MSG-20261103-AB12", "31/02/2026", "Telegram", "Dos errores")
    by_hand(store_url, "INSERT INTO Mensajes (Recibido, Red, Mensaje) VALUES (?, ?, ?)",
            "2026-11-04T09:30:00-05:00", "X", "Sin ID")

    values = metrics(run_app())

    register_state = {name: values[name] for name in ("Filas válidas", "Filas con errores", "Errores por corregir",
                                                       "Avisos")}
    assert register_state == {"Filas válidas": "3", "Filas con errores": "1", "Errores por corregir": "2",
                              "Avisos": "1"}
    assert values["Sin responder"] == "3"  # the row without an ID is in the queue too: none is lost


def test_empty_register_offers_the_demo_and_an_import_without_command_lines(store_url):
    at = run_app()

    message = texts(at.info)
    assert "El registro está vacío" in message and "python -m" not in message and "make " not in message
    assert not at.metric and not at.table
    assert store_url.removeprefix("sqlite:///") in texts(at.caption)
    assert len(at.get("file_uploader")) == 1  # the workbook to import
    at.sidebar.text_input(key="divulga_person").input("Camila Rojas").run()
    at.button(key="load_demo").click().run(timeout=180)
    assert not at.exception, [error.message for error in at.exception]
    assert "Datos de demostración cargados: 3.000 filas." in texts(at.success)
    assert metrics(at)["Filas válidas"] != "0"


def test_leer_de_nuevo_picks_up_a_hand_edit(store_url, writer):
    writer.create_many("Mensajes", messages(3))
    at = run_app()
    assert metrics(at)["Filas válidas"] == "3"

    for key, moment in (("MSG-20261104-HAN1", "4/11/2026 9:30 a. m."), ("MSG-20261104-HAN2", "2026-11-04 10:15")):
        by_hand(store_url, "INSERT INTO Mensajes (ID, Recibido, Red, Mensaje) VALUES (?, ?, ?, ?)",
                key, moment, "Instagram", "Escrito a mano en la hoja")
    by_hand(store_url, "UPDATE Mensajes SET Red = ? WHERE rowid = 1", "Telegram")
    at.run()
    assert metrics(at)["Filas válidas"] == "3"  # still the cached snapshot (ttl 60 s)
    assert metrics(at)["Filas con errores"] == "0"

    at.button(key="reload").click().run()

    assert metrics(at)["Filas válidas"] == "4"  # two more typed by hand, one now bad
    assert metrics(at)["Filas con errores"] == "1"
    assert "Registro leído de nuevo" in texts(at.toast)
    at.switch_page(CALIDAD).run()
    assert [(row["Pestaña"], row["Fila"], row["Columna"]) for row in table(at, 0)] == [("Mensajes", 2, "Red")]
    assert "«Telegram»" in table(at, 0)[0]["Motivo"]


def test_a_store_error_is_a_message_not_a_traceback(monkeypatch):
    monkeypatch.setenv("DIVULGA_STORE", "postgres://servidor/divulga")

    for page in (None, CALIDAD):
        at = run_app(page)
        assert "DIVULGA_STORE no es válido" in texts(at.error)
        assert "sqlite:///data/divulga.db" in texts(at.error)
        assert not at.metric and not at.dataframe


def test_an_unreadable_sqlite_file_is_a_message(tmp_path, monkeypatch):
    broken = tmp_path / "roto.db"
    broken.write_text("esto no es una base de datos")
    monkeypatch.setenv("DIVULGA_STORE", f"sqlite:///{broken}")

    at = run_app()

    assert "No se pudo abrir el registro SQLite" in texts(at.error)
    assert not at.metric

    broken.unlink()  # the person fixes the file and tries again
    at.button(key="reload").click().run()

    assert not at.error
    assert "El registro está vacío" in texts(at.info)


def test_a_page_opened_by_its_own_address_runs_through_the_router(store_url, writer):
    """The pages live in app_pages/, a folder Streamlit does not scan: a session's first run straight to a
    page's address goes through app.py (which decides who works) like any other."""
    writer.create_many("Mensajes", messages(1))
    at = AppTest.from_file(str(APP), default_timeout=60)

    at.switch_page(CALIDAD).run()  # the session's first run, straight to the page

    assert not at.exception
    assert at.session_state["divulga_identity"].local  # app.py identified the session
    assert at.title[0].value == "Calidad de datos"
    assert "No hay filas con errores." in texts(at.success)


# --- Calidad de datos -----------------------------------------------------------------------------------


def test_calidad_lists_a_bad_row_typed_by_hand(store_url, writer):
    writer.create_many("Mensajes", messages(3))  # sheet rows 2 to 4
    by_hand(store_url, BAD_DATE, "MSG-20261103-AB12", "31/02/2026", "Facebook", "Hay ventas en el andén")

    at = run_app(CALIDAD)

    assert at.title[0].value == "Calidad de datos"
    explained = texts(at.markdown)
    assert "quedan por fuera de las cifras y de las importaciones" in explained
    assert "los avisos no bloquean nada" in explained
    assert "**1** error en **1** fila" in explained
    rows = table(at, 0)
    assert len(rows) == 1
    assert rows[0]["Pestaña"] == "Mensajes"
    assert rows[0]["Fila"] == 5
    assert rows[0]["Columna"] == "Recibido"
    assert "«31/02/2026»" in rows[0]["Motivo"] and "dd/mm/aaaa" in rows[0]["Motivo"]
    assert list(at.dataframe[0].value.columns) == BAD_COLUMNS
    assert "No hay avisos." in texts(at.success)
    assert [button.label for button in at.download_button] == ["Descargar CSV"]


def test_calidad_without_problems_says_so(writer):
    writer.create_many("Mensajes", messages(2))

    at = run_app(CALIDAD)

    assert "No hay filas con errores." in texts(at.success)
    assert "No hay avisos." in texts(at.success)
    assert not at.dataframe


@pytest.fixture
def messy_register(store_url, writer):
    """Good rows in two tabs; bad rows: Mensajes row 4 (two bad cells), Solicitudes row 4 (one);
    notices: a Mensajes row without ID (row 5) and an Área not in Listas (Solicitudes row 3)."""
    writer.create_many("Listas", [{"Áreas": "Subdirección de Registro Inmobiliario"}])
    writer.create_many("Mensajes", messages(2))
    writer.create_many("Solicitudes", requests(1))
    by_hand(store_url, BAD_DATE, "MSG-20261103-AB12", "31/02/2026", "Telegram", "Dos errores")
    by_hand(store_url, "INSERT INTO Mensajes (Recibido, Red, Mensaje) VALUES (?, ?, ?)",
            "2026-11-04T09:30:00-05:00", "X", "Sin ID")
    by_hand(store_url, 'INSERT INTO Solicitudes (ID, "Fecha de solicitud", "Área solicitante", Solicitante, "Título", '
            'Necesidad, Redes, "Fecha de publicación", Etapa) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
            "SOL-20261101-HAND", "2026-10-09", "Talento Humano", "Ana", "Día del servidor", "Piezas", "Facebook",
            "2026-12-05", "Ajustes")
    by_hand(store_url, 'INSERT INTO Solicitudes (ID, "Fecha de solicitud", "Área solicitante", Solicitante, "Título", '
            'Necesidad, Redes, "Fecha de publicación", Etapa) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
            "SOL-20261101-BAD1", "2026-10-10", "Subdirección de Registro Inmobiliario", "Ana", "Sin fecha",
            "Piezas", "Facebook", "", "Ajustes")
    return store_url


def test_calidad_filters_bad_rows_by_tab_and_text(messy_register):
    at = run_app(CALIDAD)
    every = table(at, 0)
    assert [(row["Pestaña"], row["Fila"], row["Columna"]) for row in every] == [
        ("Solicitudes", 4, "Fecha de publicación"),
        ("Mensajes", 4, "Recibido"),
        ("Mensajes", 4, "Red"),
    ]
    assert "**3** errores en **2** filas" in texts(at.markdown)
    assert at.multiselect(key="bad_tabs").options == ["Solicitudes", "Mensajes"]

    at.multiselect(key="bad_tabs").select("Mensajes").run()
    assert [(row["Pestaña"], row["Columna"]) for row in table(at, 0)] == [("Mensajes", "Recibido"), ("Mensajes", "Red")]
    assert "Se muestran **2** errores en **1** fila" in texts(at.markdown)

    at.text_input(key="bad_text").input("telegram").run()  # case does not count
    assert [(row["Pestaña"], row["Fila"], row["Columna"]) for row in table(at, 0)] == [("Mensajes", 4, "Red")]

    at.multiselect(key="bad_tabs").unselect("Mensajes").run()
    at.text_input(key="bad_text").input("publicacion").run()  # accents do not count either
    assert [(row["Pestaña"], row["Columna"]) for row in table(at, 0)] == [("Solicitudes", "Fecha de publicación")]

    at.text_input(key="bad_text").input("nada de esto existe").run()
    assert "Ninguna línea coincide con los filtros" in texts(at.info)
    assert at.download_button(key="bad_csv").proto.disabled
    # the lists below (rows without ID, other notices) are untouched by the errors' filters
    assert [len(table(at, index)) for index in (0, 1)] == [1, 1]


def test_calidad_filters_notices_apart(messy_register):
    at = run_app(CALIDAD)
    notices = table(at, 2)
    assert [(row["Pestaña"], row["Fila"]) for row in notices] == [("Solicitudes", 3)]
    assert "Talento Humano" in notices[0]["Aviso"] and "Listas" in notices[0]["Aviso"]
    assert "**1** aviso" in texts(at.markdown)

    at.text_input(key="notices_text").input("nada de esto").run()

    assert len(at.dataframe) == 2 and "Ninguna línea coincide con los filtros" in texts(at.info)
    assert len(table(at, 0)) == 3  # the errors' list keeps every line
    assert len(table(at, 1)) == 1  # and so does the list of rows without ID


def test_calidad_lists_rows_without_id_apart_and_gives_them_one(messy_register):
    at = run_app(CALIDAD)
    assert table(at, 1) == [{"Pestaña": "Mensajes", "Fila": 5, "Contenido": "Sin ID · X"}]

    at.button(key="give_ids").click().run()  # without saying who
    assert "Quién trabaja" in texts(at.error)
    at.sidebar.text_input(key="divulga_person").input("Ana").run()
    at.button(key="give_ids").click().run()

    assert not at.exception
    message = texts(at.success)
    given = re.search(r"Se dio ID a 1 fila: (MSG-\d{8}-\w{4})", message)
    assert given, (message, texts(at.error))
    with closing(sqlite3.connect(messy_register.removeprefix("sqlite:///"))) as db:
        assert db.execute("SELECT ID, Mensaje FROM Mensajes WHERE rowid = 4").fetchone() == (given[1], "Sin ID")
        assert db.execute("SELECT Usuario, Acción FROM Historial ORDER BY rowid DESC").fetchone() == ("Ana", "dar ID")
    at.run()
    assert "Todas las filas tienen ID." in texts(at.success)


def test_calidad_downloads_what_is_shown_as_excel_friendly_csv(messy_register, monkeypatch):
    made: list[bytes] = []

    def spy(frame):
        made.append(csv_bytes(frame))
        return made[-1]

    monkeypatch.setattr(widgets, "csv_bytes", spy)
    at = run_app(CALIDAD)
    at.multiselect(key="bad_tabs").select("Mensajes").run()

    errors_csv = made[-2].decode("utf-8-sig").splitlines()
    assert made[-2].startswith(b"\xef\xbb\xbf")
    assert errors_csv[0] == "Pestaña;Fila;Columna;Motivo"
    assert len(errors_csv) == 3 and all(line.startswith("Mensajes;4;") for line in errors_csv[1:])
    assert "«Telegram»" in errors_csv[2]
    notices_csv = made[-1].decode("utf-8-sig").splitlines()
    assert notices_csv[0] == "Pestaña;Fila;Aviso"
    assert len(notices_csv) == 2
    names = [button.proto.url for button in at.download_button]
    assert all(name.endswith(".csv") for name in names)


def test_calidad_shows_a_missing_required_column_without_row(store_url, writer):
    writer.create_many("Mensajes", messages(2))
    # a person renames the header "Mensaje" while the app is running
    by_hand(store_url, 'ALTER TABLE Mensajes RENAME COLUMN "Mensaje" TO "Texto"')

    at = run_app(CALIDAD)

    rows = table(at, 0)
    assert len(rows) == 1
    assert rows[0]["Pestaña"] == "Mensajes" and rows[0]["Columna"] == "Mensaje"
    assert pd.isna(rows[0]["Fila"])
    assert "falta esta columna" in rows[0]["Motivo"]
    assert "**1** error" in texts(at.markdown).splitlines()


# --- the display helpers (pure) ------------------------------------------------------------------------


def test_summary_counts_distinct_bad_rows_and_every_bad_cell(store_url, writer):
    writer.create_many("Mensajes", messages(2))
    by_hand(store_url, BAD_DATE, "MSG-1", "31/02/2026", "Telegram", "x")
    by_hand(store_url, BAD_DATE, "MSG-2", "2026-11-03", "Telegram", "y")

    summary = summarize(open_register(store_url).snapshot(refresh=True))

    assert (summary.good_rows, summary.bad_rows, summary.errors, summary.notices) == (2, 2, 3, 0)
    assert not summary.empty


def test_filter_frame_and_tabs_in():
    frame = bad_rows_frame([
        BadRow("Solicitudes", 7, "Fecha de publicación", "es obligatorio y está vacío; llénelo"),
        BadRow("Mensajes", None, "Mensaje", "falta esta columna obligatoria"),
        BadRow("Mensajes", 12, "Red", "«Telegram» no está en la lista de redes"),
    ])
    assert tabs_in(frame, ["Solicitudes", "Mensajes"]) == ["Solicitudes", "Mensajes"]
    assert tabs_in(frame, ["Mensajes", "Solicitudes"]) == ["Mensajes", "Solicitudes"]
    assert len(filter_frame(frame)) == 3
    assert list(filter_frame(frame, ["Mensajes"])["Columna"]) == ["Mensaje", "Red"]
    assert list(filter_frame(frame, text="PUBLICACION vacio")["Fila"]) == [7]  # every word, no accents/case
    assert list(filter_frame(frame, text="12")["Columna"]) == ["Red"]  # a row number
    assert list(filter_frame(frame, text="red, 12;")["Columna"]) == ["Red"]  # commas separate words too
    assert filter_frame(frame, text="<NA>").empty  # a missing row number is not the text "<NA>"
    assert distinct_rows(frame) == 2


def test_csv_bytes_opens_in_excel_with_accents():
    frame = notices_frame([Notice("Mensajes", 5, "fila sin ID; escriba uno único"),
                           Notice("Listas", None, "«Áreas», repetida")])
    data = csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").split("\r\n") == [
        "Pestaña;Fila;Aviso",
        'Mensajes;5;"fila sin ID; escriba uno único"',
        "Listas;;«Áreas», repetida",
        "",
    ]


def test_calidad_gives_ids_twenty_at_a_time(store_url, writer):
    writer.create_many("Mensajes", messages(1))
    for n in range(22):
        by_hand(store_url, "INSERT INTO Mensajes (Recibido, Red, Mensaje) VALUES (?, ?, ?)",
                "2026-11-04T09:30:00-05:00", "X", f"Sin ID {n}")
    at = run_app(CALIDAD)
    at.sidebar.text_input(key="divulga_person").input("Ana").run()
    at.button(key="give_ids").click().run()
    assert "Se dio ID a 20 filas" in texts(at.success)
    assert "Quedan 2 filas sin ID" in texts(at.info)
    at.button(key="give_ids").click().run()
    assert "Se dio ID a 2 filas" in texts(at.success) and "Quedan" not in texts(at.info)
    with closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:
        assert db.execute("SELECT count(*) FROM Mensajes WHERE ID IS NULL").fetchone()[0] == 0


def test_every_page_csv_makes_a_citizens_formula_inert():
    frame = pd.DataFrame({"Valor": ['=HYPERLINK("http://x","y")', "+57 300", "texto", None], "Fila": [2, 3, 4, 5]})
    text = csv_bytes(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+57 300" in text and "texto;4" in text
    assert ";'" not in text.split("\r\n")[0]  # headers untouched


def test_any_page_can_be_shown_on_another_day(store_url):
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["divulga_day"] = date(2026, 3, 9)
    at.run()
    at.switch_page("app_pages/hoy.py").run()
    assert not at.exception
    assert "Vence hoy (09/03/2026) o el próximo día hábil" in [header.value for header in at.subheader]


def test_the_page_files_read_no_clock_show_no_command_line_and_touch_no_streamlit_internals():
    """The day comes from core/ui/clock.py (one place, which the tests can set); command lines belong in the
    README; Streamlit's internals are not the app's to change."""
    forbidden = re.compile(r"today_in_bogota|datetime\.now|date\.today|time\.time\(|python -m|make demo|"
                           r"streamlit\.runtime|PagesManager|st\._")
    pages = sorted((ROOT / "app_pages").glob("*.py"))
    assert len(pages) == 16 and not (ROOT / "pages").exists()
    offending = {page.name: forbidden.findall(page.read_text(encoding="utf-8")) for page in pages}
    assert {name: found for name, found in offending.items() if found} == {}
