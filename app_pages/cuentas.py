"""Cuentas: the entity's accounts on the networks, when each password must change next (every three months),
the change made today, "someone with access left", and a checker of a candidate password against the
office's rule that keeps nothing (core/domain/accounts.py, core/domain/passwords.py).

The checker's field lives in a form cleared on submit, and the submit's callback reads the candidate, keeps
only the list of failing parts and deletes the field's value from the session state before the page runs:
after a check the candidate is not in `st.session_state`, nor in the register, the Historial or any log."""

from datetime import date

import pandas as pd
import streamlit as st

from core.domain.accounts import (
    accounts_handled_by,
    accounts_table,
    label,
    leaver_note,
    mark_leaver,
    record_rotation,
    rotation_due,
    rotation_notices,
    state,
)
from core.domain.passwords import RULE, check_password
from core.fmt import fmt_date, fmt_int
from core.register import Snapshot
from core.sheet.contract import ACCOUNTS_TAB
from core.sheet.rows import frame_records
from core.ui import clock, work_page
from core.ui.actions import write
from core.ui.confirm import confirmed

CANDIDATE_KEY = "acc_pw_candidate"
RESULT_KEY = "acc_pw_result"
DONE_KEY = "acc_done"


def check_candidate() -> None:
    """The checker's submit: keep which parts fail, never the candidate (its widget value is deleted here,
    before the page runs, so the session state no longer holds it)."""
    candidate = st.session_state.get(CANDIDATE_KEY) or ""
    st.session_state[RESULT_KEY] = {"empty": not candidate, "failing": check_password(candidate)}
    del candidate
    if CANDIDATE_KEY in st.session_state:
        del st.session_state[CANDIDATE_KEY]


def render(snapshot: Snapshot, today: date) -> None:
    """The accounts with their next password change as of `today`, the change made today, someone who left,
    the password checker and the recommendations."""
    tables = snapshot.tables
    if DONE_KEY in st.session_state:
        st.success(st.session_state.pop(DONE_KEY), icon=":material/check_circle:")

    for notice in rotation_notices(tables, today):
        st.warning(notice, icon=":material/key:")
    st.caption("Divulga no guarda contraseñas: de cada cuenta solo lleva la fecha del último cambio (Última rotación). "
               "Las contraseñas cambian cada tres meses; el aviso aparece aquí y en «Hoy» desde 7 días antes. "
               "En la hoja, la pestaña Cuentas lleva la nota «No escriba contraseñas en esta hoja».")

    accounts = [(row, account) for row, account in frame_records(tables[ACCOUNTS_TAB.name])]
    if not accounts:
        st.info("La pestaña Cuentas no tiene cuentas todavía: agréguelas en la hoja (Red, Cuenta, Enlace, Estado, "
                "Responsable, Creada, Última rotación).", icon=":material/account_circle:")
    else:
        st.dataframe(accounts_table(tables, today), hide_index=True, width="stretch", key="acc_table",
                     column_config={"Enlace": st.column_config.LinkColumn("Enlace", display_text="Abrir")})
        rotations(accounts, today)
        leaver_marks(tables, today)
    checker()
    recommendations()


def rotations(accounts: list[tuple[int, dict]], today: date) -> None:
    """A «Cambié la contraseña hoy» button per account."""
    st.subheader("Registrar un cambio de contraseña")
    st.caption(f"Pulse el botón de la cuenta cuya contraseña cambió hoy ({fmt_date(today)}): Divulga escribe la "
               "fecha en Última rotación, y nada más.")
    for row, account in accounts:
        due = rotation_due(account, today)
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(f"**{label(account)}** · próximo cambio {fmt_date(due.due)} · {state(account, today)}",
                        width="stretch")
            if confirmed("Cambié la contraseña hoy", f"acc_rotated_{row}",
                         f"Última rotación de {label(account)} queda en {fmt_date(today)}.",
                         icon=":material/lock_reset:") and write(record_rotation, account, today):
                st.session_state[DONE_KEY] = f"Se registró el cambio de contraseña de {label(account)} hoy."
                st.rerun()


