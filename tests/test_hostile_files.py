"""Files people hand in that would hurt (issue 13, points 1 and 6): bombs are refused within the limits of
core/files/limits.py, damaged files with a Spanish message, never a traceback, and nothing is written.

Every hostile file is made here, in the test's folder: a dimension bomb (a real workbook whose sheet then
claims A1:XFD1048576 and holds one cell in the last row), a real compressed CSV bomb, broken XML, bad
deflate data, a broken zip. The bombs go to the command line in a process of its own, whose peak memory is
read from the kernel (`os.wait4`) and whose address space is capped, so a regression fails hard instead of
eating the machine."""

from __future__ import annotations

import io
import os
import re
import resource
import sqlite3
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from core.files.limits import MAX_CELLS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_MEMBER_BYTES, MAX_ROWS, MB, Archive, Budget
from core.files.xlsx_stream import open_book
from core.metrics_import import ExportError, import_metrics_file, parse_export, plan_metrics_file
from core.reports.register_xlsx import read_workbook
from core.sheet.contract import DATA_TABS, HISTORY_TAB
from tests.cli_kit import run
from tests.pages_kit import open_page, texts
from tests.roles_kit import open_as
from tests.workbooks import workbook

ROOT = Path(__file__).resolve().parents[1]
GB = 1024 * MB
X_HEADERS = ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "engagements"]
X_ROW = ["1454130911457411072", "https://twitter.com/rOpenSci/status/1454130911457411072", "Hola",
         "2021-10-29 17:00 +0000", 120, 7]
ROWS_LIMIT = "el límite es 200.000 filas por archivo"


# --- making the files --------------------------------------------------------------------------------------


def rewrite(path: Path, member: str, change) -> Path:
    """The zip with one member's bytes changed (the others copied as they are)."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for info, data in members:
            target.writestr(info, change(data) if info.filename == member else data,
                            compress_type=zipfile.ZIP_DEFLATED)
    return path


def dimension_bomb(path: Path, member: str = "xl/worksheets/sheet1.xml") -> Path:
    """The issue's 13 KB spreadsheet: its sheet says A1:XFD1048576 and has one cell in the very last one."""
    def bomb(xml: bytes) -> bytes:
        xml = re.sub(rb"<dimension ref=\"[^\"]*\"\s*/>", b'<dimension ref="A1:XFD1048576"/>', xml)
        return xml.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is>'
                                             b"</c></row></sheetData>")
    return rewrite(path, member, bomb)


def x_export_xlsx(path: Path) -> Path:
    return workbook(path, {"Sheet": [X_HEADERS, X_ROW]})


def register_workbook(path: Path) -> Path:
    return workbook(path, {"Mensajes": [["Recibido", "Red", "Mensaje"], ["3/10/2026 2:30 p. m.", "X", "Hola"]],
                           "Plantillas": [["Nombre", "Texto"], ["Saludo", "Hola, gracias."]]})


