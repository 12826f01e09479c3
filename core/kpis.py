"""The leader's indicators (issue 7): small aggregate tables of a snapshot for a period and filters, shared by
the «Indicadores» page and the reports, so that each figure is computed once, here, and both say the same.

The readings, each also said on the page:

- **Posts**: the published ones (`Estado` Publicada) whose `Publicada` falls in the period (Bogotá days).
  Networks are compared on base-independent figures (posts, reach where the network gives it, interactions).
  Engagement is each post's own rate (`core.domain.engagement`); a network's figure is the median over its posts on
  its most common base, given with that base and how many posts it covers. Best and worst posts are ranked
  within a network on that base: rates on different bases are never compared.
- **Requests**: the ones received in the period (`Fecha de solicitud`), by current stage and path.
- **On time per stage** (needs Historial): every stage whose due date falls in the period. A stage left
  through a Divulga action (Historial's `Etapa` changes) is on time when it was left on or before its due
  date; a stage still in course and past its due date is late; closure (stage 8) is on time when the
  evidence was sent by its due date. Hand edits of `Etapa` leave no Historial row: they are not counted.
- **Adjustment rounds** (needs Historial): how many times each request received in the period went back to
  Ajustes from approval or publication.
- **Messages**: the ones received in the period: received, PQRS (all but «No es PQRS»), answered, sent to
  Atención a la Ciudadanía, registered (Radicado or a Número de radicado); the median hours to the first
  answer (`Fecha de respuesta`) and the median business days to the hand-off (`Enviado a ATC`), by
  tipología, topic or network.
- **Legal terms**: the terms running on the period's last day (today while the period is running; the
  «Términos» queue of the register's status, `core.domain.status`: filed or not), by state
  (`core.domain.pqrs.term_state`) and tipología, and the list of those running out.
- **Community**: `Métricas de cuenta`, followers per account and month; growth = the change from the month
  before.

Filters: network (posts, requests whose `Redes` include it, messages, accounts), area (posts through their
request or campaign, as `grid_export.select_posts` reads it; requests' `Área solicitante`) and eje del plan
(requests' `Eje del plan`, else their campaign's; posts through their request, else their campaign).
Messages and accounts have neither area nor eje: only the network filter applies to them.

Pure functions of the snapshot's tables (and Historial's frame), a period and a day: no clock, no storage.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
import pandas as pd

from core.domain.business_days import BusinessDays
from core.domain.campaigns import campaign_ends
from core.domain.engagement import ALL_PARTS, IMPRESSIONS, REACH, VIEWS, engagement_frame
from core.domain.pqrs import handoff_days, legal_days, term_state
from core.domain.status import Status, office_days, status_of
from core.domain.workflow import (
    BEFORE_PUBLICATION,
    CANCELLED,
    CLOSURE,
    INDEPENDENT,
    PATHS,
    PUBLICATION,
    due_of,
    is_closed,
    stage_number,
)
from core.domain.workflow import CAMPAIGN as PATHS_CAMPAIGN
from core.fmt import fmt_date, fmt_int, fmt_number, fmt_pct
from core.register import row_values
from core.reports.grid_export import select_posts
from core.sheet.cells import BOGOTA, is_empty, normalize
from core.sheet.contract import NOT_PQRS, RED, STAGES

PUBLISHED = "Publicada"
WEEKLY_UP_TO_DAYS = 62  # a period up to two months is shown week by week; a longer one month by month
TOP_N = 3  # best and worst posts per network
MONTHS = ("ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic.")
PRESETS = ("Este mes", "Mes pasado", "Este semestre", "Rango personalizado")
BASE_ORDER = (REACH, IMPRESSIONS, VIEWS)  # a tie between a network's bases goes to reach
CLOSED_LABEL = "Cerrada"  # a request in Cierre whose evidence was sent
ADJUSTMENTS_STAGE = STAGES[4]
ROUND_LABELS = ("0", "1", "2", "3 o más")
DUE_MARGIN = timedelta(days=45)  # see `_near`
TERM_STATES = ("vencido", "por vencer", "en término")
DIMENSIONS = {"Tipología": "Clasificación", "Tema": "Tema", "Red": "Red"}  # label -> Mensajes column
EMPTY_LABEL = {"Clasificación": "Sin clasificar", "Tema": "Sin tema", "Red": "Sin red"}


# --- period and filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Both days included, in Bogotá."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("El periodo termina antes de empezar.")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def bucket(self) -> str:
        """«semana» or «mes»: how the charts over time group the period."""
        return "semana" if self.days <= WEEKLY_UP_TO_DAYS else "mes"

    def label(self) -> str:
        return f"del {fmt_date(self.start)} al {fmt_date(self.end)}"

    def window(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """[first moment, first moment after) in Bogotá time, to compare moments without converting them."""
        return (pd.Timestamp(datetime.combine(self.start, time(), BOGOTA)),
                pd.Timestamp(datetime.combine(self.end + timedelta(days=1), time(), BOGOTA)))

    def as_of(self, today: date) -> date:
        """The day the state of things is read on: the period's last day, or today while it runs."""
        return min(self.end, max(today, self.start))


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def period_of(preset: str, today: date, custom: tuple[date, date] | None = None) -> Period:
    """The period of one of `PRESETS`: this month, last month, this semester (January to June or July to
    December) or a custom range (both days included, in any order)."""
    if preset == PRESETS[0]:
        return Period(today.replace(day=1), _month_end(today))
    if preset == PRESETS[1]:
        first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
        return Period(first, _month_end(first))
    if preset == PRESETS[2]:
        first_half = today.month <= 6
        return Period(date(today.year, 1 if first_half else 7, 1), date(today.year, 6 if first_half else 12,
                                                                          30 if first_half else 31))
    if preset == PRESETS[3]:
        if not custom or len(custom) != 2 or None in custom:
            raise ValueError("Elija el primer y el último día del rango.")
        return Period(min(custom), max(custom))
    raise ValueError(f"Periodo desconocido: {preset}")


@dataclass(frozen=True)
class Filters:
    network: str | None = None
    area: str | None = None
    axis: str | None = None  # eje del plan

    def describe(self) -> str:
        parts = [f"{name}: {value}" for name, value in (("Red", self.network), ("Área", self.area),
                                                         ("Eje del plan", self.axis)) if value]
        return " · ".join(parts) or "sin filtros"


