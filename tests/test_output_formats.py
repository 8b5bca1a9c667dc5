"""Every output format: goldens from one fixture config, plus the GitLab and JUnit specifics.

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
from nflint_spot.cli import check, main
from nflint_spot.diagnostics import Diagnostic, Severity
from nflint_spot.formats import RenderOptions, renderers
from nflint_spot.formats import gitlab, junit
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


def test_text_format_imports_no_other_format(in_output_fixtures: Path) -> None:
    probe = ("import sys\nfrom nflint_spot.cli import main\n"
             # --no-cache: a result-cache hit prints a stored report and imports no format at all
             "try:\n    main.main(['check', '--no-cache', '--format', 'text', 'nextflow.config'])\n"
             "except SystemExit:\n    pass\n"
             "print(' '.join(sorted(m for m in sys.modules if m.startswith('nflint_spot.formats'))), file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.stderr.split() == ["nflint_spot.formats", "nflint_spot.formats.text"]
