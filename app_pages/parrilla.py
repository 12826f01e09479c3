"""Parrilla: the publication grid by week or month, filtered; schedule one copy on several networks, each at
its own recommended hour (never after a request's publication day); open a post by its row (or by
`st.session_state["grid_post"]`, another page's opener) to move, edit, publish or cancel it; and the grid as
XLSX, PDF or calendar (.ics) files."""

from datetime import date, datetime, time, timedelta

import pandas as pd
import streamlit as st

from core.domain import best_hour, grid, posts
from core.domain.campaigns import campaign_names
from core.domain.status import status
from core.fmt import fmt_date, fmt_datetime, fmt_time
from core.register import Snapshot
from core.reports import grid_export
from core.sheet.cells import BOGOTA
from core.sheet.contract import FORMATO, ORIGEN, PRODUCTO, RED
from core.ui import clock, work_page
from core.ui.actions import done, write
from core.ui.grid_view import WEEKDAYS, badge, best_slots, month_view, week_view
from core.ui.widgets import clear_fields, opening_list

SCHEDULED_KEY = "posts_scheduled"
FORM_KEYS = {"p_networks": [], "p_copy": "", "p_format": None, "p_product": None, "p_link": ""}  # and empty
SLOT_KEYS = ("p_date_", "p_time_", "p_auto_")  # + network: its day, its hour, the default it was given
OPENER_KEY = "grid_post"  # a post ID another page (or a test) asks this page to open
OPEN_KEY = "g_open"  # the post open below the table
GOTO_KEY = "g_goto"  # a day whose week the grid shows on the next run (the new posts', the opened post's)


def render(snapshot: Snapshot, today: date, now: datetime) -> None:
    """The grid of the week or month chosen (`today`'s at first), its files, the form that schedules a post and
    the post opened below; `now` bounds the suggested hours and a publication's moment."""
    tables = snapshot.tables
    networks = [*RED.values, *snapshot.context.extra_networks]  # plus those the leader added in Listas
    opened = st.session_state.pop(OPENER_KEY, None)
    if opened:  # another page opens a post here: it opens below, and the grid shows its week
        st.session_state[OPEN_KEY] = str(opened).strip()
        day = grid.scheduled_day(tables["Publicaciones"], str(opened).strip())
        if day is not None:
            st.session_state[GOTO_KEY] = day
    if GOTO_KEY in st.session_state:  # before the date field is drawn: only then may its value change
        st.session_state["g_anchor"] = st.session_state.pop(GOTO_KEY)
    st.session_state.setdefault("g_anchor", today)

    # --- filters ------------------------------------------------------------------------------------------
    with st.container(horizontal=True, vertical_alignment="bottom"):
        view = st.segmented_control("Vista", ["Semana", "Mes"], default="Semana", key="g_view") or "Semana"
        anchor = st.date_input("Fecha", format="DD/MM/YYYY", key="g_anchor")
    campaigns, areas = snapshot.derived("parrilla: opciones", lambda: (campaign_names(tables["Estrategias"]),
                                                                       grid_export.known_areas(tables)))
    left, middle, right = st.columns(3)
    area = left.selectbox("Área", areas, index=None, placeholder="Todas", key="g_area")
    campaign = middle.selectbox("Campaña", list(campaigns), index=None, placeholder="Todas", key="g_campaign",
                                format_func=lambda i: f"{i} · {campaigns[i]}")
    chosen_networks = right.multiselect("Red", networks, placeholder="Todas", key="g_networks")
    left, right = st.columns(2)
    states = left.multiselect("Estado", ["Programada", "Publicada", "Cancelada"], placeholder="Todos",
                              key="g_states")
    origins = right.multiselect("Origen", list(ORIGEN.values), placeholder="Todos", key="g_origins")

    first, last = grid.period_of(anchor, month=view == "Mes")
    shown, counts, notices, filters_text, to_share = snapshot.derived(
        ("parrilla", first, last, campaign, area, tuple(chosen_networks), tuple(states), tuple(origins)),
        lambda: period_posts(tables, first, last, campaign, area, chosen_networks, states, origins))
    crowded = {notice.day for notice in notices}

    st.markdown(f"**{len(shown)}** publicaciones del {fmt_date(first)} al {fmt_date(last)}"
                + (f" · {len(shown[shown['Estado'] == 'Cancelada'])} canceladas" if len(shown) else ""))
    if view == "Semana":
        week_view(grid.week_of(anchor), shown, crowded)
    else:
        month_view(grid.month_of(anchor), counts, crowded)
    for notice in notices:
        st.warning(str(notice), icon=":material/event_busy:")
    with st.expander("Publicaciones por día y red (tabla)"):
        if counts.empty:
            st.caption("Sin publicaciones en el periodo.")
        else:
            table = counts.copy()
            table.index = [fmt_date(day) for day in table.index]
            st.dataframe(table, width="stretch", key="g_counts")

    # --- the grid as files --------------------------------------------------------------------------------
    with st.container(horizontal=True):
        st.caption(f"Parrilla para compartir: {filters_text}. Las publicaciones canceladas no se incluyen.",
                   width="stretch")
        for kind, label in (("xlsx", "Excel"), ("pdf", "PDF"), ("ics", "Calendario (.ics)")):
            st.download_button(label, lambda k=kind: grid_export.export_grid(tables, k, first, last, campaign, area,
                                                                             now).data,
                               file_name=grid_export.file_name(kind, first, last, campaign, area),
                               mime=grid_export.MIME[kind], key=f"g_download_{kind}", on_click="ignore",
                               icon=":material/download:", disabled=not to_share)

    # --- schedule -----------------------------------------------------------------------------------------
    if SCHEDULED_KEY in st.session_state:  # the next post starts from an empty form (no double saves)
        clear_fields(FORM_KEYS)  # set, not deleted: a browser keeps what a widget showed
        for key in [key for key in st.session_state if str(key).startswith(SLOT_KEYS)]:
            st.session_state.pop(key, None)  # no network is chosen now: their fields are not drawn, and start anew
    with st.expander("Programar una publicación", expanded=SCHEDULED_KEY in st.session_state):
        schedule(snapshot, networks, campaigns, anchor, today, now)

    # --- one post -----------------------------------------------------------------------------------------
    post_view(snapshot, shown, now)


