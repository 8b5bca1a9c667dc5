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
from bisect import bisect_right
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from ..fixes import TextEdit
from ..syntax.groovy_lexemes import comments_and_strings
from ..span import Span, span_at_offset

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

    def code_span(self, index: int) -> Span:
        """Where code `index` is written in the brackets (a valid suppression never spans a
        newline, so its columns count on from the comment's)."""
        start, end = self.code_offsets[index]
        column = self.span.column + start - self.span.start
        return Span(start, end, self.span.line, column, self.span.line, column + end - start)

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
    for token in comments_and_strings(text):
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
    """Why a comment meant as a suppression suppresses nothing (SUP002's message): what is
    written, what to write instead (directives in lower case, as the docs write them)."""
    if valid is not None:
        word = valid.group(1).lower()
        return f"`// nflint-spot: {word}[...]` lists no codes: write `{word}[CODE]`; as written it suppresses nothing"
    if text.startswith("/*", start):
        return ("a suppression in a `/* */` comment suppresses nothing: only a `//` comment does; "
                "write `// nflint-spot: ignore[CODE]`")
    directive = _DIRECTIVE.match(text, start)
    assert directive is not None  # _MEANT matched
    colon, word, bracket = directive.groups()
    word = word.lower()
    if word not in ("ignore", "ignore-file"):
        written = f"`// nflint-spot: {word}` is not a suppression directive" if word else \
            "`// nflint-spot:` has no suppression directive"
        return f"{written}: write `ignore[CODE]` or `ignore-file[CODE]`; as written it suppresses nothing"
    if not colon:
        return (f"`// nflint-spot {word}` lacks the `:` after `nflint-spot`: write `// nflint-spot: {word}[CODE]`; "
                "as written it suppresses nothing")
    if not bracket:
        return (f"`// nflint-spot: {word}` names no codes: write `{word}[CODE]`; as written it suppresses nothing "
                f"(a bare `{word}` is not 'ignore all')")
    return f"`// nflint-spot: {word}[` has no closing `]` on its line; as written it suppresses nothing"


# Findings no suppression silences: a syntax error, a crashing rule, and the suppression
# comments' own (an unused one is deleted, a malformed one corrected).
UNSUPPRESSIBLE = frozenset({"SYN001", "INT001", "SUP001", "SUP002"})


def suppression_edits(text: str, lines: dict[int, list[str]]) -> dict[int, TextEdit | None]:
    """For each line (1-based), the edit that suppresses its codes there: the codes added to
    the line's trailing suppression, else a trailing `// nflint-spot: ignore[...]` (before a
    comment the line ends with, which becomes its reason). When the line ends inside a
    string or a block comment, or with a malformed suppression, the comment goes alone on
    the line before (or joins a suppression alone there). None when the line starts inside
    a string or a comment: no comment can be put there."""
    tokens = [(t.start(), t.end()) for t in comments_and_strings(text)]
    starts = [start for start, _ in tokens]
    line_starts = [0] + [newline.end() for newline in re.finditer("\n", text)]
    edits: dict[int, TextEdit | None] = {}
    for line, codes in lines.items():
        start = line_starts[line - 1]
        newline = text.find("\n", start)
        end = len(text) if newline < 0 else newline
        content_end = end - text[start:end].endswith("\r")
        # Tokens never overlap: the one before an offset is the only one that may hold it.
        def holding(offset: int) -> tuple[int, int] | None:
            index = bisect_right(starts, offset - 1) - 1
            return tokens[index] if index >= 0 and tokens[index][1] > offset else None
        opening, crossing = holding(start), holding(end)
        edits[line] = None if opening is not None else _before(text, start, end, codes)
        if crossing is not None:
            continue
        last = bisect_right(starts, end - 1) - 1  # a `//` comment the line ends with
        if last >= 0 and tokens[last][0] >= start and text.startswith("//", tokens[last][0]):
            comment = tokens[last][0]
            trailing = _COMMENT.match(text, comment)
            if trailing is not None and trailing.group(2).strip(" \t,"):
                if trailing.group(1).lower() == "ignore":  # (an ignore-file one is not widened)
                    edits[line] = _joined(text, trailing, codes)
            elif _MEANT.match(text, comment) is None:
                edits[line] = TextEdit(span_at_offset(text, comment), f"// nflint-spot: ignore[{', '.join(codes)}] ")
            continue
        code_end = start + len(text[start:content_end].rstrip(" \t"))
        edits[line] = TextEdit(span_at_offset(text, code_end, content_end - code_end),
                               f" // nflint-spot: ignore[{', '.join(codes)}]")
    return edits


def _before(text: str, start: int, end: int, codes: list[str]) -> TextEdit:
    """A suppression alone on the line before the line at `start` (or the codes added to
    the one alone there)."""
    if start:
        before = text.rfind("\n", 0, start - 1) + 1
        indent = len(text[before:start]) - len(text[before:start].lstrip(" \t"))
        alone = _COMMENT.match(text, before + indent)
        if alone is not None and alone.group(2).strip(" \t,") and alone.group(1).lower() == "ignore":
            return _joined(text, alone, codes)
    content = text[start:end]
    indent_text = content[:len(content) - len(content.lstrip(" \t"))]
    ending = "\r\n" if content.endswith("\r") else "\n"
    return TextEdit(span_at_offset(text, start), f"{indent_text}// nflint-spot: ignore[{', '.join(codes)}]{ending}")


def _joined(text: str, comment: re.Match[str], codes: list[str]) -> TextEdit:
    """The codes added at the end of a suppression's list (in place of a trailing comma)."""
    listed = comment.group(2)
    close = comment.end(2) - (len(listed) - len(listed.rstrip(" \t,")))
    return TextEdit(span_at_offset(text, close, comment.end(2) - close), ", " + ", ".join(codes))


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
