"""Incremental re-parsing (nflint_spot/incremental.py): whatever `reparse` returns is
exactly what a full parse of the new text gives, nodes and every span included (spans take
no part in node equality, so `tree_difference` compares them field by field).

Random edits (hypothesis) of the grammar and rule fixtures and of the shared corpus, many of
them at statement boundaries, then one test per reason to fall back to a full parse."""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from nflint_spot.syntax import nodes as n
from nflint_spot.speed.incremental import IncrementalParser, fallback_reason, reparse
from nflint_spot.syntax.parser import SyntaxProblem, parse_config
from nflint_spot.sources import read_config
from nflint_spot.span import Span

from conftest import FIXTURES, corpus_dir

PATH = "nextflow.config"


def tree_difference(a: Any, b: Any, where: str = "document") -> str | None:
    """Where two trees differ, spans and every other field left out of node equality
    included (None: they are the same)."""
    if type(a) is not type(b):
        return f"{where}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, Span):
        fields = ("start", "end", "line", "column", "end_line", "end_column")
        same = all(getattr(a, f) == getattr(b, f) for f in fields)
        return None if same else f"{where}: {a!r} != {b!r}"
    if dataclasses.is_dataclass(a):
        for field in dataclasses.fields(a):
            found = tree_difference(getattr(a, field.name), getattr(b, field.name), f"{where}.{field.name}")
            if found:
                return found
        return None
    if isinstance(a, tuple):
        if len(a) != len(b):
            return f"{where}: {len(a)} items != {len(b)}"
        for index, (x, y) in enumerate(zip(a, b)):
            found = tree_difference(x, y, f"{where}[{index}]")
            if found:
                return found
        return None
    return None if a == b else f"{where}: {a!r} != {b!r}"


def parsed(text: str) -> n.Document:
    document = parse_config(text, PATH)
    assert isinstance(document, n.Document), document
    return document


def assert_reparse_exact(old: n.Document, new_text: str) -> n.Document | None:
    """`reparse` gives the full parse's tree exactly, or None (a full parse follows)."""
    got = reparse(old, new_text)
    full = parse_config(new_text, PATH)
    if currently_in_test_context():  # the statistics of --hypothesis-show-statistics
        event(f"fallback: {(fallback_reason(old, new_text) or '').partition(':')[0]}" if got is None
              else "incremental")
    if got is None:
        return None
    assert isinstance(full, n.Document), f"the new text does not parse ({full}), the re-parse did"
    assert tree_difference(got, full) is None, tree_difference(got, full)
    return got


# ---------------------------------------------------------------- sources of text


@lru_cache(maxsize=1)
def source_paths() -> tuple[Path, ...]:
    fixtures = sorted((FIXTURES / "grammar").glob("*.config")) + sorted((FIXTURES / "rules").rglob("*.config"))
    corpus = sorted(corpus_dir().rglob("*.config")) if corpus_dir().is_dir() else []
    return tuple(fixtures + corpus)


@lru_cache(maxsize=None)
def source_document(index: int) -> n.Document | None:
    text = read_config(str(source_paths()[index]))
    result = parse_config(text, PATH)
    return result if isinstance(result, n.Document) else None


SNIPPETS = [
    "x", "1", " ", "\n", "\n\n", ";", "{", "}", "(", ")", "[", "]", "'", '"', "'''", '"""', "$", "${", "/", "*",
    "//", "/*", "*/", "// note\n", "/* c */", ".", "?", ":", "=", "==", "+", "-", "\\\n", "\r\n", "else", "catch",
    "é", "🚀", "process.queue = 'spot'", "\n    cpus = 2", "withName: 'FOO' {\n  time = '1h'\n}", "}\nx {",
    "{ task.attempt > 1 ? 'a' : 'b' }", "\"${params.x}\"", "if (x) { y = 1 }", "def f() { 1 }",
    "includeConfig 'a.config'",
]


@st.composite
def positions(draw: st.DrawFn, document: n.Document) -> int:
    """A position in the text, often at or next to a statement's edge."""
    text = document.text
    if document.body and draw(st.booleans(), label="near a statement edge"):
        stmt = draw(st.sampled_from(_statements(document)), label="statement")
        edge = draw(st.sampled_from([stmt.span.start, stmt.span.end]), label="edge")
        return max(0, min(len(text), edge + draw(st.integers(-2, 2), label="offset")))
    return draw(st.integers(0, len(text)), label="position")


def _statements(document: n.Document) -> list[Any]:
    found, stack = [], list(document.body)
    while stack:
        stmt = stack.pop()
        found.append(stmt)
        stack.extend(getattr(stmt, "body", None) or ())
    return found


