"""Every page through Streamlit's AppTest, on a real SQLite register in the test's folder.

Good rows go in through the Writer (the app's one write path); bad rows and hand edits go straight into
the SQLite file with sqlite3, the way a person typing in the sheet would leave them.
"""

from __future__ import annotations

import ast
import re
import sqlite3
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.domain import grid
from core.domain.campaigns import campaign_names, unlinked_requests
from core.domain.message_actions import logged
from core.domain.monitoring import monitoring_days, recent_gaps
from core.domain.request_actions import from_form
from core.domain.team import own_roles
from core.files.spreadsheet_safety import csv_bytes
from core.register import open_register
from core.reports.periods import recent_months, recent_semesters
from core.sheet.cells import BOGOTA
from core.sheet.contract import IN_CAMPAIGN
from core.sheet.validation import BadRow, Notice
from core.ui.quality import (
    BAD_COLUMNS,
    bad_rows_frame,
    distinct_rows,
    filter_frame,
    notices_frame,
    summarize,
    tabs_in,
)
from core.ui.requests_view import journalists_by_area, options
from tests.pages_kit import open_tab

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


def test_calidad_downloads_what_is_shown_as_excel_friendly_csv(messy_register, downloads):
    at = run_app(CALIDAD)
    at.multiselect(key="bad_tabs").select("Mensajes").run()
    made = [make() for make in downloads[-2:]]  # the files as the last run's two buttons would make them

    errors_csv = made[-2].decode("utf-8-sig").splitlines()
    assert made[-2].startswith(b"\xef\xbb\xbf")
    assert errors_csv[0] == "Pestaña;Fila;Columna;Motivo"
    assert len(errors_csv) == 3 and all(line.startswith("Mensajes;4;") for line in errors_csv[1:])
    assert "«Telegram»" in errors_csv[2]
    notices_csv = made[-1].decode("utf-8-sig").splitlines()
    assert notices_csv[0] == "Pestaña;Fila;Aviso"
    assert len(notices_csv) == 2
    assert len(at.download_button) == 2 and all(name.endswith(".csv") for name in downloads.names[-2:])


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


def test_the_page_files_read_no_clock_show_no_command_line_and_touch_no_streamlit_internals():
    """The day comes from core/ui/clock.py (one place, which the tests can set); command lines belong in the
    README; Streamlit's internals are not the app's to change."""
    forbidden = re.compile(r"today_in_bogota|datetime\.now|date\.today|time\.time\(|python -m|make demo|"
                           r"streamlit\.runtime|PagesManager|st\._")
    pages = sorted((ROOT / "app_pages").glob("*.py"))
    assert len(pages) == 16 and not (ROOT / "pages").exists()
    offending = {page.name: forbidden.findall(page.read_text(encoding="utf-8")) for page in pages}
    assert {name: found for name, found in offending.items() if found} == {}


DAY = date(2026, 3, 9)  # a Monday, far from the wall clock's day
SHOWN_ON = {  # each page, and where it shows the day it was given
    "app_pages/hoy.py": lambda at: "Vence hoy (09/03/2026) o el próximo día hábil" in texts(at.subheader),
    "app_pages/colas.py": lambda at: at.date_input(key="q_day").value == DAY,
    "app_pages/solicitudes.py": lambda at: at.date_input(key="new_requested").value == DAY,
    "app_pages/mensajes.py": lambda at: at.date_input(key="m_day").value == DAY,
    "app_pages/parrilla.py": lambda at: at.date_input(key="g_anchor").value == DAY
    and "publicaciones del 09/03/2026 al 15/03/2026" in texts(at.markdown),
    "app_pages/reportes.py": lambda at: at.selectbox(key="r_month").value == "2026-02"  # the month before
    and open_tab(at, "r_tab", "Semestral de redes").selectbox(key="r_semester").value == "2026-1",
    "app_pages/kpis.py": lambda at: "se leen al **09/03/2026**" in texts(at.caption),
}


@pytest.mark.parametrize("page", list(SHOWN_ON))
def test_any_page_can_be_shown_on_another_day(store_url, writer, page):
    """Each page is `render(snapshot, today)`: the session's day (core/ui/clock.py) reaches it through its last
    statement, and the page shows that day, not the wall clock's."""
    writer.create_many("Mensajes", messages(2))
    writer.create_many("Solicitudes", requests(2))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["divulga_day"] = DAY
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [error.message for error in at.exception]
    assert SHOWN_ON[page](at)


# --- every page is render(snapshot, today) --------------------------------------------------------------


def _constant(node: ast.stmt) -> bool:
    """A docstring, an import, a function or class, or a constant (NAME = … in capitals)."""
    if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)):
        return True
    if isinstance(node, ast.Expr):
        return isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
    targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
    names = [name for target in targets for name in ast.walk(target) if isinstance(name, ast.Name)]
    return bool(names) and all(isinstance(name.ctx, ast.Store) and name.id.isupper() for name in names)


