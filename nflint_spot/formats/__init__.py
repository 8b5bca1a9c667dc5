"""Output formats: one pure `render(diagnostics, options) -> str` each, in a plain dict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..diagnostics import Diagnostic


@dataclass(frozen=True)
class RenderOptions:
    colour: bool = False
    quiet: bool = False
    root: str = "."  # paths in reports are relative to this directory when inside it


Renderer = Callable[[list[Diagnostic], RenderOptions], str]


def renderers() -> dict[str, Renderer]:
    # Imported on demand: `check --format text` need not import the others.
    from . import json_format, text

    return {"text": text.render, "json": json_format.render}
