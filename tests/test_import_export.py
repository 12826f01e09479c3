"""`importar` and `exportar` end to end: real xlsx files on disk, the CLI in a real process where it
matters (exit codes, several processes at once), and the register read back."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.cli.main import main
from core.domain.setting_changes import save_setting
from core.register import Writer, importer, open_register
from core.register.importer import import_tabs
from core.settings import MONITORING_DAYS, settings_of
from core.sheet import ids
from core.store import RawTab, StoreError
from tests.workbooks import workbook

ROOT = Path(__file__).resolve().parent.parent


def _messy_workbook(path: Path) -> Path:
    """A register typed by hand: moved and renamed-by-case columns, an extra column, blank rows, day-first
    dates, real date cells, `1.234`, `Si`/`x`, `Twitter`, aliases, and one mistake of every kind."""
    return workbook(path, {
        # tab name in other case and with extra spaces
        " mensajes ": [
            ["mensaje", "RED", "Recibido", "Clasificacion", "Respondido", "Enlace", "Nota interna", "ID"],
            ["¿Cuándo recuperan el andén de la 45?", "Twitter", "3/10/2026 2:30 p. m.", "Petición", "Si",
             "https://x.com/a/status/1", "ver con Ana", "MSG-20261003-AAAA"],
            ["=IMPORTXML(\"http://x\",\"//a\")", "facebook", datetime(2026, 10, 4, 9, 15), "Solicitud de información",
             "x", "https://facebook.com/p/2", None, None],
            [None, None, None, None, None, None, None, None],  # blank row: sheet row 4
            ["Sin fecha", "X", None, "Queja", "No", "https://x.com/a/status/3", None, "MSG-20261003-BBBB"],  # row 5
            ["Fecha imposible", "X", "31/02/2026", "Queja", "No", "https://x.com/a/status/4", None, None],  # row 6
            ["Red desconocida", "MySpace", "5/10/2026", "Queja", "No", "https://x.com/a/status/5", None, None],  # 7
            ["Denuncia ambigua", "X", "5/10/2026", "Denuncia", "No", "https://x.com/a/status/6", None, None],  # 8
            ["Repetido uno", "X", "6/10/2026", "Queja", "No", "https://x.com/a/status/7", None, "MSG-DUP"],  # 9
            ["Repetido dos", "X", "6/10/2026", "Queja", "No", "https://x.com/a/status/8", None, "MSG-DUP"],  # 10
            ["x" * 5001, "X", "6/10/2026", "Queja", "No", "https://x.com/a/status/9", None, None],  # 11: over cap
            ["Enlace roto", "X", "6/10/2026", "Queja", "quizá", "www.x.com/a", None, None],  # 12: two bad cells
        ],
        "Publicaciones": [
            ["Programada", "Red", "Estado", "Alcance", "Interacciones", "Enlace", "Origen"],
            ["03/10/2026 08:00", "Instagram", "Publicada", "1.234", "1 234", "https://instagram.com/p/1",
             "Cubrimiento"],
            ["2026-10-05 18:00", "TikTok", "publicada", 2500, 80, "https://tiktok.com/@dadep/video/2", "coyuntura"],
            ["2026-10-06 18:00", "YouTube", "Publicada", "-5", 3, "https://youtube.com/watch?v=3", None],  # row 4
        ],
        "Solicitudes": [
            ["Título", "Fecha de solicitud", "Área solicitante", "Solicitante", "Necesidad", "Redes",
             "Fecha de publicación", "Etapa", "Productos"],
            ["Jornada de recuperación de andenes", "1/10/2026", "Subdirección de Registro Inmobiliario",
             "Laura Pérez", "Difundir la jornada", "Facebook; X\nInstagram", "20/10/2026", "Identificar necesidades",
             "Pieza gráfica, Video"],
            ["Sin necesidad", "1/10/2026", "Oficina Asesora de Planeación", "Juan Ruiz", None, "X", "20/10/2026",
             "Ajustes", None],  # row 3: required empty
        ],
        "Hoja de notas": [["cualquier cosa"]],
    })


BAD_LINES = {
    "Mensajes fila 5: Recibido: es obligatorio y está vacío; llénelo",
    "Mensajes fila 6: Recibido: «31/02/2026» no es una fecha que exista; escríbala como dd/mm/aaaa",
    "Mensajes fila 7: RED: «MySpace» no está en la lista de redes; use uno de: Facebook, X, Instagram, YouTube, "
    "TikTok",
    "Mensajes fila 11: mensaje: el texto tiene 5.001 caracteres y el máximo es 5.000; acórtelo",
    "Mensajes fila 12: Enlace: «www.x.com/a» no es un enlace; pegue la dirección completa, que empieza por https://",
    "Mensajes fila 12: Respondido: «quizá» no es sí o no; escriba Sí o No",
    "Publicaciones fila 4: Alcance: «-5» es negativo; escriba un número entero de 0 en adelante",
    "Solicitudes fila 3: Necesidad: es obligatorio y está vacío; llénelo",
}


def _run(capsys, *args: str) -> tuple[int, list[str]]:
    code = main(["--usuario", "Prueba", *args])
    out = capsys.readouterr()
    return code, (out.out + out.err).splitlines()


def test_messy_workbook_reports_every_bad_row_and_stores_every_good_one(store_url, tmp_path, capsys):
    path = _messy_workbook(tmp_path / "registro.xlsx")
    code, lines = _run(capsys, "importar", str(path))
    assert code == 1
    reported = [line for line in lines if " fila " in line and not line.startswith("aviso")]
    for expected in BAD_LINES:
        assert expected in reported
    assert any(line.startswith("Mensajes fila 8: Clasificacion: «Denuncia» no basta") for line in reported)
    repeated = "ID: el ID «MSG-DUP» está repetido en las filas 9 y 10; cada fila necesita uno propio"
    assert f"Mensajes fila 9: {repeated}" in reported and f"Mensajes fila 10: {repeated}" in reported
    bad_rows = {line.split(":")[0] for line in reported}
    assert bad_rows == {"Mensajes fila 5", "Mensajes fila 6", "Mensajes fila 7", "Mensajes fila 8", "Mensajes fila 9",
                        "Mensajes fila 10", "Mensajes fila 11", "Mensajes fila 12", "Publicaciones fila 4",
                        "Solicitudes fila 3"}  # no good row reported, the blank row ignored
    assert "aviso: la hoja «Hoja de notas» no es una pestaña del registro; no se importa" in lines

    snapshot = open_register(store_url).snapshot(refresh=True)
    messages = snapshot.tables["Mensajes"].set_index("ID")
    assert len(messages) == 2
    first = messages.loc["MSG-20261003-AAAA"]
    assert first["Red"] == "X" and first["Clasificación"] == "Derecho de petición de interés general"
    assert bool(first["Respondido"]) is True
    assert first["Recibido"].strftime("%Y-%m-%d %H:%M %z") == "2026-10-03 14:30 -0500"
    second = messages[messages["Red"] == "Facebook"].iloc[0]
    assert second["Mensaje"] == '=IMPORTXML("http://x","//a")'
    assert second["Clasificación"] == "Solicitud de acceso a la información"
    posts = snapshot.tables["Publicaciones"].sort_values("Programada")
    assert posts["Alcance"].tolist() == [1234, 2500]
    assert posts["Interacciones"].tolist() == [1234, 80]
    assert posts["Origen"].tolist() == ["Cubrimiento", "Coyuntura"]
    request = snapshot.tables["Solicitudes"].iloc[0]
    assert request["Redes"] == ["Facebook", "X", "Instagram"]
    assert request["Etapa"] == "Identificar las necesidades"
    assert request["Fecha de solicitud"].date() == date(2026, 10, 1)
    assert snapshot.bad == []  # nothing bad was stored


def test_importing_the_same_file_twice_changes_nothing(store_url, tmp_path, capsys):
    path = _messy_workbook(tmp_path / "registro.xlsx")
    _run(capsys, "importar", str(path))
    before = _dump(store_url)
    code, lines = _run(capsys, "importar", str(path))
    assert code == 1  # the same bad rows are reported again
    assert lines[-1] == "Importación: filas nuevas: 0; actualizadas: 0; sin cambios: 5; omitidas por errores: 10."
    assert _dump(store_url) == before


def _dump(store_url: str) -> dict[str, list]:
    path = store_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {name: connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall() for name in names}


def test_export_then_import_into_an_empty_store_reproduces_the_register(store_url, tmp_path, capsys, monkeypatch):
    _run(capsys, "importar", str(_messy_workbook(tmp_path / "registro.xlsx")))
    open_register(store_url).writer("Prueba").create("Listas", {"Áreas": "Dirección", "Periodista del área": "Ana"})
    exported = tmp_path / "exportado.xlsx"
    code, _ = _run(capsys, "exportar", str(exported))
    assert code == 0

    book = load_workbook(exported)
    assert book.sheetnames[0] == "Solicitudes" and "Historial" in book.sheetnames
    formula_like = [cell for row in book["Mensajes"].iter_rows() for cell in row
                    if isinstance(cell.value, str) and cell.value.startswith("=")]
    assert formula_like and all(cell.data_type == "s" for cell in formula_like)
    received = [cell for cell in book["Mensajes"]["B"][1:] if cell.value is not None]
    assert all(cell.is_date and cell.number_format == "dd/mm/yyyy hh:mm" for cell in received)

    other = f"sqlite:///{tmp_path / 'otro.db'}"
    monkeypatch.setenv("DIVULGA_STORE", other)
    code, _ = _run(capsys, "importar", str(exported))
    assert code == 0
    original, copy = open_register(store_url).snapshot(refresh=True), open_register(other).snapshot(refresh=True)
    for name, frame in original.tables.items():
        key = "ID" if "ID" in frame.columns else list(frame.columns[:2])
        left = frame.sort_values(key).reset_index(drop=True)
        right = copy.tables[name][frame.columns].sort_values(key).reset_index(drop=True)
        assert left.astype(str).equals(right.astype(str)), name


def test_import_exit_codes(store_url, tmp_path, capsys):
    code, lines = _run(capsys, "importar", str(tmp_path / "no-existe.xlsx"))
    assert code == 2 and "No existe el archivo" in lines[-1]
    text = tmp_path / "texto.xlsx"
    text.write_text("no soy un libro")
    code, lines = _run(capsys, "importar", str(text))
    assert code == 2 and "No se pudo leer" in lines[-1]
    foreign = workbook(tmp_path / "ajeno.xlsx", {"Hoja1": [["a", "b"], [1, 2]]})
    code, lines = _run(capsys, "importar", str(foreign))
    assert code == 2 and "no tiene ninguna pestaña del registro" in lines[-1]
    good = workbook(tmp_path / "bueno.xlsx", {"Plantillas": [["Nombre", "Texto"], ["Saludo", "Hola, gracias."]]})
    code, lines = _run(capsys, "importar", str(good))
    assert code == 0 and lines[-1].startswith("Importación: filas nuevas: 1;")


def test_rows_without_id_match_on_their_natural_key_and_update(store_url, tmp_path, capsys):
    first = workbook(tmp_path / "a.xlsx", {"Cuentas": [["Red", "Cuenta", "Estado"],
                                                         ["Twitter", "@DADEPBogota", "Activa"]]})
    _run(capsys, "importar", str(first))
    second = workbook(tmp_path / "b.xlsx", {"Cuentas": [["red", "cuenta", "Última rotación"],
                                                          ["X", "@dadepbogota", "1/9/2026"]]})
    code, lines = _run(capsys, "importar", str(second))
    assert code == 0 and lines[-1].startswith("Importación: filas nuevas: 0; actualizadas: 1;")
    accounts = open_register(store_url).snapshot(refresh=True).tables["Cuentas"]
    assert len(accounts) == 1
    assert accounts.iloc[0]["Estado"] == "Activa"  # an empty file cell never erases
    assert accounts.iloc[0]["Última rotación"].date() == date(2026, 9, 1)
    history = open_register(store_url).history()
    changes = json.loads(history.iloc[-1]["Cambios"])
    assert changes == {"Última rotación": [None, "2026-09-01"]}


def test_listas_merge_as_the_union_of_values(store_url, tmp_path, capsys):
    book = {"Listas": [["Áreas", "Periodista del área", "Redes"], ["Dirección", "Ana Gómez", "Threads"],
                       ["Oficina Asesora Jurídica", "Luis Díaz", "Facebook"]]}
    _run(capsys, "importar", str(workbook(tmp_path / "l.xlsx", book)))
    _run(capsys, "importar", str(workbook(tmp_path / "l.xlsx", book)))
    lists = open_register(store_url).snapshot(refresh=True).tables["Listas"]
    assert sorted(lists["Áreas"].dropna()) == ["Dirección", "Oficina Asesora Jurídica"]
    assert sorted(lists["Redes"].dropna()) == ["Facebook", "Threads"]
    # a network added in Listas is accepted in the Red columns
    writer = open_register(store_url).writer("Prueba")
    writer.create("Mensajes", {"Recibido": "2026-10-01 10:00", "Red": "threads", "Mensaje": "Hola"})
    assert open_register(store_url).snapshot(refresh=True).tables["Mensajes"].iloc[0]["Red"] == "Threads"


def test_eight_imports_at_once_leave_every_row_with_a_distinct_id(store_url, tmp_path):
    files = []
    for process in range(8):
        rows = [["Recibido", "Red", "Usuario", "Mensaje", "Enlace"]]
        rows += [[f"{day % 28 + 1}/10/2026 10:{process:02d}", "X", f"@p{process}", f"Mensaje {process}-{day}",
                  f"https://x.com/p{process}/status/{day}"] for day in range(50)]
        files.append(workbook(tmp_path / f"lote{process}.xlsx", {"Mensajes": rows}))
    env = {"DIVULGA_STORE": store_url, "PATH": "/usr/bin:/bin"}
    processes = [subprocess.Popen([sys.executable, "-m", "core", "importar", str(path)], cwd=ROOT, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for path in files]
    outputs = [process.communicate(timeout=180)[0] for process in processes]
    assert [process.returncode for process in processes] == [0] * 8, outputs
    messages = open_register(store_url).snapshot(refresh=True).tables["Mensajes"]
    assert len(messages) == 400
    assert messages["ID"].nunique() == 400


def _register_workbook(path: Path) -> Path:
    """A register as an office keeps it: most tabs without IDs (matched on their natural key, or Listas on
    its values), and messages with and without IDs."""
    return workbook(path, {
        "Listas": [["Áreas", "Periodista del área", "Redes", "Temas"], ["Dirección", "Ana Gómez", "Threads", "Andenes"],
                   ["Oficina Asesora Jurídica", "Luis Díaz", None, "Parques"], [None, None, None, "Predios"],
                   [None, None, None, "Espacio público"], [None, None, None, "Trámites"],
                   [None, None, None, "Eventos"]],
        "Monitoreo": [["Fecha", "Red", "Revisado por", "Mensajes nuevos"],
                      *[[f"{day}/10/2026", red, "Ana", day] for day in (1, 2, 3) for red in ("X", "Facebook")],
                      ["4/10/2026", "Instagram", "Luis", 0]],
        "Cuentas": [["Red", "Cuenta", "Estado"], ["X", "@DADEPBogota", "Activa"]],
        "Usuarios": [["Correo", "Nombre", "Roles"], ["ana@dadep.gov.co", "Ana Gómez", "Líder"],
                     ["luis@dadep.gov.co", "Luis Díaz", "CM, Periodista"]],
        "Ajustes": [["Ajuste", "Valor"], ["Días de monitoreo", "hábiles"]],
        "Mensajes": [["ID", "Recibido", "Red", "Usuario", "Mensaje", "Enlace"],
                     ["MSG-20261003-AAAA", "3/10/2026 9:00", "X", "@a", "con ID", "https://x.com/a/1"],
                     [None, "3/10/2026 9:30", "X", "@b", "sin ID, con enlace", "https://x.com/b/2"],
                     [None, "3/10/2026 10:00", "Facebook", "@c", "sin ID ni enlace", None]],
        "Plantillas": [["Nombre", "Texto"], ["Saludo", "Hola, gracias por escribirnos."]],
    })


def _counts(url: str) -> dict[str, int]:
    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def test_eight_imports_of_one_workbook_at_once_leave_what_one_leaves(store_url, tmp_path, capsys, monkeypatch):
    """Each import reads the register and writes what it lacks in one transaction: the later ones wait, then
    find everything there. (They used to read before the others wrote: Monitoreo 7 -> 56, Listas 6 -> 24.)"""
    path = _register_workbook(tmp_path / "registro.xlsx")
    once = f"sqlite:///{tmp_path / 'una-vez.db'}"
    monkeypatch.setenv("DIVULGA_STORE", once)
    assert _run(capsys, "importar", str(path))[0] == 0
    expected = _counts(once)
    assert {name: expected[name] for name in ("Monitoreo", "Cuentas", "Usuarios", "Ajustes", "Listas", "Mensajes")} \
        == {"Monitoreo": 7, "Cuentas": 1, "Usuarios": 2, "Ajustes": 1, "Listas": 6, "Mensajes": 3}
    env = {"DIVULGA_STORE": store_url, "PATH": "/usr/bin:/bin"}
    processes = [subprocess.Popen([sys.executable, "-m", "core", "importar", str(path)], cwd=ROOT, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(8)]
    outputs = [process.communicate(timeout=180)[0] for process in processes]
    assert [process.returncode for process in processes] == [0] * 8, outputs
    assert _counts(store_url) == expected  # Historial too: the later imports found nothing to write
    rows = sum(expected.values()) - expected["Historial"]  # the first import writes them, the others find them
    first = f"Importación: filas nuevas: {rows}; actualizadas: 0; sin cambios: 0; omitidas por errores: 0."
    later = f"Importación: filas nuevas: 0; actualizadas: 0; sin cambios: {rows}; omitidas por errores: 0."
    assert sorted(output.splitlines()[-1] for output in outputs) == sorted([first] + [later] * 7), outputs
    register = open_register(store_url)  # and a setting can be saved: one row per setting, as one import leaves
    assert save_setting(register.writer("Prueba"), settings_of(register.snapshot().tables), MONITORING_DAYS,
                        "calendario")


def test_a_large_import_of_messages_without_ids_saves_every_row(store_url, monkeypatch):
    """A day of 32,768 suffixes (3 characters) stands in for the real 1,048,576 (4): 35,000 messages crowd it
    as Excel's 1,048,575 rows crowded the real one, which saved about a quarter of them and refused the rest."""
    monkeypatch.setattr(ids, "SUFFIX_LENGTH", 3)
    rows = [(f"{n % 28 + 1}/10/2026 {n % 24}:{n % 60:02d}", "X", f"@u{n}", f"Mensaje {n}") for n in range(35_000)]
    register = open_register(store_url)
    report = import_tabs(register.writer("Prueba"), {"Mensajes": RawTab("Mensajes", ["Recibido", "Red", "Usuario",
                                                                                       "Mensaje"], rows)})
    assert report.summary() == ("Importación: filas nuevas: 35.000; actualizadas: 0; sin cambios: 0; omitidas por "
                                "errores: 0.")
    with sqlite3.connect(store_url.removeprefix("sqlite:///")) as connection:
        stored = connection.execute('SELECT count(*), count(DISTINCT "ID") FROM Mensajes').fetchone()
        assert stored == (35_000, 35_000)
        suffixes = connection.execute('SELECT DISTINCT length("ID") - 13 FROM Mensajes').fetchall()
        assert {length for (length,) in suffixes} >= {5, 6}  # longer as the day fills: 35,000 need 6 characters
        assert connection.execute('SELECT count(*) FROM Historial').fetchone() == (35_000,)


