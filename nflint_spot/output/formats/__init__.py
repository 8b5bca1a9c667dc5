"""Output formats: one pure `render(diagnostics, options) -> str` each, in a plain dict.

Every format writes a file's path with `display_path`: relative to `RenderOptions.root` (the
working directory) when the file lies inside it, else absolute, whatever way the linter came
to the path (as the user typed it, or made absolute for a pipeline's script or an include).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import import_module
from typing import Callable, Mapping

from ...diagnostics import Diagnostic


@dataclass(frozen=True)
class Fixable:
    """What the summaries say `--fix` would fix (autofix.fixable decides; the CLI counts):
    `count` findings with the options given (`unsafe_fixes`: `--unsafe-fixes` was given, so
    `--fix --unsafe-fixes`); without it, `more_unsafe` more with `--fix --unsafe-fixes`."""

    count: int = 0
    unsafe_fixes: bool = False
    more_unsafe: int = 0


def count_fixable(diagnostics: list[Diagnostic], texts: Mapping[str, str], unsafe_fixes: bool,
                  runs: list[frozenset[str]] | None = None) -> Fixable:
    """What a summary says is fixable: what `--fix` (with `unsafe_fixes`, `--fix
    --unsafe-fixes`) would fix, and without it how many more `--unsafe-fixes` would add.
    Planning the fixes parses each fixed file: ask only for a report that says it."""
    if not any(d.fix is not None for d in diagnostics):
        return Fixable(unsafe_fixes=unsafe_fixes)
    from ...lint.autofix import fixable

    now = len(fixable(diagnostics, dict(texts), unsafe_fixes, runs))
    unsafe_offered = not unsafe_fixes and any(d.fix is not None and not d.fix.safe for d in diagnostics)
    more = len(fixable(diagnostics, dict(texts), True, runs)) - now if unsafe_offered else 0
    return Fixable(now, unsafe_fixes, max(more, 0))


@dataclass(frozen=True)
class RenderOptions:
    """How a report is rendered: the options of `check` that change its text."""

    colour: bool = False
    quiet: bool = False
    # Paths in reports are relative to this directory when inside it (display_path); "."
    # is the working directory when the report is rendered.
    root: str = "."
    # The exit code the CLI returns after printing the report (SARIF's invocation records
    # it); None means "as without --exit-zero": 1 with findings, else 0.
    exit_code: int | None = None
    # The text of each linted file by path, as read: SARIF counts columns in UTF-16 code
    # units and fingerprints the flagged source text. Optional: without a file's text,
    # columns stay code points and fingerprints use the message only.
    texts: Mapping[str, str] = field(default_factory=dict)
    # What the lint says of the run as a whole, once, not as a finding (linter.LintResult.notes).
    notes: tuple[str, ...] = ()
    # The summary line's and the JSON summary's fixable counts.
    fixable: Fixable = Fixable()

    def resolved_exit_code(self, diagnostics: list[Diagnostic]) -> int:
        if self.exit_code is not None:
            return self.exit_code
        return 1 if diagnostics else 0


def display_path(path: str, root: str) -> str:
    """How every format writes `path`: relative to `root` when inside it (what CI systems
    resolve against the checkout), else absolute; with forward slashes."""
    relative = relative_path(path, root)
    return relative if relative is not None else os.path.abspath(path).replace(os.sep, "/")


def relative_path(path: str, root: str) -> str | None:
    """`path` relative to `root`, with forward slashes; None when it lies outside `root`.
    A path that reaches `root` only through a symbolic link (a shell's logical `$PWD`, where
    the working directory is the physical one) is inside it too."""
    relative = _inside(os.path.abspath(path), os.path.abspath(root))
    if relative is None:
        relative = _inside(os.path.realpath(path), os.path.realpath(root))
    return relative


def _inside(path: str, root: str) -> str | None:
    try:
        relative = os.path.relpath(path, root)
    except ValueError:  # Windows: another drive
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return relative.replace(os.sep, "/")


Renderer = Callable[[list[Diagnostic], RenderOptions], str]


def renderers() -> dict[str, Renderer]:
    """Format name → render function. Each module is imported when its format is used:
    `check --format text` need not import SARIF's rule catalogue or ElementTree."""
    modules = {"text": "text", "json": "json_format", "sarif": "sarif", "github": "github",
               "gitlab": "gitlab", "junit": "junit"}
    return {name: _on_demand(module) for name, module in modules.items()}


def _on_demand(module: str) -> Renderer:
    def render(diagnostics: list[Diagnostic], options: RenderOptions = RenderOptions()) -> str:
        return import_module(f"{__name__}.{module}").render(diagnostics, options)  # type: ignore[no-any-return]

    render.__qualname__ = render.__name__ = f"render_{module}"
    return render
