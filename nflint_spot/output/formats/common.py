"""What the CI formats share: UTF-16 columns, stable fingerprints, severity words. (Report paths
are `display_path` in the package itself: text uses it too and imports nothing of this.)"""

from __future__ import annotations

import hashlib
import re
from collections import Counter

from ...diagnostics import Diagnostic, Severity
from ...span import Span
from . import RenderOptions
from . import display_path

# Errors first: GitHub shows only the first 10 annotations of each type per step, and a
# reader should meet the worst findings first.
SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)

# `nextflow.config:12` or `:12:5` in a message: a line number that moves with the text.
_LINE_REFERENCE = re.compile(r"(?<=\S):\d+(?::\d+)?\b")
_LINE_WORD = re.compile(r"\blines? \d+(?:\s*[-–]\s*\d+)?", re.IGNORECASE)


def utf16_columns(span: Span, text: str | None) -> tuple[int, int]:
    """1-based start and end columns of `span` in UTF-16 code units (SARIF's default, and
    JavaScript's): a character outside the Basic Multilingual Plane counts two. Without the
    text, or when the span does not fit it, the code-point columns are returned unchanged."""
    if text is None or span.end > len(text):
        return span.column, span.end_column
    start_of_line = span.start - (span.column - 1)
    end_of_line = span.end - (span.end_column - 1)
    if not (_is_line_start(text, start_of_line) and _is_line_start(text, end_of_line)):
        return span.column, span.end_column
    return 1 + _utf16_length(text[start_of_line : span.start]), 1 + _utf16_length(text[end_of_line : span.end])


def _is_line_start(text: str, offset: int) -> bool:
    return offset == 0 or (0 < offset <= len(text) and text[offset - 1] == "\n")


def _utf16_length(text: str) -> int:
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def fingerprints(diagnostics: list[Diagnostic], options: RenderOptions) -> list[str]:
    """One stable hash per diagnostic: the same finding keeps it when lines are added above
    it. Hashed: the rule code, the report path, the flagged source text with whitespace
    collapsed, and the message without line numbers. Identical findings in one file are
    told apart by their order (GitHub's primaryLocationLineHash does the same)."""
    seen: Counter[str] = Counter()
    out = []
    for d in diagnostics:
        text = options.texts.get(d.path)
        flagged = " ".join(text[d.span.start : d.span.end].split()) if text is not None else ""
        message = _LINE_WORD.sub("line", _LINE_REFERENCE.sub("", d.message))
        key = "\0".join((d.code, display_path(d.path, options.root), flagged, message))
        occurrence = seen[key]
        seen[key] += 1
        out.append(hashlib.sha256(f"{key}\0{occurrence}".encode("utf-8")).hexdigest())
    return out


def scoped_message(d: Diagnostic) -> str:
    """The message, naming the profiles when the finding holds only for some (as text does)."""
    return f"{d.message} [profile: {', '.join(d.profiles)}]" if d.profiles else d.message


def by_severity(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Errors, then warnings, then infos; the given order within each."""
    return sorted(diagnostics, key=lambda d: SEVERITY_ORDER.index(d.severity))
