"""Which newlines the grammar sees, and the bracket nesting limit (fast_lexer.py applies
them as it reads tokens).

Groovy ignores a newline inside (...) and [...] (but not in a closure opened inside them),
after an operator, comma or opening bracket, and repeated.
"""

from __future__ import annotations

# Brackets deeper than this are refused: no real config comes close, and it keeps every
# later recursive walk of the tree far from Python's recursion limit.
MAX_NESTING = 100

OPENERS = {"LPAR": "(", "LSQB": "[", "LBRACE": "{", "LBRACE_PARAMS": "{"}  # the grammar says why two `{`
CLOSERS = frozenset({"RPAR", "RSQB", "RBRACE"})
# A newline right after one of these cannot end a statement: Groovy reads on.
CONTINUES_AFTER = frozenset(
    "ASSIGN_OP MEMBER_OP OROR ANDAND PIPE CARET AMP REGEX_OP EQ_OP REL_OP SHIFT_OP RANGE_OP "
    "ADD_OP MUL_OP POW NOT TILDE IN AS INSTANCEOF NOT_IN NOT_INSTANCEOF COMMA LPAR LSQB LBRACE LBRACE_PARAMS "
    "QMARK COLON ELVIS ARROW ELSE EQUAL NEW DOT _NL SEMICOLON".split()
)


class NestingTooDeep(Exception):
    def __init__(self, offset: int, limit: int) -> None:
        super().__init__(f"brackets nested more than {limit} deep")
        self.offset = offset
        self.absolute = False  # inside a GString placeholder the offset starts as relative
        self.message = f"brackets nested more than {limit} deep; nflint-spot does not analyse such files"
