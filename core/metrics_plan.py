"""What importing a platform export does to Publicaciones: first the plan, then the write.

`plan_import` only reads. It matches each post of a parsed export (core/metrics_import.py) with the register by
its ID on the network or its link (same network only) and sorts it: to create (`Origen` Cubrimiento), to
update (only the cells that change), unchanged, or skipped with the reason. The plan also says whose account
the export is and whether `Cuentas` has it (core/export_account.py). `apply_plan` writes a plan through the
register's one write path: one bulk create and one bulk update, each checked row by row. Only cells that change
are written, so importing a file again writes nothing. The Métricas page shows the plan and writes it when the
person confirms; the command line plans and writes at once (`core.metrics_import.import_metrics`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from core.export_account import AccountCheck, check_account
from core.fmt import fmt_date, fmt_int
from core.register import Register, Writer, row_values, validated
from core.sheet.cells import CellError, is_empty
from core.sheet.contract import CUENTAS, PUBLICACIONES, RED, today_in_bogota
from core.sheet.models import InvalidRecord
from core.store.base import by_contract

if TYPE_CHECKING:
    from core.metrics_import import ParsedExport, PostFigures

TAB = PUBLICACIONES.name
ACTION = "importar métricas"
ORIGIN = "Cubrimiento"  # a post found only in an export was not asked for through a request
COPY_CAP = PUBLICACIONES.column("Copy").cap
CREATE_CHUNK = 5_000  # records per store call (a store splits them further into requests it can send)
# How a skipped row whose register row has errors says where to correct it: the command line names its command;
# a page names the page.
FIX_BY_COMMAND = "corríjala (python -m core verificar)"
FIX_ON_PAGE = "corríjala en la hoja (página Calidad de datos)"


@dataclass(frozen=True)
class Skipped:
    row: int
    reason: str

    def __str__(self) -> str:
        return f"fila {self.row}: {self.reason}"


# --- matching posts with the register ------------------------------------------------------------------------

_ID_IN_LINK = {network: tuple(map(re.compile, patterns)) for network, patterns in {
    "X": (r"/status(?:es)?/(\d+)",),
    "YouTube": (r"[?&]v=([\w-]{6,})", r"youtu\.be/([\w-]{6,})", r"/(?:shorts|live|embed)/([\w-]{6,})"),
    "Facebook": (r"/posts/([\w.-]+)", r"/videos/(?:[\w.-]+/)?(\d+)", r"/reel/(\d+)", r"story_fbid=([\w-]+)",
                 r"[?&]fbid=(\d+)", r"/permalink/(\d+)", r"[?&]v=(\d+)"),
    "Instagram": (r"/(?:p|reel|reels|tv)/([\w-]+)",),
    "TikTok": (r"/video/(\d+)",),
}.items()}
_HOSTS = {"twitter.com": "x.com", "mobile.twitter.com": "x.com", "youtu.be": "youtube.com", "m.facebook.com":
          "facebook.com", "web.facebook.com": "facebook.com"}


def link_key(link: str) -> str:
    """A permalink as comparable text: no scheme, `www.`, trailing slash nor tracking query (twitter.com is
    x.com); the query a network needs to name the post (`v=`, `story_fbid=`…) is kept."""
    parts = urlsplit(link.strip())
    host = parts.netloc.lower().removeprefix("www.")
    host = _HOSTS.get(host, host)
    kept = {name: values for name, values in parse_qs(parts.query).items()
            if name in ("v", "story_fbid", "id", "fbid")}
    query = "&".join(f"{name}={values[0]}" for name, values in sorted(kept.items()))
    return f"{host}{parts.path.rstrip('/')}" + (f"?{query}" if query else "")


def post_keys(network: str, post_id: Any, link: Any) -> set[tuple[str, str]]:
    """What identifies a post on its network: its ID (a Facebook `page_post` ID also by its post part), its
    link, and the ID its link carries."""
    keys: set[tuple[str, str]] = set()
    if not is_empty(post_id):
        text = str(post_id).strip()
        keys.add(("id", text))
        if network == "Facebook" and "_" in text:
            keys.add(("id", text.rsplit("_", 1)[1]))
    if not is_empty(link):
        text = str(link).strip()
        for pattern in _ID_IN_LINK.get(network, ()):
            match = pattern.search(text)
            if match:
                keys.add(("id", match[1]))
                break
        else:  # a link that names no post ID is compared whole
            keys.add(("link", link_key(text)))
    return keys


class _Index:
    """Where each key of a network's posts lies in Publicaciones: good rows, and rows with errors."""

    def __init__(self, register: Register, network: str):
        result = register.read_tab(TAB)
        frame = result.frame
        same = frame[frame["Red"] == network]
        self.frame = frame
        self.rows: dict[tuple[str, str], set[int]] = {}
        for number, post_id, link in zip(same.index, same["ID en la red"].to_numpy(dtype=object),
                                         same["Enlace"].to_numpy(dtype=object)):
            for key in post_keys(network, post_id, link):
                self.rows.setdefault(key, set()).add(int(number))
        self.bad: dict[tuple[str, str], set[int]] = {}
        bad_rows = result.bad_row_numbers
        if bad_rows:  # a post whose register row has errors must not be created again beside it
            extra = register.context().extra_networks
            raw = register.store.read([PUBLICACIONES]).get(TAB)
            for index, cells in enumerate(raw.rows if raw else []):
                if index + 2 not in bad_rows:
                    continue
                values = by_contract(PUBLICACIONES, raw.headers, cells)
                try:
                    red = RED.read(str(values.get("Red") or "").strip(), extra)
                except CellError:
                    continue
                if red == network:
                    for key in post_keys(network, values.get("ID en la red"), values.get("Enlace")):
                        self.bad.setdefault(key, set()).add(index + 2)

    def find(self, keys: set[tuple[str, str]]) -> tuple[set[int], set[int]]:
        good = set().union(*(self.rows.get(key, set()) for key in keys))
        bad = set().union(*(self.bad.get(key, set()) for key in keys))
        return good, bad



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
    account = check_account(parsed.account, parsed.network, register.read_tab(CUENTAS.name).frame)
    plan = MetricsPlan(parsed, as_of, source, account, skipped=list(parsed.skipped), notices=list(parsed.notices))
    index = _Index(register, parsed.network)
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
    if seen.get("Estado") == "Programada":  # it is in the platform's export: it was published
        changes["Estado"] = "Publicada"
    if seen.get("Publicada") is None and post.published is not None and seen.get("Estado") != "Cancelada":
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
            "Estado": "Publicada", **post.metrics, "Métricas al": as_of if post.metrics else None}


