"""Calidad de datos: every bad row and every notice of the register, filterable and downloadable."""

import streamlit as st

from core.fmt import fmt_int
from core.layout import DATA_TABS
from core.ui import filtered_list, load_snapshot, register_header, require_router
from core.ui.quality import COLUMN, bad_rows_frame, distinct_rows, notices_frame

TAB_ORDER = [tab.name for tab in DATA_TABS]


def _plural(count: int, one: str, many: str) -> str:
    return f"**{fmt_int(count)}** {one if count == 1 else many}"


def describe_errors(frame) -> str:
    rows = distinct_rows(frame)  # a missing column is an error on no particular row
    errors = _plural(len(frame), "error", "errores")
    return f"{errors} en {_plural(rows, 'fila', 'filas')}" if rows else errors


def describe_notices(frame) -> str:
    return _plural(len(frame), "aviso", "avisos")


require_router()

st.title("Calidad de datos")
st.markdown(
    "Las filas con errores quedan por fuera de las cifras y de las importaciones hasta que se corrijan en "
    "la hoja; los avisos no bloquean nada."
)
snapshot = load_snapshot()
register_header(snapshot)
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

st.subheader("Avisos")
if not snapshot.notices:
    st.success("No hay avisos.", icon=":material/check_circle:")
else:
    filtered_list(
        notices_frame(snapshot.notices),
        key="notices",
        tab_order=TAB_ORDER,
        describe=describe_notices,
        file_name=f"divulga-avisos-{day}.csv",
        search_help="Palabras o número de fila (por ejemplo: sin ID)",
    )
