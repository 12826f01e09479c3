"""Informe mensual de PQRS – canal virtual redes sociales: every message received in a month, for the leader
and Atención a la Ciudadanía (it carries citizens' handles and texts; they process the PQRS).

Readings made here (stated in the report itself):

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

import numpy as np
import pandas as pd

from core import charts
from core.domain.pqrs import (
    GENERAL_TERM_DAYS,
    QUEUE_LABELS,
    QUEUES,
    TERM_DAYS,
    handoff_days,
    handoff_due,
    legal_days,
    term_due,
)
from core.domain.status import status_of
from core.fmt import fmt_date, fmt_int, fmt_number
from core.reports.common import (
    Col,
    Figure,
    Report,
    Table,
    day_window,
    frame,
    header_of,
    month_bounds,
    month_text,
)
from core.settings import Settings, settings_of
from core.sheet.cells import BOGOTA
from core.sheet.contract import CLASIFICACION, NOT_PQRS, RED

KIND = "pqrs-mensual"
TITLE = "Informe mensual de PQRS – canal virtual redes sociales"
LIST_TITLE = "Mensajes del mes"
LIST_SHEET = "Mensajes"
PDF_ROWS = 1_000  # beyond this the PDF lists the first ones and points to the XLSX
UNCLASSIFIED = "Sin clasificar"
NO_TOPIC = "Sin tema"
PQRS = "PQRS"

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
TIPOLOGY_COLUMNS = (Col("Tipología"), Col("Mensajes", "int"), Col("Término legal (días hábiles)", "int"))
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


def _column(table: pd.DataFrame, name: str) -> pd.Series:
    return table[name] if name in table.columns else pd.Series(pd.NA, index=table.index, dtype=object)


def _texts(table: pd.DataFrame, name: str) -> pd.Series:
    """A text column as object values, None where empty."""
    values = _column(table, name)
    if pd.api.types.is_string_dtype(values) and values.dtype != object:
        empty = (values.isna() | (values.str.strip() == "")).to_numpy(dtype=bool)
        return values.astype(object).where(~empty, None)
    return values.astype(object).map(lambda value: None if value is None or value is pd.NA or value != value
                                     or not str(value).strip() else value).astype(object)


def _yes(table: pd.DataFrame, name: str) -> pd.Series:
    return _column(table, name).astype("boolean").fillna(False).astype(bool)


def _days(series: pd.Series) -> pd.Series:
    """Dates or Bogotá moments as Python dates (None where empty)."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_convert(BOGOTA).dt.tz_localize(None)
    elif not pd.api.types.is_datetime64_dtype(series):
        series = pd.to_datetime(series, errors="coerce")
    return series.dt.date.astype(object).where(series.notna(), None)


def _in_month(table: pd.DataFrame | None, column: str, first: date, last: date) -> pd.DataFrame:
    """The rows of `table` whose `column` (a moment or a date) falls in first..last, Bogotá days."""
    if table is None or column not in table.columns or table.empty:
        return pd.DataFrame(columns=[] if table is None else table.columns)
    values = table[column]
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        lower, upper = day_window(first, last)
        return table[(values >= lower) & (values < upper)]
    days = pd.to_datetime(values, errors="coerce")
    return table[(days >= pd.Timestamp(first)) & (days <= pd.Timestamp(last))]


def _sum_by_network(table: pd.DataFrame, column: str) -> dict[str, int]:
    if table.empty or column not in table.columns:
        return {}
    numbers = pd.to_numeric(table[column], errors="coerce").fillna(0)
    return {str(red): int(total) for red, total in numbers.groupby(table["Red"].astype(str)).sum().items()}


def _median(values: list[float]) -> float | None:
    return float(np.median(values)) if values else None


def _mean(values: list[float]) -> float | None:
    return float(np.mean(values)) if values else None


