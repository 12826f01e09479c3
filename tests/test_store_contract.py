"""One contract, two stores: every store behaviour runs on SQLite and on gspread over the local Sheets API.

Written against the register (the app's and the CLI's only way in) and `tests.hand`, which edits each
store the way people edit the sheet by hand.
"""

from __future__ import annotations

import json
import re
import threading
from datetime import date, datetime

import pandas as pd
import pytest

from core.cli.main import main
from core.register import Register, StaleRow, importer
from core.register import reading as register_module
from core.register import writing as register_writing
from core.register.importer import import_tabs
from core.sheet.cells import BOGOTA, to_serial
from core.sheet.contract import TABS
from core.sheet.models import InvalidRecord
from core.store import IdClash, ImportRunning, RawTab, RowNotFound

ID_PATTERN = re.compile(r"^MSG-\d{8}-[0-9A-HJKMNP-TV-Z]{4}$")
MESSAGE = {"Recibido": "3/10/2026 2:30 p. m.", "Red": "Twitter", "Mensaje": "¿Dónde radico una petición?",
           "Usuario": "@ciudadana"}


def writer(sheet, who: str = "Prueba"):
    return sheet.register.writer(who)


def other(sheet) -> Register:
    """Another process' view of the same register: a new store, a new cache."""
    return Register(sheet.store())


def stored(sheet, tab: str = "Mensajes") -> dict[str, dict]:
    return {row["ID"]: row for row in sheet.rows(tab)}


def historial(sheet) -> list[dict]:
    return sheet.rows("Historial")


def same_date(cell, day: date | datetime) -> bool:
    """A date as each store keeps it: ISO text in SQLite, a serial number in Sheets."""
    if isinstance(cell, (int, float)):
        return abs(cell - to_serial(day)) < 1e-6
    return str(cell).startswith(day.isoformat()[:10]) if isinstance(day, date) else False


@pytest.fixture
def one(sheet) -> str:
    return writer(sheet).create("Mensajes", MESSAGE)


# --- layout ---------------------------------------------------------------------------------------------


def test_first_use_creates_every_tab_with_its_headers(sheet):
    sheet.register.snapshot()
    for tab in TABS:
        assert sheet.headers(tab.name) == tab.headers
        assert sheet.rows(tab.name) == []


def test_missing_headers_are_added_at_the_end_and_nothing_moves(sheet, one):
    sheet.add_column("Mensajes", "Prioridad")
    order = ["Prioridad", *reversed([h for h in sheet.headers("Mensajes") if h not in ("Prioridad", "Tema")])]
    sheet.move_columns("Mensajes", order)  # "Tema" is gone: deleted by hand
    before = sheet.rows("Mensajes")
    assert "Tema" not in before[0]
    other(sheet).snapshot()
    assert sheet.headers("Mensajes") == [*order, "Tema"]
    after = sheet.rows("Mensajes")
    assert [{k: v for k, v in row.items() if k != "Tema"} for row in after] == before


# --- round trips ----------------------------------------------------------------------------------------


def test_create_reads_back_with_one_historial_row(sheet):
    new = writer(sheet).create("Mensajes", {**MESSAGE, "Respondido": "si", "Enviado a ATC": "4/10/2026"})
    assert ID_PATTERN.match(new)
    record = sheet.register.snapshot().record("Mensajes", new)
    assert record["Recibido"] == datetime(2026, 10, 3, 14, 30, tzinfo=BOGOTA)
    assert record["Red"] == "X" and record["Respondido"] is True
    assert record["Enviado a ATC"] == datetime(2026, 10, 4)
    assert record["Registrado por"] == "Prueba"
    row = stored(sheet)[new]
    assert same_date(row["Enviado a ATC"], date(2026, 10, 4))
    [entry] = historial(sheet)
    assert (entry["Usuario"], entry["Pestaña"], entry["ID"], entry["Acción"]) == ("Prueba", "Mensajes", new, "crear")
    assert json.loads(entry["Cambios"])["Red"] == [None, "X"]
    assert other(sheet).history()["ID"].tolist() == [new]


