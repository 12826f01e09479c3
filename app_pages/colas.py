"""Colas PQRS: the six queues of citizens' messages (core/pqrs.py) with their counts, due dates and what is
overdue; the citizen's handle and text only for the roles that need them."""

import pandas as pd
import streamlit as st

from core import pqrs
from core.fmt import fmt_date
from core.permissions import can_see_personal_data
from core.status import status
from core.ui import clock, work_page
from core.ui.navigation import open_record
from core.ui.person import roles
from core.ui.widgets import csv_button

snapshot = work_page("Colas de PQRS")
tables = snapshot.tables
day = st.date_input("Al día", value=clock.today(), format="DD/MM/YYYY", key="q_day",
                    help="Las colas tal como estaban ese día (mensajes recibidos hasta ese día).")
found = status(snapshot, day).queues
personal = can_see_personal_data(roles())
by_row = tables["Mensajes"]

with st.container(horizontal=True):
    for name in pqrs.QUEUES:
        late = sum(item.overdue(day) for item in found[name])
        st.metric(pqrs.QUEUE_LABELS[name], len(found[name]), delta=f"{late} vencidos" if late else None,
                  delta_color="inverse", border=True)

for name in pqrs.QUEUES:
    items = found[name]
    with st.expander(f"{pqrs.QUEUE_LABELS[name]} ({len(items)})", expanded=bool(items) and name == pqrs.QUEUES[0]):
        if not items:
            st.caption("Vacía.")
            continue
        rows = []
        for item in items:
            row = {"ID": item.id, "Recibido": fmt_date(item.received), "Días esperando": (day - item.received).days,
                   "Vence": fmt_date(item.due) if item.due else "",
                   "Término legal": fmt_date(item.legal_due) if item.legal_due else "",
                   "Vencido": "Sí" if item.overdue(day) else "", "Red": item.network,
                   "Tipología": item.tipologia or "sin clasificar"}
            if personal:
                stored = by_row.loc[item.row]
                row["Usuario"] = stored.get("Usuario") if isinstance(stored.get("Usuario"), str) else ""
                row["Mensaje"] = str(stored.get("Mensaje"))[:120]
            rows.append(row)
        table = pd.DataFrame(rows)
        picked = st.dataframe(table, hide_index=True, width="stretch", key=f"q_{name}", on_select="rerun",
                              selection_mode="single-row").selection.rows
        if picked and not items[picked[0]].id.startswith("Mensajes fila "):  # a row without an ID has nothing to open
            open_record("Mensajes", items[picked[0]].id)
        csv_button(table, f"divulga-cola-{name}-{day:%Y-%m-%d}.csv", f"q_{name}_csv",
                   help="Esta cola tal como se muestra, para abrir en Excel.")
st.caption("Para actuar sobre un mensaje, elija su fila: se abre en **Mensajes**.")