# --- the write -------------------------------------------------------------------------------------------------


@dataclass
class MetricsReport:
    """What an import did: counts, the rows skipped with their reason, notices, and one summary line."""

    network: str | None = None
    label: str = ""
    filename: str = ""
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    as_of: date | None = None
    as_of_source: str = ""
    error: str | None = None  # the file could not be read: nothing was written
    account: str = ""  # the export's account against Cuentas, as one sentence

    @property
    def summary(self) -> str:
        if self.error:
            return f"No se importó nada: {self.error}"
        return (f"Métricas de {self.label}: {fmt_int(self.rows_read)} filas leídas; publicaciones creadas: "
                f"{fmt_int(self.created)}, actualizadas: {fmt_int(self.updated)}, sin cambios: "
                f"{fmt_int(self.unchanged)}, omitidas: {fmt_int(len(self.skipped))}.")

    def lines(self) -> list[str]:
        """Everything to show, in order: skipped rows, notices, the account, the date of the figures, the
        summary."""
        if self.error:
            return [self.summary]
        out = [f"omitida: {skipped}" for skipped in sorted(self.skipped, key=lambda s: s.row)]
        out += [f"aviso: {notice}" for notice in self.notices]
        if self.account:
            out.append(self.account)
        if self.as_of:
            out.append(f"Cifras al {fmt_date(self.as_of)} ({self.as_of_source}).")
        out.append(self.summary)
        return out


def apply_plan(writer: Writer, plan: MetricsPlan) -> MetricsReport:
    """Write `plan` through `writer`: the new posts in bulk, then the changed cells in bulk. A record the
    register refuses, or a row someone changed since it was read, is skipped with its reason; the others are
    still written."""
    parsed = plan.parsed
    report = MetricsReport(parsed.network, parsed.label, parsed.filename, parsed.rows_read, unchanged=plan.unchanged,
                           skipped=list(plan.skipped), notices=list(plan.notices), as_of=plan.as_of,
                           as_of_source=plan.as_of_source, account=plan.account.line)
    _create(writer, plan.creates, report)
    _update(writer, plan.edits, report)
    return report


def _create(writer: Writer, creates: list[tuple[int, dict[str, Any]]], report: MetricsReport) -> None:
    """Append the new posts in bulk; a record the register refuses is skipped with its reason and the
    others are still written."""
    context = writer.register.context()
    for start in range(0, len(creates), CREATE_CHUNK):
        chunk = creates[start:start + CREATE_CHUNK]
        try:
            writer.create_many(TAB, [record for _, record in chunk], action=ACTION)
        except InvalidRecord:
            good = []
            for row, record in chunk:
                try:
                    validated(PUBLICACIONES, record, context)
                except InvalidRecord as error:
                    reasons = "; ".join(str(problem) for problem in error.errors)
                    report.skipped.append(Skipped(row, f"no se pudo crear: {reasons}"))
                    continue
                good.append(record)
            if good:
                writer.create_many(TAB, good, action=ACTION)
            report.created += len(good)
            continue
        report.created += len(chunk)


def _update(writer: Writer, edits: list[tuple[int, dict[str, Any], dict[str, Any]]], report: MetricsReport) -> None:
    if not edits:
        return
    results = writer.update_many(TAB, [(seen, changes) for _, seen, changes in edits], action=ACTION)
    for (row, _, _), result in zip(edits, results, strict=True):
        if result.error is not None:
            report.skipped.append(Skipped(row, f"no se actualizó: {result.error}"))
        elif result.fields:
            report.updated += 1
        else:
            report.unchanged += 1


__all__ = ["ACTION", "FIX_BY_COMMAND", "FIX_ON_PAGE", "MetricsPlan", "MetricsReport", "Skipped", "apply_plan",
           "link_key", "plan_import", "post_keys"]