@pytest.mark.parametrize("text", ['=IMPORTXML("http://x.co","//a")', "+57 300", "-1", "@dadep", "=1+1", "'quoted"])
def test_formula_like_text_is_stored_and_read_back_exactly(sheet, text):
    new = writer(sheet).create("Mensajes", {**MESSAGE, "Mensaje": text, "Usuario": text})
    row = stored(sheet)[new]
    assert row["Mensaje"] == text and row["Usuario"] == text
    record = other(sheet).snapshot().record("Mensajes", new)
    assert record["Mensaje"] == text and record["Usuario"] == text
    edited = writer(sheet).update("Mensajes", record, {"Observaciones": text})
    assert edited == ["Observaciones"] and stored(sheet)[new]["Observaciones"] == text


def test_ids_are_unique_and_rows_keep_their_order(sheet):
    ids = writer(sheet).create_many("Mensajes", [{**MESSAGE, "Mensaje": f"m{n}"} for n in range(40)])
    assert len(set(ids)) == 40
    assert [row["ID"] for row in sheet.rows("Mensajes")] == ids
    assert len(historial(sheet)) == 40


def test_invalid_records_write_nothing(sheet):
    with pytest.raises(InvalidRecord):
        writer(sheet).create_many("Mensajes", [MESSAGE, {**MESSAGE, "Red": "Myspace"}])
    sheet.register.snapshot()
    assert sheet.rows("Mensajes") == [] and historial(sheet) == []


def test_a_tab_without_ids_returns_its_natural_key(sheet):
    assert writer(sheet).create("Cuentas", {"Red": "twitter", "Cuenta": "@dadep"}) == "X · @dadep"
    [row] = sheet.rows("Cuentas")
    assert (row["Red"], row["Cuenta"], row["Estado"]) == ("X", "@dadep", "Activa")


def test_stored_and_repeated_ids_are_refused_whole(sheet, one):
    store = sheet.store()
    from core.sheet.contract import MESSAGES_TAB

    def message(id_):
        return {"ID": id_, "Recibido": datetime(2026, 10, 3, 14, 30, tzinfo=BOGOTA), "Red": "X", "Mensaje": "x"}

    sheet.set("Mensajes", 2, "ID", f" {one} ")  # pasted with spaces around it
    with pytest.raises(IdClash) as caught:
        store.append(MESSAGES_TAB, [message("MSG-NUEVO"), message(one)], [])
    assert caught.value.ids == {one}
    with pytest.raises(IdClash):
        store.append(MESSAGES_TAB, [message("MSG-3"), message("MSG-3")], [])
    assert list(stored(sheet)) == [f" {one} "] and len(historial(sheet)) == 1


def test_an_id_clash_is_redrawn(sheet, one, monkeypatch):
    draws = iter([one, "MSG-20261003-BBBB"])
    monkeypatch.setattr(register_writing, "new_id", lambda prefix, day, length: next(draws))
    assert writer(sheet).create("Mensajes", MESSAGE) == "MSG-20261003-BBBB"
    assert list(stored(sheet)) == [one, "MSG-20261003-BBBB"]


# --- updates --------------------------------------------------------------------------------------------


def test_update_writes_only_the_changed_cells_and_keeps_what_was_typed(sheet, one):
    sheet.set("Mensajes", 2, "Red", "twitter")  # typed by hand: it reads the same, and stays as typed
    before = stored(sheet)[one]
    seen = other(sheet).snapshot().record("Mensajes", one)
    assert writer(sheet).update("Mensajes", seen, {"Tema": "Andenes", "Respondido": False}) == ["Tema", "Respondido"]
    after = stored(sheet)[one]
    changed = sorted(name for name in after if after[name] != before[name])
    assert changed in (["Actualizado", "Respondido", "Tema"], ["Respondido", "Tema"])  # stamped to the second
    assert after["Red"] == "twitter" and after["Respondido"] == "No"
    assert json.loads(historial(sheet)[-1]["Cambios"]) == {"Tema": [None, "Andenes"], "Respondido": [None, "No"]}


def test_a_hand_edit_between_reading_and_saving_is_a_conflict(sheet, one):
    seen = sheet.register.snapshot().record("Mensajes", one)
    sheet.set("Mensajes", 2, "Mensaje", "corregido a mano")
    before, entries = sheet.rows("Mensajes"), len(historial(sheet))
    with pytest.raises(StaleRow) as caught:
        writer(sheet).update("Mensajes", seen, {"Tema": "mi cambio"})
    assert "No se guardó" in str(caught.value) and "corregido a mano" in str(caught.value)
    assert sheet.rows("Mensajes") == before and len(historial(sheet)) == entries


