"""A write refreshes only what it wrote: after a create or an update the cached snapshot (and Historial) takes
the rows as written, with no read of the store, and is then exactly what a fresh read of the store gives (rows,
types, row numbers, notices). On SQLite and on the Sheets fake."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime

import pandas as pd
import pytest

from core.register import Register, StaleRow
from core.sheet.cells import BOGOTA
from core.sheet.contract import tab
from core.sheet.validation import MISSING_ID

MESSAGE = {"Recibido": datetime(2026, 11, 3, 14, 30, tzinfo=BOGOTA), "Red": "X", "Usuario": "@vecina",
           "Mensaje": "¿Dónde radico una petición?"}
REQUEST = {"Fecha de solicitud": date(2026, 11, 2), "Área solicitante": "Subdirección de Registro Inmobiliario",
           "Solicitante": "Ana Pérez", "Título": "Jornada de recuperación", "Necesidad": "Contar la jornada",
           "Redes": ["X", "Facebook"], "Fecha de publicación": date(2026, 11, 20),
           "Etapa": "Identificar las necesidades"}


class Reads:
    """Counts the store's reads of a register (a write must make none)."""

    def __init__(self, register: Register):
        self.count = 0
        store, read_each = register.store, register.store.read_each

        def counted(tabs):
            self.count += 1
            return read_each(tabs)

        store.read_each = counted


def same_as_a_fresh_read(register: Register) -> None:
    """The cached snapshot and Historial against a new register's read of the same store."""
    kept, history = register.snapshot(), register.history()
    fresh_register = Register(register.store)
    fresh = fresh_register.snapshot(refresh=True)
    for name, frame in fresh.tables.items():
        pd.testing.assert_frame_equal(kept.tables[name], frame, check_index_type=True, obj=name)
    assert sorted(map(str, kept.notices)) == sorted(map(str, fresh.notices))
    assert kept.bad == fresh.bad
    pd.testing.assert_frame_equal(history, fresh_register.history(), obj="Historial")


@pytest.fixture
def warm(sheet):
    """The register with its snapshot and Historial read once, and a counter of the reads after that."""
    register = sheet.register
    writer = register.writer("Prueba")
    writer.create("Mensajes", MESSAGE)
    register.snapshot(refresh=True)
    register.history()
    return register, writer, Reads(register)


def test_a_created_record_is_in_the_snapshot_without_reading_the_store(warm):
    register, writer, reads = warm
    before = register.snapshot()
    new = writer.create("Mensajes", {**MESSAGE, "Usuario": "@otra", "Mensaje": "Hola"})
    request = writer.create("Solicitudes", REQUEST)
    after = register.snapshot()
    assert reads.count == 0
    assert after is not before and new not in set(before.tables["Mensajes"]["ID"])  # the old one is left as read
    assert after.record("Mensajes", new)["Usuario"] == "@otra"
    assert after.record("Solicitudes", request)["Redes"] == ["X", "Facebook"]
    assert {new, request} <= set(register.history()["ID"])
    same_as_a_fresh_read(register)


def test_an_update_sets_its_cells_without_reading_the_store(warm):
    register, writer, reads = warm
    request = writer.create("Solicitudes", REQUEST)
    before = register.snapshot()
    seen = before.record("Solicitudes", request)
    writer.update("Solicitudes", seen, {"Redes": ["Instagram"], "Fecha de publicación": date(2026, 11, 25),
                                        "Observaciones": "con fotos"})
    record = register.snapshot().record("Solicitudes", request)
    assert reads.count == 0
    assert (record["Redes"], record["Fecha de publicación"].date(), record["Observaciones"]) == (
        ["Instagram"], date(2026, 11, 25), "con fotos")
    assert before.record("Solicitudes", request)["Observaciones"] is None  # a session's snapshot stays as read
    same_as_a_fresh_read(register)


def test_many_updates_and_a_tab_without_ids(warm):
    register, writer, reads = warm
    ids = writer.create_many("Mensajes", [{**MESSAGE, "Usuario": f"@v{n}", "Mensaje": f"m{n}"} for n in range(5)])
    snapshot = register.snapshot()
    results = writer.update_many("Mensajes", [(snapshot.record("Mensajes", new), {"Tema": f"tema {n}"})
                                              for n, new in enumerate(ids)])
    assert all(result.fields == ["Tema"] for result in results)
    writer.create("Cuentas", {"Red": "X", "Cuenta": "@dadep", "Responsable": "Ana"})
    account = register.snapshot().tables["Cuentas"].iloc[0].to_dict()
    writer.update("Cuentas", account, {"Responsable": "Luis"})
    assert reads.count == 0
    assert list(register.snapshot().tables["Cuentas"]["Responsable"]) == ["Luis"]
    same_as_a_fresh_read(register)


