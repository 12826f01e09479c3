"""The demo's texts: what the office announces by topic, what its posts say, what citizens write, the
decisions and notes people leave, and the answer templates."""

from __future__ import annotations

from typing import NamedTuple

from core.sheet.contract import NOT_PQRS

# --- topics ---------------------------------------------------------------------------------------------


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

# --- posts ----------------------------------------------------------------------------------------------

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

# --- citizens' messages and how the office handles them -----------------------------------------------

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

# --- monitoring ----------------------------------------------------------------------------------------

MONITORING_NOTES = (
    "Se ocultaron dos comentarios ofensivos.",
    "Mensaje con datos personales; se pidió usar Bogotá te escucha.",
    "Pico de comentarios por la publicación de la mañana.",
    "Se escaló un caso especial al líder.",
)
