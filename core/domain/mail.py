"""E-mails Divulga prepares for people to send from their own mailbox: as a `mailto:` link, a `.eml` file
and text to copy. Divulga never sends mail itself (it holds no mail credentials)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from email.message import EmailMessage
from email.policy import SMTP
from typing import Any
from urllib.parse import quote

import pandas as pd

from core.fmt import fmt_date
from core.sheet.cells import is_empty
from core.sheet.contract import LEADER

SIGNATURE = "Área de Comunicaciones — DADEP"  # as the office's procedure names it


def _one_line(text: Any) -> str:
    """A text for a header: line breaks typed in the sheet become spaces."""
    return " ".join(str(text).split())


def addresses(users: pd.DataFrame, *, role: str | None = None, name: Any = None) -> list[str]:
    """E-mails from `Usuarios`: of everyone holding `role`, or of the person called `name`."""
    found = []
    for _, user in users.iterrows():
        roles = user.get("Roles")
        if role is not None and isinstance(roles, list) and role in roles:
            found.append(str(user["Correo"]))
        elif name is not None and not is_empty(user.get("Nombre")) and str(user["Nombre"]).strip() == str(name).strip():
            found.append(str(user["Correo"]))
    return found


def missing_addresses(request: Mapping[str, Any], users: pd.DataFrame, requester: bool) -> list[str]:
    """The recipients an e-mail about this request lacks: the requester's address (approval), the
    journalist's and the leader's (from `Usuarios`)."""
    missing = []
    if requester and is_empty(request.get("Correo del solicitante")):
        missing.append("el correo del solicitante (Correo del solicitante)")
    if not is_empty(request.get("Periodista")) and not addresses(users, name=request.get("Periodista")):
        missing.append(f"el correo de {request['Periodista']} (agréguelo en Usuarios)")
    if not addresses(users, role=LEADER):
        missing.append("el correo del líder (nadie tiene el rol Líder en Usuarios)")
    return missing


def approval_email(request: Mapping[str, Any], users: pd.DataFrame) -> EmailMessage:
    """The approval request for a publication: to the requester, copied to the leader and the journalist."""
    message = EmailMessage(policy=SMTP)
    message["To"] = _one_line(request.get("Correo del solicitante") or "")
    cc = addresses(users, role=LEADER) + addresses(users, name=request.get("Periodista"))
    if cc:
        message["Cc"] = ", ".join(dict.fromkeys(cc))
    message["Subject"] = f"Aprobación de publicación: {_one_line(request['Título'])} ({request['ID']})"
    networks = ", ".join(request.get("Redes") or []) or "sin redes"
    publication = request.get("Fecha de publicación")
    day = "sin fecha" if is_empty(publication) else fmt_date(publication)
    folder = request.get("Carpeta de publicación")
    lines = [
        f"Buen día, {request.get('Solicitante') or ''}:".replace(" :", ":"),
        "",
        f"Le compartimos para su aprobación la publicación «{request['Título']}» ({request['ID']}).",
        "",
        f"Necesidad: {request.get('Necesidad') or ''}",
        f"Redes: {networks}",
        f"Fecha de publicación: {day}",
        f"Carpeta de publicación: {folder}" if not is_empty(folder) else "Carpeta de publicación: (por definir)",
        "",
        "Por favor responda a este correo con su aprobación o con los ajustes que necesite.",
        "",
        SIGNATURE,
    ]
    message.set_content("\n".join(lines))
    return message


def eml_bytes(message: EmailMessage) -> bytes:
    return bytes(message)


def mailto(message: EmailMessage) -> str:
    """A `mailto:` link with the same recipients, subject and body."""
    query = [f"{field.lower()}={quote(str(message[field]))}" for field in ("Cc", "Subject") if message[field]]
    query.append("body=" + quote(message.get_content()))
    return f"mailto:{quote(str(message['To'] or ''), safe='@,')}?" + "&".join(query)


def as_text(message: EmailMessage, fields: Iterable[str] = ("To", "Cc", "Subject")) -> str:
    """The e-mail as text to copy into any mail client."""
    names = {"To": "Para", "Cc": "CC", "Subject": "Asunto"}
    head = [f"{names[field]}: {message[field]}" for field in fields if message[field]]
    return "\n".join(head) + "\n\n" + message.get_content()


def closure_email(request: Mapping[str, Any], users: pd.DataFrame, links: Iterable[str]) -> EmailMessage:
    """The evidence of publication, from the CM to the request's journalist (copied to the leader)."""
    message = EmailMessage(policy=SMTP)
    message["To"] = ", ".join(addresses(users, name=request.get("Periodista")))
    leaders = addresses(users, role=LEADER)
    if leaders:
        message["Cc"] = ", ".join(leaders)
    message["Subject"] = f"Evidencias de publicación: {_one_line(request['Título'])} ({request['ID']})"
    listed = [f"- {link}" for link in links if not is_empty(link)] or ["- (sin enlaces todavía)"]
    message.set_content("\n".join([
        f"Buen día, {request.get('Periodista') or ''}:".replace(" :", ":"), "",
        f"Estas son las evidencias de publicación de «{request['Título']}» ({request['ID']}), para dar por "
        "finalizada la tarea:", "", *listed, "", SIGNATURE]))
    return message
