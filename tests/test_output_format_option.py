"""`--output-format` (ruff's name) and `--format` (its alias) on check, show and rules: either
one chooses the format, both with the same value are fine, different values are a usage error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli as run

CONFIG = ("process {\n    executor = 'awsbatch'\n    queue = 'spot-queue'\n    maxRetries = 0\n"
          "    errorStrategy = 'retry'\n}\n")


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "nextflow.config"
    path.write_text(CONFIG, encoding="utf-8")
    return path


@pytest.mark.parametrize("option", ["--output-format", "--format"])
def test_check_takes_output_format_or_its_alias(config: Path, option: str) -> None:
    code, out = run("check", "--no-cache", "--select", "CFG014", option, "json", str(config))
    assert code == 1
    [diagnostic] = json.loads(out)["diagnostics"]
    assert (diagnostic["code"], diagnostic["span"]["line"], diagnostic["span"]["column"]) == ("CFG014", 4, 5)


def test_check_with_both_names_agreeing_is_fine(config: Path) -> None:
    code, out = run("check", "--no-cache", "--select", "CFG014", "--output-format", "github", "--format", "github",
                    str(config))
    assert code == 1
    assert out.startswith(f"::warning file={config.as_posix()},line=4,col=5,endLine=4,endColumn=19,"
                          "title=CFG014 max-retries-zero::")


@pytest.mark.parametrize("command", [("check", "--no-cache"), ("show",)])
def test_both_names_disagreeing_is_a_usage_error(config: Path, command: tuple[str, ...]) -> None:
    code, out = run(*command, "--output-format", "json", "--format", "text", str(config))
    assert code == 2
    assert "--output-format json and --format text disagree" in out
    assert "Traceback" not in out


def test_rules_both_names_disagreeing_is_a_usage_error() -> None:
    code, out = run("rules", "--format", "json", "--output-format", "text")
    assert code == 2 and "--output-format text and --format json disagree" in out


def test_show_takes_output_format(config: Path) -> None:
    code, out = run("show", "--output-format", "json", str(config))
    assert code == 0
    assert isinstance(json.loads(out), dict)
    assert run("show", "--format", "json", str(config)) == (0, out)


def test_help_documents_both_names() -> None:
    for command in ("check", "show", "rules"):
        out = " ".join(run(command, "--help")[1].split())
        assert "--output-format [text|json" in out and "Output format (default: text)." in out
        assert "Alias of --output-format." in out
