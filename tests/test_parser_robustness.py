"""`parse_config` never raises and never hangs: for any text it returns a Document or a
SyntaxProblem. Mutated real configs (hypothesis) and hand-made adversarial inputs.

`hang_guard` is a generous wall-clock limit that only turns a hang into a failure; it is
not a timing assertion.
"""

from __future__ import annotations


import random
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nflint_spot.syntax import nodes as n
from nflint_spot.syntax.parser import SyntaxProblem, parse_config
from nflint_spot.sources import read_config

from conftest import corpus_dir
from hang_guard import hang_guard

HANG_GUARD_SECONDS = 20
MUTATION_CHARS = "{}()[]\"'$/\\\n:=?."


def parse_guarded(text: str, seconds: int = HANG_GUARD_SECONDS) -> n.Document | SyntaxProblem:
    with hang_guard(seconds):
        result = parse_config(text, "adversarial.config")
    assert isinstance(result, (n.Document, SyntaxProblem))
    if isinstance(result, SyntaxProblem):
        assert_problem_is_well_formed(result, text)
    return result


def assert_problem_is_well_formed(problem: SyntaxProblem, text: str) -> None:
    assert 0 <= problem.span.start <= len(text)
    assert problem.span.line == text.count("\n", 0, problem.span.start) + 1
    assert problem.span.column >= 1
    assert problem.message
    assert problem.excerpt.split("\n")[-1].endswith("^")


@lru_cache(maxsize=1)
def corpus_paths() -> tuple[Path, ...]:
    root = corpus_dir()
    assert root.is_dir(), f"the corpus directory {root} is missing (set NFLINT_CORPUS)"
    paths = tuple(sorted(root.rglob("*.config")))
    assert paths, f"no *.config files under {root}"
    return paths


@lru_cache(maxsize=None)
def corpus_text(index: int) -> str:
    return read_config(str(corpus_paths()[index]))


def a_varied_config() -> str:
    """The first corpus file (in path order) with selectors, closures and GStrings."""
    for index in range(len(corpus_paths())):
        text = corpus_text(index)
        if all(part in text for part in ("withName", "${", "task.", "->")) and 3_000 < len(text) < 20_000:
            return text
    raise AssertionError("no corpus file has selectors, closures and GStrings")


# ---------------------------------------------------------------- mutated corpus files


@st.composite
def mutated_configs(draw: st.DrawFn) -> str:
    text = corpus_text(draw(st.integers(0, len(corpus_paths()) - 1), label="corpus file"))
    for _ in range(draw(st.integers(1, 4), label="mutations")):
        size = len(text)
        at = draw(st.integers(0, size), label="position")
        kind = draw(st.sampled_from(["delete", "insert", "truncate", "duplicate"]))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        elif kind == "insert":
            text = text[:at] + draw(st.text(alphabet=MUTATION_CHARS, min_size=1, max_size=6)) + text[at:]
        elif kind == "truncate":
            text = text[:at]
        else:
            end = min(size, at + draw(st.integers(1, 400)))
            text = text[:end] + text[at:end] + text[end:]
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_configs())
def test_mutated_corpus_files_never_raise(text: str) -> None:
    parse_guarded(text)


# ---------------------------------------------------------------- deep nesting


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a = " + "{" * 10_000 + "}" * 10_000, id="closures"),
        pytest.param("a = " + "(" * 10_000 + "1" + ")" * 10_000, id="parentheses"),
        pytest.param("a = " + "[" * 10_000 + "]" * 10_000, id="lists"),
        pytest.param("a = f" + "(g" * 10_000 + ")" * 10_000, id="calls"),
    ],
)
def test_ten_thousand_nested_brackets_are_refused(text: str) -> None:
    problem = parse_guarded(text)
    assert isinstance(problem, SyntaxProblem)
    assert "nested more than 100 deep" in problem.message
    assert problem.span.line == 1


def test_ten_thousand_open_braces() -> None:
    problem = parse_guarded("{" * 10_000)
    assert isinstance(problem, SyntaxProblem)
    assert (problem.span.line, problem.span.column) == (1, 1)


def test_ten_thousand_nested_blocks_are_refused() -> None:
    problem = parse_guarded("a {\n" * 10_000 + "}\n" * 10_000)
    assert isinstance(problem, SyntaxProblem)
    assert "nested more than 100 deep" in problem.message
    assert problem.span.line == 101


def test_brackets_nested_just_below_the_limit_parse() -> None:
    document = parse_guarded("a = " + "[" * 100 + "]" * 100)
    assert isinstance(document, n.Document)


def test_nesting_inside_a_placeholder_is_refused_at_its_file_position() -> None:
    problem = parse_guarded('a = 1\nb = "${ ' + "(" * 200 + "x" + ")" * 200 + ' }"\n')
    assert isinstance(problem, SyntaxProblem)
    assert "nested more than 100 deep" in problem.message
    assert (problem.span.line, problem.span.column) == (2, 9 + 100)


# ---------------------------------------------------------------- long chains (deep trees, no brackets)


