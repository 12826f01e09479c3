"""The sheet contract, defined once: every tab, its headers, their types, lists, caps and keys.

docs/domain.md («The sheet») is the source; everything that reads or writes the register (SQLite, Google
Sheets, the xlsx import/export, the forms) asks this module what a column is. Names are matched the way
people see them: case, accents and extra spaces do not count (`normalize`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from typing import Any

from core.sheet import cells
from core.sheet.cells import CellError, normalize


class Kind(StrEnum):
    """A column's type, named as docs/contract.md («Types») names it."""

    DATE = "fecha"
    DATETIME = "fecha-hora"
    MONTH = "mes"
    INT = "entero"
    BOOL = "sí/no"
    TEXT = "texto"
    ENUM = "valor de lista"
    LIST = "lista"
    URL = "URL"
    ID = "ID"


@dataclass(frozen=True, eq=False)
class Choices:
    """An enumeration: canonical values, aliases accepted on read, values refused with a reason, and the
    `Listas` column whose values extend it (the leader can add networks)."""

    label: str
    values: tuple[str, ...]
    aliases: dict[str, str] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)
    extended_by: str | None = None

    def lookup_table(self, extra: tuple[str, ...] = ()) -> dict[str, str]:
        """Normalised name -> canonical value, for these values plus `extra` (built once per `extra`)."""
        tables = self.__dict__.setdefault("_tables", {})
        if extra not in tables:
            table = {normalize(alias): value for alias, value in self.aliases.items()}
            table.update({normalize(value): value for value in (*self.values, *extra)})
            tables[extra] = table
        return tables[extra]

    def read(self, value: Any, extra: tuple[str, ...] = ()) -> str:
        table = self.lookup_table(extra)
        if value in table.values():  # already canonical: the usual case, no normalising
            return value
        key = normalize(value)
        if key in self.refused:
            raise CellError(self.refused[key])
        found = table.get(key)
        if found is None:
            allowed = ", ".join((*self.values, *extra))
            raise CellError(f"«{value}» no está en la lista de {self.label}; use uno de: {allowed}")
        return found


NETWORK_CHOICES = Choices(
    "redes",
    ("Facebook", "X", "Instagram", "YouTube", "TikTok"),
    aliases={"Twitter": "X", "X (Twitter)": "X", "Twitter (X)": "X", "Tik Tok": "TikTok"},
    extended_by="Redes",
)
INDEPENDENT, IN_CAMPAIGN = "Publicación independiente", "Estrategia integral"  # a request on its own, or a campaign's
MODALITY_CHOICES = Choices("modalidades", (INDEPENDENT, IN_CAMPAIGN))
ORIGIN_CHOICES = Choices("orígenes", ("Solicitud", "Cubrimiento", "Réplica distrital", "Coyuntura"))
FORMAT_CHOICES = Choices(
    "formatos", ("Publicación", "Historia", "Reel", "Carrusel", "Video", "Short", "En vivo", "Hilo")
)
PRODUCT_CHOICES = Choices(
    "productos", ("Imagen", "Fotografía", "Video", "Audio", "GIF", "Pieza gráfica", "Audiopieza")
)
STAGES = (
    "Identificar las necesidades",
    "Definir acciones",
    "Recepción de material",
    "Estrategia digital",
    "Ajustes",
    "Revisión y aprobación",
    "Publicación",
    "Cierre",
)
CANCELLED = "Cancelada"  # a request's stage and a post's state alike
STAGE_CHOICES = Choices("etapas", (*STAGES, CANCELLED), aliases={"Identificar necesidades": STAGES[0]})
SCHEDULED, PUBLISHED = "Programada", "Publicada"
POST_STATE_CHOICES = Choices("estados de publicación", (SCHEDULED, PUBLISHED, CANCELLED))
PLANNED, RUNNING, FINISHED, CLOSED = "Planeada", "En curso", "Finalizada", "Cerrada"
CAMPAIGN_STATE_CHOICES = Choices("estados de estrategia", (PLANNED, RUNNING, FINISHED, CLOSED))
ACTIVE, INACTIVE, CLOSING = "Activa", "Inactiva", "En cierre"
ACCOUNT_STATE_CHOICES = Choices("estados de cuenta", (ACTIVE, INACTIVE, CLOSING))
INTERACTION_CHOICES = Choices("tipos de interacción", ("Comentario", "Mensaje directo", "Mención", "Reseña"))
NOT_PQRS = "No es PQRS"
CONGRATULATION = "Felicitación"  # no term runs for it
TYPOLOGY_CHOICES = Choices(
    "tipologías",
    (
        "Derecho de petición de interés general",
        "Derecho de petición de interés particular",
        "Queja",
        "Reclamo",
        "Sugerencia",
        CONGRATULATION,
        "Consulta",
        "Solicitud de acceso a la información",
        "Solicitud de copia",
        "Denuncia por posibles actos de corrupción",
        NOT_PQRS,
    ),
    aliases={
        "Petición": "Derecho de petición de interés general",
        "Derecho de petición": "Derecho de petición de interés general",
        "Solicitud de información": "Solicitud de acceso a la información",
    },
    refused={
        "denuncia": "«Denuncia» no basta: si denuncia posibles actos de corrupción, elija «Denuncia por "
        "posibles actos de corrupción»; si es una petición o queja sobre el espacio público, elija "
        "«Derecho de petición de interés general» o «Queja»"
    },
)
OWN_ENTITY, OTHER_ENTITY = "DADEP", "Otra entidad"
JURISDICTION_CHOICES = Choices("competencias", (OWN_ENTITY, OTHER_ENTITY))
LEADER, CM, JOURNALIST, ATC, REQUESTER = (
    "Líder", "Community manager", "Periodista", "Atención a la Ciudadanía", "Área solicitante")
