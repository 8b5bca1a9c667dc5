"""Grammar snapshots: each `fixtures/grammar/<case>.config` parses to the tree in `<case>.dump`.

Refresh with `pytest tests/test_grammar_snapshots.py --update-snapshots` and review the diff:
a changed dump is a changed meaning.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Iterator

import pytest

from nflint_spot.syntax.dump import dump
from nflint_spot.syntax.nodes import Document, Literal, Name, Node
from nflint_spot.syntax.parser import SyntaxProblem, parse_config
from nflint_spot.sources import read_config
from nflint_spot.span import span_at_offset

from conftest import FIXTURES

GRAMMAR_CASES = sorted((FIXTURES / "grammar").glob("*.config"))


def test_there_are_grammar_cases() -> None:
    assert len(GRAMMAR_CASES) >= 35


@pytest.mark.parametrize("config", GRAMMAR_CASES, ids=[case.stem for case in GRAMMAR_CASES])
def test_grammar_snapshot(config: Path, update_snapshots: bool) -> None:
    # read_config reads bytes, so CRLF line endings reach the parser unchanged.
    result = parse_config(read_config(str(config)), config.name)
    if isinstance(result, SyntaxProblem):
        pytest.fail(f"{config.name}:{result.span.line}:{result.span.column}: {result.message}\n{result.excerpt}")
    assert isinstance(result, Document)
    actual = dump(result)
    snapshot = config.with_suffix(".dump")
    if update_snapshots:
        snapshot.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert snapshot.exists(), f"no snapshot {snapshot.name}; run pytest with --update-snapshots"
    assert actual == snapshot.read_text(encoding="utf-8")


def _walk(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for f in fields(current):
            value = getattr(current, f.name)
            for item in value if isinstance(value, tuple) else (value,):
                if isinstance(item, Node):
                    stack.append(item)


@pytest.mark.parametrize("config", GRAMMAR_CASES, ids=[case.stem for case in GRAMMAR_CASES])
def test_spans_agree_with_the_text(config: Path) -> None:
    """Every node's line:col matches its offsets, and lies inside its parent's span."""
    text = read_config(str(config))
    document = parse_config(text, config.name)
    assert isinstance(document, Document)
    for node in _walk(document):
        span = node.span
        expected = span_at_offset(text, span.start, span.end - span.start)
        assert (span.line, span.column, span.end_line, span.end_column) == (
            expected.line, expected.column, expected.end_line, expected.end_column,
        ), f"{type(node).__name__} at {span}"
        if isinstance(node, (Name, Literal)):
            written = text[span.start : span.end].strip("()")
            assert written == (node.name if isinstance(node, Name) else node.raw) or not written, (
                f"{type(node).__name__} {node!r} spans {written!r}"
            )
        for f in fields(node):
            value = getattr(node, f.name)
            for child in value if isinstance(value, tuple) else (value,):
                if isinstance(child, Node) and not isinstance(node, Document):
                    assert span.start <= child.span.start and child.span.end <= span.end, (
                        f"{type(child).__name__} at {child.span} is outside {type(node).__name__} at {span}"
                    )


def test_every_snapshot_has_its_config() -> None:
    orphans = [s.name for s in (FIXTURES / "grammar").glob("*.dump") if not s.with_suffix(".config").exists()]
    assert not orphans


def test_crlf_fixture_still_has_crlf_line_endings() -> None:
    data = (FIXTURES / "grammar" / "crlf_line_endings.config").read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") > 0
