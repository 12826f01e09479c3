"""What is due: the daily digest (`python -m core pendientes`) and the "Hoy" page, both read from the
register's status (`core/domain/status.py`), which computes every task once per snapshot and day.

A task is something not done whose date is on or before the day asked: a request's current stage
(`solicitud`, due as `core.domain.workflow.current_due` says: Publicación on its publication date), a closure with
its evidence (`cierre`: a request in stage 8, or a campaign after its end), the feedback after publishing
(`feedback`), the day's check of an active network nobody has recorded in Monitoreo (`monitoreo`, its ID
the network's name, due that day; only the day asked, earlier missed checks are the Monitoreo page's), and
from the citizens' messages (`core/domain/pqrs.py` defines the queues and their calendars): a message to answer in
the network (`mensaje-responder`) or to send to Atención a la Ciudadanía (`mensaje-enviar`), a petition to
transfer to the competent entity (`traslado`) and a legal term running (`termino`: every message whose term
runs, filed or not). Message tasks name the network, tipología and date of receipt, never the citizen's
handle or text. A row without an ID is named `<Pestaña> fila <n>`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from core.domain.status import Pending, Status, office_days, status_of, tasks_of


def pending(tables: Mapping[str, pd.DataFrame], day: date, status: Status | None = None,
            person: str | None = None, roles: Iterable[str] = ()) -> list[Pending]:
    """Everything due on or before `day` that is not done, by date then kind; with `person`, only their own
    (`core.domain.status.tasks_of`). `status` is the register's status on `day` when the caller has it."""
    tasks = (status or status_of(tables, day)).due_by(day)
    return tasks_of(tasks, person, roles) if person else tasks


@dataclass(frozen=True)
class Today:
    """The "Hoy" page: what is due by the next working day, with today's missing monitoring checks (one
    person's own, or the whole team's), the posts scheduled today, and the team's overdue requests per stage
    and per journalist."""

    due: list[Pending]
    posts: pd.DataFrame
    late_per_stage: pd.DataFrame
    late_per_journalist: pd.DataFrame
    day: date

    @property
    def current(self) -> list[Pending]:
        """Due today or by the next working day: what the page shows first."""
        return [item for item in self.due if item.due >= self.day]

    @property
    def backlog(self) -> list[Pending]:
        """Already overdue: the backlog, shown apart (collapsed when there is today's work to see)."""
        return [item for item in self.due if item.due < self.day]


def today_view(tables: Mapping[str, pd.DataFrame], status: Status, person: str | None = None,
               roles: Iterable[str] = ()) -> Today:
    day = status.day
    items = pending(tables, office_days(tables).add(day, 1), status, person, roles)  # today's overdue are in it
    posts = tables["Publicaciones"]
    scheduled = posts["Programada"].dt.tz_convert("America/Bogota").dt.date == day if len(posts) else []
    shown = posts[scheduled][["ID", "Red", "Programada", "Estado", "Copy"]] if len(posts) else posts
    late = status.overdue_requests()
    per_stage = pd.Series([record.where for record in late], dtype=object).value_counts()
    per_journalist = pd.Series([record.person or "(sin periodista)" for record in late], dtype=object).value_counts()
    return Today(items, shown.sort_values("Programada") if len(shown) else shown,
                 per_stage.rename_axis("Etapa").reset_index(name="Vencidas"),
                 per_journalist.rename_axis("Periodista").reset_index(name="Vencidas"), day)
