"""Indicadores: the leader's home. A period and filters, then posts, requests, messages, legal terms and
community growth, each chart with its table. Every figure comes from `core.kpis` over the cached snapshot
(the reports use the same functions); the figures and the charts' specs are kept on the snapshot per period,
filters and day, so a rerun only draws. Opening the page reads nothing from the store: Historial, which
the on-time rates and the adjustment rounds need, is read only when the toggle asks for it."""

from dataclasses import replace
from datetime import date

import streamlit as st

from core import charts, kpis
from core.domain.pqrs import RUNNING_OUT_DAYS
from core.domain.status import status
from core.domain.workflow import PATHS
from core.fmt import fmt_date, fmt_int
from core.register import Snapshot
from core.reports.grid_select import known_areas
from core.sheet.contract import CAMPAIGNS_TAB, LISTS_TAB, NETWORK_CHOICES, POSTS_TAB, REQUESTS_TAB
from core.ui import clock, current_register, store_errors, work_page


def chart(snapshot: Snapshot, key: tuple, name: str, build) -> None:
    """A chart drawn from its Vega-Lite spec, built once per snapshot, figures and option: Altair builds and
    validates a chart in tens of milliseconds, which a rerun should not pay (the tests validate every chart
    against the schema)."""
    spec = snapshot.derived(("kpis: gráfico", name, *key), lambda: build().to_dict(validate=False))
    st.vega_lite_chart(spec, key=f"k_chart_{name}")


def options(tables) -> tuple[list[str], list[str], list[str]]:
    """What the filters offer: the networks, the areas and the plan's axes."""
    distinct = {tab: tables[tab][[column]].drop_duplicates() for tab, column in
                ((LISTS_TAB.name, "Áreas"), (REQUESTS_TAB.name, "Área solicitante"), (CAMPAIGNS_TAB.name, "Área"))}
    networks = kpis.network_order([*NETWORK_CHOICES.values, *tables[POSTS_TAB.name]["Red"].dropna().unique()])
    return networks, known_areas(distinct), kpis.known_axes(tables)


def as_table(frame, key: str, label: str = "La misma información como tabla") -> None:
    with st.expander(label):
        st.dataframe(frame, hide_index=True, width="stretch", key=key)


def render(snapshot: Snapshot, today: date) -> None:
    """The period (this month of `today` at first) and the filters, the headline figures, then posts, requests,
    messages and terms, and community growth."""
    tables = snapshot.tables
    networks, areas, axes = snapshot.derived("kpis: opciones", lambda: options(tables))
    period, filters, with_history = period_and_filters(networks, areas, axes, today)
    key = (period.start, period.end, filters.network, filters.area, filters.axis, today)
    figures = snapshot.derived(("kpis", *key), lambda: kpis.compute(
        tables, period, filters, today, now=status(snapshot, period.as_of(today))))
    history_key = None
    if with_history:
        with store_errors():
            history = current_register().history()
        history_key = (*key, len(history), str(history["Fecha"].max()) if len(history) else "")
        on_time, rounds = snapshot.derived(("kpis: Historial", *history_key), lambda: kpis.history_figures(
            tables, period, filters, today, history))
        figures = replace(figures, on_time=on_time, rounds=rounds)
    st.caption(f"Periodo: **{period.label()}** (por {period.bucket}) · Filtros: {filters.describe()}. "
               f"Los términos legales y las etapas vencidas se leen al **{fmt_date(figures.as_of)}**.")
    received = headline(figures)
    posts_section(snapshot, figures, key, period)
    requests_section(snapshot, figures, key, history_key, period)
    messages_section(snapshot, figures, key, period, filters.network, received)
    community_section(snapshot, figures, key, period, filters)


def period_and_filters(networks: list[str], areas: list[str], axes: list[str],
                       today: date) -> tuple[kpis.Period, kpis.Filters, bool]:
    """The period, the filters and whether to read Historial; the page stops here while a custom range lacks
    its last day."""
    with st.container(horizontal=True, vertical_alignment="bottom"):
        preset = st.segmented_control("Periodo", kpis.PRESETS, default=kpis.PRESETS[0],
                                      key="k_preset") or kpis.PRESETS[0]
        chosen = None
        if preset == kpis.PRESETS[3]:
            chosen = st.date_input("Del … al …", value=(today.replace(day=1), today), format="DD/MM/YYYY",
                                   key="k_range")
    left, middle, right = st.columns(3)
    network = left.selectbox("Red", networks, index=None, placeholder="Todas", key="k_network")
    area = middle.selectbox("Área", areas, index=None, placeholder="Todas", key="k_area",
                            help="El área de la solicitud o de la campaña de cada publicación, y el área solicitante "
                                 "de cada solicitud. Los mensajes y las cuentas no tienen área.")
    axis = right.selectbox("Eje del plan", axes, index=None, placeholder="Todos", key="k_axis",
                           help="El eje de la solicitud (o de su campaña) y el de la campaña de cada publicación. Los "
                                "mensajes y las cuentas no tienen eje.")
    with_history = st.toggle(
        "Incluir plazos por etapa y rondas de ajuste", key="k_history",
        help="Se calculan con la pestaña Historial, que se lee aparte del registro: en Google Sheets es una consulta "
             "más (luego queda en memoria un minuto). Sin activarlo, abrir esta página no consulta la hoja.")
    if preset == kpis.PRESETS[3] and (not isinstance(chosen, tuple) or len(chosen) != 2):
        st.info("Elija el primer y el último día del rango.", icon=":material/date_range:")
        st.stop()
    return kpis.period_of(preset, today, chosen), kpis.Filters(network, area, axis), with_history


