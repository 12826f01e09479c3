"""Who may see which page, write which tab and which field, and see citizens' data, by role (docs/domain.md,
«People and roles»): every role rule of Divulga, in one place.

Every write goes through `core.register.Writer`, which asks `write_refusal` before touching the store, so a
page that forgets to hide a button still cannot write. Two kinds of rule, both checked on every write:
- a tab's rule (`WRITES`): who creates and edits its records (the action's own row where there is one,
  such as «dar ID»; a creation follows «crear», never an edit named so);
- a field's rule (`FIELDS`): the cells that record someone's own act (the leader's copy review and decisions,
  the approval, what Atención a la Ciudadanía writes back). It holds whatever path writes the cell — a form,
  an action, a generic edit, a creation — because it looks at the columns written (an edit: the cells it
  changes; a creation: the cells it fills), never at the action's name. An edit that writes only fields the
  person holds needs no tab rule: that is how Atención a la Ciudadanía writes back on a message.
An Área solicitante works only with its own area's requests (`visible_requests`, and creating a request
for another area is refused). The approval follows the leader's setting (Ajustes). On a special case the
hand-off waits for the leader's decision (`decision_pending_refusal`): for a person with roles by any path,
and in the actions of `core.domain.message_actions` for everyone. A writer without roles (the CLI, scripts, local mode)
keeps every right. The README's permission table is `permission_table()`; a test keeps the two equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from core.domain.workflow import APPROVAL_CELLS
from core.errors import ActionRefused
from core.sheet.cells import CellError, is_empty, normalize, parse_list
from core.sheet.contract import ATC, CM, JOURNALIST, LEADER, REQUESTER, ROLES

EVERY_ROLE = (LEADER, CM, JOURNALIST, ATC, REQUESTER)
COMMS = (LEADER, CM, JOURNALIST)
STAFF = (LEADER, CM, JOURNALIST, ATC)
# Those who share the message work of the procedure («profesional encargado de redes sociales y periodista
# encargado del área»): log, classify, answer, send to ATC, templates, the monthly report.
MESSAGE_WORK = (LEADER, CM, JOURNALIST)
APPROVERS = "según Ajustes"  # the roles of the setting «Roles que registran aprobaciones»
CREATE = "crear"

# Page file -> roles that see it in the navigation (and may open it).
PAGES: dict[str, tuple[str, ...]] = {
    "app_pages/inicio.py": EVERY_ROLE,
    "app_pages/hoy.py": STAFF,
    "app_pages/kpis.py": (LEADER, CM),
    "app_pages/reportes.py": STAFF,
    "app_pages/solicitudes.py": EVERY_ROLE,
    "app_pages/estrategias.py": COMMS,
    "app_pages/parrilla.py": COMMS,
    "app_pages/metricas.py": COMMS,
    "app_pages/mensajes.py": STAFF,
    "app_pages/colas.py": STAFF,
    "app_pages/monitoreo.py": (LEADER, CM),
    "app_pages/plantillas.py": STAFF,
    "app_pages/cuentas.py": (LEADER, CM),
    "app_pages/historial.py": (LEADER,),
    "app_pages/calidad.py": (LEADER, CM),
    "app_pages/ajustes.py": (LEADER, ATC),
}

# (tab, Historial action) -> roles for the tab's ordinary fields; (tab, "*") is every other action on that tab,
# (tab, CREATE) every creation. Tabs not listed: Líder.
WRITES: dict[tuple[str, str], tuple[str, ...]] = {
    ("Solicitudes", CREATE): EVERY_ROLE,  # an Área solicitante only for its own area
    ("Solicitudes", "dar ID"): (LEADER, CM),
    ("Solicitudes", "*"): COMMS,
    ("Estrategias", "*"): COMMS,
    ("Publicaciones", "*"): (LEADER, CM),
    ("Mensajes", "*"): MESSAGE_WORK,
    ("Monitoreo", "*"): (LEADER, CM),
    ("Plantillas", "*"): (*MESSAGE_WORK, ATC),
    ("Cuentas", "*"): (LEADER, CM),
    ("Métricas de cuenta", "*"): (LEADER, CM),
    ("Informes", "*"): (*MESSAGE_WORK, ATC),
    ("Ajustes", "*"): (LEADER,),  # plus ATC for the contact data it confirms (CONTACT_SETTINGS)
    ("Listas", "*"): (LEADER,),
    ("Usuarios", "*"): (LEADER,),
}
# The settings Atención a la Ciudadanía confirms (its mailbox and the channels the templates list).
CONTACT_SETTINGS = ("Correo de Atención a la Ciudadanía", "Canal web de atención", "Línea de atención",
                    "Sede de atención", "Horario de atención")

COPY_REVIEW = ("Copy revisado", "Copy revisado por", "Fecha revisión copy")
APPROVAL = tuple(APPROVAL_CELLS)  # approver, date and the e-mail as evidence: the one approval rule's cells
FILING = ("Radicado", "Número de radicado", "Radicado interno", "Fecha de radicación")
DECISION = "Decisión del líder"
# (tab, the fields of one act) -> the roles that may write them, by whatever path.
FIELDS: dict[tuple[str, tuple[str, ...]], tuple[str, ...] | str] = {
    ("Solicitudes", COPY_REVIEW): (LEADER,),  # activity 3: the leader reviews the external copy
    ("Solicitudes", APPROVAL): APPROVERS,  # activity 6, never the requesting area itself
    ("Mensajes", FILING): (LEADER, ATC),  # ATC writes back the Bogotá te escucha numbers
    ("Mensajes", ("Trasladado a", "Respuesta definitiva")): (LEADER, ATC),
    ("Mensajes", (DECISION,)): (LEADER,),  # special cases are consulted with the leader
}
_FIELD_RULES = {(tab, name): allowed for (tab, names), allowed in FIELDS.items() for name in names}
# On a special case (`Caso especial` yes) these wait until the leader's decision is recorded.
AFTER_DECISION = ("Enviado a ATC", "Radicado", "Número de radicado")
# Citizens' handles, texts, links and captures (Ley 1581): those who process the PQRS.
PERSONAL_DATA = STAFF


def can_open(roles: Iterable[str], page: str) -> bool:
    return bool(set(roles) & set(PAGES.get(page, (LEADER,))))


def _resolved(allowed: tuple[str, ...] | str, approvers: Iterable[str]) -> tuple[str, ...]:
    if allowed == APPROVERS:
        return tuple(role for role in approvers if role != REQUESTER)
    return allowed


def writers_of(tab: str, action: str, approvers: Iterable[str] = (), creating: bool = False) -> tuple[str, ...]:
    """The roles that may make this write on the tab's ordinary fields: the action's own row, else a
    creation's, else the tab's; an edit named «crear» is an edit."""
    allowed = WRITES.get((tab, CREATE)) if creating else None
    if action != CREATE:
        allowed = WRITES.get((tab, action), allowed)
    return _resolved(allowed or WRITES.get((tab, "*"), (LEADER,)), approvers)


def field_writers(tab: str, column: str, approvers: Iterable[str] = ()) -> tuple[str, ...] | None:
    """The roles that may write this field, whatever path writes it; None for a field with no rule of its own."""
    allowed = _FIELD_RULES.get((tab, column))
    return None if allowed is None else _resolved(allowed, approvers)


def may_write(roles: Iterable[str], tab: str, columns: Iterable[str], approvers: Iterable[str] = ()) -> bool:
    """Whether these roles may write every one of these fields (what a page asks before offering a form)."""
    return all(set(roles) & set(field_writers(tab, column, approvers) or writers_of(tab, "*"))
               for column in columns)


def _listed(roles: Iterable[str]) -> str:
    roles = list(roles)
    return roles[0] if len(roles) == 1 else ", ".join(roles[:-1]) + f" o {roles[-1]}"


def _quoted(columns: list[str]) -> str:
    names = [f"«{column}»" for column in columns]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" y {names[-1]}"


def _field_refusal(roles: set[str], tab: str, columns: Iterable[str], approvers: Iterable[str]) -> str | None:
    """Why these roles may not write some of these fields: one sentence per group of owners."""
    refused: dict[tuple[str, ...], list[str]] = {}
    for column in columns:
        allowed = field_writers(tab, column, approvers)
        if allowed is not None and not roles & set(allowed):
            refused.setdefault(allowed, []).append(column)
    sentences = [f"Su rol no permite registrar {_quoted(names)} en {tab}: lo hace {_listed(sorted(allowed)) or 'nadie'}"
                 + (" (Ajustes: «Roles que registran aprobaciones»)" if names[0] in APPROVAL else "") + "."
                 for allowed, names in refused.items()]
    return " ".join(sentences) or None


def write_refusal(roles: Iterable[str], area: str | None, tab: str, action: str, row: Mapping[str, Any],
                  approvers: Iterable[str] = (), columns: Iterable[str] | None = None,
                  creating: bool = False) -> str | None:
    """Why a person with these roles (and, for an Área solicitante, this area) may not make this write of
    `row` (the record as it will be written) that writes `columns` (by default the fields `row` fills, as a
    creation does); None when they may. An edit that writes only fields the person holds needs no tab rule."""
    roles = set(roles)
    columns = [name for name, value in row.items() if not is_empty(value)] if columns is None else list(columns)
    refusal = _field_refusal(roles, tab, columns, approvers) or decision_pending_refusal(tab, row, columns)
    if refusal:
        return refusal
    if columns and not creating and all(field_writers(tab, column) is not None for column in columns):
        return None
    allowed = set(writers_of(tab, action, approvers, creating))
    if tab == "Ajustes" and ATC in roles and row.get("Ajuste") in CONTACT_SETTINGS:
        allowed.add(ATC)
    if not roles & allowed:
        return f"Su rol no permite «{action}» en {tab}: lo hace {_listed(sorted(allowed)) or 'nadie'}."
    if roles & allowed == {REQUESTER} and tab == "Solicitudes":
        if is_empty(area) or normalize(row.get("Área solicitante")) != normalize(area):
            return f"Un Área solicitante solo registra solicitudes de su área ({area or 'sin área en Usuarios'})."
    return None


def require(roles: Iterable[str], tab: str, action: str, row: Mapping[str, Any], area: str | None = None,
            approvers: Iterable[str] = (), columns: Iterable[str] | None = None, creating: bool = False) -> None:
    refusal = write_refusal(roles, area, tab, action, row, approvers, columns, creating)
    if refusal:
        raise ActionRefused(refusal)


def decision_pending_refusal(tab: str, row: Mapping[str, Any], columns: Iterable[str]) -> str | None:
    """Why this write may not send a special case to Atención a la Ciudadanía or file it yet: the leader's
    decision comes first (the procedure: «se deberá consultar con el líder»). `row` is the record as it will
    be written, so a decision written with it counts; only a value written into `AFTER_DECISION` is a
    hand-off (emptying one sends nothing)."""
    if tab != "Mensajes" or row.get("Caso especial") is not True or not is_empty(row.get(DECISION)):
        return None
    if not any(column in AFTER_DECISION and row.get(column) not in (None, False) for column in columns):
        return None
    return ("Es un caso especial y el líder aún no ha decidido: registre primero la Decisión del líder (pestaña "
            "Líder del mensaje); después se envía a Atención a la Ciudadanía y se radica.")


def can_see_personal_data(roles: Iterable[str] | str | None) -> bool:
    """Whether someone with these roles may see citizens' handles, texts, links and captures (Ley 1581: only
    those who process the PQRS: Comunicaciones and Atención a la Ciudadanía; never Área solicitante alone).
    Role names are read as in `Usuarios.Roles` (aliases, case and accents); unknown names give nothing."""
    if roles is None:
        return False
    names = parse_list(roles) or [] if isinstance(roles, str) else list(roles)
    for name in names:
        try:
            if ROLES.read(str(name)) in PERSONAL_DATA:
                return True
        except CellError:
            continue
    return False


def only_requester(roles: Iterable[str]) -> bool:
    """The person sees the register as an Área solicitante: only their area's requests."""
    return set(roles) <= {REQUESTER}