def test_the_summary_counts_rows_not_lines(store_url, monkeypatch):
    """A chunk of good rows the store would not take is one line of the report and as many skipped rows."""
    monkeypatch.setattr(importer, "CHUNK", 3)
    create_many = Writer.create_many

    def failing(self, tab_name, records, *args, **kwargs):
        if tab_name == "Mensajes" and records[0]["Mensaje"] == "Mensaje 3":
            raise StoreError("la hoja no respondió")
        return create_many(self, tab_name, records, *args, **kwargs)

    monkeypatch.setattr(Writer, "create_many", failing)
    rows = [("3/10/2026 10:00", "X", f"@u{n}", f"Mensaje {n}") for n in range(8)]
    report = import_tabs(open_register(store_url).writer("Prueba"),
                         {"Mensajes": RawTab("Mensajes", ["Recibido", "Red", "Usuario", "Mensaje"], rows)})
    assert [str(failure) for failure in report.failures] == [
        "Mensajes filas 5 a 7 (3 filas): no se guardaron: la hoja no respondió"]
    assert report.summary() == "Importación: filas nuevas: 5; actualizadas: 0; sin cambios: 0; omitidas por errores: 3."


@pytest.mark.parametrize("args", [["verificar"], ["exportar", "/tmp/x.xlsx"]])
def test_unreachable_store_exits_2(monkeypatch, tmp_path, capsys, args):
    monkeypatch.setenv("DIVULGA_STORE", "postgres://nadie")
    code, lines = _run(capsys, *args)
    assert code == 2 and "DIVULGA_STORE no es válido" in lines[-1]


