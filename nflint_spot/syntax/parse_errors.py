"""Input the grammar does not accept: what the lexer and the parser raise, and parser.py
turns into a SyntaxProblem (the attributes are those of Lark's errors of the same names)."""

from __future__ import annotations

from typing import Any


class ParseError(Exception):
    pos_in_stream: int | None  # where in the text
    token: Any = None  # the token found, if the lexer could make one


class UnexpectedCharacters(ParseError):
    """No terminal matches at `pos_in_stream`; `allowed` are the terminals of the scanner."""

    def __init__(self, text: str, pos: int, line: int, column: int, allowed: set[str]) -> None:
        super().__init__(f"no terminal matches {text[pos]!r} at line {line}, column {column}")
        self.pos_in_stream, self.line, self.column, self.allowed = pos, line, column, allowed


class UnexpectedToken(ParseError):
    """The parser state accepts none of the token's kind; `expected` are the terminals it
    accepts. At the end of the text the token is `$END`, placed at the last token."""

    def __init__(self, token: Any, expected: set[str]) -> None:
        super().__init__(f"unexpected {token.type} {token.value!r} at line {token.line}, column {token.column}")
        self.token, self.expected, self.pos_in_stream = token, expected, token.start_pos