def period_posts(tables: dict[str, pd.DataFrame], first: date, last: date, campaign: str | None, area: str | None,
                 networks: list[str], states: list[str], origins: list[str]) -> tuple:
    """What the grid shows of a period and its filters: the posts, their counts per day and network, the days
    busier than usual, the filters in words, and whether the files have anything to share (they leave cancelled
    posts out, as the CLI)."""
    in_range = grid_export.select_posts(tables, first, last, campaign, area, with_cancelled=True)
    shown = grid.in_days(grid.chosen(in_range, networks, states, origins), first, last)
    counts = grid.daily_counts(shown)
    notices = grid.cadence_notices(counts, grid.usual_cadence(tables["Publicaciones"], first))
    return (shown, counts, notices, grid_export.describe_filters(tables, first, last, campaign, area),
            bool((in_range["Estado"] != "Cancelada").any()))


def use_slot(network: str, moment: datetime) -> None:
    """A recommended hour picked: the day and hour of its network only."""
    st.session_state[f"p_date_{network}"], st.session_state[f"p_time_{network}"] = moment.date(), moment.time()


def default_slots(published: pd.DataFrame, targets: list[str], week_day: date, latest: date | None,
                  now: datetime) -> None:
    """Each network's day and hour start at its own best free recommended slot of `week_day`'s week (not after
    `latest`), else `week_day` at 9:00. A default follows the week and the request while the person has not
    changed it; a day or hour they chose (or a suggestion they picked) stays."""
    basis = (grid.week_of(week_day)[0], latest)
    for network in targets:
        day_key, time_key, auto_key = (f"{prefix}{network}" for prefix in SLOT_KEYS)
        given = st.session_state.get(auto_key)
        fresh = day_key not in st.session_state or time_key not in st.session_state
        untouched = given is not None and (st.session_state.get(day_key), st.session_state.get(time_key)) == (
            given[1].date(), given[1].time())
        if not fresh and not (untouched and given[0] != basis):
            continue
        slots = best_hour.recommend(published, network, week_day, now, count=1, latest=latest)
        moment = slots[0].moment if slots else datetime.combine(week_day, time(9, 0), BOGOTA)
        st.session_state[day_key], st.session_state[time_key] = moment.date(), moment.time()
        st.session_state[auto_key] = (basis, moment)


