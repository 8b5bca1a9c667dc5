"""Groovy string tokens → values: escapes, and GStrings split into text and the expressions
of their `${...}` and `$name` placeholders, each with its span in the file (reference §1.3).
The tree builder (tree_builder.py) calls these from its string reductions and parses the
placeholders that need the grammar itself.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Any, Callable

from . import nodes as n
from ..speed.fast_lexer import Token
from ..speed.frozen import constructor
from ..span import Span, make_span

_ESCAPES = {
    "b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "s": " ", '"': '"', "'": "'",
    "\\": "\\", "$": "$", "/": "/", "\n": "",
}
_ESCAPE_RE = re.compile(r"\\(u[0-9a-fA-F]{4}|[0-3]?[0-7]{1,2}|\r?\n|.)", re.DOTALL)
_DOLLAR_REF = re.compile(r"[^\W\d]\w*(?:\.[^\W\d]\w*)*")
_GSTRING_SPECIAL = re.compile(r"[\\$]")
# `${name.name...}` with plain ASCII names and nothing else.
_SIMPLE_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\}")


# The nodes a placeholder makes most often (`${meta.id}`), made as tree_builder.py makes
# them: three times faster than calling the class (frozen.py); span first.
_name = constructor(n.Name)  # (span, name)
_property = constructor(n.Property)  # (span, obj, name, op)


def unescape(text: str) -> str:
    """Groovy string escapes: \\b \\t \\n \\f \\r \\s \\" \\' \\\\ \\$, octal, \\uXXXX, line continuation."""
    if "\\" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] == "u" and len(code) == 5:
            return chr(int(code[1:], 16))
        if code[0] in "01234567":
            return chr(int(code, 8))
        if code[0] == "\r":
            return ""
        return _ESCAPES.get(code, code)

    return _ESCAPE_RE.sub(replace, text)


def string_value(token: Token) -> str:
    """The text of a quoted string token (quotes dropped, escapes applied)."""
    raw = token.value
    if token.type in ("TSTRING", "TGSTRING"):
        return unescape(raw[3:-3])
    return unescape(raw[1:-1])


def gstring_parts(body: str, quote: int, raw: str, span: Span, keywords: frozenset[str] | None,
                  placeholder: Callable[[str, str, int, Span], n.Expr]) -> tuple[Any, ...]:
    """A GString's parts: text, and an expression per `${...}` or `$name`. `body` is the
    token's text `raw` without its `quote` quote characters; `placeholder(inner, raw, index,
    span)` parses a `${inner}` the simple form cannot (`keywords`: the names that are not
    plain names there; None: every placeholder is parsed)."""
    parts: list[Any] = []
    text: list[str] = []
    i, size = 0, len(body)
    while i < size:
        special = _GSTRING_SPECIAL.search(body, i)  # text up to the next `\` or `$` is plain
        if special is None:
            text.append(body[i:])
            break
        if special.start() > i:
            text.append(body[i : special.start()])
            i = special.start()
        char = body[i]
        if char == "\\" and i + 1 < size:
            match = _ESCAPE_RE.match(body, i)
            assert match is not None
            text.append(unescape(match.group(0)))
            i = match.end()
        elif char == "$" and i + 1 < size and body[i + 1] == "{":
            if text:
                parts.append("".join(text))
                text = []
            simple = _SIMPLE_PLACEHOLDER.match(body, i) if keywords is not None else None
            if simple and simple.group(1).partition(".")[0] not in keywords:
                parts.append(dotted_names(simple.group(1), raw, quote + i + 2, span))
                i = simple.end()
                continue
            end = matching_brace(body, i + 1)
            parts.append(placeholder(body[i + 2 : end], raw, quote + i + 2, span))
            i = end + 1
        elif char == "$" and (match := _DOLLAR_REF.match(body, i + 1)):
            if text:
                parts.append("".join(text))
                text = []
            parts.append(dollar_ref(match, raw, quote, span))
            i = match.end()
        else:
            text.append(char)
            i += 1
    if text:
        parts.append("".join(text))
    return tuple(parts)


def dotted_names(inner: str, raw: str, index: int, span: Span) -> n.Expr:
    """`${a.b.c}`, most placeholders: the tree parsing it would give (a Name, then a
    Property per name, each spanning from `a` to its own end), without running the
    parser."""
    begin = span.start + index
    line, column = offset_point(raw, span, index)
    names = inner.split(".")
    offset = len(names[0])
    expr: n.Expr = _name(make_span(begin, begin + offset, line, column, line, column + offset), names[0])
    for name in names[1:]:
        offset += 1 + len(name)
        expr = _property(make_span(begin, begin + offset, line, column, line, column + offset), expr, name, ".")
    return expr


def dollar_ref(match: re.Match[str], raw: str, quote: int, span: Span) -> n.Expr:
    """`$name` or `$a.b.c` in a GString (Groovy reads the dotted names as properties)."""
    position = quote + match.start()
    names = match.group(0).split(".")
    first = offset_span(raw, span, position, position + len(names[0]))
    expr: n.Expr = n.Name(names[0], span=first)
    position += len(names[0])
    for name in names[1:]:
        position += 1 + len(name)
        expr = n.Property(expr, name, span=expr.span.cover(offset_span(raw, span, position, position)))
    return expr


def offset_span(raw: str, span: Span, start: int, end: int) -> Span:
    """The span of raw[start:end], `raw` being a token's text starting at `span`."""
    line, column = offset_point(raw, span, start)
    end_line, end_column = offset_point(raw, span, end) if end != start else (line, column)
    return make_span(span.start + start, span.start + end, line, column, end_line, end_column)


def offset_point(raw: str, span: Span, index: int) -> tuple[int, int]:
    """Line and column of raw[index], `raw` being a token's text starting at `span`."""
    newlines = _newline_offsets(raw)
    before = bisect_left(newlines, index)
    if before == 0:
        return span.line, span.column + index
    return span.line + before, index - newlines[before - 1]


@lru_cache(maxsize=8)
def _newline_offsets(raw: str) -> tuple[int, ...]:
    """Where a token's newlines are: found once per token, not once per placeholder (counting
    them up to each of a GString's placeholders made a one-line string of n placeholders cost
    n² / 2 character reads). A token's text is found again by its hash, which a string
    computes once, and by identity before any character is compared."""
    found = []
    at = raw.find("\n")
    while at >= 0:
        found.append(at)
        at = raw.find("\n", at + 1)
    return tuple(found)


def matching_brace(text: str, open_index: int) -> int:
    """Index of the `}` closing the `{` at open_index, skipping strings and escapes.
    The GSTRING terminal already guarantees the braces balance."""
    depth = 0
    i = open_index
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char in "'\"":
            i = _skip_string(text, i)
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(text)


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    i += 1
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
        elif char == quote:
            return i + 1
        elif quote == '"' and char == "$" and text.startswith("{", i + 1):
            i = matching_brace(text, i + 1) + 1
        else:
            i += 1
    return i
