"""Solicitudes: the office's request form, the list with filters, and each request's stages and actions."""

from datetime import date, datetime

import pandas as pd
import streamlit as st

from core.domain import request_actions as actions
from core.domain.campaigns import campaign_ends
from core.domain.permissions import visible_requests
from core.domain.status import office_days, status
from core.domain.workflow import material_late, material_warning, stage_number, stages
from core.fmt import fmt_date
from core.register import Snapshot
from core.sheet.contract import (
    CAMPAIGNS_TAB,
    CANCELLED,
    LISTS_TAB,
    MODALITY_CHOICES,
    NETWORK_CHOICES,
    POSTS_TAB,
    PRODUCT_CHOICES,
    REQUESTS_TAB,
    STAGES,
)
from core.ui import clock, current_register, work_page
from core.ui.actions import write
from core.ui.grid_view import best_slots
from core.ui.navigation import open_record
from core.ui.person import own_area, roles
from core.ui.requests_view import (
    Filters,
    journalists_by_area,
    options,
    recorded,
    request_list,
    request_posts,
    stage_history,
)
from core.ui.stage_actions import request_actions
from core.ui.widgets import clear_fields, csv_button, opening_list

SAVED_KEY = "request_saved"
REPEAT_KEY = "request_repeat_ok"  # the request the person chose to save although it looks repeated


def render(snapshot: Snapshot, today: date, now: datetime) -> None:
    """Two tabs: the list of requests (those of the person's area, for an Área solicitante) with the one chosen,
    and the office's form (requested `today` unless changed)."""
    tables = snapshot.tables
    viewer = (tuple(sorted(roles())), own_area())  # what is derived for this person's view is kept under it
    requests = snapshot.derived(("solicitudes visibles", viewer),
                                lambda: visible_requests(tables[REQUESTS_TAB.name], *viewer))  # an area: only its own
    ends = campaign_ends(tables[CAMPAIGNS_TAB.name])
    if SAVED_KEY in st.session_state:  # saved: the next request starts from an empty form (no double saves)
        clear_fields({"new_area": None, "new_requested": today, "new_publication": None, "new_requester": "",
                      "new_email": "", "new_journalist": "", "new_title": "", "new_need": "", "new_mail_text": "",
                      "new_support": "", "new_goal": "", "new_axis": None, "new_groups": [], "new_networks": [],
                      "new_products": [], "new_mode": MODALITY_CHOICES.values[0], "new_campaign": None})
    listing, intake = st.tabs(["Lista", "Nueva solicitud"], key="s_tab", on_change="rerun")
    with intake:
        intake_tab(snapshot, ends, today, now)
    with listing:
        chosen = listing_tab(snapshot, requests, viewer, today)
        if chosen:
            seen = snapshot.record(REQUESTS_TAB.name, chosen)
            request_view(snapshot, seen, chosen, ends, today, now)
            request_actions(snapshot, seen, chosen, today)


def open_request(request_id: str) -> None:
    """The request just registered, opened in the list (the notice's button)."""
    st.session_state["chosen"], st.session_state["s_tab"] = request_id, "Lista"


def fill_journalist(journalist_of: dict[str, str]) -> None:
    """The area's journalist (Listas) goes into Periodista, which stays editable."""
    st.session_state["new_journalist"] = journalist_of.get(st.session_state.get("new_area") or "", "")


def intake_tab(snapshot: Snapshot, ends: dict[str, date], today: date, now: datetime) -> None:
    """The office's request form; a request that looks repeated waits for a second click."""
    lists = snapshot.tables[LISTS_TAB.name]
    st.caption("El formato de solicitud de servicios de Comunicaciones. Los campos con * son obligatorios. Para "
               "registrar una solicitud que llegó por correo, pegue el texto del correo y el enlace al correo.")
    area = st.selectbox("Área solicitante *", options(lists, "Áreas"), index=None, accept_new_options=True,
                        key="new_area", on_change=fill_journalist, args=(journalists_by_area(lists),),
                        placeholder="Elija o escriba el área",
                        help="Las áreas vienen de Listas; al elegirla se llena su periodista.")
    with st.form("new_request", clear_on_submit=False, border=True):
        typed, mail_text = intake_form(snapshot, ends, area, today)
        saved = st.form_submit_button("Registrar solicitud", type="primary", icon=":material/add:", key="new_save")
    if saved:
        save_request(snapshot.tables, typed, mail_text, today, now)
    if SAVED_KEY in st.session_state:
        saved_notice(*st.session_state.pop(SAVED_KEY))


