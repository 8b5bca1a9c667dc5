"""Incremental re-parsing for the language server: after an edit, re-parse only the
statements around it and splice them into the previous tree.

`reparse(previous, new_text)` returns exactly the Document `parse_config(new_text,
previous.path)` would return (equal nodes and equal spans, pattern spans included), or None
when it cannot be sure of that; `IncrementalParser` keeps one open document's last tree and
falls back to a full parse on None.

How: the edit is the text between the longest common prefix and suffix of the two texts. It
is placed in the innermost `{ ... }` body of a Block or Selector holding it, and the region
re-parsed is the run of that body's statements from the last one starting before the edit
to the first one ending at or after it (a body's edge when there is none). The region is
parsed as the parser meets it in the file: inside as many `x{ ... }` wrappers as the body is
deep (the lexer sees the same bracket nesting, and refuses the same depth), after the
file's own separator text and a stand-in for the statement before it, and before the
separator text that follows it. It is accepted only when it comes back as whole statements
starting and ending where the region does; then nothing outside it lexes or parses
differently: the text before it is unchanged up to a statement start, and the text after it
starts with what followed a statement in the previous parse (a separator, `}` or the end).
Two cases fall back all the same: a statement starting with `.`, `?`, `:`, `{`, an operator,
`else`, `catch` or `finally` (a newline before it continues the line), and a triple quote
in the region, which may open a string ending past it (alone it lexes as an empty string
and a quote) or close one opened before it.
Everything after the region keeps its nodes, moved by the edit's offset, line and column
deltas; the enclosing blocks are rebuilt with the new body.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any, Callable

from ..syntax import nodes as n
from . import value_memo
from .collector import uncollected
from ..syntax.parser import SyntaxProblem, parse_config
from ..span import Span
from .tree_shift import Shift, take_moves

__all__ = ["IncrementalParser", "fallback_reason", "reparse"]

# A newline followed by one of these continues the statement before it (grammar: _NL_CONTINUE).
_CONTINUES_LINE = re.compile(r"\.[^.]|\?|:|[&|*=<>%^]|!=|\{|else\b|catch\b|finally\b")
_BODY_OWNERS = (n.Block, n.Selector)
# Re-parsing most of a large file and moving the rest costs more than parsing it; below this
# size both are cheap, and the incremental path is taken (and tested) on any region.
_SMALL_TEXT = 10_000
_WRAPPER_NAME = "x"
_FILLER = "x=1"  # stands for the statement before the region
_FILLER_NODE = n.Assignment(n.ConfigPath((n.PathSegment("x"),)), n.Literal(1, "int"))


class _Fallback(Exception):
    """Why the edit needs a full parse (tests read the reason)."""


# ---------------------------------------------------------------- public API


def reparse(previous: n.Document, new_text: str) -> n.Document | None:
    """The Document of `new_text` made from `previous` (the parse of `previous.text`), or
    None when only a full parse can tell."""
    try:
        return _reparse(previous, new_text)
    except _Fallback:
        return None


def fallback_reason(previous: n.Document, new_text: str) -> str | None:
    """Why `reparse` returns None for this edit (None: it does not)."""
    try:
        _reparse(previous, new_text)
    except _Fallback as reason:
        return str(reason)
    return None


class IncrementalParser:
    """One open document's parser: keeps the last tree that parsed and re-parses the next
    text from it. A text with a syntax error leaves the last good tree in place, so the
    edit that repairs it is still re-parsed locally. Not thread-safe (the server uses it on
    its one worker thread)."""

    def __init__(self, parse: Callable[[str, str], n.Document | SyntaxProblem] = parse_config) -> None:
        self._parse = parse
        self._last: n.Document | None = None
        self.reparsed = 0  # how many parses were incremental (tests, logging)

    def parse(self, text: str, path: str) -> n.Document | SyntaxProblem:
        last = self._last
        if last is not None and last.path == path:
            # As in parser.py: the copies of every node after the edit would set off the
            # cyclic garbage collector, which then walks every tree and memo entry alive
            # (a 300-500 ms pause every few keystrokes on a 2,000-line config).
            with uncollected():
                document = reparse(last, text)
            if document is not None:
                self._last = document
                self.reparsed += 1
                return document
        result = self._parse(text, path)
        if isinstance(result, n.Document):
            self._last = result
        return result


# ---------------------------------------------------------------- the edit


@dataclass(frozen=True, slots=True)
class _Edit:
    """old_text[start:old_end] was replaced by new_text[start:new_end]."""

    start: int
    old_end: int
    new_end: int


def _edit(old: str, new: str) -> _Edit:
    limit = min(len(old), len(new))
    prefix = _common_length(lambda k: old[:k] == new[:k], limit)
    suffix = _common_length(lambda k: old[len(old) - k:] == new[len(new) - k:], limit - prefix)
    return _Edit(prefix, len(old) - suffix, len(new) - suffix)


def _common_length(same: Callable[[int], bool], limit: int) -> int:
    """The largest k <= limit with same(k) (same is monotone): a binary search of slice
    comparisons, C speed on a 100 kB buffer."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if same(middle):
            low = middle
        else:
            high = middle - 1
    return low


