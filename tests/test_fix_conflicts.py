"""A fix never writes a setting twice (it is withheld and the run says so), and
`--statistics` counts as fixable only what `--fix` would fix."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from nflint_spot.cli.main import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


MOVED_TWICE = """\
process.executor = 'awsbatch'
process.queue = 'spot-queue'
process.maxSpotAttempts = 3
aws.maxSpotAttempts = 2
"""


def test_two_settings_moved_to_one_place_are_moved_once_and_said(tmp_path: Path) -> None:
    # Both were moved: `aws.batch.maxSpotAttempts` written twice, the first value silently lost.
    config = tmp_path / "nextflow.config"
    config.write_text(MOVED_TWICE, encoding="utf-8")
    code, out = run("check", "--no-cache", "--select", "CFG010", "--fix", "--unsafe-fixes", str(config))
    assert config.read_text(encoding="utf-8") == MOVED_TWICE.replace("process.maxSpotAttempts", "aws.batch.maxSpotAttempts")
    assert (f"nflint-spot: not fixed: {config}:4:1: CFG010: `aws.batch.maxSpotAttempts` is also written by the fix "
            f"of CFG010 at {config}:3:1") in out
    assert f"{config}:4:1: CFG010 [warning] `aws.maxSpotAttempts` is not an `aws` option" in out
    assert ("= help: Not fixed: `aws.batch.maxSpotAttempts` is already set at line 3, and that value is used; "
            "delete this one (or move its value there).") in out
    assert code == 1


def test_a_misspelling_beside_the_option_is_not_renamed_onto_it(tmp_path: Path) -> None:
    config = tmp_path / "nextflow.config"
    text = "aws.batch.maxSpotAttemps = 2\naws.batch.maxSpotAttempts = 3\n"
    config.write_text(text, encoding="utf-8")
    code, out = run("check", "--no-cache", "--select", "CFG010", "--diff", "--unsafe-fixes", str(config))
    assert (code, out) == (0, "")  # nothing to write
    code, out = run("check", "--no-cache", "--select", "CFG010", str(config))
    assert f"{config}:1:1: CFG010 [warning] `aws.batch.maxSpotAttemps` is not an AWS Batch option" in out
    assert f"= note: {config}:2:1: aws.batch.maxSpotAttempts is set here" in out
    assert "= help: Not fixed: `aws.batch.maxSpotAttempts` is already set at line 2" in out
    assert "= fix" not in out


def test_a_fix_that_adds_a_setting_yields_to_one_that_moves_the_users(tmp_path: Path) -> None:
    # SPOT009 (line 1) would add `aws.batch.maxSpotAttempts = -1` and CFG010 move line 3 there.
    config = tmp_path / "nextflow.config"
    text = "manifest.nextflowVersion = '!>=23.04.0'\n" + MOVED_TWICE
    config.write_text(text, encoding="utf-8")
    code, out = run("check", "--no-cache", "--select", "CFG010,SPOT009", "--diff", "--unsafe-fixes", str(config))
    assert [line for line in out.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")] == \
        ["-process.maxSpotAttempts = 3", "+aws.batch.maxSpotAttempts = 3"]
    assert f"not fixed: {config}:1:1: SPOT009: `aws.batch.maxSpotAttempts` is also written by the fix of CFG010" in out


STATISTICS = """\
process {
    executor = 'awsbatch'
    queue = 'spot-queue'
    withName = 'ALIGN' { cpus = 2 }
}
process.maxSpotAttempts = 3
aws.maxSpotAttempts = 2
aws.batch.maxSpotAttemps = 4
"""


def test_statistics_count_as_fixable_what_fix_would_fix(tmp_path: Path) -> None:
    # Before: every finding with a fix was "fixable", unsafe and withheld ones included.
    config = tmp_path / "nextflow.config"
    config.write_text(STATISTICS, encoding="utf-8")
    args = ("check", "--no-cache", "--select", "CFG010,CFG011", "--statistics", str(config))
    assert run(*args)[1].splitlines() == ["    3  CFG010   misplaced-spot-setting",
                                          "    1  CFG011   selector-with-equals  (1 fixable)"]
    # Unsafe: of the three renames onto aws.batch.maxSpotAttempts, one is applied.
    assert run(*args, "--unsafe-fixes")[1].splitlines() == ["    3  CFG010   misplaced-spot-setting  (1 fixable)",
                                                            "    1  CFG011   selector-with-equals  (1 fixable)"]