def test_a_row_typed_by_hand_gets_its_id_in_the_snapshot(warm, sheet):
    register, writer, _ = warm
    sheet.append("Mensajes", {**{k: v for k, v in MESSAGE.items() if k != "Recibido"}, "Recibido": "3/11/2026 9:00",
                              "Usuario": "@amano"})
    snapshot = register.snapshot(refresh=True)
    assert any(MISSING_ID in str(notice) for notice in snapshot.notices)
    reads = Reads(register)
    typed = snapshot.tables["Mensajes"]
    row = typed[typed["Usuario"] == "@amano"].iloc[0]
    given, failed = writer.give_ids("Mensajes", [row.to_dict()])
    assert failed == [] and len(given) == 1
    after = register.snapshot()
    assert reads.count == 0 and not any(MISSING_ID in str(notice) for notice in after.notices)
    assert after.record("Mensajes", given[0])["Usuario"] == "@amano"
    same_as_a_fresh_read(register)


def test_changes_made_by_others_arrive_with_the_next_read(warm, sheet):
    register, writer, _ = warm
    first = register.snapshot().tables["Mensajes"]["ID"].iloc[0]
    sheet.set("Mensajes", 2, "Tema", "escrito a mano")
    writer.create("Mensajes", {**MESSAGE, "Usuario": "@otra"})
    assert register.snapshot().record("Mensajes", first)["Tema"] is None  # a write does not read the store
    assert register.snapshot(refresh=True).record("Mensajes", first)["Tema"] == "escrito a mano"


def test_a_row_changed_by_hand_since_the_read_is_still_refused_on_update(warm, sheet):
    register, writer, _ = warm
    first = register.snapshot().tables["Mensajes"]["ID"].iloc[0]
    sheet.set("Mensajes", 2, "Tema", "escrito a mano")
    writer.create("Mensajes", {**MESSAGE, "Usuario": "@otra"})  # the snapshot takes this row, not the hand edit
    with pytest.raises(StaleRow, match="escrito a mano"):
        writer.update("Mensajes", register.snapshot().record("Mensajes", first), {"Tema": "otro"})
    assert register.snapshot(refresh=True).record("Mensajes", first)["Tema"] == "escrito a mano"


def test_a_read_in_between_drops_the_snapshot_instead_of_patching_it(warm):
    register, _, reads = warm
    snapshot = register.snapshot()
    written = snapshot.record("Mensajes", snapshot.tables["Mensajes"]["ID"].iloc[0])
    taken = register.reads()
    register.snapshot(refresh=True)  # another session read while this write was on its way: it holds the row
    register.took(tab("Mensajes"), taken, [], created=[written])
    count = reads.count
    register.snapshot()
    assert reads.count == count + 1  # read again, not the row twice
    same_as_a_fresh_read(register)


def test_a_change_to_listas_reads_everything_again(warm):
    register, writer, reads = warm
    writer.create("Listas", {"Redes": "Threads"})
    register.snapshot()
    assert reads.count == 1
    writer.create("Mensajes", {**MESSAGE, "Red": "Threads", "Usuario": "@hilo"})
    assert reads.count == 1 and "Threads" in set(register.snapshot().tables["Mensajes"]["Red"])
    same_as_a_fresh_read(register)



def test_sessions_writing_at_once_leave_the_snapshot_a_fresh_read_would_give(warm):
    """Eight sessions of one server create and edit at once, some reading meanwhile: whatever order the writes
    reach the snapshot in, it ends as the store is."""
    register, _, _ = warm

    def session(number: int) -> None:
        writer = register.writer(f"Persona {number}")
        for i in range(6):
            new = writer.create("Mensajes", {**MESSAGE, "Usuario": f"@s{number}", "Mensaje": f"m{number}-{i}"})
            if i % 2:
                writer.update("Mensajes", register.snapshot().record("Mensajes", new), {"Tema": f"t{i}"})
            if i == 3 and number % 3 == 0:
                register.snapshot(refresh=True)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(session, range(8)))
    assert len(register.snapshot().tables["Mensajes"]) == 1 + 8 * 6
    same_as_a_fresh_read(register)
