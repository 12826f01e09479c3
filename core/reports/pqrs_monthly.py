"""Informe mensual de PQRS – canal virtual redes sociales: every message received in a month, for the leader
and Atención a la Ciudadanía (it carries citizens' handles and texts; they process the PQRS).

Readings (made in core/reports/monthly_messages.py; stated in the report itself):

- **The month's messages**: every row of `Mensajes` whose `Recibido` falls in the month in Bogotá time,
  "No es PQRS" and unclassified ones included. A message with a tipología other than "No es PQRS" counts
  as PQRS (Felicitación included: Bogotá te escucha counts it).
- **Legal due date**: `core.domain.pqrs.term_due`, the last day of the tipología's term (business days from the
  day after receipt, minus `Listas` → Suspensión de términos), for every message, sent or filed or not;
  none for Felicitación and No es PQRS; the general 15 days for an unclassified message.
- **Time to answer**: calendar hours from `Recibido` to `Fecha de respuesta` (both moments). **Time to
  hand-off**: business days (the internal calendar: holidays and `Listas` → Días no hábiles) from the day
  received to `Enviado a ATC` (a date): 0 the same day, 1 the next business day, which is the office's
  limit (`core.domain.pqrs.handoff_due`). Negative spans (a date typed before the receipt) are left out.
- **Pending**: the queues of the register's status (`core.domain.status`) on the day the report is made, for the
  month's messages. The overdue legal terms are the month's messages in «Términos» past their legal due
  date: every PQRS whose term runs (no final answer, no transfer), filed or not.
- **Other sources**, each its own figure: the comments counted in the metrics of the posts published in
  the month (`Publicaciones` → Comentarios), the new messages noted in the daily monitoring (`Monitoreo` →
  Mensajes nuevos, rows dated in the month) and the messages the platforms report per account
  (`Métricas de cuenta` → Mensajes recibidos, the month's rows).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import pandas as pd

from core import charts
from core.domain.pqrs import QUEUES
from core.fmt import fmt_date, fmt_int, fmt_number
from core.reports.model import Col, Figure, Report, Table, frame, header_of
from core.reports.monthly_messages import PQRS, UNCLASSIFIED, MonthCounts, count_month
from core.reports.periods import month_text
from core.settings import Settings, settings_of
from core.sheet.cells import BOGOTA
from core.sheet.contract import NOT_PQRS, TYPOLOGY_CHOICES

KIND = "pqrs-mensual"
TITLE = "Informe mensual de PQRS – canal virtual redes sociales"
LIST_TITLE = "Mensajes del mes"
LIST_SHEET = "Mensajes"
PDF_ROWS = 1_000  # beyond this the PDF lists the first ones and points to the XLSX

LIST_COLUMNS = (  # PDF widths in mm for its 6,5 pt type: an ID and a date fit on one line
    Col("ID", width=30),
    Col("Recibido", "datetime", 16),
    Col("Red", width=14),
    Col("Tipo de interacción", width=17, pdf_name="Tipo"),
    Col("Usuario", width=18),
    Col("Mensaje", pdf_chars=160),
    Col("Tipología", width=24),
    Col("Tema", width=16),
    Col("Respondido", "bool", 9, pdf_name="Resp."),
    Col("Fecha de respuesta", "datetime", pdf=False),
    Col("Enviado a ATC", "date", 16),
    Col("Número de radicado", width=18, pdf_name="Radicado"),
    Col("Fecha de radicación", "date", 16, pdf_name="Fecha rad."),
    Col("Trasladado a", width=14, pdf_name="Traslado"),
    Col("Vencimiento legal", "date", 16, pdf_name="Vence"),
    Col("Pendiente en", pdf=False),
)
NETWORK_COLUMNS = (Col("Red"), Col("Mensajes", "int"), Col(PQRS, "int"), Col(NOT_PQRS, "int"),
                   Col(UNCLASSIFIED, "int"))
TYPOLOGY_COLUMNS = (Col("Tipología"), Col("Mensajes", "int"), Col("Término legal (días hábiles)", "int"))
TOPIC_COLUMNS = (Col("Tema"), Col("Mensajes", "int"))
DAY_COLUMNS = (Col("Día", "date"), Col("Mensajes", "int"), Col(PQRS, "int"))
TIME_COLUMNS = (Col("Red"), Col("Respondidos", "int"), Col("Respuesta: mediana (horas)", "number"),
                Col("Respuesta: promedio (horas)", "number"), Col("Respondidos a tiempo", "int"),
                Col("Enviados a ATC", "int"), Col("Envío: mediana (días hábiles)", "number"),
                Col("Envío: promedio (días hábiles)", "number"), Col("Enviados a tiempo", "int"))
PENDING_COLUMNS = (Col("Cola"), Col("Mensajes", "int"), Col("Vencidos", "int"))
SOURCE_COLUMNS = (Col("Red"), Col("Comentarios en publicaciones", "int"), Col("Mensajes nuevos en Monitoreo", "int"),
                  Col("Mensajes recibidos (Métricas de cuenta)", "int"))

SOURCE_COMMENTS = "Publicaciones: suma de Comentarios de las publicaciones publicadas en el mes"
SOURCE_MONITORING = "Monitoreo: suma de Mensajes nuevos de las revisiones del mes"
SOURCE_ACCOUNTS = "Métricas de cuenta: suma de Mensajes recibidos del mes"
SOURCE_MESSAGES = "Mensajes: registrados con fecha de recibido en el mes"


def build(tables: Mapping[str, pd.DataFrame], month: str, *, made_at: datetime | None = None,
          today: date | None = None, settings: Settings | None = None, analysis: str | None = None,
          recommendations: str | None = None) -> Report:
    """The monthly report of `month` (`AAAA-MM`) from a snapshot's tables. `today` is the day the pending
    queues are read (by default the day of `made_at`, now in Bogotá); `analysis` None writes a draft from the
    figures, which people edit; `recommendations` starts empty."""
    period = month_text(month)  # refuses a bad month first
    made_at = (made_at or datetime.now(BOGOTA)).astimezone(BOGOTA)
    today = today or made_at.date()
    settings = settings or settings_of(tables)
    counts = count_month(tables, month, today)
    total = len(counts.found.messages)
    on = fmt_date(today)
    report = Report(
        kind=KIND, title=TITLE, period_key=month, period_text=period[0].upper() + period[1:],
        header=header_of(settings), made_at=made_at, figures=_figures(counts, on), tables=_tables(counts, on),
        charts=_charts(counts, period) if total else (), notes=_notes(period, on),
        recommendations=recommendations or "", formats=("xlsx", "pdf", "csv"),
        empty_note=None if total else f"No hay mensajes recibidos en {period}; el informe se escribió sin mensajes.",
    )
    if analysis is None:
        analysis = draft_analysis(report)
    return report.with_texts(analysis=analysis)


def _figures(counts: MonthCounts, on: str) -> tuple[Figure, ...]:
    """The key figures: the month's messages, how they were answered and handed off, what is pending on the
    day the report is made, and the other sources' totals."""
    found, overall, sources = counts.found, counts.overall, counts.sources
    overdue_terms = counts.pending[QUEUES.index("terminos")]["Vencidos"]
    return (
        Figure("Mensajes recibidos en el mes", len(found.messages),
               source="Mensajes (todos, incluidos los que no son PQRS)"),
        Figure("Con tipología de PQRS", int(found.is_pqrs.sum()),
               source="Mensajes: Clasificación distinta de No es PQRS"),
        Figure(NOT_PQRS, int(found.is_not_pqrs.sum()), source="Mensajes: Clasificación"),
        Figure("Sin clasificar", int(found.unclassified.sum()), source="Mensajes: Clasificación vacía"),
        Figure("Respondidos en la red", overall["Respondidos"], source="Mensajes: Respondido"),
        Figure("Tiempo de respuesta, mediana (horas corridas)", overall["Respuesta: mediana (horas)"], "number",
               "Mensajes: Fecha de respuesta − Recibido"),
        Figure("Tiempo de respuesta, promedio (horas corridas)", overall["Respuesta: promedio (horas)"], "number",
               "Mensajes: Fecha de respuesta − Recibido"),
        Figure("Respondidos a más tardar el día hábil siguiente", overall["Respondidos a tiempo"],
               source="Mensajes: Fecha de respuesta"),
        Figure("Enviados a Atención a la Ciudadanía", overall["Enviados a ATC"], source="Mensajes: Enviado a ATC"),
        Figure("Tiempo de envío a ATC, mediana (días hábiles)", overall["Envío: mediana (días hábiles)"], "number",
               "Mensajes: Enviado a ATC − día de recibo"),
        Figure("Tiempo de envío a ATC, promedio (días hábiles)", overall["Envío: promedio (días hábiles)"], "number",
               "Mensajes: Enviado a ATC − día de recibo"),
        Figure("Enviados a más tardar el día hábil siguiente", overall["Enviados a tiempo"],
               source="Mensajes: Enviado a ATC"),
        Figure("Radicados en Bogotá te escucha", counts.filed, source="Mensajes: Radicado o Número de radicado"),
        Figure("Trasladados a otra entidad", counts.transferred, source="Mensajes: Trasladado a"),
        Figure(f"Pendientes al {on}", int(counts.pending_in.map(bool).astype(bool).sum()),
               source="Colas de mensajes (Mensajes)"),
        Figure(f"Términos legales vencidos al {on}", overdue_terms,
               source="Cola Términos (Mensajes): sin respuesta definitiva ni traslado, radicados o no"),
        Figure("Comentarios en las publicaciones del mes", sum(sources.comments.values()), source=SOURCE_COMMENTS),
        Figure("Mensajes nuevos anotados en el monitoreo", sum(sources.monitored.values()), source=SOURCE_MONITORING),
        Figure("Mensajes recibidos según las métricas de cuenta", sum(sources.reported.values()),
               source=SOURCE_ACCOUNTS),
    )


