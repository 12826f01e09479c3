"""Where the register lives, chosen by `DIVULGA_STORE` (default `sqlite:///data/divulga.db`)."""

from __future__ import annotations

import os

from core.store.base import IdClash, RawTab, RowChange, RowNotFound, Store, StoreError

DEFAULT_STORE = "sqlite:///data/divulga.db"


def store_url() -> str:
    return os.environ.get("DIVULGA_STORE", "").strip() or DEFAULT_STORE


def open_store(url: str | None = None) -> Store:
    """The store a URL names: `sqlite:///relative.db`, `sqlite:////absolute.db`."""
    url = url or store_url()
    scheme, _, rest = url.partition("://")
    if scheme == "sqlite" and rest.startswith("/") and len(rest) > 1:
        from core.store.sqlite import SQLiteStore

        return SQLiteStore(rest[1:])
    raise StoreError(
        f"DIVULGA_STORE no es válido: «{url}». Use sqlite:///data/divulga.db (ruta relativa) o "
        "sqlite:////ruta/absoluta.db."
    )


__all__ = ["IdClash", "RawTab", "RowChange", "RowNotFound", "Store", "StoreError", "open_store", "store_url"]
