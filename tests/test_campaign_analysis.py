"""A campaign's results: its own posts and its requests' posts, per network, against each network's median
over the same dates; best and worst within each network; and the Spanish draft of the analysis."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from core.domain.campaign_analysis import analyse, summary_text
from core.sheet.cells import BOGOTA


def post(network: str, day: int, reach: int, interactions: int, **more) -> dict:
    moment = datetime(2026, 10, day, 9, 0, tzinfo=BOGOTA)
    base = {"Impresiones": reach} if network == "X" else {"Alcance": reach}
    return {"Red": network, "Programada": moment, "Publicada": moment, "Estado": "Publicada", "Origen": "Cubrimiento",
            "Interacciones": interactions, **base, **more}


def test_a_campaigns_results_per_network_against_the_networks_median(writer, register):
    campaign = writer.create("Estrategias", {"Nombre": "Andenes libres", "Inicio": "2026-10-01", "Fin": "2026-10-31"})
    request = writer.create("Solicitudes", {
        "Fecha de solicitud": "2026-09-20", "Área solicitante": "Jurídica", "Solicitante": "Luis", "Título": "Pieza",
        "Necesidad": "Piezas", "Redes": "X", "Fecha de publicación": "2026-10-05", "Estrategia": campaign})
    ids = writer.create_many("Publicaciones", [
        post("Facebook", 2, 1000, 50, Estrategia=campaign),   # 5 %
        post("Facebook", 3, 1000, 10, Estrategia=campaign),   # 1 %
        post("X", 5, 2000, 60, Origen="Solicitud", Solicitud=request),  # 3 % on impressions, through the request
        post("Facebook", 4, 1000, 20),  # outside the campaign: the network's median over the same dates
        post("Facebook", 6, 1000, 40),
        post("Facebook", 20, 1000, 30, Estado="Programada", Publicada=None, Interacciones=None, Alcance=None,
             Estrategia=campaign),
        post("X", 7, 1000, 10, Programada=datetime(2026, 11, 7, 9, tzinfo=BOGOTA),
             Publicada=datetime(2026, 11, 7, 9, tzinfo=BOGOTA)),  # after the campaign: not in the median
    ])
    result = analyse(register.snapshot().tables, register.snapshot().record("Estrategias", campaign))
    rows = {row["Red"]: row for row in result.per_network.to_dict("records")}
    assert rows["Facebook"]["Publicaciones"] == 2 and rows["Facebook"]["Interacciones"] == 60
    assert rows["Facebook"]["Engagement"] == pytest.approx(0.03)
    assert rows["Facebook"]["Mediana de la red"] == pytest.approx(0.03)
    assert rows["X"]["Engagement"] == pytest.approx(0.03) and rows["X"]["Base"] == "impresiones"
    assert pd.isna(rows["X"]["Mediana de la red"])  # no other X post in those dates
    assert list(result.best["ID"]) == [ids[0], ids[2]] and list(result.worst["ID"]) == [ids[1]]
    assert result.scheduled == 1 and (result.start, result.end) == (date(2026, 10, 1), date(2026, 10, 31))
    text = summary_text(result)
    assert "tuvo 3 publicaciones publicadas, 2.000 de alcance y 120 interacciones" in text
    assert "Facebook: 2 publicaciones, 60 interacciones, engagement mediano 3,0 % sobre alcance, igual a la " \
           "mediana de la red en esas fechas (3,0 %)" in text
    assert f"X {ids[2]} (3,0 % sobre impresiones)" in text
    assert "Publicaciones de la campaña aún sin publicar: 1." in text


def test_a_campaign_without_published_posts_says_so(writer, register):
    campaign = writer.create("Estrategias", {"Nombre": "Vacía", "Inicio": "2026-10-01", "Fin": "2026-10-31"})
    result = analyse(register.snapshot().tables, register.snapshot().record("Estrategias", campaign))
    assert result.per_network.empty and "no tiene publicaciones publicadas" in summary_text(result)
