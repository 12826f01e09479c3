"""docs/contract.md is the sheet contract as written by core.sheet.contract_doc: equal to the code, complete."""

from dataclasses import replace
from pathlib import Path

from core.sheet import contract, contract_doc
from core.sheet.contract import LIST_CHOICES, TABS, Choices, Kind
from core.sheet.contract_texts import KIND_TEXTS, TAB_PURPOSES

DOCUMENT = Path(__file__).resolve().parent.parent / "docs" / "contract.md"


def test_the_document_equals_what_the_contract_writes():
    assert DOCUMENT.read_text(encoding="utf-8") == contract_doc.contract_markdown(), (
        "docs/contract.md is out of date: python -m core.sheet.contract_doc > docs/contract.md")


def test_a_changed_column_changes_the_document(monkeypatch):
    solicitudes = TABS[0]
    renamed = replace(solicitudes, columns=(replace(solicitudes.columns[0], name="Identificador"),
                                            *solicitudes.columns[1:]))
    monkeypatch.setattr(contract_doc, "TABS", (renamed, *TABS[1:]))
    monkeypatch.setitem(TAB_PURPOSES, "Solicitudes", TAB_PURPOSES["Solicitudes"])
    assert "| Identificador | ID |" in contract_doc.contract_markdown()
    assert contract_doc.contract_markdown() != DOCUMENT.read_text(encoding="utf-8")


def test_every_tab_every_type_and_every_list_is_described():
    assert set(TAB_PURPOSES) == {tab.name for tab in TABS}
    assert set(KIND_TEXTS) == set(Kind)
    declared = [value for value in vars(contract).values() if isinstance(value, Choices)]
    assert sorted(map(id, declared)) == sorted(map(id, LIST_CHOICES))
    document = DOCUMENT.read_text(encoding="utf-8")
    for tab in TABS:
        assert f"## {tab.name}\n" in document
        for column in tab.columns:
            assert f"| {column.name} | {column.kind.value} |" in document
    for choices in LIST_CHOICES:
        assert all(f"«{value}»" in document for value in choices.values)
