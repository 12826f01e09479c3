"""Business days, the two paths and each stage's due date, and the daily digest (`pendientes`)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from email import message_from_bytes
from email.policy import default as default_policy

import pytest

from core.cli.main import main
from core.domain import request_actions as actions
from core.domain.business_days import BusinessDays, holiday_name
from core.domain.mail import approval_email, eml_bytes, mailto
from core.domain.pending import pending
from core.domain.setting_changes import save_setting
from core.domain.status import status_of
from core.domain.workflow import (
    APPROVAL_CHECKLIST,
    current_due,
    is_closed,
    is_late,
    is_open,
    material_late,
    material_warning,
    stages,
)
from core.register import StaleRow
from core.settings import APPROVAL_ROLES, settings_of
from core.sheet.cells import BOGOTA
from core.sheet.contract import IN_CAMPAIGN, INDEPENDENT, NETWORK_CHOICES

DAYS = BusinessDays()


def request(stage: str = "Identificar las necesidades", started: date | None = date(2026, 4, 2), **more) -> dict:
    return {"ID": "SOL-1", "Título": "Campaña de andenes", "Modalidad": INDEPENDENT, "Etapa": stage,
            "Fecha de solicitud": datetime(2026, 4, 1), "Fecha de publicación": datetime(2026, 4, 20),
            "Inicio de etapa": datetime.combine(started, datetime.min.time(), BOGOTA) if started else None, **more}


# --- business days ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "days", "due"), [
    (date(2026, 4, 2), 1, date(2026, 4, 6)),  # Jueves Santo: Viernes Santo and the weekend do not count
    (date(2026, 4, 1), 1, date(2026, 4, 6)),  # Miércoles Santo: the next working day is Monday
    (date(2026, 3, 20), 1, date(2026, 3, 24)),  # San José moved to Monday 23 March
    (date(2026, 6, 5), 1, date(2026, 6, 9)),  # Corpus Christi moved to Monday 8 June
    (date(2026, 12, 24), 2, date(2026, 12, 29)),  # Christmas and the weekend
    (date(2026, 12, 31), 1, date(2027, 1, 4)),  # year end: 1 January, then the weekend
    (date(2026, 11, 27), 3, date(2026, 12, 2)),  # Friday + 3: Monday, Tuesday, Wednesday
    (date(2026, 11, 27), 0, date(2026, 11, 27)),
])
def test_working_days_follow_colombian_holidays(start, days, due):
    assert DAYS.add(start, days) == due


def test_holidays_have_spanish_names_and_the_office_closes_more_days():
    assert holiday_name(date(2026, 4, 2)) == "Jueves Santo"
    assert holiday_name(date(2026, 4, 6)) is None
    closed = BusinessDays([date(2026, 4, 6)])
    assert closed.add(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert BusinessDays(business=False).add(date(2026, 4, 2), 1) == date(2026, 4, 3)  # the leader's setting
    assert DAYS.between(date(2026, 4, 1), date(2026, 4, 7)) == 2


# --- paths and due dates -------------------------------------------------------------------------------------


def test_a_stand_alone_request_started_on_jueves_santo_is_due_on_monday():
    assert current_due(request(), DAYS) == date(2026, 4, 6)
    assert not is_late(request(), date(2026, 4, 6), DAYS)
    assert is_late(request(), date(2026, 4, 7), DAYS)


def test_each_stage_has_its_limit():
    assert current_due(request("Definir acciones"), DAYS) == date(2026, 4, 6)
    assert current_due(request("Recepción de material"), DAYS) == date(2026, 4, 13)  # 7 calendar days before
    assert current_due(request("Ajustes", date(2026, 4, 6)), DAYS) == date(2026, 4, 9)  # due on the 3rd
    assert current_due(request("Revisión y aprobación", date(2026, 4, 9)), DAYS) == date(2026, 4, 10)
    assert current_due(request("Publicación", date(2026, 4, 17)), DAYS) == date(2026, 4, 20)
    assert current_due(request("Cierre"), DAYS) == date(2026, 4, 22)  # 2 working days after publication
    campaign = request("Cierre", Modalidad=IN_CAMPAIGN)
    assert current_due(campaign, DAYS, campaign_end=date(2026, 5, 29)) == date(2026, 6, 2)  # Fri + 2
    assert current_due(request("Cancelada"), DAYS) is None


def test_publicacion_is_due_on_the_day_of_publication_not_a_day_after_it_starts():
    moved = request("Publicación", date(2026, 12, 1), **{"Fecha de publicación": datetime(2026, 12, 15)})
    assert current_due(moved, DAYS) == date(2026, 12, 15)
    assert not is_late(moved, date(2026, 12, 4), DAYS) and not is_late(moved, date(2026, 12, 15), DAYS)
    assert is_late(moved, date(2026, 12, 16), DAYS)
    assert [stage.due for stage in stages(moved, DAYS) if stage.state == "en curso"] == [date(2026, 12, 15)]
    on_the_day = request("Publicación", date(2026, 12, 15), **{"Fecha de publicación": datetime(2026, 12, 15)})
    assert current_due(on_the_day, DAYS) == date(2026, 12, 16)  # it started that day: one working day after
    campaign = {**moved, "Modalidad": IN_CAMPAIGN}
    assert current_due(campaign, DAYS, campaign_end=date(2026, 12, 23)) == date(2026, 12, 23)  # the campaign's end
    assert current_due(campaign, DAYS) == date(2026, 12, 15)  # its campaign unknown: the publication date
    assert not is_late(campaign, date(2026, 12, 22), DAYS, campaign_end=date(2026, 12, 23))


def test_one_rule_says_which_requests_are_closed_and_which_are_open():
    closed = request("Cierre", **{"Evidencias enviadas": datetime(2026, 4, 22)})
    assert is_closed(closed) and not is_open(closed)
    assert not is_closed(request("Cierre")) and is_open(request("Cierre"))
    assert not is_open(request("Cancelada")) and not is_closed(request("Cancelada"))
    typed_early = request("Publicación", **{"Evidencias enviadas": datetime(2026, 4, 22)})  # not in Cierre yet
    assert is_open(typed_early) and not is_closed(typed_early)


def test_a_request_without_a_stage_start_counts_from_its_date():
    assert current_due(request(started=None), DAYS) == date(2026, 4, 6)  # 1 April + 1 working day


def test_the_two_paths_never_show_the_other_paths_stages_as_due():
    alone = stages(request("Ajustes", date(2026, 4, 6)), DAYS)
    assert [(s.number, s.state) for s in alone] == [
        (1, "hecha"), (2, "hecha"), (3, "hecha"), (4, "No aplica"), (5, "en curso"), (6, "pendiente"),
        (7, "pendiente"), (8, "pendiente")]
    assert alone[3].due is None and alone[4].due == date(2026, 4, 9) and alone[7].due == date(2026, 4, 22)
    campaign = stages(request("Estrategia digital", Modalidad=IN_CAMPAIGN), DAYS)
    assert [(s.number, s.state) for s in campaign][:5] == [
        (1, "hecha"), (2, "No aplica"), (3, "No aplica"), (4, "en curso"), (5, "pendiente")]
    assert campaign[1].due is None and campaign[2].due is None and campaign[3].due == date(2026, 4, 13)
    # a stage typed by hand that is not on the path is never due
    assert current_due(request("Recepción de material", Modalidad=IN_CAMPAIGN), DAYS) is None
    assert current_due(request("Estrategia digital"), DAYS) is None


def test_the_seven_day_rule_warns_and_flags_late_material():
    assert material_warning(date(2026, 12, 1), date(2026, 11, 28)) is not None
    assert "es en 3 días" in material_warning(date(2026, 12, 1), date(2026, 11, 28))
    assert material_warning(date(2026, 12, 5), date(2026, 11, 28)) is None
    assert "ya pasó" in material_warning(date(2026, 11, 27), date(2026, 11, 28))
    late = request("Recepción de material")
    assert not material_late(late, date(2026, 4, 13)) and material_late(late, date(2026, 4, 14))
    assert not material_late({**late, "Material recibido": datetime(2026, 4, 10)}, date(2026, 4, 14))
    assert not material_late(request("Publicación"), date(2026, 4, 19))


# --- pendientes ---------------------------------------------------------------------------------------------


def solicitud(**more) -> dict:
    return {"Fecha de solicitud": "2026-04-01", "Área solicitante": "Jurídica", "Solicitante": "Luis",
            "Título": "Semana Santa", "Necesidad": "Piezas", "Redes": "X", "Fecha de publicación": "2026-04-20",
            "Periodista": "Ana", **more}


def csv_rows(capsys) -> list[dict]:
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def without_monitoring(items: list) -> list:
    """`pendientes` items (or CSV rows) but the day's monitoring checks (with no inventory in Cuentas every
    network is to be checked each day: tests/test_monitoring_pending.py)."""
    return [item for item in items if (item["tipo"] if isinstance(item, dict) else item.kind) != "monitoreo"]


def test_pendientes_lists_the_jueves_santo_request_on_monday_not_before(writer, capsys):
    new = writer.create("Solicitudes", solicitud(**{"Inicio de etapa": datetime(2026, 4, 2, 9, 0, tzinfo=BOGOTA)}))
    assert main(["pendientes", "--fecha", "2026-04-03", "--formato", "csv"]) == 0
    assert without_monitoring(csv_rows(capsys)) == []
    assert main(["pendientes", "--fecha", "2026-04-06", "--formato", "csv"]) == 0
    assert without_monitoring(csv_rows(capsys)) == [{"tipo": "solicitud", "id": new, "vence": "2026-04-06",
                                                     "detalle": "Semana Santa (Ana): Identificar las necesidades"}]
    assert main(["pendientes", "--fecha", "2026-04-08"]) == 0
    out = capsys.readouterr().out
    assert "06/04/2026 (vencido)  solicitud" in out and new in out


def test_pendientes_orders_by_due_date_then_kind_and_covers_closures_and_feedback(writer, register):
    published = writer.create("Solicitudes", solicitud(Título="Publicada", Etapa="Cierre",
                                                       **{"Fecha de publicación": "2026-04-08"}))
    writer.create("Solicitudes", solicitud(Título="Cerrada", Etapa="Cierre",
                                           **{"Fecha de publicación": "2026-04-08", "Evidencias enviadas": "2026-04-09",
                                              "Feedback entregado": "2026-04-09"}))
    fresh = writer.create("Solicitudes", solicitud(Título="Nueva", **{"Inicio de etapa": "2026-04-09 10:00"}))
    writer.create("Solicitudes", solicitud(Título="Cancelada", Etapa="Cancelada"))
    campaign = writer.create("Estrategias", {"Nombre": "Andenes libres", "Inicio": "2026-03-01", "Fin": "2026-04-07"})
    tables = register.snapshot().tables
    items = without_monitoring(pending(tables, date(2026, 4, 10)))
    assert [(item.due, item.kind, item.id) for item in items] == [
        (date(2026, 4, 9), "cierre", campaign),
        (date(2026, 4, 9), "feedback", published),
        (date(2026, 4, 10), "solicitud", fresh),
        (date(2026, 4, 10), "cierre", published),
    ]


def test_pendientes_honours_the_offices_closed_days(writer, register):
    writer.create("Listas", {"Días no hábiles": "2026-04-06"})
    writer.create("Solicitudes", solicitud(**{"Inicio de etapa": "2026-04-02 09:00"}))
    tables = register.snapshot().tables
    assert without_monitoring(pending(tables, date(2026, 4, 6))) == []
    assert [item.due for item in without_monitoring(pending(tables, date(2026, 4, 7)))] == [
        date(2026, 4, 7)]


def test_pendientes_says_when_nothing_is_due(writer, capsys):
    writer.create_many("Monitoreo", [{"Fecha": "2026-04-03", "Red": network} for network in NETWORK_CHOICES.values])
    assert main(["pendientes", "--fecha", "2026-04-03"]) == 0
    assert "Nada pendiente al 03/04/2026." in capsys.readouterr().out
    with pytest.raises(SystemExit) as exited:
        main(["pendientes", "--fecha", "3/4/2026"])
    assert exited.value.code == 2 and "no es una fecha AAAA-MM-DD" in capsys.readouterr().err


def test_today_is_the_default_day(writer, capsys, monkeypatch):
    from core.cli import pending as cli

    monkeypatch.setattr(cli, "today_in_bogota", lambda: date(2026, 4, 6))
    writer.create("Solicitudes", solicitud(**{"Inicio de etapa": datetime(2026, 4, 2, 9, 0, tzinfo=BOGOTA)}))
    assert main(["pendientes", "--formato", "csv"]) == 0
    assert [row["vence"] for row in without_monitoring(csv_rows(capsys))] == ["2026-04-06"]


# --- actions on a request --------------------------------------------------------------------------------

NOW = datetime(2026, 4, 6, 9, 0, tzinfo=BOGOTA)


def created(writer, register, **more) -> dict:
    new = writer.create("Solicitudes", solicitud(**{"Correo del solicitante": "luis@dadep.gov.co", **more}))
    return register.snapshot().record("Solicitudes", new)


def fresh(register, seen) -> dict:
    return register.snapshot().record("Solicitudes", seen["ID"])


def test_a_stand_alone_request_moves_along_its_path_with_each_rule(writer, register):
    seen = created(writer, register)
    assert actions.advance(writer, seen, NOW) == "Definir acciones"
    seen = fresh(register, seen)
    assert seen["Inicio de etapa"] == NOW
    assert actions.advance(writer, seen, NOW) == "Recepción de material"
    seen = fresh(register, seen)
    with pytest.raises(actions.ActionRefused, match="Material recibido"):
        actions.advance(writer, seen, NOW)
    writer.update("Solicitudes", seen, {"Material recibido": date(2026, 4, 6)})
    seen = fresh(register, seen)
    with pytest.raises(actions.ActionRefused, match="revisar el copy"):
        actions.advance(writer, seen, NOW)
    actions.receive_material(writer, seen, date(2026, 4, 6), date(2026, 4, 6))
    seen = fresh(register, seen)
    assert actions.advance(writer, seen, NOW) == "Ajustes"  # stage 4 is not on this path
    seen = fresh(register, seen)
    assert actions.advance(writer, seen, NOW) == "Revisión y aprobación"
    seen = fresh(register, seen)
    with pytest.raises(actions.ActionRefused, match="No se puede publicar sin aprobación"):
        actions.advance(writer, seen, NOW)
    actions.back_to_adjustments(writer, seen, "cambiar la foto", NOW)
    seen = fresh(register, seen)
    assert seen["Etapa"] == "Ajustes" and "vuelve a Ajustes: cambiar la foto" in seen["Observaciones"]
    actions.advance(writer, seen, NOW)
    seen = fresh(register, seen)
    actions.register_approval(writer, seen, "Luis Pérez", date(2026, 4, 7),
                              "https://mail.google.com/mail/u/0/#all/abc", APPROVAL_CHECKLIST)
    seen = fresh(register, seen)
    assert actions.advance(writer, seen, NOW) == "Publicación"
    seen = fresh(register, seen)
    actions.record_feedback(writer, seen, date(2026, 4, 21))
    seen = fresh(register, seen)
    assert actions.advance(writer, seen, NOW) == "Cierre"
    seen = fresh(register, seen)
    with pytest.raises(actions.ActionRefused, match="Evidencias"):
        actions.close(writer, seen, [], date(2026, 4, 22))
    actions.close(writer, seen, ["https://x.com/DADEP/status/1"], date(2026, 4, 22))
    seen = fresh(register, seen)
    assert seen["Evidencias enviadas"] == datetime(2026, 4, 22)
    with pytest.raises(actions.ActionRefused, match="La solicitud está cerrada"):
        actions.advance(writer, seen, NOW)
    stages_seen = [entry for entry in register.history().to_dict("records") if entry["ID"] == seen["ID"]]
    assert [entry["Acción"] for entry in stages_seen].count("avanzar etapa") == 7


def test_a_campaign_request_goes_through_the_strategy_not_stages_2_and_3(writer, register):
    seen = created(writer, register, Modalidad="Estrategia integral")
    assert actions.advance(writer, seen, NOW) == "Estrategia digital"
    seen = fresh(register, seen)
    with pytest.raises(actions.ActionRefused, match="Material recibido"):
        actions.advance(writer, seen, NOW)


def test_only_the_allowed_roles_register_an_approval_and_with_the_whole_checklist(writer, register):
    seen = created(writer, register, Etapa="Revisión y aprobación")
    evidence = "https://mail.google.com/mail/u/0/#all/abc"
    area = register.writer("Luis", roles=["Área solicitante"], area="Jurídica")
    with pytest.raises(actions.ActionRefused, match="Su rol no permite registrar «Aprobado por»"):
        actions.register_approval(area, seen, "Luis", date(2026, 4, 7), evidence, APPROVAL_CHECKLIST)
    leader = register.writer("Carolina", roles=["Líder"])
    with pytest.raises(actions.ActionRefused, match="subtítulos"):
        actions.register_approval(leader, seen, "Luis", date(2026, 4, 7), evidence,
                                  [item for item in APPROVAL_CHECKLIST if "subtítulos" not in item])
    save_setting(writer, settings_of(register.snapshot().tables), APPROVAL_ROLES, "Community manager")
    with pytest.raises(actions.ActionRefused, match="Soporte de aprobación» en Solicitudes: lo hace Community manager"):
        actions.register_approval(register.writer("Carolina", roles=["Líder"]), seen, "Luis", date(2026, 4, 7),
                                  evidence, APPROVAL_CHECKLIST)
    assert fresh(register, seen)["Aprobado por"] is None  # nothing written by the refusals
    actions.register_approval(register.writer("Andrés", roles=["Community manager"]), seen, "Luis",
                              date(2026, 4, 7), evidence, APPROVAL_CHECKLIST)
    assert fresh(register, seen)["Aprobado por"] == "Luis"


def test_cancel_keeps_the_reason_and_a_stale_read_is_refused(writer, register):
    seen = created(writer, register)
    with pytest.raises(actions.ActionRefused, match="motivo"):
        actions.cancel(writer, seen, " ", NOW)
    writer.update("Solicitudes", seen, {"Periodista": "Otra"})
    with pytest.raises(StaleRow):
        actions.cancel(writer, seen, "el área desistió", NOW)
    seen = fresh(register, seen)
    actions.cancel(writer, seen, "el área desistió", NOW)
    seen = fresh(register, seen)
    assert seen["Etapa"] == "Cancelada" and seen["Observaciones"] == "06/04/2026: cancelada: el área desistió"
    with pytest.raises(actions.ActionRefused, match="cancelada"):
        actions.advance(writer, seen, NOW)


def test_the_approval_email_parses_back_with_its_recipients_and_subject(writer, register):
    writer.create_many("Usuarios", [
        {"Correo": "carolina.rincon@dadep.gov.co", "Nombre": "Carolina Rincón", "Roles": "Líder"},
        {"Correo": "ana.perez@dadep.gov.co", "Nombre": "Ana", "Roles": "Periodista"},
        {"Correo": "otro@dadep.gov.co", "Nombre": "Otro", "Roles": "Community manager"}])
    seen = created(writer, register, **{"Carpeta de publicación": "https://drive.google.com/drive/folders/x"})
    message = approval_email(seen, register.snapshot().tables["Usuarios"])
    parsed = message_from_bytes(eml_bytes(message), policy=default_policy)
    assert parsed["To"] == "luis@dadep.gov.co"
    assert parsed["Cc"] == "carolina.rincon@dadep.gov.co, ana.perez@dadep.gov.co"
    assert parsed["Subject"] == f"Aprobación de publicación: Semana Santa ({seen['ID']})"
    body = parsed.get_content()
    assert "Redes: X" in body and "Fecha de publicación: 20/04/2026" in body and "drive.google.com" in body
    link = mailto(message)
    assert link.startswith("mailto:luis@dadep.gov.co?cc=carolina.rincon%40dadep.gov.co") and "subject=Aprobaci" in link


# --- found in review: each fails without its fix -----------------------------------------------------------


def test_a_title_typed_on_two_lines_makes_a_one_line_subject(writer, register):
    seen = created(writer, register, Título="Semana\nSanta")
    parsed = message_from_bytes(eml_bytes(approval_email(seen, register.snapshot().tables["Usuarios"])),
                                policy=default_policy)
    assert parsed["Subject"] == f"Aprobación de publicación: Semana Santa ({seen['ID']})"


def test_going_back_to_adjustments_needs_a_new_approval(writer, register):
    seen = created(writer, register, Etapa="Revisión y aprobación")
    actions.register_approval(writer, seen, "Luis", date(2026, 4, 7), "https://mail.google.com/x",
                              APPROVAL_CHECKLIST)
    actions.back_to_adjustments(writer, fresh(register, seen), "otra foto", NOW)
    seen = fresh(register, seen)
    assert seen["Aprobado por"] is None and seen["Soporte de aprobación"] is None
    actions.advance(writer, seen, NOW)
    with pytest.raises(actions.ActionRefused, match="sin aprobación"):
        actions.advance(writer, fresh(register, seen), NOW)


def test_an_approval_is_registered_only_in_its_stage(writer, register):
    seen = created(writer, register)
    with pytest.raises(actions.ActionRefused, match="se registra en la etapa Revisión y aprobación"):
        actions.register_approval(writer, seen, "Luis", date(2026, 4, 7), "https://mail.google.com/x",
                                  APPROVAL_CHECKLIST)


def test_a_closed_request_is_never_pending_and_a_late_closure_counts_as_overdue(writer, register):
    from core.domain.pending import today_view

    writer.create("Solicitudes", solicitud(Título="Cerrada sin feedback", Etapa="Cierre", **{
        "Fecha de publicación": "2026-04-08", "Evidencias enviadas": "2026-04-09"}))
    late = writer.create("Solicitudes", solicitud(Título="Cierre atrasado", Etapa="Cierre",
                                                  **{"Fecha de publicación": "2026-04-01",
                                                     "Feedback entregado": "2026-04-02"}))
    tables = register.snapshot().tables
    items = without_monitoring(pending(tables, date(2026, 4, 20)))
    assert [(item.kind, item.id) for item in items] == [("cierre", late)]
    view = today_view(tables, status_of(tables, date(2026, 4, 20)))
    assert view.late_per_stage.to_dict("records") == [{"Etapa": "Cierre", "Vencidas": 1}]


def test_a_request_joins_a_campaign_only_from_a_stage_both_paths_share(writer, register):
    from core.domain import campaigns

    campaign = writer.create("Estrategias", {"Nombre": "Andenes", "Inicio": "2026-03-01", "Fin": "2026-05-01"})
    stuck = created(writer, register, Etapa="Recepción de material")
    with pytest.raises(actions.ActionRefused, match="publicación independiente"):
        campaigns.link_request(writer, stuck, campaign)
    early = created(writer, register, Título="Otra")
    campaigns.link_request(writer, early, campaign)
    assert fresh(register, early)["Modalidad"] == "Estrategia integral"
    assert actions.advance(writer, fresh(register, early), NOW) == "Estrategia digital"
