"""The check command: selection, exit codes, output, and --fix that never loses anything."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from nflint_spot.lint import autofix
from nflint_spot.cli.main import main

EQUALS = "process {\n    withName = 'ALIGN' { queue = 'od' }\n    withLabel: 'a' { withName: 'B' { cpus = 1 } }\n}\n"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "nextflow.config"
    path.write_text(EQUALS, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_text_output_positions_and_summary(config: Path) -> None:
    code, out = run("check", str(config))
    assert code == 1
    assert f"{config}:2:5: CFG011 [error] `withName =` is not a selector" in out
    assert f"{config}:3:22: CFG012 [warning]" in out
    assert "  |     withName = 'ALIGN' { queue = 'od' }\n  |     ^^^^" in out
    assert out.rstrip().endswith("Found 2 problems (1 error, 1 warning); 1 fixable with --fix.")


@pytest.mark.parametrize("line, spanned, padding, underline", [
    # e + a combining acute accent (0 columns), a CJK character and an emoji (2 columns each)
    ("a = 'e\u0301漢😀'; withName = '字' {}", "withName = '字' {}", " " * 13, "^" * 18),
    ("\t漢\tq = 1", "q", "\t  \t", "^"),  # tabs kept: each reaches the same tab stop
    ("ｘ = １", "１", " " * 5, "^^"),  # fullwidth forms
])
def test_carets_are_placed_by_display_width(line: str, spanned: str, padding: str, underline: str) -> None:
    from nflint_spot.span import excerpt, span_at_offset

    text = f"{line}\n"
    span = span_at_offset(text, text.index(spanned), len(spanned))
    assert excerpt(text, span) == f"{line}\n{padding}{underline}"


def test_text_output_carets_under_wide_characters(tmp_path: Path) -> None:
    # The carets used to count characters: two columns short for each wide one before them.
    path = tmp_path / "wide.config"
    path.write_text("process.queue = '漢字😀' ; withName = 'x' {}\n", encoding="utf-8")
    code, out = run("check", str(path))
    assert code == 1
    assert (f"{path}:1:25: CFG011 [error] `withName =` is not a selector: Nextflow ignores this block and "
            "every setting in it\n"
            "  | process.queue = '漢字😀' ; withName = 'x' {}\n"
            f"  | {' ' * 27}{'^' * 17}\n") in out
    path.write_text("x = '漢字' +\n", encoding="utf-8")
    code, out = run("check", str(path))
    assert code == 1
    assert f"{path}:1:11: SYN001 [error]" in out and f"  | x = '漢字' +\n  | {' ' * 12}^\n" in out


def test_directory_means_its_nextflow_config(config: Path) -> None:
    code, out = run("check", "--quiet", str(config.parent))
    assert code == 1
    assert out.splitlines()[0].startswith(f"{config}:2:5: CFG011")


@pytest.mark.parametrize("args", [(), ("--ignore", "CFG011,CFG012")], ids=["clean", "findings-ignored"])
def test_quiet_on_a_clean_file_prints_nothing(config: Path, args: tuple[str, ...]) -> None:
    # `-q` used to print an empty line where there was nothing to report.
    clean = config.parent / "clean.config"
    clean.write_text("process.cpus = 2\n", encoding="utf-8")
    target = config if args else clean
    result = CliRunner().invoke(main, ["check", "-q", *args, str(target)])
    assert (result.exit_code, result.output) == (0, "")


def test_select_ignore_min_severity_exit_zero(config: Path) -> None:
    assert run("check", "-q", "--select", "CFG012", str(config))[1].count("CFG0") == 1
    assert "CFG012" not in run("check", "-q", "--ignore", "nested-selector", str(config))[1]
    assert "CFG012" not in run("check", "-q", "--min-severity", "error", str(config))[1]
    assert run("check", "--exit-zero", str(config))[0] == 0
    code, out = run("check", "--select", "NOPE", str(config))
    assert code == 2 and "unknown rule 'NOPE'" in out


@pytest.mark.parametrize("pattern", ["cfg011", "Cfg011", "selector-with-EQUALS", "cfg"])
def test_select_and_ignore_match_in_any_case(config: Path, pattern: str) -> None:
    # `--select spot002` used to match nothing and pass: as ruff, any case selects.
    code, out = run("check", "-q", "--select", pattern, str(config))
    assert code == 1 and f"{config}:2:5: CFG011" in out
    assert f"{config}:2:5: CFG011" not in run("check", "-q", "--ignore", pattern, str(config))[1]


def test_extend_select_adds_to_the_settings_and_to_select(config: Path) -> None:
    (config.parent / ".nflint-spot.yaml").write_text("rules:\n  CFG011: off\n  CFG012: off\n", encoding="utf-8")
    assert run("check", "-q", str(config)) == (0, "")  # quiet: no finding lines, nothing at all
    code, out = run("check", "-q", "--extend-select", "cfg011", str(config))  # the settings' rules, and CFG011
    assert code == 1 and [line.split(" [")[0] for line in out.splitlines()] == [f"{config}:2:5: CFG011"]
    code, out = run("check", "-q", "--select", "CFG012", "--extend-select", "Selector-With-Equals", str(config))
    assert [line.split(" [")[0] for line in out.splitlines()] == [f"{config}:2:5: CFG011", f"{config}:3:22: CFG012"]
    code, out = run("check", "-q", "--extend-select", "cfg", "--ignore", "CFG012", str(config))  # --ignore wins
    assert [line.split(" [")[0] for line in out.splitlines()] == [f"{config}:2:5: CFG011"]


@pytest.mark.parametrize("pattern", ["NOPE", "cfg999", "selector-with-equal"])
def test_extend_select_refuses_an_unknown_rule(config: Path, pattern: str) -> None:
    code, out = run("check", "--extend-select", f"CFG011,{pattern}", str(config))
    assert code == 2 and f"unknown rule '{pattern}' in --extend-select" in out


def test_a_suppression_in_lower_case_suppresses(tmp_path: Path) -> None:
    path = tmp_path / "nextflow.config"
    path.write_text(EQUALS.replace("queue = 'od' }\n", "queue = 'od' } // nflint-spot: ignore[cfg011]\n", 1),
                    encoding="utf-8")
    out = run("check", "-q", str(path))[1]
    assert f"{path}:3:22: CFG012" in out and "CFG011" not in out and "SUP001" not in out


def test_a_trailing_suppression_does_not_hide_the_next_line(tmp_path: Path) -> None:
    path = tmp_path / "nextflow.config"
    path.write_text(EQUALS.replace("queue = 'od' }\n", "queue = 'od' } // nflint-spot: ignore[cfg012]\n", 1),
                    encoding="utf-8")
    out = run("check", str(path))[1]
    assert f"{path}:3:22: CFG012" in out
    assert f"{path}:2:41: SUP001 [info] suppression of cfg012 matches no finding" in out


@pytest.mark.parametrize("version", ["xyz", "99", "<25.0", "24.10.0 and later"])
def test_an_unreadable_nextflow_version_is_refused(config: Path, version: str) -> None:
    # Left unread, it meant "unpinned" without a word.
    for command in ("check", "show"):
        code, out = run(command, "--nextflow-version", version, str(config))
        assert code == 2 and f"not a Nextflow version: {version!r}" in out


@pytest.mark.parametrize("version", ["24.10.0", "24.10.0-edge", ">=24.04", "!>=23.10.1", ">=23.10, <25.0"])
def test_a_release_or_a_constraint_is_a_nextflow_version(config: Path, version: str) -> None:
    assert run("check", "-q", "--nextflow-version", version, str(config))[0] == 1


def test_statistics(config: Path) -> None:
    code, out = run("check", "--statistics", str(config))
    assert code == 1
    assert out.splitlines() == ["    1  CFG011   selector-with-equals  (1 fixable)", "    1  CFG012   nested-selector"]


def test_json_schema(config: Path) -> None:
    code, out = run("check", "--format", "json", str(config))
    report = json.loads(out)
    assert code == 1 and report["version"] == 1 and report["tool"]["name"] == "nflint-spot"
    first = report["diagnostics"][0]
    assert (first["code"], first["name"], first["severity"]) == ("CFG011", "selector-with-equals", "error")
    assert first["span"] == {"start": 14, "end": 49, "line": 2, "column": 5, "endLine": 2, "endColumn": 40}
    assert first["fix"]["safe"] is True
    assert first["fix"]["edits"] == [{"span": {"start": 22, "end": 25, "line": 2, "column": 13, "endLine": 2,
                                               "endColumn": 16}, "newText": ": "}]
    assert report["summary"] == {"info": 0, "warning": 1, "error": 1, "fixable": 1}


def test_fix_is_atomic_keeps_mode_and_is_idempotent(config: Path) -> None:
    os.chmod(config, 0o640)
    code, out = run("check", "--fix", str(config))
    assert "Fixed 1 problem(s)" in out
    assert config.read_text(encoding="utf-8").splitlines()[1] == "    withName: 'ALIGN' { queue = 'od' }"
    assert stat.S_IMODE(os.stat(config).st_mode) == 0o640
    assert not [p for p in config.parent.iterdir() if p.name.startswith(".nflint-spot-")]
    before = config.read_text(encoding="utf-8")
    code, out = run("check", "--fix", str(config))
    assert "Fixed" not in out and config.read_text(encoding="utf-8") == before


def test_diff_writes_nothing(config: Path) -> None:
    code, out = run("check", "--diff", str(config))
    assert "-    withName = 'ALIGN' { queue = 'od' }\n+    withName: 'ALIGN' { queue = 'od' }" in out
    assert config.read_text(encoding="utf-8") == EQUALS


def test_fix_refuses_a_file_changed_since_it_was_read(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = autofix.write_fix

    def change_then_write(fix: autofix.FileFix) -> autofix.FixRefused | None:
        config.write_text(EQUALS + "// edited meanwhile\n", encoding="utf-8")
        return original(fix)

    monkeypatch.setattr(autofix, "write_fix", change_then_write)
    code, out = run("check", "--fix", str(config))
    assert "not fixing" in out and "changed on disk" in out
    assert config.read_text(encoding="utf-8").endswith("// edited meanwhile\n")


def test_fix_never_touches_a_file_with_syntax_errors(tmp_path: Path) -> None:
    path = tmp_path / "broken.config"
    text = "process {\n    withName = 'A' { queue = 'od' }\n}\n}\n"
    path.write_text(text, encoding="utf-8")
    code, out = run("check", "--fix", str(path))
    assert code == 1 and "SYN001" in out
    assert path.read_text(encoding="utf-8") == text


def test_unreadable_inputs_exit_2(tmp_path: Path) -> None:
    assert run("check", str(tmp_path / "missing.config"))[0] == 2
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    code, out = run("check", str(empty_dir))
    assert code == 2 and "without a nextflow.config" in out
    binary = tmp_path / "bin.config"
    binary.write_bytes(b"process.cpus = 1\n\xff\xfe\x00")
    code, out = run("check", str(binary))
    assert (code, out) == (2, f"nflint-spot: error: {binary}:2:1: invalid UTF-8 (byte 0xff); configs must be UTF-8\n")


def test_no_colour_unless_a_terminal(config: Path) -> None:
    assert "\x1b[" not in run("check", str(config))[1]


def test_rules_and_explain() -> None:
    code, out = run("rules")
    assert code == 0 and "CFG011   selector-with-equals" in out
    code, out = run("explain", "selector-with-equals")
    assert code == 0 and out.startswith("CFG011 selector-with-equals (default severity: error)")
    assert "Why:" in out and "Fix:" in out
    assert run("explain", "NOPE")[0] == 2


def test_help_lists_every_command_with_its_summary() -> None:
    """The commands besides check are imported only when needed (commands.py): the help
    still lists them all, in order, and each runs."""
    code, out = run("--help")
    listed = [line.split()[0] for line in out.partition("Commands:\n")[2].splitlines() if line.strip()]
    assert code == 0 and listed == ["check", "explain", "lsp", "parse", "rules", "show"]
    assert "Show what each process really gets" in out and "Run the language server" in out
    assert run("show", "--help")[0] == 0 and run("parse", "--help")[0] == 0


def test_no_cache_help_names_the_variable_that_disables_the_cache() -> None:
    """cli.py writes the name out: importing result_cache for it would cost every
    `check --no-cache` the module it does not use."""
    from nflint_spot.speed.result_cache import DISABLE_VARIABLE

    assert f"(also {DISABLE_VARIABLE}=1)" in " ".join(run("check", "--help")[1].split())
