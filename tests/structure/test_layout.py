"""The layout the design promises: no import circle in ``caseflow/``, and shared code that names no kind.

Read from the source with ``ast``, not by importing: an import inside a function is an edge too, since
it only hides a circle until the function runs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from caseflow.kinds import MACHINES, PACKAGES

ROOT = Path(__file__).resolve().parents[2] / "caseflow"
#: The shared code that loops over the registered kinds and names none (DESIGN.md, "Work items").
SHARED = ("items", "api", "reports")


def _modules() -> dict[str, Path]:
    modules = {}
    for path in ROOT.rglob("*.py"):
        name = ".".join(("caseflow", *path.relative_to(ROOT).with_suffix("").parts))
        modules[name.removesuffix(".__init__")] = path
    return modules


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    type_checking = {id(node) for block in ast.walk(tree)
                     if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
                     for node in ast.walk(block)}
    names = set()
    for node in ast.walk(tree):
        if id(node) in type_checking:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("caseflow"):
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names if alias.name.startswith("caseflow")}
    return names


def _graph() -> dict[str, set[str]]:
    modules = _modules()

    def module_of(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    return {name: {target for imported in _imports(path) if (target := module_of(imported)) not in (None, name)}
            for name, path in modules.items()}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of more than one module."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while (member := stack.pop()) != node:
                on_stack.discard(member)
                component.append(member)
            on_stack.discard(node)
            if component:
                found.append(sorted([node, *component]))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_module_of_caseflow_is_part_of_an_import_circle():
    assert _circles(_graph()) == []


def test_the_circle_finder_finds_a_circle():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _named_kinds(path: Path) -> list[str]:
    """Where a module names a kind: a string that is a kind's name, an ``ItemKind.X``, or an import
    from a kind's package."""
    kinds = set(MACHINES)
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Constant) and node.value in kinds:
            found.append(f"{node.lineno}: '{node.value}'")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "ItemKind":
            found.append(f"{node.lineno}: ItemKind.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[1:2] in ([p] for p in PACKAGES):
            found.append(f"{node.lineno}: from {node.module}")
    return found


#: Where shared code still names a kind, each a debt of issue 14 written down, not a rule: the list
#: may only shrink (the test below fails if a module here no longer names one, to keep it honest).
NOT_YET: set[str] = set()


@pytest.mark.parametrize("package", SHARED)
def test_shared_code_names_no_kind(package):
    named = {str(path.relative_to(ROOT.parent)): places for path in sorted((ROOT / package).rglob("*.py"))
             if (places := _named_kinds(path))}
    assert {path: places for path, places in named.items() if path not in NOT_YET} == {}
    assert sorted(path for path in NOT_YET if path.startswith(f"caseflow/{package}/") and path not in named) == []


#: The kinds' metrics modules (``caseflow.<package>.metrics``).
KIND_METRICS = {f"caseflow.{package}.metrics" for package in PACKAGES}


def test_the_committee_report_reads_no_kinds_metrics():
    """It builds what is no kind's and asks the kinds for the rest (``KindSpec.report_sections``,
    ``KindSpec.key_figures``); only the catalog loads the kinds' metrics, by the names it lists."""
    assert sorted(_graph()["caseflow.reports.committee"] & KIND_METRICS) == []


def test_the_metrics_check_sees_an_import_of_a_kinds_metrics(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("from caseflow.sublease import metrics\nimport caseflow.sip.metrics\n")
    assert {"caseflow.sublease.metrics", "caseflow.sip.metrics"} <= _imports(module)
