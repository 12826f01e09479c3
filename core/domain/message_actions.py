"""What people do to a citizen's message (`Mensajes`), through the one write path: log it (a pasted link
fills the network and the handle), answer it in the network with a template, send it to Atención a la
Ciudadanía (ATC), and, as ATC, write back the filing numbers, the transfer or the final answer; special
cases wait for the leader's decision. Who may do what is `core.domain.permissions` (the Writer checks it on
every write, by the fields written).

Each action checks its rule and raises `ActionRefused` with what to do; each write is a `Writer.update`
from the row as the person saw it, so a hand edit in the meantime is a conflict, never overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from email.message import EmailMessage
from email.policy import SMTP
from typing import Any
from urllib.parse import urlparse

from core.domain.mail import SIGNATURE
from core.domain.permissions import decision_pending_refusal
from core.errors import ActionRefused
from core.fmt import fmt_datetime
from core.register import Writer
from core.sheet.cells import is_empty, normalize
from core.sheet.contract import MESSAGES_TAB, NOT_PQRS

TAB = MESSAGES_TAB.name

# Host (without "www." or "m.") -> network; the handle is read where the URL carries it.
_HOSTS = {"x.com": "X", "twitter.com": "X", "mobile.twitter.com": "X", "facebook.com": "Facebook",
          "fb.com": "Facebook", "web.facebook.com": "Facebook", "instagram.com": "Instagram",
          "tiktok.com": "TikTok", "vm.tiktok.com": "TikTok", "youtube.com": "YouTube", "youtu.be": "YouTube"}
_NOT_HANDLES = {"status", "posts", "p", "reel", "reels", "watch", "video", "videos", "photo", "photos",
                "permalink.php", "story.php", "groups", "share", "shorts", "i", "intent", "hashtag", "search",
                "home", "explore", "stories", "comment", "profile.php"}


def from_link(link: str, own_accounts: Iterable[str] = ()) -> tuple[str | None, str | None]:
    """(network, handle) as far as the URL shows them; the entity's own accounts are not a citizen's handle.

    `https://x.com/juanperez/status/1` -> ("X", "@juanperez"); `https://www.tiktok.com/@ana/video/1` ->
    ("TikTok", "@ana"); a Facebook or Instagram post link names the network only."""
    try:
        parsed = urlparse(link.strip())
    except ValueError:
        return None, None
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    network = _HOSTS.get(host)
    if network is None:
        return None, None
    parts = [part for part in parsed.path.split("/") if part]
    handle = None
    if parts:
        first = parts[0]
        if first.startswith("@"):
            handle = first
        elif network == "X" and len(parts) >= 2 and parts[1] == "status":
            handle = "@" + first
    own = {normalize(account).lstrip("@") for account in own_accounts}
    if handle is not None and normalize(handle).lstrip("@") in own:
        handle = None
    return network, handle


def is_pqrs(message: Mapping[str, Any]) -> bool:
    """Classified as one of Bogotá te escucha's tipologías (not "No es PQRS", not yet unclassified)."""
    kind = message.get("Clasificación")
    return not is_empty(kind) and kind != NOT_PQRS


def logged(typed: Mapping[str, Any], own_accounts: Iterable[str] = (), logger: str | None = None) -> dict[str, Any]:
    """The row a message logged from the form writes, from what was typed (by column): the link fills «Red» and
    «Usuario» left empty, an empty «Asignado a» is whoever logs it (`logger`), and empty texts and an unticked
    «Caso especial» stay empty."""
    network, handle = from_link(typed.get("Enlace") or "", own_accounts)
    return {**typed, "Red": typed.get("Red") or network, "Usuario": typed.get("Usuario") or handle,
            "Enlace": typed.get("Enlace") or None, "Captura": typed.get("Captura") or None,
            "Caso especial": typed.get("Caso especial") or None,
            "Asignado a": typed.get("Asignado a") or logger or None}


def log(writer: Writer, values: Mapping[str, Any], now: datetime) -> str:
    """A message logged from the form; refused when `Recibido` is after `now` (in the sheet and in `importar` the
    same row is only a notice). Returns the new ID."""
    received = values.get("Recibido")
    if isinstance(received, datetime) and received > now:
        raise ActionRefused(f"Recibido ({fmt_datetime(received)}) es posterior a ahora ({fmt_datetime(now)}): "
                            "revise el día y la hora en que llegó el mensaje.")
    return writer.create(MESSAGES_TAB.name, dict(values))


def answer(writer: Writer, seen: Mapping[str, Any], template: str | None, when: datetime) -> list[str]:
    """Answered in the network (with the template used, if any)."""
    return writer.update(TAB, seen, {"Respondido": True, "Fecha de respuesta": when, "Plantilla": template or None},
                         action="responder")


