"""The local Sheets API fake (tests/fakes/sheets_api.py), driven through gspread's real HTTP client."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import uuid
from datetime import date, datetime
from pathlib import Path

import gspread
import pytest
import requests

from core.store.sheets_http import emulator_session
from tests.fakes.sheets_api import ApiError, SheetsFake, to_serial

UNFORMATTED = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"}
CHRISTMAS = to_serial(date(2024, 12, 25))  # 45651


@pytest.fixture(scope="module")
def server():
    with SheetsFake() as fake:
        yield fake


@pytest.fixture
def fake(server):
    server.reset_log()
    server.clear_faults()
    yield server
    server.clear_faults()


@pytest.fixture
def key():
    return f"hoja-{uuid.uuid4().hex}"


@pytest.fixture
def client(fake):
    client = gspread.Client(auth=None, session=emulator_session(fake.host))
    client.set_timeout(5)
    return client


@pytest.fixture
def book(fake, client, key):
    """A spreadsheet with a "Personas" tab of headers and two rows, opened with gspread."""
    fake.create(key, {"Personas": [["ID", "Nombre", "Edad"], ["P-1", "Ana", 30], ["P-2", "Luis", 41]]},
                locale="es_CO", time_zone="America/Bogota")
    return client.open_by_key(key)


def get(spreadsheet, ranges, **params):
    return [entry.get("values", []) for entry in spreadsheet.values_batch_get(ranges, params=params)["valueRanges"]]


def cells(*values):
    """A RowData of these userEnteredValues."""
    return {"values": [{"userEnteredValue": value} for value in values]}


def api_error(call) -> tuple[int, str]:
    with pytest.raises(gspread.exceptions.APIError) as caught:
        call()
    answer = caught.value.response.json()["error"]
    assert set(answer) == {"code", "message", "status"}
    return answer["code"], answer["message"]


# --- spreadsheets and metadata ---------------------------------------------------------------------------------


def test_unknown_key_opens_a_new_spreadsheet_like_google_makes_it(fake, client, key):
    spreadsheet = client.open_by_key(key)
    assert (spreadsheet.title, spreadsheet.locale, spreadsheet.timezone) == ("Divulga", "en_US", "America/New_York")
    [sheet] = spreadsheet.worksheets()
    assert (sheet.title, sheet.id, sheet.index, sheet.row_count, sheet.col_count) == ("Hoja 1", 0, 0, 1000, 26)
    metadata = spreadsheet.fetch_sheet_metadata()
    assert "protectedRanges" not in metadata["sheets"][0]  # Google leaves the key out when there are none
    assert metadata["sheets"][0]["properties"]["sheetType"] == "GRID"
    assert fake.values(key, "Hoja 1") == []


def test_create_stores_values_as_their_python_types(fake, book, key):
    rows = book.worksheet("Personas").get_all_values()
    assert rows == [["ID", "Nombre", "Edad"], ["P-1", "Ana", "30"], ["P-2", "Luis", "41"]]
    assert fake.values(key, "Personas")[1] == ["P-1", "Ana", 30]
    assert fake.headers(key, "Personas") == ["ID", "Nombre", "Edad"]
    assert fake.cells(key, "Personas")[1][2] == {"userEnteredValue": {"numberValue": 30}}
    assert (book.locale, book.timezone) == ("es_CO", "America/Bogota")


# --- values in and out -----------------------------------------------------------------------------------------


def test_raw_keeps_every_type_and_formulas_as_text(fake, book, key):
    sheet = book.worksheet("Personas")
    formula = '=IMPORTXML("https://example.com", "//a")'
    sheet.update([["texto", 12, 12.5, True, formula, "12", "25/12/2024", ""]], "A4", raw=True)
    assert get(book, ["Personas!A4:H4"], **UNFORMATTED) == [[["texto", 12, 12.5, True, formula, "12", "25/12/2024"]]]
    assert get(book, ["Personas!A4:H4"]) == [[["texto", "12", "12.5", "TRUE", formula, "12", "25/12/2024"]]]
    assert fake.cells(key, "Personas")[3][4] == {"userEnteredValue": {"stringValue": formula}}


def test_user_entered_parses_like_sheets_in_the_spreadsheets_locale(fake, book, key):
    sheet = book.worksheet("Personas")
    typed = ["=1+1", "12", "1234.5", "TRUE", "25/12/2024", "hola", "'=literal", "007", "31/02/2024",
             "2024-12-25", "25/12/2024 14:30"]
    sheet.update([typed], "A4", raw=False)
    moment = to_serial(datetime(2024, 12, 25, 14, 30))
    assert get(book, ["Personas!4:4"], **UNFORMATTED) == [[
        ["#ERROR!", 12, 1234.5, True, CHRISTMAS, "hola", "=literal", 7, "31/02/2024", CHRISTMAS, moment]]]
    assert get(book, ["Personas!4:4"], valueRenderOption="FORMULA")[0][0][:2] == ["=1+1", 12]
    assert get(book, ["Personas!4:4"]) == [[["#ERROR!", "12", "1234.5", "TRUE", "25/12/2024", "hola", "=literal",
                                              "7", "31/02/2024", "2024-12-25", "25/12/2024 14:30:00"]]]
    assert fake.cells(key, "Personas")[3][4] == {"userEnteredValue": {"numberValue": CHRISTMAS}, "userEnteredFormat": {
        "numberFormat": {"type": "DATE", "pattern": "dd/mm/yyyy"}}}


def test_en_us_reads_dates_month_first(client, key):
    sheet = client.open_by_key(key).sheet1  # a new spreadsheet is en_US
    sheet.update([["03/04/2024", "25/12/2024"]], "A1", raw=False)
    assert sheet.get_all_values(value_render_option="UNFORMATTED_VALUE") == [
        [to_serial(date(2024, 3, 4)), "25/12/2024"]]
    assert sheet.get_all_values() == [["3/4/2024", "25/12/2024"]]


def test_render_options_for_numbers_dates_and_booleans(fake, book, key):
    fake.set_date(key, "Personas", 2, 3, 46296.0)
    fake.set_date(key, "Personas", 3, 3, 46296.75, pattern="dd/mm/yyyy hh:mm")
    fake.set_cell(key, "Personas", 4, 1, 46296.0)
    fake.set_cell(key, "Personas", 4, 2, False)
    fake.set_cell(key, "Personas", 4, 3, 0.1 + 0.2)
    ranges = ["Personas!C2:C3", "Personas!A4:C4"]
    assert get(book, ranges, **UNFORMATTED) == [[[46296], [46296.75]], [[46296, False, 0.30000000000000004]]]
    assert get(book, ranges) == [[["01/10/2026"], ["01/10/2026 18:00"]], [["46296", "FALSE", "0.3"]]]
    assert get(book, ranges, valueRenderOption="UNFORMATTED_VALUE", dateTimeRenderOption="FORMATTED_STRING")[0] == [
        ["01/10/2026"], ["01/10/2026 18:00"]]
    columns = book.values_get("Personas!A1:C2", params={"majorDimension": "COLUMNS", **UNFORMATTED})
    assert columns["values"] == [["ID", "P-1"], ["Nombre", "Ana"], ["Edad", 46296]]


def test_empty_cells_and_rows_as_sheets_leaves_them(fake, book, key):
    fake.set_cell(key, "Personas", 5, 4, "lejos")
    fake.set_cell(key, "Personas", 3, 2, None)
    values = book.values_get("Personas", params=UNFORMATTED)
    assert values["range"] == "Personas!A1:Z1000" and values["majorDimension"] == "ROWS"
    assert values["values"] == [["ID", "Nombre", "Edad"], ["P-1", "Ana", 30], ["P-2", "", 41], [],
                                ["", "", "", "lejos"]]
    assert "values" not in book.values_get("Personas!F1:G9")
    assert book.worksheet("Personas").get("F1:G9") == [[]]  # gspread's own answer for no values


def test_ranges_quoted_titles_and_request_order(fake, client, key):
    fake.create(key, {"Hoja 1": [["a", "b", "c"], [1, 2, 3], [4, 5, 6]], "Sheet's name": [["x"], ["y"]]})
    spreadsheet = client.open_by_key(key)
    answer = spreadsheet.values_batch_get(["'Sheet''s name'!A1:A2", "'Hoja 1'!B:B", "'Hoja 1'!2:2", "'Hoja 1'!B2:C",
                                           "'Hoja 1'", "Hoja 1!C3", "A1:B1"], params=dict(UNFORMATTED))
    assert [entry["range"] for entry in answer["valueRanges"]] == [
        "'Sheet''s name'!A1:A2", "'Hoja 1'!B1:B1000", "'Hoja 1'!A2:Z2", "'Hoja 1'!B2:C1000", "'Hoja 1'!A1:Z1000",
        "'Hoja 1'!C3", "'Hoja 1'!A1:B1"]
    assert [entry.get("values") for entry in answer["valueRanges"]] == [
        [["x"], ["y"]], [["b"], [2], [5]], [[1, 2, 3]], [[2, 3], [5, 6]], [["a", "b", "c"], [1, 2, 3], [4, 5, 6]],
        [[6]], [["a", "b"]]]
    spreadsheet.worksheet("Sheet's name").update([["z"]], "B1")
    assert fake.values(key, "Sheet's name") == [["x", "z"], ["y"]]
    assert api_error(lambda: spreadsheet.values_get("'Nope'!A1")) == (400, "Unable to parse range: 'Nope'!A1")
    assert api_error(lambda: spreadsheet.values_get("Nope!A1"))[1] == "Unable to parse range: Nope!A1"


def test_values_batch_update_and_clear_keep_formats(fake, book, key):
    fake.set_date(key, "Personas", 2, 3, CHRISTMAS)
    book.values_batch_update({"valueInputOption": "RAW", "data": [
        {"range": "Personas!A5", "values": [["P-9"]]}, {"range": "Personas!B5:C5", "values": [["Eva", 22]]}]})
    assert fake.values(key, "Personas")[4] == ["P-9", "Eva", 22]
    book.worksheet("Personas").batch_clear(["C2", "A5:C5"])
    assert fake.values(key, "Personas") == [["ID", "Nombre", "Edad"], ["P-1", "Ana"], ["P-2", "Luis", 41]]
    assert fake.cells(key, "Personas")[1][2] == {"userEnteredFormat": {"numberFormat": {"type": "DATE",
                                                                                          "pattern": "dd/mm/yyyy"}}}
    book.worksheet("Personas").update([[45000]], "C2")
    assert book.worksheet("Personas").acell("C2").value == "15/03/2023"  # the date format stayed
    book.worksheet("Personas").clear()
    assert fake.values(key, "Personas") == [] and book.worksheet("Personas").get_all_values() == [[]]


# --- grid and size limits ----------------------------------------------------------------------------------------


def test_writes_outside_the_grid_are_refused(fake, book, key):
    sheet = book.worksheet("Personas")
    assert api_error(lambda: sheet.update([["x"]], "AB5")) == (
        400, "Range (Personas!AB5) exceeds grid limits. Max rows: 1000, max columns: 26")
    assert api_error(lambda: sheet.update([["x", "y"]], "Z1"))[1].startswith("Range (Personas!Z1) exceeds")
    assert api_error(lambda: sheet.update([["x"]], "A1001"))[0] == 400
    assert api_error(lambda: sheet.get("A1:AA2"))[1].startswith("Range (Personas!A1:AA2) exceeds grid limits.")
    assert sheet.get("A999:B") == [[]] and api_error(lambda: sheet.get("A1001:B"))[0] == 400
    assert api_error(lambda: sheet.batch_clear(["A1001:B"]))[1].startswith("Range (Personas!A1001:B) exceeds")
    assert api_error(lambda: sheet.update([["x"], ["y"]], "A1:B1")) == (
        400, "Requested writing within range ['Personas'!A1:B1], but tried writing to row [2]")
    start = {"sheetId": 0, "rowIndex": 4, "columnIndex": 27}
    code, message = api_error(lambda: book.batch_update({"requests": [{"updateCells": {
        "start": start, "rows": [{"values": [{"userEnteredValue": {"stringValue": "x"}}]}],
        "fields": "userEnteredValue"}}]}))
    assert (code, message) == (400, "Invalid requests[0].updateCells: Range (Personas!AB5) exceeds grid limits. "
                                    "Max rows: 1000, max columns: 26")
    assert fake.values(key, "Personas")[0] == ["ID", "Nombre", "Edad"]


def test_grid_ranges_starting_inside_the_grid_are_cut_to_it(fake, book, key):
    """As measured on the live API for repeatCell: a range starting at or past the grid's end is refused
    (named with its open ends), one starting inside is applied to the cells the grid has."""
    def bold(**grid):
        return {"requests": [{"repeatCell": {"range": {"sheetId": 0, **grid}, "cell": {
            "userEnteredFormat": {"textFormat": {"bold": True}}}, "fields": "userEnteredFormat.textFormat.bold"}}]}

    book.batch_update(bold(startRowIndex=999, endRowIndex=1003, startColumnIndex=0, endColumnIndex=2))
    book.batch_update(bold(startRowIndex=3, endRowIndex=3))
    assert fake.cells(key, "Personas")[999][1] == {"userEnteredFormat": {"textFormat": {"bold": True}}}
    assert fake.spreadsheet(key)["sheets"][0]["properties"]["gridProperties"]["rowCount"] == 1000
    assert api_error(lambda: book.batch_update(bold(startRowIndex=1000, startColumnIndex=0, endColumnIndex=2))) == (
        400, "Invalid requests[0].repeatCell: Range (Personas!A1001:B) exceeds grid limits. Max rows: 1000, "
             "max columns: 26")
    assert "Range (Personas!AA1:2) exceeds" in api_error(lambda: book.batch_update(bold(
        startColumnIndex=26, endRowIndex=2)))[1]


def test_cell_text_workbook_cells_and_payload_limits(fake, book, key):
    sheet = book.worksheet("Personas")
    assert api_error(lambda: sheet.update([["x" * 50_001]], "A5"))[1] == (
        "Your input contains more than the maximum of 50000 characters in a single cell.")
    sheet.update([["x" * 50_000]], "A5")
    too_many = {"requests": [{"addSheet": {"properties": {"title": "Grande", "gridProperties": {
        "rowCount": 400_000, "columnCount": 26}}}}]}
    assert api_error(lambda: book.batch_update(too_many))[1].endswith(
        "This action would increase the number of cells in the workbook above the limit of 10000000 cells.")
    assert api_error(lambda: book.batch_update({"requests": [{"appendDimension": {
        "sheetId": 0, "dimension": "ROWS", "length": 400_000}}]}))[0] == 400
    big = [["y" * 40_000] for _ in range(60)]  # 2.4 MB
    assert api_error(lambda: sheet.update(big, "A10")) == (400, "Request payload size exceeds the limit: 2097152 "
                                                                "bytes.")
    assert len(fake.values(key, "Personas")) == 5
    assert [entry["properties"]["title"] for entry in fake.spreadsheet(key)["sheets"]] == ["Personas"]


# --- spreadsheets.batchUpdate --------------------------------------------------------------------------------------


def test_batch_update_is_all_or_nothing(fake, book, key):
    good = [{"addSheet": {"properties": {"sheetId": 7, "title": "Historial"}}},
            {"appendCells": {"sheetId": 0, "rows": [cells({"stringValue": "P-3"})], "fields": "userEnteredValue"}}]
    code, message = api_error(lambda: book.batch_update({"requests": [
        *good, {"addSheet": {"properties": {"title": "personas"}}}]}))
    assert (code, message) == (400, 'Invalid requests[2].addSheet: A sheet with the name "personas" already exists. '
                                    'Please enter another name.')
    assert api_error(lambda: book.batch_update({"requests": [*good, {"mergeCells": {}}]}))[1].startswith(
        "Invalid JSON payload received. Unknown name \"mergeCells\"")
    before = fake.spreadsheet(key), fake.cells(key, "Personas")
    assert api_error(lambda: book.batch_update({"requests": [
        *good, {"updateSheetProperties": {"properties": {"sheetId": 7, "index": 0}, "fields": "index"}},
        {"deleteDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 2}}},
        {"updateCells": {"start": {"sheetId": 0, "rowIndex": 0, "columnIndex": 26}, "rows": [cells({"numberValue": 1})],
                         "fields": "*"}}]}))[0] == 400
    assert (fake.spreadsheet(key), fake.cells(key, "Personas")) == before
    assert len(before[0]["sheets"]) == 1 and len(fake.values(key, "Personas")) == 3
    reply = book.batch_update({"requests": good})
    assert reply["replies"][0]["addSheet"]["properties"] == {
        "sheetId": 7, "title": "Historial", "index": 1, "sheetType": "GRID",
        "gridProperties": {"rowCount": 1000, "columnCount": 26}}
    assert reply["replies"][1] == {}
    assert fake.values(key, "Personas")[3] == ["P-3"]


def test_append_cells_goes_after_the_last_row_with_a_value(fake, book, key):
    fake.set_cell(key, "Personas", 6, 1, "P-6")  # rows 4 and 5 are blank inside the data
    fake.set_cell(key, "Personas", 7, 2, {"userEnteredFormat": {"numberFormat": {"type": "DATE"}}})  # format only
    date_cell = {"userEnteredValue": {"numberValue": CHRISTMAS},
                 "userEnteredFormat": {"numberFormat": {"type": "DATE", "pattern": "dd/mm/yyyy"}}}
    rows = [cells({"stringValue": "P-7"}, {"stringValue": "=1+1"}),
            {"values": [{"userEnteredValue": {"stringValue": "P-8"}}, {}, date_cell]}]
    book.batch_update({"requests": [{"appendCells": {"sheetId": 0, "rows": rows,
                                                     "fields": "userEnteredValue,userEnteredFormat.numberFormat"}}]})
    assert fake.values(key, "Personas")[3:] == [[], [], ["P-6"], ["P-7", "=1+1"], ["P-8", "", CHRISTMAS]]
    assert book.worksheet("Personas").get("C8") == [["25/12/2024"]]
    fake.create(key, {"Llena": [["a"], ["b"]]})
    sheet_id = fake.spreadsheet(key)["sheets"][0]["properties"]["sheetId"]
    book.batch_update({"requests": [{"updateSheetProperties": {"properties": {
        "sheetId": sheet_id, "gridProperties": {"rowCount": 2}}, "fields": "gridProperties.rowCount"}}]})
    book.batch_update({"requests": [{"appendCells": {"sheetId": sheet_id, "rows": [cells({"numberValue": 1})] * 3,
                                                     "fields": "*"}}]})
    assert fake.values(key, "Llena") == [["a"], ["b"], [1], [1], [1]]
    assert fake.spreadsheet(key)["sheets"][0]["properties"]["gridProperties"]["rowCount"] == 5
    wide = {"appendCells": {"sheetId": sheet_id, "rows": [cells(*[{"numberValue": n} for n in range(27)])],
                            "fields": "*"}}
    assert "exceeds grid limits. Max rows: 5, max columns: 26" in api_error(lambda: book.batch_update(
        {"requests": [wide]}))[1]


def test_update_cells_writes_only_the_masked_fields(fake, book, key):
    fake.set_date(key, "Personas", 2, 3, CHRISTMAS)
    book.batch_update({"requests": [{"updateCells": {
        "start": {"sheetId": 0, "rowIndex": 1, "columnIndex": 1},
        "rows": [{"values": [{"userEnteredValue": {"stringValue": "Ana María"}},
                             {"userEnteredValue": {"numberValue": CHRISTMAS + 1}}]}],
        "fields": "userEnteredValue"}}]})
    assert book.worksheet("Personas").get("B2:C2") == [["Ana María", "26/12/2024"]]
    column = {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 3, "startColumnIndex": 2, "endColumnIndex": 3}
    book.batch_update({"requests": [{"updateCells": {"range": column, "rows": [cells({"boolValue": True})],
                                                     "fields": "userEnteredValue"}}]})
    assert fake.values(key, "Personas")[1:] == [["P-1", "Ana María", True], ["P-2", "Luis"]]  # range: C3 cleared
    book.batch_update({"requests": [{"updateCells": {"start": {"sheetId": 0}, "rows": [{"values": [{"note": "ID"}]}],
                                                     "fields": "note"}}]})
    assert fake.cells(key, "Personas")[0][0] == {"userEnteredValue": {"stringValue": "ID"}, "note": "ID"}


def test_structure_requests(fake, book, key):
    column = {"sheetId": 0, "startRowIndex": 1, "startColumnIndex": 2, "endColumnIndex": 3}
    rule = {"condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": "Sí"}]}, "strict": False}
    reply = book.batch_update({"requests": [
        {"updateSpreadsheetProperties": {"properties": {"locale": "es_MX", "timeZone": "America/Mexico_City"},
                                         "fields": "locale,timeZone"}},
        {"repeatCell": {"range": column, "cell": {"userEnteredFormat": {"numberFormat": {"type": "DATE",
                                                                                          "pattern": "dd/mm/yyyy"}}},
                        "fields": "userEnteredFormat.numberFormat"}},
        {"setDataValidation": {"range": column, "rule": rule}},
        {"addProtectedRange": {"protectedRange": {"range": {"sheetId": 0, "startColumnIndex": 0, "endColumnIndex": 1},
                                                  "description": "ID", "warningOnly": True}}},
        {"appendDimension": {"sheetId": 0, "dimension": "COLUMNS", "length": 4}},
        {"insertDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 3},
                             "inheritFromBefore": True}},
        {"deleteDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 2, "endIndex": 3}}},
        {"updateSheetProperties": {"properties": {"sheetId": 0, "title": "Gente",
                                                  "gridProperties": {"frozenRowCount": 1}},
                                   "fields": "title,gridProperties.frozenRowCount"}},
    ]})
    protected = reply["replies"][3]["addProtectedRange"]["protectedRange"]
    metadata = fake.spreadsheet(key)
    assert metadata["properties"]["locale"] == "es_MX" and metadata["properties"]["timeZone"] == "America/Mexico_City"
    [sheet] = metadata["sheets"]
    assert sheet["properties"]["title"] == "Gente"
    assert sheet["properties"]["gridProperties"] == {"rowCount": 1001, "columnCount": 30, "frozenRowCount": 1}
    assert sheet["protectedRanges"] == [protected] and protected["description"] == "ID"
    assert sheet["dataValidations"] == [{"range": column, "rule": rule}]
    assert fake.values(key, "Gente") == [["ID", "Nombre", "Edad"], [], ["P-1", "Ana", 30], ["P-2", "Luis", 41]]
    assert fake.cells(key, "Gente")[3][2]["userEnteredFormat"]["numberFormat"]["type"] == "DATE"
    range_id = protected["protectedRangeId"]
    book.batch_update({"requests": [{"updateProtectedRange": {"protectedRange": {
        "protectedRangeId": range_id, "description": "Clave"}, "fields": "description"}}]})
    assert fake.spreadsheet(key)["sheets"][0]["protectedRanges"][0]["description"] == "Clave"
    book.batch_update({"requests": [{"deleteProtectedRange": {"protectedRangeId": range_id}}]})
    assert "protectedRanges" not in book.fetch_sheet_metadata()["sheets"][0]
    assert api_error(lambda: book.batch_update({"requests": [{"deleteProtectedRange": {
        "protectedRangeId": range_id}}]}))[1].endswith(f"No protected range with id: {range_id}")


def test_sort_range_puts_blanks_last(fake, book, key):
    fake.append_row(key, "Personas", ["P-3", "beto"])
    fake.append_row(key, "Personas", ["P-4", "Carla", 7])
    book.batch_update({"requests": [{"sortRange": {"range": {"sheetId": 0, "startRowIndex": 1},
                                                   "sortSpecs": [{"dimensionIndex": 2, "sortOrder": "DESCENDING"}]}}]})
    assert [row[0] for row in fake.values(key, "Personas")[1:]] == ["P-2", "P-1", "P-4", "P-3"]
    book.batch_update({"requests": [{"sortRange": {"range": {"sheetId": 0, "startRowIndex": 1},
                                                   "sortSpecs": [{"dimensionIndex": 1}]}}]})
    assert [row[1] for row in fake.values(key, "Personas")[1:]] == ["Ana", "beto", "Carla", "Luis"]


# --- values.append -----------------------------------------------------------------------------------------------


def test_append_rows_lands_after_the_last_row_and_grows_the_grid(fake, client, key):
    fake.create(key, {"Tabla": [["a", "b"], [1, 2], [], [3]]})
    spreadsheet = client.open_by_key(key)
    sheet = spreadsheet.worksheet("Tabla")
    answer = sheet.append_rows([["x", "=1+1"], ["y"]], value_input_option="RAW", table_range="A1")
    assert answer["updates"]["updatedRange"] == "Tabla!A5:B6" and answer["tableRange"] == "Tabla!A1:B4"
    assert fake.values(key, "Tabla") == [["a", "b"], [1, 2], [], [3], ["x", "=1+1"], ["y"]]
    fake.delete_rows(key, "Tabla", 7, 1000)  # the grid now ends at the last row
    sheet.append_rows([["z"]], value_input_option="USER_ENTERED", table_range="A1")
    assert fake.values(key, "Tabla")[-1] == ["z"]
    assert fake.spreadsheet(key)["sheets"][0]["properties"]["gridProperties"]["rowCount"] == 7
    sheet.append_rows([["w"]], value_input_option="RAW", insert_data_option="INSERT_ROWS", table_range="A1")
    assert fake.spreadsheet(key)["sheets"][0]["properties"]["gridProperties"]["rowCount"] == 8
    assert api_error(lambda: sheet.append_rows([list(range(27))], table_range="A1"))[0] == 400


def test_concurrent_appends_all_land_once(fake, client, key):
    sheet = client.open_by_key(key).sheet1

    def append(worker):
        for n in range(5):
            sheet.append_rows([[f"{worker}-{n}"]], value_input_option="RAW", table_range="A1")

    threads = [threading.Thread(target=append, args=(worker,)) for worker in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(row[0] for row in fake.values(key, "Hoja 1")) == sorted(f"{w}-{n}" for w in range(6)
                                                                         for n in range(5))


# --- request log and faults ----------------------------------------------------------------------------------------


def test_every_request_is_logged(fake, book, key):
    fake.reset_log()
    get(book, ["Personas!1:1", "Personas!A:A"], **UNFORMATTED)
    book.batch_update({"requests": [{"appendCells": {"sheetId": 0, "rows": [cells({"stringValue": "a"})],
                                                     "fields": "userEnteredValue"}}] * 2})
    sheet = book.worksheet("Personas")
    sheet.update([["b"]], "D1")
    sheet.append_rows([["c"]], table_range="A1")
    sheet.clear()
    assert [request.kind for request in fake.requests] == ["values.batchGet", "batchUpdate", "get", "values.update",
                                                          "values.append", "values.clear"]
    method, path, query, size, kind = fake.requests[0]
    assert (method, path, kind, size) == ("GET", f"/v4/spreadsheets/{key}/values:batchGet", "values.batchGet", 0)
    assert query == {"ranges": ["Personas!1:1", "Personas!A:A"], **UNFORMATTED}
    assert fake.requests[1].batch == ("appendCells", "appendCells") and fake.requests[1].size > 100
    assert fake.requests[3].path == f"/v4/spreadsheets/{key}/values/'Personas'!D1"
    assert fake.requests[3].query == {"valueInputOption": "RAW"}
    assert (fake.count(), fake.count("batchUpdate"), fake.count("values.batchClear")) == (6, 1, 0)
    fake.values(key, "Personas")
    fake.set_cell(key, "Personas", 2, 1, "x")  # hand edits are not requests
    fake.reset_log()
    assert fake.count() == 0 and fake.requests == []


def test_fail_next_answers_without_applying(fake, book, key):
    sheet = book.worksheet("Personas")
    fake.fail_next(429, kind="values.append")
    sheet.update([["antes"]], "D1")  # another kind: not consumed
    assert api_error(lambda: sheet.append_rows([["P-3"]], table_range="A1"))[:1] == (429,)
    sheet.append_rows([["P-4"]], table_range="A1")
    assert [row[0] for row in fake.values(key, "Personas")] == ["ID", "P-1", "P-2", "P-4"]
    fake.fail_next(500, times=2)
    with pytest.raises(gspread.exceptions.APIError) as first:
        sheet.get_all_values()
    assert first.value.response.json()["error"]["status"] == "INTERNAL"
    assert api_error(lambda: sheet.get_all_values())[0] == 500
    assert sheet.get_all_values()[0] == ["ID", "Nombre", "Edad", "antes"]


def test_apply_then_fail_applies_and_answers_503(fake, book, key):
    fake.apply_then_fail(kind="batchUpdate")
    request = {"requests": [{"appendCells": {"sheetId": 0, "rows": [cells({"stringValue": "P-3"})],
                                             "fields": "userEnteredValue"}}]}
    code, message = api_error(lambda: book.batch_update(request))
    assert (code, message) == (503, "The service is currently unavailable.")
    assert fake.values(key, "Personas")[-1] == ["P-3"]


def test_slow_answer_trips_the_client_timeout_and_still_applies(fake, client, book, key):
    client.set_timeout(0.2)
    fake.slow_next(0.6, kind="values.update")
    with pytest.raises(requests.exceptions.ReadTimeout):
        client.open_by_key(key).worksheet("Personas").update([["tarde"]], "D2")
    assert fake.wait_idle(timeout=3)
    assert fake.values(key, "Personas")[1] == ["P-1", "Ana", 30, "tarde"]


def test_latency_is_added_to_every_request_and_is_off_by_default(fake, client, book, key):
    """Benchmarks stand for the network with it; the suite's fake must stay fast."""
    assert fake.latency_s == 0
    sheet = client.open_by_key(key).worksheet("Personas")
    fake.latency_s = 0.15
    try:
        started = time.perf_counter()
        sheet.get_all_values()
        sheet.update([["lenta"]], "D2")
        assert time.perf_counter() - started >= 0.3
    finally:
        fake.latency_s = 0
    assert fake.values(key, "Personas")[1] == ["P-1", "Ana", 30, "lenta"]
    assert SheetsFake(latency_s=0.2).latency_s == 0.2


