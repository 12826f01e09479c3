"""Mensajes: log citizens' messages fast (twenty in a row from the keyboard; a pasted link fills the network
and the handle), then classify, answer with a template, hand over to Atención a la Ciudadanía and record
what ATC writes back, each from the message's own view."""

from datetime import date, datetime, time

import streamlit as st

from core.domain import message_actions, pqrs
from core.domain.mail import as_text, mailto
from core.domain.permissions import DECISION, can_see_personal_data, decision_pending_refusal, may_write
from core.domain.status import status
from core.domain.team import outside_team_notice, team_names
from core.domain.templates import fill
from core.fmt import fmt_count, fmt_date, fmt_datetime
from core.register import Snapshot
from core.settings import ATC_MAILBOX, settings_of
from core.sheet.cells import BOGOTA
from core.sheet.contract import (
    ACCOUNTS_TAB,
    INTERACTION_CHOICES,
    JURISDICTION_CHOICES,
    LISTS_TAB,
    MESSAGES_TAB,
    NETWORK_CHOICES,
    TEMPLATES_TAB,
    TYPOLOGY_CHOICES,
)
from core.sheet.rows import frame_records
from core.ui import clock, work_page
from core.ui.actions import done, write
from core.ui.confirm import confirmed
from core.ui.messages_view import message_list
from core.ui.navigation import OPEN_MESSAGE_KEY
from core.ui.person import roles, who
from core.ui.widgets import assignee_select, clear_fields, opening_list

LOGGED_KEY = "message_logged"
GUESSED_USER_KEY = "m_user_from_link"  # the handle the link gave, replaced when another link is pasted
DUPLICATE_KEY = "message_duplicate_ok"  # the candidate the person chose to save although it looks repeated
CLEARED = {"m_link": "", "m_user": "", "m_capture": "", "m_text": "", "m_class": None, "m_topic": None,
           "m_competence": None, "m_special": False}  # kept between messages: network, type, day, assignee


def render(snapshot: Snapshot, today: date, now: datetime) -> None:
    """Two tabs: the form that logs a message (received `today` at `now` unless changed), and the list whose
    rows open a message's view."""
    tables = snapshot.tables
    own_accounts = list(tables[ACCOUNTS_TAB.name]["Cuenta"].dropna()) if len(tables[ACCOUNTS_TAB.name]) else []
    topics = sorted(tables[LISTS_TAB.name]["Temas"].dropna().unique()) if len(tables[LISTS_TAB.name]) else []
    team = team_names(tables)  # who «Asignado a» offers
    personal = can_see_personal_data(roles())

    if LOGGED_KEY in st.session_state:  # the next message starts from an empty form (no double saves)
        clear_fields(CLEARED)
        st.session_state.pop(GUESSED_USER_KEY, None)
    if st.session_state.pop(OPEN_MESSAGE_KEY, False):  # opened from Hoy, the queues or its notice: on the message
        st.session_state["m_tab"] = "Un mensaje"
    log, one = st.tabs(["Registrar", "Un mensaje"], key="m_tab", on_change="rerun")
    with log:
        log_tab(snapshot, own_accounts, topics, team, today, now)
    with one:
        chosen = message_list_tab(snapshot, personal, today)
        if chosen:
            message_view(snapshot, chosen, topics, team, personal, today, now)


def open_logged(message_id: str) -> None:
    st.session_state["m_chosen"], st.session_state[OPEN_MESSAGE_KEY] = message_id, True


def read_link(own_accounts: list[str]) -> None:
    """A pasted link fills «Red» and «Usuario» at once, so the person sees them before saving; a handle the
    previous link gave goes with it, one typed by hand and saved is kept."""
    guessed_network, guessed_user = message_actions.from_link(st.session_state.get("m_link") or "", own_accounts)
    if guessed_network:
        st.session_state["m_network"] = guessed_network
    typed = st.session_state.get("m_user") or ""
    if not typed or typed == st.session_state.get(GUESSED_USER_KEY):
        st.session_state["m_user"] = guessed_user or ""
    st.session_state[GUESSED_USER_KEY] = guessed_user


