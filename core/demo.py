"""Demo data: a credible two-year register of DADEP's communications office, from one seed.

Why it exists: the office judges Divulga first by what it shows with data in it, and the tests, the
benchmarks and the screenshots need a register that is large, valid and reproducible. `generate` builds
every tab but Historial (which only the app writes) with the links a real register has: posts belong to
requests and campaigns, closed requests carry their posts' links as evidence, a campaign's analysis sums
its posts, the daily monitoring counts the day's messages and posts, and the accounts' monthly figures
count the month's messages.

Every value is valid per the sheet contract (`core.sheet.contract`): types, lists, caps, required fields, unique
IDs and natural keys. What the app reports only as notices (late material, overdue stages, PQRS sent late,
unanswered recent messages) is present on purpose, in small numbers, so the warnings have something to
show. Dates that follow a limit (closure, the hand-off to ATC, filing, the reports sent) are counted with
the app's own calendar (`core.domain.business_days`, with the closed days of the demo's Listas) and stage rules
(`core.domain.workflow.due_of`). People are invented; there are no ID numbers or addresses (Ley 1581 de 2012).
"""

from __future__ import annotations

import base64
import functools
import itertools
import math
import random
import unicodedata
from bisect import bisect_right
from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from core.domain.business_days import BusinessDays
from core.domain.workflow import CLOSURE_DAYS, FEEDBACK_DAYS, due_of
from core.settings import ATC_MAILBOX, HOURS, OFFICE, PHONE_LINE, SETTINGS, SIG_CODE, SIG_VERSION, WEB_CHANNEL
from core.sheet import contract
from core.sheet.cells import BOGOTA
from core.sheet.ids import new_id

Row = dict[str, object]

MIN_ROWS = 60
DEFAULT_ROWS = 3000  # `make demo`, `python -m core demo` and Inicio's button
SPAN_DAYS = 730  # the register covers two years back from today
AHEAD_DAYS = 21  # the grid of scheduled posts reaches three weeks ahead
RECENT_DAYS = 15  # what is still open in a well-run office is recent: older work is closed
NOW_TIME = time(12, 0)  # "now" is noon of `today`: nothing is received or published after it

NETWORKS = contract.RED.values
STAGES = contract.STAGES
CANCELLED = "Cancelada"
INDEPENDENT, INTEGRAL = contract.MODALIDAD.values
CLASSIFICATIONS = contract.CLASIFICACION.values
NOT_PQRS = contract.NOT_PQRS
INDEPENDENT_PATH = tuple(STAGES[i] for i in (0, 1, 2, 4, 5, 6, 7))
INTEGRAL_PATH = tuple(STAGES[i] for i in (0, 3, 4, 5, 6, 7))
PUBLICATION, CLOSURE = STAGES[6], STAGES[7]
# Where a request still before its publication date stands, by the share of the lead time gone by.
PROGRESS_CUTS = {INDEPENDENT: (0.1, 0.25, 0.6, 0.85), INTEGRAL: (0.1, 0.6, 0.85)}

# --- the office and the entity ------------------------------------------------------------------------


class Person(NamedTuple):
    name: str
    email: str
    roles: tuple[str, ...]
    area: str | None = None


STAFF = (
    Person("Carolina Rincón Mejía", "carolina.rincon@dadep.gov.co", ("Líder",)),
    Person("Andrés Felipe Castaño Ríos", "andres.castano@dadep.gov.co", ("Community manager",)),
    Person("Laura Valentina Ospina Duarte", "laura.ospina@dadep.gov.co", ("Community manager",)),
    Person("Juan Sebastián Gómez Arias", "juan.gomez@dadep.gov.co", ("Periodista", "Líder")),
    Person("Natalia Andrea Pardo Vélez", "natalia.pardo@dadep.gov.co", ("Periodista",)),
    Person("Diego Alejandro Suárez Niño", "diego.suarez@dadep.gov.co", ("Periodista",)),
    Person(
        "Marta Lucía Cárdenas Rojas",
        "marta.cardenas@dadep.gov.co",
        ("Atención a la Ciudadanía",),
        "Oficina de Atención a la Ciudadanía",
    ),
    Person(
        "Ricardo Moreno Quintero",
        "ricardo.moreno@dadep.gov.co",
        ("Área solicitante",),
        "Subdirección de Registro Inmobiliario",
    ),
)
LEADER, CMS, JOURNALISTS, ATC = STAFF[0], STAFF[1:3], STAFF[3:6], STAFF[6]
ACTING_LEADER = STAFF[3]  # holds the leader's role when she is away ("encargo")


class Topic(NamedTuple):
    phrase: str  # what the office announces, as it reads after "divulgar"
    titles: tuple[str, ...]  # request titles
    bodies: tuple[str, ...]  # post texts
    slogans: tuple[str, ...]  # campaign names


# Placeholders: {loc} a locality, {via} a main road, {m2} an area in square metres.
TOPICS: dict[str, Topic] = {
    "Recuperación del espacio público": Topic(
        "las jornadas de recuperación del espacio público",
        (
            "Jornada de recuperación del espacio público en {loc}",
            "Balance de espacio público recuperado en {loc}",
            "Restitución voluntaria del espacio público sobre {via}",
        ),
        (
            "Recuperamos {m2} m² de espacio público en {loc}: ahora son de los peatones y de las familias.",
            "Con la comunidad de {loc} restituimos el espacio público sobre {via}. ¡{m2} m² para caminar "
            "seguros!",
            "Este año suman {m2} m² de espacio público recuperado en {loc}. Cuidarlo es tarea de todos.",
        ),
        ("El espacio público es de todos", "Bogotá se recupera"),
    ),
    "Andenes": Topic(
        "la campaña de andenes libres",
        (
            "Andenes libres en {loc}",
            "Campaña de andenes despejados sobre {via}",
            "Pedagogía sobre el uso de andenes en {loc}",
        ),
        (
            "Los andenes de {via}, en {loc}, vuelven a ser para caminar. 🚶 No los ocupes con vehículos ni "
            "mercancía.",
            "Un andén despejado es seguro para niños, personas mayores y personas con discapacidad. Hoy "
            "estuvimos en {loc}.",
            "¿Sabías que estacionar sobre el andén está prohibido? Ayúdanos a mantener libres los andenes de "
            "{loc}.",
        ),
        ("Andenes para todos", "Bogotá camina"),
    ),
    "Vendedores informales": Topic(
        "la atención a vendedores informales",
        (
            "Alternativas para vendedores informales de {loc}",
            "Acuerdos con vendedores informales sobre {via}",
            "Feria de oportunidades para vendedores informales en {loc}",
        ),
        (
            "Con el IPES acompañamos a vendedores informales de {loc} con alternativas de economía "
            "popular. 🤝",
            "Diálogo antes que sanción: llegamos a acuerdos con vendedores informales sobre {via}.",
            "Si eres vendedor informal en {loc}, conoce la oferta del Distrito para formalizar tu actividad.",
        ),
        ("Espacio público con oportunidades", "Diálogo en la calle"),
    ),
    "Zonas verdes": Topic(
        "la recuperación de zonas verdes",
        (
            "Recibo de zonas verdes en {loc}",
            "Siembra y apropiación de zonas verdes en {loc}",
            "Zonas verdes recuperadas sobre {via}",
        ),
        (
            "Recibimos {m2} m² de zonas verdes en {loc}, que ahora son patrimonio de todos los bogotanos. 🌳",
            "Junto a la comunidad de {loc} recuperamos una zona verde que estaba cerrada al público.",
            "Las zonas verdes son de uso público: nadie puede encerrarlas. Esta semana recuperamos una en "
            "{loc}.",
        ),
        ("Zonas verdes vivas", "Más verde para Bogotá"),
    ),
    "Parques": Topic(
        "las actividades de apropiación de parques",
        (
            "Entrega de parque vecinal en {loc}",
            "Actividades de apropiación del parque en {loc}",
            "Administración comunitaria de parques en {loc}",
        ),
        (
            "Este fin de semana te esperamos en el parque vecinal de {loc} con actividades para toda la "
            "familia. 🎈",
            "Entregamos a la comunidad de {loc} un parque de {m2} m² para el encuentro, el deporte y el "
            "juego.",
            "Los parques se cuidan entre todos. Conoce cómo tu junta de acción comunal puede administrarlos.",
        ),
        ("Parques que se cuidan", "Mi parque, mi barrio"),
    ),
    "Bienes fiscales": Topic(
        "la administración de los bienes fiscales del Distrito",
        (
            "Qué son los bienes fiscales: pieza pedagógica",
            "Arrendamiento de bienes fiscales en {loc}",
            "Saneamiento de predios fiscales en {loc}",
        ),
        (
            "¿Sabes qué es un bien fiscal? 🏢 Te contamos cómo el Distrito administra sus predios para "
            "beneficio de todos.",
            "Saneamos la situación jurídica de predios fiscales en {loc} para que presten un mejor servicio.",
            "Los bienes fiscales del Distrito se administran con transparencia. Conoce cómo se asignan.",
        ),
        ("Conoce tus bienes públicos",),
    ),
    "Certificaciones": Topic(
        "el trámite de certificaciones en línea",
        (
            "Certificación de bienes de uso público en línea",
            "Paso a paso del trámite de certificaciones",
            "Jornada de atención sobre certificaciones en {loc}",
        ),
        (
            "¿Necesitas certificar si un predio es de uso público? Solicítalo en línea, sin costo y sin "
            "intermediarios. 📄",
            "Te explicamos paso a paso cómo pedir una certificación al DADEP desde tu casa.",
            "Recuerda: los trámites ante el DADEP son gratuitos y no necesitas intermediarios.",
        ),
        ("Trámites sin intermediarios",),
    ),
    "Aprovechamiento económico": Topic(
        "el aprovechamiento económico del espacio público",
        (
            "Aprovechamiento económico del espacio público en {loc}",
            "Convocatoria de aprovechamiento económico sobre {via}",
            "Resultados del aprovechamiento económico en {loc}",
        ),
        (
            "Conoce cómo funciona el aprovechamiento económico del espacio público en {loc} y cómo "
            "beneficia a la comunidad.",
            "El aprovechamiento económico regulado permite usar el espacio público de forma ordenada sobre "
            "{via}.",
            "Los recursos del aprovechamiento económico se reinvierten en el espacio público de {loc}.",
        ),
        ("Espacio público que suma",),
    ),
    "DEMOS": Topic(
        "la estrategia DEMOS",
        ("DEMOS llega a {loc}", "Balance de DEMOS en {loc}", "Convocatoria DEMOS para {loc}"),
        (
            "DEMOS llega a {loc}: conoce la oferta y participa con tu comunidad.",
            "Así avanza DEMOS en {loc}. ¡Gracias a quienes se sumaron!",
            "¿Aún no conoces DEMOS? Te contamos cómo participar desde {loc}.",
        ),
        ("DEMOS en tu localidad",),
    ),
    "Inventario de bienes públicos": Topic(
        "el inventario de bienes públicos de Bogotá",
        (
            "Actualización del inventario de bienes públicos en {loc}",
            "Consulta del inventario de bienes públicos",
            "Nuevos predios incorporados al inventario en {loc}",
        ),
        (
            "El inventario de bienes públicos de Bogotá suma nuevos predios en {loc}. 🗺️",
            "¿Quieres saber si un predio es público? Consulta el inventario del DADEP.",
            "Incorporamos {m2} m² de nuevos bienes públicos en {loc} al inventario del Distrito.",
        ),
        ("Lo público se cuenta",),
    ),
    "Cesiones y entregas": Topic(
        "el recibo de zonas de cesión",
        (
            "Recibo de zonas de cesión en {loc}",
            "Entrega de cesiones urbanísticas en {loc}",
            "Zonas de cesión pendientes de entrega en {loc}",
        ),
        (
            "Recibimos zonas de cesión en {loc}: {m2} m² más de espacio público para el sector.",
            "Las constructoras deben entregar al Distrito las zonas de cesión. En {loc} ya recibimos {m2} "
            "m².",
            "Cada zona de cesión que recibimos es espacio público que gana la ciudad. Hoy fue en {loc}.",
        ),
        ("Cesiones para la ciudad",),
    ),
    "Cultura ciudadana": Topic(
        "la cultura ciudadana en el espacio público",
        (
            "Pedagogía de cultura ciudadana en {loc}",
            "Campaña de convivencia en el espacio público de {loc}",
            "Cultura ciudadana sobre {via}",
        ),
        (
            "El espacio público es de todos: cuídalo, respétalo y disfrútalo. 💛",
            "Con pedagogía y diálogo promovemos la convivencia en el espacio público de {loc}.",
            "Un gesto cambia la ciudad: no ocupes el andén, no encierres la zona verde, cuida el parque.",
        ),
        ("Cuido lo que es de todos",),
    ),
    "Rendición de cuentas": Topic(
        "la rendición de cuentas del DADEP",
        (
            "Audiencia pública de rendición de cuentas",
            "Diálogo ciudadano de rendición de cuentas en {loc}",
            "Informe de gestión del DADEP",
        ),
        (
            "Te invitamos a la audiencia de rendición de cuentas del DADEP. Escucha, pregunta y participa. "
            "📣",
            "Rendimos cuentas en {loc}: conoce los resultados de nuestra gestión y cuéntanos qué piensas.",
            "Ya está disponible el informe de gestión del DADEP. Consúltalo en dadep.gov.co.",
        ),
        ("Rendimos cuentas",),
    ),
    "Atención a la ciudadanía": Topic(
        "los canales de atención a la ciudadanía",
        (
            "Canales de atención a la ciudadanía",
            "Cómo radicar una petición ante el DADEP",
            "Feria de servicio a la ciudadanía en {loc}",
        ),
        (
            "¿Tienes una petición, queja o reclamo? Radícala en Bogotá te escucha o llama a la Línea 195.",
            "Estos son nuestros canales de atención a la ciudadanía. ¡Guárdalos! 📌",
            "Este fin de semana estaremos en la feria de servicio a la ciudadanía en {loc}.",
        ),
        ("Te escuchamos",),
    ),
}
TOPIC_NAMES = tuple(TOPICS)

