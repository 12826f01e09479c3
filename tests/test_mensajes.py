"""A citizen's message through its life (log, answer, hand-off to ATC, filing, transfer, final answer, the
leader's decision), the links that fill network and handle, the ATC e-mail, and the answer templates."""

from __future__ import annotations

from datetime import date, datetime
from email import message_from_bytes
from email.policy import default as default_policy

import pytest

from core.domain import message_actions
from core.domain.mail import eml_bytes
from core.domain.setting_changes import save_setting
from core.domain.templates import fill, review_due, review_notice
from core.errors import ActionRefused
from core.settings import ATC_MAILBOX, PHONE_LINE, TEMPLATE_REVIEW_MONTHS, WEB_CHANNEL, settings_of
from core.sheet.cells import BOGOTA

RECEIVED = datetime(2026, 3, 14, 19, 30, tzinfo=BOGOTA)


@pytest.mark.parametrize(("link", "network", "handle"), [
    ("https://x.com/juanperez/status/1890000000000000001", "X", "@juanperez"),
    ("https://twitter.com/Juan_P/status/1?s=20", "X", "@Juan_P"),
    ("https://www.tiktok.com/@vecina.kennedy/video/7444572646137079704", "TikTok", "@vecina.kennedy"),
    ("https://www.instagram.com/p/C9xyz12/", "Instagram", None),
    ("https://m.facebook.com/DADEPBogota/posts/123?comment_id=9", "Facebook", None),
    ("https://www.youtube.com/watch?v=abc&lc=xyz", "YouTube", None),
    ("https://x.com/DADEPBogota/status/1", "X", None),  # the entity's own account is not the citizen
    ("https://example.org/algo", None, None),
    ("no es un enlace", None, None),
])
def test_a_pasted_link_fills_the_network_and_the_handle_where_it_shows_them(link, network, handle):
    assert message_actions.from_link(link, own_accounts=["@DADEPBogota"]) == (network, handle)


def message(**more) -> dict:
    return {"Recibido": RECEIVED, "Red": "X", "Tipo de interacción": "Comentario", "Usuario": "@juanperez",
            "Enlace": "https://x.com/juanperez/status/1", "Mensaje": "=HYPERLINK(\"http://x\") ¿cuándo limpian?",
            **more}


def test_a_message_from_logging_to_its_final_answer(writer, register):
    message_id = writer.create("Mensajes", message())

    def seen():
        return register.snapshot().record("Mensajes", message_id)

    assert seen()["Mensaje"].startswith("=HYPERLINK(")  # stored exactly as typed
    with pytest.raises(ActionRefused, match="Clasifique el mensaje"):
        message_actions.send_to_atc(writer, seen(), date(2026, 3, 16))
    message_actions.answer(writer, seen(), "PQRS radicada", datetime(2026, 3, 15, 8, tzinfo=BOGOTA))
    writer.update("Mensajes", seen(), {"Clasificación": "Petición", "Competencia": "DADEP"})
    message_actions.send_to_atc(writer, seen(), date(2026, 3, 16))
    with pytest.raises(ActionRefused, match="ya se envió .* el 16/03/2026"):
        message_actions.send_to_atc(writer, seen(), date(2026, 3, 17))
    with pytest.raises(ActionRefused, match="Primero registre el radicado"):
        message_actions.register_final_answer(writer, seen(), date(2026, 3, 20))
    with pytest.raises(ActionRefused, match="Número de radicado"):
        message_actions.register_filing(writer, seen(), " ", None, date(2026, 3, 17))
    message_actions.register_filing(writer, seen(), "20264200012345", "", date(2026, 3, 17))
    message_actions.register_final_answer(writer, seen(), date(2026, 3, 30))
    row = seen()
    assert (row["Respondido"], row["Plantilla"], row["Clasificación"], row["Radicado"], row["Número de radicado"],
            row["Radicado interno"], row["Respuesta definitiva"]) == (
        True, "PQRS radicada", "Derecho de petición de interés general", True, "20264200012345", None,
        datetime(2026, 3, 30))
    actions = [entry["Acción"] for entry in register.history().to_dict("records") if entry["ID"] == message_id]
    assert actions == ["crear", "responder", "editar", "enviar a ATC", "radicar", "respuesta definitiva"]


