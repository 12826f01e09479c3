"""Historial rows: who wrote what and when, with each change as `{"campo": [antes, después]}`."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from core.sheet.cells import BOGOTA
from core.sheet.contract import Tab

HISTORY_VALUE_CAP = 1_000  # characters of one value in `Cambios`: the record itself keeps the whole text


def _fits(changes: dict[str, Any]) -> bool:
    """Whether no value of `changes` is over `HISTORY_VALUE_CAP` (plain loops: it runs once per record)."""
    for pair in changes.values():
        for value in pair if type(pair) is list else (pair,):
            if type(value) is str and len(value) > HISTORY_VALUE_CAP:
                return False
    return True


def _shortened(value: Any) -> Any:
    if isinstance(value, str) and len(value) > HISTORY_VALUE_CAP:
        return f"{value[:HISTORY_VALUE_CAP]}… ({len(value):,} caracteres)".replace(",", ".")
    return value


def history_record(actor: str, tab: Tab, key: str, action: str, changes: dict[str, Any]) -> dict[str, Any]:
    """A Historial row: who, when, which record, and `{"campo": [antes, después]}` (long texts shortened,
    so the row stays within a cell's cap)."""
    changes_text = json.dumps(changes, ensure_ascii=False, default=str)
    if len(changes_text) > HISTORY_VALUE_CAP and not _fits(changes):  # a short JSON holds no long value
        changes = {name: [_shortened(v) for v in pair] if isinstance(pair, list) else _shortened(pair)
                   for name, pair in changes.items()}
        changes_text = json.dumps(changes, ensure_ascii=False, default=str)
    return {
        "Fecha": datetime.now(BOGOTA),
        "Usuario": actor,
        "Pestaña": tab.name,
        "ID": key,
        "Acción": action,
        "Cambios": changes_text,
    }