# DADEP's dependencias: (name, share of the requests, topics they usually ask about).
AREAS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    (
        "Subdirección de Administración Inmobiliaria y del Espacio Público",
        30,
        (
            "Recuperación del espacio público",
            "Andenes",
            "Vendedores informales",
            "Zonas verdes",
            "Parques",
            "Aprovechamiento económico",
            "DEMOS",
            "Cultura ciudadana",
        ),
    ),
    (
        "Subdirección de Registro Inmobiliario",
        18,
        ("Bienes fiscales", "Certificaciones", "Inventario de bienes públicos", "Cesiones y entregas"),
    ),
    (
        "Dirección",
        12,
        ("Rendición de cuentas", "Recuperación del espacio público", "DEMOS", "Cultura ciudadana"),
    ),
    ("Oficina Asesora de Planeación", 8, ("Rendición de cuentas", "Inventario de bienes públicos")),
    ("Subdirección de Gestión Corporativa", 8, ("Bienes fiscales", "Rendición de cuentas")),
    ("Oficina de Atención a la Ciudadanía", 7, ("Atención a la ciudadanía", "Certificaciones")),
    (
        "Oficina Asesora Jurídica",
        6,
        ("Bienes fiscales", "Recuperación del espacio público", "Cesiones y entregas"),
    ),
    ("Oficina de Control Interno", 4, ("Rendición de cuentas",)),
    ("Oficina de Control Disciplinario Interno", 3, ("Cultura ciudadana", "Rendición de cuentas")),
    ("Oficina de Tecnologías de la Información", 4, ("Certificaciones", "Atención a la ciudadanía")),
)
AREA_NAMES = tuple(area for area, _, _ in AREAS)


def journalist_of(area_index: int) -> Person:
    """The journalist assigned to an area (the same pairing as `Listas`)."""
    return JOURNALISTS[area_index % len(JOURNALISTS)]


LOCALITIES = (
    "Usaquén",
    "Chapinero",
    "Santa Fe",
    "San Cristóbal",
    "Usme",
    "Tunjuelito",
    "Bosa",
    "Kennedy",
    "Fontibón",
    "Engativá",
    "Suba",
    "Barrios Unidos",
    "Teusaquillo",
    "Los Mártires",
    "Antonio Nariño",
    "Puente Aranda",
    "La Candelaria",
    "Rafael Uribe Uribe",
    "Ciudad Bolívar",
)
ROADS = (
    "la Avenida Caracas",
    "la carrera Séptima",
    "la calle 26",
    "la Avenida Boyacá",
    "la Autopista Sur",
    "la calle 80",
    "la Avenida Primero de Mayo",
    "la carrera 15",
    "la Avenida Suba",
    "la calle 13",
    "la Avenida Ciudad de Cali",
    "la carrera 30",
)
VALUE_GROUPS = (
    "Ciudadanía en general",
    "Vendedores informales",
    "Juntas de Acción Comunal",
    "Organizaciones sociales",
    "Comerciantes",
    "Entidades distritales",
    "Alcaldías locales",
    "Medios de comunicación",
    "Servidores públicos",
    "Constructores y urbanizadores",
)
PLAN_AXES = (
    "Comunicación externa",
    "Comunicación interna",
    "Pedagogía del espacio público",
    "Posicionamiento institucional",
    "Transparencia y rendición de cuentas",
    "Participación ciudadana",
)
PARTNERS = (
    "Instituto para la Economía Social (IPES)",
    "Instituto Distrital de Recreación y Deporte (IDRD)",
    "Secretaría Distrital de Gobierno",
    "Secretaría Distrital de Ambiente",
    "Instituto de Desarrollo Urbano (IDU)",
    "Secretaría Distrital de Movilidad",
    "Policía Metropolitana de Bogotá",
    "Jardín Botánico de Bogotá",
)
FIRST_NAMES = (
    "María Fernanda",
    "Juan Carlos",
    "Luisa Fernanda",
    "Carlos Andrés",
    "Diana Marcela",
    "Jorge Enrique",
    "Paola Andrea",
    "Óscar Javier",
    "Ángela María",
    "Camilo Ernesto",
    "Sandra Milena",
    "Felipe",
    "Lina María",
    "Julián David",
    "Adriana",
    "Mauricio",
    "Claudia Patricia",
    "Sergio Andrés",
    "Yolanda",
    "Hernán Darío",
    "Viviana",
    "Édgar Mauricio",
    "Tatiana",
    "Nelson",
    "Gloria Inés",
    "Fabián Camilo",
    "Ximena",
    "William",
)
SURNAMES = (
    "Rodríguez",
    "Martínez",
    "García",
    "Gómez",
    "López",
    "González",
    "Hernández",
    "Sánchez",
    "Ramírez",
    "Pérez",
    "Torres",
    "Díaz",
    "Vargas",
    "Rojas",
    "Castro",
    "Jiménez",
    "Ortiz",
    "Muñoz",
    "Romero",
    "Herrera",
    "Valencia",
    "Bermúdez",
    "Salazar",
    "Forero",
    "Camargo",
    "Patiño",
    "Restrepo",
    "Londoño",
    "Buitrago",
    "Peña",
    "Acosta",
    "Bernal",
    "Cifuentes",
    "Montoya",
)
HANDLE_WORDS = (
    "vecino",
    "bogotano",
    "ciclista",
    "caminante",
    "laparcera",
    "don_jorge",
    "mafe",
    "juanca",
    "sandra_m",
    "elcachaco",
    "rolita",
    "peaton",
    "juli",
    "andres",
    "caro",
    "pipe",
    "dianita",
    "lucho",
    "la_mona",
    "profe",
)

# --- networks: formats, links, metrics ------------------------------------------------------------------

NETWORK_SHARE = {"Facebook": 28, "X": 30, "Instagram": 25, "YouTube": 5, "TikTok": 12}
FORMATS = {
    "Facebook": {"Publicación": 40, "Carrusel": 10, "Historia": 12, "Reel": 18, "Video": 12, "En vivo": 8},
    "Instagram": {"Publicación": 20, "Carrusel": 25, "Historia": 20, "Reel": 32, "En vivo": 3},
    "X": {"Publicación": 65, "Hilo": 15, "Video": 20},
    "YouTube": {"Video": 50, "Short": 45, "En vivo": 5},
    "TikTok": {"Video": 97, "En vivo": 3},
}
FORMAT_PRODUCTS = {
    "Publicación": ("Pieza gráfica", "Fotografía", "Imagen", "GIF"),
    "Carrusel": ("Pieza gráfica", "Fotografía"),
    "Historia": ("Pieza gráfica", "Fotografía", "Video", "GIF"),
    "Reel": ("Video",),
    "Video": ("Video", "Video", "Audiopieza"),
    "Short": ("Video",),
    "En vivo": ("Video",),
    "Hilo": ("Pieza gráfica", "Imagen", "Fotografía"),
}
VIDEO_FORMATS = frozenset({"Reel", "Video", "Short", "En vivo"})
FORMAT_REACH = {
    "Publicación": 1.0,
    "Carrusel": 1.15,
    "Historia": 0.4,
    "Reel": 1.9,
    "Video": 1.2,
    "Short": 1.6,
    "En vivo": 0.8,
    "Hilo": 1.1,
}


class Profile(NamedTuple):
    size: int  # typical reach (Facebook, Instagram, TikTok), impressions (X) or views (YouTube) of a post
    rate: float  # typical interactions per unit of `size`
    parts: tuple[tuple[str, float], ...]  # what the network's "interactions" add up, and their shares


PROFILES = {
    "Facebook": Profile(
        1900, 0.032, (("Reacciones", 0.55), ("Comentarios", 0.08), ("Compartidos", 0.12), ("Clics", 0.25))
    ),
    "Instagram": Profile(
        1500, 0.05, (("Reacciones", 0.78), ("Comentarios", 0.06), ("Compartidos", 0.08), ("Guardados", 0.08))
    ),
    "X": Profile(
        1400, 0.02, (("Reacciones", 0.45), ("Comentarios", 0.07), ("Compartidos", 0.13), ("Clics", 0.35))
    ),
    "YouTube": Profile(350, 0.04, (("Reacciones", 0.8), ("Comentarios", 0.12), ("Compartidos", 0.08))),
    "TikTok": Profile(2600, 0.06, (("Reacciones", 0.85), ("Comentarios", 0.07), ("Compartidos", 0.08))),
}
# The office posts from 6 a. m. to 9 p. m., most when its audience commutes.
POST_HOURS = dict(zip(range(6, 22), (2, 10, 12, 8, 6, 6, 8, 5, 4, 5, 5, 6, 10, 9, 6, 2)))
WEEKDAY_FACTOR = (1.0, 1.05, 1.05, 1.0, 0.95, 0.72, 0.62)
X_EPOCH_MS = 1_288_834_974_657  # X (Twitter) status IDs count milliseconds from this moment

