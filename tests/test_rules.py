"""Rule fixtures: tests/fixtures/rules/<rule-name>/<scenario>.config, or a scenario
directory holding a nextflow.config (and a pipeline, includes...).

A trailing marker `// expect: CODE` says the rule fires on that line; `CODE@col` pins the
column and `CODE "text"` a part of the message; several markers are separated by `;`.
A file without markers is a must-not-fire case. The markers are stripped before linting
(they are trailing, so positions do not move), then the expected set must EQUAL the actual
set. `<scenario>.fixed.config` is the exact text after `--fix`, `<scenario>.unsafe-fixed.config`
after `--fix --unsafe-fixes`. Every scenario is also fixed as `--fix --unsafe-fixes` does, to a
fixed point, and then the rule fires only where a finding had no fix, and exactly where a
trailing `// after fix: CODE` marker says (a finding a fix leaves, in part, on that line;
it may follow an `// expect:` marker). A `<scenario>.rules.yaml` next to a scenario is its
settings file.
"""

from __future__ import annotations

import difflib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO_ROOT

from nflint_spot.analysis.scenarios import AnalysisOptions
from nflint_spot.config.model import ProcessView
from nflint_spot.lint.autofix import plan_fixes
from nflint_spot.output.docs import rules_markdown
from nflint_spot.lint.linter import Selection, lint_text
from nflint_spot.rules import ALL_RULES, RULES_BY_NAME
from nflint_spot.rules.base import DOC_SECTIONS
from nflint_spot.rules.common import subject
from nflint_spot.lint.settings import load_settings

RULE_FIXTURES = FIXTURES / "rules"
_MARKER = re.compile(r"[ \t]*// expect: (.*?)(?=[ \t]*// after fix: |$)", re.MULTILINE)
_AFTER_FIX = re.compile(r"[ \t]*// after fix: ([A-Z]+\d+)[ \t]*$", re.MULTILINE)
_EXPECTATION = re.compile(r'\s*([A-Z]+\d+)(?:@(\d+))?(?:\s+"([^"]*)")?\s*')
MAX_FIX_ROUNDS = 10  # as the command line's --fix


@dataclass(frozen=True)
class Expected:
    path: str
    code: str
    line: int
    column: int | None
    text: str | None
    after_fix: bool = False  # an `// after fix:` marker: the rule fires here once fixed


def _scenarios() -> list[Path]:
    found = []
    for folder in sorted(p for p in RULE_FIXTURES.iterdir() if p.is_dir()):
        for entry in sorted(folder.iterdir()):
            if entry.is_dir() or (entry.suffix == ".config" and not entry.name.endswith("fixed.config")):
                found.append(entry)
    return found


def _strip_markers(text: str, relative: str) -> tuple[str, list[Expected]]:
    expected = []
    for number, line in enumerate(text.splitlines(), 1):
        after_fix = _AFTER_FIX.search(line)
        if after_fix is not None:
            expected.append(Expected(relative, after_fix.group(1), number, None, None, after_fix=True))
        marker = _MARKER.search(line)
        if marker is None:
            continue
        for part in marker.group(1).split(";"):
            match = _EXPECTATION.fullmatch(part)
            assert match, f"bad marker in {relative}:{number}: {part!r}"
            column = int(match.group(2)) if match.group(2) else None
            expected.append(Expected(relative, match.group(1), number, column, match.group(3)))
    return _MARKER.sub("", _AFTER_FIX.sub("", text)), expected


def _prepare(scenario: Path, tmp_path: Path) -> tuple[Path, list[Expected]]:
    """Copy the scenario without markers; return the config to lint and the expectations."""
    expected: list[Expected] = []
    if scenario.is_dir():
        target = tmp_path / scenario.name
        shutil.copytree(scenario, target)
        config = target / "nextflow.config"
        files = sorted([*target.rglob("*.config"), *target.rglob("*.nf")])  # markers in pipeline scripts too
    else:
        config = tmp_path / scenario.name
        shutil.copy(scenario, config)
        files = [config]
    for file in files:
        relative = str(file.relative_to(tmp_path))
        text, found = _strip_markers(file.read_text(encoding="utf-8"), relative)
        file.write_text(text, encoding="utf-8")
        expected.extend(found)
    return config, expected


def _rule_of(scenario: Path):
    rule = RULES_BY_NAME.get(scenario.parent.name)
    assert rule is not None, f"fixture folder {scenario.parent.name} names no rule"
    return rule


