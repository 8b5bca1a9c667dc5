"""`check --fix` never breaks a file, over every fixable rule fixture (those with a
`.fixed.config` or `.unsafe-fixed.config` beside them), with random unrelated edits
elsewhere in the file and random subsets and orders of the fixes (hypothesis):

- the fixed text always parses;
- a second `--fix` changes nothing (idempotent);
- the file keeps its mode;
- a file changed on disk after it was linted is never written (with --jobs too).
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from nflint_spot.lint import autofix
from nflint_spot.lint.autofix import plan_fixes, write_fix
from nflint_spot.cli.main import main
from nflint_spot.lint.linter import lint_text
from nflint_spot.syntax.parser import SyntaxProblem, parse_config
from nflint_spot.lint.settings import load_settings

MARKER = re.compile(r"[ \t]*// expect: .*$", re.MULTILINE)


def _fixable() -> list[tuple[Path, bool, Path | None]]:
    """(scenario, unsafe fixes expected, its rules.yaml) of each scenario that --fix changes."""
    found = []
    for fixed in sorted((FIXTURES / "rules").glob("*/*fixed.config")):
        unsafe = fixed.name.endswith(".unsafe-fixed.config")
        stem = fixed.name.removesuffix(".unsafe-fixed.config" if unsafe else ".fixed.config")
        rules = fixed.with_name(f"{stem}.rules.yaml")
        if MARKER.sub("", fixed.with_name(f"{stem}.config").read_text(encoding="utf-8")) == fixed.read_text(
                encoding="utf-8"):
            continue  # a must-not-fix case: nothing for this test to apply
        found.append((fixed.with_name(f"{stem}.config"), unsafe, rules if rules.exists() else None))
    return found


FIXABLE = _fixable()
UNRELATED = ["// an unrelated comment\n", "\n", "/* a block\n   comment */\n", "params.unrelated_note = 'x'\n",
             "docker.enabled = true\n", "manifest.description = 'edited meanwhile'\n"]


def test_there_are_fixable_fixtures() -> None:
    assert len(FIXABLE) >= 25
    assert all(scenario.exists() for scenario, _, _ in FIXABLE)


@st.composite
def edited_fixture(draw: st.DrawFn) -> tuple[Path, bool, Path | None, str]:
    scenario, unsafe, rules = draw(st.sampled_from(FIXABLE), label="fixture")
    lines = MARKER.sub("", scenario.read_text(encoding="utf-8")).splitlines(keepends=True)
    top_level = [i for i in range(len(lines) + 1) if i == len(lines) or not lines[i][:1].isspace()
                 and not lines[i].startswith("}")]
    for _ in range(draw(st.integers(0, 4), label="edits")):
        at = draw(st.sampled_from(top_level), label="line")
        # Comments and blank lines may go anywhere; settings only between top-level statements.
        anywhere = draw(st.booleans())
        text = draw(st.sampled_from(UNRELATED[:3] if anywhere else UNRELATED))
        if anywhere:
            at = draw(st.integers(0, len(lines)), label="any line")
        lines.insert(at, text)
        top_level = [i + (i >= at and i != at) for i in top_level]
    return scenario, unsafe or draw(st.booleans(), label="unsafe"), rules, "".join(lines)


def _cli(path: Path, rules: Path | None, *args: str) -> tuple[int, str]:
    config = ["--settings", str(rules)] if rules else []
    result = CliRunner().invoke(main, ["check", "--quiet", "--jobs", "1", *config, *args, str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                               HealthCheck.function_scoped_fixture])
@given(edited_fixture(), st.randoms(use_true_random=False), st.sampled_from([0o600, 0o640, 0o644, 0o664, 0o755]))
def test_fixes_in_any_subset_and_order_keep_the_file_parsing(tmp_path: Path, case: tuple[Path, bool, Path | None, str],
                                                             rng, mode: int) -> None:
    scenario, unsafe, rules, text = case
    assume(not isinstance(parse_config(text, "edited.config"), SyntaxProblem))  # an edit inside a string
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # one test function, many examples
    path = folder / scenario.name
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    settings_ = load_settings(str(rules) if rules else None)
    result = lint_text(text, str(path), settings_, strict=True)
    fixable = [d for d in result.diagnostics if d.fix is not None and (d.fix.safe or unsafe)]
    subset = rng.sample(fixable, rng.randint(min(1, len(fixable)), len(fixable)))  # random subset, random order
    planned, refused = plan_fixes(subset, result.texts, unsafe)
    assert not refused
    event(f"fixes in the subset: {'some' if planned else 'none'}; fixable: {'some' if fixable else 'none'}")
    for fix in planned:
        assert write_fix(fix) is None
        assert not isinstance(parse_config(fix.fixed, fix.path), SyntaxProblem)
    assert stat.S_IMODE(os.stat(path).st_mode) == mode

    flags = ("--fix", "--unsafe-fixes") if unsafe else ("--fix",)
    _cli(path, rules, *flags)
    once = path.read_text(encoding="utf-8")
    assert not isinstance(parse_config(once, str(path)), SyntaxProblem)
    assert stat.S_IMODE(os.stat(path).st_mode) == mode
    code, out = _cli(path, rules, *flags)
    assert "Fixed" not in out, out
    assert path.read_text(encoding="utf-8") == once
    assert not [p for p in folder.iterdir() if p.name.startswith(".nflint-spot-")]


def test_only_the_file_changed_on_disk_is_refused_with_jobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "process {\n    withName = 'ALIGN' { queue = 'od' }\n}\n"
    paths = [tmp_path / f"p{i}.config" for i in range(4)]
    for path in paths:
        path.write_text(text, encoding="utf-8")
    original = autofix.write_fix

    def change_one_then_write(fix: autofix.FileFix) -> autofix.FixRefused | None:
        if fix.path == str(paths[2]):
            paths[2].write_text(text + "// edited meanwhile\n", encoding="utf-8")
        return original(fix)

    monkeypatch.setattr(autofix, "write_fix", change_one_then_write)
    result = CliRunner().invoke(main, ["check", "--fix", "--jobs", "2", *map(str, paths)])
    assert f"nflint-spot: not fixing {paths[2]}: it changed on disk since it was read" in result.output
    assert paths[2].read_text(encoding="utf-8") == text + "// edited meanwhile\n"
    for path in (paths[0], paths[1], paths[3]):
        assert path.read_text(encoding="utf-8") == text.replace("withName = ", "withName: ")
