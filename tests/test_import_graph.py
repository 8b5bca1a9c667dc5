"""The package's modules import one another without circles: every import counts, those
inside functions too (a circle hidden in a function is still a circle); only those under
`if TYPE_CHECKING:` (annotations, never run) do not."""

from __future__ import annotations

import ast
from pathlib import Path


import nflint_spot

PACKAGE = Path(nflint_spot.__file__).parent



def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth, but those in the body of `if TYPE_CHECKING:`."""
    found: list[ast.Import | ast.ImportFrom] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module → the package's modules it imports. `from X import y` is an edge to X.y when
    that is a module, else to X."""
    paths = {module_name(path, root): path for path in root.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in paths}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    base_parts = package.split(".")
                    base_parts = base_parts[:len(base_parts) - (node.level - 1)]
                    base = ".".join(base_parts + ([node.module] if node.module else []))
                else:
                    base = node.module or ""
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in paths else base
                           for alias in node.names]
            graph[name].update(t for t in targets if t in paths and t != name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each as one
    circle through its modules where the order shows the imports: a → b → ... → a."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_circle(graph, set(component)) for component in components]


def _circle(graph: dict[str, set[str]], members: set[str]) -> list[str]:
    """A shortest circle from the component's first module back to it (breadth first)."""
    start = min(members)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node] & members):
            if target == start:
                return paths[node] + [start]
            if target not in paths:
                paths[target] = paths[node] + [target]
                queue.append(target)
    raise AssertionError(f"no circle through {sorted(members)}")


def test_no_import_cycle() -> None:
    found = cycles(import_graph(PACKAGE))
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(circle) for circle in found)


def test_the_walker_reaches_speed_only_through_the_memo() -> None:
    """config/walk.py calls its hooks; the loader installs the replay (the gate)."""
    graph = import_graph(PACKAGE)
    speed = {target for target in graph["nflint_spot.config.walk"] if target.startswith("nflint_spot.speed")}
    assert speed == {"nflint_spot.speed.value_memo"}
    assert "nflint_spot.speed.include_replay" in graph["nflint_spot.config.loader"]


def test_the_graph_counts_imports_in_functions_and_not_for_type_checking(tmp_path: Path) -> None:
    """The graph and cycle finder on a package made for it: a circle closed by an import
    inside a function is found, one closed only under TYPE_CHECKING is not."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "sub" / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text("from .sub import b\n", encoding="utf-8")
    (package / "sub" / "b.py").write_text("def f():\n    from .. import a\n", encoding="utf-8")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nfrom .sub.d import x\n", encoding="utf-8")
    (package / "sub" / "d.py").write_text(
        "import typing\nif typing.TYPE_CHECKING:\n    from ..c import y\nelse:\n    import os\nx = 1\n", encoding="utf-8")
    graph = import_graph(package)
    assert graph == {"pkg": set(), "pkg.sub": set(), "pkg.a": {"pkg.sub.b"}, "pkg.sub.b": {"pkg.a"},
                     "pkg.c": {"pkg.sub.d"}, "pkg.sub.d": set()}
    assert cycles(graph) == [["pkg.a", "pkg.sub.b", "pkg.a"]]
