"""The command line's own behaviour: demo, verificar, Spanish help and errors, exit codes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from core.register import open_register
from tests.cli_kit import run

ROOT = Path(__file__).resolve().parent.parent




def total_rows(store_url: str) -> int:
    return sum(open_register(store_url).snapshot(refresh=True).counts().values())


def test_demo_then_verificar_is_clean(store_url, capsys):
    code, lines = run(capsys, "demo", "--filas", "400", "--hoy", "2026-11-28")
    assert code == 0 and lines[0] == "Datos de demostración: 400 filas (semilla 1)."
    assert total_rows(store_url) == 400
    code, lines = run(capsys, "verificar")
    assert code == 0
    assert lines[-1] == "Resumen: 400 filas válidas, 0 filas con errores, 0 columnas obligatorias faltantes, 0 avisos."
    history = open_register(store_url).history()
    assert list(history["Acción"]) == ["demo"]  # one Historial row for the whole batch


def test_demo_refuses_a_store_with_data_unless_forced(store_url, capsys):
    run(capsys, "demo", "--filas", "300", "--hoy", "2026-11-28")
    code, lines = run(capsys, "demo", "--filas", "300")
    assert code == 2 and "ya tiene datos" in lines[-1] and "--forzar" in lines[-1]
    code, lines = run(capsys, "demo", "--filas", "300", "--si-vacio")
    assert code == 0 and "no se agregan" in lines[-1]
    assert total_rows(store_url) == 300
    code, lines = run(capsys, "demo", "--filas", "300", "--semilla", "1", "--hoy", "2026-11-28", "--forzar")
    assert code == 2 and "otra --semilla" in lines[-1]
    assert total_rows(store_url) == 300  # nothing half-written
    code, _ = run(capsys, "demo", "--filas", "300", "--semilla", "2", "--forzar")
    assert code == 0 and total_rows(store_url) == 600


def test_demo_refuses_too_few_rows(store_url, capsys):
    code, lines = run(capsys, "demo", "--filas", "10")
    assert code == 2 and "al menos 60 filas" in lines[-1]


def test_verificar_lists_bad_rows_and_exits_1(store_url, capsys):
    run(capsys, "demo", "--filas", "400", "--hoy", "2026-11-28")
    with closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:
        db.execute("INSERT INTO Mensajes (ID, Recibido, Red, Mensaje) VALUES ('MSG-X', '31/02/2026', 'X', 'hola')")
        db.execute("INSERT INTO Mensajes (ID, Recibido, Red, Mensaje) VALUES (NULL, '1/10/2026', 'X', 'sin id')")
        db.commit()
        rows = db.execute("SELECT count(*) FROM Mensajes").fetchone()[0]
    code, lines = run(capsys, "verificar")
    assert code == 1
    assert (f"Mensajes fila {rows}: Recibido: «31/02/2026» no es una fecha que exista; escríbala como dd/mm/aaaa"
            in lines)
    assert f"aviso: 1 fila de Mensajes sin ID (hoja: {rows + 1}); deles un ID en Calidad de datos («Dar ID») para " \
        "poder editarlas desde Divulga" in lines
    assert not any(f"fila {rows + 1}" in line for line in lines)  # a notice, never a `fila` line
    assert lines[-1] == ("Resumen: 401 filas válidas, 1 fila con errores, 0 columnas obligatorias faltantes, "
                         "1 aviso.")  # the row without an ID is good: only a notice


def test_help_and_errors_are_in_spanish(capsys):
    code, lines = run(capsys, "--help")
    text = "\n".join(lines)
    assert code == 0 and text.startswith("uso: python -m core")
    assert "comandos:" in text and "opciones:" in text and "muestra esta ayuda y termina" in text
    assert "Códigos de salida: 0 hecho; 1 hecho" in text
    code, lines = run(capsys, "importar")
    assert code == 2 and lines[-1].endswith("error: faltan argumentos obligatorios: ARCHIVO.xlsx")
    code, lines = run(capsys, "demo", "--filas", "muchas")
    assert code == 2 and lines[-1].endswith("argumento --filas: «muchas» no es un número entero mayor que 0")


@pytest.mark.parametrize("command", ["demo", "verificar", "importar", "exportar"])
def test_every_command_has_spanish_help(command, capsys):
    code, lines = run(capsys, command, "--help")
    assert code == 0 and lines[0].startswith(f"uso: python -m core {command}")
    assert "opciones:" in lines


def test_the_module_runs_as_a_program(store_url):
    done = subprocess.run([sys.executable, "-m", "core", "verificar"], cwd=ROOT, capture_output=True, text=True,
                          env={"DIVULGA_STORE": store_url, "PATH": "/usr/bin:/bin"}, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("Resumen: 0 filas válidas")


def test_a_reader_that_stops_early_is_not_an_error(tmp_path):
    """`python -m core … | head -1`: no traceback when the pipe closes."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "DIVULGA_STORE": f"sqlite:///{tmp_path / 'pipe.db'}"}
    subprocess.run([sys.executable, "-m", "core", "demo", "--filas", "300", "--hoy", "2026-11-28"], env=env, check=True,
                   capture_output=True)
    reader = subprocess.Popen([sys.executable, "-m", "core", "colas", "--fecha", "2026-11-28"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.close()  # like `head -0`: gone before the command writes a line
    assert reader.wait(timeout=60) == 0
    assert b"Traceback" not in reader.stderr.read()
