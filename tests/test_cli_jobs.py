"""`check --jobs N` lints in a process pool and prints exactly what `--jobs 1` prints, in the
same order, with the same exit code, and fails on an unreadable file or a bad rules.yaml
with the same message."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, NFLINT_SPOT_COMMAND, corpus_dir
from corpus_tree import manifest

from nflint_spot.cli.main import main

TIMEOUT = 300


@pytest.fixture(scope="module")
def many_configs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Every rule fixture (single files and scenario directories with their includes and
    pipelines) and one corpus repository laid out as upstream, so its includes resolve."""
    root = tmp_path_factory.mktemp("many")
    paths = []
    for folder in sorted((FIXTURES / "rules").iterdir()):
        shutil.copytree(folder, root / folder.name)
        for entry in sorted((root / folder.name).iterdir()):
            if entry.is_dir() and (entry / "nextflow.config").is_file():
                paths.append(str(entry / "nextflow.config"))
            elif entry.suffix == ".config" and not entry.name.endswith("fixed.config"):
                paths.append(str(entry))
    for row in manifest(corpus_dir()):
        if row.repo == "nf-core/sarek":
            target = root / "sarek" / row.original
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(row.flat, target)
            paths.append(str(target))
    return paths


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_two_jobs_print_what_one_job_prints(many_configs: list[str], output_format: str) -> None:
    assert len(many_configs) > 300
    one = run("check", "--jobs", "1", "--format", output_format, *many_configs)
    two = run("check", "--jobs", "2", "--format", output_format, *many_configs)
    assert one[0] == 1 and "CFG011" in one[1] and "SPOT" in one[1]
    assert two == one


def test_default_jobs_through_the_console_script(many_configs: list[str]) -> None:
    command = [*NFLINT_SPOT_COMMAND, "check", "--quiet"]
    one = subprocess.run([*command, "--jobs", "1", *many_configs], capture_output=True, text=True, timeout=TIMEOUT)
    default = subprocess.run([*command, *many_configs], capture_output=True, text=True, timeout=TIMEOUT)
    assert (default.returncode, default.stdout, default.stderr) == (one.returncode, one.stdout, one.stderr)
    assert one.returncode == 1 and one.stdout.count("\n") > 300


def test_an_unreadable_file_among_many_is_reported_as_with_one_job(many_configs: list[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.config"
    bad.write_bytes(b"process.cpus = 1\n\xff")
    files = [*many_configs[:40], str(bad), *many_configs[40:80], str(tmp_path / "missing.config")]
    one = run("check", "--jobs", "1", *files)
    two = run("check", "--jobs", "2", *files)
    assert one == two
    assert one == (2, f"nflint-spot: error: {bad}:2:1: invalid UTF-8 (byte 0xff); configs must be UTF-8\n")


def test_a_bad_rules_yaml_in_a_worker_exits_2_with_its_position(tmp_path: Path) -> None:
    files = []
    for index in range(6):
        folder = tmp_path / f"p{index}"
        folder.mkdir()
        (folder / "nextflow.config").write_text("process.queue = 'spot'\nprocess.time = '48h'\n", encoding="utf-8")
        files.append(str(folder / "nextflow.config"))
    (tmp_path / "p3" / "rules.yaml").write_text("rules:\n  SPOT002: loud\n", encoding="utf-8")
    one = run("check", "--jobs", "1", *files)
    two = run("check", "--jobs", "2", *files)
    assert one == two
    assert one[0] == 2 and one[1].startswith(f"nflint-spot: error: {tmp_path / 'p3' / 'rules.yaml'}:2:")


def test_unknown_profile_in_a_worker(many_configs: list[str]) -> None:
    one = run("check", "--jobs", "1", "--profile", "nope", *many_configs[:10])
    two = run("check", "--jobs", "2", "--profile", "nope", *many_configs[:10])
    assert one == two and one[0] == 2 and "unknown profile(s): nope" in one[1]


def test_jobs_must_be_positive(many_configs: list[str]) -> None:
    code, out = run("check", "--jobs", "0", many_configs[0])
    assert code == 2 and "--jobs" in out
