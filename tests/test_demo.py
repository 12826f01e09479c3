"""The demo generator: exact row counts, proportions, reproducibility, and every value valid per the sheet
contract (`core.sheet.contract`), which is also what the app's own validation reads."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from core import demo
from core.domain.business_days import BusinessDays
from core.domain.status import status_of
from core.domain.templates import fill
from core.domain.workflow import is_late
from core.settings import settings_of
from core.sheet import contract
from core.sheet.cells import normalize
from core.sheet.rows import frame_records

TODAY = date(2026, 11, 28)
TAB_NAMES = [tab.name for tab in contract.DATA_TABS]


@pytest.fixture(scope="module")
def data() -> dict[str, list[dict[str, object]]]:
    return demo.generate(5000, 1, TODAY)


def _assert_total(tabs: dict[str, list], n: int) -> None:
    assert list(tabs) == TAB_NAMES  # every tab but Historial, by its canonical name
    assert sum(len(rows) for rows in tabs.values()) == n
    assert all(tabs[name] for name in TAB_NAMES)


@pytest.mark.parametrize("n", [60, 61, 500, 1234])
def test_total_is_exactly_n_and_every_tab_has_rows(n):
    _assert_total(demo.generate(n, 3, TODAY), n)


def test_total_for_5000(data):
    _assert_total(data, 5000)


def test_too_few_rows_are_refused_in_spanish():
    with pytest.raises(ValueError, match="Pida al menos 60 filas de demostración"):
        demo.generate(59, 1, TODAY)


def test_proportions(data):
    counts = {name: len(rows) for name, rows in data.items()}
    assert counts["Publicaciones"] >= 0.40 * 5000
    assert counts["Mensajes"] >= 0.30 * 5000
    assert 0.08 * 5000 <= counts["Solicitudes"] <= 0.10 * 5000
    assert counts["Estrategias"] == 50
    assert counts["Cuentas"] == 7 and counts["Usuarios"] == 8 and 4 <= counts["Plantillas"] <= 6
    assert 10 <= counts["Listas"] <= 15


def test_small_registers_keep_the_proportions():
    for n in (60, 75, 120, 333):
        counts = {name: len(rows) for name, rows in demo.generate(n, 1, TODAY).items()}
        assert counts["Publicaciones"] >= 0.40 * n and counts["Mensajes"] >= 0.30 * n, counts


def test_same_seed_same_rows_and_other_seed_other_rows():
    first = demo.generate(500, 7, TODAY)
    assert demo.generate(500, 7, TODAY) == first
    assert demo.generate(500, 8, TODAY) != first


def _check_type(column: contract.Column, value: object) -> None:
    kind = column.kind
    if kind is contract.Kind.DATE:
        assert type(value) is date and date(2000, 1, 1) <= value <= date(2100, 12, 31)
    elif kind is contract.Kind.DATETIME:
        assert isinstance(value, datetime) and str(value.tzinfo) == "America/Bogota"
        assert value.utcoffset() == timedelta(hours=-5)
    elif kind is contract.Kind.MONTH:
        assert isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value)
    elif kind is contract.Kind.INT:
        assert type(value) is int and value >= 0
    elif kind is contract.Kind.BOOL:
        assert type(value) is bool
    elif kind is contract.Kind.LIST:
        assert isinstance(value, list) and value and all(isinstance(item, str) and item for item in value)
        if column.urls:
            assert all(item.startswith("https://") for item in value)
    else:
        assert isinstance(value, str) and value.strip() == value and value
        if kind is contract.Kind.URL:
            assert value.startswith("https://")


def test_every_value_is_valid_per_the_contract(data):
    for tab in contract.DATA_TABS:
        for row in data[tab.name]:
            for name, value in row.items():
                column = tab.find_column(name)
                assert column is not None and column.name == name, f"{tab.name}: {name}"
                if value is None:
                    continue
                _check_type(column, value)
                # the contract's own parser (lists, caps, ranges) keeps the value as it is
                assert column.parse(value) == value, f"{tab.name}: {name}: {value!r}"
            for column in tab.columns:
                if column.required:
                    assert row.get(column.name) not in (None, "", []), f"{tab.name}: {column.name}"


def test_nothing_happened_after_now(data):
    """Only plans look ahead (scheduled posts, publication dates, campaigns, closed days)."""
    now = datetime(2026, 11, 28, 12, tzinfo=data["Mensajes"][0]["Recibido"].tzinfo)
    ahead = {"Programada", "Fecha de publicación", "Inicio", "Fin", "Días no hábiles"}
    for name, rows in data.items():
        for row in rows:
            for column, value in row.items():
                if column in ahead:
                    continue
                if isinstance(value, datetime):
                    assert value <= now, f"{name}: {column}"
                elif isinstance(value, date):
                    assert value <= TODAY, f"{name}: {column}"


def test_ids_are_unique_and_made_from_the_record_day(data):
    for tab in contract.DATA_TABS:
        if not tab.has_id:
            continue
        ids = [row["ID"] for row in data[tab.name]]
        assert len(set(ids)) == len(ids)
        assert all(re.fullmatch(rf"{tab.id_prefix}-\d{{8}}-[0-9A-Z]{{4}}", value) for value in ids)
    for row in data["Mensajes"]:
        assert row["ID"][4:12] == f"{row['Recibido']:%Y%m%d}"


def test_natural_keys_are_unique(data):
    for tab in contract.DATA_TABS:
        for key in tab.natural_keys:
            keyed = [row for row in data[tab.name] if all(row.get(name) is not None for name in key)]
            values = Counter(tuple(normalize(row[name]) for name in key) for row in keyed)
            assert not [value for value, times in values.items() if times > 1], f"{tab.name}: {key}"


def test_every_stage_modality_and_tipologia_is_present(data):
    assert {row["Etapa"] for row in data["Solicitudes"]} == set(contract.STAGE_CHOICES.values)
    assert {row["Modalidad"] for row in data["Solicitudes"]} == set(contract.MODALITY_CHOICES.values)
    assert {row["Clasificación"] for row in data["Mensajes"]} == set(contract.TYPOLOGY_CHOICES.values)
    assert {row["Tipo de interacción"] for row in data["Mensajes"]} == set(contract.INTERACTION_CHOICES.values)
    assert {row["Red"] for row in data["Publicaciones"]} == set(contract.NETWORK_CHOICES.values)
    assert {row["Estado"] for row in data["Publicaciones"]} == set(contract.POST_STATE_CHOICES.values)
    assert {row["Estado"] for row in data["Estrategias"]} == set(contract.CAMPAIGN_STATE_CHOICES.values)
    assert {row["Estado"] for row in data["Cuentas"]} == set(contract.ACCOUNT_STATE_CHOICES.values)
    clasificaciones = Counter(row["Clasificación"] for row in data["Mensajes"])
    assert clasificaciones.most_common(1)[0][0] == "No es PQRS"


def test_requests_are_consistent(data):
    strategies = {row["ID"] for row in data["Estrategias"]}
    for row in data["Solicitudes"]:
        assert row["Fecha de publicación"] > row["Fecha de solicitud"]
        assert row["Inicio de etapa"] <= datetime(2026, 11, 28, 12, tzinfo=row["Inicio de etapa"].tzinfo)
        if row["Modalidad"] == "Estrategia integral":
            assert row["Estrategia"] in strategies
        if row["Etapa"] in ("Publicación", "Cierre"):
            assert row["Aprobado por"] and row["Fecha de aprobación"] and row["Soporte de aprobación"]
        if row["Etapa"] == "Cierre":
            assert row["Evidencias"] and row["Evidencias enviadas"]
    leads = [(row["Fecha de publicación"] - row["Fecha de solicitud"]).days for row in data["Solicitudes"]]
    assert any(lead < 7 for lead in leads) and sum(8 <= lead <= 20 for lead in leads) > len(leads) / 2


def test_a_request_is_in_publicacion_until_its_due_date(data):
    """The demo follows the stage rules (`core.domain.workflow`): a request stays in Publicación until the day of
    publication is over (for a campaign, its end), so a running campaign's requests are not late; the few
    late ones are recent (an office that works well closed the old ones)."""
    ends = {row["ID"]: row["Fin"] for row in data["Estrategias"]}
    publishing = [row for row in data["Solicitudes"] if row["Etapa"] == "Publicación"]
    running = [row for row in publishing if ends.get(row.get("Estrategia"), date.min) >= TODAY]
    recent = [row for row in publishing if row["Fecha de publicación"] >= TODAY - timedelta(days=1)]
    assert running and recent
    days = BusinessDays()
    assert not any(is_late(row, TODAY, days, ends.get(row.get("Estrategia"))) for row in running + recent)
    late = [row for row in publishing if is_late(row, TODAY, days, ends.get(row.get("Estrategia")))]
    assert all((ends.get(row.get("Estrategia")) or row["Fecha de publicación"]) >= TODAY - timedelta(
        days=demo.RECENT_DAYS + 10) for row in late)  # published (a campaign: ended) lately


def test_posts_are_consistent(data):
    requests = {row["ID"] for row in data["Solicitudes"]}
    now = datetime(2026, 11, 28, 12, tzinfo=data["Publicaciones"][0]["Programada"].tzinfo)
    parts = {"Reacciones", "Comentarios", "Compartidos", "Guardados", "Clics"}
    for row in data["Publicaciones"]:
        assert (row["Origen"] == "Solicitud") == ("Solicitud" in row)
        if "Solicitud" in row:
            assert row["Solicitud"] in requests
        if row["Estado"] == "Programada":
            assert row["Programada"] > now and "Publicada" not in row
        if row["Estado"] == "Publicada":
            assert row["Enlace"] and row["Programada"] <= row["Publicada"] <= now
        if "Interacciones" in row:
            assert row["Interacciones"] == sum(row[part] for part in parts if part in row)
            assert row["Métricas al"] >= row["Publicada"].date()
        if "Alcance" in row and "Impresiones" in row:
            assert row["Impresiones"] >= row["Alcance"]
        if row["Red"] in ("X", "YouTube"):
            assert "Alcance" not in row
        if row["Red"] == "X":
            assert len(row["Copy"]) <= 280
        assert row["Formato"] != "Hilo" or row["Red"] == "X"
        assert row["Formato"] != "Short" or row["Red"] == "YouTube"


def test_messages_are_consistent(data):
    messages = data["Mensajes"]
    for row in messages:
        if row["Respondido"]:
            assert row["Fecha de respuesta"] > row["Recibido"] and row["Plantilla"]
        if row.get("Enviado a ATC"):
            assert row["Clasificación"] != "No es PQRS"
            assert row["Enviado a ATC"] >= row["Recibido"].date()
        if row.get("Radicado"):
            assert re.fullmatch(r"\d{10}", row["Número de radicado"])
            assert row["Fecha de radicación"] >= row["Enviado a ATC"]
        if row.get("Trasladado a"):
            assert row["Competencia"] == "Otra entidad"
    starts = Counter(row["Mensaje"][0] for row in messages)
    assert starts["="] and starts["+"] and starts["@"]  # typed as citizens type; they stay plain text
    recent = [row for row in messages if row["Recibido"].date() >= TODAY - timedelta(days=2)]
    assert any(not row["Respondido"] for row in recent)
    assert sum(row["Respondido"] for row in messages) > 0.8 * len(messages)


def test_monitoring_counts_the_days_messages(data):
    received = Counter((row["Recibido"].date(), row["Red"]) for row in data["Mensajes"])
    days = {row["Fecha"] for row in data["Monitoreo"]}
    for row in data["Monitoreo"]:
        assert row["Mensajes nuevos"] == received[row["Fecha"], row["Red"]]
        assert row["Pendientes"] <= row["Mensajes nuevos"]
        assert row["Hora"].date() == row["Fecha"]
    assert max(days) == TODAY and len(days) < (max(days) - min(days)).days + 1  # with gaps


def test_lists_pair_areas_with_their_journalist(data):
    journalists = {row["Áreas"]: row["Periodista del área"] for row in data["Listas"] if "Áreas" in row}
    assert len(journalists) == len(demo.AREAS)
    for row in data["Solicitudes"]:
        assert journalists[row["Área solicitante"]] == row["Periodista"]
    users = data["Usuarios"]
    assert all(row["Correo"].endswith("@dadep.gov.co") for row in users)
    assert {role for row in users for role in row["Roles"]} == set(contract.ROLES.values)


def test_the_demo_shows_an_office_working_well(register, writer):
    """What Inicio's button loads: most work closed on time, a realistic handful overdue and all of it recent,
    messages answered within a day or two, and the contact data in Ajustes, so every template reads whole."""
    today = date(2026, 12, 7)
    demo.write_demo(writer, demo.DEFAULT_ROWS, 7, today)
    tables = register.snapshot().tables
    now = status_of(tables, today)
    late = [task for task in now.tasks if task.due < today]
    assert 1 <= len(late) <= 10 and len(late) <= len(now.tasks) / 5
    assert all(task.due >= today - timedelta(days=demo.RECENT_DAYS) for task in late)
    requests = tables["Solicitudes"]
    assert (requests["Etapa"] == "Cierre").mean() > 0.8
    messages = tables["Mensajes"]
    received = messages["Recibido"].dt.tz_convert("America/Bogota").dt.date
    older = messages[received < today - timedelta(days=2)]
    assert older["Respondido"].fillna(False).astype(bool).all()
    waited = (older["Fecha de respuesta"] - older["Recibido"]).dt.total_seconds() / 86_400
    assert waited.median() < 1 and waited.max() <= 3
    settings = settings_of(tables)
    for _, template in frame_records(tables["Plantillas"]):
        assert not [what for what in fill(template["Texto"], settings, {}).missing if "Ajustes" in what]
