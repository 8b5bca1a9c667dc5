"""Source positions. Offsets are 0-based; lines and columns are 1-based, end column
exclusive, counted in code points (LSP's UTF-16 positions are made only at the LSP edge)."""

from __future__ import annotations

from operator import itemgetter
from typing import Any


class Span(tuple):  # type: ignore[type-arg]
    """Where something is written: offsets `start`..`end`, and line:column at both ends.

    A tuple of the six numbers: immutable, compared and hashed by them, and made by the
    parser for most tokens and nodes (a few hundred thousand on a large corpus) at the cost of
    one tuple (`make_span`), where a frozen dataclass's __init__ stores each field through
    `object.__setattr__` at several times the cost. Written out rather than made by
    NamedTuple, whose class building cost a one-file `check` a quarter of a percent."""

    __slots__ = ()
    _fields = ("start", "end", "line", "column", "end_line", "end_column")

    def __new__(cls, start: int, end: int, line: int, column: int, end_line: int, end_column: int) -> Span:
        return _new_tuple(cls, (start, end, line, column, end_line, end_column))

    start: int = property(itemgetter(0))  # type: ignore[assignment]
    end: int = property(itemgetter(1))  # type: ignore[assignment]
    line: int = property(itemgetter(2))  # type: ignore[assignment]
    column: int = property(itemgetter(3))  # type: ignore[assignment]
    end_line: int = property(itemgetter(4))  # type: ignore[assignment]
    end_column: int = property(itemgetter(5))  # type: ignore[assignment]

    def __getnewargs__(self) -> tuple[int, ...]:  # pickling (--jobs) calls __new__ with the six
        return tuple(self)

    def __repr__(self) -> str:
        return "Span(" + ", ".join(f"{name}={value}" for name, value in zip(self._fields, self)) + ")"

    def __str__(self) -> str:
        return f"{self.line}:{self.column}-{self.end_line}:{self.end_column}"

    def _replace(self, **changes: Any) -> Span:
        return Span(*(changes.pop(name, value) for name, value in zip(self._fields, self)))

    def cover(self, other: Span) -> Span:
        """The smallest span holding both (self first in the text)."""
        return make_span(self.start, other.end, self.line, self.column, other.end_line, other.end_column)


_new_tuple = tuple.__new__


def make_span(start: int, end: int, line: int, column: int, end_line: int, end_column: int) -> Span:
    """Span(start, end, line, column, end_line, end_column) without a call of __new__: the
    parser's way to make one."""
    return _new_tuple(Span, (start, end, line, column, end_line, end_column))  # type: ignore[arg-type]


EMPTY_SPAN = Span(0, 0, 1, 1, 1, 1)


def span_at_offset(text: str, offset: int, length: int = 0) -> Span:
    """The span of `length` characters at `offset` in `text` (for positions found by scanning)."""
    offset = max(0, min(offset, len(text)))
    end = max(offset, min(offset + length, len(text)))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    end_line = line + text.count("\n", offset, end)
    end_column = end - (text.rfind("\n", 0, end) + 1) + 1
    return Span(offset, end, line, column, end_line, end_column)


# Longest excerpt line: a minified or generated config can hold a 100,000-character line,
# and a finding on it must not print all of it (twice, with the carets).
MAX_EXCERPT_WIDTH = 160
_EXCERPT_LEAD = 40  # characters kept before the span on a cut line


def excerpt(text: str, span: Span) -> str:
    """The first line of `span` with carets under the spanned part of it; a line longer than
    MAX_EXCERPT_WIDTH is cut around the span, the cuts marked with `…`."""
    line_start = text.rfind("\n", 0, span.start) + 1 if span.start <= len(text) else len(text)
    line_end = text.find("\n", line_start)
    if line_end < 0:
        line_end = len(text)
    line = text[line_start:min(line_end, line_start + span.column + 2 * MAX_EXCERPT_WIDTH)].rstrip("\r")
    start = span.column - 1
    end = span.end_column - 1 if span.end_line == span.line else len(line)
    first, last = 0, len(line)
    if line_end - line_start > MAX_EXCERPT_WIDTH:
        first = max(0, min(start - _EXCERPT_LEAD, line_end - line_start - MAX_EXCERPT_WIDTH))
        last = min(len(line), first + MAX_EXCERPT_WIDTH)
    shown = ("…" if first else "") + line[first:last] + ("…" if line_start + last < line_end else "")
    padding = (" " if first else "") + caret_padding(line[first:start])
    return f"{shown}\n{padding}{carets(line[start:min(end, last)])}"


def caret_padding(before: str) -> str:
    """What goes under `before` (the excerpt's line up to the span) so that the carets that
    follow start under the span in a terminal: a space per column it takes, its tabs kept
    (a tab reaches the same tab stop on both lines)."""
    return "".join(c if c == "\t" else " " * _display_width(c) for c in before)


def carets(spanned: str) -> str:
    """A `^` per terminal column `spanned` takes (its tabs kept, at least one caret)."""
    underline = "".join(c if c == "\t" else "^" * _display_width(c) for c in spanned)
    return underline if "^" in underline else underline + "^"


def _display_width(character: str) -> int:
    """Columns a terminal gives `character`: 2 for East Asian wide and fullwidth ones (CJK,
    most emoji), 0 for combining marks and format characters (a zero-width joiner), else 1."""
    import unicodedata  # a builtin module: cheap, and only when an excerpt is made

    if character < "\u0300":  # ASCII and Latin-1: most configs' every character
        return 1
    if unicodedata.combining(character) or unicodedata.category(character) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
