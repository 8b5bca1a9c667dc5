""".pre-commit-hooks.yaml: the hook pre-commit users reference by id `nflint-spot`."""

from __future__ import annotations

import re

import pytest
from ruamel.yaml import YAML

from conftest import REPO_ROOT


def load_hook() -> dict[str, object]:
    hooks = YAML(typ="safe").load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = hooks
    return hook


def test_hook_fields() -> None:
    hook = load_hook()
    assert hook["id"] == "nflint-spot"
    assert hook["language"] == "python"
    assert hook["entry"] == "nflint-spot check"
    assert hook["pass_filenames"] is True
    assert hook["files"] == r"(^|/)nextflow\.config$|\.config$"


@pytest.mark.parametrize(("path", "matches"), [
    ("nextflow.config", True),
    ("conf/base.config", True),
    ("pipelines/rnaseq/nextflow.config", True),
    ("main.nf", False),
    ("nextflow.config.bak", False),
    ("conf/base.config.md", False),
])
def test_files_pattern(path: str, matches: bool) -> None:
    # pre-commit applies `files` with re.search to paths relative to the repository root
    assert bool(re.search(str(load_hook()["files"]), path)) is matches