def test_a_held_answer_lands_when_released_after_the_client_gave_up(fake, client, book, key):
    client.set_timeout(0.2)
    release = fake.hold_next(kind="values.update")
    try:
        with pytest.raises(requests.exceptions.ReadTimeout):
            client.open_by_key(key).worksheet("Personas").update([["tarde"]], "D2")
        assert fake.values(key, "Personas")[1] == ["P-1", "Ana", 30]  # reads go on while it is held
    finally:
        release.set()
    assert fake.wait_idle(timeout=3)
    assert fake.values(key, "Personas")[1] == ["P-1", "Ana", 30, "tarde"]


@pytest.mark.parametrize("applied", [True, False])
def test_a_dropped_connection_gives_no_answer_applied_or_not(fake, client, book, key, applied):
    fake.drop_next(applied, kind="values.update")
    with pytest.raises(requests.exceptions.ConnectionError):
        client.open_by_key(key).worksheet("Personas").update([["cortada"]], "D2")
    assert fake.values(key, "Personas")[1] == (["P-1", "Ana", 30, "cortada"] if applied else ["P-1", "Ana", 30])


def test_error_shape_over_plain_http(fake, key):
    answer = requests.get(f"http://{fake.host}/v4/spreadsheets/{key}/values/Nope!A1", timeout=5)
    assert answer.status_code == 400
    assert answer.json() == {"error": {"code": 400, "message": "Unable to parse range: Nope!A1",
                                       "status": "INVALID_ARGUMENT"}}
    assert requests.get(f"http://{fake.host}/v4/other", timeout=5).json()["error"]["status"] == "NOT_FOUND"
    fake.fail_next(429)
    assert requests.get(f"http://{fake.host}/v4/spreadsheets/{key}", timeout=5).json()["error"]["status"] == (
        "RESOURCE_EXHAUSTED")