@st.composite
def edited(draw: st.DrawFn, document: n.Document) -> str:
    text = document.text
    at = draw(positions(document))
    kind = draw(st.sampled_from(["insert", "delete", "replace", "delete lines", "retype"]))
    if kind == "insert":
        return text[:at] + draw(st.sampled_from(SNIPPETS)) + text[at:]
    if kind == "delete":
        return text[:at] + text[at + draw(st.integers(1, 40), label="deleted"):]
    if kind == "replace":
        return text[:at] + draw(st.sampled_from(SNIPPETS)) + text[at + draw(st.integers(1, 12), label="replaced"):]
    if kind == "delete lines":
        end = at
        for _ in range(draw(st.integers(1, 3), label="lines")):
            end = text.find("\n", end + 1)
            if end < 0:
                end = len(text)
                break
        return text[:at] + text[end:]
    # What typing does: the same number of characters, one changed (maxRetries = 1 → 2).
    if at >= len(text):
        return text
    return text[:at] + draw(st.sampled_from("0123456789xy _'\"{}.")) + text[at + 1:]


@st.composite
def edits_of_sources(draw: st.DrawFn) -> tuple[n.Document, str]:
    index = draw(st.integers(0, len(source_paths()) - 1), label="source file")
    document = source_document(index)
    if document is None:  # the file does not parse itself: nothing to re-parse from
        index = 0
        document = source_document(0)
    assert document is not None
    return document, draw(edited(document))


