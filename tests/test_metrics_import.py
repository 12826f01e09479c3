"""`importar-metricas`: post figures from the platforms' own exports, against real files.

The X and YouTube files are real exports (tests/fixtures/real/README.md). No Meta Business Suite export is
public, so the Meta files are built here from the description in ../shared/fixtures/real/README.md, with
the Spanish headers of real exports published by other projects (see `META_HEADERS`). Every expected
figure is read from the file itself by the test (with the csv module), never from the importer.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from core.domain.engagement import engagement
from core.metrics_import import (
    FIX_ON_PAGE,
    ExportError,
    apply_plan,
    confirm_import,
    dates_in_name,
    import_metrics,
    import_metrics_file,
    parse_export,
    plan_import,
    plan_metrics_file,
    post_keys,
)
from core.metrics_import.account import FROM_FILE_NAME, FROM_LINKS, ExportAccount, account_key, link_handle
from core.register import open_register
from core.sheet.cells import BOGOTA
from core.sheet.rows import row_values
from tests.cli_kit import run

REAL = Path(__file__).parent / "fixtures" / "real"
X_FILES = sorted(REAL.glob("x_tweet_activity_*.csv"))
YOUTUBE = REAL / "youtube_studio_aggregated_metrics_by_video.csv"
UCI = REAL / "facebook_uci_post_metrics_2014.csv"
TODAY = date(2026, 11, 28)


def posts(url: str) -> dict[str, dict]:
    """Publicaciones by `ID en la red`, as the register reads them."""
    frame = open_register(url).snapshot(refresh=True).tables["Publicaciones"]
    return {record["ID en la red"]: record for record in map(row_values, frame.to_dict("records"))}


def table(url: str, name: str) -> list[tuple]:
    """The stored rows of a tab (none when the store has not made the tab yet)."""
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone():
            return []
        return connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()


def file_rows(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


# --- X ----------------------------------------------------------------------------------------------------------


def test_every_tweet_lands_with_its_figures_and_the_files_engagement_rate(store_url, capsys):
    assert len(X_FILES) == 3
    for path in X_FILES:
        code, lines = run(capsys, "importar-metricas", str(path))
        tweets = file_rows(path)
        assert code == 0, lines
        assert lines[-1] == (f"Métricas de X (actividad de tweets): {len(tweets)} filas leídas; publicaciones "
                             f"creadas: {len(tweets)}, actualizadas: 0, sin cambios: 0, omitidas: 0.")
        end = dates_in_name(path.name)[-1]
        assert f"Cifras al {end:%d/%m/%Y}" in lines[-2]
    stored = posts(store_url)
    tweets = [tweet for path in X_FILES for tweet in file_rows(path)]
    assert len(stored) == len(tweets) == 77
    for tweet in tweets:
        post = stored[tweet["Tweet id"]]
        assert post["Red"] == "X" and post["Origen"] == "Cubrimiento" and post["Estado"] == "Publicada"
        assert post["Enlace"] == tweet["Tweet permalink"]  # the export's permalink, unchanged
        assert post["Impresiones"] == int(float(tweet["impressions"]))
        assert post["Interacciones"] == int(float(tweet["engagements"]))
        assert (post["Compartidos"], post["Comentarios"], post["Reacciones"]) == (
            int(float(tweet["retweets"])), int(float(tweet["replies"])), int(float(tweet["likes"])))
        rate, base = engagement(post)
        assert base == "Impresiones" and round(rate, 6) == round(float(tweet["engagement rate"]), 6)
        utc = datetime.strptime(tweet["time"], "%Y-%m-%d %H:%M %z")
        assert post["Publicada"] == post["Programada"] == utc.astimezone(BOGOTA)
        assert post["Publicada"].utcoffset() == timedelta(hours=-5)
        assert post["Copy"] == tweet["Tweet text"].replace("&amp;", "&")
    code, lines = run(capsys, "verificar")
    assert code == 0 and "0 filas con errores" in lines[-1]


def test_importing_the_same_file_again_changes_nothing(store_url, capsys):
    path = X_FILES[0]
    assert run(capsys, "importar-metricas", str(path))[0] == 0
    rows, history = table(store_url, "Publicaciones"), table(store_url, "Historial")
    assert len(history) == len(rows) == 27
    code, lines = run(capsys, "importar-metricas", str(path))
    assert code == 0 and lines[-1].endswith("creadas: 0, actualizadas: 0, sin cambios: 27, omitidas: 0.")
    assert table(store_url, "Publicaciones") == rows and table(store_url, "Historial") == history


def test_a_post_already_in_the_register_is_updated_not_created(store_url, register, capsys):
    tweet = file_rows(X_FILES[1])[0]
    link = f"https://x.com/rOpenSci/status/{tweet['Tweet id']}/"  # typed by hand: x.com, trailing slash
    new = register.writer("Ana").create("Publicaciones", {
        "Red": "Twitter", "Programada": "30/11/2021 11:00", "Estado": "Programada", "Enlace": link,
        "Impresiones": 10, "Métricas al": "2021-11-30", "Solicitud": "SOL-1"})
    code, lines = run(capsys, "importar-metricas", str(X_FILES[1]))
    assert code == 0 and "creadas: 32, actualizadas: 1, sin cambios: 0" in lines[-1]
    post = open_register(store_url).snapshot(refresh=True).record("Publicaciones", new)
    assert post["Enlace"] == link and post["ID en la red"] == tweet["Tweet id"]  # kept; filled
    assert (post["Origen"], post["Solicitud"], post["Estado"]) == ("Solicitud", "SOL-1", "Publicada")
    assert post["Impresiones"] == int(float(tweet["impressions"])) and post["Métricas al"] == datetime(2021, 12, 1)
    assert post["Programada"] == datetime(2021, 11, 30, 11, 0, tzinfo=BOGOTA)
    assert post["Publicada"] == datetime.strptime(tweet["time"], "%Y-%m-%d %H:%M %z")
    history = open_register(store_url).history()
    [entry] = history[(history["ID"] == new) & (history["Acción"] == "importar métricas")].to_dict("records")
    changes = json.loads(entry["Cambios"])
    assert changes["Impresiones"] == [10, int(float(tweet["impressions"]))]
    assert changes["Métricas al"] == ["2021-11-30", "2021-12-01"] and "Enlace" not in changes


def test_an_older_export_never_overwrites_newer_figures(store_url, register, capsys):
    tweet = file_rows(X_FILES[0])[0]
    register.writer("Ana").create("Publicaciones", {
        "Red": "X", "Programada": "29/10/2021 12:00", "Publicada": "29/10/2021 12:00", "Estado": "Publicada",
        "ID en la red": tweet["Tweet id"], "Impresiones": 99_999, "Interacciones": 5, "Métricas al": "2022-02-01"})
    code, lines = run(capsys, "importar-metricas", str(X_FILES[0]))
    assert code == 0 and "creadas: 26, actualizadas: 1, sin cambios: 0" in lines[-1]
    assert "1 publicaciones tienen en Publicaciones cifras más recientes" in "\n".join(lines)
    post = posts(store_url)[tweet["Tweet id"]]
    assert (post["Impresiones"], post["Interacciones"], post["Métricas al"]) == (99_999, 5, datetime(2022, 2, 1))
    assert post["Enlace"] == tweet["Tweet permalink"]  # what the register lacked is still filled in


def test_skipped_rows_are_listed_with_their_reason_and_the_rest_imported(tmp_path, store_url, capsys):
    tweets = file_rows(X_FILES[2])
    fields = list(tweets[0])
    tweets[1] = {**tweets[1], "impressions": "mil"}
    tweets[2] = {**tweets[2], "Tweet id": "", "Tweet permalink": ""}
    tweets[3] = {**tweets[3], "engagements": "-4"}
    tweets.append(dict(tweets[0]))  # the same tweet twice
    path = tmp_path / "tweet_activity_metrics_rOpenSci_20211201_20220101_en.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.DictWriter(handle, fields, quoting=csv.QUOTE_ALL)
        out.writeheader()
        out.writerows(tweets)
    code, lines = run(capsys, "importar-metricas", str(path))
    assert code == 1
    assert lines[:4] == [
        "omitida: fila 3: impressions: «mil» no es un número entero",
        "omitida: fila 4: no tiene el ID de la publicación ni su enlace",
        "omitida: fila 5: engagements: «-4» es negativo; se esperaba un número entero de 0 en adelante",
        "omitida: fila 19: repite la publicación de la fila 2",
    ]
    assert lines[-1] == ("Métricas de X (actividad de tweets): 18 filas leídas; publicaciones creadas: 14, "
                         "actualizadas: 0, sin cambios: 0, omitidas: 4.")
    assert len(posts(store_url)) == 14


# --- YouTube ------------------------------------------------------------------------------------------------------


def test_every_youtube_video_lands_and_the_total_row_is_not_a_post(store_url, capsys):
    code, lines = run(capsys, "importar-metricas", str(YOUTUBE))
    videos = file_rows(YOUTUBE, encoding="utf-8-sig")
    assert videos[0]["Video"] == "Total"
    videos = videos[1:]
    assert code == 0 and "fila 2: «Total» es el total de la cuenta" in lines[0]
    assert lines[-1].startswith(f"Métricas de YouTube Studio (contenido): {len(videos)} filas leídas; "
                                f"publicaciones creadas: {len(videos)},")
    stored = posts(store_url)
    assert len(stored) == len(videos) == 223 and "Total" not in stored
    for video in videos:
        key = video["Video"].strip()  # four IDs that start with «-» come with a space before it
        post = stored[key]
        assert post["Red"] == "YouTube" and post["Enlace"] == f"https://www.youtube.com/watch?v={key}"
        assert post["Reproducciones"] == int(video["Video views"]) and post["Impresiones"] == int(video["Impressions"])
        parts = int(video["Likes"]), int(video["Comments added"]), int(video["Shares"])
        assert (post["Reacciones"], post["Comentarios"], post["Compartidos"]) == parts
        assert post["Interacciones"] == sum(parts)
        assert engagement(post) == (sum(parts) / int(video["Video views"]), "Reproducciones")
        day = datetime.strptime(video["Video publish time"], "%m-%d-%Y").date()  # month first
        assert post["Publicada"] == datetime.combine(day, datetime.min.time(), BOGOTA)
        assert post["Copy"] == video["Video title"]
    assert stored["-3d1NctSv0c"]["Copy"].startswith("Ken Jee Q & A")  # an ID that starts with «-»
    assert stored["-pdXWmj9xxU"]["Copy"].startswith("How I Learn Data Science")  # « -pdXWmj9xxU» in the file
    assert "\ufffd" in stored["OtqQYqRNDGI"]["Copy"]  # the broken characters, kept as they came
    assert stored["OtqQYqRNDGI"]["Formato"] == "Short"  # «#SHORTS» in its title
    assert run(capsys, "importar-metricas", str(YOUTUBE))[1][-1].endswith("sin cambios: 223, omitidas: 0.")
    assert run(capsys, "verificar")[0] == 0


# --- what cannot be imported ----------------------------------------------------------------------------------------


def test_the_uci_facebook_file_is_refused_with_what_was_expected(store_url, capsys):
    code, lines = run(capsys, "importar-metricas", str(UCI))
    assert code == 2
    assert "no el identificador de cada publicación ni su fecha de publicación" in lines[-1]
    assert "Post ID / Identificador de la publicación" in lines[-1]
    assert table(store_url, "Publicaciones") == [] and table(store_url, "Historial") == []


def test_unreadable_unknown_and_hand_entered_files_exit_2_writing_nothing(tmp_path, store_url, capsys):
    other = tmp_path / "otra cosa.csv"
    other.write_text("Nombre,Edad\nAna,30\n", encoding="utf-8")
    code, lines = run(capsys, "importar-metricas", str(other))
    assert code == 2 and "no es una exportación conocida" in lines[-1] and "Tweet id" in lines[-1]
    code, lines = run(capsys, "importar-metricas", str(tmp_path / "no existe.csv"))
    assert code == 2 and "no se pudo leer el archivo" in lines[-1]
    code, lines = run(capsys, "importar-metricas", str(YOUTUBE), "--red", "X")
    assert code == 2 and "falta Tweet id / Post id (o Tweet permalink / Post Link)" in lines[-1]
    code, lines = run(capsys, "importar-metricas", str(X_FILES[0]), "--red", "TikTok")
    assert code == 2 and "se escriben a mano" in lines[-1]
    code, lines = run(capsys, "importar-metricas", str(X_FILES[0]), "--red", "Myspace")
    assert code == 2 and "no es una red con exportación importable" in lines[-1]
    empty = tmp_path / "vacio.csv"
    empty.write_bytes(b"\xef\xbb\xbf")
    assert run(capsys, "importar-metricas", str(empty))[0] == 2
    assert table(store_url, "Publicaciones") == [] and table(store_url, "Historial") == []
    assert run(capsys, "importar-metricas", str(X_FILES[0]), "--red", "Twitter")[0] == 0  # an alias of X


# --- Meta Business Suite (built from the platform's description) -----------------------------------------------------

# The export's columns by role, in English and in Spanish. The English names are the README's; the Spanish
# ones come from real Spanish exports read by public projects (e.g. «Identificador de la publicación»,
# «Reacciones, comentarios y veces que se compartió», «Veces que se guardó», «Seguimientos»).
META_HEADERS = {
    "Facebook": [
        ("post", "Post ID", "Identificador de la publicación"), ("page", "Page ID", "Identificador de la página"),
        ("page name", "Page name", "Nombre de la página"), ("title", "Title", "Título"),
        ("description", "Description", "Descripción"), ("duration", "Duration (sec)", "Duración (segundos)"),
        ("published", "Publish time", "Hora de publicación"), ("caption", "Caption type", "Tipo de subtítulo"),
        ("permalink", "Permalink", "Enlace permanente"), ("crosspost", "Is crosspost", "Es una publicación cruzada"),
        ("share", "Is share", "Es una publicación compartida"), ("type", "Post type", "Tipo de publicación"),
        ("languages", "Languages", "Idiomas"), ("labels", "Custom labels", "Etiquetas personalizadas"),
        ("funded", "Funded content status", "Estado de contenido financiado"),
        ("comment", "Data comment", "Comentario sobre los datos"), ("date", "Date", "Fecha"),
        ("views", "Views", "Visualizaciones"), ("reach", "Reach", "Alcance"),
        ("rcs", "Reactions, Comments and Shares", "Reacciones, comentarios y veces que se compartió"),
        ("reactions", "Reactions", "Reacciones"), ("comments", "Comments", "Comentarios"),
        ("shares", "Shares", "Veces que se compartió"), ("clicks", "Total clicks", "Total de clics"),
    ],
    "Instagram": [
        ("post", "Post ID", "Identificador de la publicación"), ("account", "Account ID", "Identificador de la cuenta"),
        ("username", "Account username", "Nombre de usuario de la cuenta"),
        ("account name", "Account name", "Nombre de la cuenta"), ("description", "Description", "Descripción"),
        ("duration", "Duration (sec)", "Duración (segundos)"), ("published", "Publish time", "Hora de publicación"),
        ("permalink", "Permalink", "Enlace permanente"), ("type", "Post type", "Tipo de publicación"),
        ("comment", "Data comment", "Comentario sobre los datos"), ("date", "Date", "Fecha"),
        ("views", "Views", "Visualizaciones"), ("reach", "Reach", "Alcance"), ("likes", "Likes", "Me gusta"),
        ("shares", "Shares", "Veces que se compartió"), ("follows", "Follows", "Seguimientos"),
        ("comments", "Comments", "Comentarios"), ("saves", "Saves", "Veces que se guardó"),
    ],
}
FACEBOOK_POSTS = [
    {"post": "122101234567890123", "page": "100064123456789", "page name": "Defensoría del Espacio Público",
     "description": "Recuperamos 3.200 m² de andén en Kennedy 🚶‍♀️, con la comunidad.\n#EspacioPúblico",
     "published": "03/25/2026 14:05", "permalink": "https://www.facebook.com/100064123456789/posts/122101234567890123",
     "type": ("Photos", "Fotos"), "date": ("Lifetime", "Total"), "views": "5400", "reach": "3100", "rcs": "145",
     "reactions": "120", "comments": "15", "shares": "10", "clicks": "77"},
    {"post": "122109876543210987", "page": "100064123456789", "title": "Operativo en el centro",
     "description": "", "duration": "31", "published": "12/01/2025 09:30",
     "permalink": "https://www.facebook.com/reel/1234567890123456/", "type": ("Reels", "Reels"),
     "date": ("Lifetime", "Total"), "views": "18250", "reach": "9000", "rcs": "431", "reactions": "400",
     "comments": "21", "shares": "", "clicks": "0"},  # «Shares» left empty: no value, not zero
]
INSTAGRAM_POSTS = [
    {"post": "17912345678901234", "account": "17841400000000000", "username": "dadepbogota",
     "account name": "DADEP", "description": "¿Sabías que el andén es de todos? 👣", "published": "02/14/2026 18:45",
     "permalink": "https://www.instagram.com/p/DAbc123xyz/", "type": ("IG image", "Imagen de Instagram"),
     "date": ("Lifetime", "Total"), "views": "2300", "reach": "1900", "likes": "210", "shares": "12",
     "follows": "3", "comments": "9", "saves": "30"},
    {"post": "17998765432109876", "account": "17841400000000000", "username": "dadepbogota",
     "account name": "DADEP", "description": "Así quedó el parque", "duration": "25", "published": "01/05/2026 07:00",
     "permalink": "https://www.instagram.com/reel/DXyz987abc/", "type": ("IG reel", "Reel de Instagram"),
     "date": ("Lifetime", "Total"), "views": "12000", "reach": "8000", "likes": "640", "shares": "55",
     "follows": "14", "comments": "31", "saves": "80"},
]


def meta_export(network: str, language: str, posts: list[dict], drop: tuple[str, ...] = (),
                delimiter: str = ",", encoding: str = "utf-8-sig", day_first: bool = False) -> bytes:
    """A Meta Business Suite post export as the platform writes it (BOM, CRLF); `drop` leaves columns out
    (they come and go), and `delimiter`, `encoding` and `day_first` make it as Excel saves it again."""
    column = 1 if language == "en" else 2
    roles = [role for role in META_HEADERS[network] if role[0] not in drop]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([role[column] for role in roles])
    for post in posts:
        cells = []
        for role in roles:
            value = post.get(role[0], "")
            value = value[column - 1] if isinstance(value, tuple) else value
            if role[0] == "published" and day_first:
                month, day, rest = value.split("/", 2)
                value = f"{day}/{month}/{rest}"
            cells.append(value)
        writer.writerow(cells)
    return out.getvalue().encode(encoding, errors="replace")


def meta_name(network: str) -> str:
    return f"Mar-01-2025_Mar-26-2026_{'949104527769166' if network == 'Instagram' else '100064123456789'}.csv"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_meta_facebook_export_lands_in_english_or_spanish(register, language):
    data = meta_export("Facebook", language, FACEBOOK_POSTS)
    assert data.startswith(b"\xef\xbb\xbf")
    report = import_metrics_file(register.writer("Ana"), data, meta_name("Facebook"), today=TODAY)
    assert (report.network, report.error, report.skipped) == ("Facebook", None, [])
    assert (report.rows_read, report.created, report.as_of) == (2, 2, date(2026, 3, 26))
    stored = posts(register_url(register))
    for source in FACEBOOK_POSTS:
        post = stored[source["post"]]
        parts = [int(source[name]) if source[name] else None for name in ("reactions", "comments", "shares", "clicks")]
        assert [post[name] for name in ("Reacciones", "Comentarios", "Compartidos", "Clics")] == parts
        assert post["Interacciones"] == sum(part for part in parts if part is not None)
        assert (post["Alcance"], post["Reproducciones"]) == (int(source["reach"]), int(source["views"]))
        assert engagement(post) == (post["Interacciones"] / int(source["reach"]), "Alcance")
        month, day, year_time = source["published"].split("/")
        assert post["Publicada"] == datetime.strptime(f"{year_time} {month} {day}", "%Y %H:%M %m %d").replace(
            tzinfo=BOGOTA)
        assert post["Enlace"] == source["permalink"] and post["Métricas al"] == datetime(2026, 3, 26)
        assert post["Copy"] == (source["description"] or source["title"])
    assert [stored[source["post"]]["Formato"] for source in FACEBOOK_POSTS] == ["Publicación", "Reel"]
    again = import_metrics_file(register.writer("Ana"), data, meta_name("Facebook"), today=TODAY + timedelta(days=30))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert again.summary.endswith("sin cambios: 2, omitidas: 0.")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_meta_instagram_export_updates_the_post_the_register_has(register, language):
    register.writer("Ana").create("Publicaciones", {
        "Red": "Instagram", "Programada": "14/02/2026 18:45", "Estado": "Publicada", "Formato": "Publicación",
        "Enlace": "https://instagram.com/p/DAbc123xyz", "ID en la red": "DAbc123xyz"})
    data = meta_export("Instagram", language, INSTAGRAM_POSTS, drop=("duration",))
    report = import_metrics_file(register.writer("Ana"), data, "export.csv", today=TODAY)
    assert (report.network, report.created, report.updated, report.skipped) == ("Instagram", 1, 1, [])
    assert report.as_of == TODAY and "el nombre del archivo no trae fechas" in report.lines()[-2]
    stored = posts(register_url(register))
    assert set(stored) == {"DAbc123xyz", INSTAGRAM_POSTS[1]["post"]}  # matched by its permalink's code
    for key, source in zip(["DAbc123xyz", INSTAGRAM_POSTS[1]["post"]], INSTAGRAM_POSTS, strict=True):
        post = stored[key]
        parts = [int(source[name]) for name in ("likes", "comments", "shares", "saves")]
        assert [post[name] for name in ("Reacciones", "Comentarios", "Compartidos", "Guardados")] == parts
        assert post["Interacciones"] == sum(parts) and post["Alcance"] == int(source["reach"])
    assert stored["DAbc123xyz"]["Enlace"] == "https://instagram.com/p/DAbc123xyz"  # what was typed stays
    assert stored[INSTAGRAM_POSTS[1]["post"]]["Formato"] == "Reel"


def test_a_spanish_export_saved_again_by_excel_reads_the_same(register):
    resaved = meta_export("Facebook", "es", FACEBOOK_POSTS, delimiter=";", encoding="cp1252", day_first=True)
    original = meta_export("Facebook", "es", FACEBOOK_POSTS)
    first, second = parse_export(resaved, "a.csv"), parse_export(original, "b.csv")
    assert [(p.post_id, p.published, p.text, p.metrics) for p in first.posts] == [
        (p.post_id, p.published, p.text.replace("🚶\u200d♀️", "????") if p.text else p.text, p.metrics)
        for p in second.posts]  # cp1252 has no emoji: Excel writes «?» for them


def test_columns_that_come_and_go_and_daily_rows(register):
    daily = [{**FACEBOOK_POSTS[0], "date": ("03/26/2026", "26/03/2026")}, FACEBOOK_POSTS[1]]
    data = meta_export("Facebook", "en", daily, drop=("clicks", "views", "rcs"))
    report = import_metrics_file(register.writer("Ana"), data, meta_name("Facebook"), today=TODAY)
    assert [str(skipped) for skipped in report.skipped] == [
        "fila 2: las cifras son de un solo día («03/26/2026» en Date), no del total de la publicación; exporte "
        "con «Lifetime» / «Total»"]
    post = posts(register_url(register))[FACEBOOK_POSTS[1]["post"]]
    assert (post["Clics"], post["Reproducciones"], post["Compartidos"]) == (None, None, None)
    assert post["Interacciones"] == 400 + 21


def test_an_xlsx_export_and_an_unreadable_upload(register):
    from openpyxl import Workbook

    book = Workbook()
    rows = csv.reader(io.StringIO(meta_export("Instagram", "en", INSTAGRAM_POSTS).decode("utf-8-sig")))
    for row in rows:
        book.active.append([int(cell) if cell.isdigit() and len(cell) < 10 else cell for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    report = import_metrics_file(register.writer("Ana"), buffer.getvalue(), "Instagram.xlsx", network="instagram",
                                 today=TODAY)
    assert (report.created, report.skipped, report.error) == (2, [], None)
    assert posts(register_url(register))[INSTAGRAM_POSTS[0]["post"]]["Guardados"] == 30
    refused = import_metrics_file(register.writer("Ana"), b"\x89PNG\r\n\x1a\n\x00\x00", "foto.png", today=TODAY)
    assert refused.error and refused.created == 0 and refused.lines() == [refused.summary]
    assert refused.summary.startswith("No se importó nada: el archivo no es de texto")


# --- both stores ------------------------------------------------------------------------------------------------------


def test_import_and_reimport_on_both_stores(sheet):
    path = X_FILES[2]
    writer = sheet.register.writer("Ana")
    report = import_metrics(writer, parse_export(path), today=TODAY)
    assert (report.created, report.skipped) == (17, [])
    history = len(sheet.rows("Historial"))
    again = import_metrics(writer, parse_export(path), today=TODAY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 17)
    assert len(sheet.rows("Historial")) == history
    grown = path.read_bytes().replace(b'"3423.0","18.0"', b'"3500.0","19.0"', 1)
    assert grown != path.read_bytes()
    before = {row["ID en la red"]: row for row in sheet.rows("Publicaciones")}
    third = import_metrics(writer, parse_export(grown, path.name), today=TODAY)
    assert (third.updated, third.unchanged) == (1, 16)
    after = {row["ID en la red"]: row for row in sheet.rows("Publicaciones")}
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {"1475870580540952577"}
    row = after["1475870580540952577"]
    assert (int(row["Impresiones"]), int(row["Interacciones"])) == (3500, 19)
    assert len(sheet.rows("Historial")) == history + 1
    assert sheet.register.snapshot(refresh=True).bad == []


# --- parts ---------------------------------------------------------------------------------------------------------


def test_dates_in_file_names_and_post_keys():
    assert dates_in_name("tweet_activity_metrics_rOpenSci_20211001_20211101_en.csv") == [
        date(2021, 10, 1), date(2021, 11, 1)]
    assert dates_in_name("Mar-26-2025_Mar-26-2026_949104527769166.csv") == [date(2025, 3, 26), date(2026, 3, 26)]
    assert dates_in_name("account_analytics_content_2026-04-27_2026-07-25.csv")[-1] == date(2026, 7, 25)
    assert dates_in_name("Aggregated_Metrics_By_Video.csv") == []
    assert post_keys("X", None, "https://twitter.com/a/status/145?s=20") == post_keys("X", "145", None)
    assert post_keys("YouTube", None, "https://youtu.be/4OZip0cgOho") & post_keys("YouTube", "4OZip0cgOho", None)
    assert post_keys("Facebook", "100064_1221", None) & post_keys("Facebook", "1221", None)
    assert post_keys("Facebook", None, "https://m.facebook.com/story.php?story_fbid=pfbid0x&id=1&ref=a") == \
        post_keys("Facebook", None, "https://www.facebook.com/story.php?id=1&story_fbid=pfbid0x")


def test_a_newer_x_export_and_dates_it_writes():
    data = ("Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Replies,"
            "Reposts,Profile visits,Detail Expands,URL Clicks,Hashtag Clicks,Permalink Clicks\n"
            '2074000000000000001,"Tue, Jul 14, 2026",Hola,https://x.com/dadep/status/2074000000000000001,'
            "1229,12,30,2,0,0,1,4,9,7,6,0,0\n")
    parsed = parse_export(data.encode(), "account_analytics_content_2026-04-27_2026-07-25.csv")
    [post] = parsed.posts
    assert parsed.network == "X" and post.published == datetime(2026, 7, 14, tzinfo=BOGOTA)
    assert post.metrics == {"Impresiones": 1229, "Interacciones": 30, "Compartidos": 4, "Comentarios": 1,
                            "Reacciones": 12, "Guardados": 2, "Clics": 6}
    with pytest.raises(ExportError, match="Facebook o de Instagram"):
        parse_export(b"Post ID,Publish time,Permalink,Reach\n1,03/01/2026 10:00,,5\n", "x.csv")
    sheet_utc = parse_export(b'"Tweet id","time","impressions","engagements"\n"1","2021-10-29T17:00:00Z","5","1"\n')
    assert sheet_utc.posts[0].published == datetime(2021, 10, 29, 17, tzinfo=UTC)


def register_url(register) -> str:
    return f"sqlite:///{register.store.path}"


def test_a_post_edited_by_hand_during_the_import_is_skipped_not_overwritten(store_url, register, monkeypatch):
    path = X_FILES[2]
    import_metrics(register.writer("Ana"), parse_export(path), today=TODAY)
    read = register.read_tab("Publicaciones")
    with sqlite3.connect(store_url.removeprefix("sqlite:///")) as connection:  # someone types in the sheet
        connection.execute('UPDATE "Publicaciones" SET "Copy" = ? WHERE rowid = 1', ("corregido a mano",))
    monkeypatch.setattr(register, "read_tab", lambda name: read)  # the import read before the edit
    grown = path.read_bytes().replace(b'"3423.0","18.0"', b'"3500.0","19.0"', 1)
    report = import_metrics(register.writer("Ana"), parse_export(grown, path.name), today=TODAY)
    [skipped] = report.skipped
    assert skipped.row == 2 and "no se actualizó: No se guardó" in skipped.reason
    assert "corregido a mano" in skipped.reason
    assert (report.updated, report.unchanged) == (0, 16)
    monkeypatch.undo()
    post = posts(store_url)["1475870580540952577"]
    assert (post["Copy"], post["Impresiones"]) == ("corregido a mano", 3423)


def test_a_post_whose_register_row_has_errors_is_not_created_again(store_url, register, capsys):
    tweet = file_rows(X_FILES[2])[0]
    register.snapshot()  # the tabs exist
    with sqlite3.connect(store_url.removeprefix("sqlite:///")) as connection:  # typed by hand, with a bad date
        connection.execute('INSERT INTO "Publicaciones" ("Red", "Programada", "Estado", "ID en la red") '
                           "VALUES ('X', '31/02/2021', 'Publicada', ?)", (tweet["Tweet id"],))
    code, lines = run(capsys, "importar-metricas", str(X_FILES[2]))
    assert code == 1
    assert lines[0] == ("omitida: fila 2: coincide con la fila 2 de Publicaciones, que tiene errores; corríjala "
                        "(python -m core verificar) y vuelva a importar")
    assert len(table(store_url, "Publicaciones")) == 17  # the row typed by hand and 16 new ones


def test_youtube_studios_zip_is_read_from_its_table_data():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Chart data.csv", "Date,Views\n2020-08-05,10\n")
        archive.writestr("Table data.csv", YOUTUBE.read_bytes())
        archive.writestr("Totals.csv", "Date,Views\n")
    parsed = parse_export(buffer.getvalue(), "Content 2017-01-01_2021-12-31 Canal.zip")
    assert (parsed.network, parsed.rows_read, len(parsed.posts)) == ("YouTube", 223, 223)
    assert parsed.as_of == date(2021, 12, 31)


# --- the plan the Métricas page previews, and the account of the file -------------------------------------------------


def x_csv(path: Path, tweets: list[dict[str, str]], fields: list[str] | None = None) -> Path:
    """An X tweet-activity file as X writes it (every cell quoted), with these rows."""
    fields = fields or list(tweets[0])
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.DictWriter(handle, fields, quoting=csv.QUOTE_ALL, extrasaction="ignore")
        out.writeheader()
        out.writerows(tweets)
    return path


def test_a_plan_counts_what_an_import_would_do_writes_nothing_and_applies_as_counted(tmp_path, store_url, register):
    tweets = file_rows(X_FILES[2])
    assert len(tweets) == 17
    name = "tweet_activity_metrics_rOpenSci_20211201_20220101_en.csv"
    first = x_csv(tmp_path / name, tweets[:15])
    assert import_metrics(register.writer("Ana"), parse_export(first), today=TODAY).created == 15
    grown = {**tweets[0], "impressions": str(int(float(tweets[0]["impressions"])) + 100)}
    broken = {**tweets[16], "Tweet id": "1475870580540952999", "Tweet permalink": "", "impressions": "mil"}
    (tmp_path / "later").mkdir()
    later = x_csv(tmp_path / "later" / name, [grown, *tweets[1:15], tweets[15], tweets[16], broken])
    rows, history = table(store_url, "Publicaciones"), table(store_url, "Historial")
    plan = plan_import(register, parse_export(later), today=TODAY)
    assert plan.counts == (2, 1, 14, 1)  # (to create, to update, unchanged, skipped)
    assert plan.summary == ("X (actividad de tweets): 18 filas leídas; publicaciones por crear: 2, por actualizar: "
                            "1, sin cambios: 14, omitidas: 1.")
    assert plan.skipped_lines() == ["fila 19: impressions: «mil» no es un número entero"]
    [(row, seen, changes)] = plan.edits
    assert (row, seen["ID en la red"]) == (2, tweets[0]["Tweet id"])
    assert changes == {"Impresiones": int(grown["impressions"])}  # Métricas al is already the file's end date
    assert sorted(record["ID en la red"] for _, record in plan.creates) == sorted(
        [tweets[15]["Tweet id"], tweets[16]["Tweet id"]])
    assert table(store_url, "Publicaciones") == rows and table(store_url, "Historial") == history  # a read only
    report = apply_plan(register.writer("Ana"), plan)
    assert (report.created, report.updated, report.unchanged, len(report.skipped)) == plan.counts
    stored = posts(store_url)
    assert len(stored) == 17 and stored[tweets[0]["Tweet id"]]["Impresiones"] == int(grown["impressions"])
    assert len(table(store_url, "Historial")) == len(history) + 3


def test_the_real_x_exports_say_whose_account_they_are_by_their_permalinks():
    for path in X_FILES:
        handles = {urlsplit(tweet["Tweet permalink"]).path.split("/")[1] for tweet in file_rows(path)}
        assert len(handles) == 1  # the file's own permalinks: one account
        assert parse_export(path).account == ExportAccount((f"@{handles.pop()}",), FROM_LINKS)
    assert parse_export(X_FILES[0]).account.names == ("@rOpenSci",)


def test_the_account_from_x_file_names_and_metas_account_columns(tmp_path):
    tweets = [{key: value for key, value in tweet.items() if key != "Tweet permalink"}
              for tweet in file_rows(X_FILES[0])[:3]]
    named = x_csv(tmp_path / "tweet_activity_metrics_DADEP_Bogota_20261001_20261101_es.csv", tweets)
    assert parse_export(named).account == ExportAccount(("@DADEP_Bogota",), FROM_FILE_NAME)
    unnamed = parse_export(named.read_bytes(), "export.csv")
    assert unnamed.account == ExportAccount() and unnamed.network == "X"
    facebook = parse_export(meta_export("Facebook", "es", FACEBOOK_POSTS), meta_name("Facebook"))
    assert facebook.account == ExportAccount(("Defensoría del Espacio Público",), "la columna «Nombre de la página»")
    instagram = parse_export(meta_export("Instagram", "en", INSTAGRAM_POSTS), meta_name("Instagram"))
    assert instagram.account == ExportAccount(("@dadepbogota",), "la columna «Account username»")
    without = parse_export(meta_export("Instagram", "es", INSTAGRAM_POSTS, drop=("username",)), "a.csv")
    assert without.account == ExportAccount(("@DADEP",), "la columna «Nombre de la cuenta»")  # the name, then
    assert parse_export(YOUTUBE).account == ExportAccount()  # YouTube Studio's content export does not say


def test_account_names_compare_without_case_accents_spaces_nor_at():
    assert account_key("@DADEP Bogotá") == account_key("dadepbogota") == "dadepbogota"
    assert account_key("@dadep_bogota") != account_key("dadepbogota")  # a handle's underscore counts
    assert link_handle("https://x.com/DADEPBogota") == "DADEPBogota"
    assert link_handle("https://www.youtube.com/@DADEPBogota") == "@DADEPBogota"
    assert link_handle("https://www.youtube.com/channel/UC123") == "UC123"
    assert link_handle("www.instagram.com/dadepbogota/") == "dadepbogota"
    assert link_handle("https://www.facebook.com/profile.php?id=100064123456789") == "100064123456789"
    assert link_handle(None) is None and link_handle("https://x.com/") is None


def cuentas(writer) -> None:
    """The entity's accounts, typed as demo data types them (core/demo.py)."""
    writer.create_many("Cuentas", [
        {"Red": "X", "Cuenta": "@DADEPBogota", "Enlace": "https://x.com/DADEPBogota"},
        {"Red": "Facebook", "Cuenta": "DADEP Bogotá", "Enlace": "https://www.facebook.com/DADEPBogota"},
        {"Red": "Instagram", "Cuenta": "@dadepbogota", "Enlace": "https://www.instagram.com/dadepbogota/"},
        {"Red": "Instagram", "Cuenta": "rOpenSci"},  # the same name on another network does not count for X
        {"Red": "YouTube", "Cuenta": "Canal", "Enlace": "https://www.youtube.com/@Defensoria_EP"},
    ])


