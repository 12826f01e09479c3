"""The leader's settings: DOMAIN.md's readings of the procedure that the office may change.

They live in the register's `Ajustes` tab, one row per setting (`Ajuste`, `Valor`), so the app, the CLI
and every replica read the same values from the same snapshot, and Historial says who changed them. A
setting nobody wrote takes its default; a value that cannot be read also takes the default and says so in
a notice (never an error: the office keeps working while the leader fixes it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from core.cells import CellError, is_empty, normalize, parse_list
from core.layout import AJUSTES, ROLES
from core.register import Writer, frame_records

REQUESTER_ROLE = "Área solicitante"


class SettingError(ValueError):
    """A setting's value that cannot be read; the message says what is accepted."""


def _day_count(text: str) -> bool:
    key = normalize(text)
    if key in {"habiles", "dias habiles", "habil"}:
        return True
    if key in {"calendario", "dias calendario", "corridos", "dias corridos"}:
        return False
    raise SettingError(f"«{text}» no se entiende; escriba «hábiles» o «calendario»")


def _approval_roles(text: str) -> tuple[str, ...]:
    try:
        roles = [ROLES.read(role) for role in parse_list(text) or []]
    except CellError as error:
        raise SettingError(error.reason) from None
    if REQUESTER_ROLE in roles:
        raise SettingError("el Área solicitante nunca registra aprobaciones (la da, no la registra); quítela")
    if not roles:
        raise SettingError("diga al menos un rol")
    return tuple(dict.fromkeys(roles))


@dataclass(frozen=True)
class Setting:
    """One setting: its name as written in `Ajuste`, its default text, how to read it, and its help."""

    name: str
    default: str
    read: Callable[[str], Any]
    help: str
    options: tuple[str, ...] = ()
    several: bool = False  # options may be combined (a list)

    def chosen(self, value: Any) -> list[str]:
        """The options that show `value` (as read) in a form."""
        return [option for option in self.options if self.read(option) == value or (self.several and option in value)]


DEADLINE_DAYS = Setting(
    "Días de los plazos", "hábiles", _day_count,
    "Cómo se cuentan los «días» de los plazos de las etapas del procedimiento: «hábiles» (lunes a viernes sin "
    "festivos de Colombia ni los días no hábiles de Listas, la lectura por defecto) o «calendario». Los "
    "términos legales de las PQRS siempre cuentan días hábiles.",
    options=("hábiles", "calendario"),
)
APPROVAL_ROLES = Setting(
    "Roles que registran aprobaciones", "Community manager, Periodista, Líder", _approval_roles,
    "Quiénes pueden registrar en Divulga la aprobación de una publicación (etapa 6). El Área solicitante "
    "aprueba por correo, pero nunca la registra.",
    options=tuple(role for role in ROLES.values if role != REQUESTER_ROLE),
    several=True,
)
SETTINGS: tuple[Setting, ...] = (DEADLINE_DAYS, APPROVAL_ROLES)


@dataclass(frozen=True)
class Settings:
    """The settings in force, with the stored rows they came from and notices about unreadable ones."""

    values: Mapping[str, Any]
    rows: Mapping[str, dict[str, Any]] = field(default_factory=dict)  # setting name -> its row as read
    notices: tuple[str, ...] = ()

    def __getitem__(self, setting: Setting) -> Any:
        return self.values[setting.name]

    @property
    def business_days(self) -> bool:
        return self[DEADLINE_DAYS]

    @property
    def approval_roles(self) -> tuple[str, ...]:
        return self[APPROVAL_ROLES]

    def text(self, setting: Setting) -> str:
        """The value as stored (or the default), as a person wrote it."""
        row = self.rows.get(setting.name)
        return setting.default if row is None or is_empty(row.get("Valor")) else str(row["Valor"])


def settings_of(tables: Mapping[str, pd.DataFrame]) -> Settings:
    """The settings in force in a snapshot's tables (defaults when the tab or a row is missing)."""
    by_key = {normalize(setting.name): setting for setting in SETTINGS}
    frame = tables.get(AJUSTES.name)
    rows: dict[str, dict[str, Any]] = {}
    notices = []
    for number, row in frame_records(frame) if frame is not None else []:
        setting = by_key.get(normalize(row.get("Ajuste")))
        if setting is None:
            notices.append(f"Ajustes fila {number}: «{row.get('Ajuste')}» no es un ajuste de Divulga; "
                           f"los ajustes son: {', '.join(s.name for s in SETTINGS)}")
        elif setting.name in rows:
            notices.append(f"Ajustes fila {number}: «{setting.name}» está repetido; vale la primera fila")
        else:
            rows[setting.name] = {**row, "fila": number}
    values = {}
    for setting in SETTINGS:
        row = rows.get(setting.name)
        text = None if row is None else row.get("Valor")
        values[setting.name] = setting.read(setting.default)
        if is_empty(text):
            continue
        try:
            values[setting.name] = setting.read(str(text))
        except SettingError as error:
            notices.append(f"Ajustes fila {row['fila']}: {setting.name}: {error}; se usa «{setting.default}»")
    return Settings(values, rows, tuple(notices))


def save_setting(writer: Writer, current: Settings, setting: Setting, text: str) -> bool:
    """Store a setting's new value (checked first: `SettingError` says what is accepted). Returns whether
    anything was written; a value equal to what is stored writes nothing."""
    setting.read(text)
    row = current.rows.get(setting.name)
    if row is None:
        writer.create(AJUSTES.name, {"Ajuste": setting.name, "Valor": text})
        return True
    seen = {name: value for name, value in row.items() if name != "fila"}
    return bool(writer.update(AJUSTES.name, seen, {"Valor": text}, action="cambiar ajuste"))