def intake_form(snapshot: Snapshot, ends: dict[str, date], area: str | None, today: date) -> tuple[dict, str]:
    """The request's fields as typed (inside the form), keyed by their columns, and the e-mail's text."""
    lists = snapshot.tables[LISTS_TAB.name]
    left, right = st.columns(2)
    requested = left.date_input("Fecha de solicitud *", value=today, format="DD/MM/YYYY", key="new_requested")
    publication = right.date_input("Fecha de publicación *", value=None, format="DD/MM/YYYY", key="new_publication",
                                   help="El material debe llegar al menos 7 días calendario antes.")
    requester = left.text_input("Solicitante *", key="new_requester", help="Quién pide la publicación en el área.")
    email = right.text_input("Correo del solicitante", key="new_email",
                             help="A este correo se envía la aprobación.")
    journalist = left.text_input("Periodista", key="new_journalist",
                                 help="Se llena con el periodista del área (Listas); puede cambiarlo.")
    title = right.text_input("Título *", key="new_title")
    need = st.text_area("Necesidad *", key="new_need", help="Qué necesita el área y para qué.")
    mail_text = st.text_area("Texto del correo (opcional)", key="new_mail_text",
                             help="Si la solicitud llegó por correo, pegue aquí su texto: si la Necesidad está "
                             "vacía, se toma de aquí; si no, queda en Observaciones.")
    support = st.text_input("Soporte de la solicitud", key="new_support", placeholder="https://mail.google.com/…",
                            help="El enlace al correo o al formato de solicitud.")
    goal = st.text_input("Objetivo", key="new_goal")
    left, right = st.columns(2)
    axis = left.selectbox("Eje del plan", options(lists, "Ejes del plan"), index=None, placeholder="Ninguno",
                          key="new_axis")
    groups = right.multiselect("Grupo de valor", options(lists, "Grupos de valor"), key="new_groups",
                               placeholder="Ninguno")
    networks = left.multiselect("Redes *", [*NETWORK_CHOICES.values, *snapshot.context.extra_networks],
                                key="new_networks", placeholder="Elija una o varias redes")
    products = right.multiselect("Productos", list(PRODUCT_CHOICES.values), key="new_products",
                                 placeholder="Ninguno")
    mode = left.radio("Modalidad", list(MODALITY_CHOICES.values), horizontal=True, key="new_mode",
                      help="Publicación independiente: 1 → 2 → 3 → 5 → 6 → 7 → 8. Estrategia integral: "
                      "1 → 4 → 5 → 6 → 7 → 8.")
    campaign = right.selectbox("Estrategia (campaña)", sorted(ends), index=None, placeholder="Ninguna",
                               key="new_campaign", help="Una solicitud de una campaña va como Estrategia integral.")
    return {"Fecha de solicitud": requested, "Área solicitante": area, "Solicitante": requester,
            "Correo del solicitante": email, "Periodista": journalist, "Título": title, "Necesidad": need,
            "Objetivo": goal, "Eje del plan": axis, "Grupo de valor": groups, "Redes": networks, "Productos": products,
            "Modalidad": mode, "Estrategia": campaign, "Fecha de publicación": publication,
            "Soporte de la solicitud": support}, mail_text


def save_request(tables: dict, typed: dict, mail_text: str, today: date, now: datetime) -> None:
    """Registers the request, unless it looks repeated and the person has not pressed «Registrar solicitud» again
    for it; the list then shows it, and the form starts empty."""
    values = actions.from_form(typed, mail_text)
    repeated = actions.likely_repeats(tables[REQUESTS_TAB.name], values, now)
    title, publication = typed["Título"], typed["Fecha de publicación"]
    signature = (title, typed["Área solicitante"], publication)
    if repeated and st.session_state.get(REPEAT_KEY) != signature:
        st.session_state[REPEAT_KEY] = signature
        st.warning(f"Parece repetida de {', '.join(repeated)} (mismo título, área y fecha de publicación, "
                   "registrada hace unos minutos). Si es otra solicitud, pulse **Registrar solicitud** otra vez "
                   "y se guarda.", icon=":material/content_copy:")
    else:
        new_ids = []
        if write(lambda writer: new_ids.append(actions.register(writer, values))):
            st.session_state.pop(REPEAT_KEY, None)
            st.session_state[SAVED_KEY] = (new_ids[0], f"Solicitud registrada: **{new_ids[0]}** («{title}»), "
                                           f"en la etapa {STAGES[0]}.", material_warning(publication, today))
            st.rerun()  # the list shows it at once, and the form starts empty


def saved_notice(new_id: str, saved_text: str, warning: str | None) -> None:
    """The request just registered, with a button that opens it, and a warning when its material is late."""
    with st.container(horizontal=True, vertical_alignment="center"):
        st.success(saved_text, icon=":material/check_circle:", width="stretch")
        st.button(f"Abrir {new_id}", key="open_saved", on_click=open_request, args=(new_id,),
                  icon=":material/open_in_new:")
    if warning:
        st.warning(warning, icon=":material/schedule:")


