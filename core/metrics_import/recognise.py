"""Which platform's export a file is, from its header row (and, for Meta, its links), and whether it has the
columns that export needs; a file that is no known export is an `ExportError` that says what was expected.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from core.metrics_import.figures import ExportError
from core.metrics_import.platforms import (
    FACEBOOK_MARKS,
    HAND_ENTERED,
    INSIGHTS_MARKS,
    INSTAGRAM_MARKS,
    LABELS,
    META_COLUMNS,
    METRICS,
    NETWORKS_WITH_IMPORTER,
    X_COLUMNS,
    YOUTUBE_COLUMNS,
)
from core.metrics_import.rows import EXPECTED
from core.sheet.cells import CellError, is_empty, normalize
from core.sheet.contract import NETWORK_CHOICES


class Headers:
    """The header row, looked up by any of a column's names (case, accents and spaces do not count)."""

    def __init__(self, headers: list[str]):
        self.headers = [header.strip().lstrip("\ufeff") for header in headers]
        self.index: dict[str, int] = {}
        for position, header in enumerate(self.headers):
            self.index.setdefault(normalize(header), position)

    def find(self, names: Iterable[str]) -> int | None:
        return next((self.index[normalize(name)] for name in names if normalize(name) in self.index), None)

    def has(self, names: Iterable[str]) -> bool:
        return self.find(names) is not None

    def count(self, names: Iterable[str]) -> int:
        return sum(1 for name in names if normalize(name) in self.index)

    def shown(self) -> str:
        listed = ", ".join(header for header in self.headers[:12] if header)
        return listed + (" …" if len(self.headers) > 12 else "")


def network_asked(network: str | None) -> str | None:
    """The network a person named for the file (aliases such as «Twitter» accepted); None when not named."""
    if is_empty(network):
        return None
    try:
        name = NETWORK_CHOICES.read(str(network).strip())
    except CellError:
        name = str(network).strip()
    if name == "TikTok":
        raise ExportError(HAND_ENTERED)
    if name not in NETWORKS_WITH_IMPORTER:
        raise ExportError(f"«{network}» no es una red con exportación importable; use una de: "
                          f"{', '.join(NETWORKS_WITH_IMPORTER)} (TikTok se registra a mano).")
    return name


def _meta_network(headers: Headers, rows: list[list[str]]) -> str | None:
    facebook, instagram = headers.count(FACEBOOK_MARKS), headers.count(INSTAGRAM_MARKS)
    if facebook != instagram:
        return "Facebook" if facebook > instagram else "Instagram"
    where = headers.find(META_COLUMNS["link"])
    hosts = {urlsplit(row[where].strip()).netloc.lower() for row in rows if where is not None and where < len(row)}
    if any("instagram." in host for host in hosts):
        return "Instagram"
    if any("facebook." in host or "fb." in host for host in hosts):
        return "Facebook"
    return None


def recognise(headers: Headers, rows: list[list[str]]) -> str:
    """The network whose export the headers (and, for Meta, the rows' links) say the file is."""
    if headers.has(X_COLUMNS["id"][:1]) and headers.has(X_COLUMNS["Impresiones"]):
        return "X"
    if headers.has(YOUTUBE_COLUMNS["id"]) and headers.has(YOUTUBE_COLUMNS["Reproducciones"]) and (
            headers.has(YOUTUBE_COLUMNS["text"]) or headers.has(YOUTUBE_COLUMNS["time"])):
        return "YouTube"
    if headers.has(META_COLUMNS["time"]) or headers.has(META_COLUMNS["link"]):
        network = _meta_network(headers, rows)
        if network is None:
            unsure = ("el archivo es una exportación de Meta Business Suite, pero no se sabe si es de Facebook o de "
                      "Instagram; ")
            raise ExportError(unsure + "indíquelo con --red Facebook o --red Instagram.",
                              unsure + "elija la red (Facebook o Instagram) en «Red» y vuelva a importar.")
        return network
    if headers.has(X_COLUMNS["id"]) and headers.has(X_COLUMNS["Impresiones"]) and headers.has(
            X_COLUMNS["Interacciones"]):
        return "X"
    if headers.count(INSIGHTS_MARKS) >= 2:
        raise ExportError(
            "el archivo tiene cifras de publicaciones de Facebook (Lifetime Post Total Reach…), pero no el "
            "identificador de cada publicación ni su fecha de publicación, así que no se puede saber a qué "
            "publicación corresponde cada fila. Se esperaba la exportación de publicaciones de Meta Business "
            "Suite, con Post ID / Identificador de la publicación, Publish time / Hora de publicación y "
            "Permalink / Enlace permanente.")
    raise ExportError(f"no es una exportación conocida. Se esperaba {EXPECTED}. Encabezados del archivo: "
                      f"{headers.shown()}.")


def check_required(network: str, headers: Headers, columns: dict[str, tuple[str, ...]]) -> None:
    """The columns without which the file cannot be imported as `network`'s export."""
    missing = []
    if network == "YouTube":
        if not headers.has(columns["id"]):
            missing.append(" / ".join(columns["id"]))
    elif not headers.has(columns["id"]) and not headers.has(columns["link"]):
        missing.append(" / ".join(columns["id"]) + " (o " + " / ".join(columns["link"]) + ")")
    if not headers.has(columns["time"]):
        missing.append(" / ".join(columns["time"]))
    if not any(headers.has(columns[name]) for name in METRICS if name in columns) and not (
            "combined" in columns and headers.has(columns["combined"])):
        missing.append("ninguna columna de cifras (" + ", ".join(
            names[0] for name, names in columns.items() if name in METRICS) + ")")
    if missing:
        raise ExportError(f"el archivo no tiene las columnas de la exportación de {LABELS[network]}: falta "
                          f"{'; falta '.join(missing)}. Encabezados del archivo: {headers.shown()}.")


__all__ = ["Headers", "check_required", "network_asked", "recognise"]
