"""Hoy: what is due today and tomorrow, the posts scheduled today, and for the leader the team's overdue
requests per stage and per journalist."""

import streamlit as st

from core.fmt import fmt_date, fmt_int, fmt_time
from core.layout import today_in_bogota
from core.pending import office_days, today_view
from core.ui import work_page

KIND_NAMES = {"solicitud": "Etapa de solicitud", "cierre": "Cierre con evidencias", "feedback": "Feedback"}

snapshot = work_page("Hoy")
today = today_in_bogota()
tables = snapshot.tables
journalists = sorted({str(name) for name in tables["Solicitudes"]["Periodista"].dropna()})
mine = st.selectbox("Ver lo de", journalists, index=None, placeholder="Todo el equipo", key="hoy_person",
                    help="Elija un periodista para ver solo lo suyo; sin elegir, se ve lo de todo el equipo.")
view = today_view(tables, today, office_days(tables), mine)

st.subheader(f"Vence hoy ({fmt_date(today)}) o el próximo día hábil")
if not view.due:
    st.success("Nada vence hoy ni el próximo día hábil.", icon=":material/check_circle:")
else:
    late = sum(item.vence < today for item in view.due)
    st.markdown(f"**{fmt_int(len(view.due))}** pendientes, **{fmt_int(late)}** ya vencidos.")
    st.dataframe([{"Vence": fmt_date(item.vence) + (" (vencido)" if item.vence < today else ""),
                   "Tipo": KIND_NAMES.get(item.tipo, item.tipo), "ID": item.id, "Qué": item.detalle}
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
st.caption("Los plazos cuentan días hábiles: festivos de Colombia y los días no hábiles de Listas. Los mensajes, el "
           "monitoreo y las cuentas se sumarán aquí cuando tengan sus páginas.")
