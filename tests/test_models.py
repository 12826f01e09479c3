"""Pydantic models per tab (`core.sheet.models`): forms and single writes, with the contract's own rules."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from core.sheet import contract
from core.sheet.cells import BOGOTA
from core.sheet.models import FieldError, InvalidRecord, Record, model_for, validate_record
from core.sheet.validation import REQUIRED_REASON, Context

MESSAGES_TAB, REQUESTS_TAB, POSTS_TAB = contract.MESSAGES_TAB, contract.REQUESTS_TAB, contract.POSTS_TAB
MESSAGE = {"Recibido": "3/10/2026 2:30 p. m.", "Red": "Twitter", "Mensaje": "¿Dónde radico?"}


def errors_of(tab, values, context=None) -> list[tuple[str, str]]:
    with pytest.raises(InvalidRecord) as caught:
        validate_record(tab, values, context)
    assert caught.value.tab == tab.name
    return [(error.field, error.reason) for error in caught.value.errors]


def test_canonical_values_by_header():
    record = validate_record(MESSAGES_TAB, {
        **MESSAGE, "Respondido": "x", "Enviado a ATC": "04/10/26", "Clasificación": "Petición",
        "Tipo de interacción": "mensaje directo", "Enlace": " https://x.com/a/1 ", "Competencia": "dadep",
    })
    assert list(record) == MESSAGES_TAB.headers
    assert record["Recibido"] == datetime(2026, 10, 3, 14, 30, tzinfo=BOGOTA)
    assert record["Recibido"].utcoffset().total_seconds() == -5 * 3600
    assert record["Red"] == "X"
    assert record["Mensaje"] == "¿Dónde radico?"
    assert record["Respondido"] is True
    assert record["Enviado a ATC"] == date(2026, 10, 4)
    assert record["Clasificación"] == "Derecho de petición de interés general"
    assert record["Tipo de interacción"] == "Mensaje directo"
    assert record["Enlace"] == "https://x.com/a/1"
    assert record["Competencia"] == "DADEP"
    assert record["Tema"] is None and record["ID"] is None and record["Radicado"] is None


def test_lists_ints_months_and_solicitudes():
    record = validate_record(REQUESTS_TAB, {
        "Fecha de solicitud": 46296, "Área solicitante": "Jurídica", "Solicitante": "Ana", "Título": "Campaña",
        "Necesidad": "Difundir", "Redes": "facebook; twitter", "Fecha de publicación": date(2026, 10, 20),
        "Productos": ["Video", "gif"], "Evidencias": "https://a.co/1,2, https://b.co", "Copy revisado": "No",
        "Etapa": "Identificar necesidades",
    })
    assert record["Fecha de solicitud"] == date(2026, 10, 1)
    assert record["Redes"] == ["Facebook", "X"]
    assert record["Productos"] == ["Video", "GIF"]
    assert record["Evidencias"] == ["https://a.co/1,2", "https://b.co"]
    assert record["Copy revisado"] is False
    assert record["Etapa"] == "Identificar las necesidades"
    metrics = validate_record(contract.ACCOUNT_METRICS_TAB, {"Mes": "03/2026", "Red": "X", "Cuenta": "@dadep",
                                                       "Seguidores": "12.345", "Alcance": 7.0})
    assert metrics["Mes"] == "2026-03" and metrics["Seguidores"] == 12345 and metrics["Alcance"] == 7
    assert type(metrics["Alcance"]) is int


def test_fields_are_matched_by_header_ignoring_case_accents_spaces():
    record = validate_record(MESSAGES_TAB, {"  recibido": "2026-10-03 10:00", "RED": "X", "mensaje": "hola",
                                        "clasificacion": "Queja"})
    assert record["Red"] == "X" and record["Mensaje"] == "hola" and record["Clasificación"] == "Queja"


def test_invalid_record_lists_every_bad_field_by_its_spanish_header():
    problems = errors_of(MESSAGES_TAB, {"Recibido": "ayer", "Red": "Myspace", "Enlace": "www.fb.com",
                                    "Respondido": "quizá", "Clasificación": "Denuncia", "Usuario": "u" * 201})
    fields = [field for field, _ in problems]
    assert fields == ["Recibido", "Red", "Usuario", "Enlace", "Mensaje", "Clasificación", "Respondido"]
    reasons = dict(problems)
    assert reasons["Recibido"] == "«ayer» no es una fecha; escríbala como dd/mm/aaaa (por ejemplo 03/10/2026)"
    assert reasons["Red"] == (
        "«Myspace» no está en la lista de redes; use uno de: Facebook, X, Instagram, YouTube, TikTok"
    )
    assert reasons["Enlace"] == "«www.fb.com» no es un enlace; pegue la dirección completa, que empieza por https://"
    assert reasons["Mensaje"] == REQUIRED_REASON == "es obligatorio y está vacío; llénelo"
    assert reasons["Respondido"] == "«quizá» no es sí o no; escriba Sí o No"
    assert "corrupción" in reasons["Clasificación"]
    assert reasons["Usuario"] == "el texto tiene 201 caracteres y el máximo es 200; acórtelo"


def test_invalid_record_message_names_each_field():
    with pytest.raises(InvalidRecord) as caught:
        validate_record(MESSAGES_TAB, {"Red": "X", "Recibido": "2026-10-03 10:00"})
    assert str(caught.value) == "Mensaje: es obligatorio y está vacío; llénelo"
    assert caught.value.errors == [FieldError("Mensaje", REQUIRED_REASON)]
    assert isinstance(caught.value, ValueError)


def test_every_required_field_of_an_empty_form():
    assert errors_of(REQUESTS_TAB, {}) == [(name, REQUIRED_REASON) for name in (
        "Fecha de solicitud", "Área solicitante", "Solicitante", "Título", "Necesidad", "Redes",
        "Fecha de publicación")]


def test_blank_values_count_as_empty():
    assert errors_of(MESSAGES_TAB, {**MESSAGE, "Mensaje": "   "}) == [("Mensaje", REQUIRED_REASON)]
    assert errors_of(REQUESTS_TAB, {"Redes": " ; , "})[5] == ("Redes", REQUIRED_REASON)


def test_unknown_field_is_refused_by_name():
    assert errors_of(MESSAGES_TAB, {**MESSAGE, "Color": "rojo", "Prioridad": 1}) == [
        ("Color", "no es una columna de Mensajes"), ("Prioridad", "no es una columna de Mensajes")]


@pytest.mark.parametrize(
    ("tab", "values", "field", "default"),
    [
        (REQUESTS_TAB, {}, "Modalidad", "Publicación independiente"),
        (REQUESTS_TAB, {}, "Etapa", "Identificar las necesidades"),
        (POSTS_TAB, {}, "Origen", "Solicitud"),
        (POSTS_TAB, {}, "Estado", "Programada"),
        (contract.CAMPAIGNS_TAB, {}, "Estado", "Planeada"),
        (contract.ACCOUNTS_TAB, {}, "Estado", "Activa"),
    ],
)
def test_defaults(tab, values, field, default):
    required = {
        "Solicitudes": {"Fecha de solicitud": "1/10/2026", "Área solicitante": "A", "Solicitante": "B", "Título": "C",
                        "Necesidad": "D", "Redes": "X", "Fecha de publicación": "2/10/2026"},
        "Publicaciones": {"Red": "X", "Programada": "2026-10-03 10:00"},
        "Estrategias": {"Nombre": "N", "Inicio": "1/10/2026", "Fin": "2/10/2026"},
        "Cuentas": {"Red": "X", "Cuenta": "@dadep"},
    }[tab.name]
    assert validate_record(tab, {**required, **values})[field] == default
    # an explicit value wins over the default
    other = tab.column(field).choices.values[1]
    assert validate_record(tab, {**required, field: other})[field] == other


@pytest.mark.parametrize("text", ['=IMPORTXML("x")', "=1+1", "+57 300 000 0000", "-5", "- lista", "@dadep",
                                  "=HYPERLINK(\"https://evil\";\"clic\")", "'=ya con comilla"])
def test_leading_formula_characters_are_kept_exactly(text):
    record = validate_record(MESSAGES_TAB, {**MESSAGE, "Mensaje": text, "Usuario": text, "Observaciones": text})
    assert record["Mensaje"] == text and record["Usuario"] == text and record["Observaciones"] == text
    copy = validate_record(POSTS_TAB, {"Red": "X", "Programada": "2026-10-03 10:00", "Copy": text})
    assert copy["Copy"] == text


def test_braces_in_a_value_do_not_break_the_message():
    assert errors_of(MESSAGES_TAB, {**MESSAGE, "Red": "{red}"}) == [
        ("Red", "«{red}» no está en la lista de redes; use uno de: Facebook, X, Instagram, YouTube, TikTok")]


def test_listas_networks_through_the_context():
    context = Context(extra_networks=("Threads",))
    assert validate_record(MESSAGES_TAB, {**MESSAGE, "Red": "threads"}, context)["Red"] == "Threads"
    assert errors_of(MESSAGES_TAB, {**MESSAGE, "Red": "Threads"})[0][0] == "Red"
    record = validate_record(REQUESTS_TAB, {"Fecha de solicitud": "1/10/2026", "Área solicitante": "A",
                                           "Solicitante": "B", "Título": "C", "Necesidad": "D", "Redes": "X, threads",
                                           "Fecha de publicación": "2/10/2026"}, context)
    assert record["Redes"] == ["X", "Threads"]


@pytest.mark.parametrize(("tab", "values", "field"), [
    (POSTS_TAB, {"Red": "X", "Programada": "2026-10-03 10:00", "Formato": "Threads"}, "Formato"),
    (MESSAGES_TAB, {**MESSAGE, "Clasificación": "Threads"}, "Clasificación"),
    (contract.USERS_TAB, {"Correo": "a@b.co", "Roles": "Threads"}, "Roles"),
])
def test_extra_networks_extend_only_the_network_lists(tab, values, field):
    assert [name for name, _ in errors_of(tab, values, Context(extra_networks=("Threads",)))] == [field]


def test_caps():
    assert validate_record(MESSAGES_TAB, {**MESSAGE, "Mensaje": "m" * 5000})["Mensaje"] == "m" * 5000
    assert errors_of(MESSAGES_TAB, {**MESSAGE, "Mensaje": "m" * 5001}) == [
        ("Mensaje", "el texto tiene 5.001 caracteres y el máximo es 5.000; acórtelo")]
    assert errors_of(MESSAGES_TAB, {**MESSAGE, "Observaciones": "o" * 50_001}) == [
        ("Observaciones", "el texto tiene 50.001 caracteres y el máximo es 50.000; acórtelo")]


def test_model_per_tab():
    model = model_for(MESSAGES_TAB)
    assert issubclass(model, Record) and model_for(MESSAGES_TAB) is model
    assert model_for(POSTS_TAB) is not model
    instance = model.model_validate({"Recibido": "2026-10-03 10:00", "Red": "X", "Mensaje": "hola"})
    cells = instance.cells()
    assert list(cells) == MESSAGES_TAB.headers and cells["Red"] == "X"


def test_every_tab_has_a_model_that_accepts_its_required_fields():
    samples = {contract.Kind.DATE: "3/10/2026", contract.Kind.DATETIME: "3/10/2026 10:00",
               contract.Kind.MONTH: "2026-03",
               contract.Kind.TEXT: "texto", contract.Kind.ID: "X-1", contract.Kind.INT: "1"}
    for tab in contract.TABS:
        values = {}
        for column in tab.columns:
            if not column.required:
                continue
            values[column.name] = column.choices.values[0] if column.choices else samples[column.kind]
        record = validate_record(tab, values)
        assert all(record[name] is not None for name in values), tab.name
