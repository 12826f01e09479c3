"""The leader's settings: docs/domain.md's readings of the procedure that the office may change.

They live in the register's `Ajustes` tab, one row per setting (`Ajuste`, `Valor`), so the app, the CLI
and every replica read the same values from the same snapshot, and Historial says who changed them. A
setting nobody wrote takes its default; a value that cannot be read also takes the default and says so in
a notice (never an error: the office keeps working while the leader fixes it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from core.sheet.cells import CellError, is_empty, normalize, parse_int, parse_list, parse_url
from core.sheet.contract import ATC, REQUESTER, ROLES, SETTINGS_TAB
from core.sheet.rows import frame_records


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
    if REQUESTER in roles:
        raise SettingError("el Área solicitante nunca registra aprobaciones (la da, no la registra); quítela")
    if not roles:
        raise SettingError("diga al menos un rol")
    return tuple(dict.fromkeys(roles))


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _email(text: str) -> str:
    text = text.strip()
    if not _EMAIL.match(text):
        raise SettingError(f"«{text}» no es un correo; escríbalo completo, por ejemplo atencion@entidad.gov.co")
    return text


def _months(text: str) -> int:
    try:
        months = parse_int(text)
    except CellError as error:
        raise SettingError(error.reason) from None
    if not months or months > 60:
        raise SettingError(f"«{text}» no sirve: escriba un número de meses entre 1 y 60")
    return months


def _web(text: str) -> str:
    try:
        return parse_url(text) or ""
    except CellError as error:
        raise SettingError(error.reason) from None


def _plain(text: str) -> str:
    return text.strip()


@dataclass(frozen=True)
class Setting:
    """One setting: its name as written in `Ajuste`, its default text, how to read it, and its help."""

    name: str
    default: str
    read: Callable[[str], Any]
    help: str
    options: tuple[str, ...] = ()
    several: bool = False  # options may be combined (a list)
    group: str = "Procedimiento"  # the Ajustes page's tab

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
    options=tuple(role for role in ROLES.values if role != REQUESTER),
    several=True,
)
MONITORING_DAYS = Setting(
    "Días de monitoreo", "calendario", _day_count,
    "Qué días se revisan las redes (Monitoreo): «calendario» (todos los días, la lectura por defecto) o "
    "«hábiles». Los días sin revisión se señalan según este ajuste.",
    options=("calendario", "hábiles"),
)
ATC_MAILBOX = Setting(
    "Correo de Atención a la Ciudadanía", "", _email,
    "El buzón al que el Community manager envía los mensajes que son PQRS para radicarlos. Lo confirma "
    "Atención a la Ciudadanía.",
    group=ATC,
)
WEB_CHANNEL = Setting(
    "Canal web de atención", "", _web,
    "El enlace donde la ciudadanía radica una PQRS en línea; llena {canal_web} en las plantillas.",
    group=ATC,
)
PHONE_LINE = Setting(
    "Línea de atención", "", _plain,
    "El teléfono de atención a la ciudadanía; llena {linea} en las plantillas.",
    group=ATC,
)
SERVICE_ADDRESS = Setting(
    "Sede de atención", "", _plain,
    "La dirección de la sede de atención presencial; llena {sede} en las plantillas.",
    group=ATC,
)
HOURS = Setting(
    "Horario de atención", "", _plain,
    "Los días y horas de atención presencial; llena {horario} en las plantillas.",
    group=ATC,
)
TEMPLATE_REVIEW_MONTHS = Setting(
    "Meses entre revisiones de plantillas", "6", _months,
    "Cada cuánto se revisa una plantilla de respuesta; pasado ese tiempo desde su «Última revisión», la "
    "página de Plantillas lo avisa.",
    group=ATC,
)
def _percent(text: str) -> float:
    cleaned = text.strip().removesuffix("%").strip().replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise SettingError(f"«{text}» no es un porcentaje; escriba por ejemplo 33 %") from None
    if not 0 < value < 100:
        raise SettingError(f"«{text}» no sirve: escriba un porcentaje entre 0 y 100")
    return value / 100


def _days_count(text: str) -> int:
    try:
        days = parse_int(text)
    except CellError as error:
        raise SettingError(error.reason) from None
    if not days or days > 366:
        raise SettingError(f"«{text}» no sirve: escriba un número de días entre 1 y 366")
    return days


ENTITY_NAME = Setting(
    "Nombre de la entidad", "Departamento Administrativo de la Defensoría del Espacio Público (DADEP)", _plain,
    "El nombre que encabeza los informes y las parrillas.",
    group="Informes",
)
ENTITY_AREA = Setting(
    "Área", "Área de Comunicaciones", _plain,
    "El área que firma los informes (como la nombra el procedimiento).",
    group="Informes",
)
SIG_CODE = Setting(
    "Código SIG", "", _plain,
    "El código del formato en el Sistema Integrado de Gestión, para el encabezado de los informes.",
    group="Informes",
)
SIG_VERSION = Setting(
    "Versión SIG", "", _plain,
    "La versión del formato en el Sistema Integrado de Gestión, para el encabezado de los informes.",
    group="Informes",
)
OBSOLETE_DAYS = Setting(
    "Días sin publicar para cuenta obsoleta", "60", _days_count,
    "Informe semestral: una cuenta parece obsoleta si no publicó en estos días (contados hasta el fin del "
    "semestre).",
    group="Informes",
)
OBSOLETE_DROP = Setting(
    "Caída de interacciones para cuenta obsoleta", "33 %", _percent,
    "Informe semestral: una cuenta parece obsoleta si sus interacciones cayeron al menos este porcentaje frente a su "
    "semestre anterior y su engagement también bajó, sobre la misma base.",
    group="Informes",
)
MONTHLY_REPORT_DAYS = Setting(
    "Días hábiles para enviar el informe mensual", "5", _days_count,
    "El informe mensual de PQRS se envía a más tardar este número de días hábiles después de terminar el mes; "
    "la página de Informes señala los meses que no se enviaron a tiempo.",
    group="Informes",
)
SETTINGS: tuple[Setting, ...] = (
    DEADLINE_DAYS, APPROVAL_ROLES, MONITORING_DAYS, ATC_MAILBOX, WEB_CHANNEL, PHONE_LINE, SERVICE_ADDRESS, HOURS,
    TEMPLATE_REVIEW_MONTHS, ENTITY_NAME, ENTITY_AREA, SIG_CODE, SIG_VERSION, OBSOLETE_DAYS, OBSOLETE_DROP,
    MONTHLY_REPORT_DAYS,
)
# The placeholders of the answer templates and the settings that fill them (never invented contact data).
PLACEHOLDERS = {"canal_web": WEB_CHANNEL, "linea": PHONE_LINE, "sede": SERVICE_ADDRESS, "horario": HOURS}


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

    @property
    def monitoring_business_days(self) -> bool:
        return self[MONITORING_DAYS]

    def text(self, setting: Setting) -> str:
        """The value as stored (or the default; "" for an optional setting nobody filled), as written."""
        row = self.rows.get(setting.name)
        return setting.default if row is None or is_empty(row.get("Valor")) else str(row["Valor"])


def settings_of(tables: Mapping[str, pd.DataFrame]) -> Settings:
    """The settings in force in a snapshot's tables (defaults when the tab or a row is missing)."""
    by_key = {normalize(setting.name): setting for setting in SETTINGS}
    frame = tables.get(SETTINGS_TAB.name)
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
        values[setting.name] = setting.read(setting.default) if setting.default else None
        if is_empty(text):
            continue
        try:
            values[setting.name] = setting.read(str(text))
        except SettingError as error:
            notices.append(f"Ajustes fila {row['fila']}: {setting.name}: {error}; se usa «{setting.default}»")
    return Settings(values, rows, tuple(notices))