def render_problems(tree: ast.Module) -> list[str]:
    """What keeps a page file from being imports, constants and functions, one of them `render(snapshot: Snapshot,
    today: date, …)`, and a last statement that calls render."""
    problems = []
    renders = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "render"]
    parameters = [(argument.arg, ast.unparse(argument.annotation) if argument.annotation else None)
                  for render in renders[:1] for argument in render.args.args[:2]]
    if len(renders) != 1:
        problems.append("no top-level render function")
    elif parameters != [("snapshot", "Snapshot"), ("today", "date")]:
        problems.append(f"render's first parameters are {parameters}")
    *body, last = tree.body
    if not (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)
            and isinstance(last.value.func, ast.Name) and last.value.func.id == "render"):
        problems.append("its last statement does not call render")
    problems += [f"line {node.lineno} runs at module level: {ast.unparse(node)[:60]}" for node in body
                 if not _constant(node)]
    return problems


def _reads_clock(node: ast.AST) -> bool:
    """`clock.…` (core/ui/clock.py), or the wall clock itself."""
    if isinstance(node, ast.Name):
        return node.id == "clock" and isinstance(node.ctx, ast.Load)
    if isinstance(node, ast.ImportFrom):
        return node.module == "core.ui.clock"
    return (isinstance(node, ast.Attribute) and node.attr in ("today", "now") and isinstance(node.value, ast.Name)
            and node.value.id in ("date", "datetime"))


def clock_reads(tree: ast.Module) -> list[str]:
    """Where a page file reads the clock before its last statement."""
    return [f"line {node.lineno}: {ast.unparse(node)}" for statement in tree.body[:-1]
            for node in ast.walk(statement) if _reads_clock(node)]


def page_trees() -> dict[str, ast.Module]:
    return {page.name: ast.parse(page.read_text(encoding="utf-8"))
            for page in sorted((ROOT / "app_pages").glob("*.py"))}


def test_every_page_is_a_render_function_of_the_snapshot_and_the_day():
    """A page file holds imports, constants and functions (helpers take what they need as parameters: there
    are no other globals to read); `render(snapshot, today, …)` draws it; its last statement, the page's one
    entry point, calls render with the register's snapshot and the day."""
    trees = page_trees()
    assert len(trees) == 16
    found = {name: render_problems(tree) for name, tree in trees.items()}
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_no_page_reads_the_clock_but_in_its_last_statement():
    """The tests can show any page on any day: the day (and the moment) come in as render's arguments, read
    from core/ui/clock.py by the page's last statement only."""
    trees = page_trees()
    assert {name: found for name, tree in trees.items() if (found := clock_reads(tree))} == {}
    assert all(any(_reads_clock(node) for node in ast.walk(tree.body[-1])) for tree in trees.values())


SCRIPT_PAGE = """
from core.ui import clock, work_page
snapshot = work_page("Hoy")
today = clock.today()
st.write(today)
"""
HELPER_WITH_CLOCK = """
\"\"\"A page.\"\"\"
from datetime import date
from core.ui import clock, work_page
KEY = "k"
def moment():
    return clock.now()
def render(snapshot: Snapshot, today: date) -> None:
    st.write(moment())
render(work_page("Hoy"), clock.today())
"""
WRONG_ORDER = """
def render(today: date, snapshot: Snapshot) -> None:
    pass
render(clock.today(), work_page("Hoy"))
"""


def test_the_checks_see_a_script_page_a_clock_read_in_a_helper_and_a_wrong_render():
    assert render_problems(ast.parse(SCRIPT_PAGE)) == [
        "no top-level render function", "its last statement does not call render",
        "line 3 runs at module level: snapshot = work_page('Hoy')",
        "line 4 runs at module level: today = clock.today()"]
    assert clock_reads(ast.parse(SCRIPT_PAGE)) == ["line 4: clock"]
    assert render_problems(ast.parse(HELPER_WITH_CLOCK)) == []
    assert clock_reads(ast.parse(HELPER_WITH_CLOCK)) == ["line 7: clock"]
    assert render_problems(ast.parse(WRONG_ORDER)) == [
        "render's first parameters are [('today', 'date'), ('snapshot', 'Snapshot')]"]


# --- the rules the pages handed to the core (pure) ------------------------------------------------------


def test_the_periods_reportes_offers_follow_the_day():
    assert recent_months(date(2026, 3, 9))[:4] == ["2026-03", "2026-02", "2026-01", "2025-12"]
    assert len(recent_months(date(2026, 3, 9))) == 24 and recent_months(date(2026, 3, 9))[-1] == "2024-04"
    assert recent_semesters(date(2026, 3, 9)) == (["2026-2", "2026-1", "2025-2", "2025-1", "2024-2", "2024-1"], 1)
    assert recent_semesters(date(2026, 7, 1))[1] == 0  # the current semester is chosen first


