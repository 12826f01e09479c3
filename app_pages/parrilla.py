"""Parrilla: the publication grid by week or month, filtered; schedule one copy on several networks at a
recommended hour; move, publish or cancel a post; and the grid as XLSX, PDF or calendar (.ics) files."""

from datetime import datetime, time, timedelta

import streamlit as st

from core import grid, grid_export, posts
from core.cells import BOGOTA
from core.fmt import fmt_date, fmt_datetime
from core.layout import FORMATO, ORIGEN, PRODUCTO, RED
from core.register import frame_records
from core.status import status
from core.ui import clock, work_page
from core.ui.actions import write
from core.ui.grid_view import badge, best_slots, month_view, week_view

SCHEDULED_KEY = "posts_scheduled"
FORM_KEYS = ("p_networks", "p_copy", "p_format", "p_product", "p_link")

snapshot = work_page("Parrilla de publicación")
tables = snapshot.tables
today = clock.today()
now = clock.now()
requests = tables["Solicitudes"]
networks = [*RED.values, *snapshot.context.extra_networks]  # plus those the leader added in Listas

# --- filters ----------------------------------------------------------------------------------------------
with st.container(horizontal=True, vertical_alignment="bottom"):
    view = st.segmented_control("Vista", ["Semana", "Mes"], default="Semana", key="g_view") or "Semana"
    anchor = st.date_input("Fecha", value=today, format="DD/MM/YYYY", key="g_anchor")
campaigns = {row["ID"]: row["Nombre"] for _, row in frame_records(tables["Estrategias"]) if row.get("ID")}
left, middle, right = st.columns(3)
area = left.selectbox("Área", grid_export.known_areas(tables), index=None, placeholder="Todas", key="g_area")
campaign = middle.selectbox("Campaña", list(campaigns), index=None, placeholder="Todas", key="g_campaign",
                            format_func=lambda i: f"{i} · {campaigns[i]}")
chosen_networks = right.multiselect("Red", networks, placeholder="Todas", key="g_networks")
left, right = st.columns(2)
states = left.multiselect("Estado", ["Programada", "Publicada", "Cancelada"], placeholder="Todos", key="g_states")
origins = right.multiselect("Origen", list(ORIGEN.values), placeholder="Todos", key="g_origins")

if view == "Semana":
    days = grid.week_of(anchor)
    first, last = days[0], days[-1]
else:
    weeks = grid.month_of(anchor)
    first = next(d for d in weeks[0] if d)
    last = next(d for d in reversed(weeks[-1]) if d)
in_range = grid_export.select_posts(tables, first, last, campaign, area, with_cancelled=True)
selected = in_range
if chosen_networks:
    selected = selected[selected["Red"].isin(chosen_networks)]
if states:
    selected = selected[selected["Estado"].isin(states)]
if origins:
    selected = selected[selected["Origen"].isin(origins)]
shown = grid.in_days(selected, first, last)
counts = grid.daily_counts(shown)
notices = grid.cadence_notices(counts, grid.usual_cadence(tables["Publicaciones"], first))
crowded = {notice.day for notice in notices}

st.markdown(f"**{len(shown)}** publicaciones del {fmt_date(first)} al {fmt_date(last)}"
            + (f" · {len(shown[shown['Estado'] == 'Cancelada'])} canceladas" if len(shown) else ""))
if view == "Semana":
    week_view(days, shown, crowded)
else:
    month_view(weeks, counts, crowded)
for notice in notices:
    st.warning(str(notice), icon=":material/event_busy:")
with st.expander("Publicaciones por día y red (tabla)"):
    if counts.empty:
        st.caption("Sin publicaciones en el periodo.")
    else:
        table = counts.copy()
        table.index = [fmt_date(day) for day in table.index]
        st.dataframe(table, width="stretch", key="g_counts")

# --- the grid as files ------------------------------------------------------------------------------------
filters_text = grid_export.describe_filters(tables, first, last, campaign, area)
to_share = bool((in_range["Estado"] != "Cancelada").any())  # the files leave cancelled posts out, as the CLI
with st.container(horizontal=True):
    st.caption(f"Parrilla para compartir: {filters_text}. Las publicaciones canceladas no se incluyen.",
               width="stretch")
    for kind, label in (("xlsx", "Excel"), ("pdf", "PDF"), ("ics", "Calendario (.ics)")):
        st.download_button(label, lambda k=kind: grid_export.export_grid(tables, k, first, last, campaign, area,
                                                                         now).data,
                           file_name=grid_export.file_name(kind, first, last, campaign, area),
                           mime=grid_export.MIME[kind], key=f"g_download_{kind}", on_click="ignore",
                           icon=":material/download:", disabled=not to_share)

# --- schedule ---------------------------------------------------------------------------------------------
if SCHEDULED_KEY in st.session_state:  # the next post starts from an empty form (no double saves)
    for key in FORM_KEYS:
        st.session_state.pop(key, None)


def use_slot(moment: datetime) -> None:
    st.session_state["p_date"], st.session_state["p_time"] = moment.date(), moment.time()


