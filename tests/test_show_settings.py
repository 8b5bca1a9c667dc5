"""`check --show-settings PATH`: the settings a lint of PATH uses, where each comes from
(default, a settings file's line and column, the command line), which settings file was
used or why none was; exit 0 and nothing linted."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from nflint_spot.cli.main import main

CONFIG = "process {\n    withName = 'ALIGN' { queue = 'od' }\n}\n"  # CFG011 at 2:5


def show_settings(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", "--show-settings", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output.splitlines()


def test_values_and_where_each_comes_from(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    settings = tmp_path / ".nflint-spot.yaml"
    settings.write_text("launcher_sets_queue: true\nrules:\n  SPOT001:\n    max_runs: 7\n  cfg011: off\n"
                        "queues:\n  spot: [batch-spot-*]\n", encoding="utf-8")
    config = tmp_path / "conf" / "nextflow.config"
    config.parent.mkdir()
    config.write_text(CONFIG, encoding="utf-8")
    code, lines = show_settings("--launcher", "awsbatch", "--extend-select", "SPOT004", "--ignore", "nested-selector",
                                str(config))
    assert code == 0
    assert lines[:2] == [f"Settings for {config}",
                         f"settings file: {settings} (the nearest, searching from {config.parent} up to the "
                         f"repository root {tmp_path})"]
    assert "launcher = awsbatch  # command line: --launcher" in lines
    assert f"launcher_sets_queue = true  # {settings}:1:22" in lines
    assert "nextflow_version = null  # default" in lines
    assert f"queues.spot = ['batch-spot-*']  # {settings}:7:9" in lines
    assert f"rules.SPOT001.max_runs = 7  # {settings}:4:15" in lines
    assert "rules.SPOT001.severity = warning  # default" in lines
    assert "rules.SPOT002.long_task = 4h  # default" in lines
    assert f"rules.CFG011.enabled = false  # {settings}:5:11" in lines
    assert "rules.CFG012.enabled = false  # command line: --ignore" in lines
    assert "rules.SPOT004.enabled = true  # command line: --extend-select" in lines
    assert "min_severity = info  # default" in lines
    assert not any("CFG011 [" in line for line in lines)  # nothing linted


def test_no_settings_file_and_why(tmp_path: Path) -> None:
    (tmp_path / ".git").write_text("gitdir: elsewhere\n", encoding="utf-8")
    foreign = tmp_path / "rules.yaml"
    foreign.write_text("rules:\n  - id: no-eval\n", encoding="utf-8")
    config = tmp_path / "nextflow.config"
    config.write_text(CONFIG, encoding="utf-8")
    code, lines = show_settings("--min-severity", "warning", "--nextflow-version", "24.04.0", str(tmp_path))
    assert code == 0
    assert lines[1:3] == [
        f"settings file: none (no .nflint-spot.yaml or rules.yaml of nflint-spot's from {tmp_path} up to the "
        f"repository root {tmp_path}); the bundled defaults",
        f"  skipped {foreign}: it has none of nflint-spot's keys"]
    assert "nextflow_version = 24.04.0  # command line: --nextflow-version" in lines
    assert "min_severity = warning  # command line: --min-severity" in lines
    assert "rules.CFG011.enabled = true  # default" in lines


def test_isolated_and_explicit_settings(tmp_path: Path) -> None:
    (tmp_path / ".nflint-spot.yaml").write_text("rules:\n  CFG011: off\n", encoding="utf-8")
    explicit = tmp_path / "lint.yaml"
    explicit.write_text("rules:\n  CFG011: info\n", encoding="utf-8")
    config = tmp_path / "nextflow.config"
    config.write_text(CONFIG, encoding="utf-8")
    code, lines = show_settings("--isolated", str(config))
    assert code == 0
    assert lines[1] == "settings file: none (--isolated: every settings file is ignored); the bundled defaults"
    assert "rules.CFG011.enabled = true  # default" in lines
    code, lines = show_settings("--settings", str(explicit), "--select", "SPOT", str(config))
    assert code == 0 and lines[1] == f"settings file: {explicit} (--settings)"
    assert f"rules.CFG011.severity = info  # {explicit}:2:11" in lines
    assert "rules.CFG011.enabled = false  # command line: --select" in lines


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "nextflow.config"
    config.write_text(CONFIG, encoding="utf-8")
    code, lines = show_settings(str(config), str(config))
    assert code == 2 and lines == ["nflint-spot: error: --show-settings shows the settings of one file: give one PATH"]
    code, lines = show_settings("--extend-select", "NOPE", str(config))
    assert code == 2 and "unknown rule 'NOPE' in --extend-select" in lines[0]
    code, lines = show_settings(str(tmp_path / "missing.config"))
    assert code == 2 and lines == [f"nflint-spot: error: {tmp_path / 'missing.config'}: no such file"]
    (tmp_path / ".nflint-spot.yaml").write_text("rules:\n  SPOT015: {long_share: 7}\n", encoding="utf-8")
    code, lines = show_settings(str(config))
    assert code == 2
    assert lines[0].startswith(f"nflint-spot: error: {tmp_path / '.nflint-spot.yaml'}:2:25: SPOT015 long_share")
