"""Hoy: what is due today and by the next working day — the person working's own tasks first, the whole team's
one click away —, the posts scheduled today, and the team's overdue requests per stage and per journalist.
Everything comes from the register's status (core/domain/status.py), computed once per snapshot and day."""

from datetime import date

import streamlit as st

from core.domain import pqrs
from core.domain.accounts import rotation_notices
from core.domain.pending import Today, today_view
from core.domain.status import KIND_LABELS, status
from core.domain.team import own_roles
from core.fmt import fmt_count, fmt_date, fmt_int, fmt_time
from core.register import Snapshot
from core.ui import clock, work_page
from core.ui.navigation import link, open_record
from core.ui.person import current

MINE, TEAM = "Lo mío", "Todo el equipo"


def render(snapshot: Snapshot, today: date) -> None:
    """The day's work of the person (or of the team), the PQRS queues, today's posts and the overdue requests."""
    tables = snapshot.tables
    now = status(snapshot, today)
    identity = current()
    me = identity.name
    whose = st.segmented_control(
        "Ver", [MINE, TEAM], default=MINE, key="hoy_whose", required=True,
        help="Lo suyo: las solicitudes de las que es periodista y los mensajes asignados a usted, más lo que su rol "
             "le da (Líder: revisión de copy, aprobaciones, casos especiales; Community manager: publicar, cierres "
             "de campaña, monitoreo y mensajes sin asignar; Atención a la Ciudadanía: traslados y términos).")
    mine = whose == MINE
    if mine and not me:
        st.info("Escriba su nombre en «Quién trabaja» para ver lo suyo; mientras tanto, se ve lo de todo el equipo.",
                icon=":material/person:")
        mine = False
    my_roles = own_roles(tables, me, identity.roles, local=identity.local) if mine else ()
    if mine:
        st.caption(f"Lo de **{me}**" + (f" ({', '.join(my_roles)})" if my_roles else ""))
    view = today_view(tables, now, me if mine else None, my_roles)

    with st.container(horizontal=True):  # the PQRS queues, for everyone (citizens' messages are the team's)
        for name, count in now.queue_counts().items():
            st.metric(pqrs.QUEUE_LABELS[name], fmt_int(count), border=True)
    link("app_pages/colas.py", "Ver las colas de PQRS", ":material/inbox:")
    for notice in rotation_notices(tables, today):  # passwords due within 7 days or overdue
        st.warning(notice, icon=":material/key:")

    st.subheader(f"Vence hoy ({fmt_date(today)}) o el próximo día hábil")
    due_now(view, mine, today)

    st.subheader("Publicaciones programadas hoy")
    if view.posts.empty:
        st.info("No hay publicaciones programadas para hoy.", icon=":material/event_available:")
    else:
        st.dataframe([{"Hora": fmt_time(row["Programada"]), "Red": row["Red"], "Estado": row["Estado"],
                       "ID": row["ID"], "Copy": row["Copy"]} for _, row in view.posts.iterrows()],
                     hide_index=True, width="stretch")

    st.subheader("Vencidas del equipo")
    if view.late_per_stage.empty:
        st.success("No hay solicitudes vencidas.", icon=":material/check_circle:")
    else:
        left, right = st.columns(2)
        left.dataframe(view.late_per_stage, hide_index=True)
        right.dataframe(view.late_per_journalist, hide_index=True)
    st.caption("Los plazos del procedimiento cuentan días hábiles (festivos de Colombia y los días no hábiles de "
               "Listas), o días calendario si así lo dice el ajuste «Días de los plazos»; los términos legales de las "
               "PQRS cuentan días hábiles menos las suspensiones de términos de Listas.")


def due_now(view: Today, mine: bool, today: date) -> None:
    """What is due today or by the next working day, then the backlog apart (collapsed when there is today's
    work)."""
    if not view.due:
        st.success(("Nada suyo" if mine else "Nada") + " vence hoy ni el próximo día hábil.",
                   icon=":material/check_circle:")
        return
    st.markdown(f"{fmt_count(len(view.due), 'pendiente', 'pendientes')}, "
                f"{fmt_count(len(view.backlog), 'ya vencido', 'ya vencidos')}.")
    st.caption("Elija una fila para abrir lo que hay que hacer; primero lo de hoy y el próximo día hábil.")
    if view.current:
        tasks_table(view.current, "hoy_due", today)
    if view.backlog:
        oldest = view.backlog[0].due
        with st.expander(f"Atrasados: {fmt_count(len(view.backlog), 'pendiente', 'pendientes')}, el más antiguo "
                         f"del {fmt_date(oldest)}", expanded=not view.current, icon=":material/history:"):
            tasks_table(view.backlog, "hoy_backlog", today)


def tasks_table(tasks, key: str, today: date) -> None:
    """Tasks as rows that open: choosing one goes to its record's page."""
    picked = st.dataframe([{"Vence": fmt_date(item.due) + (" (vencido)" if item.due < today else ""),
                            "Tipo": KIND_LABELS.get(item.kind, item.kind), "ID": item.id, "Qué": item.detail,
                            "Quién": item.person or item.role}
                           for item in tasks], hide_index=True, width="stretch", key=key,
                          on_select="rerun", selection_mode="single-row").selection.rows
    if picked:
        task = tasks[picked[0]]
        if not task.id.startswith(f"{task.tab} fila "):  # a row without an ID has nothing to open yet
            open_record(task.tab, task.id)


render(work_page("Hoy"), clock.today())
