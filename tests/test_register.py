"""The register (`core.register`): the cached, validated snapshot and the one write path, over real SQLite."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from core.register import Register, StaleRow, open_register
from core.register import reading as register_reading
from core.register import writing as register_module
from core.sheet import ids
from core.sheet.cells import BOGOTA
from core.sheet.contract import today_in_bogota
from core.sheet.ids import suffix_length
from core.sheet.models import InvalidRecord
from core.sheet.rows import row_values
from core.store import IdClash, RowNotFound, StoreError
from core.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent
ID_PATTERN = re.compile(r"^MSG-(\d{8})-[0-9A-HJKMNP-TV-Z]{4}$")
MESSAGE = {"Recibido": "3/10/2026 2:30 p. m.", "Red": "Twitter", "Mensaje": "¿Dónde radico una petición?",
           "Usuario": "@ciudadana"}


def db_path(store_url: str) -> Path:
    return Path(store_url.removeprefix("sqlite:///"))


def connect(store_url: str) -> sqlite3.Connection:
    return sqlite3.connect(db_path(store_url), isolation_level=None)


def table(store_url: str, name: str) -> list[dict]:
    with connect(store_url) as con:
        cursor = con.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
        headers = [d[0] for d in cursor.description]
        return [dict(zip(headers, row, strict=True)) for row in cursor.fetchall()]


def historial(store_url: str) -> list[dict]:
    return table(store_url, "Historial")


def hand(store_url: str, sql: str, *params) -> None:
    with connect(store_url) as con:
        con.execute(sql, params)


def rewrite(store_url: str, name: str, order: list[str] | None = None, order_by: str = "rowid") -> None:
    with connect(store_url) as con:
        order = order or [row[1] for row in con.execute(f'PRAGMA table_info("{name}")')]
        listed = ", ".join(f'"{column}"' for column in order)
        con.execute("BEGIN")
        con.execute(f"CREATE TABLE hand_copy ({listed})")
        con.execute(f'INSERT INTO hand_copy SELECT {listed} FROM "{name}" ORDER BY {order_by}')
        con.execute(f'DROP TABLE "{name}"')
        con.execute(f'ALTER TABLE hand_copy RENAME TO "{name}"')
        con.execute("COMMIT")


def fresh(store_url: str) -> Register:
    """A new process' view of the same file (new store, new cache)."""
    return Register(SQLiteStore(db_path(store_url)))


# --- create ---------------------------------------------------------------------------------------------


def test_create_assigns_an_id_and_writes_one_historial_row(writer, register, store_url):
    before = today_in_bogota()
    new = writer.create("Mensajes", MESSAGE)
    after = today_in_bogota()
    match = ID_PATTERN.match(new)
    assert match, new
    assert match[1] in (f"{before:%Y%m%d}", f"{after:%Y%m%d}")
    [stored] = table(store_url, "Mensajes")
    assert stored["ID"] == new
    assert stored["Recibido"] == "2026-10-03T14:30:00-05:00"
    assert stored["Red"] == "X"
    assert stored["Registrado por"] == "Prueba" and stored["Actualizado por"] == "Prueba"
    assert datetime.fromisoformat(stored["Actualizado"]).utcoffset() == timedelta(hours=-5)
    [entry] = historial(store_url)
    assert (entry["Usuario"], entry["Pestaña"], entry["ID"], entry["Acción"]) == ("Prueba", "Mensajes", new, "crear")
    assert abs(datetime.fromisoformat(entry["Fecha"]) - datetime.now(BOGOTA)) < timedelta(minutes=1)
    assert json.loads(entry["Cambios"]) == {
        "ID": [None, new],
        "Recibido": [None, "2026-10-03T14:30:00-05:00"],
        "Red": [None, "X"],
        "Usuario": [None, "@ciudadana"],
        "Mensaje": [None, "¿Dónde radico una petición?"],
    }


def test_created_row_reads_back_in_the_snapshot(writer, register):
    new = writer.create("Mensajes", {**MESSAGE, "Respondido": "si", "Enviado a ATC": "4/10/2026"})
    record = register.snapshot().record("Mensajes", new)
    assert record["Recibido"] == datetime(2026, 10, 3, 14, 30, tzinfo=BOGOTA)
    assert record["Red"] == "X" and record["Respondido"] is True
    assert record["Enviado a ATC"] == datetime(2026, 10, 4)
    assert record["Mensaje"] == "¿Dónde radico una petición?"


def test_ids_are_unique(writer, store_url):
    ids = writer.create_many("Mensajes", [{**MESSAGE, "Mensaje": f"m{n}"} for n in range(60)])
    assert len(set(ids)) == 60 and all(ID_PATTERN.match(i) for i in ids)
    assert [row["ID"] for row in table(store_url, "Mensajes")] == ids
    assert len(historial(store_url)) == 60


@pytest.mark.parametrize("text", ['=IMPORTXML("x")', "+57 300", "-1", "@dadep", "=1+1"])
def test_formula_like_text_is_stored_and_read_back_exactly(writer, register, store_url, text):
    new = writer.create("Mensajes", {**MESSAGE, "Mensaje": text, "Usuario": text})
    [stored] = table(store_url, "Mensajes")
    assert stored["Mensaje"] == text and stored["Usuario"] == text
    record = register.snapshot().record("Mensajes", new)
    assert record["Mensaje"] == text and record["Usuario"] == text
    assert json.loads(historial(store_url)[0]["Cambios"])["Mensaje"] == [None, text]