def log_tab(snapshot: Snapshot, own_accounts: list[str], topics: list[str], team: list[str], today: date,
            now: datetime) -> None:
    """The form of a new message, with what the link shows and a warning when it looks repeated."""
    if LOGGED_KEY in st.session_state:
        logged_notice(*st.session_state.pop(LOGGED_KEY))
    link = link_field(own_accounts)
    with st.form("m_log", enter_to_submit=True, border=False):
        form = log_form(snapshot, topics, team, link, today, now)
        submitted = st.form_submit_button("Registrar", type="primary")
    if submitted:
        save_message(snapshot.tables, form, own_accounts, now)


def logged_notice(logged: str, notice: str | None) -> None:
    """The message just logged, with a button that opens it, and the notice about its assignee."""
    with st.container(horizontal=True, vertical_alignment="center"):
        st.success(f"Registrado: **{logged}**. Siga con el siguiente.", icon=":material/check_circle:",
                   width="stretch")
        st.button(f"Abrir {logged}", key="m_open_logged", on_click=open_logged, args=(logged,),
                  icon=":material/open_in_new:")
    if notice:
        st.info(notice, icon=":material/person_search:")


def link_field(own_accounts: list[str]) -> str:
    """The message's link, and what it shows of the network and the user."""
    link = st.text_input("Enlace del mensaje", key="m_link", on_change=read_link, args=(own_accounts,),
                         help="Pegue el enlace: la red y el usuario se llenan solos cuando el enlace los muestra.")
    if link:
        shown_network, shown_user = message_actions.from_link(link, own_accounts)
        st.caption(f"Del enlace: red **{shown_network}**, " + (f"usuario **{shown_user}**." if shown_user else
                   "sin usuario (el enlace no lo muestra: escríbalo si lo sabe).") if shown_network else
                   "El enlace no muestra la red: elíjala en «Red».")
    return link


def log_form(snapshot: Snapshot, topics: list[str], team: list[str], link: str, today: date,
             now: datetime) -> dict:
    """The message's fields as typed (inside the form), keyed by their columns in the sheet's order."""
    left, middle, right = st.columns(3)
    network = left.selectbox("Red", [*NETWORK_CHOICES.values, *snapshot.context.extra_networks], index=None,
                             key="m_network", placeholder="Del enlace")
    kind = middle.selectbox("Tipo de interacción", list(INTERACTION_CHOICES.values), key="m_kind")
    user = right.text_input("Usuario", key="m_user", placeholder="Del enlace, p. ej. @usuario")
    text = st.text_area("Mensaje *", key="m_text", height=100,
                        help="Tal como lo escribió la persona. Sin números de documento ni direcciones: esos "
                             "datos van directo a Bogotá te escucha.")
    left, middle, right, far = st.columns(4)
    capture = left.text_input("Captura (enlace)", key="m_capture")
    assigned = assignee_select("Asignado a", team, None, "m_assigned", middle,  # empty: whoever logs it
                               placeholder=f"{who()} (quien registra)" if who() else "Quien registra")
    day = right.date_input("Recibido: día *", value=today, format="DD/MM/YYYY", key="m_day")
    moment = far.time_input("Hora *", value=now.time().replace(second=0, microsecond=0), key="m_time")
    return {"Recibido": datetime.combine(day, moment or time(), BOGOTA), "Red": network, "Tipo de interacción": kind,
            "Usuario": user, "Enlace": link, "Captura": capture, "Mensaje": text, **classify_now(topics),
            "Asignado a": assigned}


