"""Posts (`Publicaciones`): one copy on several networks, the approval gate before publishing, moving,
cancelling and typing figures; and the grid's calendar helpers (weeks, months, cadence notices)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from core.domain import posts, request_actions, workflow
from core.domain.grid import cadence_notices, daily_counts, in_days, month_of, usual_cadence, week_of
from core.errors import ActionRefused
from core.sheet.cells import BOGOTA

AT = datetime(2026, 12, 2, 9, 0, tzinfo=BOGOTA)


def solicitud(**more) -> dict:
    return {"Fecha de solicitud": "2026-11-20", "Área solicitante": "Jurídica", "Solicitante": "Luis",
            "Título": "Andenes", "Necesidad": "Piezas", "Redes": "X, Facebook", "Fecha de publicación": "2026-12-02",
            "Etapa": "Revisión y aprobación", **more}


def requests(register):
    return register.snapshot().tables["Solicitudes"]


def test_one_copy_for_three_networks_is_three_rows(writer, register):
    ids = posts.schedule(writer, requests(register), ["X", "Facebook", "Instagram"],
                         {"Programada": AT, "Copy": "Recuperamos el andén de la 19", "Origen": "Cubrimiento"})
    frame = register.snapshot().tables["Publicaciones"]
    assert sorted(frame["Red"]) == ["Facebook", "Instagram", "X"] and sorted(frame["ID"]) == sorted(ids)
    assert set(frame["Estado"]) == {"Programada"} and set(frame["Origen"]) == {"Cubrimiento"}


def test_each_network_at_its_own_moment_in_one_write(writer, register):
    friday = datetime(2026, 12, 4, 18, 0, tzinfo=BOGOTA)
    ids = posts.schedule(writer, requests(register), ["X", "Facebook"], {"Copy": "Andenes", "Origen": "Coyuntura"},
                         moments={"X": AT, "Facebook": friday})
    frame = register.snapshot().tables["Publicaciones"]
    assert {row["Red"]: (row["ID"], row["Programada"]) for _, row in frame.iterrows()} == {
        "X": (ids[0], AT), "Facebook": (ids[1], friday)}
    assert list(register.history()["Acción"]).count("programar") == 2  # the one write path: Historial rows


@pytest.mark.parametrize(("moments", "why"), [
    ({"X": AT}, "Diga el día y la hora de Facebook"),
    ({"X": AT, "Facebook": None}, "Diga el día y la hora de Facebook"),
    ({"X": AT, "Facebook": AT, "TikTok": AT}, "Hay día y hora para TikTok, que no está entre las redes elegidas"),
])
def test_every_chosen_network_needs_its_moment_and_nothing_is_written_without(writer, register, moments, why):
    with pytest.raises(ActionRefused, match=why):
        posts.schedule(writer, requests(register), ["X", "Facebook"], {"Origen": "Coyuntura"}, moments=moments)
    assert register.snapshot().tables["Publicaciones"].empty


def test_per_network_moments_keep_the_checks(writer, register):
    request_id = writer.create("Solicitudes", solicitud())
    with pytest.raises(ActionRefused, match="sin aprobación"):
        posts.schedule(writer, requests(register), ["X", "Facebook"],
                       {"Solicitud": request_id, "Estado": "Publicada"}, moments={"X": AT, "Facebook": AT})
    with pytest.raises(ActionRefused, match=r"X admite 280"):
        posts.schedule(writer, requests(register), ["X", "Facebook"], {"Copy": "a" * 281, "Origen": "Coyuntura"},
                       moments={"X": AT, "Facebook": AT})
    assert register.snapshot().tables["Publicaciones"].empty


def test_a_requests_publication_day_is_the_latest_day_of_its_suggestions(writer, register):
    request_id = writer.create("Solicitudes", solicitud())
    assert posts.publication_day(requests(register), request_id) == date(2026, 12, 2)
    assert posts.publication_day(requests(register), None) is None
    assert posts.publication_day(requests(register), "SOL-NADA") is None
    late = datetime(2026, 12, 3, 8, 0, tzinfo=BOGOTA)
    assert posts.after_publication_day("X", late, request_id, date(2026, 12, 2)) == (
        f"X: el 03/12/2026 es después de la fecha de publicación de la solicitud {request_id} (02/12/2026).")
    assert posts.after_publication_day("X", AT, request_id, date(2026, 12, 2)) is None  # that day: in time
    assert posts.after_publication_day("X", late, request_id, None) is None


def test_the_copy_counter_refuses_what_x_cannot_take_and_writes_nothing(writer, register):
    long_copy = "a" * 300
    assert posts.copy_counts(long_copy, ["X", "Facebook"]) == [("X", 300, 280), ("Facebook", 300, 63_206)]
    with pytest.raises(ActionRefused, match=r"X admite 280 \(20 de más\)"):
        posts.schedule(writer, requests(register), ["X", "Facebook"],
                       {"Programada": AT, "Copy": long_copy, "Origen": "Coyuntura"})
    assert register.snapshot().tables["Publicaciones"].empty


@pytest.mark.parametrize(("values", "why"), [
    ({"Programada": AT}, "Diga el origen"),
    ({"Programada": AT, "Origen": "Solicitud"}, "necesita la solicitud"),
    ({"Programada": AT, "Origen": "Coyuntura", "Solicitud": "SOL-1"}, "tiene Origen «Solicitud»"),
])
def test_the_origin_and_the_request_agree(writer, register, values, why):
    with pytest.raises(ActionRefused, match=why):
        posts.schedule(writer, requests(register), ["X"], values)


def test_a_requests_post_is_published_only_after_its_approval(writer, register):
    request_id = writer.create("Solicitudes", solicitud())
    [post_id] = posts.schedule(writer, requests(register), ["X"], {"Programada": AT, "Solicitud": request_id})
    seen = register.snapshot().record("Publicaciones", post_id)
    assert seen["Origen"] == "Solicitud"
    with pytest.raises(ActionRefused, match=f"No se puede publicar sin aprobación: la solicitud {request_id}"):
        posts.publish(writer, seen, requests(register), AT)
    with pytest.raises(ActionRefused, match="sin aprobación"):
        posts.schedule(writer, requests(register), ["Facebook"],
                       {"Programada": AT, "Solicitud": request_id, "Estado": "Publicada"})
    assert register.snapshot().record("Publicaciones", post_id)["Estado"] == "Programada"
    request = register.snapshot().record("Solicitudes", request_id)
    writer.update("Solicitudes", request, {"Aprobado por": "Luis", "Fecha de aprobación": date(2026, 12, 1),
                                           "Soporte de aprobación": "https://mail.google.com/x"})
    posts.publish(writer, seen, requests(register), AT, link="https://x.com/DADEP/status/1", network_id="1")
    published = register.snapshot().record("Publicaciones", post_id)
    assert (published["Estado"], published["Enlace"], published["Publicada"]) == ("Publicada",
                                                                                  "https://x.com/DADEP/status/1", AT)


def test_one_approval_rule_for_publishing_a_post_and_for_leaving_approval(writer, register):
    """Approver and date without the e-mail link: neither the post is published nor the request moves on, both
    refused with the same words naming the link; once the link is in, both go."""
    request_id = writer.create("Solicitudes", solicitud(**{"Aprobado por": "Luis",
                                                            "Fecha de aprobación": date(2026, 12, 1)}))
    [post_id] = posts.schedule(writer, requests(register), ["X"], {"Programada": AT, "Solicitud": request_id})
    seen = register.snapshot().record("Publicaciones", post_id)
    words = (f"No se puede publicar sin aprobación: la solicitud {request_id} aún no tiene el enlace al correo de "
             "aprobación (Soporte de aprobación). Registre la aprobación en Solicitudes, etapa Revisión y aprobación.")
    with pytest.raises(ActionRefused) as publishing:
        posts.publish(writer, seen, requests(register), AT)
    request = register.snapshot().record("Solicitudes", request_id)
    with pytest.raises(ActionRefused) as advancing:
        request_actions.advance(writer, request, now=AT)
    assert str(publishing.value) == str(advancing.value) == words
    assert not workflow.approved(request)
    assert register.snapshot().record("Publicaciones", post_id)["Estado"] == "Programada"
    assert register.snapshot().record("Solicitudes", request_id)["Etapa"] == "Revisión y aprobación"

    writer.update("Solicitudes", request, {"Soporte de aprobación": "https://mail.google.com/x"})
    request = register.snapshot().record("Solicitudes", request_id)
    assert workflow.approved(request)
    posts.publish(writer, seen, requests(register), AT, link="https://x.com/DADEP/status/2")
    assert request_actions.advance(writer, request, now=AT) == "Publicación"
    assert register.snapshot().record("Publicaciones", post_id)["Estado"] == "Publicada"


def test_the_refusal_names_every_missing_part_of_the_approval():
    assert workflow.unapproved_refusal({"ID": "SOL-1"}) == (
        "No se puede publicar sin aprobación: la solicitud SOL-1 aún no tiene quién aprobó (Aprobado por), la fecha "
        "(Fecha de aprobación) ni el enlace al correo de aprobación (Soporte de aprobación). Registre la aprobación "
        "en Solicitudes, etapa Revisión y aprobación.")
    assert "aún no tiene la fecha (Fecha de aprobación). " in workflow.unapproved_refusal(
        {"Aprobado por": "Luis", "Soporte de aprobación": "https://mail.google.com/x"})
    assert workflow.unapproved_refusal({"Aprobado por": "Luis", "Fecha de aprobación": date(2026, 12, 1),
                                        "Soporte de aprobación": "https://mail.google.com/x"}) is None


def test_a_post_of_an_unknown_or_cancelled_request_is_not_published(writer, register):
    [lost] = posts.schedule(writer, requests(register), ["X"], {"Programada": AT, "Solicitud": "SOL-NADA"})
    with pytest.raises(ActionRefused, match="SOL-NADA no está en el registro"):
        posts.publish(writer, register.snapshot().record("Publicaciones", lost), requests(register), AT)
    cancelled = writer.create("Solicitudes", solicitud(Etapa="Cancelada", Título="Otra"))
    [post] = posts.schedule(writer, requests(register), ["X"], {"Programada": AT, "Solicitud": cancelled})
    with pytest.raises(ActionRefused, match="está cancelada"):
        posts.publish(writer, register.snapshot().record("Publicaciones", post), requests(register), AT)


def test_move_cancel_and_figures_follow_the_state(writer, register):
    [post_id] = posts.schedule(writer, requests(register), ["Instagram"], {"Programada": AT, "Origen": "Coyuntura"})
    seen = register.snapshot().record("Publicaciones", post_id)
    with pytest.raises(ActionRefused, match="publicadas"):
        posts.record_figures(writer, seen, {"Alcance": 10}, date(2026, 12, 3))
    later = datetime(2026, 12, 3, 18, 0, tzinfo=BOGOTA)
    assert posts.reschedule(writer, seen, later) == ["Programada"]
    seen = register.snapshot().record("Publicaciones", post_id)
    assert seen["Programada"] == later
    posts.publish(writer, seen, requests(register), later, link="https://www.instagram.com/p/C1/")
    seen = register.snapshot().record("Publicaciones", post_id)
    with pytest.raises(ActionRefused, match="ya se publicó"):
        posts.reschedule(writer, seen, AT)
    with pytest.raises(ActionRefused, match="ya se publicó"):
        posts.cancel(writer, seen)
    posts.record_figures(writer, seen, {"Alcance": 1200, "Interacciones": 60, "Reacciones": 50, "Comentarios": 10},
                         date(2026, 12, 5))
    seen = register.snapshot().record("Publicaciones", post_id)
    assert (seen["Alcance"], seen["Interacciones"], seen["Métricas al"]) == (1200, 60, datetime(2026, 12, 5))
    [other] = posts.schedule(writer, requests(register), ["X"], {"Programada": AT, "Origen": "Coyuntura"})
    posts.cancel(writer, register.snapshot().record("Publicaciones", other))
    with pytest.raises(ActionRefused, match="está cancelada"):
        posts.reschedule(writer, register.snapshot().record("Publicaciones", other), later)


# --- the calendar ---------------------------------------------------------------------------------------


def test_weeks_start_on_monday_and_months_blank_other_days():
    assert week_of(date(2026, 12, 2)) == [date(2026, 11, 30 + i) if i == 0 else date(2026, 12, i) for i in range(7)]
    weeks = month_of(date(2026, 12, 15))
    assert weeks[0][:2] == [None, date(2026, 12, 1)] and weeks[-1][3] == date(2026, 12, 31)
    assert all(len(week) == 7 for week in weeks)


def frame(rows: list[tuple[str, datetime, str]]) -> pd.DataFrame:
    data = pd.DataFrame(rows, columns=["Red", "Programada", "Estado"])
    data["Programada"] = pd.to_datetime(data["Programada"], utc=True).dt.tz_convert("America/Bogota")
    data["Publicada"] = data["Programada"].where(data["Estado"] == "Publicada")
    return data


def test_a_day_beyond_the_networks_usual_cadence_is_pointed_out():
    history = [("X", datetime(2026, 11, day, hour, tzinfo=BOGOTA), "Publicada")
               for day in range(2, 28) for hour in (8, 18)]  # X: two a day
    history += [("Facebook", datetime(2026, 11, day, 9, tzinfo=BOGOTA), "Publicada") for day in range(2, 28)]
    planned = [("X", datetime(2026, 12, 1, hour, tzinfo=BOGOTA), "Programada") for hour in (7, 9, 12, 17)]
    planned += [("X", datetime(2026, 12, 1, 20, tzinfo=BOGOTA), "Cancelada")]
    planned += [("Facebook", datetime(2026, 12, 2, 23, 30, tzinfo=BOGOTA), "Programada")]  # late, still the 2nd
    posts_frame = frame(history + planned)
    assert usual_cadence(posts_frame, date(2026, 12, 1)) == {"X": 2, "Facebook": 1}
    shown = in_days(posts_frame, date(2026, 11, 30), date(2026, 12, 6))
    counts = daily_counts(shown)
    assert counts.loc[date(2026, 12, 1), "X"] == 4  # the cancelled one does not count
    assert counts.loc[date(2026, 12, 2), "Facebook"] == 1
    [notice] = cadence_notices(counts, usual_cadence(posts_frame, date(2026, 11, 30)))
    assert str(notice) == "X: 4 publicaciones el 01/12/2026; lo usual son hasta 2 al día."


def test_a_post_is_marked_published_with_its_link_and_not_before_it_went_out(writer, register):
    [post_id] = posts.schedule(writer, requests(register), ["X"], {"Programada": AT, "Origen": "Coyuntura"})
    seen = register.snapshot().record("Publicaciones", post_id)
    with pytest.raises(ActionRefused, match="^Enlace de la publicación: pegue el enlace"):
        posts.publish(writer, seen, requests(register), AT, link=" ", now=AT)
    with pytest.raises(ActionRefused, match=r"^Publicada: .* aún no llega \(ahora son las"):
        posts.publish(writer, seen, requests(register), AT + timedelta(hours=2), link="https://x.com/DADEP/status/3",
                      now=AT)
    assert register.snapshot().record("Publicaciones", post_id)["Estado"] == "Programada"
    posts.publish(writer, seen, requests(register), AT, link="https://x.com/DADEP/status/3", now=AT)
    assert register.snapshot().record("Publicaciones", post_id)["Estado"] == "Publicada"


def test_a_request_does_not_close_while_one_of_its_posts_is_still_scheduled(writer, register):
    request_id = writer.create("Solicitudes", solicitud(**{"Etapa": "Cierre", "Aprobado por": "Luis",
                                                         "Fecha de aprobación": date(2026, 12, 1),
                                                         "Soporte de aprobación": "https://mail.google.com/x"}))
    [waiting] = posts.schedule(writer, requests(register), ["X"], {"Programada": AT, "Solicitud": request_id})
    request = register.snapshot().record("Solicitudes", request_id)
    with pytest.raises(ActionRefused, match=rf"^1 publicación de esta solicitud sigue programada \({waiting}\): "):
        request_actions.close(writer, request, ["https://x.com/DADEP/status/9"], date(2026, 12, 3),
                          register.snapshot().tables["Publicaciones"])
    posts.cancel(writer, register.snapshot().record("Publicaciones", waiting))
    request_actions.close(writer, request, ["https://x.com/DADEP/status/9"], date(2026, 12, 3),
                      register.snapshot().tables["Publicaciones"])
    assert register.snapshot().record("Solicitudes", request_id)["Evidencias enviadas"] is not None
