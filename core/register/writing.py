"""The write path: a `Writer` acts for a named person from the start.

`create` validates the whole record by the tab's rules, stamps it, draws a new ID and appends it with its Historial
row; `update` validates the merged record, writes only the fields that changed, and refuses (`StaleRow`) when the
stored row no longer matches what the caller read, cell by cell, since a person editing the sheet by hand does not
touch `Actualizado`. Every write hands its rows to the register's cache (`took`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from threading import RLock
from typing import Any, Protocol

from core.domain.permissions import require
from core.register.history import history_record
from core.register.snapshot import Snapshot
from core.settings import settings_of
from core.sheet.cells import BOGOTA, CellError, is_empty
from core.sheet.contract import HISTORY_TAB, ID_COLUMN, MESSAGES_TAB, Tab
from core.sheet.contract import tab as tab_named
from core.sheet.ids import new_id, suffix_length
from core.sheet.models import FieldError, InvalidRecord, validated
from core.sheet.validation import Context
from core.store import IdClash, RowChange, Store, StoreError
from core.store.base import as_text, text_of

ID_DRAWS = 5  # rounds of new IDs drawn before giving up on clashes (each round's suffixes one character longer)


class StaleRow(StoreError):
    """The stored row changed since it was read; nothing was written."""


class CachedRegister(Protocol):
    """What a writer needs of the register (`core.register.reading.Register`): its store, its write lock, the
    lists, the snapshot (for the approvers), and the cache to hand the written rows to."""

    store: Store
    writing: RLock

    def context(self) -> Context: ...

    def snapshot(self, refresh: bool = False) -> Snapshot: ...

    def reads(self) -> int: ...

    def took(self, tab: Tab, reads: int, history: list[dict[str, Any]], created: list[dict[str, Any]] = (),
             changed: list[RowChange] = ()) -> None: ...


def _comparable(tab: Tab, name: str, value: Any) -> Any:
    column = tab.find_column(name)
    if column is None:
        return None if is_empty(value) else str(value).strip()
    return column.to_text(value)


def _stored_value(tab: Tab, name: str, cell: Any, context: Context) -> Any:
    """A stored cell read the way validation reads it; unreadable cells compare as their raw text."""
    column = tab.find_column(name)
    cell = as_text(cell)
    if column is None:
        return None if is_empty(cell) else str(cell).strip()
    try:
        return column.to_text(column.parse(cell, context.extra_for(column)))
    except CellError:
        return f"«{cell}»"


@dataclass
class UpdateResult:
    """What became of one edit of `Writer.update_many`: the fields written (empty when nothing differed or
    it was refused), the record's key, and why it was refused (`StaleRow`, `RowNotFound`, `InvalidRecord`)."""

    fields: list[str]
    key: str | None = None
    error: Exception | None = None