def test_create_refuses_invalid_records_and_writes_nothing(writer, store_url):
    with pytest.raises(InvalidRecord) as caught:
        writer.create_many("Mensajes", [MESSAGE, {**MESSAGE, "Red": "Myspace"}])
    assert [error.field for error in caught.value.errors] == ["Red"]
    assert table(store_url, "Mensajes") == [] and historial(store_url) == []


def test_writer_needs_a_person(register):
    with pytest.raises(ValueError, match="obligatorio"):
        register.writer("  ")


def test_create_in_a_tab_without_id_returns_its_natural_key(writer, store_url):
    key = writer.create("Cuentas", {"Red": "twitter", "Cuenta": "@dadep"})
    assert key == "X · @dadep"
    [stored] = table(store_url, "Cuentas")
    assert (stored["Red"], stored["Cuenta"], stored["Estado"]) == ("X", "@dadep", "Activa")
    assert historial(store_url)[0]["ID"] == "X · @dadep"


# --- ID clashes -------------------------------------------------------------------------------------------


def test_an_id_clash_is_redrawn_not_duplicated(writer, register, store_url, monkeypatch):
    register.snapshot()  # the tabs exist
    clash = "MSG-20261003-AAAA"
    hand(store_url, 'INSERT INTO Mensajes ("ID", "Recibido", "Red", "Mensaje") VALUES (?, ?, ?, ?)',
         clash, "2026-10-03T10:00:00-05:00", "X", "ya estaba")
    draws, lengths = iter([clash, "MSG-20261003-BBBBB"]), []
    monkeypatch.setattr(register_module, "new_id", lambda prefix, day, length: lengths.append(length) or next(draws))
    new = writer.create("Mensajes", MESSAGE)
    assert new == "MSG-20261003-BBBBB"
    assert lengths == [4, 5]  # drawn again one character longer: a clash says the day is more crowded
    assert [row["ID"] for row in table(store_url, "Mensajes")] == [clash, new]
    assert [entry["ID"] for entry in historial(store_url)] == [new]  # the refused attempt left nothing
    snapshot = register.snapshot(refresh=True)
    assert snapshot.bad == []


def test_clashing_on_every_draw_gives_up_cleanly(writer, register, store_url, monkeypatch):
    register.snapshot()
    clash = "MSG-20261003-AAAA"
    hand(store_url, 'INSERT INTO Mensajes ("ID", "Recibido", "Red", "Mensaje") VALUES (?, ?, ?, ?)',
         clash, "2026-10-03T10:00:00-05:00", "X", "ya estaba")
    monkeypatch.setattr(register_module, "new_id", lambda prefix, day, length: clash)
    with pytest.raises(StoreError, match="No se pudo asignar un ID único"):
        writer.create("Mensajes", MESSAGE)
    assert len(table(store_url, "Mensajes")) == 1 and historial(store_url) == []


def test_an_id_clash_with_a_hand_typed_id_with_spaces_is_redrawn(writer, register, store_url, monkeypatch):
    register.snapshot()
    hand(store_url, 'INSERT INTO Mensajes ("ID", "Recibido", "Red", "Mensaje") VALUES (?, ?, ?, ?)',
         " MSG-20261003-AAAA ", "2026-10-03T10:00:00-05:00", "X", "pegado con espacios")
    draws = iter(["MSG-20261003-AAAA", "MSG-20261003-BBBB"])
    monkeypatch.setattr(register_module, "new_id", lambda prefix, day, length: next(draws))
    assert writer.create("Mensajes", MESSAGE) == "MSG-20261003-BBBB"
    assert register.snapshot().bad == []


class CrowdedDay:
    """A store (the protocol's share `create_many` uses) whose day is crowded: every four-character suffix
    of the day is taken (as the 1,048,576 of a day would be after a million-row import), and it refuses any
    other ID it already holds, as SQLite and Google Sheets do."""

    label = "memoria"

    def __init__(self):
        self.ids: set[str] = set()
        self.refusals = 0

    def read_each(self, tabs):
        return iter(())

    def read(self, tabs):
        return {}

    def setting_warnings(self):
        return []

    @contextmanager
    def importing(self, actor):
        yield

    def append(self, tab, records, history):
        drawn = [record["ID"] for record in records]
        clashes = {i for i in drawn if len(i.rsplit("-", 1)[1]) == 4 or i in self.ids}
        if clashes or len(set(drawn)) != len(drawn):
            self.refusals += 1
            raise IdClash(clashes)
        self.ids.update(drawn)


def test_a_day_whose_four_character_ids_are_all_taken_still_gets_new_ones():
    store = CrowdedDay()
    writer = Register(store).writer("Prueba")
    new = writer.create("Mensajes", MESSAGE)  # drawn with 4 characters, refused, drawn again one longer
    assert re.fullmatch(r"MSG-\d{8}-[0-9A-HJKMNP-TV-Z]{5}", new) and store.refusals == 1
    ids = writer.create_many("Mensajes", [MESSAGE] * 5_000)
    assert len(set(ids) | {new}) == 5_001 and store.ids == {new, *ids}


