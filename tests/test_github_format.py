"""`--format github`: workflow-command escaping, errors first, one-line columns, and the job
summary the CLI appends to $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES
from nflint_spot.cli.main import main
from nflint_spot.diagnostics import Diagnostic, Related, Severity
from nflint_spot.output.formats import RenderOptions
from nflint_spot.output.formats.github import append_step_summary, escape_data, escape_property, render, step_summary
from nflint_spot.span import Span

ONE_LINE = Span(10, 14, 2, 3, 2, 7)


def _d(severity: Severity, message: str = "m", line: int = 2, span: Span = ONE_LINE, path: str = "a.config",
       **extra: object) -> Diagnostic:
    span = span if line == 2 else Span(span.start, span.end, line, span.column, line, span.end_column)
    return Diagnostic(path, span, "CFG011", "selector-with-equals", severity, message, **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(("raw", "data", "prop"), [
    ("plain", "plain", "plain"),
    ("100% sure", "100%25 sure", "100%25 sure"),
    ("a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"),
    ("%0A literal", "%250A literal", "%250A literal"),  # no double decoding on GitHub's side
    ("x: y, z", "x: y, z", "x%3A y%2C z"),
    ("::error::inject", "::error::inject", "%3A%3Aerror%3A%3Ainject"),
])
def test_escaping(raw: str, data: str, prop: str) -> None:
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


def test_annotation_line_with_escaped_message_and_properties() -> None:
    d = _d(Severity.WARNING, "50% of runs\nfail", path="conf/a,b:c.config", suggestion="Do x.",
           related=(Related("conf/a,b:c.config", Span(0, 1, 1, 1, 1, 2), "set here"),))
    assert render([d], RenderOptions()) == (
        "::warning file=conf/a%2Cb%3Ac.config,line=2,col=3,endLine=2,endColumn=7,title=CFG011 selector-with-equals"
        "::50%25 of runs%0Afail%0Anote: conf/a,b:c.config:1:1: set here%0Ahelp: Do x.\n")


def test_errors_first_then_warnings_then_notices_keeping_order_within() -> None:
    found = [_d(Severity.INFO, "i1", 1), _d(Severity.WARNING, "w1", 2), _d(Severity.ERROR, "e1", 3),
             _d(Severity.INFO, "i2", 4), _d(Severity.ERROR, "e2", 5)]
    lines = render(found, RenderOptions()).splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::error", "::warning", "::notice", "::notice"]
    assert [line.rsplit("::", 1)[1] for line in lines] == ["e1", "e2", "w1", "i1", "i2"]


def test_multiline_span_has_no_columns() -> None:
    d = _d(Severity.ERROR, span=Span(0, 30, 2, 5, 4, 2))
    assert render([d], RenderOptions()) == (
        "::error file=a.config,line=2,endLine=4,title=CFG011 selector-with-equals::m\n")


def test_no_findings_prints_nothing() -> None:
    assert render([], RenderOptions()) == ""


def test_columns_are_utf16_with_the_text() -> None:
    text = "x\n𝄞 = ab\n"
    d = Diagnostic("a.config", Span(4, 8, 2, 3, 2, 7), "CFG011", "selector-with-equals", Severity.ERROR, "m")
    assert ",col=4,endLine=2,endColumn=8," in render([d], RenderOptions(texts={"a.config": text}))
    assert ",col=3,endLine=2,endColumn=7," in render([d], RenderOptions())


def test_step_summary_table_escapes_cells_and_counts(tmp_path: Path) -> None:
    found = [_d(Severity.WARNING, "a | b\nc", 7, path=str(tmp_path / "conf" / "x.config")),
             _d(Severity.ERROR, "bad", 3, path=str(tmp_path / "nextflow.config"), profiles=("aws",))]
    assert step_summary(found, RenderOptions(root=str(tmp_path))) == (
        "## nflint-spot\n\n"
        "Found 2 problems (1 error, 1 warning).\n\n"
        "| file:line:col | code | severity | message |\n"
        "|---|---|---|---|\n"
        "| nextflow.config:3:3 | CFG011 `selector-with-equals` | error | bad [profile: aws] |\n"
        "| conf/x.config:7:3 | CFG011 `selector-with-equals` | warning | a \\| b<br>c |\n\n")
    assert step_summary([], RenderOptions()) == "## nflint-spot\n\nNo problems found.\n\n"


def test_append_step_summary_appends_only_when_set(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("# earlier step\n", encoding="utf-8")
    assert append_step_summary([_d(Severity.ERROR)], RenderOptions(), {"GITHUB_STEP_SUMMARY": str(target)}) is None
    assert target.read_text(encoding="utf-8").startswith("# earlier step\n## nflint-spot\n")
    assert append_step_summary([_d(Severity.ERROR)], RenderOptions(), {}) is None
    problem = append_step_summary([], RenderOptions(), {"GITHUB_STEP_SUMMARY": str(tmp_path / "no" / "dir.md")})
    assert problem is not None and "cannot write the step summary" in problem


def test_cli_github_format_writes_the_step_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.chdir(FIXTURES / "output")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = CliRunner().invoke(main, ["check", "--select", "CFG011,CFG012,CFG014,CFG020", "--format", "github",
                                       "nextflow.config"])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("::error file=nextflow.config,line=9,col=5,")
    written = summary.read_text(encoding="utf-8")
    assert "Found 4 problems (1 error, 2 warnings, 1 info); 2 fixable with --fix." in written
    assert written.count("\n| nextflow.config:") == 4
    assert "| nextflow.config:9:5 | CFG011 `selector-with-equals` | error |" in written
    # other formats never touch it
    CliRunner().invoke(main, ["check", "--format", "json", "nextflow.config"])
    assert summary.read_text(encoding="utf-8") == written