def test_a_hand_edit_of_an_extra_column_is_a_conflict(sheet, one):
    sheet.add_column("Mensajes", "Nota interna")
    sheet.set("Mensajes", 2, "Nota interna", "antes")
    seen = sheet.register.snapshot(refresh=True).record("Mensajes", one)
    assert seen["Nota interna"] == "antes"
    sheet.set("Mensajes", 2, "Nota interna", "después")
    with pytest.raises(StaleRow):
        writer(sheet).update("Mensajes", seen, {"Tema": "x"})
    assert stored(sheet)[one]["Tema"] is None


def test_two_writers_from_the_same_read_one_wins(sheet, one):
    seen = sheet.register.snapshot().record("Mensajes", one)
    other(sheet).writer("Ana").update("Mensajes", seen, {"Tema": "de Ana"})
    with pytest.raises(StaleRow):
        other(sheet).writer("Luis").update("Mensajes", seen, {"Tema": "de Luis"})
    assert stored(sheet)[one]["Tema"] == "de Ana"


def test_after_sorting_by_hand_an_update_lands_on_the_right_row(sheet):
    ids = writer(sheet).create_many("Mensajes", [{**MESSAGE, "Mensaje": f"m{n}"} for n in range(4)])
    seen = {new: sheet.register.snapshot().record("Mensajes", new) for new in ids}
    sheet.sort("Mensajes", "Mensaje", descending=True)
    sheet.set("Mensajes", 3, "ID", f" {ids[2]} ")  # pasted with spaces around it
    writer(sheet).update("Mensajes", seen[ids[1]], {"Tema": "uno"})
    writer(sheet).update("Mensajes", seen[ids[2]], {"Tema": "dos"})
    rows = sheet.rows("Mensajes")
    assert [row["Mensaje"] for row in rows] == ["m3", "m2", "m1", "m0"]
    assert {row["Mensaje"]: row["Tema"] for row in rows} == {"m3": None, "m2": "dos", "m1": "uno", "m0": None}


def test_rows_inserted_above_shift_row_numbers_and_updates_still_land(sheet):
    ids = writer(sheet).create_many("Mensajes", [{**MESSAGE, "Mensaje": f"m{n}"} for n in range(3)])
    seen = sheet.register.snapshot().record("Mensajes", ids[2])
    sheet.insert_above("Mensajes", 3, {"Recibido": "4/10/2026 9:00", "Red": "Facebook", "Mensaje": "a mano"})
    sheet.insert_above("Mensajes", 2, {})  # a blank row left by someone
    frame = other(sheet).snapshot().tables["Mensajes"]
    assert list(frame["Mensaje"]) == ["m0", "a mano", "m1", "m2"] and list(frame.index) == [3, 4, 5, 6]
    writer(sheet).update("Mensajes", seen, {"Tema": "último"})
    assert stored(sheet)[ids[2]]["Tema"] == "último"
    assert [row["Mensaje"] for row in sheet.rows("Mensajes")] == [None, "m0", "a mano", "m1", "m2"]


def test_moved_and_renamed_columns_are_found(sheet, one):
    headers = sheet.headers("Mensajes")
    sheet.move_columns("Mensajes", list(reversed(headers)))
    sheet.rename_header("Mensajes", "Mensaje", "MENSAJE")
    view = other(sheet)
    record = view.snapshot().record("Mensajes", one)
    assert record["Mensaje"] == MESSAGE["Mensaje"]
    view.writer("Luis").update("Mensajes", record, {"Mensaje": "editado", "Tema": "movida"})
    new = view.writer("Luis").create("Mensajes", {**MESSAGE, "Mensaje": "nuevo"})
    assert sheet.headers("Mensajes")[0] == headers[-1] and "Mensaje" not in sheet.headers("Mensajes")
    rows = stored(sheet)
    assert rows[one]["MENSAJE"] == "editado" and rows[one]["Tema"] == "movida"
    assert rows[new]["MENSAJE"] == "nuevo" and rows[new]["Red"] == "X"


