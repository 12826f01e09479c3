"""The leader's indicators (`core.kpis`) on a small register written through the app's own write path (and its
stage moves through the request actions, so Historial is real), each figure against a hand computation.

September 2026 has no Colombian holiday, so its business days are Monday to Friday: the due dates below are
counted by hand on that calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
import pytest

from core import charts, kpis
from core.domain import request_actions
from core.domain.workflow import APPROVAL_CHECKLIST
from core.sheet.cells import BOGOTA

SEPTEMBER = kpis.Period(date(2026, 9, 1), date(2026, 9, 30))
TODAY = date(2026, 10, 2)  # after the period: its state is read on its last day, 30/09


def at(day: int, hour: int = 9, minute: int = 0, month: int = 9) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BOGOTA)


def post(network: str, day: int, month: int = 9, **values) -> dict:
    return {"Red": network, "Programada": at(day, month=month), "Publicada": at(day, month=month),
            "Estado": "Publicada", **values}


def request(title: str, received: date, area: str, networks: str, published: date, **values) -> dict:
    return {"Fecha de solicitud": received, "Área solicitante": area, "Solicitante": "Ana", "Título": title,
            "Necesidad": "Divulgar", "Redes": networks, "Fecha de publicación": published, **values}


@dataclass
class Register:
    tables: dict
    history: pd.DataFrame
    ids: dict


@pytest.fixture
def known(writer, register) -> Register:
    ids = {}
    ids["C1"] = writer.create("Estrategias", {"Nombre": "Andenes", "Área": "Dirección", "Eje del plan": "Eje A",
                                              "Inicio": date(2026, 9, 1), "Fin": date(2026, 9, 30)})
    ids["R1"] = writer.create("Solicitudes", request("Jornada", date(2026, 9, 1), "Dirección", "Facebook",
                                                     date(2026, 9, 25), **{"Eje del plan": "Eje A",
                                                                          "Inicio de etapa": at(1)}))
    ids["R2"] = writer.create("Solicitudes", request("Aviso", date(2026, 9, 3), "Subdirección", "X",
                                                     date(2026, 9, 28), **{"Eje del plan": "Eje B",
                                                                          "Inicio de etapa": at(3)}))
    ids["R3"] = writer.create("Solicitudes", request("Campaña", date(2026, 9, 29), "Dirección", "YouTube",
                                                     date(2026, 10, 20), Modalidad="Estrategia integral",
                                                     Estrategia=ids["C1"], **{"Inicio de etapa": at(29)}))
    ids["R4"] = writer.create("Solicitudes", request(  # received in August, closed in September, late
        "Cierre", date(2026, 8, 20), "Dirección", "Facebook", date(2026, 9, 10), Etapa="Cierre",
        Evidencias=["https://facebook.com/p/1"], **{"Evidencias enviadas": date(2026, 9, 15)}))
    ids["R5"] = writer.create("Solicitudes", request("Anulada", date(2026, 9, 15), "Subdirección", "X",
                                                     date(2026, 9, 30), Etapa="Cancelada"))
    ids["R6"] = writer.create("Solicitudes", request("Octubre", date(2026, 10, 1), "Dirección", "X",
                                                     date(2026, 10, 30)))

    # R1 along its path (Publicación independiente: 1 → 2 → 3 → 5 → 6 → 7), then back to Ajustes.
    def seen():
        return register.snapshot().record("Solicitudes", ids["R1"])

    request_actions.advance(writer, seen(), at(2, 10))  # 1: started 01/09, due 02/09, left 02/09: on time
    request_actions.advance(writer, seen(), at(7, 10))  # 2: started 02/09, due 03/09, left 07/09: late
    request_actions.receive_material(writer, seen(), date(2026, 9, 8), date(2026, 9, 8))
    request_actions.advance(writer, seen(), at(8, 11))  # 3: due 25/09 - 7 = 18/09, left 08/09: on time
    request_actions.advance(writer, seen(), at(9, 11))  # 5: started 08/09, due 11/09 (3rd day), left 09/09: on time
    request_actions.register_approval(writer, seen(), "Jefe del área", date(2026, 9, 10),
                                  "https://mail.example/aprobacion", APPROVAL_CHECKLIST)
    request_actions.advance(writer, seen(), at(10, 11))  # 6: started 09/09, due 10/09, left 10/09: on time
    # 7: Publicación is due on the publication date, 25/09 (later than 11/09, a working day after it started); left
    # on 14/09: on time.
    request_actions.back_to_adjustments(writer, seen(), "Cambiar la foto", at(14, 9))
    # R1 is now in Ajustes since 14/09, due 17/09: in course and overdue on 30/09 (late).
    # R2 is in stage 1 since 03/09, due 04/09: late. R3 in stage 1 since 29/09, due 30/09: not yet late.
    # R4 closed: end 10/09, due 14/09, evidence sent 15/09: late.

    posts = writer.create_many("Publicaciones", [
        post("Facebook", 3, Alcance=1000, Reacciones=30, Comentarios=10, Compartidos=5, Clics=5,  # 50: 5 % on reach
             Origen="Solicitud", Solicitud=ids["R1"]),
        post("Facebook", 10, Alcance=2000, Interacciones=40, Origen="Cubrimiento"),  # 2 % on reach
        post("Facebook", 11, Reproducciones=500, Interacciones=50, Origen="Réplica distrital"),  # 10 % on views
        post("X", 4, Impresiones=4000, Interacciones=120, Origen="Solicitud", Solicitud=ids["R2"]),  # 3 %
        post("X", 21, Impresiones=1000, Interacciones=10, Origen="Coyuntura"),  # 1 % on impressions
        post("YouTube", 7, Reproducciones=1000, Interacciones=30, Estrategia=ids["C1"]),  # 3 % on views
        post("Instagram", 30, month=8, Alcance=100, Interacciones=10, Origen="Cubrimiento"),  # August
        {"Red": "Facebook", "Programada": at(25), "Estado": "Programada", "Origen": "Cubrimiento"},  # not published
    ])
    ids.update({f"P{i}": post_id for i, post_id in enumerate(posts, start=1)})

    writer.create_many("Mensajes", [
        {"Recibido": at(1, 8), "Red": "Facebook", "Mensaje": "Invaden el andén", "Clasificación": "Queja",
         "Tema": "Invasión", "Respondido": True, "Fecha de respuesta": at(1, 10, 30), "Enviado a ATC": date(2026, 9, 2),
         "Radicado": True, "Número de radicado": "2026-001"},  # 2,5 h; 1 business day; Queja: due 22/09
        {"Recibido": at(4, 17), "Red": "X", "Mensaje": "¿Quién responde?", "Tema": "Invasión", "Respondido": True,
         "Clasificación": "Derecho de petición de interés general", "Fecha de respuesta": at(5, 9),
         "Enviado a ATC": date(2026, 9, 7)},  # 16 h; received Friday, sent Monday: 1 business day; not filed, but
        # its term runs: 15 business days from 04/09 = 25/09, overdue on 30/09
        {"Recibido": at(10, 12), "Red": "Facebook", "Mensaje": "Gracias", "Clasificación": "No es PQRS",
         "Tema": "Otros", "Respondido": False},
        {"Recibido": at(25, 9), "Red": "Instagram", "Mensaje": "Consulto", "Clasificación": "Consulta",
         "Tema": "Trámites", "Respondido": True, "Fecha de respuesta": at(25, 10),
         "Enviado a ATC": date(2026, 9, 25), "Radicado": True},
        # 1 h; same day: 0 business days; Consulta: 30 business days, in term on 30/09
        {"Recibido": at(10, 8), "Red": "Facebook", "Mensaje": "Reclamo", "Clasificación": "Reclamo", "Tema": "Trámites",
         "Respondido": True, "Fecha de respuesta": at(10, 12), "Enviado a ATC": date(2026, 9, 11), "Radicado": True},
        # 4 h; 1 business day; Reclamo: 15 business days from 10/09 = 01/10, running out on 30/09
        {"Recibido": at(31, 8, month=8), "Red": "Facebook", "Mensaje": "Agosto", "Clasificación": "Queja"},
        # never sent nor filed: its term runs all the same, 15 business days from 31/08 = 21/09, overdue on 30/09
    ])
    writer.create_many("Métricas de cuenta", [
        {"Mes": "2026-08", "Red": "Facebook", "Cuenta": "DADEP", "Seguidores": 1000},
        {"Mes": "2026-09", "Red": "Facebook", "Cuenta": "DADEP", "Seguidores": 1100},
        {"Mes": "2026-09", "Red": "X", "Cuenta": "DADEP", "Seguidores": 500},
        {"Mes": "2026-07", "Red": "Instagram", "Cuenta": "dadep", "Seguidores": 200},
        {"Mes": "2026-09", "Red": "Instagram", "Cuenta": "dadep", "Seguidores": 260},
        {"Mes": "2026-10", "Red": "Facebook", "Cuenta": "DADEP", "Seguidores": 1300},
    ])
    return Register(register.snapshot().tables, register.history(), ids)


def rows(frame: pd.DataFrame, key: str) -> dict:
    return {row[key]: row for row in frame.to_dict("records")}


# --- periods --------------------------------------------------------------------------------------------


def test_the_presets_name_whole_months_and_semesters():
    assert kpis.period_of("Este mes", date(2026, 2, 14)) == kpis.Period(date(2026, 2, 1), date(2026, 2, 28))
    assert kpis.period_of("Mes pasado", date(2026, 1, 10)) == kpis.Period(date(2025, 12, 1), date(2025, 12, 31))
    assert kpis.period_of("Este semestre", date(2026, 8, 3)) == kpis.Period(date(2026, 7, 1), date(2026, 12, 31))
    assert kpis.period_of("Este semestre", date(2026, 6, 30)) == kpis.Period(date(2026, 1, 1), date(2026, 6, 30))
    custom = kpis.period_of("Rango personalizado", date(2026, 8, 3), (date(2026, 3, 9), date(2026, 1, 5)))
    assert custom == kpis.Period(date(2026, 1, 5), date(2026, 3, 9)) and custom.bucket == "mes"
    with pytest.raises(ValueError, match="último día"):
        kpis.period_of("Rango personalizado", date(2026, 8, 3), (date(2026, 3, 9),))


def test_a_month_goes_week_by_week_up_to_today_and_a_semester_month_by_month():
    assert SEPTEMBER.bucket == "semana"
    assert kpis.buckets(SEPTEMBER, date(2026, 9, 16)) == [
        (date(2026, 9, 1), "semana del 01/09"), (date(2026, 9, 7), "semana del 07/09"),
        (date(2026, 9, 14), "semana del 14/09")]
    semester = kpis.period_of("Este semestre", date(2026, 9, 16))
    assert [label for _, label in kpis.buckets(semester, date(2026, 9, 16))] == ["jul. 2026", "ago. 2026",
                                                                                 "sept. 2026"]


# --- posts ----------------------------------------------------------------------------------------------


def test_per_network_compares_base_independent_figures_and_gives_each_rate_its_base(known):
    figures = kpis.compute(known.tables, SEPTEMBER, kpis.Filters(), TODAY)
    networks = rows(figures.networks, "Red")
    assert list(networks) == ["Facebook", "X", "YouTube"]  # the contract's order; Instagram's post is August's
    facebook = networks["Facebook"]
    assert (facebook["Publicaciones"], facebook["Alcance"], facebook["Con alcance"], facebook["Interacciones"]) == (
        3, 3000, 2, 140)  # 50 (the parts) + 40 + 50
    assert facebook["Base"] == "Alcance" and facebook["En la base"] == 2  # the post on views is left out
    assert facebook["Engagement"] == pytest.approx((0.05 + 0.02) / 2)
    x = networks["X"]
    assert pd.isna(x["Alcance"]) and x["Interacciones"] == 130 and x["Base"] == "Impresiones"
    assert x["Engagement"] == pytest.approx(0.02)
    assert networks["YouTube"]["Base"] == "Reproducciones" and networks["YouTube"]["Engagement"] == pytest.approx(0.03)
    assert figures.posts == 6
    table = rows(charts.kpi_networks_table(figures.networks), "Red")
    assert table["Facebook"]["Engagement mediano"] == "3,5 % sobre alcance (2 publicaciones)"
    assert table["X"]["Alcance"] == "sin dato" and table["Facebook"]["Alcance"] == "3.000"


def test_over_time_fills_every_week_and_network(known):
    figures = kpis.compute(known.tables, SEPTEMBER, kpis.Filters(), TODAY)
    frame = figures.over_time
    assert len(frame) == 5 * 3  # five weeks (from 01/09, a Tuesday) × three networks
    week = frame[(frame["Desde"] == date(2026, 9, 7)) & (frame["Red"] == "Facebook")].iloc[0]
    assert (week["Publicaciones"], week["Interacciones"], week["Alcance"]) == (2, 90, 2000)  # 10/09 and 11/09
    assert week["Engagement"] == pytest.approx(0.02) and week["Periodo"] == "semana del 07/09"
    empty = frame[(frame["Desde"] == date(2026, 9, 28)) & (frame["Red"] == "X")].iloc[0]
    assert empty["Publicaciones"] == 0 and empty["Interacciones"] == 0 and pd.isna(empty["Engagement"])


def test_posts_per_origin_and_the_best_and_worst_within_each_network(known):
    figures = kpis.compute(known.tables, SEPTEMBER, kpis.Filters(), TODAY)
    origins = {(row["Red"], row["Origen"]): row["Publicaciones"] for row in figures.origins.to_dict("records")}
    assert origins == {("Facebook", "Solicitud"): 1, ("Facebook", "Cubrimiento"): 1,
                       ("Facebook", "Réplica distrital"): 1, ("X", "Solicitud"): 1, ("X", "Coyuntura"): 1,
                       ("YouTube", "Solicitud"): 1}  # Origen's default is Solicitud
    ids = known.ids
    posts = kpis.published_posts(known.tables, SEPTEMBER)
    top = kpis.top_posts(posts, n=1)
    assert [(row["Red"], row["Lista"], row["Puesto"], row["ID"]) for row in top.to_dict("records")] == [
        ("Facebook", "Mejores", 1, ids["P1"]), ("Facebook", "Menos", 2, ids["P2"]),  # P3 is on views: not ranked
        ("X", "Mejores", 1, ids["P4"]), ("X", "Menos", 2, ids["P5"]), ("YouTube", "Mejores", 1, ids["P6"])]
    assert list(figures.top_posts["ID"]) == [ids["P1"], ids["P2"], ids["P4"], ids["P5"], ids["P6"]]  # n = 3
    assert set(figures.top_posts["Lista"]) == {"Mejores"}  # none has more than three ranked posts


def test_filters_by_network_area_and_eje(known):
    ids = known.ids
    posts = kpis.published_posts(known.tables, SEPTEMBER, kpis.Filters(network="X"))
    assert set(posts["ID"]) == {ids["P4"], ids["P5"]}
    posts = kpis.published_posts(known.tables, SEPTEMBER, kpis.Filters(area="direccion"))  # loose, as the grid
    assert set(posts["ID"]) == {ids["P1"], ids["P6"]}  # through its request; through its campaign
    posts = kpis.published_posts(known.tables, SEPTEMBER, kpis.Filters(axis="Eje A"))
    assert set(posts["ID"]) == {ids["P1"], ids["P6"]}
    posts = kpis.published_posts(known.tables, SEPTEMBER, kpis.Filters(axis="Eje B", network="Facebook"))
    assert posts.empty
    requests = kpis.received_requests(known.tables, SEPTEMBER, kpis.Filters(axis="eje a"))
    assert set(requests["ID"]) == {ids["R1"], ids["R3"]}  # R3's eje is its campaign's
    requests = kpis.received_requests(known.tables, SEPTEMBER, kpis.Filters(network="X", area="Subdirección"))
    assert set(requests["ID"]) == {ids["R2"], ids["R5"]}
    filtered = kpis.compute(known.tables, SEPTEMBER, kpis.Filters(network="X"), TODAY)
    assert int(filtered.messages["Recibidos"].iloc[0]) == 1 and filtered.networks["Red"].tolist() == ["X"]
    assert kpis.Filters(network="X", axis="Eje B").describe() == "Red: X · Eje del plan: Eje B"


# --- requests -------------------------------------------------------------------------------------------


def test_requests_per_stage_and_path(known):
    figures = kpis.compute(known.tables, SEPTEMBER, kpis.Filters(), TODAY)
    assert figures.requests == 4  # R1, R2, R3, R5: R4 came in August and R6 in October
    assert [tuple(row) for row in figures.stages[["Etapa", "Camino", "Solicitudes"]].to_numpy()] == [
        ("Identificar las necesidades", "Publicación independiente", 1),
        ("Identificar las necesidades", "Estrategia integral", 1),
        ("Ajustes", "Publicación independiente", 1),
        ("Cancelada", "Publicación independiente", 1)]
    table = rows(charts.kpi_stages_table(figures.stages, kpis.STAGE_ROWS, kpis.PATHS), "Etapa")
    assert table["Estrategia digital"]["Publicación independiente"] == "No aplica"
    assert table["Identificar las necesidades"]["Total"] == "2" and "Cerrada" not in table


def test_on_time_per_stage_from_historial(known):
    figures = kpis.compute(known.tables, SEPTEMBER, kpis.Filters(), TODAY, known.history)
    on_time = {row["Número"]: (row["A tiempo"], row["Tarde"], row["En curso"]) for row in
               figures.on_time.to_dict("records")}
    assert on_time == {
        1: (1, 1, 1),  # R1 left on time; R2 still in it, overdue; R3 due 30/09, the day the period is read on
        2: (0, 1, 0),  # R1 left on 07/09, due 03/09
        3: (1, 0, 0),
        5: (1, 1, 0),  # R1's first Ajustes on time; its second, due 17/09, still open
        6: (1, 0, 0),
        7: (1, 0, 0),  # left for Ajustes on 14/09, due on the publication date 25/09
        8: (0, 1, 0),  # R4: evidence sent 15/09, due 14/09
    }
    rate = rows(figures.on_time, "Número")
    assert rate[1]["Tasa"] == 0.5 and rate[1]["Base"] == 2 and rate[3]["Tasa"] == 1.0
    assert rows(charts.kpi_on_time_table(figures.on_time), "Etapa")["1. Identificar las necesidades"][
        "A tiempo (%)"] == "50,0 % de 2"
    # The same requests read on 17/09, a period of one day: only what was due that day.
    one_day = kpis.compute(known.tables, kpis.Period(date(2026, 9, 17), date(2026, 9, 17)), kpis.Filters(),
                           date(2026, 9, 17), known.history)
    assert one_day.on_time[["Número", "A tiempo", "Tarde", "En curso"]].to_numpy().tolist() == [[5, 0, 0, 1]]
    assert kpis.compute(known.tables, SEPTEMBER, kpis.Filters(), TODAY).on_time is None  # no Historial, no rate


def test_adjustment_rounds_count_the_returns_to_ajustes(known):
    figures = kpis.compute(known.tables, SEPTEMBER, kpis.Filters(), TODAY, known.history)
    assert figures.rounds.to_numpy().tolist() == [["0", 3, 0], ["1", 1, 1], ["2", 0, 0], ["3 o más", 0, 0]]
    assert kpis.rounds_text(figures) == ("De 4 solicitudes recibidas en el periodo, 1 volvió a Ajustes al menos "
                                         "una vez (25,0 % de las recibidas): 1 devolución en total.")
    moves = kpis.stage_moves(known.history)
    r1 = moves[moves["ID"] == known.ids["R1"]]
    assert list(r1["A"]) == ["Identificar las necesidades", "Definir acciones", "Recepción de material", "Ajustes",
                             "Revisión y aprobación", "Publicación", "Ajustes"]  # its creation, then six moves
    assert pd.isna(r1["De"].iloc[0]) and list(r1["Acción"])[-1] == "volver a ajustes"
    assert list(r1["Fecha"].dt.date)[-1] == date(2026, 9, 14)  # when the action says it happened


def test_stage_moves_skip_what_is_not_a_stage_change():
    history = pd.DataFrame({
        "Fecha": [at(1), at(2), at(3), at(4)],
        "Pestaña": ["Solicitudes", "Solicitudes", "Mensajes", "Solicitudes"],
        "ID": ["SOL-1", "SOL-1", "MSG-1", "SOL-2"],
        "Acción": ["avanzar etapa", "editar", "editar", "avanzar etapa"],
        "Cambios": ['{"Etapa": ["Identificar las necesidades", "Definir acciones"]}', '{"Título": ["a", "b"]}',
                    '{"Etapa": ["x", "y"]}', "no es JSON"],
    })
    moves = kpis.stage_moves(history)
    assert moves[["ID", "De", "A"]].to_numpy().tolist() == [["SOL-1", "Identificar las necesidades",
                                                              "Definir acciones"]]
    assert moves["Fecha"].iloc[0] == at(1) and pd.isna(moves["Inicio"].iloc[0])  # no Inicio de etapa: the row's time
    assert kpis.stage_moves(pd.DataFrame(columns=["Fecha", "Usuario", "Pestaña", "ID", "Acción", "Cambios"])).empty


# --- messages -------------------------------------------------------------------------------------------


def test_the_messages_funnel_and_its_medians(known):
    figures = kpis.compute(known.tables, SEPTEMBER, kpis.Filters(), TODAY)
    total = figures.messages.iloc[0]
    assert [int(total[name]) for name in ("Recibidos", "PQRS", "Respondidos", "Enviados a ATC", "Radicados")] == [
        5, 4, 4, 4, 3]
    assert total["Respuesta (h)"] == pytest.approx((2.5 + 4) / 2)  # of 1, 2,5, 4 and 16 hours
    assert total["Envío (días hábiles)"] == 1 and total["Con envío"] == 4  # 0, 1, 1, 1
    by_network = rows(figures.messages_by["Red"], "Red")
    assert list(by_network) == ["Facebook", "Instagram", "X"]  # most received first
    facebook = by_network["Facebook"]
    assert [int(facebook[name]) for name in ("Recibidos", "PQRS", "Respondidos", "Enviados a ATC", "Radicados")] == [
        3, 2, 2, 2, 2]
    assert facebook["Respuesta (h)"] == pytest.approx(3.25)
    by_type = rows(figures.messages_by["Tipología"], "Tipología")
    assert by_type["No es PQRS"]["PQRS"] == 0 and by_type["Consulta"]["Envío (días hábiles)"] == 0
    by_topic = rows(figures.messages_by["Tema"], "Tema")
    assert by_topic["Invasión"]["Recibidos"] == 2 and by_topic["Invasión"]["Respuesta (h)"] == pytest.approx(9.25)
    funnel = rows(charts.kpi_funnel_rows(figures.messages), "categoria")
    assert funnel["Radicados"]["detalle"] == "3 (75,0 % de 4 pqrs)"
    assert kpis.times_text(figures.messages).startswith("Mediana de la primera respuesta en la red: 3,2 horas (4 ")


def test_terms_running_on_the_periods_last_day(known):
    figures = kpis.compute(known.tables, SEPTEMBER, kpis.Filters(), TODAY)
    # Overdue: the filed Queja of 01/09, and the unfiled petition of 04/09 and Queja of 31/08 (terms run from receipt).
    assert figures.as_of == date(2026, 9, 30) and figures.overdue_terms == 3
    terms = rows(figures.terms, "Tipología")
    assert {name: (row["Vencidos"], row["Por vencer"], row["En término"]) for name, row in terms.items()} == {
        "Queja": (2, 0, 0), "Derecho de petición de interés general": (1, 0, 0), "Reclamo": (0, 1, 0),
        "Consulta": (0, 0, 1)}
    assert figures.running_out[["Tipología", "Vence"]].to_numpy().tolist() == [["Reclamo", date(2026, 10, 1)]]
    assert kpis.compute(known.tables, SEPTEMBER, kpis.Filters(network="Instagram"), TODAY).terms[
        "Tipología"].tolist() == ["Consulta"]


# --- community ------------------------------------------------------------------------------------------


def test_community_growth_month_to_month(known):
    figures = kpis.compute(known.tables, SEPTEMBER, kpis.Filters(), TODAY)
    growth = {(row["Red"], row["Mes"]): (row["Seguidores"], row["Crecimiento"]) for row in
              figures.growth.to_dict("records")}
    assert growth.keys() == {("Facebook", "2026-09"), ("X", "2026-09"), ("Instagram", "2026-09")}
    assert growth["Facebook", "2026-09"] == (1100, 100)
    assert pd.isna(growth["Instagram", "2026-09"][1])  # no August figure: no growth against July
    accounts = rows(figures.accounts, "Red")
    assert list(accounts) == ["Facebook", "Instagram"]  # X has one month only: nothing to compare
    assert accounts["Facebook"]["Desde"] == "2026-08" and accounts["Facebook"]["Crecimiento"] == 100
    assert accounts["Facebook"]["Relativo"] == pytest.approx(0.1)
    assert accounts["Instagram"]["Desde"] == "2026-07" and accounts["Instagram"]["Crecimiento"] == 60  # last before
    table = charts.kpi_accounts_table(figures.accounts, kpis.month_label).iloc[0]
    assert (table["Desde"], table["Crecimiento (%)"]) == ("ago. 2026", "10,0 % sobre los seguidores al inicio")
    semester = kpis.growth_per_account(known.tables, kpis.period_of("Este semestre", date(2026, 9, 30)))
    facebook = rows(semester, "Red")["Facebook"]  # no figure before July: from the semester's first, to October
    assert (facebook["Desde"], facebook["Hasta"], facebook["Crecimiento"]) == ("2026-08", "2026-10", 300)


# --- charts ---------------------------------------------------------------------------------------------


def test_every_chart_is_valid_vega_lite_on_a_few_aggregated_rows(known):
    figures = kpis.compute(known.tables, SEPTEMBER, kpis.Filters(), TODAY, known.history)
    built = [charts.kpi_networks_chart(figures.networks, SEPTEMBER.label()),
             *(charts.kpi_time_chart(figures.over_time, measure, "semana") for measure in charts.TIME_MEASURES),
             charts.kpi_origins_chart(figures.origins), charts.kpi_stages_chart(figures.stages, tuple(kpis.PATHS)),
             charts.kpi_on_time_chart(figures.on_time), charts.kpi_funnel_chart(figures.messages),
             charts.kpi_growth_chart(figures.accounts, kpis.month_label)]
    for chart in built:
        spec = chart.to_dict()  # validated against Vega-Lite's schema
        assert spec["config"]["locale"]["number"]["decimal"] == ","
        assert spec.get("description") or spec.get("spec", {}).get("description")
        assert all(len(values) <= 300 for values in spec["datasets"].values())
    tooltips = str(built[0].to_dict())
    assert "3,5 % sobre alcance (2 publicaciones)" in tooltips
    assert "sobre impresiones" in str(built[4].to_dict())  # engagement: each network's panel names its base


# --- the reports say the same -------------------------------------------------------------------------------


def figure(report, label: str):
    found = {item.label: item.value for item in report.figures}
    assert label in found, list(found)
    return found[label]


def test_the_monthly_pqrs_report_and_the_indicators_agree(known):
    from core.reports import pqrs_monthly

    report = pqrs_monthly.build(known.tables, "2026-09", made_at=at(30, 18), today=date(2026, 9, 30))
    total = kpis.compute(known.tables, SEPTEMBER, kpis.Filters(), TODAY).messages.iloc[0]
    assert figure(report, "Mensajes recibidos en el mes") == total["Recibidos"] == 5
    assert figure(report, "Respondidos en la red") == total["Respondidos"]
    assert figure(report, "Enviados a Atención a la Ciudadanía") == total["Enviados a ATC"]
    assert figure(report, "Radicados en Bogotá te escucha") == total["Radicados"]
    assert figure(report, "Tiempo de respuesta, mediana (horas corridas)") == pytest.approx(total["Respuesta (h)"])
    assert figure(report, "Tiempo de envío a ATC, mediana (días hábiles)") == pytest.approx(
        total["Envío (días hábiles)"])
    terms = kpis.running_terms(known.tables, date(2026, 9, 30))  # every running term; the report's are September's
    of_september = terms[terms["Recibido"].map(lambda day: day.month == 9) & terms["Estado"].eq("vencido")]
    assert figure(report, "Términos legales vencidos al 30/09/2026") == len(of_september) == 2


def test_the_semester_report_and_the_indicators_count_the_same_posts(known):
    from core.reports import semester

    report = semester.build(known.tables, "2026-2", made_at=at(30, 18), today=date(2026, 9, 30))
    networks = kpis.compute(known.tables, kpis.period_of("Este semestre", date(2026, 9, 30)), kpis.Filters(),
                            TODAY).networks
    assert figure(report, "Publicaciones del semestre") == networks["Publicaciones"].sum() == 7  # August's too
    assert figure(report, "Interacciones") == networks["Interacciones"].sum() == 310
    assert figure(report, "Alcance de las publicaciones") == networks["Alcance"].sum() == 3100
