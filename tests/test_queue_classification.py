"""One queue, one classification: `show`, the language server's hover and the rules judge an
attempt's queue the same way (QueuePolicy.on_spot). A name matching no queue pattern that a
`task.attempt` closure switches to is the On-Demand fallback for SPOT006, so it is On-Demand
for `show` and hover too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nflint_spot.cli.main import main
from nflint_spot.lint.linter import Selection, lint_text
from nflint_spot.lsp.hover import HoverSource, hover_models
from nflint_spot.lint.settings import load_settings

CONFIG = """\
aws.batch.maxSpotAttempts = 3
process {
    executor = 'awsbatch'
    errorStrategy = 'retry'
    maxRetries = 2
    withName: 'ALIGN' {
        time = '4h'
        queue = { task.attempt > 1 ? 'priority-q' : 'spot-q' }
    }
}
"""


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # show names files relative to the working directory
    path = tmp_path / "nextflow.config"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def test_spot006_reads_the_unclassified_retry_queue_as_on_demand(config: Path) -> None:
    result = lint_text(CONFIG, str(config), load_settings(), selection=Selection(select=("SPOT006",)), strict=True)
    assert [(d.code, d.span.line, d.span.column) for d in result.diagnostics] == [("SPOT006", 1, 1)]
    message = result.diagnostics[0].message
    assert "reaches queue 'priority-q' (read as On-Demand" in message and "at attempt 2" in message
    assert "up to 3 Spot runs of one task (worst case 12 instance-hours" in message


def test_show_json_classifies_the_queue_as_spot006_does(config: Path) -> None:
    result = CliRunner().invoke(main, ["show", str(config), "--format", "json"])
    assert result.exit_code == 0, result.output
    (align,) = [p for p in json.loads(result.output)["processes"] if p["name"] == "withName:ALIGN"]
    assert align["queue"]["attempts"] == ["spot-q", "priority-q", "priority-q"]
    assert align["queue"]["spot"] == [True, False, False]
    # Attempt 1's 3 Spot runs, then attempt 2 On-Demand: what SPOT006 counts.
    assert (align["worstCase"]["spotRuns"], align["worstCase"]["totalRuns"]) == (3, 4)
    assert align["worstCase"]["instanceHours"] == 16.0


def test_show_text_names_each_attempts_queue_kind(config: Path) -> None:
    result = CliRunner().invoke(main, ["show", str(config)])
    assert result.exit_code == 0, result.output
    assert ("queue          #1 spot-q (Spot)  #2 priority-q (On-Demand)  #3 priority-q (On-Demand)"
            "   [nextflow.config:8]") in result.output
    assert "worst case     3 Spot run(s) of one task" in result.output


def test_hover_on_the_selector_classifies_the_queue_as_spot006_does(config: Path) -> None:
    settings = load_settings()
    line = CONFIG.splitlines().index("    withName: 'ALIGN' {") + 1
    offset = CONFIG.index("withName")
    answer = HoverSource().hover(str(config), CONFIG, offset + len("with"), line,
                                 lambda loaded: hover_models(loaded, settings, (), None))
    assert answer is not None
    markdown, word = answer
    assert word is None  # the selector's effective settings, not an option's documentation
    assert "#1 spot-q (Spot)  #2 priority-q (On-Demand)  #3 priority-q (On-Demand)" in markdown
    assert "worst case     3 Spot run(s) of one task" in markdown
