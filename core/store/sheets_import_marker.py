"""One import at a time on a spreadsheet, which has no transactions: a marker row in Historial."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.fmt import fmt_datetime
from core.sheet.cells import BOGOTA, format_datetime_text, parse_datetime, to_serial
from core.sheet.contract import HISTORY_TAB
from core.store.base import ImportRunning, StoreError, positions
from core.store.sheets_cells import append_cells, column_letter, trimmed
from core.store.sheets_http import Unclear
from core.store.sheets_lookup import SheetsLookup

IMPORT_STARTED, IMPORT_DONE, IMPORT_CANCELLED = "importación en curso", "importación terminada", "importación cancelada"
IMPORT_ABANDONED_S = 30 * 60  # an import marker this old belongs to an import that was killed: it blocks no more
CLOCK_SLACK_S = 5 * 60  # Historial rows are appended in time order, give or take the writers' clocks
MARKER_ROWS = 2000  # Historial rows read per request when looking for import markers


@dataclass(frozen=True)
class Marker:
    """An import's row in Historial (see `SheetsImportMarker.importing`)."""

    row: int  # sheet row number
    when: Any  # Fecha as read: a serial number
    who: str
    token: str
    action: str


class SheetsImportMarker(SheetsLookup):
    """`importing` for the Sheets store (see its docstring)."""

    @contextmanager
    def importing(self, actor: str) -> Iterator[None]:
        """Sheets has no transactions: the import appends a marker row to Historial («importación en
        curso», a token of its own in ID) and goes on only if, reading Historial back, its marker is the
        earliest one not closed by a row «importación terminada» or «importación cancelada» with the same
        token; a marker older than `IMPORT_ABANDONED_S` belongs to a killed import and is passed over.
        Otherwise it closes its own marker and raises `ImportRunning`. On the way out, whatever happened, it
        appends «importación terminada»; if even that fails, the marker blocks other imports until it expires
        (their refusal says who began it and when)."""
        self.sheets()
        token = f"IMP-{uuid.uuid4().hex[:16]}"
        started = datetime.now(BOGOTA)
        headers = self._fresh_layout(lambda: self._rows_one([HISTORY_TAB]))[HISTORY_TAB.name]
        try:
            headers = self._mark(actor, token, started, IMPORT_STARTED, headers)
            ahead = self._import_ahead(token, started, headers)
        except Unclear:  # the marker may land later: closed now, it will block nobody
            self._close_quietly(actor, token, started, headers, IMPORT_CANCELLED)
            raise StoreError("Google Sheets no confirmó a tiempo la marca de comienzo de la importación en Historial. "
                             "No se importó nada: vuelva a intentarlo en un momento.") from None
        except BaseException:
            self._close_quietly(actor, token, started, headers, IMPORT_CANCELLED)
            raise
        if ahead is not None:
            self._close_quietly(actor, token, started, headers, IMPORT_CANCELLED)
            since = parse_datetime(ahead.when) if isinstance(ahead.when, (int, float)) else None
            raise ImportRunning(
                f"Otra importación está en curso: la empezó {ahead.who or 'alguien'}"
                f"{f' el {fmt_datetime(since)}' if since else ''}. Esta no importó nada: vuelva a intentarlo cuando "
                f"termine (una importación interrumpida deja de contar {IMPORT_ABANDONED_S // 60} minutos después de "
                "empezar).")
        try:
            yield
        finally:
            self._close_quietly(actor, token, started, headers, IMPORT_DONE)

    def _mark(self, actor: str, token: str, started: datetime, action: str, headers: list[str]) -> list[str]:
        """Append one marker row to Historial, never twice (see `_write_once`); returns Historial's headers."""
        record = {"Fecha": datetime.now(BOGOTA), "Usuario": actor, "Pestaña": HISTORY_TAB.name, "ID": token,
                  "Acción": action, "Cambios": json.dumps({"importación": token, "inicio": format_datetime_text(
                      started)}, ensure_ascii=False)}

        def plan(attempt: int) -> tuple[list[dict[str, Any]], list[str]]:
            now = headers if attempt == 0 else self._rows_one([HISTORY_TAB])[HISTORY_TAB.name]
            requests, now = self._header_plan(HISTORY_TAB, now, True)
            requests.append(append_cells(self._sheets[HISTORY_TAB.name], [self._row_cells(HISTORY_TAB, now, record)]))
            return requests, now

        def applied(now: list[str]) -> bool:
            return any(marker.token == token and marker.action == action for marker in self._markers(started, now))

        written = self._write_once("anotar la importación en Historial", plan, applied)
        self._grew(HISTORY_TAB, written)
        return written

    def _close_quietly(self, actor: str, token: str, started: datetime, headers: list[str], action: str) -> None:
        """Close a marker; if even that fails, the marker expires on its own (see `importing`)."""
        try:
            self._mark(actor, token, started, action, headers)
        except StoreError:
            pass

    def _import_ahead(self, token: str, started: datetime, headers: list[str]) -> Marker | None:
        """The earliest import marker above ours that is neither closed nor abandoned."""
        markers = self._markers(started, headers)
        closed = {marker.token for marker in markers if marker.action in (IMPORT_DONE, IMPORT_CANCELLED)}
        mine = next((marker.row for marker in markers if marker.token == token and marker.action == IMPORT_STARTED),
                    None)
        alive_since = to_serial(datetime.now(BOGOTA)) - IMPORT_ABANDONED_S / 86400
        for marker in markers:
            if (marker.action == IMPORT_STARTED and marker.token != token and marker.token not in closed
                    and (mine is None or marker.row < mine)
                    and isinstance(marker.when, (int, float)) and marker.when >= alive_since):
                return marker
        return None

    def _markers(self, started: datetime, headers: list[str]) -> list[Marker]:
        """Historial's import markers in sheet order, read from its end back to the first rows written
        well before an import that began at `started` could still count (rows are appended in time order).
        Reads only the Fecha, Usuario, ID and Acción columns (found in `headers`), `MARKER_ROWS` rows at a
        time."""
        where = positions(HISTORY_TAB, headers)
        letters = [column_letter(where[name]) for name in ("Fecha", "Usuario", "ID", "Acción") if name in where]
        if len(letters) < 4:
            return []
        oldest = to_serial(started) - (IMPORT_ABANDONED_S + CLOCK_SLACK_S) / 86400
        markers: list[Marker] = []
        first: int | None = None  # the first chunk runs from `MARKER_ROWS` above the grid's end to its end
        last = ""  # (the grid's height as last seen: Historial only grows, and the range reaches however far)

        def fetch() -> tuple[int, list[list[list[Any]]]]:
            sheet = self._sheets[HISTORY_TAB.name]
            start = first if first is not None else max(2, sheet.rows - MARKER_ROWS + 1)
            return start, self.batch_get([sheet.range(f"{letter}{start}:{letter}{last}") for letter in letters],
                                         "buscar las importaciones en curso")

        while True:
            first, columns = self._fresh_layout(fetch)  # rows deleted by hand: the grid's height read again
            height = max(map(len, columns), default=0)
            if not last:  # where Historial ends now: the next import of this process starts there
                sheet = self._sheets[HISTORY_TAB.name]
                sheet.rows = max(sheet.rows, first + height - 1)
            cell = lambda column, i: column[i][0] if i < len(column) and column[i] else ""  # noqa: E731
            chunk, dated = [], []
            for i in range(height):
                when, who, key, action = (cell(column, i) for column in columns)
                if isinstance(when, (int, float)) and not isinstance(when, bool):
                    dated.append(when)
                if str(action).strip() in (IMPORT_STARTED, IMPORT_DONE, IMPORT_CANCELLED):
                    chunk.append(Marker(first + i, when, str(who), trimmed(key), str(action).strip()))
            markers[:0] = chunk
            if first == 2 or (dated and min(dated) < oldest):
                return markers
            first, last = max(2, first - MARKER_ROWS), str(first - 1)
