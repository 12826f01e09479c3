"""The Historial page through AppTest (app.py, then `switch_page`), on a real SQLite register: the writes
newest first, each filter, one row per field, the CSV of what the filters let through (formulas
neutralised), «Leer de nuevo», and a Historial of 100,000 rows shown by its newest 1,000."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.sheet.cells import BOGOTA
from core.sheet.contract import HISTORY_TAB
from core.sheet.rows import frame_records

APP = Path(__file__).resolve().parents[1] / "app.py"
PAGE = "app_pages/historial.py"


def open_page() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def counted(at: AppTest) -> str:
    return next(text.value for text in at.main.markdown if "Historial" in text.value or "cumplen" in text.value)


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


@pytest.fixture
def written(register, writer):
    """Writes by two people through the app's write path, one of them a citizen's formula."""
    writer.create("Cuentas", {"Red": "X", "Cuenta": "@DADEPBogota", "Responsable": "Ana"})
    account = frame_records(register.snapshot().tables["Cuentas"])[0][1]
    writer.update("Cuentas", account, {"Última rotación": date(2026, 11, 2)}, action="rotación de contraseña")
    luis = register.writer("Luis Gómez")
    created = luis.create("Mensajes", {"Recibido": datetime(2026, 11, 2, 9, 0, tzinfo=BOGOTA), "Red": "Facebook",
                                       "Usuario": "@vecina", "Mensaje": '=HYPERLINK("http://malo.example","clic")'})
    return created


def test_an_empty_historial_says_so(store_url):
    at = open_page()
    assert [title.value for title in at.title] == ["Historial"]
    assert "El Historial está vacío" in at.main.info[0].value


def test_the_writes_newest_first_filtered_and_downloaded(written, downloads):
    at = open_page()
    table = at.dataframe[0].value
    assert table["Acción"].tolist() == ["crear", "rotación de contraseña", "crear"]
    assert table["Usuario"].tolist() == ["Luis Gómez", "Prueba", "Prueba"]
    assert table["Cambios"].iloc[1] == "Última rotación: (vacío) → 02/11/2026"
    assert counted(at) == "**3** escrituras en el Historial."

    at.multiselect(key="h_people").select("Prueba")
    at = rerun(at)
    assert at.dataframe[0].value["ID"].tolist() == ["X · @DADEPBogota"] * 2
    assert counted(at) == "**2** escrituras de 3 cumplen los filtros."
    at.selectbox(key="h_field").select("Última rotación")
    at.toggle(key="h_per_field").set_value(True)
    at = rerun(at)
    assert at.dataframe[0].value[["Campo", "Antes", "Después"]].values.tolist() == [
        ["Última rotación", "(vacío)", "02/11/2026"]]
    rows = read_csv(downloads[-1]())  # the CSV holds what the filters let through, in the same shape
    assert [(row["Usuario"], row["Campo"], row["Después"]) for row in rows] == [
        ("Prueba", "Última rotación", "02/11/2026")]

    at.multiselect(key="h_people").unselect("Prueba")
    at.selectbox(key="h_field").select(None)
    at.text_input(key="h_id").input(written[-4:].lower())
    at = rerun(at)
    rows = read_csv(downloads[-1]())
    assert {row["ID"] for row in rows} == {written}
    assert "'=HYPERLINK(\"http://malo.example\",\"clic\")" in [row["Después"] for row in rows]  # neutralised

    at.text_input(key="h_id").input("no existe")
    at = rerun(at)
    assert "Ninguna escritura cumple los filtros" in at.main.info[0].value
    assert not at.dataframe


def test_dates_and_actions_filter(register, written):
    today = datetime.now(BOGOTA).date()
    at = open_page()
    at.date_input(key="h_until").set_value(today - timedelta(days=1))  # everything was written today
    at = rerun(at)
    assert at.main.warning == [] and "Ninguna escritura" in at.main.info[0].value
    at.date_input(key="h_until").set_value(None)
    at.date_input(key="h_since").set_value(today)
    at.multiselect(key="h_actions").select("rotación de contraseña")
    at = rerun(at)
    assert at.dataframe[0].value["Acción"].tolist() == ["rotación de contraseña"]
    at.date_input(key="h_until").set_value(today - timedelta(days=3))  # the wrong way round: swapped
    at = rerun(at)
    assert "posterior" in at.main.warning[0].value and at.dataframe[0].value["Acción"].tolist() == [
        "rotación de contraseña"]


def test_leer_de_nuevo_reads_the_historial_again(register, written):
    at = open_page()
    assert len(at.dataframe[0].value) == 3
    register.history()  # the process' cache holds three rows
    register.store.append(HISTORY_TAB, [{"Fecha": datetime.now(BOGOTA), "Usuario": "Otra sesión", "Pestaña": "Cuentas",
                                       "ID": "X · @otra", "Acción": "crear", "Cambios": "{}"}], [])
    at = rerun(at)
    assert len(at.dataframe[0].value) == 3  # the cache lasts a minute
    at.button(key="reload").click()
    at = rerun(at)
    assert at.dataframe[0].value["Usuario"].tolist()[0] == "Otra sesión"


def test_a_historial_of_100000_rows_shows_its_newest_thousand(register, downloads):
    start = datetime(2025, 1, 1, 8, 0, tzinfo=BOGOTA)
    rows = [{"Fecha": start + timedelta(minutes=7 * i), "Usuario": f"Persona {i % 9}",
             "Pestaña": ("Mensajes", "Publicaciones", "Solicitudes", "Cuentas")[i % 4], "ID": f"ID-{i:06d}",
             "Acción": ("crear", "editar", "responder")[i % 3],
             "Cambios": json.dumps({"Estado": ["Programada", "Publicada"]} if i % 5 == 0 else
                                   {"Tema": [None, f"Tema {i}"]}, ensure_ascii=False)}
            for i in range(100_000)]
    for first in range(0, len(rows), 20_000):
        register.store.append(HISTORY_TAB, rows[first:first + 20_000], [])
    at = open_page()
    assert counted(at) == "**100.000** escrituras en el Historial."
    assert "Se ven las 1.000 más recientes; el CSV trae las 100.000." in [caption.value for caption in at.caption]
    table = at.dataframe[0].value
    assert len(table) == 1_000 and table["ID"].iloc[0] == "ID-099999" and table["ID"].iloc[-1] == "ID-099000"
    at.multiselect(key="h_people").select("Persona 4")
    at.selectbox(key="h_field").select("Estado")
    at = rerun(at)
    expected = sum(1 for i in range(100_000) if i % 9 == 4 and i % 5 == 0)
    assert counted(at) == f"**{expected:,}** escrituras de 100.000 cumplen los filtros.".replace(",", ".")
    assert len(read_csv(downloads[-1]())) == expected
