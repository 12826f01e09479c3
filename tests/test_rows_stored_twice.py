"""A row stored twice (the same ID, the same cells: a write that landed twice, a row pasted twice by hand) is one
record with a notice naming both sheet rows, on both stores (issue 13; docs/domain.md, "What makes a row
bad"). Rows with one ID that differ stay bad. An edit of a row stored twice writes every copy alike, so the
record stays one until a person deletes a copy; a bulk edit does the same."""

from __future__ import annotations

from tests.cli_kit import run

MESSAGE = {"Recibido": "3/10/2026 2:30 p. m.", "Red": "X", "Mensaje": "hola", "Usuario": "@ciudadana"}


def test_a_row_stored_twice_counts_once_with_a_notice_and_an_edit_writes_both(sheet, capsys, monkeypatch):
    monkeypatch.setattr("core.store.sqlite.BULK_LOCATE", 0)  # SQLite's bulk edits read the tab once, as large ones do
    w = sheet.register.writer("Prueba")
    other = w.create("Mensajes", {**MESSAGE, "Mensaje": "otro"})
    twice = w.create("Mensajes", MESSAGE)
    sheet.append("Mensajes", sheet.rows("Mensajes")[1])  # the same row again, in row 4
    snapshot = sheet.register.snapshot(refresh=True)
    assert snapshot.bad == []
    assert sorted(snapshot.tables["Mensajes"]["ID"]) == sorted([other, twice])
    assert [str(notice) for notice in snapshot.notices] == [
        f"aviso: Mensajes fila 4: la misma fila está dos veces, en las filas 3 y 4 (mismo ID «{twice}», mismas "
        "celdas); se cuenta una vez y un cambio desde Divulga se escribe en todas. Borre una de las dos en la hoja."]
    code, lines = run(capsys, "verificar")
    assert code == 0 and any("filas 3 y 4" in line for line in lines)

    history = len(sheet.register.history())
    assert w.update("Mensajes", snapshot.record("Mensajes", twice), {"Tema": "Andenes"}) == ["Tema"]
    rows = [row for row in sheet.rows("Mensajes") if row["ID"] == twice]
    assert len(rows) == 2 and rows[0] == rows[1] and rows[0]["Tema"] == "Andenes"
    assert len(sheet.register.history()) == history + 1  # one record, one change
    snapshot = sheet.register.snapshot(refresh=True)
    assert snapshot.bad == [] and snapshot.record("Mensajes", twice)["Tema"] == "Andenes"

    edits = [(snapshot.record("Mensajes", twice), {"Observaciones": "revisado"}),
             (snapshot.record("Mensajes", other), {"Observaciones": "revisado"})]
    results = w.update_many("Mensajes", edits)  # the bulk path (imports, metrics) writes both copies too
    assert [(result.fields, result.error) for result in results] == [(["Observaciones"], None)] * 2
    rows = [row for row in sheet.rows("Mensajes") if row["ID"] == twice]
    assert [row["Observaciones"] for row in rows] == ["revisado", "revisado"]
    assert sheet.register.snapshot(refresh=True).bad == []


def test_rows_with_one_id_that_differ_are_both_bad(sheet):
    w = sheet.register.writer("Prueba")
    new = w.create("Mensajes", MESSAGE)
    sheet.append("Mensajes", {**sheet.rows("Mensajes")[0], "Mensaje": "otra cosa"})
    snapshot = sheet.register.snapshot(refresh=True)
    assert {bad.row for bad in snapshot.bad} == {2, 3} and new not in set(snapshot.tables["Mensajes"]["ID"])
