"""Changing a setting from Ajustes: the value checked by the setting's own rule, then written through the one write
path (apart from `core.settings`, which only reads them, so the write path can read the approvers there)."""

from __future__ import annotations

from core.register import Writer
from core.settings import Setting, SettingError, Settings
from core.sheet.contract import SETTINGS_TAB


def save_setting(writer: Writer, current: Settings, setting: Setting, text: str) -> bool:
    """Store a setting's new value (checked first: `SettingError` says what is accepted). Returns whether
    anything was written; a value equal to what is stored writes nothing."""
    text = text.strip()
    if text:
        setting.read(text)
    elif setting.default:
        raise SettingError(f"escriba un valor (por defecto: «{setting.default}»)")
    row = current.rows.get(setting.name)
    if row is None:
        writer.create(SETTINGS_TAB.name, {"Ajuste": setting.name, "Valor": text})
        return True
    seen = {name: value for name, value in row.items() if name != "fila"}
    return bool(writer.update(SETTINGS_TAB.name, seen, {"Valor": text}, action="cambiar ajuste"))
