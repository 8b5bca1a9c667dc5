"""Profile scenarios share what rules compute from the batch processes (analysis/
batch_processes.py, and the findings of rules declaring Rule.shares: speed/shared.py)
exactly when what it depends on is equal: linting every scenario at once gives what
linting each one alone gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from nflint_spot.speed import carried
from nflint_spot.speed import value_memo
from nflint_spot.analysis.scenarios import AnalysisOptions, build_models, load
from nflint_spot.lint.linter import lint_text
from nflint_spot.rules.attempt_queues import attempt_queues
from nflint_spot.rules.common import batch_processes, spot_stays

# Two selector scopes (one Spot queue falling back by attempt, one long task), a profile
# setting a param no process reads, one setting the param the queue closure reads, one
# setting maxSpotAttempts (to 1, and to 4).
CONFIG = """\
params.od = 'ondemand-q'
aws.batch.maxSpotAttempts = 3
process {
    executor = 'awsbatch'
    errorStrategy = 'retry'
    maxRetries = 3
    queue = 'spot-q'
    withName: 'A' {
        queue = { task.attempt > 2 ? params.od : 'spot-q' }
        time = { 2.h * task.attempt }
    }
    withName: 'B' {
        time = '30h'
    }
}
profiles {
    test {
        params.unread = 'x'
    }
    odparam {
        params.od = 'spot-other'
    }
    spotattempts {
        aws.batch.maxSpotAttempts = 1
    }
    morespot {
        aws.batch.maxSpotAttempts = 4
    }
}
"""


def _models(tmp_path: Path) -> dict[str, object]:
    path = tmp_path / "nextflow.config"
    path.write_text(CONFIG, encoding="utf-8")
    value_memo.begin_lint()
    loaded = load(str(path), CONFIG)
    return {m.profile_label: m for m in build_models(loaded, AnalysisOptions())}


def test_scenarios_share_batch_processes_only_when_the_params_read_are_equal(tmp_path: Path) -> None:
    models = _models(tmp_path)
    base, test, odparam = models["(base)"], models["test"], models["odparam"]
    assert base.processes is test.processes is odparam.processes  # type: ignore[attr-defined]
    # `params.unread` is read by no process: one list, and one queue analysis of it.
    assert batch_processes(test) is batch_processes(base)  # type: ignore[arg-type]
    assert attempt_queues(test) is attempt_queues(base)  # type: ignore[arg-type]
    # The queue closure reads params.od: its own list, whose fallback queue is the new value.
    assert batch_processes(odparam) is not batch_processes(base)  # type: ignore[arg-type]
    fallbacks = {a.fallback for a in attempt_queues(base) if a is not None}  # type: ignore[arg-type]
    assert fallbacks == {"ondemand-q"}
    assert {a.fallback for a in attempt_queues(odparam) if a is not None} == {None}  # type: ignore[arg-type]
    # A stay is the same whichever process of equal plan asks.
    for model in (base, odparam):
        for process, stay in zip(batch_processes(model), spot_stays(model)):  # type: ignore[arg-type]
            assert stay is not None and stay.attempts == process.plan.attempts


# maxRetries = 0 everywhere; whether a process without errorStrategy can retry depends on
# whether the config says all there is about errorStrategy, which a profile's missing
# include makes unknown (CFG014 with the same views and plans in both scenarios).
RETRIES_CONFIG = """\
process {
    executor = 'awsbatch'
    queue = 'spot-q'
    maxRetries = 0
    withName: 'C' {
        errorStrategy = 'terminate'
    }
}
profiles {
    broken {
        includeConfig 'missing.config'
    }
}
"""


def _diagnostics(text: str, path: str, options: AnalysisOptions) -> list[tuple[object, ...]]:
    result = lint_text(text, path, options=options, strict=True)
    return sorted((d.code, d.span.start, d.span.end, d.message, d.suggestion, repr(d.related), d.processes, d.profiles)
                  for d in result.diagnostics)


def _together_and_alone(tmp_path: Path, text: str, labels: list[str], name: str = "nextflow.config") -> list[object]:
    path = str(tmp_path / name)
    (tmp_path / name).write_text(text, encoding="utf-8")
    together = lint_text(text, path, strict=True).diagnostics
    for label in labels:
        alone = _diagnostics(text, path, AnalysisOptions(profiles=() if label == "(base)" else (label,)))
        # A finding holding in every scenario names none; else it names where it holds.
        held = sorted((d.code, d.span.start, d.span.end, d.message, d.suggestion, repr(d.related), d.processes, ())
                      for d in together if not d.profiles or label in d.profiles)
        assert held == alone, label
    return together  # type: ignore[return-value]


@pytest.fixture(params=[False, True], ids=["within-lint", "carried"])
def carrying(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Both ways findings are shared: within one lint (the CLI), and also carried from lint
    to lint (the language server, carried.py), where the lints of each scenario alone meet
    the findings the lint of all of them stored, every reuse recomputed and compared."""
    monkeypatch.setattr(carried, "enabled", request.param)
    monkeypatch.setattr(carried, "VERIFY", request.param)
    return bool(request.param)


