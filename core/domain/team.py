"""Who is on the team: the people of `Usuarios` (by name, or by e-mail when the row has no name) and, in local
mode without `Usuarios`, the journalists of `Listas` → `Periodista del área`. What "Asignado a" offers, what
`pendientes --persona` and Hoy look a person's roles up in. A name outside the team is a notice, never a
refusal: people type names, and the team changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from core.sheet.cells import is_empty, normalize
from core.sheet.contract import LISTS_TAB, REQUESTER, USERS_TAB


def _users(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    return tables.get(USERS_TAB.name, pd.DataFrame(columns=USERS_TAB.headers))


def _roles(user: Mapping) -> tuple[str, ...]:
    roles = user.get("Roles")
    return tuple(roles) if isinstance(roles, list | tuple) else ()


def team_names(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """The team's names, sorted and without repeats (compared loosely: case and accents do not count)."""
    names: dict[str, str] = {}
    for _, user in _users(tables).iterrows():
        if set(_roles(user)) <= {REQUESTER}:
            continue  # an Área solicitante only: not of the communications team
        name = user.get("Nombre") if not is_empty(user.get("Nombre")) else user.get("Correo")
        if not is_empty(name):
            names.setdefault(normalize(name), str(name).strip())
    lists = tables.get(LISTS_TAB.name)
    if lists is not None and "Periodista del área" in lists.columns:
        for name in lists["Periodista del área"].dropna():
            names.setdefault(normalize(name), str(name).strip())
    return sorted(names.values(), key=normalize)


def on_team(tables: Mapping[str, pd.DataFrame], name: object) -> bool:
    """A name (or an e-mail of `Usuarios`) of the team."""
    if is_empty(name):
        return False
    emails = {normalize(email) for email in _users(tables)["Correo"].dropna()}
    return normalize(name) in {normalize(member) for member in team_names(tables)} | emails


def roles_of(tables: Mapping[str, pd.DataFrame], person: str) -> tuple[str, ...]:
    """The roles `Usuarios` gives `person` (by name or e-mail); none when the tab does not name them (local
    mode: then only what is theirs by name counts)."""
    wanted = normalize(person)
    for _, user in _users(tables).iterrows():
        if any(not is_empty(user.get(name)) and normalize(user.get(name)) == wanted for name in ("Nombre", "Correo")):
            return _roles(user)
    return ()


def own_roles(tables: Mapping[str, pd.DataFrame], person: str, roles: Iterable[str], *, local: bool) -> tuple[str, ...]:
    """The roles whose work counts as `person`'s own (Hoy's «Lo mío»): a login's roles; in local mode, where every
    session may do everything, only those `Usuarios` gives the name typed (`roles_of`)."""
    return roles_of(tables, person) if local else tuple(roles)


def outside_team_notice(tables: Mapping[str, pd.DataFrame], name: object) -> str | None:
    """The notice for a name typed in «Asignado a» that the team does not have (saved all the same)."""
    if is_empty(name) or on_team(tables, name):
        return None
    return (f"«{str(name).strip()}» no está en el equipo (Usuarios, o Listas → Periodista del área): se guardó igual; "
            "revise que el nombre esté bien escrito para que el mensaje aparezca en su Hoy.")