def test_ids_drawn_for_one_day_never_run_out_and_never_repeat():
    """An import draws its IDs chunk by chunk, all on one day: the suffix grows with the day (4 characters
    stay the rule for a day of up to about a thousand), so suffixes never run out. (Five tries per chunk at
    4 characters saved about 250,000 of a million messages and refused the rest.)"""
    store = CrowdedDay()
    writer = Register(store).writer("Prueba")
    message = {"Recibido": datetime(2026, 10, 3, 14, 30, tzinfo=BOGOTA), "Red": "X", "Mensaje": "Hola"}  # as read
    chunks = [writer.create_many("Mensajes", [message] * 5_000, with_history=False) for _ in range(10)]
    drawn = [record_id for chunk in chunks for record_id in chunk]
    assert len(set(drawn)) == len(drawn) == 50_000 == len(store.ids)
    lengths = [Counter(len(record_id) - len("MSG-20261003-") for record_id in chunk).most_common(1)[0][0]
               for chunk in chunks]  # the few redrawn after a clash are one character longer
    assert lengths == [suffix_length(5_000 * (n + 1)) for n in range(10)] == [5] * 6 + [6] * 4


def test_the_suffix_is_four_characters_until_a_day_is_crowded():
    assert [suffix_length(count) for count in (1, 100, 1_048, 1_049, 33_554, 33_555, 1_048_575, 30_000_000)] \
        == [4, 4, 4, 5, 5, 6, 6, 7]
    for count in (1, 1_049, 1_048_575, 30_000_000):
        assert len(ids.ALPHABET) ** suffix_length(count) >= count * 1_000  # a draw meets a taken one < 1 in 1,000


def test_an_id_given_by_the_caller_is_never_redrawn(writer, store_url):
    writer.create("Mensajes", {**MESSAGE, "ID": "MSG-DADO"})
    with pytest.raises(StoreError, match="MSG-DADO"):
        writer.create("Mensajes", {**MESSAGE, "ID": "MSG-DADO"})
    assert [row["ID"] for row in table(store_url, "Mensajes")] == ["MSG-DADO"]


# --- update ---------------------------------------------------------------------------------------------


@pytest.fixture
def one(writer, register) -> str:
    return writer.create("Mensajes", MESSAGE)


def test_update_writes_only_changed_fields_with_their_historial(writer, register, store_url, one):
    hand(store_url, "UPDATE Mensajes SET Actualizado = '2026-10-01T08:00:00-05:00'")  # an older stamp
    seen = register.snapshot(refresh=True).record("Mensajes", one)
    before = table(store_url, "Mensajes")[0]
    other = register.writer("Luis")
    written = other.update("Mensajes", seen, {"Tema": "Andenes", "Red": "twitter", "Mensaje": " ¿Dónde radico una "
                                              "petición? ", "Respondido": "Sí"})
    assert sorted(written) == ["Respondido", "Tema"]
    after = table(store_url, "Mensajes")[0]
    differing = {name for name in after if after[name] != before[name]}
    assert differing == {"Tema", "Respondido", "Actualizado", "Actualizado por"}
    assert after["Tema"] == "Andenes" and after["Respondido"] == "Sí" and after["Actualizado por"] == "Luis"
    assert after["Registrado por"] == "Prueba"
    entry = historial(store_url)[-1]
    assert (entry["Usuario"], entry["ID"], entry["Acción"]) == ("Luis", one, "editar")
    assert json.loads(entry["Cambios"]) == {"Tema": [None, "Andenes"], "Respondido": [None, "Sí"]}
    assert len(historial(store_url)) == 2


def test_update_records_before_and_after(writer, register, store_url, one):
    writer.update("Mensajes", register.snapshot().record("Mensajes", one), {"Tema": "Andenes"})
    writer.update("Mensajes", register.snapshot().record("Mensajes", one), {"Tema": "Vendedores", "Red": "Facebook"})
    assert json.loads(historial(store_url)[-1]["Cambios"]) == {"Tema": ["Andenes", "Vendedores"],
                                                               "Red": ["X", "Facebook"]}
    record = register.snapshot().record("Mensajes", one)
    assert (record["Tema"], record["Red"]) == ("Vendedores", "Facebook")


def test_update_with_nothing_changed_writes_nothing(writer, register, store_url, one):
    seen = register.snapshot().record("Mensajes", one)
    before = table(store_url, "Mensajes")
    assert writer.update("Mensajes", seen, {}) == []
    assert writer.update("Mensajes", seen, {"Red": "Twitter", "Recibido": "2026-10-03 14:30", "Tema": "  "}) == []
    assert table(store_url, "Mensajes") == before and len(historial(store_url)) == 1


def test_update_keeps_formula_like_text_exactly(writer, register, store_url, one):
    writer.update("Mensajes", register.snapshot().record("Mensajes", one), {"Observaciones": '=IMPORTXML("x")'})
    assert table(store_url, "Mensajes")[0]["Observaciones"] == '=IMPORTXML("x")'
    assert register.snapshot().record("Mensajes", one)["Observaciones"] == '=IMPORTXML("x")'


def test_update_refuses_invalid_values_unknown_fields_and_id_changes(writer, register, store_url, one):
    seen = register.snapshot().record("Mensajes", one)
    before = table(store_url, "Mensajes")
    with pytest.raises(InvalidRecord) as caught:
        writer.update("Mensajes", seen, {"Red": "Myspace", "Mensaje": ""})
    assert [error.field for error in caught.value.errors] == ["Red", "Mensaje"]
    with pytest.raises(InvalidRecord, match="no es una columna de Mensajes"):
        writer.update("Mensajes", seen, {"Color": "rojo"})
    with pytest.raises(InvalidRecord, match="el ID no se cambia"):
        writer.update("Mensajes", seen, {"ID": "MSG-OTRO"})
    assert table(store_url, "Mensajes") == before and len(historial(store_url)) == 1


