"""Widgets shared by pages: the register's header line, a table's CSV download (the tables' own toolbar
download is off: it would write formula-looking text as typed) and a filterable list with its download."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from core.files.spreadsheet_safety import csv_bytes
from core.fmt import fmt_datetime
from core.register import Snapshot
from core.sheet.contract import HISTORY_TAB
from core.ui.actions import show_done
from core.ui.data import _REFRESH_KEY, current_register, load_snapshot, reload_button
from core.ui.person import person
from core.ui.quality import ROW, TAB, filter_frame, tabs_in


def register_header(snapshot: Snapshot) -> None:
    """Which store is in use and when it was read, with the "Leer de nuevo" button beside it."""
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(f"Registro en uso: **{snapshot.store_label}** · leído el **{fmt_datetime(snapshot.read_at)}** "
                   "(hora de Bogotá)", width="stretch")
        reload_button()
    for warning in snapshot.store_warnings:
        st.warning(warning, icon=":material/language:")


def csv_button(frame: pd.DataFrame, file_name: str, key: str,
               help: str = "La lista tal como se muestra (con los filtros), para abrir en Excel.") -> None:
    """A download of `frame` as a CSV Excel in Spanish opens as is, formula-looking text made inert; made when the
    button is pressed, not on every rerun."""
    st.download_button("Descargar CSV", lambda: csv_bytes(frame), file_name=file_name, mime="text/csv", key=key,
                       on_click="ignore",  # downloading changes nothing: no rerun
                       icon=":material/download:", disabled=frame.empty, help=help)


def filtered_list(
    frame: pd.DataFrame,
    *,
    key: str,
    tab_order: Sequence[str],
    describe: Callable[[pd.DataFrame], str],
    file_name: str,
    search_help: str,
    column_config: dict | None = None,
) -> pd.DataFrame:
    """A list of lines (one column `Pestaña`) with a tab filter, a word search, the count of what is
    shown, the table and a CSV download of what is shown. Returns the lines shown."""
    tabs_column, text_column = st.columns([2, 3])
    tabs = tabs_column.multiselect(
        "Pestaña", tabs_in(frame, tab_order), key=f"{key}_tabs", placeholder="Todas las pestañas"
    )
    text = text_column.text_input("Buscar", key=f"{key}_text", placeholder=search_help)
    shown = filter_frame(frame, tabs, text)
    filtered = len(shown) != len(frame)
    with st.container(horizontal=True, vertical_alignment="center"):
        st.markdown(f"Se muestran {describe(shown)}" if filtered else describe(shown), width="stretch")
        csv_button(shown, file_name, f"{key}_csv")
    if shown.empty:
        st.info("Ninguna línea coincide con los filtros; quite alguno para ver más.", icon=":material/filter_alt_off:")
    else:
        config = {
            TAB: st.column_config.TextColumn(TAB, width=150),
            ROW: st.column_config.NumberColumn(ROW, format="%d", width=70),
            **(column_config or {}),
        }
        st.dataframe(shown, hide_index=True, column_config=config, placeholder="—", key=f"{key}_table")
    return shown


def clear_fields(empty: Mapping[str, Any]) -> None:
    """Empty a form after its save: each widget key takes its empty value. Set, not deleted: a browser keeps
    what a widget showed when its key is only deleted from the session (AppTest does not show that)."""
    for key, value in empty.items():
        st.session_state[key] = value


def opening_list(frame: pd.DataFrame | list, ids: Sequence[str | None], *, key: str, chosen_key: str,
                 column_config: dict | None = None, without_id: str | None = None) -> str | None:
    """A list whose rows open: selecting a row makes its ID the record shown below it. The chosen ID lives in
    the session under `chosen_key`, where another page may put one too (`navigation.open_record`). Only a new
    selection opens: a row still selected from before, in a list reordered by a write, opens nothing else. A
    row without an ID (typed by hand in the sheet) does not open; `without_id` says so. Returns the chosen ID,
    or None."""
    picked = st.dataframe(frame, hide_index=True, width="stretch", key=key, on_select="rerun",
                          selection_mode="single-row", column_config=column_config).selection.rows
    if tuple(picked) != st.session_state.get(f"{key}_picked"):  # a row just chosen opens below
        st.session_state[f"{key}_picked"] = tuple(picked)
        row_id = ids[picked[0]] if picked and picked[0] < len(ids) else None
        if row_id:
            st.session_state[chosen_key] = row_id
        elif picked and without_id:
            st.info(without_id, icon=":material/info:")
    return st.session_state.get(chosen_key) or None


def work_page(title: str, *, with_history: bool = False) -> Snapshot:
    """The start of a page where people work: its title, the register with its header line, and who works in
    the sidebar. Returns the snapshot. `with_history`: the page reads Historial too (`Register.history()`),
    which «Leer de nuevo» then reads again as well."""
    reread = bool(st.session_state.get(_REFRESH_KEY))  # load_snapshot takes the request away
    person()  # first: a session nobody identified stops here, before anything of the register is drawn
    show_done()  # what the last action saved, when it ran the page again
    st.title(title)
    snapshot = load_snapshot()
    register_header(snapshot)
    if with_history and reread:
        current_register().forget(HISTORY_TAB)
    return snapshot


def register_page(title: str, intro: str) -> Snapshot:
    """The start of a page about the register itself (Inicio, Calidad de datos): its title and what it is, the
    register with its header line, then who works in the sidebar. Returns the snapshot."""
    st.title(title)
    st.markdown(intro)
    snapshot = load_snapshot()
    register_header(snapshot)
    person()
    return snapshot


def assignee_select(label: str, team: list[str], current: str | None, key: str, container=st,
                    placeholder: str = "Elija o escriba un nombre") -> str | None:
    """«Asignado a»: a person of the team (`core.domain.team.team_names`) or a name typed there, `current` first chosen;
    a name outside the team is accepted (the caller shows `core.domain.team.outside_team_notice`)."""
    options = [*team, *([current] if current and current not in team else [])]
    return container.selectbox(label, options, index=options.index(current) if current else None, key=key,
                               accept_new_options=True, placeholder=placeholder,
                               help="Quien atiende el mensaje: lo ve en su Hoy y en `pendientes --persona`.")
