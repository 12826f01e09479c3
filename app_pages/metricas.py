"""Métricas: the best hour to publish per network (Mejor hora, histórico), the platforms' own exports imported
without retyping (previewed first, written when confirmed), and a post's figures typed by hand, the post chosen
by its row among the recently published ones."""

import logging
from datetime import date

import pandas as pd
import streamlit as st

from core import charts
from core.domain import best_hour, posts
from core.domain.engagement import BASE_LABEL, engagement
from core.files.limits import MAX_FILE_BYTES, MB, limits_text
from core.fmt import fmt_date, fmt_datetime, fmt_int, fmt_pct
from core.metrics_import import HAND_ENTERED, ExportError, MetricsPlan, MetricsReport, confirm_import, plan_metrics_file
from core.register import Snapshot
from core.sheet.contract import NETWORK_CHOICES, POSTS_TAB
from core.ui import clock, work_page
from core.ui.actions import done, write
from core.ui.grid_view import badge
from core.ui.metrics_view import RECENT_DAYS, recent_posts
from core.ui.widgets import opening_list

IMPORTED_KEY = "metrics_imported"  # the last import's report (or the refusal of a file that cannot be read)
PREVIEW_KEY = "metrics_preview"  # the plan shown before anything is written
POST_KEY = "metrics_post"  # the post whose figures are open; another page may set it before st.switch_page


def render(snapshot: Snapshot, today: date) -> None:
    """Three tabs: the best hour up to `today`, the import of a platform's export (figures as of `today` unless
    the file says), and a recent post's figures typed by hand."""
    published = snapshot.tables[POSTS_TAB.name]
    networks = [*NETWORK_CHOICES.values, *snapshot.context.extra_networks]
    best, upload, by_hand = st.tabs(["Mejor hora (histórico)", "Importar de la plataforma",
                                     "Métricas de una publicación"])
    with best:
        best_hour_tab(snapshot, networks, today)
    with upload:
        upload_tab(networks, today)
    with by_hand:
        figures_tab(snapshot, published, today)


def unexpected(error: Exception, what: str, consequence: str) -> None:
    """An error nobody foresaw: explained on the page, never a traceback; the detail goes to the server's log."""
    logging.getLogger(__name__).exception(what)
    st.error(f"**{what} se detuvo por un error inesperado** ({type(error).__name__}). {consequence} Avise a quien "
             "administra Divulga (el detalle quedó en el registro del servidor).")


def build_preview(uploaded, forced: str | None, today: date) -> None:
    """Read the upload and plan its import against the register, as the person working (their right to
    import is checked before the file is read); the plan waits in the session for «Confirmar importación»."""
    st.session_state.pop(PREVIEW_KEY, None)
    st.session_state.pop(IMPORTED_KEY, None)
    plans: list[MetricsPlan] = []
    refused: list[str] = []

    def plan(writer) -> None:
        try:
            plans.append(plan_metrics_file(writer, uploaded, uploaded.name, forced, today))
        except ExportError as error:
            refused.append(error.on_page)

    try:
        with st.status(f"Leyendo {uploaded.name}…") as progress:
            write(plan)
            progress.update(label=f"{uploaded.name}: vista previa lista." if plans else
                            f"{uploaded.name}: sin vista previa.", state="complete" if plans else "error")
    except Exception as error:  # noqa: BLE001 - explained here, never a traceback on the page
        unexpected(error, "La vista previa", "No se escribió nada.")
        return
    if refused:
        st.session_state[IMPORTED_KEY] = MetricsReport(filename=uploaded.name, error=refused[0])
    if plans:
        st.session_state[PREVIEW_KEY] = {"plan": plans[0], "token": st.session_state.get("metrics_previews", 0)}
        st.session_state["metrics_previews"] = st.session_state.get("metrics_previews", 0) + 1


