"""Calidad de datos: every bad row and every notice of the register, filterable and downloadable."""

from datetime import date

import streamlit as st

from core.fmt import fmt_int
from core.register import Snapshot
from core.register.missing_ids import IDS_PER_CLICK, give_ids
from core.sheet.contract import DATA_TABS
from core.ui import clock, filtered_list
from core.ui.actions import write
from core.ui.confirm import confirmed
from core.ui.quality import COLUMN, bad_rows_frame, distinct_rows, notices_frame, without_id_frame
from core.ui.widgets import register_page

TAB_ORDER = [tab.name for tab in DATA_TABS]


def _plural(count: int, one: str, many: str) -> str:
    return f"**{fmt_int(count)}** {one if count == 1 else many}"


def describe_errors(frame) -> str:
    rows = distinct_rows(frame)  # a missing column is an error on no particular row
    errors = _plural(len(frame), "error", "errores")
    return f"{errors} en {_plural(rows, 'fila', 'filas')}" if rows else errors


def describe_notices(frame) -> str:
    return _plural(len(frame), "aviso", "avisos")


def render(snapshot: Snapshot, today: date) -> None:
    """The bad rows, the rows without ID (with «Dar ID») and the other notices of the snapshot; the files are
    named after the day the register was read, not `today`."""
    day = snapshot.read_at.strftime("%Y-%m-%d")

    st.subheader("Filas con errores")
    if not snapshot.bad:
        st.success("No hay filas con errores.", icon=":material/check_circle:")
    else:
        filtered_list(
            bad_rows_frame(snapshot.bad),
            key="bad",
            tab_order=TAB_ORDER,
            describe=describe_errors,
            file_name=f"divulga-filas-con-errores-{day}.csv",
            search_help="Palabras o número de fila (por ejemplo: fecha 1320)",
            column_config={COLUMN: st.column_config.TextColumn(COLUMN, width=180)},
        )

    st.subheader("Filas sin ID")
    without_id = without_id_frame(snapshot)
    if without_id.empty:
        st.success("Todas las filas tienen ID.", icon=":material/check_circle:")
    else:
        rows_without_id(snapshot, without_id)

    st.subheader("Otros avisos")
    others = [notice for notice in snapshot.notices if not notice.missing_id]
    if not others:
        st.success("No hay avisos.", icon=":material/check_circle:")
    else:
        filtered_list(
            notices_frame(others),
            key="notices",
            tab_order=TAB_ORDER,
            describe=describe_notices,
            file_name=f"divulga-avisos-{day}.csv",
            search_help="Palabras o número de fila (por ejemplo: sin ID)",
        )


def rows_without_id(snapshot: Snapshot, without_id) -> None:
    """The rows typed without an ID, and «Dar ID» with what it did."""
    st.markdown(
        "Filas que alguien escribió a mano en la hoja sin ID. Cuentan en las cifras, pero Divulga no puede "
        "editarlas hasta que tengan uno. **Dar ID** les escribe un ID nuevo en la columna ID (y nada más), "
        "después de comprobar que cada fila sigue como se leyó."
    )
    st.dataframe(without_id, hide_index=True, width="stretch")
    outcome: dict = {}
    if confirmed("Dar ID", "give_ids", "Cada fila sin ID recibe uno nuevo, escrito en la hoja; así se puede abrir "
                 "desde las listas de Divulga.", icon=":material/key:", primary=True) and write(
            give_ids, snapshot, outcome):
        given = outcome["given"]
        if given:
            rows = "fila" if len(given) == 1 else "filas"
            st.success(f"Se dio ID a {fmt_int(len(given))} {rows}: {', '.join(given)}.",
                       icon=":material/check_circle:")
        for reason in outcome["failed"]:
            st.error(reason)
        if outcome["left"]:
            st.info(f"Quedan {fmt_int(outcome['left'])} filas sin ID: pulse «Dar ID» de nuevo para seguir (van de "
                    f"{IDS_PER_CLICK} en {IDS_PER_CLICK} para no pasar la cuota de Google Sheets).")


render(register_page("Calidad de datos", "Las filas con errores quedan por fuera de las cifras y de las importaciones "
                     "hasta que se corrijan en la hoja; los avisos no bloquean nada."), clock.today())
