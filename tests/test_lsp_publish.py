"""Publishing: the conversions the language server keeps from one publish to the next
(lsp_session.ConvertedDiagnostics) are exactly what a fresh conversion gives, edit after
edit, in every position encoding: lines moved, a line's text changed before a finding's
column (an emoji is one code point but two UTF-16 units), findings gone and new."""

from __future__ import annotations

from pathlib import Path

import pytest

from nflint_spot.lint.linter import lint_text
from nflint_spot.lsp.session import ConvertedDiagnostics, LintRun, visible_diagnostics

CONFIG = """\
process {
    executor = 'awsbatch'
    queue = 'spot-queue'
    errorStrategy = { task.exitStatus in [143, 137] ? 'retry' : 'finish' }
    maxRetries = 0
    withLabel: 'process_long' {
        time = { 30.h * task.attempt }
        maxRetries = 0
    }
    withName: 'ALIGN' { /*x*/ time = '48h'; maxRetries = 0 }
}
aws.batch.maxSpotAttempts = 5
"""

EDITS = [
    ("", ""),
    ("maxRetries = 0\n    withLabel", "maxRetries = 00\n    withLabel"),  # offsets move, lines do not
    ("executor = 'awsbatch'", "executor = 'awsbatch'\n\n"),  # lines move
    ("/*x*/", "/*🚀*/"),  # same columns, other UTF-16 and UTF-8 offsets after it
    ("time = '48h'; ", ""),  # a finding gone
    ("aws.batch.maxSpotAttempts = 5", "aws.batch.maxSpotAttempts = 5 // é"),
]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
def test_kept_conversions_equal_fresh_ones(tmp_path: Path, encoding: str) -> None:
    path = str(tmp_path / "nextflow.config")
    uri = Path(path).as_uri()
    kept = ConvertedDiagnostics()
    text = CONFIG
    counts = []
    for version, (old, new) in enumerate(EDITS):
        text = text.replace(old, new, 1) if old else text
        run = LintRun(text, version, lint_text(text, path))
        runs = {uri: run}
        with_kept = visible_diagnostics(uri, path, text, runs, encoding, lambda p: Path(p).as_uri(), kept)
        fresh = visible_diagnostics(uri, path, text, runs, encoding, lambda p: Path(p).as_uri())
        assert [item[1] for item in with_kept] == [item[1] for item in fresh], (old, new)
        assert [item[0] for item in with_kept] == [item[0] for item in fresh]
        counts.append(len(fresh))
    assert all(count > 3 for count in counts)  # findings to convert in every version