def test_a_row_without_id_nor_natural_key_is_found_by_all_its_cells(writer, register, store_url):
    seen = {"Recibido": datetime(2026, 10, 3, 10, 0, tzinfo=BOGOTA), "Red": "X", "Mensaje": "sin id"}
    with pytest.raises(RowNotFound, match="No se encontró"):
        writer.update("Mensajes", seen, {"Tema": "x"})
    hand(store_url, 'INSERT INTO Mensajes ("Recibido", "Red", "Mensaje") VALUES (?, ?, ?)', "3/10/2026 10:00", "x",
         "sin id")
    hand(store_url, 'INSERT INTO Mensajes ("Recibido", "Red", "Mensaje") VALUES (?, ?, ?)', "3/10/2026 10:00", "X",
         "otro")
    assert sorted(writer.update("Mensajes", seen, {"Tema": "x"})) == ["ID", "Tema"]
    assert [row["Tema"] for row in table(store_url, "Mensajes")] == ["x", None]
    with pytest.raises(InvalidRecord, match="es obligatorio"):  # an empty row is not a record
        writer.update("Mensajes", {}, {"Tema": "x"})


def test_update_of_a_row_deleted_by_hand(writer, register, store_url, one):
    seen = register.snapshot().record("Mensajes", one)
    hand(store_url, "DELETE FROM Mensajes")
    with pytest.raises(RowNotFound, match="No se encontró"):
        writer.update("Mensajes", seen, {"Tema": "x"})
    assert len(historial(store_url)) == 1


def test_update_by_natural_key(writer, register, store_url):
    writer.create("Cuentas", {"Red": "X", "Cuenta": "@dadep"})
    writer.create("Cuentas", {"Red": "Facebook", "Cuenta": "@dadep"})
    seen = register.snapshot().tables["Cuentas"].iloc[1]
    written = writer.update("Cuentas", row_values(seen), {"Estado": "Inactiva"})
    assert written == ["Estado"]
    assert [(row["Red"], row["Estado"]) for row in table(store_url, "Cuentas")] == [("X", "Activa"),
                                                                                     ("Facebook", "Inactiva")]
    assert historial(store_url)[-1]["ID"] == "Facebook · @dadep"


# --- stale rows -------------------------------------------------------------------------------------------


def assert_refused_and_unchanged(writer, seen, store_url, changes=None):
    before_rows, before_history = table(store_url, "Mensajes"), historial(store_url)
    with pytest.raises(StaleRow) as caught:
        writer.update("Mensajes", seen, changes or {"Tema": "mi cambio"})
    assert "No se guardó" in str(caught.value) and "Recargue los datos" in str(caught.value)
    assert table(store_url, "Mensajes") == before_rows
    assert historial(store_url) == before_history
    return str(caught.value)


def test_stale_read_after_a_change_through_the_app(writer, register, store_url, one):
    seen = register.snapshot().record("Mensajes", one)
    register.writer("Luis").update("Mensajes", seen, {"Clasificación": "Queja"})
    text = assert_refused_and_unchanged(writer, seen, store_url)
    assert "Clasificación" in text and "Queja" in text
    assert table(store_url, "Mensajes")[0]["Clasificación"] == "Queja"
    assert table(store_url, "Mensajes")[0]["Tema"] is None


def test_stale_read_after_a_change_from_another_process(writer, register, store_url, one):
    seen = register.snapshot().record("Mensajes", one)
    other = fresh(store_url)
    other.writer("Luis").update("Mensajes", other.snapshot().record("Mensajes", one), {"Tema": "suyo"})
    assert_refused_and_unchanged(writer, seen, store_url)
    assert table(store_url, "Mensajes")[0]["Tema"] == "suyo"


def test_stale_read_after_a_hand_edit_that_does_not_touch_actualizado(writer, register, store_url, one):
    seen = register.snapshot().record("Mensajes", one)
    hand(store_url, "UPDATE Mensajes SET Mensaje = 'corregido a mano' WHERE ID = ?", one)
    text = assert_refused_and_unchanged(writer, seen, store_url)
    assert "Mensaje" in text and "corregido a mano" in text
    assert table(store_url, "Mensajes")[0]["Mensaje"] == "corregido a mano"


def test_stale_read_after_a_hand_edit_of_an_extra_column(writer, register, store_url, one):
    hand(store_url, 'ALTER TABLE Mensajes ADD COLUMN "Nota interna"')
    hand(store_url, "UPDATE Mensajes SET \"Nota interna\" = 'antes'")
    seen = register.snapshot(refresh=True).record("Mensajes", one)
    assert seen["Nota interna"] == "antes"
    hand(store_url, "UPDATE Mensajes SET \"Nota interna\" = 'después'")
    assert_refused_and_unchanged(writer, seen, store_url)
    assert table(store_url, "Mensajes")[0]["Nota interna"] == "después"


def test_stale_read_after_a_hand_edit_of_another_field_than_the_one_changed(writer, register, store_url, one):
    seen = register.snapshot().record("Mensajes", one)
    hand(store_url, "UPDATE Mensajes SET Usuario = '@otra' WHERE ID = ?", one)
    assert_refused_and_unchanged(writer, seen, store_url, {"Respondido": "Sí"})