# --- hand edits ------------------------------------------------------------------------------------------------------


def test_set_cell_by_header_or_number(fake, book, key):
    fake.set_cell(key, "Personas", 2, "Nombre", "=no es fórmula")
    fake.set_cell(key, "Personas", 3, 3, None)
    fake.set_cell(key, "Personas", 4, "ID", True)
    fake.set_cell(key, "Personas", 2, 30, 1.5)  # beyond the grid: it grows
    assert fake.values(key, "Personas")[1][:3] == ["P-1", "=no es fórmula", 30]
    assert fake.values(key, "Personas")[2:] == [["P-2", "Luis"], [True]]
    assert book.worksheet("Personas").col_count == 30
    with pytest.raises(KeyError):
        fake.set_cell(key, "Personas", 2, "Nope", 1)
    with pytest.raises(KeyError):
        fake.set_cell(key, "Nope", 2, 1, 1)


def test_set_date_reads_as_a_serial_and_renders_with_its_pattern(fake, book, key):
    fake.set_date(key, "Personas", 2, "Edad", CHRISTMAS)
    fake.set_cell(key, "Personas", 3, "Edad", date(2024, 12, 26))
    assert [row[2] for row in fake.values(key, "Personas")[1:]] == [CHRISTMAS, CHRISTMAS + 1]
    assert book.worksheet("Personas").get("C2:C3") == [["25/12/2024"], ["26/12/2024"]]


