"""The «Indicadores» page through AppTest on a real SQLite register: empty, and with demo data; its figures are
`core.kpis`'s (the reports use the same functions), its filters change them, each chart is drawn from a few
aggregated rows, and neither opening it with the register already read nor a rerun asks the store for anything."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from core import charts, kpis
from core.cli import main as cli
from core.fmt import fmt_int
from core.register import open_register

APP = Path(__file__).resolve().parents[1] / "app.py"
PAGE = "app_pages/kpis.py"
DEMO_DAY = "2026-11-28"
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 28))


class Counting:
    """The store, counting every call the register makes to it."""

    def __init__(self, store):
        self._store, self.calls = store, []

    def __getattr__(self, name):
        value = getattr(self._store, name)
        if not callable(value):
            return value

        def counted(*args, **kwargs):
            self.calls.append(name)
            return value(*args, **kwargs)

        return counted


def open_page(at: AppTest | None = None) -> AppTest:
    at = at or AppTest.from_file(str(APP), default_timeout=120)
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def choose_november(at: AppTest) -> AppTest:
    at.segmented_control(key="k_preset").set_value("Rango personalizado").run()
    at.date_input(key="k_range").set_value(NOVEMBER).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def table(at: AppTest, *columns: str):
    """The page's table with exactly these columns."""
    found = [frame.value for frame in at.dataframe if list(frame.value.columns) == list(columns)]
    assert found, [list(frame.value.columns) for frame in at.dataframe]
    return found[0]


NETWORKS = ("Red", "Publicaciones", "Alcance", "Interacciones", "Engagement mediano")


def chart_rows(at: AppTest) -> list[int]:
    """How many data rows each chart on the page was given."""
    sizes = []
    for chart in at.get("vega_lite_chart"):
        sizes.append(sum(pa.ipc.open_stream(data.data.data).read_all().num_rows for data in chart.proto.datasets))
    return sizes


@pytest.fixture
def demo(store_url):
    assert cli.main(["--usuario", "Prueba", "demo", "--filas", "800", "--hoy", DEMO_DAY]) == 0
    return open_register(store_url)


def test_an_empty_register_says_there_is_nothing_yet(store_url):
    at = open_page()
    assert at.title[0].value == "Indicadores"
    assert metrics(at) == {"Publicaciones": "0", "Interacciones": "0", "Solicitudes recibidas": "0",
                           "Mensajes recibidos": "0", "Términos vencidos": "0"}
    infos = " ".join(info.value for info in at.info)
    assert "No hay publicaciones publicadas" in infos and "No hay solicitudes recibidas" in infos
    assert "No hay mensajes recibidos" in infos and "Métricas de cuenta no tiene seguidores" in infos
    assert not at.get("vega_lite_chart")
    at.toggle(key="k_history").set_value(True).run()
    assert not at.exception and "Ninguna etapa vencía" in " ".join(info.value for info in at.info)


def test_the_page_shows_the_figures_of_core_kpis(demo):
    at = choose_november(open_page())
    figures = kpis.compute(demo.snapshot().tables, kpis.Period(*NOVEMBER), kpis.Filters(), date.fromisoformat(DEMO_DAY))
    shown = metrics(at)
    assert shown["Publicaciones"] == fmt_int(figures.posts) != "0"
    assert shown["Interacciones"] == fmt_int(figures.networks["Interacciones"].sum())
    assert shown["Solicitudes recibidas"] == fmt_int(figures.requests) != "0"
    assert shown["Mensajes recibidos"] == fmt_int(figures.messages["Recibidos"].sum()) != "0"
    assert shown["Términos vencidos"] == fmt_int(figures.overdue_terms)
    networks = table(at, *NETWORKS)
    assert networks.to_dict("records") == charts.kpi_networks_table(figures.networks).to_dict("records")
    assert "sobre alcance" in " ".join(networks["Engagement mediano"])
    top = table(at, *charts.kpi_top_table(figures.top_posts).columns)
    assert top["ID"].tolist() == figures.top_posts["ID"].tolist()
    assert "Periodo: **del 01/11/2026 al 28/11/2026** (por semana)" in at.caption[1].value
    sizes = chart_rows(at)
    assert len(sizes) == 5 and all(0 < size <= 300 for size in sizes)  # aggregates, never one mark per post


