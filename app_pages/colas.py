"""Colas PQRS: the six queues of citizens' messages (core/domain/pqrs.py) with their counts, due dates and what is
overdue; the citizen's handle and text only for the roles that need them."""

from datetime import date

import pandas as pd
import streamlit as st

from core.domain import pqrs
from core.domain.permissions import can_see_personal_data
from core.domain.status import status
from core.register import Snapshot
from core.sheet.contract import MESSAGES_TAB
from core.ui import clock, work_page
from core.ui.messages_view import queue_table
from core.ui.navigation import open_record
from core.ui.person import roles
from core.ui.widgets import csv_button


def render(snapshot: Snapshot, today: date) -> None:
    """The queues as they stood on the day chosen (`today` unless another is picked), each with its table."""
    day = st.date_input("Al día", value=today, format="DD/MM/YYYY", key="q_day",
                        help="Las colas tal como estaban ese día (mensajes recibidos hasta ese día).")
    found = status(snapshot, day).queues
    personal = can_see_personal_data(roles())

    with st.container(horizontal=True):
        for name in pqrs.QUEUES:
            late = sum(item.overdue(day) for item in found[name])
            st.metric(pqrs.QUEUE_LABELS[name], len(found[name]), delta=f"{late} vencidos" if late else None,
                      delta_color="inverse", border=True)

    tables = snapshot.derived(("colas", day, personal), lambda: {
        name: queue_table(found[name], snapshot.tables[MESSAGES_TAB.name], day, personal=personal)
        for name in pqrs.QUEUES})
    for name in pqrs.QUEUES:
        items = found[name]
        with st.expander(f"{pqrs.QUEUE_LABELS[name]} ({len(items)})",
                         expanded=bool(items) and name == pqrs.QUEUES[0]):
            if not items:
                st.caption("Vacía.")
                continue
            queue(name, items, tables[name], day)
    st.caption("Para actuar sobre un mensaje, elija su fila: se abre en **Mensajes**.")


def queue(name: str, items: list[pqrs.QueueItem], table: pd.DataFrame, day: date) -> None:
    """A queue's rows, each opening its message in Mensajes, and the queue's CSV."""
    picked = st.dataframe(table, hide_index=True, width="stretch", key=f"q_{name}", on_select="rerun",
                          selection_mode="single-row").selection.rows
    without_id = f"{MESSAGES_TAB.name} fila "  # how a row typed without an ID is named: it has nothing to open
    if picked and not items[picked[0]].id.startswith(without_id):
        open_record(MESSAGES_TAB.name, items[picked[0]].id)
    csv_button(table, f"divulga-cola-{name}-{day:%Y-%m-%d}.csv", f"q_{name}_csv",
               help="Esta cola tal como se muestra, para abrir en Excel.")


render(work_page("Colas de PQRS"), clock.today())