def test_sort_by_hand(fake, book, key):
    fake.append_row(key, "Personas", ["P-3", None, 25])
    fake.append_row(key, "Personas", ["P-4", "Bea"])
    fake.sort(key, "Personas", "Edad", descending=True)
    assert [row[0] for row in fake.values(key, "Personas")] == ["ID", "P-2", "P-1", "P-3", "P-4"]
    fake.sort(key, "Personas", 2)
    assert [row[0] for row in fake.values(key, "Personas")] == ["ID", "P-1", "P-4", "P-2", "P-3"]


def test_insert_append_and_delete_rows_by_hand(fake, book, key):
    fake.insert_rows(key, "Personas", 2, [["P-0", "Cero"]])
    fake.insert_rows(key, "Personas", 4, 1)
    assert fake.append_row(key, "Personas", ["P-9", "Nueve", 9]) == 6
    assert [row[:1] for row in fake.values(key, "Personas")] == [["ID"], ["P-0"], ["P-1"], [], ["P-2"], ["P-9"]]
    assert book.fetch_sheet_metadata()["sheets"][0]["properties"]["gridProperties"]["rowCount"] == 1002
    fake.delete_rows(key, "Personas", 2, 4)
    assert [row[0] for row in fake.values(key, "Personas")[1:]] == ["P-2", "P-9"]
    assert book.fetch_sheet_metadata()["sheets"][0]["properties"]["gridProperties"]["rowCount"] == 999


