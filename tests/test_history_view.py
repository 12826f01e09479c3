"""The Historial for reading: the changes in words, one row per field, every filter (on a Historial written
by the real Writer to a real SQLite register), newest first, no JSON parsed to filter, and the CSV made safe
for spreadsheets and read back."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from core.files.spreadsheet_safety import csv_bytes, neutralised
from core.register import history_record
from core.sheet.cells import BOGOTA
from core.sheet.contract import HISTORY_TAB
from core.sheet.rows import frame_records
from core.ui import history_view
from core.ui.history_view import (
    HistoryFilter,
    actions_in,
    changes_text,
    field_key,
    field_rows,
    fields_of,
    filter_history,
    newest_first,
    parse_changes,
    people_in,
    record_rows,
    tabs_in,
)

START = datetime(2026, 11, 2, 9, 0, tzinfo=BOGOTA)


def historial(rows: list[tuple]) -> pd.DataFrame:
    """A Historial frame as the register gives it: (moment, who, tab, id, action, changes dict or text)."""
    frame = pd.DataFrame(
        [(when, who, tab, key, action, text if isinstance(text, str) else json.dumps(text, ensure_ascii=False))
         for when, who, tab, key, action, text in rows],
        columns=["Fecha", "Usuario", "Pestaña", "ID", "Acción", "Cambios"])
    frame["Fecha"] = pd.to_datetime(frame["Fecha"]).dt.tz_convert(BOGOTA)
    frame.index = pd.RangeIndex(2, 2 + len(frame), name="fila")
    return frame


@pytest.fixture
def written(register, writer):
    """A Historial written by the app's write path: creates and edits by two people, on several days."""
    writer.create("Cuentas", {"Red": "X", "Cuenta": "@DADEPBogota", "Responsable": "Ana", "Creada": date(2026, 1, 31)})
    account = frame_records(register.snapshot().tables["Cuentas"])[0][1]
    writer.update("Cuentas", account, {"Última rotación": date(2026, 11, 2), "Estado": "En cierre"})
    luis = register.writer("Luis Gómez")
    created = luis.create("Mensajes", {"Recibido": START, "Red": "Facebook", "Usuario": "@vecina",
                                       "Mensaje": "=HYPERLINK(\"http://malo.example\",\"clic\")"})
    message = register.snapshot().record("Mensajes", created)
    luis.update("Mensajes", message, {"Tema": "Andenes", "Respondido": True}, action="responder")
    return register.history(), created


# --- the changes in words ---------------------------------------------------------------------------------


def test_changes_read_as_field_before_after_with_dates_numbers_and_lists_as_people_write_them():
    text = json.dumps({"Estado": ["Programada", "Publicada"], "Alcance": [None, 12345], "Métricas al":
                       ["2026-10-03", "2026-11-28"], "Publicada": [None, "2026-11-28T15:05:00-05:00"],
                       "Redes": [None, ["X", "Facebook"]], "Respondido": [False, True]}, ensure_ascii=False)
    assert changes_text(text) == (
        "Estado: Programada → Publicada · Alcance: (vacío) → 12.345 · Métricas al: 03/10/2026 → 28/11/2026 · "
        "Publicada: (vacío) → 28/11/2026 3:05 p. m. · Redes: (vacío) → X, Facebook · Respondido: No → Sí")
    assert parse_changes(text)[1] == ("Alcance", "(vacío)", "12.345")


def test_notes_that_are_not_pairs_and_cells_that_are_not_json_still_read():
    assert parse_changes('{"filas": 5000, "hoy": "2026-11-28"}') == [("filas", None, "5.000"),
                                                                     ("hoy", None, "28/11/2026")]
    assert changes_text('{"filas": 5000}') == "filas: 5.000"
    assert parse_changes("escrito a mano {") == [("", None, "escrito a mano {")]
    assert changes_text("escrito a mano") == "escrito a mano"
    assert parse_changes(None) == [] and parse_changes("") == [] and parse_changes(float("nan")) == []
    assert changes_text("[1, 2]") == "1, 2"


def test_one_row_per_field_changed(written):
    history, created = written
    rows = field_rows(history)
    assert list(rows.columns) == ["Fecha", "Usuario", "Pestaña", "ID", "Acción", "Campo", "Antes", "Después"]
    edit = rows[(rows["Pestaña"] == "Cuentas") & (rows["Acción"] == "editar")]
    assert edit[["Campo", "Antes", "Después"]].values.tolist() == [["Última rotación", "(vacío)", "02/11/2026"],
                                                                   ["Estado", "Activa", "En cierre"]]
    only = field_rows(history, "ESTADO")  # case and accents do not count
    assert only["Campo"].tolist() == ["Estado", "Estado"]  # the creation (→ Activa) and the edit
    answered = field_rows(history[history["Acción"] == "responder"])
    assert answered[["ID", "Campo", "Después"]].values.tolist() == [[created, "Tema", "Andenes"],
                                                                   [created, "Respondido", "Sí"]]


