"""The demo's declarations: its sizes and stage paths, the office and the entity, the places, and the shares,
formats and figures the generator draws from (the texts people read are in `texts.py`)."""

from __future__ import annotations

from datetime import date, time
from typing import NamedTuple

from core.settings import ATC_MAILBOX, HOURS, PHONE_LINE, SERVICE_ADDRESS, SIG_CODE, SIG_VERSION, WEB_CHANNEL
from core.sheet import contract

Row = dict[str, object]  # a tab's row as the generator builds it: column name -> value

MIN_ROWS = 60
DEFAULT_ROWS = 3000  # `make demo`, `python -m core demo` and Inicio's button
SPAN_DAYS = 730  # the register covers two years back from today
AHEAD_DAYS = 21  # the grid of scheduled posts reaches three weeks ahead
RECENT_DAYS = 15  # what is still open in a well-run office is recent: older work is closed
NOW_TIME = time(12, 0)  # "now" is noon of `today`: nothing is received or published after it

NETWORKS = contract.NETWORK_CHOICES.values
STAGES = contract.STAGES
INDEPENDENT, INTEGRAL = contract.MODALITY_CHOICES.values
CLASSIFICATIONS = contract.TYPOLOGY_CHOICES.values
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
QUARTERS = (0, 0, 0, 15, 30, 30, 45)  # scheduled posts go out on the quarter hour, mostly on the hour
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

INTERACTION_SHARE = {
    "Facebook": {"Comentario": 55, "Mensaje directo": 30, "Mención": 8, "Reseña": 7},
    "X": {"Comentario": 55, "Mensaje directo": 10, "Mención": 35},
    "Instagram": {"Comentario": 60, "Mensaje directo": 30, "Mención": 10},
    "YouTube": {"Comentario": 100},
    "TikTok": {"Comentario": 85, "Mensaje directo": 10, "Mención": 5},
}
MESSAGE_NETWORK_SHARE = {"Facebook": 35, "X": 30, "Instagram": 20, "YouTube": 4, "TikTok": 11}
# Citizens write all day long, most in the evening.
MESSAGE_HOURS = dict(zip(range(24), (1, 0, 0, 0, 0, 0, 2, 5, 6, 6, 6, 6, 7, 7, 6, 6, 6, 7, 8, 9, 9, 8, 5, 3)))
TRANSFER_ENTITIES = (
    "Secretaría Distrital de Movilidad",
    "Instituto de Desarrollo Urbano (IDU)",
    "Secretaría Distrital de Ambiente",
    "Instituto para la Economía Social (IPES)",
    "Unidad Administrativa Especial de Servicios Públicos (UAESP)",
    "Secretaría Distrital de Gobierno",
    "Instituto Distrital de Recreación y Deporte (IDRD)",
)

# --- accounts, settings, monitoring ---------------------------------------------------------------------

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
    SERVICE_ADDRESS.name: "Carrera 30 n.º 25-90, piso 15, Bogotá",
    HOURS.name: "lunes a viernes de 7:00 a. m. a 4:30 p. m.",
    SIG_CODE.name: "124-PPPCO-FT-12",
    SIG_VERSION.name: "3",
}
MONITORING_GAPS = {"Facebook": 0.03, "X": 0.03, "Instagram": 0.04, "YouTube": 0.15, "TikTok": 0.08}