# ---------------------------------------------------------------- random edits


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(edits_of_sources())
def test_random_edits_reparse_exactly(case: tuple[n.Document, str]) -> None:
    document, new_text = case
    assert_reparse_exact(document, new_text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_a_sequence_of_edits_through_the_parser_matches_full_parses(data: st.DataObject) -> None:
    document, text = data.draw(edits_of_sources())
    parser = IncrementalParser()
    assert tree_difference(parser.parse(document.text, PATH), document) is None
    for _ in range(data.draw(st.integers(1, 5), label="edits")):
        result = parser.parse(text, PATH)
        full = parse_config(text, PATH)
        if isinstance(full, SyntaxProblem):
            assert result == full  # a syntax error is the full parse's own problem
        else:
            assert tree_difference(result, full) is None, tree_difference(result, full)
            document = full
        text = data.draw(edited(document))


BIG = "process {\n    executor = 'awsbatch'\n    maxRetries = 1\n" + "".join(
    f"    withName: 'TOOL_{i}' {{\n        time = {{ {i}.h * task.attempt }}\n"
    f"        ext.args = {{ \"--x ${{task.cpus}}\" }}\n    }}\n" for i in range(40)
) + "}\nprofiles {\n    aws {\n        process.queue = 'spot'\n    }\n}\n"


@pytest.mark.parametrize("old, new", [
    pytest.param("maxRetries = 1", "maxRetries = 2", id="same length"),
    pytest.param("maxRetries = 1", "maxRetries = 12", id="typing at the end of a line"),
    pytest.param("maxRetries = 1", "maxRetries = 1 // a comment", id="a trailing comment"),
    pytest.param("maxRetries = 1\n", "maxRetries = 1\n\n    cpus = 4\n", id="a new line"),
    pytest.param("TOOL_7' {", "TOOL_77' {", id="a selector's pattern"),
    pytest.param("time = { 7.h", "time = {\n 7.h", id="a newline in a closure"),
    pytest.param("        time = { 39.h * task.attempt }\n", "", id="deleting a line"),
    pytest.param("    }\n}\nprofiles", "    }\n    cpus = 1\n}\nprofiles", id="the end of a body"),
    pytest.param("process {\n", "process {\n    queue = 'q'\n", id="the start of a body"),
    pytest.param("'spot'\n    }", "'spot'\n        process.time = '1h'\n    }", id="a nested profile block"),
])
def test_typical_edits_are_incremental_and_exact(old: str, new: str) -> None:
    document = parsed(BIG)
    new_text = BIG.replace(old, new, 1)
    assert new_text != BIG
    assert fallback_reason(document, new_text) is None
    assert assert_reparse_exact(document, new_text) is not None


# ---------------------------------------------------------------- falling back


@pytest.mark.parametrize("old, new, reason", [
    pytest.param("maxRetries = 1", "maxRetries = ", "does not parse alone", id="syntax error"),
    pytest.param("maxRetries = 1", "maxRetries = '1", "does not parse alone", id="an unclosed string"),
    pytest.param("maxRetries = 1", "maxRetries = 1 /* open", "does not parse alone", id="an unclosed comment"),
    pytest.param("maxRetries = 1", "maxRetries = 1\n}\nx {\n", "closes a block", id="closes its block"),
    pytest.param("process {", "process  {", "most of the file", id="edits the header of most of the file"),
])
def test_edits_that_need_a_full_parse(old: str, new: str, reason: str) -> None:
    text = BIG.replace("    maxRetries = 1\n", "    maxRetries = 1\n" + "    cpus = 1\n" * 1000)  # a large file
    document = parsed(text)
    new_text = text.replace(old, new, 1)
    assert reason in (fallback_reason(document, new_text) or "")
    assert reparse(document, new_text) is None


def test_a_statement_that_would_continue_the_line_before_falls_back() -> None:
    # `else` after a newline continues the statement before it (an if's else): the whole
    # text no longer parses, although `else = 2` alone does.
    document = parsed("a = 1\ne1 = 2\n")
    new_text = "a = 1\nelse = 2\n"
    assert "continues the line before" in (fallback_reason(document, new_text) or "")
    assert isinstance(parse_config(new_text, PATH), SyntaxProblem)


@pytest.mark.parametrize("before", ["a = 1\n", "a = 1; ", "// a comment\n", "a {\n}\n"])
def test_a_keyword_at_a_statement_start_parses_as_in_the_file(before: str) -> None:
    # Found by hypothesis: `new.enable.strict = true` parses at the start of a file (`new`
    # is read as a name there) but not after a statement and a separator.
    text = before + "nextflow.enable.strict = true\nparams.x = 1\n"
    document = parsed(text)
    new_text = text.replace("nextflow.enable", "new.enable")
    assert (reparse(document, new_text) is None) == isinstance(parse_config(new_text, PATH), SyntaxProblem)
    assert_reparse_exact(document, new_text)
    nested = "process {\n    " + before + "    nextflow.enable.strict = true\n    x = 1\n}\n"
    document = parsed(nested)
    new_text = nested.replace("nextflow.enable", "new.enable")
    assert (reparse(document, new_text) is None) == isinstance(parse_config(new_text, PATH), SyntaxProblem)


def test_a_member_access_at_a_statement_start_falls_back() -> None:
    document = parsed("process {\n    a = foo()\n    b1 = 2\n}\n")
    new_text = "process {\n    a = foo()\n    b.x = 2\n}\n".replace("b.x", "b.x")
    assert assert_reparse_exact(document, new_text) is not None  # `b.x` is a path: fine
    continued = "process {\n    a = foo()\n    .x = 2\n}\n"  # the edit starts at the statement: the region grows
    assert reparse(document, continued) is None
    assert isinstance(parse_config(continued, PATH), SyntaxProblem)


TRIPLE = "a = 1\n'my-scope' {\n    \"dq-key\" = 'x'\n}\nparams.x = 1\nparams.'''triple''' = 3\n"


@pytest.mark.parametrize("old, new", [
    # Found by hypothesis: alone, `'''my-scope' {...}` is the command `'' 'my-scope' { closure }`;
    # in the file the triple quote opens a string up to the one of `'''triple'''`.
    pytest.param("'my-scope' {", "'''my-scope' {", id="opens a string reaching past the region"),
    pytest.param("params.x = 1", "params.x = '''a'", id="an unclosed one"),
    pytest.param("params.x = 1", 'params.x = """a"""', id="double quotes"),
])
def test_a_triple_quote_in_the_region_falls_back(old: str, new: str) -> None:
    document = parsed(TRIPLE)
    new_text = TRIPLE.replace(old, new, 1)
    assert new_text != TRIPLE
    assert "triple-quoted" in (fallback_reason(document, new_text) or "")


def test_brackets_nested_past_the_limit_inside_deep_blocks_fall_back() -> None:
    depth = 60
    text = "a {\n" * depth + "x = 1\n" + "}\n" * depth
    document = parsed(text)
    new_text = text.replace("x = 1", "x = " + "[" * 45 + "]" * 45)
    assert "does not parse alone" in (fallback_reason(document, new_text) or "")
    problem = parse_config(new_text, PATH)
    assert isinstance(problem, SyntaxProblem) and "nested more than 100 deep" in problem.message


def test_legacy_code_is_reparsed_exactly() -> None:
    text = ("def check_max(obj, type) {\n    if (type == 'time') {\n        return obj\n    }\n}\n"
            "process {\n    time = { check_max(2.h * task.attempt, 'time') }\n}\n"
            "if (params.aws) {\n    process.queue = 'spot'\n} else {\n    process.queue = 'od'\n}\n")
    document = parsed(text)
    for old, new in [("'time') {", "'time' ) {"), ("return obj", "return obj * 2"), ("'spot'", "'spot2'"),
                     ("} else {", "}\nelse {"), ("2.h", "3.h")]:
        assert assert_reparse_exact(document, text.replace(old, new, 1)) is not None, (old, new)


def test_the_parser_keeps_the_last_good_tree_across_a_syntax_error() -> None:
    parser = IncrementalParser()
    parser.parse(BIG, PATH)
    broken = BIG.replace("maxRetries = 1", "maxRetries = ")
    assert isinstance(parser.parse(broken, PATH), SyntaxProblem)
    repaired = BIG.replace("maxRetries = 1", "maxRetries = 3")
    result = parser.parse(repaired, PATH)
    assert parser.reparsed == 1  # from the tree of BIG, not a full parse
    assert tree_difference(result, parsed(repaired)) is None


def test_another_path_is_parsed_in_full() -> None:
    parser = IncrementalParser()
    parser.parse(BIG, PATH)
    result = parser.parse(BIG.replace("maxRetries = 1", "maxRetries = 2"), "other.config")
    assert parser.reparsed == 0
    assert isinstance(result, n.Document) and result.path == "other.config"


def test_an_unchanged_text_gives_the_same_tree() -> None:
    document = parsed(BIG)
    assert reparse(document, BIG) is document
