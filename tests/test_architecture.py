"""The layout a newcomer relies on: no import loops (an import inside a function or under TYPE_CHECKING counts),
small modules and functions (declarations apart, named as such), and a README whose links and "where things
live" table match the tree."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODULE_LINES = 400
FUNCTION_LINES = 60
# Declarations (the sheet contract, demo data, texts, platform headers): tables, not logic; they may be long.
DECLARATION_NAMES = re.compile(r"^(contract|data|texts|[a-z_]+_texts|platforms)\.py$")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, root: Path, modules: set[str]) -> set[str]:
    """The modules of `modules` that `path` imports anywhere in it (top level, functions, TYPE_CHECKING)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):  # a package's own __init__
                found.add(target)
    return found


def import_loops(root: Path, package: str) -> list[list[str]]:
    """Every group of modules that import each other, directly or round a longer loop (Tarjan's SCCs)."""
    paths = {module_name(path, root): path for path in (root / package).rglob("*.py")}
    graph = {name: imports_of(path, root, set(paths)) for name, path in paths.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    loops: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                loops.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return loops


def python_files() -> Iterable[Path]:
    for folder in ("core", "app_pages", "benchmarks"):
        yield from sorted((ROOT / folder).rglob("*.py"))
    yield ROOT / "app.py"


def test_no_import_loops_in_core():
    assert import_loops(ROOT, "core") == []


def test_the_loop_check_sees_a_loop_inside_a_function_and_under_type_checking(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from pkg import b\n")
    (package / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import f\n")
    (package / "c.py").write_text("import pkg.a\n")
    assert import_loops(tmp_path, "pkg") == [["pkg.a", "pkg.b"]]


def test_no_module_over_400_lines_but_declarations():
    big = {str(path.relative_to(ROOT)): lines for path in python_files()
           if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
           and not DECLARATION_NAMES.match(path.name)}
    assert big == {}


def long_functions(source: str) -> list[str]:
    return [f"{node.name} (line {node.lineno}, {node.end_lineno - node.lineno + 1} lines)"
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno - node.lineno + 1 > FUNCTION_LINES]


def test_no_function_over_60_lines():
    found = {str(path.relative_to(ROOT)): names for path in python_files()
             if not DECLARATION_NAMES.match(path.name) and (names := long_functions(path.read_text(encoding="utf-8")))}
    assert found == {}


def test_the_function_check_counts_a_long_nested_function():
    body = "\n".join(f"        x = {n}" for n in range(FUNCTION_LINES))
    assert long_functions(f"def outer():\n    def inner():\n{body}\n") == [
        f"outer (line 1, {FUNCTION_LINES + 2} lines)", f"inner (line 2, {FUNCTION_LINES + 1} lines)"]


README = ROOT / "README.md"
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def links(markdown: str) -> list[str]:
    return [target for target in LINK.findall(markdown) if not re.match(r"[a-z]+:", target)]


@pytest.mark.parametrize("document", [README, *sorted((ROOT / "docs").glob("*.md"))], ids=lambda path: path.name)
def test_every_link_resolves_inside_the_repository(document):
    text = document.read_text(encoding="utf-8")
    assert "../shared" not in text
    for target in links(text):
        path = target.split("#")[0]
        if path:
            resolved = (document.parent / path).resolve()
            assert resolved.is_relative_to(ROOT) and resolved.exists(), f"{document.name}: {target}"


def where_things_live(markdown: str) -> list[str]:
    """The paths of the README's "Where things live" table (its first column, in backticks)."""
    section = markdown.split("### Where things live", 1)[1].split("\n#", 1)[0]
    return [match for line in section.splitlines() if line.startswith("| `")
            for match in re.findall(r"`([^`]+)`", line.split("|")[1])]


def packages() -> set[str]:
    """Every package of the code and every folder a newcomer opens."""
    found = {f"{path.parent.relative_to(ROOT)}/" for path in (ROOT / "core").rglob("__init__.py")}
    return found | {"app.py", "app_pages/", "benchmarks/", "tests/", "docs/"}


def test_the_where_things_live_table_matches_the_tree():
    listed = where_things_live(README.read_text(encoding="utf-8"))
    assert set(listed) >= packages(), "packages missing from the README's table"
    assert all((ROOT / path).exists() for path in listed), "the table names a path that is not there"


def missing_names(markdown: str, root: Path) -> list[str]:
    """The files, folders and `core.…` modules a document names in backticks that the tree does not have."""
    made = [line.strip().strip("/") for line in (root / ".gitignore").read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]  # folders a run makes (benchmarks/work/): not in a clone
    missing = [path for path in re.findall(r"`((?:core|app_pages|benchmarks|tests|docs)/[^`\s]*)`", markdown)
               if not (root / path.rstrip("/")).exists() and not any(path.startswith(folder) for folder in made)]
    for dotted in re.findall(r"`(core(?:\.\w+)+)", markdown):
        parts = dotted.split(".")
        if not any((root / Path(*parts[:end])).with_suffix(".py").exists() or (root / Path(*parts[:end])).is_dir()
                   for end in range(len(parts), 1, -1)):
            missing.append(dotted)
    return sorted(set(missing))


@pytest.mark.parametrize("document", [README, *sorted((ROOT / "docs").glob("*.md"))], ids=lambda path: path.name)
def test_every_module_and_path_a_document_names_is_there(document):
    assert missing_names(document.read_text(encoding="utf-8"), ROOT) == []


def test_the_name_check_sees_a_moved_module():
    assert missing_names("`core/kpis.py` and `core.layout.TABS`, `core.sheet.contract.TABS`", ROOT) == [
        "core.layout.TABS", "core/kpis.py"]
