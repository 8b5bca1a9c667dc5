"""Which settings file applies: the walk up stops at the repository root, .nflint-spot.yaml
comes before rules.yaml, another tool's rules.yaml is skipped (with a note), `--isolated`
ignores them all, and the language server finds the same file as `check`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nflint_spot.cli.main import main
from nflint_spot.lsp.session import SettingsCache
from nflint_spot.lint.settings import load_settings
from nflint_spot.lint.settings_discovery import not_ours

# CFG011 selector-with-equals fires on line 2, column 5.
CONFIG = "process {\n    withName = 'ALIGN' { queue = 'od' }\n}\n"
SEMGREP_RULES = "rules:\n  - id: no-eval\n    pattern: eval(...)\n    severity: ERROR\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_another_tools_rules_yaml_above_is_skipped_with_a_note(tmp_path: Path) -> None:
    foreign = write(tmp_path / "rules.yaml", SEMGREP_RULES)
    config = write(tmp_path / "pipeline" / "nextflow.config", CONFIG)
    code, output = check(str(config))
    assert code == 1
    assert f"{config}:2:5: CFG011" in output
    assert f"note: skipped {foreign}: it has none of nflint-spot's keys" in output
    assert load_settings(near=str(config)).source == "<bundled>"


def test_a_rules_yaml_past_the_skipped_one_is_used(tmp_path: Path) -> None:
    ours = write(tmp_path / "rules.yaml", "rules:\n  CFG011: off\n")
    write(tmp_path / "pipeline" / "rules.yaml", SEMGREP_RULES)
    config = write(tmp_path / "pipeline" / "nextflow.config", CONFIG)
    settings = load_settings(near=str(config))
    assert settings.source == str(ours)
    assert settings.skipped == ((str(tmp_path / "pipeline" / "rules.yaml"), "has none of nflint-spot's keys"),)
    assert check(str(config))[0] == 0


@pytest.mark.parametrize("git", ["directory", "file"])  # a file: a worktree or a submodule
def test_the_search_stops_at_the_repository_root(tmp_path: Path, git: str) -> None:
    write(tmp_path / "rules.yaml", "rules:\n  CFG011: off\n")  # outside the repository
    repository = tmp_path / "repository"
    if git == "directory":
        (repository / ".git").mkdir(parents=True)
    else:
        write(repository / ".git", "gitdir: ../.git/worktrees/repository\n")
    config = write(repository / "conf" / "nextflow.config", CONFIG)
    assert load_settings(near=str(config)).source == "<bundled>"
    code, output = check(str(config))
    assert code == 1 and f"{config}:2:5: CFG011" in output


def test_the_repository_root_itself_is_searched(tmp_path: Path) -> None:
    (tmp_path / "repository" / ".git").mkdir(parents=True)
    at_root = write(tmp_path / "repository" / "rules.yaml", "rules:\n  CFG011: off\n")
    config = write(tmp_path / "repository" / "conf" / "nextflow.config", CONFIG)
    assert load_settings(near=str(config)).source == str(at_root)


def test_dot_file_comes_before_rules_yaml_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path / "rules.yaml", "rules:\n  CFG011: off\n")
    dot_file = write(tmp_path / ".nflint-spot.yaml", "rules:\n  CFG012: off\n")
    config = write(tmp_path / "nextflow.config", CONFIG)
    settings = load_settings(near=str(config))
    assert settings.source == str(dot_file)
    assert settings.rule_config("CFG011").enabled and not settings.rule_config("CFG012").enabled


@pytest.mark.parametrize("text", [
    "rules:\n  cfg011: off\n",
    "rules:\n  Selector-With-Equals: error\n  NOPE001: off\n",  # ours, with a mistake to report
    "queues:\n  spot: ['*spot*']\n",
    "launcher: awsbatch\n",
    "launcher_sets_queue: true\n",
    "nextflow_version: '24.10.0'\ncolour: red\n",
])
def test_a_rules_yaml_naming_nflint_spot_settings_is_ours(text: str) -> None:
    assert not_ours(text) is None


@pytest.mark.parametrize(("text", "reason"), [
    (SEMGREP_RULES, "has none of nflint-spot's keys"),
    ("rules:\n  no-console: off\n  semi: error\n", "has none of nflint-spot's keys"),
    ("groups:\n  - name: alerts\n", "has none of nflint-spot's keys"),
    ("queues:\n  default: {workers: 2}\n", "has none of nflint-spot's keys"),
    ("", "is not a mapping"),
    ("- a\n- b\n", "is not a mapping"),
    ("rules: [1, 2\n", "is not valid YAML"),
])
def test_a_rules_yaml_without_nflint_spot_settings_is_not_ours(text: str, reason: str) -> None:
    assert not_ours(text) == reason


def test_a_rules_yaml_of_ours_with_a_mistake_is_still_reported(tmp_path: Path) -> None:
    rules = write(tmp_path / "rules.yaml", "rules:\n  CFG011: off\n  NOPE001: off\n")
    config = write(tmp_path / "nextflow.config", CONFIG)
    code, output = check(str(config))
    assert code == 2 and f"{rules}:3:3: unknown rule 'NOPE001'" in output


def test_isolated_ignores_every_settings_file(tmp_path: Path) -> None:
    write(tmp_path / ".nflint-spot.yaml", "rules:\n  CFG011: off\n")
    config = write(tmp_path / "nextflow.config", CONFIG)
    assert check(str(config))[0] == 0
    code, output = check("--isolated", str(config))
    assert code == 1 and f"{config}:2:5: CFG011" in output


def test_isolated_ignores_a_broken_settings_file(tmp_path: Path) -> None:
    write(tmp_path / ".nflint-spot.yaml", "rules:\n  NOPE001: off\n")
    config = write(tmp_path / "nextflow.config", "process.cpus = 1\n")
    assert check(str(config))[0] == 2
    assert check("--isolated", str(config)) == (0, "No problems found.\n")
    result = CliRunner().invoke(main, ["show", "--isolated", str(config)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", ["check", "show"])
def test_isolated_with_settings_is_a_usage_error(tmp_path: Path, command: str) -> None:
    settings = write(tmp_path / "lint.yaml", "rules:\n  CFG011: off\n")
    config = write(tmp_path / "nextflow.config", CONFIG)
    result = CliRunner().invoke(main, [command, "--isolated", "--settings", str(settings), str(config)])
    assert result.exit_code == 2
    assert "--isolated ignores every settings file: it cannot be used with --settings" in result.output


def test_the_language_server_finds_the_settings_as_check_does(tmp_path: Path) -> None:
    write(tmp_path / "rules.yaml", "rules:\n  CFG011: off\n")  # outside the repository
    (tmp_path / "repository" / ".git").mkdir(parents=True)
    foreign = write(tmp_path / "repository" / "rules.yaml", SEMGREP_RULES)
    config = write(tmp_path / "repository" / "nextflow.config", CONFIG)
    cache = SettingsCache()
    settings = cache.get(None, str(config))
    assert not isinstance(settings, Exception), settings
    assert settings.source == "<bundled>" and settings.rule_config("CFG011").enabled
    assert settings.skipped == ((str(foreign), "has none of nflint-spot's keys"),)
    # The skipped file becomes nflint-spot's: read again (its size changed), and used.
    write(foreign, "rules:\n  CFG011: off\n  CFG012: error\n")
    settings = cache.get(None, str(config))
    assert not isinstance(settings, Exception), settings
    assert settings.source == str(foreign) and not settings.rule_config("CFG011").enabled
    dot_file = write(tmp_path / "repository" / ".nflint-spot.yaml", "launcher: awsbatch\n")
    settings = cache.get(None, str(config))
    assert not isinstance(settings, Exception), settings
    assert settings.source == str(dot_file)