def _tables(counts: MonthCounts, on: str) -> tuple[Table, ...]:
    """The summary's tables, then the list of messages on its own sheet (cut in the PDF at `PDF_ROWS`)."""
    total = len(counts.found.messages)
    return (
        Table("Mensajes por red", NETWORK_COLUMNS, frame(counts.networks, NETWORK_COLUMNS)),
        Table("Mensajes por tipología", TYPOLOGY_COLUMNS, frame(counts.typologies, TYPOLOGY_COLUMNS),
              note="Término legal: días hábiles desde el día siguiente al recibo (Ley 1755 de 2015); vacío: sin "
                   "término. Los mensajes sin clasificar cuentan con el término general de 15 días."),
        Table("Mensajes por tema", TOPIC_COLUMNS, frame(counts.topics, TOPIC_COLUMNS)),
        Table("Mensajes por día", DAY_COLUMNS, frame(counts.days, DAY_COLUMNS)),
        Table("Tiempos de respuesta y de envío a ATC", TIME_COLUMNS, frame(counts.times, TIME_COLUMNS),
              note="A tiempo: a más tardar el día hábil siguiente al día de recibo (sin festivos ni días no hábiles "
                   "de Listas)."),
        Table(f"Pendientes al {on}", PENDING_COLUMNS, frame(counts.pending, PENDING_COLUMNS),
              note="Mensajes del mes en cada cola el día en que se elaboró el informe; un mensaje puede estar en "
                   "varias. Vencidos: su plazo (respuesta y envío, traslado o término legal) ya pasó."),
        Table("Otras fuentes del mes", SOURCE_COLUMNS, frame(counts.sources.rows, SOURCE_COLUMNS),
              note=f"Cada columna es su propia fuente: {SOURCE_COMMENTS}; {SOURCE_MONITORING}; {SOURCE_ACCOUNTS}. "
                   "No se suman con los mensajes registrados."),
        Table(LIST_TITLE, LIST_COLUMNS, frame(counts.listing, LIST_COLUMNS), sheet=LIST_SHEET, listing=True,
              pdf_limit=PDF_ROWS,
              limit_note=f"El PDF muestra los primeros {fmt_int(PDF_ROWS)} de {fmt_int(total)} mensajes; la lista "
                         "completa está en el archivo XLSX del informe."),
    )


