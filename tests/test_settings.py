"""rules.yaml: lookup, key-by-key overrides, and errors with line and column (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nflint_spot.cli.main import main
from nflint_spot.diagnostics import Severity
from nflint_spot.lint.settings import SettingsError, load_settings


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_defaults() -> None:
    settings = load_settings()
    assert settings.rule_config("CFG011").severity is Severity.ERROR
    assert settings.environment.queues.unknown_is_spot is True
    assert settings.environment.launcher is None


def test_nearest_file_overrides_key_by_key(tmp_path: Path) -> None:
    write(tmp_path / "rules.yaml", "launcher: awsbatch\nqueues:\n  on_demand_queue: my-od\nrules:\n  CFG012: error\n"
                                    "  strict-syntax-incompatible: off\n")
    (tmp_path / "sub").mkdir()
    config = write(tmp_path / "sub" / "nextflow.config", "process.cpus = 1\n")
    settings = load_settings(near=str(config))
    assert settings.environment.launcher == "awsbatch"
    assert settings.environment.queues.on_demand_queue == "my-od"
    assert settings.environment.queues.spot == ("*spot*",)  # untouched default
    assert settings.rule_config("CFG012").severity is Severity.ERROR
    assert settings.rule_config("CFG020").enabled is False
    assert settings.rule_config("CFG011").enabled is True


def test_dot_file_name_is_found(tmp_path: Path) -> None:
    write(tmp_path / ".nflint-spot.yaml", "launcher_sets_queue: true\n")
    config = write(tmp_path / "nextflow.config", "process.cpus = 1\n")
    assert load_settings(near=str(config)).environment.launcher_sets_queue is True


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ("rules:\n  NOPE001: off\n", 2, 3, "unknown rule 'NOPE001'"),
        ("rules:\n  CFG011: loud\n", 2, 11, "not off, on or a severity"),
        ("rules:\n  CFG011:\n    severity: warning\n    colour: red\n", 4, 5, "unknown option 'colour' for CFG011"),
        ("launcher: slurm\n", 1, 11, "launcher must be 'awsbatch'"),
        ("queues:\n  spot: 3\n", 2, 9, "queues.spot must be"),
        ("queues:\n  unknown: maybe\n", 2, 12, "queues.unknown"),
        ("colour: blue\n", 1, 1, "unknown key 'colour'"),
        ("rules: [1, 2\n", 2, 1, "invalid YAML"),
        ("- just\n- a list\n", 1, 1, "top level must be a mapping"),
        ("nextflow_version: '99'\n", 1, 19, "not a Nextflow version: '99'"),
        ("nextflow_version: '<25.0'\n", 1, 19, "with a lowest release"),
    ],
)
def test_errors_have_positions(tmp_path: Path, text: str, line: int, column: int, fragment: str) -> None:
    path = write(tmp_path / "rules.yaml", text)
    with pytest.raises(SettingsError) as raised:
        load_settings(str(path))
    error = raised.value
    assert (error.line, error.column) == (line, column), str(error)
    assert fragment in error.message


def test_cli_reports_settings_error_with_exit_2(tmp_path: Path) -> None:
    # .nflint-spot.yaml: a rules.yaml naming no rule of nflint-spot's is another tool's
    # (test_settings_discovery.py).
    write(tmp_path / ".nflint-spot.yaml", "rules:\n  NOPE001: off\n")
    config = write(tmp_path / "nextflow.config", "process.cpus = 1\n")
    result = CliRunner().invoke(main, ["check", str(config)])
    assert result.exit_code == 2
    assert f"{tmp_path / '.nflint-spot.yaml'}:2:3: unknown rule 'NOPE001'" in result.output


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ("rules:\n  SPOT001: {max_runs: -3}\n", 2, 23, "SPOT001 max_runs: must be at least 1"),
        ("rules:\n  retry-multiplication:\n    max_runs: 0\n", 3, 15, "SPOT001 max_runs: must be at least 1"),
        ("rules:\n  SPOT008: {max_retries: -1}\n", 2, 26, "SPOT008 max_retries: must be at least 0"),
        ("rules:\n  SPOT015: {long_share: 7}\n", 2, 25, "SPOT015 long_share: must be at least 0 and at most 1"),
        ("rules:\n  SPOT015: {long_share: -0.25}\n", 2, 25, "SPOT015 long_share: must be at least 0"),
        ("rules:\n  SPOT015: {long_share: .nan}\n", 2, 25, "SPOT015 long_share: expected a number"),
        ("rules:\n  SPOT015: {long_task: 0h}\n", 2, 24, "SPOT015 long_task: must be more than 0ms"),
        ("rules:\n  SPOT002: {long_task: '0s'}\n", 2, 24, "SPOT002 long_task: must be more than 0ms"),
        ("rules:\n  SPOT003: {spot_attempts_max_task: 0m}\n", 2, 37, "SPOT003 spot_attempts_max_task: must be more"),
        ("rules:\n  CFG015: {assume_complete_config: 'yes'}\n", 2, 36, "CFG015 assume_complete_config: expected true"),
        ("rules:\n  SPOT001: {enabled: 1}\n", 2, 22, "SPOT001 enabled: expected true or false"),
        ("rules:\n  SPOT001: {severity: loud}\n", 2, 23, "'loud' is not a severity"),
        ("rules:\n  SPOT001: 3\n", 2, 12, "expected off, a severity, or a mapping"),
        ("launcher_sets_queue: 'yes'\n", 1, 22, "launcher_sets_queue: expected true or false"),
        ("nextflow_version: [24, 10]\n", 1, 19, "expected a Nextflow version like '24.10.0'"),
        ("queues:\n  on_demand_queue: 'my queue'\n", 2, 20, "must be an AWS Batch job queue's name"),
        ("queues:\n  on_demand_queue: ''\n", 2, 20, "must be an AWS Batch job queue's name"),
        ("queues:\n  spot: ['*spot*', '']\n", 2, 9, "queues.spot: an empty pattern matches no queue"),
    ],
)
def test_option_values_are_checked_for_type_and_range(tmp_path: Path, text: str, line: int, column: int,
                                                      fragment: str) -> None:
    path = write(tmp_path / "lint.yaml", text)
    with pytest.raises(SettingsError) as raised:
        load_settings(str(path))
    error = raised.value
    assert (error.line, error.column) == (line, column), str(error)
    assert fragment in error.message, error.message


def test_option_values_at_the_ends_of_their_ranges_are_taken(tmp_path: Path) -> None:
    arn = "arn:aws:batch:eu-west-1:123456789012:job-queue/od_1"
    path = write(tmp_path / "lint.yaml", "rules:\n  SPOT001: {max_runs: 1}\n  SPOT008: {max_retries: 0}\n"
                                         "  SPOT015: {long_share: 1, long_task: 1ms}\n"
                                         f"  SPOT003: {{spot_attempts_max_task: 1s}}\nqueues:\n  on_demand_queue: {arn}\n")
    settings = load_settings(str(path))
    assert settings.rule_config("SPOT001").options.max_runs == 1
    assert settings.rule_config("SPOT008").options.max_retries == 0
    assert settings.rule_config("SPOT015").options.long_share == 1.0
    assert settings.rule_config("SPOT015").options.long_task.millis == 1
    assert settings.environment.queues.on_demand_queue == arn
    zero = write(tmp_path / "zero.yaml", "rules:\n  SPOT015: {long_share: 0}\n")
    assert load_settings(str(zero)).rule_config("SPOT015").options.long_share == 0.0


def test_cli_refuses_an_out_of_range_value_with_its_position(tmp_path: Path) -> None:
    write(tmp_path / ".nflint-spot.yaml", "rules:\n  SPOT001:\n    max_runs: -3\n")
    config = write(tmp_path / "nextflow.config", "process.cpus = 1\n")
    result = CliRunner().invoke(main, ["check", str(config)])
    assert result.exit_code == 2
    assert (f"{tmp_path / '.nflint-spot.yaml'}:3:15: SPOT001 max_runs: must be at least 1 (every task runs at "
            "least once), got -3") in result.output
    assert "Traceback" not in result.output


def test_a_lenient_load_leaves_a_wrong_value_out_and_keeps_the_rest(tmp_path: Path) -> None:
    # The language server's load: the wrong value is said and ignored, the file still applies.
    path = write(tmp_path / "lint.yaml", "rules:\n  SPOT001: {max_runs: -3, severity: error}\n"
                                         "  SPOT015: {long_share: 7}\nlauncher: slurm\nlauncher_sets_queue: true\n")
    settings = load_settings(str(path), lenient=True)
    assert [(e.line, e.column) for e in settings.ignored] == [(2, 23), (3, 25), (4, 11)]
    assert "max_runs: must be at least 1" in settings.ignored[0].message
    assert settings.rule_config("SPOT001").options.max_runs == 4  # the default
    assert settings.rule_config("SPOT001").severity is Severity.ERROR
    assert settings.rule_config("SPOT015").options.long_share == 0.5
    assert settings.environment.launcher is None and settings.environment.launcher_sets_queue is True


def test_rule_keys_match_in_any_case(tmp_path: Path) -> None:
    # As --select: `cfg011` and `Selector-With-Equals` name CFG011, not nothing.
    for key in ("cfg011", "Selector-With-Equals"):
        path = write(tmp_path / "rules.yaml", f"rules:\n  {key}: off\n")
        assert load_settings(str(path)).rule_config("CFG011").enabled is False


def test_the_language_server_says_a_wrong_value_and_lints_without_it(tmp_path: Path) -> None:
    from lsprotocol import types as lsp

    from nflint_spot.lsp.session import ServerOptions, SettingsCache, lint_document

    settings = write(tmp_path / ".nflint-spot.yaml", "rules:\n  CFG011: {severity: warning}\n"
                                                     "  SPOT001: {max_runs: -3}\n")
    config = tmp_path / "nextflow.config"
    text = "process {\n    withName = 'ALIGN' { queue = 'od' }\n}\n"
    outcome = lint_document(SettingsCache(), ServerOptions(), None, str(config), text, 1)
    assert outcome.messages == [("settings value", lsp.MessageType.Warning,
                                 f"nflint-spot: settings file {settings}:3:23: SPOT001 max_runs: must be at least 1 "
                                 "(every task runs at least once), got -3; the value is ignored (the default is used)")]
    assert outcome.run is not None
    assert [(d.code, d.severity, d.span.line, d.span.column) for d in outcome.run.result.diagnostics] == [
        ("CFG011", Severity.WARNING, 2, 5)]  # the rest of the file applies
