"""Suppression comments:
    // nflint-spot: ignore[SPOT002] reason      on the finding's line or the line before it
    // nflint-spot: ignore-file[SPOT002,CFG020]  anywhere in the file
Codes or rule names; a suppression that silences nothing is itself reported (SUP001)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .diagnostics import Diagnostic
from .span import Span, span_at_offset

_COMMENT = re.compile(r"//[ \t]*nflint-spot:[ \t]*(ignore-file|ignore)\[([^\]\n]*)\][ \t]*([^\n]*)")


@dataclass
class Suppression:
    """An `nflint-spot: ignore` comment: the codes it silences and where."""

    path: str
    span: Span
    codes: tuple[str, ...]
    file_wide: bool
    reason: str
    used: set[str] = field(default_factory=set)

    def covers(self, diagnostic: Diagnostic) -> str | None:
        """The code or name that matches, or None."""
        if not self.file_wide and diagnostic.span.line not in (self.span.line, self.span.line + 1):
            return None
        for code in self.codes:
            if code in (diagnostic.code, diagnostic.name):
                return code
        return None


def scan(text: str, path: str) -> list[Suppression]:
    if "nflint-spot:" not in text:
        return []
    found = []
    for match in _COMMENT.finditer(text):
        codes = tuple(c.strip() for c in match.group(2).split(",") if c.strip())
        span = span_at_offset(text, match.start(), match.end() - match.start())
        found.append(Suppression(path, span, codes, match.group(1) == "ignore-file", match.group(3).strip()))
    return found


def apply(diagnostics: list[Diagnostic], suppressions: list[Suppression]) -> list[Diagnostic]:
    """Drop suppressed diagnostics, marking the suppressions that were used."""
    by_path: dict[str, list[Suppression]] = {}
    for suppression in suppressions:
        by_path.setdefault(suppression.path, []).append(suppression)
    kept = []
    for diagnostic in diagnostics:
        suppressed = False
        for suppression in by_path.get(diagnostic.path, ()):
            code = suppression.covers(diagnostic)
            if code is not None:
                suppression.used.add(code)
                suppressed = True
        if not suppressed:
            kept.append(diagnostic)
    return kept
