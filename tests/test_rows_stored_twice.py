"""A row stored twice (the same ID, the same cells: a write that landed twice, a row pasted twice by hand) is one
record with a notice naming both sheet rows, on both stores (issue 13; DOMAIN, "What makes a row bad", as
amended). Rows with one ID that differ stay bad, and an edit of a row stored twice is refused until one copy
is deleted."""

from __future__ import annotations

import pytest

from core.store import RowNotFound
from tests.cli_kit import run

MESSAGE = {"Recibido": "3/10/2026 2:30 p. m.", "Red": "X", "Mensaje": "hola", "Usuario": "@ciudadana"}


def test_a_row_stored_twice_counts_once_with_a_notice_and_edits_wait_for_one_copy_to_go(sheet, capsys):
    w = sheet.register.writer("Prueba")
    other = w.create("Mensajes", {**MESSAGE, "Mensaje": "otro"})
    twice = w.create("Mensajes", MESSAGE)
    sheet.append("Mensajes", sheet.rows("Mensajes")[1])  # the same row again, in row 4
    snapshot = sheet.register.snapshot(refresh=True)
    assert snapshot.bad == []
    assert sorted(snapshot.tables["Mensajes"]["ID"]) == sorted([other, twice])
    assert [str(notice) for notice in snapshot.notices] == [
        f"aviso: Mensajes fila 4: la misma fila está dos veces, en las filas 3 y 4 (mismo ID «{twice}», mismas "
        "celdas); se cuenta una vez. Borre una de las dos en la hoja."]
    code, lines = run(capsys, "verificar")
    assert code == 0 and any("filas 3 y 4" in line for line in lines)

    seen = snapshot.record("Mensajes", twice)
    with pytest.raises(RowNotFound, match=f"Hay 2 filas en Mensajes con ID «{twice}»; corrija la hoja"):
        w.update("Mensajes", seen, {"Tema": "Andenes"})


def test_rows_with_one_id_that_differ_are_both_bad(sheet):
    w = sheet.register.writer("Prueba")
    new = w.create("Mensajes", MESSAGE)
    sheet.append("Mensajes", {**sheet.rows("Mensajes")[0], "Mensaje": "otra cosa"})
    snapshot = sheet.register.snapshot(refresh=True)
    assert {bad.row for bad in snapshot.bad} == {2, 3} and new not in set(snapshot.tables["Mensajes"]["ID"])