# ---------------------------------------------------------------- re-parsing


@dataclass(frozen=True, slots=True)
class _Level:
    """An enclosing Block or Selector and its index in its parent's body."""

    node: Any
    index: int


def _reparse(previous: n.Document, new_text: str) -> n.Document:
    old_text = previous.text
    if old_text == new_text:
        return previous
    edit = _edit(old_text, new_text)
    levels, body, low, high = _innermost_body(previous, old_text, edit)
    try:
        return _splice(previous, old_text, new_text, edit, levels, body, low, high, tight=True)
    except _EndMoved:
        # The edit touches the end of the region's last statement (typing at the end of a
        # line) and the text there no longer ends a statement: take the next one in too.
        return _splice(previous, old_text, new_text, edit, levels, body, low, high, tight=False)


class _EndMoved(_Fallback):
    pass


def _innermost_body(document: n.Document, text: str, edit: _Edit) -> tuple[list[_Level], tuple[Any, ...], int, int]:
    """The enclosing levels and the innermost body whose inside (between its braces, or the
    whole file) holds the edit, with the inside's bounds."""
    levels: list[_Level] = []
    body, low, high = document.body, 0, len(text)
    while True:
        index = bisect_left([stmt.span.start for stmt in body], edit.start) - 1
        if index < 0:
            break
        stmt = body[index]
        if not isinstance(stmt, _BODY_OWNERS) or edit.old_end >= stmt.span.end:
            break
        opening = _opening_brace(stmt, text)
        closing = stmt.span.end - 1
        if opening is None or text[closing] != "}" or not opening < edit.start or edit.old_end > closing:
            break  # the edit touches the header or a brace: re-parse the whole statement
        levels.append(_Level(stmt, index))
        body, low, high = stmt.body, opening + 1, closing
    return levels, body, low, high


def _opening_brace(stmt: Any, text: str) -> int | None:
    """The offset of the `{` opening a Block's or Selector's body: the first token after the
    name or pattern (only blanks, newlines, comments and line continuations between)."""
    position = stmt.name.span.end if isinstance(stmt, n.Block) else stmt.pattern_span.end
    size = len(text)
    while position < size:
        char = text[position]
        if char in " \t\f\n":
            position += 1
        elif char == "\r" and text.startswith("\n", position + 1):
            position += 2
        elif text.startswith("//", position):
            end = text.find("\n", position)
            position = size if end < 0 else end
        elif text.startswith("/*", position):
            end = text.find("*/", position + 2)
            if end < 0:
                return None
            position = end + 2
        elif text.startswith("\\\n", position) or text.startswith("\\\r\n", position):
            position += 2 if text[position + 1] == "\n" else 3
        elif char == "{":
            return position
        else:
            return None
    return None