def test_missing_and_repeated_rows(sheet, one):
    seen = sheet.register.snapshot().record("Mensajes", one)
    with pytest.raises(RowNotFound, match="No se encontró en Mensajes la fila con ID «MSG-NO»"):
        writer(sheet).update("Mensajes", {**seen, "ID": "MSG-NO"}, {"Tema": "x"})
    # copied, pasted below and changed: two different rows carry the ID, and neither is what the person read (a
    # copy the same in every cell is one record, written alike: tests/test_rows_stored_twice.py)
    sheet.append("Mensajes", {**sheet.rows("Mensajes")[0], "Observaciones": "pegada"})
    with pytest.raises(RowNotFound, match=f"Hay 2 filas en Mensajes con ID «{one}»"):
        writer(sheet).update("Mensajes", {**seen, "Observaciones": "otra"}, {"Tema": "x"})
    assert len(historial(sheet)) == 1


def test_update_by_natural_key(sheet):
    w = writer(sheet)
    w.create("Cuentas", {"Red": "X", "Cuenta": "@dadep"})
    w.create("Cuentas", {"Red": "Facebook", "Cuenta": "@dadep"})
    frame = sheet.register.snapshot().tables["Cuentas"]
    seen = {name: (None if pd.isna(value) else value) for name, value in frame.loc[3].items()}
    assert w.update("Cuentas", seen, {"Estado": "Inactiva"}) == ["Estado"]
    assert [(row["Red"], row["Estado"]) for row in sheet.rows("Cuentas")] == [("X", "Activa"), ("Facebook", "Inactiva")]


def test_a_row_typed_without_id_gets_one_when_edited(sheet):
    sheet.register.snapshot()
    sheet.append("Mensajes", {"Recibido": "3/10/2026 9:00", "Red": "X", "Enlace": "https://x.com/a/1",
                              "Mensaje": "hola"})
    snapshot = sheet.register.snapshot(refresh=True)
    assert [str(n) for n in snapshot.notices][0].startswith("aviso: Mensajes fila 2: fila sin ID")
    assert snapshot.bad == []
    seen = {name: (None if pd.isna(value) else value) for name, value in snapshot.tables["Mensajes"].iloc[0].items()}
    assert sorted(writer(sheet).update("Mensajes", seen, {"Tema": "andenes"})) == ["ID", "Tema"]
    [row] = sheet.rows("Mensajes")
    assert re.fullmatch(r"MSG-\d{8}-[0-9A-Z]{4}", row["ID"]) and row["Recibido"] == "3/10/2026 9:00"


# --- a sheet edited by hand -------------------------------------------------------------------------------


def test_a_hand_edited_sheet_reports_only_its_bad_rows_and_changes_nothing(sheet, one):
    sheet.add_column("Mensajes", "Notas del equipo")
    sheet.append("Mensajes", {"ID": "MSG-A", "Recibido": "5/10/2026", "Red": "facebook", "Mensaje": "día primero"})
    sheet.append("Mensajes", {"ID": "MSG-B", "Red": "X", "Mensaje": "fecha como número", "Notas del equipo": "x"})
    sheet.append("Mensajes", {"ID": "MSG-C", "Recibido": "31/02/2026", "Red": "X", "Mensaje": "imposible"})
    sheet.append("Mensajes", {"Recibido": "7/10/2026", "Red": "X", "Mensaje": "sin ID", "Usuario": "@x"})
    sheet.insert_above("Mensajes", 4, {})  # a blank row left in the middle
    sheet.type_date("Mensajes", 5, "Recibido", date(2026, 10, 6))
    sheet.append("Publicaciones", {"ID": "PUB-A", "Red": "X", "Programada": "3/10/2026 10:00", "Alcance": "1.234",
                                   "Estado": "Programada"})
    sheet.append("Publicaciones", {"ID": "PUB-B", "Red": "Myspace", "Programada": "3/10/2026 10:00",
                                   "Estado": "Programada"})
    before = {tab.name: sheet.rows(tab.name) for tab in TABS if tab.name != "Historial"}
    snapshot = other(sheet).snapshot()
    assert [str(bad) for bad in snapshot.bad] == [
        "Publicaciones fila 3: Red: «Myspace» no está en la lista de redes; use uno de: Facebook, X, Instagram, "
        "YouTube, TikTok",
        "Mensajes fila 6: Recibido: «31/02/2026» no es una fecha que exista; escríbala como dd/mm/aaaa",
    ]
    assert [str(n).split(";")[0] for n in snapshot.notices] == ["aviso: Mensajes fila 7: fila sin ID"]
    frame = snapshot.tables["Mensajes"]
    assert frame.loc[frame["ID"] == "MSG-B", "Recibido"].iloc[0].date() == date(2026, 10, 6)
    assert frame.loc[frame["ID"] == "MSG-A", "Red"].iloc[0] == "Facebook"
    assert snapshot.record("Publicaciones", "PUB-A")["Alcance"] == 1234
    assert {tab.name: sheet.rows(tab.name) for tab in TABS if tab.name != "Historial"} == before