def test_filters_change_the_numbers(demo):
    at = choose_november(open_page())
    everything = metrics(at)
    at.selectbox(key="k_network").set_value("X").run()
    only_x = metrics(at)
    figures = kpis.compute(demo.snapshot().tables, kpis.Period(*NOVEMBER), kpis.Filters(network="X"),
                           date.fromisoformat(DEMO_DAY))
    assert only_x["Publicaciones"] == fmt_int(figures.posts) != everything["Publicaciones"]
    assert only_x["Mensajes recibidos"] == fmt_int(figures.messages["Recibidos"].sum()) != everything[
        "Mensajes recibidos"]
    assert table(at, *NETWORKS)["Red"].tolist() == ["X"]
    at.selectbox(key="k_network").set_value(None).run()
    received = kpis.received_requests(demo.snapshot().tables, kpis.Period(*NOVEMBER))
    area = received["Área solicitante"].value_counts().index[0]  # the busiest area of the month
    at.selectbox(key="k_area").set_value(area).run()
    figures = kpis.compute(demo.snapshot().tables, kpis.Period(*NOVEMBER), kpis.Filters(area=area),
                           date.fromisoformat(DEMO_DAY))
    assert metrics(at)["Solicitudes recibidas"] == fmt_int(figures.requests)
    assert metrics(at)["Solicitudes recibidas"] != everything["Solicitudes recibidas"]
    assert "Área: " + area in at.caption[1].value


def test_opening_the_page_and_rerunning_it_ask_the_store_nothing(demo):
    counting = Counting(demo.store)
    demo.store = counting
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.switch_page("app_pages/inicio.py").run()  # another page reads the register first
    assert "read_each" in counting.calls
    counting.calls.clear()
    open_page(at)
    assert counting.calls == []  # the snapshot was there: opening the page costs no request
    for _ in range(2):
        at.run()
    choose_november(at)
    assert counting.calls == [] and not at.exception
    at.toggle(key="k_history").set_value(True).run()  # Historial: one read, then kept like the snapshot
    assert counting.calls == ["read"]
    assert "Plazos por etapa" in [header.value for header in at.subheader]
    at.run()
    assert counting.calls == ["read"]


def test_a_warm_rerun_only_draws(demo, monkeypatch):
    at = choose_november(open_page())
    computed = []
    monkeypatch.setattr(kpis, "compute", lambda *args, **kwargs: computed.append(args) or None)
    at.run()
    assert computed == [] and not at.exception  # the figures came from the cache
    at.segmented_control(key="k_measure").set_value("Engagement").run()
    assert computed == [] and not at.exception  # another chart of the same figures


def test_on_google_sheets_the_page_costs_no_request_and_historial_one(sheets_fake, monkeypatch):
    from tests.hand import GoogleSheet, install

    sheet = GoogleSheet(sheets_fake, f"hoja-{uuid.uuid4().hex}")
    monkeypatch.setenv("DIVULGA_SHEETS_EMULATOR_HOST", sheets_fake.host)
    monkeypatch.setenv("DIVULGA_STORE", sheet.url)
    register = install(sheet)
    register.writer("Prueba").create("Publicaciones", {
        "Red": "X", "Programada": "3/11/2026 9:00", "Publicada": "3/11/2026 9:00", "Estado": "Publicada",
        "Impresiones": 1000, "Interacciones": 30})
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.switch_page("app_pages/inicio.py").run()  # reads the register: its header row of Historial included
    sheets_fake.reset_log()
    choose_november(open_page(at))
    assert metrics(at)["Publicaciones"] == "1"
    assert sheets_fake.requests == []  # opening the page and changing its period: from the snapshot
    at.toggle(key="k_history").set_value(True).run()
    assert [request.kind for request in sheets_fake.requests] == ["values.batchGet"]  # Historial, once
    at.run()
    assert len(sheets_fake.requests) == 1 and not at.exception