def classify_now(topics: list[str]) -> dict:
    """The optional classification of a message being logged (inside the form)."""
    with st.expander("Clasificar ahora (opcional)"):
        left, middle, right = st.columns(3)
        kind_pqrs = left.selectbox("Clasificación", list(TYPOLOGY_CHOICES.values), index=None, key="m_class",
                                   placeholder="Sin clasificar")
        topic = middle.selectbox("Tema", topics, index=None, key="m_topic", placeholder="—")
        competence = right.selectbox("Competencia", list(JURISDICTION_CHOICES.values), index=None, key="m_competence",
                                     placeholder="Sin definir")
        special = st.checkbox("Caso especial (consultar con el líder)", key="m_special")
    return {"Clasificación": kind_pqrs, "Tema": topic, "Competencia": competence, "Caso especial": special}


def save_message(tables: dict, form: dict, own_accounts: list[str], now: datetime) -> None:
    """Logs the message, unless it looks repeated and the person has not pressed «Registrar» again for it."""
    values = message_actions.logged(form, own_accounts, who())  # by default, whoever logs it
    alike = pqrs.likely_duplicates(tables[MESSAGES_TAB.name], values)
    signature = (values["Red"], form["Enlace"], values["Usuario"], form["Mensaje"])
    if alike and st.session_state.get(DUPLICATE_KEY) != signature:
        st.session_state[DUPLICATE_KEY] = signature
        st.warning(f"Parece repetido de {', '.join(alike)} (misma red y enlace, o mismo usuario y texto). Si es "
                   "otro mensaje, pulse **Registrar** otra vez y se guarda.", icon=":material/content_copy:")
    else:
        made: list[str] = []
        if write(lambda writer: made.append(message_actions.log(writer, values, now))):
            st.session_state.pop(DUPLICATE_KEY, None)
            st.session_state[LOGGED_KEY] = (made[0], outside_team_notice(tables, values["Asignado a"]))
            st.rerun()


def message_list_tab(snapshot: Snapshot, personal: bool, today: date) -> str | None:
    """The messages (those with something to do, at first) found by a search; returns the one chosen."""
    messages = snapshot.tables[MESSAGES_TAB.name]
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    search = left.text_input("Buscar", key="m_search", placeholder="ID, clasificación, tema, asignado"
                             + (", usuario o palabras del mensaje" if personal else ""))
    pending_only = right.toggle("Solo con algo por hacer", value=True, key="m_pending_only")
    listed, total = message_list(messages, status(snapshot, today), pending_only=pending_only, text=search,
                                 personal=personal)
    st.caption(f"{fmt_count(total, 'mensaje', 'mensajes')}" + (f"; se muestran los {len(listed)} más recientes, "
               "busque para ver otros" if total > len(listed) else "") + ". Elija una fila para abrir el mensaje.")
    with_id = set(messages["ID"].dropna())
    chosen = opening_list(listed, [key if key in with_id else None for key in listed["ID"]], key="m_table",
                          chosen_key="m_chosen")
    return chosen


def message_view(snapshot: Snapshot, chosen: str, topics: list[str], team: list[str], personal: bool, today: date,
                 now: datetime) -> None:
    """A message: who wrote what (for the roles that see it), its days and its legal term, and its four tabs."""
    tables = snapshot.tables
    settings = settings_of(tables)
    seen = snapshot.record(MESSAGES_TAB.name, chosen)
    message_header(tables, seen, chosen, personal, today)
    classify, answer, atc, leader = st.tabs(["Clasificar", "Responder", "Atención a la Ciudadanía", "Líder"])
    with classify:
        classify_tab(tables, seen, chosen, topics, team)
    with answer:
        answer_tab(tables, settings, seen, chosen, now)
    with atc:
        atc_handoff(settings, seen, chosen, today)
        atc_writeback(seen, chosen, today)
    with leader:
        leader_tab(seen, chosen)