def _lint(config: Path, scenario: Path, rule, text: str | None = None):
    rules_file = scenario.parent / f"{scenario.name.removesuffix('.config')}.rules.yaml"
    settings = load_settings(str(rules_file) if rules_file.exists() else None)
    # Unused suppressions can only be judged with the suppressed rules running too.
    selection = Selection() if rule.code == "SUP001" else Selection(select=(rule.code,))
    result = lint_text(text if text is not None else config.read_text(encoding="utf-8"), str(config), settings,
                       AnalysisOptions(), selection, strict=True)
    result.diagnostics[:] = [d for d in result.diagnostics if d.code == rule.code]
    return result


@pytest.mark.parametrize("scenario", _scenarios(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rule_fixture(scenario: Path, tmp_path: Path) -> None:
    rule = _rule_of(scenario)
    config, expected = _prepare(scenario, tmp_path)
    result = _lint(config, scenario, rule)
    actual = {(str(Path(d.path).relative_to(tmp_path)), d.code, d.span.line, d.span.column): d
              for d in result.diagnostics}
    wanted = set()
    for item in (item for item in expected if not item.after_fix):
        match = next((key for key in actual if key[:3] == (item.path, item.code, item.line)
                      and (item.column is None or key[3] == item.column)), None)
        assert match is not None, f"expected {item.code} at {item.path}:{item.line}, got {sorted(actual)}"
        if item.text is not None:
            assert item.text in actual[match].message, actual[match].message
        wanted.add(match)
    assert set(actual) == wanted, f"unexpected findings: {sorted(set(actual) - wanted)}"
    for diagnostic in result.diagnostics:
        assert diagnostic.suggestion, f"{diagnostic.code} has no fix suggestion"
    for suffix, unsafe in ((".fixed.config", False), (".unsafe-fixed.config", True)):
        fixed_file = scenario.with_name(scenario.name.removesuffix(".config") + suffix)
        if scenario.is_file() and fixed_file.exists():
            planned, refused = plan_fixes(result.diagnostics, result.texts, unsafe)
            assert not refused
            fixed = planned[0].fixed if planned else config.read_text(encoding="utf-8")
            assert fixed == fixed_file.read_text(encoding="utf-8")
            again = _lint(config, scenario, rule, fixed)
            assert not [d for d in again.diagnostics if d.code == rule.code and d.fix is not None]
    _assert_fixed_for_good(config, scenario, rule, result, expected, tmp_path)


def _old_lines(old: str, new: str) -> dict[int, int]:
    """Line numbers of `new` → those of `old`, for the lines a fix kept or rewrote in place."""
    before, after = old.splitlines(), new.splitlines()
    mapping = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            mapping.update({j + 1: i + 1 for i, j in zip(range(i1, i2), range(j1, j2))})
    return mapping


def _assert_fixed_for_good(config: Path, scenario: Path, rule, result, expected: list[Expected],
                           tmp_path: Path) -> None:
    """Fix as `--fix --unsafe-fixes` does, round after round until nothing changes; then the
    rule fires only on lines where it fired without a fix, and on every line marked
    `// after fix:` (lines known by where they were before the fix)."""
    if not any(d.fix is not None for d in result.diagnostics):
        assert not [item for item in expected if item.after_fix], "an `after fix` marker where nothing is fixed"
        return
    originals = dict(result.texts)
    unfixed = {(d.path, d.span.line, d.code) for d in result.diagnostics if d.fix is None}
    marked = {(str(tmp_path / item.path), item.line, item.code) for item in expected if item.after_fix}
    for _ in range(MAX_FIX_ROUNDS):
        planned, refused = plan_fixes(result.diagnostics, result.texts, True)
        assert not refused, refused
        if not planned:
            break
        for file_fix in planned:
            Path(file_fix.path).write_text(file_fix.fixed, encoding="utf-8")
        result = _lint(config, scenario, rule)
    else:
        pytest.fail(f"--fix still changes the files after {MAX_FIX_ROUNDS} rounds")
    old_lines = {path: _old_lines(text, result.texts.get(path, text)) for path, text in originals.items()}
    again = {(d.path, old_lines.get(d.path, {}).get(d.span.line, -d.span.line), d.code) for d in result.diagnostics}
    assert marked <= again, f"`after fix` markers with no finding after --fix: {sorted(marked - again)}"
    assert again <= unfixed | marked, f"fires again after --fix: {sorted(again - unfixed - marked)}"


# ---------------------------------------------------------------- the catalogue


def test_codes_and_names_are_unique() -> None:
    assert len({r.code for r in ALL_RULES}) == len(ALL_RULES)
    assert len({r.name for r in ALL_RULES}) == len(ALL_RULES)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_rule_documentation_has_every_section(rule) -> None:
    doc = rule.documentation()
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert doc.splitlines()[0].strip(), "summary line"
    for section in DOC_SECTIONS:
        assert f"\n{section}" in doc, f"{rule.code} docstring lacks {section}"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_summary_is_the_whole_first_sentence_or_paragraph(rule) -> None:
    # CFG001's summary was its docstring's first line, cut mid-sentence ("... or is included")
    # in `rules`, SARIF's shortDescription and docs/rules.md.
    summary = rule.summary()
    words = rule.documentation().split()
    shown = summary.split()
    assert words[:len(shown)] == shown, "the summary is the docstring's beginning, word for word"
    assert summary.endswith((".", ".)")), f"{rule.code}: {summary!r} is cut mid-sentence"
    assert "\n" not in summary and not any(section in summary for section in DOC_SECTIONS)


def test_cfg001_summary_is_not_cut_in_rules_and_sarif() -> None:
    from click.testing import CliRunner

    from nflint_spot.cli.main import main
    from nflint_spot.output.formats.sarif import rule_descriptor

    whole = ("`includeConfig` names a file that does not exist (or cannot be read, or is a system path or "
             "not a regular file, which nflint-spot never opens, or is included more than 64 files deep, "
             "which it does not follow).")
    listed = CliRunner().invoke(main, ["rules"]).output
    assert f"CFG001   include-not-found                      error    {whole}\n" in listed
    [include_not_found] = [rule for rule in ALL_RULES if rule.code == "CFG001"]
    assert rule_descriptor(include_not_found)["shortDescription"]["text"] == whole


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_has_firing_and_silent_fixtures(rule) -> None:
    folder = RULE_FIXTURES / rule.name
    assert folder.is_dir(), f"no fixture folder tests/fixtures/rules/{rule.name}"
    fires, silent = False, False
    for scenario in (s for s in _scenarios() if s.parent == folder):
        files = [*scenario.rglob("*.config"), *scenario.rglob("*.nf")] if scenario.is_dir() else [scenario]
        markers = any(f"// expect: {rule.code}" in f.read_text(encoding="utf-8") for f in files)
        fires, silent = fires or markers, silent or not markers
    assert fires and silent, f"{rule.code} needs a firing and a must-not-fire scenario"


def test_docs_rules_md_is_current() -> None:
    assert (REPO_ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: run `nflint-spot rules --markdown > docs/rules.md`"
    )


def test_bundled_rules_yaml_lists_every_rule() -> None:
    text = (REPO_ROOT / "rules.yaml").read_text(encoding="utf-8")
    for rule in ALL_RULES:
        assert re.search(rf"^\s+{rule.code}:", text, re.MULTILINE), f"rules.yaml does not document {rule.code}"


def _view(name: str, kind: str) -> ProcessView:
    return ProcessView(name, kind, (), {})


@pytest.mark.parametrize(("views", "text", "verb"), [
    ([_view("ALIGN", "process")], "ALIGN", "has"),
    ([_view("ALIGN", "process"), _view("ALIGN", "process")], "ALIGN", "has"),  # called in two workflows
    ([_view("process", "defaults")], "all processes (process defaults)", "have"),
    ([_view("ALIGN", "process"), _view("SORT", "process")], "ALIGN and SORT", "have"),
])
def test_process_group_subject_takes_its_verb(views, text, verb) -> None:
    named = subject(views)
    assert (named.text, named.verb("has", "have")) == (text, verb)


# Fix titles: an imperative verb, and whatever code or value they write in backticks.
_FIX_VERBS = ("Add ", "Fall back to ", "Move to ", "Remove ", "Rename to ", "Use ", "Write ")
_BARE_CODE = re.compile(r"['\"=\d]|\b[A-Z]+\d+\b|\.[A-Za-z]")  # quotes, assignments, numbers, codes, keys


def test_every_fix_title_is_a_verb_and_backticked_code(tmp_path: Path) -> None:
    titles = {}
    for index, scenario in enumerate(_scenarios()):
        work = tmp_path / str(index)
        work.mkdir()
        config, _ = _prepare(scenario, work)
        for diagnostic in _lint(config, scenario, _rule_of(scenario)).diagnostics:
            if diagnostic.fix is not None:
                titles.setdefault(diagnostic.fix.title, f"{scenario.parent.name}/{scenario.name}")
    # One title of each kind the fixtures make, as written now (the style judged on real titles).
    assert {"Write `8.GB`", "Write `'8 GB'`", "Write `'retry'`, `'finish'`", "Rename to `jobRole`",
            "Add `aws.batch.maxSpotAttempts = -1`", "Write `aws.batch.maxSpotAttempts = -1`",
            "Remove `CFG013` from the suppression", "Fall back to queue `od` on retry"} <= set(titles)
    bad = {title: where for title, where in titles.items()
           if not title.startswith(_FIX_VERBS) or _BARE_CODE.search(re.sub(r"`[^`]*`", "", title))}
    assert bad == {}
