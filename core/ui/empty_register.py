"""What Inicio offers on an empty register, instead of command lines: the demo data (local mode only: it is
for trying Divulga, never for the office's register) and a workbook the office already keeps in Excel,
imported as `python -m core importar` does (leader, or local mode). Both show their progress."""

from __future__ import annotations

import streamlit as st

from core.demo import DEFAULT_ROWS, write_demo
from core.files.limits import MAX_FILE_BYTES, MB, limits_text
from core.fmt import fmt_int
from core.register.importer import import_tabs
from core.reports.register_xlsx import WorkbookError, read_workbook
from core.sheet.contract import DATA_TABS, HISTORY_TAB, LEADER
from core.ui import clock
from core.ui.actions import write
from core.ui.person import current

DONE_KEY = "empty_register_done"


def offer_to_fill() -> None:
    """The empty register's two ways in; after either, the page shows the register (the write drops the
    cached snapshot)."""
    identity = current()
    st.info("**El registro está vacío.** Para probar Divulga, cargue datos de demostración; para traer el registro "
            "que ya lleva en Excel, súbalo aquí (un libro .xlsx con las pestañas del registro).",
            icon=":material/inbox:")
    if identity.local and st.button(f"Cargar datos de demostración ({fmt_int(DEFAULT_ROWS)} filas)",
                                    key="load_demo", type="primary", icon=":material/science:"):
        with st.status("Creando datos de demostración…", expanded=True) as progress:
            counts: list[dict[str, int]] = []
            if write(lambda writer: counts.append(write_demo(writer, DEFAULT_ROWS, 1, clock.today()))):
                progress.update(label=f"Datos de demostración: {fmt_int(sum(counts[0].values()))} filas.",
                                state="complete")
                st.session_state[DONE_KEY] = (f"Datos de demostración cargados: {fmt_int(sum(counts[0].values()))} "
                                              "filas.", [])
                st.rerun()
            progress.update(label="No se cargaron los datos de demostración.", state="error")
    if not (identity.local or LEADER in identity.roles):
        st.caption("Para traer un registro de Excel, pida al líder de Comunicaciones que lo suba.")
        return
    with st.form("import_register"):
        uploaded = st.file_uploader("Registro en Excel (.xlsx)", type=["xlsx"], key="import_register_file",
                                    max_upload_size=MAX_FILE_BYTES // MB)
        st.caption(f"Un libro .xlsx {limits_text()}.")
        submitted = st.form_submit_button("Importar", icon=":material/upload_file:")
    if submitted and uploaded is None:
        st.warning("Elija primero el archivo .xlsx que quiere importar.", icon=":material/upload_file:")
    elif submitted:
        _import(uploaded)


def _import(uploaded) -> None:
    with st.status(f"Importando {uploaded.name}…", expanded=True) as progress:
        st.write("Leyendo el libro…")
        try:
            tabs, others = read_workbook(uploaded, not_read=(HISTORY_TAB.name,))
        except WorkbookError as error:
            progress.update(label="No se importó nada.", state="error")
            st.error(str(error))
            return
        if not tabs:
            progress.update(label="No se importó nada.", state="error")
            st.error(f"{uploaded.name} no tiene ninguna pestaña del registro "
                     f"({', '.join(tab.name for tab in DATA_TABS)}).")
            return
        st.write(f"Guardando {len(tabs)} pestañas…")
        reports = []
        if not write(lambda writer: reports.append(import_tabs(writer, tabs))):
            progress.update(label="No se importó nada.", state="error")
            return
        report = reports[0]
        progress.update(label=report.summary(), state="complete")
        details = [*map(str, report.bad), *map(str, report.failures), *map(str, report.notices),
                   *(f"La hoja «{other}» no es una pestaña del registro; no se importa." for other in others)]
        st.session_state[DONE_KEY] = (report.summary(), details)
        st.rerun()


def show_what_was_done() -> None:
    """After a demo load or an import, on the page that now shows the register: what was done, with the
    import's lines (bad rows, notices) one click away."""
    if DONE_KEY not in st.session_state:
        return
    summary, details = st.session_state.pop(DONE_KEY)
    st.success(summary, icon=":material/check_circle:")
    if details:
        with st.expander(f"Detalle de la importación ({fmt_int(len(details))} líneas)"):
            st.text("\n".join(details[:500]) + (f"\n… y {fmt_int(len(details) - 500)} líneas más"
                                                 if len(details) > 500 else ""))
