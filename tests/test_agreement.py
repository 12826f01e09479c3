"""Every view tells the same truth (issue 14, point 4): on a seeded demo register, for every day of a month,
`pendientes`, `colas`, the Colas page, Hoy and the monthly PQRS report agree on which requests are overdue and
which legal terms are overdue."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time, timedelta

import pandas as pd
import pytest

from core.register import open_register
from core.reports import pqrs_monthly
from core.sheet import contract
from core.sheet.cells import BOGOTA
from tests.cli_kit import run, run_streams
from tests.pages_kit import open_page

DEMO_DAY = date(2026, 11, 28)
MONTH = [date(2026, 11, 1) + timedelta(days=n) for n in range(30)]
REQUEST = re.compile(r"^(SOL-|Solicitudes fila )")


@pytest.fixture
def seeded(store_url, capsys) -> None:
    """The demo (an office that works well: a handful overdue), plus a backlog so that every day has overdue
    requests and legal terms to agree on: requests left in their first stages and complaints filed but never
    answered, since October."""
    code, lines = run(capsys, "demo", "--filas", "700", "--semilla", "11", "--hoy", DEMO_DAY.isoformat())
    assert code == 0, lines
    started = [date(2026, 10, 1) + timedelta(days=4 * n) for n in range(14)]
    open_register(store_url).writer("Prueba").create_many("Solicitudes", [
        {"Fecha de solicitud": day, "Área solicitante": "Jurídica", "Solicitante": "Luis", "Título": f"Atrasada {n}",
         "Necesidad": "Piezas", "Redes": "X", "Fecha de publicación": day + timedelta(days=40),
         "Periodista": "Ana", "Etapa": contract.STAGES[n % 2],
         "Inicio de etapa": datetime.combine(day, time(9), BOGOTA)}
        for n, day in enumerate(started)])
    received = [datetime.combine(date(2026, 10, 1) + timedelta(days=3 * n), time(10), BOGOTA) for n in range(18)]
    open_register(store_url).writer("Prueba").create_many("Mensajes", [
        {"Recibido": moment, "Red": "X", "Mensaje": f"Queja {n}", "Clasificación": "Queja", "Competencia": "DADEP",
         "Respondido": True, "Fecha de respuesta": moment + timedelta(hours=2), "Enviado a ATC": moment.date(),
         "Radicado": True, "Fecha de radicación": moment.date(), "Número de radicado": f"9{n:05d}2026"}
        for n, moment in enumerate(received)])  # filed, never answered: their legal terms run out


def from_pendientes(capsys, day: date) -> tuple[set[str], set[str]]:
    code, out, _ = run_streams(capsys, "pendientes", "--fecha", day.isoformat(), "--formato", "csv")
    assert code == 0
    late = [row for row in csv.DictReader(io.StringIO(out)) if row["vence"] < day.isoformat()]
    requests = {row["id"] for row in late if row["tipo"] in ("solicitud", "cierre") and REQUEST.match(row["id"])}
    return requests, {row["id"] for row in late if row["tipo"] == "termino"}


def from_colas(capsys, day: date) -> set[str]:
    """The Términos section of `colas` as people read it: the items marked «(vencido)»."""
    code, out, _ = run_streams(capsys, "colas", "--fecha", day.isoformat())
    assert code == 0
    section = out.split("\nTérminos:", 1)[1].split("\n\n", 1)[0]
    return {line.split()[0] for line in section.splitlines()[1:] if re.search(r"vence \S+ \(vencido\)", line)}


def from_report(tables, day: date) -> set[str]:
    """The overdue legal terms the monthly reports made on `day` list (this month's and last month's
    messages), checked against the count each report states."""
    found = set()
    for month in {f"{day:%Y-%m}", f"{day.replace(day=1) - timedelta(days=1):%Y-%m}"}:
        report = pqrs_monthly.build(tables, month, made_at=datetime.combine(day, time(18), BOGOTA))
        listing = report.listing.rows
        late = listing[listing["Pendiente en"].fillna("").str.contains("Términos")
                       & listing["Vencimiento legal"].map(lambda due: due is not None and due < day)]
        [figure] = [figure for figure in report.figures if figure.label.startswith("Términos legales vencidos")]
        assert figure.value == len(late), (month, day)
        found |= set(late["ID"])
    return found


def test_every_view_agrees_on_what_is_overdue_every_day_of_a_month(seeded, store_url, capsys, monkeypatch):
    tables = open_register(store_url).snapshot(refresh=True).tables
    colas_page = open_page("app_pages/colas.py")
    hoy_page = open_page("app_pages/hoy.py")
    hoy_page.segmented_control(key="hoy_whose").set_value("Todo el equipo").run()
    seen_requests = seen_terms = 0
    for day in MONTH:
        requests, terms = from_pendientes(capsys, day)
        seen_requests, seen_terms = seen_requests + len(requests), seen_terms + len(terms)
        assert from_colas(capsys, day) == terms, day

        colas_page.date_input(key="q_day").set_value(day).run()
        [section] = [block for block in colas_page.expander if block.label.startswith("Términos (")]
        tables_shown = [element.value for element in section.dataframe]
        page_terms = {identifier for table in tables_shown for identifier in table[table["Vencido"] == "Sí"]["ID"]}
        assert page_terms == terms, day

        monkeypatch.setattr(contract, "today_in_bogota", lambda day=day: day)
        hoy_page.run()
        tasks = [element.value for element in hoy_page.dataframe if "Tipo" in element.value.columns]
        due = pd.concat(tasks) if tasks else pd.DataFrame(columns=["Vence", "Tipo", "ID"])  # today's, the backlog
        late = due[due["Vence"].str.endswith("(vencido)")]
        assert set(late[late["Tipo"] == "Término legal de PQRS"]["ID"]) == terms, day
        hoy_requests = set(late[late["Tipo"].isin(["Etapa de solicitud", "Cierre con evidencias"])]["ID"])
        assert {identifier for identifier in hoy_requests if REQUEST.match(identifier)} == requests, day
        per_stage = next(element.value for element in hoy_page.dataframe if "Etapa" in element.value.columns
                         and "Vencidas" in element.value.columns) if requests else None
        assert (int(per_stage["Vencidas"].sum()) if per_stage is not None else 0) == len(requests), day

        month_terms = from_report(tables, day)
        received = tables["Mensajes"].set_index("ID")["Recibido"]
        recent = {identifier for identifier in terms
                  if received[identifier].astimezone(BOGOTA).date() >= (day.replace(day=1) - timedelta(days=1))
                  .replace(day=1)}
        assert month_terms == recent, day
    assert seen_requests > 30 and seen_terms > 30  # the demo has overdue work to agree on