def test_columns_by_hand(fake, client, key):
    fake.create(key, {"Llena": [[f"h{n}" for n in range(26)], list(range(26))]})
    assert fake.add_column(key, "Llena", "Nueva") == 27  # the grid grows to 27 columns
    assert fake.spreadsheet(key)["sheets"][0]["properties"]["gridProperties"]["columnCount"] == 27
    fake.move_column(key, "Llena", "Nueva", 1)
    fake.move_column(key, "Llena", "h0", 3)
    assert fake.headers(key, "Llena")[:4] == ["Nueva", "h1", "h0", "h2"]
    assert fake.values(key, "Llena")[1][:4] == ["", 1, 0, 2]
    assert client.open_by_key(key).worksheet("Llena").row_values(1)[:2] == ["Nueva", "h1"]


def test_rename_and_add_sheets_by_hand(fake, book, key):
    fake.rename_sheet(key, "Personas", "Gente")
    sheet_id = fake.add_sheet(key, "Historial", [["Fecha", "Cambio"], [date(2024, 12, 25), "alta"]])
    with pytest.raises(ApiError):
        fake.add_sheet(key, "gente")  # titles are unique regardless of case, as in Sheets
    titles = [(sheet.title, sheet.id) for sheet in book.worksheets()]
    assert titles == [("Gente", 0), ("Historial", sheet_id)]
    assert get(book, ["Historial!A2:B2"]) == [[["25/12/2024", "alta"]]]
    assert api_error(lambda: book.values_get("Personas!A1"))[0] == 400


# --- standalone ----------------------------------------------------------------------------------------------------


def test_runs_standalone_until_killed():
    root = Path(__file__).resolve().parents[1]
    process = subprocess.Popen([sys.executable, "-m", "tests.fakes.sheets_api", "--port", "0",
                                "--spreadsheet", "fija"], cwd=root, stdout=subprocess.PIPE, text=True)
    try:
        host = process.stdout.readline().strip()
        client = gspread.Client(auth=None, session=emulator_session(host))
        client.set_timeout(5)
        assert client.open_by_key("fija").sheet1.title == "Hoja 1"
    finally:
        process.kill()
        process.wait(timeout=5)
