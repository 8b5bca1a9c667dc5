"""The releases a lint analyses: the range manifest.nextflowVersion allows (every release
from 23.04 when there is none), one release per stretch between the releases where what
nflint-spot models changes, and findings that hold for only some stretches saying which."""

from __future__ import annotations

from pathlib import Path

import pytest

from nflint_spot.analysis.scenarios import AnalysisOptions
from nflint_spot.lint.linter import lint_text
from nflint_spot.lint.settings import load_settings
from nflint_spot.config.versions import allows, join_stretches, version_scenarios


@pytest.mark.parametrize(("requirement", "expected"), [
    # No constraint: every release from the oldest analysed, one per stretch.
    (None, [((23, 4, 0), "Nextflow 23.04"), ((23, 5, 0), "Nextflow 23.05 to 24.03"),
            ((24, 4, 0), "Nextflow 24.04 to 24.09"),
            ((24, 10, 0), "Nextflow 24.10 to 25.09"), ((25, 10, 0), "Nextflow 25.10 to 26.03"),
            ((26, 4, 0), "Nextflow 26.04 and later")]),
    ("!>=24.10.1", [((24, 10, 1), "Nextflow 24.10.1 to 25.09"), ((25, 10, 0), "Nextflow 25.10 to 26.03"),
                    ((26, 4, 0), "Nextflow 26.04 and later")]),
    (">=22.10.1, <24.10", [((22, 10, 1), "Nextflow 22.10.1 to 23.04"), ((23, 5, 0), "Nextflow 23.05 to 24.03"),
                           ((24, 4, 0), "Nextflow 24.04 to 24.09")]),
    ("24.04.2", [((24, 4, 2), "Nextflow 24.04.2")]),
    ("!>=26.04.0", [((26, 4, 0), "Nextflow 26.04 and later")]),
])
def test_version_scenarios(requirement: str | None, expected: list[tuple[tuple[int, int, int], str]]) -> None:
    assert [(s.version, s.label) for s in version_scenarios(requirement)] == expected


def test_allows_and_joined_stretches() -> None:
    assert allows("!>=23.04.0", (0, 0, 0), (24, 10, 0)) and allows(None, (26, 4, 0))
    assert not allows(">=24.10.0", (0, 0, 0), (24, 10, 0)) and not allows("<25.10.0", (25, 10, 0))
    labels = ["Nextflow 23.04 to 24.09", "Nextflow 24.10 to 25.09", "Nextflow 26.04 and later"]
    assert join_stretches(labels, set(labels[1:])) == "Nextflow 24.10 and later"
    assert join_stretches(labels, {labels[0], labels[2]}) == "Nextflow 23.04 to 24.09 and Nextflow 26.04 and later"


CONFIG = "process {\n    executor = 'awsbatch'\n    queue = 'spot-queue'\n    errorStrategy = 'retry'\n" \
         "    maxRetries = 2\n    time = '9h'\n}\n"


def lint(tmp_path: Path, text: str, **options: object) -> list:
    path = tmp_path / "nextflow.config"
    path.write_text(text, encoding="utf-8")
    return lint_text(text, str(path), load_settings(), AnalysisOptions(**options), strict=True).diagnostics  # type: ignore[arg-type]


def test_an_unpinned_config_is_judged_for_every_release_at_info_level(tmp_path: Path) -> None:
    """maxSpotAttempts unset: 5 before 24.10 (2 retries x 5 = 15 Spot runs), 0 from then."""
    [multiplied] = [d for d in lint(tmp_path, CONFIG) if d.code == "SPOT001"]
    assert (multiplied.span.line, multiplied.severity.value) == (5, "info")
    assert "can run 15 times on Spot" in multiplied.message
    assert multiplied.message.endswith("[Nextflow 23.04 to 24.09]")
    assert multiplied.suggestion.startswith("Pin the release (manifest.nextflowVersion, or --nextflow-version)")
    # One finding for the long task in every release, the older releases' figures as a note.
    [long_task] = [d for d in lint(tmp_path, CONFIG) if d.code == "SPOT002"]
    assert long_task.severity.value == "warning" and "[Nextflow" not in long_task.message
    assert "worst case 3 Spot runs" in long_task.message  # 24.10 on: 3 attempts, no AWS retry
    assert [r.message.split(":")[0] for r in long_task.related][:1] == ["with Nextflow 23.04 to 24.09"]
    assert "worst case 15 Spot runs" in long_task.related[0].message


