"""On time per stage: every stage whose due date (`core.domain.workflow.due_of`) falls in the period, left on time
or late (through Historial's moves), still in course, or a closure done when the evidence was sent."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from core.domain.business_days import BusinessDays
from core.domain.campaigns import campaign_ends
from core.domain.status import office_days
from core.domain.workflow import BEFORE_PUBLICATION, CLOSURE, PATHS, PUBLICATION, due_of, stage_number
from core.kpis.frames import bogota_days, texts_of
from core.kpis.periods import Period
from core.sheet.cells import BOGOTA, is_empty
from core.sheet.contract import CANCELLED, IN_CAMPAIGN, INDEPENDENT, STAGES
from core.sheet.rows import row_values

DUE_MARGIN = timedelta(days=45)  # see `_near`
# What `due_of` and the stage's state read of a request.
DUE_COLUMNS = ("ID", "Fecha de solicitud", "Modalidad", "Estrategia", "Fecha de publicación", "Etapa",
               "Inicio de etapa", "Evidencias enviadas")
INSTANCE_COLUMNS = ["ID", "Etapa", "Vence", "Hecha", "Estado"]

# (ID, stage number, due date, the day it was done or None): a stage before it is kept or not for the period.
Candidate = tuple[str, int, date | None, date | None]


def _day(value: Any) -> date | None:
    if is_empty(value):
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return (value.astimezone(BOGOTA) if value.tzinfo else value).date()
    return value


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


@dataclass(frozen=True)
class _Requests:
    """What both passes read of the requests, computed once: their IDs and rows, the campaigns' ends, each
    request's end (`core.domain.workflow.the_end`) and, per ID, its publication, end and receipt days."""

    frame: pd.DataFrame
    ids: pd.Series
    row_of: dict[str, Any]
    ends: dict[str, Any]
    the_end: pd.Series
    by_key: pd.DataFrame

    @classmethod
    def of(cls, requests: pd.DataFrame, tables: Mapping[str, pd.DataFrame]) -> _Requests:
        campaigns = tables["Estrategias"]
        ends = campaign_ends(campaigns[[name for name in ("ID", "Fin") if name in campaigns]])
        ids = texts_of(requests, "ID")
        campaign_end = pd.Series([pd.Timestamp(ends[key]) if key in ends else pd.NaT
                                  for key in texts_of(requests, "Estrategia")], index=requests.index,
                                 dtype="datetime64[ns]")
        the_end = campaign_end.where(texts_of(requests, "Modalidad") == IN_CAMPAIGN, pd.NaT) \
            .fillna(requests["Fecha de publicación"])  # `core.domain.workflow.the_end`
        by_key = pd.DataFrame({"pub": requests["Fecha de publicación"].to_numpy(), "end": the_end.to_numpy(),
                               "received": requests["Fecha de solicitud"].to_numpy()}, index=ids.to_numpy())
        return cls(requests, ids, {key: row for key, row in zip(ids, requests.index) if key}, ends, the_end,
                   by_key[~by_key.index.duplicated()])

    def records(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The requests of `keys` as `due_of` reads them, each once."""
        keys = list(dict.fromkeys(keys))
        needed = self.frame.loc[[self.row_of[key] for key in keys],
                                [name for name in DUE_COLUMNS if name in self.frame]]
        return {key: row_values(values) for key, values in zip(keys, needed.to_dict("records"))}

    def end_of(self, request: Mapping[str, Any]) -> Any:
        return self.ends.get(str(request.get("Estrategia") or ""))


def _left_stages(known: _Requests, moves: pd.DataFrame, period: Period, days: BusinessDays) -> Iterator[Candidate]:
    """The stages left through a Divulga action (Historial), each from the start its row recorded."""
    if not len(moves):
        return
    moved = moves[moves["ID"].isin(known.row_of)].copy()
    moved["n"] = _stage_numbers(moved["De"])
    moved["left"] = bogota_days(moved["Fecha"])
    previous = moved.groupby("ID")["left"].shift()  # moves are sorted by ID and time
    moved["start"] = bogota_days(moved["Inicio"]).fillna(previous).fillna(moved["ID"].map(known.by_key["received"]))
    anchor = moved["start"].where(~moved["n"].isin(BEFORE_PUBLICATION), moved["ID"].map(known.by_key["pub"]))
    near = _near(anchor, period) | (moved["n"].eq(PUBLICATION) & _near(moved["ID"].map(known.by_key["end"]), period))
    moved = moved[moved["n"].between(1, 7) & (moved["A"] != CANCELLED) & near]
    records = known.records(moved["ID"])
    for key, number, left, start in zip(moved["ID"], moved["n"], moved["left"], moved["start"]):
        request = records[key]
        if number not in PATHS.get(request.get("Modalidad") or INDEPENDENT, ()):
            continue
        begun = None if pd.isna(start) else start.date()
        yield key, int(number), due_of(int(number), request, days, known.end_of(request), started=begun), left.date()


def _current_stages(known: _Requests, period: Period, days: BusinessDays) -> Iterator[Candidate]:
    """The stages in course, and closures (stage 8: done when the evidence was sent)."""
    requests = known.frame
    number = _stage_numbers(requests["Etapa"])
    started = requests["Inicio de etapa"]
    started = (bogota_days(started) if isinstance(started.dtype, pd.DatetimeTZDtype) else started) \
        .fillna(requests["Fecha de solicitud"])
    anchor = started.where(~number.isin(BEFORE_PUBLICATION), requests["Fecha de publicación"])
    anchor = anchor.where(number != CLOSURE, known.the_end)
    near = _near(anchor, period) | (number.eq(PUBLICATION) & _near(known.the_end, period))
    current = requests[number.notna() & near & known.ids.ne("")]
    for key, request in known.records(texts_of(current, "ID")).items():
        stage = stage_number(request.get("Etapa"))
        if stage not in PATHS.get(request.get("Modalidad") or INDEPENDENT, ()):
            continue
        if stage == 8:
            yield key, 8, due_of(8, request, days, known.end_of(request)), _day(request.get("Evidencias enviadas"))
        else:
            yield key, stage, due_of(stage, request, days, known.end_of(request)), None


def _state(due: date, done: date | None, as_of: date) -> str:
    if done is not None:
        return "a tiempo" if done <= due else "tarde"
    return "tarde" if due < as_of else "en curso"


def stage_instances(requests: pd.DataFrame, moves: pd.DataFrame, tables: Mapping[str, pd.DataFrame],
                    period: Period, as_of: date, days: BusinessDays | None = None) -> pd.DataFrame:
    """Each stage of `requests` due in the period: ID, Etapa (1 to 8), Vence, Hecha (the day it was left, or
    the evidence sent for closure; None while in course), Estado («a tiempo», «tarde» or «en curso»).

    The due dates are `core.domain.workflow.due_of`'s, one request at a time; a vectorised first pass keeps only the
    stages that can be due in the period, so a two-year register costs what a month of it does."""
    days = days or office_days(tables)
    known = _Requests.of(requests, tables)
    candidates = [*_left_stages(known, moves, period, days), *_current_stages(known, period, days)]
    found = [(key, number, due, done, _state(due, done, as_of)) for key, number, due, done in candidates
             if due is not None and period.start <= due <= period.end]
    return pd.DataFrame(found, columns=INSTANCE_COLUMNS)


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