def headline(figures: kpis.Kpis) -> int:
    """The period's headline figures; returns the messages received (the messages' section says when none)."""
    with st.container(horizontal=True):
        interactions = figures.networks["Interacciones"].sum() if len(figures.networks) else 0
        st.metric("Publicaciones", fmt_int(figures.posts), border=True, help="Publicadas en el periodo.")
        st.metric("Interacciones", fmt_int(interactions), border=True, help="De las publicaciones del periodo.")
        st.metric("Solicitudes recibidas", fmt_int(figures.requests), border=True)
        received = int(figures.messages["Recibidos"].sum()) if len(figures.messages) else 0
        st.metric("Mensajes recibidos", fmt_int(received), border=True, help="Solo el filtro de red los cambia.")
        st.metric("Términos vencidos", fmt_int(figures.overdue_terms), border=True,
                  help=f"PQRS radicados sin respuesta definitiva cuyo término legal venció antes del "
                       f"{fmt_date(figures.as_of)}.")
    return received


def posts_section(snapshot: Snapshot, figures: kpis.Kpis, key: tuple, period: kpis.Period) -> None:
    """Posts per network, over time and by origin, and the best and least notable of each network."""
    bucket = period.bucket
    st.header("Publicaciones", divider="gray")
    if figures.networks.empty:
        st.info(f"No hay publicaciones publicadas {period.label()} con estos filtros.", icon=":material/info:")
    else:
        chart(snapshot, key, "networks", lambda: charts.kpi_networks_chart(figures.networks, period.label()))
        st.caption("Las redes se comparan por publicaciones, alcance e interacciones, que no dependen de una base. "
                   "El engagement de cada red es la mediana del de sus publicaciones sobre su base más común "
                   "(alcance; sin alcance, X usa impresiones y las demás redes reproducciones), y siempre se dice "
                   "sobre qué base.")
        as_table(charts.kpi_networks_table(figures.networks), "k_networks_table")

        measure = st.segmented_control("Medida en el tiempo", charts.TIME_MEASURES, default=charts.TIME_MEASURES[0],
                                       key="k_measure") or charts.TIME_MEASURES[0]
        chart(snapshot, (*key, measure), "time", lambda: charts.kpi_time_chart(figures.over_time, measure, bucket))
        as_table(charts.kpi_time_table(figures.over_time, bucket), "k_time_table")

        chart(snapshot, key, "origins", lambda: charts.kpi_origins_chart(figures.origins))
        as_table(charts.kpi_origins_table(figures.origins), "k_origins_table")

        st.subheader("Mejores y menos destacadas por red")
        st.caption(f"Las {kpis.TOP_N} de mayor y de menor engagement de cada red, sobre su base más común: las tasas "
                   "sobre bases distintas no se comparan, por eso no hay un ranking entre redes.")
        st.dataframe(charts.kpi_top_table(figures.top_posts), hide_index=True, width="stretch", key="k_top",
                     column_config={"Enlace": st.column_config.LinkColumn("Enlace")})