def schedule(snapshot: Snapshot, networks: list[str], campaigns: dict[str, str], anchor: date, today: date,
             now: datetime) -> None:
    """One copy scheduled on several networks, each at its own day and hour (suggested from the week shown,
    never after the request's publication day)."""
    tables = snapshot.tables
    requests = tables["Solicitudes"]
    if SCHEDULED_KEY in st.session_state:
        st.success("  \n".join(st.session_state.pop(SCHEDULED_KEY)), icon=":material/check_circle:")
    targets = st.multiselect("Redes *", networks, key="p_networks", placeholder="Elija una o varias redes",
                             help="Una fila por red, con el mismo copy y el día y la hora de cada red; para copys "
                                  "distintos, programe aparte.")
    copy = st.text_area("Copy", key="p_copy", height=120)
    if targets:
        st.caption(" · ".join(f"{network}: {used}" + (f" / {limit}" + (" ⚠ se pasa" if used > limit else ""))
                              if limit else f"{network}: {used}" for network, used, limit in
                              posts.copy_counts(copy, targets)) + " caracteres")
    left, middle, right = st.columns(3)
    origin = left.selectbox("Origen *", list(ORIGEN.values), key="p_origin",
                            help="Solicitud, o sin solicitud: Cubrimiento, Réplica distrital o Coyuntura (no pasan "
                                 "por las etapas).")
    open_requests = {key: requests.at[row, "Título"]
                     for key, row in status(snapshot, today).open_requests().items()}
    request_id = middle.selectbox("Solicitud", list(open_requests), index=None, key="p_request",
                                  disabled=origin != "Solicitud", placeholder="Elija la solicitud",
                                  format_func=lambda i: f"{i} · {open_requests[i]}")
    campaign_id = right.selectbox("Campaña", list(campaigns), index=None, key="p_campaign", placeholder="Ninguna",
                                  format_func=lambda i: f"{i} · {campaigns[i]}")
    for_request = request_id if origin == "Solicitud" else None
    latest = posts.publication_day(requests, for_request)  # nothing is suggested after it
    if latest is not None:
        st.caption(f"La solicitud {for_request} se publica el {fmt_date(latest)}: no se sugieren horas después de "
                   "ese día.")
    left, right = st.columns(2)
    form = left.selectbox("Formato", list(FORMATO.values), index=None, key="p_format", placeholder="—")
    product = right.selectbox("Producto", list(PRODUCTO.values), index=None, key="p_product", placeholder="—")
    link = st.text_input("Enlace de la pieza (carpeta o archivo)", key="p_link")
    moments: dict[str, datetime] = {}
    if targets:
        st.markdown("**Día y hora de cada red** (cada una parte de su mejor hora libre de la semana; las horas "
                    "sugeridas cambian solo la de su red)")
        default_slots(tables["Publicaciones"], targets, min(anchor, latest) if latest else anchor,
                      latest, now)
    for network in targets:
        with st.container(border=True):
            left, right = st.columns(2)
            day = left.date_input(f"Día * ({network})", format="DD/MM/YYYY", key=f"p_date_{network}")
            hour = right.time_input(f"Hora * ({network})", step=timedelta(minutes=15), key=f"p_time_{network}")
            moments[network] = datetime.combine(day, hour, BOGOTA)
            late = posts.after_publication_day(network, moments[network], for_request, latest)
            if late:
                st.warning(late, icon=":material/event_busy:")
            best_slots(tables["Publicaciones"], [network], day, now, on_pick=use_slot, key="p_slot", latest=latest)
    if st.button("Programar", type="primary", key="p_save"):
        made: list[str] = []
        values = {"Copy": copy, "Origen": origin, "Solicitud": for_request, "Estrategia": campaign_id,
                  "Formato": form, "Producto": product, "Enlace": link or None}
        if write(lambda writer: made.extend(posts.schedule(writer, requests, targets, values, moments=moments))):
            st.session_state[SCHEDULED_KEY] = [
                f"Programada: {post_id} · {network} · {WEEKDAYS[moments[network].weekday()]} "
                f"{fmt_datetime(moments[network])}" for post_id, network in zip(made, targets)]
            st.session_state[GOTO_KEY] = min(moments.values()).date()  # the grid shows the new posts' week
            st.rerun()