def message_header(tables: dict, seen: dict, chosen: str, personal: bool, today: date) -> None:
    """Who wrote what (for the roles that see it), when, and how its legal term runs."""
    st.subheader(f"Mensaje {chosen}")
    st.markdown(f"**{seen['Red']}** · {seen.get('Tipo de interacción') or 'sin tipo'} · recibido "
                f"{fmt_datetime(seen['Recibido'])} · **{seen.get('Clasificación') or 'sin clasificar'}**")
    if personal:
        st.markdown(f"**{seen.get('Usuario') or 'sin usuario'}** escribió:")
        st.text(seen["Mensaje"])  # as typed: a text that starts with "=" stays text
        if seen.get("Enlace"):
            st.markdown(f"[Abrir en la red]({seen['Enlace']})")
    else:
        st.info("El usuario, el texto y la captura solo los ven Comunicaciones y Atención a la Ciudadanía.",
                icon=":material/lock:")
    received_on = pqrs.received_day(seen)
    if seen.get("Fecha de radicación") and received_on:
        filed_on = seen["Fecha de radicación"].date()
        st.caption(f"Radicado el {fmt_date(filed_on)}, {(filed_on - received_on).days} días después de recibido en "
                   "la red (el término legal corre desde el recibo).")
    elif received_on:
        st.caption(f"Lleva {(today - received_on).days} días desde que llegó a la red, sin radicar.")
    due = pqrs.term_due(seen, pqrs.legal_days(tables))
    if due:
        st.caption(f"Término legal: vence el {fmt_date(due)} (Ley 1755 de 2015, desde el recibo en la red).")


def classify_tab(tables: dict, seen: dict, chosen: str, topics: list[str], team: list[str]) -> None:
    """Its classification, topic, competence, assignee and special case; then who is outside the team."""
    with st.form(f"m_classify_{chosen}"):
        left, middle, right = st.columns(3)
        options = list(TYPOLOGY_CHOICES.values)
        new_class = left.selectbox("Clasificación", options, index=options.index(seen["Clasificación"])
                                   if seen.get("Clasificación") in options else None, placeholder="Sin clasificar")
        new_topic = middle.selectbox("Tema", topics, index=topics.index(seen["Tema"])
                                     if seen.get("Tema") in topics else None, placeholder="Sin tema")
        competence_options = list(JURISDICTION_CHOICES.values)
        new_competence = right.selectbox("Competencia", competence_options,
                                         index=competence_options.index(seen["Competencia"])
                                         if seen.get("Competencia") in competence_options else None,
                                         placeholder="Sin definir")
        assigned = assignee_select("Asignado a", team, seen.get("Asignado a"), f"m_assigned_{chosen}")
        special = st.checkbox("Caso especial (consultar con el líder)", value=bool(seen.get("Caso especial")))
        if st.form_submit_button("Guardar clasificación") and write(
                lambda writer: writer.update(MESSAGES_TAB.name, seen, {
                    "Clasificación": new_class, "Tema": new_topic, "Competencia": new_competence,
                    "Asignado a": assigned or None, "Caso especial": special})):
            st.session_state[f"m_notice_{chosen}"] = outside_team_notice(tables, assigned)
            done(f"{chosen}: clasificación guardada.")
    if notice := st.session_state.pop(f"m_notice_{chosen}", None):
        st.info(notice, icon=":material/person_search:")


def answer_tab(tables: dict, settings: dict, seen: dict, chosen: str, now: datetime) -> None:
    """A template filled with the message and the office's data, and «answered in the network»."""
    templates = {row["Nombre"]: row for _, row in frame_records(tables[TEMPLATES_TAB.name])}
    name = st.selectbox("Plantilla", list(templates), index=None, key=f"m_template_{chosen}",
                        placeholder="Elija una plantilla")
    if name:
        filled = fill(templates[name]["Texto"], settings, seen)
        st.code(filled.text, language=None, wrap_lines=True)
        if filled.missing:
            st.warning("Falta confirmar: " + "; ".join(filled.missing) + ".", icon=":material/contact_phone:")
    if seen.get("Respondido"):
        st.success(f"Respondido el {fmt_datetime(seen.get('Fecha de respuesta'))}"
                   + (f" con «{seen['Plantilla']}»" if seen.get("Plantilla") else "") + ".")
    elif confirmed("Marcar respondido en la red", f"m_answer_{chosen}",
                   "Queda registrado que se respondió hoy en la red" + (f" con «{name}»" if name else "")
                   + "; no se puede desmarcar desde Divulga.") and write(message_actions.answer, seen, name, now):
        done(f"{chosen}: respondido en la red.")


