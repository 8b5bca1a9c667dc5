"""rules.yaml values that used to pass silently or be worded in Python: a rule set twice, null
and wrongly typed mappings, severity words in any case, messages that speak YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nflint_spot.cli.main import main
from nflint_spot.diagnostics import Severity
from nflint_spot.lint.settings import SettingsError, load_settings


def load_error(tmp_path: Path, text: str, lenient: bool = False) -> SettingsError:
    path = tmp_path / "lint.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as raised:
        load_settings(str(path), lenient=lenient)
    return raised.value


@pytest.mark.parametrize("text, line, column, message", [
    ("rules:\n  SPOT002: off\n  long-task-on-spot: warning\n", 3, 3,
     "'long-task-on-spot' sets SPOT002 (long-task-on-spot) again: 'SPOT002' already sets it"),
    ("rules: {SPOT002: off, spot002: warning}\n", 1, 23, "'spot002' sets SPOT002 (long-task-on-spot) again: "
     "'SPOT002' already sets it"),
    ("rules:\n  retry-multiplication: {max_runs: 3}\n  Retry-Multiplication: off\n", 3, 3,
     "'Retry-Multiplication' sets SPOT001 (retry-multiplication) again: 'retry-multiplication' already sets it"),
])
@pytest.mark.parametrize("lenient", [False, True], ids=["check", "language-server"])
def test_a_rule_set_twice_is_an_error_at_the_second_entry(tmp_path: Path, text: str, line: int, column: int,
                                                          message: str, lenient: bool) -> None:
    error = load_error(tmp_path, text, lenient)
    assert (error.line, error.column, error.message) == (line, column, message)


def test_a_rule_set_twice_exits_2_from_check(tmp_path: Path) -> None:
    settings = tmp_path / "lint.yaml"
    settings.write_text("rules: {SPOT002: off, long-task-on-spot: warning}\n", encoding="utf-8")
    config = tmp_path / "nextflow.config"
    config.write_text("process.cpus = 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--settings", str(settings), str(config)])
    assert result.exit_code == 2
    assert result.output == (f"nflint-spot: error: {settings}:1:23: 'long-task-on-spot' sets SPOT002 "
                             "(long-task-on-spot) again: 'SPOT002' already sets it\n")


@pytest.mark.parametrize("text, line, column, message", [
    ("rules: []\n", 1, 8, "'rules' must be a mapping of rule code or name to settings, got a list"),
    ("rules:\n", 1, 1, "'rules' must be a mapping of rule code or name to settings, got null"),
    ("rules: null\n", 1, 8, "'rules' must be a mapping of rule code or name to settings, got null"),
    ("queues: null\n", 1, 9, "'queues' must be a mapping, got null"),
    ("queues: [spot]\n", 1, 9, "'queues' must be a mapping, got a list"),
    ("rules:\n  SPOT001: null\n", 2, 12, "expected off, a severity, or a mapping of settings, got null"),
    ("rules:\n  SPOT001:\n", 2, 3, "expected off, a severity, or a mapping of settings, got null"),
    ("rules:\n  SPOT001: 0\n", 2, 12, "expected off, a severity, or a mapping of settings, got 0"),
    ("rules:\n  SPOT001: loud\n", 2, 12, "'loud' is not off, on or a severity (error, warning, info)"),
    ("rules:\n  SPOT001: {severity: null}\n", 2, 23, "null is not a severity (error, warning, info)"),
    ("rules:\n  SPOT001: {severity: true}\n", 2, 23, "true is not a severity (error, warning, info)"),
    ("rules:\n  SPOT001: {enabled: null}\n", 2, 22, "SPOT001 enabled: expected true or false, got null"),
    ("rules:\n  SPOT001: {max_runs: true}\n", 2, 23, "SPOT001 max_runs: expected an integer, got true"),
    ("rules:\n  SPOT002: {long_task: null}\n", 2, 24, "SPOT002 long_task: expected a duration like '4h', got null"),
    ("launcher: true\n", 1, 11, "launcher must be 'awsbatch' or null, got true"),
    ("launcher_sets_queue: null\n", 1, 22, "launcher_sets_queue: expected true or false, got null"),
    ("queues:\n  unknown: null\n", 2, 12, "queues.unknown must be 'spot' or 'on-demand', got null"),
    ("queues:\n  spot: null\n", 2, 9, "queues.spot must be a glob pattern or a list of them, got null"),
])
def test_null_and_wrong_types_are_refused_in_yaml_words(tmp_path: Path, text: str, line: int, column: int,
                                                        message: str) -> None:
    error = load_error(tmp_path, text)
    assert (error.line, error.column, error.message) == (line, column, message)


@pytest.mark.parametrize("word, enabled, severity", [
    ("OFF", False, Severity.WARNING), ("Off", False, Severity.WARNING), ("ON", True, Severity.WARNING),
    ("Warning", True, Severity.WARNING), ("ERROR", True, Severity.ERROR), ("iNfO", True, Severity.INFO),
    ("{severity: ERROR}", True, Severity.ERROR), ("{severity: Info}", True, Severity.INFO),
])
def test_severity_words_are_taken_in_any_case(tmp_path: Path, word: str, enabled: bool, severity: Severity) -> None:
    path = tmp_path / "lint.yaml"
    path.write_text(f"rules:\n  SPOT002: {word}\n", encoding="utf-8")
    config = load_settings(str(path)).rule_config("SPOT002")
    assert (config.enabled, config.severity) == (enabled, severity)


@pytest.mark.parametrize("word, shown", [("WARNING", True), ("Info", True), ("ERROR", False)])
def test_min_severity_is_taken_in_any_case(tmp_path: Path, word: str, shown: bool) -> None:
    config = tmp_path / "nextflow.config"
    config.write_text("process { withLabel: 'a' { withName: 'B' { cpus = 1 } } }\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--isolated", "-q", "--min-severity", word, str(config)])
    if shown:
        assert result.exit_code == 1, result.output
        assert result.output.startswith(f"{config}:1:28: CFG012 [warning] nested selector withName:B")
    else:
        assert (result.exit_code, result.output) == (0, "")
