"""Output formats: one pure `render(diagnostics, options) -> str` each, in a plain dict."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import Callable, Mapping

from ..diagnostics import Diagnostic


@dataclass(frozen=True)
class RenderOptions:
    """How a report is rendered: the options of `check` that change its text."""

    colour: bool = False
    quiet: bool = False
    root: str = "."  # paths in reports are relative to this directory when inside it
    # The exit code the CLI returns after printing the report (SARIF's invocation records
    # it); None means "as without --exit-zero": 1 with findings, else 0.
    exit_code: int | None = None
    # The text of each linted file by path, as read: SARIF counts columns in UTF-16 code
    # units and fingerprints the flagged source text. Optional: without a file's text,
    # columns stay code points and fingerprints use the message only.
    texts: Mapping[str, str] = field(default_factory=dict)

    def resolved_exit_code(self, diagnostics: list[Diagnostic]) -> int:
        if self.exit_code is not None:
            return self.exit_code
        return 1 if diagnostics else 0


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
