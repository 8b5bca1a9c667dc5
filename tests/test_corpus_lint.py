"""Every corpus file lints (parse, includes, model, every rule) without an internal error,
each file its own test; rules run strict, so a crashing rule fails here with its traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import corpus_dir
from corpus_tree import manifest, materialize

from nflint_spot.cli.main import main
from nflint_spot.lint.linter import INTERNAL_ERROR_CODE, lint_file
from nflint_spot.lint.settings import load_settings

CORPUS = corpus_dir()
ROWS = manifest(CORPUS) if (CORPUS / "MANIFEST.csv").exists() else []


@pytest.fixture(scope="session")
def corpus_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not ROWS:
        pytest.fail(f"shared corpus not found at {CORPUS} (set NFLINT_CORPUS)")
    root = tmp_path_factory.mktemp("corpus")
    materialize(CORPUS, root)
    return root


@pytest.fixture(scope="session")
def settings():
    return load_settings()


def test_manifest_lists_the_whole_corpus() -> None:
    assert len(ROWS) >= 1431


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.repo}/{r.original}" for r in ROWS])
def test_corpus_file_lints_without_internal_errors(row, corpus_tree: Path, settings) -> None:
    path = corpus_tree / row.repo.replace("/", "__") / row.original
    result = lint_file(str(path), settings, strict=True)
    assert not [d for d in result.diagnostics if d.code == INTERNAL_ERROR_CODE]
    assert not [d for d in result.diagnostics if d.code == "SYN001"], "the corpus parses completely"


def test_show_sarek_base_config(corpus_tree: Path) -> None:
    config = corpus_tree / "nf-core__sarek" / "nextflow.config"
    result = CliRunner().invoke(main, ["show", str(config), "--format", "json"])
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.output)
    scopes = {p["name"]: p for p in data["processes"]}
    high = scopes["withLabel:process_high"]
    # sarek's own base config: process_high gets 32.h * task.attempt
    assert high["time"]["attempts"][:2] == ["1d 8h", "2d 16h"]
    assert high["time"]["source"] == f"{config.parent / 'conf' / 'base.config'}:56"  # outside the working directory: absolute
    assert high["errorStrategy"]["byExitStatus"]["143"] == "retry"
    assert high["errorStrategy"]["byExitStatus"]["missing"] == "finish"
