"""Column-wise validation of a whole tab (`core.sheet.validation.validate_tab`), as read from a hand-edited sheet."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.sheet import contract
from core.sheet.cells import BOGOTA
from core.sheet.contract import LISTS_TAB, MESSAGES_TAB, MONITORING_TAB, REQUESTS_TAB
from core.sheet.models import InvalidRecord, validate_record
from core.sheet.validation import (
    MISSING_COLUMN_REASON,
    REQUIRED_REASON,
    BadRow,
    Context,
    Notice,
    lists_context,
    validate_tab,
)

NO_ID = ("fila sin ID; dele uno en Calidad de datos («Dar ID») o escriba uno único (por ejemplo MSG-20261128-7K3Q) "
         "en la hoja")


def table(headers: list[str], *records: dict) -> tuple[list[str], list[list]]:
    """Header row and data rows (padded to the headers) from records keyed by the headers as written."""
    return headers, [[record.get(header) for header in headers] for record in records]


def message(**cells) -> dict:
    base = {"ID": "MSG-20261003-AAAA", "Recibido": "3/10/2026 2:30 p. m.", "Red": "Facebook",
            "Mensaje": "¿Dónde radico una petición?"}
    return {**base, **{name.replace("_", " "): value for name, value in cells.items()}}


def lines(result) -> list[str]:
    return [str(bad) for bad in result.bad]


def notices(result) -> list[str]:
    return [str(notice) for notice in result.notices]


HEADERS = ["ID", "Recibido", "Red", "Mensaje", "Usuario", "Enlace"]


# --- reading what people did to the sheet ------------------------------------------------------------------


def test_clean_tab_all_rows_kept_typed_and_numbered_from_row_2():
    headers, rows = table(HEADERS, message(ID="MSG-1"), message(ID="MSG-2", Red="Twitter", Recibido="2026-10-03 08:00"))
    result = validate_tab(MESSAGES_TAB, headers, rows, Context())
    assert result.bad == [] and result.notices == []
    frame = result.frame
    assert list(frame.index) == [2, 3] and frame.index.name == "fila"
    assert list(frame["ID"]) == ["MSG-1", "MSG-2"]
    assert list(frame["Red"]) == ["Facebook", "X"]
    assert list(frame["Recibido"]) == [pd.Timestamp(datetime(2026, 10, 3, 14, 30, tzinfo=BOGOTA)),
                                       pd.Timestamp(datetime(2026, 10, 3, 8, 0, tzinfo=BOGOTA))]
    assert str(frame["Recibido"].dtype) == "datetime64[us, America/Bogota]"
    # every contract column is in the frame, in contract order, even those missing from the sheet
    assert list(frame.columns) == MESSAGES_TAB.headers
    assert frame["Tema"].isna().all()


def test_moved_columns_are_read_by_header():
    headers = ["Mensaje", "Enlace", "Red", "ID", "Usuario", "Recibido"]
    _, rows = table(headers, message(Enlace="https://fb.com/1", Usuario="@ana"))
    result = validate_tab(MESSAGES_TAB, headers, rows, Context())
    row = result.frame.loc[2]
    assert row["Mensaje"] == "¿Dónde radico una petición?"
    assert row["Enlace"] == "https://fb.com/1" and row["Usuario"] == "@ana" and row["Red"] == "Facebook"
    assert row["Recibido"] == pd.Timestamp(datetime(2026, 10, 3, 14, 30, tzinfo=BOGOTA))
    assert result.header_map == {"Mensaje": "Mensaje", "Enlace": "Enlace", "Red": "Red", "ID": "ID",
                                 "Usuario": "Usuario", "Recibido": "Recibido"}


def test_headers_in_other_case_accents_spaces():
    headers = ["id", "  RECIBIDO", "red ", "mensaje", "Clasificacion", "tipo  de INTERACCION"]
    rows = [["MSG-1", "2026-10-03T10:00:00-05:00", "x", "hola", "peticion", "comentario"]]
    result = validate_tab(MESSAGES_TAB, headers, rows, Context())
    assert result.bad == []
    row = result.frame.loc[2]
    assert (row["Red"], row["Clasificación"], row["Tipo de interacción"]) == (
        "X", "Derecho de petición de interés general", "Comentario")
    assert result.header_map["Clasificación"] == "Clasificacion"


def test_extra_columns_are_kept_in_the_frame_as_typed():
    headers = ["Notas internas", *HEADERS, "Prioridad", ""]
    rows = [["ver luego", "MSG-1", "2026-10-03 10:00", "X", "hola", None, None, 3, "basura sin encabezado"],
            [None, "MSG-2", "2026-10-03 11:00", "X", "otro", None, None, None, None]]
    result = validate_tab(MESSAGES_TAB, headers, rows, Context())
    frame = result.frame
    assert list(frame.columns) == [*MESSAGES_TAB.headers, "Notas internas", "Prioridad"]  # a blank header is dropped
    assert frame.loc[2, "Notas internas"] == "ver luego" and frame.loc[2, "Prioridad"] == 3
    assert frame.loc[3, "Notas internas"] is None


def test_repeated_header_first_wins_with_a_notice():
    headers = ["ID", "Recibido", "Red", "Mensaje", "mensaje "]
    rows = [["MSG-1", "2026-10-03 10:00", "X", "el primero", "el segundo"]]
    result = validate_tab(MESSAGES_TAB, headers, rows, Context())
    assert result.frame.loc[2, "Mensaje"] == "el primero"
    assert notices(result) == ["aviso: Mensajes: la columna «mensaje » está repetida; se usa la primera"]


def test_blank_rows_are_skipped_and_row_numbers_are_the_sheet_rows():
    headers, rows = table(HEADERS, message(ID="MSG-1"), {}, message(ID="MSG-2"), {"Mensaje": "   ", "Red": ""},
                          message(ID="MSG-3", Red="Myspace"), message(ID="MSG-4"))
    result = validate_tab(MESSAGES_TAB, headers, rows, Context())
    assert list(result.frame.index) == [2, 4, 7]  # rows 3 and 5 are blank, row 6 is bad
    assert lines(result) == [
        "Mensajes fila 6: Red: «Myspace» no está en la lista de redes; use uno de: Facebook, X, Instagram, YouTube, "
        "TikTok"
    ]
    assert result.bad_row_numbers == {6}


def test_empty_tab():
    result = validate_tab(MESSAGES_TAB, MESSAGES_TAB.headers, [], Context())
    assert result.bad == [] and result.notices == [] and len(result.frame) == 0
    assert list(result.frame.columns) == MESSAGES_TAB.headers


def test_only_blank_rows():
    result = validate_tab(MESSAGES_TAB, HEADERS, [[None] * 6, [""] * 6], Context())
    assert len(result.frame) == 0 and result.bad == []


def test_values_as_stores_hand_them_back():
    """Google Sheets gives serial numbers and numbers; SQLite gives what was written; openpyxl gives dates."""
    headers = ["Fecha", "Red", "Hora", "Mensajes nuevos", "Pendientes", "Se publicó"]
    rows = [
        [46298, "X", 46298.5, 1234, 3.0, True],
        ["2026-10-03", "x", "2026-10-03T12:00:00-05:00", "1.234", "3", "Sí"],
        [date(2026, 10, 3), "twitter", datetime(2026, 10, 3, 12, 0), "1 234", "3", "x"],
        ["3/10/2026", "X", "3/10/2026 12:00 p. m.", "1\u00a0234", 3, "TRUE"],
    ]
    result = validate_tab(MONITORING_TAB, headers, rows, Context())
    assert result.bad == []
    frame = result.frame
    assert set(frame["Fecha"]) == {pd.Timestamp(2026, 10, 3)}
    assert set(frame["Hora"]) == {pd.Timestamp(datetime(2026, 10, 3, 12, tzinfo=BOGOTA))}
    assert list(frame["Mensajes nuevos"]) == [1234] * 4 and str(frame["Mensajes nuevos"].dtype) == "Int64"
    assert list(frame["Pendientes"]) == [3] * 4
    assert list(frame["Se publicó"]) == [True] * 4 and str(frame["Se publicó"].dtype) == "boolean"
    assert str(frame["Fecha"].dtype) == "datetime64[us]"


def test_lists_are_parsed_to_python_lists():
    headers = REQUESTS_TAB.headers
    record = {"ID": "SOL-1", "Fecha de solicitud": "1/10/2026", "Área solicitante": "Jurídica", "Solicitante": "Ana",
              "Título": "Campaña", "Necesidad": "Difundir", "Redes": "Facebook; twitter\nInstagram",
              "Fecha de publicación": "20/10/2026", "Etapa": "Identificar necesidades",
              "Evidencias": "https://a.co/x,1, https://b.co", "Grupo de valor": "Jóvenes, Vendedores"}
    result = validate_tab(REQUESTS_TAB, *table(headers, record), Context())
    assert result.bad == []
    row = result.frame.loc[2]
    assert row["Redes"] == ["Facebook", "X", "Instagram"]
    assert row["Evidencias"] == ["https://a.co/x,1", "https://b.co"]
    assert row["Grupo de valor"] == ["Jóvenes", "Vendedores"]
    assert row["Etapa"] == "Identificar las necesidades"


# --- bad rows ------------------------------------------------------------------------------------------------


def test_every_kind_of_bad_row_with_the_header_as_written():
    headers = ["id", "recibido", "RED", "Mensaje ", "Enlace", "Respondido"]
    rows = [
        ["MSG-1", "2026-10-03 10:00", "X", "bien", None, None],  # 2 good
        ["MSG-2", "2026-10-03 10:00", "X", "   ", None, None],  # 3 required empty
        ["MSG-3", "31/02/2026 10:00", "X", "fecha imposible", None, None],  # 4 unreadable value
        ["MSG-4", "2026-10-03 10:00", "Myspace", "red", None, None],  # 5 outside its list
        ["MSG-5", "2026-10-03 10:00", "X", "a" * 5001, None, None],  # 6 over its cap
        ["MSG-6", "2026-10-03 10:00", "X", "repetido", None, None],  # 7 repeated ID (with 9)
        ["MSG-7", "2026-10-03 10:00", "X", "enlace", "www.x.co", "quizá"],  # 8 two bad cells
        ["MSG-6", "2026-10-03 10:00", "X", "repetido, otro texto", None, None],  # 9 repeated ID (with 7)
        ["MSG-9", "2026-10-03 10:00", "X", "bien", None, "Sí"],  # 10 good
    ]
    result = validate_tab(MESSAGES_TAB, headers, rows, Context())
    assert lines(result) == [
        "Mensajes fila 3: Mensaje : es obligatorio y está vacío; llénelo",
        "Mensajes fila 4: recibido: «31/02/2026» no es una fecha que exista; escríbala como dd/mm/aaaa",
        "Mensajes fila 5: RED: «Myspace» no está en la lista de redes; use uno de: Facebook, X, Instagram, YouTube, "
        "TikTok",
        "Mensajes fila 6: Mensaje : el texto tiene 5.001 caracteres y el máximo es 5.000; acórtelo",
        "Mensajes fila 7: id: el ID «MSG-6» está repetido en las filas 7 y 9; cada fila necesita uno propio",
        "Mensajes fila 8: Enlace: «www.x.co» no es un enlace; pegue la dirección completa, que empieza por https://",
        "Mensajes fila 8: Respondido: «quizá» no es sí o no; escriba Sí o No",
        "Mensajes fila 9: id: el ID «MSG-6» está repetido en las filas 7 y 9; cada fila necesita uno propio",
    ]
    assert result.bad_row_numbers == {3, 4, 5, 6, 7, 8, 9}
    assert list(result.frame.index) == [2, 10]  # bad rows left out, good rows all kept
    assert list(result.frame["ID"]) == ["MSG-1", "MSG-9"]
    assert result.bad[0] == BadRow("Mensajes", 3, "Mensaje ", REQUIRED_REASON)


def test_id_repeated_three_times():
    headers, rows = table(HEADERS, message(ID="MSG-1"), message(ID="MSG-1", Usuario="@otra"), message(ID="MSG-2"),
                          message(ID="MSG-1"))  # two of the three alike, the third not: all three are bad
    result = validate_tab(MESSAGES_TAB, headers, rows, Context())
    assert lines(result) == [
        f"Mensajes fila {n}: ID: el ID «MSG-1» está repetido en las filas 2, 3, 5; cada fila necesita uno propio"
        for n in (2, 3, 5)
    ]
    assert list(result.frame.index) == [4]


def test_a_row_stored_twice_is_one_record_with_a_notice_naming_both_rows():
    twice = message(ID="MSG-7", Usuario="@vecina", Enlace="https://x.com/v/status/7")
    headers, rows = table(HEADERS, message(ID="MSG-1"), twice, message(ID="MSG-2"), twice)
    rows[3] = [cell.encode() if isinstance(cell, str) else cell for cell in rows[3]]  # as SQLite hands text
    result = validate_tab(MESSAGES_TAB, headers, rows, Context())
    assert result.bad == []
    assert list(result.frame.index) == [2, 3, 4] and list(result.frame["ID"]) == ["MSG-1", "MSG-7", "MSG-2"]
    assert [str(notice) for notice in result.notices] == [
        "aviso: Mensajes fila 5: la misma fila está dos veces, en las filas 3 y 5 (mismo ID «MSG-7», mismas celdas); "
        "se cuenta una vez y un cambio desde Divulga se escribe en todas. Borre una de las dos en la hoja."]


def test_a_row_stored_three_times_and_empty_cells_typed_two_ways():
    headers, rows = table(HEADERS, message(ID="MSG-1"), message(ID="MSG-1"), message(ID="MSG-1", Usuario="  "))
    result = validate_tab(MESSAGES_TAB, headers, [row[:5] for row in rows], Context())  # Sheets drops trailing empties
    assert result.bad == [] and list(result.frame.index) == [2]
    assert [notice.row for notice in result.notices] == [3, 4]
    assert "está 3 veces, en las filas 2, 3, 4" in result.notices[0].text
    assert result.notices[0].text.endswith("Deje una sola en la hoja.")


def test_rows_with_one_id_that_differ_in_one_cell_stay_bad():
    headers, rows = table(HEADERS, message(ID="MSG-1", Enlace="https://x.com/a/1"),
                          message(ID="MSG-1", Enlace="https://x.com/a/2"))
    result = validate_tab(MESSAGES_TAB, headers, rows, Context())
    assert result.bad_row_numbers == {2, 3} and result.frame.empty and result.notices == []


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("Fecha", "mañana", "«mañana» no es una fecha; escríbala como dd/mm/aaaa (por ejemplo 03/10/2026)"),
        ("Fecha", "1/1/1989", "la fecha 01/01/1989 está fuera del rango aceptado (1990 a 2100)"),
        ("Fecha", 10, "la fecha 09/01/1900 está fuera del rango aceptado (1990 a 2100)"),
        ("Mensajes nuevos", -2, "«-2» es negativo; escriba un número entero de 0 en adelante"),
        ("Mensajes nuevos", 2.5, "«2.5» no es un número entero; escríbalo sin decimales"),
        ("Mensajes nuevos", "dos", "«dos» no es un número entero; escríbalo como 1234 o 1.234, sin decimales"),
        ("Se publicó", "tal vez", "«tal vez» no es sí o no; escriba Sí o No"),
        ("Hora", "3/10/2026 13:00 p. m.", "«13:00 p. m.» no es una hora; con a. m. o p. m. la hora va de 1 a 12"),
        ("Red", "Myspace", "«Myspace» no está en la lista de redes; use uno de: Facebook, X, Instagram, YouTube, "
                           "TikTok"),
    ],
)
def test_unreadable_cells_give_the_cell_reason(column, value, reason):
    headers = ["Fecha", "Red", "Hora", "Mensajes nuevos", "Se publicó"]
    record = {"Fecha": "2026-10-03", "Red": "X", column: value}
    result = validate_tab(MONITORING_TAB, *table(headers, record), Context())
    assert lines(result) == [f"Monitoreo fila 2: {column}: {reason}"]
    assert len(result.frame) == 0


def test_required_column_missing_is_one_line_and_rows_stay():
    headers = ["ID", "Recibido", "Mensaje"]  # no Red
    rows = [["MSG-1", "2026-10-03 10:00", "hola"], ["MSG-2", "2026-10-03 11:00", "otro"]]
    result = validate_tab(MESSAGES_TAB, headers, rows, Context())
    assert lines(result) == [f"Mensajes: Red: {MISSING_COLUMN_REASON}"]
    assert lines(result) == ["Mensajes: Red: falta esta columna obligatoria; agréguela en la fila 1 con ese nombre"]
    assert result.bad[0].row is None and result.bad_row_numbers == set()
    assert list(result.frame.index) == [2, 3]


def test_optional_column_missing_is_not_reported():
    result = validate_tab(MONITORING_TAB, ["Fecha", "Red"], [["2026-10-03", "X"]], Context())
    assert result.bad == [] and result.notices == [] and len(result.frame) == 1


def test_several_required_columns_missing():
    result = validate_tab(contract.TEMPLATES_TAB, ["Última revisión"], [["2026-10-03"]], Context())
    assert lines(result) == [f"Plantillas: Nombre: {MISSING_COLUMN_REASON}",
                             f"Plantillas: Texto: {MISSING_COLUMN_REASON}"]


# --- notices ---------------------------------------------------------------------------------------------------


def test_row_without_id_is_a_notice_not_a_bad_row():
    headers, rows = table(HEADERS, message(ID=None), message(ID="  "), message(ID="MSG-3"))
    result = validate_tab(MESSAGES_TAB, headers, rows, Context())
    assert result.bad == []
    assert list(result.frame.index) == [2, 3, 4]
    assert notices(result) == [f"aviso: Mensajes fila 2: {NO_ID}", f"aviso: Mensajes fila 3: {NO_ID}"]
    assert result.notices[0] == Notice("Mensajes", 2, NO_ID)


def test_tabs_without_ids_do_not_ask_for_one():
    result = validate_tab(MONITORING_TAB, ["Fecha", "Red"], [["2026-10-03", "X"]], Context())
    assert result.notices == []


def test_listas_extra_network_is_accepted_in_red_columns():
    context = Context(extra_networks=("Threads",))
    headers, rows = table(HEADERS, message(ID="MSG-1", Red="threads"))
    result = validate_tab(MESSAGES_TAB, headers, rows, context)
    assert result.bad == [] and result.frame.loc[2, "Red"] == "Threads"
    record = {"ID": "SOL-1", "Fecha de solicitud": "1/10/2026", "Área solicitante": "Jurídica", "Solicitante": "Ana",
              "Título": "T", "Necesidad": "N", "Redes": "Threads, X", "Fecha de publicación": "20/10/2026",
              "Etapa": "Ajustes"}
    result = validate_tab(REQUESTS_TAB, *table(REQUESTS_TAB.headers, record), context)
    assert result.bad == [] and result.frame.loc[2, "Redes"] == ["Threads", "X"]
    # without the list it is outside the list
    result = validate_tab(MESSAGES_TAB, headers, rows, Context())
    assert len(result.bad) == 1 and "«threads» no está en la lista de redes" in result.bad[0].reason


def test_network_added_in_listas_reaches_red_columns():
    context = lists_context(lists({"Redes": "Threads"}, {"Redes": "Facebook"}))
    assert context.extra_networks == ("Threads",)
    result = validate_tab(MESSAGES_TAB, *table(HEADERS, message(Red="THREADS")), context)
    assert result.bad == [] and result.frame.loc[2, "Red"] == "Threads"


def test_extra_networks_do_not_extend_other_lists():
    context = Context(extra_networks=("Threads",))
    headers = ["ID", "Programada", "Red", "Estado", "Formato"]
    rows = [["PUB-1", "2026-10-03 10:00", "X", "Programada", "Threads"]]
    result = validate_tab(contract.POSTS_TAB, headers, rows, context)
    assert [bad.column for bad in result.bad] == ["Formato"]


def lists(*rows: dict):
    return validate_tab(LISTS_TAB, *table(LISTS_TAB.headers, *rows), Context()).frame


def test_listas_context():
    frame = lists({"Áreas": "Jurídica", "Periodista del área": "Ana", "Redes": "Threads"},
                   {"Áreas": "Comunicaciones", "Periodista del área": "Luis", "Redes": "twitter"},
                   {"Redes": "threads"}, {"Redes": "Facebook"}, {"Redes": "Bluesky"}, {"Redes": "Threads"})
    context = lists_context(frame)
    assert context.extra_networks[0] == "Threads"  # as the leader wrote it first
    assert {name.lower() for name in context.extra_networks} == {"threads", "bluesky"}  # known networks left out
    assert context.areas == frozenset({"juridica", "comunicaciones"})
    assert context.journalists == frozenset({"ana", "luis"})


def test_listas_context_of_an_empty_listas():
    assert lists_context(lists()) == Context()


def solicitud(**cells) -> dict:
    base = {"ID": "SOL-1", "Fecha de solicitud": "1/10/2026", "Área solicitante": "Jurídica", "Solicitante": "Ana",
            "Periodista": "Ana", "Título": "Campaña", "Necesidad": "Difundir", "Redes": "X",
            "Fecha de publicación": "20/10/2026", "Etapa": "Ajustes"}
    return {**base, **{name.replace("_", " "): value for name, value in cells.items()}}


def test_area_or_journalist_not_in_listas_is_a_notice():
    context = lists_context(lists({"Áreas": "Jurídica", "Periodista del área": "Ana"}))
    rows = [solicitud(ID="SOL-1"), solicitud(ID="SOL-2", **{"Área solicitante": "  JURIDICA "}, Título="Otra"),
            solicitud(ID="SOL-3", **{"Área solicitante": "Talento humano"}, Título="Tercera", Periodista="Pedro")]
    result = validate_tab(REQUESTS_TAB, *table(REQUESTS_TAB.headers, *rows), context)
    assert result.bad == [] and len(result.frame) == 3
    assert notices(result) == [
        "aviso: Solicitudes fila 4: Área solicitante «Talento humano» no está en Listas; agréguelo allí o corrija "
        "el nombre",
        "aviso: Solicitudes fila 4: Periodista «Pedro» no está en Listas; agréguelo allí o corrija el nombre",
    ]


def test_area_of_estrategias_is_checked_too():
    context = lists_context(lists({"Áreas": "Jurídica"}))
    headers = ["ID", "Nombre", "Área", "Inicio", "Fin"]
    rows = [["EST-1", "Campaña", "Sistemas", "2026-10-01", "2026-10-30"]]
    result = validate_tab(contract.CAMPAIGNS_TAB, headers, rows, context)
    assert notices(result) == [
        "aviso: Estrategias fila 2: Área «Sistemas» no está en Listas; agréguelo allí o corrija el nombre"]


def test_no_area_notice_when_listas_has_no_areas():
    result = validate_tab(REQUESTS_TAB, *table(REQUESTS_TAB.headers, solicitud()), Context())
    assert result.notices == []


def test_likely_duplicate_is_a_notice():
    rows = [solicitud(ID="SOL-1"), solicitud(ID="SOL-2", Título="  campaña ", **{"Área solicitante": "JURÍDICA"}),
            solicitud(ID="SOL-3", Título="Otra")]
    result = validate_tab(REQUESTS_TAB, *table(REQUESTS_TAB.headers, *rows), Context())
    assert result.bad == [] and len(result.frame) == 3
    assert notices(result) == [
        "aviso: Solicitudes fila 3: posible duplicado: Fecha de solicitud, Área solicitante, Título iguales a otra fila"
    ]


def test_likely_duplicate_message_with_the_same_link():
    rows = [message(ID="MSG-1", Enlace="https://fb.com/1"), message(ID="MSG-2", Enlace="https://fb.com/1",
                                                                   Red="facebook")]
    result = validate_tab(MESSAGES_TAB, *table(HEADERS, *rows), Context())
    assert notices(result) == ["aviso: Mensajes fila 3: posible duplicado: Red, Enlace iguales a otra fila"]


def test_likely_duplicate_message_without_a_link():
    rows = [message(ID="MSG-1", Usuario="@ana"), message(ID="MSG-2", Usuario="@ana")]
    result = validate_tab(MESSAGES_TAB, *table(HEADERS, *rows), Context())
    assert any("posible duplicado" in text for text in notices(result))


def test_different_rows_are_not_duplicates():
    rows = [message(ID="MSG-1", Enlace="https://fb.com/1"), message(ID="MSG-2", Enlace="https://fb.com/2")]
    assert validate_tab(MESSAGES_TAB, *table(HEADERS, *rows), Context()).notices == []


# --- one set of rules, two uses -------------------------------------------------------------------------------


def valid_fields(tab: contract.Tab) -> dict:
    return {
        "Mensajes": {"Recibido": "2026-10-03 10:00", "Red": "X", "Mensaje": "hola"},
        "Solicitudes": {k: v for k, v in solicitud().items() if k != "ID"},
        "Publicaciones": {"Red": "X", "Programada": "2026-10-03 10:00", "Estado": "Programada"},
        "Métricas de cuenta": {"Mes": "2026-03", "Red": "X", "Cuenta": "@dadep"},
        "Usuarios": {"Correo": "ana@dadep.gov.co", "Roles": "Líder"},
        "Monitoreo": {"Fecha": "2026-10-03", "Red": "X"},
    }[tab.name]


SAME_REASON_CASES = [
    ("Mensajes", "Mensaje", ""),
    ("Mensajes", "Mensaje", "a" * 5001),
    ("Mensajes", "Recibido", "ayer"),
    ("Mensajes", "Recibido", "31/02/2026 10:00"),
    ("Mensajes", "Red", "Myspace"),
    ("Mensajes", "Clasificación", "Denuncia"),
    ("Mensajes", "Respondido", "quizá"),
    ("Mensajes", "Enlace", "www.fb.com"),
    ("Mensajes", "Enviado a ATC", "1/1/2101"),
    ("Solicitudes", "Título", "t" * 201),
    ("Solicitudes", "Redes", "Facebook, Myspace"),
    ("Solicitudes", "Evidencias", "https://a.co, carpeta"),
    ("Solicitudes", "Fecha de publicación", "20-20-2026"),
    ("Solicitudes", "Etapa", "Terminada"),
    ("Publicaciones", "Alcance", "12,5"),
    ("Publicaciones", "Alcance", -3),
    ("Publicaciones", "Alcance", 2.5),
    ("Publicaciones", "Estado", None),
    ("Métricas de cuenta", "Mes", "2026-13"),
    ("Usuarios", "Roles", "Gerente"),
    ("Monitoreo", "Hora", "3/10/2026 0:30 a. m."),
]


@pytest.mark.parametrize(("tab_name", "column", "value"), SAME_REASON_CASES)
def test_bulk_read_and_forms_give_the_same_reason(tab_name, column, value):
    tab = contract.tab(tab_name)
    fields = {**valid_fields(tab), column: value}
    headers = list(fields)
    result = validate_tab(tab, headers, [[fields[h] for h in headers]], Context())
    assert len(result.bad) == 1, lines(result)
    bulk = result.bad[0]
    with pytest.raises(InvalidRecord) as caught:
        validate_record(tab, fields)
    assert len(caught.value.errors) == 1, caught.value.errors
    form = caught.value.errors[0]
    assert (form.field, form.reason) == (bulk.column, bulk.reason) == (column, bulk.reason)
    assert str(bulk) == f"{tab_name} fila 2: {column}: {form.reason}"


@pytest.mark.parametrize(("tab_name", "column", "value"), [
    ("Mensajes", "Recibido", "3/10/2026 2:30 p. m."), ("Mensajes", "Red", "twitter"),
    ("Mensajes", "Clasificación", "Petición"), ("Mensajes", "Respondido", "x"),
    ("Solicitudes", "Redes", "facebook; Twitter"), ("Publicaciones", "Alcance", "1.234"),
    ("Métricas de cuenta", "Mes", "03/2026"), ("Usuarios", "Roles", "CM, Periodista"),
])
def test_bulk_read_and_forms_give_the_same_value(tab_name, column, value):
    tab = contract.tab(tab_name)
    fields = {**valid_fields(tab), column: value}
    headers = list(fields)
    result = validate_tab(tab, headers, [[fields[h] for h in headers]], Context())
    assert result.bad == []
    bulk = result.frame.loc[2, column]
    form = validate_record(tab, fields)[column]
    if isinstance(bulk, pd.Timestamp):
        bulk = bulk.to_pydatetime()
    assert bulk == form


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # numpy's, on the way to the crash
@pytest.mark.parametrize("value", ["100000000000000000000", 10**20, 2**63])
def test_a_huge_whole_number_is_a_bad_row_not_a_crash(value):
    headers = ["Red", "Programada", "Estado", "Alcance"]
    rows = [["X", "2026-10-03 10:00", "Programada", 5], ["X", "2026-10-03 11:00", "Programada", value]]
    result = validate_tab(contract.POSTS_TAB, headers, rows, Context())
    assert [bad.row for bad in result.bad] == [3] and list(result.frame.index) == [2]


def test_short_rows_are_padded():
    result = validate_tab(MONITORING_TAB, MONITORING_TAB.headers, [["2026-10-03", "X"]], Context())
    assert len(result.frame) == 1


def test_link_with_a_trailing_new_line_reads_as_in_a_form():
    fields = {"Recibido": "2026-10-03 10:00", "Red": "X", "Mensaje": "hola", "Enlace": "https://x.com/a/1\n"}
    headers = list(fields)
    result = validate_tab(MESSAGES_TAB, headers, [[fields[h] for h in headers]], Context())
    assert result.frame.loc[2, "Enlace"] == validate_record(MESSAGES_TAB, fields)["Enlace"] == "https://x.com/a/1"


def plain(value):
    """A frame cell as the form gives it: Timestamps as datetimes/dates, missing as None."""
    if isinstance(value, list):
        return value
    if value is None or value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
        return value if value.tzinfo else value.date()
    return value.item() if hasattr(value, "item") else value


AGREE_COLUMNS = {
    "Mensajes": ["Recibido", "Red", "Enlace", "Respondido", "Enviado a ATC", "Usuario", "Clasificación", "Mensaje"],
    "Publicaciones": ["Alcance", "Programada", "Estado", "Copy"],
    "Solicitudes": ["Redes", "Evidencias", "Productos", "Grupo de valor"],
    "Métricas de cuenta": ["Mes"],
}
cells_people_type = st.one_of(
    st.builds(lambda before, core, after: before + core + after, st.sampled_from(["", " ", "\n", "\t", "\u00a0"]),
              st.sampled_from(["https://a.co/x", "2026-10-03", "2026-10-03T10:00:00-05:00", "3/10/2026 2:30 p. m.",
                               "x", "Sí", "Twitter", "1.234", "1 234", "12,5", "2026-03", "03/2026", "Video, gif",
                               "https://a.co/1,2, https://b.co", "Petición", "Denuncia", "programada", "=1+1"]),
              st.sampled_from(["", " ", "\t", "\u00a0", ";", ", X"])),
    st.text(max_size=20), st.integers(-5, 60_000), st.floats(-1e5, 1e5, allow_nan=False), st.booleans(),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([(tab, column) for tab, columns in AGREE_COLUMNS.items() for column in columns]),
       cells_people_type)
def test_bulk_read_and_forms_agree_on_any_cell(where, value):
    tab_name, column = where
    tab = contract.tab(tab_name)
    fields = {**valid_fields(tab), column: value}
    headers = list(fields)
    result = validate_tab(tab, headers, [[fields[h] for h in headers]], Context())
    try:
        form, form_errors = validate_record(tab, fields), []
    except InvalidRecord as error:
        form, form_errors = None, [(e.field, e.reason) for e in error.errors]
    assert [(bad.column, bad.reason) for bad in result.bad] == form_errors
    if form is not None:
        assert plain(result.frame.loc[2, column]) == form[column]


# Big tabs take another road (vectorised checks, one parse per distinct value): same rules, same words.
BIG_SAMPLES = {
    "Mensajes": {
        "Recibido": ["2026-10-03T14:30:00-05:00", "3/10/2026 2:30 p. m.", 46298.5, " 2026-10-03 08:00", "ayer",
                     "2026-10-03T19:30:00+00:00", None, "31/02/2026 10:00", "1989-01-01T10:00:00-05:00",
                     "2026-10-03T14:30:00-05:00\n", 46298, datetime(2026, 10, 3, 9, 0)],
        "Red": ["X", "twitter", "Facebook", "Myspace", " instagram ", None, "TikTok", 3],
        "Mensaje": ["hola", " con espacios ", "=IMPORTXML(\"x\")", "", "m" * 5001, "m" * 5000, 12.0, "-1", "@u",
                    "línea\nnueva"],
        "Enlace": ["https://x.com/a/1", "https://x.com/a/1\n", " https://x.com/a/2", "www.x.com", None,
                   "https://x.com/a b", "HTTPS://X.COM/A", "ftp://x.com"],
        "Enviado a ATC": ["2026-10-04", "4/10/2026", 46299, 46299.0, "2026-02-30", "2101-01-01", None, "04/10/26",
                          date(2026, 10, 4), "2026-10-04\n", True],
        "Respondido": ["Sí", "si", "x", "TRUE", "No", None, "quizá", True, False, 1, 0, 2],
        "Usuario": ["@ana", " @ana ", "u" * 201, None, 5, "=cmd"],
    },
    "Publicaciones": {
        "Red": ["X", "Facebook"],
        "Programada": ["2026-10-03T10:00:00-05:00", "3/10/2026 10:00", 46298.25],
        "Estado": ["Programada", "publicada", "Borrador", None],
        "Alcance": [1234, "1.234", "1 234", 12.0, 12.5, -3, "-3", "doce", None, "1\u00a0234", True, 10**12, " 7 "],
        "Métricas al": ["2026-10-05", "5/10/2026", 46300, "ayer"],
    },
    # Only text cells: the whole tab goes to Arrow at once, and lists take their Arrow road.
    "Solicitudes": {
        "Fecha de solicitud": ["2026-10-01", "1/10/2026", "2026-02-30"],
        "Área solicitante": ["Dirección", " Dirección "],
        "Solicitante": ["Ana"],
        "Título": ["Jornada", "t" * 201],
        "Necesidad": ["Difundir", " "],
        "Redes": ["Facebook, X", "Facebook,X", "twitter; instagram", "X\nTikTok", "X, Myspace", "X, ", ", X",
                  "X,  Facebook", "Facebook"],
        "Fecha de publicación": ["2026-10-20", "20/10/2026"],
        "Etapa": ["Ajustes", "Identificar necesidades", "Cancelada"],
        "Evidencias": ["https://a.co/1\nhttps://a.co/2", "https://a.co/1, https://a.co/2", "https://a.co/x,y",
                       "https://a.co/1;https://a.co/2", "www.a.co", "https://a.co/1 https://a.co/2",
                       " https://a.co/1", None],
        "Grupo de valor": ["Jóvenes, Comerciantes", "Jóvenes,Comerciantes", "Jóvenes;Comerciantes", "g" * 201,
                           "Jóvenes, ", None],
        "Productos": ["Video, Imagen", "video", "Video, Podcast", None],
    },
}


def big_rows(tab_name: str, count: int = 1_200) -> tuple[list[str], list[list]]:
    samples = BIG_SAMPLES[tab_name]
    headers = list(samples)
    rows = [[samples[h][(n * (i + 1) + n // 7) % len(samples[h])] for i, h in enumerate(headers)]
            for n in range(count)]
    return headers, rows


@pytest.mark.parametrize("tab_name", list(BIG_SAMPLES))
def test_big_tabs_read_every_cell_as_a_form_would(tab_name):
    tab = contract.tab(tab_name)
    headers, rows = big_rows(tab_name)
    result = validate_tab(tab, headers, rows, Context())
    bad_by_row: dict[int, list] = {}
    for bad in result.bad:
        bad_by_row.setdefault(bad.row, []).append((bad.column, bad.reason))
    expected_frame_rows = []
    memo: dict[tuple, tuple] = {}
    for number, row in enumerate(rows, start=2):
        fields = dict(zip(headers, row, strict=True))
        key = tuple((h, type(v).__name__, v) for h, v in fields.items())
        if key not in memo:
            try:
                memo[key] = (validate_record(tab, fields), [])
            except InvalidRecord as error:
                memo[key] = (None, sorted((e.field, e.reason) for e in error.errors))
        form, form_errors = memo[key]
        assert sorted(bad_by_row.get(number, [])) == form_errors, (number, fields)
        if form is not None:
            expected_frame_rows.append(number)
            got = result.frame.loc[number]
            for header in headers:
                assert plain(got[header]) == form[header], (number, header, fields[header])
    assert list(result.frame.index) == expected_frame_rows
    assert 0 < len(expected_frame_rows) < len(rows)  # the sample mixes good and bad rows


def test_a_big_tab_never_truncates_a_decimal_or_a_yes_into_a_whole_number():
    """Arrow would turn 12.5 into 12 (and True into 1) in an int64 column: such tabs take the slow road."""
    headers = ["Red", "Programada", "Estado", "Alcance"]
    good = ("X", "2026-10-03T10:00:00-05:00", "Publicada", 5)
    rows = [good] * 1_500 + [good[:3] + (12.5,), good[:3] + (True,)]
    result = validate_tab(contract.tab("Publicaciones"), headers, rows, Context())
    assert [str(bad) for bad in result.bad] == [
        "Publicaciones fila 1502: Alcance: «12.5» no es un número entero; escríbalo sin decimales",
        "Publicaciones fila 1503: Alcance: no es un número; escriba un número entero, por ejemplo 1234",
    ]
    assert len(result.frame) == 1_500 and set(result.frame["Alcance"]) == {5}


def _both_roads(tab_name: str, headers: list[str], good: tuple, tricky: list) -> None:
    """Each tricky cell (in the last column) read in a 1,200-row tab must end as it does alone, cell by cell."""
    tab = contract.tab(tab_name)
    rows = [good] * 1_200 + [good[:-1] + (cell,) for cell in tricky]
    big = validate_tab(tab, headers, rows, Context())
    for offset, cell in enumerate(tricky):
        alone = validate_tab(tab, headers, [good[:-1] + (cell,)], Context())
        number = 1_202 + offset
        assert [(b.column, b.reason) for b in big.bad if b.row == number] == \
            [(b.column, b.reason) for b in alone.bad], repr(cell)
        if not alone.bad:
            assert plain(big.frame.loc[number, headers[-1]]) == plain(alone.frame.loc[2, headers[-1]]), repr(cell)


def test_links_with_unicode_spaces_take_the_careful_road():
    _both_roads("Mensajes", ["Recibido", "Red", "Mensaje", "Enlace"],
                ("2026-10-03T10:00:00-05:00", "X", "hola", "https://x.com/1"),
                ["https://a.com/x\u00a0y", "https://a.com/x\x0by", "https://a.com/x\u2028y", "https://a.com/ñ",
                 "HTTPS://A.COM/X", "https://./x", b"https://a.com", b"hola"])
    _both_roads("Solicitudes", ["Fecha de solicitud", "Área solicitante", "Solicitante", "Título", "Necesidad", "Redes",
                                "Fecha de publicación", "Etapa", "Evidencias"],
                ("2026-10-01", "Dirección", "Ana", "T", "N", "X", "2026-10-20", "Ajustes", "https://a.co/1"),
                ["https://a.com/1\u00a0https://a.com/2", "https://a.com/1\u2028https://a.com/2",
                 "https://a.com/x\x0by", "https://a.com/1\nhttps://a.com/2"])


def test_moments_in_looser_shapes_take_the_careful_road():
    _both_roads("Mensajes", ["Red", "Mensaje", "Recibido"], ("X", "hola", "2026-10-03T10:00:00-05:00"),
                ["2026-10-3T14:30:00-05:00", "2026-10-03T4:30:00-05:00", "2026-10-03t14:30:00-05:00",
                 "2026-10-03T14:30:00-5:00", "2026-10-03T14:30:60-05:00", "2026-10-03T14:30:00-05:00:30",
                 "2026-10-03T19:30:00+00:00", "2026-10-03T14:30:00Z", "2026-1-5"])


def test_mixed_yes_no_cells_keep_their_own_reasons():
    _both_roads("Mensajes", ["Recibido", "Red", "Mensaje", "Respondido"],
                ("2026-10-03T10:00:00-05:00", "X", "hola", True), [2, 2.0, 1, 1.0, 0, "x", "quizá"])


def test_text_handed_over_as_utf8_bytes_reads_as_text():
    """SQLite's bulk read hands text as UTF-8 bytes; an invalid byte shows as �, on both roads."""
    _both_roads("Mensajes", ["Recibido", "Red", "Mensaje"],
                (b"2026-10-03T10:00:00-05:00", b"X", b"hola"),
                ["¿Dónde?".encode(), b"\xffhola", b"  ", b"", b"=IMPORTXML(1)"])


