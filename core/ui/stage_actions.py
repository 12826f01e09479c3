"""What a request's stage lets a person do, on Solicitudes under the request open: advance, go back to Ajustes,
register the material and the copy's review, the approval, the feedback, the closure with its evidence, or
cancel; with the e-mails that ask for the approval and send the evidence."""

from __future__ import annotations

from datetime import date

import streamlit as st

from core.domain import request_actions as actions
from core.domain.mail import approval_email, as_text, closure_email, eml_bytes, mailto, missing_addresses
from core.domain.permissions import COPY_REVIEW, may_write
from core.domain.workflow import APPROVAL_CHECKLIST, is_closed, is_open, next_stage, stage_number
from core.fmt import fmt_date
from core.register import Snapshot
from core.sheet.cells import is_empty
from core.sheet.contract import POSTS_TAB, REQUESTS_TAB, STAGES, USERS_TAB
from core.ui.actions import done, write
from core.ui.confirm import confirmed
from core.ui.person import roles, who


def request_actions(snapshot: Snapshot, seen: dict, chosen: str, today: date) -> None:
    """What the request's stage lets the person do: advance, go back to Ajustes, register material, the copy's
    review, the approval, the feedback, the closure, or cancel."""
    tables = snapshot.tables
    number = stage_number(seen.get("Etapa"))
    st.markdown("##### Acciones")
    closed = is_closed(seen)
    advance_button(seen, chosen)
    if number in (6, 7):
        back_form(seen, chosen)
    material_forms(seen, chosen, number, today)
    if number == 6:
        approval_form(tables, seen, chosen, today)
    if number in (7, 8) and is_empty(seen.get("Feedback entregado")):
        feedback_form(seen, chosen, today)
    if number == 8 and not closed:
        closure_form(tables, seen, chosen, today)
    if is_open(seen):
        cancel_form(seen, chosen)
    if closed:
        st.success(f"Solicitud cerrada: evidencias enviadas el {fmt_date(seen['Evidencias enviadas'])}.",
                   icon=":material/task_alt:")


def advance_button(seen: dict, chosen: str) -> None:
    """To the next stage of its path, once confirmed (Divulga does not take it back)."""
    following = next_stage(seen)
    if following and confirmed(f"Avanzar a {STAGES[following - 1]}", "advance",
                               f"La solicitud pasa de {seen['Etapa']} a **{STAGES[following - 1]}** y su plazo empieza "
                               "hoy; Divulga no la devuelve a la etapa anterior.", primary=True):
        if write(actions.advance, seen):
            done(f"{chosen}: pasó a {STAGES[following - 1]}.")


def back_form(seen: dict, chosen: str) -> None:
    """Back to Ajustes, saying what to adjust (stages 6 and 7)."""
    with st.form("back", border=False):
        reason = st.text_input("Qué hay que ajustar", key=f"back_reason_{chosen}")
        if st.form_submit_button("Volver a Ajustes") and write(actions.back_to_adjustments, seen, reason):
            done(f"{chosen}: volvió a Ajustes.")


def material_forms(seen: dict, chosen: str, number: int | None, today: date) -> None:
    """The material received (stages 3 and 4) and, in stage 3, the leader's review of the copy: the leader
    records both at once, the others the material only."""
    reviews_copy = number == 3 and may_write(roles(), REQUESTS_TAB.name, COPY_REVIEW)  # activity 3: the leader
    if number == 3 and seen.get("Copy revisado") is True:
        st.caption(f"Copy revisado por {seen.get('Copy revisado por') or '—'}"
                   + (f" el {fmt_date(seen['Fecha revisión copy'])}." if seen.get("Fecha revisión copy") else "."))
    elif number == 3 and not reviews_copy:
        st.caption("La revisión del copy externo la registra el Líder; aquí se registra el material.")
    if reviews_copy:
        with st.form("copy", border=False):
            material = st.date_input("Material recibido", value=seen.get("Material recibido") or today,
                                     format="DD/MM/YYYY", key=f"material_day_{chosen}")
            st.markdown(f"Revisó el copy: **{who() or 'escriba su nombre en «Quién trabaja»'}**, hoy "
                        f"{fmt_date(today)}.")
            if st.form_submit_button("Registrar material y revisión del copy") and write(
                    lambda writer: actions.receive_material(writer, seen, material, today)):
                done(f"{chosen}: material y revisión del copy registrados.")
    if number == 4 or (number == 3 and not reviews_copy):
        with st.form("material", border=False):
            material = st.date_input("Material recibido", value=seen.get("Material recibido") or today,
                                     format="DD/MM/YYYY", key=f"material_day_{chosen}")
            if st.form_submit_button("Registrar material") and write(
                    lambda writer: writer.update(REQUESTS_TAB.name, seen, {"Material recibido": material})):
                done(f"{chosen}: material registrado.")


