"""The package's folders show the pipeline (STYLE.md, issue 17): each stage imports only the
stages before it, the few modules at the top import no stage, and at most 12 modules sit
directly in nflint_spot/. The imports are read from the source (at any depth, functions
included), so an import hidden in a function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "nflint_spot"
# text → Document → values → ConfigModel → what a process gets → findings → diagnostics → the user
STAGES = ("syntax", "values", "config", "analysis", "rules", "lint", "output", "lsp", "cli")
ENTRY = "__main__"  # `python -m nflint_spot` runs the command line: the one import of a later stage


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in the file."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


def _stage(module: str) -> str | None:
    """The folder (or top-level module) of a module of the package; None outside it."""
    parts = module.split(".")
    return parts[1] if parts[0] == "nflint_spot" and len(parts) > 1 else None


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_each_stage_imports_only_the_stages_before_it() -> None:
    backward = []
    for path in _sources():
        here = _stage(_module_name(path))
        for line, target in _imported(path):
            there = _stage(target)
            if here == ENTRY or there is None or there == here:
                continue
            relative = path.relative_to(PACKAGE.parent)
            if here in STAGES and there in STAGES and STAGES.index(there) > STAGES.index(here):
                backward.append(f"{relative}:{line}: {here} imports {target}, a later stage")
            elif here not in STAGES and here != "speed" and there in STAGES:
                backward.append(f"{relative}:{line}: the top-level {here} imports the stage {target}")
    assert backward == []


def test_at_most_twelve_modules_sit_at_the_top() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 12, top
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == {*STAGES, "speed"}
