"""Code points ⇄ LSP positions, at the language server's edge only.

Spans count code points (1-based line and column); an LSP client counts characters in its
negotiated position encoding: UTF-16 code units by default (an emoji is 2 units), UTF-8
bytes or UTF-32 code points when the client offers them. Lines end at "\\n"; the "\\r" of a
CRLF belongs to no position a client can address, so columns are clamped before it.
Out-of-range positions are clamped, never rejected: a stale or hostile request must not
raise.
"""

from __future__ import annotations

from bisect import bisect_right

from lsprotocol import types as lsp

from ..span import Span

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"


def _unit_counter(encoding: str):
    if encoding == UTF8:
        return lambda c: 1 if c < "\x80" else 2 if c < "\u0800" else 3 if c < "\U00010000" else 4
    if encoding == UTF32:
        return lambda c: 1
    return lambda c: 2 if c >= "\U00010000" else 1  # UTF-16: astral characters are surrogate pairs


class PositionConverter:
    """Converts between code-point positions in `text` and the client's positions."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = str(encoding or UTF16).lower()
        self._units = _unit_counter(self.encoding)
        self.line_starts = [0]
        index = text.find("\n")
        while index >= 0:
            self.line_starts.append(index + 1)
            index = text.find("\n", index + 1)
        self._line_keys: dict[int, object] = {}

    # ---------------------------------------------------------------- lines

    def line_text(self, line: int) -> str:
        """The text of 0-based `line` without its line ending ("" past the end)."""
        if line < 0 or line >= len(self.line_starts):
            return ""
        start = self.line_starts[line]
        end = self.line_starts[line + 1] - 1 if line + 1 < len(self.line_starts) else len(self.text)
        content = self.text[start:end]
        return content[:-1] if content.endswith("\r") else content

    def line_key(self, line: int) -> object:
        """Everything `position` reads for 1-based `line` besides the column: the text of
        the line (the last line's, with its number, past the end). Equal keys, equal
        positions for equal columns, in any text (the language server keeps conversions)."""
        key = self._line_keys.get(line)
        if key is None:
            last = len(self.line_starts) - 1
            key = (last, self.line_text(last)) if line - 1 > last else self.line_text(max(0, line - 1))
            self._line_keys[line] = key
        return key

    def line_of_offset(self, offset: int) -> int:
        return bisect_right(self.line_starts, max(0, min(offset, len(self.text)))) - 1

    def _width(self, chars: str) -> int:
        if chars.isascii() or self.encoding == UTF32:
            return len(chars)
        units = self._units
        return sum(units(c) for c in chars)

    # ---------------------------------------------------------------- to the client

    def position(self, line: int, column: int) -> lsp.Position:
        """1-based `line` and code-point `column` → the client's position (clamped)."""
        last = len(self.line_starts) - 1
        index = line - 1
        if index > last:
            return lsp.Position(line=last, character=self._width(self.line_text(last)))
        index = max(0, index)
        content = self.line_text(index)
        return lsp.Position(line=index, character=self._width(content[: max(0, min(column - 1, len(content)))]))

    def position_of_offset(self, offset: int) -> lsp.Position:
        """0-based code-point offset → the client's position."""
        line = self.line_of_offset(offset)
        column = max(0, min(offset, len(self.text))) - self.line_starts[line]
        return self.position(line + 1, column + 1)

    def range(self, span: Span) -> lsp.Range:
        return lsp.Range(start=self.position(span.line, span.column),
                         end=self.position(span.end_line, span.end_column))

    # ---------------------------------------------------------------- from the client

    def offset(self, position: lsp.Position) -> int:
        """The client's position → 0-based code-point offset, clamped into the text; a
        position inside a surrogate pair or a UTF-8 sequence falls back to its character."""
        if position.line < 0:
            return 0
        if position.line >= len(self.line_starts):
            return len(self.text)
        content = self.line_text(position.line)
        wanted = max(0, position.character)
        if content.isascii() or self.encoding == UTF32:
            column = min(wanted, len(content))
        else:
            column, units, count = 0, 0, self._units
            for char in content:
                units += count(char)
                if units > wanted:
                    break
                column += 1
        return self.line_starts[position.line] + column

    def offset_of(self, line: int, column: int) -> int:
        """1-based `line` and code-point `column` → 0-based offset, clamped to the line."""
        index = max(0, min(line - 1, len(self.line_starts) - 1))
        return self.line_starts[index] + max(0, min(column - 1, len(self.line_text(index))))
