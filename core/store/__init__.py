"""Where the register lives, chosen by `DIVULGA_STORE` (default `sqlite:///data/divulga.db`)."""

from __future__ import annotations

import os
import re

from core.store.base import IdClash, ImportRunning, RawTab, RowChange, RowNotFound, Store, StoreError

DEFAULT_STORE = "sqlite:///data/divulga.db"


def store_url() -> str:
    return os.environ.get("DIVULGA_STORE", "").strip() or DEFAULT_STORE


def open_store(url: str | None = None) -> Store:
    """The store a URL names: `sqlite:///relative.db`, `sqlite:////absolute.db`, `gsheets://KEY` (the key
    of the spreadsheet's address, docs.google.com/spreadsheets/d/KEY/edit)."""
    url = url or store_url()
    scheme, _, rest = url.partition("://")
    if scheme == "sqlite" and rest.startswith("/") and len(rest) > 1:
        from core.store.sqlite import SQLiteStore

        return SQLiteStore(rest[1:])
    if scheme == "gsheets" and re.fullmatch(r"[A-Za-z0-9_-]+", rest):
        from core.store.gsheets import SheetsStore

        return SheetsStore(rest)
    raise StoreError(
        f"DIVULGA_STORE no es válido: «{url}». Use sqlite:///data/divulga.db (ruta relativa), "
        "sqlite:////ruta/absoluta.db o gsheets://LLAVE (la parte de la dirección de la hoja entre /d/ y /edit)."
    )


__all__ = ["IdClash", "ImportRunning", "RawTab", "RowChange", "RowNotFound", "Store", "StoreError", "open_store",
           "store_url"]