OPENERS = ("", "", "", "📢 ", "¡Atención, {loc}! ", "#EspacioPúblico | ", "👉 ", "Buenas noticias: ")
CALLS = (
    "",
    "",
    "Más información en dadep.gov.co.",
    "Conoce más 👉 dadep.gov.co",
    "¿Dudas? Escríbenos por Bogotá te escucha.",
    "Comparte y cuéntanos qué opinas.",
)
HASHTAGS = ("", "#Bogotá #EspacioPúblico", "#DADEP #Bogotá", "#EspacioPúblico", "#CuidoLoQueEsDeTodos")
DISTRICT_CAMPAIGNS = (
    "el Día sin carro y sin moto",
    "la Ciclovía de los domingos",
    "la Semana de la movilidad",
    "la jornada distrital de voluntariado",
    "el Mes del espacio público",
)
ORIGIN_BODIES = {
    "Cubrimiento": (
        (
            "Recuperación del espacio público",
            "EN VIVO | Acompañamos la jornada de recuperación del espacio público en {loc}.",
        ),
        ("Parques", "Así avanza la entrega del parque en {loc}. 📸"),
        ("Andenes", "En este momento estamos en {loc} con la comunidad, despejando los andenes de {via}."),
    ),
    "Réplica distrital": (
        ("Cultura ciudadana", "Nos sumamos a {campaign} de la Alcaldía de Bogotá. ¡Participa!"),
        (
            "Cultura ciudadana",
            "Bogotá se mueve con {campaign}. Consulta la información oficial en bogota.gov.co.",
        ),
    ),
    "Coyuntura": (
        (
            "Zonas verdes",
            "Ante la temporada de lluvias, no arrojes residuos en zonas verdes ni sumideros de {loc}.",
        ),
        (
            "Recuperación del espacio público",
            "Por la emergencia en {loc}, nuestros equipos apoyan a las autoridades.",
        ),
        (
            "Atención a la ciudadanía",
            "Por el cierre de {via}, la atención presencial sigue con normalidad. Te esperamos.",
        ),
    ),
}
ORIGIN_SHARE = {"Solicitud": 75, "Cubrimiento": 10, "Réplica distrital": 10, "Coyuntura": 5}

# --- citizens' messages -------------------------------------------------------------------------------

CLASSIFICATION_SHARE = {
    NOT_PQRS: 52,
    "Derecho de petición de interés general": 13,
    "Queja": 8,
    "Consulta": 7,
    "Reclamo": 6,
    "Derecho de petición de interés particular": 4,
    "Solicitud de acceso a la información": 3,
    "Sugerencia": 2.5,
    "Felicitación": 2.5,
    "Solicitud de copia": 1,
    "Denuncia por posibles actos de corrupción": 1,
}
# What citizens write, by tipología: (Tema, text).
CITIZEN_TEXTS: dict[str, tuple[tuple[str, str], ...]] = {
    NOT_PQRS: (
        ("Recuperación del espacio público", "Excelente trabajo, así debería estar toda la ciudad 👏"),
        (
            "Vendedores informales",
            "¿Y a los vendedores a dónde los mandan? Ellos también tienen que trabajar.",
        ),
        ("Parques", "Qué bonito quedó el parque en {loc} 😍"),
        ("Cultura ciudadana", "+1 a esto, los andenes son para caminar"),
        ("Recuperación del espacio público", "=( pura foto, a la semana vuelve todo igual en {via}"),
        ("Andenes", "@DADEPBogota miren cómo sigue {via} en {loc}, eso no cambia"),
        ("Cultura ciudadana", "Jajaja ojalá fuera verdad"),
        ("Rendición de cuentas", "Buena información, gracias por compartir."),
        ("Zonas verdes", "Por fin algo bueno en {loc}"),
        ("Recuperación del espacio público", "Ojalá no sea solo para la foto, hay que volver en un mes."),
        ("Parques", "Ese parque lo dejaron muy bien, ahora toca cuidarlo entre todos."),
        ("Andenes", "Por mi casa también hace falta, los carros se suben al andén todos los días."),
        ("DEMOS", "Interesante, voy a compartirlo con mi junta."),
        ("Cultura ciudadana", "Totalmente de acuerdo 👏👏"),
        ("Vendedores informales", "Hay que buscar un punto medio, todos tenemos derecho al trabajo."),
    ),
    "Derecho de petición de interés general": (
        (
            "Andenes",
            "Solicito la recuperación del andén sobre {via} en {loc}; está ocupado por motos "
            "parqueadas y los peatones tienen que bajarse a la calzada.",
        ),
        (
            "Zonas verdes",
            "Como comunidad pedimos que intervengan la zona verde del sector en {loc}: la "
            "encerraron con reja y ya nadie puede usarla.",
        ),
        (
            "Vendedores informales",
            "Solicitamos un operativo en {via} ({loc}): las ventas ocupan todo el andén en horas pico.",
        ),
        (
            "Parques",
            "Los vecinos de {loc} pedimos que el parque vuelva a ser de uso público; un particular lo "
            "tiene cerrado desde hace meses.",
        ),
    ),
    "Derecho de petición de interés particular": (
        (
            "Certificaciones",
            "Necesito saber en qué va mi solicitud de certificación de un predio en {loc}; la "
            "radiqué hace un mes.",
        ),
        (
            "Bienes fiscales",
            "Tengo un contrato de arrendamiento de un bien fiscal y quiero saber cómo renovarlo.",
        ),
        (
            "Aprovechamiento económico",
            "Quiero saber si mi negocio en {loc} puede poner mesas en la plazoleta "
            "con un permiso de aprovechamiento.",
        ),
    ),
    "Queja": (
        (
            "Atención a la ciudadanía",
            "Llevo tres semanas esperando respuesta a mi petición y nadie me contesta.",
        ),
        (
            "Recuperación del espacio público",
            "En el operativo de {loc} los funcionarios fueron muy groseros con los vecinos.",
        ),
        ("Atención a la ciudadanía", "Llamé a la línea varias veces y nunca me dieron razón del trámite."),
    ),
    "Reclamo": (
        (
            "Aprovechamiento económico",
            "Pagué la retribución por aprovechamiento económico y todavía no me expiden el permiso.",
        ),
        (
            "Certificaciones",
            "El certificado que me enviaron tiene un error en la nomenclatura del predio y lo "
            "necesito corregido.",
        ),
        (
            "Parques",
            "Nos entregaron el salón comunal del parque en {loc} con daños que no estaban en el acta.",
        ),
    ),
    "Sugerencia": (
        ("Parques", "Sería bueno poner más canecas y bancas en el parque de {loc}."),
        (
            "Cultura ciudadana",
            "Deberían hacer estas campañas también los fines de semana, que es cuando más se "
            "invade el andén.",
        ),
        (
            "Atención a la ciudadanía",
            "Sugiero publicar los horarios de atención en las historias; así es más fácil encontrarlos.",
        ),
    ),
    "Felicitación": (
        (
            "Recuperación del espacio público",
            "Felicitaciones al equipo del DADEP por la recuperación de {via}; "
            "ahora se puede caminar tranquilo.",
        ),
        ("Parques", "Gracias por la atención tan amable en la entrega del parque de {loc}."),
    ),
    "Consulta": (
        (
            "Certificaciones",
            "¿Cómo puedo pedir la certificación de que un predio es bien de uso público? ¿Tiene algún costo?",
        ),
        ("Aprovechamiento económico", "¿Qué requisitos piden para hacer un evento en un parque de {loc}?"),
        ("DEMOS", "¿Cómo puedo participar en DEMOS si vivo en {loc}?"),
        ("Bienes fiscales", "¿Cuál es la diferencia entre un bien fiscal y un bien de uso público?"),
    ),
    "Solicitud de acceso a la información": (
        (
            "Inventario de bienes públicos",
            "Solicito información sobre cuántas zonas de cesión hay registradas "
            "en {loc} y en qué estado están.",
        ),
        (
            "Rendición de cuentas",
            "¿Dónde puedo consultar los contratos de administración del espacio público que están vigentes?",
        ),
        (
            "Recuperación del espacio público",
            "Quisiera conocer las cifras de metros cuadrados recuperados en {loc} durante este año.",
        ),
    ),
    "Solicitud de copia": (
        ("Cesiones y entregas", "Requiero copia del acta de recibo de la zona verde de mi barrio en {loc}."),
        (
            "Inventario de bienes públicos",
            "Necesito copia del plano de la urbanización donde aparece la zona de cesión del sector.",
        ),
    ),
    "Denuncia por posibles actos de corrupción": (
        (
            "Vendedores informales",
            "Denuncio que una persona que dice ser funcionaria cobra por dejar vender en {via}.",
        ),
        (
            "Aprovechamiento económico",
            "En {loc} están alquilando el parque para eventos privados y dicen que "
            "tienen palanca en la entidad.",
        ),
    ),
}
GREETINGS = ("", "", "Buenas tardes. ", "Hola. ", "Buenos días. ", "Señores DADEP: ")
CLOSINGS = ("", "", " Gracias.", " Quedo atenta.", " Quedo atento.", " Por favor respondan.")
INTERACTION_SHARE = {
    "Facebook": {"Comentario": 55, "Mensaje directo": 30, "Mención": 8, "Reseña": 7},
    "X": {"Comentario": 55, "Mensaje directo": 10, "Mención": 35},
    "Instagram": {"Comentario": 60, "Mensaje directo": 30, "Mención": 10},
    "YouTube": {"Comentario": 100},
    "TikTok": {"Comentario": 85, "Mensaje directo": 10, "Mención": 5},
}
MESSAGE_NETWORK_SHARE = {"Facebook": 35, "X": 30, "Instagram": 20, "YouTube": 4, "TikTok": 11}
TRANSFER_ENTITIES = (
    "Secretaría Distrital de Movilidad",
    "Instituto de Desarrollo Urbano (IDU)",
    "Secretaría Distrital de Ambiente",
    "Instituto para la Economía Social (IPES)",
    "Unidad Administrativa Especial de Servicios Públicos (UAESP)",
    "Secretaría Distrital de Gobierno",
    "Instituto Distrital de Recreación y Deporte (IDRD)",
)
LEADER_DECISIONS = (  # (decision, whether the message still goes to Atención a la Ciudadanía)
    ("Radicar con prioridad y responder por mensaje directo.", True),
    ("Consultar con la subdirección responsable antes de responder; luego radicar.", True),
    ("No radicar: es una opinión sobre la publicación; responder con la plantilla de canales.", False),
    ("Responder públicamente y radicar; el tema es de interés de la Dirección.", True),
)
MESSAGE_NOTES = (
    "Usuario reincidente; se respondió con la misma plantilla.",
    "Se ocultó el comentario por lenguaje ofensivo, según la política de uso de redes.",
    "El ciudadano publicó datos personales; se le pidió usar Bogotá te escucha.",
    "Se guardó captura porque el usuario borró el comentario.",
)