def _after_decision(seen: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """`changes`, unless they send or file a special case the leader has not decided yet. The Writer asks the
    same of a person with roles whatever path they write by; here it also holds for local mode and scripts."""
    refusal = decision_pending_refusal(TAB, {**seen, **changes}, changes)
    if refusal:
        raise ActionRefused(refusal)
    return dict(changes)


def send_to_atc(writer: Writer, seen: Mapping[str, Any], day: date) -> list[str]:
    """The hand-off (the CM's or the journalist's): records the day it was sent to Atención a la Ciudadanía;
    a special case only once the leader's decision is recorded."""
    if not is_pqrs(seen):
        raise ActionRefused("Clasifique el mensaje con su tipología (Clasificación) antes de enviarlo a Atención a "
                            "la Ciudadanía; un mensaje «No es PQRS» no se envía.")
    if not is_empty(seen.get("Enviado a ATC")):
        raise ActionRefused(f"Este mensaje ya se envió a Atención a la Ciudadanía el {seen['Enviado a ATC']:%d/%m/%Y}.")
    return writer.update(TAB, seen, _after_decision(seen, {"Enviado a ATC": day}), action="enviar a ATC")


def register_filing(writer: Writer, seen: Mapping[str, Any], number: str, internal: str | None,
                    day: date) -> list[str]:
    """ATC writes back the Bogotá te escucha number (and the internal filing number, if any); a special case
    only once the leader's decision is recorded."""
    if is_empty(number):
        raise ActionRefused("Escriba el número de la petición en Bogotá te escucha (Número de radicado).")
    return writer.update(TAB, seen, _after_decision(seen, {
        "Radicado": True, "Número de radicado": number.strip(), "Radicado interno": (internal or "").strip() or None,
        "Fecha de radicación": day}), action="radicar")


def register_transfer(writer: Writer, seen: Mapping[str, Any], entity: str) -> list[str]:
    if is_empty(entity):
        raise ActionRefused("Escriba a qué entidad se trasladó (Trasladado a).")
    return writer.update(TAB, seen, {"Trasladado a": entity.strip()}, action="trasladar")


def register_final_answer(writer: Writer, seen: Mapping[str, Any], day: date) -> list[str]:
    if is_empty(seen.get("Número de radicado")) and seen.get("Radicado") is not True:
        raise ActionRefused("Primero registre el radicado: la respuesta definitiva cierra el término de una "
                            "petición radicada.")
    return writer.update(TAB, seen, {"Respuesta definitiva": day}, action="respuesta definitiva")


def decide(writer: Writer, seen: Mapping[str, Any], decision: str) -> list[str]:
    """The leader's decision on a special case (only the Líder writes it: `core.domain.permissions.FIELDS`)."""
    if is_empty(decision):
        raise ActionRefused("Escriba la decisión (Decisión del líder).")
    return writer.update(TAB, seen, {"Decisión del líder": decision.strip()}, action="decidir caso especial")


def atc_email(message: Mapping[str, Any], mailbox: str | None, sender: str) -> EmailMessage:
    """The hand-off e-mail to ATC's mailbox: the message, its link and capture, and the suggested tipología."""
    email = EmailMessage(policy=SMTP)
    email["To"] = mailbox or ""
    network = message.get("Red")
    email["Subject"] = f"PQRS recibida por {network} para radicar ({message.get('ID')})"
    kind = message.get("Clasificación") or "sin clasificar"
    lines = [
        "Buen día, equipo de Atención a la Ciudadanía:",
        "",
        f"Les enviamos para radicar en Bogotá te escucha un mensaje recibido por {network}.",
        "",
        f"ID en Divulga: {message.get('ID')}",
        f"Recibido: {fmt_datetime(message.get('Recibido'))} (el término legal corre desde esta fecha)",
        f"Usuario: {message.get('Usuario') or '(sin usuario)'}",
        f"Tipo de interacción: {message.get('Tipo de interacción') or '(sin dato)'}",
        f"Enlace: {message.get('Enlace') or '(sin enlace)'}",
        f"Captura: {message.get('Captura') or '(sin captura)'}",
        f"Tipología sugerida: {kind}",
        f"Competencia: {message.get('Competencia') or 'por definir'}",
        "",
        "Mensaje:",
        str(message.get("Mensaje") or ""),
        "",
        "Por favor respondan con el número de radicado para registrarlo en Divulga.",
        "",
        f"{sender}, {SIGNATURE}",
    ]
    email.set_content("\n".join(lines))
    return email