def test_rows_without_id_or_complete_natural_key_are_not_added_twice(store_url, tmp_path, capsys):
    path = workbook(tmp_path / "sin-clave.xlsx", {
        "Mensajes": [["Recibido", "Red", "Mensaje"], ["3/10/2026 2:30 p. m.", "X", "¿Dónde radico?"],
                     ["4/10/2026 9:00", "Facebook", "Gracias"]],
        "Publicaciones": [["Programada", "Red", "Estado"], ["5/10/2026 8:00", "X", "Programada"]],
    })
    assert _run(capsys, "importar", str(path))[1][-1].startswith("Importación: filas nuevas: 3;")
    code, lines = _run(capsys, "importar", str(path))
    assert code == 0 and lines[-1].startswith("Importación: filas nuevas: 0; actualizadas: 0; sin cambios: 3;")
    counts = open_register(store_url).snapshot(refresh=True).counts()
    assert counts["Mensajes"] == 2 and counts["Publicaciones"] == 1


def test_a_journalist_never_arrives_without_the_area_of_its_row(store_url, tmp_path, capsys):
    first = {"Listas": [["Áreas", "Periodista del área"], ["Oficina Asesora Jurídica", "Luis Díaz"]]}
    _run(capsys, "importar", str(workbook(tmp_path / "a.xlsx", first)))
    second = {"Listas": [["Áreas", "Periodista del área"], ["Oficina Asesora Jurídica", "Lucía Mora"]]}
    _run(capsys, "importar", str(workbook(tmp_path / "b.xlsx", second)))
    lists = open_register(store_url).snapshot(refresh=True).tables["Listas"]
    assert lists[["Áreas", "Periodista del área"]].values.tolist() == [["Oficina Asesora Jurídica", "Luis Díaz"]]