def test_no_es_pqrs_is_not_sent_and_only_the_leader_decides_a_special_case(writer, register):
    message_id = writer.create("Mensajes", message(Clasificación="No es PQRS", **{"Caso especial": True}))
    seen = register.snapshot().record("Mensajes", message_id)
    with pytest.raises(ActionRefused, match="«No es PQRS» no se envía"):
        message_actions.send_to_atc(writer, seen, date(2026, 3, 16))
    for role in ("Community manager", "Periodista", "Atención a la Ciudadanía"):
        with pytest.raises(ActionRefused, match="registrar «Decisión del líder» en Mensajes: lo hace Líder"):
            message_actions.decide(register.writer("Laura", roles=(role,)), seen, "Responder con la plantilla general")
    message_actions.decide(register.writer("Carolina", roles=("Líder",)), seen, "Responder con la plantilla general")
    decided = register.snapshot().record("Mensajes", message_id)
    assert decided["Decisión del líder"] == "Responder con la plantilla general"


# --- rule 2d: a special case waits for the leader's decision --------------------------------------------------

WAITS = "Es un caso especial y el líder aún no ha decidido"


def special_case(writer, register, **more) -> str:
    return writer.create("Mensajes", message(Clasificación="Queja", **{"Caso especial": True, **more}))


@pytest.mark.parametrize("roles", [None, ("Community manager",), ("Periodista",), ("Líder",)])
def test_a_special_case_is_not_sent_to_atc_before_the_leaders_decision(register, writer, roles):
    message_id = special_case(writer, register)

    def seen():
        return register.snapshot().record("Mensajes", message_id)

    person = register.writer("Laura", roles=roles)  # None: local mode, where the page acts with every role
    with pytest.raises(ActionRefused, match=WAITS):
        message_actions.send_to_atc(person, seen(), date(2026, 3, 16))
    assert seen()["Enviado a ATC"] is None
    message_actions.decide(register.writer("Carolina", roles=("Líder",)), seen(), "Radicar como queja")
    message_actions.send_to_atc(person, seen(), date(2026, 3, 16))
    assert seen()["Enviado a ATC"] == datetime(2026, 3, 16)


@pytest.mark.parametrize("roles", [None, ("Atención a la Ciudadanía",)])
def test_a_special_case_is_not_filed_before_the_leaders_decision(register, writer, roles):
    message_id = special_case(writer, register, **{"Enviado a ATC": date(2026, 3, 16)})

    def seen():
        return register.snapshot().record("Mensajes", message_id)

    atc = register.writer("Jorge", roles=roles)
    with pytest.raises(ActionRefused, match=WAITS):
        message_actions.register_filing(atc, seen(), "20264200012345", None, date(2026, 3, 17))
    assert (seen()["Radicado"], seen()["Número de radicado"]) == (None, None)
    message_actions.register_transfer(atc, seen(), "IDU")  # the rest of ATC's write-back does not wait
    message_actions.decide(register.writer("Carolina", roles=("Líder",)), seen(), "Radicar")
    message_actions.register_filing(atc, seen(), "20264200012345", None, date(2026, 3, 17))
    assert seen()["Número de radicado"] == "20264200012345"


@pytest.mark.parametrize(("roles", "changes"), [
    (("Community manager",), {"Enviado a ATC": date(2026, 3, 16)}),
    (("Periodista",), {"Enviado a ATC": date(2026, 3, 16), "Observaciones": "enviado por correo"}),
    (("Atención a la Ciudadanía",), {"Radicado": True}),
    (("Atención a la Ciudadanía",), {"Número de radicado": "20264200012345"}),
    (("Líder",), {"Radicado": True, "Número de radicado": "20264200012345"}),
])
def test_a_person_cannot_send_or_file_an_undecided_special_case_by_writing_the_cells(register, writer, roles,
                                                                                      changes):
    message_id = special_case(writer, register)
    seen = register.snapshot().record("Mensajes", message_id)
    with pytest.raises(ActionRefused, match=WAITS):
        register.writer("Laura", roles=roles).update("Mensajes", seen, changes, action="editar")
    assert register.snapshot().record("Mensajes", message_id) == seen
    # the leader's decision in the same write lets it through
    register.writer("Carolina", roles=("Líder",)).update("Mensajes", seen, {**changes, "Decisión del líder": "Radicar"})


