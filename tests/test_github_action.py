"""action.yml, the composite GitHub Action, and its shell step scripts/github-action.sh, run here
in a fake Actions environment with this virtualenv's nflint-spot (the pip install is skipped)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import FIXTURES, REPO_ROOT
from nflint_spot.speed.switches import TRICKS

SCRIPT = REPO_ROOT / "scripts" / "github-action.sh"
VENV_BIN = Path(sys.executable).parent
CLEAN = "process {\n    executor = 'local'\n}\n"


def test_action_metadata() -> None:
    action = YAML(typ="safe").load((REPO_ROOT / "action.yml").read_text(encoding="utf-8"))
    inputs = action["inputs"]
    assert inputs["paths"]["default"] == "nextflow.config"
    assert inputs["args"]["default"] == ""
    assert inputs["python-version"]["default"] == "3.11"
    assert inputs["sarif-file"]["default"] == "" and inputs["sarif-file"]["required"] is False
    runs = action["runs"]
    assert runs["using"] == "composite"
    setup, lint = runs["steps"]
    assert setup["uses"].startswith("actions/setup-python@")
    assert setup["with"]["python-version"] == "${{ inputs.python-version }}"
    assert lint["shell"] == "bash" and lint["run"] == 'bash "$GITHUB_ACTION_PATH/scripts/github-action.sh"'
    # inputs reach the script through the environment, never spliced into shell code
    assert lint["env"] == {"NFLINT_SPOT_PATHS": "${{ inputs.paths }}", "NFLINT_SPOT_ARGS": "${{ inputs.args }}",
                           "NFLINT_SPOT_SARIF_FILE": "${{ inputs.sarif-file }}"}
    assert action["outputs"]["exit-code"]["value"] == "${{ steps.lint.outputs.exit-code }}"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    if shutil.which("bash") is None or shutil.which("nflint-spot", path=str(VENV_BIN)) is None:
        pytest.skip("needs bash and nflint-spot in this virtualenv")
    root = tmp_path / "workspace"
    (root / "conf").mkdir(parents=True)
    shutil.copy(FIXTURES / "output" / "nextflow.config", root / "nextflow.config")
    (root / "conf" / "extra.config").write_text("process {\n    withName = 'X' { cpus = 1 }\n}\n", encoding="utf-8")
    (root / "conf" / "clean.config").write_text(CLEAN, encoding="utf-8")
    return root


def run_action(workspace: Path, env: dict[str, str] | None = None,
               **inputs: str) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    summary = workspace.parent / "step_summary.md"
    output = workspace.parent / "github_output"
    summary.write_text("", encoding="utf-8")
    env = {
        **(env or {}),
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(workspace.parent),
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_ACTION_PATH": str(REPO_ROOT),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        "NFLINT_SPOT_SKIP_INSTALL": "1",
        # what action.yml passes for unset inputs
        "NFLINT_SPOT_PATHS": inputs.get("paths", "nextflow.config"),
        "NFLINT_SPOT_ARGS": inputs.get("args", ""),
        "NFLINT_SPOT_SARIF_FILE": inputs.get("sarif_file", ""),
    }
    result = subprocess.run(["bash", str(SCRIPT)], cwd=workspace, env=env, capture_output=True, text=True,
                            timeout=300)
    return result, summary, output


def test_findings_annotate_summarise_write_sarif_and_fail(workspace: Path) -> None:
    result, summary, output = run_action(workspace, paths="nextflow.config\nconf/*.config",
                                         args="--select CFG011,CFG012,CFG014", sarif_file="results.sarif")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines == [
        "::error file=conf/extra.config,line=2,col=5,endLine=2,endColumn=32,title=CFG011 selector-with-equals"
        "::`withName =` is not a selector: Nextflow ignores this block and every setting in it%0A"
        "help: Write `withName: ...` with a colon.",
        lines[1],
        lines[2],
        lines[3],
    ]
    assert lines[1].startswith("::error file=nextflow.config,line=9,col=5,endLine=9,endColumn=40,title=CFG011 ")
    assert lines[2].startswith("::warning file=nextflow.config,line=8,col=5,endLine=8,endColumn=19,title=CFG014 ")
    assert lines[3].startswith("::warning file=nextflow.config,line=10,col=26,endLine=10,endColumn=55,title=CFG012 ")
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("## nflint-spot\n\nFound 4 problems (2 errors, 2 warnings); 3 fixable with --fix.\n")
    assert "| conf/extra.config:2:5 | CFG011 `selector-with-equals` | error |" in written
    assert "| nextflow.config:10:25 | CFG012 `nested-selector` | warning |" in written
    log = json.loads((workspace / "results.sarif").read_text(encoding="utf-8"))
    run = log["runs"][0]
    assert run["invocations"] == [{"executionSuccessful": True, "exitCode": 0}]  # the SARIF run uses --exit-zero
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in run["results"]] == [
        ("CFG011", "conf/extra.config"), ("CFG014", "nextflow.config"), ("CFG011", "nextflow.config"),
        ("CFG012", "nextflow.config")]
    assert output.read_text(encoding="utf-8") == "exit-code=1\n"


def test_clean_config_passes_without_annotations(workspace: Path) -> None:
    result, summary, output = run_action(workspace, paths="conf/clean.config")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert summary.read_text(encoding="utf-8") == "## nflint-spot\n\nNo problems found.\n\n"
    assert output.read_text(encoding="utf-8") == "exit-code=0\n"
    assert not (workspace / "results.sarif").exists()


def test_usage_error_exit_code_survives_the_sarif_run(workspace: Path) -> None:
    result, summary, output = run_action(workspace, paths="missing.config", sarif_file="results.sarif")
    assert result.returncode == 2
    assert "missing.config" in result.stderr
    assert summary.read_text(encoding="utf-8") == ""
    assert output.read_text(encoding="utf-8") == "exit-code=2\n"


@pytest.mark.parametrize("paths, args, annotation", [
    pytest.param("conf/latin1.config", "", "::error file=conf/latin1.config,line=2,col=6,title=nflint-spot usage error"
                 "::invalid UTF-8 (byte 0xe9); configs must be UTF-8", id="file-line-col"),
    pytest.param("missing.config", "", "::error file=missing.config,title=nflint-spot usage error::no such file",
                 id="file"),
    pytest.param("nextflow.config", "--select NOPE", "::error title=nflint-spot usage error::unknown rule 'NOPE' in "
                 "--select (see `nflint-spot rules`)", id="no-file"),
    pytest.param("nextflow.config", "--qqqq", "::error title=nflint-spot usage error::No such option '--qqqq'.",
                 id="click-option"),
])
def test_usage_error_is_annotated_and_leaves_no_sarif_file(workspace: Path, paths: str, args: str,
                                                          annotation: str) -> None:
    # A usage error used to show only in the log, and the SARIF redirection left an empty
    # results.sarif behind, which upload-sarif then rejected.
    (workspace / "conf" / "latin1.config").write_bytes(b"process.cpus = 1\nx = '\xe9'\n")
    before = sorted(p.name for p in workspace.iterdir())
    result, _, output = run_action(workspace, paths=paths, args=args, sarif_file="results.sarif")
    assert result.returncode == 2
    assert result.stdout.splitlines() == [
        annotation,
        "::warning title=nflint-spot::no SARIF report written to results.sarif: nflint-spot exited 2"]
    assert sorted(p.name for p in workspace.iterdir()) == before  # no report, no partial one
    assert output.read_text(encoding="utf-8") == "exit-code=2\n"


def test_sarif_report_is_written_whole_and_readable(workspace: Path) -> None:
    result, _, _ = run_action(workspace, paths="conf/clean.config", sarif_file="results.sarif")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in workspace.iterdir() if "sarif" in p.name] == ["results.sarif"]
    report = workspace / "results.sarif"
    assert report.stat().st_mode & 0o777 == 0o644
    assert json.loads(report.read_text(encoding="utf-8"))["runs"][0]["results"] == []


def test_exit_zero_in_args_keeps_the_step_green(workspace: Path) -> None:
    result, _, _ = run_action(workspace, args="--exit-zero --select CFG011")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("::error file=nextflow.config,line=9,")


def test_a_run_that_writes_no_sarif_leaves_no_previous_report(workspace: Path) -> None:
    # A previous run's report stayed, and upload-sarif (`hashFiles(...) != ''`) uploaded it
    # as this run's.
    (workspace / "results.sarif").write_text('{"version": "2.1.0", "runs": []}', encoding="utf-8")
    result, _, _ = run_action(workspace, paths="missing.config", sarif_file="results.sarif")
    assert result.returncode == 2
    assert not (workspace / "results.sarif").exists()
    assert [p.name for p in workspace.iterdir() if "sarif" in p.name] == []


def test_a_usage_error_is_printed_once(workspace: Path) -> None:
    # The SARIF run failed the same way and printed the same error again.
    result, _, _ = run_action(workspace, paths="missing.config", sarif_file="results.sarif")
    assert result.stderr.splitlines() == ["nflint-spot: error: missing.config: no such file"]


def test_a_warning_of_both_runs_is_printed_once(workspace: Path) -> None:
    result, _, _ = run_action(workspace, paths="conf/clean.config", sarif_file="results.sarif",
                              env={"NFLINT_SPOT_SPEED_OFF": "nope"})
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "nflint-spot: warning: NFLINT_SPOT_SPEED_OFF names 'nope', which is no speed trick "
        f"(known: {', '.join(TRICKS)}, all)"]
    assert json.loads((workspace / "results.sarif").read_text(encoding="utf-8"))["runs"][0]["results"] == []
