"""The LALR(1) parse loop over the cached tables (parse_tables.py).

The same automaton Lark builds, run the way Lark (and lark-cython) run it: shift, or reduce
and hand the children to the rule's callback (reductions.py), until `$END` reduces to the
start rule. A plain Python loop over ints and dicts costs no more than lark-cython's
compiled one here — the callbacks and the lexer dominate either way — and keeps Lark out of
the start-up of every run (importing it costs ~40 ms; it is needed only to build the
tables when the grammar changes).
"""

from __future__ import annotations

from typing import Any

from .fast_lexer import Lexer, Token
from .parse_errors import UnexpectedToken
from .parse_tables import Tables
from .reductions import build_callbacks, pass_up


class LalrParser:
    """`parse(text, start_rule)` → what the start rule's callback makes, or ParseError."""

    def __init__(self, tables: Tables, builder: Any) -> None:
        self.states = tables.states  # {state: {symbol: action}}: >= 0 shift, ~rule reduce
        self.start_states = tables.start_states
        self.end_states = tables.end_states
        # Per rule: how many children it takes, its callback and the nonterminal it makes.
        # A rule passing its one child up as it is (`expr: postfix`, about a third of all
        # reductions) has no callback: the reduction only changes the state on the stack.
        self.rules = [
            (len(rule[1]), None if callback is pass_up and len(rule[1]) == 1 else callback, rule[0])
            for rule, callback in zip(tables.rules, build_callbacks(tables.rules, builder))
        ]
        self.lexer = Lexer(tables)

    def parse(self, text: str, start: str) -> Any:
        states, rules = self.states, self.rules
        tokens = self.lexer.tokens(text)
        next(tokens)
        next_token = tokens.send
        end_state = self.end_states[start]
        stack = [self.start_states[start]]
        values: list[Any] = []
        token = last = None
        while True:
            token = next_token(stack[-1])
            if token is None:
                # As Lark: the end is a `$END` token placed at the last token (or at no
                # position at all in a text without tokens).
                token = Token("$END", "", 0, 1, 1, None, None, None) if last is None else Token(
                    "$END", "", last.start_pos, last.line, last.column, last.end_line, last.end_column, last.end_pos)
            kind = token.type
            while True:
                row = states[stack[-1]]
                action = row.get(kind)
                if action is None:
                    raise UnexpectedToken(token, {symbol for symbol in row if symbol.isupper()})
                if action >= 0:  # shift
                    stack.append(action)
                    values.append(token)
                    break
                size, callback, origin = rules[~action]
                if callback is None:
                    goto = states[stack[-2]][origin]
                    if goto == end_state and kind == "$END":
                        return values[-1]
                    stack[-1] = goto
                    continue
                if size:
                    children = values[-size:]
                    del values[-size:]
                    del stack[-size:]
                else:
                    children = []
                value = callback(children)
                goto = states[stack[-1]][origin]
                if goto == end_state and kind == "$END":
                    return value
                stack.append(goto)
                values.append(value)
            last = token
