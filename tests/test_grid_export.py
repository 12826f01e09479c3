"""The publication grid as files (core/reports/grid_export.py) and `python -m core parrilla` (core/cli/grid.py):
every file is written, then opened back with the library a user's program would use (icalendar, openpyxl,
pypdf) and compared with the register read independently."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import openpyxl
import pandas as pd
import pytest
from icalendar import Calendar
from pypdf import PdfReader

from core.cli.main import main
from core.register import open_register
from core.reports.grid_export import describe_filters, export_grid, file_name
from core.reports.grid_ics import grid_ics
from core.reports.grid_pdf import grid_pdf
from core.reports.grid_posts import calendar_name, signature
from core.reports.grid_select import known_area, select_posts
from core.reports.grid_xlsx import grid_xlsx
from core.reports.model import header_of
from core.settings import settings_of
from tests.cli_kit import run

BOGOTA = ZoneInfo("America/Bogota")
UTC = ZoneInfo("UTC")
NOW = datetime(2026, 11, 28, 9, 15, tzinfo=BOGOTA)
DEC_1, DEC_31 = date(2026, 12, 1), date(2026, 12, 31)
HEADER = header_of(settings_of({}))  # the defaults of Ajustes: DADEP, Área de Comunicaciones
LONG_COPY = " ".join(["Recuperación del andén en Kennedy, con participación de la comunidad y la alcaldía local."] * 6)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=BOGOTA)




# --- a small register written by hand, through the real write path --------------------------------------

CAMPAIGN_A, CAMPAIGN_B = "EST-20261120-AAAA", "EST-20261121-BBBB"
REQUEST_LINKED, REQUEST_DIRECCION = "SOL-20261101-1111", "SOL-20261102-2222"
POSTS = {
    # ID: (Programada, Red, Formato, Estado, Estrategia, Solicitud, Copy, Enlace)
    "PUB-20261201-0001": (at(2026, 12, 1, 0, 0), "Instagram", "Reel", "Programada", CAMPAIGN_A, None,
                          "Arranca diciembre: ¿sabías que el andén es de todos? Ñandú, pingüino y acción.",
                          "https://www.instagram.com/p/abc123/"),
    "PUB-20261231-0002": (at(2026, 12, 31, 23, 45), "Facebook", "Publicación", "Publicada", None, REQUEST_LINKED,
                          "=HYPERLINK(\"http://malo.example\") Cierre del año en Suba.",
                          "https://www.facebook.com/DADEPBogota/posts/42"),
    "PUB-20261210-0003": (at(2026, 12, 10, 10, 0), "X", "Hilo", "Cancelada", CAMPAIGN_A, None,
                          "Publicación cancelada por lluvia.", None),
    "PUB-20261215-0004": (at(2026, 12, 15, 15, 0), "X", "Publicación", "Programada", None, REQUEST_DIRECCION,
                          "👉 Jornada de recuperación en Usaquén 🎉 #EspacioPúblico", None),
    "PUB-20261130-0005": (at(2026, 11, 30, 23, 59), "TikTok", "Video", "Publicada", CAMPAIGN_A, None,
                          "Un minuto antes de diciembre.", None),
    "PUB-20270101-0006": (at(2027, 1, 1, 0, 0), "YouTube", "Short", "Programada", CAMPAIGN_A, None,
                          "Año nuevo, espacio público nuevo.", None),
    "PUB-20261215-0007": (at(2026, 12, 15, 15, 0), "Facebook", "Carrusel", "Programada", CAMPAIGN_B, None,
                          LONG_COPY, "https://www.facebook.com/DADEPBogota/posts/77"),
}


@pytest.fixture
def hand_tables(writer, register):
    writer.create_many("Estrategias", [
        {"ID": CAMPAIGN_A, "Nombre": "Diciembre en el andén", "Área": "Subdirección de Registro Inmobiliario",
         "Inicio": date(2026, 11, 20), "Fin": date(2027, 1, 15), "Estado": "En curso"},
        {"ID": CAMPAIGN_B, "Nombre": "Parques que se cuidan", "Área": "Dirección",
         "Inicio": date(2026, 12, 1), "Fin": date(2026, 12, 31), "Estado": "Planeada"},
    ])
    request = {"Fecha de solicitud": date(2026, 11, 1), "Solicitante": "Ana Gómez", "Necesidad": "Divulgar",
               "Redes": ["Facebook"], "Fecha de publicación": date(2026, 12, 31), "Etapa": "Ajustes"}
    writer.create_many("Solicitudes", [
        {**request, "ID": REQUEST_LINKED, "Área solicitante": "Oficina Asesora Jurídica",
         "Título": "Cierre del año", "Estrategia": CAMPAIGN_A, "Modalidad": "Estrategia integral"},
        {**request, "ID": REQUEST_DIRECCION, "Área solicitante": "Dirección", "Título": "Jornada en Usaquén"},
    ])
    writer.create_many("Publicaciones", [
        {"ID": key, "Programada": moment, "Red": red, "Formato": file_format, "Estado": estado, "Estrategia": campaign,
         "Solicitud": request_id, "Copy": copy, "Enlace": link,
         "Origen": "Solicitud" if request_id else "Cubrimiento"}
        for key, (moment, red, file_format, estado, campaign, request_id, copy, link) in POSTS.items()])
    tables = register.snapshot(refresh=True).tables
    assert len(tables["Publicaciones"]) == len(POSTS)
    return tables


def ids(frame: pd.DataFrame) -> list[str]:
    return list(frame["ID"])


def test_range_counts_days_in_bogota_both_ends_included(hand_tables):
    # 31/12 23:45 in Bogotá is 01/01 in UTC, and 30/11 23:59 is 01/12 in UTC: Bogotá's calendar decides.
    assert ids(select_posts(hand_tables, DEC_1, DEC_31)) == [
        "PUB-20261201-0001", "PUB-20261215-0007", "PUB-20261215-0004", "PUB-20261231-0002"]  # Facebook before X
    assert ids(select_posts(hand_tables, DEC_1, DEC_31, with_cancelled=True)) == [
        "PUB-20261201-0001", "PUB-20261210-0003", "PUB-20261215-0007", "PUB-20261215-0004", "PUB-20261231-0002"]
    assert ids(select_posts(hand_tables, date(2026, 12, 31), date(2026, 12, 31))) == ["PUB-20261231-0002"]
    assert ids(select_posts(hand_tables, until=date(2026, 11, 30))) == ["PUB-20261130-0005"]
    assert ids(select_posts(hand_tables, since=date(2027, 1, 1))) == ["PUB-20270101-0006"]
    assert len(select_posts(hand_tables)) == len(POSTS) - 1  # everything but the cancelled one


def test_campaign_includes_the_posts_of_its_linked_requests(hand_tables):
    chosen = select_posts(hand_tables, campaign_id=CAMPAIGN_A)
    assert ids(chosen) == ["PUB-20261130-0005", "PUB-20261201-0001", "PUB-20261231-0002", "PUB-20270101-0006"]
    linked = chosen.set_index("ID").loc["PUB-20261231-0002"]
    assert linked["Campaña"] == CAMPAIGN_A and linked["Nombre de la campaña"] == "Diciembre en el andén"
    assert linked["Título de la solicitud"] == "Cierre del año" and linked["Área"] == "Oficina Asesora Jurídica"
    assert ids(select_posts(hand_tables, DEC_1, DEC_31, campaign_id=f" {CAMPAIGN_B} ")) == ["PUB-20261215-0007"]
    assert select_posts(hand_tables, campaign_id="EST-NO-EXISTE").empty  # not an error for the function


def test_area_is_matched_through_requests_and_campaigns_ignoring_case_and_accents(hand_tables):
    # Dirección: a request of the area (0004) and a campaign of the area (0007).
    assert ids(select_posts(hand_tables, area="  DIRECCION ")) == ["PUB-20261215-0007", "PUB-20261215-0004"]
    assert ids(select_posts(hand_tables, area="oficina asesora juridica")) == ["PUB-20261231-0002"]
    # The campaign's area reaches the posts of the requests linked to it, too.
    assert ids(select_posts(hand_tables, DEC_1, DEC_31, area="Subdirección de Registro Inmobiliario")) == [
        "PUB-20261201-0001", "PUB-20261231-0002"]
    assert ids(select_posts(hand_tables, area="Dirección", campaign_id=CAMPAIGN_A)) == []
    assert select_posts(hand_tables, area="Oficina de Control Interno").empty
    assert known_area(hand_tables, "direccion") and not known_area(hand_tables, "Direcion")


def events(data: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_ics_has_one_event_per_post_not_cancelled_at_its_time_in_bogota(hand_tables):
    chosen = select_posts(hand_tables, DEC_1, DEC_31, with_cancelled=True)
    data = grid_ics(chosen, "Parrilla de diciembre", HEADER, now=NOW)
    calendar = Calendar.from_ical(data)
    found = events(data)
    expected = {key: moment for key, (moment, *_rest) in POSTS.items()
                if DEC_1 <= moment.date() <= DEC_31 and POSTS[key][3] != "Cancelada"}
    assert set(found) == {f"{key}@divulga.dadep" for key in expected}
    for key, moment in expected.items():
        event = found[f"{key}@divulga.dadep"]
        start = event.decoded("DTSTART")
        assert start == moment and start.utcoffset() == timedelta(hours=-5)
        assert str(event["DTSTART"].params["TZID"]) == "America/Bogota"
        assert event.decoded("DURATION") == timedelta(minutes=30) and "DTEND" not in event
        assert event.decoded("DTSTAMP") == NOW.astimezone(UTC)
    near_midnight = found["PUB-20261231-0002@divulga.dadep"]
    assert near_midnight.decoded("DTSTART").astimezone(UTC) == datetime(2027, 1, 1, 4, 45, tzinfo=UTC)
    assert str(near_midnight["STATUS"]) == "CONFIRMED" and str(found["PUB-20261201-0001@divulga.dadep"]["STATUS"]) \
        == "TENTATIVE"
    assert str(near_midnight["URL"]) == "https://www.facebook.com/DADEPBogota/posts/42"
    assert str(near_midnight["SUMMARY"]).startswith("Facebook · Publicación · =HYPERLINK")
    description = str(near_midnight["DESCRIPTION"])
    assert "Cierre del año en Suba." in description and f"Solicitud: {REQUEST_LINKED} — Cierre del año" in description
    assert f"Estrategia: {CAMPAIGN_A} — Diciembre en el andén" in description
    assert str(calendar["X-WR-CALNAME"]) == "DADEP · Parrilla de diciembre"
    assert str(calendar["X-WR-TIMEZONE"]) == "America/Bogota"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["America/Bogota"]
    assert str(calendar["VERSION"]) == "2.0" and "Divulga" in str(calendar["PRODID"])
    # The same selection exported again (later, from another machine) gives the same UIDs: a re-import updates.
    again = events(grid_ics(chosen, "otra", HEADER, now=NOW + timedelta(days=3)))
    assert set(again) == set(found)


def test_a_post_without_id_gets_a_stable_uid_from_its_natural_key():
    frame = pd.DataFrame({"ID": [None, None], "Red": ["X", "X"], "Estado": ["Programada", "Programada"],
                          "Programada": [datetime(2026, 12, 5, 8, 0), datetime(2026, 12, 5, 9, 0)],  # naive: Bogotá
                          "Copy": ["uno", "dos"], "Enlace": [None, None]})
    first, second = events(grid_ics(frame, "x", HEADER, now=NOW)), events(grid_ics(frame, "x", HEADER, now=NOW))
    assert set(first) == set(second) and len(first) == 2
    assert all(uid.startswith("sin-id-") and uid.endswith("@divulga.dadep") for uid in first)
    assert sorted(event.decoded("DTSTART") for event in first.values()) == [at(2026, 12, 5, 8, 0),
                                                                              at(2026, 12, 5, 9, 0)]


def xlsx_rows(data: bytes, tmp_path) -> tuple[openpyxl.Workbook, list[tuple]]:
    path = tmp_path / "parrilla.xlsx"
    path.write_bytes(data)
    book = openpyxl.load_workbook(path)
    return book, list(book["Parrilla"].iter_rows(values_only=True))


def test_xlsx_lists_the_posts_with_real_dates_and_text_that_stays_text(hand_tables, tmp_path):
    chosen = select_posts(hand_tables, DEC_1, DEC_31)
    book, rows = xlsx_rows(grid_xlsx(chosen, "Parrilla de diciembre", HEADER, "Del 01/12/2026 al 31/12/2026", NOW),
                           tmp_path)
    assert book.sheetnames == ["Parrilla", "Filtros"]
    assert rows[0][:7] == ("Fecha", "Hora", "Red", "Formato", "Copy", "Enlace de la pieza", "Estado")
    header = {name: number for number, name in enumerate(rows[0])}
    listed = rows[1:]
    assert [row[header["ID"]] for row in listed] == ids(chosen)
    for row in listed:
        moment, red, file_format, estado, campaign, request_id, copy, link = POSTS[row[header["ID"]]]
        assert row[header["Fecha"]] == datetime(moment.year, moment.month, moment.day)
        assert row[header["Hora"]] == time(moment.hour, moment.minute)
        assert (row[header["Red"]], row[header["Formato"]], row[header["Estado"]]) == (red, file_format, estado)
        assert row[header["Copy"]] == copy and row[header["Enlace de la pieza"]] == link
    sheet = book["Parrilla"]
    assert sheet["A2"].number_format == "dd/mm/yyyy" and "AM/PM" in sheet["B2"].number_format
    formula_like = next(row for row in sheet.iter_rows(min_row=2) if row[header["ID"]].value == "PUB-20261231-0002")
    assert formula_like[header["Copy"]].data_type == "s"  # never a formula
    assert formula_like[header["Copy"]].quotePrefix  # and stays text when edited in Excel
    assert formula_like[header["Solicitud"]].value == REQUEST_LINKED
    assert formula_like[header["Estrategia"]].value == CAMPAIGN_A  # through its request
    about = dict(book["Filtros"].iter_rows(values_only=True))
    assert about["Parrilla"] == "Parrilla de diciembre" and about["Filtros"] == "Del 01/12/2026 al 31/12/2026"
    assert about["Elaborada"] == "28/11/2026 9:15 a. m." and about["Publicaciones"] == 4


def test_xlsx_keeps_copy_up_to_the_excel_cell_limit(tmp_path):
    frame = pd.DataFrame({"ID": ["PUB-1"], "Red": ["X"], "Estado": ["Programada"], "Copy": ["ñ" * 40_000],
                          "Programada": pd.to_datetime([at(2026, 12, 1, 10, 0)])})
    _, rows = xlsx_rows(grid_xlsx(frame, "t", HEADER), tmp_path)
    assert rows[1][4] == "ñ" * 32_767


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(data)).pages]


def test_pdf_has_the_header_the_posts_with_accents_and_survives_emoji(hand_tables):
    chosen = select_posts(hand_tables, DEC_1, DEC_31)
    pages = pdf_pages(grid_pdf(chosen, "Parrilla de diciembre", HEADER, "Del 01/12/2026 al 31/12/2026", NOW))
    assert len(pages) == 1
    text = pages[0]
    assert "Departamento Administrativo de la Defensoría del Espacio Público" in text
    assert "Parrilla de diciembre" in text and "Del 01/12/2026 al 31/12/2026" in text
    assert "Elaborada el 28/11/2026 9:15 a. m." in text and "Página 1 de 1" in text
    assert "¿sabías que el andén es de todos?" in text and "Ñandú, pingüino" in text
    assert "Jornada de recuperación en Usaquén" in text  # the copy with emoji, emoji left out
    assert "11:45 p. m." in text and "12:00 a. m." in text and "31/12/2026" in text
    assert "Recuperación del andén en Kennedy" in text and "…" in text  # long copy shortened
    assert "Publicación cancelada por lluvia" not in text


def test_pdf_page_count_and_numbers_follow_the_posts(hand_tables):
    one = select_posts(hand_tables, DEC_1, DEC_1)
    assert len(pdf_pages(grid_pdf(one, "t", HEADER, "f", NOW))) == 1
    many = pd.concat([select_posts(hand_tables, DEC_1, DEC_31)] * 40)  # 160 rows, several with long copy
    pages = pdf_pages(grid_pdf(many, "Parrilla larga", HEADER, "f", NOW))
    assert len(pages) > 3
    for number, text in enumerate(pages, start=1):
        assert f"Página {number} de {len(pages)}" in text
        assert "Defensoría del Espacio Público" in text and "Fecha" in text and "Estado" in text  # heading repeats
    assert sum(text.count("Jornada de recuperación en Usaquén") for text in pages) == 40
    empty = pdf_pages(grid_pdf(many.iloc[0:0], "Vacía", HEADER, "f", NOW))
    assert len(empty) == 1 and "No hay publicaciones con estos filtros." in empty[0]


def test_filters_text_and_file_names(hand_tables):
    assert describe_filters(hand_tables, DEC_1, DEC_31) == "Del 01/12/2026 al 31/12/2026"
    assert describe_filters(hand_tables, since=DEC_1, campaign_id=CAMPAIGN_A, area="direccion") == (
        f"Desde el 01/12/2026 · Estrategia: Diciembre en el andén ({CAMPAIGN_A}) · Área: Dirección")
    assert describe_filters(hand_tables) == "Todas las fechas"
    assert file_name("xlsx", DEC_1, DEC_31) == "parrilla_2026-12-01_2026-12-31.xlsx"
    assert file_name("ics", until=DEC_31, area="Oficina Asesora Jurídica") == (
        "parrilla_oficina-asesora-juridica_hasta-2026-12-31.ics")
    assert file_name("pdf", campaign_id=CAMPAIGN_A) == "parrilla_est-20261120-aaaa.pdf"
    grid = export_grid(hand_tables, "pdf", DEC_1, DEC_31, campaign_id=CAMPAIGN_A, now=NOW)
    assert (grid.posts, grid.cancelled_left_out, grid.mime) == (2, 1, "application/pdf")
    assert grid.title == "Parrilla de publicación — Diciembre en el andén" and grid.data.startswith(b"%PDF")


# --- the command line ---------------------------------------------------------------------------------------

def test_cli_writes_each_format_and_names_the_count(hand_tables, tmp_path, capsys):
    code, lines = run(capsys, "parrilla", "--formato", "ics", "--salida", str(tmp_path / "p.ics"),
                      "--desde", "2026-12-01", "--hasta", "2026-12-31", "--estrategia", CAMPAIGN_A)
    assert code == 0
    assert lines == [f"Parrilla (iCalendar) escrita en {tmp_path / 'p.ics'}: 2 publicaciones (Del 01/12/2026 al "
                     f"31/12/2026 · Estrategia: Diciembre en el andén ({CAMPAIGN_A})).",
                     "  1 publicación cancelada no se incluye (la parrilla es lo que se publica o se publicará)."]
    assert set(events((tmp_path / "p.ics").read_bytes())) == {"PUB-20261201-0001@divulga.dadep",
                                                              "PUB-20261231-0002@divulga.dadep"}
    code, lines = run(capsys, "parrilla", "--formato", "xlsx", "--salida", str(tmp_path / "sub" / "p.xlsx"),
                      "--area", "direccion")
    assert code == 0 and "2 publicaciones" in lines[0] and "Área: Dirección" in lines[0]
    _, rows = xlsx_rows((tmp_path / "sub" / "p.xlsx").read_bytes(), tmp_path)
    assert [row[7] for row in rows[1:]] == ["PUB-20261215-0007", "PUB-20261215-0004"]
    code, lines = run(capsys, "parrilla", "--formato", "pdf", "--salida", str(tmp_path / "p.pdf"))
    assert code == 0 and lines[0].startswith("Parrilla (PDF) escrita en") and "6 publicaciones" in lines[0]
    assert "Página 1 de" in pdf_pages((tmp_path / "p.pdf").read_bytes())[0]


def test_every_file_is_signed_with_the_entity_and_office_of_ajustes(hand_tables, writer, tmp_path, capsys):
    """Another entity's register: its name and office, as Ajustes holds them, head the three files and the
    calendar is named by its acronym; the default entity appears nowhere."""
    writer.create_many("Ajustes", [{"Ajuste": "Nombre de la entidad", "Valor": "Instituto de Desarrollo Urbano (IDU)"},
                                   {"Ajuste": "Área", "Valor": "Oficina Asesora de Comunicaciones"}])
    signed = "Instituto de Desarrollo Urbano (IDU) — Oficina Asesora de Comunicaciones"
    for file_format in ("xlsx", "pdf", "ics"):
        code, lines = run(capsys, "parrilla", "--formato", file_format, "--salida", str(tmp_path / f"p.{file_format}"),
                          "--desde", "2026-12-01", "--hasta", "2026-12-31")
        assert code == 0, lines
    book, _ = xlsx_rows((tmp_path / "p.xlsx").read_bytes(), tmp_path)
    assert dict(book["Filtros"].iter_rows(values_only=True))["Entidad"] == signed
    pdf = PdfReader(tmp_path / "p.pdf")
    pages = [page.extract_text() for page in pdf.pages]
    assert all(signed in text for text in pages) and pdf.metadata.author == signed
    calendar = Calendar.from_ical((tmp_path / "p.ics").read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"]) == "IDU · Parrilla de publicación"
    assert str(calendar["X-WR-CALDESC"]) == f"Parrilla de publicación — {signed}"
    everything = " ".join([*pages, (tmp_path / "p.ics").read_bytes().decode(), *(
        str(value) for sheet in book for row in sheet.iter_rows(values_only=True) for value in row)])
    assert "Defensoría" not in everything and "Área de Comunicaciones" not in everything
    assert "(DADEP)" not in everything and "DADEP ·" not in everything


def test_a_calendar_is_named_by_the_whole_entity_name_when_it_has_no_acronym():
    header = header_of(settings_of({"Ajustes": pd.DataFrame({"Ajuste": ["Nombre de la entidad"],
                                                             "Valor": ["Alcaldía Local de Suba"]})}))
    assert calendar_name(header, "Parrilla") == "Alcaldía Local de Suba · Parrilla"
    assert calendar_name(HEADER, "Parrilla") == "DADEP · Parrilla"
    assert signature(HEADER) == ("Departamento Administrativo de la Defensoría del Espacio Público (DADEP) "
                                             "— Área de Comunicaciones")


def test_cli_refuses_bad_arguments_and_unknown_names_writing_nothing(hand_tables, tmp_path, capsys):
    out = tmp_path / "nada.ics"
    code, lines = run(capsys, "parrilla", "--formato", "ics", "--salida", str(out), "--desde", "2026-12-31",
                      "--hasta", "2026-12-01")
    assert code == 2 and lines[-1].endswith("error: --hasta (01/12/2026) es anterior a --desde (31/12/2026)")
    code, lines = run(capsys, "parrilla", "--formato", "ics", "--salida", str(out), "--estrategia",
                      "EST-20261120-AAAB")
    assert code == 2 and len(lines) == 1 and lines[0].startswith(
        "error: no hay ninguna estrategia con ID «EST-20261120-AAAB» en Estrategias; no se escribió nada. ¿Quiso "
        f"decir «{CAMPAIGN_A}»")
    code, lines = run(capsys, "parrilla", "--formato", "ics", "--salida", str(out), "--area", "Planeación")
    assert code == 2 and lines[0].startswith("error: el área «Planeación» no aparece en Listas, Solicitudes ni "
                                             "Estrategias; no se escribió nada.")
    code, lines = run(capsys, "parrilla", "--formato", "ics", "--salida", str(out), "--desde", "31/12/2026")
    assert code == 2 and "«31/12/2026» no es una fecha AAAA-MM-DD" in lines[-1]
    code, lines = run(capsys, "parrilla", "--formato", "docx", "--salida", str(out))
    assert code == 2 and "no es válido" in lines[-1]
    code, lines = run(capsys, "parrilla", "--salida", str(out))
    assert code == 2 and "faltan argumentos obligatorios: --formato" in lines[-1]
    assert not out.exists()


def test_cli_writes_an_empty_grid_and_says_so(hand_tables, tmp_path, capsys):
    out = tmp_path / "enero.ics"
    code, lines = run(capsys, "parrilla", "--formato", "ics", "--salida", str(out), "--desde", "2027-02-01")
    assert code == 0
    assert lines == [f"Parrilla (iCalendar) escrita en {out}: 0 publicaciones (Desde el 01/02/2027).",
                     "aviso: ninguna publicación cumple estos filtros; el archivo se escribió sin publicaciones."]
    assert events(out.read_bytes()) == {}
    code, lines = run(capsys, "parrilla", "--formato", "xlsx", "--salida", str(tmp_path / "x.xlsx"), "--area",
                      "Dirección", "--estrategia", CAMPAIGN_A)  # both known, nothing in common
    assert code == 0 and "0 publicaciones" in lines[0]
    assert len(xlsx_rows((tmp_path / "x.xlsx").read_bytes(), tmp_path)[1]) == 1  # the header row only


# --- the demo register ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('grid') / 'demo.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIVULGA_STORE", url)
        assert main(["--usuario", "Prueba", "demo", "--filas", "1200", "--hoy", "2026-11-28"]) == 0
    return url


def test_cli_on_the_demo_register_matches_the_register_read_independently(demo_url, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DIVULGA_STORE", demo_url)
    posts = open_register(demo_url).snapshot(refresh=True).tables["Publicaciones"]
    days = posts["Programada"].dt.tz_convert("America/Bogota").dt.date
    since, until = date(2026, 6, 1), date(2026, 8, 31)
    in_range = posts[(days >= since) & (days <= until)]
    expected = {row.ID: row.Programada.to_pydatetime() for row in in_range.itertuples()
                if row.Estado != "Cancelada"}
    assert len(expected) > 20 and (in_range["Estado"] == "Cancelada").any()  # the demo exercises both
    code, lines = run(capsys, "parrilla", "--formato", "ics", "--salida", str(tmp_path / "g.ics"),
                      "--desde", since.isoformat(), "--hasta", until.isoformat())
    assert code == 0 and f"{len(expected)} publicaciones" in lines[0]
    found = events((tmp_path / "g.ics").read_bytes())
    assert {uid.removesuffix("@divulga.dadep"): event.decoded("DTSTART") for uid, event in found.items()} == expected
    code, _ = run(capsys, "parrilla", "--formato", "xlsx", "--salida", str(tmp_path / "g.xlsx"),
                  "--desde", since.isoformat(), "--hasta", until.isoformat())
    _, rows = xlsx_rows((tmp_path / "g.xlsx").read_bytes(), tmp_path)
    assert code == 0 and {row[7] for row in rows[1:]} == set(expected) and len(rows) - 1 == len(expected)
    for row in rows[1:]:
        moment = expected[row[7]]
        assert (row[0].date(), row[1]) == (moment.date(), time(moment.hour, moment.minute))
    # A campaign: its own posts plus those of the requests linked to it, compared with the tables themselves.
    tables = open_register(demo_url).snapshot().tables
    campaign = tables["Estrategias"]["ID"].iloc[0]
    linked = set(tables["Solicitudes"].loc[tables["Solicitudes"]["Estrategia"] == campaign, "ID"])
    mine = posts[((posts["Estrategia"] == campaign) | posts["Solicitud"].isin(linked))
                 & (posts["Estado"] != "Cancelada")]
    code, lines = run(capsys, "parrilla", "--formato", "pdf", "--salida", str(tmp_path / "c.pdf"),
                      "--estrategia", campaign)
    assert code == 0 and f"{len(mine)} publicaciones" in lines[0]
    assert set(ids(select_posts(tables, campaign_id=campaign))) == set(mine["ID"])
