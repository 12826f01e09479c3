"""Pydantic models for forms and single writes, one per tab, built from the sheet contract.

Each field runs the contract column's own parser (`Column.parse`), so a form and the bulk read of the
sheet (`core.sheet.validation`) accept and refuse the same values with the same Spanish words. Fields are
addressed by their Spanish header (the alias); `InvalidRecord` lists every problem at once, each naming
its field, so a form can show them all and keep what the person typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, ValidationInfo, create_model
from pydantic_core import PydanticCustomError

from core.sheet.cells import BOGOTA, MAX_DATE, MAX_INT, MIN_DATE, CellError, normalize
from core.sheet.contract import Column, Kind, Tab
from core.sheet.validation import REQUIRED_REASON, Context


@dataclass(frozen=True)
class FieldError:
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


class InvalidRecord(ValueError):
    """A record that cannot be saved; `errors` name each field and say what to fix."""

    def __init__(self, tab: str, errors: list[FieldError]):
        self.tab = tab
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


def _field_parser(column: Column):
    def parse(value: Any, info: ValidationInfo) -> Any:
        context: Context = (info.context or {}).get("lists", Context())
        try:
            value = column.parse(value, context.extra_for(column))
        except CellError as error:
            raise PydanticCustomError("celda", "{reason}", {"reason": error.reason}) from None
        if value is None and column.required:
            raise PydanticCustomError("obligatorio", REQUIRED_REASON)
        return value

    return parse


def _python_name(column: Column) -> str:
    name = normalize(column.name).replace(" ", "_").replace("-", "_")
    return name + "_" if hasattr(BaseModel, name) else name


class Record(BaseModel):
    """Base of the tab models: fields by Spanish header, unknown keys refused by name."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid", arbitrary_types_allowed=True)

    def cells(self) -> dict[str, Any]:
        """Canonical values by header name (None for empty)."""
        return self.model_dump(by_alias=True)


@cache
def model_for(tab: Tab) -> type[Record]:
    """The Pydantic model of a tab (e.g. `Mensajes`); every column optional to send, required checked."""
    fields = {
        _python_name(column): (
            Annotated[Any, BeforeValidator(_field_parser(column))],
            Field(default=column.default, alias=column.name, validate_default=True),
        )
        for column in tab.columns
    }
    return create_model(normalize(tab.name).title().replace(" ", ""), __base__=Record, **fields)


def validate_record(tab: Tab, values: Mapping[str, Any], context: Context | None = None) -> dict[str, Any]:
    """Canonical values of a whole record by header, or `InvalidRecord` naming every bad field."""
    unknown = [name for name in values if tab.find_column(name) is None]
    if unknown:
        raise InvalidRecord(tab.name, [FieldError(name, f"no es una columna de {tab.name}") for name in unknown])
    data = {tab.find_column(name).name: value for name, value in values.items()}
    try:
        record = model_for(tab).model_validate(data, context={"lists": context or Context()})
    except ValidationError as error:
        headers = {_python_name(column): column.name for column in tab.columns}
        problems = []
        for item in error.errors():
            name = str(item["loc"][0]) if item["loc"] else tab.name
            problems.append(FieldError(headers.get(name, name), item["msg"]))
        raise InvalidRecord(tab.name, problems) from None
    return record.cells()


class _Refused(Exception):
    """A value `validated` leaves to `validate_record`, which words the refusal."""


def _canonical_check(column: Column) -> Callable[[Any], bool] | None:
    """A test of whether `column.parse` would return a value itself: trimmed non-blank text within the cap
    in a free-text column, a whole number in range, a list's own value, a Bogotá moment or a date in range.
    None for the kinds always parsed."""
    kind, cap = column.kind, column.cap
    if kind is Kind.TEXT or kind is Kind.ID:
        return lambda value: type(value) is str and 0 < len(value) <= cap and value == value.strip()
    if kind is Kind.INT:
        return lambda value: type(value) is int and 0 <= value <= MAX_INT
    if kind is Kind.ENUM:
        values = frozenset(column.choices.values)
        return lambda value: type(value) is str and value in values
    if kind is Kind.DATETIME:
        return lambda value: (type(value) is datetime and value.tzinfo is BOGOTA
                              and MIN_DATE <= value.date() <= MAX_DATE)
    if kind is Kind.DATE:
        return lambda value: type(value) is date and MIN_DATE <= value <= MAX_DATE
    return None


@cache
def _plan_of(tab: Tab) -> list[tuple[Column, Any, bool, Callable[[Any], bool] | None]]:
    return [(column, column.default, column.required, _canonical_check(column)) for column in tab.columns]


def validated(tab: Tab, values: Mapping[str, Any], context: Context) -> dict[str, Any]:
    """`validate_record`'s result by a plain loop over the columns: the same `Column.parse`, defaults and
    required check without Pydantic's per-field machinery, and values already in their canonical form
    (what a bulk import builds) kept without parsing: several times faster, which keeps a 10,000-row
    import within its budget. Any problem goes through `validate_record` itself, so a refusal is worded
    exactly as the form's."""
    given: dict[str, Any] = {}
    row: dict[str, Any] = {}
    try:
        for name, value in values.items():
            column = tab.find_column(name)
            if column is None:
                raise _Refused
            given[column.name] = value
        for column, default, required, canonical in _plan_of(tab):
            value = given.get(column.name, default)
            if value is None:  # every parser reads None as None: only the required check is left
                if required:
                    raise _Refused
            elif canonical is None or not canonical(value):
                value = column.parse(value, context.extra_for(column))
                if value is None and required:
                    raise _Refused
            row[column.name] = value
    except (_Refused, ValueError):  # CellError is a ValueError; Pydantic turns any ValueError into a refusal
        return validate_record(tab, values, context)
    return row