ROLES = Choices(
    "roles",
    (LEADER, CM, JOURNALIST, ATC, REQUESTER),
    aliases={"CM": "Community manager", "ATC": "Atención a la Ciudadanía"},
)

# Every list above, in this order in docs/contract.md.
LIST_CHOICES: tuple[Choices, ...] = (
    NETWORK_CHOICES, MODALITY_CHOICES, ORIGIN_CHOICES, FORMAT_CHOICES, PRODUCT_CHOICES, STAGE_CHOICES,
    POST_STATE_CHOICES, CAMPAIGN_STATE_CHOICES, ACCOUNT_STATE_CHOICES, INTERACTION_CHOICES, TYPOLOGY_CHOICES,
    JURISDICTION_CHOICES, ROLES,
)

NAME_CAP = 200  # titles and names
MESSAGE_CAP = 5_000  # citizens' messages, copy and templates
TEXT_CAP = 50_000  # any other text


@dataclass(frozen=True, eq=False)
class Column:
    """One header of a tab and the rules of its cells."""

    name: str
    kind: Kind
    required: bool = False
    cap: int = TEXT_CAP
    choices: Choices | None = None
    urls: bool = False  # a LIST of links
    default: Any = None
    owned: bool = False  # filled by the app (stamps), never typed in forms

    @cached_property
    def key(self) -> str:
        return normalize(self.name)

    def parse(self, value: Any, extra: tuple[str, ...] = ()) -> Any:
        """The canonical value of a cell, or `CellError`; `extra` extends the column's list."""
        if isinstance(value, bytes):  # text as SQLite hands it over in bulk (UTF-8)
            value = value.decode("utf-8", errors="replace")
        kind = self.kind
        if kind is Kind.DATE:
            return cells.parse_date(value)
        if kind is Kind.DATETIME:
            return cells.parse_datetime(value)
        if kind is Kind.MONTH:
            return cells.parse_month(value)
        if kind is Kind.INT:
            return cells.parse_int(value)
        if kind is Kind.BOOL:
            return cells.parse_bool(value)
        if kind is Kind.URL:
            return cells.parse_url(value)
        if kind is Kind.LIST:
            items = cells.parse_list(value, urls=self.urls)
            if items is None:
                return None
            if self.urls:
                return [cells.parse_url(item) for item in items]
            if self.choices:
                return [self.choices.read(item, extra) for item in items]
            return [self._capped(item) for item in items]
        text = cells.parse_text(value)
        if text is None:
            return None
        if kind is Kind.ENUM:
            return self.choices.read(text, extra)
        return self._capped(text)

    def _capped(self, text: str) -> str:
        if len(text) > self.cap:
            raise CellError(
                f"el texto tiene {len(text):,} caracteres y el máximo es {self.cap:,}; acórtelo".replace(",", ".")
            )
        return text

    def to_text(self, value: Any) -> Any:
        """The value as the register's text cell (ISO dates, `Sí`/`No`, lists joined); ints stay ints.
        Also the form used to compare two readings of a cell and in Historial's JSON."""
        if cells.is_empty(value) or (isinstance(value, (list, tuple)) and not value):
            return None
        if self.kind is Kind.DATE:
            day = value.date() if isinstance(value, datetime) else value
            return day.isoformat()
        if self.kind is Kind.DATETIME:
            return cells.format_datetime_text(value.to_pydatetime() if hasattr(value, "to_pydatetime") else value)
        if self.kind is Kind.INT:
            return int(value)
        if self.kind is Kind.BOOL:
            return "Sí" if value else "No"
        if self.kind is Kind.LIST:
            return ("\n" if self.urls else ", ").join(str(item) for item in value)
        return str(value)