def test_a_hand_edit_that_reads_the_same_is_not_a_conflict(writer, register, store_url, one):
    seen = register.snapshot().record("Mensajes", one)
    hand(store_url, "UPDATE Mensajes SET Red = 'twitter', Recibido = '3/10/2026 2:30 p. m.' WHERE ID = ?", one)
    assert writer.update("Mensajes", seen, {"Tema": "Andenes"}) == ["Tema"]
    stored = table(store_url, "Mensajes")[0]
    assert (stored["Red"], stored["Recibido"], stored["Tema"]) == ("twitter", "3/10/2026 2:30 p. m.", "Andenes")


def test_the_row_read_again_can_be_updated(writer, register, store_url, one):
    hand(store_url, "UPDATE Mensajes SET Mensaje = 'corregido a mano' WHERE ID = ?", one)
    seen = register.snapshot(refresh=True).record("Mensajes", one)
    assert writer.update("Mensajes", seen, {"Tema": "ok"}) == ["Tema"]


# --- what people do to the sheet by hand ---------------------------------------------------------------------


def test_hand_sorted_rows_are_updated_by_id(writer, register, store_url):
    ids = [writer.create("Mensajes", {**MESSAGE, "Mensaje": f"m{n}"}) for n in range(4)]
    seen = {new: register.snapshot().record("Mensajes", new) for new in ids}
    rewrite(store_url, "Mensajes", order_by='"Mensaje" DESC')
    writer.update("Mensajes", seen[ids[1]], {"Tema": "uno"})
    writer.update("Mensajes", seen[ids[2]], {"Tema": "dos"})
    stored = table(store_url, "Mensajes")
    assert [row["Mensaje"] for row in stored] == ["m3", "m2", "m1", "m0"]  # the sort is kept
    assert {row["ID"]: row["Tema"] for row in stored} == {ids[0]: None, ids[1]: "uno", ids[2]: "dos", ids[3]: None}
    kept = register.snapshot().tables["Mensajes"]  # the writes are in the snapshot; the hand sort comes with a read
    assert dict(zip(kept["ID"], kept["Tema"].fillna(""))) == {ids[0]: "", ids[1]: "uno", ids[2]: "dos", ids[3]: ""}
    frame = register.snapshot(refresh=True).tables["Mensajes"]
    assert list(frame["Mensaje"]) == ["m3", "m2", "m1", "m0"] and list(frame.index) == [2, 3, 4, 5]


def test_a_row_inserted_by_hand_in_the_middle_shifts_row_numbers(writer, register, store_url):
    ids = [writer.create("Mensajes", {**MESSAGE, "Mensaje": f"m{n}"}) for n in range(3)]
    assert list(register.snapshot().tables["Mensajes"].index) == [2, 3, 4]
    hand(store_url, "UPDATE Mensajes SET rowid = rowid * 10")
    hand(store_url, 'INSERT INTO Mensajes (rowid, "Recibido", "Red", "Mensaje") VALUES (15, ?, ?, ?)',
         "4/10/2026 9:00", "Facebook", "insertada a mano")
    frame = register.snapshot(refresh=True).tables["Mensajes"]
    assert list(frame.index) == [2, 3, 4, 5]
    assert list(frame["Mensaje"]) == ["m0", "insertada a mano", "m1", "m2"]
    assert frame.loc[frame["ID"] == ids[2]].index[0] == 5
    notices = [str(n) for n in register.snapshot().notices]
    assert any(n.startswith("aviso: Mensajes fila 3: fila sin ID") for n in notices)
    # a bad row below the insertion is reported with its new number
    hand(store_url, "UPDATE Mensajes SET Red = 'Myspace' WHERE ID = ?", ids[2])
    bad = [str(b) for b in register.snapshot(refresh=True).bad]
    assert len(bad) == 1 and bad[0].startswith("Mensajes fila 5: Red: «Myspace» no está en la lista de redes")


def test_rows_typed_by_hand_are_editable_and_keep_what_was_typed(writer, register, store_url):
    register.snapshot()
    hand(store_url, 'INSERT INTO Solicitudes ("ID", "Fecha de solicitud", "Área solicitante", "Solicitante", "Título", '
         '"Necesidad", "Redes", "Fecha de publicación", "Etapa", "Copy revisado", "Evidencias") '
         "VALUES ('SOL-MANO', 46296, 'Jurídica', 'Luis', 'Hecha a mano', 'N', 'Twitter; facebook', '20/10/26', "
         "'identificar necesidades', 'TRUE', 'https://a.co/1,2, https://b.co')")
    hand(store_url, 'INSERT INTO Publicaciones ("ID", "Red", "Programada", "Estado", "Alcance") '
         "VALUES ('PUB-MANO', 'twitter', 46298.5, 'programada', '1.234')")
    snapshot = register.snapshot(refresh=True)
    assert snapshot.bad == []
    solicitud = snapshot.record("Solicitudes", "SOL-MANO")
    assert solicitud["Redes"] == ["X", "Facebook"] and solicitud["Fecha de solicitud"] == datetime(2026, 10, 1)
    assert writer.update("Solicitudes", solicitud, {"Etapa": "Definir acciones"}) == ["Etapa"]
    publicacion = snapshot.record("Publicaciones", "PUB-MANO")
    assert publicacion["Alcance"] == 1234
    assert writer.update("Publicaciones", publicacion, {"Alcance": 2000}) == ["Alcance"]
    [stored] = table(store_url, "Solicitudes")
    assert (stored["Fecha de solicitud"], stored["Redes"], stored["Fecha de publicación"], stored["Copy revisado"],
            stored["Evidencias"], stored["Etapa"]) == (46296, "Twitter; facebook", "20/10/26", "TRUE",
                                                       "https://a.co/1,2, https://b.co", "Definir acciones")
    [stored] = table(store_url, "Publicaciones")
    assert (stored["Red"], stored["Programada"], stored["Estado"], stored["Alcance"]) == (
        "twitter", 46298.5, "programada", 2000)
    assert json.loads(historial(store_url)[-1]["Cambios"]) == {"Alcance": [1234, 2000]}


