"""The sheet contract as a document for the people who keep the sheet and for newcomers: `docs/contract.md`,
written from the declarations in `core.sheet.contract` (a test keeps the file equal to what this writes).

Regenerate it after changing the contract: `python -m core.sheet.contract_doc > docs/contract.md`.
"""

from __future__ import annotations

from core.sheet.contract import LIST_CHOICES, NAME_CAP, TABS, TEXT_CAP, Column, Kind, Tab
from core.sheet.contract_texts import INTRO, KIND_TEXTS, TAB_PURPOSES


def _cap_text(cap: int) -> str:
    return f"{cap:,}".replace(",", ".") + " characters"


def _rule(column: Column) -> str:
    """What a cell of the column holds beyond its type: its list, its cap, that the app fills it."""
    parts = []
    if column.choices is not None:
        parts.append(f"one of «{column.choices.label}»" if column.kind is Kind.ENUM
                     else f"items of «{column.choices.label}»")
    if column.urls:
        parts.append("each item a link")
    if column.kind in (Kind.TEXT, Kind.ID) or (column.kind is Kind.LIST and column.choices is None):
        if column.cap != TEXT_CAP or column.kind is Kind.TEXT:
            parts.append(f"up to {_cap_text(column.cap)}" + (" an item" if column.kind is Kind.LIST else ""))
    if column.owned:
        parts.append("filled by Divulga")
    return "; ".join(parts)


def _tab_section(tab: Tab) -> list[str]:
    lines = [f"## {tab.name}", "", TAB_PURPOSES[tab.name], ""]
    if tab.has_id:
        lines.append(f"Each row has an `ID` made by Divulga, prefixed `{tab.id_prefix}-`.")
    if tab.natural_keys:
        keys = " or ".join("(" + ", ".join(f"`{name}`" for name in key) + ")" for key in tab.natural_keys)
        lines.append(f"A row is found by {keys}" + (" when it has no ID." if tab.has_id else "."))
    if tab.has_id or tab.natural_keys:
        lines.append("")
    lines += ["| Column | Type | Required | Default | Rule |", "|---|---|---|---|---|"]
    for column in tab.columns:
        default = "" if column.default is None else f"{column.default}"
        lines.append(f"| {column.name} | {column.kind.value} | {'yes' if column.required else ''} | {default} "
                     f"| {_rule(column)} |")
    return [*lines, ""]


def _lists_section() -> list[str]:
    lines = ["## The lists", "",
             "Each list by its name in Divulga's messages. Values are read ignoring case, accents and extra spaces;"
             " an alias reads as its value.", ""]
    for choices in LIST_CHOICES:
        lines.append(f"- **{choices.label}**: " + ", ".join(f"«{value}»" for value in choices.values) + ".")
        if choices.aliases:
            lines.append("  Aliases: " + ", ".join(f"«{alias}» → «{value}»" for alias, value in
                                                    choices.aliases.items()) + ".")
        for typed, reason in choices.refused.items():
            lines.append(f"  Refused: «{typed}» ({reason}).")
        if choices.extended_by:
            lines.append(f"  The leader may add more in the `Listas` column `{choices.extended_by}`.")
    return [*lines, ""]


def contract_markdown() -> str:
    """The whole document, as `docs/contract.md` holds it."""
    lines = [*INTRO, "", "## Types", "", "| Type | A cell holds |", "|---|---|"]
    lines += [f"| {kind.value} | {KIND_TEXTS[kind]} |" for kind in Kind]
    lines += ["", f"Texts have a cap: names and titles {_cap_text(NAME_CAP)}, any other text {_cap_text(TEXT_CAP)} "
              "unless its column says less.", ""]
    lines += ["## Tabs", "", "In the sheet's order:", ""]
    lines += [f"{number}. [{tab.name}](#{tab.name.lower().replace(' ', '-')})"
              for number, tab in enumerate(TABS, 1)]
    lines.append("")
    for tab in TABS:
        lines += _tab_section(tab)
    lines += _lists_section()
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(contract_markdown(), end="")
