"""Solicitudes' list (`requests_view.request_list`): each filter keeps exactly the requests it names, whole-column
as it now runs, against the same question asked of each request one by one."""

from __future__ import annotations

from datetime import date

import pytest

from core.domain.status import status
from core.sheet.contract import STAGES
from core.ui.requests_view import Filters, request_list

AREAS = ("Subdirección de Registro Inmobiliario", "Oficina Asesora de Comunicaciones")


@pytest.fixture
def listed(writer, register):
    records = []
    for i in range(12):
        records.append({
            "Fecha de solicitud": date(2026, 10, 1 + i % 5), "Área solicitante": AREAS[i % 2],
            "Solicitante": "María Pérez", "Título": f"Jornada {i}" + (" de andenes" if i % 3 == 0 else ""),
            "Necesidad": "Divulgar", "Redes": [["Facebook"], ["X", "Instagram"], ["X"]][i % 3],
            "Periodista": None if i % 4 == 0 else f"Periodista {i % 2}",
            "Fecha de publicación": date(2026, 11, 1 + i), "Etapa": STAGES[i % 3],
            "Copy revisado": i % 5 == 0 or None,
        })
    writer.create_many("Solicitudes", records)
    snapshot = register.snapshot()
    requests = snapshot.tables["Solicitudes"]
    return requests, status(snapshot, date(2026, 11, 5)), dict(zip(requests["ID"], records, strict=True))


@pytest.mark.parametrize("filters, keeps", [
    (Filters(), lambda r: True),
    (Filters(areas=(AREAS[1],)), lambda r: r["Área solicitante"] == AREAS[1]),
    (Filters(stages=(STAGES[1], STAGES[2])), lambda r: r["Etapa"] in (STAGES[1], STAGES[2])),
    (Filters(journalists=("Periodista 1",)), lambda r: r["Periodista"] == "Periodista 1"),
    (Filters(networks=("Instagram",)), lambda r: "Instagram" in r["Redes"]),
    (Filters(copy_pending=True), lambda r: r["Etapa"] == STAGES[2] and r["Copy revisado"] is not True),
    (Filters(published_from=date(2026, 11, 4), published_to=date(2026, 11, 9)),
     lambda r: date(2026, 11, 4) <= r["Fecha de publicación"] <= date(2026, 11, 9)),
    (Filters(text="ANDENES"), lambda r: "andenes" in r["Título"]),
    (Filters(areas=(AREAS[0],), networks=("X",), text="jornada"),
     lambda r: r["Área solicitante"] == AREAS[0] and "X" in r["Redes"]),
])
def test_each_filter_keeps_what_it_names(listed, filters, keeps):
    requests, now, by_id = listed
    shown = request_list(requests, now, filters)
    assert set(shown["ID"]) == {key for key, record in by_id.items() if keeps(record)}


def test_the_list_is_newest_first_with_due_dates_and_late_flags(listed):
    requests, now, by_id = listed
    shown = request_list(requests, now)
    asked = [by_id[key]["Fecha de solicitud"] for key in shown["ID"]]
    assert asked == sorted(asked, reverse=True)
    late = request_list(requests, now, Filters(late_only=True))
    assert set(late["ID"]) == set(shown.loc[shown["Vencida"] == "Sí", "ID"])
    assert all(line["Vence"] for _, line in shown.iterrows())
    assert shown.loc[0, "Fecha de publicación"].count("/") == 2
