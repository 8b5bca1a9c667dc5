"""The wheel ships the grammar and the default rules.yaml and works from a fresh virtual
environment, loading them from the installed package (never from the source tree)."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import REPO_ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO_ROOT)],
                   check=True, capture_output=True)
    [built] = out.glob("nflint_spot-*.whl")
    return built


def test_wheel_contains_grammar_and_rules_yaml(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "nflint_spot/grammar/nextflow_config.lark" in names
    assert "nflint_spot/rules.yaml" in names
    assert not any(name.startswith(("tests/", "grammar/")) for name in names)


def test_wheel_installs_and_runs_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    cli = env_dir / "bin" / "nflint-spot"
    version = subprocess.run([str(cli), "--version"], check=True, capture_output=True, text=True, cwd=tmp_path)
    assert "nflint-spot, version" in version.stdout
    config = tmp_path / "nextflow.config"
    config.write_text("process {\n    withName = 'ALIGN' { queue = 'od' }\n}\n", encoding="utf-8")
    result = subprocess.run([str(cli), "check", str(config)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "nextflow.config:2:5: CFG011" in result.stdout  # relative to the working directory
    # the package in the venv is the one that ran, not the source tree
    where = subprocess.run([str(python), "-c", "import nflint_spot; print(nflint_spot.__file__)"],
                           check=True, capture_output=True, text=True, cwd=tmp_path)
    assert str(env_dir) in where.stdout