def test_the_files_account_is_checked_against_cuentas_of_its_network(tmp_path, register):
    cuentas(register.writer("Ana"))
    foreign = plan_import(register, parse_export(X_FILES[0]), today=TODAY)
    assert foreign.account.needs_choice and foreign.account.unknown == ("@rOpenSci",)
    assert foreign.account.line == ("Cuenta del archivo: @rOpenSci (según los enlaces de las publicaciones); no "
                                    "está en Cuentas (las de X en Cuentas: @DADEPBogota).")
    ours = [{**tweet, "Tweet permalink": tweet["Tweet permalink"].replace("twitter.com/rOpenSci", "x.com/dadepbogota")}
            for tweet in file_rows(X_FILES[0])]
    known = plan_import(register, parse_export(x_csv(tmp_path / "x.csv", ours)), today=TODAY)
    assert known.account.names == ("@dadepbogota",) and not known.account.needs_choice
    assert known.account.line.endswith("; está en Cuentas.")
    instagram = plan_import(register, parse_export(meta_export("Instagram", "es", INSTAGRAM_POSTS), "a.csv"))
    assert not instagram.account.needs_choice  # «dadepbogota» in the file, «@dadepbogota» in Cuentas
    facebook = FACEBOOK_POSTS[:1]
    other_page = plan_import(register, parse_export(meta_export("Facebook", "en", facebook), "a.csv"))
    assert other_page.account.unknown == ("Defensoría del Espacio Público",)
    ours_typed = [{**facebook[0], "page name": "Dadep Bogota"}]  # the account's name without its accent
    assert not plan_import(register, parse_export(meta_export("Facebook", "en", ours_typed), "a.csv")).account.unknown
    by_link = [{**facebook[0], "page name": "DADEPBogota"}]  # the name its address in Cuentas ends in
    assert not plan_import(register, parse_export(meta_export("Facebook", "en", by_link), "a.csv")).account.unknown
    unsaid = plan_import(register, parse_export(YOUTUBE), today=TODAY)
    assert not unsaid.account.said and not unsaid.account.needs_choice
    assert unsaid.account.line.startswith("El archivo no dice de qué cuenta es")


