"""Grammar snapshots: each `fixtures/grammar/<case>.config` parses to the tree in `<case>.dump`.

Refresh with `pytest tests/test_grammar_snapshots.py --update-snapshots` and review the diff:
a changed dump is a changed meaning.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nflint_spot.dump import dump
from nflint_spot.nodes import Document
from nflint_spot.parser import SyntaxProblem, parse_config
from nflint_spot.sources import read_config

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