# --- several writers at once ----------------------------------------------------------------------------------


def test_eight_concurrent_writers_leave_every_row_once(sheet):
    sheet.register.snapshot()
    start = threading.Barrier(8)
    errors = []

    def work(n):
        try:
            view = Register(sheet.store())
            start.wait()
            for i in range(25):
                view.writer(f"P{n}").create("Mensajes", {**MESSAGE, "Mensaje": f"P{n} {i}"})
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    rows = sheet.rows("Mensajes")
    assert len(rows) == 200 and len({row["ID"] for row in rows}) == 200
    assert sorted(row["Mensaje"] for row in rows) == sorted(f"P{n} {i}" for n in range(8) for i in range(25))
    assert len(historial(sheet)) == 200
    assert other(sheet).snapshot().bad == []


# --- importar / exportar / verificar --------------------------------------------------------------------------


def test_export_then_import_into_an_empty_store_and_again(sheet, tmp_path, capsys, monkeypatch):
    w = writer(sheet)
    w.create_many("Mensajes", [{**MESSAGE, "Mensaje": f"m{n}", "Enviado a ATC": "4/10/2026"} for n in range(5)])
    w.create("Cuentas", {"Red": "X", "Cuenta": "@dadep", "Creada": "2024-01-31"})
    w.create("Listas", {"Redes": "Threads", "Áreas": "Jurídica"})
    book = tmp_path / "registro.xlsx"
    assert main(["exportar", str(book)]) == 0
    exported = other(sheet).snapshot()
    # into an empty register of the same kind
    empty_url = sheet.url + "-vacio" if sheet.kind == "sheets" else f"sqlite:///{tmp_path / 'vacio.db'}"
    monkeypatch.setenv("DIVULGA_STORE", empty_url)
    assert main(["importar", str(book)]) == 0
    assert "filas nuevas: 7" in capsys.readouterr().out
    assert main(["importar", str(book)]) == 0  # again: nothing new
    assert "filas nuevas: 0" in capsys.readouterr().out
    imported = register_module.open_register(empty_url).snapshot(refresh=True)
    for name in ("Mensajes", "Cuentas", "Listas"):
        left = exported.tables[name].reset_index(drop=True).astype(str)
        right = imported.tables[name].reset_index(drop=True).astype(str)
        assert left.equals(right), name
    assert main(["verificar"]) == 0


# Tabs as a workbook holds them, most without IDs: what two imports at once used to store twice.
WORKBOOK = {
    "Listas": RawTab("Listas", ["Áreas", "Redes"], [("Dirección", "Threads"), ("Oficina Asesora Jurídica", None)]),
    "Monitoreo": RawTab("Monitoreo", ["Fecha", "Red", "Revisado por"],
                        [("3/10/2026", "X", "Ana"), ("3/10/2026", "Facebook", "Ana"), ("4/10/2026", "X", "Luis")]),
    "Cuentas": RawTab("Cuentas", ["Red", "Cuenta"], [("X", "@dadep")]),
    "Usuarios": RawTab("Usuarios", ["Correo", "Roles"], [("ana@dadep.gov.co", "Líder"), ("luis@dadep.gov.co", "CM")]),
    "Ajustes": RawTab("Ajustes", ["Ajuste", "Valor"], [("Días de monitoreo", "hábiles")]),
    "Mensajes": RawTab("Mensajes", ["Recibido", "Red", "Usuario", "Mensaje", "ID"],
                       [("3/10/2026 10:00", "X", "@a", "Hola", None), ("3/10/2026 11:00", "X", "@b", "Otra", None),
                        ("4/10/2026 9:00", "Facebook", "@c", "Con ID", "MSG-20261004-CCCC")]),
}
IMPORTED = {"Listas": 2, "Monitoreo": 3, "Cuentas": 1, "Usuarios": 2, "Ajustes": 1, "Mensajes": 3}


def _data_rows(sheet) -> dict[str, int]:
    return {name: len(sheet.rows(name)) for name in IMPORTED}


