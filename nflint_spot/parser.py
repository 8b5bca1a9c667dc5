"""Text → Document. The only module that knows about Lark.

`parse_config(text, path)` returns a `Document`, or a `SyntaxProblem` for input that is not
a Nextflow config; it never raises for any input (binary, truncated, deeply nested, huge).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator

from lark import Lark, Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from .nodes import Document, Expr
from .span import Span, span_at_offset
from .tree_builder import NestingTooDeep, TreeBuilder, error_offset

# Brackets deeper than this are refused: no real config comes close, and it keeps every
# later recursive walk of the tree far from Python's recursion limit.
MAX_NESTING = 100

GRAMMAR_RESOURCE = "grammar/nextflow_config.lark"

_OPENERS = {"LPAR": "(", "LSQB": "[", "LBRACE": "{"}
_CLOSERS = {"RPAR", "RSQB", "RBRACE"}
# A newline right after one of these cannot end a statement: Groovy reads on.
_CONTINUES_AFTER = frozenset(
    "ASSIGN_OP MEMBER_OP OROR ANDAND PIPE CARET AMP REGEX_OP EQ_OP REL_OP SHIFT_OP RANGE_OP "
    "ADD_OP MUL_OP POW NOT TILDE IN AS INSTANCEOF NOT_IN NOT_INSTANCEOF COMMA LPAR LSQB LBRACE "
    "QMARK COLON ELVIS ARROW ELSE EQUAL NEW DOT _NL SEMICOLON".split()
)


class NewlineFilter:
    """Decides, token by token, which newlines the grammar sees: Groovy ignores them inside
    (...) and [...] (but not in a closure opened inside them), after an operator, comma or
    opening bracket, and repeated. Also bounds bracket nesting (MAX_NESTING)."""

    __slots__ = ("stack", "previous")

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.previous = "_NL"  # the start of the file behaves like a fresh line

    def keep(self, token: Token) -> bool:
        kind = token.type
        if kind == "_NL":
            if (self.stack and self.stack[-1] != "{") or self.previous in _CONTINUES_AFTER:
                return False
        elif kind in _OPENERS:
            self.stack.append(_OPENERS[kind])
            if len(self.stack) > MAX_NESTING:
                raise NestingTooDeep(token, MAX_NESTING)
        elif kind in _CLOSERS and self.stack:
            self.stack.pop()
        self.previous = kind
        return True


class NewlinePostLexer:
    """NewlineFilter as a Lark postlexer (pure-Python Lark)."""

    always_accept = ("_NL",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        newlines = NewlineFilter()
        return (token for token in stream if newlines.keep(token))


def _accelerated_options() -> dict[str, object]:
    """lark-cython runs the same LALR tables several times faster, with the lexer of
    fast_lexer.py; without lark-cython (a platform with no wheel) Lark's own contextual
    lexer and the NewlineFilter postlexer do the same job."""
    try:
        import lark_cython
    except ImportError:  # pragma: no cover - platform without a lark-cython wheel
        return {"postlex": NewlinePostLexer()}

    from .fast_lexer import modal_lexer_class

    lexer = modal_lexer_class(lark_cython, NewlineFilter, NewlinePostLexer.always_accept)
    return {"_plugins": {**lark_cython.plugins, "ContextualLexer": lexer}}


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
        prefix = self.line_text[: self.span.column - 1]
        padding = "".join(c if c == "\t" else " " for c in prefix)
        return f"{self.line_text}\n{padding}^"


@lru_cache(maxsize=1)
def _lark() -> tuple[Lark, TreeBuilder]:
    grammar = resources.files("nflint_spot").joinpath(GRAMMAR_RESOURCE).read_text(encoding="utf-8")
    builder = TreeBuilder()
    # cache=True stores the LALR tables in the temp dir, keyed by a hash of the grammar,
    # the options and the Lark and Python versions: tables are built once per machine.
    parser = Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        start=["start", "expr"],
        maybe_placeholders=True,
        keep_all_tokens=True,
        transformer=builder,
        cache=True,
        **_accelerated_options(),
    )
    builder.bind(parser)
    return parser, builder


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
    parser, builder = _lark()
    try:
        return parser.parse(text, start=start)
    except UnexpectedInput as error:
        return _problem_from_lark(error, text, path)
    except NestingTooDeep as error:
        return _problem(text, path, error.offset, error.message)
    except RecursionError:
        return _problem(text, path, 0, "the file is nested too deeply to analyse")
    finally:
        # An error leaves per-parse state behind (placeholder offsets, newline filters).
        builder.reset()
        lexer_reset = getattr(parser.parser.lexer, "reset", None)
        if lexer_reset is not None:
            lexer_reset()


def _problem(text: str, path: str, offset: int, message: str) -> SyntaxProblem:
    span = span_at_offset(text, offset, 1 if offset < len(text) else 0)
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_text = text[line_start : line_end if line_end >= 0 else len(text)]
    return SyntaxProblem(path, span, message, line_text.rstrip("\r"))


def _problem_from_lark(error: UnexpectedInput, text: str, path: str) -> SyntaxProblem:
    # Errors raised inside a GString placeholder carry the absolute offset we gave them.
    offset = getattr(error, "nflint_offset", None)
    if offset is None:
        offset = error_offset(error, text)
    end = "end of the ${...} placeholder" if getattr(error, "nflint_placeholder", False) else "end of file"
    if isinstance(error, UnexpectedCharacters):
        offset = _triple_quote_start(text, offset)
        found = _describe_char(text, offset)
        expected = error.allowed
    elif isinstance(error, UnexpectedEOF):
        found = end
        expected = error.expected
    elif isinstance(error, UnexpectedToken):
        found = end if error.token.type == "$END" else _describe_token(error.token)
        expected = error.expected
    else:  # pragma: no cover - Lark has no other UnexpectedInput kinds
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


def _describe_token(token: Token) -> str:
    if token.type == "_NL":
        return "end of line"
    words = _TERMINAL_WORDS.get(token.type)
    value = str(token)
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