def test_the_grid_period_filters_and_an_opened_posts_day():
    assert grid.period_of(date(2026, 3, 11)) == (date(2026, 3, 9), date(2026, 3, 15))  # Monday to Sunday
    assert grid.period_of(date(2026, 3, 11), month=True) == (date(2026, 3, 1), date(2026, 3, 31))
    posts = pd.DataFrame({"ID": ["PUB-1", "PUB-2", "PUB-3"], "Red": ["X", "Facebook", "X"],
                          "Estado": ["Programada", "Publicada", "Cancelada"],
                          "Origen": ["Solicitud", "Cubrimiento", "Solicitud"],
                          "Programada": pd.to_datetime(["2026-03-10 23:30", "2026-03-11 09:00", None])
                          .tz_localize(BOGOTA)})
    assert list(grid.chosen(posts)["ID"]) == ["PUB-1", "PUB-2", "PUB-3"]  # no choice keeps them all
    assert list(grid.chosen(posts, ["X"], origins=["Solicitud"])["ID"]) == ["PUB-1", "PUB-3"]
    assert list(grid.chosen(posts, ["X"], ["Cancelada"])["ID"]) == ["PUB-3"]
    assert grid.scheduled_day(posts, "PUB-1") == date(2026, 3, 10)  # Bogotá's day
    assert grid.scheduled_day(posts, "PUB-3") is None and grid.scheduled_day(posts, "PUB-9") is None


def test_the_monitoring_window_counts_today_and_splits_its_gaps():
    tables = {"Cuentas": pd.DataFrame({"Red": ["X"], "Estado": ["Activa"]}),
              "Monitoreo": pd.DataFrame({"Fecha": [pd.Timestamp(2026, 3, 8)], "Red": ["X"]}),
              "Publicaciones": pd.DataFrame(columns=["Estado", "Publicada", "Red"])}
    unchecked, silent = recent_gaps(tables, date(2026, 3, 9), 2, monitoring_days(False))
    assert [(gap.day, gap.network) for gap in unchecked] == [(date(2026, 3, 9), "X")]
    assert [gap.day for gap in silent] == [date(2026, 3, 8), date(2026, 3, 9)]


def test_a_logged_message_takes_from_its_link_what_was_left_empty():
    typed = {"Red": None, "Usuario": "", "Enlace": "https://x.com/vecina/status/1", "Captura": "", "Mensaje": "Hola",
             "Caso especial": False, "Asignado a": None}
    assert logged(typed, ["@DADEPBogota"], "Ana") == {
        "Red": "X", "Usuario": "@vecina", "Enlace": "https://x.com/vecina/status/1", "Captura": None,
        "Mensaje": "Hola", "Caso especial": None, "Asignado a": "Ana"}
    chosen = logged({**typed, "Red": "Facebook", "Usuario": "@otra", "Asignado a": "Luis"}, (), "Ana")
    assert (chosen["Red"], chosen["Usuario"], chosen["Asignado a"]) == ("Facebook", "@otra", "Luis")
    assert logged({"Enlace": "", "Asignado a": ""}, (), "")["Asignado a"] is None


def test_a_request_from_the_form_keeps_the_email_and_follows_its_campaign():
    typed = {"Título": "Jornada", "Necesidad": "", "Modalidad": "Publicación independiente", "Estrategia": None}
    assert from_form(typed, "Texto del correo") == {**typed, "Necesidad": "Texto del correo"}
    both = from_form({**typed, "Necesidad": "Piezas"}, "Texto del correo")
    assert (both["Necesidad"], both["Observaciones"]) == ("Piezas", "Correo: Texto del correo")
    assert from_form({**typed, "Estrategia": "EST-1"})["Modalidad"] == IN_CAMPAIGN


def test_the_form_lists_and_the_campaigns_lists():
    lists = pd.DataFrame({"Áreas": ["Jurídica", "Dirección", None], "Periodista del área": ["Ana", None, "Luis"]})
    assert options(lists, "Áreas") == ["Dirección", "Jurídica"] and options(lists, "Temas") == []
    assert journalists_by_area(lists) == {"Jurídica": "Ana"}
    estrategias = pd.DataFrame({"ID": ["EST-1", None], "Nombre": ["Andenes", "Sin ID"]}, index=[2, 3])
    assert campaign_names(estrategias) == {"EST-1": "Andenes"}
    solicitudes = pd.DataFrame({"ID": ["SOL-1", "SOL-2", None, "SOL-4", "SOL-5"],
                                "Estrategia": [None, "EST-1", None, None, None],
                                "Etapa": ["Identificar las necesidades", "Ajustes", "Ajustes", "Recepción de material",
                                          "Cancelada"]}, index=[2, 3, 4, 5, 6])
    assert list(unlinked_requests(solicitudes)) == ["SOL-1"]  # SOL-4: off the shared stages; SOL-5: cancelled
    assert own_roles({}, "Ana", ("Líder",), local=False) == ("Líder",)  # a login brings its roles
    assert own_roles({}, "Ana", ("Líder",), local=True) == ()  # local mode: only Usuarios says (none here)
