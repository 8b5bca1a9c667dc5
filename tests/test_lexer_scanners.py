"""The lexer's shortcuts read the same tokens as Lark's order of terminals would.

The one-pass newline scanner (fast_lexer.Lexer._newline_pattern) is compared with the
alternation Lark tries (`_NL_CONTINUE` first, then `_NL`) at every newline of the corpus,
the fixtures and hand-made runs of blanks, comments and continuations.
"""

from __future__ import annotations

import re

import pytest

from nflint_spot.speed.fast_lexer import Lexer, Token
from nflint_spot.speed.parse_tables import load_tables

from conftest import FIXTURES, corpus_dir

HAND_MADE = [
    "a\n.b", "a\n\n  .b", "a\n// c\n.b", "a\n// c\n\n?: b", "a\n/* c */ .b", "a\n/* c\n */\n  else {",
    "a\n  /* c */ // d\n  && b", "a\r\n.b", "a\r\n// c\r\n.b", "a\n..b", "a\n.", "a\n", "a\n  ", "a\n//",
    "a\n/* never closed\n.b", "a\n\t\f .b", "a\nelsewhere", "a\nelse", "a\n catch(", "a\n!= b", "a\n!b",
    "a\n/b/", "a\n// c", "a\n/* c */", "a\n/* c */\n", "a\n{", "a\n:x", "a\n?.b", "a\n*b", "a\n-b",
]


def _texts() -> list[str]:
    files = sorted(corpus_dir().rglob("*.config")) + sorted(FIXTURES.rglob("*.config"))
    return [path.read_text(encoding="utf-8-sig") for path in files] + HAND_MADE


@pytest.mark.parametrize("slashy", [True, False])
def test_the_newline_scanner_reads_what_larks_order_reads(slashy: bool) -> None:
    tables = load_tables()
    lexer = Lexer(tables)
    mode = (slashy, frozenset())
    names = lexer._candidates(mode, "\n")
    assert names == ["_NL_CONTINUE", "_NL"] == lexer._candidates(mode, "\r")
    larks_order = re.compile(
        "(?:" + "|".join(f"(?P<{name}>{tables.terminals[name][0]})" for name in names) + ")" + lexer.trailing,
        tables.regex_flags,
    ).match
    scanner: dict[str, object] = {}
    fast = lexer.scanner_for(scanner, mode, "\n")
    checked = 0
    for text in _texts():
        for newline in re.finditer(r"\r?\n", text):
            at = newline.start()
            expected, found = larks_order(text, at), fast(text, at)  # type: ignore[operator]
            assert found is not None and expected is not None
            assert (found.lastgroup, found.end(found.lastgroup), found.end()) == (
                expected.lastgroup, expected.end(expected.lastgroup), expected.end()), (text[at : at + 40],)
            checked += 1
    assert checked > 50_000


def test_tokens_are_tuples_with_named_fields() -> None:
    token = Token("NAME", "queue", 8, 1, 9, 1, 14, 13)
    assert (token.type, token.value, token.start_pos, token.end_pos) == ("NAME", "queue", 8, 13)
    assert (token.line, token.column, token.end_line, token.end_column) == (1, 9, 1, 14)
    assert repr(token) == "Token('NAME', 'queue')"
