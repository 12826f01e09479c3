"""Hoy: what is due today and tomorrow, the posts scheduled today, and for the leader the team's overdue
requests per stage and per journalist."""

import streamlit as st

from core import pqrs
from core.accounts import rotation_notices
from core.fmt import fmt_date, fmt_int, fmt_time
from core.layout import today_in_bogota
from core.pending import KIND_LABELS, office_days, today_view
from core.ui import work_page
from core.ui.navigation import link

snapshot = work_page("Hoy")
today = today_in_bogota()
tables = snapshot.tables
journalists = sorted({str(name) for name in tables["Solicitudes"]["Periodista"].dropna()})
mine = st.selectbox("Ver lo de", journalists, index=None, placeholder="Todo el equipo", key="hoy_person",
                    help="Elija un periodista para ver solo lo suyo; sin elegir, se ve lo de todo el equipo.")
view = today_view(tables, today, office_days(tables), mine)

with st.container(horizontal=True):  # the PQRS queues, for everyone (citizens' messages are the team's)
    for name, count in pqrs.queue_counts(tables, today).items():
        st.metric(pqrs.QUEUE_LABELS[name], fmt_int(count), border=True)
link("pages/colas.py", "Ver las colas de PQRS", ":material/inbox:")
for notice in rotation_notices(tables, today):  # passwords due within 7 days or overdue
    st.warning(notice, icon=":material/key:")

st.subheader(f"Vence hoy ({fmt_date(today)}) o el próximo día hábil")
if not view.due:
    st.success("Nada vence hoy ni el próximo día hábil.", icon=":material/check_circle:")
else:
    late = sum(item.vence < today for item in view.due)
    st.markdown(f"**{fmt_int(len(view.due))}** pendientes, **{fmt_int(late)}** ya vencidos.")
    st.dataframe([{"Vence": fmt_date(item.vence) + (" (vencido)" if item.vence < today else ""),
                   "Tipo": KIND_LABELS.get(item.tipo, item.tipo), "ID": item.id, "Qué": item.detalle}
                  for item in view.due], hide_index=True, width="stretch", key="hoy_due")

st.subheader("Publicaciones programadas hoy")
if view.posts.empty:
    st.info("No hay publicaciones programadas para hoy.", icon=":material/event_available:")
else:
    st.dataframe([{"Hora": fmt_time(row["Programada"]), "Red": row["Red"], "Estado": row["Estado"], "ID": row["ID"],
                   "Copy": row["Copy"]} for _, row in view.posts.iterrows()], hide_index=True, width="stretch")

st.subheader("Vencidas del equipo")
if view.late_per_stage.empty:
    st.success("No hay solicitudes vencidas.", icon=":material/check_circle:")
else:
    left, right = st.columns(2)
    left.dataframe(view.late_per_stage, hide_index=True)
    right.dataframe(view.late_per_journalist, hide_index=True)
st.caption("Los plazos del procedimiento cuentan días hábiles (festivos de Colombia y los días no hábiles de Listas), "
           "o días calendario si así lo dice el ajuste «Días de los plazos»; los términos legales de las PQRS cuentan "
           "días hábiles menos las suspensiones de términos de Listas.")
