"""What names the Nextflow release to assume (--nextflow-version, rules.yaml's nextflow_version):
a release as Nextflow writes its own, or a constraint as manifest.nextflowVersion writes one,
meaning its lowest release. Anything else is refused, not read as something near it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nflint_spot.config.versions import NextflowVersion, version_scenarios
from nflint_spot.lint.settings import SettingsError, load_settings
from conftest import run_cli as run

NOT_A_VERSION = ("(expected a release such as 24.10.0, or a constraint with a lowest release such as '>=24.04')")


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "nextflow.config"
    path.write_text("process.executor = 'awsbatch'\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("version, problem", [
    ("24.10.0.1", f"not a Nextflow version: '24.10.0.1' {NOT_A_VERSION}"),
    ("24.10.0 25.04", f"not a Nextflow version: '24.10.0 25.04' {NOT_A_VERSION}"),
    ("\uff12\uff14.\uff11\uff10.0", f"not a Nextflow version: '\uff12\uff14.\uff11\uff10.0' {NOT_A_VERSION}"),
    (">=24.04,", f"not a Nextflow version: '>=24.04,' {NOT_A_VERSION}"),
    ("24.10.0,25.04", "'24.10.0,25.04' allows no Nextflow release: each of its conditions must hold, as in "
                      "manifest.nextflowVersion (a range is written '>=24.04, <25.04')"),
    (">=25.04, <24.10", "'>=25.04, <24.10' allows no Nextflow release: each of its conditions must hold, as in "
                        "manifest.nextflowVersion (a range is written '>=24.04, <25.04')"),
])
def test_a_version_option_that_is_no_release_is_refused(config: Path, version: str, problem: str) -> None:
    for command in ("check", "show"):
        code, out = run(command, "--isolated", "--nextflow-version", version, str(config))
        assert code == 2
        assert out.endswith(f"Invalid value for '--nextflow-version': {problem}\n"), out
    settings = config.parent / "lint.yaml"
    settings.write_text(f"nextflow_version: '{version}'\n", encoding="utf-8")
    with pytest.raises(SettingsError) as raised:
        load_settings(str(settings))
    assert (raised.value.line, raised.value.column, raised.value.message) == (1, 19, problem)


@pytest.mark.parametrize("version, analysed", [
    ("24.10.0", "24.10.0"), ("24.10", "24.10.0"), ("24.11.0-edge", "24.11.0"), ("22.10.0-RC1", "22.10.0"),
    (">24.10.0", "24.10.1"), (">=24.04, <25.04", "24.04.0"), ("!>=23.10.1", "23.10.1"), ("0.32.0", "0.32.0"),
    ("0.0.0", "0.0.0"),
])
def test_the_release_analysed_is_the_lowest_the_option_allows(config: Path, version: str, analysed: str) -> None:
    code, out = run("show", "--isolated", "--output-format", "json", "--nextflow-version", version, str(config))
    assert code == 0, out
    data = json.loads(out)
    assert (data["nextflowVersion"], data["nextflowVersionSource"]) == (analysed, "option")


def test_a_release_is_written_year_month_only_when_it_is_one() -> None:
    assert [str(NextflowVersion(v, "option", "")) for v in ((0, 0, 0), (0, 32, 0), (24, 4, 0), (18, 10, 1))] == [
        "0.0.0", "0.32.0", "24.04.0", "18.10.1"]
    assert version_scenarios(">=0.3.0")[0].label == "Nextflow 0.3 to 22.03"  # not 0.03
    assert version_scenarios(">24.10.0, <25.04")[0].label == "Nextflow 24.10.1 to 25.03"
