"""The Métricas page through AppTest, on a real SQLite register: a platform export is previewed (whose account
it is, what would be created, updated, left or skipped) and written only when confirmed; an account that is
not in Cuentas needs an explicit choice; and a post's figures are typed after choosing its row.

AppTest drives the file uploader as a browser would (the file goes through Streamlit's upload manager), and a
table's row selection through the session state, as Streamlit keeps it."""

from __future__ import annotations

import csv
import io
import sqlite3
from contextlib import closing
from datetime import datetime, time, timedelta
from pathlib import Path

from core.sheet.cells import BOGOTA
from core.sheet.contract import today_in_bogota
from tests.pages_kit import open_page, rows, texts

REAL = Path(__file__).parent / "fixtures" / "real"
ROPENSCI = REAL / "x_tweet_activity_rOpenSci_20211001_20211101.csv"
CSV_TYPE = "text/csv"


def tweets(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def x_export(lines: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, list(lines[0]), quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerows(lines)
    return out.getvalue().encode("utf-8")


def accounts(writer) -> None:
    writer.create_many("Cuentas", [
        {"Red": "X", "Cuenta": "@DADEPBogota", "Enlace": "https://x.com/DADEPBogota"},
        {"Red": "Facebook", "Cuenta": "DADEP Bogotá", "Enlace": "https://www.facebook.com/DADEPBogota"},
    ])


def preview(at, name: str, data: bytes):
    at.file_uploader(key="import_file").set_value((name, data, CSV_TYPE))
    at.button[[button.label for button in at.button].index("Importar")].click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def labels(at) -> list[str]:
    return [button.label for button in at.button]


def counts(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def test_an_export_of_an_account_not_in_cuentas_is_previewed_and_written_only_when_chosen(writer, store_url):
    accounts(writer)
    at = preview(open_page("app_pages/metricas.py"), ROPENSCI.name, ROPENSCI.read_bytes())
    expected = len(tweets(ROPENSCI))
    assert expected == 27
    assert "X (actividad de tweets)** · archivo «x_tweet_activity_rOpenSci_20211001_20211101.csv»" in texts(at.markdown)
    assert ("Cuenta del archivo: @rOpenSci (según los enlaces de las publicaciones); no está en Cuentas (las de X "
            "en Cuentas: @DADEPBogota).") in texts(at.warning)
    assert counts(at) == {"Por crear": "27", "Por actualizar": "0", "Sin cambios": "0", "Omitidas": "0"}
    assert "publicaciones por crear: 27, por actualizar: 0, sin cambios: 0, omitidas: 0." in texts(at.caption)
    assert rows(store_url, "Publicaciones") == []  # a preview writes nothing
    [choice] = at.checkbox
    assert choice.label == "La cuenta @rOpenSci no está en Cuentas: importar de todos modos" and not choice.value

    at.button(key="metrics_confirm").click().run()
    assert "**No se importó nada.** La cuenta @rOpenSci no está en Cuentas para X." in texts(at.error)
    assert rows(store_url, "Publicaciones") == [] and "Confirmar importación" in labels(at)  # the preview stays

    at.checkbox[0].check().run()
    at.button(key="metrics_confirm").click().run()
    assert not at.exception and not at.error, texts(at.error)
    stored = rows(store_url, "Publicaciones")
    assert len(stored) == expected and {row["ID en la red"] for row in stored} == {
        tweet["Tweet id"] for tweet in tweets(ROPENSCI)}
    assert (f"Métricas de X (actividad de tweets): {expected} filas leídas; publicaciones creadas: {expected}, "
            "actualizadas: 0, sin cambios: 0, omitidas: 0.") in texts(at.success)
    assert "Confirmar importación" not in labels(at) and not at.checkbox  # the preview is gone


def test_an_export_of_a_known_account_updates_on_confirm_without_a_choice(writer, store_url):
    accounts(writer)
    tweet = tweets(ROPENSCI)[0]
    moment = datetime.combine(today_in_bogota() - timedelta(days=3), time(10), BOGOTA)
    post_id = writer.create("Publicaciones", {
        "Red": "X", "Programada": moment, "Publicada": moment, "Estado": "Publicada", "Origen": "Coyuntura",
        "Enlace": f"https://x.com/DADEPBogota/status/{tweet['Tweet id']}"})
    ours = {**tweet, "Tweet permalink": f"https://twitter.com/dadepbogota/status/{tweet['Tweet id']}"}
    skipped = {**tweets(ROPENSCI)[1], "Tweet permalink": "", "Tweet id": "", "impressions": "7"}
    at = preview(open_page("app_pages/metricas.py"), "tweet_activity_metrics_DADEPBogota_20211001_20211101_es.csv",
                 x_export([ours, skipped]))
    assert ("Cuenta del archivo: @dadepbogota (según los enlaces de las publicaciones); está en Cuentas."
            in texts(at.success))
    assert not at.checkbox
    assert counts(at) == {"Por crear": "0", "Por actualizar": "1", "Sin cambios": "0", "Omitidas": "1"}
    [reasons] = [expander for expander in at.expander if expander.label.startswith("Filas omitidas")]
    assert reasons.label == "Filas omitidas y su motivo (1)"
    assert texts(reasons.text) == "fila 3: no tiene el ID de la publicación ni su enlace"
    assert rows(store_url, "Publicaciones")[0]["Impresiones"] is None

    at.button(key="metrics_confirm").click().run()
    assert not at.exception and not at.error, texts(at.error)
    [row] = rows(store_url, "Publicaciones")
    assert (row["ID"], row["Impresiones"]) == (post_id, int(float(tweet["impressions"])))
    assert "actualizadas: 1, sin cambios: 0, omitidas: 1." in texts(at.warning)  # rows were skipped


def test_a_file_that_does_not_say_its_account_says_so_and_discarding_writes_nothing(writer, store_url):
    accounts(writer)
    lines = [{key: value for key, value in tweet.items() if key != "Tweet permalink"} for tweet in tweets(ROPENSCI)]
    at = preview(open_page("app_pages/metricas.py"), "export.csv", x_export(lines[:3]))
    assert "El archivo no dice de qué cuenta es" in texts(at.info) and not at.checkbox
    assert counts(at)["Por crear"] == "3"
    at.button(key="metrics_discard").click().run()
    assert not at.exception and "Confirmar importación" not in labels(at)
    assert "Vista previa" not in texts(at.markdown)
    assert rows(store_url, "Publicaciones") == []


def test_a_preview_names_no_command_line_and_a_file_that_cannot_be_read_is_refused(store_url, writer):
    tweet = tweets(ROPENSCI)[0]
    writer.create("Publicaciones", {"Red": "X", "Programada": "29/10/2021 12:00", "Estado": "Publicada",
                                    "Origen": "Coyuntura", "Copy": "fila con errores"})
    with closing(sqlite3.connect(store_url.removeprefix("sqlite:///"))) as db:  # typed by hand, with a bad date
        db.execute('UPDATE "Publicaciones" SET "Programada" = ?, "ID en la red" = ?', ("31/02/2021", tweet["Tweet id"]))
        db.commit()
    at = preview(open_page("app_pages/metricas.py"), ROPENSCI.name, ROPENSCI.read_bytes())
    [reasons] = [expander for expander in at.expander if expander.label.startswith("Filas omitidas")]
    assert texts(reasons.text) == ("fila 2: coincide con la fila 2 de Publicaciones, que tiene errores; corríjala en "
                                   "la hoja (página Calidad de datos) y vuelva a importar")
    shown = "\n".join(texts(elements) for elements in (at.markdown, at.caption, at.text, at.warning, at.info))
    assert "python -m core" not in shown and "--red" not in shown

    unsure = b"Post ID,Publish time,Permalink,Reach\n1,03/01/2026 10:00,,5\n"
    at = preview(at, "meta.csv", unsure)
    assert "No se importó nada: el archivo es una exportación de Meta Business Suite" in texts(at.error)
    assert "elija la red (Facebook o Instagram) en «Red»" in texts(at.error) and "--red" not in texts(at.error)
    assert "Confirmar importación" not in labels(at)  # the earlier preview went with the new file


def test_an_unexpected_failure_is_explained_in_the_preview_and_in_the_import(store_url, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("fallo interno")

    with monkeypatch.context() as patched:
        patched.setattr("core.metrics_import.importing.plan_import", broken)
        at = preview(open_page("app_pages/metricas.py"), ROPENSCI.name, ROPENSCI.read_bytes())
    assert "**La vista previa se detuvo por un error inesperado** (RuntimeError). No se escribió nada." in texts(
        at.error)
    assert "Confirmar importación" not in labels(at) and "fallo interno" not in texts(at.error)
    at = preview(at, ROPENSCI.name, ROPENSCI.read_bytes())
    monkeypatch.setattr("core.metrics_import.importing.apply_plan", broken)
    at.checkbox[0].check().run()
    at.button(key="metrics_confirm").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert "**La importación se detuvo por un error inesperado** (RuntimeError)" in texts(at.error)
    assert rows(store_url, "Publicaciones") == []


def test_importar_without_a_file_warns_and_previews_nothing():
    at = open_page("app_pages/metricas.py")
    at.button[labels(at).index("Importar")].click().run()
    assert not at.exception and "Elija primero el archivo exportado de la red." in texts(at.warning)
    assert "Confirmar importación" not in labels(at)


def published_posts(writer) -> list[str]:
    today = today_in_bogota()
    return [writer.create("Publicaciones", {
        "Red": network, "Programada": moment, "Publicada": moment, "Estado": "Publicada", "Origen": "Coyuntura",
        "Copy": copy, **figures})
        for network, moment, copy, figures in (
            ("TikTok", datetime.combine(today - timedelta(days=2), time(10), BOGOTA), "Andenes libres " * 10, {}),
            ("X", datetime.combine(today - timedelta(days=5), time(9), BOGOTA), "Parque recuperado",
             {"Impresiones": 1000, "Interacciones": 40}),
            ("X", datetime.combine(today - timedelta(days=200), time(9), BOGOTA), "Hace meses", {}),
        )]


def test_a_post_is_chosen_by_its_row_and_its_figures_saved_with_a_notice(writer, store_url):
    recent, older, old = published_posts(writer)
    at = open_page("app_pages/metricas.py")
    table = at.dataframe(key="m_posts").value
    assert list(table.columns) == ["Publicada", "Red", "Copy", "Engagement", "Métricas al", "ID"]
    assert list(table["ID"]) == [recent, older]  # the last 90 days, newest first
    assert table["Copy"].iloc[0] == ("Andenes libres " * 10)[:59].strip() + "…"  # shortened
    assert list(table["Engagement"]) == ["—", "4,0 %"]
    assert not [box for box in at.number_input if box.key and box.key.startswith("m_")]

    at.session_state["m_posts"] = {"selection": {"rows": [0], "columns": [], "cells": []}}  # the first row chosen
    at.run()
    assert f"**{recent}**" in texts(at.markdown) and "engagement sin calcular" in texts(at.markdown)
    at.number_input(key=f"m_Alcance_{recent}").set_value(2000)
    at.number_input(key=f"m_Reacciones_{recent}").set_value(80)
    at.number_input(key=f"m_Comentarios_{recent}").set_value(20)
    at.button[labels(at).index("Guardar métricas")].click().run()
    assert not at.exception and not at.error, texts(at.error)
    assert [toast.value for toast in at.toast] == [f"Métricas guardadas: {recent}"]
    assert "engagement **5,0 %** sobre alcance" in texts(at.markdown)
    stored = {row["ID"]: row for row in rows(store_url, "Publicaciones")}
    assert (stored[recent]["Alcance"], stored[recent]["Reacciones"], stored[recent]["Comentarios"]) == (2000, 80, 20)


def test_another_page_opens_a_post_here_by_its_id(writer):
    _, _, old = published_posts(writer)
    at = open_page("app_pages/metricas.py")
    at.session_state["metrics_post"] = old  # as another page sets it before st.switch_page
    at.run()
    assert not at.exception
    assert f"**{old}**" in texts(at.markdown)  # opened though it is older than the table's 90 days
    assert at.number_input(key=f"m_Impresiones_{old}").value is None
    at.session_state["metrics_post"] = "PUB-20200101-NOPE"
    at.run()
    assert "La publicación PUB-20200101-NOPE no está en Publicaciones" in texts(at.warning)