def visible_requests(requests: pd.DataFrame, roles: Iterable[str], area: str | None) -> pd.DataFrame:
    """The requests this person may see: all, or an Área solicitante's own area only."""
    if not only_requester(roles):
        return requests
    if is_empty(area):
        return requests.iloc[0:0]
    mine = requests["Área solicitante"].map(normalize) == normalize(area)
    return requests[mine.fillna(False).astype(bool)]


def _cells(allowed: tuple[str, ...] | str) -> list[str]:
    if allowed == APPROVERS:
        return [APPROVERS if role != REQUESTER else "" for role in EVERY_ROLE]
    return ["✓" if role in allowed else "" for role in EVERY_ROLE]


def permission_table(page_titles: Mapping[str, str]) -> str:
    """The README's tables (pages, writes, fields and citizens' data × roles) as Markdown, from the tables above."""
    head = "| | " + " | ".join(EVERY_ROLE) + " |\n|---|" + "---|" * len(EVERY_ROLE) + "\n"

    def line(label: str, cells: list[str]) -> str:
        return f"| {label} | " + " | ".join(cells) + " |\n"

    pages = "".join(line(page_titles.get(page, page), _cells(roles)) for page, roles in PAGES.items())
    writes = ""
    for (tab, action), roles in WRITES.items():
        alone = sum(1 for other, _ in WRITES if other == tab) == 1
        cells = _cells(roles)
        if tab == "Ajustes":
            cells[EVERY_ROLE.index(ATC)] = "datos de contacto"
        if (tab, action) == ("Solicitudes", CREATE):
            cells[EVERY_ROLE.index(REQUESTER)] = "su área"
        writes += line(f"{tab}: {('todo' if alone else 'todo lo demás') if action == '*' else action}", cells)
    fields = "".join(line(f"{tab}: {', '.join(names)}", _cells(roles)) for (tab, names), roles in FIELDS.items())
    fields += line("Mensajes: ver Usuario, Mensaje, Enlace y Captura (datos personales)", _cells(PERSONAL_DATA))
    return ("Páginas:\n\n" + head + pages + "\nEscrituras (cualquier otra pestaña: solo Líder):\n\n" + head + writes
            + "\nCampos que registran el acto de alguien (los escribe solo quien tiene la marca, por cualquier camino: "
            "formulario, acción, edición o creación) y datos de la ciudadanía:\n\n" + head + fields)