def _splice(document: n.Document, old_text: str, new_text: str, edit: _Edit, levels: list[_Level],
            body: tuple[Any, ...], low: int, high: int, tight: bool) -> n.Document:
    first, last = _region(body, edit, tight)
    open_start, open_end = first is None, last is None
    region_start = low if first is None else body[first].span.start
    region_end = high if last is None else body[last].span.end
    first_index = 0 if first is None else first
    last_index = len(body) - 1 if last is None else last
    delta = len(new_text) - len(old_text)
    new_region = new_text[region_start:region_end + delta]
    if 2 * len(new_region) > len(new_text) > _SMALL_TEXT:
        raise _Fallback("the region is most of the file: a full parse is cheaper")
    if not open_start and _CONTINUES_LINE.match(new_region):
        raise _Fallback("the region starts with a token that continues the line before it")
    if "'''" in new_region or '"""' in new_region:
        # A triple quote the region does not close lexes alone as an empty string and a
        # quote, but in the file as a string reaching past the region (or it closes one an
        # earlier triple quote opened): only the whole text tells.
        raise _Fallback("a triple-quoted string may reach past the region")
    # The text around the region as the parser meets it in the file: the separator before
    # it, after a stand-in statement when one precedes it (a statement start after `{`, at
    # the start of the file, or after `stmt ;` / `stmt <newline>` are different parser
    # states: `new.x = 1` parses at the first and not at the others), and the separator
    # after it; bodies are wrapped as deep as the region's.
    if open_start:
        before = ""
    elif first:
        before = _FILLER + old_text[body[first - 1].span.end:region_start]
    else:
        before = old_text[low:region_start]
    after_text = old_text[region_end:high if open_end or last == len(body) - 1 else body[last + 1].span.start]
    statements = _parse_region(before, new_region, after_text, len(levels), document.path)
    if not open_start and first:
        filler = statements[0] if statements else None
        if filler is None or filler.span.start != 2 * len(levels) or filler != _FILLER_NODE:
            raise _Fallback("the region joins the statement before it")
        statements = statements[1:]

    prefix = 2 * len(levels) + len(before)  # "x{" per level, then `before`
    wrapped_line = before.count("\n") + 1
    wrapped_column = prefix - (before.rfind("\n") + 2 * len(levels) + 1 if "\n" in before else 0) + 1
    line0, column0 = _line_column(old_text, region_start)
    into_file = Shift(region_start - prefix, line0 - wrapped_line, wrapped_line, column0 - wrapped_column)
    statements = tuple(into_file.node(stmt) for stmt in statements)
    take_moves()  # the region's fresh nodes: nothing is known about their wrapped originals
    if not open_start and (not statements or statements[0].span.start != region_start):
        raise _Fallback("the region no longer starts with a statement")
    if not open_end and (not statements or statements[-1].span.end != region_end + delta):
        raise _EndMoved("the region no longer ends with a statement")

    end_line, end_column = _line_column(old_text, region_end)
    new_end_line, new_end_column = _line_column(new_text, region_end + delta)
    after = Shift(delta, new_end_line - end_line, end_line, new_end_column - end_column)
    new_body = body[:first_index] + statements + tuple(after.node(stmt) for stmt in body[last_index + 1:])
    for level_number in range(len(levels) - 1, -1, -1):
        level = levels[level_number]
        owner = dataclasses.replace(level.node, body=new_body, span=after.end(level.node.span))
        parent = levels[level_number - 1].node.body if level_number else document.body
        new_body = (parent[:level.index] + (owner,)
                    + tuple(after.node(stmt) for stmt in parent[level.index + 1:]))
    span = new_body[0].span.cover(new_body[-1].span) if new_body else Span(0, 0, 1, 1, 1, 1)
    value_memo.note_moves(take_moves())
    return n.Document(path=document.path, text=new_text, body=new_body, span=span)


def _region(body: tuple[Any, ...], edit: _Edit, tight: bool) -> tuple[int | None, int | None]:
    """The indexes of the first and last statements re-parsed (None: the body's edge). The
    first starts before the edit, so the text before the region is unchanged; the last ends
    after it (at its end too, when `tight`), so the text after it is unchanged."""
    first = last = None
    for index, stmt in enumerate(body):
        span = stmt.span
        if span.start < edit.start:
            first = index
        if last is None and (span.end >= edit.old_end if tight else span.end > edit.old_end):
            last = index
    if first is not None and last is not None and last < first:
        last = first  # the edit lies inside statement `first` (its end is after the edit)
    return first, last


def _parse_region(before: str, text: str, after: str, depth: int, path: str) -> tuple[Any, ...]:
    """The statements of `before + text + after` parsed inside `depth` wrapper blocks."""
    wrapped = f"{_WRAPPER_NAME}{{" * depth + before + text + after + "}" * depth
    result = parse_config(wrapped, path)
    if isinstance(result, SyntaxProblem):
        raise _Fallback(f"the region does not parse alone: {result.message}")
    body = result.body
    for level in range(depth):
        if len(body) != 1:
            raise _Fallback("the region closes a block it does not open")
        wrapper = body[0]
        if (not isinstance(wrapper, n.Block) or wrapper.name.names != (_WRAPPER_NAME,)
                or wrapper.span.start != 2 * level or wrapper.span.end != len(wrapped) - level):
            raise _Fallback("the region closes a block it does not open")
        body = wrapper.body
    return body


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset`, as the lexer counts them (lines end at \\n)."""
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