def listing_tab(snapshot: Snapshot, requests: pd.DataFrame, viewer: tuple, today: date) -> str | None:
    """The requests that pass the filters, with their due dates on `today`; returns the one chosen. What it
    derives is kept on the snapshot for `viewer` (roles and area, whose requests these are)."""
    areas, journalists, with_id = snapshot.derived(("solicitudes: opciones", viewer), lambda: (
        options(requests, "Área solicitante"), options(requests, "Periodista"), set(requests["ID"].dropna())))
    with st.expander("Filtros", expanded=False):
        left, middle, right = st.columns(3)
        filters = Filters(
            areas=tuple(left.multiselect("Área", areas, key="f_area", placeholder="Todas")),
            stages=tuple(middle.multiselect("Etapa", [*STAGES, CANCELLED], key="f_stage", placeholder="Todas")),
            journalists=tuple(right.multiselect("Periodista", journalists, key="f_journalist", placeholder="Todos")),
            networks=tuple(left.multiselect("Red", list(NETWORK_CHOICES.values), key="f_network", placeholder="Todas")),
            late_only=middle.checkbox("Solo vencidas", key="f_late"),
            copy_pending=middle.checkbox("Por revisar copy", key="f_copy",
                                         help="La cola del líder: en Recepción de material, con el copy sin revisar."),
            published_from=right.date_input("Publicación desde", value=None, format="DD/MM/YYYY", key="f_from"),
            published_to=right.date_input("Publicación hasta", value=None, format="DD/MM/YYYY", key="f_to"),
        )
    text = st.text_input("Buscar", key="f_text", placeholder="Palabras del título, el área, el solicitante…")
    filters = Filters(**{**filters.__dict__, "text": text})
    if filters.published_from and filters.published_to and filters.published_from > filters.published_to:
        st.warning(f"«Publicación desde» ({fmt_date(filters.published_from)}) es posterior a «Publicación hasta» "
                   f"({fmt_date(filters.published_to)}): ninguna fecha cumple las dos; cambie una de ellas.",
                   icon=":material/date_range:")
    shown = snapshot.derived(("solicitudes: lista", viewer, today, filters),
                             lambda: request_list(requests, status(snapshot, today), filters))
    late = int((shown["Vencida"] == "Sí").sum()) if len(shown) else 0
    with st.container(horizontal=True, vertical_alignment="center"):
        st.markdown(f"**{len(shown)}** solicitudes, **{late}** vencidas.", width="stretch")
        csv_button(shown, f"divulga-solicitudes-{today:%Y-%m-%d}.csv", "requests_csv")
    # a row typed without an ID opens once it has one (Calidad de datos)
    st.caption("Elija una fila para abrir la solicitud.")
    chosen = opening_list(shown, [key if key in with_id else None for key in shown["ID"]], key="requests_table",
                          chosen_key="chosen")
    return chosen


def request_view(snapshot: Snapshot, seen: dict, chosen: str, ends: dict[str, date], today: date,
                 now: datetime) -> None:
    """A request: its stages and due dates, what is recorded, its posts, its stage history and, in stage 2, the
    best hours up to its publication date."""
    tables = snapshot.tables
    end = ends.get(str(seen.get("Estrategia") or ""))
    st.subheader(f"{seen['Título']} ({chosen})")
    st.markdown(f"**Área:** {seen['Área solicitante']} · **Solicitante:** {seen['Solicitante']} · "
                f"**Periodista:** {seen.get('Periodista') or '—'} · **Modalidad:** {seen.get('Modalidad')} · "
                f"**Publicación:** {fmt_date(seen['Fecha de publicación'])}")
    if material_late(seen, today):
        st.warning("El material está atrasado: debía llegar 7 días antes de la publicación.",
                   icon=":material/schedule:")
    st.dataframe([{"#": s.number, "Etapa": s.name, "Estado": s.state, "Vence": fmt_date(s.due) if s.due else ""}
                  for s in stages(seen, office_days(tables), end)], hide_index=True, key="stages_table")
    left, right = st.columns(2)
    left.markdown("##### Lo registrado")
    left.dataframe(recorded(seen), hide_index=True, key="recorded_table",
                   column_config={"Cuándo / enlace": st.column_config.TextColumn(width="large")})
    right.markdown("##### Publicaciones en la parrilla")
    shown_posts = request_posts(tables[POSTS_TAB.name], chosen)
    if shown_posts.empty:
        right.caption("Aún no tiene publicaciones programadas.")
    else:
        picked = right.dataframe(shown_posts, hide_index=True, key="request_posts_table", on_select="rerun",
                                 selection_mode="single-row",
                                 column_config={"Enlace": st.column_config.LinkColumn("Enlace",
                                                                                      display_text="Abrir")})
        right.caption("Elija una fila para abrir la publicación en Parrilla.")
        if picked.selection.rows and shown_posts["ID"].iloc[picked.selection.rows[0]]:
            open_record(POSTS_TAB.name, shown_posts["ID"].iloc[picked.selection.rows[0]])
    st.markdown("##### Historial de etapas")
    st.caption("Los cambios de Etapa hechos a mano en la hoja no dejan historial: solo se ven los de Divulga.")
    st.dataframe(stage_history(current_register().history(), chosen), hide_index=True, key="history_table")

    number = stage_number(seen.get("Etapa"))
    if number == 2:  # Definir acciones: the hour is chosen here (activity 2)
        st.markdown("##### Mejor hora (histórico) y horarios libres de la parrilla")
        publication = seen["Fecha de publicación"]
        day = publication.date() if hasattr(publication, "date") else publication
        best_slots(tables[POSTS_TAB.name], list(seen.get("Redes") or []), day, now,
                   latest=day)  # never after the request's publication date


render(work_page("Solicitudes"), clock.today(), clock.now())
