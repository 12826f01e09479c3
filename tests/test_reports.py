"""The reports (core/reports/) and `python -m core informe` (core/cli/reports.py): small registers with known
numbers, written through the real write path (and once through `importar` from a workbook), every file
written, then read back with the library a user's program would use (openpyxl, pypdf, csv) and its figures
checked against numbers worked out by hand."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from openpyxl.utils.escape import unescape
from pypdf import PdfReader

from core.files.spreadsheet_safety import safe_text
from core.reports import closure, pqrs_monthly, semester
from core.reports.formats import file_name, report_bytes
from core.reports.model import Col, Figure, Header, Report, Table, frame
from core.reports.periods import PeriodError, month_bounds, previous_semester, semester_bounds
from core.sheet.cells import BOGOTA
from tests.cli_kit import run

MADE = datetime(2026, 11, 28, 9, 0, tzinfo=BOGOTA)
TODAY = MADE.date()
HYPERLINK = '=HYPERLINK("http://x","y")'


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=BOGOTA)




# --- reading the files back --------------------------------------------------------------------------------

def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def section(sheet, title: str) -> list[tuple]:
    """The rows of a table on the summary sheet: its header row, then its rows (until a row with only column A)."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(number for number, row in enumerate(rows) if row and row[0] == title)
    found = [rows[start + 1]]
    for row in rows[start + 2:]:
        if not row or all(value is None for value in row[1:]):
            break
        found.append(row)
    return found


def as_dicts(rows: list[tuple]) -> list[dict]:
    header = rows[0]
    return [dict(zip(header, row)) for row in rows[1:]]


def pdf_text(data: bytes) -> str:
    """The PDF's text, lines joined by spaces (a paragraph may wrap anywhere)."""
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace("\n", " ")


def csv_rows(data: bytes, separator: str = ";") -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as Excel expects
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=separator))


# --- safe cells ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["=1+1", "+57 300", "-2", "@usuario", "\tcon tab", "\rcon retorno", HYPERLINK])
def test_a_text_that_could_be_a_formula_gets_a_leading_apostrophe_and_is_otherwise_unchanged(text):
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize("value, expected", [("Hola", "Hola"), ("a=b", "a=b"), (" =no empieza", " =no empieza"),
                                             ("", None), (None, None), (float("nan"), None), (12, "12")])
def test_other_texts_stay_as_they_are_and_empty_stays_empty(value, expected):
    assert safe_text(value) == expected


def _tiny_report(texts: list[str | None]) -> Report:
    columns = (Col("Texto"), Col("Día", "date"), Col("Número", "int"))
    rows = frame([{"Texto": text, "Día": date(2026, 10, 3), "Número": 1234} for text in texts], columns)
    return Report(kind="prueba", title="Prueba", period_key="2026-10", period_text="Octubre de 2026",
                  header=Header("Entidad", "Área", "C-1", "2"), made_at=MADE, figures=(Figure("Filas", len(texts)),),
                  tables=(Table("Lista", columns, rows, sheet="Lista", listing=True),), formats=("xlsx", "csv"))


