"""The hand-written LALR runtime (lalr.py with fast_lexer.py) against Lark's own LALR parser.

Both run the same grammar (grammar/nextflow_config.lark): Lark with its contextual lexer and
a postlexer applying Groovy's newline rule (newlines.py), ours over the tables Lark built.
Our runtime is made to build plain Lark `Tree`s (a builder whose method for each rule makes
`Tree(rule, children)`), so the two results compare directly: the same trees, the same
tokens with the same offsets, lines and columns, and the same error positions.

One divergence is by design and is checked to be the only one. Lark's contextual lexer
tries only the terminals the parser state accepts, so where a longer token does not fit it
takes a shorter one (`internal` after a name lexes as `in` + `ternal`, `..` as `.`); ours,
like Groovy's lexer, takes the longest token (fast_lexer.py) and reports it. Such input is
never valid Groovy: on the whole corpus the two agree exactly.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from lark import Lark, Tree
from lark.exceptions import UnexpectedInput

from nflint_spot.speed.lalr import LalrParser
from nflint_spot.syntax.newlines import CLOSERS, CONTINUES_AFTER, MAX_NESTING, OPENERS, NestingTooDeep
from nflint_spot.syntax.parse_errors import ParseError
from nflint_spot.speed.parse_tables import START_RULES, Tables, load_tables, read_grammar

from conftest import corpus_dir

Outcome = tuple[Any, ...]


class _GroovyNewlines:
    """Lark postlexer: the newlines the grammar sees (newlines.py states the rule)."""

    always_accept = ("_NL",)

    def process(self, stream: Iterator[Any]) -> Iterator[Any]:
        brackets: list[str] = []
        previous = "_NL"
        for token in stream:
            kind = token.type
            if kind == "_NL":
                if (brackets and brackets[-1] != "{") or previous in CONTINUES_AFTER:
                    continue
            elif kind in OPENERS:
                brackets.append(OPENERS[kind])
                if len(brackets) > MAX_NESTING:
                    raise NestingTooDeep(token.start_pos, MAX_NESTING)
            elif kind in CLOSERS and brackets:
                brackets.pop()
            previous = kind
            yield token


class _RuleTrees:
    """A tree builder for our runtime that makes what Lark makes: `Tree(rule, children)`.
    Inlined `_rules` have no method (reductions.py splices them, as Lark does)."""

    def __getattr__(self, name: str) -> Callable[[list[Any]], Tree]:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda children: Tree(name, children)


@pytest.fixture(scope="module")
def tables() -> Tables:
    return load_tables()


@pytest.fixture(scope="module")
def parsers(tables: Tables) -> tuple[Callable[[str, str], Any], Callable[[str, str], Any]]:
    lark = Lark(read_grammar(), parser="lalr", lexer="contextual", start=list(START_RULES),
                maybe_placeholders=True, keep_all_tokens=True, postlex=_GroovyNewlines())
    ours = LalrParser(tables, _RuleTrees()).parse
    return ours, lambda text, start: lark.parse(text, start=start)


def _shape(node: Any) -> Any:
    """A tree as nested tuples: rule names, and every token with its text and position."""
    if isinstance(node, Tree):
        return (str(node.data), tuple(_shape(child) for child in node.children))
    if node is None:
        return None
    return (str(node.type), str(node.value), node.start_pos, node.line, node.column,
            node.end_line, node.end_column, node.end_pos)


def _outcome(parse: Callable[[str, str], Any], text: str, start: str) -> Outcome:
    """("tree", shape), ("error", offset, the error) or ("too deep", offset)."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))  # _shape recurses along long statement lists
    try:
        return ("tree", _shape(parse(text, start)))
    except (ParseError, UnexpectedInput) as error:
        token = getattr(error, "token", None)
        # An unexpected end of input is placed at the last token by both.
        offset = ("end", token.start_pos) if token is not None and token.type == "$END" else error.pos_in_stream
        return ("error", offset, error)
    except NestingTooDeep as error:
        return ("too deep", error.offset)
    finally:
        sys.setrecursionlimit(limit)