def test_a_register_without_accounts_of_the_network_makes_every_named_account_unknown(register):
    plan = plan_import(register, parse_export(X_FILES[1]), today=TODAY)
    assert plan.account.unknown == ("@rOpenSci",)
    assert plan.account.line.endswith("no está en Cuentas (Cuentas no tiene ninguna cuenta de X).")


def test_the_command_line_says_whose_account_it_imported_and_still_imports_it(store_url, capsys):
    code, lines = run(capsys, "importar-metricas", str(X_FILES[0]))
    assert code == 0 and lines[-1].endswith("creadas: 27, actualizadas: 0, sin cambios: 0, omitidas: 0.")
    assert lines[-3] == ("Cuenta del archivo: @rOpenSci (según los enlaces de las publicaciones); no está en "
                         "Cuentas (Cuentas no tiene ninguna cuenta de X).")


def test_confirming_writes_the_preview_planned_again_against_the_register_as_it_is(register, store_url):
    writer = register.writer("Ana")
    preview = plan_metrics_file(writer, X_FILES[2].read_bytes(), X_FILES[2].name, today=TODAY)
    assert preview.counts == (17, 0, 0, 0) and posts(store_url) == {}
    assert import_metrics(writer, parse_export(X_FILES[2]), today=TODAY).created == 17  # someone imports it first
    report = confirm_import(writer, preview, today=TODAY)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 17)  # nothing created twice
    assert "el registro cambió entre la vista previa y la confirmación" in report.notices[-1]
    assert len(table(store_url, "Publicaciones")) == 17
    again = plan_metrics_file(writer, X_FILES[1].read_bytes(), X_FILES[1].name, today=TODAY)
    done = confirm_import(writer, again, today=TODAY)
    assert (done.created, done.skipped, done.notices) == (33, [], [])  # as previewed: no notice