class Writer:
    """The one write path, acting for `actor` (a person's name or e-mail) in every Historial row, with the
    person's roles checked before any write reaches the store (`core.domain.permissions`)."""

    def __init__(self, register: CachedRegister, actor: str, roles: Iterable[str] | None = None,
                 area: str | None = None):
        if is_empty(actor):
            raise ValueError("Diga quién escribe: el nombre o correo de la persona es obligatorio")
        self.register = register
        self.actor = str(actor).strip()
        self.roles = None if roles is None else tuple(roles)
        self.area = area
        self._approvers: tuple[str, ...] | None = None
        self._drawn: dict[tuple[str, date], int] = {}  # IDs drawn per (prefix, day): how crowded the day is

    def _check(self, tab: Tab, action: str, row: Mapping[str, Any], columns: list[str] | None,
               creating: bool) -> None:
        """`ActionRefused` when the person's roles may not make this write of `row` (the record as it will be
        written), by `core.domain.permissions` (nothing to check for every role). The fields' rules look at the
        columns written: an edit's `columns`, the cells it changes; a creation's (None), the cells it fills."""
        if self.roles is None:
            return
        if self._approvers is None:  # once per writer: a bulk write checks every row
            self._approvers = settings_of(self.register.snapshot().tables).approval_roles
        require(self.roles, tab.name, action, row, self.area, self._approvers, columns, creating)

    # --- create ---------------------------------------------------------------------------------------

    def create(self, tab_name: str, values: Mapping[str, Any]) -> str:
        """Validate and append one record; returns its ID (or its natural key for tabs without one)."""
        return self.create_many(tab_name, [values])[0]

    def create_many(self, tab_name: str, records: Iterable[Mapping[str, Any]], action: str = "crear",
                    keep_stamps: bool = False, with_history: bool = True) -> list[str]:
        """Validate and append records in one store call. All are checked first; nothing is written when
        any is invalid (`InvalidRecord` names the first bad record's fields). New IDs get a suffix as long
        as the day needs (`suffix_length` of the IDs this writer drew that day); an ID the store already
        holds is drawn again one character longer."""
        tab = tab_named(tab_name)
        context = self.register.context()
        now = datetime.now(BOGOTA)
        rows = []
        drawn: set[int] = set()  # rows whose ID we drew (an ID given by a file is never redrawn)
        for values in records:
            row = validated(tab, values, context)
            self._check(tab, action, row, None, creating=True)
            if not keep_stamps or row.get("Actualizado") is None:
                self._stamp(tab, row, now)
            if tab is MESSAGES_TAB and row.get("Registrado por") is None:
                row["Registrado por"] = self.actor
            if tab.has_id and row.get(ID_COLUMN) is None:
                drawn.add(len(rows))
            rows.append(row)
        if not rows:
            return []
        day = (tab.id_prefix, now.date())
        crowd = self._drawn.get(day, 0) + len(drawn)
        length = suffix_length(crowd)  # 4 characters, longer on a day this writer has filled (an import)
        if drawn:  # unique within the batch from the start: a big import would otherwise clash with itself
            taken = {str(row[ID_COLUMN]) for i, row in enumerate(rows) if i not in drawn}
            for i in sorted(drawn):
                rows[i][ID_COLUMN] = self._draw(tab, now, taken, length)
        texts = self._history_texts(tab)
        history = [self._creation_history(tab, row, action, texts) for row in rows] if with_history else []
        with self.register.writing:  # the rows land in the snapshot in the order they land in the store
            reads = self.register.reads()
            for _ in range(ID_DRAWS):
                try:
                    self.register.store.append(tab, rows, history)
                    break
                except IdClash as clash:
                    clashing = [i for i, row in enumerate(rows) if row.get(ID_COLUMN) in clash.ids]
                    if not clashing or any(i not in drawn for i in clashing):
                        raise
                    taken = {str(row[ID_COLUMN]) for row in rows} | set(clash.ids)
                    length += 1  # others filled the day more than this writer knows: a longer suffix is freer
                    for i in clashing:
                        rows[i][ID_COLUMN] = self._draw(tab, now, taken, length)
                        if with_history:
                            history[i] = self._creation_history(tab, rows[i], action, texts)
            else:
                raise StoreError("No se pudo asignar un ID único tras varios intentos; vuelva a intentarlo.")
            self.register.took(tab, reads, history, created=rows)
        if drawn:
            self._drawn[day] = crowd
        return [self._key_text(tab, row) for row in rows]

    @staticmethod
    def _draw(tab: Tab, now: datetime, taken: set[str], length: int) -> str:
        """A new ID with a suffix of `length`, not one of `taken` (which it joins) unless every draw is: the
        store then refuses it and `create_many` draws again."""
        for _ in range(ID_DRAWS):
            drawn = new_id(tab.id_prefix, now.date(), length=length)
            if drawn not in taken:
                break
        taken.add(drawn)
        return drawn

    def _creation_history(self, tab: Tab, row: dict[str, Any], action: str,
                          texts: list[tuple[str, Callable[[Any], Any]]] | None = None) -> dict[str, Any]:
        """`texts`: (name, to text) of the columns a creation's history shows (see `_history_texts`). The
        row is validated: an empty cell is None."""
        changes = {}
        for name, text in texts or self._history_texts(tab):
            value = row.get(name)
            if value is not None:
                changes[name] = [None, text(value)]
        return history_record(self.actor, tab, self._key_text(tab, row), action, changes)

    @staticmethod
    def _history_texts(tab: Tab) -> list[tuple[str, Callable[[Any], Any]]]:
        """The columns a person fills, each with its text form; the dates of one batch written once."""
        memo: dict[Any, Any] = {}
        return [(column.name, text_of(column, memo)) for column in tab.columns if not column.owned]

    def _stamp(self, tab: Tab, row: dict[str, Any], now: datetime) -> None:
        if tab.find_column("Actualizado") is not None:
            row["Actualizado"] = now
            row["Actualizado por"] = self.actor

    @staticmethod
    def _key_text(tab: Tab, row: Mapping[str, Any]) -> str:
        if tab.has_id:
            return str(row[ID_COLUMN])
        names = tab.filled_key(row) or ()
        return " · ".join(str(tab.column(name).to_text(row[name])) for name in names)

    def note(self, action: str, detail: dict[str, Any]) -> None:
        """A Historial row for a write that is not one record's (e.g. demo data generated in bulk)."""
        self._check(HISTORY_TAB, action, {}, None, creating=True)
        record = history_record(self.actor, HISTORY_TAB, "", action, detail)
        with self.register.writing:
            reads = self.register.reads()
            self.register.store.append(HISTORY_TAB, [record], [])
            self.register.took(HISTORY_TAB, reads, [record])

    # --- update ---------------------------------------------------------------------------------------

    def update(self, tab_name: str, seen: Mapping[str, Any], changes: Mapping[str, Any],
               action: str = "editar") -> list[str]:
        """Write the fields of `changes` that differ from `seen` (the row as the caller read it).

        Refuses with `StaleRow` when any cell of the stored row differs from `seen`, and with
        `InvalidRecord` when the merged record breaks a rule. Returns the names of the fields written
        (empty when nothing changed: then nothing is written, not even Historial)."""
        return self._update(tab_name, seen, changes, action)[0]

    def _update(self, tab_name: str, seen: Mapping[str, Any], changes: Mapping[str, Any],
                action: str) -> tuple[list[str], str | None]:
        change, changed, record_key = self._plan(tab_name, seen, changes, action)
        if change is None:
            return [], None
        with self.register.writing:
            reads = self.register.reads()
            self.register.store.update(change)
            self.register.took(change.tab, reads, [change.history], changed=[change])
        return changed, record_key

    def update_many(self, tab_name: str, edits: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]],
                    action: str = "editar") -> list[UpdateResult]:
        """`update` for many rows of one tab in one store call (one transaction in SQLite, one `batchUpdate`
        per megabyte in Google Sheets), each `(seen, changes)` checked against the stored row on its own.

        A row refused (changed since it was read, gone, repeated, or breaking a rule) is left as it is and
        its result carries the error; the others are written, each with its own Historial row. Only a
        failure of the store itself (unreachable, busy) raises, and then nothing was written."""
        tab = tab_named(tab_name)
        results: list[UpdateResult] = []
        planned: list[tuple[int, RowChange]] = []
        for seen, changes in edits:
            try:
                change, changed, record_key = self._plan(tab, seen, changes, action)
            except InvalidRecord as error:
                results.append(UpdateResult([], None, error))
                continue
            results.append(UpdateResult(changed, record_key))
            if change is not None:
                planned.append((len(results) - 1, change))
        if planned:
            with self.register.writing:
                reads = self.register.reads()
                errors = self.register.store.update_many([change for _, change in planned])
                written = [change for (_, change), error in zip(planned, errors, strict=True) if error is None]
                self.register.took(tab, reads, [change.history for change in written], changed=written)
            for (index, _), error in zip(planned, errors, strict=True):
                if error is not None:
                    results[index] = UpdateResult([], results[index].key, error)
        return results

    def _plan(self, tab_name: str | Tab, seen: Mapping[str, Any], changes: Mapping[str, Any],
              action: str) -> tuple[RowChange | None, list[str], str | None]:
        """The edit as the store applies it (None when nothing differs), the fields it writes and the
        record's key; `InvalidRecord` when the merged record breaks a rule."""
        tab = tab_name if isinstance(tab_name, Tab) else tab_named(tab_name)
        unknown = [name for name in changes if tab.find_column(name) is None]
        if unknown:
            raise InvalidRecord(tab.name, [FieldError(name, f"no es una columna de {tab.name}") for name in unknown])
        contract_seen = {column.name: seen.get(column.name) for column in tab.columns}
        edits = {tab.find_column(name).name: value for name, value in changes.items()}
        context = self.register.context()
        merged = validated(tab, {**contract_seen, **edits}, context)
        pairs = {name: [_comparable(tab, name, contract_seen[name]), _comparable(tab, name, merged[name])]
                 for name in edits}
        changed = {name: pair for name, pair in pairs.items() if pair[0] != pair[1]}
        if tab.has_id and ID_COLUMN in changed:
            raise InvalidRecord(tab.name, [FieldError(ID_COLUMN, "el ID no se cambia desde Divulga")])
        without_id = tab.has_id and is_empty(contract_seen.get(ID_COLUMN))
        if not changed and not without_id:
            return None, [], None
        self._check(tab, action, merged, list(changed), creating=False)  # the fields written, whatever the action
        writes = {name: merged[name] for name in changed}
        key = self._row_key(tab, contract_seen)
        now = datetime.now(BOGOTA)
        if tab.has_id and ID_COLUMN not in key:  # a row typed by hand without an ID gets one: a cell Divulga owns
            writes[ID_COLUMN] = new_id(tab.id_prefix, now.date())
            changed[ID_COLUMN] = [None, writes[ID_COLUMN]]
        self._stamp(tab, writes, now)
        record_key = self._key_text(tab, {**contract_seen, **key, **writes})

        def verify(stored: Mapping[str, Any]) -> None:
            for name, value in seen.items():
                before = _comparable(tab, name, value)
                cell = stored.get(name)
                if cell == before and type(cell) is type(before):  # stored as Divulga writes it: no parsing
                    continue
                now = _stored_value(tab, name, cell, context)
                if before != now:
                    raise StaleRow(
                        f"No se guardó: la fila {record_key} de {tab.name} cambió desde que la leyó "
                        f"({name}: «{before or ''}» ahora es «{now or ''}»). Recargue los datos y vuelva "
                        "a aplicar su cambio."
                    )

        def matches(stored: Mapping[str, Any]) -> bool:
            return all(_stored_value(tab, name, stored.get(name), context) == _comparable(tab, name, value)
                       for name, value in key.items())

        history = history_record(self.actor, tab, record_key, action, changed)
        return RowChange(tab, key, writes, history, verify, matches), list(changed), record_key

    def give_ids(self, tab_name: str, rows: Iterable[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
        """Give a new ID to rows typed by hand without one (found by their natural key, each checked
        against what was read). Returns the IDs given and, for the rows that could not get one, why."""
        given, failed = [], []
        for seen in rows:
            try:
                given.append(self._update(tab_name, seen, {}, "dar ID")[1])
            except (InvalidRecord, StoreError) as error:
                failed.append(str(error))
        return given, failed

    @staticmethod
    def _row_key(tab: Tab, row: Mapping[str, Any]) -> dict[str, Any]:
        """What finds the row again: its ID; or (a tab without IDs, a row without one) its natural key; or,
        for a row typed without an ID nor a complete natural key, every cell it fills."""
        if tab.has_id and not is_empty(row.get(ID_COLUMN)):
            return {ID_COLUMN: row[ID_COLUMN]}
        names = tab.filled_key(row)
        if names is not None:
            return {name: row[name] for name in names}
        filled = {name: value for name, value in row.items()
                  if tab.find_column(name) is not None and not is_empty(value)}
        if tab.has_id and filled:
            return filled
        keys = " o ".join("(" + ", ".join(key) + ")" for key in tab.natural_keys) or "sus datos"
        if tab.has_id:
            reason = f"la fila está vacía: no tiene ID ni los datos que la identifican {keys}"
            raise InvalidRecord(tab.name, [FieldError(ID_COLUMN, reason)])
        raise InvalidRecord(tab.name, [FieldError(tab.name, f"faltan los datos que identifican la fila: {keys}")])