def post_view(snapshot: Snapshot, shown: pd.DataFrame, now: datetime) -> None:
    """The posts shown, as rows that open; the post open (chosen here or by another page) to move, edit,
    publish (not later than `now`) or cancel."""
    requests = snapshot.tables["Solicitudes"]
    st.subheader("Mover, editar, publicar o cancelar una publicación")
    listed = shown.to_dict("records")
    if listed:
        opening_list(
            [{"ID": row.get("ID") or "sin ID", "Día": f"{WEEKDAYS[row['Día'].weekday()]} {fmt_date(row['Día'])}",
              "Hora": fmt_time(row["Programada"]), "Red": row["Red"], "Estado": row["Estado"],
              "Solicitud": row.get("Solicitud") or "", "Copy": str(row.get("Copy") or "")[:80]} for row in listed],
            [row.get("ID") for row in listed], key="g_posts", chosen_key=OPEN_KEY,
            column_config={"Copy": st.column_config.TextColumn(width="large")},
            without_id="Esa fila no tiene ID: se abre cuando lo tenga (Calidad de datos muestra cómo ponérselo).")
        st.caption("Elija la fila de una publicación de las que se muestran para moverla, editarla, marcarla "
                   "publicada o cancelarla.")
    else:
        st.caption("Sin publicaciones en el periodo y los filtros elegidos.")
    post_id = st.session_state.get(OPEN_KEY)
    seen = None
    if post_id:
        try:
            seen = snapshot.record("Publicaciones", post_id)
        except KeyError:
            st.warning(f"La publicación {post_id} no está en el registro (o su fila tiene errores: Calidad de datos).",
                       icon=":material/search_off:")
    if seen:
        name = f"{post_id} ({seen['Red']})"
        st.markdown(f"{badge(seen['Red'])} **{post_id}** · **{seen['Estado']}** · programada "
                    f"{fmt_datetime(seen['Programada'])}"
                    + (f" · solicitud {seen['Solicitud']}" if seen.get("Solicitud") else ""))
        refusal = posts.approval_missing(seen, requests) if seen["Estado"] == "Programada" else None
        if refusal:
            st.info(refusal, icon=":material/lock:")
        move, edit, publish, cancel = st.tabs(["Mover", "Editar", "Marcar publicada", "Cancelar"])
        with move, st.form("g_move"):
            left, right = st.columns(2)
            new_day = left.date_input("Nuevo día", value=seen["Programada"].date(), format="DD/MM/YYYY")
            new_hour = right.time_input("Nueva hora", value=seen["Programada"].time(), step=timedelta(minutes=15))
            moved = datetime.combine(new_day, new_hour, BOGOTA)
            if st.form_submit_button("Mover") and write(posts.reschedule, seen, moved):
                done(f"{name}: movida del {fmt_datetime(seen['Programada'])} al {fmt_datetime(moved)}.")
        with edit, st.form("g_edit"):
            new_copy = st.text_area("Copy", value=seen.get("Copy") or "", height=120)
            left, middle = st.columns(2)
            formats, products = list(FORMATO.values), list(PRODUCTO.values)
            new_format = left.selectbox("Formato", formats, index=formats.index(seen["Formato"])
                                        if seen.get("Formato") in formats else None, placeholder="—")
            new_product = middle.selectbox("Producto", products, index=products.index(seen["Producto"])
                                           if seen.get("Producto") in products else None, placeholder="—")
            new_link = st.text_input("Enlace de la pieza", value=seen.get("Enlace") or "")
            changes = {"Copy": new_copy or None, "Formato": new_format, "Producto": new_product,
                       "Enlace": new_link or None}
            if st.form_submit_button("Guardar cambios") and write(posts.edit, seen, changes):
                changed = [column for column, value in changes.items() if value != seen.get(column)]
                done(f"{name}: " + (f"cambió {', '.join(changed)}." if changed else "sin cambios."))
        with publish, st.form("g_publish"):
            left, right = st.columns(2)
            went_out = min(seen["Programada"].astimezone(BOGOTA), now)  # scheduled later: not before now
            out_day = left.date_input("Día de publicación", value=went_out.date(), format="DD/MM/YYYY")
            out_hour = right.time_input("Hora", value=went_out.time().replace(second=0, microsecond=0),
                                        step=timedelta(minutes=1))
            out_link = st.text_input("Enlace de la publicación en la red", value=seen.get("Enlace") or "")
            out_id = st.text_input("ID en la red", value=seen.get("ID en la red") or "")
            out_moment = datetime.combine(out_day, out_hour, BOGOTA)
            if st.form_submit_button("Marcar publicada") and write(
                    posts.publish, seen, requests, out_moment, out_link, out_id, now):
                done(f"{name}: marcada publicada el {fmt_datetime(out_moment)}.")
        with cancel, st.form("g_cancel"):
            sure = st.checkbox("Sí, cancelar esta publicación (queda en el registro como Cancelada; no se deshace)")
            if st.form_submit_button("Cancelar la publicación"):
                if not sure:
                    st.error(f"**No se canceló {post_id}.** Marque la casilla para confirmar: cancelar no se deshace.")
                elif write(posts.cancel, seen):
                    done(f"{name}: cancelada; queda en el registro como Cancelada.")


render(work_page("Parrilla de publicación"), clock.today(), clock.now())