def test_the_preview_and_the_confirmation_check_the_persons_right_first(register, store_url):
    class Untouchable(io.BytesIO):
        def read(self, *_):
            raise AssertionError("the file was read")

    from core.errors import ActionRefused

    preview = plan_metrics_file(register.writer("Ana"), X_FILES[0].read_bytes(), X_FILES[0].name, today=TODAY)
    journalist = register.writer("Pedro", roles=("Periodista",))
    with pytest.raises(ActionRefused, match="Su rol no permite «importar métricas» en Publicaciones"):
        plan_metrics_file(journalist, Untouchable(b""), "x.csv")
    with pytest.raises(ActionRefused, match="Su rol no permite «importar métricas» en Publicaciones"):
        confirm_import(journalist, preview, today=TODAY)
    assert posts(store_url) == {}
    leader = register.writer("Camila", roles=("Líder",))
    assert confirm_import(leader, preview, today=TODAY).created == 27


def test_what_a_page_shows_names_no_command_line(register, store_url):
    tweet = file_rows(X_FILES[2])[0]
    register.snapshot()
    with sqlite3.connect(store_url.removeprefix("sqlite:///")) as connection:  # typed by hand, with a bad date
        connection.execute('INSERT INTO "Publicaciones" ("Red", "Programada", "Estado", "ID en la red") '
                           "VALUES ('X', '31/02/2021', 'Publicada', ?)", (tweet["Tweet id"],))
    plan = plan_metrics_file(register.writer("Ana"), X_FILES[2].read_bytes(), X_FILES[2].name, today=TODAY)
    assert plan.skipped_lines() == [
        f"fila 2: coincide con la fila 2 de Publicaciones, que tiene errores; {FIX_ON_PAGE} y vuelva a importar"]
    assert "python -m core" not in FIX_ON_PAGE and "Calidad de datos" in FIX_ON_PAGE
    unsure = b"Post ID,Publish time,Permalink,Reach\n1,03/01/2026 10:00,,5\n"
    with pytest.raises(ExportError) as refused:
        plan_metrics_file(register.writer("Ana"), unsure, "x.csv")
    assert "--red Facebook" in str(refused.value)  # the command line's words
    assert "--red" not in refused.value.on_page and "elija la red (Facebook o Instagram)" in refused.value.on_page
