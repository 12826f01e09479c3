"""Streamlit's own English stays off the pages: every list that can be empty says in Spanish what to choose
(Streamlit's default is «Choose options» / «Choose an option»), and the style sheet that hides or replaces
the uploader's and text fields' English is drawn by app.py. The browser journeys check what a person sees."""

from __future__ import annotations

import ast
from pathlib import Path

from core.ui import spanish

ROOT = Path(__file__).resolve().parents[1]
DRAWING = sorted([*ROOT.glob("app_pages/*.py"), *ROOT.glob("core/ui/*.py"), ROOT / "app.py"])


def calls(name: str):
    for path in DRAWING:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == name:
                yield path, node


def can_be_empty(node: ast.Call) -> bool:
    """A selectbox shows its placeholder unless its index is a fixed number (the default, 0, included)."""
    index = next((keyword.value for keyword in node.keywords if keyword.arg == "index"), None)
    accepts_new = any(keyword.arg == "accept_new_options" for keyword in node.keywords)
    choices = [index.body, index.orelse] if isinstance(index, ast.IfExp) else [index]
    fixed = all(choice is None or isinstance(choice, ast.Constant) and isinstance(choice.value, int)
                for choice in choices)
    return accepts_new or not fixed


def test_every_list_that_can_be_empty_has_a_spanish_placeholder():
    missing = [f"{path.relative_to(ROOT)}:{node.lineno} {node.func.attr}"
               for name in ("multiselect", "selectbox") for path, node in calls(name)
               if (name == "multiselect" or can_be_empty(node))
               and not any(keyword.arg == "placeholder" for keyword in node.keywords)]
    assert missing == []


def test_the_checker_sees_a_list_without_placeholder():
    tree = ast.parse('st.selectbox("Red", ["X"], index=None)\nst.selectbox("Mes", ["a"], index=1)\n'
                     'st.selectbox("S", ["a", "b"], index=1 if x else 0)\n'
                     'st.selectbox("T", t, index=t.index(v) if v else None)')
    found = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and node.func.attr == "selectbox"]
    assert [can_be_empty(node) for node in found] == [True, False, False, True]


def test_app_draws_the_style_sheet_that_hides_streamlits_english():
    assert "in_spanish()" in (ROOT / "app.py").read_text(encoding="utf-8")
    for test_id in ("stFileUploaderDropzoneInstructions", "InputInstructions"):
        assert test_id in spanish.STYLE
    assert spanish.UPLOAD_LABEL == "Elegir archivo"
