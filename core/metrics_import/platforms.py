"""A declaration: what each platform export's columns are called and mean, and the words the exports use.

Header names as each platform writes them (English, and Spanish where the platform translates them); they are
matched ignoring case, accents and extra spaces (recognise.py). Metrics map to Publicaciones' columns.
"""

from __future__ import annotations

NETWORKS_WITH_IMPORTER = ("X", "YouTube", "Facebook", "Instagram")
HAND_ENTERED = ("La cuenta de TikTok no da una exportación por publicación que Divulga pueda leer: sus cifras "
                "se escriben a mano en cada publicación (Alcance, Reproducciones, Reacciones, Comentarios, "
                "Compartidos).")

X_COLUMNS = {  # the tweet activity export; the newer account_analytics_content export in the second names
    "id": ("Tweet id", "Post id"),
    "link": ("Tweet permalink", "Post Link"),
    "text": ("Tweet text", "Post text"),
    "time": ("time", "Date"),
    "Impresiones": ("impressions",),
    "Interacciones": ("engagements",),
    "Compartidos": ("retweets", "Reposts"),
    "Comentarios": ("replies",),
    "Reacciones": ("likes",),
    "Guardados": ("Bookmarks",),
    "Clics": ("url clicks",),
}
YOUTUBE_COLUMNS = {
    "id": ("Video", "Content", "Contenido"),
    "text": ("Video title", "Título del video"),
    "time": ("Video publish time", "Hora de publicación del video"),
    "Reproducciones": ("Video views", "Views", "Vistas"),
    "Impresiones": ("Impressions", "Impresiones"),
    "Reacciones": ("Likes", "Me gusta"),
    "Comentarios": ("Comments added", "Comentarios añadidos"),
    "Compartidos": ("Shares", "Veces que se compartió"),
}
META_COLUMNS = {
    "id": ("Post ID", "Identificador de la publicación"),
    "link": ("Permalink", "Enlace permanente"),
    "text": ("Description", "Descripción"),
    "title": ("Title", "Título"),
    "time": ("Publish time", "Hora de publicación"),
    "type": ("Post type", "Tipo de publicación"),
    "date": ("Date", "Fecha"),
    "Reproducciones": ("Views", "Visualizaciones"),
    "Alcance": ("Reach", "Alcance"),
    "Impresiones": ("Impressions", "Impresiones"),
    "Comentarios": ("Comments", "Comentarios"),
    "Compartidos": ("Shares", "Veces que se compartió"),
}
FACEBOOK_COLUMNS = {
    **META_COLUMNS,
    "combined": ("Reactions, Comments and Shares", "Reacciones, comentarios y veces que se compartió"),
    "Reacciones": ("Reactions", "Reacciones"),
    "Clics": ("Total clicks", "Total de clics"),
}
INSTAGRAM_COLUMNS = {
    **META_COLUMNS,
    "Reacciones": ("Likes", "Me gusta"),
    "Guardados": ("Saves", "Veces que se guardó"),
}
COLUMNS = {"X": X_COLUMNS, "YouTube": YOUTUBE_COLUMNS, "Facebook": FACEBOOK_COLUMNS, "Instagram": INSTAGRAM_COLUMNS}

# Headers only one of the two Meta exports has: they tell Facebook from Instagram.
FACEBOOK_MARKS = ("Page ID", "Identificador de la página", "Page name", "Nombre de la página", "Reactions",
                  "Reacciones", "Total clicks", "Total de clics", *FACEBOOK_COLUMNS["combined"])
INSTAGRAM_MARKS = ("Account ID", "Identificador de la cuenta", "Account username", "Nombre de usuario de la cuenta",
                   "Likes", "Me gusta", "Saves", "Veces que se guardó", "Follows", "Seguimientos")
# Facebook's older per-post Insights (e.g. the UCI data set): figures, but no post ID nor publish date.
INSIGHTS_MARKS = ("Lifetime Post Total Reach", "Lifetime Post Total Impressions", "Lifetime Engaged Users",
                  "Post Month", "Post Hour")

LIFETIME = {"", "lifetime", "total", "de por vida", "todo el tiempo", "vida util"}
NO_VALUE = {"", "-", "–", "—", "--", "n/a", "na", "null", "none"}
TOTAL_ROW = {"total", "totales", "totals"}
METRICS = ("Alcance", "Impresiones", "Reproducciones", "Interacciones", "Reacciones", "Comentarios",
           "Compartidos", "Guardados", "Clics")
PARTS = {  # what each network adds up to Interacciones (docs/domain.md, «Metrics»; X gives its own total)
    "YouTube": ("Reacciones", "Comentarios", "Compartidos"),
    "Facebook": ("Reacciones", "Comentarios", "Compartidos", "Clics"),
    "Instagram": ("Reacciones", "Comentarios", "Compartidos", "Guardados"),
}
LABELS = {"X": "X (actividad de tweets)", "YouTube": "YouTube Studio (contenido)",
          "Facebook": "Meta Business Suite (publicaciones de Facebook)",
          "Instagram": "Meta Business Suite (publicaciones de Instagram)"}
# Formato of a new post by the words of Meta's own post type, first match wins (else «Publicación»).
FORMATS = ((("reel",), "Reel"), (("carousel", "carrusel", "secuencia", "album"), "Carrusel"),
           (("story", "historia"), "Historia"), (("live", "en vivo", "en directo"), "En vivo"), (("video",), "Video"))
