"""What people do to posts (`Publicaciones`), through the one write path: schedule one copy on several
networks (each at its own moment, when asked), reschedule, cancel, mark as published, and type its figures
by hand.

A request's posts are suggested no later than its «Fecha de publicación» (`publication_day`, the `latest`
day of `core.domain.best_hour.recommend`).

A post of a request may only be published once the request is `approved` (core/domain/workflow.py, the same rule
that lets it leave stage 6: `Aprobado por`, `Fecha de aprobación` and `Soporte de aprobación`); posts
without a request (`Origen` Cubrimiento, Réplica distrital, Coyuntura) skip the request stages. Every
refusal is an `ActionRefused` that says what to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd

from core.domain.workflow import day_of, unapproved_refusal
from core.errors import ActionRefused
from core.fmt import fmt_date, fmt_datetime
from core.register import Writer
from core.sheet.cells import BOGOTA, is_empty
from core.sheet.contract import CANCELLED, ORIGIN_CHOICES, POSTS_TAB, PUBLISHED, REQUESTS_TAB, SCHEDULED

TAB = POSTS_TAB.name
REQUEST_ORIGIN = ORIGIN_CHOICES.values[0]  # "Solicitud"

# How many characters each network takes in a post's text (X counts 280; the others are far more generous).
COPY_LIMITS = {"X": 280, "Instagram": 2_200, "TikTok": 4_000, "YouTube": 5_000, "Facebook": 63_206}

# The figures a person types for one post (docs/domain.md, «Metrics»), in the form's order.
FIGURES = ("Alcance", "Impresiones", "Reproducciones", "Interacciones", "Reacciones", "Comentarios",
           "Compartidos", "Guardados", "Clics")


def copy_counts(copy: str, networks: Iterable[str]) -> list[tuple[str, int, int | None]]:
    """(network, characters used, the network's limit or None) for a counter next to the copy."""
    used = len(copy or "")
    return [(network, used, COPY_LIMITS.get(network)) for network in networks]


def _copy_refusal(copy: str, networks: Iterable[str]) -> str | None:
    over = [f"{network} admite {limit} ({used - limit} de más)"
            for network, used, limit in copy_counts(copy, networks) if limit is not None and used > limit]
    if over:
        return (f"El copy tiene {len(copy)} caracteres: " + "; ".join(over)
                + ". Acórtelo o publique en esas redes aparte.")
    return None


def approval_missing(post: Mapping[str, Any], requests: pd.DataFrame) -> str | None:
    """Why this post cannot be published yet: its request is unknown, cancelled or not `approved` (the
    refusal names what the approval lacks); None when it may."""
    request_id = post.get("Solicitud")
    if is_empty(request_id):
        return None
    found = requests[requests["ID"] == str(request_id).strip()] if "ID" in requests else requests.iloc[0:0]
    if found.empty:
        return (f"No se puede publicar: la solicitud {request_id} no está en el registro (o tiene errores). "
                "Corrija el ID de la solicitud o revise Calidad de datos.")
    request = found.iloc[0]
    if request.get("Etapa") == CANCELLED:
        return f"No se puede publicar: la solicitud {request_id} está cancelada."
    return unapproved_refusal(request)


def publication_day(requests: pd.DataFrame, request_id: str | None) -> date | None:
    """The last day a request's posts are suggested on: its «Fecha de publicación» (None without a request,
    for one not in the register, or without that date)."""
    if is_empty(request_id) or "ID" not in requests or "Fecha de publicación" not in requests:
        return None
    found = requests.loc[requests["ID"] == str(request_id).strip(), "Fecha de publicación"]
    return day_of(found.iloc[0]) if len(found) else None


def after_publication_day(network: str, moment: datetime, request_id: str, latest: date | None) -> str | None:
    """A notice when a request's post would go out after the request's publication day (allowed: the person
    may have agreed another day), else None."""
    if latest is None or day_of(moment) is None or day_of(moment) <= latest:
        return None
    return (f"{network}: el {fmt_date(day_of(moment))} es después de la fecha de publicación de la solicitud "
            f"{request_id} ({fmt_date(latest)}).")


def schedule(writer: Writer, requests: pd.DataFrame, networks: Iterable[str], values: Mapping[str, Any], *,
             moments: Mapping[str, datetime] | None = None) -> list[str]:
    """One post written once for several networks: one row per network, all validated before any is
    written, in one write. `values` are the post's cells (Programada, Copy, Formato, Origen, Solicitud…);
    `moments`, when given, is each network's own `Programada` (network -> moment, one for every network and
    for no other), which then replaces `values`' one. Returns the IDs, in the networks' order."""
    networks = list(dict.fromkeys(networks))
    if not networks:
        raise ActionRefused("Elija al menos una red (Red).")
    values = dict(values)
    if moments is not None:
        missing = [network for network in networks if is_empty(moments.get(network))]
        if missing:
            raise ActionRefused(f"Diga el día y la hora de {', '.join(missing)} (Programada).")
        others = [str(network) for network in moments if network not in networks]
        if others:
            raise ActionRefused(f"Hay día y hora para {', '.join(others)}, que no está entre las redes elegidas "
                                f"({', '.join(networks)}).")
    origin = values.get("Origen") or (REQUEST_ORIGIN if not is_empty(values.get("Solicitud")) else None)
    if origin is None:
        raise ActionRefused("Diga el origen: la solicitud que la pide o, sin solicitud, Cubrimiento, Réplica "
                            "distrital o Coyuntura (Origen).")
    if origin == REQUEST_ORIGIN and is_empty(values.get("Solicitud")):
        raise ActionRefused("Una publicación de origen Solicitud necesita la solicitud (Solicitud); si no la hay, "
                            "elija Cubrimiento, Réplica distrital o Coyuntura.")
    if origin != REQUEST_ORIGIN and not is_empty(values.get("Solicitud")):
        raise ActionRefused(f"Una publicación con solicitud tiene Origen «{REQUEST_ORIGIN}», no «{origin}».")
    refusal = _copy_refusal(values.get("Copy") or "", networks)
    if refusal:
        raise ActionRefused(refusal)
    state = values.get("Estado") or SCHEDULED
    if state == PUBLISHED:
        refusal = approval_missing(values, requests)
        if refusal:
            raise ActionRefused(refusal)
    if state == CANCELLED:
        raise ActionRefused("Una publicación nueva no puede nacer cancelada.")
    rows = [{**values, "Origen": origin, "Red": network, "Estado": state} for network in networks]
    if moments is not None:
        rows = [{**row, "Programada": moments[row["Red"]]} for row in rows]
    return writer.create_many(TAB, rows, action="programar")


def _not_cancelled(post: Mapping[str, Any], doing: str) -> None:
    if post.get("Estado") == CANCELLED:
        raise ActionRefused(f"La publicación {post.get('ID')} está cancelada: no se puede {doing}.")


def reschedule(writer: Writer, seen: Mapping[str, Any], moment: datetime) -> list[str]:
    """Move a scheduled post to another moment (a published one keeps its history)."""
    _not_cancelled(seen, "mover")
    if seen.get("Estado") == PUBLISHED:
        raise ActionRefused(f"La publicación {seen.get('ID')} ya se publicó: no se mueve.")
    return writer.update(TAB, seen, {"Programada": moment}, action="reprogramar")


def edit(writer: Writer, seen: Mapping[str, Any], changes: Mapping[str, Any]) -> list[str]:
    """Change a post's text, format, product or link (not its state: see publish/cancel)."""
    _not_cancelled(seen, "editar")
    if "Estado" in changes and changes["Estado"] != seen.get("Estado"):
        raise ActionRefused("El estado cambia con «Marcar publicada» o «Cancelar», no editando.")
    refusal = _copy_refusal(changes.get("Copy", seen.get("Copy")) or "", [seen.get("Red")])
    if refusal:
        raise ActionRefused(refusal)
    return writer.update(TAB, seen, changes, action="editar")


def cancel(writer: Writer, seen: Mapping[str, Any]) -> list[str]:
    if seen.get("Estado") == PUBLISHED:
        raise ActionRefused(f"La publicación {seen.get('ID')} ya se publicó: bórrela en la red; aquí queda como "
                            "evidencia.")
    _not_cancelled(seen, "cancelar de nuevo")
    return writer.update(TAB, seen, {"Estado": CANCELLED}, action="cancelar")


def publish(writer: Writer, seen: Mapping[str, Any], requests: pd.DataFrame, published: datetime,
            link: str | None = None, network_id: str | None = None, now: datetime | None = None) -> list[str]:
    """Mark a post as published (when, its link in the network): refused while its request is not approved,
    without the link (the metrics and the evidence are found by it) and for a moment still to come."""
    _not_cancelled(seen, "publicar")
    refusal = approval_missing(seen, requests if requests is not None else pd.DataFrame(columns=REQUESTS_TAB.headers))
    if refusal:
        raise ActionRefused(refusal)
    now = now or datetime.now(BOGOTA)
    if published > now:
        raise ActionRefused(f"Publicada: {fmt_datetime(published)} aún no llega (ahora son las {fmt_datetime(now)}); "
                            "márquela publicada cuando haya salido en la red.")
    if is_empty(link):
        raise ActionRefused("Enlace de la publicación: pegue el enlace de la publicación en la red; con él se "
                            "encuentran sus métricas y sirve de evidencia al cerrar la solicitud.")
    changes: dict[str, Any] = {"Estado": PUBLISHED, "Publicada": published}
    if not is_empty(link):
        changes["Enlace"] = link
    if not is_empty(network_id):
        changes["ID en la red"] = network_id
    return writer.update(TAB, seen, changes, action="publicar")


def record_figures(writer: Writer, seen: Mapping[str, Any], figures: Mapping[str, Any], as_of: date) -> list[str]:
    """The figures of one post typed by hand, with the date they were read (`Métricas al`)."""
    if seen.get("Estado") != PUBLISHED:
        raise ActionRefused("Las métricas se registran de publicaciones publicadas: márquela publicada primero.")
    unknown = [name for name in figures if name not in FIGURES]
    if unknown:
        raise ActionRefused(f"No son métricas de una publicación: {', '.join(unknown)}.")
    return writer.update(TAB, seen, {**figures, "Métricas al": as_of}, action="registrar métricas")
