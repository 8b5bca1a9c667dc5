"""The LALR(1) parse loop over the cached tables (parse_tables.py), with the lexer's token
loop (fast_lexer.py) inlined in it.

The same automaton Lark builds, run the way Lark (and lark-cython) run it: shift, or reduce
and hand the children to the rule's callback (reductions.py), until `$END` reduces to the
start rule. A plain Python loop over ints and dicts costs no more than lark-cython's
compiled one here — the callbacks and the lexer dominate either way — and keeps Lark out of
the start-up of every run (importing it costs ~40 ms; it is needed only to build the
tables when the grammar changes).

The lexer runs inside the loop rather than as a generator the loop resumes: a config has
about one token per seven characters, and passing each one out of a generator and the
parser state back in cost a fifth of the lexer's time. As in Lark's contextual lexer, each
token is read in the state the parser is in after shifting the previous one.
"""

from __future__ import annotations

from typing import Any, Callable

from .fast_lexer import COUNTS_LINES, HAS_KEYWORDS, IGNORED, NEWLINE_OR_BRACKET, Lexer, Token, new_token, token_flags
from ..syntax.newlines import CONTINUES_AFTER, MAX_NESTING, OPENERS, NestingTooDeep
from ..syntax.parse_errors import UnexpectedCharacters, UnexpectedToken
from .parse_tables import Tables
from .reductions import build_callbacks, pass_up


class LalrParser:
    """`parse(text, start_rule)` → what the start rule's callback makes, or ParseError."""

    def __init__(self, tables: Tables, builder: Any) -> None:
        # Per rule: how many children it takes, its callback and the nonterminal it makes.
        # A rule passing its one child up as it is (`expr: postfix`, about a third of all
        # reductions) has no callback: the reduction only changes the state on the stack.
        rules = [
            (len(rule[1]), None if callback is pass_up and len(rule[1]) == 1 else callback, rule[0])
            for rule, callback in zip(tables.rules, build_callbacks(tables.reduction_plans, builder))
        ]
        self.lexer = Lexer(tables)
        self.parse: Callable[[str, str], Any] = _parser_loop(tables, self.lexer, rules)


def _parser_loop(tables: Tables, lexer: Lexer, rules: list[tuple[int, Any, str]]) -> Callable[[str, str], Any]:
    # States are numbered 0..n-1: lists index faster than dicts.
    states = [tables.states[state] for state in range(len(tables.states))]
    modes = [lexer.modes[state] for state in range(len(tables.states))]
    start_states, end_states = tables.start_states, tables.end_states
    scanner_for, retype, retype_cache = lexer.scanner_for, lexer.retype, lexer.retype_cache
    keywords, allowed = tables.keywords, tables.allowed
    flags = token_flags(tables)

    def parse(text: str, start: str) -> Any:
        pos = line_start = 0  # line_start: the offset where the current line starts
        line = 1
        length = len(text)
        brackets: list[str] = []
        previous = "_NL"  # the start of the text behaves like a fresh line
        end_state = end_states[start]
        state = start_states[start]
        stack = [state]
        values: list[Any] = []
        last = None
        while True:
            # ---- the next token the grammar sees, read in `state`
            while pos < length:
                accepts, scanner, mode = modes[state]
                char = text[pos]
                read = scanner.get(char)
                if read is None:  # the first token starting with this character
                    read = scanner_for(scanner, mode, char)
                start_pos, start_line, start_column = pos, line, pos - line_start + 1
                if read.__class__ is str:  # a one-character terminal (Lexer.scanner_for)
                    kind, value = read, char
                    end = pos = pos + 1
                else:
                    match = read(text, pos)
                    if match is None:
                        raise UnexpectedCharacters(text, pos, line, pos - line_start + 1,
                                                   set(allowed[mode[0]]) or {"<END-OF-FILE>"})
                    kind = match.lastgroup
                    end = match.end(kind)  # the token; match.end() takes in the blanks after it
                    pos = match.end()
                    todo = flags[kind]
                    if todo:
                        if todo & COUNTS_LINES:  # as Lark: only these terminals move the line count
                            newlines = text.count("\n", start_pos, end)
                            if newlines:
                                line += newlines
                                line_start = text.rindex("\n", start_pos, end) + 1
                        if todo & IGNORED:
                            continue
                        value = text[start_pos:end]
                        if todo & HAS_KEYWORDS:
                            kind = keywords[kind].get(value, kind)
                    else:
                        value = text[start_pos:end]
                if kind not in accepts:
                    kind = retype_cache.get((value, state)) or retype(kind, value, accepts, state)
                if kind in NEWLINE_OR_BRACKET:
                    # Which newlines the grammar sees: not inside (...) or [...] (but inside
                    # a closure opened there), not after an operator, comma or opening
                    # bracket, not repeated.
                    if kind == "_NL":
                        if (brackets and brackets[-1] != "{") or previous in CONTINUES_AFTER:
                            continue
                    elif kind in OPENERS:
                        brackets.append(OPENERS[kind])
                        if len(brackets) > MAX_NESTING:
                            raise NestingTooDeep(start_pos, MAX_NESTING)
                    elif brackets:
                        brackets.pop()
                previous = kind
                token = new_token(Token, (kind, value, start_pos, start_line, start_column, line, end - line_start + 1, end))
                break
            else:
                # As Lark: the end is a `$END` token placed at the last token (or at no
                # position at all in a text without tokens).
                kind = "$END"
                token = Token(kind, "", 0, 1, 1, None, None, None) if last is None else Token(
                    kind, "", last.start_pos, last.line, last.column, last.end_line, last.end_column, last.end_pos)
            # ---- shift it, after the reductions it completes
            while True:
                row = states[state]
                action = row.get(kind)
                if action is None:
                    raise UnexpectedToken(token, {symbol for symbol in row if symbol.isupper()})
                if action >= 0:  # shift
                    stack.append(action)
                    values.append(token)
                    state = action
                    break
                size, callback, origin = rules[~action]
                if callback is None:
                    state = states[stack[-2]][origin]
                    if state == end_state and kind == "$END":
                        return values[-1]
                    stack[-1] = state
                    continue
                if size == 1:  # the commonest: a terminal made a node (`name`, `int_literal`...)
                    children = [values.pop()]
                    stack.pop()
                elif size:
                    children = values[-size:]
                    del values[-size:]
                    del stack[-size:]
                else:
                    children = []
                made = callback(children)
                state = states[stack[-1]][origin]
                if state == end_state and kind == "$END":
                    return made
                stack.append(state)
                values.append(made)
            last = token

    return parse