with st.expander("Programar una publicación", expanded=SCHEDULED_KEY in st.session_state):
    if SCHEDULED_KEY in st.session_state:
        st.success("Programada: " + ", ".join(st.session_state.pop(SCHEDULED_KEY)), icon=":material/check_circle:")
    targets = st.multiselect("Redes *", networks, key="p_networks",
                             help="Una fila por red, con el mismo copy; para copys distintos, programe aparte.")
    copy = st.text_area("Copy", key="p_copy", height=120)
    if targets:
        st.caption(" · ".join(f"{network}: {used}" + (f" / {limit}" + (" ⚠ se pasa" if used > limit else ""))
                              if limit else f"{network}: {used}" for network, used, limit in
                              posts.copy_counts(copy, targets)) + " caracteres")
    left, middle, right = st.columns(3)
    origin = left.selectbox("Origen *", list(ORIGEN.values), key="p_origin",
                            help="Solicitud, o sin solicitud: Cubrimiento, Réplica distrital o Coyuntura (no pasan "
                                 "por las etapas).")
    open_requests = {key: requests.at[row, "Título"] for key, row in status(snapshot, today).open_requests().items()}
    request_id = middle.selectbox("Solicitud", list(open_requests), index=None, key="p_request",
                                  disabled=origin != "Solicitud", placeholder="Elija la solicitud",
                                  format_func=lambda i: f"{i} · {open_requests[i]}")
    campaign_id = right.selectbox("Campaña", list(campaigns), index=None, key="p_campaign", placeholder="Ninguna",
                                  format_func=lambda i: f"{i} · {campaigns[i]}")
    left, middle, right, far = st.columns(4)
    day = left.date_input("Día *", value=st.session_state.get("p_date", anchor), format="DD/MM/YYYY", key="p_date")
    hour = middle.time_input("Hora *", value=st.session_state.get("p_time", time(9, 0)), step=timedelta(minutes=15),
                             key="p_time")
    form = right.selectbox("Formato", list(FORMATO.values), index=None, key="p_format", placeholder="—")
    product = far.selectbox("Producto", list(PRODUCTO.values), index=None, key="p_product", placeholder="—")
    link = st.text_input("Enlace de la pieza (carpeta o archivo)", key="p_link")
    if targets:
        best_slots(tables["Publicaciones"], targets, day, now, on_pick=use_slot, key="p_slot")
    if st.button("Programar", type="primary", key="p_save"):
        made: list[str] = []
        values = {"Programada": datetime.combine(day, hour, BOGOTA), "Copy": copy, "Origen": origin,
                  "Solicitud": request_id if origin == "Solicitud" else None, "Estrategia": campaign_id,
                  "Formato": form, "Producto": product, "Enlace": link or None}
        if write(lambda writer: made.extend(posts.schedule(writer, requests, targets, values))):
            st.session_state[SCHEDULED_KEY] = made
            st.rerun()

# --- one post ---------------------------------------------------------------------------------------------
with st.expander("Mover, publicar o cancelar una publicación"):
    listed = {row["ID"]: row for row in shown.to_dict("records") if row.get("ID")}
    post_id = st.selectbox("Publicación (de las que se muestran)", list(listed), index=None, key="g_post",
                           placeholder="Elija el ID", format_func=lambda i: f"{i} · {listed[i]['Red']} · "
                           f"{fmt_datetime(listed[i]['Programada'])}")
    if post_id:
        seen = snapshot.record("Publicaciones", post_id)
        st.markdown(f"{badge(seen['Red'])} **{seen['Estado']}** · programada {fmt_datetime(seen['Programada'])}"
                    + (f" · solicitud {seen['Solicitud']}" if seen.get("Solicitud") else ""))
        refusal = posts.approval_missing(seen, requests) if seen["Estado"] == "Programada" else None
        if refusal:
            st.info(refusal, icon=":material/lock:")
        move, edit, publish, cancel = st.tabs(["Mover", "Editar", "Marcar publicada", "Cancelar"])
        with move, st.form("g_move"):
            left, right = st.columns(2)
            new_day = left.date_input("Nuevo día", value=seen["Programada"].date(), format="DD/MM/YYYY")
            new_hour = right.time_input("Nueva hora", value=seen["Programada"].time(), step=timedelta(minutes=15))
            if st.form_submit_button("Mover") and write(
                    posts.reschedule, seen, datetime.combine(new_day, new_hour, BOGOTA)):
                st.rerun()
        with edit, st.form("g_edit"):
            new_copy = st.text_area("Copy", value=seen.get("Copy") or "", height=120)
            left, middle = st.columns(2)
            formats, products = list(FORMATO.values), list(PRODUCTO.values)
            new_format = left.selectbox("Formato", formats, index=formats.index(seen["Formato"])
                                        if seen.get("Formato") in formats else None, placeholder="—")
            new_product = middle.selectbox("Producto", products, index=products.index(seen["Producto"])
                                           if seen.get("Producto") in products else None, placeholder="—")
            new_link = st.text_input("Enlace de la pieza", value=seen.get("Enlace") or "")
            if st.form_submit_button("Guardar cambios") and write(posts.edit, seen, {
                    "Copy": new_copy or None, "Formato": new_format, "Producto": new_product,
                    "Enlace": new_link or None}):
                st.rerun()
        with publish, st.form("g_publish"):
            left, right = st.columns(2)
            went_out = min(seen["Programada"].astimezone(BOGOTA), now)  # scheduled later: not before now
            out_day = left.date_input("Día de publicación", value=went_out.date(), format="DD/MM/YYYY")
            out_hour = right.time_input("Hora", value=went_out.time().replace(second=0, microsecond=0),
                                        step=timedelta(minutes=1))
            out_link = st.text_input("Enlace de la publicación en la red", value=seen.get("Enlace") or "")
            out_id = st.text_input("ID en la red", value=seen.get("ID en la red") or "")
            if st.form_submit_button("Marcar publicada") and write(
                    posts.publish, seen, requests, datetime.combine(out_day, out_hour, BOGOTA), out_link, out_id,
                    clock.now()):
                st.rerun()
        with cancel, st.form("g_cancel"):
            sure = st.checkbox("Sí, cancelar esta publicación (queda en el registro como Cancelada)")
            if st.form_submit_button("Cancelar la publicación") and sure and write(posts.cancel, seen):
                st.rerun()