# Contact data is never invented: the templates carry placeholders that the settings confirmed by the leader
# or Atención a la Ciudadanía fill (core/domain/templates.py).
CHANNELS = (
    "Nuestros canales de atención: Bogotá te escucha ({canal_web}); la línea {linea}; y atención presencial "
    "en {sede}, {horario}."
)
TEMPLATES = (
    ("Canales de atención", "Hola. Gracias por escribirnos. " + CHANNELS),
    (
        "PQRS radicada",
        "Hola. Remitimos tu mensaje a Atención a la Ciudadanía del DADEP para radicarlo en Bogotá "
        "te escucha; allí recibirás el número de tu petición y la respuesta dentro de los términos de ley. "
        + CHANNELS,
    ),
    (
        "Traslado por competencia",
        "Hola. Gracias por escribirnos. Este tema es competencia de otra entidad del "
        "Distrito: radicaremos tu mensaje en Bogotá te escucha para que sea trasladado y te respondan "
        "directamente. " + CHANNELS,
    ),
    (
        "Agradecimiento",
        "¡Gracias por tu mensaje! Cuidar el espacio público es tarea de todos. Si necesitas algo "
        "del DADEP, escríbenos. " + CHANNELS,
    ),
    (
        "Datos personales por canal seguro",
        "Hola. Por tu seguridad, no publiques documentos, teléfonos ni "
        "direcciones en comentarios. Radica tu solicitud en Bogotá te escucha ({canal_web}) o "
        "llama a la línea {linea}, donde tus datos están protegidos.",
    ),
    (
        "Información de trámites",
        "Hola. Los trámites del DADEP, como la certificación de bienes de uso público, "
        "son gratuitos y se solicitan sin intermediarios. " + CHANNELS,
    ),
)
TEMPLATE_NAMES = tuple(name for name, _ in TEMPLATES)

ACCOUNTS = (  # (Red, Cuenta, Enlace, Estado, Creada, followers two years ago, monthly growth)
    (
        "Facebook",
        "DADEP Bogotá",
        "https://www.facebook.com/DADEPBogota",
        "Activa",
        date(2012, 3, 14),
        46_000,
        0.009,
    ),
    ("X", "@DADEPBogota", "https://x.com/DADEPBogota", "Activa", date(2011, 6, 2), 61_000, 0.004),
    (
        "Instagram",
        "@dadepbogota",
        "https://www.instagram.com/dadepbogota/",
        "Activa",
        date(2016, 8, 22),
        21_000,
        0.018,
    ),
    (
        "YouTube",
        "DADEP Bogotá",
        "https://www.youtube.com/@DADEPBogota",
        "Activa",
        date(2013, 5, 9),
        3_100,
        0.012,
    ),
    (
        "TikTok",
        "@dadepbogota",
        "https://www.tiktok.com/@dadepbogota",
        "Activa",
        date(2021, 2, 15),
        7_500,
        0.035,
    ),
    (
        "Facebook",
        "Defensoría del Espacio Público – Eventos",
        "https://www.facebook.com/DADEPEventos",
        "Inactiva",
        date(2014, 10, 1),
        2_300,
        -0.008,
    ),
    ("X", "@DADEP_Atiende", "https://x.com/DADEP_Atiende", "En cierre", date(2018, 4, 11), 1_450, 0.001),
)
MONTHLY_REACH = {"Facebook": 1.8, "X": 1.3, "Instagram": 1.5, "YouTube": 0.9, "TikTok": 4.0}
DEMO_SETTINGS = {  # the demo office's contact data, as Atención a la Ciudadanía would confirm it in Ajustes
    ATC_MAILBOX.name: "atencion.ciudadania@dadep.gov.co",
    WEB_CHANNEL.name: "https://bogota.gov.co/sdqs/",
    PHONE_LINE.name: "195",
    OFFICE.name: "Carrera 30 n.º 25-90, piso 15, Bogotá",
    HOURS.name: "lunes a viernes de 7:00 a. m. a 4:30 p. m.",
    SIG_CODE.name: "124-PPPCO-FT-12",
    SIG_VERSION.name: "3",
}
MONITORING_GAPS = {"Facebook": 0.03, "X": 0.03, "Instagram": 0.04, "YouTube": 0.15, "TikTok": 0.08}
MONITORING_NOTES = (
    "Se ocultaron dos comentarios ofensivos.",
    "Mensaje con datos personales; se pidió usar Bogotá te escucha.",
    "Pico de comentarios por la publicación de la mañana.",
    "Se escaló un caso especial al líder.",
)

# --- helpers --------------------------------------------------------------------------------------------


class DemoRandom(random.Random):
    """`random.Random` with cheaper `choice`, `randint`, `lognormvariate` and `sample` (the library's
    versions took half the generation time at 100.000 rows); just as reproducible, and `core.sheet.ids.new_id`
    benefits too."""

    def choice(self, options):
        return options[int(self.random() * len(options))]

    def randint(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def lognormvariate(self, mu: float, sigma: float) -> float:
        return math.exp(self.gauss(mu, sigma))

    def sample(self, population, k: int) -> list:  # the few items drawn here: redraw on repeats
        picked: list = []
        while len(picked) < k:
            item = self.choice(population)
            if item not in picked:
                picked.append(item)
        return picked


class Weighted:
    """A weighted choice over fixed options, built once (random.choices rebuilds its table every call)."""

    def __init__(self, weights: dict[str, float] | list[tuple[object, float]]):
        pairs = list(weights.items()) if isinstance(weights, dict) else weights
        self.options = [option for option, _ in pairs]
        self.cumulative = list(itertools.accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random):
        return self.options[bisect_right(self.cumulative, rng.random() * self.total)]


def _ids(prefix: str, day: date, rng: random.Random, taken: set[str]) -> str:
    """A new record ID (`core.sheet.ids.new_id`) not yet used in the tab."""
    value = new_id(prefix, day, rng)
    while value in taken:
        value = new_id(prefix, day, rng)
    taken.add(value)
    return value


def _token(rng: random.Random, length: int) -> str:
    """Random letters, digits, "-" and "_", like the IDs in Drive, YouTube and Instagram links."""
    return base64.urlsafe_b64encode(rng.randbytes(length)).decode()[:length]


def _drive_file(rng: random.Random) -> str:
    return f"https://drive.google.com/file/d/1{_token(rng, 32)}/view"


def _drive_folder(rng: random.Random) -> str:
    return f"https://drive.google.com/drive/folders/1{_token(rng, 32)}"


def _mail(rng: random.Random) -> str:
    return f"https://mail.google.com/mail/u/0/#all/{rng.getrandbits(64):016x}"


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), BOGOTA)


def _office_moment(rng: random.Random, day: date, now: datetime) -> datetime:
    """A moment of office hours on `day`, never after `now`."""
    moment = _at(day, rng.randint(7, 16), rng.randint(0, 59))
    return min(moment, now - timedelta(minutes=rng.randint(5, 240)))


def _closed_days(today: date) -> list[date]:
    """The office's closed days the demo's Listas declare: 24 and 31 December when on a weekday."""
    return [
        day
        for year in range(today.year - 2, today.year + 1)
        for day in (date(year, 12, 24), date(year, 12, 31))
        if today - timedelta(days=SPAN_DAYS) <= day <= today + timedelta(days=60) and day.weekday() < 5
    ]


@functools.cache
def _office_days(today: date) -> BusinessDays:
    """The calendar the demo's office works by (the app's own, with the closed days of its Listas)."""
    return BusinessDays(_closed_days(today))


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _person(rng: random.Random) -> str:
    first = rng.choice(FIRST_NAMES)
    return f"{first} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}"


