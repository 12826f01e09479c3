"""The report model a page previews and the writers turn into files: the entity's header, the columns and
tables, the key figures and the `Report` itself, plus the two helpers every builder uses (`frame`,
`change`). No file format here: see formats.py."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import pandas as pd

from core.reports.values import display, missing
from core.settings import ENTITY_AREA, ENTITY_NAME, SIG_CODE, SIG_VERSION, Settings


@dataclass(frozen=True)
class Header:
    """What heads every report: the entity, the area and the format's code and version in the SIG."""

    entity: str
    area: str
    sig_code: str
    sig_version: str

    def sig_text(self) -> str:
        return f"Código SIG: {self.sig_code or 'sin definir'} · Versión: {self.sig_version or 'sin definir'}"

    def rows(self) -> list[tuple[str, str]]:
        return [("Entidad", self.entity), ("Área", self.area), ("Código SIG", self.sig_code),
                ("Versión", self.sig_version)]


def header_of(settings: Settings) -> Header:
    """The header from the settings in force (Ajustes): name, area, SIG code and version."""
    return Header(settings[ENTITY_NAME] or ENTITY_NAME.default, settings[ENTITY_AREA] or ENTITY_AREA.default,
                  settings[SIG_CODE] or "", settings[SIG_VERSION] or "")


@dataclass(frozen=True)
class Col:
    """A column of a report table: its header, kind (core/reports/values.py: KINDS), and how the PDF shows it
    (width in mm, 0 = share the rest; `pdf_chars` cuts longer texts with «…»; `pdf=False` leaves it out of
    the PDF)."""

    name: str
    kind: str = "text"
    width: float = 0.0
    pdf_chars: int = 0
    pdf: bool = True
    pdf_name: str | None = None


@dataclass(frozen=True)
class Table:
    """A table of a report. `rows` has one column per `Col`, named alike, holding plain values (int, float,
    date, datetime, str, bool or None). `sheet`: its own XLSX sheet (headers in row 1); None puts it on the
    summary sheet. `listing`: the report's list (the CSV's content, last in the PDF). `pdf_limit`: the most
    rows the PDF shows, then `limit_note`."""

    title: str
    columns: tuple[Col, ...]
    rows: pd.DataFrame
    note: str = ""
    sheet: str | None = None
    listing: bool = False
    pdf_limit: int | None = None
    limit_note: str = ""

    def preview(self, limit: int | None = None) -> pd.DataFrame:
        """The rows (the first `limit`) as a page shows them: every value as Spanish text (dates dd/mm/aaaa,
        `4,5 %`, `12.345`)."""
        rows = self.rows if limit is None else self.rows.head(limit)
        return pd.DataFrame({col.name: [display(value, col.kind) for value in rows[col.name]]
                             for col in self.columns}, index=range(len(rows)))


@dataclass(frozen=True)
class Figure:
    """A key figure: label, value (kind as in `Col`), and where it comes from."""

    label: str
    value: Any
    kind: str = "int"
    source: str = ""

    @property
    def text(self) -> str:
        return display(self.value, self.kind) or "—"


@dataclass(frozen=True)
class Report:
    """A report ready to preview or write. `analysis` and `recommendations` are the narrative sections
    people edit; `notes` state the rules and sources the figures follow; `empty_note` says the period had
    no data (the files are still written)."""

    kind: str  # pqrs-mensual, semestral, cierre
    title: str
    period_key: str  # 2026-10, 2026-2, the campaign's ID
    period_text: str
    header: Header
    made_at: datetime
    figures: tuple[Figure, ...]
    tables: tuple[Table, ...]
    charts: tuple[Any, ...] = ()  # Altair charts (core/charts.py), the same the pages draw
    notes: tuple[str, ...] = ()
    analysis: str = ""
    recommendations: str = ""
    empty_note: str | None = None
    formats: tuple[str, ...] = ("xlsx", "pdf")

    def table(self, title: str) -> Table:
        return next(table for table in self.tables if table.title == title)

    @property
    def listing(self) -> Table | None:
        return next((table for table in self.tables if table.listing), None)

    def with_texts(self, analysis: str | None = None, recommendations: str | None = None) -> Report:
        """The same report with edited narrative sections (None keeps the current text)."""
        return replace(self, analysis=self.analysis if analysis is None else analysis,
                       recommendations=self.recommendations if recommendations is None else recommendations)


def frame(rows: Sequence[Mapping[str, Any]] | pd.DataFrame, columns: Sequence[Col]) -> pd.DataFrame:
    """Rows (dicts) as a frame with exactly the columns' names, in order (object dtype: plain values)."""
    names = [col.name for col in columns]
    if isinstance(rows, pd.DataFrame):
        table = rows.reindex(columns=names).astype(object).reset_index(drop=True)
    else:
        table = pd.DataFrame(list(rows), columns=names, dtype=object)
    return table.where(table.notna(), None)  # NaN, NaT and NA all read as None


def change(current: float | int | None, previous: float | int | None) -> float | None:
    """The relative change from `previous` to `current` (0.25 = +25 %); None without a previous figure."""
    if missing(current) or missing(previous) or not previous:
        return None
    return (float(current) - float(previous)) / float(previous)