def run_import(plan: MetricsPlan, today: date) -> None:
    """Write what the preview showed (planned again against the register as it is now); the report replaces
    the preview."""
    name = plan.parsed.filename
    reports: list[MetricsReport] = []
    try:
        with st.status(f"Importando {name}…") as progress:
            write(lambda writer: reports.append(confirm_import(writer, plan, today)))
            progress.update(label=f"{name}: listo." if reports else f"{name}: sin importar.",
                            state="complete" if reports else "error")
    except Exception as error:  # noqa: BLE001 - explained here, never a traceback on the page
        unexpected(error, "La importación", "Parte de las cifras pudo guardarse: revise Publicaciones antes de "
                   "repetirla.")
        return
    if reports:
        st.session_state[IMPORTED_KEY] = reports[0]
        st.session_state.pop(PREVIEW_KEY, None)
        st.rerun()  # the page again, on the register as written: the report, no preview


def show_preview(previewed: dict, today: date) -> None:
    """What the import would do, and whose export it is; «Confirmar importación» writes it, «Descartar» drops
    it. An account the file names and Cuentas lacks needs an explicit choice first."""
    plan: MetricsPlan = previewed["plan"]
    account = plan.account
    create, update, unchanged, skipped = plan.counts
    with st.container(border=True, key="metrics_preview_box"):
        st.markdown(f"##### Vista previa: aún no se ha escrito nada\n**{plan.parsed.label}** · archivo "
                    f"«{plan.parsed.filename}»")
        if not account.said:
            st.info(account.line, icon=":material/help:")
        elif account.needs_choice:
            st.warning(account.line, icon=":material/warning:")
        else:
            st.success(account.line, icon=":material/verified:")
        columns = st.columns(4)
        for column, (label, count) in zip(columns, (("Por crear", create), ("Por actualizar", update),
                                                    ("Sin cambios", unchanged), ("Omitidas", skipped))):
            column.metric(label, fmt_int(count))
        st.caption(f"{plan.summary} Cifras al {fmt_date(plan.as_of)} ({plan.as_of_source}).")
        if plan.skipped:
            with st.expander(f"Filas omitidas y su motivo ({fmt_int(skipped)})"):
                st.text("\n".join(plan.skipped_lines()))
        if plan.notices:
            with st.expander(f"Avisos ({fmt_int(len(plan.notices))})"):
                st.text("\n".join(plan.notices))
        accepted = True
        if account.needs_choice:
            unknown = account.shown(account.unknown)
            accepted = st.checkbox(f"La cuenta {unknown} no está en Cuentas: importar de todos modos",
                                   key=f"metrics_account_ok_{previewed['token']}",
                                   help="Márquela solo si el archivo es de verdad de una cuenta de la entidad.")
        with st.container(horizontal=True):
            confirm = st.button("Confirmar importación", type="primary", key="metrics_confirm",
                                icon=":material/task_alt:")
            discard = st.button("Descartar", key="metrics_discard", icon=":material/delete:")
        if discard:
            st.session_state.pop(PREVIEW_KEY, None)
            st.rerun()
        if confirm and not accepted:
            st.error(f"**No se importó nada.** La cuenta {unknown} no está en Cuentas para {plan.parsed.network}. "
                     "Si el archivo es de verdad de una cuenta de la entidad, marque «importar de todos modos» (o "
                     "regístrela antes en la página Cuentas) y confirme de nuevo; si no, descarte esta vista previa.")
        elif confirm:
            run_import(plan, today)


def best_hour_tab(snapshot: Snapshot, networks: list[str], today: date) -> None:
    """The best hour to publish on a network, from its posts of the weeks up to the day chosen (the grid, its
    chart and its table computed once per snapshot and choice)."""
    left, middle, right = st.columns(3)
    network = left.selectbox("Red", networks, key="b_network")
    weeks = middle.number_input("Semanas", min_value=1, max_value=104, value=best_hour.DEFAULT_WEEKS, key="b_weeks",
                                help="Cuántas semanas hacia atrás cuentan (por defecto 16).")
    until = right.date_input("Hasta", value=today, format="DD/MM/YYYY", key="b_until")
    def computed() -> tuple:
        history = best_hour.grid(snapshot.tables[POSTS_TAB.name], network, until, int(weeks))
        spec = charts.best_hour_chart(history).to_dict(validate=False) if history.posts else None
        return history, spec, charts.best_hour_table(history)

    history, spec, table = snapshot.derived(("mejor hora", network, until, int(weeks)), computed)
    if spec:
        st.vega_lite_chart(spec, key="b_chart")
    else:
        st.info(f"{network} no tiene publicaciones con métricas del {fmt_date(history.start)} al "
                f"{fmt_date(history.end)}: no hay con qué recomendar una hora.", icon=":material/info:")
    with st.expander("La misma información como tabla"):
        st.dataframe(table, hide_index=True, width="stretch", key="b_table")
    st.caption(f"{fmt_int(history.posts)} publicaciones de {network}, engagement mediano "
               f"{best_hour.base_text(history) or 'sin base'}. Las horas con menos de {best_hour.MIN_POSTS} "
               "publicaciones se muestran, pero no se clasifican.")


