"""Suppression comments:
    process.maxRetries = 3 // nflint-spot: ignore[SPOT002] reason   a trailing one: its own line
    // nflint-spot: ignore[SPOT002] reason      alone on its line: the next line
    // nflint-spot: ignore-file[SPOT002,CFG020]  anywhere in the file
Codes or rule names, in any case; only a real comment counts (not the same words in a
string). A suppression that silences nothing is itself reported (SUP001)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .diagnostics import Diagnostic
from .groovy_lexemes import COMMENTS_AND_STRINGS
from .span import Span

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
    alone: bool = False  # alone on its line (else after code on it)

    @property
    def line(self) -> int:
        """The line a line suppression covers: its own when it trails code, else the next."""
        return self.span.line + 1 if self.alone else self.span.line

    def covers(self, diagnostic: Diagnostic) -> str | None:
        """The code or name that matches, or None."""
        if not self.file_wide and diagnostic.span.line != self.line:
            return None
        for code in self.codes:  # any case, as --select
            if code.upper() == diagnostic.code or code.lower() == diagnostic.name:
                return code
        return None


def scan(text: str, path: str) -> list[Suppression]:
    if "nflint-spot:" not in text:
        return []
    found = []
    # Lines counted from one comment to the next, not from the start of the text for each
    # (a file with a suppression on each of n lines cost n² / 2 character reads).
    line, line_start, counted = 1, 0, 0
    for token in COMMENTS_AND_STRINGS.finditer(text):
        # The comments of the text, not `// nflint-spot:` inside a string.
        match = _COMMENT.match(text, token.start()) if text.startswith("//", token.start()) else None
        if match is None:
            continue
        start, end = match.span()
        newlines = text.count("\n", counted, start)
        if newlines:
            line += newlines
            line_start = text.rindex("\n", counted, start) + 1
        counted = start
        column = start - line_start + 1
        span = Span(start, end, line, column, line, column + end - start)  # a comment never spans a newline
        codes = tuple(c.strip() for c in match.group(2).split(",") if c.strip())
        alone = not text[line_start:start].strip()
        found.append(Suppression(path, span, codes, match.group(1) == "ignore-file", match.group(3).strip(),
                                 alone=alone))
    return found


def apply(diagnostics: list[Diagnostic], suppressions: list[Suppression]) -> list[Diagnostic]:
    """Drop suppressed diagnostics, marking the suppressions that were used (every one that
    covers a dropped diagnostic)."""
    # Per file: the file-wide suppressions, and the others by the line they cover, so each
    # diagnostic meets only the suppressions that may cover it.
    file_wide: dict[str, list[Suppression]] = {}
    by_line: dict[tuple[str, int], list[Suppression]] = {}
    for suppression in suppressions:
        if suppression.file_wide:
            file_wide.setdefault(suppression.path, []).append(suppression)
        else:
            by_line.setdefault((suppression.path, suppression.line), []).append(suppression)
    kept = []
    for diagnostic in diagnostics:
        suppressed = False
        for candidates in (file_wide.get(diagnostic.path, ()), by_line.get((diagnostic.path, diagnostic.span.line), ())):
            for suppression in candidates:
                code = suppression.covers(diagnostic)
                if code is not None:
                    suppression.used.add(code)
                    suppressed = True
        if not suppressed:
            kept.append(diagnostic)
    return kept
