"""Command-line choices that used to pass silently: a selector or profile naming nothing, code
prefixes, a rule named twice, -q with --add-noqa."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nflint_spot.cli.main import main
from conftest import run_cli as run

# CFG011 [error] at 2:5, CFG012 [warning] at 3:22
CONFIG = ("process {\n    withName = 'ALIGN' { queue = 'od' }\n"
          "    withLabel: 'a' { withName: 'B' { cpus = 1 } }\n}\n")


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "nextflow.config"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def positions(output: str) -> list[str]:
    """`nextflow.config:2:5 CFG011` of each finding line."""
    found = []
    for line in output.splitlines():
        where, rest = line.split(": ", 1)
        found.append(f"{Path(where).name} {rest.split(' ')[0]}")
    return found


@pytest.mark.parametrize("option, value", [("--select", ""), ("--select", ","), ("--select", " , "),
                                           ("--extend-select", ""), ("--ignore", ""), ("--ignore", ",")])
@pytest.mark.parametrize("command", [["check"], ["check", "--show-settings"]])
def test_a_selector_naming_no_rule_is_a_usage_error(config: Path, option: str, value: str,
                                                    command: list[str]) -> None:
    assert run(*command, "--no-cache", "--isolated", option, value, str(config)) == (
        2, f"nflint-spot: error: {option} {value!r} names no rule\n")


@pytest.mark.parametrize("command", ["check", "show"])
@pytest.mark.parametrize("value", ["", ",", " "])
def test_a_profile_option_naming_no_profile_is_a_usage_error(config: Path, command: str, value: str) -> None:
    assert run(command, "--isolated", "--profile", value, str(config)) == (
        2, f"nflint-spot: error: --profile {value!r} names no profile\n")


@pytest.mark.parametrize("prefix, expected", [
    ("CFG01", ["nextflow.config:2:5 CFG011", "nextflow.config:3:22 CFG012"]),
    ("cfg011", ["nextflow.config:2:5 CFG011"]),
    ("CFG012", ["nextflow.config:3:22 CFG012"]),
    ("cfg0", ["nextflow.config:2:5 CFG011", "nextflow.config:3:22 CFG012"]),
    ("Cf", ["nextflow.config:2:5 CFG011", "nextflow.config:3:22 CFG012"]),
    ("SPOT00", []),
    ("spot01", []),
    ("selector-with-equals", ["nextflow.config:2:5 CFG011"]),
])
def test_select_takes_any_prefix_of_a_code_in_any_case(config: Path, prefix: str, expected: list[str]) -> None:
    code, out = run("check", "--no-cache", "--isolated", "-q", "--select", prefix, str(config))
    assert (code, positions(out)) == (1 if expected else 0, expected)


def test_ignore_takes_a_prefix_too(config: Path) -> None:
    code, out = run("check", "--no-cache", "--isolated", "-q", "--ignore", "cfg011", str(config))
    assert (code, positions(out)) == (1, ["nextflow.config:3:22 CFG012"])


@pytest.mark.parametrize("pattern", ["CFG0111", "SPOT9", "SPOT-", "CFG01x", "retry"])
@pytest.mark.parametrize("option", ["--select", "--extend-select", "--ignore"])
def test_a_prefix_matching_no_code_is_refused(config: Path, option: str, pattern: str) -> None:
    assert run("check", "--no-cache", "--isolated", option, pattern, str(config)) == (
        2, f"nflint-spot: error: unknown rule '{pattern}' in {option} (see `nflint-spot rules`)\n")


def test_rules_prints_a_rule_named_twice_once() -> None:
    once = run("rules", "SPOT002")
    assert once[0] == 0 and once[1].startswith("SPOT002")
    assert run("rules", "spot002", "SPOT002", "long-task-on-spot") == once
    code, two = run("rules", "SPOT002", "CFG011", "spot002")
    assert (code, two) == (0, once[1] + "\n" + run("rules", "CFG011")[1])


def test_quiet_add_noqa_on_a_clean_file_prints_nothing(tmp_path: Path) -> None:
    clean = tmp_path / "nextflow.config"
    clean.write_text("process.cpus = 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--isolated", "-q", "--add-noqa", str(clean)])
    assert (result.exit_code, result.output) == (0, "")
    result = CliRunner().invoke(main, ["check", "--isolated", "--add-noqa", str(clean)])
    assert (result.exit_code, result.output) == (0, "No suppressions to add.\n")


def test_quiet_add_noqa_still_writes_and_says_nothing_of_it(config: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--isolated", "-q", "--add-noqa", str(config)])
    assert (result.exit_code, result.output) == (0, "")
    assert "// nflint-spot: ignore[CFG011]" in config.read_text(encoding="utf-8")