def test_two_imports_at_once_leave_what_one_leaves(sheet, monkeypatch):
    """The first import is held after its read of the register and its Listas, before its other writes; the
    second, started then, must neither read nor write until the first is done (SQLite makes it wait, Google
    Sheets refuses it). Had it gone on, it would have stored every row without an ID a second time."""
    sheet.register.snapshot()
    held, release = threading.Event(), threading.Event()
    upsert = importer._upsert

    def holding(writer, *args):
        if writer.actor == "Primera" and not held.is_set():
            held.set()
            assert release.wait(60)
        return upsert(writer, *args)

    monkeypatch.setattr(importer, "_upsert", holding)
    outcomes = {}

    def run(actor: str) -> None:
        try:
            outcomes[actor] = import_tabs(other(sheet).writer(actor), WORKBOOK)
        except Exception as error:  # noqa: BLE001 - checked below
            outcomes[actor] = error

    first = threading.Thread(target=run, args=("Primera",))
    first.start()
    assert held.wait(60), outcomes
    second = threading.Thread(target=run, args=("Segunda",))
    second.start()
    second.join(0.5)  # it cannot finish an import while the first holds the register: only wait or be refused
    assert second.is_alive() or isinstance(outcomes["Segunda"], ImportRunning), outcomes
    release.set()
    first.join(60)
    second.join(60)
    assert outcomes["Primera"].created == sum(IMPORTED.values()) and outcomes["Primera"].failures == []
    later = outcomes["Segunda"]
    assert isinstance(later, ImportRunning) or (later.created, later.failures) == (0, []), later
    assert _data_rows(sheet) == IMPORTED
    assert other(sheet).snapshot().bad == []


def test_an_import_that_fails_frees_the_register_for_the_next(sheet, monkeypatch):
    sheet.register.snapshot()
    upsert = importer._upsert

    def failing(writer, tab, *args):
        if tab.name == "Cuentas":
            raise RuntimeError("se cortó")
        return upsert(writer, tab, *args)

    monkeypatch.setattr(importer, "_upsert", failing)
    with pytest.raises(RuntimeError):
        import_tabs(other(sheet).writer("Primera"), WORKBOOK)
    monkeypatch.setattr(importer, "_upsert", upsert)
    report = import_tabs(other(sheet).writer("Segunda"), WORKBOOK)
    assert report.failures == [] and _data_rows(sheet) == IMPORTED
    assert report.created + report.unchanged == sum(IMPORTED.values())


def test_verificar_lists_bad_rows_by_sheet_row_number(sheet, one, capsys):
    sheet.append("Mensajes", {"ID": "MSG-X", "Recibido": "ayer", "Red": "X", "Mensaje": "m"})
    assert main(["verificar"]) == 1
    out = capsys.readouterr().out
    assert "Mensajes fila 3: Recibido: «ayer» no es una fecha" in out



# --- many updates in one store call (Writer.update_many) --------------------------------------------------------


def test_update_many_writes_the_changed_cells_with_one_historial_row_each(sheet):
    ids = writer(sheet).create_many("Mensajes", [{**MESSAGE, "Mensaje": f"m{n}"} for n in range(4)])
    snapshot = other(sheet).snapshot()
    seen = [snapshot.record("Mensajes", new) for new in ids]
    before = stored(sheet)
    results = writer(sheet, "Ana").update_many("Mensajes", [
        (seen[0], {"Tema": "andenes"}),
        (seen[1], {"Tema": "parques", "Respondido": "sí"}),
        (seen[2], {"Mensaje": "m2"}),  # the same value: nothing to write
    ], action="importar")
    assert [(result.fields, result.error) for result in results] == [
        (["Tema"], None), (["Tema", "Respondido"], None), ([], None)]
    after = stored(sheet)
    assert (after[ids[0]]["Tema"], after[ids[1]]["Tema"], after[ids[1]]["Respondido"]) == ("andenes", "parques", "Sí")
    assert after[ids[2]] == before[ids[2]] and after[ids[3]] == before[ids[3]]
    entries = historial(sheet)[4:]
    assert [(entry["ID"], entry["Usuario"], entry["Acción"]) for entry in entries] == [
        (ids[0], "Ana", "importar"), (ids[1], "Ana", "importar")]
    assert json.loads(entries[1]["Cambios"]) == {"Tema": [None, "parques"], "Respondido": [None, "Sí"]}