def test_xlsx_and_csv_neutralise_every_dangerous_start_keep_dates_and_leave_empty_cells_empty():
    texts = ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)", "\tpestaña", "\rretorno", "normal", None]
    report = _tiny_report(texts)
    sheet = workbook(report_bytes(report, "xlsx"))["Lista"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    # as typed, read as Excel reads a cell (a carriage return is stored as OOXML's `_x000D_`, which openpyxl leaves
    # as it is): no visible apostrophe in a workbook
    assert [None if cell.value is None else unescape(cell.value) for cell in cells] == texts
    assert all(cell.data_type == "s" for cell in cells if cell.value is not None)
    assert [cell.quotePrefix for cell in cells if cell.value is not None] == [text != "normal" for text in texts
                                                                              if text is not None]
    day = sheet.cell(row=2, column=2)
    assert day.value == datetime(2026, 10, 3) and day.number_format == "dd/mm/yyyy"
    assert sheet.cell(row=2, column=3).value == 1234
    for separator, number in ((";", "1.234"), (",", "1234")):
        rows = list(csv.reader(io.StringIO(report_bytes(report, "csv", separator).decode("utf-8-sig"), newline=""),
                               delimiter=separator))
        assert rows[0] == ["Texto", "Día", "Número"]
        assert [row[0] for row in rows[1:]] == ["" if text is None else ("'" + text if text != "normal" else text)
                                               for text in texts]
        assert rows[1][1:] == ["03/10/2026", number]


def test_periods_and_file_names():
    assert month_bounds("2026-02") == (date(2026, 2, 1), date(2026, 2, 28))
    assert month_bounds("2026-12") == (date(2026, 12, 1), date(2026, 12, 31))
    assert semester_bounds("2026-1") == (date(2026, 1, 1), date(2026, 6, 30))
    assert semester_bounds("2026-2") == (date(2026, 7, 1), date(2026, 12, 31))
    assert previous_semester("2026-1") == "2025-2" and previous_semester("2026-2") == "2026-1"
    for bad in ("2026-13", "10-2026", "2026-3"):
        with pytest.raises(PeriodError):
            month_bounds(bad) if bad != "2026-3" else semester_bounds(bad)
    assert file_name(_tiny_report(["x"]), "xlsx") == "informe-prueba_2026-10.xlsx"


# --- the monthly report ------------------------------------------------------------------------------------

# Six messages in October 2026 (Bogotá), one just before and one just after. Holidays: Monday 12 October,
# Monday 2 and Monday 16 November. Listas: Monday 5 October is a suspension of terms (legal terms only) and
# Friday 2 October a closed day of the office (internal limits only).
MESSAGES = [
    {"ID": "MSG-20261001-AAAA", "Recibido": at(2026, 10, 1, 9, 0), "Red": "Facebook",
     "Tipo de interacción": "Comentario",
     "Usuario": "@ana", "Mensaje": "¿Dónde radico una queja por el andén?", "Clasificación": "Queja", "Tema": "Andenes",
     "Respondido": True, "Fecha de respuesta": at(2026, 10, 1, 13, 0), "Enviado a ATC": date(2026, 10, 2),
     "Radicado": True, "Número de radicado": "2026-100", "Fecha de radicación": date(2026, 10, 2)},
    {"ID": "MSG-20261003-BBBB", "Recibido": at(2026, 10, 3, 10, 0), "Red": "X", "Tipo de interacción": "Mención",
     "Usuario": "@beto", "Mensaje": HYPERLINK, "Clasificación": "Derecho de petición de interés general",
     "Tema": "Parques", "Respondido": True, "Fecha de respuesta": at(2026, 10, 6, 10, 0),
     "Enviado a ATC": date(2026, 10, 6), "Trasladado a": "Secretaría de Movilidad"},
    {"ID": "MSG-20261010-CCCC", "Recibido": at(2026, 10, 10, 18, 0), "Red": "Instagram",
     "Tipo de interacción": "Mensaje directo", "Usuario": "@carla", "Mensaje": "+57 300 000 0000 llámenme",
     "Clasificación": "No es PQRS", "Respondido": False},
    {"ID": "MSG-20261015-DDDD", "Recibido": at(2026, 10, 15, 8, 0), "Red": "Facebook",
     "Tipo de interacción": "Comentario",
     "Usuario": "dora", "Mensaje": "-Gracias por la jornada", "Clasificación": "Felicitación", "Tema": "Parques",
     "Respondido": True, "Fecha de respuesta": at(2026, 10, 15, 10, 0), "Enviado a ATC": date(2026, 10, 16),
     "Radicado": True, "Número de radicado": "2026-200", "Fecha de radicación": date(2026, 10, 19)},
    {"ID": "MSG-20261020-EEEE", "Recibido": at(2026, 10, 20, 11, 0), "Red": "Instagram",
     "Tipo de interacción": "Comentario", "Usuario": "@eva", "Mensaje": "¿Cómo pido un certificado de un predio?",
     "Clasificación": "Consulta", "Tema": "Andenes", "Competencia": "Otra entidad"},
    {"ID": "MSG-20261031-FFFF", "Recibido": at(2026, 10, 31, 23, 30), "Red": "TikTok", "Tipo de interacción": "Mención",
     "Usuario": "@fer", "Mensaje": "@DADEPBogota hola, ¿me ayudan?", "Caso especial": True},
    {"ID": "MSG-20260930-GGGG", "Recibido": at(2026, 9, 30, 23, 59), "Red": "Facebook", "Usuario": "@antes",
     "Mensaje": "Septiembre", "Clasificación": "Queja"},
    {"ID": "MSG-20261101-HHHH", "Recibido": at(2026, 11, 1, 0, 0), "Red": "Facebook", "Usuario": "@despues",
     "Mensaje": "Noviembre", "Clasificación": "Queja"},
]
OCTOBER = [message["ID"] for message in MESSAGES[:6]]
# Worked out by hand (see the comment above MESSAGES): the legal term of each message of October.
DUE = {"MSG-20261001-AAAA": date(2026, 10, 26),  # Queja, 15 days from Thursday 1: 23/10, +1 for the suspension
       "MSG-20261003-BBBB": date(2026, 10, 27),  # petition received on Saturday 3, 15 days, suspension on the 5th
       "MSG-20261010-CCCC": None, "MSG-20261015-DDDD": None,  # No es PQRS, Felicitación: no term
       "MSG-20261020-EEEE": date(2026, 12, 3),  # Consulta, 30 days, skipping 2 and 16 November
       "MSG-20261031-FFFF": date(2026, 11, 24)}  # unclassified: the general 15 days, from Saturday 31
PER_NETWORK = {"Facebook": (2, 2, 0, 0), "X": (1, 1, 0, 0), "Instagram": (2, 1, 1, 0), "YouTube": (0, 0, 0, 0),
               "TikTok": (1, 0, 0, 1)}  # Mensajes, PQRS, No es PQRS, Sin clasificar
PER_TIPOLOGY = {"Queja": 1, "Derecho de petición de interés general": 1, "No es PQRS": 1, "Felicitación": 1,
                "Consulta": 1, "Sin clasificar": 1, "Reclamo": 0, "Sugerencia": 0}


def _other_sources(writer) -> None:
    writer.create_many("Publicaciones", [
        {"Red": "Facebook", "Programada": at(2026, 10, 5, 9), "Publicada": at(2026, 10, 5, 9), "Estado": "Publicada",
         "Origen": "Cubrimiento", "Comentarios": 7, "Alcance": 1000},
        {"Red": "Instagram", "Programada": at(2026, 10, 20, 9), "Publicada": at(2026, 10, 20, 9),
         "Estado": "Publicada", "Origen": "Cubrimiento", "Comentarios": 5},
        {"Red": "Facebook", "Programada": at(2026, 9, 30, 9), "Publicada": at(2026, 9, 30, 9), "Estado": "Publicada",
         "Origen": "Cubrimiento", "Comentarios": 100},  # September
        {"Red": "X", "Programada": at(2026, 10, 25, 9), "Estado": "Programada", "Origen": "Cubrimiento",
         "Comentarios": 50},  # not published
    ])
    writer.create_many("Monitoreo", [
        {"Fecha": date(2026, 10, 5), "Red": "Facebook", "Mensajes nuevos": 3},
        {"Fecha": date(2026, 10, 6), "Red": "X", "Mensajes nuevos": 2},
        {"Fecha": date(2026, 9, 30), "Red": "Facebook", "Mensajes nuevos": 9},
    ])
    writer.create_many("Métricas de cuenta", [
        {"Mes": "2026-10", "Red": "Facebook", "Cuenta": "DADEP Bogotá", "Mensajes recibidos": 40},
        {"Mes": "2026-09", "Red": "Facebook", "Cuenta": "DADEP Bogotá", "Mensajes recibidos": 30},
    ])


def _calendar_and_header(writer) -> None:
    writer.create_many("Listas", [{"Suspensión de términos": date(2026, 10, 5), "Días no hábiles": date(2026, 10, 2)}])
    writer.create_many("Ajustes", [{"Ajuste": "Código SIG", "Valor": "CO-F-12"},
                                   {"Ajuste": "Versión SIG", "Valor": "3"}])


@pytest.fixture
def month_tables(writer, register):
    writer.create_many("Mensajes", MESSAGES)
    _other_sources(writer)
    _calendar_and_header(writer)
    return register.snapshot(refresh=True).tables


def _check_monthly(report) -> None:
    listing = report.listing.rows
    assert list(listing["ID"]) == OCTOBER  # received in October in Bogotá, in order; September and November out
    assert dict(zip(listing["ID"], listing["Vencimiento legal"])) == DUE
    rows = {row["Red"]: row for row in report.table("Mensajes por red").rows.to_dict("records")}
    assert {name: (row["Mensajes"], row["PQRS"], row["No es PQRS"], row["Sin clasificar"])
            for name, row in rows.items()} == PER_NETWORK
    typologies = dict(report.table("Mensajes por tipología").rows[["Tipología", "Mensajes"]].itertuples(index=False))
    assert {name: typologies[name] for name in PER_TIPOLOGY} == PER_TIPOLOGY
    assert sum(typologies.values()) == 6


def test_monthly_report_counts_times_pending_and_sources(month_tables):
    report = pqrs_monthly.build(month_tables, "2026-10", made_at=MADE)
    _check_monthly(report)
    figures = {figure.label: figure.value for figure in report.figures}
    assert figures["Mensajes recibidos en el mes"] == 6
    assert (figures["Con tipología de PQRS"], figures["No es PQRS"], figures["Sin clasificar"]) == (4, 1, 1)
    # Answered: 4 h, 72 h and 2 h; on time (by the next business day): the first and the third.
    assert figures["Respondidos en la red"] == 3
    assert figures["Tiempo de respuesta, mediana (horas corridas)"] == pytest.approx(4)
    assert figures["Tiempo de respuesta, promedio (horas corridas)"] == pytest.approx(26)
    assert figures["Respondidos a más tardar el día hábil siguiente"] == 2
    # Sent: 0 business days (Friday 2 is closed), 2 (Saturday to Tuesday), 1; late: the one due on Monday 5.
    assert figures["Enviados a Atención a la Ciudadanía"] == 3
    assert figures["Tiempo de envío a ATC, mediana (días hábiles)"] == pytest.approx(1)
    assert figures["Tiempo de envío a ATC, promedio (días hábiles)"] == pytest.approx(1)
    assert figures["Enviados a más tardar el día hábil siguiente"] == 2
    assert figures["Radicados en Bogotá te escucha"] == 2 and figures["Trasladados a otra entidad"] == 1
    # Terms run from receipt, filed or not: the filed Queja (due 26/10), the unfiled Consulta (due 03/12) and the
    # unfiled, unclassified special case (due 24/11); the transferred petition's runs elsewhere.
    assert figures["Pendientes al 28/11/2026"] == 4 and figures["Términos legales vencidos al 28/11/2026"] == 2
    pending = {row["Cola"]: (row["Mensajes"], row["Vencidos"])
               for row in report.table("Pendientes al 28/11/2026").rows.to_dict("records")}
    assert pending == {"Sin responder": (2, 2), "Por enviar a ATC": (2, 2), "Por radicar": (1, 0),
                       "Traslados": (1, 1), "Términos": (3, 2), "Casos especiales": (1, 1)}
    # Each other source is its own figure.
    assert figures["Comentarios en las publicaciones del mes"] == 12
    assert figures["Mensajes nuevos anotados en el monitoreo"] == 5
    assert figures["Mensajes recibidos según las métricas de cuenta"] == 40
    sources = {row["Red"]: row for row in report.table("Otras fuentes del mes").rows.to_dict("records")}
    assert sources["Facebook"]["Comentarios en publicaciones"] == 7
    assert sources["X"]["Mensajes nuevos en Monitoreo"] == 2
    days = dict(report.table("Mensajes por día").rows[["Día", "Mensajes"]].itertuples(index=False))
    assert len(days) == 31 and sum(days.values()) == 6
    assert days[date(2026, 10, 31)] == 1 and days[date(2026, 10, 2)] == 0
    topics = dict(report.table("Mensajes por tema").rows.itertuples(index=False))
    assert topics == {"Andenes": 2, "Parques": 2, "Sin tema": 2}
    pending_in = dict(zip(report.listing.rows["ID"], report.listing.rows["Pendiente en"]))
    assert pending_in["MSG-20261020-EEEE"] == "Sin responder; Por enviar a ATC; Traslados; Términos"
    assert pending_in["MSG-20261010-CCCC"] is None
    assert report.header.sig_code == "CO-F-12" and report.header.sig_version == "3"
    assert "6 mensajes" in report.analysis and report.recommendations == ""


def test_monthly_xlsx_has_a_summary_and_the_list_with_inert_text_and_real_dates(month_tables):
    report = pqrs_monthly.build(month_tables, "2026-10", made_at=MADE)
    book = workbook(report_bytes(report, "xlsx"))
    assert book.sheetnames == ["Resumen", "Mensajes"]
    summary = book["Resumen"]
    head = {row[0]: row[1] for row in summary.iter_rows(min_row=2, max_row=8, values_only=True)}
    assert head["Código SIG"] == "CO-F-12" and head["Versión"] == "3" and head["Periodo"] == "Octubre de 2026"
    assert head["Entidad"].startswith("Departamento Administrativo de la Defensoría del Espacio Público")
    networks = {row["Red"]: (row["Mensajes"], row["PQRS"], row["No es PQRS"], row["Sin clasificar"])
                for row in as_dicts(section(summary, "Mensajes por red"))}
    assert networks == PER_NETWORK
    typologies = {row["Tipología"]: row["Mensajes"] for row in as_dicts(section(summary, "Mensajes por tipología"))}
    assert {name: typologies[name] for name in PER_TIPOLOGY} == PER_TIPOLOGY
    sheet = book["Mensajes"]
    header = [cell.value for cell in sheet[1]]
    assert header[:8] == ["ID", "Recibido", "Red", "Tipo de interacción", "Usuario", "Mensaje", "Tipología", "Tema"]
    assert sheet.freeze_panes == "A2"
    rows = {row[0].value: dict(zip(header, row)) for row in sheet.iter_rows(min_row=2)}
    assert list(rows) == OCTOBER
    formula = rows["MSG-20261003-BBBB"]["Mensaje"]
    assert formula.data_type == "s" and formula.value == HYPERLINK and formula.quotePrefix  # inert text
    assert rows["MSG-20261010-CCCC"]["Mensaje"].value == "+57 300 000 0000 llámenme"
    assert rows["MSG-20261003-BBBB"]["Usuario"].value == "@beto"  # read as typed, marked as text
    assert rows["MSG-20261003-BBBB"]["Usuario"].quotePrefix  # the OWASP rule applies to handles too
    assert rows["MSG-20261015-DDDD"]["Usuario"].value == "dora"
    for key, due in DUE.items():
        cell = rows[key]["Vencimiento legal"]
        assert cell.value == (None if due is None else datetime(due.year, due.month, due.day))
        if due is not None:
            assert cell.number_format == "dd/mm/yyyy" and cell.is_date
    received = rows["MSG-20261031-FFFF"]["Recibido"]
    assert received.value == datetime(2026, 10, 31, 23, 30) and received.is_date  # Bogotá time, not UTC
    assert rows["MSG-20261001-AAAA"]["Respondido"].value == "Sí"
    assert rows["MSG-20261010-CCCC"]["Respondido"].value == "No"
    assert rows["MSG-20261031-FFFF"]["Respondido"].value is None  # empty stays empty
    assert rows["MSG-20261001-AAAA"]["Número de radicado"].value == "2026-100"


def test_monthly_csv_is_the_list_with_bom_semicolons_and_dd_mm_yyyy(month_tables):
    report = pqrs_monthly.build(month_tables, "2026-10", made_at=MADE)
    for separator in (";", ","):
        rows = csv_rows(report_bytes(report, "csv", separator), separator)
        assert [row["ID"] for row in rows] == OCTOBER
        by_id = {row["ID"]: row for row in rows}
        assert {key: row["Vencimiento legal"] for key, row in by_id.items()} == {
            key: due.strftime("%d/%m/%Y") if due else "" for key, due in DUE.items()}
        assert by_id["MSG-20261003-BBBB"]["Mensaje"] == "'" + HYPERLINK
        assert by_id["MSG-20261015-DDDD"]["Mensaje"] == "'-Gracias por la jornada"
        assert by_id["MSG-20261001-AAAA"]["Recibido"] == "01/10/2026 9:00 a. m."
        assert by_id["MSG-20261001-AAAA"]["Enviado a ATC"] == "02/10/2026"
        assert by_id["MSG-20261031-FFFF"]["Tipología"] == "" and by_id["MSG-20261031-FFFF"]["Respondido"] == ""
        counted = {name: sum(row["Red"] == name for row in rows) for name in PER_NETWORK}
        assert counted == {name: values[0] for name, values in PER_NETWORK.items()}


def test_monthly_pdf_has_the_header_the_figures_the_charts_and_the_list(month_tables):
    report = pqrs_monthly.build(month_tables, "2026-10", made_at=MADE, analysis="Análisis escrito a mano.",
                                recommendations="Responder en menos de 4 horas.")
    data = report_bytes(report, "pdf")
    reader = PdfReader(io.BytesIO(data))
    text = pdf_text(data)
    assert "Informe mensual de PQRS – canal virtual redes sociales" in reader.pages[0].extract_text()
    assert "Código SIG: CO-F-12 · Versión: 3" in reader.pages[0].extract_text()
    for name, (total, pqrs, not_pqrs, unclassified) in PER_NETWORK.items():
        assert f"{name} {total} {pqrs} {not_pqrs} {unclassified}" in text
    assert "Consulta 1 30" in text and "Queja 1 15" in text
    for key, due in DUE.items():
        assert key in text
        if due:
            assert due.strftime("%d/%m/%Y") in text
    assert HYPERLINK in text  # the PDF shows the text as written: it runs nothing
    assert "Análisis escrito a mano." in text and "Responder en menos de 4 horas." in text
    images = sum(len(page.images) for page in reader.pages)
    assert images == len(report.charts) == 3  # messages per day, per network, per tipología


def test_the_page_preview_and_the_files_show_the_same_figures(month_tables):
    report = pqrs_monthly.build(month_tables, "2026-10", made_at=MADE)
    summary = workbook(report_bytes(report, "xlsx"))["Resumen"]
    text = pdf_text(report_bytes(report, "pdf"))
    for title in ("Mensajes por red", "Mensajes por tipología", "Tiempos de respuesta y de envío a ATC"):
        table = report.table(title)
        in_file = section(summary, title)
        assert list(in_file[0][:len(table.columns)]) == [col.name for col in table.columns]
        preview = table.preview()
        for row, shown in zip(in_file[1:], preview.itertuples(index=False)):
            for value, text_value, col in zip(row, shown, table.columns):
                if col.kind == "int":
                    assert text_value == ("" if value is None else f"{value:,}".replace(",", "."))
                elif col.kind == "number":
                    assert text_value == ("" if value is None else f"{value:.1f}".replace(".", ","))
                else:
                    assert text_value == (value or "")
            assert " ".join(value for value in shown if value) in text
    rows = list(summary.iter_rows(values_only=True))
    start = next(number for number, row in enumerate(rows) if row[0] == "Cifra")
    in_file = {row[0]: row[1] for row in rows[start + 1:start + 1 + len(report.figures)]}
    for figure in report.figures:
        assert in_file[figure.label] == (pytest.approx(figure.value) if isinstance(figure.value, float)
                                         else figure.value)
        assert f"{figure.label} {figure.text}" in text


def test_the_pdf_lists_at_most_1000_messages_and_points_to_the_xlsx(writer, register):
    start = at(2026, 10, 1, 0, 0)
    writer.create_many("Mensajes", [
        {"ID": f"MSG-MUCHOS-{number:04d}", "Recibido": start + timedelta(minutes=40 * number), "Red": "Facebook",
         "Mensaje": f"Mensaje {number}", "Clasificación": "No es PQRS"} for number in range(1001)])
    report = pqrs_monthly.build(register.snapshot(refresh=True).tables, "2026-10", made_at=MADE)
    text = pdf_text(report_bytes(report, "pdf"))
    assert "El PDF muestra los primeros 1.000 de 1.001 mensajes; la lista completa está en el archivo XLSX" in text
    assert "MSG-MUCHOS-0999" in text and "MSG-MUCHOS-1000" not in text
    sheet = workbook(report_bytes(report, "xlsx"))["Mensajes"]
    assert sheet.max_row == 1002 and sheet.cell(row=1002, column=1).value == "MSG-MUCHOS-1000"


def test_a_month_without_messages_still_gives_every_file_and_says_so(writer, register):
    report = pqrs_monthly.build(register.snapshot().tables, "2027-02", made_at=MADE)
    assert report.empty_note and "febrero de 2027" in report.empty_note and report.listing.rows.empty
    assert "No hay mensajes recibidos en febrero de 2027" in pdf_text(report_bytes(report, "pdf"))
    assert workbook(report_bytes(report, "xlsx"))["Mensajes"].max_row == 1
    assert csv_rows(report_bytes(report, "csv")) == []


def _spreadsheet_cells(message: dict) -> dict:
    """A message as a person types it in the sheet: day-first dates, Sí/No, times with a. m./p. m."""
    typed = {}
    for name, value in message.items():
        if isinstance(value, datetime):
            hour = value.hour % 12 or 12
            typed[name] = f"{value.day}/{value.month}/{value.year} {hour}:{value.minute:02d} " \
                          f"{'a. m.' if value.hour < 12 else 'p. m.'}"
        elif isinstance(value, date):
            typed[name] = f"{value.day}/{value.month}/{value.year}"
        elif isinstance(value, bool):
            typed[name] = "Sí" if value else "No"
        else:
            typed[name] = value
    return typed


def test_cli_monthly_report_from_an_imported_workbook_in_all_three_formats(store_url, tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "mensajes"  # tab and headers as loosely written as in the shared sheet
    headers = ["ID", "Recibido", "Red", "Tipo de interacción", "Usuario", "Mensaje", "Clasificación", "Tema",
               "Competencia", "Respondido", "Fecha de respuesta", "Enviado a ATC", "Radicado", "Número de radicado",
               "Fecha de radicación", "Trasladado a", "Caso especial"]
    sheet.append(headers)
    for message in MESSAGES:
        typed = _spreadsheet_cells(message)
        sheet.append([typed.get(name) for name in headers])
    for cell in sheet["F"][1:]:
        cell.data_type = "s"  # the =HYPERLINK message is text in the sheet, as the register keeps it
    lists = book.create_sheet("Listas")
    lists.append(["Suspensión de términos", "Días no hábiles"])
    lists.append(["5/10/2026", "2/10/2026"])
    path = tmp_path / "registro.xlsx"
    book.save(path)
    code, lines = run(capsys, "importar", str(path))
    assert code == 0, lines
    for file_format in ("xlsx", "pdf", "csv"):
        out = tmp_path / f"informe.{file_format}"
        code, lines = run(capsys, "informe", "pqrs-mensual", "--mes", "2026-10", "--formato", file_format,
                          "--salida", str(out))
        assert code == 0, lines
        assert lines[0].endswith(f"escrito en {out}: 6 mensajes.")
    book = openpyxl.load_workbook(tmp_path / "informe.xlsx")
    rows = as_dicts(list(book["Mensajes"].iter_rows(values_only=True)))
    assert [row["ID"] for row in rows] == OCTOBER
    assert {row["ID"]: row["Vencimiento legal"] for row in rows} == {
        key: None if due is None else datetime(due.year, due.month, due.day) for key, due in DUE.items()}
    assert {row["Red"]: (row["Mensajes"], row["PQRS"], row["No es PQRS"], row["Sin clasificar"])
            for row in as_dicts(section(book["Resumen"], "Mensajes por red"))} == PER_NETWORK
    typologies = {row["Tipología"]: row["Mensajes"] for row in as_dicts(section(book["Resumen"],
                                                                                "Mensajes por tipología"))}
    assert {name: typologies[name] for name in PER_TIPOLOGY} == PER_TIPOLOGY
    formula = next(cell for cell in book["Mensajes"]["F"] if cell.value and "HYPERLINK" in cell.value)
    assert formula.data_type == "s" and formula.value == HYPERLINK and formula.quotePrefix
    rows = csv_rows((tmp_path / "informe.csv").read_bytes())
    assert [row["ID"] for row in rows] == OCTOBER
    assert {row["ID"]: row["Vencimiento legal"] for row in rows} == {
        key: due.strftime("%d/%m/%Y") if due else "" for key, due in DUE.items()}
    assert {row["Tipología"] or "Sin clasificar" for row in rows} == {name for name, count in PER_TIPOLOGY.items()
                                                                       if count}
    assert next(row for row in rows if row["ID"] == "MSG-20261003-BBBB")["Mensaje"] == "'" + HYPERLINK
    text = pdf_text((tmp_path / "informe.pdf").read_bytes())
    for name, (total, pqrs, not_pqrs, unclassified) in PER_NETWORK.items():
        assert f"{name} {total} {pqrs} {not_pqrs} {unclassified}" in text
    assert all(due.strftime("%d/%m/%Y") in text for due in DUE.values() if due)


def test_cli_writes_a_month_without_data_and_refuses_bad_arguments(store_url, tmp_path, capsys):
    out = tmp_path / "vacio.csv"
    code, lines = run(capsys, "informe", "pqrs-mensual", "--mes", "2027-02", "--formato", "csv", "--salida", str(out),
                      "--separador", ",")
    assert code == 0 and out.exists()
    assert "aviso: No hay mensajes recibidos en febrero de 2027; el informe se escribió sin mensajes." in lines
    code, lines = run(capsys, "informe", "pqrs-mensual", "--mes", "2026-13", "--formato", "csv", "--salida",
                      str(tmp_path / "x.csv"))
    assert code == 2 and "no es un mes" in lines[-1] and not (tmp_path / "x.csv").exists()
    code, lines = run(capsys, "informe", "semestral", "--semestre", "2026-3", "--formato", "pdf", "--salida",
                      str(tmp_path / "x.pdf"))
    assert code == 2 and "no es un semestre" in lines[-1]
    code, lines = run(capsys, "informe", "semestral", "--semestre", "2026-1", "--formato", "csv", "--salida",
                      str(tmp_path / "x.csv"))
    assert code == 2 and not (tmp_path / "x.csv").exists()  # the semester report has no CSV


# --- the semester report -----------------------------------------------------------------------------------

# Semester 2026-2, previous 2026-1; made on 15/01/2027, so the «no post in 60 days» window ends on 31/12/2026.
# Engagement per account, this semester and the previous one (each account against itself only): Facebook
# main 150/2000 = 7,5 % (10 % before), Eventos 10/500 = 2 % (no post before), X 160/4000 = 4 % on impressions
# (1000/25000 = 4 % before), Instagram 300/3000 = 10 % (10 %), TikTok 15/500 = 3 % (100/1000 = 10 %).
SEMESTER_MADE = datetime(2027, 1, 15, 9, 0, tzinfo=BOGOTA)
ACCOUNTS = [
    {"Red": "Facebook", "Cuenta": "DADEP Bogotá", "Enlace": "https://www.facebook.com/DADEPBogota", "Estado": "Activa"},
    {"Red": "Facebook", "Cuenta": "DADEP Eventos", "Enlace": "https://www.facebook.com/DADEPEventos",
     "Estado": "Inactiva"},
    {"Red": "X", "Cuenta": "@DADEPBogota", "Enlace": "https://x.com/DADEPBogota", "Estado": "Activa"},
    {"Red": "Instagram", "Cuenta": "@dadepbogota", "Enlace": "https://www.instagram.com/dadepbogota/",
     "Estado": "Activa"},
    {"Red": "TikTok", "Cuenta": "@dadepbogota", "Enlace": "https://www.tiktok.com/@dadepbogota", "Estado": "Activa"},
]


def _post(network: str, day: date, link: str | None = None, **metrics) -> dict:
    moment = at(day.year, day.month, day.day, 10, 0)
    return {"Red": network, "Programada": moment, "Publicada": moment, "Estado": "Publicada", "Origen": "Cubrimiento",
            "Enlace": link, **metrics}


POSTS = [
    # This semester.
    _post("Facebook", date(2026, 12, 1), "https://www.facebook.com/reel/1", Alcance=1000, Interacciones=100),
    _post("Facebook", date(2026, 12, 20), None, Alcance=1000, Reacciones=30, Comentarios=10, Compartidos=5, Clics=5),
    _post("Facebook", date(2026, 8, 1), "https://www.facebook.com/DADEPEventos/posts/1", Alcance=500,
          Interacciones=10),
    _post("X", date(2026, 12, 10), "https://x.com/DADEPBogota/status/1", Impresiones=4000, Interacciones=160),
    _post("Instagram", date(2026, 12, 15), "https://www.instagram.com/p/abc/", Alcance=3000, Interacciones=300),
    _post("TikTok", date(2026, 11, 30), "https://www.tiktok.com/@dadepbogota/video/1", Alcance=500, Interacciones=15),
    # The previous semester.
    _post("Facebook", date(2026, 2, 1), None, Alcance=1000, Interacciones=100),
    _post("X", date(2026, 3, 1), None, Impresiones=25000, Interacciones=1000),
    _post("Instagram", date(2026, 4, 1), None, Alcance=2000, Interacciones=200),
    _post("TikTok", date(2026, 5, 1), None, Alcance=1000, Interacciones=100),
    # Not published: never counted.
    {**_post("Instagram", date(2026, 12, 16), None, Alcance=99999, Interacciones=99999), "Estado": "Cancelada"},
]
FOLLOWERS = [
    ("2026-06", "Facebook", "DADEP Bogotá", 1000), ("2026-12", "Facebook", "DADEP Bogotá", 1100),
    ("2026-06", "Facebook", "DADEP Eventos", 500), ("2026-12", "Facebook", "DADEP Eventos", 500),
    ("2026-07", "X", "@DADEPBogota", 3000), ("2026-12", "X", "@DADEPBogota", 3010),
    ("2026-06", "Instagram", "@dadepbogota", 2000), ("2026-07", "Instagram", "@dadepbogota", 2100),
    ("2026-11", "Instagram", "@dadepbogota", 1990),
]


@pytest.fixture
def semester_tables(writer, register):
    writer.create_many("Cuentas", ACCOUNTS)
    writer.create_many("Publicaciones", POSTS)
    writer.create_many("Métricas de cuenta", [{"Mes": month, "Red": network, "Cuenta": name, "Seguidores": count}
                                              for month, network, name, count in FOLLOWERS])
    writer.create_many("Mensajes", [{"Recibido": at(2026, 12, 1, 9), "Red": "Facebook", "Usuario": "@ciudadana_secreta",
                                     "Mensaje": "Texto privado de una ciudadana", "Clasificación": "Queja"}])
    return register.snapshot(refresh=True).tables


def _accounts(report) -> dict[str, dict]:
    return {f"{row['Red']} {row['Cuenta']}": row for row in report.table("Cuentas").rows.to_dict("records")}


def test_semester_ranks_networks_by_interactions_then_reach(semester_tables):
    report = semester.build(semester_tables, "2026-2", made_at=SEMESTER_MADE)
    networks = report.table("Redes por impacto").rows.to_dict("records")
    # Facebook and X tie on 160 interactions; Facebook's reach (2.500) puts it first.
    assert [(row["Puesto"], row["Red"], row["Interacciones"], row["Alcance"]) for row in networks] == [
        (1, "Instagram", 300, 3000), (2, "Facebook", 160, 2500), (3, "X", 160, 0), (4, "TikTok", 15, 500)]
    facebook = networks[1]
    assert facebook["Cuentas"] == 2 and facebook["Cuentas activas"] == 1 and facebook["Publicaciones"] == 3
    assert facebook["Engagement"] == pytest.approx(160 / 2500) and facebook["Base del engagement"] == "alcance"
    assert facebook["Seguidores al cierre"] == 1600 and facebook["Crecimiento de seguidores"] == 100
    assert networks[2]["Base del engagement"] == "impresiones"
    assert networks[0]["Seguidores al cierre"] == 1990 and networks[0]["Crecimiento de seguidores"] == -10
    assert networks[3]["Seguidores al cierre"] is None  # TikTok has no account metrics
    change = {row["Red"]: row for row in report.table("Cambio frente al semestre anterior").rows.to_dict("records")}
    assert change["X"]["Interacciones (anterior)"] == 1000 and change["X"]["Cambio de interacciones"] == \
        pytest.approx(-0.84)
    assert change["Facebook"]["Cambio de interacciones"] == pytest.approx(0.6)
    assert change["TikTok"]["Cambio de publicaciones"] == pytest.approx(0)
    assert change["Facebook"]["Seguidores al cierre (anterior)"] == 1500


def test_semester_obsolete_rule_each_condition(semester_tables):
    report = semester.build(semester_tables, "2026-2", made_at=SEMESTER_MADE)
    accounts = _accounts(report)
    assert {name: row["Parece obsoleta"] for name, row in accounts.items()} == {
        "Facebook DADEP Bogotá": False, "Facebook DADEP Eventos": True, "X @DADEPBogota": False,
        "Instagram @dadepbogota": True, "TikTok @dadepbogota": True}
    # (1) no post in the last 60 days (its last, on 1 August, is attributed to it by its link).
    assert accounts["Facebook DADEP Eventos"]["Motivos"] == \
        "sin publicaciones en los últimos 60 días (la última, el 01/08/2026)"
    assert accounts["Facebook DADEP Eventos"]["Publicaciones"] == 1
    # (2) lost followers: 2.000 at the end of June, 1.990 in November (its last month with a figure).
    assert accounts["Instagram @dadepbogota"]["Motivos"] == "perdió 10 seguidores"
    # (3) interactions fell 85 % against its own previous semester, and so did its engagement on reach.
    assert accounts["TikTok @dadepbogota"]["Motivos"] == ("sus interacciones cayeron 85,0 % frente al semestre "
                                                          "anterior y su engagement también bajó, de 10,0 % a 3,0 % "
                                                          "sobre alcance")
    # X fell 84 % too, but its own engagement on impressions held (4 % both semesters): not obsolete.
    assert accounts["X @DADEPBogota"]["Cambio de interacciones"] == pytest.approx(-0.84)
    assert accounts["X @DADEPBogota"]["Engagement"] == pytest.approx(0.04)
    figures = {figure.label: figure.value for figure in report.figures}
    assert "Mediana del engagement de las cuentas" not in figures  # a median over different bases means nothing
    assert figures["Cuentas que parecen obsoletas"] == 3 and figures["Red de mayor impacto"] == "Instagram"
    rule = next(note for note in report.notes if note.startswith("Una cuenta parece obsoleta"))
    assert "últimos 60 días hasta el 31/12/2026" in rule and "cayeron 33 % o más frente a su semestre" in rule
    assert "solo consigo misma" in rule and "mediana" not in rule


# Two semesters of four accounts whose rates sit on different bases: X on impressions (8 %), the others on
# reach (Facebook 3 %, Instagram 12 % then 5 %) and YouTube on views, then on reach (2 %). The old rule (a
# fall of interactions with an engagement below the median of all accounts, 4 %) flagged Facebook.
BASES_POSTS = [
    *[_post("X", date(2026, 3, day), None, Impresiones=1000, Interacciones=80) for day in (2, 3)],
    *[_post("X", date(2026, 12, day), None, Impresiones=1000, Interacciones=80) for day in (2, 3)],
    *[_post("Facebook", date(2026, 3, day), None, Alcance=1000, Interacciones=30) for day in (2, 3, 4, 5)],
    *[_post("Facebook", date(2026, 12, day), None, Alcance=1000, Interacciones=30) for day in (2, 3)],
    *[_post("Instagram", date(2026, 3, day), None, Alcance=1000, Interacciones=120) for day in (2, 3, 4)],
    *[_post("Instagram", date(2026, 12, day), None, Alcance=1000, Interacciones=50) for day in (2, 3, 4)],
    *[_post("YouTube", date(2026, 3, day), None, Reproducciones=1000, Interacciones=50) for day in (2, 3, 4)],
    _post("YouTube", date(2026, 12, 2), None, Alcance=500, Interacciones=10),
]


def test_semester_compares_each_account_with_itself_never_rates_on_other_bases(writer, register):
    writer.create_many("Cuentas", [{"Red": network, "Cuenta": "DADEP", "Estado": "Activa"}
                                   for network in ("X", "Facebook", "Instagram", "YouTube", "TikTok")])
    writer.create_many("Publicaciones", BASES_POSTS)
    report = semester.build(register.snapshot(refresh=True).tables, "2026-2", made_at=SEMESTER_MADE)
    accounts = {row["Red"]: row for row in report.table("Cuentas").rows.to_dict("records")}
    assert (accounts["X"]["Engagement"], accounts["Facebook"]["Engagement"]) == (pytest.approx(0.08),
                                                                                pytest.approx(0.03))
    # Facebook posted half as much (interactions −50 %) and its rate on reach (3 %) is below X's on impressions
    # (8 %) and the accounts' median (4 %): comparing them called it obsolete. Against itself, it held.
    assert accounts["Facebook"]["Cambio de interacciones"] == pytest.approx(-0.5)
    assert not accounts["Facebook"]["Parece obsoleta"] and not accounts["X"]["Parece obsoleta"]
    # Instagram fell against its own previous semester: interactions −58,3 %, engagement 12 % → 5 % on reach.
    assert accounts["Instagram"]["Motivos"] == ("sus interacciones cayeron 58,3 % frente al semestre anterior y su "
                                                "engagement también bajó, de 12,0 % a 5,0 % sobre alcance")
    # YouTube's semesters share no base (views, then reach): the fall in interactions (−93,3 %) decides alone.
    assert accounts["YouTube"]["Motivos"] == ("sus interacciones cayeron 93,3 % frente al semestre anterior (sin "
                                              "engagement comparable: los dos semestres no comparten base)")
    # An account without posts is flagged whatever the others do.
    assert accounts["TikTok"]["Motivos"] == "sin publicaciones hasta el 31/12/2026"
    assert [network for network, row in accounts.items() if row["Parece obsoleta"]] == ["Instagram", "YouTube",
                                                                                         "TikTok"]
    resumen = " ".join(str(value) for row in workbook(report_bytes(report, "xlsx"))["Resumen"].iter_rows(
        values_only=True) for value in row if value)
    assert "Cada cuenta se compara solo consigo misma, nunca con las de otras redes" in resumen
    assert "nunca por el engagement de una red frente al de otra" in resumen


def test_semester_thresholds_come_from_the_settings(semester_tables, writer, register):
    writer.create_many("Ajustes", [{"Ajuste": "Días sin publicar para cuenta obsoleta", "Valor": "200"},
                                   {"Ajuste": "Caída de interacciones para cuenta obsoleta", "Valor": "90 %"}])
    report = semester.build(register.snapshot(refresh=True).tables, "2026-2", made_at=SEMESTER_MADE)
    accounts = _accounts(report)
    assert not accounts["Facebook DADEP Eventos"]["Parece obsoleta"]  # 152 days < 200
    assert not accounts["TikTok @dadepbogota"]["Parece obsoleta"]  # fell 85 % < 90 %
    assert accounts["Instagram @dadepbogota"]["Parece obsoleta"]  # losing followers has no threshold
    rule = next(note for note in report.notes if note.startswith("Una cuenta parece obsoleta"))
    assert "últimos 200 días" in rule and "cayeron 90 % o más" in rule
    text = pdf_text(report_bytes(report, "pdf"))
    assert "últimos 200 días" in text


def test_semester_files_hold_the_same_numbers_and_no_citizen_data(semester_tables):
    report = semester.build(semester_tables, "2026-2", made_at=SEMESTER_MADE)
    book = workbook(report_bytes(report, "xlsx"))
    assert book.sheetnames == ["Resumen", "Redes", "Comparación", "Cuentas"]
    networks = as_dicts(list(book["Redes"].iter_rows(values_only=True)))
    assert [(row["Puesto"], row["Red"], row["Interacciones"], row["Alcance"], row["Publicaciones"])
            for row in networks] == [(1, "Instagram", 300, 3000, 1), (2, "Facebook", 160, 2500, 3),
                                     (3, "X", 160, 0, 1), (4, "TikTok", 15, 500, 1)]
    assert networks[1]["Engagement"] == pytest.approx(0.064)
    accounts = as_dicts(list(book["Cuentas"].iter_rows(values_only=True)))
    assert [row["Parece obsoleta"] for row in accounts] == ["No", "Sí", "No", "Sí", "Sí"]
    assert accounts[1]["Última publicación"] == datetime(2026, 8, 1)
    resumen = [value for row in book["Resumen"].iter_rows(values_only=True) for value in row if value]
    assert any(str(value).startswith("Una cuenta parece obsoleta") for value in resumen)
    text = pdf_text(report_bytes(report, "pdf"))
    assert "1 Instagram 1 1 1 3.000 300 10,0 %" in text
    everything = text + " ".join(str(value) for sheet in book for row in sheet.iter_rows(values_only=True)
                                 for value in row if value is not None)
    assert "ciudadana_secreta" not in everything and "Texto privado" not in everything


def test_semester_numbers_match_an_independent_count_from_the_exported_workbook(semester_tables, tmp_path, capsys):
    code, _ = run(capsys, "exportar", str(tmp_path / "registro.xlsx"))
    assert code == 0
    exported = openpyxl.load_workbook(tmp_path / "registro.xlsx")
    posts = as_dicts(list(exported["Publicaciones"].iter_rows(values_only=True)))
    expected: dict[str, list[int]] = {}
    for post in posts:
        day = post["Publicada"]
        if post["Estado"] != "Publicada" or not date(2026, 7, 1) <= day.date() <= date(2026, 12, 31):
            continue
        parts = [post[name] or 0 for name in ("Reacciones", "Comentarios", "Compartidos", "Clics")]
        totals = expected.setdefault(post["Red"], [0, 0, 0])
        totals[0] += 1
        totals[1] += post["Alcance"] or 0
        totals[2] += post["Interacciones"] if post["Interacciones"] is not None else sum(parts)
    latest: dict[tuple[str, str], tuple[str, int]] = {}  # account -> (month, followers), the semester's last
    for row in as_dicts(list(exported["Métricas de cuenta"].iter_rows(values_only=True))):
        key = (row["Red"], row["Cuenta"])
        if "2026-07" <= row["Mes"] <= "2026-12" and (key not in latest or row["Mes"] > latest[key][0]):
            latest[key] = (row["Mes"], row["Seguidores"])
    followers: dict[str, int] = {}
    for (network, _), (_, count) in latest.items():
        followers[network] = followers.get(network, 0) + count
    code, lines = run(capsys, "informe", "semestral", "--semestre", "2026-2", "--formato", "xlsx", "--salida",
                      str(tmp_path / "semestral.xlsx"))
    assert code == 0, lines
    book = openpyxl.load_workbook(tmp_path / "semestral.xlsx")
    networks = {row["Red"]: row for row in as_dicts(list(book["Redes"].iter_rows(values_only=True)))}
    assert {name: [row["Publicaciones"], row["Alcance"], row["Interacciones"]] for name, row in networks.items()} \
        == expected
    assert {name: row["Seguidores al cierre"] for name, row in networks.items() if row["Seguidores al cierre"]} \
        == followers
    ranked = sorted(expected, key=lambda name: (-expected[name][2], -expected[name][1]))
    assert [name for name, row in sorted(networks.items(), key=lambda item: item[1]["Puesto"])] == ranked


def test_a_semester_without_data_is_still_written(writer, register):
    report = semester.build(register.snapshot().tables, "2030-1", made_at=SEMESTER_MADE)
    assert report.empty_note and "2030-1" in report.empty_note
    assert "No hay publicaciones ni métricas de cuenta" in pdf_text(report_bytes(report, "pdf"))
    assert workbook(report_bytes(report, "xlsx"))["Redes"].max_row == 1


# --- the campaign closure ----------------------------------------------------------------------------------

CAMPAIGN = "EST-20261001-CAMP"


@pytest.fixture
def campaign_tables(writer, register):
    writer.create("Estrategias", {"ID": CAMPAIGN, "Nombre": "Andenes libres", "Área": "Dirección",
                                  "Inicio": date(2026, 10, 1), "Fin": date(2026, 10, 31), "Estado": "Finalizada",
                                  "Evidencias": ["https://drive.example/evidencia-1"]})
    request = writer.create("Solicitudes", {
        "Fecha de solicitud": date(2026, 9, 20), "Área solicitante": "Jurídica", "Solicitante": "Luis",
        "Título": "Pieza de andenes", "Necesidad": "Piezas", "Redes": ["X"], "Fecha de publicación": date(2026, 10, 5),
        "Estrategia": CAMPAIGN, "Evidencias": ["https://x.com/DADEPBogota/status/9"],
        "Evidencias enviadas": date(2026, 11, 3)})
    writer.create_many("Publicaciones", [
        {**_post("Facebook", date(2026, 10, 2), "https://www.facebook.com/DADEPBogota/posts/1", Alcance=1000,
                 Interacciones=50), "Estrategia": CAMPAIGN, "Copy": "=SUM(1) andenes"},
        {**_post("Facebook", date(2026, 10, 3), None, Alcance=1000, Interacciones=10), "Estrategia": CAMPAIGN},
        {**_post("X", date(2026, 10, 5), "https://x.com/DADEPBogota/status/9", Impresiones=2000, Interacciones=60),
         "Origen": "Solicitud", "Solicitud": request},
        {**_post("Facebook", date(2026, 10, 4), None, Alcance=1000, Interacciones=20)},  # another post, same dates
        {**_post("Facebook", date(2026, 10, 20), None), "Estado": "Programada", "Publicada": None,
         "Estrategia": CAMPAIGN},
    ])
    return register.snapshot(refresh=True).tables


def test_closure_lists_the_campaigns_posts_metrics_analysis_and_evidence(campaign_tables):
    report = closure.build(campaign_tables, CAMPAIGN, made_at=MADE, recommendations="Repetir en diciembre.")
    posts = report.listing.rows
    assert len(posts) == 4 and set(posts["Red"]) == {"Facebook", "X"}  # its own three and its request's one
    networks = {row["Red"]: row for row in report.table("Resultados por red").rows.to_dict("records")}
    assert networks["Facebook"]["Publicaciones"] == 2 and networks["Facebook"]["Interacciones"] == 60
    assert networks["Facebook"]["Engagement mediano"] == pytest.approx(0.03)
    assert networks["X"]["Base"] == "impresiones"
    figures = {figure.label: figure.value for figure in report.figures}
    assert figures["Publicaciones publicadas"] == 3 and figures["Publicaciones aún sin publicar"] == 1
    assert figures["Interacciones"] == 120 and figures["Solicitudes vinculadas"] == 1
    evidence = report.table("Evidencias").rows
    assert list(evidence["Enlace"]) == ["https://drive.example/evidencia-1", "https://x.com/DADEPBogota/status/9"]
    assert "tuvo 3 publicaciones publicadas" in report.analysis  # the draft, as nobody wrote one
    book = workbook(report_bytes(report, "xlsx"))
    assert book.sheetnames == ["Resumen", "Publicaciones"]
    rows = as_dicts(list(book["Publicaciones"].iter_rows(values_only=True)))
    assert sorted(row["Interacciones"] for row in rows if row["Interacciones"] is not None) == [10, 50, 60]
    assert next(row["Copy"] for row in rows if row["Copy"]) == "=SUM(1) andenes"  # text, marked with the quote prefix
    assert [row["Enlace"] for row in as_dicts(section(book["Resumen"], "Evidencias"))] == list(evidence["Enlace"])
    text = pdf_text(report_bytes(report, "pdf"))
    assert "Cierre de campaña" in text and "Andenes libres" in text and "Repetir en diciembre." in text
    assert "Facebook 2 2.000 60 3,0 %" in text and "https://drive.example/evidencia-1" in text


def test_closure_uses_the_campaigns_own_analysis_when_written(campaign_tables, writer, register):
    seen = register.snapshot().record("Estrategias", CAMPAIGN)
    writer.update("Estrategias", seen, {"Análisis": "La campaña superó la meta."})
    report = closure.build(register.snapshot(refresh=True).tables, CAMPAIGN, made_at=MADE)
    assert report.analysis == "La campaña superó la meta."
    assert closure.build(register.snapshot().tables, CAMPAIGN, made_at=MADE, analysis="Otro").analysis == "Otro"


def test_cli_closure_of_an_unknown_campaign_writes_nothing(campaign_tables, tmp_path, capsys):
    out = tmp_path / "cierre.pdf"
    code, lines = run(capsys, "informe", "cierre", "--estrategia", "EST-20261001-CAMQ", "--formato", "pdf",
                      "--salida", str(out))
    assert code == 2 and not out.exists()
    assert "no hay ninguna estrategia con ID «EST-20261001-CAMQ»" in lines[-1] and f"«{CAMPAIGN}»" in lines[-1]
    code, lines = run(capsys, "informe", "cierre", "--estrategia", CAMPAIGN, "--formato", "xlsx", "--salida",
                      str(tmp_path / "cierre.xlsx"))
    assert code == 0 and lines[0].endswith("4 publicaciones.")
    assert openpyxl.load_workbook(tmp_path / "cierre.xlsx").sheetnames == ["Resumen", "Publicaciones"]