def _charts(counts: MonthCounts, period: str) -> tuple:
    """Messages per day, per network and per tipología (those with messages)."""
    return (
        charts.per_day_chart(frame(counts.days, DAY_COLUMNS), title="Mensajes por día",
                             subtitle=f"Mensajes recibidos cada día de {period}."),
        charts.counts_bar_chart(frame(counts.networks, NETWORK_COLUMNS), "Red", "Mensajes", "Mensajes por red"),
        charts.counts_bar_chart(frame([row for row in counts.typologies if row["Mensajes"]], TYPOLOGY_COLUMNS),
                                "Tipología", "Mensajes", "Mensajes por tipología"),
    )


def _notes(period: str, on: str) -> tuple[str, ...]:
    """The rules and sources the figures follow (the module docstring's readings, in Spanish)."""
    return (
        f"Mensajes: todos los registrados en Mensajes con fecha de recibido en {period} (hora de Bogotá), "
        "incluidos los que no son PQRS. PQRS: los que tienen una tipología distinta de «No es PQRS».",
        "Vencimiento legal: último día del término de la tipología (Ley 1755 de 2015): 15 días hábiles para "
        "peticiones, quejas, reclamos, sugerencias y denuncias; 10 para solicitudes de acceso a la información y "
        "de copia; 30 para consultas; sin término para felicitaciones y lo que no es PQRS; 15 para los mensajes "
        "sin clasificar. Se cuenta desde el día siguiente al recibo, en días hábiles, sin festivos ni los días de "
        "suspensión de términos de Listas, se haya enviado o radicado el mensaje o no; los términos vencidos son "
        "los de los mensajes sin respuesta definitiva ni traslado cuyo vencimiento ya pasó.",
        "Tiempo de respuesta: horas corridas entre Recibido y Fecha de respuesta. Tiempo de envío a ATC: días "
        "hábiles (sin festivos ni días no hábiles de Listas) entre el día de recibo y la fecha de Enviado a ATC; "
        "0 es el mismo día. El límite de ambos es el día hábil siguiente al recibo.",
        f"Pendientes: las colas de mensajes el {on}, día en que se elaboró el informe.",
        f"Otras fuentes, cada una por separado: {SOURCE_COMMENTS}; {SOURCE_MONITORING}; {SOURCE_ACCOUNTS}.",
    )