def test_update_many_refuses_only_the_rows_changed_since_they_were_read(sheet):
    ids = writer(sheet).create_many("Mensajes", [{**MESSAGE, "Mensaje": f"m{n}"} for n in range(3)])
    snapshot = other(sheet).snapshot()
    seen = [snapshot.record("Mensajes", new) for new in ids]
    sheet.set("Mensajes", 3, "Mensaje", "corregido a mano")  # the second row, edited by hand meanwhile
    sheet.sort("Mensajes", "Mensaje", descending=True)  # and the tab sorted: rows are found by ID
    entries = len(historial(sheet))
    results = writer(sheet).update_many("Mensajes", [(record, {"Tema": f"t{n}"}) for n, record in enumerate(seen)])
    assert [result.fields for result in results] == [["Tema"], [], ["Tema"]]
    assert isinstance(results[1].error, StaleRow) and "corregido a mano" in str(results[1].error)
    rows = stored(sheet)
    assert [rows[new]["Tema"] for new in ids] == ["t0", None, "t2"]
    assert rows[ids[1]]["Mensaje"] == "corregido a mano"
    assert [entry["ID"] for entry in historial(sheet)[entries:]] == [ids[0], ids[2]]


def test_update_many_reports_missing_rows_bad_values_and_a_row_edited_twice(sheet):
    ids = writer(sheet).create_many("Mensajes", [{**MESSAGE, "Mensaje": f"m{n}"} for n in range(2)])
    seen = [other(sheet).snapshot().record("Mensajes", new) for new in ids]
    results = writer(sheet).update_many("Mensajes", [
        ({**seen[0], "ID": "MSG-NO"}, {"Tema": "x"}),
        (seen[1], {"Recibido": "ayer"}),
        (seen[0], {"Tema": "primero"}),
        (seen[0], {"Tema": "segundo"}),  # from the same reading: the first edit made it stale
    ])
    assert isinstance(results[0].error, RowNotFound)
    assert isinstance(results[1].error, InvalidRecord) and "Recibido" in str(results[1].error)
    assert results[2].fields == ["Tema"] and results[2].error is None
    assert isinstance(results[3].error, StaleRow)
    assert stored(sheet)[ids[0]]["Tema"] == "primero" and stored(sheet)[ids[1]]["Recibido"] != "ayer"
    assert len(historial(sheet)) == 3


def test_update_many_of_many_rows_reads_once_and_writes_once(sheet):
    ids = writer(sheet).create_many("Mensajes", [{**MESSAGE, "Mensaje": f"m{n}"} for n in range(120)])
    snapshot = other(sheet).snapshot()
    edits = [(snapshot.record("Mensajes", new), {"Tema": f"t{n}"}) for n, new in enumerate(ids)]
    sheet.sort("Mensajes", "Mensaje", descending=True)  # by hand, after the reading
    sheet.set("Mensajes", 2, "ID", f" {sheet.rows('Mensajes')[0]['ID']} ")  # pasted with spaces around it
    if sheet.kind == "sheets":
        sheet.fake.reset_log()
    results = writer(sheet).update_many("Mensajes", edits)
    if sheet.kind == "sheets":  # one read of the tab (with both header rows), one batchUpdate
        assert [request.kind for request in sheet.fake.requests] == ["values.batchGet", "batchUpdate"]
    assert all(result.fields == ["Tema"] for result in results)
    rows = {row["ID"].strip(): row for row in sheet.rows("Mensajes")}
    assert [rows[new]["Tema"] for new in ids] == [f"t{n}" for n in range(120)]
    assert [rows[new]["Mensaje"] for new in ids] == [f"m{n}" for n in range(120)]
    assert len(historial(sheet)) == 240


def test_update_many_answered_503_after_sheets_applied_it_is_not_written_twice(sheet):
    if sheet.kind != "sheets":
        pytest.skip("SQLite writes in one transaction: there is no unclear answer")
    ids = writer(sheet).create_many("Mensajes", [{**MESSAGE, "Mensaje": f"m{n}"} for n in range(3)])
    snapshot = other(sheet).snapshot()
    sheet.fake.apply_then_fail(503, kind="batchUpdate")
    results = writer(sheet).update_many("Mensajes", [(snapshot.record("Mensajes", new), {"Tema": "x"}) for new in ids])
    assert [result.error for result in results] == [None, None, None]
    assert [stored(sheet)[new]["Tema"] for new in ids] == ["x", "x", "x"]
    assert len(historial(sheet)) == 6