# --- helpers --------------------------------------------------------------------------------------------


def _texts(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column as stripped text, "" where empty or missing."""
    if column not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[column].astype("string").str.strip().fillna("").astype(object)


def _by_id(frame: pd.DataFrame | None, column: str) -> dict[str, str]:
    if frame is None or frame.empty:
        return {}
    return {key: value for key, value in zip(_texts(frame, "ID"), _texts(frame, column)) if key and value}


def _matches(values: pd.Series, wanted: str) -> pd.Series:
    """Which texts equal `wanted` ignoring case, accents and spaces (each distinct value normalised once)."""
    key = normalize(wanted)
    same = {value for value in values.unique() if value and normalize(value) == key}
    return values.isin(same)


def _numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(np.nan, index=frame.index, dtype=float)
    return pd.to_numeric(frame[column], errors="coerce").astype(float)


def _bogota_days(moments: pd.Series) -> pd.Series:
    """Aware moments as naive midnights of their Bogotá day (NaT stays NaT)."""
    return moments.dt.tz_convert(BOGOTA).dt.tz_localize(None).dt.normalize()


def network_order(names) -> list[str]:
    """The contract's networks first, in its order, then any other (a network the leader added) by name."""
    names = [name for name in dict.fromkeys(names) if name]
    known = [name for name in RED.values if name in names]
    return known + sorted((name for name in names if name not in RED.values), key=normalize)


# --- posts ----------------------------------------------------------------------------------------------


# What the indicators read of a post (engagement reads the figures; the rest is shown or filtered on).
POST_COLUMNS = ("ID", "Origen", "Solicitud", "Estrategia", "Red", "Programada", "Publicada", "Estado", "Enlace",
                REACH, IMPRESSIONS, VIEWS, "Interacciones", *ALL_PARTS)


def _axis_of_posts(posts: pd.DataFrame, requests: pd.DataFrame, campaigns: pd.DataFrame) -> pd.Series:
    """A post's eje del plan: its request's, else its campaign's (its own, or its request's campaign)."""
    request_axis = _by_id(requests, "Eje del plan")
    request_campaign = _by_id(requests, "Estrategia")
    campaign_axis = _by_id(campaigns, "Eje del plan")
    axes = []
    for request, own in zip(_texts(posts, "Solicitud"), _texts(posts, "Estrategia")):
        campaign = own or request_campaign.get(request, "")
        axes.append(request_axis.get(request, "") or campaign_axis.get(campaign, ""))
    return pd.Series(axes, index=posts.index, dtype=object)


def published_posts(tables: Mapping[str, pd.DataFrame], period: Period, filters: Filters = Filters()) -> pd.DataFrame:
    """The posts published in the period that pass the filters (the columns of `POST_COLUMNS`), with their
    engagement (`interacciones`, `base`, `engagement`, from `core.domain.engagement`)."""
    posts = tables["Publicaciones"]
    lower, upper = period.window()
    keep = (posts["Estado"] == PUBLISHED) & (posts["Publicada"] >= lower) & (posts["Publicada"] < upper)
    if filters.network:
        keep &= posts["Red"] == filters.network
    chosen = posts.loc[keep.fillna(False).astype(bool).to_numpy(), [name for name in POST_COLUMNS if name in posts]]
    if (filters.area or filters.axis) and len(chosen):
        # Only the requests these posts name: the lookups stay small however large the register is.
        requests = tables["Solicitudes"]
        requests = requests[requests["ID"].isin(chosen["Solicitud"].dropna().unique())]
        campaigns = tables["Estrategias"]
        if filters.area:  # the grid's own reading of a post's area: its request's, else its campaign's
            area = select_posts({"Publicaciones": chosen, "Solicitudes": requests, "Estrategias": campaigns},
                                area=filters.area, with_cancelled=True)
            chosen = chosen[chosen.index.isin(area.index)]
        if filters.axis:
            chosen = chosen[_matches(_axis_of_posts(chosen, requests, campaigns), filters.axis).to_numpy()]
    rates = engagement_frame(chosen)
    # Plain objects for the few columns the figures group by: faster than Arrow strings on small frames.
    return chosen.assign(Red=chosen["Red"].astype(object), interacciones=rates["interacciones"],
                         base=rates["base"].astype(object), engagement=rates["engagement"])


def main_bases(posts: pd.DataFrame) -> dict[str, str]:
    """Each network's most common engagement base among its rated posts (a tie goes to reach)."""
    rated = posts.dropna(subset=["base"])
    if rated.empty:
        return {}
    counts = rated.groupby(["Red", "base"]).size().reset_index(name="n")
    counts["order"] = counts["base"].map({base: i for i, base in enumerate(BASE_ORDER)})
    counts = counts.sort_values(["Red", "n", "order"], ascending=[True, False, True])
    return dict(zip(*counts.drop_duplicates("Red")[["Red", "base"]].T.to_numpy()))


def _on_main_base(posts: pd.DataFrame, bases: Mapping[str, str]) -> pd.DataFrame:
    return posts[posts["base"].notna() & (posts["base"] == posts["Red"].map(bases))]


def per_network(posts: pd.DataFrame) -> pd.DataFrame:
    """One row per network: Red, Publicaciones, Alcance (sum; NaN when no post has reach), Con alcance
    (posts with reach), Interacciones, Base (the main base), Engagement (median on it), En la base (posts it
    covers)."""
    columns = ["Red", "Publicaciones", "Alcance", "Con alcance", "Interacciones", "Base", "Engagement",
               "En la base"]
    if posts.empty:
        return pd.DataFrame(columns=columns)
    networks = posts["Red"].astype(object)
    reach = _numbers(posts, REACH)
    bases = main_bases(posts)
    rated = _on_main_base(posts, bases)
    frame = pd.DataFrame({
        "Publicaciones": networks.value_counts(),
        "Alcance": reach.groupby(networks).sum(min_count=1),
        "Con alcance": reach.notna().groupby(networks).sum(),
        "Interacciones": posts["interacciones"].groupby(networks).sum(min_count=1),
        "Base": pd.Series(bases, dtype=object),
        "Engagement": rated.groupby(rated["Red"].astype(object))["engagement"].median(),
        "En la base": rated["Red"].astype(object).value_counts(),
    })
    frame = frame.reindex(network_order(frame.index)).rename_axis("Red").reset_index()
    for name in ("Publicaciones", "Con alcance", "En la base"):
        frame[name] = frame[name].fillna(0).astype(int)
    return frame[columns]


def buckets(period: Period, as_of: date) -> list[tuple[date, str]]:
    """The period's weeks (from Monday) or months up to `as_of`, each as (first day in the period, label)."""
    last = min(period.end, as_of) if as_of >= period.start else period.end
    found = []
    if period.bucket == "semana":
        monday = period.start - timedelta(days=period.start.weekday())
        while monday <= last:
            first = max(monday, period.start)
            found.append((first, f"semana del {first:%d/%m}"))
            monday += timedelta(days=7)
    else:
        month = period.start.replace(day=1)
        while month <= last:
            first = max(month, period.start)
            found.append((first, f"{MONTHS[month.month - 1]} {month.year}"))
            month = (month + timedelta(days=32)).replace(day=1)
    return found


def _bucket_of(days: pd.Series, period: Period) -> pd.Series:
    """The first day (in the period) of each day's bucket, as naive midnights."""
    if period.bucket == "semana":
        starts = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    else:
        starts = days.dt.to_period("M").dt.start_time
    return starts.clip(lower=pd.Timestamp(period.start))


def over_time(posts: pd.DataFrame, period: Period, as_of: date) -> pd.DataFrame:
    """Per bucket and network: Desde (the bucket's first day), Periodo (its label), Red, Publicaciones,
    Alcance, Interacciones, Engagement (median on the network's main base) and Base. Every bucket of every
    network with posts in the period is there (0 posts where it had none)."""
    columns = ["Desde", "Periodo", "Red", "Publicaciones", "Alcance", "Interacciones", "Engagement", "Base"]
    if posts.empty:
        return pd.DataFrame(columns=columns)
    slots = buckets(period, as_of)
    bases = main_bases(posts)
    networks = network_order(posts["Red"])
    keys = pd.DataFrame({"Desde": _bucket_of(_bogota_days(posts["Publicada"]), period),
                         "Red": posts["Red"].astype(object)}, index=posts.index)
    rated = _on_main_base(posts, bases)
    grouped = pd.DataFrame({
        "Publicaciones": keys.groupby(["Desde", "Red"]).size(),
        "Alcance": _numbers(posts, REACH).groupby([keys["Desde"], keys["Red"]]).sum(min_count=1),
        "Interacciones": posts["interacciones"].groupby([keys["Desde"], keys["Red"]]).sum(min_count=1),
        "Engagement": rated["engagement"].groupby([keys.loc[rated.index, "Desde"],
                                                   keys.loc[rated.index, "Red"]]).median(),
    })
    grid = pd.MultiIndex.from_product([[pd.Timestamp(first) for first, _ in slots], networks],
                                      names=["Desde", "Red"])
    frame = grouped.reindex(grid).reset_index()
    frame["Publicaciones"] = frame["Publicaciones"].fillna(0).astype(int)
    frame["Interacciones"] = frame["Interacciones"].where(frame["Publicaciones"] > 0, 0)
    frame["Periodo"] = frame["Desde"].map({pd.Timestamp(first): label for first, label in slots})
    frame["Desde"] = frame["Desde"].dt.date
    frame["Base"] = frame["Red"].map(bases)
    return frame[columns]


def per_origin(posts: pd.DataFrame) -> pd.DataFrame:
    """Posts per network and origin: Red, Origen, Publicaciones (only the pairs with posts)."""
    columns = ["Red", "Origen", "Publicaciones"]
    if posts.empty:
        return pd.DataFrame(columns=columns)
    origins = _texts(posts, "Origen").replace("", "Sin origen")
    counts = pd.DataFrame({"Red": posts["Red"].astype(object), "Origen": origins}).value_counts()
    frame = counts.rename("Publicaciones").reset_index()
    order = {name: i for i, name in enumerate(network_order(frame["Red"]))}
    return frame.assign(_o=frame["Red"].map(order)).sort_values(["_o", "Publicaciones", "Origen"],
                                                                ascending=[True, False, True])[columns] \
        .reset_index(drop=True)


def top_posts(posts: pd.DataFrame, n: int = TOP_N) -> pd.DataFrame:
    """Each network's `n` best posts by engagement on its main base and, when it has more than `n`, its `n`
    worst (never the same post twice): Red, Lista («Mejores» / «Menos»), Puesto, ID, Publicada, Origen,
    Interacciones, Engagement, Base, Enlace."""
    columns = ["Red", "Lista", "Puesto", "ID", "Publicada", "Origen", "Interacciones", "Engagement", "Base",
               "Enlace"]
    rated = _on_main_base(posts, main_bases(posts))
    if rated.empty:
        return pd.DataFrame(columns=columns)
    rated = rated[[name for name in ("Red", "ID", "Publicada", "Origen", "Enlace", "interacciones", "engagement",
                                     "base") if name in rated]]
    ranked = rated.assign(_id=_texts(rated, "ID")).sort_values(["engagement", "Publicada", "_id"],
                                                              ascending=[False, True, True])
    place = ranked.groupby("Red", sort=False).cumcount() + 1
    size = ranked.groupby("Red", sort=False)["Red"].transform("size")
    best = place <= n
    worst = ~best & (place > size - n)
    ranked = ranked.assign(Lista=np.where(best, "Mejores", "Menos"), Puesto=place,
                           _net=ranked["Red"].map({name: i for i, name in enumerate(network_order(ranked["Red"]))}),
                           _list=~best, _order=np.where(best, place, -place))
    frame = ranked[best | worst].sort_values(["_net", "_list", "_order"], kind="stable").rename(
        columns={"interacciones": "Interacciones", "engagement": "Engagement", "base": "Base"})
    for name in ("Origen", "Enlace"):
        if name not in frame:
            frame[name] = None
    return frame[columns].reset_index(drop=True)


# --- requests -------------------------------------------------------------------------------------------


def filtered_requests(tables: Mapping[str, pd.DataFrame], filters: Filters = Filters()) -> pd.DataFrame:
    """The requests that pass the filters (any date): network in `Redes`, `Área solicitante`, eje del plan
    (its own, else its campaign's)."""
    requests = tables["Solicitudes"]
    keep = pd.Series(True, index=requests.index)
    if filters.network and len(requests):
        keep &= requests["Redes"].map(lambda names: isinstance(names, list) and filters.network in names)
    if filters.area and len(requests):
        keep &= _matches(_texts(requests, "Área solicitante"), filters.area)
    if filters.axis and len(requests):
        campaign_axis = _by_id(tables.get("Estrategias"), "Eje del plan")
        own = _texts(requests, "Eje del plan")
        through = pd.Series([campaign_axis.get(key, "") for key in _texts(requests, "Estrategia")],
                            index=requests.index, dtype=object)
        keep &= _matches(own.where(own != "", through), filters.axis)
    return requests[keep.astype(bool)]


def received_requests(tables: Mapping[str, pd.DataFrame], period: Period, filters: Filters = Filters()) -> pd.DataFrame:
    """The requests received in the period (`Fecha de solicitud`) that pass the filters."""
    requests = filtered_requests(tables, filters)
    days = requests["Fecha de solicitud"]
    return requests[(days >= pd.Timestamp(period.start)) & (days <= pd.Timestamp(period.end))]


def stage_label(request_stage: pd.Series, evidence_sent: pd.Series) -> pd.Series:
    """The stage as the indicators name it: a closed request (`core.domain.workflow.is_closed`) is «Cerrada»."""
    closed = [is_closed({"Etapa": stage, "Evidencias enviadas": sent}) for stage, sent in zip(request_stage,
                                                                                            evidence_sent)]
    return request_stage.astype(object).where(~np.array(closed, dtype=bool), CLOSED_LABEL)


STAGE_ROWS = (*STAGES, CLOSED_LABEL, CANCELLED)  # the order of the per-stage table


def requests_per_stage(requests: pd.DataFrame) -> pd.DataFrame:
    """Requests per current stage and path: Etapa, Camino (the `Modalidad`), Solicitudes (only pairs with
    requests), in the procedure's order."""
    columns = ["Etapa", "Camino", "Solicitudes"]
    if requests.empty:
        return pd.DataFrame(columns=columns)
    stage = stage_label(requests["Etapa"], requests["Evidencias enviadas"])
    path = _texts(requests, "Modalidad").replace("", INDEPENDENT)
    counts = pd.DataFrame({"Etapa": stage, "Camino": path}).value_counts().rename("Solicitudes").reset_index()
    order = {name: i for i, name in enumerate(STAGE_ROWS)}
    paths = {name: i for i, name in enumerate(PATHS)}
    counts = counts.assign(_s=counts["Etapa"].map(order).fillna(len(order)),
                           _p=counts["Camino"].map(paths).fillna(len(paths)))
    return counts.sort_values(["_s", "_p"])[columns].reset_index(drop=True)


# --- Historial: stage moves, on time per stage, adjustment rounds ---------------------------------------


def stage_moves(history: pd.DataFrame) -> pd.DataFrame:
    """Every change of a request's `Etapa` that Divulga recorded: ID, Fecha (aware: when the stage was left,
    which is when the next one started, the same row's new `Inicio de etapa`; the row's own time without it),
    Acción, De, A, and Inicio (when the stage left had started: the row's former `Inicio de etapa`; NaT when
    not recorded). Hand edits of the sheet leave no Historial row, so they are not here."""
    columns = ["ID", "Fecha", "Acción", "De", "A", "Inicio"]
    if history is None or history.empty or "Cambios" not in history:
        return pd.DataFrame(columns=columns)
    rows = history[(history["Pestaña"] == "Solicitudes")
                   & history["Cambios"].astype("string").str.contains('"Etapa"', regex=False).fillna(False)]
    found = []
    for record_id, moment, action, text in zip(rows["ID"], rows["Fecha"], rows["Acción"], rows["Cambios"]):
        try:
            changes = json.loads(text)
        except (TypeError, ValueError):
            continue
        pair = changes.get("Etapa") if isinstance(changes, dict) else None
        if not (isinstance(pair, list) and len(pair) == 2) or is_empty(record_id) or pd.isna(moment):
            continue
        starts = changes.get("Inicio de etapa")
        started, left = starts if isinstance(starts, list) and len(starts) == 2 else (None, None)
        found.append((str(record_id), left or moment, action, pair[0], pair[1], started))
    frame = pd.DataFrame(found, columns=columns)
    frame["Inicio"] = pd.to_datetime(frame["Inicio"], errors="coerce", utc=True, format="ISO8601") \
        .dt.tz_convert(BOGOTA)
    frame["Fecha"] = pd.to_datetime(frame["Fecha"], errors="coerce", utc=True, format="ISO8601") \
        .dt.tz_convert(BOGOTA)
    frame = frame.dropna(subset=["Fecha"])
    return frame.sort_values(["ID", "Fecha"], kind="stable").reset_index(drop=True)


def _day(value: Any) -> date | None:
    if is_empty(value):
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return (value.astimezone(BOGOTA) if value.tzinfo else value).date()
    return value


# What `due_of` and the stage's state read of a request.
DUE_COLUMNS = ("ID", "Fecha de solicitud", "Modalidad", "Estrategia", "Fecha de publicación", "Etapa",
               "Inicio de etapa", "Evidencias enviadas")


def _stage_numbers(names: pd.Series) -> pd.Series:
    return names.map({name: number for number, name in enumerate(STAGES, start=1)}).astype(float)


def _near(anchors: pd.Series, period: Period) -> pd.Series:
    """Which anchor days (the date `due_of` counts a stage from: its start, the publication date, the end) can
    give a due date in the period: a due date falls at most 7 calendar days before its anchor (material,
    strategy) and at most `DUE_MARGIN` after it (a few working days, however many closed days the office
    declares). Publicación has two anchors, its start and the end: its due date is near one of them."""
    lower = pd.Timestamp(period.start - DUE_MARGIN)
    upper = pd.Timestamp(period.end + timedelta(days=max(BEFORE_PUBLICATION.values())))
    return ((anchors >= lower) & (anchors <= upper)).fillna(False)


def stage_instances(requests: pd.DataFrame, moves: pd.DataFrame, tables: Mapping[str, pd.DataFrame],
                    period: Period, as_of: date, days: BusinessDays | None = None) -> pd.DataFrame:
    """Each stage of `requests` due in the period: ID, Etapa (1 to 8), Vence, Hecha (the day it was left, or
    the evidence sent for closure; None while in course), Estado («a tiempo», «tarde» or «en curso»).

    The due dates are `core.domain.workflow.due_of`'s, one request at a time; a vectorised first pass keeps only the
    stages that can be due in the period, so a two-year register costs what a month of it does."""
    columns = ["ID", "Etapa", "Vence", "Hecha", "Estado"]
    days = days or office_days(tables)
    campaigns = tables["Estrategias"]
    ends = campaign_ends(campaigns[[name for name in ("ID", "Fin") if name in campaigns]])
    ids = _texts(requests, "ID")
    row_of = {key: row for key, row in zip(ids, requests.index) if key}
    campaign_end = pd.Series([pd.Timestamp(ends[key]) if key in ends else pd.NaT
                              for key in _texts(requests, "Estrategia")], index=requests.index, dtype="datetime64[ns]")
    the_end = campaign_end.where(_texts(requests, "Modalidad") == PATHS_CAMPAIGN, pd.NaT) \
        .fillna(requests["Fecha de publicación"])  # `core.domain.workflow.the_end`
    by_key = pd.DataFrame({"pub": requests["Fecha de publicación"].to_numpy(), "end": the_end.to_numpy(),
                           "received": requests["Fecha de solicitud"].to_numpy()}, index=ids.to_numpy())
    by_key = by_key[~by_key.index.duplicated()]
    found = []

    def add(key: str, number: int, due: date | None, done: date | None) -> None:
        if due is None or not period.start <= due <= period.end:
            return
        state = ("a tiempo" if done <= due else "tarde") if done is not None else (
            "tarde" if due < as_of else "en curso")
        found.append((key, number, due, done, state))

    def records(keys) -> dict[str, dict[str, Any]]:
        keys = list(dict.fromkeys(keys))
        needed = requests.loc[[row_of[key] for key in keys], [name for name in DUE_COLUMNS if name in requests]]
        return {key: row_values(values) for key, values in zip(keys, needed.to_dict("records"))}

    # Stages left through a Divulga action (Historial), each from the start its row recorded.
    if len(moves):
        moved = moves[moves["ID"].isin(row_of)].copy()
        moved["n"] = _stage_numbers(moved["De"])
        moved["left"] = _bogota_days(moved["Fecha"])
        previous = moved.groupby("ID")["left"].shift()  # moves are sorted by ID and time
        moved["start"] = _bogota_days(moved["Inicio"]).fillna(previous).fillna(moved["ID"].map(by_key["received"]))
        anchor = moved["start"].where(~moved["n"].isin(BEFORE_PUBLICATION), moved["ID"].map(by_key["pub"]))
        near = _near(anchor, period) | (moved["n"].eq(PUBLICATION) & _near(moved["ID"].map(by_key["end"]), period))
        moved = moved[moved["n"].between(1, 7) & (moved["A"] != CANCELLED) & near]
        found_records = records(moved["ID"])
        for key, number, left, start in zip(moved["ID"], moved["n"], moved["left"], moved["start"]):
            request = found_records[key]
            if number not in PATHS.get(request.get("Modalidad") or INDEPENDENT, ()):
                continue
            begun = None if pd.isna(start) else start.date()
            end = ends.get(str(request.get("Estrategia") or ""))
            add(key, int(number), due_of(int(number), request, days, end, started=begun), left.date())
    # Stages in course, and closures (stage 8: done when the evidence was sent).
    number = _stage_numbers(requests["Etapa"])
    started = requests["Inicio de etapa"]
    started = (_bogota_days(started) if isinstance(started.dtype, pd.DatetimeTZDtype) else started) \
        .fillna(requests["Fecha de solicitud"])
    anchor = started.where(~number.isin(BEFORE_PUBLICATION), requests["Fecha de publicación"])
    anchor = anchor.where(number != CLOSURE, the_end)
    near = _near(anchor, period) | (number.eq(PUBLICATION) & _near(the_end, period))
    current = requests[number.notna() & near & ids.ne("")]
    current_records = records(_texts(current, "ID"))
    for key, request in current_records.items():
        stage = stage_number(request.get("Etapa"))
        if stage not in PATHS.get(request.get("Modalidad") or INDEPENDENT, ()):
            continue
        end = ends.get(str(request.get("Estrategia") or ""))
        if stage == 8:
            add(key, 8, due_of(8, request, days, end), _day(request.get("Evidencias enviadas")))
        else:
            add(key, stage, due_of(stage, request, days, end), None)
    return pd.DataFrame(found, columns=columns)


def on_time_per_stage(instances: pd.DataFrame) -> pd.DataFrame:
    """Per stage (1 to 8, those with any instance): Etapa (name), Número, A tiempo, Tarde, En curso (not yet
    due), Base (a tiempo + tarde), Tasa (a tiempo / base; NaN without a base)."""
    columns = ["Número", "Etapa", "A tiempo", "Tarde", "En curso", "Base", "Tasa"]
    if instances.empty:
        return pd.DataFrame(columns=columns)
    counts = pd.crosstab(instances["Etapa"], instances["Estado"]).reindex(columns=["a tiempo", "tarde", "en curso"],
                                                                          fill_value=0)
    frame = counts.rename(columns={"a tiempo": "A tiempo", "tarde": "Tarde", "en curso": "En curso"})
    frame = frame.rename_axis("Número").reset_index()
    frame["Etapa"] = frame["Número"].map(lambda number: STAGES[int(number) - 1])
    frame["Base"] = frame["A tiempo"] + frame["Tarde"]
    frame["Tasa"] = (frame["A tiempo"] / frame["Base"]).where(frame["Base"] > 0)
    return frame[columns].sort_values("Número").reset_index(drop=True)


def adjustment_rounds(requests: pd.DataFrame, moves: pd.DataFrame) -> pd.DataFrame:
    """How many times each request went back to Ajustes (from approval or publication): Rondas («0», «1»,
    «2», «3 o más»), Solicitudes, Devoluciones (the returns those requests add up to)."""
    ids = _texts(requests, "ID")
    back = moves[(moves["A"] == ADJUSTMENTS_STAGE) & moves["De"].isin(STAGES[5:7])] if len(moves) else moves
    per_request = back["ID"].value_counts() if len(back) else pd.Series(dtype=int)
    rounds = ids.map(per_request).fillna(0).astype(int)
    label = rounds.clip(upper=3).map(dict(enumerate(ROUND_LABELS)))
    frame = pd.DataFrame({"Rondas": label, "n": rounds})
    grouped = frame.groupby("Rondas")["n"].agg(["size", "sum"]).reindex(ROUND_LABELS, fill_value=0)
    return pd.DataFrame({"Rondas": ROUND_LABELS, "Solicitudes": grouped["size"].astype(int).to_numpy(),
                         "Devoluciones": grouped["sum"].astype(int).to_numpy()})


# --- messages -------------------------------------------------------------------------------------------


def received_messages(tables: Mapping[str, pd.DataFrame], period: Period, filters: Filters = Filters()) -> pd.DataFrame:
    """The messages received in the period (network filter only: messages have no area nor eje)."""
    messages = tables["Mensajes"]
    lower, upper = period.window()
    keep = (messages["Recibido"] >= lower) & (messages["Recibido"] < upper)
    if filters.network:
        keep &= messages["Red"] == filters.network
    return messages[keep.fillna(False).astype(bool)]


def handoff_business_days(messages: pd.DataFrame, calendar: BusinessDays) -> pd.Series:
    """Business days from the day of receipt to `Enviado a ATC` (sent the next business day: 1; the same
    day: 0), NaN when not sent or sent before it arrived."""
    received = _bogota_days(messages["Recibido"])
    sent = pd.to_datetime(messages["Enviado a ATC"]).dt.normalize()
    both = received.notna() & sent.notna() & (sent >= received)
    result = pd.Series(np.nan, index=messages.index)
    if not both.any():
        return result
    result[both] = calendar.between_many(list(received[both].dt.date), list(sent[both].dt.date))
    return result


def answer_hours(messages: pd.DataFrame) -> pd.Series:
    """Hours from `Recibido` to `Fecha de respuesta` (NaN without an answer time, or one before receipt)."""
    hours = (messages["Fecha de respuesta"] - messages["Recibido"]).dt.total_seconds() / 3600
    return hours.where(hours >= 0)


def message_steps(messages: pd.DataFrame, calendar: BusinessDays) -> pd.DataFrame:
    """Per message, 1 or 0 for each step of the funnel (Recibidos, PQRS, Respondidos, Enviados a ATC,
    Radicados), `h` the hours to the first answer and `d` the business days to the hand-off: computed once,
    then grouped by each dimension."""
    pqrs = messages["Clasificación"] != NOT_PQRS
    answered = messages["Respondido"].astype("boolean").fillna(False).astype(bool)
    registered = (messages["Radicado"].astype("boolean").fillna(False).astype(bool)
                  | _texts(messages, "Número de radicado").ne(""))
    return pd.DataFrame({"Recibidos": 1, "PQRS": pqrs.fillna(True).astype(int), "Respondidos": answered.astype(int),
                         "Enviados a ATC": messages["Enviado a ATC"].notna().astype(int),
                         "Radicados": registered.astype(int), "h": answer_hours(messages),
                         "d": handoff_business_days(messages, calendar)}, index=messages.index)


def message_funnel(messages: pd.DataFrame, calendar: BusinessDays, by: str | None = None,
                   steps: pd.DataFrame | None = None) -> pd.DataFrame:
    """Received, PQRS (all but «No es PQRS»), answered, sent to ATC, registered, and the medians of the hours
    to the first answer and of the business days to the hand-off, with how many messages each median
    covers; one row per value of `by` (a label of `DIMENSIONS`), most received first, or one «Total» row."""
    label = by or "Total"
    columns = [label, "Recibidos", "PQRS", "Respondidos", "Enviados a ATC", "Radicados", "Respuesta (h)",
               "Con hora de respuesta", "Envío (días hábiles)", "Con envío"]
    if messages.empty:
        return pd.DataFrame(columns=columns)
    steps = message_steps(messages, calendar) if steps is None else steps
    if by is None:
        keys = pd.Series("Total", index=messages.index, dtype=object)
    else:
        column = DIMENSIONS[by]
        keys = _texts(messages, column).replace("", EMPTY_LABEL[column])
    grouped = steps.assign(k=keys).groupby("k", sort=False)
    frame = grouped[["Recibidos", "PQRS", "Respondidos", "Enviados a ATC", "Radicados"]].sum()
    frame["Respuesta (h)"] = grouped["h"].median()
    frame["Con hora de respuesta"] = grouped["h"].count()
    frame["Envío (días hábiles)"] = grouped["d"].median()
    frame["Con envío"] = grouped["d"].count()
    frame = frame.rename_axis(label).reset_index().sort_values(["Recibidos", label], ascending=[False, True])
    return frame[columns].reset_index(drop=True)


# --- legal terms ----------------------------------------------------------------------------------------


def running_terms(tables: Mapping[str, pd.DataFrame], day: date, filters: Filters = Filters(),
                  now: Status | None = None) -> pd.DataFrame:
    """The legal terms running on `day`, as the register's status has them (its «Términos» queue, `now` when
    the caller has it): ID, Red, Tipología, Recibido, Vence (the legal due date), Estado (`core.domain.pqrs.term_state`:
    «vencido», «por vencer», «en término»), by due date. IDs and dates only: no personal data."""
    columns = ["ID", "Red", "Tipología", "Recibido", "Vence", "Estado"]
    items = [item for item in (now or status_of(tables, day)).queues["terminos"]
             if item.due is not None and (not filters.network or item.network == filters.network)]
    if not items:
        return pd.DataFrame(columns=columns)
    calendar = legal_days(tables)
    states = {due: term_state(due, day, calendar) for due in {item.due for item in items}}
    frame = pd.DataFrame({
        "ID": [item.id for item in items], "Red": [item.network for item in items],
        "Tipología": [item.tipologia or "Sin clasificar" for item in items],
        "Recibido": [item.received for item in items], "Vence": [item.due for item in items],
        "Estado": [states[item.due] for item in items]})
    return frame.sort_values(["Vence", "Recibido", "ID"], kind="stable")[columns].reset_index(drop=True)


def terms_summary(terms: pd.DataFrame) -> pd.DataFrame:
    """Terms per tipología and state: Tipología, Vencidos, Por vencer, En término, Total (most first)."""
    columns = ["Tipología", "Vencidos", "Por vencer", "En término", "Total"]
    if terms.empty:
        return pd.DataFrame(columns=columns)
    table = pd.crosstab(terms["Tipología"], terms["Estado"]).reindex(columns=list(TERM_STATES), fill_value=0)
    table.columns = ["Vencidos", "Por vencer", "En término"]
    table["Total"] = table.sum(axis=1)
    table = table.rename_axis("Tipología").reset_index()
    return table.sort_values(["Total", "Tipología"], ascending=[False, True])[columns].reset_index(drop=True)


# --- community ------------------------------------------------------------------------------------------


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_label(key: str) -> str:
    year, month = key.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def community_growth(tables: Mapping[str, pd.DataFrame], period: Period, filters: Filters = Filters()) -> pd.DataFrame:
    """Followers per account and month of the period (`Métricas de cuenta`): Mes (AAAA-MM), Etiqueta, Red,
    Cuenta, Seguidores, Crecimiento (the change from the account's previous calendar month; NaN without it)."""
    columns = ["Mes", "Etiqueta", "Red", "Cuenta", "Seguidores", "Crecimiento"]
    metrics = tables["Métricas de cuenta"]
    if filters.network:
        metrics = metrics[metrics["Red"] == filters.network]
    first = month_key(period.start)
    before = month_key(period.start.replace(day=1) - timedelta(days=1))
    last = month_key(period.end)
    months = metrics["Mes"].astype(object)
    metrics = metrics[(months >= before) & (months <= last) & metrics["Seguidores"].notna()]
    if metrics.empty:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame({"Mes": metrics["Mes"].astype(object), "Red": metrics["Red"].astype(object),
                          "Cuenta": metrics["Cuenta"].astype(object),
                          "Seguidores": metrics["Seguidores"].astype(float)})
    frame = frame.drop_duplicates(["Mes", "Red", "Cuenta"], keep="last").sort_values(["Red", "Cuenta", "Mes"])
    previous = frame.groupby(["Red", "Cuenta"])["Seguidores"].shift()
    previous_month = frame.groupby(["Red", "Cuenta"])["Mes"].shift()
    expected = frame["Mes"].map(lambda key: month_key(date(int(key[:4]), int(key[5:]), 1) - timedelta(days=1)))
    frame["Crecimiento"] = (frame["Seguidores"] - previous).where(previous_month == expected)
    frame = frame[frame["Mes"] >= first]
    frame["Etiqueta"] = frame["Mes"].map(month_label)
    order = {name: i for i, name in enumerate(network_order(frame["Red"]))}
    frame = frame.assign(_o=frame["Red"].map(order)).sort_values(["_o", "Cuenta", "Mes"])
    return frame[columns].reset_index(drop=True)


def growth_per_account(tables: Mapping[str, pd.DataFrame], period: Period,
                       filters: Filters = Filters()) -> pd.DataFrame:
    """Per account with figures in the period: Red, Cuenta, Desde (the last month before the period with a
    figure, else the period's first with one), Seguidores al inicio, Hasta (the period's last month with a
    figure), Seguidores al final, Crecimiento, Relativo (growth over the followers at the start). The same
    reading as the semester report's."""
    columns = ["Red", "Cuenta", "Desde", "Seguidores al inicio", "Hasta", "Seguidores al final", "Crecimiento",
               "Relativo"]
    metrics = tables["Métricas de cuenta"]
    if filters.network:
        metrics = metrics[metrics["Red"] == filters.network]
    first, last = month_key(period.start), month_key(period.end)
    metrics = metrics[(metrics["Mes"].astype(object) <= last) & metrics["Seguidores"].notna()]
    frame = pd.DataFrame({"Mes": metrics["Mes"].astype(object), "Red": metrics["Red"].astype(object),
                          "Cuenta": metrics["Cuenta"].astype(object),
                          "Seguidores": metrics["Seguidores"].astype(float)}).sort_values("Mes")
    within, before = frame[frame["Mes"] >= first], frame[frame["Mes"] < first]
    if within.empty:
        return pd.DataFrame(columns=columns)
    inside, earlier = within.groupby(["Red", "Cuenta"]), before.groupby(["Red", "Cuenta"])
    result = pd.DataFrame({"Desde": inside["Mes"].first(), "Seguidores al inicio": inside["Seguidores"].first(),
                           "Hasta": inside["Mes"].last(), "Seguidores al final": inside["Seguidores"].last()})
    start = pd.DataFrame({"Desde": earlier["Mes"].last(), "Seguidores al inicio": earlier["Seguidores"].last()})
    result.update(start.reindex(result.index).dropna())
    result = result[result["Hasta"] > result["Desde"]].reset_index()
    result["Crecimiento"] = result["Seguidores al final"] - result["Seguidores al inicio"]
    result["Relativo"] = (result["Crecimiento"] / result["Seguidores al inicio"]).where(
        result["Seguidores al inicio"] > 0)
    order = {name: i for i, name in enumerate(network_order(result["Red"]))}
    result = result.assign(_o=result["Red"].map(order)).sort_values(["_o", "Cuenta"])
    return result[columns].reset_index(drop=True)


# --- everything at once ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kpis:
    """Every figure of the page for one period and filters (see the module docstring for each reading)."""

    period: Period
    filters: Filters
    as_of: date
    networks: pd.DataFrame  # per_network
    over_time: pd.DataFrame
    origins: pd.DataFrame  # per_origin
    top_posts: pd.DataFrame
    requests: int  # received in the period
    stages: pd.DataFrame  # requests_per_stage
    on_time: pd.DataFrame | None  # on_time_per_stage; None when Historial was not read
    rounds: pd.DataFrame | None  # adjustment_rounds; None when Historial was not read
    messages: pd.DataFrame  # message_funnel, one «Total» row
    messages_by: dict[str, pd.DataFrame]  # message_funnel per DIMENSIONS label
    terms: pd.DataFrame  # terms_summary
    running_out: pd.DataFrame  # the «por vencer» rows of running_terms
    overdue_terms: int
    growth: pd.DataFrame  # community_growth
    accounts: pd.DataFrame  # growth_per_account

    @property
    def posts(self) -> int:
        return int(self.networks["Publicaciones"].sum()) if len(self.networks) else 0


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while the figures are computed: they create many short-lived objects
    and no cycles, and each collection walks the whole register in memory (a tenth of a second at 100,000
    rows), as `core.register` explains for the load. Reference counting frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def compute(tables: Mapping[str, pd.DataFrame], period: Period, filters: Filters, today: date,
            history: pd.DataFrame | None = None, now: Status | None = None) -> Kpis:
    """All the indicators of a period; `history` (Historial's frame) adds on time per stage and adjustment
    rounds, which cannot be known without it; `now` is the register's status on the period's last day
    (`period.as_of(today)`), when the caller has it."""
    with _without_cyclic_gc():
        return _compute(tables, period, filters, today, history, now)


def _compute(tables: Mapping[str, pd.DataFrame], period: Period, filters: Filters, today: date,
             history: pd.DataFrame | None, now: Status | None) -> Kpis:
    as_of = period.as_of(today)
    posts = published_posts(tables, period, filters)
    requests = received_requests(tables, period, filters)
    on_time, rounds = (None, None) if history is None else history_figures(tables, period, filters, today, history)
    messages = received_messages(tables, period, filters)
    calendar = handoff_days(tables)
    steps = message_steps(messages, calendar)
    terms = running_terms(tables, as_of, filters, now)
    return Kpis(
        period=period, filters=filters, as_of=as_of,
        networks=per_network(posts), over_time=over_time(posts, period, as_of), origins=per_origin(posts),
        top_posts=top_posts(posts), requests=len(requests), stages=requests_per_stage(requests),
        on_time=on_time, rounds=rounds,
        messages=message_funnel(messages, calendar, steps=steps),
        messages_by={label: message_funnel(messages, calendar, label, steps) for label in DIMENSIONS},
        terms=terms_summary(terms), running_out=terms[terms["Estado"] == "por vencer"].reset_index(drop=True),
        overdue_terms=int((terms["Estado"] == "vencido").sum()),
        growth=community_growth(tables, period, filters), accounts=growth_per_account(tables, period, filters),
    )


def history_figures(tables: Mapping[str, pd.DataFrame], period: Period, filters: Filters, today: date,
                    history: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two figures that need Historial: on time per stage and adjustment rounds (`Kpis.on_time`,
    `Kpis.rounds`), apart so that a page can add them without computing the rest again."""
    with _without_cyclic_gc():
        moves = stage_moves(history)
        instances = stage_instances(filtered_requests(tables, filters), moves, tables, period, period.as_of(today))
        return on_time_per_stage(instances), adjustment_rounds(received_requests(tables, period, filters), moves)


def known_axes(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """Every eje del plan the register names (Listas, requests, campaigns), each spelling once, sorted."""
    names: dict[str, str] = {}
    for tab, column in (("Listas", "Ejes del plan"), ("Solicitudes", "Eje del plan"), ("Estrategias", "Eje del plan")):
        frame = tables.get(tab)
        if frame is None or column not in frame:
            continue
        for name in _texts(frame, column).unique():
            if name:
                names.setdefault(normalize(name), name)
    return sorted(names.values(), key=normalize)


# --- the figures in words (the page's summaries, reusable by the reports) --------------------------------


def rounds_text(kpis: Kpis) -> str:
    """«De 40 solicitudes recibidas en el periodo, 6 volvieron a Ajustes al menos una vez (15,0 % de las
    recibidas), 8 devoluciones en total.»"""
    rounds = kpis.rounds
    if rounds is None:
        return ""
    returns = int(rounds["Devoluciones"].sum())
    again = int(rounds.loc[rounds["Rondas"] != ROUND_LABELS[0], "Solicitudes"].sum())
    share = f"{fmt_pct(again / kpis.requests)} de las recibidas" if kpis.requests else "sin base"
    went = "volvió" if again == 1 else "volvieron"
    times = "devolución" if returns == 1 else "devoluciones"
    return (f"De {fmt_int(kpis.requests)} solicitudes recibidas en el periodo, {fmt_int(again)} {went} a Ajustes "
            f"al menos una vez ({share}): {fmt_int(returns)} {times} en total.")


def hours_text(hours: float | None) -> str:
    """«2,5 horas», «sin dato»."""
    return "sin dato" if hours is None or pd.isna(hours) else f"{fmt_number(hours, 1)} horas"


def days_text(days: float | None) -> str:
    """«1 día hábil», «1,5 días hábiles», «sin dato»."""
    if days is None or pd.isna(days):
        return "sin dato"
    whole = float(days).is_integer()
    text = fmt_int(days) if whole else fmt_number(days, 1)
    return f"{text} día hábil" if whole and int(days) == 1 else f"{text} días hábiles"


def times_text(total: pd.DataFrame) -> str:
    """The medians of the first answer and of the hand-off, with how many messages each covers."""
    if total.empty:
        return ""
    row = total.iloc[0]
    return (f"Mediana de la primera respuesta en la red: {hours_text(row['Respuesta (h)'])} "
            f"({fmt_int(row['Con hora de respuesta'])} mensajes con hora de respuesta). Mediana del envío a Atención "
            f"a la Ciudadanía: {days_text(row['Envío (días hábiles)'])} después del día de recibido "
            f"({fmt_int(row['Con envío'])} enviados; el plazo es el día hábil siguiente).")


def growth_gap_text(tables: Mapping[str, pd.DataFrame], period: Period, filters: Filters = Filters()) -> str:
    """Why there is no growth to show: the period's months have no followers in `Métricas de cuenta` yet (they
    are monthly and recorded after the month closes), and which month is the last one recorded."""
    metrics = tables["Métricas de cuenta"]
    if filters.network:
        metrics = metrics[metrics["Red"] == filters.network]
    months = metrics.loc[metrics["Seguidores"].notna(), "Mes"].dropna()
    first, last = month_label(month_key(period.start)), month_label(month_key(period.end))
    span = first if first == last else f"{first} a {last}"
    text = f"Métricas de cuenta no tiene seguidores de {span}: las cifras de cuenta son mensuales y se registran al " \
           "cerrar cada mes."
    return text + (f" La última es de {month_label(str(months.max()))}." if len(months) else "")
