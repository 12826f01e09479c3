"""The Reportes page through AppTest, on a real SQLite register: the monthly report's figures equal the
file's, the narrative edited on the page goes into the file, sending is recorded in Informes, and a month
whose report was not sent on time is pointed out."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta

from pypdf import PdfReader

from core.domain.status import office_days
from core.reports import pqrs_monthly
from core.reports.formats import report_bytes
from core.reports.sent import monthly_states
from core.settings import settings_of
from core.sheet.cells import BOGOTA
from core.sheet.contract import today_in_bogota
from tests.pages_kit import open_page, open_tab, rows, texts


def last_month() -> str:
    first = today_in_bogota().replace(day=1)
    return f"{first - timedelta(days=1):%Y-%m}"


def test_the_monthly_report_on_the_page_and_in_its_file(writer, register, store_url):
    month = last_month()
    day = datetime.strptime(month + "-10", "%Y-%m-%d").replace(hour=9, tzinfo=BOGOTA)
    writer.create_many("Mensajes", [
        {"Recibido": day, "Red": "X", "Mensaje": "¿Cuándo recuperan el andén?", "Clasificación": "Queja"},
        {"Recibido": day + timedelta(hours=3), "Red": "Facebook", "Mensaje": "Gracias", "Clasificación": "No es PQRS"},
        {"Recibido": day + timedelta(days=1), "Red": "X", "Mensaje": '=HYPERLINK("http://x","y")'},
    ])
    at = open_page("app_pages/reportes.py")
    figures = {metric.label: metric.value for metric in at.metric}
    assert figures["Mensajes recibidos en el mes"] == "3" and figures["No es PQRS"] == "1"
    at.text_area(key=f"r_m_{month}_analysis").input("Un mes tranquilo en X.").run()
    report = pqrs_monthly.build(register.snapshot().tables, month).with_texts("Un mes tranquilo en X.")
    csv_text = report_bytes(report, "csv").decode("utf-8-sig")
    assert csv_text.count("\n") == 4 and "'=HYPERLINK" in csv_text  # header and three messages, inert
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report_bytes(report, "pdf"))).pages)
    assert "Un mes tranquilo en X." in pdf_text
    form = [button for button in at.button if button.label == "Registrar envío"][0]
    [box for box in at.text_input if box.label == "Destinatarios"][0].input("Líder, Atención a la Ciudadanía")
    form.click().run()
    assert not at.error, texts(at.error)
    [sent] = rows(store_url, "Informes")
    assert (sent["Periodo"], sent["Tipo"], sent["Destinatarios"]) == (month, "PQRS mensual",
                                                                      "Líder, Atención a la Ciudadanía")


def test_months_whose_report_was_not_sent_on_time(writer, register):
    """Due on the 5th business day after the month ends (the setting's default): October 2026 → 09/11/2026."""
    writer.create_many("Informes", [
        {"Periodo": "2026-09", "Tipo": "PQRS mensual", "Fecha de envío": date(2026, 10, 6)},  # on time
        {"Periodo": "2026-08", "Tipo": "PQRS mensual", "Fecha de envío": date(2026, 9, 30)},  # late
    ])
    tables = register.snapshot().tables
    states = {state.month: state for state in monthly_states(tables, date(2026, 11, 28), settings_of(tables),
                                                             office_days(tables), months=4)}
    assert list(states) == ["2026-10", "2026-09", "2026-08", "2026-07"]
    assert states["2026-10"].due == date(2026, 11, 9) and states["2026-10"].late
    assert not states["2026-09"].late and states["2026-08"].late
    assert states["2026-08"].text() == "2026-08: enviado el 30/09/2026, después del plazo (07/09/2026)."
    assert "2026-11" not in {state.month for state in monthly_states(tables, date(2026, 12, 3), settings_of(tables),
                                                                     office_days(tables))}  # not due yet


def test_the_semester_rule_is_stated_once_and_periods_are_named_in_words():
    at = open_page("app_pages/reportes.py")
    assert not at.exception
    month = at.selectbox(key="r_month")
    assert re.fullmatch(r"[a-z]+ de \d{4}", month.format_func(month.value))  # «noviembre de 2026», not 2026-11
    open_tab(at, "r_tab", "Semestral de redes")  # only the open tab runs
    rules = [caption.value for caption in at.caption if "parece obsoleta si" in caption.value]
    assert len(rules) == 1
    half = at.selectbox(key="r_semester")
    assert re.search(r"\((enero a junio|julio a diciembre) de \d{4}\)$", half.format_func(half.value))
