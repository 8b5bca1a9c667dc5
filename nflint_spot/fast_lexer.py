"""The lexer used with lark-cython: contextual lexing with two compiled scanners.

Lark's contextual lexer compiles one big regex per parser state (about 85 here, ~4 ms each):
most of a one-file run went into `re.compile`. What the grammar needs from context is small:

  * slashy strings `/re/` only where an operand may start, `/` is division elsewhere
    (reference §1.3) — so there are two scanners, chosen by whether the parser state accepts
    SLASHY;
  * keywords only where the grammar accepts them (`withLabel: in`, `params.in`), and `=`/`.`/
    `<` meaning different terminals in different places — so a token the state does not
    accept is re-typed to another terminal matching the same text that the state accepts.

Newlines are filtered here too (NewlineFilter), because lark-cython has no postlexer hook.
"""

from __future__ import annotations

import copy
import re
from typing import Any, Callable

from lark import Token


def modal_lexer_class(cython: Any, make_filter: Callable[[], Any], always: tuple[str, ...]) -> type:
    base = cython.lark_cython.ContextualLexer
    basic = cython.lark_cython.BasicLexer
    fast_token = cython.lark_cython.Token

    class ModalLexer(base):  # type: ignore[misc, valid-type]
        def __new__(cls, conf: Any, states: dict[Any, Any], always_accept: Any = ()) -> Any:
            # The base class wants per-state lexers; give it one state only (never used).
            first = next(iter(states))
            return super().__new__(cls, conf, {first: states[first]}, always_accept=always)

        def __init__(self, conf: Any, states: dict[Any, Any], always_accept: Any = ()) -> None:
            self.accepts = {state: frozenset(names) | frozenset(always) for state, names in states.items()}
            self.filters: dict[int, Any] = {}
            self.scanners = {
                True: _scanner(basic, conf, drop="MUL_OP"),  # an operand may start: /re/
                False: _scanner(basic, conf, drop="SLASHY"),  # after an operand: division
            }
            self.patterns = [(t.name, re.compile(t.pattern.to_regexp())) for t in conf.terminals
                             if t.name not in conf.ignore]
            self.retype_cache: dict[tuple[str, frozenset[str]], str | None] = {}

        def next_token(self, lexer_state: Any, parser_state: Any) -> Any:
            key = id(lexer_state)
            newlines = self.filters.get(key)
            if newlines is None:
                newlines = self.filters[key] = make_filter()
            accepts = self.accepts[parser_state.position]
            scanner = self.scanners["SLASHY" in accepts]
            try:
                while True:
                    token = scanner.next_token(lexer_state, parser_state)
                    if token.type not in accepts:
                        token = self.retype(token, accepts)
                    if newlines.keep(token):
                        return token
            except EOFError:
                del self.filters[key]
                raise

        def retype(self, token: Any, accepts: frozenset[str]) -> Any:
            value = token.value
            cache_key = (value if len(value) < 40 else "", accepts)
            if len(value) < 40 and cache_key in self.retype_cache:
                kind = self.retype_cache[cache_key]
            else:
                kind = next((name for name, pattern in self.patterns
                             if name in accepts and pattern.fullmatch(value)), None)
                if len(value) < 40:
                    self.retype_cache[cache_key] = kind
            if kind is None:
                return token
            return fast_token.new_borrow_pos(kind, value, token)

        def reset(self) -> None:
            self.filters.clear()

    return ModalLexer


def _scanner(basic: Any, conf: Any, drop: str) -> Any:
    scanner_conf = copy.copy(conf)
    scanner_conf.terminals = [t for t in conf.terminals if t.name != drop]
    scanner_conf.skip_validation = True
    return basic(scanner_conf)


__all__ = ["Token", "modal_lexer_class"]
