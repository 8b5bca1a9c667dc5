"""The lint-result cache (result_cache.py): a hit prints exactly what linting prints, and
anything the lint depended on invalidates it.

How a test knows a run was a hit: it "poisons" the stored entries (every message gets a
marker no lint produces), so output with the marker came from the cache and output without
it from a fresh lint. Every invalidation test first shows the poisoned entry IS used, then
changes one thing and shows it is not, and that the output is the fresh lint's.
"""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nflint_spot.speed import cache
from nflint_spot.speed import result_cache
from nflint_spot.cli.main import main

MARK = " <<from the cache>>"
FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")
PACKAGE = Path(result_cache.__file__).resolve().parent.parent  # nflint_spot/

ROOT_CONFIG = """\
includeConfig 'conf/base.config'
includeConfig 'conf/optional.config'
process {
    withName = 'ALIGN' { queue = 'od' }  // ünïcode 𝄞 so SARIF counts UTF-16 columns
}
profiles {
    aws { process { withName = 'B' { queue = 'y' } } }
    test { process.cpus = 2 }
}
"""
BASE_CONFIG = "process {\n    withLabel: 'a' { withName: 'B' { cpus = 1 } }\n}\n"


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own cache directory, and runs from its own working directory."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(result_cache.DISABLE_VARIABLE, raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return tmp_path / "xdg" / "nflint-spot"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "work" / "project"
    (root / "conf").mkdir(parents=True)
    (root / "nextflow.config").write_text(ROOT_CONFIG, encoding="utf-8")
    (root / "conf" / "base.config").write_text(BASE_CONFIG, encoding="utf-8")
    return root


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob(f"{result_cache.NAME}-*.marshal"))


def poison(directory: Path) -> int:
    """Mark every stored message; returns how many entries were changed."""
    changed = 0
    for path in entries(directory):
        key, (facts, rows, _, notes) = marshal.loads(path.read_bytes())
        rows = [(*row[:5], row[5] + MARK, *row[6:]) for row in rows]
        path.write_bytes(marshal.dumps((key, (facts, rows, {}, notes))))
        changed += 1
    return changed


def primed(directory: Path, *args: str) -> tuple[int, str]:
    """Lint once (storing), poison, and show the next run is served from the cache.
    Returns the fresh lint's exit code and output."""
    fresh = run(*args)
    assert "problem" in fresh[1] or "No problems" in fresh[1] or fresh[1]
    assert poison(directory) >= 1
    code, out = run(*args)
    assert MARK in out and code == fresh[0], "the poisoned entry should have been used"
    return fresh


def assert_fresh(args: tuple[str, ...], expected: tuple[int, str] | None = None) -> None:
    code, out = run(*args)
    assert MARK not in out
    assert (code, out) == run("--no-cache", *args)
    if expected is not None:
        assert (code, out) != expected


# ---------------------------------------------------------------- hits


@pytest.mark.parametrize("output_format", FORMATS)
def test_a_hit_prints_byte_for_byte_what_linting_prints(project: Path, private_cache: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          output_format: str) -> None:
    args = ("--format", output_format, str(project / "nextflow.config"),
            str(project / "conf" / "base.config"))
    fresh = run("--no-cache", *args)
    quiet = run("--no-cache", "--exit-zero", "--quiet", *args)
    assert not entries(private_cache)  # --no-cache stores nothing
    assert fresh[0] == 1 and "CFG011" in fresh[1]
    assert run(*args) == fresh  # a miss: lints and stores
    assert len(entries(private_cache)) == 2  # one entry per linted file

    def no_lint(*_: object, **__: object) -> None:
        raise AssertionError("a hit must not lint")

    monkeypatch.setattr("nflint_spot.cli.batch.lint_paths", no_lint)
    assert run(*args) == fresh  # a hit
    assert run(*args) == fresh  # a hit again (one file: the stored report)
    assert run("--exit-zero", "--quiet", *args) == quiet


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("options", [(), ("--quiet",), ("--statistics",), ("--exit-zero",)])
def test_one_file_reports_stored_and_served(project: Path, monkeypatch: pytest.MonkeyPatch, output_format: str,
                                            options: tuple[str, ...]) -> None:
    config = str(project / "nextflow.config")
    args = ("--format", output_format, *options, config)
    fresh = run("--no-cache", *args)
    # A miss stores the diagnostics with the report it printed (another look than `args`).
    run("--format", "junit", "--exit-zero", "--quiet", config)
    monkeypatch.setattr("nflint_spot.cli.batch.lint_paths", None)  # a hit must not lint
    assert run(*args) == fresh  # rendered from the stored diagnostics, and the report kept
    monkeypatch.setattr("nflint_spot.speed.result_cache.decode", None)  # the kept report needs no diagnostics
    assert run(*args) == fresh