def test_record_rows_are_for_reading(written):
    history, _ = written
    rows = record_rows(history)
    assert list(rows.columns) == ["Fecha", "Usuario", "Pestaña", "ID", "Acción", "Cambios"]
    assert rows["Usuario"].tolist() == ["Prueba", "Prueba", "Luis Gómez", "Luis Gómez"]
    assert rows["Cambios"].iloc[1] == "Última rotación: (vacío) → 02/11/2026 · Estado: Activa → En cierre"
    assert all(pd.notna(text) and len(text) > 0 for text in rows["Fecha"])
    assert rows["Fecha"].iloc[0].count("/") == 2 and rows["Fecha"].iloc[0].endswith("m.")


# --- filters ----------------------------------------------------------------------------------------------


def test_each_filter_on_a_real_historial(written):
    history, created = written
    everything = filter_history(history, HistoryFilter())
    assert len(everything) == 4
    assert filter_history(history, HistoryFilter(people=("Luis Gómez",)))["Pestaña"].tolist() == ["Mensajes"] * 2
    assert filter_history(history, HistoryFilter(tabs=("Cuentas",)))["Acción"].tolist() == ["editar", "crear"]
    assert filter_history(history, HistoryFilter(actions=("responder", "crear")))["Acción"].tolist() == [
        "responder", "crear", "crear"]
    assert filter_history(history, HistoryFilter(id_contains="  dadepbogota "))["ID"].tolist() == [
        "X · @DADEPBogota"] * 2
    assert filter_history(history, HistoryFilter(id_contains=created[-4:].lower()))["ID"].tolist() == [created] * 2
    assert filter_history(history, HistoryFilter(field="Respondido"))["Acción"].tolist() == ["responder"]
    assert filter_history(history, HistoryFilter(field="Estado"))["Pestaña"].tolist() == ["Cuentas", "Cuentas"]
    # criteria add up
    both = HistoryFilter(people=("Prueba",), field="Estado", actions=("editar",))
    assert filter_history(history, both)["Acción"].tolist() == ["editar"]
    assert filter_history(history, HistoryFilter(people=("Nadie",))).empty


def test_the_field_filter_finds_keys_not_words_inside_values():
    frame = historial([
        (START, "Ana", "Mensajes", "MSG-1", "editar", {"Observaciones": [None, 'Dijo "Estado": roto']}),
        (START, "Ana", "Mensajes", "MSG-2", "editar", {"Tema": [None, "Estado"]}),
        (START, "Ana", "Cuentas", "X · @a", "editar", {"Observaciones": [None, "x"], "Estado": ["Activa", None]}),
    ])
    assert filter_history(frame, HistoryFilter(field="Estado"))["ID"].tolist() == ["X · @a"]
    assert filter_history(frame, HistoryFilter(field="Observaciones"))["ID"].tolist() == ["X · @a", "MSG-1"]
    assert filter_history(frame, HistoryFilter(field="Tema"))["ID"].tolist() == ["MSG-2"]
    assert field_key(" Última rotación ") == '"Última rotación":'


def test_dates_are_bogota_days_inclusive_and_the_newest_comes_first():
    frame = historial([
        (START, "Ana", "Cuentas", "a", "crear", {}),
        (datetime(2026, 11, 3, 23, 30, tzinfo=BOGOTA), "Ana", "Cuentas", "b", "crear", {}),  # 04:30 UTC on the 4th
        (datetime(2026, 11, 4, 0, 0, tzinfo=BOGOTA), "Ana", "Cuentas", "c", "crear", {}),
        (datetime(2026, 11, 4, 0, 0, tzinfo=BOGOTA), "Ana", "Cuentas", "d", "crear", {}),  # same moment, later row
        (datetime(2026, 11, 1, 8, 0, tzinfo=BOGOTA), "Ana", "Cuentas", "e", "crear", {}),  # an older row written late
    ])
    assert newest_first(frame)["ID"].tolist() == ["d", "c", "b", "a", "e"]
    assert filter_history(frame, HistoryFilter(since=date(2026, 11, 3), until=date(2026, 11, 3)))["ID"].tolist() \
        == ["b"]
    assert filter_history(frame, HistoryFilter(since=date(2026, 11, 4)))["ID"].tolist() == ["d", "c"]
    assert filter_history(frame, HistoryFilter(until=date(2026, 11, 2)))["ID"].tolist() == ["a", "e"]
    undated = historial([(START, "Ana", "Cuentas", "a", "crear", {})])
    undated.loc[3] = [pd.NaT, "Ana", "Cuentas", "sin fecha", "crear", "{}"]
    assert newest_first(undated)["ID"].tolist() == ["a", "sin fecha"]
    assert filter_history(undated, HistoryFilter(since=date(2026, 1, 1)))["ID"].tolist() == ["a"]


