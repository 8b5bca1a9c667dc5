"""The speed fence (STYLE.md, "Speed machinery sits behind a fence"): no rule imports
nflint_spot/speed/. A rule declares what its findings depend on (Rule.shares,
Rule.sharing_key) and the linter caches them; the facts rules share are memoised in
analysis/ and config/. Imports are read from the source (never run), at any depth (inside
functions too), relative ones resolved against the module's package."""

from __future__ import annotations

import ast
from pathlib import Path

import nflint_spot

PACKAGE_DIR = Path(nflint_spot.__file__).parent
FENCED = "nflint_spot.speed"


def imported_modules(source: str, package: str) -> list[tuple[int, str]]:
    """(line, module) of every import in `source`, a module of `package`: `from ..speed
    import carried` in nflint_spot.rules gives nflint_spot.speed and nflint_spot.speed.carried
    (the name may be a module), `import_module("x")` and `__import__("x")` give x."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{anchor}.{base}" if base else anchor
            found.append((node.lineno, base))
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if called in ("import_module", "__import__"):
                found.append((node.lineno, node.args[0].value))
    return found


def _fenced(module: str) -> bool:
    return module == FENCED or module.startswith(FENCED + ".")


def test_the_import_reader_resolves_relative_and_nested_imports() -> None:
    source = (
        "from ..speed import carried\n"
        "from .. import speed\n"
        "from .common import names\n"
        "def check():\n"
        "    from ..speed.value_memo import per_lint\n"
        "    import nflint_spot.speed.frozen\n"
        "    importlib.import_module('nflint_spot.speed.shared')\n"
    )
    fenced = [(line, module) for line, module in imported_modules(source, "nflint_spot.rules") if _fenced(module)]
    assert fenced == [
        (1, "nflint_spot.speed"), (1, "nflint_spot.speed.carried"), (2, "nflint_spot.speed"),
        (5, "nflint_spot.speed.value_memo"), (5, "nflint_spot.speed.value_memo.per_lint"),
        (6, "nflint_spot.speed.frozen"), (7, "nflint_spot.speed.shared"),
    ]
    assert (3, "nflint_spot.rules.common") in imported_modules(source, "nflint_spot.rules")


def test_no_rule_module_imports_the_speed_machinery() -> None:
    rules_dir = PACKAGE_DIR / "rules"
    modules = sorted(rules_dir.rglob("*.py"))
    assert rules_dir / "common.py" in modules and rules_dir / "base.py" in modules
    crossings = []
    for path in modules:
        relative = path.relative_to(PACKAGE_DIR.parent).with_suffix("")
        package = ".".join(relative.parts[:-1])  # a module's own package (an __init__'s too)
        for line, module in imported_modules(path.read_text(encoding="utf-8"), package):
            if _fenced(module):
                crossings.append(f"{path.relative_to(PACKAGE_DIR.parent)}:{line}: {module}")
    assert crossings == []
