"""STYLE.md: modules under ~300 lines, each with one job. The command line and the language
server once were a 577-line module each (cli/main.py, lsp/server.py): their folders are held
to it, so that a module growing past it is split by what it does, not left to grow."""

from __future__ import annotations

from pathlib import Path

import nflint_spot

PACKAGE = Path(nflint_spot.__file__).parent
MAX_LINES = 300
HELD = ("cli", "lsp")


def test_command_line_and_language_server_modules_stay_under_the_style_limit() -> None:
    too_long = []
    for folder in HELD:
        for path in sorted((PACKAGE / folder).glob("*.py")):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                too_long.append(f"{path.relative_to(PACKAGE.parent)}: {lines} lines")
    assert too_long == []
