"""rules.yaml: lookup, key-by-key overrides, and errors with line and column (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nflint_spot.cli import main
from nflint_spot.diagnostics import Severity
from nflint_spot.settings import SettingsError, load_settings


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
    write(tmp_path / "rules.yaml", "rules:\n  NOPE001: off\n")
    config = write(tmp_path / "nextflow.config", "process.cpus = 1\n")
    result = CliRunner().invoke(main, ["check", str(config)])
    assert result.exit_code == 2
    assert f"{tmp_path / 'rules.yaml'}:2:3: unknown rule 'NOPE001'" in result.output


def test_rule_keys_match_in_any_case(tmp_path: Path) -> None:
    # As --select: `cfg011` and `Selector-With-Equals` name CFG011, not nothing.
    for key in ("cfg011", "Selector-With-Equals"):
        path = write(tmp_path / "rules.yaml", f"rules:\n  {key}: off\n")
        assert load_settings(str(path)).rule_config("CFG011").enabled is False