def test_a_row_whose_link_ends_in_a_new_line_can_be_edited(writer, register, store_url):
    register.snapshot()
    hand(store_url, 'INSERT INTO Mensajes ("ID", "Recibido", "Red", "Mensaje", "Enlace") VALUES (?, ?, ?, ?, ?)',
         "MSG-MANO", "2026-10-03 10:00", "X", "hola", "https://x.com/a/1\n")
    seen = register.snapshot(refresh=True).record("Mensajes", "MSG-MANO")
    assert writer.update("Mensajes", seen, {"Tema": "Andenes"}) == ["Tema"]


def test_columns_renamed_by_case_are_found(writer, register, store_url, one):
    hand(store_url, 'ALTER TABLE Mensajes RENAME COLUMN "Mensaje" TO "MENSAJE"')
    hand(store_url, 'ALTER TABLE Mensajes RENAME COLUMN "Clasificación" TO "clasificacion"')
    other = fresh(store_url)
    record = other.snapshot().record("Mensajes", one)
    assert record["Mensaje"] == "¿Dónde radico una petición?"
    other.writer("Luis").update("Mensajes", record, {"Mensaje": "editado", "Clasificación": "Queja"})
    new = other.writer("Luis").create("Mensajes", {**MESSAGE, "Mensaje": "nuevo"})
    stored = {row["ID"]: row for row in table(store_url, "Mensajes")}
    assert stored[one]["MENSAJE"] == "editado" and stored[one]["clasificacion"] == "Queja"
    assert stored[new]["MENSAJE"] == "nuevo"
    assert "Mensaje" not in stored[one] and "Clasificación" not in stored[one]
    with pytest.raises(StaleRow):
        other.writer("Luis").update("Mensajes", record, {"Tema": "x"})


def test_hand_moved_columns_are_found(writer, register, store_url, one):
    headers = list(table(store_url, "Mensajes")[0])
    order = list(reversed(headers))
    rewrite(store_url, "Mensajes", order)
    other = fresh(store_url)
    record = other.snapshot().record("Mensajes", one)
    assert record["Red"] == "X" and record["Mensaje"] == "¿Dónde radico una petición?"
    other.writer("Luis").update("Mensajes", record, {"Tema": "movida"})
    new = other.writer("Luis").create("Mensajes", {**MESSAGE, "Mensaje": "nuevo"})
    with connect(store_url) as con:
        assert [row[1] for row in con.execute('PRAGMA table_info("Mensajes")')] == order
    stored = {row["ID"]: row for row in table(store_url, "Mensajes")}
    assert stored[one]["Tema"] == "movida" and stored[new]["Mensaje"] == "nuevo" and stored[new]["Red"] == "X"


def test_hand_added_columns_are_kept_and_shown(writer, register, store_url, one):
    hand(store_url, 'ALTER TABLE Mensajes ADD COLUMN "Prioridad"')
    hand(store_url, "UPDATE Mensajes SET Prioridad = 'alta'")
    snapshot = register.snapshot(refresh=True)
    assert snapshot.tables["Mensajes"]["Prioridad"].tolist() == ["alta"]
    writer.update("Mensajes", snapshot.record("Mensajes", one), {"Tema": "x"})
    new = writer.create("Mensajes", MESSAGE)
    stored = {row["ID"]: row for row in table(store_url, "Mensajes")}
    assert stored[one]["Prioridad"] == "alta" and stored[new]["Prioridad"] is None


# --- the snapshot and its cache -------------------------------------------------------------------------------


def test_snapshot_reports_bad_rows_and_notices_of_the_store(writer, register, store_url):
    writer.create("Mensajes", MESSAGE)
    hand(store_url, 'INSERT INTO Mensajes ("ID", "Recibido", "Red", "Mensaje") VALUES (?, ?, ?, ?)',
         "MSG-MANO", "31/02/2026", "X", "fecha imposible")
    hand(store_url, 'INSERT INTO Mensajes ("Recibido", "Red", "Mensaje") VALUES (?, ?, ?)',
         "2026-10-05 10:00", "X", "sin id")
    snapshot = register.snapshot(refresh=True)
    assert [str(b) for b in snapshot.bad] == [
        "Mensajes fila 3: Recibido: «31/02/2026» no es una fecha que exista; escríbala como dd/mm/aaaa"]
    assert [str(n) for n in snapshot.notices] == [
        "aviso: Mensajes fila 4: fila sin ID; dele uno en Calidad de datos («Dar ID») o escriba uno único (por "
        "ejemplo MSG-20261128-7K3Q) en la hoja"]
    assert snapshot.counts()["Mensajes"] == 2 and snapshot.bad_rows_per_tab()["Mensajes"] == 1
    assert list(snapshot.counts()) == [tab for tab in snapshot.tables]
    with pytest.raises(KeyError):
        snapshot.record("Mensajes", "MSG-MANO")  # a bad row is not a record one can edit