def test_a_pinned_range_keeps_the_severity_and_names_the_releases(tmp_path: Path) -> None:
    found = lint(tmp_path, "manifest.nextflowVersion = '!>=23.04.0'\n" + CONFIG)
    [multiplied] = [d for d in found if d.code == "SPOT001"]
    assert multiplied.severity.value == "warning" and multiplied.message.endswith("[Nextflow 23.04 to 24.09]")
    assert not multiplied.suggestion.startswith("Pin")


def test_one_release_given_is_the_only_one(tmp_path: Path) -> None:
    found = lint(tmp_path, CONFIG, nextflow_version="24.10.0")
    assert not [d for d in found if d.code == "SPOT001"]
    assert not [d for d in found if "[Nextflow" in d.message]


def test_releases_that_cannot_run_the_pipeline_are_left_out() -> None:
    # DSL1 was dropped in 22.12; the strict parser of 26.04 rejects a legacy config.
    assert [s.label for s in version_scenarios(">=20.07.1", ((22, 4, 0), (24, 10, 0)), (22, 12, 0))] == [
        "Nextflow 20.07.1 to 22.03", "Nextflow 22.04 to 22.11"]
    assert [s.label for s in version_scenarios("!>=23.04.0", ((24, 10, 0), (26, 4, 0)), (26, 4, 0))] == [
        "Nextflow 23.04 to 24.09", "Nextflow 24.10 to 26.03"]


def test_no_aws_retry_before_22_04(tmp_path: Path) -> None:
    """aws.batch.maxSpotAttempts (default 5) came in 22.04: before, a reclaim is not retried
    by AWS, so no multiplication, and nf-core's 'finish' ends the run."""
    found = lint(tmp_path, "manifest.nextflowVersion = '>=21.10.0, <22.10.0'\n" + CONFIG)
    [multiplied] = [d for d in found if d.code == "SPOT001"]
    assert multiplied.message.endswith("[Nextflow 22.04 to 22.09]")


def test_a_dsl1_pipeline_is_analysed_on_the_releases_that_run_it(tmp_path: Path) -> None:
    (tmp_path / "main.nf").write_text("nextflow.enable.dsl = 1\nprocess ALIGN {\n    script: 'x'\n}\n")
    found = lint(tmp_path, "manifest.nextflowVersion = '>=20.07.1'\n" + CONFIG)
    assert [d.message[d.message.rindex("["):] for d in found if d.code == "SPOT001"] == ["[Nextflow 22.04 to 22.11]"]


def test_before_22_04_a_reclaim_ends_the_run_without_any_aws_retry(tmp_path: Path) -> None:
    text = ("manifest.nextflowVersion = '>=21.04.0, <22.10.0'\nprocess {\n    executor = 'awsbatch'\n"
            "    queue = 'spot-queue'\n    errorStrategy = { task.exitStatus in [137, 143] ? 'retry' : 'finish' }\n}\n")
    found = lint(tmp_path, text)
    [ends] = [d for d in found if d.code == "SPOT007"]
    assert "with no aws.batch.maxSpotAttempts (it came in Nextflow 22.04) AWS does not retry" in ends.message
    assert ends.message.endswith("[Nextflow 21.04 to 22.03]")
    [default] = [d for d in found if d.code == "SPOT009"]  # the default 5: from 22.04 only
    assert default.message.endswith("[Nextflow 22.04 to 22.09]")