def test_unicode_white_space_handed_as_bytes_is_an_empty_cell():
    tab = contract.tab("Cuentas")
    rows = [(b"X", "\u00a0".encode()), (None, None), (b"X", b"@dadep")]
    result = validate_tab(tab, ["Red", "Cuenta"], rows, Context())
    assert [str(bad) for bad in result.bad] == ["Cuentas fila 2: Cuenta: es obligatorio y está vacío; llénelo"]
    blank = validate_tab(tab, ["Red", "Cuenta", "Observaciones"], [(None, None, "\u3000".encode())], Context())
    assert blank.bad == [] and len(blank.frame) == 0  # only white space: a blank row


def test_numbers_typed_into_a_text_column_of_a_big_tab_read_as_alone():
    """A big tab whose text column holds numbers (as Sheets hands them back) reads that column cell by cell."""
    _both_roads("Mensajes", ["Recibido", "Red", "Mensaje"], ("2026-10-03T10:00:00-05:00", "X", "hola"),
                [12345, 1.5, True, datetime(2026, 10, 3, 10, 0)])


@pytest.mark.parametrize("count", [3, 1_200])  # cell by cell, and by distinct value
def test_values_of_a_list_are_categories_of_the_whole_list_as_typed_for_an_append(count):
    """Every frame of a list's column shares one dtype (every value of the list, in text order), so rows typed
    for an append (`typed`) concatenate onto a tab as read and stay categorical."""
    from core.sheet.column_parsing import category_dtype, typed

    posts = contract.tab("Publicaciones")
    headers = ["Red", "Programada", "Estado", "Formato"]
    rows = [("Twitter", "2026-10-03T10:00:00-05:00", "Publicada", None)] * count
    for networks in ((), ("Threads",)):
        frame = validate_tab(posts, headers, rows, Context(extra_networks=networks)).frame
        for name in ("Red", "Estado", "Formato"):
            column, extra = posts.column(name), networks if name == "Red" else ()
            dtype = frame[name].dtype
            assert isinstance(dtype, pd.CategoricalDtype), (name, dtype)
            assert list(dtype.categories) == sorted({*column.choices.values, *extra})
            assert dtype == category_dtype(column, extra)
            added = typed(column, [column.choices.values[-1], None], extra)
            assert added.dtype == dtype and pd.concat([frame[name], added]).dtype == dtype
        first = frame.iloc[0]
        assert first["Red"] == "X" and first["Estado"] == "Publicada" and pd.isna(first["Formato"])
    assert list(typed(posts.column("Red"), ["Threads"]).astype(object)) == ["Threads"]  # outside the list: kept
