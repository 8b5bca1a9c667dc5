"""`check` and suppression comments: a malformed one reported (SUP002), an unused one removed
by `--fix` (SUP001's safe fix), and `--add-noqa` writing them for the current findings."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from nflint_spot.cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_a_malformed_suppression_is_reported_not_ignored(tmp_path: Path) -> None:
    # Before: the finding stayed, the comment passed unseen, exit as if all were said.
    config = tmp_path / "nextflow.config"
    config.write_text("process {\n    withName = 'A' { queue = 'x' } // nflint-spot: ignore CFG011\n}\n",
                      encoding="utf-8")
    code, out = run("check", "--no-cache", "-q", "--select", "CFG011,SUP002", str(config))
    assert code == 1
    assert [line.split(" [")[0] for line in out.splitlines()] == [f"{config}:2:5: CFG011", f"{config}:2:36: SUP002"]
    assert out.splitlines()[1] == (f"{config}:2:36: SUP002 [warning] malformed suppression: this comment `ignore` without a bracketed list "
        "of codes silences nothing (there is no bare 'ignore all')")


def test_fix_removes_unused_suppressions_to_a_fixed_point(tmp_path: Path) -> None:
    config = tmp_path / "nextflow.config"
    config.write_text("process {\r\n"
                      "    withName = 'A' { queue = 'x' } // nflint-spot: ignore[SPOT002, CFG011, CFG013] legacy\r\n"
                      "    // NFLINT-SPOT: IGNORE[cfg012, invalid-unit]\r\n"
                      "    cpus = 2\t// nflint-spot: ignore[CFG013]\r\n"
                      "}\r\n", encoding="utf-8")
    code, out = run("check", "--no-cache", "--fix", str(config))
    assert "Fixed 4 problem(s)" in out
    assert code == 0 and "No problems found." in out
    assert config.read_bytes().decode("utf-8") == ("process {\r\n"
                                                  "    withName = 'A' { queue = 'x' } // nflint-spot: ignore[CFG011] legacy\r\n"
                                                  "    cpus = 2\r\n"
                                                  "}\r\n")
