"""Who may see which page and make which write, by role (DOMAIN.md "People and roles").

One table for pages and one for writes. Every write goes through `core.register.Writer`, which asks
`write_refusal` before touching the store, so a page that forgets to hide a button still cannot write.
An Área solicitante works only with its own area's requests (`visible_requests`, and creating a request
for another area is refused). The approval of a publication follows the leader's setting (Ajustes).
The README's permission table is `permission_table()`; a test keeps the two equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from core.cells import is_empty, normalize
from core.errors import ActionRefused

LEADER, CM, JOURNALIST, ATC, REQUESTER = (
    "Líder", "Community manager", "Periodista", "Atención a la Ciudadanía", "Área solicitante")
EVERY_ROLE = (LEADER, CM, JOURNALIST, ATC, REQUESTER)
COMMS = (LEADER, CM, JOURNALIST)
STAFF = (LEADER, CM, JOURNALIST, ATC)
APPROVERS = "según Ajustes"  # the roles of the setting «Roles que registran aprobaciones»

# Page file -> roles that see it in the navigation (and may open it).
PAGES: dict[str, tuple[str, ...]] = {
    "pages/inicio.py": EVERY_ROLE,
    "pages/hoy.py": STAFF,
    "pages/kpis.py": (LEADER, CM),
    "pages/reportes.py": (LEADER, CM, ATC),
    "pages/solicitudes.py": EVERY_ROLE,
    "pages/estrategias.py": COMMS,
    "pages/parrilla.py": COMMS,
    "pages/metricas.py": COMMS,
    "pages/mensajes.py": STAFF,
    "pages/colas.py": STAFF,
    "pages/monitoreo.py": (LEADER, CM),
    "pages/plantillas.py": (LEADER, CM, ATC),
    "pages/cuentas.py": (LEADER, CM),
    "pages/historial.py": (LEADER,),
    "pages/calidad.py": (LEADER, CM),
    "pages/ajustes.py": (LEADER, ATC),
}

# (tab, Historial action) -> roles; (tab, "*") is every other action on that tab. Tabs not listed: Líder.
WRITES: dict[tuple[str, str], tuple[str, ...] | str] = {
    ("Solicitudes", "crear"): EVERY_ROLE,  # an Área solicitante only for its own area
    ("Solicitudes", "registrar aprobación"): APPROVERS,
    ("Solicitudes", "dar ID"): (LEADER, CM),
    ("Solicitudes", "*"): COMMS,
    ("Estrategias", "*"): COMMS,
    ("Publicaciones", "*"): (LEADER, CM),
    ("Mensajes", "radicar"): (LEADER, ATC),
    ("Mensajes", "trasladar"): (LEADER, ATC),
    ("Mensajes", "respuesta definitiva"): (LEADER, ATC),
    ("Mensajes", "decidir caso especial"): (LEADER,),
    ("Mensajes", "*"): (LEADER, CM),
    ("Monitoreo", "*"): (LEADER, CM),
    ("Plantillas", "*"): (LEADER, CM, ATC),
    ("Cuentas", "*"): (LEADER, CM),
    ("Métricas de cuenta", "*"): (LEADER, CM),
    ("Informes", "*"): (LEADER, CM, ATC),
    ("Ajustes", "*"): (LEADER,),  # plus ATC for the contact data it confirms (CONTACT_SETTINGS)
    ("Listas", "*"): (LEADER,),
    ("Usuarios", "*"): (LEADER,),
}
# The settings Atención a la Ciudadanía confirms (its mailbox and the channels the templates list).
CONTACT_SETTINGS = ("Correo de Atención a la Ciudadanía", "Canal web de atención", "Línea de atención",
                    "Sede de atención", "Horario de atención")


def can_open(roles: Iterable[str], page: str) -> bool:
    return bool(set(roles) & set(PAGES.get(page, (LEADER,))))


def writers_of(tab: str, action: str, approvers: Iterable[str] = ()) -> tuple[str, ...]:
    """The roles that may make this write."""
    allowed = WRITES.get((tab, action), WRITES.get((tab, "*"), (LEADER,)))
    if allowed == APPROVERS:
        return tuple(role for role in approvers if role != REQUESTER)
    return allowed


def _listed(roles: Iterable[str]) -> str:
    roles = list(roles)
    return roles[0] if len(roles) == 1 else ", ".join(roles[:-1]) + f" o {roles[-1]}"


def write_refusal(roles: Iterable[str], area: str | None, tab: str, action: str, row: Mapping[str, Any],
                  approvers: Iterable[str] = ()) -> str | None:
    """Why a person with these roles (and, for an Área solicitante, this area) may not make this write of
    `row` (the record as it will be written); None when they may."""
    roles = set(roles)
    allowed = set(writers_of(tab, action, approvers))
    if tab == "Ajustes" and ATC in roles and row.get("Ajuste") in CONTACT_SETTINGS:
        allowed.add(ATC)
    if not roles & allowed:
        return f"Su rol no permite «{action}» en {tab}: lo hace {_listed(sorted(allowed)) or 'nadie'}."
    if roles & allowed == {REQUESTER} and tab == "Solicitudes":
        if is_empty(area) or normalize(row.get("Área solicitante")) != normalize(area):
            return f"Un Área solicitante solo registra solicitudes de su área ({area or 'sin área en Usuarios'})."
    return None


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


def require(roles: Iterable[str], tab: str, action: str, row: Mapping[str, Any], area: str | None = None,
            approvers: Iterable[str] = ()) -> None:
    refusal = write_refusal(roles, area, tab, action, row, approvers)
    if refusal:
        raise ActionRefused(refusal)


def permission_table(page_titles: Mapping[str, str]) -> str:
    """The README's two tables (pages × roles, writes × roles) as Markdown, from the tables above."""
    head = "| | " + " | ".join(EVERY_ROLE) + " |\n|---|" + "---|" * len(EVERY_ROLE) + "\n"
    pages = "".join(f"| {page_titles.get(page, page)} | "
                    + " | ".join("✓" if role in roles else "" for role in EVERY_ROLE) + " |\n"
                    for page, roles in PAGES.items())
    writes = ""
    for (tab, action), roles in WRITES.items():
        alone = sum(1 for other, _ in WRITES if other == tab) == 1
        label = f"{tab}: {('todo' if alone else 'todo lo demás') if action == '*' else action}"
        if roles == APPROVERS:
            cells = ["según Ajustes" if role != REQUESTER else "" for role in EVERY_ROLE]
        else:
            cells = ["✓" if role in roles else "" for role in EVERY_ROLE]
        if tab == "Ajustes":
            cells[EVERY_ROLE.index(ATC)] = "datos de contacto"
        if (tab, action) == ("Solicitudes", "crear"):
            cells[EVERY_ROLE.index(REQUESTER)] = "su área"
        writes += f"| {label} | " + " | ".join(cells) + " |\n"
    return "Páginas:\n\n" + head + pages + "\nEscrituras (cualquier otra pestaña: solo Líder):\n\n" + head + writes
