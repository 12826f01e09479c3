"""What importing a platform export would do to Publicaciones: the plan, read only (write.py writes it).

`plan_import` matches each post of a parsed export (export.py) with the register by its ID on the network or its
link, same network only (matching.py), and sorts it: to create (`Origen` Cubrimiento), to update (only the cells
that change), unchanged, or skipped with the reason. The plan also says whose account the export is and whether
`Cuentas` has it (account.py). Only cells that change are planned, so importing a file again writes nothing. The
Métricas page shows the plan and writes it when the person confirms; the command line plans and writes at once
(importing.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from core.fmt import fmt_date, fmt_int
from core.metrics_import.account import AccountCheck, check_account
from core.metrics_import.figures import ParsedExport, PostFigures, Skipped
from core.metrics_import.matching import PostIndex
from core.register import Register
from core.sheet.cells import is_empty
from core.sheet.contract import ACCOUNTS_TAB, CANCELLED, POSTS_TAB, PUBLISHED, SCHEDULED, today_in_bogota
from core.sheet.rows import row_values

TAB = POSTS_TAB.name
ACTION = "importar métricas"
ORIGIN = "Cubrimiento"  # a post found only in an export was not asked for through a request
COPY_CAP = POSTS_TAB.column("Copy").cap
# How a skipped row whose register row has errors says where to correct it: the command line names its command;
# a page names the page.
FIX_BY_COMMAND = "corríjala (python -m core verificar)"
FIX_ON_PAGE = "corríjala en la hoja (página Calidad de datos)"


# --- the plan --------------------------------------------------------------------------------------------------


@dataclass
class MetricsPlan:
    """What importing `parsed` would do to the register as it was read: the records to create (with the file's
    row), the stored rows to update (as read, and the cells that change), how many are unchanged, the rows
    skipped with their reason, notices, the date of the figures, and the export's account against Cuentas."""

    parsed: ParsedExport
    as_of: date
    as_of_source: str
    account: AccountCheck
    creates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    edits: list[tuple[int, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def counts(self) -> tuple[int, int, int, int]:
        """(to create, to update, unchanged, skipped)."""
        return len(self.creates), len(self.edits), self.unchanged, len(self.skipped)

    @property
    def summary(self) -> str:
        create, update, unchanged, skipped = map(fmt_int, self.counts)
        return (f"{self.parsed.label}: {fmt_int(self.parsed.rows_read)} filas leídas; publicaciones por crear: "
                f"{create}, por actualizar: {update}, sin cambios: {unchanged}, omitidas: {skipped}.")

    def skipped_lines(self) -> list[str]:
        return [str(skipped) for skipped in sorted(self.skipped, key=lambda s: s.row)]


def _day(value: Any) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def plan_import(register: Register, parsed: ParsedExport, today: date | None = None,
                fix: str = FIX_BY_COMMAND) -> MetricsPlan:
    """What importing `parsed` would do (see the module docstring); nothing is written.

    `Métricas al` is the export's end date when its file name gives one (never later than `today`), else
    `today`; it is written only with figures that changed, so a second import of the same file, on any
    day, writes nothing. A post whose stored `Métricas al` is later than the file's date keeps its figures
    (the file is older). `fix` says where a row of the register with errors is corrected."""
    today = today or today_in_bogota()
    if parsed.as_of:
        as_of, source = min(parsed.as_of, today), "fecha final que da el nombre del archivo"
    else:
        as_of, source = today, "día de la importación: el nombre del archivo no trae fechas"
    account = check_account(parsed.account, parsed.network, register.read_tab(ACCOUNTS_TAB.name).frame)
    plan = MetricsPlan(parsed, as_of, source, account, skipped=list(parsed.skipped), notices=list(parsed.notices))
    index = PostIndex(register, parsed.network)
    matched: list[tuple[PostFigures, int]] = []
    for post in parsed.posts:
        good, bad = index.find(post.keys)
        if bad:
            rows = ", ".join(map(str, sorted(bad)))
            plan.skipped.append(Skipped(post.row, f"coincide con la fila {rows} de {TAB}, que tiene errores; "
                                        f"{fix} y vuelva a importar"))
        elif len(good) > 1:
            rows = ", ".join(map(str, sorted(good)))
            plan.skipped.append(Skipped(post.row, f"coincide con {len(good)} publicaciones de {TAB} (filas "
                                        f"{rows}); deje una sola y vuelva a importar"))
        elif good:
            matched.append((post, next(iter(good))))
        elif post.published is None:
            plan.skipped.append(Skipped(post.row, f"no está en {TAB} y no se puede crear: {post.published_problem}"))
        else:
            plan.creates.append((post.row, _new_record(post, as_of, plan.notices)))
    older = 0
    stored = index.frame.loc[[number for _, number in matched]].to_dict("records") if matched else []
    for (post, _), values in zip(matched, stored, strict=True):
        seen = row_values(values)
        changes, was_older = _changes(post, seen, as_of, bool(parsed.as_of))
        older += was_older
        if changes:
            plan.edits.append((post.row, seen, changes))
        else:
            plan.unchanged += 1
    if older:
        plan.notices.append(f"{fmt_int(older)} publicaciones tienen en {TAB} cifras más recientes (Métricas al "
                            f"posterior al {fmt_date(as_of)}): sus cifras no se cambiaron")
    return plan


def _changes(post: PostFigures, seen: dict[str, Any], as_of: date, dated_file: bool) -> tuple[dict[str, Any], bool]:
    """The cells of a stored post this export changes: figures that differ (with `Métricas al`), and the
    post's ID, link and publish time when the register lacks them. (changes, whether the file is older)."""
    changes: dict[str, Any] = {}
    stored_day = _day(seen.get("Métricas al"))
    older = dated_file and stored_day is not None and stored_day > as_of
    if not older:
        changes = {name: value for name, value in post.metrics.items() if seen.get(name) != value}
        if changes and stored_day != as_of:
            changes["Métricas al"] = as_of
    if is_empty(seen.get("ID en la red")) and post.post_id:
        changes["ID en la red"] = post.post_id
    if is_empty(seen.get("Enlace")) and post.link:
        changes["Enlace"] = post.link
    if seen.get("Estado") == SCHEDULED:  # it is in the platform's export: it was published
        changes["Estado"] = PUBLISHED
    if seen.get("Publicada") is None and post.published is not None and seen.get("Estado") != CANCELLED:
        changes["Publicada"] = post.published
    return changes, older and any(seen.get(name) != value for name, value in post.metrics.items())


def _new_record(post: PostFigures, as_of: date, notices: list[str]) -> dict[str, Any]:
    text = post.text
    if text and len(text) > COPY_CAP:
        notices.append(f"fila {post.row}: el texto tiene {fmt_int(len(text))} caracteres; se guardan los "
                       f"primeros {fmt_int(COPY_CAP)} en Copy")
        text = text[:COPY_CAP - 1] + "…"
    return {"Origen": ORIGIN, "Red": post.network, "Formato": post.format, "Programada": post.published,
            "Publicada": post.published, "Copy": text, "Enlace": post.link, "ID en la red": post.post_id,
            "Estado": PUBLISHED, **post.metrics, "Métricas al": as_of if post.metrics else None}


__all__ = ["ACTION", "FIX_BY_COMMAND", "FIX_ON_PAGE", "TAB", "MetricsPlan", "plan_import"]
