"""`check -` and `show -`: the config read from stdin, standing for `--stdin-filename` (messages,
rules.yaml, the pipeline, includes) or for `-` in the working directory; `--fix` prints the
fixed text, `--diff` the diff; what cannot mean one config from stdin is refused (exit 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from nflint_spot.cli.main import main

DOCS = "https://github.com/nflint-spot/nflint-spot/blob/main/docs/rules.md"
EQUALS = "process {\n    withName = 'ALIGN' { cpus = 1 }\n}\n"
TWO_FIXES = "process {\n    withName = 'A' { cpus = 1 }\n    maxRetries = 0\n    errorStrategy = 'retry'\n}\n"


def run(stdin: str | bytes, *args: str) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def finding_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line and not line.startswith((" ", "Found", "No problems"))]


@pytest.fixture
def pipeline(tmp_path: Path) -> Path:
    """A pipeline tree: a script whose module is missing (CFG004 in main.nf), and an included
    config with a selector written with `=` (CFG011 in conf/base.config)."""
    (tmp_path / "main.nf").write_text("include { ALIGN } from './modules/align'\nworkflow { ALIGN() }\n",
                                      encoding="utf-8")
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "base.config").write_text(EQUALS, encoding="utf-8")
    return tmp_path


def test_stdin_without_a_filename_is_reported_as_dash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(EQUALS, "check", "-")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "-:2:5: CFG011 [error] `withName =` is not a selector: Nextflow ignores this block and every setting in it",
        "  |     withName = 'ALIGN' { cpus = 1 }",
        "  |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        "  = help: Write `withName: ...` with a colon.",
        "  = fix: Use `withName:`",
        f"  = docs: {DOCS}#cfg011",
        "Found 1 problem (1 error); 1 fixable with --fix.",
    ]


def test_stdin_filename_names_the_file_and_finds_the_pipeline_and_includes(
        pipeline: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))  # nothing is found from the working directory
    stdin_filename = str(pipeline / "nextflow.config")
    result = run("includeConfig 'conf/base.config'\nprocess { withName = 'B' { cpus = 2 } }\n",
                 "check", "-q", "--output-format", "json", "-", "--stdin-filename", stdin_filename)
    assert result.exit_code == 1
    found = [(d["path"], d["code"], d["span"]["line"], d["span"]["column"])
             for d in json.loads(result.stdout)["diagnostics"]]
    assert found == [
        ((pipeline / "conf" / "base.config").as_posix(), "CFG011", 2, 5),  # the include, from the file's directory
        ((pipeline / "main.nf").as_posix(), "CFG004", 1, 1),  # the pipeline's scripts, read from disk
        (Path(stdin_filename).as_posix(), "CFG011", 2, 11),  # the text from stdin, under its name
    ]


def test_stdin_without_a_filename_resolves_includes_from_the_working_directory(
        pipeline: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "includeConfig 'conf/base.config'\n"
    monkeypatch.chdir(pipeline)
    assert finding_lines(run(text, "check", "-").stdout) == [
        "main.nf:1:1: CFG004 [error] include from './modules/align' names no script: neither the file, nor with .nf "
        "added, nor a directory holding main.nf; Nextflow stops before running anything, and the processes it would "
        "define are not analysed",
        "conf/base.config:2:5: CFG011 [error] `withName =` is not a selector: Nextflow ignores this block and "
        "every setting in it",
    ]
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    assert finding_lines(run(text, "check", "-").stdout) == [
        "-:1:1: CFG001 [error] included file conf/base.config does not exist"]


def test_stdin_filename_finds_the_rules_yaml_of_its_directory(
        tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "rules.yaml").write_text("rules:\n  CFG011: off\n", encoding="utf-8")
    (tmp_path / "rules.yaml").write_text("rules:\n  CFG011: info\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the working directory's rules.yaml would make CFG011 an info
    assert finding_lines(run(EQUALS, "check", "-").stdout)[0].startswith("-:2:5: CFG011 [info]")
    # The file need not exist: the search starts at the directory it would be in.
    result = run(EQUALS, "check", "-", "--stdin-filename", str(project / "nextflow.config"))
    assert (result.exit_code, result.stdout) == (0, "No problems found.\n")


def test_fix_prints_the_fixed_text_and_reports_what_is_left_on_stderr(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nextflow.config").write_text(TWO_FIXES, encoding="utf-8")
    result = run(TWO_FIXES + "process.withName = 'C' { }\n", "check", "--fix", "-",
                 "--stdin-filename", "nextflow.config", "--select", "CFG011,CFG014")
    assert result.stdout == ("process {\n    withName: 'A' { cpus = 1 }\n    maxRetries = 1\n"
                             "    errorStrategy = 'retry'\n}\nprocess.withName = 'C' { }\n")
    assert result.exit_code == 1  # a selector assigned with a dotted name has no fix: still reported
    assert result.stderr.splitlines() == [
        "Fixed 2 problem(s) in nextflow.config.",
        "nextflow.config:6:1: CFG011 [error] `withName =` is not a selector: Nextflow ignores this block and every "
        "setting in it",
        "  | process.withName = 'C' { }",
        "  | ^^^^^^^^^^^^^^^^^^^^^^^^^^",
        "  = help: Write `withName: ...` with a colon.",
        f"  = docs: {DOCS}#cfg011",
        "Found 1 problem (1 error).",
    ]
    # Nothing on disk is written, not even the file at the --stdin-filename path.
    assert (tmp_path / "nextflow.config").read_text(encoding="utf-8") == TWO_FIXES


def test_fix_goes_to_the_same_fixed_point_as_for_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fix can make another finding fixable (a fallback queue added, then the errorStrategy
    of the reclaim it retries): the text from stdin gets every round, as a file does."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules.yaml").write_text("queues:\n  on_demand_queue: od-queue\n", encoding="utf-8")
    text = ("process {\n    executor = 'awsbatch'\n    queue = 'spot-q'\n    time = '8h'\n"
            "    errorStrategy = { task.exitStatus in [143,137] ? 'retry' : 'terminate' }\n    maxRetries = 2\n}\n"
            "aws.batch.maxSpotAttempts = 3\n")
    config = tmp_path / "nextflow.config"
    config.write_text(text, encoding="utf-8")
    from_stdin = run(text, "check", "--fix", "--unsafe-fixes", "-", "--stdin-filename", "nextflow.config")
    one_round = run(text, "check", "--diff", "--unsafe-fixes", "-", "--stdin-filename", "nextflow.config")
    from_file = run("", "check", "--fix", "--unsafe-fixes", "--no-cache", "nextflow.config")
    assert from_stdin.exit_code == from_file.exit_code == 0
    assert from_stdin.stdout == config.read_text(encoding="utf-8")
    assert "task.exitStatus == Integer.MAX_VALUE" in from_stdin.stdout  # the second round's fix
    assert "Integer.MAX_VALUE" not in one_round.stdout and "+    queue = { task.attempt > 1" in one_round.stdout
    assert "Fixed 3 problem(s) in nextflow.config." in from_stdin.stderr


def test_fix_of_a_clean_text_prints_it_unchanged() -> None:
    text = "params.reads = 'data/*.fastq.gz'\n"
    result = run(text, "check", "--fix", "-")
    assert (result.exit_code, result.stdout, result.stderr) == (0, text, "No problems found.\n")


def test_diff_prints_the_diff_under_the_stdin_filename() -> None:
    result = run(EQUALS, "check", "--diff", "-", "--stdin-filename", "pipeline/nextflow.config")
    assert result.exit_code == 1
    assert result.stdout == (
        "--- a/pipeline/nextflow.config\n+++ b/pipeline/nextflow.config\n@@ -1,3 +1,3 @@\n process {\n"
        "-    withName = 'ALIGN' { cpus = 1 }\n+    withName: 'ALIGN' { cpus = 1 }\n }\n")


@pytest.mark.parametrize("paths", [("-", "-"), ("-", "other.config"), ("other.config", "-")])
def test_dash_twice_or_with_other_paths_is_a_usage_error(paths: tuple[str, ...]) -> None:
    result = run(EQUALS, "check", *paths)
    assert result.exit_code == 2
    assert "`-` reads one config from stdin: give it alone, not twice or with other paths" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


@pytest.mark.parametrize("command", ["check", "show"])
def test_stdin_filename_without_dash_is_a_usage_error(tmp_path: Path, command: str) -> None:
    config = tmp_path / "nextflow.config"
    config.write_text(EQUALS, encoding="utf-8")
    result = run(EQUALS, command, str(config), "--stdin-filename", "x.config")
    assert result.exit_code == 2
    assert "--stdin-filename names the config read from stdin: give `-` as the path" in result.stderr
    assert result.stdout == ""


def test_stdin_filename_naming_a_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = run(EQUALS, "check", "-", "--stdin-filename", str(tmp_path))
    assert result.exit_code == 2 and "is a directory" in result.stderr and result.stdout == ""


def test_add_noqa_on_stdin_is_a_usage_error() -> None:
    """--add-noqa writes suppressions into the linted files: stdin has none to write."""
    result = run(EQUALS, "check", "-", "--add-noqa", "--stdin-filename", "nextflow.config")
    assert result.exit_code == 2
    assert "--add-noqa writes the files it lints: it cannot be used with stdin (-)" in result.stderr
    assert result.stdout == ""


def test_stdin_that_is_not_utf8_is_an_error_with_its_position() -> None:
    result = run(b"process {\n  cpus = '\xff'\n}\n", "check", "-", "--stdin-filename", "nextflow.config")
    assert result.exit_code == 2
    assert result.stderr == ("nflint-spot: error: nextflow.config:2:11: invalid UTF-8 (byte 0xff); "
                             "configs must be UTF-8\n")


def test_show_reads_the_config_from_stdin(tmp_path: Path) -> None:
    config = tmp_path / "nextflow.config"
    config.write_text("process {\n  executor = 'awsbatch'\n  queue = 'spot-q'\n"
                      "  withName: 'ALIGN' { time = '8h' }\n}\n", encoding="utf-8")
    from_file = run("", "show", "--output-format", "json", str(config))
    from_stdin = run(config.read_text(encoding="utf-8"), "show", "--output-format", "json", "-",
                     "--stdin-filename", str(config))
    assert from_file.exit_code == from_stdin.exit_code == 0
    assert json.loads(from_stdin.stdout) == json.loads(from_file.stdout)


def test_check_dash_in_a_real_process(tmp_path: Path) -> None:
    """What an editor or a shell pipe runs: the program reading its real stdin."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    result = subprocess.run([sys.executable, "-m", "nflint_spot", "check", "-q", "-", "--stdin-filename",
                             "conf/spot.config"], input=EQUALS.encode(), capture_output=True, env=env, cwd=tmp_path)
    assert (result.returncode, result.stdout.decode(), result.stderr.decode()) == (
        1, "conf/spot.config:2:5: CFG011 [error] `withName =` is not a selector: Nextflow ignores this block and "
           "every setting in it\n", "")
    fixed = subprocess.run([sys.executable, "-m", "nflint_spot", "check", "--fix", "-"], input=EQUALS.encode(),
                           capture_output=True, env=env, cwd=tmp_path)
    assert (fixed.returncode, fixed.stdout.decode()) == (0, EQUALS.replace("withName =", "withName:"))