def test_export_says_which_texts_excel_cannot_hold(store_url, tmp_path, capsys):
    writer = open_register(store_url).writer("Prueba")
    record_id = writer.create("Mensajes", {"Recibido": "2026-10-03 10:00", "Red": "X",
                                           "Mensaje": "=HYPERLINK(\"x\")\x0bfin", "Observaciones": "a" * 40_000})
    code, lines = _run(capsys, "exportar", str(tmp_path / "r.xlsx"))
    assert code == 1
    assert any(line.startswith("aviso: Mensajes fila 2: Mensaje: tenía caracteres de control") for line in lines)
    assert ("aviso: Mensajes fila 2: Observaciones: tiene 40.000 caracteres y una celda de Excel admite 32.767; se "
            "exportó recortado (el registro lo conserva completo)") in lines
    stored = open_register(store_url).snapshot(refresh=True).record("Mensajes", record_id)
    assert len(stored["Observaciones"]) == 40_000  # the register keeps the whole text
    book = load_workbook(tmp_path / "r.xlsx")
    assert book["Mensajes"]["H2"].value == '=HYPERLINK("x")fin' and book["Mensajes"]["H2"].data_type == "s"


def test_rows_that_look_alike_in_one_file_are_all_stored_once(store_url, tmp_path, capsys):
    """Two good rows with one natural key are a likely duplicate (a notice), not a bad row: both are stored,
    and importing the file again adds neither."""
    path = workbook(tmp_path / "parecidas.xlsx", {"Mensajes": [
        ["Recibido", "Red", "Enlace", "Mensaje"],
        ["3/10/2026 9:00", "X", "https://x.com/a/1", "primera versión"],
        ["3/10/2026 9:05", "X", "https://x.com/a/1", "segunda versión"],
    ]})
    code, lines = _run(capsys, "importar", str(path))
    assert code == 0 and lines[-1].startswith("Importación: filas nuevas: 2;")
    assert "aviso: Mensajes fila 3: posible duplicado: Red, Enlace iguales a otra fila" in lines
    code, lines = _run(capsys, "importar", str(path))
    assert lines[-1] == "Importación: filas nuevas: 0; actualizadas: 0; sin cambios: 2; omitidas por errores: 0."
    messages = open_register(store_url).snapshot(refresh=True).tables["Mensajes"]
    assert sorted(messages["Mensaje"]) == ["primera versión", "segunda versión"]


