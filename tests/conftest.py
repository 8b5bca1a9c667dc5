"""Shared test set-up. Tests import the installed package (README's test command installs
it), never the source tree: there is no conftest at the repository root on purpose."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_tree import corpus_dir  # noqa: F401  (the tests import it from here)

REPO_ROOT = Path(__file__).resolve().parent.parent
# The installed console script: `python -m nflint_spot` would import the source tree when
# run from the repository root, and tests must exercise the installed package.
NFLINT_SPOT_COMMAND = [str(Path(sys.executable).parent / "nflint-spot")]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    """The run's start-up cache (cache.py: parser tables, compiled regexes and dataclass
    code) in a directory of its own, for this process and every command it starts, from
    before the test modules are imported until after the caches are saved at exit: tests
    compile patterns and classes a `check` never uses, which would otherwise pile up in the
    user's ~/.cache/nflint-spot and be loaded by every later start."""
    directory = tempfile.mkdtemp(prefix="nflint-spot-test-cache-")
    os.environ["XDG_CACHE_HOME"] = directory
    # Registered before the package's own exit handlers, so it runs after them (last in, first out).
    atexit.register(shutil.rmtree, directory, True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        default=False,
        help="rewrite the snapshot files (grammar dumps, rule reports) instead of comparing against them",
    )


@pytest.fixture
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-snapshots"))


@pytest.fixture(autouse=True)
def _lint_for_real(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test's `check` lints: an entry stored by an earlier test or run (in the user's
    cache) would otherwise answer, and a monkeypatched rule or a changed fixture read
    through a stale entry proves nothing. tests/test_result_cache.py tests the cache itself."""
    if request.module.__name__ != "test_result_cache":
        monkeypatch.setenv("NFLINT_SPOT_NO_CACHE", "1")


@pytest.fixture(autouse=True)
def _nothing_carried(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Findings carried across lints (carried.py) stay within a test: a language-server test
    turns carrying on for the process, and a later test monkeypatching a rule must not be
    answered by findings an earlier test stored for the same config."""
    from nflint_spot.speed import carried

    monkeypatch.setattr(carried, "enabled", False)
    carried.clear()
    yield
    carried.clear()


def run_cli(*args: str) -> tuple[int, str]:
    """`nflint-spot ARGS` in this process: its exit code and output. Any exception but the
    command's own exit fails the test (a traceback is never an answer)."""
    from click.testing import CliRunner

    from nflint_spot.cli.main import main

    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output