def test_a_miss_stores_its_report(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("--format", "sarif", str(project / "nextflow.config"))
    fresh = run(*args)
    monkeypatch.setattr("nflint_spot.cli.batch.lint_paths", None)
    monkeypatch.setattr("nflint_spot.speed.result_cache.decode", None)
    assert run(*args) == fresh


def test_the_github_job_summary_is_written_on_a_hit(project: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    args = ("--format", "github", str(project / "nextflow.config"))
    fresh = run("--no-cache", *args)
    written = summary.read_text(encoding="utf-8")
    assert "CFG011" in written
    for _ in range(3):
        assert run(*args) == fresh
    assert summary.read_text(encoding="utf-8") == written * 4


def test_files_linted_in_worker_processes_are_stored(project: Path, private_cache: Path) -> None:
    args = ("--jobs", "2", str(project / "nextflow.config"), str(project / "conf" / "base.config"))
    fresh = run("--no-cache", *args)
    assert run(*args) == fresh  # linted in a pool of two: the workers took the facts
    assert poison(private_cache) == 2
    code, out = run(*args)
    assert code == fresh[0] and out.count(MARK) == fresh[1].count("[error]") + fresh[1].count("[warning]")
    # base.config is linted on its own and read by the root config's lint: both entries go
    (project / "conf" / "base.config").write_text("process.cpus = 1\n", encoding="utf-8")
    code, out = run(*args)
    assert MARK not in out
    assert (code, out) == run("--no-cache", *args)


def test_statistics_and_exit_code_from_a_hit(project: Path, private_cache: Path) -> None:
    config = str(project / "nextflow.config")
    for args in (("--statistics", config), ("--min-severity", "error", config), ("--exit-zero", config)):
        fresh = run("--no-cache", *args)
        run(*args)
        assert run(*args) == fresh


def test_a_hit_imports_no_part_of_the_linter(project: Path, tmp_path: Path) -> None:
    probe = """
import sys
from nflint_spot.cli.main import main
try:
    main.main(["check", "--exit-zero", sys.argv[1]])
except SystemExit:
    pass
print("MODULES", " ".join(sorted(sys.modules)))
"""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    outputs, imported = [], []
    for _ in range(3):  # a miss, a hit rendering the stored diagnostics, a hit printing the stored report
        result = subprocess.run([sys.executable, "-c", probe, str(project / "nextflow.config")],
                                capture_output=True, text=True, env=env, check=True)
        output, _, modules = result.stdout.rpartition("MODULES ")
        outputs.append(output)
        imported.append(set(modules.split()))
    assert outputs[0] == outputs[1] == outputs[2] and "CFG011" in outputs[2]
    linter_modules = {"nflint_spot.lint.linter", "nflint_spot.syntax.parser", "nflint_spot.config.loader", "nflint_spot.rules",
                      "nflint_spot.analysis.scenarios", "nflint_spot.lint.settings", "nflint_spot.config.model"}
    assert linter_modules <= imported[0]
    assert linter_modules & imported[1] == set()
    assert (linter_modules | {"nflint_spot.diagnostics", "nflint_spot.output.formats"}) & imported[2] == set()


# ---------------------------------------------------------------- invalidation


def test_editing_the_root_file_same_size(project: Path, private_cache: Path) -> None:
    args = (str(project / "nextflow.config"),)
    fresh = primed(private_cache, *args)
    config = project / "nextflow.config"
    stat_before = config.stat()
    config.write_text(ROOT_CONFIG.replace("'od'", "'oe'"), encoding="utf-8")
    os.utime(config, ns=(stat_before.st_atime_ns, stat_before.st_mtime_ns))  # even with the old mtime
    assert config.stat().st_size == stat_before.st_size
    assert_fresh(args, fresh)


def test_editing_an_include(project: Path, private_cache: Path) -> None:
    args = (str(project / "nextflow.config"),)
    fresh = primed(private_cache, *args)
    (project / "conf" / "base.config").write_text("process.cpus = 1\n", encoding="utf-8")
    assert_fresh(args, fresh)


def test_a_missing_include_appearing(project: Path, private_cache: Path) -> None:
    args = (str(project / "nextflow.config"),)
    fresh = primed(private_cache, *args)
    (project / "conf" / "optional.config").write_text("process { withName = 'C' { cpus = 3 } }\n",
                                                      encoding="utf-8")
    assert_fresh(args, fresh)


def test_a_new_script_in_the_pipeline(project: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The scripts were written just now: let the test's own files count as settled.
    monkeypatch.setattr(result_cache, "FRESH_SECONDS", 0.0)
    (project / "nextflow.config").write_text(
        "process {\n    executor = 'awsbatch'\n    queue = 'spot-queue'\n"
        "    withLabel: 'process_high' { time = 16.h }\n}\n", encoding="utf-8")
    # The run calls ALIGN from a module that does not exist yet (CFG004), then does.
    workflow = "include { ALIGN } from './modules/align/main'\nworkflow { FASTQC(); ALIGN() }\n"
    (project / "main.nf").write_text("process FASTQC {\n    label 'process_low'\n    script:\n    'x'\n}\n"
                                     + workflow, encoding="utf-8")
    (project / "modules" / "align").mkdir(parents=True)
    args = (str(project / "nextflow.config"),)
    fresh = primed(private_cache, *args)
    (project / "modules" / "align" / "main.nf").write_text(
        "process ALIGN {\n    label 'process_high'\n    script:\n    'bwa'\n}\n", encoding="utf-8")
    assert_fresh(args, fresh)
    # and an edit of a script already there
    fresh = primed(private_cache, *args)
    (project / "main.nf").write_text("process FASTQC {\n    label 'process_high'\n    script:\n    'x'\n}\n"
                                     + workflow, encoding="utf-8")
    assert_fresh(args, fresh)


def test_a_script_changed_seconds_ago_is_not_stored(project: Path, private_cache: Path) -> None:
    (project / "main.nf").write_text("process A {\n    script:\n    'x'\n}\n", encoding="utf-8")
    args = (str(project / "nextflow.config"),)
    run(*args)
    assert not entries(private_cache)  # its timestamp could hide a second change


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_an_include_cycle_through_a_link_that_is_retargeted(tmp_path: Path, private_cache: Path) -> None:
    """The include closing the cycle is never read: only where the link points tells."""
    root = tmp_path / "work" / "linked"
    root.mkdir()
    (root / "nextflow.config").write_text("includeConfig 'link.config'\nprocess.cpus = 1\n", encoding="utf-8")
    (root / "other.config").write_text("process { withName = 'X' { cpus = 2 } }\n", encoding="utf-8")
    os.symlink("nextflow.config", root / "link.config")
    args = (str(root / "nextflow.config"),)
    fresh = primed(private_cache, *args)
    assert "CFG002" in fresh[1]  # include cycle
    os.unlink(root / "link.config")
    os.symlink("other.config", root / "link.config")
    assert_fresh(args, fresh)
    assert "CFG011" in run(*args)[1]


def test_rules_yaml_change_and_a_nearer_one(project: Path, private_cache: Path, tmp_path: Path) -> None:
    args = (str(project / "nextflow.config"),)
    outer = tmp_path / "work" / "rules.yaml"
    outer.write_text("rules:\n  CFG012: info\n", encoding="utf-8")
    fresh = primed(private_cache, *args)
    outer.write_text("rules:\n  CFG012: error\n", encoding="utf-8")
    assert_fresh(args, fresh)
    fresh = primed(private_cache, *args)
    (project / ".nflint-spot.yaml").write_text("rules:\n  CFG011: off\n", encoding="utf-8")
    assert_fresh(args, fresh)


def test_a_skipped_rules_yaml_that_becomes_nflint_spots(project: Path, private_cache: Path, tmp_path: Path) -> None:
    args = (str(project / "nextflow.config"),)
    foreign = tmp_path / "work" / "rules.yaml"
    foreign.write_text("rules:\n  - id: no-eval\n", encoding="utf-8")  # another tool's: skipped
    fresh = primed(private_cache, *args)
    assert f"note: skipped {foreign}" in fresh[1] and "CFG011" in fresh[1]
    foreign.write_text("rules:\n  CFG011: off\n", encoding="utf-8")
    assert_fresh(args, fresh)


def test_a_repository_root_between_the_file_and_its_settings(project: Path, private_cache: Path,
                                                             tmp_path: Path) -> None:
    args = (str(project / "nextflow.config"),)
    (tmp_path / "work" / "rules.yaml").write_text("rules:\n  CFG011: off\n", encoding="utf-8")
    fresh = primed(private_cache, *args)
    (project / ".git").mkdir()  # the search now stops at the project: its settings do not apply
    assert_fresh(args, fresh)
    assert "CFG011" in run(*args)[1]


def test_isolated_is_its_own_entry(project: Path, private_cache: Path, tmp_path: Path) -> None:
    (project / ".nflint-spot.yaml").write_text("rules:\n  CFG011: off\n", encoding="utf-8")
    args = (str(project / "nextflow.config"),)
    fresh = primed(private_cache, *args)
    code, out = run("--isolated", *args)
    assert MARK not in out and "CFG011" in out and "CFG011" not in fresh[1]


def test_explicit_settings_file_change(project: Path, private_cache: Path, tmp_path: Path) -> None:
    settings = tmp_path / "custom.yaml"
    settings.write_text("rules:\n  CFG012: info\n", encoding="utf-8")
    args = ("--settings", str(settings), str(project / "nextflow.config"))
    fresh = primed(private_cache, *args)
    settings.write_text("rules:\n  CFG012: off\n", encoding="utf-8")
    assert_fresh(args, fresh)


@pytest.mark.parametrize("changed", [("--profile", "aws"), ("--select", "CFG011"), ("--ignore", "CFG011"),
                                     ("--min-severity", "error"), ("--syntax", "v1"),
                                     ("--nextflow-version", "23.04.0")])
def test_an_option_that_changes_the_lint(project: Path, private_cache: Path, changed: tuple[str, str]) -> None:
    config = str(project / "nextflow.config")
    primed(private_cache, config)
    code, out = run(*changed, config)
    assert MARK not in out
    assert (code, out) == run("--no-cache", *changed, config)


def test_the_same_relative_path_from_another_directory(project: Path, private_cache: Path,
                                                        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(project)
    primed(private_cache, "nextflow.config")
    other = tmp_path / "other"
    shutil.copytree(project, other)
    (other / "conf" / "base.config").write_text("process.cpus = 1\n", encoding="utf-8")
    monkeypatch.chdir(other)
    assert_fresh(("nextflow.config",))


def test_a_change_to_the_package_source(project: Path, tmp_path: Path) -> None:
    """End to end on a copy of the installed package: an edited source file (as in an
    editable checkout) never reuses results stored by the code before the edit."""
    copy = tmp_path / "site"
    shutil.copytree(PACKAGE, copy / "nflint_spot", symlinks=False,
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg"), "PYTHONPATH": str(copy)}
    command = [sys.executable, "-c", "from nflint_spot.cli.main import main; main()", "check", "--exit-zero",
               str(project / "nextflow.config")]

    def lint() -> str:
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
        assert result.stderr == ""
        return result.stdout

    fresh = lint()
    assert "CFG011" in fresh
    assert poison(tmp_path / "xdg" / "nflint-spot") == 1
    assert MARK in lint()  # this copy of the code is the one whose results are stored
    rule = copy / "nflint_spot" / "rules" / "__init__.py"
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert lint() == fresh


def test_the_package_signature_covers_its_files(tmp_path: Path) -> None:
    tree = tmp_path / "pkg"
    shutil.copytree(PACKAGE, tree, ignore=shutil.ignore_patterns("__pycache__"))
    before = result_cache._tree_signature(str(tree), (".py", ".lark", ".yaml"))
    assert {name for name, _ in before} >= {os.path.join("cli", "main.py"), "rules.yaml", os.path.join("grammar", "nextflow_config.lark"),
                                            os.path.join("rules", "__init__.py")}
    (tree / "rules.yaml").write_text("rules: {}\n", encoding="utf-8")
    assert result_cache._tree_signature(str(tree), (".py", ".lark", ".yaml")) != before


# ---------------------------------------------------------------- robustness and switches


@pytest.mark.parametrize("damage", [b"", b"not marshal at all", marshal.dumps(("wrong key", 1)), "facts",
                                    "reports"])
def test_a_damaged_entry_is_a_miss(project: Path, private_cache: Path, damage: bytes | str) -> None:
    args = (str(project / "nextflow.config"),)
    fresh = run("--no-cache", *args)
    run(*args)
    [entry] = entries(private_cache)
    if damage == "facts":  # the right key with data of another shape
        key, _ = marshal.loads(entry.read_bytes())
        entry.write_bytes(marshal.dumps((key, ({"not": "facts"}, [("short row",)], {}, ()))))
    elif damage == "reports":
        key, (facts, rows, _, notes) = marshal.loads(entry.read_bytes())
        entry.write_bytes(marshal.dumps((key, (facts, rows, {("text", False, False, False, False): "no code"}, notes))))
    else:
        entry.write_bytes(damage)
    assert run(*args) == fresh
    assert run(*args) == fresh  # stored again, and served


def test_no_cache_option_and_variable(project: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = (str(project / "nextflow.config"),)
    fresh = primed(private_cache, *args)
    assert run("--no-cache", *args) == fresh
    monkeypatch.setenv(result_cache.DISABLE_VARIABLE, "1")
    assert run(*args) == fresh
    monkeypatch.setenv(result_cache.DISABLE_VARIABLE, "0")
    assert MARK in run(*args)[1]


def test_fix_and_diff_always_lint(project: Path, private_cache: Path) -> None:
    config = project / "nextflow.config"
    primed(private_cache, str(config))
    code, out = run("--diff", str(config))
    assert MARK not in out and "withName:" in out
    run("--fix", str(config))
    assert "withName: 'ALIGN'" in config.read_text(encoding="utf-8")
    assert_fresh((str(config),))


def test_errors_are_not_stored(project: Path, private_cache: Path) -> None:
    code, _ = run("--profile", "nope", str(project / "nextflow.config"))
    assert code == 2
    assert not entries(private_cache)


@pytest.mark.parametrize("limit", ["MAX_ENTRIES", "MAX_BYTES"])
def test_old_entries_are_evicted(project: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch,
                                 limit: str) -> None:
    for index in range(7):
        path = project / f"c{index}.config"
        path.write_text(f"process.cpus = {index + 1}\n", encoding="utf-8")
        if index == 6:  # the limit: four entries, or four entries' bytes
            size = max(p.stat().st_size for p in entries(private_cache))
            monkeypatch.setattr(result_cache, limit, 4 if limit == "MAX_ENTRIES" else 4 * size)
        monkeypatch.setattr(result_cache, "_evicted", False)  # each CliRunner run is a new process
        run(str(path))
    assert 2 <= len(entries(private_cache)) <= 4  # the newest kept
    lint_options = (None, False, (), (), (), None, None, None, None, "info", (), "()", None)  # cli.check's
    assert cache.load(result_cache.NAME, result_cache.entry_key(str(project / "c6.config"), lint_options))


def test_the_pipeline_walk_mirrors_pipeline_py(tmp_path: Path) -> None:
    from nflint_spot.config import pipeline

    assert result_cache.SKIPPED_DIRS == pipeline._SKIPPED_DIRS
    root = tmp_path / "pipe"
    for relative in ("main.nf", "modules/a/main.nf", "modules/a/notes.txt", ".hidden/x.nf", "work/ab/c.nf",
                     "results/r.nf", "node_modules/n.nf", "subworkflows/s/main.nf"):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text("process A {\n}\n", encoding="utf-8")
    mirrored = {os.path.join(current, name) for current, _, scripts in result_cache.script_tree(str(root))
                for name, _ in scripts}
    assert mirrored == {str(p) for p in pipeline._script_files(root)}
    assert len(mirrored) == 3
    # and the two probes that decide whether a config's directory is a pipeline
    (tmp_path / "bare").mkdir()
    (tmp_path / "with_modules" / "modules").mkdir(parents=True)
    (tmp_path / "main_nf_dir" / "main.nf").mkdir(parents=True)
    for directory in (root, tmp_path / "bare", tmp_path / "with_modules", tmp_path / "main_nf_dir"):
        config = str(directory / "nextflow.config")
        assert result_cache.pipeline_directory(config, None)[1] == pipeline.find_pipeline_dir(config)
