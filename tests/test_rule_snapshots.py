"""Rule snapshots: each `fixtures/rules/<rule-name>/snapshot.txt` holds the text report
`nflint-spot check` prints (colour off) for every scenario of the folder, in scenario order,
with only that rule's findings: message, excerpt and carets, notes, suggestion, fix title,
summary. The `// expect:` markers catch a finding's code and place; this catches its wording.

Refresh with `pytest tests/test_rule_snapshots.py --update-snapshots` and review the diff:
a changed snapshot is a changed report.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_rules import _lint, _prepare, _rule_of, _scenarios

from nflint_spot.output.formats import RenderOptions, count_fixable, renderers

SNAPSHOT = "snapshot.txt"
RULE_FOLDERS = sorted({scenario.parent for scenario in _scenarios()})


def _report(scenario: Path, work: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The text report of one scenario, linted as test_rules lints it (markers stripped,
    its own rules.yaml) from a copy in `work`, named as a user in the fixture folder names
    it: `check scenario.config` (messages and notes quote the path as given)."""
    rule = _rule_of(scenario)
    config, _ = _prepare(scenario, work)
    monkeypatch.chdir(work)
    result = _lint(config.relative_to(work), scenario, rule)
    # The summary's fixable counts as `check` (no --unsafe-fixes) gives them.
    options = RenderOptions(texts=result.texts, notes=result.notes,
                            fixable=count_fixable(result.diagnostics, result.texts, False))
    return renderers()["text"](result.diagnostics, options)


def _folder_report(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    parts = []
    for index, scenario in enumerate(s for s in _scenarios() if s.parent == folder):
        work = tmp_path / str(index)  # a folder per scenario, as each is linted alone
        work.mkdir()
        parts.append(f"=== {scenario.name} ===\n{_report(scenario, work, monkeypatch)}")
    return "\n".join(parts)


@pytest.mark.parametrize("folder", RULE_FOLDERS, ids=lambda folder: folder.name)
def test_rule_snapshot(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, update_snapshots: bool) -> None:
    actual = _folder_report(folder, tmp_path, monkeypatch)
    assert str(tmp_path) not in actual, "a temporary path in the report: it would differ on every run"
    snapshot = folder / SNAPSHOT
    if update_snapshots:
        snapshot.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert snapshot.exists(), f"no snapshot {folder.name}/{SNAPSHOT}; run pytest with --update-snapshots"
    assert actual == snapshot.read_text(encoding="utf-8")
