"""The language server's lint of an edited buffer with the incremental parse plugged in
(lsp_session.lint_document with the document's IncrementalParser) gives the diagnostics of
a plain `lint_text`, edit after edit.

`linter.lint_text` does not take the parsed tree yet (the hook `parsed=` is requested);
here a stand-in with that parameter hands the tree to the loader in place of its parse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nflint_spot import linter, loader, lsp_session
from nflint_spot import nodes as n
from nflint_spot.incremental import IncrementalParser
from nflint_spot.lsp_session import ServerOptions, SettingsCache, lint_document
from nflint_spot.settings import LintSettings

CONFIG = """\
process {
    executor = 'awsbatch'
    queue = 'spot-queue'
    errorStrategy = { task.exitStatus in [143, 137] ? 'retry' : 'finish' }
    maxRetries = 0
    withLabel: 'process_long' {
        time = { 30.h * task.attempt }
    }
    withName: 'ALIGN' {
        queue = { task.attempt > 1 ? 'ondemand-queue' : 'spot-queue' }
        time = '2h'
    }
}
aws.batch.maxSpotAttempts = 5
profiles {
    test {
        params.max_time = '6.h'
    }
}
"""

EDITS = [
    ("maxRetries = 0", "maxRetries = 2"),
    ("maxRetries = 2", "maxRetries = 22"),
    ("time = '2h'", "time = '48h'"),
    ("    withName: 'ALIGN' {", "    withName: 'ALIGN' {\n        errorStrategy = 'terminate'"),
    ("maxSpotAttempts = 5", "maxSpotAttempts = (5"),  # a syntax error
    ("maxSpotAttempts = (5", "maxSpotAttempts = 0"),
    ("params.max_time = '6.h'", "params.max_time = '6.h' // shorter"),
]


@pytest.fixture
def seen_trees(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """lint_text with the requested `parsed=` parameter; records the trees the loader got."""
    original_lint_text, original_parse = linter.lint_text, loader._parse_cached
    seen: list[Any] = []

    def lint_text(text: str, path: str, *args: Any, parsed: Any = None, **kwargs: Any) -> Any:
        def parse(file_text: str, file_path: str) -> Any:
            if parsed is not None and (file_text, file_path) == (text, path):
                seen.append(parsed)
                return parsed
            return original_parse(file_text, file_path)

        monkeypatch.setattr(loader, "_parse_cached", parse)
        try:
            return original_lint_text(text, path, *args, **kwargs)
        finally:
            monkeypatch.setattr(loader, "_parse_cached", original_parse)

    monkeypatch.setattr(lsp_session, "lint_text", lint_text)
    monkeypatch.setattr(lsp_session, "LINT_TEXT_TAKES_PARSED", True)
    return seen


def test_edits_linted_through_the_incremental_parser_match_plain_lints(tmp_path: Path, seen_trees: list[Any]) -> None:
    path = str(tmp_path / "nextflow.config")
    (tmp_path / "rules.yaml").write_text("rules: {}\n", encoding="utf-8")
    parser = IncrementalParser()
    cache = SettingsCache()
    text = CONFIG
    for version, (old, new) in enumerate([("", "")] + EDITS, start=1):
        text = text.replace(old, new, 1) if old else text
        outcome = lint_document(cache, ServerOptions(), None, path, text, version, parser)
        assert outcome.run is not None, outcome.messages
        settings = cache.get(None, path)
        assert isinstance(settings, LintSettings)
        expected = linter.lint_text(text, path, settings)
        assert outcome.run.result.diagnostics == expected.diagnostics, (old, new)
        assert [(d.code, d.span) for d in outcome.run.result.diagnostics] == [
            (d.code, d.span) for d in expected.diagnostics]  # spans take no part in ==
    assert parser.reparsed == len(EDITS) - 1  # every edit but the one with a syntax error
    assert [isinstance(tree, n.Document) for tree in seen_trees] == [True] * 5 + [False] + [True] * 2
    assert len(seen_trees) == len(EDITS) + 1  # every lint used the server's parse