def upload_tab(networks: list[str], today: date) -> None:
    """A platform's export: previewed, then imported on «Confirmar importación»; the last import's report."""
    st.caption("La exportación de cada red, sin retocar: X (actividad de tweets, CSV), YouTube Studio (contenido, "
               "CSV o ZIP), Meta Business Suite (publicaciones de Facebook o Instagram, en español o inglés, CSV o "
               "XLSX). Las publicaciones se buscan por su ID en la red o su enlace; las que faltan se crean "
               "(Origen Cubrimiento). Primero se muestra lo que se haría y de qué cuenta es el archivo; nada se "
               "guarda hasta «Confirmar importación». Importar dos veces el mismo archivo no cambia nada. Se "
               f"aceptan archivos de {limits_text()}. {HAND_ENTERED}")
    with st.form("import_metrics", clear_on_submit=True):
        uploaded = st.file_uploader("Archivo exportado", type=["csv", "xlsx", "zip"], key="import_file",
                                    max_upload_size=MAX_FILE_BYTES // MB)
        forced = st.selectbox("Red", networks, index=None, placeholder="La reconoce el archivo",
                              help="Solo si Divulga no reconoce la red por los encabezados.")
        submitted = st.form_submit_button("Importar", type="primary")
        if submitted and uploaded is None:
            st.warning("Elija primero el archivo exportado de la red.", icon=":material/upload_file:")
        if submitted and uploaded is not None:
            build_preview(uploaded, forced, today)
    previewed = st.session_state.get(PREVIEW_KEY)
    if previewed is not None:
        show_preview(previewed, today)
    report = st.session_state.get(IMPORTED_KEY)
    if report is not None:
        (st.error if report.error else st.warning if report.skipped else st.success)(report.summary)
        details = report.lines()[:-1]
        if details:
            with st.expander(f"Detalle ({len(details)} líneas)"):
                st.text("\n".join(details))


def figures_tab(snapshot: Snapshot, published: pd.DataFrame, today: date) -> None:
    """A recent post chosen by its row, and its figures typed by hand."""
    st.caption("Para las redes sin archivo de exportación (TikTok) o para corregir una cifra. Las cifras de X, "
               "YouTube, Facebook e Instagram se pueden importar de los archivos de cada plataforma.")
    shown, ids = snapshot.derived(("publicadas recientes", today), lambda: recent_posts(published, today))
    if ids:
        st.markdown(f"**Publicadas en los últimos {RECENT_DAYS} días** ({fmt_int(len(ids))}): elija una fila para "
                    "escribir sus cifras.")
        post_id = opening_list(shown, ids, key="m_posts", chosen_key=POST_KEY)
    else:
        st.info(f"No hay publicaciones publicadas en los últimos {RECENT_DAYS} días.", icon=":material/info:")
        post_id = st.session_state.get(POST_KEY)
    try:
        seen = snapshot.record(POSTS_TAB.name, post_id) if post_id else None
    except KeyError:
        st.warning(f"La publicación {post_id} no está en Publicaciones (o su fila tiene errores): elija otra.",
                   icon=":material/search_off:")
        seen = None
    if seen:
        rate, base = engagement(seen)
        st.markdown(f"**{post_id}** · {badge(seen['Red'])} publicada {fmt_datetime(seen['Publicada'])} · engagement "
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
                done(f"Métricas guardadas: {post_id}")


render(work_page("Métricas y mejor hora"), clock.today())