def test_a_row_with_id_and_an_alike_row_without_one_are_not_swapped_on_reimport(store_url, tmp_path, capsys):
    path = workbook(tmp_path / "id-y-sin-id.xlsx", {"Mensajes": [
        ["ID", "Recibido", "Red", "Enlace", "Mensaje"],
        ["MSG-20261003-AAAA", "3/10/2026 9:00", "X", "https://x.com/1", "uno"],
        [None, "3/10/2026 9:00", "X", "https://x.com/1", "dos"],
    ]})
    _run(capsys, "importar", str(path))
    for _ in range(2):
        code, lines = _run(capsys, "importar", str(path))
        assert lines[-1] == "Importación: filas nuevas: 0; actualizadas: 0; sin cambios: 2; omitidas por errores: 0."
    messages = open_register(store_url).snapshot(refresh=True).tables["Mensajes"]
    assert messages.set_index("ID").loc["MSG-20261003-AAAA", "Mensaje"] == "uno"


def test_alike_rows_of_a_tab_without_ids_can_each_be_updated(store_url, tmp_path, capsys):
    rows = [["Fecha", "Red", "Observaciones"], ["3/10/2026", "X", "a"], ["3/10/2026", "X", "b"]]
    _run(capsys, "importar", str(workbook(tmp_path / "m1.xlsx", {"Monitoreo": rows})))
    rows[2][2] = "c"
    code, lines = _run(capsys, "importar", str(workbook(tmp_path / "m2.xlsx", {"Monitoreo": rows})))
    assert code == 0 and lines[-1].startswith("Importación: filas nuevas: 0; actualizadas: 1; sin cambios: 1;")
    monitoring = open_register(store_url).snapshot(refresh=True).tables["Monitoreo"]
    assert monitoring["Observaciones"].tolist() == ["a", "c"]


def test_an_uploaded_workbook_that_breaks_a_limit_is_named_by_its_file_name(monkeypatch):
    from core.files import limits
    from core.reports.register_xlsx import WorkbookError, read_workbook

    class Upload(io.BytesIO):
        name = "registro de la oficina.xlsx"

    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 10)
    with pytest.raises(WorkbookError, match=r"^No se pudo leer registro de la oficina\.xlsx: "):
        read_workbook(Upload(b"PK" + b"\0" * 100))
