"""What reading a platform export gives, shared by the reading (export.py) and the plan and write (plan.py,
write.py): each post with its figures by register column, the rows it could not use with the reason, and whose
account the file says it is; or an `ExportError` when the file cannot be read as a known export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from core.metrics_import.account import ExportAccount


class ExportError(ValueError):
    """The file cannot be read as a known export; nothing is written. The message is Spanish and says what
    was expected; `on_page` is the same for a page, where no command line is named."""

    def __init__(self, message: str, on_page: str | None = None):
        super().__init__(message)
        self.on_page = on_page or message


@dataclass(frozen=True)
class Skipped:
    row: int
    reason: str

    def __str__(self) -> str:
        return f"fila {self.row}: {self.reason}"


@dataclass
class PostFigures:
    """One post of an export: how to find it, what a new record needs, and its figures by register column
    (only the columns the file has a value for)."""

    row: int  # the file's row number (the header is row 1), as a spreadsheet shows it
    network: str
    post_id: str | None
    link: str | None
    published: datetime | None  # Bogotá time
    text: str | None = None
    format: str | None = None
    metrics: dict[str, int] = field(default_factory=dict)
    published_problem: str | None = None  # why there is no publish time (a new post needs one)
    keys: set[tuple[str, str]] = field(default_factory=set)  # what finds it in the register (`post_keys`)


@dataclass
class ParsedExport:
    network: str
    label: str
    posts: list[PostFigures]
    skipped: list[Skipped]
    rows_read: int  # rows of posts (blank rows and the platform's total row not counted)
    as_of: date | None  # the end date the file name gives, if any
    notices: list[str] = field(default_factory=list)
    filename: str = ""
    account: ExportAccount = field(default_factory=ExportAccount)  # whose export it says it is


__all__ = ["ExportError", "ParsedExport", "PostFigures", "Skipped"]
