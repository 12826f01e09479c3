"""Formula-looking text typed by anyone (a citizen's message, a request's title) is inert in every file a
spreadsheet opens: the command line's CSV, the pages' downloads (the tables' own toolbar download is off)."""

from __future__ import annotations

import csv
import io
import tomllib
from datetime import datetime
from pathlib import Path

import pytest

from core.cli.main import main
from core.files.spreadsheet_safety import SafeCsvWriter, csv_bytes, neutralised, safe_text
from core.sheet.cells import BOGOTA

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ['=HYPERLINK("http://malo.example","clic")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tpestaña",
           "\rretorno"]


@pytest.mark.parametrize("title", HOSTILE[:4])  # a title's leading tab or return is trimmed when it is saved
def test_pendientes_csv_makes_a_formula_looking_title_inert_and_keeps_its_format(writer, capsys, title):
    new = writer.create("Solicitudes", {
        "Fecha de solicitud": "2026-04-01", "Área solicitante": "Jurídica", "Solicitante": "Luis", "Título": title,
        "Necesidad": "Piezas", "Redes": "X", "Fecha de publicación": "2026-04-20",
        "Inicio de etapa": datetime(2026, 4, 6, 9, 0, tzinfo=BOGOTA)})
    assert main(["pendientes", "--fecha", "2026-04-30", "--formato", "csv"]) == 0
    out = capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == ["tipo", "id", "detalle", "vence"]
    mine = [row for row in rows[1:] if row[1] == new]
    assert mine and all(row[2] == "'" + title + ": Identificar las necesidades" for row in mine), mine
    assert all(len(row[3]) == 10 and datetime.strptime(row[3], "%Y-%m-%d") for row in rows[1:])


def test_the_csv_writer_leaves_numbers_dates_and_plain_text_alone():
    out = io.StringIO()
    SafeCsvWriter(out, lineterminator="\n").writerows([["-5", -5, 2.5, "2026-04-03", "hola", None, "=1"]])
    assert out.getvalue() == "'-5,-5,2.5,2026-04-03,hola,,'=1\n"


@pytest.mark.parametrize("text", HOSTILE)
def test_one_rule_for_single_texts_and_whole_tables(text):
    import pandas as pd

    frame = pd.DataFrame({"Mensaje": [text, "normal", None], "Número": [-1, 2, 3]})
    assert neutralised(frame)["Mensaje"].tolist()[:2] == [safe_text(text), "normal"]
    assert neutralised(frame)["Número"].tolist() == [-1, 2, 3]
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[1][0] == "'" + text


def test_the_app_never_shows_a_traceback_nor_the_tables_raw_csv_download():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["disableDataExport"] is True