def _col(name: str, kind: Kind = Kind.TEXT, **options: Any) -> Column:
    return Column(name, kind, **options)


def _name(name: str, **options: Any) -> Column:
    return Column(name, Kind.TEXT, cap=NAME_CAP, **options)


def _stamps() -> tuple[Column, Column]:
    return _col("Actualizado", Kind.DATETIME, owned=True), _name("Actualizado por", owned=True)


@dataclass(frozen=True, eq=False)
class Tab:
    """A tab of the register: its columns in contract order, its ID prefix (tabs with an `ID` column) and
    its natural keys (alternatives, the first whose cells are all filled is used)."""

    name: str
    columns: tuple[Column, ...]
    id_prefix: str | None = None
    natural_keys: tuple[tuple[str, ...], ...] = ()

    @cached_property
    def key(self) -> str:
        return normalize(self.name)

    @cached_property
    def _by_key(self) -> dict[str, Column]:
        return {column.key: column for column in self.columns}

    @cached_property
    def _by_name(self) -> dict[str, Column]:
        return {column.name: column for column in self.columns}

    @property
    def headers(self) -> list[str]:
        return [column.name for column in self.columns]

    def column(self, name: str) -> Column:
        found = self.find_column(name)
        if found is None:
            raise KeyError(f"{self.name} no tiene la columna {name}")
        return found

    def find_column(self, name: str) -> Column | None:
        column = self._by_name.get(name)  # the exact contract name: the common case, no normalising
        return column if column is not None else self._by_key.get(normalize(name))

    @property
    def has_id(self) -> bool:
        return self.id_prefix is not None

    def filled_key(self, values: Mapping[str, Any]) -> tuple[str, ...] | None:
        """The first natural key whose cells are all filled in `values` (None when none is)."""
        for names in self.natural_keys:
            if all(not cells.is_empty(values.get(name)) for name in names):
                return names
        return None


ID_COLUMN = "ID"

REQUESTS_TAB = Tab(
    "Solicitudes",
    (
        _col("ID", Kind.ID, cap=NAME_CAP),
        _col("Fecha de solicitud", Kind.DATE, required=True),
        _name("Área solicitante", required=True),
        _name("Solicitante", required=True),
        _name("Correo del solicitante"),
        _name("Periodista"),
        _name("Título", required=True),
        _col("Necesidad", required=True),
        _col("Objetivo"),
        _name("Eje del plan"),
        _col("Grupo de valor", Kind.LIST),
        _col("Productos", Kind.LIST, choices=PRODUCT_CHOICES),
        _col("Redes", Kind.LIST, required=True, choices=NETWORK_CHOICES),
        _col("Modalidad", Kind.ENUM, choices=MODALITY_CHOICES, default="Publicación independiente"),
        _name("Estrategia"),
        _col("Fecha de publicación", Kind.DATE, required=True),
        _col("Soporte de la solicitud", Kind.URL),
        _col("Material recibido", Kind.DATE),
        _col("Copy revisado", Kind.BOOL),
        _name("Copy revisado por"),
        _col("Fecha revisión copy", Kind.DATE),
        _col("Etapa", Kind.ENUM, required=True, choices=STAGE_CHOICES, default=STAGES[0]),
        _col("Inicio de etapa", Kind.DATETIME),
        _name("Aprobado por"),
        _col("Fecha de aprobación", Kind.DATE),
        _col("Soporte de aprobación", Kind.URL),
        _col("Carpeta de publicación", Kind.URL),
        _col("Feedback entregado", Kind.DATE),
        _col("Evidencias", Kind.LIST, urls=True),
        _col("Evidencias enviadas", Kind.DATE),
        _col("Observaciones"),
        *_stamps(),
    ),
    id_prefix="SOL",
    natural_keys=(("Fecha de solicitud", "Área solicitante", "Título"),),
)