@functools.cache
def _email(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().split()
    return f"{ascii_name[0]}.{ascii_name[-2]}@dadep.gov.co"


def _handle(rng: random.Random) -> str:
    return f"@{rng.choice(HANDLE_WORDS)}{rng.choice(('', '_', ''))}{rng.randint(1, 9999)}"


def _fill(text: str, rng: random.Random) -> str:
    """A template with its placeholders drawn: {loc}, {via}, {m2} and {campaign}."""
    if "{" not in text:
        return text
    values = {}
    if "{loc}" in text:
        values["loc"] = rng.choice(LOCALITIES)
    if "{via}" in text:
        values["via"] = rng.choice(ROADS)
    if "{m2}" in text:
        values["m2"] = _thousands(rng.randint(200, 30_000))
    if "{campaign}" in text:
        values["campaign"] = rng.choice(DISTRICT_CAMPAIGNS)
    return text.format_map(values)


_NETWORK_PICK = Weighted(NETWORK_SHARE)


def _networks(rng: random.Random, count: int) -> list[str]:
    """`count` distinct networks, the busy ones more often, in the canonical order."""
    chosen: set[str] = set()
    while len(chosen) < count:
        chosen.add(_NETWORK_PICK.pick(rng))
    return [network for network in NETWORKS if network in chosen]


# --- how many rows each tab gets ----------------------------------------------------------------------


def _counts(n: int, monitoring_available: int, reports_available: int) -> dict[str, int]:
    """Rows per tab adding up to exactly `n`: the small tabs first (capped at their natural size), then
    Publicaciones and Mensajes share the rest 45 : 33."""

    def share(fraction: float, cap: int | None = None) -> int:
        rows = max(1, round(n * fraction))
        return rows if cap is None else min(rows, cap)

    counts = {
        contract.CUENTAS.name: share(0.007, len(ACCOUNTS)),
        contract.PLANTILLAS.name: share(0.006, len(TEMPLATES)),
        contract.USUARIOS.name: share(0.008, len(STAFF)),
        contract.AJUSTES.name: min(len(SETTINGS), max(1, n // 100)),  # the contact data in full from 800 rows
        contract.LISTAS.name: share(0.03, len(TOPIC_NAMES)),
        contract.INFORMES.name: share(0.006, reports_available),
        contract.MONITOREO.name: share(0.035, monitoring_available),
        contract.ESTRATEGIAS.name: share(0.01),
        contract.SOLICITUDES.name: share(0.09),
    }
    counts[contract.METRICAS_CUENTA.name] = share(0.0168, counts[contract.CUENTAS.name] * 24)
    rest = n - sum(counts.values())
    counts[contract.PUBLICACIONES.name] = round(rest * 45 / 78)
    counts[contract.MENSAJES.name] = rest - counts[contract.PUBLICACIONES.name]
    return counts


# --- Estrategias ---------------------------------------------------------------------------------------


def _strategies(rng: random.Random, count: int, today: date, now: datetime) -> list[Row]:
    """Campaigns over the two years; the first is planned (it starts in nine days), the second is running and
    the third ended yesterday and waits for its closure, so that even a small register shows every state."""
    first = today - timedelta(days=SPAN_DAYS - 25)
    ids, names = set(), set()
    rows = []
    for index in range(count):
        if index == 0:
            start, length = today + timedelta(days=9), 30
        elif index == 1:
            start, length = today - timedelta(days=10), 35
        elif index == 2:
            start, length = today - timedelta(days=31), 30
        else:
            start, length = first + timedelta(days=rng.randint(0, SPAN_DAYS - 5)), rng.randint(14, 60)
        end = start + timedelta(days=length)
        area, _, topics = rng.choice(AREAS)
        topic = TOPICS[rng.choice(topics)]
        name = _campaign_name(rng, topic)
        while (name, start) in names:
            name = _campaign_name(rng, topic)
        names.add((name, start))
        row: Row = {
            "ID": _ids("EST", start, rng, ids),
            "Nombre": name,
            "Área": area,
            "Objetivo": f"Posicionar {topic.phrase} entre {rng.choice(VALUE_GROUPS).lower()} con contenidos "
            "pedagógicos en redes sociales.",
            "Eje del plan": rng.choice(PLAN_AXES),
            "Grupo de valor": rng.sample(VALUE_GROUPS, rng.randint(1, 3)),
            "Inicio": start,
            "Fin": end,
        }
        if rng.random() < 0.4:
            row["Entidades aliadas"] = rng.sample(PARTNERS, rng.randint(1, 2))
        row.update(_strategy_state(rng, start, end, today, now, waiting=index == 2))
        rows.append(row)
    return rows


def _campaign_name(rng: random.Random, topic: Topic) -> str:
    kind = rng.choice(("Campaña", "Campaña", "Estrategia"))
    return f"{kind} «{rng.choice(topic.slogans)}» en {rng.choice(LOCALITIES)}"


def _strategy_state(rng: random.Random, start: date, end: date, today: date, now: datetime,
                    waiting: bool = False) -> Row:
    if start > today:
        state, updated, by = "Planeada", today - timedelta(days=rng.randint(0, 5)), rng.choice(JOURNALISTS)
    elif end >= today:
        state, updated, by = "En curso", today - timedelta(days=rng.randint(0, 3)), rng.choice(CMS)
    else:
        closed_on = end + timedelta(days=rng.choice((1, 2, 2, 3, 5)))
        pending = rng.random() < 0.4 and (today - end).days <= RECENT_DAYS  # only a recent one waits
        if closed_on > today or pending or waiting:  # ended, closure pending
            state, updated, by = "Finalizada", end, rng.choice(CMS)
        else:
            return {
                "Estado": "Cerrada",
                "Fecha de cierre": closed_on,
                "Evidencias": [_drive_folder(rng)],
                "Actualizado": _office_moment(rng, closed_on, now),
                "Actualizado por": rng.choice(CMS).name,
            }
    return {"Estado": state, "Actualizado": _office_moment(rng, updated, now), "Actualizado por": by.name}


class CampaignStats:
    """What a campaign's own published posts added up to (for its closing analysis)."""

    def __init__(self) -> None:
        self.posts = self.interactions = self.reach = self.reached_interactions = 0
        self.by_network: Counter[str] = Counter()

    def add(self, network: str, metrics: Row) -> None:
        self.posts += 1
        self.interactions += metrics["Interacciones"]
        self.by_network[network] += metrics["Interacciones"]
        if "Alcance" in metrics:
            self.reach += metrics["Alcance"]
            self.reached_interactions += metrics["Interacciones"]


def _write_analyses(strategies: list[Row], stats: dict[str, CampaignStats]) -> None:
    """Closed campaigns carry the analysis the CM presents to the team, from their posts' figures."""
    for row in strategies:
        if row["Estado"] != "Cerrada":
            continue
        campaign = stats.get(row["ID"])
        if campaign is None:
            row["Análisis"] = (
                "Las piezas se divulgaron en los canales del área y de las entidades aliadas; no "
                "hubo publicaciones propias medidas en las redes del DADEP."
            )
            continue
        rate = f"{campaign.reached_interactions / campaign.reach * 100 if campaign.reach else 0:.1f}"
        best = campaign.by_network.most_common(1)[0][0]
        row["Análisis"] = (
            f"Se publicaron {campaign.posts} piezas con {_thousands(campaign.interactions)} interacciones en "
            f"total. En las redes que informan alcance llegaron a {_thousands(campaign.reach)} personas "
            f"(engagement {rate.replace('.', ',')} % sobre alcance). La red con más interacciones fue "
            f"{best}. Oportunidad de mejora: concentrar los videos en las franjas de 7 a 9 a. m. y de 6 a "
            "8 p. m."
        )


# --- Solicitudes ---------------------------------------------------------------------------------------


class Plan(NamedTuple):
    """A request's timeline, decided before its row is written."""

    modality: str
    strategy: Row | None
    requested: date
    publication: date
    end: date  # the campaign's Fin, or the publication date for a stand-alone post
    stage: str
    reached: int  # index in the path of the last stage the work got to (for Cancelada, where it stopped)
    stale: bool  # an old request stuck in an early stage


class Request(NamedTuple):
    row: Row
    plan: Plan
    topic: str


def _path(modality: str) -> tuple[str, ...]:
    return INDEPENDENT_PATH if modality == INDEPENDENT else INTEGRAL_PATH


def _lead(rng: random.Random) -> int:
    """Days between the request and the publication: usually 8-20, sometimes under the week required."""
    return rng.randint(8, 20) if rng.random() < 0.85 else rng.randint(2, 6)


def _timeline_stage(
    rng: random.Random,
    modality: str,
    requested: date,
    publication: date,
    end: date,
    today: date,
    closed: bool,
) -> tuple[str, bool]:
    """The stage a request is in today, from its dates. An office that works well: the old ones are closed;
    of those published in the last month, a handful wait for their closure or got stuck.
    Publicación lasts until its due date (`core.domain.workflow.due_of`: the day of publication, or the campaign's
    end), having started on the publication date; then the request is closed. Returns the stage and whether
    the request is stuck (stale)."""
    path = _path(modality)
    published = due_of(7, {"Modalidad": modality, "Fecha de publicación": publication}, _office_days(today),
                       campaign_end=end, started=publication)
    if today > published:
        draw = rng.random()
        if (today - published).days > RECENT_DAYS:
            draw = 1.0  # closed long ago
        if modality == INDEPENDENT and draw < 0.04:
            return rng.choice(path[:3]), True
        return (PUBLICATION if draw < 0.12 or not closed else CLOSURE), False
    if today >= publication:
        return PUBLICATION, False
    progress = (today - requested).days / max(1, (publication - requested).days)
    return path[bisect_right(PROGRESS_CUTS[modality], progress)], False


def _plan(
    rng: random.Random,
    modality: str,
    strategy: Row | None,
    requested: date,
    publication: date,
    end: date,
    stage: str,
    stale: bool = False,
) -> Plan:
    reached = rng.randrange(5) if stage == CANCELLED else _path(modality).index(stage)
    return Plan(modality, strategy, requested, publication, end, stage, reached, stale)


def _request_plans(rng: random.Random, count: int, strategies: list[Row], today: date) -> list[Plan]:
    """One request per campaign (Estrategia integral), the rest stand-alone posts; then every stage is
    made present when there are closed requests to spare."""
    plans = []
    for index, strategy in enumerate(strategies[:count]):
        lead = 14 if index == 0 else _lead(rng)  # the planned campaign stands in "Estrategia digital"
        publication, end = strategy["Inicio"], strategy["Fin"]
        requested = min(publication - timedelta(days=lead), today)
        stage, _ = _timeline_stage(
            rng, INTEGRAL, requested, publication, end, today, strategy["Estado"] == "Cerrada"
        )
        plans.append(_plan(rng, INTEGRAL, strategy, requested, publication, end, stage))
    for _ in range(count - len(plans)):
        requested = today - timedelta(days=rng.randint(0, SPAN_DAYS - 1))
        publication = requested + timedelta(days=_lead(rng))
        if rng.random() < 0.04:
            stage, stale = CANCELLED, False
        else:
            stage, stale = _timeline_stage(rng, INDEPENDENT, requested, publication, publication, today, True)
        plans.append(_plan(rng, INDEPENDENT, None, requested, publication, publication, stage, stale))
    _cover_every_stage(rng, plans, today)
    return plans


def _cover_every_stage(rng: random.Random, plans: list[Plan], today: date) -> None:
    """Turn spare closed stand-alone requests into recent ones standing at each missing stage."""
    present = {plan.stage for plan in plans}
    spare = [i for i, plan in enumerate(plans) if plan.modality == INDEPENDENT and plan.stage == CLOSURE]
    cuts = (0.0, *PROGRESS_CUTS[INDEPENDENT], 1.0)
    for stage in (*INDEPENDENT_PATH[:-1], CANCELLED):
        if stage in present or len(spare) < 2:
            continue
        if stage in (PUBLICATION, CANCELLED):
            requested, publication = today - timedelta(days=12), today
        else:  # the middle of the stage's share of a 14-day lead time
            position = INDEPENDENT_PATH.index(stage)
            requested = today - timedelta(days=round((cuts[position] + cuts[position + 1]) / 2 * 14))
            publication = requested + timedelta(days=14)
        plans[spare.pop()] = _plan(rng, INDEPENDENT, None, requested, publication, publication, stage)


def _requesters(rng: random.Random) -> dict[str, tuple[list[str], str]]:
    """Per area: the few people who ask for publications, and the head who approves them."""
    people = {area: ([_person(rng) for _ in range(3)], _person(rng)) for area in AREA_NAMES}
    for person in STAFF:
        if "Área solicitante" in person.roles:
            people[person.area][0][0] = person.name
    return people


def _requests(rng: random.Random, plans: list[Plan], today: date, now: datetime) -> list[Request]:
    people = _requesters(rng)
    area_pick = Weighted([(index, weight) for index, (_, weight, _) in enumerate(AREAS)])
    ids, keys = set(), set()
    requests = []
    for plan in plans:
        area_index = AREA_NAMES.index(plan.strategy["Área"]) if plan.strategy else area_pick.pick(rng)
        area, _, topics = AREAS[area_index]
        topic_name = rng.choice(topics)
        topic = TOPICS[topic_name]
        title = _fill(rng.choice(topic.titles), rng)
        while (plan.requested, area, title) in keys:  # the natural key: no two rows may share it
            title = _fill(rng.choice(topic.titles), rng)
        keys.add((plan.requested, area, title))
        requesters, head = people[area]
        requester = rng.choice(requesters)
        integral = plan.modality == INTEGRAL
        row: Row = {
            "ID": _ids("SOL", plan.requested, rng, ids),
            "Fecha de solicitud": plan.requested,
            "Área solicitante": area,
            "Solicitante": requester,
            "Correo del solicitante": _email(requester),
            "Periodista": journalist_of(area_index).name,
            "Título": title,
            "Necesidad": f"Divulgar {topic.phrase} en las redes del DADEP para que la ciudadanía conozca los "
            "avances y sepa cómo participar.",
            "Eje del plan": rng.choice(PLAN_AXES),
            "Grupo de valor": rng.sample(VALUE_GROUPS, rng.randint(1, 2)),
            "Productos": rng.sample(contract.PRODUCTO.values, rng.randint(1, 3)),
            "Redes": _networks(rng, rng.randint(3, 5) if integral else rng.randint(1, 3)),
            "Modalidad": plan.modality,
            "Fecha de publicación": plan.publication,
            "Soporte de la solicitud": _mail(rng),
            "Etapa": plan.stage,
        }
        if rng.random() < 0.8:
            row["Objetivo"] = f"Informar a {rng.choice(VALUE_GROUPS).lower()} sobre {topic.phrase}."
        if integral:
            row["Estrategia"] = plan.strategy["ID"]
        row.update(_request_progress(rng, plan, head, requester, today, now))
        row["Actualizado por"] = rng.choice((*CMS, journalist_of(area_index))).name
        requests.append(Request(row, plan, topic_name))
    return requests


def _request_progress(
    rng: random.Random, plan: Plan, head: str, requester: str, today: date, now: datetime
) -> Row:
    """The cells filled as a request moves along its path, consistent with its stage."""
    path = _path(plan.modality)
    material_stage = 2 if plan.modality == INDEPENDENT else 1  # Recepción de material / Estrategia digital
    reached, requested, publication = plan.reached, plan.requested, plan.publication
    row: Row = {}
    last_day = requested
    if reached > material_stage:
        ahead = rng.randint(7, 12) if rng.random() < 0.82 else rng.randint(1, 6)
        material = min(max(requested + timedelta(days=1), publication - timedelta(days=ahead)), today)
        review = min(material + timedelta(days=rng.randint(0, 2)), publication, today)
        reviewer = LEADER if rng.random() < 0.9 else ACTING_LEADER
        row.update(
            {
                "Material recibido": material,
                "Copy revisado": True,
                "Copy revisado por": reviewer.name,
                "Fecha revisión copy": review,
            }
        )
        last_day = review
        if (publication - material).days < 7:
            row["Observaciones"] = "Material recibido con menos de 7 días de anticipación."
    elif reached == material_stage and plan.modality == INDEPENDENT:
        row["Copy revisado"] = False
    if (plan.modality == INTEGRAL and reached >= material_stage) or (
        reached > material_stage and rng.random() < 0.3
    ):
        row["Carpeta de publicación"] = _drive_folder(rng)
    if reached >= path.index(PUBLICATION):
        approved = max(requested, publication - timedelta(days=rng.randint(1, 3)))
        row.update(
            {
                "Aprobado por": head if rng.random() < 0.7 else requester,
                "Fecha de aprobación": approved,
                "Soporte de aprobación": _mail(rng),
            }
        )
        last_day = max(last_day, approved)
        late = rng.random() < 0.1  # the feedback is due the business day after publishing (FEEDBACK_DAYS)
        feedback = _office_days(today).add(publication, rng.randint(2, 3) if late else FEEDBACK_DAYS)
        if feedback <= today and (plan.stage == CLOSURE or rng.random() < 0.9):
            row["Feedback entregado"] = feedback
            last_day = max(last_day, feedback)
    if plan.stage == CLOSURE:
        late = rng.random() < 0.15
        after = CLOSURE_DAYS + rng.randint(1, 4) if late else rng.randint(1, CLOSURE_DAYS)
        sent = min(_office_days(today).add(plan.end, after), today)
        row["Evidencias enviadas"] = sent
        started = _office_moment(rng, min(plan.end + timedelta(days=1), sent), now)
        last_day = max(last_day, sent)
    elif plan.stage == PUBLICATION:
        started = min(_at(publication, rng.randint(7, 9), rng.randint(0, 59)), now - timedelta(minutes=30))
    elif plan.stage == CANCELLED:
        stopped = requested + timedelta(
            days=rng.randint(0, max(0, (min(publication, today) - requested).days))
        )
        started = _office_moment(rng, stopped, now)
        row["Observaciones"] = rng.choice(
            (
                "El área desistió de la publicación.",
                "Se unificó con otra solicitud del área.",
                "La actividad se aplazó sin nueva fecha.",
            )
        )
    elif plan.stale:
        started = _office_moment(rng, requested + timedelta(days=rng.randint(1, 3)), now)
        row["Observaciones"] = "Sin avance desde la solicitud; se le reiteró al área por correo."
    else:
        started = _office_moment(rng, max(requested, today - timedelta(days=rng.randint(0, 2))), now)
    row["Inicio de etapa"] = started
    row["Actualizado"] = max(started, _office_moment(rng, last_day, now))
    return row


def _attach_evidence(
    rng: random.Random, requests: list[Request], links: dict[str, list[tuple[date, str]]]
) -> None:
    """Closed requests list the links of the posts published by the day the evidence was sent (or the
    file with the evidence, when they had none)."""
    for request in requests:
        if request.plan.stage == CLOSURE:
            sent = request.row["Evidencias enviadas"]
            posted = [link for day, link in links.get(request.row["ID"], ()) if day <= sent]
            request.row["Evidencias"] = posted[:4] or [_drive_file(rng)]


# --- Publicaciones -------------------------------------------------------------------------------------


def _hour_factor(hour: int) -> float:
    """How much better than average a post does at this hour (mornings and evenings, Bogotá time)."""
    if 7 <= hour <= 9:
        return 1.6
    if 18 <= hour <= 20:
        return 1.5
    if 12 <= hour <= 13:
        return 1.15
    return 1.0 if 10 <= hour <= 17 else 0.7


def _post_metrics(
    rng: random.Random, network: str, form: str, day: date, hour: int, first_day: date, today: date
) -> Row:
    """Figures as each platform reports them for a post published on `day` at `hour`; reach and
    engagement depend on network, format, weekday, hour and the account's growth over the two years."""
    profile, draw = PROFILES[network], rng.random
    timing = _hour_factor(hour) * WEEKDAY_FACTOR[day.weekday()]
    growth = 0.8 + 0.4 * (day - first_day).days / SPAN_DAYS
    size = profile.size * FORMAT_REACH[form] * growth * (0.55 + 0.45 * timing) * rng.lognormvariate(0, 0.5)
    expected = size * profile.rate * timing * rng.lognormvariate(0, 0.15)
    metrics: Row = {part: round(expected * share * (0.75 + 0.5 * draw())) for part, share in profile.parts}
    metrics["Interacciones"] = sum(metrics.values())
    video = form in VIDEO_FORMATS or network == "TikTok"
    if network in ("Facebook", "Instagram"):
        metrics["Alcance"] = round(size)
        metrics["Impresiones"] = round(size * (1.08 + 0.5 * draw()))
        if video:
            metrics["Reproducciones"] = round(size * (1.1 + 0.8 * draw()))
    elif network == "X":  # X reports impressions, not reach
        metrics["Impresiones"] = round(size)
        if video:
            metrics["Reproducciones"] = round(size * (0.25 + 0.35 * draw()))
    elif network == "YouTube":  # views; YouTube's "impressions" are thumbnail impressions
        metrics["Reproducciones"] = round(size)
    else:
        metrics["Reproducciones"] = round(size)
        metrics["Alcance"] = round(size * (0.55 + 0.3 * draw()))
    metrics["Métricas al"] = min(today, day + timedelta(days=rng.randint(2, 7)))
    return metrics


def _snowflake(moment: datetime, rng: random.Random) -> int:
    """An X status ID: milliseconds since X's epoch, shifted, plus random low bits."""
    return ((int(moment.timestamp() * 1000) - X_EPOCH_MS) << 22) | rng.getrandbits(22)


def _post_link(rng: random.Random, network: str, form: str, published: datetime) -> tuple[str, str]:
    """The post's permalink and its ID on the network, shaped like the real ones."""
    if network == "X":
        status = str(_snowflake(published, rng))
        return f"https://x.com/DADEPBogota/status/{status}", status
    if network == "TikTok":
        video = str((int(published.timestamp()) << 32) | rng.getrandbits(32))
        return f"https://www.tiktok.com/@dadepbogota/video/{video}", video
    if network == "YouTube":
        code = _token(rng, 11)
        kind = "shorts/" if form == "Short" else "watch?v="
        return f"https://www.youtube.com/{kind}{code}", code
    if network == "Instagram":
        if form == "Historia":
            story = str(rng.randrange(10**18, 10**19))
            return f"https://www.instagram.com/stories/dadepbogota/{story}/", story
        code = _token(rng, 11)
        return f"https://www.instagram.com/{'reel' if form == 'Reel' else 'p'}/{code}/", code
    post = str(rng.randrange(10**15, 10**16))
    paths = {
        "Reel": "reel",
        "Video": "DADEPBogota/videos",
        "En vivo": "DADEPBogota/videos",
        "Historia": "stories/DADEPBogota",
    }
    return f"https://www.facebook.com/{paths.get(form, 'DADEPBogota/posts')}/{post}", post


def _copy(rng: random.Random, network: str, form: str, template: str) -> str:
    """A post's text from a topic template: an opener, the body, a call to action and hashtags; a story
    carries only the body, and X's text stays within 280 characters."""
    body = _fill(rng.choice(OPENERS) + template, rng)
    if form == "Hilo":
        body = f"🧵 {body} 1/{rng.randint(3, 6)}"
    if form == "Historia":
        return body
    call, tags = rng.choice(CALLS), rng.choice(HASHTAGS)
    text = " ".join(filter(None, (body, call, tags)))
    if network != "X" or len(text) <= 280:
        return text
    text = " ".join(filter(None, (body, call)))
    return text if len(text) <= 280 else body[:280]


class PostSource(NamedTuple):
    """What a request gives its posts: its networks, its days and its topic's texts."""

    request_id: str
    strategy_id: str | None
    networks: list[str]
    first_day: date
    spread: int  # a campaign's posts fall within `spread` days of its start; a stand-alone post's on its day
    bodies: tuple[str, ...]
    cancelled: bool


def _post_sources(requests: list[Request], today: date) -> list[tuple[PostSource, float]]:
    """Requests whose posts are in the grid (being adjusted or approved, published, closed, or cancelled
    after scheduling), weighted by how many posts they get: campaigns more, cancelled ones fewer."""
    sources = []
    for request in requests:
        plan, row = request.plan, request.row
        if plan.stale or plan.stage not in (STAGES[4], STAGES[5], PUBLICATION, CLOSURE, CANCELLED):
            continue
        integral = plan.modality == INTEGRAL
        spread = (
            max(0, (min(plan.end, today + timedelta(days=AHEAD_DAYS)) - plan.publication).days)
            if integral
            else 0
        )
        source = PostSource(
            row["ID"],
            row.get("Estrategia"),
            row["Redes"],
            plan.publication,
            spread,
            TOPICS[request.topic].bodies,
            plan.stage == CANCELLED,
        )
        sources.append(
            (source, len(row["Redes"]) * (3 if integral else 1) * (0.3 if source.cancelled else 1))
        )
    return sources


_FORMAT_PICKS = {network: Weighted(formats) for network, formats in FORMATS.items()}
_HOUR_PICK = Weighted(POST_HOURS)
_ORIGIN_PICK = Weighted(ORIGIN_SHARE)
QUARTERS = (0, 0, 0, 15, 30, 30, 45)  # scheduled posts go out on the quarter hour, mostly on the hour


class PostsResult(NamedTuple):
    rows: list[Row]
    links: dict[str, list[tuple[date, str]]]  # request ID -> (day, link) of its published posts
    campaigns: dict[str, CampaignStats]  # strategy ID -> what its posts added up to


def _posts(
    rng: random.Random, count: int, requests: list[Request], today: date, now: datetime
) -> PostsResult:
    """Three quarters of the posts come from requests (on the request's networks, on its publication day
    or within its campaign); the rest are live coverage, district replicas and current events."""
    first_day = today - timedelta(days=SPAN_DAYS - 1)
    days = [first_day + timedelta(days=offset) for offset in range(SPAN_DAYS + 2 * AHEAD_DAYS)]
    sources = _post_sources(requests, today)
    source_pick = Weighted(sources) if sources else None
    ids, links, unlinked = set(), set(), set()
    result = PostsResult([], {}, {})
    draw = rng.random
    for _ in range(count):
        origin = _ORIGIN_PICK.pick(rng)
        source = source_pick.pick(rng) if origin == "Solicitud" and source_pick else None
        if source is not None:
            network, template = rng.choice(source.networks), rng.choice(source.bodies)
            if source.strategy_id:
                offset = rng.randint(0, source.spread)
            else:
                offset = 0 if draw() < 0.8 else rng.randint(1, 3)  # some follow-up posts
            day = source.first_day + timedelta(days=offset)
        else:
            origin = "Cubrimiento" if origin == "Solicitud" else origin
            network, template = _NETWORK_PICK.pick(rng), rng.choice(ORIGIN_BODIES[origin])[1]
            last = SPAN_DAYS + (AHEAD_DAYS if origin == "Réplica distrital" else 0) - 1
            day = days[rng.randint(0, last)]
            if day.weekday() >= 5 and draw() < 0.5:  # half as many on weekends
                day = days[rng.randint(0, last)]
        form = _FORMAT_PICKS[network].pick(rng)
        if origin in ("Cubrimiento", "Coyuntura"):  # unplanned: they happen, they are not scheduled ahead
            hour, minute = rng.randint(8, 17), rng.randint(0, 59)
            if day == today:
                hour = min(hour, NOW_TIME.hour - 1)
        else:
            hour, minute = _HOUR_PICK.pick(rng), rng.choice(QUARTERS)
        scheduled = _at(day, hour, minute)
        if source is not None and source.cancelled:
            state = "Cancelada"
        elif day > today or (day == today and hour >= NOW_TIME.hour):
            state = "Programada"
        else:
            state = "Cancelada" if draw() < 0.03 else "Publicada"
        copy = _copy(rng, network, form, template)
        row: Row = {
            "Origen": origin,
            "Red": network,
            "Formato": form,
            "Producto": rng.choice(FORMAT_PRODUCTS[form]),
            "Copy": copy,
            "Estado": state,
        }
        if source is not None:
            row["Solicitud"] = source.request_id
            if source.strategy_id:
                row["Estrategia"] = source.strategy_id
        if state == "Publicada":
            delay = rng.randint(20, 150) if draw() < 0.08 else rng.randint(0, 10)  # minutes
            published = scheduled + timedelta(minutes=delay)
            if day == today:
                published = min(published, now)
            link, network_id = _post_link(rng, network, form, published)
            while link in links:
                link, network_id = _post_link(rng, network, form, published)
            links.add(link)
            row["Publicada"], row["Enlace"], row["ID en la red"] = published, link, network_id
            updated = published
            if day < today:
                metrics = _post_metrics(rng, network, form, day, published.hour, first_day, today)
                row.update(metrics)
                updated = min(published + (metrics["Métricas al"] - day), now)  # figures taken days later
                if source is not None and source.strategy_id:
                    if source.strategy_id not in result.campaigns:
                        result.campaigns[source.strategy_id] = CampaignStats()
                    result.campaigns[source.strategy_id].add(network, metrics)
            if source is not None:
                result.links.setdefault(source.request_id, []).append((day, link))
        else:  # no link yet: (Red, Programada, Copy) is the natural key, so no two may share it
            while (network, scheduled, copy) in unlinked:
                scheduled += timedelta(minutes=1)
            unlinked.add((network, scheduled, copy))
            updated = min(scheduled - timedelta(days=rng.randint(1, 5)), now)  # when it entered the grid
        row["ID"] = _ids("PUB", day, rng, ids)
        row["Programada"] = scheduled
        row["Actualizado"], row["Actualizado por"] = updated, rng.choice(CMS).name
        result.rows.append(row)
    return result


# --- Mensajes ------------------------------------------------------------------------------------------

_CLASSIFICATION_PICK = Weighted(CLASSIFICATION_SHARE)
_MESSAGE_NETWORK_PICK = Weighted(MESSAGE_NETWORK_SHARE)
_INTERACTION_PICKS = {network: Weighted(kinds) for network, kinds in INTERACTION_SHARE.items()}
# Citizens write all day long, most in the evening.
_MESSAGE_HOUR_PICK = Weighted(
    dict(zip(range(24), (1, 0, 0, 0, 0, 0, 2, 5, 6, 6, 6, 6, 7, 7, 6, 6, 6, 7, 8, 9, 9, 8, 5, 3)))
)


def _message_link(rng: random.Random, network: str, kind: str, received: datetime, handle: str) -> str:
    """The message's permalink (comments, mentions, reviews) or its conversation in the inbox."""
    item = rng.randrange(10**15, 10**16)
    if kind == "Mensaje directo":
        if network in ("Facebook", "Instagram"):
            return f"https://business.facebook.com/latest/inbox/{network.lower()}?selected_item_id={item}"
        if network == "X":
            return f"https://x.com/messages/{item}"
        return f"https://www.tiktok.com/messages?u={item}"
    if network == "X":
        return f"https://x.com/{handle[1:]}/status/{_snowflake(received, rng)}"
    if network == "YouTube":
        return f"https://www.youtube.com/watch?v={_token(rng, 11)}&lc={_token(rng, 26)}"
    if network == "TikTok":
        video = (int(received.timestamp()) << 32) | rng.getrandbits(32)
        return f"https://www.tiktok.com/@dadepbogota/video/{video}?comment_id={item}"
    if network == "Instagram":
        return f"https://www.instagram.com/p/{_token(rng, 11)}/c/{item}/"
    if kind == "Reseña":
        return f"https://www.facebook.com/DADEPBogota/reviews?review_id={item}"
    if kind == "Mención":
        return f"https://www.facebook.com/permalink.php?story_fbid={item}&id={rng.randrange(10**14, 10**15)}"
    return f"https://www.facebook.com/DADEPBogota/posts/{rng.randrange(10**15, 10**16)}?comment_id={item}"


def _message_text(rng: random.Random, classification: str, kind: str) -> tuple[str, str]:
    """(Tema, Mensaje): what a citizen wrote; mentions start with the entity's handle, and some texts start
    with "=", "+" or "@" as people type them."""
    topic, template = rng.choice(CITIZEN_TEXTS[classification])
    text = _fill(template, rng)
    if classification != NOT_PQRS:
        text = f"{rng.choice(GREETINGS)}{text}{rng.choice(CLOSINGS)}"
    if kind == "Mención" and not text.startswith("@"):
        text = f"@DADEPBogota {text}"
    return topic, text


def _template_for(rng: random.Random, classification: str, competence: str | None) -> str:
    if classification == NOT_PQRS:
        return rng.choice(("Agradecimiento", "Canales de atención"))
    if classification == "Felicitación":
        return "Agradecimiento"
    if competence == "Otra entidad":
        return "Traslado por competencia"
    if classification in ("Consulta", "Derecho de petición de interés particular"):
        return rng.choice(("Información de trámites", "PQRS radicada", "Datos personales por canal seguro"))
    return rng.choice(("PQRS radicada", "PQRS radicada", "Canales de atención"))


def _atc_flow(rng: random.Random, received: date, competence: str, today: date, numbers: set[str]) -> Row:
    """Sending a PQRS to Atención a la Ciudadanía (usually the next business day, some late) and what
    they write back: the Bogotá te escucha number, the transfer or the final answer."""
    days = _office_days(today)
    draw = rng.random()
    if draw < 0.08:
        sent = days.add(received, rng.randint(2, 5))
    elif draw < 0.4 and days.is_open(received):
        sent = received
    else:
        sent = days.add(received, 1)
    if sent > today:
        return {}
    row: Row = {"Enviado a ATC": sent}
    filed = days.add(sent, rng.choice((0, 0, 1, 1, 2)))
    if filed > today or (today - filed).days <= 3 and rng.random() < 0.3:  # ATC files within days
        row["Radicado"] = False
        return row
    number = f"{rng.randint(100_000, 999_999)}{filed.year}"  # as Bogotá te escucha numbers petitions
    while number in numbers:
        number = f"{rng.randint(100_000, 999_999)}{filed.year}"
    numbers.add(number)
    row.update({"Radicado": True, "Fecha de radicación": filed, "Número de radicado": number})
    if rng.random() < 0.65:
        row["Radicado interno"] = f"{filed.year}-ER-{rng.randint(1_000, 999_999):06d}"
    if competence == "Otra entidad":
        if (today - filed).days > 3 or rng.random() < 0.6:  # transferred within days
            row["Trasladado a"] = (
                f"Alcaldía Local de {rng.choice(LOCALITIES)}"
                if rng.random() < 0.35
                else rng.choice(TRANSFER_ENTITIES)
            )
    else:
        answered = filed + timedelta(days=rng.randint(22, 30) if rng.random() < 0.03 else rng.randint(3, 18))
        if answered <= today:  # answered within the legal term, a few late
            row["Respuesta definitiva"] = answered
    return row


def _messages(rng: random.Random, count: int, today: date, now: datetime) -> list[Row]:
    """Citizens' messages over two years; the first ones cover every tipología and arrived in the last three
    days, so even a small register has work in the queues."""
    first_day = today - timedelta(days=SPAN_DAYS - 1)
    ids, links, numbers = set(), set(), set()
    rows = []
    for index in range(count):
        classification = (
            CLASSIFICATIONS[index] if index < len(CLASSIFICATIONS) else _CLASSIFICATION_PICK.pick(rng)
        )
        network = _MESSAGE_NETWORK_PICK.pick(rng)
        kind = _INTERACTION_PICKS[network].pick(rng)
        day = first_day + timedelta(days=rng.randint(0, SPAN_DAYS - 1))
        if index < len(CLASSIFICATIONS):  # the day's inbox: a few fresh messages, still being handled
            day = today - timedelta(days=index % 3)
        hour = _MESSAGE_HOUR_PICK.pick(rng)
        if day == today:  # nothing is received after now
            hour = min(hour, NOW_TIME.hour - 1)
        received = _at(day, hour, rng.randint(0, 59))
        handle = _handle(rng)
        link = _message_link(rng, network, kind, received, handle)
        while link in links:
            link = _message_link(rng, network, kind, received, handle)
        links.add(link)
        topic, text = _message_text(rng, classification, kind)
        cm = CMS[day.isocalendar()[1] % 2]
        row: Row = {
            "ID": _ids("MSG", day, rng, ids),
            "Recibido": received,
            "Red": network,
            "Tipo de interacción": kind,
            "Usuario": handle,
            "Enlace": link,
            "Mensaje": text,
            "Tema": topic,
            "Clasificación": classification,
            "Asignado a": cm.name,
            "Registrado por": cm.name,
        }
        pqrs = classification != NOT_PQRS
        competence = None
        if pqrs:
            competence = (
                "Otra entidad" if classification != "Felicitación" and rng.random() < 0.15 else "DADEP"
            )
            row["Competencia"] = competence
        if rng.random() < 0.25:
            row["Captura"] = _drive_file(rng)
        age = (today - day).days
        answer_rate = (0.45, 0.85, 0.95)[age] if age <= 2 else 1.0  # answered within a day or two
        answer = received + timedelta(minutes=min(4_320, 1 + int(rng.lognormvariate(5.0, 1.0))))
        answered = rng.random() < answer_rate and answer <= now
        row["Respondido"] = answered
        updated, updated_by = received + timedelta(minutes=rng.randint(2, 30)), cm
        if answered:
            row["Fecha de respuesta"] = answer
            row["Plantilla"] = _template_for(rng, classification, competence)
            updated = max(updated, answer)
        if pqrs:
            goes_to_atc = True
            if rng.random() < 0.03:
                row["Caso especial"] = True
                goes_to_atc = age > 2 or age >= 1 and rng.random() < 0.9  # the leader decides within days
                if goes_to_atc:
                    row["Decisión del líder"], goes_to_atc = rng.choice(LEADER_DECISIONS)
                    if not goes_to_atc:  # not a PQRS after all: the classification says so
                        row["Clasificación"] = NOT_PQRS
                        del row["Competencia"]
            if goes_to_atc:
                flow = _atc_flow(rng, day, competence, today, numbers)
                row.update(flow)
                last = (
                    flow.get("Respuesta definitiva")
                    or flow.get("Fecha de radicación")
                    or flow.get("Enviado a ATC")
                )
                if last is not None and last > updated.date():  # the last hand was ATC's once it filed
                    updated, updated_by = _office_moment(rng, last, now), ATC if flow.get("Radicado") else cm
        if rng.random() < 0.04:
            row["Observaciones"] = rng.choice(MESSAGE_NOTES)
        row["Actualizado"] = min(updated, now)
        row["Actualizado por"] = updated_by.name
        rows.append(row)
    return rows


# --- Monitoreo -----------------------------------------------------------------------------------------


def _monitoring_slots(rng: random.Random, today: date) -> list[tuple[date, str]]:
    """(Fecha, Red) reviewed, most recent first: every network every day, with days and networks missed."""
    slots = []
    for back in range(SPAN_DAYS):
        if rng.random() < 0.05:
            continue
        day = today - timedelta(days=back)
        slots += [(day, network) for network in NETWORKS if rng.random() >= MONITORING_GAPS[network]]
    return slots


def _monitoring(
    rng: random.Random, slots: list[tuple[date, str]], messages: list[Row], posts: list[Row], now: datetime
) -> list[Row]:
    """The daily review of each network: the day's new messages, those left pending, and whether the
    network had a post that day."""
    received = Counter((row["Recibido"].date(), row["Red"]) for row in messages)
    posted = {(row["Publicada"].date(), row["Red"]) for row in posts if row["Estado"] == "Publicada"}
    rows = []
    for day, network in sorted(slots, key=lambda slot: (slot[0], NETWORKS.index(slot[1]))):
        week, weekend = day.isocalendar()[1], day.weekday() >= 5
        hour = rng.randint(7, 10) if rng.random() < 0.8 else rng.randint(14, 17)
        new = received.get((day, network), 0)
        published = (day, network) in posted
        row: Row = {
            "Fecha": day,
            "Red": network,
            "Revisado por": CMS[(week + weekend) % 2].name,
            "Hora": min(_at(day, hour, rng.randint(0, 59)), now - timedelta(minutes=rng.randint(5, 120))),
            "Mensajes nuevos": new,
            "Pendientes": rng.randint(0, new) if new and rng.random() < 0.3 else 0,
            "Se publicó": published,
        }
        if not published and rng.random() < 0.3:
            row["Observaciones"] = "Sin publicación del día en esta red."
        elif rng.random() < 0.05:
            row["Observaciones"] = rng.choice(MONITORING_NOTES)
        rows.append(row)
    return rows


# --- Cuentas and Métricas de cuenta --------------------------------------------------------------------


def _accounts(rng: random.Random, count: int, today: date) -> list[Row]:
    """The inventory: passwords change every three months, and one active account is overdue."""
    rows = []
    for network, account, link, state, created, _, _ in ACCOUNTS[:count]:
        if state == "Inactiva":
            rotated, note = (
                today - timedelta(days=rng.randint(400, 460)),
                "Sin publicaciones desde hace más de dos años; el informe semestral propone cerrarla.",
            )
        elif state == "En cierre":
            rotated, note = (
                today - timedelta(days=rng.randint(130, 170)),
                "Se unificó la atención en la cuenta principal; trámite de cierre con la plataforma.",
            )
        elif network == "YouTube":
            rotated, note = today - timedelta(days=rng.randint(100, 140)), "Rotación de contraseña vencida."
        else:
            rotated, note = today - timedelta(days=rng.randint(10, 85)), None
        row: Row = {
            "Red": network,
            "Cuenta": account,
            "Enlace": link,
            "Estado": state,
            "Responsable": rng.choice(CMS).name,
            "Creada": created,
            "Última rotación": rotated,
        }
        if note:
            row["Observaciones"] = note
        rows.append(row)
    return rows


def _months_back(today: date, count: int) -> list[str]:
    """The `count` whole months before today's, oldest first, as AAAA-MM."""
    index = today.year * 12 + today.month - 1
    return [f"{(index - back) // 12:04d}-{(index - back) % 12 + 1:02d}" for back in range(count, 0, -1)]


def _account_metrics(
    rng: random.Random, count: int, accounts: int, today: date, messages: list[Row]
) -> list[Row]:
    """One row per account and month for the last 24 months (the most recent months when fewer rows are
    asked): followers grow slowly (the inactive page loses them), and the main accounts' messages
    received include those logged in Mensajes."""
    months = _months_back(today, 24)
    logged = Counter(
        (f"{row['Recibido'].year:04d}-{row['Recibido'].month:02d}", row["Red"]) for row in messages
    )
    grid: dict[tuple[str, int], Row] = {}
    for position, (network, account, _, state, _, followers, growth) in enumerate(ACCOUNTS):
        activity = {"Activa": 1.0, "En cierre": 0.3, "Inactiva": 0.05}[state]
        main = position < len(NETWORKS)
        for month in months:
            followers = max(0, round(followers * (1 + growth + rng.gauss(0, 0.003))))
            received = logged[month, network] + rng.randint(5, 40) if main else rng.randint(0, 6)
            grid[month, position] = {
                "Mes": month,
                "Red": network,
                "Cuenta": account,
                "Seguidores": followers,
                "Alcance": round(followers * MONTHLY_REACH[network] * activity * rng.lognormvariate(0, 0.25)),
                "Visitas al perfil": round(followers * 0.035 * activity * rng.lognormvariate(0, 0.3)),
                "Mensajes recibidos": received,
            }
    newest_first = [grid[month, position] for month in reversed(months) for position in range(accounts)]
    return sorted(newest_first[:count], key=lambda row: row["Mes"])


# --- Plantillas, Informes, Listas, Usuarios ------------------------------------------------------------


def _templates(rng: random.Random, count: int, today: date) -> list[Row]:
    return [
        {"Nombre": name, "Texto": text, "Última revisión": today - timedelta(days=rng.randint(20, 300))}
        for name, text in TEMPLATES[:count]
    ]


def _report_periods(today: date) -> list[tuple[str, str, date]]:
    """(Periodo, Tipo, day sent) of the reports already due, most recent first: the monthly PQRS report
    on the 5th business day of the next month, the semester report on the 10th after the semester."""
    periods = []
    for month in _months_back(today, 24):
        year, number = int(month[:4]), int(month[5:])
        month_end = date(year + number // 12, number % 12 + 1, 1) - timedelta(days=1)
        periods.append((month, "PQRS mensual", _office_days(today).add(month_end, 5)))
    for year in range(today.year - 2, today.year + 1):
        for semester, semester_end in ((1, date(year, 6, 30)), (2, date(year, 12, 31))):
            if semester_end >= today - timedelta(days=SPAN_DAYS):
                periods.append(
                    (f"{year}-{semester}", "Semestral de redes", _office_days(today).add(semester_end, 10))
                )
    return sorted(
        (period for period in periods if period[2] <= today), key=lambda period: period[2], reverse=True
    )


def _reports(rng: random.Random, periods: list[tuple[str, str, date]]) -> list[Row]:
    recipients = {
        "PQRS mensual": f"{LEADER.email}, {ATC.email}",
        "Semestral de redes": f"{LEADER.email}, direccion@dadep.gov.co",
    }
    return [
        {
            "Periodo": period,
            "Tipo": kind,
            "Fecha de envío": sent,
            "Destinatarios": recipients[kind],
            "Enlace": _drive_file(rng),
        }
        for period, kind, sent in reversed(periods)
    ]


def _lists(count: int, today: date) -> list[Row]:
    """One list per column; `Periodista del área` is the journalist of the area on the same row."""
    closed = _closed_days(today)
    suspended = [today - timedelta(days=back) for back in (290, 95)]
    columns = {
        "Áreas": AREA_NAMES,
        "Periodista del área": [journalist_of(index).name for index in range(len(AREAS))],
        "Redes": NETWORKS,
        "Temas": TOPIC_NAMES,
        "Grupos de valor": VALUE_GROUPS,
        "Ejes del plan": PLAN_AXES,
        "Días no hábiles": closed,
        "Suspensión de términos": [day - timedelta(days=max(0, day.weekday() - 4)) for day in suspended],
    }
    return [
        {name: values[row] for name, values in columns.items() if row < len(values)} for row in range(count)
    ]


def _users(count: int) -> list[Row]:
    rows = []
    for person in STAFF[:count]:
        row: Row = {"Correo": person.email, "Nombre": person.name, "Roles": list(person.roles)}
        if person.area:
            row["Área"] = person.area
        rows.append(row)
    return rows


def _settings(count: int) -> list[Row]:
    """The leader's settings written out so the sheet shows where they live: the demo office's contact data
    (so the templates read whole) and the rest at their defaults."""
    return [{"Ajuste": setting.name, "Valor": DEMO_SETTINGS.get(setting.name, setting.default)}
            for setting in SETTINGS[:count]]


# --- all tabs ------------------------------------------------------------------------------------------


def generate(n: int, seed: int, today: date) -> dict[str, list[dict[str, object]]]:
    """Realistic demo rows for every tab: n rows in all (Historial not counted and not generated)."""
    if n < MIN_ROWS:
        raise ValueError(f"Pida al menos {MIN_ROWS} filas de demostración (pidió {n}).")
    now = datetime.combine(today, NOW_TIME, BOGOTA)

    def rng_for(tab: contract.Tab) -> random.Random:  # one stream per tab: a tab's rows do not shift others'
        return DemoRandom(f"{seed}:{tab.name}")

    monitoring_rng = rng_for(contract.MONITOREO)
    slots = _monitoring_slots(monitoring_rng, today)
    periods = _report_periods(today)
    counts = _counts(n, len(slots), len(periods))

    strategies = _strategies(rng_for(contract.ESTRATEGIAS), counts[contract.ESTRATEGIAS.name], today, now)
    requests_rng = rng_for(contract.SOLICITUDES)
    plans = _request_plans(requests_rng, counts[contract.SOLICITUDES.name], strategies, today)
    requests = _requests(requests_rng, plans, today, now)
    posts = _posts(rng_for(contract.PUBLICACIONES), counts[contract.PUBLICACIONES.name], requests, today, now)
    _attach_evidence(requests_rng, requests, posts.links)
    _write_analyses(strategies, posts.campaigns)
    messages = _messages(rng_for(contract.MENSAJES), counts[contract.MENSAJES.name], today, now)
    accounts_rng = rng_for(contract.CUENTAS)

    tabs = {
        contract.SOLICITUDES: sorted(
            (request.row for request in requests), key=lambda row: (row["Fecha de solicitud"], row["ID"])
        ),
        contract.ESTRATEGIAS: sorted(strategies, key=lambda row: (row["Inicio"], row["ID"])),
        contract.PUBLICACIONES: sorted(posts.rows, key=lambda row: (row["Programada"], row["ID"])),
        contract.MENSAJES: sorted(messages, key=lambda row: (row["Recibido"], row["ID"])),
        contract.MONITOREO: _monitoring(
            monitoring_rng, slots[: counts[contract.MONITOREO.name]], messages, posts.rows, now
        ),
        contract.CUENTAS: _accounts(accounts_rng, counts[contract.CUENTAS.name], today),
        contract.METRICAS_CUENTA: _account_metrics(
            accounts_rng, counts[contract.METRICAS_CUENTA.name], counts[contract.CUENTAS.name], today, messages
        ),
        contract.PLANTILLAS: _templates(rng_for(contract.PLANTILLAS), counts[contract.PLANTILLAS.name], today),
        contract.INFORMES: _reports(rng_for(contract.INFORMES), periods[: counts[contract.INFORMES.name]]),
        contract.LISTAS: _lists(counts[contract.LISTAS.name], today),
        contract.USUARIOS: _users(counts[contract.USUARIOS.name]),
        contract.AJUSTES: _settings(counts[contract.AJUSTES.name]),
    }
    return {tab.name: rows for tab, rows in tabs.items()}


def write_demo(writer, n: int, seed: int, today: date) -> dict[str, int]:
    """Generate the demo rows and store them through `writer` (`core.register.Writer`): every tab in contract
    order, 2,000 rows per call, one Historial row for the whole batch. Returns the rows per tab. Raises
    `ValueError` when `n` is too small and `core.store.IdClash` when this seed's data is already stored (the
    first tab written has IDs: then nothing was written)."""
    tabs = generate(n, seed, today)
    for tab in contract.DATA_TABS:
        rows = tabs.get(tab.name, [])
        for start in range(0, len(rows), 2_000):
            writer.create_many(tab.name, rows[start:start + 2_000], action="demo", keep_stamps=True,
                               with_history=False)
    counts = {name: len(rows) for name, rows in tabs.items()}
    writer.note("demo", {"filas": sum(counts.values()), "semilla": seed, "hoy": today.isoformat(),
                         "por pestaña": counts})
    return counts
