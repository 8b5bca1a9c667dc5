"""The lexer: Lark's contextual lexing of the grammar's terminals, one regex match a token.

Lark's lexer tries one alternation of all ~45 terminals at every position (Python's `re`
tries the alternatives one by one, ~8 µs a token here), then runs a Python callback for
every NAME to spot keywords. This lexer gives the same tokens faster:

  * it tries only the terminals that can start with the character at the position, in
    Lark's order (the sets come from parse_tables.py), so the first match is the same one;
  * keywords are a dict look-up on the matched text;
  * what the grammar needs from the parser state is small — slashy strings `/re/` only where
    an operand may start, `/` is division elsewhere (reference §1.3), so there are two
    scanners chosen by whether the state accepts SLASHY; and keywords or `=`/`.`/`<` that the
    state does not accept are re-typed to another terminal matching the same text that it
    does accept (`withLabel: in`, `params.in`);
  * the newlines Groovy ignores are dropped here, as newlines.py says.

Positions, line and column numbers are counted exactly as Lark counts them.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Generator

from .newlines import CLOSERS, CONTINUES_AFTER, MAX_NESTING, OPENERS, NestingTooDeep
from .parse_errors import UnexpectedCharacters
from .parse_tables import Tables


class Token:
    """A token: its terminal, text and position (offsets 0-based; line, column 1-based)."""

    __slots__ = ("type", "value", "start_pos", "line", "column", "end_line", "end_column", "end_pos")

    def __init__(self, type: str, value: str, start_pos: int, line: int, column: int,  # noqa: A002
                 end_line: int, end_column: int, end_pos: int) -> None:
        self.type, self.value, self.start_pos, self.end_pos = type, value, start_pos, end_pos
        self.line, self.column, self.end_line, self.end_column = line, column, end_line, end_column

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.value!r})"


def _no_match(text: str, pos: int) -> None:
    return None


class Lexer:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        # Per parser state: the terminals it accepts, the scanner to use there (first
        # character -> match function, filled on first use) and which scanner it is.
        scanners: dict[bool, dict[str, Any]] = {True: {}, False: {}}
        self.modes: dict[int, tuple[frozenset[str], dict[str, Any], bool]] = {
            state: (names, scanners["SLASHY" in names], "SLASHY" in names) for state, names in tables.accepts.items()
        }
        self.retype_cache: dict[tuple[str, int], str] = {}
        self.patterns: dict[str, Callable] = {}  # terminal -> fullmatch, compiled when needed
        self.trailing = self._trailing_ignored()
        # `tokens(text)`: a generator of the tokens the grammar sees (see _token_reader).
        self.tokens = _token_reader(self, tables)

    def _candidates(self, slashy: bool, char: str) -> list[str]:
        """The terminals that can start with `char`, in the order Lark tries them."""
        terminals = self.tables.terminals
        return [name for name in self.tables.scanner_order[slashy]
                if ((char in terminals[name][1]) if char < "\x80" else terminals[name][2])]

    def _trailing_ignored(self) -> str:
        """A pattern for the ignored terminals (blanks: WS) that are the only terminal
        able to start with their first characters, in both scanners. Where one of them
        can match the lexer has no other choice, so every token's pattern may take it in
        as a trailing part: a blank costs no trip round the token loop (a quarter of all
        matches in real configs). Those counting lines are left out: the blank is never
        part of the token, and must not move its end line."""
        tables = self.tables
        trailing = []
        for name in sorted(tables.ignore - tables.counts_lines):
            regexp, chars, non_ascii = tables.terminals[name]
            if (chars and not non_ascii and re.compile(regexp).groups == 0
                    and all(self._candidates(slashy, c) == [name] for slashy in (True, False) for c in chars)):
                trailing.append(f"(?:{regexp})")
        return f"(?:{'|'.join(trailing)})?" if trailing else ""

    def scanner_for(self, scanner: dict[str, Any], slashy: bool, char: str) -> Any:
        """How to read a token starting with `char`: the terminal's name when it is the one
        candidate and matches just that character (a bracket, a comma: a third of all
        tokens, read with no regex), else the match function of an alternation of the
        terminals that can start with it, in Lark's order (compiled on first use)."""
        names = self._candidates(slashy, char)
        if not names:
            scanner[char] = _no_match
            return _no_match
        tables = self.tables
        if len(names) == 1 and tables.literals.get(names[0]) == char and not (
                names[0] in tables.ignore or names[0] in tables.keywords or names[0] in tables.counts_lines):
            scanner[char] = names[0]
            return names[0]
        terminals = self.tables.terminals
        pattern = "|".join(f"(?P<{name}>{terminals[name][0]})" for name in names)
        pattern = f"(?:{pattern}){self.trailing}"
        scanner[char] = re.compile(pattern, self.tables.regex_flags).match
        return scanner[char]

    def retype(self, kind: str, value: str, accepts: frozenset[str], state: int) -> str:
        """The first terminal (in grammar order) that the state accepts and that matches
        the whole text; `kind` itself when there is none (a syntax error follows)."""
        key = (value, state)
        cached = self.retype_cache.get(key)
        if cached is not None:
            return cached
        terminals = self.tables.terminals
        retyped = kind
        for name, (regexp, chars, non_ascii) in terminals.items():
            if name in accepts and name not in self.tables.ignore and (
                value[0] in chars if value[0] < "\x80" else non_ascii
            ):
                fullmatch = self.patterns.get(name)
                if fullmatch is None:
                    fullmatch = self.patterns[name] = re.compile(regexp, self.tables.regex_flags).fullmatch
                if fullmatch(value):
                    retyped = name
                    break
        if len(value) < 40:
            self.retype_cache[key] = retyped
        return retyped


