"""Every output format: goldens from one fixture config, the GitLab and JUnit specifics, and
the paths every format writes (relative to the working directory when inside it).

The goldens in tests/fixtures/output/ are the `check` output for nextflow.config there, run
from that directory (stable relative paths) with only the four rules it exercises selected
(a new rule must not change them). Two normalisations keep them from churning: the tool
version reads `<version>`, and SARIF lists only the rules its results use (test_sarif.py
checks the full catalogue). If a golden must change, regenerate it deliberately with
`normalised_output` and review the diff.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from nflint_spot import __version__
from nflint_spot.cli.main import check, main
from nflint_spot.diagnostics import Diagnostic, Related, Severity
from nflint_spot.fixes import Fix, TextEdit
from nflint_spot.output.formats import Fixable, RenderOptions, renderers
from nflint_spot.output.formats import gitlab, junit
from nflint_spot.output.formats.github import step_summary
from nflint_spot.span import Span

OUTPUT = FIXTURES / "output"
FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")
SELECTED = "CFG011,CFG012,CFG014,CFG020"


def run_check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args])
    return result.exit_code, result.stdout


def normalised_output(output_format: str, output: str) -> str:
    output = re.sub(rf'"(version|semanticVersion)": "{re.escape(__version__)}"', r'"\1": "<version>"', output)
    if output_format != "sarif":
        return output
    log = json.loads(output)
    run = log["runs"][0]
    catalogue = run["tool"]["driver"]["rules"]
    used = sorted({result["ruleIndex"] for result in run["results"]})
    run["tool"]["driver"]["rules"] = [catalogue[i] for i in used]
    for result in run["results"]:
        result["ruleIndex"] = used.index(result["ruleIndex"])
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


@pytest.fixture
def in_output_fixtures(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(OUTPUT)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return OUTPUT


@pytest.mark.parametrize("output_format", FORMATS)
def test_output_golden(in_output_fixtures: Path, output_format: str) -> None:
    code, out = run_check("--select", SELECTED, "--format", output_format, "nextflow.config")
    assert code == 1
    golden = in_output_fixtures / f"check.{output_format}"
    assert normalised_output(output_format, out) == golden.read_text(encoding="utf-8"), (
        f"{golden} differs; if the change is intended, regenerate it and review the diff")


def test_every_renderer_is_a_cli_choice() -> None:
    [option] = [p for p in check.params if p.name == "output_format"]
    assert list(option.type.choices) == list(renderers()) == list(FORMATS)  # type: ignore[attr-defined]


def test_exit_zero_is_recorded_in_the_sarif_invocation(in_output_fixtures: Path) -> None:
    code, out = run_check("--select", SELECTED, "--format", "sarif", "--exit-zero", "nextflow.config")
    assert code == 0
    assert json.loads(out)["runs"][0]["invocations"] == [{"executionSuccessful": True, "exitCode": 0}]


def _diagnostic(path: str, line: int, severity: Severity, message: str = "m", code: str = "CFG011") -> Diagnostic:
    return Diagnostic(path, Span(0, 1, line, 2, line, 3), code, "selector-with-equals", severity, message)


def test_gitlab_severities_fingerprints_and_paths(tmp_path: Path) -> None:
    found = [_diagnostic(str(tmp_path / "conf" / "base.config"), 3, Severity.ERROR),
             _diagnostic(str(tmp_path / "conf" / "base.config"), 9, Severity.WARNING),
             _diagnostic("/elsewhere/x.config", 1, Severity.INFO)]
    issues = json.loads(gitlab.render(found, RenderOptions(root=str(tmp_path))))
    assert [i["severity"] for i in issues] == ["major", "minor", "info"]
    assert [i["location"]["path"] for i in issues] == ["conf/base.config", "conf/base.config", "/elsewhere/x.config"]
    assert issues[0]["location"]["positions"] == {"begin": {"line": 3, "column": 2}, "end": {"line": 3, "column": 3}}
    # same code, file and message: told apart, so GitLab does not merge them
    assert len({i["fingerprint"] for i in issues}) == 3
    assert {i["check_name"] for i in issues} == {"CFG011"}
    assert gitlab.render([], RenderOptions()) == "[]\n"


def test_junit_without_findings_is_one_passing_test() -> None:
    root = ET.fromstring(junit.render([], RenderOptions()))
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "1", "0")
    [suite] = root
    [case] = suite
    assert (suite.get("tests"), suite.get("failures"), case.get("name")) == ("1", "0", "no problems found")
    assert list(case) == []


def test_junit_one_suite_per_file_and_escaping(tmp_path: Path) -> None:
    nasty = 'a <b> & "c" \x01 \x0c end'
    found = [_diagnostic(str(tmp_path / "b.config"), 2, Severity.WARNING, nasty),
             _diagnostic(str(tmp_path / "a.config"), 1, Severity.ERROR),
             _diagnostic(str(tmp_path / "b.config"), 5, Severity.INFO)]
    xml = junit.render(found, RenderOptions(root=str(tmp_path)))
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(xml)  # parses: the control characters were replaced
    assert [(s.get("name"), s.get("tests"), s.get("failures")) for s in root] == [("a.config", "1", "1"),
                                                                                  ("b.config", "2", "2")]
    first_b = root[1][0]
    assert (first_b.get("classname"), first_b.get("name")) == ("b.config", "CFG011 selector-with-equals at 2:2")
    failure = first_b.find("failure")
    assert failure is not None
    assert failure.get("message") == 'a <b> & "c" \ufffd \ufffd end'
    assert failure.get("type") == "warning"
    assert failure.text == 'b.config:2:2: CFG011 [warning] a <b> & "c" \ufffd \ufffd end'


def test_junit_gives_every_linted_config_a_suite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A clean file used to get no suite at all beside a file with findings: a CI reading the
    # report could not tell it from a file never checked.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "base.config").write_text("process.cpus = 2\n", encoding="utf-8")
    (tmp_path / "clean.config").write_text("includeConfig 'conf/base.config'\n", encoding="utf-8")
    (tmp_path / "bad.config").write_text("process { withName = 'A' { cpus = 1 } }\n", encoding="utf-8")
    code, out = run_check("--format", "junit", "clean.config", "bad.config")
    assert code == 1
    root = ET.fromstring(out)
    assert (root.get("tests"), root.get("failures")) == ("3", "1")
    suites = [(s.get("name"), s.get("tests"), s.get("failures"), [(c.get("classname"), c.get("name")) for c in s])
              for s in root]
    assert suites == [
        ("bad.config", "1", "1", [("bad.config", "CFG011 selector-with-equals at 1:11")]),
        ("clean.config", "1", "0", [("clean.config", "no problems found")]),
        ("conf/base.config", "1", "0", [("conf/base.config", "no problems found")]),
    ]
    assert [list(case) for suite in root[1:] for case in suite] == [[], []]  # passing: no <failure>


def test_text_format_imports_no_other_format(in_output_fixtures: Path) -> None:
    probe = ("import sys\nfrom nflint_spot.cli.main import main\n"
             # --no-cache: a result-cache hit prints a stored report and imports no format at all
             "try:\n    main.main(['check', '--no-cache', '--format', 'text', 'nextflow.config'])\n"
             "except SystemExit:\n    pass\n"
             "print(' '.join(sorted(m for m in sys.modules if m.startswith('nflint_spot.output.formats'))), file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.stderr.split() == ["nflint_spot.output.formats", "nflint_spot.output.formats.text"]


def _rendered(found: list[Diagnostic], options: RenderOptions) -> dict[str, str]:
    return {name: render(found, options) for name, render in renderers().items()}


def test_every_format_writes_paths_relative_to_the_working_directory_when_inside_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An absolute path inside the working directory (a pipeline's script, as the linter finds
    it) is written relative to it; a path outside it, even one typed relative, absolute."""
    work, outside = tmp_path / "work", tmp_path / "outside"
    work.mkdir()
    monkeypatch.chdir(work)
    span = Span(80, 94, 4, 25, 4, 39)
    inside = Diagnostic(str(work / "nextflow.config"), span, "CFG014", "max-retries-zero", Severity.WARNING, "zero",
                        related=(Related(str(work / "modules" / "align" / "main.nf"), Span(20, 27, 2, 19, 2, 26),
                                         "errorStrategy is set here"),),
                        fix=Fix("Write `maxRetries = 1`", (TextEdit(span, "maxRetries = 1"),), safe=True))
    away = Diagnostic(str(Path("..") / "outside" / "base.config"), Span(0, 1, 1, 1, 1, 2), "CFG011",
                      "selector-with-equals", Severity.ERROR, "bad")
    away_path = (outside / "base.config").as_posix()
    # The CLI counts what --fix would fix (autofix.fixable); the renderer says it.
    out = _rendered([inside, away], RenderOptions(fixable=Fixable(1)))  # root: the working directory

    assert out["text"].splitlines() == [
        "nextflow.config:4:25: CFG014 [warning] zero",
        "  = note: modules/align/main.nf:2:19: errorStrategy is set here",
        "  = fix: Write `maxRetries = 1`",
        "  = docs: https://github.com/nflint-spot/nflint-spot/blob/main/docs/rules.md#cfg014",
        f"{away_path}:1:1: CFG011 [error] bad",
        "  = docs: https://github.com/nflint-spot/nflint-spot/blob/main/docs/rules.md#cfg011",
        "Found 2 problems (1 error, 1 warning); 1 fixable with --fix.",
    ]
    report = json.loads(out["json"])
    assert [(d["path"], d["span"]["line"], d["span"]["column"]) for d in report["diagnostics"]] == [
        ("nextflow.config", 4, 25), (away_path, 1, 1)]
    assert [(r["path"], r["span"]["line"], r["span"]["column"]) for r in report["diagnostics"][0]["related"]] == [
        ("modules/align/main.nf", 2, 19)]
    assert report["diagnostics"][0]["fix"]["edits"] == [
        {"span": {"start": 80, "end": 94, "line": 4, "column": 25, "endLine": 4, "endColumn": 39},
         "newText": "maxRetries = 1"}]
    assert out["github"].splitlines() == [
        f"::error file={away_path},line=1,col=1,endLine=1,endColumn=2,title=CFG011 selector-with-equals::bad",
        "::warning file=nextflow.config,line=4,col=25,endLine=4,endColumn=39,title=CFG014 max-retries-zero"
        "::zero%0Anote: modules/align/main.nf:2:19: errorStrategy is set here",
    ]
    summary = step_summary([inside, away], RenderOptions())
    assert f"| {away_path}:1:1 | CFG011" in summary and "| nextflow.config:4:25 | CFG014" in summary
    assert [(i["location"]["path"], i["location"]["positions"]["begin"]) for i in json.loads(out["gitlab"])] == [
        ("nextflow.config", {"line": 4, "column": 25}), (away_path, {"line": 1, "column": 1})]
    suites = ET.fromstring(out["junit"])
    assert [s.get("name") for s in suites] == [away_path, "nextflow.config"]
    assert suites[1][0].find("failure").text.splitlines() == [  # type: ignore[union-attr]
        "nextflow.config:4:25: CFG014 [warning] zero",
        "note: modules/align/main.nf:2:19: errorStrategy is set here",
        "fix: Write `maxRetries = 1`"]
    [first, second] = json.loads(out["sarif"])["runs"][0]["results"]
    assert first["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "nextflow.config", "uriBaseId": "%SRCROOT%", "index": 0}
    assert first["relatedLocations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "modules/align/main.nf", "uriBaseId": "%SRCROOT%", "index": 1}
    assert second["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": (outside / "base.config").as_uri(), "index": 2}


def test_a_path_reaching_the_working_directory_through_a_symbolic_link_is_relative(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shell's `$PWD` may name the working directory through a link, the process's is the
    physical one: `$PWD/conf/x.config` is still inside it."""
    real, link = tmp_path / "real", tmp_path / "link"
    (real / "conf").mkdir(parents=True)
    try:
        link.symlink_to(real, target_is_directory=True)
    except OSError:
        pytest.skip("no symbolic links here")
    monkeypatch.chdir(link)  # the process's working directory is now `real`
    found = [Diagnostic(str(link / "conf" / "x.config"), Span(0, 1, 3, 7, 3, 8), "CFG011", "selector-with-equals",
                        Severity.ERROR, "bad")]
    out = _rendered(found, RenderOptions())
    assert out["text"].splitlines()[0] == "conf/x.config:3:7: CFG011 [error] bad"
    assert json.loads(out["json"])["diagnostics"][0]["path"] == "conf/x.config"
    assert out["github"].startswith("::error file=conf/x.config,line=3,col=7,")
    assert json.loads(out["gitlab"])[0]["location"]["path"] == "conf/x.config"
    assert ET.fromstring(out["junit"])[0].get("name") == "conf/x.config"
    assert json.loads(out["sarif"])["runs"][0]["artifacts"] == [
        {"location": {"uri": "conf/x.config", "uriBaseId": "%SRCROOT%"}}]


PIPELINE_CONFIG = """\
includeConfig 'conf/base.config'
process {
    executor = 'awsbatch'
    withName: 'ALIGN' { maxRetries = 0 }
}
"""
ALIGN_SCRIPT = "process ALIGN {\n    errorStrategy 'retry'\n    maxRetries 0\n\n    script:\n    \"echo\"\n}\n"


@pytest.mark.parametrize("config_argument", ["nextflow.config", "absolute"])
def test_check_writes_a_pipeline_script_relative_to_the_working_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config_argument: str) -> None:
    """The scripts are found by absolute path; the report names them as the config is named,
    relative to where `check` runs, however the config was given."""
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "base.config").write_text("params.x = 1\n", encoding="utf-8")
    (tmp_path / "modules" / "align").mkdir(parents=True)
    (tmp_path / "modules" / "align" / "main.nf").write_text(ALIGN_SCRIPT, encoding="utf-8")
    entry = "include { ALIGN } from './modules/align/main.nf'\n\nworkflow {\n    ALIGN()\n}\n"
    (tmp_path / "main.nf").write_text(entry, encoding="utf-8")
    (tmp_path / "nextflow.config").write_text(PIPELINE_CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    config = "nextflow.config" if config_argument == "nextflow.config" else str(tmp_path / "nextflow.config")
    args = ("--no-cache", "--select", "CFG014", config)

    code, out = run_check("--format", "text", *args)
    assert code == 1
    assert out.splitlines()[0].startswith("nextflow.config:4:25: CFG014 [warning] maxRetries = 0 ")
    assert "  = note: modules/align/main.nf:2:19: errorStrategy is set here" in out.splitlines()

    [d] = json.loads(run_check("--format", "json", *args)[1])["diagnostics"]
    assert (d["path"], d["span"]["line"], d["span"]["column"]) == ("nextflow.config", 4, 25)
    assert [(r["path"], r["span"]["line"], r["span"]["column"]) for r in d["related"]] == [
        ("modules/align/main.nf", 2, 19)]

    run = json.loads(run_check("--format", "sarif", *args)[1])["runs"][0]
    # every file read: the included config and the entry script without a finding too
    assert [a["location"] for a in run["artifacts"]] == [
        {"uri": "nextflow.config", "uriBaseId": "%SRCROOT%"},
        {"uri": "conf/base.config", "uriBaseId": "%SRCROOT%"},
        {"uri": "main.nf", "uriBaseId": "%SRCROOT%"},
        {"uri": "modules/align/main.nf", "uriBaseId": "%SRCROOT%"}]
    [result] = run["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["index"] == 0
    assert result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["index"] == 3
