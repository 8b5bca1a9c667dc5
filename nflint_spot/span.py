"""Source positions. Offsets are 0-based; lines and columns are 1-based, end column
exclusive, counted in code points (LSP's UTF-16 positions are made only at the LSP edge)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int

    def cover(self, other: Span) -> Span:
        """The smallest span holding both (self first in the text)."""
        return Span(self.start, other.end, self.line, self.column, other.end_line, other.end_column)

    def __str__(self) -> str:
        return f"{self.line}:{self.column}-{self.end_line}:{self.end_column}"


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


def excerpt(text: str, span: Span) -> str:
    """The first line of `span` with carets under the spanned part of it."""
    line_start = text.rfind("\n", 0, span.start) + 1 if span.start <= len(text) else len(text)
    line_end = text.find("\n", line_start)
    line = text[line_start : line_end if line_end >= 0 else len(text)].rstrip("\r")
    start = span.column - 1
    end = span.end_column - 1 if span.end_line == span.line else len(line)
    width = max(1, min(end, len(line)) - start)
    padding = "".join(c if c == "\t" else " " for c in line[:start])
    return f"{line}\n{padding}{'^' * width}"