def test_every_scenario_at_once_finds_what_each_scenario_alone_finds(tmp_path: Path, carrying: bool) -> None:
    together = _together_and_alone(tmp_path, CONFIG, ["(base)", "test", "odparam", "spotattempts", "morespot"])
    # The scenarios differ where they should: the closure reading params.od falls back in
    # the base and test scenarios only; maxSpotAttempts 1 multiplies nothing, and 4 (the
    # same batch processes as the base) multiplies more.
    by_code = {(d.code, d.profiles) for d in together}
    assert ("SPOT006", ("(base)", "test")) in by_code and ("SPOT005", ("odparam",)) in by_code
    assert ("SPOT001", ("(base)", "test")) in by_code and ("SPOT001", ("odparam",)) in by_code
    assert ("SPOT001", ("morespot",)) in by_code and ("SPOT006", ("morespot",)) in by_code


def test_views_shared_by_scenarios_still_read_what_each_says_of_errorstrategy(tmp_path: Path,
                                                                             carrying: bool) -> None:
    # A fragment (not a project's nextflow.config: ConfigModel.complete): an unread include
    # leaves its errorStrategy unknown in the scenario that includes it.
    together = _together_and_alone(tmp_path, RETRIES_CONFIG, ["(base)", "broken"], "aws.config")
    zero = [d for d in together if d.code == "CFG014"]
    assert [(d.span.line, d.profiles) for d in zero] == [(4, ("broken",))]
    assert "whenever errorStrategy resolves to 'retry'" in zero[0].message


def test_the_shared_max_retries_zero_groups_hold_nothing_of_one_scenario(tmp_path: Path) -> None:
    """What CFG014 shares between scenarios takes the config as complete; whether it is
    (an unread include, no errorStrategy at all) is each scenario's own question."""
    from nflint_spot.analysis.config_values import zero_max_retries_groups

    text = RETRIES_CONFIG.replace("        errorStrategy = 'terminate'\n", "        cpus = 2\n")
    path = tmp_path / "aws.config"  # a fragment: ConfigModel.complete is False
    path.write_text(text, encoding="utf-8")
    value_memo.begin_lint()
    base = build_models(load(str(path), text), AnalysisOptions(profiles=()))[0]
    [(directive, outlooks)] = zero_max_retries_groups(base)
    assert directive.provenance.span.line == 4
    assert [(o.view.name, o.possible) for o in outlooks] == [("process", False), ("withName:C", False)]
    # Without any errorStrategy in the fragment, the scenario itself cannot tell.
    found = lint_text(text, str(path), options=AnalysisOptions(profiles=()), strict=True).diagnostics
    assert [(d.code, d.span.line) for d in found if d.code == "CFG014"] == [("CFG014", 4)]