CAMPAIGNS_TAB = Tab(
    "Estrategias",
    (
        _col("ID", Kind.ID, cap=NAME_CAP),
        _name("Nombre", required=True),
        _name("Área"),
        _col("Objetivo"),
        _name("Eje del plan"),
        _col("Grupo de valor", Kind.LIST),
        _col("Entidades aliadas", Kind.LIST),
        _col("Inicio", Kind.DATE, required=True),
        _col("Fin", Kind.DATE, required=True),
        _col("Estado", Kind.ENUM, choices=CAMPAIGN_STATE_CHOICES, default="Planeada"),
        _col("Fecha de cierre", Kind.DATE),
        _col("Evidencias", Kind.LIST, urls=True),
        _col("Análisis"),
        *_stamps(),
    ),
    id_prefix="EST",
    natural_keys=(("Nombre", "Inicio"),),
)

_METRICS = ("Alcance", "Impresiones", "Reproducciones", "Interacciones", "Reacciones", "Comentarios",
            "Compartidos", "Guardados", "Clics")

POSTS_TAB = Tab(
    "Publicaciones",
    (
        _col("ID", Kind.ID, cap=NAME_CAP),
        _col("Origen", Kind.ENUM, choices=ORIGIN_CHOICES, default="Solicitud"),
        _name("Solicitud"),
        _name("Estrategia"),
        _col("Red", Kind.ENUM, required=True, choices=NETWORK_CHOICES),
        _col("Formato", Kind.ENUM, choices=FORMAT_CHOICES),
        _col("Programada", Kind.DATETIME, required=True),
        _col("Publicada", Kind.DATETIME),
        _col("Producto", Kind.ENUM, choices=PRODUCT_CHOICES),
        _col("Copy", cap=MESSAGE_CAP),
        _col("Enlace", Kind.URL),
        _name("ID en la red"),
        _col("Estado", Kind.ENUM, required=True, choices=POST_STATE_CHOICES, default="Programada"),
        *(_col(name, Kind.INT) for name in _METRICS),
        _col("Métricas al", Kind.DATE),
        *_stamps(),
    ),
    id_prefix="PUB",
    natural_keys=(("Red", "Enlace"), ("Red", "Programada", "Copy")),
)

MESSAGES_TAB = Tab(
    "Mensajes",
    (
        _col("ID", Kind.ID, cap=NAME_CAP),
        _col("Recibido", Kind.DATETIME, required=True),
        _col("Red", Kind.ENUM, required=True, choices=NETWORK_CHOICES),
        _col("Tipo de interacción", Kind.ENUM, choices=INTERACTION_CHOICES),
        _name("Usuario"),
        _col("Enlace", Kind.URL),
        _col("Captura", Kind.URL),
        _col("Mensaje", required=True, cap=MESSAGE_CAP),
        _name("Tema"),
        _col("Clasificación", Kind.ENUM, choices=TYPOLOGY_CHOICES),
        _col("Competencia", Kind.ENUM, choices=JURISDICTION_CHOICES),
        _name("Asignado a"),
        _col("Respondido", Kind.BOOL),
        _col("Fecha de respuesta", Kind.DATETIME),
        _name("Plantilla"),
        _col("Enviado a ATC", Kind.DATE),
        _col("Radicado", Kind.BOOL),
        _name("Número de radicado"),
        _name("Radicado interno"),
        _col("Fecha de radicación", Kind.DATE),
        _name("Trasladado a"),
        _col("Respuesta definitiva", Kind.DATE),
        _col("Caso especial", Kind.BOOL),
        _col("Decisión del líder"),
        _col("Observaciones"),
        _name("Registrado por", owned=True),
        *_stamps(),
    ),
    id_prefix="MSG",
    natural_keys=(("Red", "Enlace"), ("Red", "Usuario", "Recibido", "Mensaje")),
)

MONITORING_TAB = Tab(
    "Monitoreo",
    (
        _col("Fecha", Kind.DATE, required=True),
        _col("Red", Kind.ENUM, required=True, choices=NETWORK_CHOICES),
        _name("Revisado por"),
        _col("Hora", Kind.DATETIME),
        _col("Mensajes nuevos", Kind.INT),
        _col("Pendientes", Kind.INT),
        _col("Se publicó", Kind.BOOL),
        _col("Observaciones"),
    ),
    natural_keys=(("Fecha", "Red"),),
)

