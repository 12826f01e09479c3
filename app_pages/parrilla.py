"""Parrilla: the publication grid by week or month, filtered; schedule one copy on several networks, each at
its own recommended hour (never after a request's publication day); open a post by its row (or by
`st.session_state["grid_post"]`, another page's opener) to move, edit, publish or cancel it; and the grid as
XLSX, PDF or calendar (.ics) files."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pandas as pd
import streamlit as st

from core.domain import best_hour, grid, posts
from core.domain.campaigns import campaign_names
from core.domain.status import status
from core.fmt import fmt_date, fmt_datetime
from core.register import Snapshot
from core.reports import grid_export
from core.reports.grid_select import known_areas, select_posts
from core.sheet.cells import BOGOTA
from core.sheet.contract import (
    CAMPAIGNS_TAB,
    CANCELLED,
    FORMAT_CHOICES,
    NETWORK_CHOICES,
    ORIGIN_CHOICES,
    POST_STATE_CHOICES,
    POSTS_TAB,
    PRODUCT_CHOICES,
    REQUESTS_TAB,
)
from core.ui import clock, work_page
from core.ui.actions import write
from core.ui.grid_view import WEEKDAYS, best_slots, month_view, week_view
from core.ui.post_panel import OPEN_KEY, post_view
from core.ui.widgets import clear_fields

SCHEDULED_KEY = "posts_scheduled"
FORM_KEYS = {"p_networks": [], "p_copy": "", "p_format": None, "p_product": None, "p_link": ""}  # and empty
SLOT_KEYS = ("p_date_", "p_time_", "p_auto_")  # + network: its day, its hour, the default it was given
OPENER_KEY = "grid_post"  # a post ID another page (or a test) asks this page to open
GOTO_KEY = "g_goto"  # a day whose week the grid shows on the next run (the new posts', the opened post's)


@dataclass(frozen=True)
class GridChoice:
    """What the person chose above the grid: the view, the day whose week or month it shows, and the filters."""

    view: str
    anchor: date
    area: str | None
    campaign: str | None
    networks: list[str]
    states: list[str]
    origins: list[str]


def render(snapshot: Snapshot, today: date, now: datetime) -> None:
    """The grid of the week or month chosen (`today`'s at first), its files, the form that schedules a post and
    the post opened below; `now` bounds the suggested hours and a publication's moment."""
    tables = snapshot.tables
    networks = [*NETWORK_CHOICES.values, *snapshot.context.extra_networks]  # plus those the leader added in Listas
    follow_opener(tables, today)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        view = st.segmented_control("Vista", ["Semana", "Mes"], default="Semana", key="g_view") or "Semana"
        anchor = st.date_input("Fecha", format="DD/MM/YYYY", key="g_anchor")
    campaigns, areas = snapshot.derived("parrilla: opciones", lambda: (campaign_names(tables[CAMPAIGNS_TAB.name]),
                                                                       known_areas(tables)))
    choice = grid_filters(view, anchor, networks, campaigns, areas)
    first, last = grid.period_of(anchor, month=view == "Mes")
    shown, counts, notices, filters_text, to_share = snapshot.derived(
        ("parrilla", first, last, choice.campaign, choice.area, tuple(choice.networks), tuple(choice.states),
         tuple(choice.origins)),
        lambda: period_posts(tables, first, last, choice.campaign, choice.area, choice.networks, choice.states,
                             choice.origins))
    grid_panel(choice, first, last, shown, counts, notices)
    grid_files(tables, choice, first, last, filters_text, to_share, now)
    schedule_panel(snapshot, networks, campaigns, anchor, today, now)
    post_view(snapshot, shown, now)


def follow_opener(tables: dict[str, pd.DataFrame], today: date) -> None:
    """A post another page asks to open opens below, and the grid shows its week (or the week of the posts just
    scheduled); else the grid starts on `today`."""
    opened = st.session_state.pop(OPENER_KEY, None)
    if opened:  # another page opens a post here: it opens below, and the grid shows its week
        st.session_state[OPEN_KEY] = str(opened).strip()
        day = grid.scheduled_day(tables[POSTS_TAB.name], str(opened).strip())
        if day is not None:
            st.session_state[GOTO_KEY] = day
    if GOTO_KEY in st.session_state:  # before the date field is drawn: only then may its value change
        st.session_state["g_anchor"] = st.session_state.pop(GOTO_KEY)
    st.session_state.setdefault("g_anchor", today)


def grid_filters(view: str, anchor: date, networks: list[str], campaigns: dict[str, str],
                 areas: list[str]) -> GridChoice:
    """The filters under the view and the day: area, campaign, networks, states and origins."""
    left, middle, right = st.columns(3)
    area = left.selectbox("Área", areas, index=None, placeholder="Todas", key="g_area")
    campaign = middle.selectbox("Campaña", list(campaigns), index=None, placeholder="Todas", key="g_campaign",
                                format_func=lambda i: f"{i} · {campaigns[i]}")
    chosen_networks = right.multiselect("Red", networks, placeholder="Todas", key="g_networks")
    left, right = st.columns(2)
    states = left.multiselect("Estado", list(POST_STATE_CHOICES.values), placeholder="Todos", key="g_states")
    origins = right.multiselect("Origen", list(ORIGIN_CHOICES.values), placeholder="Todos", key="g_origins")
    return GridChoice(view, anchor, area, campaign, chosen_networks, states, origins)


def grid_panel(choice: GridChoice, first: date, last: date, shown: pd.DataFrame, counts: pd.DataFrame,
               notices: list) -> None:
    """The week or the month, the days busier than usual, and the counts per day and network as a table."""
    crowded = {notice.day for notice in notices}
    st.markdown(f"**{len(shown)}** publicaciones del {fmt_date(first)} al {fmt_date(last)}"
                + (f" · {len(shown[shown['Estado'] == CANCELLED])} canceladas" if len(shown) else ""))
    if choice.view == "Semana":
        week_view(grid.week_of(choice.anchor), shown, crowded)
    else:
        month_view(grid.month_of(choice.anchor), counts, crowded)
    for notice in notices:
        st.warning(str(notice), icon=":material/event_busy:")
    with st.expander("Publicaciones por día y red (tabla)"):
        if counts.empty:
            st.caption("Sin publicaciones en el periodo.")
        else:
            table = counts.copy()
            table.index = [fmt_date(day) for day in table.index]
            st.dataframe(table, width="stretch", key="g_counts")


def grid_files(tables: dict[str, pd.DataFrame], choice: GridChoice, first: date, last: date, filters_text: str,
               to_share: bool, now: datetime) -> None:
    """The grid as Excel, PDF and calendar files (made when downloaded), without the cancelled posts."""
    campaign, area = choice.campaign, choice.area
    with st.container(horizontal=True):
        st.caption(f"Parrilla para compartir: {filters_text}. Las publicaciones canceladas no se incluyen.",
                   width="stretch")
        for kind, label in (("xlsx", "Excel"), ("pdf", "PDF"), ("ics", "Calendario (.ics)")):
            st.download_button(label, lambda k=kind: grid_export.export_grid(tables, k, first, last, campaign, area,
                                                                             now).data,
                               file_name=grid_export.file_name(kind, first, last, campaign, area),
                               mime=grid_export.MIME[kind], key=f"g_download_{kind}", on_click="ignore",
                               icon=":material/download:", disabled=not to_share)


def schedule_panel(snapshot: Snapshot, networks: list[str], campaigns: dict[str, str], anchor: date, today: date,
                   now: datetime) -> None:
    """The form that schedules a post, empty again once it saved (open, to show what it saved)."""
    if SCHEDULED_KEY in st.session_state:  # the next post starts from an empty form (no double saves)
        clear_fields(FORM_KEYS)  # set, not deleted: a browser keeps what a widget showed
        for key in [key for key in st.session_state if str(key).startswith(SLOT_KEYS)]:
            st.session_state.pop(key, None)  # no network is chosen now: their fields are not drawn, and start anew
    with st.expander("Programar una publicación", expanded=SCHEDULED_KEY in st.session_state):
        schedule(snapshot, networks, campaigns, anchor, today, now)


def period_posts(tables: dict[str, pd.DataFrame], first: date, last: date, campaign: str | None, area: str | None,
                 networks: list[str], states: list[str], origins: list[str]) -> tuple:
    """What the grid shows of a period and its filters: the posts, their counts per day and network, the days
    busier than usual, the filters in words, and whether the files have anything to share (they leave cancelled
    posts out, as the CLI)."""
    in_range = select_posts(tables, first, last, campaign, area, with_cancelled=True)
    shown = grid.in_days(grid.chosen(in_range, networks, states, origins), first, last)
    counts = grid.daily_counts(shown)
    notices = grid.cadence_notices(counts, grid.usual_cadence(tables[POSTS_TAB.name], first))
    return (shown, counts, notices, grid_export.describe_filters(tables, first, last, campaign, area),
            bool((in_range["Estado"] != CANCELLED).any()))


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
    requests = tables[REQUESTS_TAB.name]
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
    origin, for_request, campaign_id = post_origin(snapshot, campaigns, today)
    latest = posts.publication_day(requests, for_request)  # nothing is suggested after it
    if latest is not None:
        st.caption(f"La solicitud {for_request} se publica el {fmt_date(latest)}: no se sugieren horas después de "
                   "ese día.")
    left, right = st.columns(2)
    form = left.selectbox("Formato", list(FORMAT_CHOICES.values), index=None, key="p_format", placeholder="—")
    product = right.selectbox("Producto", list(PRODUCT_CHOICES.values), index=None, key="p_product", placeholder="—")
    link = st.text_input("Enlace de la pieza (carpeta o archivo)", key="p_link")
    moments = network_moments(tables[POSTS_TAB.name], targets, anchor, for_request, latest, now)
    if st.button("Programar", type="primary", key="p_save"):
        save_scheduled(requests, targets, moments, {
            "Copy": copy, "Origen": origin, "Solicitud": for_request, "Estrategia": campaign_id, "Formato": form,
            "Producto": product, "Enlace": link or None})


def post_origin(snapshot: Snapshot, campaigns: dict[str, str], today: date) -> tuple[str, str | None, str | None]:
    """The post's origin, its open request (only when it comes from one) and its campaign."""
    requests = snapshot.tables[REQUESTS_TAB.name]
    left, middle, right = st.columns(3)
    origin = left.selectbox("Origen *", list(ORIGIN_CHOICES.values), key="p_origin",
                            help="Solicitud, o sin solicitud: Cubrimiento, Réplica distrital o Coyuntura (no pasan "
                                 "por las etapas).")
    open_requests = {key: requests.at[row, "Título"]
                     for key, row in status(snapshot, today).open_requests().items()}
    request_id = middle.selectbox("Solicitud", list(open_requests), index=None, key="p_request",
                                  disabled=origin != posts.REQUEST_ORIGIN, placeholder="Elija la solicitud",
                                  format_func=lambda i: f"{i} · {open_requests[i]}")
    campaign_id = right.selectbox("Campaña", list(campaigns), index=None, key="p_campaign", placeholder="Ninguna",
                                  format_func=lambda i: f"{i} · {campaigns[i]}")
    return origin, request_id if origin == posts.REQUEST_ORIGIN else None, campaign_id


def network_moments(published: pd.DataFrame, targets: list[str], anchor: date, for_request: str | None,
                    latest: date | None, now: datetime) -> dict[str, datetime]:
    """Each chosen network's day and hour (its best free hour of the week at first), with a warning when it falls
    after the request's publication day, and the recommended hours to pick from."""
    moments: dict[str, datetime] = {}
    if targets:
        st.markdown("**Día y hora de cada red** (cada una parte de su mejor hora libre de la semana; las horas "
                    "sugeridas cambian solo la de su red)")
        default_slots(published, targets, min(anchor, latest) if latest else anchor, latest, now)
    for network in targets:
        with st.container(border=True):
            left, right = st.columns(2)
            day = left.date_input(f"Día * ({network})", format="DD/MM/YYYY", key=f"p_date_{network}")
            hour = right.time_input(f"Hora * ({network})", step=timedelta(minutes=15), key=f"p_time_{network}")
            moments[network] = datetime.combine(day, hour, BOGOTA)
            late = posts.after_publication_day(network, moments[network], for_request, latest)
            if late:
                st.warning(late, icon=":material/event_busy:")
            best_slots(published, [network], day, now, on_pick=use_slot, key="p_slot", latest=latest)
    return moments


def save_scheduled(requests: pd.DataFrame, targets: list[str], moments: dict[str, datetime], values: dict) -> None:
    """One post per network; the grid then shows the new posts' week, and the form what it saved."""
    made: list[str] = []
    if write(lambda writer: made.extend(posts.schedule(writer, requests, targets, values, moments=moments))):
        st.session_state[SCHEDULED_KEY] = [
            f"Programada: {post_id} · {network} · {WEEKDAYS[moments[network].weekday()]} "
            f"{fmt_datetime(moments[network])}" for post_id, network in zip(made, targets)]
        st.session_state[GOTO_KEY] = min(moments.values()).date()  # the grid shows the new posts' week
        st.rerun()


render(work_page("Parrilla de publicación"), clock.today(), clock.now())
