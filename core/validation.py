"""Column-wise validation of a whole tab as read from the store: the bulk twin of `core.models`.

Each column is read with the same `Column.parse` the forms use, so the reasons are the same words. To
stay close to the cost of a plain read, the values the app itself writes (ISO dates, ints, plain text)
take a vectorised pandas path, columns with few distinct values are parsed once per distinct value, and
only the leftovers (what people typed by hand) go cell by cell through `Column.parse`.

What makes a row bad is DOMAIN.md's closed list (empty required field, unreadable value, value outside
its list or range, text over its cap, repeated ID); everything else is a `Notice`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Sequence

import pandas as pd

from core.cells import BOGOTA, MAX_DATE, MIN_DATE, CellError, normalize
from core.layout import ID_COLUMN, RED, Column, Kind, Tab

REQUIRED_REASON = "es obligatorio y está vacío; llénelo"
MISSING_COLUMN_REASON = "falta esta columna obligatoria; agréguela en la fila 1 con ese nombre"
ROW_INDEX_NAME = "fila"  # the DataFrames' index is the sheet's row number

Cell = Any


@dataclass(frozen=True)
class BadRow:
    """One unreadable cell of a row (a row may have several), or a missing required column (row None)."""

    tab: str
    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        where = self.tab if self.row is None else f"{self.tab} fila {self.row}"
        return f"{where}: {self.column}: {self.reason}"


@dataclass(frozen=True)
class Notice:
    """Something worth a look that does not make a row bad (DOMAIN.md: `aviso: …`)."""

    tab: str
    row: int | None
    text: str

    def __str__(self) -> str:
        where = self.tab if self.row is None else f"{self.tab} fila {self.row}"
        return f"aviso: {where}: {self.text}"


@dataclass
class TabResult:
    """A validated tab: the good rows (index = sheet row number), the bad cells and the notices."""

    frame: pd.DataFrame
    bad: list[BadRow] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    header_map: dict[str, str] = field(default_factory=dict)  # contract column -> header as in the sheet

    @property
    def bad_row_numbers(self) -> set[int]:
        return {bad.row for bad in self.bad if bad.row is not None}


@dataclass(frozen=True)
class Context:
    """What validation of one tab needs from others: the networks the leader added in `Listas`."""

    extra_networks: tuple[str, ...] = ()
    areas: frozenset[str] = frozenset()
    journalists: frozenset[str] = frozenset()


def match_headers(tab: Tab, headers: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    """Contract column name -> position in the sheet's header row, and the notes on repeated headers.
    The first of two headers that read the same wins; extra headers are kept by the caller."""
    positions: dict[str, int] = {}
    notes = []
    for position, header in enumerate(headers):
        column = tab.find_column(str(header or ""))
        if column is None:
            continue
        if column.name in positions:
            notes.append(f"la columna «{header}» está repetida; se usa la primera")
            continue
        positions[column.name] = position
    return positions, notes


def validate_tab(tab: Tab, headers: Sequence[str], rows: Sequence[Sequence[Cell]], context: Context) -> TabResult:
    """Validate a tab read as a header row and data rows (row i is sheet row i + 2, padded to the headers)."""
    positions, header_notes = match_headers(tab, headers)
    raw = _frame(headers, rows)
    raw = raw[~_blank_rows(raw)]
    result = TabResult(frame=raw, header_map={name: str(headers[pos]) for name, pos in positions.items()})
    result.notices += [Notice(tab.name, None, note) for note in header_notes]
    for column in tab.columns:
        if column.required and column.name not in positions:
            result.bad.append(BadRow(tab.name, None, column.name, MISSING_COLUMN_REASON))

    errors: dict[int, list[tuple[str, str]]] = defaultdict(list)
    parsed: dict[str, pd.Series] = {}
    for column in tab.columns:
        if column.name not in positions:
            parsed[column.name] = pd.Series([None] * len(raw), index=raw.index, dtype=_dtype(column))
            continue
        header = result.header_map[column.name]
        values, column_errors = parse_column(column, raw[positions[column.name]], context)
        parsed[column.name] = values
        for row, reason in column_errors.items():
            errors[row].append((header, reason))
        if column.required:
            for row in values.index[values.isna()]:
                if row not in column_errors:
                    errors[row].append((header, REQUIRED_REASON))
    if tab.has_id and ID_COLUMN in positions:
        _repeated_ids(tab, parsed[ID_COLUMN], result.header_map[ID_COLUMN], errors)

    for row in sorted(errors):
        result.bad += [BadRow(tab.name, int(row), header, reason) for header, reason in errors[row]]

    extras = {str(headers[pos]): raw[pos] for pos in raw.columns if pos not in positions.values() and str(headers[pos] or "").strip()}
    frame = pd.DataFrame({**parsed, **{h: v for h, v in extras.items() if h not in parsed}}, index=raw.index)
    frame.index.name = ROW_INDEX_NAME
    result.frame = frame.drop(index=list(errors)) if errors else frame
    result.notices += _notices(tab, result.frame, context)
    return result


def _frame(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> pd.DataFrame:
    width = len(headers)
    frame = pd.DataFrame.from_records(rows, columns=range(width), coerce_float=False) if rows else (
        pd.DataFrame(columns=range(width), dtype=object)
    )
    frame = frame.astype(object)
    frame.index = pd.RangeIndex(2, 2 + len(frame))
    return frame


def _empty_mask(series: pd.Series) -> pd.Series:
    empty = series.isna()
    texts = series[~empty & series.map(type).eq(str)]
    if len(texts):
        empty.loc[texts.index] = texts.str.strip().eq("")
    return empty


def _blank_rows(raw: pd.DataFrame) -> pd.Series:
    blank = pd.Series(True, index=raw.index)
    for position in raw.columns:
        blank &= _empty_mask(raw[position])
        if not blank.any():
            break
    return blank


def _dtype(column: Column) -> str:
    return {
        Kind.DATE: "datetime64[us]",
        Kind.DATETIME: "datetime64[us, America/Bogota]",
        Kind.INT: "Int64",
        Kind.BOOL: "boolean",
    }.get(column.kind, "object")


def parse_column(column: Column, series: pd.Series, context: Context) -> tuple[pd.Series, dict[int, str]]:
    """Parse a column: canonical values (empty and bad cells are missing) and the bad cells' reasons."""
    extra = context.extra_networks if column.choices and column.choices.extended_by else ()
    empty = _empty_mask(series)
    present = series[~empty]
    kinds = present.map(type)
    fast, done = _fast_path(column, present, kinds)
    values: dict[int, Any] = {}
    errors: dict[int, str] = {}
    leftovers = present[~done]
    if column.kind in (Kind.BOOL, Kind.ENUM, Kind.MONTH, Kind.LIST) and len(leftovers):
        leftovers = _parse_by_distinct_value(column, leftovers, extra, values, errors)
    for row, cell in leftovers.items():
        try:
            values[row] = column.parse(cell, extra)
        except CellError as error:
            errors[row] = error.reason
    result = pd.Series(fast, index=present.index, dtype=object) if len(fast) else pd.Series(dtype=object)
    result = result.reindex(series.index)
    if values:
        result.loc[list(values)] = pd.Series(values, dtype=object)
    return _typed(column, result), errors