def test_a_huge_number_typed_by_hand_does_not_break_the_snapshot(writer, register, store_url):
    writer.create("Mensajes", MESSAGE)
    hand(store_url, 'INSERT INTO Publicaciones ("ID", "Red", "Programada", "Estado", "Alcance") VALUES '
         "('PUB-1', 'X', '2026-10-03 10:00', 'Programada', '100000000000000000000')")
    snapshot = register.snapshot(refresh=True)
    assert snapshot.counts()["Mensajes"] == 1 and [b.row for b in snapshot.bad] == [2]


def test_a_huge_number_in_a_form_is_refused_cleanly(writer, store_url):
    with pytest.raises((InvalidRecord, StoreError)):
        writer.create("Publicaciones", {"Red": "X", "Programada": "2026-10-03 10:00",
                                        "Alcance": "100000000000000000000"})
    assert table(store_url, "Publicaciones") == []


def test_historial_of_a_write_at_the_text_cap_is_readable(writer, register):
    new = writer.create("Mensajes", {**MESSAGE, "Observaciones": "o" * 50_000})
    assert list(register.history()["ID"]) == [new]


def test_listas_networks_reach_the_writer(writer, register, store_url):
    writer.create("Listas", {"Redes": "Threads"})
    new = writer.create("Mensajes", {**MESSAGE, "Red": "threads"})
    assert register.snapshot().record("Mensajes", new)["Red"] == "Threads"


def test_snapshot_is_reused_within_the_ttl(register, store_url, one):
    first = register.snapshot()
    assert register.snapshot() is first
    hand(store_url, "UPDATE Mensajes SET Tema = 'a mano'")
    assert register.snapshot() is first  # cached: a hand edit is seen after the ttl or on refresh
    assert register.snapshot().record("Mensajes", one)["Tema"] is None
    refreshed = register.snapshot(refresh=True)
    assert refreshed is not first and refreshed.record("Mensajes", one)["Tema"] == "a mano"


def test_snapshot_is_dropped_after_every_write(writer, register, one):
    first = register.snapshot()
    second_id = writer.create("Mensajes", MESSAGE)
    second = register.snapshot()
    assert second is not first and second.counts()["Mensajes"] == 2
    writer.update("Mensajes", second.record("Mensajes", second_id), {"Tema": "x"})
    third = register.snapshot()
    assert third is not second and third.record("Mensajes", second_id)["Tema"] == "x"
    writer.update("Mensajes", third.record("Mensajes", second_id), {"Tema": "x"})  # nothing changed
    assert register.snapshot() is third


def test_snapshot_expires_after_the_ttl(store_url, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(register_reading, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    register = Register(SQLiteStore(db_path(store_url)), ttl_s=60)
    first = register.snapshot()
    clock[0] += 59.9
    assert register.snapshot() is first
    clock[0] += 0.2
    second = register.snapshot()
    assert second is not first
    assert register.snapshot() is second


def test_open_register_is_one_per_store_url(store_url, tmp_path):
    assert open_register(store_url) is open_register(store_url)
    assert open_register(f"sqlite:///{tmp_path / 'otro.db'}") is not open_register(store_url)
    assert open_register() is open_register(store_url)  # DIVULGA_STORE


def test_history_is_read_on_demand(writer, register, one):
    frame = register.history()
    assert list(frame["ID"]) == [one] and list(frame["Acción"]) == ["crear"]


def test_wal_mode(register, store_url, one):
    with connect(store_url) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# --- several processes at once --------------------------------------------------------------------------------

WORKER = """
import sys, time
from pathlib import Path
from core.register import open_register
url, who, count, flags = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
writer = open_register(url).writer(who)
(flags / f"ready-{who}").touch()
while not (flags / "go").exists():
    time.sleep(0.005)
for n in range(count):
    writer.create("Mensajes", {"Recibido": "2026-10-03 10:00", "Red": "X", "Mensaje": f"{who} {n}"})
"""


def run_writers(store_url: str, flags: Path, processes: int, count: int) -> None:
    flags.mkdir()
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, store_url, f"P{p}", str(count), str(flags)],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for p in range(processes)]
    try:
        deadline = time.monotonic() + 40
        while len(list(flags.glob("ready-*"))) < processes:
            assert all(w.poll() is None for w in workers), [w.communicate() for w in workers if w.poll() is not None]
            assert time.monotonic() < deadline, "workers did not start"
            time.sleep(0.01)
        (flags / "go").touch()  # all at once
        for worker in workers:
            out, err = worker.communicate(timeout=40)
            assert worker.returncode == 0, err
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()