def requests_section(snapshot: Snapshot, figures: kpis.Kpis, key: tuple, history_key: tuple | None,
                     period: kpis.Period) -> None:
    """Requests per stage; with Historial read (`history_key`), the stages on time and the adjustment rounds."""
    st.header("Solicitudes", divider="gray")
    if figures.stages.empty:
        st.info(f"No hay solicitudes recibidas {period.label()} con estos filtros.", icon=":material/info:")
    else:
        chart(snapshot, key, "stages", lambda: charts.kpi_stages_chart(figures.stages, tuple(PATHS)))
        as_table(charts.kpi_stages_table(figures.stages, kpis.STAGE_ROWS, PATHS), "k_stages_table")
    if figures.on_time is None:
        st.caption("Active «Incluir plazos por etapa y rondas de ajuste» para ver qué tanto se cumplen los plazos de "
                   "cada etapa y cuántas veces vuelven las solicitudes a Ajustes.")
    else:
        st.subheader("Plazos por etapa")
        if figures.on_time.empty or not figures.on_time["Base"].sum():
            st.info(f"Ninguna etapa vencía {period.label()} con estos filtros (o ninguna se hizo ni venció aún).",
                    icon=":material/info:")
        else:
            chart(snapshot, history_key, "on_time", lambda: charts.kpi_on_time_chart(figures.on_time))
        if not figures.on_time.empty:
            as_table(charts.kpi_on_time_table(figures.on_time), "k_on_time_table")
        st.caption("Cuentan las etapas que vencían en el periodo: a tiempo si se dejaron (con una acción de Divulga) "
                   "o, el cierre, si se enviaron las evidencias, a más tardar el día en que vencían; tarde si se "
                   "hicieron después o siguen en curso ya vencidas. **Los cambios de Etapa hechos a mano en la hoja no "
                   "dejan Historial: esas etapas no se ven aquí.**")
        rounds = figures.rounds
        st.subheader("Rondas de ajuste")
        st.markdown(kpis.rounds_text(figures))
        st.dataframe(rounds.assign(Solicitudes=rounds["Solicitudes"].map(fmt_int),
                                   Devoluciones=rounds["Devoluciones"].map(fmt_int)),
                     hide_index=True, key="k_rounds")


def messages_section(snapshot: Snapshot, figures: kpis.Kpis, key: tuple, period: kpis.Period, network: str | None,
                     received: int) -> None:
    """The messages' funnel and times, and the legal terms as of the figures' day."""
    st.header("Mensajes y PQRS", divider="gray")
    if not received:
        st.info(f"No hay mensajes recibidos {period.label()}" + (f" en {network}." if network else "."),
                icon=":material/info:")
    else:
        chart(snapshot, key, "funnel", lambda: charts.kpi_funnel_chart(figures.messages))
        as_table(charts.kpi_funnel_table(figures.messages), "k_funnel_table")
        st.markdown(kpis.times_text(figures.messages))
        dimensions = list(kpis.DIMENSIONS)  # Tipología first
        dimension = st.segmented_control("Por", dimensions, default=dimensions[0], key="k_dimension") or dimensions[0]
        st.dataframe(charts.kpi_funnel_table(figures.messages_by[dimension]), hide_index=True, width="stretch",
                     key="k_funnel_by")

    st.subheader(f"Términos legales al {fmt_date(figures.as_of)}")
    if figures.terms.empty:
        st.info("No hay PQRS radicados con el término corriendo.", icon=":material/info:")
    else:
        counts = figures.terms[["Vencidos", "Por vencer", "En término"]].sum()
        with st.container(horizontal=True):
            for name in ("Vencidos", "Por vencer", "En término"):
                st.metric(name, fmt_int(counts[name]), border=True)
        st.caption("PQRS radicados sin respuesta definitiva ni traslado (Ley 1755 de 2015), por tipología. «Por "
                   f"vencer»: vence en los próximos {RUNNING_OUT_DAYS} días hábiles. Solo el filtro de red los cambia.")
        st.dataframe(charts.kpi_terms_table(figures.terms), hide_index=True, width="stretch", key="k_terms")
        if not figures.running_out.empty:
            as_table(charts.kpi_running_out_table(figures.running_out), "k_running_out",
                     f"Los {fmt_int(len(figures.running_out))} por vencer (ID y fechas; el detalle está en Colas de "
                     "PQRS)")


def community_section(snapshot: Snapshot, figures: kpis.Kpis, key: tuple, period: kpis.Period,
                      filters: kpis.Filters) -> None:
    """Each account's followers over the period."""
    st.header("Comunidad", divider="gray")
    if figures.growth.empty:
        st.info(kpis.growth_gap_text(snapshot.tables, period, filters), icon=":material/info:")
    else:
        if not figures.accounts.empty:
            chart(snapshot, key, "growth", lambda: charts.kpi_growth_chart(figures.accounts, kpis.month_label))
            as_table(charts.kpi_accounts_table(figures.accounts, kpis.month_label), "k_accounts")
        as_table(charts.kpi_growth_table(figures.growth), "k_growth_table", "Seguidores mes a mes")
        st.caption("Crecimiento de cada cuenta: seguidores al final del periodo (su último mes con cifra) menos "
                   "seguidores al inicio (el último mes con cifra antes del periodo o, si no hay, el primero del "
                   "periodo), y en porcentaje sobre los del inicio; la misma lectura del informe semestral.")


render(work_page("Indicadores"), clock.today())
