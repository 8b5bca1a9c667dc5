"""The language server's lint of an edited buffer (lsp_session.lint_document with the
document's IncrementalParser, handed to lint_text as `parsed=`) gives the diagnostics of a
plain `lint_text`, edit after edit, and the loader never parses the buffer itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from nflint_spot.lint import linter
from nflint_spot.config import loader
from nflint_spot.speed.incremental import IncrementalParser
from nflint_spot.lsp.session import ServerOptions, SettingsCache, lint_document
from nflint_spot.lint.settings import LintSettings

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
def loader_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the loader parses itself (its parse cache misses)."""
    parses: list[str] = []
    original = loader.parse_config

    def parse_config(text: str, path: str = "<string>") -> Any:
        parses.append(path)
        return original(text, path)

    monkeypatch.setattr(loader, "parse_config", parse_config)
    return parses


def test_edits_linted_through_the_incremental_parser_match_plain_lints(tmp_path: Path,
                                                                       loader_parses: list[str]) -> None:
    path = str(tmp_path / "nextflow.config")
    (tmp_path / "rules.yaml").write_text("rules: {}\n", encoding="utf-8")
    parser = IncrementalParser()
    cache = SettingsCache()
    text = CONFIG
    for version, (old, new) in enumerate([("", "")] + EDITS, start=1):
        text = text.replace(old, new, 1) if old else text
        outcome = lint_document(cache, ServerOptions(), None, path, text, version, parser)
        assert outcome.run is not None, outcome.messages
        assert loader_parses == []  # the server's parse was used
        settings = cache.get(None, path)
        assert isinstance(settings, LintSettings)
        # Another path, parsed in full; a project's nextflow.config too (ConfigModel.complete).
        plain = str(tmp_path / "plain" / "nextflow.config")
        expected = linter.lint_text(text, plain, settings)
        assert loader_parses.pop() == plain
        assert [(d.code, d.span, d.message) for d in outcome.run.result.diagnostics] == [
            (d.code, d.span, d.message.replace(plain, path)) for d in expected.diagnostics], (old, new)
    assert parser.reparsed == len(EDITS) - 1  # every edit but the one with a syntax error