def test_several_processes_create_rows_at_once(store_url, tmp_path):
    """Four processes start on a file that does not exist yet: they race to lay it out, then to append."""
    assert not db_path(store_url).exists()
    processes, count = 4, 15
    run_writers(store_url, tmp_path / "flags", processes, count)
    stored = table(store_url, "Mensajes")
    assert len(stored) == processes * count
    assert len({row["ID"] for row in stored}) == processes * count
    assert all(ID_PATTERN.match(row["ID"]) for row in stored)
    assert sorted(row["Mensaje"] for row in stored) == sorted(f"P{p} {n}" for p in range(processes)
                                                               for n in range(count))
    # each process' rows are in its own order
    for p in range(processes):
        mine = [row["Mensaje"] for row in stored if row["Mensaje"].startswith(f"P{p} ")]
        assert mine == [f"P{p} {n}" for n in range(count)]
    entries = historial(store_url)
    assert sorted(entry["ID"] for entry in entries) == sorted(row["ID"] for row in stored)
    snapshot = fresh(store_url).snapshot()
    assert snapshot.bad == [] and snapshot.counts()["Mensajes"] == processes * count


def test_two_writers_from_the_same_read_one_wins(store_url, register, writer, one):
    seen = register.snapshot().record("Mensajes", one)
    a, b = fresh(store_url), fresh(store_url)
    a.writer("Ana").update("Mensajes", seen, {"Tema": "de Ana"})
    with pytest.raises(StaleRow):
        b.writer("Luis").update("Mensajes", seen, {"Tema": "de Luis"})
    assert table(store_url, "Mensajes")[0]["Tema"] == "de Ana"
    assert [json.loads(e["Cambios"]) for e in historial(store_url)][-1] == {"Tema": [None, "de Ana"]}


def test_dates_written_as_iso_text(writer, store_url):
    writer.create("Monitoreo", {"Fecha": date(2026, 10, 3), "Red": "X", "Hora": "3/10/2026 8:00 a. m.",
                                "Mensajes nuevos": "1.234", "Se publicó": "x"})
    [stored] = table(store_url, "Monitoreo")
    assert stored["Fecha"] == "2026-10-03" and stored["Hora"] == "2026-10-03T08:00:00-05:00"
    assert stored["Mensajes nuevos"] == 1234 and stored["Se publicó"] == "Sí"


def test_an_extra_column_whose_header_has_spaces_does_not_block_edits(store_url, register, writer):
    record_id = writer.create("Mensajes", {"Recibido": "2026-10-03 10:00", "Red": "X", "Mensaje": "hola"})
    with sqlite3.connect(db_path(store_url)) as db:
        db.execute('ALTER TABLE Mensajes ADD COLUMN "Notas "')
        db.execute('UPDATE Mensajes SET "Notas " = \'algo\'')
    seen = register.snapshot(refresh=True).record("Mensajes", record_id)
    assert writer.update("Mensajes", seen, {"Respondido": "Sí"}) == ["Respondido"]


def test_a_natural_key_typed_two_ways_is_not_edited_blindly(store_url, register, writer):
    writer.create("Monitoreo", {"Fecha": "2026-10-03", "Red": "X"})
    with sqlite3.connect(db_path(store_url)) as db:  # the same day and network typed by hand, above it
        db.execute("INSERT INTO Monitoreo (Fecha, Red) VALUES ('3/10/2026', 'twitter')")
    snapshot = register.snapshot(refresh=True)
    seen = dict(snapshot.tables["Monitoreo"].loc[2].items())
    with pytest.raises(RowNotFound, match="Hay 2 filas"):
        writer.update("Monitoreo", seen, {"Observaciones": "revisado"})
    assert [row["Observaciones"] for row in table(store_url, "Monitoreo")] == [None, None]


def test_a_row_typed_without_id_is_edited_by_its_natural_key_and_gets_one(store_url, register, writer):
    register.snapshot()  # lays the file out
    with sqlite3.connect(db_path(store_url)) as db:
        db.execute("INSERT INTO Mensajes (Recibido, Red, Enlace, Mensaje) "
                   "VALUES ('3/10/2026 9:00', 'X', 'https://x.com/a/1', 'hola')")
    frame = register.snapshot(refresh=True).tables["Mensajes"]
    seen = {name: (None if pd.isna(value) else value) for name, value in frame.iloc[0].items()}
    assert sorted(writer.update("Mensajes", seen, {"Tema": "andenes"})) == ["ID", "Tema"]
    [row] = table(store_url, "Mensajes")
    assert re.fullmatch(r"MSG-\d{8}-[0-9A-Z]{4}", row["ID"]) and row["Tema"] == "andenes"
    assert row["Recibido"] == "3/10/2026 9:00"  # what people typed stays as typed


def test_a_cell_with_invalid_utf8_does_not_block_edits(store_url, register, writer):
    record_id = writer.create("Mensajes", {"Recibido": "2026-10-03 10:00", "Red": "X", "Mensaje": "hola"})
    writer.create("Monitoreo", {"Fecha": "2026-10-03", "Red": "X"})
    writer.create("Monitoreo", {"Fecha": "2026-10-04", "Red": "X"})
    with sqlite3.connect(db_path(store_url)) as db:
        db.execute("UPDATE Mensajes SET Observaciones = CAST(x'ff41' AS TEXT)")
        db.execute("UPDATE Monitoreo SET Observaciones = CAST(x'ff41' AS TEXT) WHERE Fecha = '2026-10-04'")
    snapshot = register.snapshot(refresh=True)
    assert snapshot.record("Mensajes", record_id)["Observaciones"] == "\ufffdA"
    assert writer.update("Mensajes", snapshot.record("Mensajes", record_id), {"Tema": "andenes"}) == ["Tema"]
    seen = dict(snapshot.tables["Monitoreo"].loc[2].items())
    assert writer.update("Monitoreo", seen, {"Revisado por": "Ana"}) == ["Revisado por"]