def approval_form(tables: dict, seen: dict, chosen: str, today: date) -> None:
    """Stage 6: who approved, when, the e-mail as evidence and the checklist; and the e-mail asking for it."""
    with st.form("approval", border=True):
        st.markdown("**Aprobación** (quien aprueba suele ser del área solicitante)")
        approver = st.text_input("Aprobado por", key=f"approver_{chosen}")
        approved_on = st.date_input("Fecha de aprobación", value=today, format="DD/MM/YYYY",
                                    key=f"approved_on_{chosen}")
        evidence = st.text_input("Soporte de aprobación (enlace al correo)", key=f"approval_link_{chosen}")
        checked = [item for item in APPROVAL_CHECKLIST if st.checkbox(item, key=f"check_{item}_{chosen}")]
        if st.form_submit_button("Registrar aprobación") and write(
                actions.register_approval, seen, approver, approved_on, evidence, checked):
            done(f"{chosen}: aprobación registrada.")
    users = tables[USERS_TAB.name]
    show_email(approval_email(seen, users), f"aprobacion-{chosen}.eml",
               "Escribir el correo de aprobación", missing_addresses(seen, users, requester=True))


def feedback_form(seen: dict, chosen: str, today: date) -> None:
    """The day the feedback was given (stages 7 and 8, until it is)."""
    with st.form("feedback", border=False):
        given = st.date_input("Feedback entregado", value=today, format="DD/MM/YYYY",
                              key=f"feedback_day_{chosen}")
        if st.form_submit_button("Registrar feedback") and write(actions.record_feedback, seen, given):
            done(f"{chosen}: feedback registrado.")


def closure_form(tables: dict, seen: dict, chosen: str, today: date) -> None:
    """Stage 8: the evidence links that close the request, and the e-mail that sends them."""
    with st.form("close", border=False):
        links = st.text_area("Evidencias (un enlace por línea)", key=f"evidence_{chosen}",
                             value="\n".join(seen.get("Evidencias") or []))
        if st.form_submit_button("Cerrar: evidencias enviadas") and write(
                actions.close, seen, links.split(), today, tables[POSTS_TAB.name]):
            done(f"{chosen}: cerrada, con sus evidencias.")
    users = tables[USERS_TAB.name]
    show_email(closure_email(seen, users, seen.get("Evidencias") or []),
               f"evidencias-{chosen}.eml", "Escribir el correo con las evidencias",
               missing_addresses(seen, users, requester=False))


def cancel_form(seen: dict, chosen: str) -> None:
    """An open request cancelled, with its reason."""
    with st.form("cancel", border=False):
        why = st.text_input("Motivo de la cancelación", key=f"cancel_reason_{chosen}")
        if st.form_submit_button("Cancelar la solicitud") and write(actions.cancel, seen, why):
            done(f"{chosen}: cancelada.")


def show_email(message, file_name: str, label: str, missing: list[str]) -> None:
    """An e-mail to send from one's own mailbox: the mail client, a .eml file, or text to copy; with a
    warning naming the addresses that could not be found."""
    if missing:
        st.warning("Faltan direcciones: " + "; ".join(missing) + ". Complételas en el correo.",
                   icon=":material/alternate_email:")
    left, right = st.columns(2)
    left.link_button(label, mailto(message), icon=":material/mail:")
    right.download_button("Descargar el correo (.eml)", eml_bytes(message), file_name=file_name,
                          mime="message/rfc822", key=f"eml_{file_name}")
    with st.expander("Texto para copiar"):
        st.code(as_text(message), language=None)
