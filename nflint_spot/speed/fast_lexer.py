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
  * the terminals that look ahead past their own text (a typed declaration's type, a cast's
    `(`: CONTEXTUAL_ONLY) are tried only where the state accepts them, as Lark does;
  * the newlines Groovy ignores are dropped here, as newlines.py says.

Positions, line and column numbers are counted exactly as Lark counts them.
"""

from __future__ import annotations

import re
from collections import namedtuple
from typing import Any, Callable

from ..syntax.newlines import CLOSERS, OPENERS
from .parse_tables import Tables


class Token(namedtuple("_TokenFields", "type value start_pos line column end_line end_column end_pos")):
    """A token: its terminal, text and position (offsets 0-based; line, column 1-based).

    A tuple with named fields, because the parser makes one for every token (a few hundred
    thousand on a repository's configs) and `new_token(Token, fields)` makes a tuple
    several times faster than an __init__ can fill a slots object; the fields read as
    fast."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.value!r})"


new_token = tuple.__new__  # new_token(Token, (type, value, start_pos, ...)): no __new__ call


def _no_match(text: str, pos: int) -> None:
    return None


# Terminals tried only in the parser states that accept them, as Lark's contextual lexer
# does: each looks ahead past its own text (a declaration's name and `=`, a cast's `)`),
# and tried before NAME or `(` everywhere it would cost every name and bracket of a file a
# failed look, and a look along a whole `a.b.c...` chain at each of its names (quadratic).
# The other terminals are tried everywhere and re-typed where the state wants another.
CONTEXTUAL_ONLY = frozenset({"DECLARED_TYPE", "RETURN_TYPE", "CAST_OPEN", "IMPORT_ALL"})

# A scanner mode: (whether the state accepts SLASHY, the CONTEXTUAL_ONLY terminals it accepts).
Mode = tuple[bool, frozenset[str]]


class Lexer:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        # Per parser state: the terminals it accepts, the scanner to use there (first
        # character -> match function, filled on first use) and its mode.
        scanners: dict[Mode, dict[str, Any]] = {}
        self.modes: dict[int, tuple[frozenset[str], dict[str, Any], Mode]] = {}
        for state, names in tables.accepts.items():
            mode = ("SLASHY" in names, names & CONTEXTUAL_ONLY)
            self.modes[state] = (names, scanners.setdefault(mode, {}), mode)
        self.retype_cache: dict[tuple[str, int], str] = {}
        self.patterns: dict[str, Callable] = {}  # terminal -> fullmatch, compiled when needed
        self.trailing = self._trailing_ignored()

    def _candidates(self, mode: Mode, char: str) -> list[str]:
        """The terminals that can start with `char`, in the order Lark tries them."""
        terminals = self.tables.terminals
        slashy, contextual = mode
        return [name for name in self.tables.scanner_order[slashy]
                if ((char in terminals[name][1]) if char < "\x80" else terminals[name][2])
                and (name not in CONTEXTUAL_ONLY or name in contextual)]

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
                    and all(self._candidates((slashy, CONTEXTUAL_ONLY), c) == [name]
                            for slashy in (True, False) for c in chars)):
                trailing.append(f"(?:{regexp})")
        return f"(?:{'|'.join(trailing)})?" if trailing else ""

    def scanner_for(self, scanner: dict[str, Any], mode: Mode, char: str) -> Any:
        """How to read a token starting with `char`: the terminal's name when it is the one
        candidate and matches just that character (a bracket, a comma: a third of all
        tokens, read with no regex), else the match function of an alternation of the
        terminals that can start with it, in Lark's order (compiled on first use)."""
        names = self._candidates(mode, char)
        if not names:
            scanner[char] = _no_match
            return _no_match
        tables = self.tables
        if len(names) == 1 and tables.literals.get(names[0]) == char and not (
                names[0] in tables.ignore or names[0] in tables.keywords or names[0] in tables.counts_lines):
            scanner[char] = names[0]
            return names[0]
        terminals = self.tables.terminals
        pattern = self._newline_pattern(names)
        if pattern is None:
            pattern = "|".join(f"(?P<{name}>{terminals[name][0]})" for name in names)
        pattern = f"(?:{pattern}){self.trailing}"
        scanner[char] = re.compile(pattern, self.tables.regex_flags).match
        return scanner[char]

    def _newline_pattern(self, names: list[str]) -> str | None:
        """At a newline, Lark tries `_NL_CONTINUE` (a run of newlines, blanks and comments
        followed by what continues a statement: `.x`, `?`, `else`...) and then `_NL` (the
        same run); a quarter of all tokens start there. Both take the longest run they can:
        a shorter one ends before a newline or a `/` of a comment, which the lookahead never
        accepts. So `_NL_CONTINUE` matches exactly when `_NL` does and its lookahead holds
        at the end, and one pass does for both: `_NL`'s run, then an empty
        `_NL_CONTINUE` group if the lookahead holds (the match's lastgroup, the last group
        closed, names the terminal; the token ends where the run does). The parse
        tests compare this with Lark's order at every newline of the corpus."""
        if names != ["_NL_CONTINUE", "_NL"]:
            return None
        terminals = self.tables.terminals
        body, arrow, lookahead = terminals["_NL_CONTINUE"][0].rpartition("(?=")
        if not arrow or not lookahead.endswith(")"):
            return None
        return f"(?P<_NL>{terminals['_NL'][0]})(?:(?P<_NL_CONTINUE>)(?={lookahead[:-1]}))?"

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


# What the token loop (lalr.py) has to do for a terminal besides making the token (bit flags).
COUNTS_LINES, IGNORED, HAS_KEYWORDS = 1, 2, 4
NEWLINE_OR_BRACKET = frozenset(OPENERS) | CLOSERS | {"_NL"}


def token_flags(tables: Tables) -> dict[str, int]:
    """Per terminal: COUNTS_LINES (as Lark: only these move the line count), IGNORED,
    HAS_KEYWORDS (the matched text may be a keyword of its own)."""
    return {
        name: (COUNTS_LINES if name in tables.counts_lines else 0)
        | (IGNORED if name in tables.ignore else 0)
        | (HAS_KEYWORDS if name in tables.keywords else 0)
        for name in tables.terminals
    }