# What the token loop has to do for a terminal besides making the token (bit flags).
_COUNTS_LINES, _IGNORED, _HAS_KEYWORDS = 1, 2, 4
_NEWLINE_OR_BRACKET = frozenset(OPENERS) | CLOSERS | {"_NL"}


def _token_reader(lexer: Lexer, tables: Tables) -> Callable[[str], Generator[Token | None, int, None]]:
    modes = lexer.modes
    scanner_for = lexer.scanner_for
    retype = lexer.retype
    keywords = tables.keywords
    allowed = tables.allowed
    todo_for = {
        name: (_COUNTS_LINES if name in tables.counts_lines else 0)
        | (_IGNORED if name in tables.ignore else 0)
        | (_HAS_KEYWORDS if name in keywords else 0)
        for name in tables.terminals
    }

    def tokens(text: str) -> Generator[Token | None, int, None]:
        """Send the parser state, get the next token the grammar sees (None at the end).
        A generator keeps the position in its locals from one token to the next."""
        pos = line_start = 0  # line_start: the offset where the current line starts
        line = 1
        brackets: list[str] = []
        previous = "_NL"  # the start of the text behaves like a fresh line
        size = len(text)
        state = yield None
        while pos < size:
            accepts, scanner, slashy = modes[state]
            char = text[pos]
            try:
                read = scanner[char]
            except KeyError:  # the first token starting with this character
                read = scanner_for(scanner, slashy, char)
            start, start_line, start_column = pos, line, pos - line_start + 1
            if read.__class__ is str:  # a one-character terminal (scanner_for)
                kind, value = read, char
                end = pos = pos + 1
            else:
                match = read(text, pos)
                if match is None:
                    raise UnexpectedCharacters(text, pos, line, pos - line_start + 1,
                                               set(allowed[slashy]) or {"<END-OF-FILE>"})
                kind = match.lastgroup
                end = match.end(kind)  # the token; match.end() takes in the blanks after it
                pos = match.end()
                todo = todo_for[kind]
                if todo:
                    if todo & _COUNTS_LINES:  # as Lark: only these terminals move the line count
                        newlines = text.count("\n", start, end)
                        if newlines:
                            line += newlines
                            line_start = text.rindex("\n", start, end) + 1
                    if todo & _IGNORED:
                        continue
                    value = text[start:end]
                    if todo & _HAS_KEYWORDS:
                        kind = keywords[kind].get(value, kind)
                else:
                    value = text[start:end]
            if kind not in accepts:
                kind = retype(kind, value, accepts, state)
            if kind in _NEWLINE_OR_BRACKET:
                # Which newlines the grammar sees: not inside (...) or [...] (but inside a
                # closure opened there), not after an operator, comma or opening bracket,
                # not repeated.
                if kind == "_NL":
                    if (brackets and brackets[-1] != "{") or previous in CONTINUES_AFTER:
                        continue
                elif kind in OPENERS:
                    brackets.append(OPENERS[kind])
                    if len(brackets) > MAX_NESTING:
                        raise NestingTooDeep(start, MAX_NESTING)
                elif brackets:
                    brackets.pop()
            previous = kind
            state = yield Token(kind, value, start, start_line, start_column, line, end - line_start + 1, end)
        while True:
            yield None

    return tokens
