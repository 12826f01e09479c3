"""Historial (for the leader): every write Divulga made, with who, when, tab, ID, action and the fields
changed (before → after), filterable and downloadable. Filters run on the whole Historial without parsing
it (core/ui/history_view.py); the table shows the newest `SHOWN_ROWS`, the CSV holds every row that passes."""

from datetime import date

import pandas as pd
import streamlit as st

from core.files.spreadsheet_safety import csv_bytes
from core.fmt import fmt_int
from core.register import Snapshot
from core.ui import clock, current_register, store_errors, work_page
from core.ui.history_view import (
    FIELD,
    ID,
    TAB,
    HistoryFilter,
    actions_in,
    field_rows,
    fields_of,
    filter_history,
    people_in,
    record_rows,
    tabs_in,
)
from core.ui.navigation import RECORD_PAGES, open_record

SHOWN_ROWS = 1_000  # rows drawn in the table; the download has them all


def render(snapshot: Snapshot, today: date) -> None:
    """The Historial (read apart from the snapshot), its filters up to `today`, the count, the CSV and the table
    whose rows open their record."""
    with store_errors():
        history = current_register().history()

    st.caption("Cada escritura de Divulga: quién, cuándo, en qué pestaña y fila (ID), qué acción y qué campos "
               "cambiaron (antes → después). Las ediciones hechas a mano en la hoja no pasan por aquí.")
    if history.empty:
        st.info("El Historial está vacío: todavía nadie ha escrito desde Divulga.", icon=":material/history:")
        st.stop()

    with st.container(border=True):
        first, second, third = st.columns(3)
        people = first.multiselect("Persona", people_in(history), key="h_people", placeholder="Todas")
        tabs = second.multiselect("Pestaña", tabs_in(history), key="h_tabs", placeholder="Todas")
        actions = third.multiselect("Acción", actions_in(history), key="h_actions", placeholder="Todas")
        first, second, third, fourth = st.columns(4)
        record_id = first.text_input("ID contiene", key="h_id", placeholder="MSG-2026 o @cuenta")
        field = second.selectbox("Campo cambiado", fields_of(tabs), index=None, key="h_field",
                                 placeholder="Cualquiera")
        since = third.date_input("Desde", value=None, key="h_since", format="DD/MM/YYYY", max_value=today)
        until = fourth.date_input("Hasta", value=None, key="h_until", format="DD/MM/YYYY", max_value=today)
        per_field = st.toggle("Una fila por campo cambiado", key="h_per_field",
                              help="Separa cada cambio en Campo, Antes y Después (con «Campo cambiado», solo ese "
                                   "campo).")

    if since and until and since > until:
        st.warning("«Desde» es posterior a «Hasta»: se muestran las filas entre las dos fechas.",
                   icon=":material/event:")
        since, until = until, since
    criteria = HistoryFilter(people=tuple(people), tabs=tuple(tabs), actions=tuple(actions), id_contains=record_id,
                             since=since, until=until, field=field)
    found = filter_history(history, criteria)

    def table_of(rows: pd.DataFrame) -> pd.DataFrame:
        """What the table and the CSV show for `rows` (parsed here, only for them)."""
        return field_rows(rows, field) if per_field else record_rows(rows)

    writes = "escritura" if len(found) == 1 else "escrituras"
    with st.container(horizontal=True, vertical_alignment="center"):
        if len(found) == len(history):
            st.markdown(f"**{fmt_int(len(found))}** {writes} en el Historial.", width="stretch")
        else:
            st.markdown(f"**{fmt_int(len(found))}** {writes} de {fmt_int(len(history))} cumplen los filtros.",
                        width="stretch")
        st.download_button("Descargar CSV", lambda: csv_bytes(table_of(found)),  # made when the button is pressed
                           file_name=f"divulga-historial-{today:%Y-%m-%d}.csv", mime="text/csv", key="h_csv",
                           on_click="ignore", icon=":material/download:", disabled=found.empty,
                           help="Todas las filas que cumplen los filtros, para abrir en Excel (UTF-8, separado por "
                                "«;»). Los textos que empiezan por = + - @ llevan un apóstrofo para que Excel no los "
                                "ejecute.")
    if found.empty:
        st.info("Ninguna escritura cumple los filtros; quite alguno para ver más.", icon=":material/filter_alt_off:")
        st.stop()
    if len(found) > SHOWN_ROWS:
        st.caption(f"Se ven las {fmt_int(SHOWN_ROWS)} más recientes; el CSV trae las {fmt_int(len(found))}.")
    opening_table(table_of(found.head(SHOWN_ROWS)), per_field)


def opening_table(shown: pd.DataFrame, per_field: bool) -> None:
    """The writes shown; choosing one opens its record on its page, when it has one."""
    config = {FIELD: st.column_config.TextColumn(FIELD, width=160)} if per_field else {}
    picked = st.dataframe(shown, hide_index=True, width="stretch", column_config=config, key="h_table",
                          on_select="rerun", selection_mode="single-row").selection.rows
    st.caption("Elija una fila para abrir su registro (solicitudes, campañas, publicaciones y mensajes).")
    if picked and picked[0] < len(shown):
        line = shown.iloc[picked[0]]
        if line[TAB] in RECORD_PAGES and line[ID]:
            open_record(line[TAB], line[ID])
        else:
            st.info(f"Las filas de {line[TAB] or 'esa pestaña'} no tienen una página propia que las abra; se editan "
                    "en su página o en la hoja.", icon=":material/info:")


render(work_page("Historial", with_history=True), clock.today())