ACCOUNTS_TAB = Tab(
    "Cuentas",
    (
        _col("Red", Kind.ENUM, required=True, choices=NETWORK_CHOICES),
        _name("Cuenta", required=True),
        _col("Enlace", Kind.URL),
        _col("Estado", Kind.ENUM, choices=ACCOUNT_STATE_CHOICES, default="Activa"),
        _name("Responsable"),
        _col("Creada", Kind.DATE),
        _col("Última rotación", Kind.DATE),
        _col("Observaciones"),
    ),
    natural_keys=(("Red", "Cuenta"),),
)

ACCOUNT_METRICS_TAB = Tab(
    "Métricas de cuenta",
    (
        _col("Mes", Kind.MONTH, required=True),
        _col("Red", Kind.ENUM, required=True, choices=NETWORK_CHOICES),
        _name("Cuenta", required=True),
        *(_col(name, Kind.INT) for name in ("Seguidores", "Alcance", "Visitas al perfil", "Mensajes recibidos")),
    ),
    natural_keys=(("Mes", "Red", "Cuenta"),),
)

TEMPLATES_TAB = Tab(
    "Plantillas",
    (_name("Nombre", required=True), _col("Texto", required=True, cap=MESSAGE_CAP), _col("Última revisión", Kind.DATE)),
    natural_keys=(("Nombre",),),
)

REPORTS_SENT_TAB = Tab(
    "Informes",
    (
        _name("Periodo", required=True),
        _name("Tipo", required=True),
        _col("Fecha de envío", Kind.DATE),
        _col("Destinatarios"),
        _col("Enlace", Kind.URL),
    ),
    natural_keys=(("Periodo", "Tipo"),),
)

LISTS_TAB = Tab(
    "Listas",
    (
        _name("Áreas"),
        _name("Periodista del área"),
        _name("Redes"),
        _name("Temas"),
        _name("Grupos de valor"),
        _name("Ejes del plan"),
        _col("Días no hábiles", Kind.DATE),
        _col("Suspensión de términos", Kind.DATE),
    ),
)

USERS_TAB = Tab(
    "Usuarios",
    (
        _name("Correo", required=True),
        _name("Nombre"),
        _col("Roles", Kind.LIST, required=True, choices=ROLES),
        _name("Área"),
    ),
    natural_keys=(("Correo",),),
)

# Not in docs/domain.md's list: the leader's settings (core/settings.py), one row per setting, kept in the sheet
# so that every replica of the app and the CLI read the same ones and Historial says who changed them.
SETTINGS_TAB = Tab(
    "Ajustes",
    (_name("Ajuste", required=True), _col("Valor"), *_stamps()),
    natural_keys=(("Ajuste",),),
)

HISTORY_TAB = Tab(
    "Historial",
    (
        _col("Fecha", Kind.DATETIME),
        _name("Usuario"),
        _name("Pestaña"),
        _name("ID"),
        _name("Acción"),
        _col("Cambios"),
    ),
)

# Order of the tabs in the sheet and in every listing.
TABS: tuple[Tab, ...] = (
    REQUESTS_TAB, CAMPAIGNS_TAB, POSTS_TAB, MESSAGES_TAB, MONITORING_TAB, ACCOUNTS_TAB, ACCOUNT_METRICS_TAB,
    TEMPLATES_TAB, REPORTS_SENT_TAB, LISTS_TAB, USERS_TAB, SETTINGS_TAB, HISTORY_TAB,
)
DATA_TABS: tuple[Tab, ...] = tuple(tab for tab in TABS if tab is not HISTORY_TAB)
_BY_KEY = {tab.key: tab for tab in TABS}


def find_tab(name: str) -> Tab | None:
    """The contract tab a sheet's tab name stands for (case, accents and spaces ignored)."""
    return _BY_KEY.get(normalize(name))


def tab(name: str) -> Tab:
    found = find_tab(name)
    if found is None:
        raise KeyError(f"No existe la pestaña {name}")
    return found


def today_in_bogota() -> date:
    """The calendar date in Bogotá: the day of receipt of a message, the stamp of a write."""
    return datetime.now(cells.BOGOTA).date()
