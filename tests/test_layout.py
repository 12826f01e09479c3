"""The sheet contract (`core.sheet.contract`) against docs/domain.md («The sheet»), written out here as the spec."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from core.sheet import contract
from core.sheet.cells import BOGOTA, CellError
from core.sheet.contract import Kind, find_tab

D, DT, M, N, B, T, E, L, U, ID = (Kind.DATE, Kind.DATETIME, Kind.MONTH, Kind.INT, Kind.BOOL, Kind.TEXT, Kind.ENUM,
                                  Kind.LIST, Kind.URL, Kind.ID)
REF = "ref"  # "(ID)": a reference to another tab's ID, read as text (not unique in this tab)
ANY = None  # the spec fixes no type (the app's own stamps)

# (header, type, required) per tab, in the sheet's order (docs/contract.md, «Tabs»). A header ending in "*" is required.
SPEC: dict[str, list[tuple[str, object]]] = {
    "Solicitudes": [
        ("ID", ID), ("Fecha de solicitud*", D), ("Área solicitante*", T), ("Solicitante*", T),
        ("Correo del solicitante", T), ("Periodista", T), ("Título*", T), ("Necesidad*", T), ("Objetivo", T),
        ("Eje del plan", T), ("Grupo de valor", L), ("Productos", L), ("Redes*", L), ("Modalidad", E),
        ("Estrategia", REF), ("Fecha de publicación*", D), ("Soporte de la solicitud", U), ("Material recibido", D),
        ("Copy revisado", B), ("Copy revisado por", T), ("Fecha revisión copy", D), ("Etapa*", E),
        ("Inicio de etapa", DT), ("Aprobado por", T), ("Fecha de aprobación", D), ("Soporte de aprobación", U),
        ("Carpeta de publicación", U), ("Feedback entregado", D), ("Evidencias", L), ("Evidencias enviadas", D),
        ("Observaciones", T), ("Actualizado", ANY), ("Actualizado por", ANY),
    ],
    "Estrategias": [
        ("ID", ID), ("Nombre*", T), ("Área", T), ("Objetivo", T), ("Eje del plan", T), ("Grupo de valor", L),
        ("Entidades aliadas", L), ("Inicio*", D), ("Fin*", D), ("Estado", E), ("Fecha de cierre", D),
        ("Evidencias", L), ("Análisis", T), ("Actualizado", ANY), ("Actualizado por", ANY),
    ],
    "Publicaciones": [
        ("ID", ID), ("Origen", E), ("Solicitud", REF), ("Estrategia", REF), ("Red*", E), ("Formato", E),
        ("Programada*", DT), ("Publicada", DT), ("Producto", E), ("Copy", T), ("Enlace", U), ("ID en la red", T),
        ("Estado*", E), ("Alcance", N), ("Impresiones", N), ("Reproducciones", N), ("Interacciones", N),
        ("Reacciones", N), ("Comentarios", N), ("Compartidos", N), ("Guardados", N), ("Clics", N),
        ("Métricas al", D), ("Actualizado", ANY), ("Actualizado por", ANY),
    ],
    "Mensajes": [
        ("ID", ID), ("Recibido*", DT), ("Red*", E), ("Tipo de interacción", E), ("Usuario", T), ("Enlace", U),
        ("Captura", U), ("Mensaje*", T), ("Tema", T), ("Clasificación", E), ("Competencia", E), ("Asignado a", T),
        ("Respondido", B), ("Fecha de respuesta", DT), ("Plantilla", T), ("Enviado a ATC", D), ("Radicado", B),
        ("Número de radicado", T), ("Radicado interno", T), ("Fecha de radicación", D), ("Trasladado a", T),
        ("Respuesta definitiva", D), ("Caso especial", B), ("Decisión del líder", T), ("Observaciones", T),
        ("Registrado por", T), ("Actualizado", ANY), ("Actualizado por", ANY),
    ],
    "Monitoreo": [
        ("Fecha*", D), ("Red*", E), ("Revisado por", T), ("Hora", DT), ("Mensajes nuevos", N), ("Pendientes", N),
        ("Se publicó", B), ("Observaciones", T),
    ],
    "Cuentas": [
        ("Red*", E), ("Cuenta*", T), ("Enlace", U), ("Estado", E), ("Responsable", T), ("Creada", D),
        ("Última rotación", D), ("Observaciones", T),
    ],
    "Métricas de cuenta": [
        ("Mes*", M), ("Red*", E), ("Cuenta*", T), ("Seguidores", N), ("Alcance", N), ("Visitas al perfil", N),
        ("Mensajes recibidos", N),
    ],
    "Plantillas": [("Nombre*", T), ("Texto*", T), ("Última revisión", D)],
    "Informes": [("Periodo*", T), ("Tipo*", T), ("Fecha de envío", D), ("Destinatarios", T), ("Enlace", U)],
    "Listas": [
        ("Áreas", T), ("Periodista del área", T), ("Redes", T), ("Temas", T), ("Grupos de valor", T),
        ("Ejes del plan", T), ("Días no hábiles", D), ("Suspensión de términos", D),
    ],
    "Usuarios": [("Correo*", T), ("Nombre", T), ("Roles*", L), ("Área", T)],
    # Added by the app (docs/domain.md, «The sheet»; the README documents this tab): the leader's settings.
    "Ajustes": [("Ajuste*", T), ("Valor", T), ("Actualizado", ANY), ("Actualizado por", ANY)],
    "Historial": [("Fecha", ANY), ("Usuario", T), ("Pestaña", T), ("ID", ANY), ("Acción", T), ("Cambios", T)],
}

NATURAL_KEYS = {
    "Solicitudes": [("Fecha de solicitud", "Área solicitante", "Título")],
    "Estrategias": [("Nombre", "Inicio")],
    "Publicaciones": [("Red", "Enlace"), ("Red", "Programada", "Copy")],
    "Mensajes": [("Red", "Enlace"), ("Red", "Usuario", "Recibido", "Mensaje")],
    "Monitoreo": [("Fecha", "Red")],
    "Cuentas": [("Red", "Cuenta")],
    "Métricas de cuenta": [("Mes", "Red", "Cuenta")],
    "Plantillas": [("Nombre",)],
    "Informes": [("Periodo", "Tipo")],
    "Usuarios": [("Correo",)],
    "Listas": [],  # the union of the values
    "Ajustes": [("Ajuste",)],
    "Historial": [],
}

ENUMS = {  # (tab, column) -> canonical values, docs/contract.md «The lists»
    ("Publicaciones", "Red"): ["Facebook", "X", "Instagram", "YouTube", "TikTok"],
    ("Solicitudes", "Modalidad"): ["Publicación independiente", "Estrategia integral"],
    ("Publicaciones", "Origen"): ["Solicitud", "Cubrimiento", "Réplica distrital", "Coyuntura"],
    ("Publicaciones", "Formato"): ["Publicación", "Historia", "Reel", "Carrusel", "Video", "Short", "En vivo", "Hilo"],
    ("Publicaciones", "Producto"): ["Imagen", "Fotografía", "Video", "Audio", "GIF", "Pieza gráfica", "Audiopieza"],
    ("Solicitudes", "Productos"): ["Imagen", "Fotografía", "Video", "Audio", "GIF", "Pieza gráfica", "Audiopieza"],
    ("Solicitudes", "Etapa"): ["Identificar las necesidades", "Definir acciones", "Recepción de material",
                               "Estrategia digital", "Ajustes", "Revisión y aprobación", "Publicación", "Cierre",
                               "Cancelada"],
    ("Publicaciones", "Estado"): ["Programada", "Publicada", "Cancelada"],
    ("Estrategias", "Estado"): ["Planeada", "En curso", "Finalizada", "Cerrada"],
    ("Cuentas", "Estado"): ["Activa", "Inactiva", "En cierre"],
    ("Mensajes", "Tipo de interacción"): ["Comentario", "Mensaje directo", "Mención", "Reseña"],
    ("Mensajes", "Clasificación"): [
        "Derecho de petición de interés general", "Derecho de petición de interés particular", "Queja", "Reclamo",
        "Sugerencia", "Felicitación", "Consulta", "Solicitud de acceso a la información", "Solicitud de copia",
        "Denuncia por posibles actos de corrupción", "No es PQRS",
    ],
    ("Mensajes", "Competencia"): ["DADEP", "Otra entidad"],
    ("Usuarios", "Roles"): ["Líder", "Community manager", "Periodista", "Atención a la Ciudadanía",
                            "Área solicitante"],
}
RED_COLUMNS = [("Solicitudes", "Redes"), ("Publicaciones", "Red"), ("Mensajes", "Red"), ("Monitoreo", "Red"),
               ("Cuentas", "Red"), ("Métricas de cuenta", "Red")]


def col(tab: str, name: str) -> contract.Column:
    return contract.tab(tab).column(name)


def refusal(column: contract.Column, value, extra=()) -> str:
    with pytest.raises(CellError) as caught:
        column.parse(value, extra)
    return caught.value.reason


# --- tabs and headers ------------------------------------------------------------------------------------------


def test_tabs_are_the_domain_tabs_in_order():
    assert [tab.name for tab in contract.TABS] == list(SPEC)
    assert [tab.name for tab in contract.DATA_TABS] == [name for name in SPEC if name != "Historial"]


@pytest.mark.parametrize("tab_name", list(SPEC))
def test_headers_types_and_required_flags(tab_name):
    tab = contract.tab(tab_name)
    expected = [(header.rstrip("*"), kind, header.endswith("*")) for header, kind in SPEC[tab_name]]
    assert tab.headers == [name for name, _, _ in expected]
    for (name, kind, required), column in zip(expected, tab.columns, strict=True):
        assert column.required is required, name
        if kind is REF:
            assert column.kind in (Kind.TEXT, Kind.ID), name
        elif kind is not ANY:
            assert column.kind is kind, name
        if column.kind in (Kind.ENUM,) or (column.kind is Kind.LIST and (tab_name, name) in ENUMS):
            assert column.choices is not None, name


@pytest.mark.parametrize("tab_name", list(SPEC))
def test_natural_keys(tab_name):
    tab = contract.tab(tab_name)
    assert [tuple(key) for key in tab.natural_keys] == NATURAL_KEYS[tab_name]
    for key in tab.natural_keys:
        assert all(tab.find_column(name) is not None for name in key)


def test_tabs_with_ids():
    with_ids = [tab.name for tab in contract.TABS if tab.has_id]
    assert with_ids == ["Solicitudes", "Estrategias", "Publicaciones", "Mensajes"]
    assert contract.MESSAGES_TAB.id_prefix == "MSG"
    prefixes = [tab.id_prefix for tab in contract.TABS if tab.has_id]
    assert len(set(prefixes)) == len(prefixes)


def test_url_lists_and_plain_lists():
    assert col("Solicitudes", "Evidencias").urls and col("Estrategias", "Evidencias").urls
    assert not col("Solicitudes", "Grupo de valor").urls and not col("Solicitudes", "Redes").urls
    assert col("Solicitudes", "Grupo de valor").choices is None  # free list
    assert col("Estrategias", "Entidades aliadas").choices is None


@pytest.mark.parametrize(("tab_name", "column_name"), list(ENUMS))
def test_enumerations(tab_name, column_name):
    choices = col(tab_name, column_name).choices
    assert list(choices.values) == ENUMS[(tab_name, column_name)]
    for value in choices.values:
        assert col(tab_name, column_name).parse(value) in (value, [value])


@pytest.mark.parametrize(("tab_name", "column_name"), RED_COLUMNS)
def test_every_red_column_reads_networks_and_takes_listas_extras(tab_name, column_name):
    column = col(tab_name, column_name)
    assert column.choices is contract.NETWORK_CHOICES and column.choices.extended_by == "Redes"
    expected = "X" if column.kind is Kind.ENUM else ["X"]
    assert column.parse("Twitter") == expected


@pytest.mark.parametrize(
    ("tab_name", "column_name", "default"),
    [("Solicitudes", "Modalidad", "Publicación independiente"), ("Publicaciones", "Origen", "Solicitud")],
)
def test_domain_defaults(tab_name, column_name, default):
    assert col(tab_name, column_name).default == default


# --- finding tabs and columns the way people type them ----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Mensajes", "Mensajes"), ("mensajes", "Mensajes"), ("  MENSAJES ", "Mensajes"),
     ("Metricas de cuenta", "Métricas de cuenta"), ("métricas  DE   cuenta", "Métricas de cuenta"),
     ("historial", "Historial"), ("LISTAS", "Listas")],
)
def test_find_tab_ignores_case_accents_spaces(typed, expected):
    assert find_tab(typed).name == expected
    assert contract.tab(typed) is find_tab(typed)


def test_unknown_tab():
    assert find_tab("Mensaje") is None
    with pytest.raises(KeyError):
        contract.tab("Hoja 1")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("area solicitante", "Área solicitante"), ("ÁREA  SOLICITANTE ", "Área solicitante"),
     ("titulo", "Título"), ("fecha revision copy", "Fecha revisión copy"), ("id", "ID")],
)
def test_find_column_ignores_case_accents_spaces(typed, expected):
    assert contract.REQUESTS_TAB.find_column(typed).name == expected


def test_unknown_column():
    assert contract.REQUESTS_TAB.find_column("Área") is None
    with pytest.raises(KeyError):
        contract.REQUESTS_TAB.column("Comentarios")


# --- enumerations read aliases -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tab_name", "column_name", "typed", "expected"),
    [
        ("Mensajes", "Red", "Twitter", "X"),
        ("Mensajes", "Red", "twitter", "X"),
        ("Mensajes", "Red", "  facebook ", "Facebook"),
        ("Mensajes", "Red", "YOUTUBE", "YouTube"),
        ("Solicitudes", "Etapa", "Identificar necesidades", "Identificar las necesidades"),
        ("Solicitudes", "Etapa", "identificar   necesidades", "Identificar las necesidades"),
        ("Solicitudes", "Etapa", "revision y aprobacion", "Revisión y aprobación"),
        ("Mensajes", "Clasificación", "Petición", "Derecho de petición de interés general"),
        ("Mensajes", "Clasificación", "peticion", "Derecho de petición de interés general"),
        ("Mensajes", "Clasificación", "Solicitud de información", "Solicitud de acceso a la información"),
        ("Mensajes", "Clasificación", "no es pqrs", "No es PQRS"),
        ("Mensajes", "Clasificación", "denuncia por posibles actos de corrupcion",
         "Denuncia por posibles actos de corrupción"),
        ("Solicitudes", "Modalidad", "estrategia INTEGRAL", "Estrategia integral"),
        ("Publicaciones", "Origen", "replica distrital", "Réplica distrital"),
    ],
)
def test_enumeration_aliases(tab_name, column_name, typed, expected):
    assert col(tab_name, column_name).parse(typed) == expected


def test_roles_list_reads_cm_alias():
    assert col("Usuarios", "Roles").parse("CM; lider, Periodista") == ["Community manager", "Líder", "Periodista"]


def test_redes_list_reads_aliases():
    assert col("Solicitudes", "Redes").parse("Twitter, Facebook\ninstagram") == ["X", "Facebook", "Instagram"]


def test_bare_denuncia_is_refused_asking_about_corruption():
    for typed in ("Denuncia", "denuncia", " DENUNCIA "):
        text = refusal(col("Mensajes", "Clasificación"), typed)
        assert "corrupción" in text
        assert "Denuncia por posibles actos de corrupción" in text
        assert "Queja" in text or "petición" in text


def test_value_outside_its_list():
    text = refusal(col("Mensajes", "Red"), "Threads")
    assert text == "«Threads» no está en la lista de redes; use uno de: Facebook, X, Instagram, YouTube, TikTok"
    text = refusal(col("Publicaciones", "Estado"), "Borrador")
    assert text == ("«Borrador» no está en la lista de estados de publicación; use uno de: Programada, Publicada, "
                    "Cancelada")


def test_one_bad_item_refuses_a_list():
    assert "«Myspace» no está en la lista de redes" in refusal(col("Solicitudes", "Redes"), "Facebook, Myspace")
    assert "«Gerente» no está en la lista de roles" in refusal(col("Usuarios", "Roles"), "Líder, Gerente")


def test_listas_networks_extend_red():
    red = col("Mensajes", "Red")
    assert red.parse("Threads", ("Threads",)) == "Threads"
    assert red.parse("threads", ("Threads",)) == "Threads"
    assert col("Solicitudes", "Redes").parse("X, Threads", ("Threads",)) == ["X", "Threads"]
    assert "Threads" in refusal(red, "Myspace", ("Threads",))  # the list offered includes the extra network


# --- caps ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tab_name", "column_name", "cap"),
    [
        ("Solicitudes", "Título", 200), ("Estrategias", "Nombre", 200), ("Plantillas", "Nombre", 200),
        ("Mensajes", "Mensaje", 5_000), ("Publicaciones", "Copy", 5_000), ("Plantillas", "Texto", 5_000),
        ("Solicitudes", "Necesidad", 50_000), ("Solicitudes", "Observaciones", 50_000),
        ("Estrategias", "Análisis", 50_000), ("Mensajes", "Decisión del líder", 50_000),
    ],
)
def test_caps_are_enforced_in_spanish(tab_name, column_name, cap):
    column = col(tab_name, column_name)
    assert column.cap == cap
    assert column.parse("a" * cap) == "a" * cap
    assert column.parse("  " + "a" * cap + "  ") == "a" * cap  # spaces around do not count
    shown = f"{cap + 1:,}".replace(",", ".")
    shown_cap = f"{cap:,}".replace(",", ".")
    assert refusal(column, "a" * (cap + 1)) == (
        f"el texto tiene {shown} caracteres y el máximo es {shown_cap}; acórtelo"
    )


def test_cap_message_uses_es_co_thousands():
    assert refusal(col("Mensajes", "Mensaje"), "b" * 5_001) == (
        "el texto tiene 5.001 caracteres y el máximo es 5.000; acórtelo"
    )


def test_every_text_cap_is_one_of_the_three():
    for tab in contract.TABS:
        for column in tab.columns:
            if column.kind in (Kind.TEXT, Kind.ID):
                assert column.cap in (200, 5_000, 50_000), (tab.name, column.name)


def test_caps_apply_to_free_list_items():
    column = col("Solicitudes", "Grupo de valor")
    assert "acórtelo" in refusal(column, "jóvenes, " + "a" * 50_001)


# --- parse and to_text by kind --------------------------------------------------------------------------------------


def test_column_parse_by_kind():
    assert col("Solicitudes", "Fecha de solicitud").parse("3/10/2026") == date(2026, 10, 3)
    assert col("Mensajes", "Recibido").parse("3/10/2026 2:30 p. m.") == datetime(2026, 10, 3, 14, 30, tzinfo=BOGOTA)
    assert col("Métricas de cuenta", "Mes").parse("03/2026") == "2026-03"
    assert col("Publicaciones", "Alcance").parse("1.234") == 1234
    assert col("Mensajes", "Respondido").parse("x") is True
    assert col("Publicaciones", "Enlace").parse("https://x.com/a") == "https://x.com/a"
    assert col("Solicitudes", "Evidencias").parse("https://a.co/1,2, https://b.co") == ["https://a.co/1,2",
                                                                                       "https://b.co"]
    assert col("Solicitudes", "Grupo de valor").parse("Jóvenes; Vendedores") == ["Jóvenes", "Vendedores"]
    assert col("Mensajes", "Mensaje").parse("  =1+1 ") == "=1+1"
    assert col("Mensajes", "Mensaje").parse("") is None
    assert col("Solicitudes", "Productos").parse(" , ") is None


def test_bad_link_in_a_link_list():
    assert "no es un enlace" in refusal(col("Solicitudes", "Evidencias"), "https://a.co; carpeta compartida")


def test_to_text():
    assert col("Solicitudes", "Fecha de solicitud").to_text(date(2026, 10, 3)) == "2026-10-03"
    assert col("Solicitudes", "Fecha de solicitud").to_text(datetime(2026, 10, 3, 8)) == "2026-10-03"
    assert col("Mensajes", "Recibido").to_text(datetime(2026, 10, 3, 14, 30, tzinfo=BOGOTA)) == (
        "2026-10-03T14:30:00-05:00"
    )
    assert col("Publicaciones", "Alcance").to_text(1234.0) == 1234
    assert col("Mensajes", "Respondido").to_text(True) == "Sí"
    assert col("Mensajes", "Respondido").to_text(False) == "No"
    assert col("Solicitudes", "Redes").to_text(["X", "Facebook"]) == "X, Facebook"
    assert col("Solicitudes", "Evidencias").to_text(["https://a.co/1,2", "https://b.co"]) == (
        "https://a.co/1,2\nhttps://b.co"
    )
    assert col("Solicitudes", "Redes").to_text([]) is None
    assert col("Mensajes", "Mensaje").to_text(None) is None
    assert col("Mensajes", "Mensaje").to_text("@dadep") == "@dadep"


@pytest.mark.parametrize("tab_name", list(SPEC))
def test_every_column_reads_back_what_to_text_writes(tab_name):
    samples = {
        Kind.DATE: date(2026, 10, 3), Kind.DATETIME: datetime(2026, 10, 3, 14, 30, tzinfo=BOGOTA),
        Kind.MONTH: "2026-03", Kind.INT: 1234, Kind.BOOL: True, Kind.TEXT: "=texto, con coma", Kind.ID: "MSG-1",
        Kind.URL: "https://dadep.gov.co/a,b",
    }
    for column in contract.tab(tab_name).columns:
        if column.kind is Kind.ENUM:
            value = column.choices.values[-1]
        elif column.kind is Kind.LIST:
            value = (["https://a.co/1,2", "https://b.co"] if column.urls
                     else list(column.choices.values[:2]) if column.choices else ["uno", "dos"])
        else:
            value = samples[column.kind]
        assert column.parse(column.to_text(value)) == value, column.name