def draft_analysis(report: Report) -> str:
    """A first draft of the «Análisis» from the figures; people edit it before sending the report."""
    figures = {figure.label: figure.value for figure in report.figures}
    total = figures["Mensajes recibidos en el mes"]
    period = report.period_text[0].lower() + report.period_text[1:]
    if not total:
        return f"En {period} no se registraron mensajes de las redes sociales."
    networks = report.table("Mensajes por red").rows
    top_network = networks.sort_values("Mensajes", ascending=False, kind="stable").iloc[0]
    typologies = report.table("Mensajes por tipología").rows
    named = typologies["Tipología"]
    typologies = typologies[named.isin(TYPOLOGY_CHOICES.values) & (named != NOT_PQRS)]
    lines = [f"En {period} se registraron {fmt_int(total)} mensajes de las redes sociales: "
             f"{fmt_int(figures['Con tipología de PQRS'])} con tipología de PQRS, {fmt_int(figures['No es PQRS'])} "
             f"que no son PQRS y {fmt_int(figures['Sin clasificar'])} sin clasificar. La red con más mensajes fue "
             f"{top_network['Red']} ({fmt_int(top_network['Mensajes'])})."]
    if len(typologies) and typologies["Mensajes"].max() > 0:
        top = typologies.sort_values("Mensajes", ascending=False, kind="stable").iloc[0]
        lines.append(f"La tipología más frecuente fue {top['Tipología']} ({fmt_int(top['Mensajes'])}).")
    answered = figures["Respondidos en la red"]
    median = figures["Tiempo de respuesta, mediana (horas corridas)"]
    text = f"Se respondieron {fmt_int(answered)} en la red"
    if median is not None:
        text += f", con una mediana de {fmt_number(median, 1)} horas"
    sent = figures["Enviados a Atención a la Ciudadanía"]
    text += f", y se enviaron {fmt_int(sent)} a Atención a la Ciudadanía"
    if sent:
        in_time = figures["Enviados a más tardar el día hábil siguiente"]
        text += f" ({fmt_int(in_time)} a más tardar el día hábil siguiente)"
    lines.append(text + ".")
    pending = next(figure for figure in report.figures if figure.label.startswith("Pendientes al "))
    lines.append(f"{pending.label}: {fmt_int(pending.value)} mensajes del mes.")
    return "\n".join(lines)
