"""`preparar-hoja`: make the shared Google Sheet help the people who type in it by hand.

Fewer bad rows at the source beats better error messages. In one `batchUpdate` it sets the spreadsheet's
locale (es_CO) and time zone (America/Bogota), adds drop-downs to the enumerated columns (from the
contract and `Listas`), date formats and date validation to the date columns, a warning-only protection
on the columns the app owns (ID, Actualizado, Actualizado por), a full protection of `Historial` (only the
service account edits it) and a note on the `Cuentas` header. Everything it adds is a format, a rule or a
protection: it never changes a value, and running it again replaces its rules instead of piling them up.
"""

from __future__ import annotations

from typing import Any, Protocol

from core.sheet.contract import ACCOUNTS_TAB, HISTORY_TAB, LISTS_TAB, TABS, Column, Kind, Tab
from core.sheet.validation import Context, lists_context, validate_tab
from core.store.base import StoreError, positions
from core.store.sheets_cells import DATE_FORMAT, DATETIME_FORMAT, Sheet
from core.store.sheets_http import Unclear, service_account_email

LOCALE = "es_CO"
TIME_ZONE = "America/Bogota"
OWNED_NOTE = "Divulga: columna que escribe la app"
HISTORIAL_NOTE = "Divulga: Historial (solo la cuenta de servicio lo escribe)"
ACCOUNTS_NOTE = "No escriba contraseñas en esta hoja."


class Spreadsheet(Protocol):
    """What preparing needs of the spreadsheet (the Sheets store is one): its tabs, a read, its metadata, a
    `batchUpdate`, its settings. The store prepares a new spreadsheet with this module, so this module does not
    know the store."""

    properties: dict[str, Any]

    def sheets(self) -> dict[str, Sheet]: ...

    def batch_get(self, ranges: list[str], what: str = ...) -> list[list[list[Any]]]: ...

    def metadata(self) -> dict[str, Any]: ...

    def send(self, requests: list[dict[str, Any]], what: str, retry: bool = ...) -> dict[str, Any]: ...


def setting_warnings(properties: dict[str, Any]) -> list[str]:
    """What the app says when the spreadsheet's locale or time zone is not Bogotá's."""
    warnings = []
    if properties.get("locale") and properties["locale"] != LOCALE:
        warnings.append(f"La hoja está en la configuración regional «{properties['locale']}», no {LOCALE}: las "
                        "fechas escritas a mano pueden leerse mal. Ejecute «python -m core preparar-hoja».")
    if properties.get("timeZone") and properties["timeZone"] != TIME_ZONE:
        warnings.append(f"La hoja usa la zona horaria «{properties['timeZone']}», no {TIME_ZONE}. Ejecute "
                        "«python -m core preparar-hoja».")
    return warnings


def _choices(column: Column, context: Context) -> list[str] | None:
    if column.kind is Kind.BOOL:
        return ["Sí", "No"]
    if column.kind is Kind.ENUM and column.choices is not None:
        return [*column.choices.values, *context.extra_for(column)]
    return None


def _column_range(sheet: Sheet, position: int, from_row: int = 1) -> dict[str, Any]:
    return {"sheetId": sheet.sheet_id, "startRowIndex": from_row, "startColumnIndex": position,
            "endColumnIndex": position + 1}


def _tab_requests(tab: Tab, sheet: Sheet, headers: list[str], context: Context) -> list[dict[str, Any]]:
    requests: list[dict[str, Any]] = []
    for name, position in positions(tab, headers).items():
        column = tab.column(name)
        cells = _column_range(sheet, position)
        values = _choices(column, context)
        if values:
            requests.append({"setDataValidation": {"range": cells, "rule": {
                "condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": value} for value in values]},
                "inputMessage": f"Elija un valor de la lista de {column.name}.", "strict": False,
                "showCustomUi": True}}})
        if column.kind in (Kind.DATE, Kind.DATETIME):
            number_format = DATE_FORMAT if column.kind is Kind.DATE else DATETIME_FORMAT
            requests.append({"repeatCell": {"range": cells, "cell": {"userEnteredFormat": {
                "numberFormat": number_format}}, "fields": "userEnteredFormat.numberFormat"}})
            requests.append({"setDataValidation": {"range": cells, "rule": {
                "condition": {"type": "DATE_IS_VALID"}, "inputMessage": "Escriba una fecha dd/mm/aaaa.",
                "strict": False}}})
        if column.owned or (tab.has_id and name == "ID"):
            if tab is not HISTORY_TAB:
                requests.append({"addProtectedRange": {"protectedRange": {
                    "range": _column_range(sheet, position, 0), "description": OWNED_NOTE, "warningOnly": True}}})
    return requests


def preparation_requests(store: Spreadsheet, metadata: dict[str, Any], headers: dict[str, list[str]],
                         context: Context) -> list[dict[str, Any]]:
    """Every request of the preparation, replacing the protections a previous run added."""
    requests: list[dict[str, Any]] = [{"updateSpreadsheetProperties": {
        "properties": {"locale": LOCALE, "timeZone": TIME_ZONE}, "fields": "locale,timeZone"}}]
    ours = {OWNED_NOTE, HISTORIAL_NOTE}
    for entry in metadata.get("sheets", []):
        for protected in entry.get("protectedRanges", []):
            if protected.get("description") in ours:
                requests.append({"deleteProtectedRange": {"protectedRangeId": protected["protectedRangeId"]}})
    sheets = store.sheets()
    for tab in TABS:
        sheet = sheets.get(tab.name)
        if sheet is not None:
            requests += _tab_requests(tab, sheet, headers.get(tab.name, tab.headers), context)
    history = sheets.get(HISTORY_TAB.name)
    if history is not None:
        email = service_account_email()
        protection = {"range": {"sheetId": history.sheet_id}, "description": HISTORIAL_NOTE, "warningOnly": False}
        if email:
            protection["editors"] = {"users": [email]}
        requests.append({"addProtectedRange": {"protectedRange": protection}})
    cuentas = sheets.get(ACCOUNTS_TAB.name)
    if cuentas is not None:
        requests.append({"updateCells": {"start": {"sheetId": cuentas.sheet_id, "rowIndex": 0, "columnIndex": 0},
                                         "rows": [{"values": [{"note": ACCOUNTS_NOTE}]}], "fields": "note"}})
    return requests


def prepare(store: Spreadsheet) -> int:
    """Prepare the spreadsheet (one read of the header rows and `Listas`, one metadata read, one
    `batchUpdate`); returns the number of requests inside the batchUpdate."""
    sheets = store.sheets()
    present = [tab for tab in TABS if tab.name in sheets]
    answers = store.batch_get([sheets[tab.name].range("1:1") for tab in present] + [sheets[LISTS_TAB.name].quoted])
    headers = {tab.name: [str(cell) for cell in values[0]] if values else [] for tab, values in zip(present, answers)}
    lists = answers[-1]
    frame = validate_tab(LISTS_TAB, headers[LISTS_TAB.name], [tuple(row) for row in lists[1:]], Context()).frame
    requests = preparation_requests(store, store.metadata(), headers, lists_context(frame))
    try:
        store.send(requests, "preparar la hoja")
    except Unclear:  # it only adds formats and rules, never a value: running it again is safe
        raise StoreError("Google Sheets no confirmó si terminó de preparar la hoja. Vuelva a ejecutar "
                         "preparar-hoja: repetirla es seguro (solo agrega formatos y reglas).") from None
    store.properties.update({"locale": LOCALE, "timeZone": TIME_ZONE})
    return len(requests)