def test_fifty_thousand_additions() -> None:
    document = parse_guarded("a = " + " + ".join(["a"] * 50_000) + "\n")
    assert isinstance(document, n.Document)
    node = document.body[0].value  # type: ignore[union-attr]
    depth = 0
    while isinstance(node, n.Binary):  # left-associative: walk down the left spine
        assert node.op == "+" and node.right == n.Name("a")
        node, depth = node.left, depth + 1
    assert (node, depth) == (n.Name("a"), 49_999)


def test_twenty_thousand_negations() -> None:
    document = parse_guarded("a = " + "!" * 20_000 + "x\n")
    assert isinstance(document, n.Document)
    node = document.body[0].value  # type: ignore[union-attr]
    depth = 0
    while isinstance(node, n.Unary):
        assert node.op == "!"
        node, depth = node.operand, depth + 1
    assert (node, depth) == (n.Name("x"), 20_000)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a = x" + ".y" * 10_000 + "\n", id="properties"),
        pytest.param("a = x" + "()" * 10_000 + "\n", id="calls"),
        pytest.param("a = " + "x ? 1 : " * 10_000 + "2\n", id="ternaries"),
        pytest.param("a = " + "-" * 10_000 + "2 ** 2\n", id="signed-power"),
        pytest.param("x = { " + "if (a) b else " * 5_000 + "c }\n", id="else-if"),
    ],
)
def test_long_chains_parse(text: str) -> None:
    assert isinstance(parse_guarded(text), n.Document)


# ---------------------------------------------------------------- size


# A whole 10 MB config is linted end to end in test_adversarial.py::test_ten_megabyte_config.


def test_a_hundred_thousand_character_string_line() -> None:
    document = parse_guarded("a = '" + "x" * 100_000 + "'\n")
    assert isinstance(document, n.Document)
    assert document.body[0].value == n.Literal("x" * 100_000, "string")  # type: ignore[union-attr]


def test_a_hundred_thousand_character_list_line() -> None:
    document = parse_guarded("a = [" + "'ab', " * 16_666 + "]\n")
    assert isinstance(document, n.Document)
    assert len(document.body[0].value.items) == 16_666  # type: ignore[union-attr]


def test_a_hundred_thousand_character_line_of_garbage() -> None:
    assert isinstance(parse_guarded("a = " + "@#`" * 33_333), SyntaxProblem)


# ---------------------------------------------------------------- bytes that are not a config


def test_nul_bytes() -> None:
    problem = parse_guarded("process {\n  cpus = 2\x00\x00\n}\n")
    assert isinstance(problem, SyntaxProblem)
    assert (problem.span.line, problem.span.column) == (2, 11)
    assert "NUL byte" in problem.message


def test_only_nul_bytes() -> None:
    assert isinstance(parse_guarded("\x00" * 1000), SyntaxProblem)


@pytest.mark.parametrize("seed", range(5))
def test_random_binary_decoded_as_latin1(seed: int) -> None:
    data = random.Random(seed).randbytes(50_000)
    parse_guarded(data.decode("latin-1"))


def test_truncated_files() -> None:
    text = a_varied_config()
    for cut in range(1, len(text), max(1, len(text) // 60)):
        parse_guarded(text[:cut])


# ---------------------------------------------------------------- GStrings


def test_placeholder_never_closed() -> None:
    problem = parse_guarded('a = "${')
    assert isinstance(problem, SyntaxProblem)
    assert (problem.span.line, problem.span.column) == (1, 5)


def test_deeply_nested_placeholders_never_closed() -> None:
    problem = parse_guarded('a = "' + '${"' * 5_000)
    assert isinstance(problem, SyntaxProblem)
    assert (problem.span.line, problem.span.column) == (1, 5)


def test_deeply_nested_placeholders_closed() -> None:
    # Deeper than the lexer's two levels: a syntax error, not a crash.
    depth = 50
    assert isinstance(parse_guarded('a = "' + '${"' * depth + "x" + '"}' * depth + '"\n'), SyntaxProblem)


def test_many_placeholders() -> None:
    document = parse_guarded('a = "' + "${x}-" * 5_000 + '"\n')
    assert isinstance(document, n.Document)
    assert document.body[0].value.parts[-2:] == (n.Name("x"), "-")  # type: ignore[union-attr]
    assert len(document.body[0].value.parts) == 10_000  # type: ignore[union-attr]


# ---------------------------------------------------------------- nothing at all


@pytest.mark.parametrize("text", ["", " ", "\n", "\r\n", " \t\f\n \n\r\n\t", "\n" * 100_000, ";" * 1000])
def test_empty_and_blank_files(text: str) -> None:
    document = parse_guarded(text)
    assert isinstance(document, n.Document)
    assert document.body == ()


@pytest.mark.parametrize("text", ["/*", "/* never closed\n", "//", "'", '"', "'''", '"""', "/", "\\", "$", "${", "}"])
def test_fragments(text: str) -> None:
    parse_guarded(text)
