"""Text → Document.

`parse_config(text, path)` returns a `Document`, or a `SyntaxProblem` for input that is not
a Nextflow config; it never raises for any input (binary, truncated, deeply nested, huge).

The grammar is grammar/nextflow_config.lark; Lark turns it into LALR tables, cached on disk
(parse_tables.py), which lalr.py runs with the lexer of fast_lexer.py and the callbacks of
reductions.py building the tree (tree_builder.py). Lark itself is imported only when the
tables are rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .newlines import MAX_NESTING, NestingTooDeep
from .nodes import Document, Expr
from .parse_errors import ParseError, UnexpectedCharacters, UnexpectedToken
from ..span import Span, caret_padding, span_at_offset
from ..speed.collector import uncollected
from .tree_builder import TreeBuilder, error_offset

__all__ = ["MAX_NESTING", "SyntaxProblem", "parse_config", "parse_expression"]


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """A file that does not parse: where, what was found and what was expected."""

    path: str
    span: Span
    message: str
    line_text: str

    @property
    def excerpt(self) -> str:
        """The offending line with a caret under the column."""
        return f"{self.line_text}\n{caret_padding(self.line_text[: self.span.column - 1])}^"


@lru_cache(maxsize=1)
def _engine() -> tuple[Any, TreeBuilder]:
    """The parse function (text, start rule) -> tree, and its tree builder."""
    from ..speed.lalr import LalrParser
    from ..speed.parse_tables import load_tables

    tables = load_tables()
    builder = TreeBuilder()
    parser = LalrParser(tables, builder)
    builder.bind(parser.parse, frozenset(tables.keywords.get("NAME", ())))
    return parser.parse, builder


def parse_config(text: str, path: str = "<string>") -> Document | SyntaxProblem:
    """Parse a whole config file."""
    result = _parse(text, path, "start")
    if isinstance(result, SyntaxProblem):
        return result
    body, span = result
    return Document(path=path, text=text, body=body, span=span)


def parse_expression(text: str) -> Expr | SyntaxProblem:
    """Parse one expression (tests, and values written outside a config)."""
    return _parse(text, "<expression>", "expr")


def _parse(text: str, path: str, start: str) -> Any:
    parse, builder = _engine()
    # The cyclic garbage collector would walk the growing tree again and again (the parser
    # allocates a lot); the tree has no cycles, so it waits until the parse is over.
    with uncollected():
        try:
            return parse(text, start)
        except ParseError as error:
            return _problem_from_error(error, text, path)
        except NestingTooDeep as error:
            return _problem(text, path, error.offset, error.message)
        except RecursionError:
            return _problem(text, path, 0, "the file is nested too deeply to analyse")
        finally:
            # An error leaves per-parse state behind (placeholder offsets).
            builder.reset()


def _problem(text: str, path: str, offset: int, message: str) -> SyntaxProblem:
    span = span_at_offset(text, offset, 1 if offset < len(text) else 0)
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_text = text[line_start : line_end if line_end >= 0 else len(text)]
    return SyntaxProblem(path, span, message, line_text.rstrip("\r"))


def _problem_from_error(error: ParseError, text: str, path: str) -> SyntaxProblem:
    # Errors raised inside a GString placeholder carry the absolute offset we gave them.
    offset = getattr(error, "nflint_offset", None)
    if offset is None:
        offset = error_offset(error, text)
    end = "end of the ${...} placeholder" if getattr(error, "nflint_placeholder", False) else "end of file"
    if isinstance(error, UnexpectedCharacters):
        offset = _triple_quote_start(text, offset)
        found = _describe_char(text, offset)
        expected = error.allowed
    elif isinstance(error, UnexpectedToken):
        found = end if error.token.type == "$END" else _describe_token(error.token)
        expected = error.expected
    else:  # pragma: no cover - the lexer and the parser raise no other kind
        found, expected = "input", set()
    return _problem(text, path, offset, f"unexpected {found}{_expected_words(expected)}")


def _triple_quote_start(text: str, offset: int) -> int:
    """An unclosed `'''abc` lexes as the empty string `''` and then a stray `'`: report
    the opening triple quote instead."""
    if 2 <= offset < len(text) and text[offset] in "'\"" and text[offset - 2 : offset + 1] == text[offset] * 3:
        return offset - 2
    return offset


def _describe_char(text: str, offset: int) -> str:
    if offset >= len(text):
        return "end of file"
    char = text[offset]
    if char in "'\"":
        return f"{char} (a string that is never closed, or a placeholder that is never closed)"
    if char == "\x00":
        return "NUL byte"
    if not char.isprintable():
        return f"character U+{ord(char):04X}"
    return f"character {char!r}"


def _describe_token(token: Any) -> str:
    if token.type == "_NL":
        return "end of line"
    words = _TERMINAL_WORDS.get(token.type)
    value = token.value
    if len(value) > 30:
        value = value[:27] + "..."
    return f"{words} {value!r}" if words else repr(value)


_TERMINAL_WORDS = {
    "NAME": "name",
    "STRING": "string",
    "TSTRING": "string",
    "GSTRING": "string",
    "TGSTRING": "string",
    "SLASHY": "slashy string",
    "INT": "number",
    "FLOAT": "number",
}

_EXPECTED_WORDS = {
    "NAME": "a name",
    "STRING": "a string",
    "INT": "a number",
    "_NL": "a new line",
    "$END": "end of file",
    "RBRACE": "'}'",
    "RPAR": "')'",
    "RSQB": "']'",
    "LBRACE": "'{'",
    "LBRACE_PARAMS": "'{'",
    "LPAR": "'('",
    "LSQB": "'['",
    "ASSIGN_OP": "'='",
    "EQUAL": "'='",
    "COLON": "':'",
    "COMMA": "','",
    "ARROW": "'->'",
    "SEMICOLON": "';'",
    "DOT": "'.'",
}


def _expected_words(expected: set[str] | frozenset[str]) -> str:
    words = sorted({_EXPECTED_WORDS[name] for name in expected if name in _EXPECTED_WORDS})
    if not words:
        return ""
    if len(words) == 1:
        return f", expected {words[0]}"
    return ", expected " + ", ".join(words[:-1]) + " or " + words[-1]

