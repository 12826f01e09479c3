"""An export's posts with their figures: `parse_export`, the pure first step of the import.

The file in (its bytes, its path or an upload, read by rows.py within the limits of core/files/limits.py); out,
each post with its figures already mapped to the register's columns, the rows it could not use with the reason,
and the account the file says it belongs to (account.py). It copes with what real files do: a BOM, a `Total`
row, month-first dates, `-` for no value, columns that come and go, broken characters, `;` instead of `,` after
Excel.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import Any, BinaryIO

from core.files.limits import FileRefused
from core.metrics_import.account import (
    ACCOUNT_COLUMNS,
    FROM_FILE_NAME,
    FROM_LINKS,
    ExportAccount,
    account_of,
    x_handle,
    x_handle_in_name,
)
from core.metrics_import.figures import ExportError, ParsedExport, PostFigures, Skipped
from core.metrics_import.matching import post_keys
from core.metrics_import.parsing import (
    RowProblem,
    dates_in_name,
    is_month_first,
    parse_count,
    parse_link,
    parse_moment,
    parse_post_id,
)
from core.metrics_import.platforms import COLUMNS, FORMATS, LABELS, LIFETIME, METRICS, PARTS, TOTAL_ROW
from core.metrics_import.recognise import Headers, check_required, network_asked, recognise
from core.metrics_import.rows import EXPECTED, read_rows
from core.sheet.cells import BOGOTA, is_empty, normalize

Cell = Callable[[list[str], str], str]  # a row's cell by its column's role («id», «link», «time», a metric…)


def parse_export(source: bytes | str | Path | BinaryIO, filename: str | None = None,
                 network: str | None = None) -> ParsedExport:
    """The posts of an export with their figures, and the rows that cannot be used with the reason.

    `source` is the file's bytes, its path, or an open binary file (an upload). `network` forces the
    export's network (aliases such as «Twitter» accepted); otherwise the headers tell it. Raises
    `ExportError` when the file cannot be read (over a limit of core/files/limits.py, or damaged) or is not a
    known export."""
    asked = network_asked(network)
    if isinstance(source, (str, Path)):
        filename = filename or Path(source).name
    try:
        rows = read_rows(source)
    except OSError as error:
        raise ExportError(f"no se pudo leer el archivo {source}: {error.strerror or error}.") from None
    except FileRefused as error:
        raise ExportError(str(error)) from None
    numbered = [(number, row) for number, row in enumerate(rows, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise ExportError(f"el archivo no tiene filas; se esperaba {EXPECTED}.")
    header_number, header_row = numbered[0]
    headers = Headers(header_row)
    body = numbered[1:]
    chosen = asked or recognise(headers, [row for _, row in body])
    columns = COLUMNS[chosen]
    check_required(chosen, headers, columns)
    parsed = ParsedExport(chosen, LABELS[chosen], [], [], 0, max(dates_in_name(filename or ""), default=None),
                          filename=Path(filename or "").name)
    _parse_rows(parsed, headers, columns, body)
    return parsed


def _parse_rows(parsed: ParsedExport, headers: Headers, columns: dict[str, tuple[str, ...]],
                body: list[tuple[int, list[str]]]) -> None:
    network = parsed.network
    where = {name: headers.find(names) for name, names in columns.items()}
    metric_columns = {name: position for name, position in where.items() if name in METRICS and position is not None}
    labels = {name: headers.headers[position] for name, position in where.items() if position is not None}

    def cell(row: list[str], name: str) -> str:
        position = where.get(name)
        return row[position] if position is not None and position < len(row) else ""

    times = [cell(row, "time") for _, row in body]
    month_first = is_month_first(times)
    zone = UTC if network == "X" else BOGOTA  # X writes UTC (+0000); Meta and YouTube: see README
    seen: dict[str, int] = {}
    for number, row in body:
        raw_id = cell(row, "id").strip()
        if raw_id[:1].isalpha() and len(raw_id) < 10 and normalize(raw_id) in TOTAL_ROW:
            parsed.notices.append(f"fila {number}: «{raw_id}» es el total de la cuenta, no una publicación; "
                                  "no se importa")
            continue
        parsed.rows_read += 1
        try:
            post = _post(network, number, row, cell, metric_columns, labels, month_first, zone)
            post.keys = post_keys(network, post.post_id, post.link)
            for key in post.keys:
                if key in seen:
                    raise RowProblem(f"repite la publicación de la fila {seen[key]}")
            for key in post.keys:
                seen[key] = number
        except RowProblem as problem:
            parsed.skipped.append(Skipped(number, str(problem)))
            continue
        parsed.posts.append(post)
    parsed.account = _account(network, headers, [row for _, row in body], cell, parsed.filename)


def _account(network: str, headers: Headers, rows: list[list[str]], cell: Cell, filename: str) -> ExportAccount:
    """Whose export it is, as the file says (account.py): X's permalinks, else X's own file name; Meta's
    account column."""
    names: Counter[str] = Counter()
    if network == "X":
        names.update(handle for row in rows if (handle := x_handle(cell(row, "link"))))
        if names:
            return account_of(network, names, FROM_LINKS)
        handle = x_handle_in_name(filename)
        return account_of(network, Counter([handle] if handle else []), FROM_FILE_NAME)
    where = headers.find(ACCOUNT_COLUMNS.get(network, ()))
    if where is None:
        return ExportAccount()
    names.update(name for row in rows if where < len(row) and not is_empty(name := row[where].strip()))
    return account_of(network, names, f"la columna «{headers.headers[where]}»")


def _post(network: str, number: int, row: list[str], cell: Cell, metric_columns: dict[str, int],
          labels: dict[str, str], month_first: bool, zone: Any) -> PostFigures:
    link = parse_link(cell(row, "link"))
    try:
        post_id = parse_post_id(cell(row, "id"))
    except RowProblem:
        if link is None:
            raise
        post_id = None
    if network == "YouTube" and post_id:
        link = f"https://www.youtube.com/watch?v={post_id}"
    if post_id is None and link is None:
        raise RowProblem("no tiene el ID de la publicación ni su enlace")
    if network in ("Facebook", "Instagram") and cell(row, "date").strip().lower() not in LIFETIME and normalize(
            cell(row, "date")) not in LIFETIME:
        raise RowProblem(f"las cifras son de un solo día («{cell(row, 'date').strip()}» en {labels.get('date')}), "
                         "no del total de la publicación; exporte con «Lifetime» / «Total»")
    metrics: dict[str, int] = {}
    for name, position in metric_columns.items():
        value = parse_count(row[position] if position < len(row) else "", labels[name])
        if value is not None:
            metrics[name] = value
    _add_interactions(network, metrics, cell(row, "combined"), labels.get("combined", ""))
    published, problem = None, None
    raw_time = cell(row, "time")
    try:
        published = parse_moment(raw_time, month_first, zone)
        if published is None:
            problem = f"no tiene fecha de publicación ({labels.get('time')})"
    except (ValueError, OverflowError):
        problem = f"{labels.get('time')}: «{raw_time.strip()}» no es una fecha de publicación legible"
    text = cell(row, "text").strip() or cell(row, "title").strip() or None
    if text and network == "X" and "&" in text:
        text = html.unescape(text)  # X's export keeps the API's escapes: «&amp;» is «&»
    return PostFigures(number, network, post_id, link, published, text,
                       _format_of(network, cell(row, "type"), text) if network != "X" else None, metrics, problem)


def _add_interactions(network: str, metrics: dict[str, int], combined: str, combined_label: str) -> None:
    """Interacciones as docs/domain.md («Metrics») counts it per network: X's own `engagements`; the sum of the parts
    elsewhere (Facebook's `Reactions, Comments and Shares` stands for its three parts when they are absent)."""
    if network == "X":
        return
    parts = [metrics[name] for name in PARTS[network] if name in metrics]
    if network == "Facebook" and not any(name in metrics for name in ("Reacciones", "Comentarios", "Compartidos")):
        together = parse_count(combined, combined_label) if combined_label else None
        if together is not None:
            parts = [together, *([metrics["Clics"]] if "Clics" in metrics else [])]
    if parts:
        metrics["Interacciones"] = sum(parts)


def _format_of(network: str, post_type: str, title: str | None) -> str | None:
    """Formato of a new post from the export's own post type (Meta) or the title's #shorts (YouTube)."""
    if network == "YouTube":
        return "Short" if title and "#shorts" in title.lower() else "Video"
    kind = normalize(post_type)
    if not kind:
        return None
    for words, form in FORMATS:
        if any(word in kind for word in words):
            return form
    return "Publicación"


__all__ = ["parse_export"]
