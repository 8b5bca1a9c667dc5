"""The linter's own behaviour: crashing rules, profiles named on findings, included files."""

from __future__ import annotations

from pathlib import Path

import pytest

from nflint_spot.analysis.scenarios import AnalysisOptions
from nflint_spot.lint.linter import INTERNAL_ERROR_CODE, Selection, lint_text
from nflint_spot.rules.selector_with_equals import SelectorWithEquals
from nflint_spot.lint.settings import load_settings


def lint(path: Path, text: str, **kwargs):
    path.write_text(text, encoding="utf-8")
    return lint_text(text, str(path), load_settings(), **kwargs).diagnostics


def test_a_crashing_rule_becomes_an_internal_error_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(self, model, options):
        raise KeyError("surprise")

    monkeypatch.setattr(SelectorWithEquals, "check", boom)
    found = lint(tmp_path / "nextflow.config", "process.cpus = 1\n", selection=Selection(select=("CFG011",)))
    [diagnostic] = found
    assert diagnostic.code == INTERNAL_ERROR_CODE
    assert "CFG011 (selector-with-equals) crashed: KeyError" in diagnostic.message
    with pytest.raises(KeyError):
        lint(tmp_path / "nextflow.config", "process.cpus = 1\n", selection=Selection(select=("CFG011",)), strict=True)


def test_findings_name_the_profiles_they_hold_for(tmp_path: Path) -> None:
    text = """process.cpus = 1
profiles {
    aws { process { withName = 'A' { queue = 'x' } } }
    test { process.cpus = 2 }
}
process { withName = 'B' { queue = 'y' } }
"""
    found = lint(tmp_path / "nextflow.config", text, selection=Selection(select=("CFG011",)))
    by_line = {d.span.line: d.profiles for d in found}
    assert by_line == {3: ("aws",), 6: ()}  # () = every profile analysed


def test_findings_of_a_nested_profile_name_the_profiles_around_it(tmp_path: Path) -> None:
    (tmp_path / "inst.config").write_text(
        "profiles {\n    gpu { process { withName = 'A' { queue = 'x' } } }\n}\n", encoding="utf-8")
    text = "profiles {\n    inst { includeConfig 'inst.config' }\n}\n"
    found = lint(tmp_path / "nextflow.config", text, selection=Selection(select=("CFG011",)))
    assert [(Path(d.path).name, d.span.line, d.profiles) for d in found] == [("inst.config", 2, ("inst,gpu",))]


@pytest.mark.parametrize(("profiles", "expected"), [(("gpu",), []), (("inst", "gpu"), [("CFG011", 2), ("CFG001", 3)])])
def test_a_nested_profile_s_records_need_the_profiles_around_it(tmp_path: Path, profiles, expected) -> None:
    """Selector issues and include records, like settings, hold only with the profiles
    around theirs selected (`--profile gpu` alone does not reach inst.config's profiles)."""
    (tmp_path / "inst.config").write_text(
        "profiles {\n    gpu { process { withName = 'A' { queue = 'x' } }\n        includeConfig 'missing.config' }\n}\n",
        encoding="utf-8")
    text = "profiles {\n    inst { includeConfig 'inst.config' }\n    gpu { process.cpus = 2 }\n}\n"
    found = lint(tmp_path / "nextflow.config", text, options=AnalysisOptions(profiles=profiles),
                 selection=Selection(select=("CFG011", "CFG001")))
    assert [(d.code, d.span.line) for d in found if Path(d.path).name == "inst.config"] == expected


def test_findings_in_included_files_carry_their_path(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "base.config").write_text("process {\n  withName = 'A' { cpus = 1 }\n}\n", encoding="utf-8")
    found = lint(tmp_path / "nextflow.config", "includeConfig 'conf/base.config'\n",
                 selection=Selection(select=("CFG011",)))
    [diagnostic] = found
    assert diagnostic.path == str(tmp_path / "conf" / "base.config")
    assert (diagnostic.span.line, diagnostic.span.column) == (2, 3)
    assert diagnostic.excerpt.startswith("  withName = 'A'")


def test_syntax_error_in_an_included_file_is_reported_there(tmp_path: Path) -> None:
    (tmp_path / "broken.config").write_text("process {\n", encoding="utf-8")
    found = lint(tmp_path / "nextflow.config", "includeConfig 'broken.config'\n",
                 selection=Selection(select=("SYN001",)))
    assert [(Path(d.path).name, d.code) for d in found] == [("broken.config", "SYN001")]



def test_a_parse_in_hand_is_used_for_the_root_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The language server passes the tree its incremental parser made: the loader must not
    parse the buffer again, and the findings are the same."""
    from nflint_spot.config import loader
    from nflint_spot.syntax.parser import parse_config

    text = "process {\n    executor = 'awsbatch'\n    queue = 'spot-queue'\n    maxRetries = 0\n}\n"
    path = str(tmp_path / "nextflow.config")
    expected = [(d.code, d.span) for d in lint_text(text, path).diagnostics]
    assert expected
    tree = parse_config(text, path)
    loader._parse_cache.clear()

    def no_parsing(*args: object) -> None:
        raise AssertionError("the buffer was parsed again")

    monkeypatch.setattr(loader, "parse_config", no_parsing)
    assert [(d.code, d.span) for d in lint_text(text, path, parsed=tree).diagnostics] == expected


def test_a_finding_for_many_scopes_points_at_a_few_of_them(tmp_path: Path) -> None:
    """Related locations are capped like the processes a message names: a SPOT006 finding
    for 40 selector scopes once listed 40 notes (394 on a 2,000-line config)."""
    scopes = "".join(f"    withName: 'TOOL_{i}' {{ queue = {{ task.attempt > 1 ? 'ondemand' : 'spot' }} }}\n"
                     for i in range(40))
    text = ("aws.batch.maxSpotAttempts = 3\nprocess {\n    executor = 'awsbatch'\n"
            "    errorStrategy = 'retry'\n    maxRetries = 2\n" + scopes + "}\n")
    path = str(tmp_path / "nextflow.config")
    found = [d for d in lint_text(text, path).diagnostics if d.code == "SPOT006"]
    assert [(d.span.line, len(d.processes)) for d in found] == [(1, 40)]
    assert [r.span.line for r in found[0].related] == [6, 7, 8]
    assert "TOOL_0, withName:TOOL_1, withName:TOOL_2 and 37 more" in found[0].message