def atc_handoff(settings: dict, seen: dict, chosen: str, today: date) -> None:
    """The e-mail to Atención a la Ciudadanía and «sent today», once the message has a tipología (and, on a
    special case, the leader's decision)."""
    if seen.get("Enviado a ATC"):
        st.caption(f"Enviado a Atención a la Ciudadanía el {fmt_date(seen['Enviado a ATC'])}.")
    elif message_actions.is_pqrs(seen):
        mailbox = settings[ATC_MAILBOX]
        email = message_actions.atc_email(seen, mailbox, who() or "Comunicaciones")
        if not mailbox:
            st.warning("Falta el correo de Atención a la Ciudadanía (Ajustes).", icon=":material/mail:")
        st.link_button("Abrir el correo", mailto(email), icon=":material/mail:")
        st.code(as_text(email), language=None, wrap_lines=True)
        waiting = decision_pending_refusal(MESSAGES_TAB.name, {**seen, "Enviado a ATC": today}, ["Enviado a ATC"])
        if waiting:
            st.info(waiting, icon=":material/gavel:")
        elif confirmed("Enviar a Atención a la Ciudadanía (marcar enviado hoy)", f"m_send_{chosen}",
                       f"Queda registrado que se envió hoy ({fmt_date(today)}) a Atención a la Ciudadanía: "
                       "envíe el correo de arriba. No se puede desmarcar desde Divulga.", primary=True) and write(
                message_actions.send_to_atc, seen, today):
            done(f"{chosen}: enviado a Atención a la Ciudadanía.")
    else:
        st.caption("Se envía a Atención a la Ciudadanía cuando tiene una tipología (Clasificar).")


def atc_writeback(seen: dict, chosen: str, today: date) -> None:
    """What Atención a la Ciudadanía writes back: the filing, a transfer, the final answer."""
    with st.form(f"m_filing_{chosen}"):
        st.markdown("**Lo que escribe Atención a la Ciudadanía**")
        left, middle, right = st.columns(3)
        number = left.text_input("Número de radicado", value=seen.get("Número de radicado") or "")
        internal = middle.text_input("Radicado interno", value=seen.get("Radicado interno") or "")
        filed_on = right.date_input("Fecha de radicación", value=today, format="DD/MM/YYYY")
        if st.form_submit_button("Registrar radicado") and write(
                message_actions.register_filing, seen, number, internal, filed_on):
            done(f"{chosen}: radicado registrado.")
    left, right = st.columns(2)
    with left.form(f"m_transfer_{chosen}"):
        entity = st.text_input("Trasladado a", value=seen.get("Trasladado a") or "")
        if st.form_submit_button("Registrar traslado") and write(message_actions.register_transfer, seen, entity):
            done(f"{chosen}: traslado registrado.")
    with right.form(f"m_final_{chosen}"):
        final_day = st.date_input("Respuesta definitiva", value=today, format="DD/MM/YYYY")
        if st.form_submit_button("Registrar respuesta definitiva") and write(
                message_actions.register_final_answer, seen, final_day):
            done(f"{chosen}: respuesta definitiva registrada.")


def leader_tab(seen: dict, chosen: str) -> None:
    """The leader's decision on a special case: written by whoever may, read by the others."""
    if not seen.get("Caso especial"):
        st.caption("No es un caso especial.")
    elif not may_write(roles(), MESSAGES_TAB.name, [DECISION]):
        st.caption(f"Decisión del líder: {seen.get(DECISION) or 'aún no la registra el Líder'}.")
    else:
        with st.form(f"m_decide_{chosen}"):
            decision = st.text_area("Decisión del líder", value=seen.get(DECISION) or "")
            if st.form_submit_button("Registrar decisión") and write(message_actions.decide, seen, decision):
                done(f"{chosen}: decisión del líder registrada.")


render(work_page("Mensajes de la ciudadanía"), clock.today(), clock.now())