def test_filtering_a_large_historial_parses_no_json(monkeypatch):
    rows = [(START + timedelta(minutes=i), f"Persona {i % 7}", ("Mensajes", "Cuentas", "Solicitudes")[i % 3],
             f"MSG-{i:06d}", ("crear", "editar", "responder")[i % 3],
             {"Tema": [None, f"tema {i}"], **({"Estado": ["Activa", "Inactiva"]} if i % 10 == 0 else {})})
            for i in range(20_000)]
    frame = historial(rows)
    calls = []
    real_loads = json.loads
    monkeypatch.setattr(history_view.json, "loads", lambda text, **kw: calls.append(1) or real_loads(text, **kw))
    found = filter_history(frame, HistoryFilter(people=("Persona 3",), field="Estado", id_contains="0",
                                                since=date(2026, 11, 3), until=date(2026, 11, 30)))
    assert calls == []
    expected = [key for when, who, _, key, _, changes in rows
                if who == "Persona 3" and "Estado" in changes and "0" in key
                and date(2026, 11, 3) <= when.date() <= date(2026, 11, 30)]
    assert sorted(found["ID"]) == sorted(expected) and len(expected) > 10
    record_rows(found.head(25))
    assert len(calls) == 25  # only the rows shown are parsed


def test_filter_options_come_from_the_data_and_the_sheet_contract(written):
    history, _ = written
    assert people_in(history) == ["Luis Gómez", "Prueba"]
    assert tabs_in(history) == ["Mensajes", "Cuentas"]  # the sheet's order
    assert actions_in(history) == ["crear", "editar", "responder"]
    assert "Última rotación" in fields_of(["Cuentas"]) and "Mensaje" not in fields_of(["Cuentas"])
    assert {"Mensaje", "Última rotación", "Cambios"} <= set(fields_of())
    assert fields_of(["Cuentas"]) == sorted(fields_of(["Cuentas"]), key=history_view.normalize)


# --- the download -------------------------------------------------------------------------------------------


def test_the_csv_neutralises_formulas_and_reads_back(written, tmp_path):
    history, created = written
    risky = historial([
        (START, "=cmd|' /C calc'!A0", "Mensajes", "+57 300", "-editar", {"Mensaje": [None, "@SUMA(A1)"]}),
        (START, "\tAna", "Mensajes", "\rMSG", "crear", {"Mensaje": [None, "Hola -- sin riesgo"]}),
    ])
    table = neutralised(record_rows(pd.concat([history, risky])))
    path = tmp_path / "historial.csv"
    path.write_bytes(csv_bytes(table))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    with path.open(encoding="utf-8-sig", newline="") as handle:
        read = list(csv.DictReader(handle, delimiter=";"))
    assert len(read) == 6 and list(read[0]) == ["Fecha", "Usuario", "Pestaña", "ID", "Acción", "Cambios"]
    assert read[4]["Usuario"] == "'=cmd|' /C calc'!A0" and read[4]["ID"] == "'+57 300"
    assert read[4]["Acción"] == "'-editar"
    assert read[4]["Cambios"] == "Mensaje: (vacío) → @SUMA(A1)"  # starts with «Mensaje», so no apostrophe
    assert read[5]["Usuario"] == "'\tAna" and read[5]["ID"] == "'\rMSG"
    # the citizen's formula is inside a sentence in the record view, and alone in a cell per field
    per_field = neutralised(field_rows(pd.concat([history, risky])))
    cells = per_field["Después"].tolist()
    assert "'=HYPERLINK(\"http://malo.example\",\"clic\")" in cells and "'@SUMA(A1)" in cells
    assert "Hola -- sin riesgo" in cells
    for values in (table.values.ravel(), per_field.values.ravel()):
        assert not any(isinstance(value, str) and value[:1] in "=+-@\t\r" for value in values)
    assert history["Cambios"].str.contains("=HYPERLINK").any()  # the register keeps the text as typed


def test_neutralised_leaves_numbers_and_other_frames_alone():
    frame = pd.DataFrame({"n": [-1, 2], "t": ["-1", "ok"]})
    safe = neutralised(frame)
    assert safe["n"].tolist() == [-1, 2] and safe["t"].tolist() == ["'-1", "ok"]
    assert frame["t"].tolist() == ["-1", "ok"]  # a copy


def test_an_empty_or_headless_historial_reads_as_empty(register):
    history = register.history()
    assert list(history.columns) == HISTORY_TAB.headers and history.empty
    assert filter_history(history, HistoryFilter(people=("Ana",), since=date(2026, 1, 1), field="Estado")).empty
    assert record_rows(history).empty and field_rows(history).empty


def test_a_historial_row_of_the_writer_reads_back_the_same():
    from core.sheet.contract import ACCOUNTS_TAB

    row = history_record("Ana", ACCOUNTS_TAB, "X · @a", "editar", {"Estado": ["Activa", "Inactiva"]})
    frame = historial([(row["Fecha"], row["Usuario"], row["Pestaña"], row["ID"], row["Acción"], row["Cambios"])])
    assert field_rows(frame)[["Campo", "Antes", "Después"]].values.tolist() == [["Estado", "Activa", "Inactiva"]]
