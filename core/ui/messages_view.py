"""The Mensajes page's list, shaped without Streamlit: the messages to open, newest first, with where each
stands (its queues, `core.domain.status`) and when its next step is due; and a PQRS queue as Colas shows it. Pure
functions, tested without a browser."""

from __future__ import annotations

from datetime import date

import pandas as pd

from core.domain.pqrs import QueueItem
from core.domain.status import Status
from core.fmt import fmt_date, fmt_datetime
from core.sheet.cells import normalize
from core.sheet.contract import MESSAGES_TAB
from core.sheet.rows import frame_records

LIMIT = 300  # lines drawn at once: a search reaches the others
SEARCHED = ("ID", "Usuario", "Mensaje", "Clasificación", "Tema", "Asignado a")
PRIVATE = ("Usuario", "Mensaje")  # who wrote and what: only for those who may see personal data


def message_list(messages: pd.DataFrame, now: Status, *, pending_only: bool, text: str = "",
                 personal: bool = False, limit: int = LIMIT) -> tuple[pd.DataFrame, int]:
    """(the lines to draw, how many messages pass the filters). Each line: ID, received, network, user and
    message (with `personal`), classification, where it stands and when its next step is due. The search
    reads only the columns the person may see."""
    records = now.records.get(MESSAGES_TAB.name, {})
    frame = messages
    if pending_only:
        frame = frame.loc[[row for row in frame.index if row in records]]
    words = [word for word in normalize(text).split() if word]
    if words:
        columns = [name for name in SEARCHED if personal or name not in PRIVATE]
        haystack = frame[columns].astype("string").fillna("").agg(" ".join, axis=1).map(normalize)
        for word in words:
            haystack = haystack[haystack.str.contains(word, regex=False)]
        frame = frame.loc[haystack.index]
    total = len(frame)
    frame = frame.sort_values("Recibido", ascending=False, na_position="last").head(limit)
    lines = []
    for row, message in frame_records(frame):
        record = records.get(row)
        line = {"ID": message.get("ID") or f"{MESSAGES_TAB.name} fila {row}",
                "Recibido": fmt_datetime(message.get("Recibido")), "Red": message.get("Red") or ""}
        if personal:
            line["Usuario"] = message.get("Usuario") or ""
            line["Mensaje"] = _short(message.get("Mensaje"))
        line["Clasificación"] = message.get("Clasificación") or "Sin clasificar"
        line["Está en"] = record.where if record else "Atendido"
        line["Vence"] = fmt_date(record.due) + (" (vencido)" if record.overdue(now.day) else "") \
            if record and record.due else ""
        lines.append(line)
    columns = ["ID", "Recibido", "Red", *(PRIVATE if personal else ()), "Clasificación", "Está en", "Vence"]
    return pd.DataFrame(lines, columns=columns), total


def queue_table(items: list[QueueItem], messages: pd.DataFrame, day: date, *, personal: bool = False) -> pd.DataFrame:
    """A PQRS queue as Colas shows it on `day`: each message's ID, when it arrived and the days it has waited,
    when it is due in the queue and by law, whether it is overdue, its network and tipología; with `personal`,
    the handle and the first 120 characters of the text (read from `messages`, by the item's row)."""
    rows = [{"ID": item.id, "Recibido": fmt_date(item.received), "Días esperando": (day - item.received).days,
             "Vence": fmt_date(item.due) if item.due else "",
             "Término legal": fmt_date(item.legal_due) if item.legal_due else "",
             "Vencido": "Sí" if item.overdue(day) else "", "Red": item.network,
             "Tipología": item.typology or "sin clasificar"} for item in items]
    table = pd.DataFrame(rows)
    if personal and items:
        stored = messages.loc[[item.row for item in items], ["Usuario", "Mensaje"]]
        table["Usuario"] = stored["Usuario"].fillna("").astype(str).to_numpy()
        table["Mensaje"] = stored["Mensaje"].astype(str).str[:120].to_numpy()
    return table


def _short(text: object, size: int = 80) -> str:
    text = "" if text is None or text is pd.NA else " ".join(str(text).split())
    return text if len(text) <= size else text[:size - 1] + "…"