def test_a_logged_special_case_waits_but_an_imported_one_keeps_its_history(register, writer):
    sent = message(Clasificación="Queja", **{"Caso especial": True, "Enviado a ATC": date(2026, 3, 16)})
    with pytest.raises(ActionRefused, match=WAITS):
        register.writer("Laura", roles=("Community manager",)).create("Mensajes", sent)
    assert writer.create("Mensajes", sent)  # a file imported without roles records what already happened


def test_the_atc_email_carries_the_message_link_capture_and_tipologia(writer, register):
    save_setting(writer, settings_of(register.snapshot().tables), ATC_MAILBOX, "atencion@dadep.gov.co")
    mailbox = settings_of(register.snapshot().tables)[ATC_MAILBOX]
    email = message_actions.atc_email(message(ID="MSG-1", Clasificación="Queja", Captura="https://drive.google.com/c"),
                               mailbox, "Camila Rojas")
    parsed = message_from_bytes(eml_bytes(email), policy=default_policy)
    assert parsed["To"] == "atencion@dadep.gov.co"
    assert parsed["Subject"] == "PQRS recibida por X para radicar (MSG-1)"
    body = parsed.get_content()
    for text in ("Tipología sugerida: Queja", "https://drive.google.com/c", "14/03/2026 7:30 p. m.", "=HYPERLINK("):
        assert text in body


def test_templates_are_filled_only_with_confirmed_contact_data(writer, register):
    template = "Radica en {canal_web} o llama a la línea {linea}. Tu número: {numero_radicado}. {telefono}"
    first = fill(template, settings_of(register.snapshot().tables), {"Número de radicado": None})
    assert first.text == template  # nothing invented
    assert first.missing == ("Canal web de atención (Ajustes)", "Línea de atención (Ajustes)",
                             "el número de radicado del mensaje (lo escribe Atención a la Ciudadanía)")
    assert first.unknown == ("{telefono}",)
    save_setting(writer, settings_of(register.snapshot().tables), WEB_CHANNEL, "https://bogota.gov.co/sdqs")
    save_setting(writer, settings_of(register.snapshot().tables), PHONE_LINE, "195")
    filled = fill(template, settings_of(register.snapshot().tables), {"Número de radicado": "2026-1"})
    assert filled.text == "Radica en https://bogota.gov.co/sdqs o llama a la línea 195. Tu número: 2026-1. {telefono}"
    assert filled.missing == ()


def test_a_template_not_reviewed_for_the_offices_period_is_pointed_out(writer, register):
    settings = settings_of(register.snapshot().tables)
    reviewed = {"Nombre": "Canales", "Última revisión": datetime(2026, 5, 31)}
    assert review_due(reviewed, date(2026, 11, 28), settings) == date(2026, 11, 30)  # 6 months, month's end
    assert review_notice(reviewed, date(2026, 11, 29), settings) is None
    assert "más de 6 meses sin revisión (desde el 31/05/2026)" in review_notice(reviewed, date(2026, 11, 30), settings)
    assert "nunca se ha revisado" in review_notice({"Nombre": "Nueva"}, date(2026, 11, 30), settings)
    save_setting(writer, settings, TEMPLATE_REVIEW_MONTHS, "12")
    assert review_due(reviewed, date(2026, 11, 28), settings_of(register.snapshot().tables)) == date(2027, 5, 31)


def test_a_value_ending_in_a_period_before_the_templates_period_gives_one_period(writer, register):
    from core.settings import HOURS

    save_setting(writer, settings_of(register.snapshot().tables), HOURS, "lunes a viernes, 7:00 a. m. a 4:30 p. m.")
    settings = settings_of(register.snapshot().tables)
    assert fill("Te esperamos {horario}.", settings).text == "Te esperamos lunes a viernes, 7:00 a. m. a 4:30 p. m."
    assert fill("Horario: {horario} Gracias.", settings).text == (
        "Horario: lunes a viernes, 7:00 a. m. a 4:30 p. m. Gracias.")  # no period after it: kept as typed
