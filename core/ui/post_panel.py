"""Parrilla's post panel: the posts shown as rows that open, and the post open (chosen there or by another
page) to move, edit, mark published or cancel, each in its own tab and form."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import streamlit as st

from core.domain import posts
from core.fmt import fmt_date, fmt_datetime, fmt_time
from core.register import Snapshot
from core.sheet.cells import BOGOTA
from core.sheet.contract import FORMAT_CHOICES, POSTS_TAB, PRODUCT_CHOICES, REQUESTS_TAB, SCHEDULED
from core.ui.actions import done, write
from core.ui.grid_view import WEEKDAYS, badge
from core.ui.widgets import opening_list

OPEN_KEY = "g_open"  # the post open below the table


def post_view(snapshot: Snapshot, shown: pd.DataFrame, now: datetime) -> None:
    """The posts shown, as rows that open; the post open (chosen here or by another page) to move, edit,
    publish (not later than `now`) or cancel."""
    requests = snapshot.tables[REQUESTS_TAB.name]
    st.subheader("Mover, editar, publicar o cancelar una publicación")
    post_list(shown)
    post_id = st.session_state.get(OPEN_KEY)
    seen = opened_post(snapshot, post_id) if post_id else None
    if seen:
        name = f"{post_id} ({seen['Red']})"
        st.markdown(f"{badge(seen['Red'])} **{post_id}** · **{seen['Estado']}** · programada "
                    f"{fmt_datetime(seen['Programada'])}"
                    + (f" · solicitud {seen['Solicitud']}" if seen.get("Solicitud") else ""))
        refusal = posts.approval_missing(seen, requests) if seen["Estado"] == SCHEDULED else None
        if refusal:
            st.info(refusal, icon=":material/lock:")
        move, edit, publish, cancel = st.tabs(["Mover", "Editar", "Marcar publicada", "Cancelar"])
        with move:
            move_form(seen, name)
        with edit:
            edit_form(seen, name)
        with publish:
            publish_form(seen, requests, name, now)
        with cancel:
            cancel_form(seen, post_id, name)


def post_list(shown: pd.DataFrame) -> None:
    """The posts shown, one row each, that open when chosen."""
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


def opened_post(snapshot: Snapshot, post_id: str) -> dict | None:
    """The post open, or None with a warning when the register lacks it."""
    try:
        return snapshot.record(POSTS_TAB.name, post_id)
    except KeyError:
        st.warning(f"La publicación {post_id} no está en el registro (o su fila tiene errores: Calidad de datos).",
                   icon=":material/search_off:")
        return None


def move_form(seen: dict, name: str) -> None:
    """Another day and hour for the post."""
    with st.form("g_move"):
        left, right = st.columns(2)
        new_day = left.date_input("Nuevo día", value=seen["Programada"].date(), format="DD/MM/YYYY")
        new_hour = right.time_input("Nueva hora", value=seen["Programada"].time(), step=timedelta(minutes=15))
        moved = datetime.combine(new_day, new_hour, BOGOTA)
        if st.form_submit_button("Mover") and write(posts.reschedule, seen, moved):
            done(f"{name}: movida del {fmt_datetime(seen['Programada'])} al {fmt_datetime(moved)}.")


def edit_form(seen: dict, name: str) -> None:
    """Its copy, format, product and link; the notice says which of them changed."""
    with st.form("g_edit"):
        new_copy = st.text_area("Copy", value=seen.get("Copy") or "", height=120)
        left, middle = st.columns(2)
        formats, products = list(FORMAT_CHOICES.values), list(PRODUCT_CHOICES.values)
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


def publish_form(seen: dict, requests: pd.DataFrame, name: str, now: datetime) -> None:
    """Marked published at a moment not after `now`, with its link and its ID in the network."""
    with st.form("g_publish"):
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


def cancel_form(seen: dict, post_id: str, name: str) -> None:
    """Cancelled once the person ticks that it cannot be undone."""
    with st.form("g_cancel"):
        sure = st.checkbox("Sí, cancelar esta publicación (queda en el registro como Cancelada; no se deshace)")
        if st.form_submit_button("Cancelar la publicación"):
            if not sure:
                st.error(f"**No se canceló {post_id}.** Marque la casilla para confirmar: cancelar no se deshace.")
            elif write(posts.cancel, seen):
                done(f"{name}: cancelada; queda en el registro como Cancelada.")