def build(tables: Mapping[str, pd.DataFrame], month: str, *, made_at: datetime | None = None,
          today: date | None = None, settings: Settings | None = None, analysis: str | None = None,
          recommendations: str | None = None) -> Report:
    """The monthly report of `month` (`AAAA-MM`) from a snapshot's tables. `today` is the day the pending
    queues are read (by default the day of `made_at`, now in Bogotá); `analysis` None writes a draft from the
    figures, which people edit; `recommendations` starts empty."""
    first, last = month_bounds(month)
    made_at = (made_at or datetime.now(BOGOTA)).astimezone(BOGOTA)
    today = today or made_at.date()
    settings = settings or settings_of(tables)
    period = month_text(month)
    messages = _in_month(tables["Mensajes"], "Recibido", first, last)
    order = pd.DataFrame({"at": messages["Recibido"], "id": _texts(messages, "ID").fillna("")}).reset_index(drop=True)
    messages = messages.iloc[order.sort_values(["at", "id"], kind="stable").index]

    legal, internal = legal_days(tables), handoff_days(tables)
    received = _days(messages["Recibido"])
    tipologia = _texts(messages, "Clasificación")
    pairs = set(zip(received, tipologia))
    dues = {(day, tip): term_due({"Recibido": day, "Clasificación": tip}, legal) for day, tip in pairs}
    handoffs = {day: handoff_due({"Recibido": day}, internal) for day in set(received)}
    legal_due = pd.Series([dues[pair] for pair in zip(received, tipologia)], index=messages.index, dtype=object)
    handoff = received.map(handoffs)

    # The queues on `today` as the register's status has them (core/domain/status.py), for the month's messages.
    month_rows = set(messages.index)
    found = status_of(tables, today).queues
    queued = {name: [item for item in found[name] if item.row in month_rows] for name in QUEUES}
    pending_in = pd.Series([[] for _ in range(len(messages))], index=messages.index, dtype=object)
    for name in QUEUES:
        for item in queued[name]:
            pending_in.at[item.row].append(QUEUE_LABELS[name])

    filed_number = _texts(messages, "Número de radicado")
    listing = frame(pd.DataFrame({
        "ID": _texts(messages, "ID"),
        "Recibido": messages["Recibido"].astype(object),
        "Red": _texts(messages, "Red"),
        "Tipo de interacción": _texts(messages, "Tipo de interacción"),
        "Usuario": _texts(messages, "Usuario"),
        "Mensaje": _column(messages, "Mensaje").astype(object),
        "Tipología": tipologia,
        "Tema": _texts(messages, "Tema"),
        "Respondido": _column(messages, "Respondido").astype(object),
        "Fecha de respuesta": _column(messages, "Fecha de respuesta").astype(object),
        "Enviado a ATC": _days(_column(messages, "Enviado a ATC")),
        "Número de radicado": filed_number,
        "Fecha de radicación": _days(_column(messages, "Fecha de radicación")),
        "Trasladado a": _texts(messages, "Trasladado a"),
        "Vencimiento legal": legal_due,
        "Pendiente en": pending_in.map(lambda names: "; ".join(names) or None),
    }, index=messages.index), LIST_COLUMNS)

    # Counts.
    is_not_pqrs = (tipologia == NOT_PQRS).to_numpy(dtype=bool)
    unclassified = tipologia.isna().to_numpy(dtype=bool)
    is_pqrs = ~is_not_pqrs & ~unclassified
    networks = _texts(messages, "Red").fillna("")
    seen_networks = [name for name in dict.fromkeys(networks) if name and name not in RED.values]
    network_rows = []
    for name in (*RED.values, *sorted(seen_networks)):
        mine = (networks == name).to_numpy(dtype=bool)
        network_rows.append({"Red": name, "Mensajes": int(mine.sum()), PQRS: int((mine & is_pqrs).sum()),
                             NOT_PQRS: int((mine & is_not_pqrs).sum()), UNCLASSIFIED: int((mine & unclassified).sum())})
    by_tipology = tipologia.fillna(UNCLASSIFIED).value_counts()
    tipology_rows = [{"Tipología": name, "Mensajes": int(by_tipology.get(name, 0)), "Término legal (días hábiles)":
                      TERM_DAYS[name]} for name in CLASIFICACION.values]
    tipology_rows.append({"Tipología": UNCLASSIFIED, "Mensajes": int(by_tipology.get(UNCLASSIFIED, 0)),
                          "Término legal (días hábiles)": GENERAL_TERM_DAYS})
    topics = _texts(messages, "Tema").fillna(NO_TOPIC).value_counts()
    topic_rows = sorted(({"Tema": str(name), "Mensajes": int(count)} for name, count in topics.items()),
                        key=lambda row: (-row["Mensajes"], row["Tema"] == NO_TOPIC, row["Tema"]))
    per_day = pd.Series(1, index=messages.index).groupby(received).sum() if len(messages) else pd.Series(dtype=int)
    pqrs_per_day = (pd.Series(is_pqrs.astype(int), index=messages.index).groupby(received).sum()
                    if len(messages) else pd.Series(dtype=int))
    day_rows = [{"Día": day, "Mensajes": int(per_day.get(day, 0)), PQRS: int(pqrs_per_day.get(day, 0))}
                for day in pd.date_range(first, last).date]

    # Times.
    answered_flag = _yes(messages, "Respondido").to_numpy(dtype=bool)
    answered_at = _column(messages, "Fecha de respuesta")
    hours = ((answered_at - messages["Recibido"]).dt.total_seconds() / 3600
             if isinstance(answered_at.dtype, pd.DatetimeTZDtype) else pd.Series(np.nan, index=messages.index))
    answer_day = _days(answered_at)
    sent_day = _days(_column(messages, "Enviado a ATC"))
    spans: dict[tuple[date, date], int] = {}
    handoff_span = []
    for start, sent in zip(received, sent_day):
        if sent is None or start is None or sent < start:
            handoff_span.append(np.nan)
            continue
        if (start, sent) not in spans:
            spans[start, sent] = internal.between(start, sent)
        handoff_span.append(spans[start, sent])
    handoff_span = pd.Series(handoff_span, index=messages.index, dtype=float)
    answered_in_time = pd.Series([answer is not None and due is not None and answer <= due
                                  for answer, due in zip(answer_day, handoff)], index=messages.index, dtype=bool)
    sent_in_time = pd.Series([sent is not None and due is not None and sent <= due
                              for sent, due in zip(sent_day, handoff)], index=messages.index, dtype=bool)
    valid_hours = hours.where(hours >= 0)

    def times(mask: np.ndarray) -> dict:
        answer_hours = valid_hours[mask].dropna().tolist()
        handoffs_done = handoff_span[mask].dropna().tolist()
        return {
            "Respondidos": int((answered_flag & mask).sum()),
            "Respuesta: mediana (horas)": _median(answer_hours),
            "Respuesta: promedio (horas)": _mean(answer_hours),
            "Respondidos a tiempo": int(answered_in_time[mask].sum()),
            "Enviados a ATC": int(pd.Series(sent_day)[mask].notna().sum()),
            "Envío: mediana (días hábiles)": _median(handoffs_done),
            "Envío: promedio (días hábiles)": _mean(handoffs_done),
            "Enviados a tiempo": int(sent_in_time[mask].sum()),
        }

    everything = np.ones(len(messages), dtype=bool)
    time_rows = [{"Red": row["Red"], **times((networks == row["Red"]).to_numpy(dtype=bool))}
                 for row in network_rows if row["Mensajes"]]
    overall = times(everything)
    time_rows.append({"Red": "Total", **overall})

    # Pending on `today`, with how many are past their limit.
    pending_rows = [{"Cola": QUEUE_LABELS[name], "Mensajes": len(queued[name]),
                     "Vencidos": sum(item.overdue(today) for item in queued[name])} for name in QUEUES]
    any_pending = pending_in.map(bool).astype(bool)
    overdue_terms = pending_rows[QUEUES.index("terminos")]["Vencidos"]

    # The other sources.
    posts = tables.get("Publicaciones")
    published = _in_month(posts, "Publicada", first, last)
    if len(published):
        published = published[published["Estado"] == "Publicada"]
    monitoring = _in_month(tables.get("Monitoreo"), "Fecha", first, last)
    account_metrics = tables.get("Métricas de cuenta")
    of_month = (account_metrics[account_metrics["Mes"] == month] if account_metrics is not None
                and "Mes" in account_metrics.columns else pd.DataFrame())
    comments = _sum_by_network(published, "Comentarios")
    monitored = _sum_by_network(monitoring, "Mensajes nuevos")
    reported = _sum_by_network(of_month, "Mensajes recibidos")
    extra_networks = sorted((set(comments) | set(monitored) | set(reported)) - set(RED.values))
    source_rows = [{"Red": name, "Comentarios en publicaciones": comments.get(name, 0),
                    "Mensajes nuevos en Monitoreo": monitored.get(name, 0),
                    "Mensajes recibidos (Métricas de cuenta)": reported.get(name, 0)}
                   for name in (*RED.values, *extra_networks)]

    total = len(messages)
    sent_total = overall["Enviados a ATC"]
    filed = int((_yes(messages, "Radicado") | filed_number.notna()).sum())
    transferred = int(_texts(messages, "Trasladado a").notna().sum())
    on = fmt_date(today)
    figures = (
        Figure("Mensajes recibidos en el mes", total, source="Mensajes (todos, incluidos los que no son PQRS)"),
        Figure("Con tipología de PQRS", int(is_pqrs.sum()), source="Mensajes: Clasificación distinta de No es PQRS"),
        Figure("No es PQRS", int(is_not_pqrs.sum()), source="Mensajes: Clasificación"),
        Figure("Sin clasificar", int(unclassified.sum()), source="Mensajes: Clasificación vacía"),
        Figure("Respondidos en la red", overall["Respondidos"], source="Mensajes: Respondido"),
        Figure("Tiempo de respuesta, mediana (horas corridas)", overall["Respuesta: mediana (horas)"], "number",
               "Mensajes: Fecha de respuesta − Recibido"),
        Figure("Tiempo de respuesta, promedio (horas corridas)", overall["Respuesta: promedio (horas)"], "number",
               "Mensajes: Fecha de respuesta − Recibido"),
        Figure("Respondidos a más tardar el día hábil siguiente", overall["Respondidos a tiempo"],
               source="Mensajes: Fecha de respuesta"),
        Figure("Enviados a Atención a la Ciudadanía", sent_total, source="Mensajes: Enviado a ATC"),
        Figure("Tiempo de envío a ATC, mediana (días hábiles)", overall["Envío: mediana (días hábiles)"], "number",
               "Mensajes: Enviado a ATC − día de recibo"),
        Figure("Tiempo de envío a ATC, promedio (días hábiles)", overall["Envío: promedio (días hábiles)"], "number",
               "Mensajes: Enviado a ATC − día de recibo"),
        Figure("Enviados a más tardar el día hábil siguiente", overall["Enviados a tiempo"],
               source="Mensajes: Enviado a ATC"),
        Figure("Radicados en Bogotá te escucha", filed, source="Mensajes: Radicado o Número de radicado"),
        Figure("Trasladados a otra entidad", transferred, source="Mensajes: Trasladado a"),
        Figure(f"Pendientes al {on}", int(any_pending.sum()), source="Colas de mensajes (Mensajes)"),
        Figure(f"Términos legales vencidos al {on}", overdue_terms,
               source="Cola Términos (Mensajes): sin respuesta definitiva ni traslado, radicados o no"),
        Figure("Comentarios en las publicaciones del mes", sum(comments.values()), source=SOURCE_COMMENTS),
        Figure("Mensajes nuevos anotados en el monitoreo", sum(monitored.values()), source=SOURCE_MONITORING),
        Figure("Mensajes recibidos según las métricas de cuenta", sum(reported.values()), source=SOURCE_ACCOUNTS),
    )
    tables_out = (
        Table("Mensajes por red", NETWORK_COLUMNS, frame(network_rows, NETWORK_COLUMNS)),
        Table("Mensajes por tipología", TIPOLOGY_COLUMNS, frame(tipology_rows, TIPOLOGY_COLUMNS),
              note="Término legal: días hábiles desde el día siguiente al recibo (Ley 1755 de 2015); vacío: sin "
                   "término. Los mensajes sin clasificar cuentan con el término general de 15 días."),
        Table("Mensajes por tema", TOPIC_COLUMNS, frame(topic_rows, TOPIC_COLUMNS)),
        Table("Mensajes por día", DAY_COLUMNS, frame(day_rows, DAY_COLUMNS)),
        Table("Tiempos de respuesta y de envío a ATC", TIME_COLUMNS, frame(time_rows, TIME_COLUMNS),
              note="A tiempo: a más tardar el día hábil siguiente al día de recibo (sin festivos ni días no hábiles "
                   "de Listas)."),
        Table(f"Pendientes al {on}", PENDING_COLUMNS, frame(pending_rows, PENDING_COLUMNS),
              note="Mensajes del mes en cada cola el día en que se elaboró el informe; un mensaje puede estar en "
                   "varias. Vencidos: su plazo (respuesta y envío, traslado o término legal) ya pasó."),
        Table("Otras fuentes del mes", SOURCE_COLUMNS, frame(source_rows, SOURCE_COLUMNS),
              note=f"Cada columna es su propia fuente: {SOURCE_COMMENTS}; {SOURCE_MONITORING}; {SOURCE_ACCOUNTS}. "
                   "No se suman con los mensajes registrados."),
        Table(LIST_TITLE, LIST_COLUMNS, listing, sheet=LIST_SHEET, listing=True, pdf_limit=PDF_ROWS,
              limit_note=f"El PDF muestra los primeros {fmt_int(PDF_ROWS)} de {fmt_int(total)} mensajes; la lista "
                         "completa está en el archivo XLSX del informe."),
    )
    report_charts = (
        charts.per_day_chart(frame(day_rows, DAY_COLUMNS), title="Mensajes por día",
                             subtitle=f"Mensajes recibidos cada día de {period}."),
        charts.counts_bar_chart(frame(network_rows, NETWORK_COLUMNS), "Red", "Mensajes", "Mensajes por red"),
        charts.counts_bar_chart(frame([row for row in tipology_rows if row["Mensajes"]], TIPOLOGY_COLUMNS),
                                "Tipología", "Mensajes", "Mensajes por tipología"),
    ) if total else ()
    notes = (
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
    report = Report(
        kind=KIND, title=TITLE, period_key=month, period_text=period[0].upper() + period[1:],
        header=header_of(settings), made_at=made_at, figures=figures, tables=tables_out, charts=report_charts,
        notes=notes, recommendations=recommendations or "", formats=("xlsx", "pdf", "csv"),
        empty_note=None if total else f"No hay mensajes recibidos en {period}; el informe se escribió sin mensajes.",
    )
    if analysis is None:
        analysis = draft_analysis(report)
    return report.with_texts(analysis=analysis)


def draft_analysis(report: Report) -> str:
    """A first draft of the «Análisis» from the figures; people edit it before sending the report."""
    figures = {figure.label: figure.value for figure in report.figures}
    total = figures["Mensajes recibidos en el mes"]
    period = report.period_text[0].lower() + report.period_text[1:]
    if not total:
        return f"En {period} no se registraron mensajes de las redes sociales."
    networks = report.table("Mensajes por red").rows
    top_network = networks.sort_values("Mensajes", ascending=False, kind="stable").iloc[0]
    tipologies = report.table("Mensajes por tipología").rows
    tipologies = tipologies[tipologies["Tipología"].isin(CLASIFICACION.values) & (tipologies["Tipología"] != NOT_PQRS)]
    lines = [f"En {period} se registraron {fmt_int(total)} mensajes de las redes sociales: "
             f"{fmt_int(figures['Con tipología de PQRS'])} con tipología de PQRS, {fmt_int(figures['No es PQRS'])} "
             f"que no son PQRS y {fmt_int(figures['Sin clasificar'])} sin clasificar. La red con más mensajes fue "
             f"{top_network['Red']} ({fmt_int(top_network['Mensajes'])})."]
    if len(tipologies) and tipologies["Mensajes"].max() > 0:
        top = tipologies.sort_values("Mensajes", ascending=False, kind="stable").iloc[0]
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