def csv_bomb(path: Path, size: int, name: str = "Table data.csv") -> Path:
    """A zip whose CSV is `size` bytes of the same short line: a real bomb, written a chunk at a time."""
    line = b"1,2,3,4,5\n"
    chunk = line * (MB // len(line))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive, \
            archive.open(name, "w", force_zip64=size > 2 * GB - MB) as member:
        member.write(b"Tweet id,Tweet permalink,time,impressions,engagements\n")
        for _ in range(size // len(chunk)):
            member.write(chunk)
    return path


def bad_deflate(path: Path, member: str) -> Path:
    """The member's compressed data starts with an invalid deflate block (zlib.error when read)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo(member).header_offset
    names, extra = struct.unpack("<HH", data[offset + 26:offset + 30])
    start = offset + 30 + names + extra
    data[start:start + 8] = b"\xff" * 8  # final block, type 3: there is no such type
    path.write_bytes(bytes(data))
    return path


def declared_smaller(path: Path, size: int) -> Path:
    """The zip's directory says its member is `size` bytes: zipfile yields no more, and the CRC fails."""
    data = bytearray(path.read_bytes())
    at = data.rindex(b"PK\x01\x02")
    data[at + 24:at + 28] = struct.pack("<L", size)
    path.write_bytes(bytes(data))
    return path


# --- running the command line as people do -------------------------------------------------------------------


def run_process(store_url: str, *args: str) -> tuple[int, str, float, int]:
    """`python -m core ARGS` in a process of its own: exit code, everything it printed, seconds, and its
    peak resident memory in bytes. Its address space is capped at 4 GB (the interpreter with pandas maps
    about 1.5 GB): a reader that lets memory grow dies instead of eating the machine."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (4 * GB, 4 * GB))

    env = {**os.environ, "DIVULGA_STORE": store_url}
    with tempfile.TemporaryFile() as out:
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-m", "core", "--usuario", "Prueba", *args], cwd=ROOT, env=env,
                                   stdout=out, stderr=subprocess.STDOUT, preexec_fn=cap)
        watchdog = threading.Timer(120, process.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            watchdog.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.monotonic() - started
        out.seek(0)
        return process.returncode, out.read().decode("utf-8", "replace"), elapsed, usage.ru_maxrss * 1024


def stored_rows(store_url: str) -> int:
    """Rows in every tab of the SQLite register (a tab the store has not made yet counts none)."""
    with sqlite3.connect(store_url.removeprefix("sqlite:///")) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return sum(connection.execute(f'SELECT COUNT(*) FROM "{tab.name}"').fetchone()[0]
                   for tab in (*DATA_TABS, HISTORY_TAB) if tab.name in names)


def assert_refused(result: tuple[int, str, float, int], store_url: str, *expected: str, seconds: float) -> None:
    code, output, elapsed, peak = result
    assert code == 2, output
    assert "Traceback" not in output
    for text in expected:
        assert text in output, output
    assert elapsed < seconds, elapsed
    assert peak < GB, peak
    assert stored_rows(store_url) == 0


# --- bombs ---------------------------------------------------------------------------------------------------


def test_a_dimension_bomb_export_is_refused_at_once(store_url, tmp_path):
    path = dimension_bomb(x_export_xlsx(tmp_path / "tweet_activity.xlsx"))
    assert path.stat().st_size < 20_000
    result = run_process(store_url, "importar-metricas", str(path))
    assert_refused(result, store_url, "el archivo tiene más de 200.000 filas", "tiene datos en la fila 1.048.576",
                   ROWS_LIMIT, seconds=30)


def test_a_compressed_csv_bomb_is_refused_before_it_is_decompressed(store_url, tmp_path):
    path = csv_bomb(tmp_path / "Content 2024-01-01_2024-01-31.zip", MAX_MEMBER_BYTES + 10 * MB)
    assert path.stat().st_size < 3 * MB
    result = run_process(store_url, "importar-metricas", str(path))
    assert_refused(result, store_url, "«Table data.csv», dentro del archivo, ocupa 310 MB al descomprimirlo",
                   "el límite es 300 MB", seconds=30)


def test_a_register_whose_mensajes_sheet_is_a_dimension_bomb_is_refused_whole(store_url, tmp_path):
    path = dimension_bomb(register_workbook(tmp_path / "registro.xlsx"))
    result = run_process(store_url, "importar", str(path))
    assert_refused(result, store_url, "la hoja «Mensajes» tiene datos en la fila 1.048.576", ROWS_LIMIT, seconds=60)


def test_a_bomb_within_the_row_limit_is_refused_by_its_column(store_url, tmp_path, capsys):
    """The last row's cell moved up to row 3: the rows fit, column XFD does not."""
    path = rewrite(x_export_xlsx(tmp_path / "x.xlsx"), "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b"</sheetData>", b'<row r="3"><c r="XFD3"><v>1</v></c></row></sheetData>'))
    code, lines = run(capsys, "importar-metricas", str(path))
    assert code == 2 and "la hoja «Sheet» tiene datos en la columna XFD (la 16.384); el límite es 200 columnas" in \
        lines[-1]


def test_a_small_bomb_is_refused_by_its_compression_ratio(store_url, tmp_path, capsys):
    path = csv_bomb(tmp_path / "bomba.zip", 50 * MB)
    code, lines = run(capsys, "importar-metricas", str(path))
    assert code == 2 and "se comprime" in lines[-1] and "el límite es 100 veces" in lines[-1]


def test_a_zip_that_lies_about_its_size_is_damaged_not_read_on(store_url, tmp_path, capsys):
    path = declared_smaller(csv_bomb(tmp_path / "miente.zip", 50 * MB), 1000)
    code, lines = run(capsys, "importar-metricas", str(path))
    assert code == 2 and "está dañado" in lines[-1] and "Bad CRC-32" in lines[-1]


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(store_url, tmp_path, capsys):
    for name, command in (("grande.csv", "importar-metricas"), ("grande.xlsx", "importar")):
        path = tmp_path / name
        with path.open("wb") as handle:
            handle.truncate(MAX_FILE_BYTES + MB)  # sparse: nothing is written to disk
        code, lines = run(capsys, command, str(path))
        assert code == 2 and "el archivo pesa 101 MB; el límite es 100 MB por archivo" in lines[-1]
    assert stored_rows(store_url) == 0


def test_rows_columns_and_cells_of_a_csv_are_counted_as_it_is_read(store_url, tmp_path, capsys):
    rows = tmp_path / "filas.csv"
    rows.write_text("Tweet id,impressions\n" + "1,2\n" * MAX_ROWS)
    code, lines = run(capsys, "importar-metricas", str(rows))
    assert code == 2 and lines[-1].endswith(f"{ROWS_LIMIT}: divídalo en archivos más pequeños e impórtelos uno "
                                            "tras otro.")
    wide = tmp_path / "ancho.csv"
    wide.write_text(",".join(f"c{n}" for n in range(MAX_COLUMNS + 1)) + "\n")
    code, lines = run(capsys, "importar-metricas", str(wide))
    assert code == 2 and "la fila 1 del archivo tiene datos en la columna GS (la 201); el límite es 200" in lines[-1]
    cells = tmp_path / "celdas.csv"
    cells.write_text(("1," * (MAX_COLUMNS - 1) + "1\n") * (MAX_CELLS // MAX_COLUMNS + 1))
    code, lines = run(capsys, "importar-metricas", str(cells))
    assert code == 2 and "el archivo tiene más de 4.000.000 celdas" in lines[-1]
    line = tmp_path / "linea.csv"
    line.write_text("Tweet id,impressions\n" + "x" * 1_500_000 + "\n")
    code, lines = run(capsys, "importar-metricas", str(line))
    assert code == 2 and "una fila del archivo tiene más de 1.000.000 caracteres" in lines[-1]
    assert stored_rows(store_url) == 0


def test_a_sheet_with_a_dtd_is_refused(store_url, tmp_path, capsys):
    entities = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    path = rewrite(register_workbook(tmp_path / "dtd.xlsx"), "xl/worksheets/sheet1.xml",
                   lambda xml: re.sub(rb"^(<\?xml[^>]*\?>)?", lambda m: (m[0] or b"") + entities, xml, count=1))
    code, lines = run(capsys, "importar", str(path))
    assert code == 2 and "declara un DTD" in lines[-1]


# --- damaged files -------------------------------------------------------------------------------------------


def broken_xml(path: Path) -> Path:
    return rewrite(path, "xl/worksheets/sheet1.xml",
                   lambda xml: xml.replace(b"</sheetData>", b'<row r="9"><c r="A9"><v>1</v></row></sheetData>'))


def broken_encoding(path: Path) -> Path:
    return rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"<sheetData>", b"<sheetData>\xff\xfe"))


def broken_zip(path: Path) -> Path:
    path.write_bytes(path.read_bytes()[:len(path.read_bytes()) // 2])
    return path


DAMAGE = {  # how a file is damaged -> what the refusal says
    "xml": (broken_xml, "está dañado: su XML no se puede leer"),
    "deflate": (lambda path: bad_deflate(path, "xl/worksheets/sheet1.xml"),
                "está dañado: sus datos comprimidos no se pueden leer"),
    "encoding": (broken_encoding, "está dañado: su XML no se puede leer"),
    "zip": (broken_zip, "está dañado: sus datos comprimidos no se pueden leer"),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_register_workbook_is_refused_without_a_traceback(store_url, tmp_path, capsys, damage):
    spoil, expected = DAMAGE[damage]
    path = spoil(register_workbook(tmp_path / "registro.xlsx"))
    code, lines = run(capsys, "importar", str(path))
    assert code == 2 and lines[-1].startswith(f"error: No se pudo leer {path}: el archivo ") and expected in lines[-1]
    assert stored_rows(store_url) == 0


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_export_is_refused_without_a_traceback(store_url, tmp_path, capsys, damage):
    spoil, expected = DAMAGE[damage]
    path = spoil(x_export_xlsx(tmp_path / "tweet_activity.xlsx"))
    code, lines = run(capsys, "importar-metricas", str(path))
    assert code == 2 and lines[-1].startswith(f"error: {path}: el archivo ") and expected in lines[-1]
    assert stored_rows(store_url) == 0


def test_damaged_files_in_a_process_of_their_own_exit_2_without_a_traceback(store_url, tmp_path):
    """What people see: the whole output of real processes, for the XML and the deflate damage."""
    register = broken_xml(register_workbook(tmp_path / "registro.xlsx"))
    assert_refused(run_process(store_url, "importar", str(register)), store_url, "su XML no se puede leer",
                   seconds=60)
    export = bad_deflate(x_export_xlsx(tmp_path / "x.xlsx"), "xl/worksheets/sheet1.xml")
    assert_refused(run_process(store_url, "importar-metricas", str(export)), store_url,
                   "sus datos comprimidos no se pueden leer", "invalid block type", seconds=30)


def test_a_csv_in_a_wrong_encoding_is_refused_or_read_as_excel_writes_it(store_url, tmp_path, capsys):
    text = "Tweet id,Tweet permalink,time,impressions,engagements\n1,https://x.com/a/status/1,2021-10-29 17:00 " \
           "+0000,5,1\n"
    utf16 = tmp_path / "sin_bom.csv"
    utf16.write_bytes(text.encode("utf-16-le"))  # UTF-16 without its BOM: NUL bytes, not text
    code, lines = run(capsys, "importar-metricas", str(utf16))
    assert code == 2 and "el archivo no es de texto ni un libro de Excel" in lines[-1]
    latin = tmp_path / "latin.csv"  # Excel's «CSV» in Spanish: Windows-1252, read as such
    latin.write_bytes(text.replace("Tweet id,", "Tweet id,Tweet text,").replace("1,https", "1,Año,https")
                      .encode("cp1252"))
    assert [post.text for post in parse_export(latin).posts] == ["Año"]


def test_a_damaged_file_that_fails_in_an_unforeseen_way_is_still_a_refusal(tmp_path, monkeypatch):
    """The last resort: anything a reader raises while reading is the file's refusal, not a traceback."""
    def broken(*_):
        raise KeyError("algo que nadie previó")

    monkeypatch.setattr("core.files.xlsx_stream._column", broken)
    with pytest.raises(ExportError, match=r"no se pudo leer \(KeyError: 'algo que nadie previó'\); parece dañado"):
        parse_export(x_export_xlsx(tmp_path / "x.xlsx"))


# --- what the streaming reader reads -----------------------------------------------------------------------


def test_the_streaming_reader_reads_what_openpyxl_reads(tmp_path):
    """Every kind of cell, gaps between rows and cells, rich text, and the 1904 date system."""
    for epoch in (None, CALENDAR_MAC_1904):
        book = Workbook()
        if epoch:
            book.epoch = epoch
        sheet = book.active
        sheet.append(["texto", 42, 3.5, True, False, "=no es fórmula", "", None, "  con espacios  "])
        sheet.append([datetime(2026, 10, 3, 14, 30), date(2026, 1, 2), clock(9, 15), timedelta(hours=30),
                      10**15, -7, 1e-9, "#N/A"])
        sheet["B2"].number_format = "dd/mm/yyyy"
        sheet["D2"].number_format = "[h]:mm:ss"
        sheet["H2"].data_type = "e"
        sheet["A5"] = CellRichText(["negrita ", TextBlock(InlineFont(b=True), "y no")])
        sheet["C5"] = "=SUM(1,2)"  # a formula openpyxl writes without a cached value: None, as Excel unopened
        sheet["AB7"] = "lejos"
        path = tmp_path / f"tipos-{bool(epoch)}.xlsx"
        book.save(path)
        expected = {}
        reference = load_workbook(path, read_only=True, data_only=True)
        for number, row in enumerate(reference.active.iter_rows(values_only=True), start=1):
            values = [None if value == "" else value for value in row]
            while values and values[-1] is None:
                values.pop()
            if values:
                expected[number] = values
        reference.close()
        with path.open("rb") as stream:
            streamed = open_book(stream, budget := Budget())
            [(title, member)] = streamed.sheets
            assert dict(streamed.rows(member, title, budget)) == expected
        assert expected[5][0] == "negrita y no" and expected[7][27] == "lejos"


def test_a_register_workbook_reads_as_before(tmp_path):
    """Blank rows keep the sheet's numbering, trailing cells past the headers are cut, Historial's sheet is not
    read at all (a bomb there costs nothing)."""
    path = workbook(tmp_path / "registro.xlsx", {
        "Mensajes": [["Recibido", "Red", "Mensaje", None], ["3/10/2026", "X", "Uno", None, "nota"], [], [],
                     ["4/10/2026", "Facebook"]],
        "Historial": [["Fecha", "Usuario"], ["1/1/2026", "Ana"]],
        "Notas": [["lo que sea"]],
    })
    bad_deflate(path, "xl/worksheets/sheet2.xml")  # Historial's sheet, which is never read
    tabs, others = read_workbook(path, not_read=(HISTORY_TAB.name,))
    assert tabs["Mensajes"].headers == ["Recibido", "Red", "Mensaje"]
    assert tabs["Mensajes"].rows == [("3/10/2026", "X", "Uno"), (None, None, None), (None, None, None),
                                     ("4/10/2026", "Facebook", None)]
    assert tabs["Historial"].headers == [] and tabs["Historial"].rows == []
    assert others == ["Notas"]


def test_the_archive_counts_what_it_decompresses(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.csv", "x" * 1000)
    budget = Budget()
    archive = Archive(buffer, budget)
    with archive.open("a.csv") as member:
        assert member.read() == b"x" * 1000
    assert budget.unzipped == 1000


# --- the upload on Métricas ------------------------------------------------------------------------------------


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(at, name: str, data: bytes):
    at.file_uploader(key="import_file").set_value((name, data, XLSX_TYPE))
    at.button[[button.label for button in at.button].index("Importar")].click().run()
    return at


def test_the_metricas_upload_of_a_bomb_shows_the_refusal(store_url, tmp_path):
    data = dimension_bomb(x_export_xlsx(tmp_path / "x.xlsx")).read_bytes()
    at = upload(open_page("app_pages/metricas.py"), "tweet_activity.xlsx", data)
    assert not at.exception, [e.message for e in at.exception]
    assert "No se importó nada: el archivo tiene más de 200.000 filas" in texts(at.error)
    assert ROWS_LIMIT in texts(at.error)
    assert stored_rows(store_url) == 0


def test_the_metricas_upload_checks_the_role_before_reading_the_file(store_url, tmp_path, writer):
    """A Periodista sees the page but may not import: told so, and the bomb is never read (its own
    refusal, about rows, does not appear)."""
    at = open_as(writer, "app_pages/metricas.py", "Pedro Gómez", "Periodista")
    before = stored_rows(store_url)  # Pedro's row in Usuarios and its Historial row
    upload(at, "tweet_activity.xlsx", dimension_bomb(x_export_xlsx(tmp_path / "x.xlsx")).read_bytes())
    assert not at.exception, [e.message for e in at.exception]
    assert "Su rol no permite «importar métricas» en Publicaciones" in texts(at.error)
    assert "filas" not in texts(at.error)
    assert stored_rows(store_url) == before


def test_the_metricas_upload_explains_an_unexpected_failure(store_url, tmp_path, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("fallo interno")

    monkeypatch.setattr("core.metrics_import.importing.apply_plan", broken)
    at = upload(open_page("app_pages/metricas.py"), "tweet_activity.xlsx",
                x_export_xlsx(tmp_path / "x.xlsx").read_bytes())
    at.checkbox[0].check().run()  # the file's account is not in Cuentas: import it all the same
    at.button(key="metrics_confirm").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert "La importación se detuvo por un error inesperado** (RuntimeError)" in texts(at.error)


def test_an_upload_is_not_read_when_the_role_may_not_import(register):
    class Untouchable(io.BytesIO):
        def read(self, *_):
            raise AssertionError("the file was read")

    from core.errors import ActionRefused

    writer = register.writer("Pedro", roles=("Periodista",))
    with pytest.raises(ActionRefused, match="Su rol no permite «importar métricas» en Publicaciones"):
        import_metrics_file(writer, Untouchable(b""), "x.csv")
    with pytest.raises(ActionRefused, match="Su rol no permite «importar métricas» en Publicaciones"):
        plan_metrics_file(writer, Untouchable(b""), "x.csv")  # the page's preview


def test_the_server_refuses_uploads_over_the_file_limit_too():
    """The uploader's own limit is the browser's; Streamlit's server enforces `server.maxUploadSize`."""
    import tomllib

    from core.files.limits import MAX_FILE_BYTES, MB

    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["maxUploadSize"] * MB == MAX_FILE_BYTES