def _lark_takes_a_shorter_token(ours: Outcome, text: str, tables: Tables) -> bool:
    """Our error is on a token the state does not accept, and one of the terminals the state
    does accept matches a proper prefix of it: Lark's contextual lexer takes that prefix."""
    if ours[0] != "error":
        return False
    token = getattr(ours[2], "token", None)
    if token is None or token.type == "$END":
        return False
    for name in ours[2].expected:
        regexp = tables.terminals.get(name, (None,))[0]
        if regexp is None:
            continue
        match = re.compile(regexp, tables.regex_flags).match(text, token.start_pos)
        if match and 0 < match.end() - token.start_pos < len(token.value):
            return True
    return False


def assert_same(parsers: Any, tables: Tables, text: str, start: str = "start", label: str = "") -> str:
    """The two parsers agree on `text`; returns how ("tree", "error", "too deep", "split")."""
    ours, lark = (_outcome(parse, text, start) for parse in parsers)
    if ours[0] == "error" and (lark[0] != "error" or lark[1] != ours[1]):
        assert _lark_takes_a_shorter_token(ours, text, tables), (label or text[:200], ours[:2], lark[:2])
        return "split"
    # The kind of error may differ at the same place: where no terminal of the state
    # matches, Lark's contextual lexer tries all of them and reports the token it finds.
    assert ours[:2] == lark[:2], label or text[:200]
    return ours[0]


def _corpus_files() -> list[Path]:
    return sorted(corpus_dir().rglob("*.config"))


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def test_every_corpus_file_gives_the_same_tree(parsers: Any, tables: Tables) -> None:
    files = _corpus_files()
    assert len(files) >= 1431
    kinds = [assert_same(parsers, tables, _read(path), label=str(path)) for path in files]
    assert set(kinds) == {"tree"}  # every file parses, to equal trees


def test_placeholders_give_the_same_expression(parsers: Any, tables: Tables) -> None:
    """GString placeholders are parsed with the `expr` start rule (tree_builder.py)."""
    fragments = sorted({match.group(1) for path in _corpus_files()
                        for match in re.finditer(r"\$\{([^{}\n]*)\}", _read(path))})
    assert len(fragments) > 500
    for fragment in fragments:
        assert_same(parsers, tables, fragment, "expr")


# Text that moves a lexer or the parser into another mode when put anywhere.
_PIECES = list("{}()[]'\"/$\\\n=.:,;?*-+<>!~&|#@ \t") + [
    "'''", '"""', "${", "//", "/*", "*/", "def ", "if ", "in ", "withName:", "\r\n", "..", ".0"]


def _mutated(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 4)):
        if not text:
            text = rng.choice(_PIECES)
            continue
        at = rng.randrange(len(text))
        operation = rng.randrange(4)
        if operation == 0:
            text = text[:at] + text[at + rng.randint(1, 20):]
        elif operation == 1:
            text = text[:at] + rng.choice(_PIECES) + text[at:]
        elif operation == 2:
            source = rng.randrange(len(text))
            text = text[:at] + text[source:source + rng.randint(1, 40)] + text[at:]
        else:
            text = text[:at]
    return text


@pytest.mark.parametrize("seed", range(8))
def test_fuzzed_corpus_files_agree(parsers: Any, tables: Tables, seed: int) -> None:
    rng = random.Random(seed)
    files = _corpus_files()
    kinds = {assert_same(parsers, tables, _mutated(_read(rng.choice(files)), rng)) for _ in range(400)}
    assert {"tree", "error"} <= kinds  # both valid and broken text were compared


def test_the_one_divergence_is_a_shorter_token_lark_takes(parsers: Any, tables: Tables) -> None:
    text = "validation {\n    ignore Params internal names = ['x']\n}\n"
    ours, lark = (_outcome(parse, text, "start") for parse in parsers)
    assert ours[:2] == ("error", text.index("internal"))  # the name `internal` does not fit
    assert lark[:2] == ("error", text.index("names"))  # Lark read `in` + `ternal`
    assert assert_same(parsers, tables, text) == "split"


def test_nesting_too_deep_is_refused_at_the_same_bracket(parsers: Any, tables: Tables) -> None:
    text = "x = " + "(" * (MAX_NESTING + 5) + "1" + ")" * (MAX_NESTING + 5) + "\n"
    assert assert_same(parsers, tables, text) == "too deep"
    assert _outcome(parsers[0], text, "start") == ("too deep", len("x = ") + MAX_NESTING)
