"""Métricas: the best hour to publish per network (Mejor hora, histórico), a post's figures typed by hand,
and the platforms' own exports imported without retyping."""

import logging
from datetime import timedelta

import streamlit as st

from core import best_hour, charts, posts
from core.engagement import BASE_LABEL, engagement
from core.file_limits import MAX_FILE_BYTES, MB, limits_text
from core.fmt import fmt_date, fmt_datetime, fmt_int, fmt_pct
from core.layout import RED
from core.metrics_import import HAND_ENTERED, import_metrics_file
from core.ui import clock, work_page
from core.ui.actions import write
from core.ui.grid_view import badge

snapshot = work_page("Métricas y mejor hora")
tables = snapshot.tables
today = clock.today()
published = tables["Publicaciones"]
networks = [*RED.values, *snapshot.context.extra_networks]

IMPORTED_KEY = "metrics_imported"
best, upload, by_hand = st.tabs(["Mejor hora (histórico)", "Importar de la plataforma", "Métricas de una publicación"])

with best:
    left, middle, right = st.columns(3)
    network = left.selectbox("Red", networks, key="b_network")
    weeks = middle.number_input("Semanas", min_value=1, max_value=104, value=best_hour.DEFAULT_WEEKS, key="b_weeks",
                                help="Cuántas semanas hacia atrás cuentan (por defecto 16).")
    until = right.date_input("Hasta", value=today, format="DD/MM/YYYY", key="b_until")
    history = best_hour.grid(published, network, until, int(weeks))
    if history.posts:
        st.altair_chart(charts.best_hour_chart(history), key="b_chart")
    else:
        st.info(f"{network} no tiene publicaciones con métricas del {fmt_date(history.start)} al "
                f"{fmt_date(history.end)}: no hay con qué recomendar una hora.", icon=":material/info:")
    with st.expander("La misma información como tabla"):
        st.dataframe(charts.best_hour_table(history), hide_index=True, width="stretch", key="b_table")
    st.caption(f"{fmt_int(history.posts)} publicaciones de {network}, engagement mediano "
               f"{best_hour.base_text(history) or 'sin base'}. Las horas con menos de {best_hour.MIN_POSTS} "
               "publicaciones se muestran, pero no se clasifican.")

with upload:
    st.caption("La exportación de cada red, sin retocar: X (actividad de tweets, CSV), YouTube Studio (contenido, "
               "CSV o ZIP), Meta Business Suite (publicaciones de Facebook o Instagram, en español o inglés, CSV o "
               "XLSX). Las publicaciones se buscan por su ID en la red o su enlace; las que faltan se crean "
               "(Origen Cubrimiento). Importar dos veces el mismo archivo no cambia nada. Se aceptan archivos de "
               f"{limits_text()}. {HAND_ENTERED}")
    with st.form("import_metrics", clear_on_submit=True):
        uploaded = st.file_uploader("Archivo exportado", type=["csv", "xlsx", "zip"], key="import_file",
                                    max_upload_size=MAX_FILE_BYTES // MB)
        forced = st.selectbox("Red", networks, index=None, placeholder="La reconoce el archivo",
                              help="Solo si Divulga no reconoce la red por los encabezados.")
        submitted = st.form_submit_button("Importar", type="primary")
        if submitted and uploaded is None:
            st.warning("Elija primero el archivo exportado de la red.", icon=":material/upload_file:")
        if submitted and uploaded is not None:
            reports = []
            try:  # the person's rights are checked before the file is read (import_metrics_file)
                with st.status(f"Importando {uploaded.name}…") as progress:
                    if write(lambda writer: reports.append(import_metrics_file(writer, uploaded, uploaded.name,
                                                                               forced, today))):
                        st.session_state[IMPORTED_KEY] = reports[0]
                    progress.update(label=f"{uploaded.name}: listo." if reports else f"{uploaded.name}: sin importar.",
                                    state="complete" if reports else "error")
            except Exception as error:  # noqa: BLE001 - explained here, never a traceback on the page
                logging.getLogger(__name__).exception("importar métricas de %s", uploaded.name)
                st.error(f"**La importación se detuvo por un error inesperado** ({type(error).__name__}). Parte de "
                         "las cifras pudo guardarse: revise Publicaciones antes de repetirla, y avise a quien "
                         "administra Divulga (el detalle quedó en el registro del servidor).")
    report = st.session_state.get(IMPORTED_KEY)
    if report is not None:
        (st.error if report.error else st.warning if report.skipped else st.success)(report.summary)
        details = report.lines()[:-1]
        if details:
            with st.expander(f"Detalle ({len(details)} líneas)"):
                st.text("\n".join(details))

with by_hand:
    st.caption("Para las redes sin archivo de exportación (TikTok) o para corregir una cifra. Las cifras de X, "
               "YouTube, Facebook e Instagram se pueden importar de los archivos de cada plataforma.")
    recent = published[(published["Estado"] == "Publicada")
                       & (published["Publicada"].dt.date >= today - timedelta(days=90))].sort_values(
        "Publicada", ascending=False)
    options = {row["ID"]: row for row in recent.to_dict("records") if row.get("ID")}
    post_id = st.selectbox("Publicación (publicadas en los últimos 90 días)", list(options), index=None,
                           key="m_post", placeholder="Elija el ID",
                           format_func=lambda i: f"{i} · {options[i]['Red']} · {fmt_datetime(options[i]['Publicada'])}")
    if post_id:
        seen = snapshot.record("Publicaciones", post_id)
        rate, base = engagement(seen)
        st.markdown(f"{badge(seen['Red'])} publicada {fmt_datetime(seen['Publicada'])} · engagement "
                    + (f"**{fmt_pct(rate)}** sobre {BASE_LABEL[base]}" if rate is not None else "sin calcular")
                    + (f" · cifras al {fmt_date(seen['Métricas al'])}" if seen.get("Métricas al") else ""))
        with st.form(f"m_figures_{post_id}"):
            columns = st.columns(3)
            figures = {}
            for index, name in enumerate(posts.FIGURES):
                figures[name] = columns[index % 3].number_input(name, min_value=0, step=1, value=seen.get(name),
                                                                key=f"m_{name}_{post_id}")
            as_of = st.date_input("Métricas al", value=today, format="DD/MM/YYYY", key=f"m_asof_{post_id}")
            st.caption("Engagement = interacciones / alcance; sin alcance, X usa impresiones y las demás redes "
                       "reproducciones. Si deja Interacciones vacía, se suman las partes de la red.")
            if st.form_submit_button("Guardar métricas", type="primary") and write(
                    posts.record_figures, seen, figures, as_of):
                st.rerun()
