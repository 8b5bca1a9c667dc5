"""A fix never writes a setting twice (it is withheld and the run says so), and
`--statistics` counts as fixable only what `--fix` would fix."""

from __future__ import annotations

import json
from pathlib import Path


from conftest import run_cli as run


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


# SPOT009 adds `aws.batch.maxSpotAttempts = -1` after the manifest line (an unsafe fix).
IMPLICIT_DEFAULT = """\
manifest.nextflowVersion = '>=23.04.0'
process.executor = 'awsbatch'
process.queue = 'spot-q'
"""
ADDED = IMPLICIT_DEFAULT.replace("'\n", "'\naws.batch.maxSpotAttempts = -1\n", 1)


def _pipelines(root: Path, count: int) -> list[Path]:
    configs = []
    for i in range(1, count + 1):
        config = root / f"p{i}" / "nextflow.config"
        config.parent.mkdir()
        config.write_text(IMPLICIT_DEFAULT, encoding="utf-8")
        configs.append(config)
    return configs


def test_separate_paths_are_separate_configs_to_diff_fix_and_statistics(tmp_path: Path) -> None:
    # Before: the fixes of all PATH arguments were one config's: p2's and p3's SPOT009 fixes
    # "also written by the fix of SPOT009 at p1", missing from the diff, counted not fixable.
    configs = _pipelines(tmp_path, 3)
    paths = [str(c) for c in configs]
    select = ("check", "--no-cache", "--select", "SPOT009")
    code, out = run(*select, "--diff", "--unsafe-fixes", *paths)
    assert [line for line in out.splitlines() if line.startswith(("+++", "+aws"))] == [
        line for path in paths for line in (f"+++ b/{path}", "+aws.batch.maxSpotAttempts = -1")]
    assert "not fixed" not in out
    assert run(*select, "--statistics", "--unsafe-fixes", *paths)[1] == \
        "    3  SPOT009  implicit-spot-attempts-default  (3 fixable)\n"
    assert run(*select, "--unsafe-fixes", *paths)[1].splitlines()[-1] == \
        "Found 3 problems (3 warnings); 3 fixable with --fix --unsafe-fixes."

    code, out = run(*select, "--fix", "--unsafe-fixes", *paths)
    assert [c.read_text(encoding="utf-8") for c in configs] == [ADDED] * 3
    assert "not fixed" not in out
    assert [line for line in out.splitlines() if line.startswith("Fixed")] == [
        f"Fixed 1 problem(s) in {path}." for path in paths]
    # A fixed point: the second run has nothing to fix.
    code, out = run(*select, "--fix", "--unsafe-fixes", *paths)
    assert [c.read_text(encoding="utf-8") for c in configs] == [ADDED] * 3
    assert (code, out) == (0, "No problems found.\n")


def test_a_config_and_the_file_it_includes_are_one_config(tmp_path: Path) -> None:
    # Both move a value to aws.batch.maxSpotAttempts of the same run: the second is withheld.
    config = tmp_path / "nextflow.config"
    config.write_text("includeConfig 'spot.config'\n" + MOVED_TWICE.replace("aws.maxSpotAttempts = 2\n", ""),
                      encoding="utf-8")
    included = tmp_path / "spot.config"
    included.write_text("aws.maxSpotAttempts = 2\n", encoding="utf-8")
    code, out = run("check", "--no-cache", "--select", "CFG010", "--diff", "--unsafe-fixes", str(config))
    assert [line for line in out.splitlines() if line.startswith(("+++", "+aws"))] == [
        f"+++ b/{config}", "+aws.batch.maxSpotAttempts = 3"]
    assert (f"nflint-spot: not fixed: {included}:1:1: CFG010: `aws.batch.maxSpotAttempts` is also written by the "
            f"fix of CFG010 at {config}:4:1") in out


def test_a_file_two_paths_include_is_of_both_configs(tmp_path: Path) -> None:
    # shared.config is read by p1's run and p2's: its move to aws.batch.maxSpotAttempts and
    # p1's own would set it twice in p1's run (p1's, first in file order, is written), even
    # though p2, given first, reported the shared finding first.
    shared = tmp_path / "shared.config"
    shared.write_text("aws.maxSpotAttempts = 2\n", encoding="utf-8")
    configs = {}
    for name, own in (("p2", ""), ("p1", "process.maxSpotAttempts = 3\n")):
        config = tmp_path / name / "nextflow.config"
        config.parent.mkdir()
        config.write_text("includeConfig '../shared.config'\nprocess.executor = 'awsbatch'\n" + own, encoding="utf-8")
        configs[name] = config
    args = ("check", "--no-cache", "--select", "CFG010", "--fix", "--unsafe-fixes", *map(str, configs.values()))
    code, out = run(*args)
    assert configs["p1"].read_text(encoding="utf-8").endswith("\naws.batch.maxSpotAttempts = 3\n")
    assert shared.read_text(encoding="utf-8") == "aws.maxSpotAttempts = 2\n"
    assert (f"not fixed: {shared}:1:1: CFG010: `aws.batch.maxSpotAttempts` is also written by the fix of CFG010 "
            f"at {configs['p1']}:3:1") in out
    assert f"{shared}:1:1: CFG010 [warning] `aws.maxSpotAttempts` is not an `aws` option" in out
    assert "Not fixed: `aws.batch.maxSpotAttempts` is already set" in out
    assert [line for line in run(*args)[1].splitlines() if line.startswith(("Fixed", "nflint-spot"))] == []


# Five CFG010 findings whose unsafe fixes all write aws.batch.maxSpotAttempts: one is applied.
FIVE_ONTO_ONE = """\
process.executor = 'awsbatch'
process.queue = 'spot-q'
process.maxSpotAttempts = 3
aws.maxSpotAttempts = 2
maxSpotAttempts = 4
aws.batch.maxSpotAttempt = 2
aws.batch.maxspotattempts = 2
"""


def test_summaries_count_what_fix_fixes_in_the_words_of_the_options_given(tmp_path: Path) -> None:
    # Before: "5 more with --fix --unsafe-fixes" with or without --unsafe-fixes, JSON
    # "fixable": 5, while --statistics said 1 and --fix --unsafe-fixes fixed 1.
    config = tmp_path / "nextflow.config"
    config.write_text(FIVE_ONTO_ONE, encoding="utf-8")
    args = ("check", "--no-cache", "--select", "CFG010", str(config))
    assert run(*args)[1].splitlines()[-1] == "Found 5 problems (5 warnings); 1 more with --fix --unsafe-fixes."
    assert run(*args, "--unsafe-fixes")[1].splitlines()[-1] == \
        "Found 5 problems (5 warnings); 1 fixable with --fix --unsafe-fixes."
    assert json.loads(run(*args, "--format", "json")[1])["summary"] == \
        {"error": 0, "warning": 5, "info": 0, "fixable": 0}
    assert json.loads(run(*args, "--format", "json", "--unsafe-fixes")[1])["summary"] == \
        {"error": 0, "warning": 5, "info": 0, "fixable": 1}
    assert run(*args, "--statistics", "--unsafe-fixes")[1] == "    5  CFG010   misplaced-spot-setting  (1 fixable)\n"
    code, out = run(*args, "--fix", "--unsafe-fixes")
    assert f"Fixed 1 problem(s) in {config}." in out.splitlines()
    assert out.splitlines()[-1] == "Found 4 problems (4 warnings)."