def leaver_marks(tables: dict[str, pd.DataFrame], today: date) -> None:
    """The accounts a person who left handled, marked for a password change from their last day."""
    st.subheader("Alguien con acceso dejó de tenerlo")
    st.caption("Cuando una persona que conocía contraseñas sale del equipo, todas las cuentas que manejaba deben "
               "cambiarlas ya. Divulga busca su nombre en Responsable (sin importar mayúsculas ni tildes; varios "
               "nombres separados por comas) y deja en Observaciones la línea «Nombre» dejó de tener acceso el "
               "dd/mm/aaaa: el cambio vence ese día, hasta que se registre uno posterior.")
    left, right = st.columns([3, 1])
    leaver = left.text_input("Nombre de quien dejó de tener acceso", key="acc_leaver",
                             placeholder="Nombre y apellido, o varios separados por comas")
    last_day = right.date_input("Último día con acceso", value=today, max_value=today, key="acc_leaver_day",
                                format="DD/MM/YYYY")
    if leaver.strip():
        handled = accounts_handled_by(tables, leaver)
        if not handled:
            st.info("Ninguna cuenta tiene a esa persona en Responsable. Revise el nombre, o escriba la línea a mano "
                    "en Observaciones de las cuentas que conocía.", icon=":material/person_search:")
        else:
            st.markdown("Cuentas que manejaba:\n" + "\n".join(
                f"- {label(account)} (Responsable: {account.get('Responsable')})" for account in handled))
            count = f"{fmt_int(len(handled))} cuenta" + ("" if len(handled) == 1 else "s")
            if confirmed(f"Marcar {count} para cambiar la contraseña ya", "acc_mark",
                         f"Cada una queda con la línea {leaver_note(leaver.strip(), last_day)} en Observaciones: "
                         "su cambio de contraseña vence ese día.",
                         icon=":material/person_remove:", primary=True):
                results: list = []
                if write(lambda writer: results.extend(mark_leaver(writer, handled, leaver, last_day))):
                    failed = [result for result in results if result.error is not None]
                    for result in failed:
                        st.error(f"{result.key}: {result.error}")
                    if not failed:
                        written = sum(bool(result.fields) for result in results)
                        st.session_state[DONE_KEY] = (
                            f"Marcadas para cambiar la contraseña ya: {fmt_int(written)} de {count}." if written else
                            "Esas cuentas ya tenían esa marca: no se escribió nada.")
                        st.rerun()


def checker() -> None:
    """A candidate password checked against the office's rule, kept nowhere."""
    st.subheader("Comprobar una contraseña")
    st.caption(f"La regla de la oficina: {RULE} La comprobación se hace aquí mismo y la contraseña no se guarda en "
               "ninguna parte: ni en el registro, ni en el Historial, ni en la sesión.")
    with st.form("acc_checker", clear_on_submit=True, enter_to_submit=True):
        st.text_input("Contraseña que piensa usar", type="password", key=CANDIDATE_KEY, autocomplete="off")
        st.form_submit_button("Comprobar", on_click=check_candidate, icon=":material/rule:")
    result = st.session_state.pop(RESULT_KEY, None)  # shown once: the next run forgets it too
    if result is not None:
        if result["empty"]:
            st.info("Escriba una contraseña y pulse «Comprobar».", icon=":material/password:")
        elif result["failing"]:
            st.error("No cumple la regla:\n" + "\n".join(f"- {part}" for part in result["failing"]),
                     icon=":material/gpp_bad:")
        else:
            st.success("Cumple la regla de la oficina.", icon=":material/verified_user:")


def recommendations() -> None:
    st.subheader("Recomendaciones")
    st.markdown(
        "- Active la **verificación en dos pasos** en todas las cuentas, con un método que el equipo pueda "
        "recuperar si alguien sale (por ejemplo, un teléfono o una aplicación de la entidad).\n"
        "- Guarde las contraseñas en un **gestor de contraseñas compartido** del equipo, no en hojas de cálculo, "
        "correos, chats ni papeles.\n"
        "- No escriba contraseñas en la hoja del registro ni en Observaciones: Divulga solo necesita la fecha del "
        "cambio."
    )


render(work_page("Cuentas"), clock.today())