def _parse_by_distinct_value(column: Column, cells: pd.Series, extra: tuple, values: dict, errors: dict) -> pd.Series:
    """Parse each distinct value once (lists, yes/no, enumerations, months repeat a lot)."""
    hashable = cells[cells.map(type).isin([str, int, float, bool])]
    parsed: dict[Any, Any] = {}
    for cell in pd.unique(hashable):
        try:
            parsed[cell] = column.parse(cell, extra)
        except CellError as error:
            parsed[cell] = error
    for row, cell in hashable.items():
        outcome = parsed[cell]
        if isinstance(outcome, CellError):
            errors[row] = outcome.reason
        else:
            values[row] = outcome
    return cells.drop(index=hashable.index)


def _fast_path(column: Column, present: pd.Series, kinds: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Vectorised parse of the forms the app writes; returns values and a mask of cells it settled."""
    kind = column.kind
    nothing = pd.Series(False, index=present.index)
    if not len(present):
        return pd.Series(dtype=object), nothing
    is_text = kinds.eq(str)
    if kind in (Kind.TEXT, Kind.ID, Kind.URL):
        texts = present[is_text].str.strip()
        ok = texts.str.len().le(column.cap) & texts.ne("")
        if kind is Kind.URL:
            ok &= texts.str.match(r"^https?://[^\s/$.?#][^\s]*$", case=False)
        ok = ok.reindex(present.index, fill_value=False)
        return texts.reindex(present.index), ok
    if kind is Kind.INT:
        numbers = pd.to_numeric(present.where(kinds.isin([int, float])), errors="coerce")
        ok = numbers.notna() & numbers.ge(0) & numbers.mod(1).eq(0)
        return numbers.where(ok), ok
    if kind is Kind.DATE:
        days = pd.to_datetime(present.where(is_text), format="%Y-%m-%d", errors="coerce")
        ok = days.notna() & days.ge(pd.Timestamp(MIN_DATE)) & days.le(pd.Timestamp(MAX_DATE))
        return days.where(ok), ok
    if kind is Kind.DATETIME:
        moments = pd.to_datetime(present.where(is_text), format="%Y-%m-%dT%H:%M:%S%z", errors="coerce", utc=True)
        moments = moments.dt.tz_convert(BOGOTA)
        day = moments.dt.tz_localize(None).dt.normalize()
        ok = moments.notna() & day.ge(pd.Timestamp(MIN_DATE)) & day.le(pd.Timestamp(MAX_DATE))
        return moments.where(ok), ok
    return pd.Series(dtype=object), nothing


def _typed(column: Column, values: pd.Series) -> pd.Series:
    kind = column.kind
    if kind is Kind.DATE:
        return pd.to_datetime(values, errors="coerce").astype("datetime64[us]")
    if kind is Kind.DATETIME:
        return pd.to_datetime(values, errors="coerce", utc=True).dt.tz_convert(BOGOTA).astype(_dtype(column))
    if kind is Kind.INT:
        return values.astype("Float64").astype("Int64")
    if kind is Kind.BOOL:
        return values.astype("boolean")
    return values.where(values.notna(), None).astype(object)


def _repeated_ids(tab: Tab, ids: pd.Series, header: str, errors: dict[int, list[tuple[str, str]]]) -> None:
    present = ids.dropna()
    repeated = present[present.duplicated(keep=False)]
    for value, rows in repeated.groupby(repeated).groups.items():
        listed = " y ".join(str(row) for row in rows) if len(rows) == 2 else ", ".join(str(r) for r in rows)
        for row in rows:
            errors[row].append((header, f"el ID «{value}» está repetido en las filas {listed}; cada fila necesita uno propio"))


def _notices(tab: Tab, frame: pd.DataFrame, context: Context) -> list[Notice]:
    notices = []
    if tab.has_id:
        for row in frame.index[frame[ID_COLUMN].isna()]:
            notices.append(Notice(tab.name, int(row), "fila sin ID; escriba uno único (por ejemplo "
                                  f"{tab.id_prefix}-20261128-7K3Q) para poder editarla desde Divulga"))
    for key in tab.natural_keys[:1]:
        keyed = frame.dropna(subset=list(key))
        texts = keyed[list(key)].map(normalize) if len(keyed) else keyed[list(key)]
        repeated = texts[texts.duplicated(keep="first")]
        for row in repeated.index:
            notices.append(Notice(tab.name, int(row), f"posible duplicado: {', '.join(key)} iguales a otra fila"))
    checks = {"Área solicitante": context.areas, "Área": context.areas, "Periodista": context.journalists}
    for name, known in checks.items():
        if name not in frame.columns or not known:
            continue
        values = frame[name].dropna()
        unknown = values[~values.map(normalize).isin(known)]
        for row, value in unknown.items():
            notices.append(Notice(tab.name, int(row), f"{name} «{value}» no está en Listas; agréguelo allí o corrija el nombre"))
    return notices


def listas_context(listas: pd.DataFrame) -> Context:
    """The lists other tabs are checked against, from the validated `Listas` tab."""
    def values(name: str) -> list[str]:
        return [str(v) for v in listas[name].dropna()] if name in listas.columns else []

    known = set(RED.lookup_table())
    extra = tuple(dict.fromkeys(v for v in values("Redes") if normalize(v) not in known))
    return Context(
        extra_networks=extra,
        areas=frozenset(normalize(v) for v in values("Áreas")),
        journalists=frozenset(normalize(v) for v in values("Periodista del área")),
    )
