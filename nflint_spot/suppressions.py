"""Suppression comments:
    process.maxRetries = 3 // nflint-spot: ignore[SPOT002] reason   a trailing one: its own line
    // nflint-spot: ignore[SPOT002] reason      alone on its line: the next line
    // nflint-spot: ignore-file[SPOT002,CFG020]  anywhere in the file
Codes or rule names, and the words `nflint-spot`, `ignore` and `ignore-file`, in any case;
only a real comment counts (not the same words in a string). A suppression that silences
nothing is itself reported (SUP001), and so is a `//` or `/*` comment opening with
`nflint-spot:` that is not a valid suppression (SUP002): a typo never silently suppresses
nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .diagnostics import Diagnostic
from .fixes import TextEdit
from .groovy_lexemes import COMMENTS_AND_STRINGS
from .span import Span, span_at_offset

# `nflint-spot:` and `ignore`/`ignore-file` in any case, as the codes (README, Suppressions).
_COMMENT = re.compile(r"//[ \t]*nflint-spot[ \t]*:[ \t]*(ignore-file|ignore)[ \t]*\[([^\]\n]*)\][ \t]*([^\r\n]*)",
                      re.IGNORECASE)
# What is meant as a suppression: a comment opening with `nflint-spot:` (or `nflint-spot
# ignore`), any case. One that is not a valid suppression is reported (SUP002), not ignored.
_MEANT = re.compile(r"(?://|/\*)[ \t]*nflint-spot(?:[ \t]*:|[ \t]+ignore)", re.IGNORECASE)
_DIRECTIVE = re.compile(r"//[ \t]*nflint-spot[ \t]*(:?)[ \t]*([\w-]*)[ \t]*(\[?)", re.IGNORECASE)
_ANY_CASE = re.compile("nflint-spot", re.IGNORECASE)


@dataclass
class Suppression:
    """An `nflint-spot: ignore` comment: the codes it silences and where. A malformed one
    (`problem` says why) silences nothing."""

    path: str
    span: Span
    codes: tuple[str, ...]
    file_wide: bool
    reason: str
    used: set[str] = field(default_factory=set)
    alone: bool = False  # alone on its line (else after code on it)
    code_offsets: tuple[tuple[int, int], ...] = ()  # each code's start and end in the text
    problem: str = ""

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

    def removal(self, text: str, index: int | None) -> TextEdit:
        """The edit that takes code `index` out of the list (its comma too), or the whole
        comment when `index` is None: with its line when it is alone on it, else with the
        blanks before it."""
        if index is not None and len(self.code_offsets) > 1:
            offsets = self.code_offsets
            if index + 1 < len(offsets):
                start, end = offsets[index][0], offsets[index + 1][0]
            else:
                start, end = offsets[index - 1][1], offsets[index][1]
            return TextEdit(span_at_offset(text, start, end - start), "")
        start, end = self.span.start, self.span.end
        if self.alone:
            start = text.rfind("\n", 0, start) + 1
            newline = text.find("\n", end)
            end = len(text) if newline < 0 else newline + 1
        else:
            start = len(text[:start].rstrip(" \t"))
        return TextEdit(span_at_offset(text, start, end - start), "")


def scan(text: str, path: str) -> list[Suppression]:
    """The suppression comments of `text`, malformed ones included (with their problem)."""
    if _ANY_CASE.search(text) is None:
        return []
    found = []
    # Lines counted from one comment to the next, not from the start of the text for each
    # (a file with a suppression on each of n lines cost n² / 2 character reads).
    line, line_start, counted = 1, 0, 0
    for token in COMMENTS_AND_STRINGS.finditer(text):
        # The comments of the text, not `// nflint-spot:` inside a string.
        start = token.start()
        if _MEANT.match(text, start) is None:
            continue
        newlines = text.count("\n", counted, start)
        if newlines:
            line += newlines
            line_start = text.rindex("\n", counted, start) + 1
        counted = start
        alone = not text[line_start:start].strip()
        match = _COMMENT.match(text, start)
        if match is None or not match.group(2).strip(" \t,"):
            end = token.end() - (text[token.end() - 1] == "\r")
            found.append(Suppression(path, span_at_offset(text, start, end - start), (), False, "", alone=alone,
                                     problem=_problem(text, start, match)))
            continue
        end = match.end()
        column = start - line_start + 1
        span = Span(start, end, line, column, line, column + end - start)  # a comment never spans a newline
        offsets = _code_offsets(match)
        codes = tuple(text[a:b] for a, b in offsets)
        found.append(Suppression(path, span, codes, match.group(1).lower() == "ignore-file", match.group(3).strip(),
                                 alone=alone, code_offsets=offsets))
    return found


def _code_offsets(match: re.Match[str]) -> tuple[tuple[int, int], ...]:
    offsets = []
    position = match.start(2)
    for part in match.group(2).split(","):
        stripped = part.strip()
        if stripped:
            start = position + part.index(stripped)
            offsets.append((start, start + len(stripped)))
        position += len(part) + 1
    return tuple(offsets)


def _problem(text: str, start: int, valid: re.Match[str] | None) -> str:
    """Why a comment meant as a suppression silences nothing."""
    if valid is not None:
        return "names no code; it silences nothing"
    if text.startswith("/*", start):
        return "is a block comment; only a `//` comment suppresses"
    directive = _DIRECTIVE.match(text, start)
    assert directive is not None  # _MEANT matched
    colon, word, bracket = directive.groups()
    if word.lower() not in ("ignore", "ignore-file"):
        return f"has no directive `ignore[...]` or `ignore-file[...]` (found `{word}`)" if word else \
            "has no directive `ignore[...]` or `ignore-file[...]`"
    if not colon:
        return "lacks the `:` after `nflint-spot`"
    if not bracket:
        return f"`{word}` without a bracketed list of codes silences nothing (there is no bare 'ignore all')"
    return "has a list of codes not closed by `]` on its line"


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
