"""Hover documentation and code actions of the language server, without a server."""

from __future__ import annotations

import pytest
from lsprotocol import types as lsp

from nflint_spot.analysis.scenarios import load
from nflint_spot.diagnostics import Diagnostic, Severity
from nflint_spot.fixes import Fix, TextEdit
from nflint_spot.lsp.actions import code_actions, ignore_action, to_lsp_diagnostic
from nflint_spot.lsp.hover import option_hover, option_key, word_at
from nflint_spot.lsp.positions import PositionConverter
from nflint_spot.span import span_at_offset

CONFIG = """\
process {
    executor = 'awsbatch'
    queue = 'spot'
    time = '2h'
    memory = '8 GB'
    errorStrategy = 'retry'
    maxRetries = 2
    maxErrors = -1
    maxSpotAttempts = 3
    withLabel: 'big' { queue = 'od' }
}
executor { name = 'awsbatch' }
aws.batch { maxSpotAttempts = 0; platformType = 'fargate' }
fusion { enabled = true; snapshots = true }
wave.enabled = true
params.queue = 'x'
"""


def hover_at(text: str, needle: str, occurrence: int = 0, path: str = "/p/nextflow.config") -> str | None:
    offset = -1
    for _ in range(occurrence + 1):
        offset = text.index(needle, offset + 1)
    start, end = word_at(text, offset + 1)  # type: ignore[misc]
    return option_hover(option_key(text, start, end, path, load(path, text)))


@pytest.mark.parametrize(("needle", "occurrence", "title", "fact"), [
    ("maxSpotAttempts = 0", 0, "aws.batch.maxSpotAttempts", "forced to **5**"),
    ("errorStrategy", 0, "process.errorStrategy", "2147483647"),
    ("maxRetries", 0, "process.maxRetries", "`maxRetries = 0` is treated as 1"),
    ("queue = 'spot'", 0, "process.queue", "Mandatory for `awsbatch`"),
    ("queue = 'od'", 0, "process.queue", "re-evaluated on each Nextflow retry"),
    ("time", 0, "process.time", "attemptDurationSeconds"),
    ("memory", 0, "process.memory", "8 GiB"),
    ("executor = ", 0, "process.executor", "awsbatch"),
    ("executor {", 0, "`executor`", "executor.name"),
    ("name", 0, "executor.name", "process.executor"),
    ("platformType", 0, "aws.batch.platformType", "Fargate"),
    ("enabled = true;", 0, "fusion.enabled", "wave.enabled = true"),
    ("snapshots", 0, "fusion.snapshots", "becomes **5**"),
    ("enabled = true\n", 0, "wave.enabled", "Fusion"),
    ("maxErrors", 0, "process.maxErrors", "-1 (unlimited)"),
])
def test_option_hover(needle: str, occurrence: int, title: str, fact: str) -> None:
    text = hover_at(CONFIG, needle, occurrence)
    assert text is not None and title in text.split("\n")[0] and fact in text


def test_misplaced_option_gets_the_documentation_and_a_note() -> None:
    text = hover_at(CONFIG, "maxSpotAttempts = 3")
    assert text is not None and "aws.batch.maxSpotAttempts" in text
    assert "Written as `process.maxSpotAttempts`" in text


def test_no_hover_on_params_values_or_unknown_words() -> None:
    assert hover_at(CONFIG, "queue = 'x'") is None  # params.queue is not the directive
    assert hover_at(CONFIG, "awsbatch") is None  # a value
    assert word_at("a = 1", 2) is None  # between words
    assert hover_at("process.queue = { task.time }\n", "time") is None  # in a value


def test_hover_falls_back_to_the_text_when_the_document_does_not_parse() -> None:
    broken = "fusion {\n    enabled = \n}\nwave {\n    enabled = true\n"
    assert "**`fusion.enabled`**" in (hover_at(broken, "enabled") or "")
    assert "**`wave.enabled`**" in (hover_at(broken, "enabled", 1) or "")
    assert hover_at("process {\n    queue = { task.attempt > 1 ? 'a' : 'b' }\n", "task") is None


def diagnostic(text: str, needle: str, code: str = "CFG014", fix: Fix | None = None) -> Diagnostic:
    span = span_at_offset(text, text.index(needle), len(needle))
    return Diagnostic("/p/nextflow.config", span, code, "max-retries-zero", Severity.WARNING, "message", fix=fix)


def test_ignore_action_appends_to_an_existing_ignore_comment() -> None:
    text = "process.maxRetries = 0 // nflint-spot: ignore[SPOT002] long ones\r\nx = 1\r\n"
    d = diagnostic(text, "process.maxRetries = 0")
    converter = PositionConverter(text)
    action = ignore_action(d, to_lsp_diagnostic(d, converter, lambda p: (p, None)), "file:///p", converter)
    assert action is not None and action.title == "Ignore CFG014 on this line"
    (edit,) = action.edit.changes["file:///p"]  # type: ignore[union-attr,index]
    column = text.index("]")
    assert edit.range == lsp.Range(lsp.Position(0, column), lsp.Position(0, column)) and edit.new_text == ", CFG014"


def test_ignore_action_replaces_trailing_blanks_and_goes_before_multiline_starts() -> None:
    text = "process.maxRetries = 0   \r\nparams.x = '''\nprocess.maxRetries = 0\n'''\n"
    d = diagnostic(text, "process.maxRetries = 0")
    converter = PositionConverter(text)
    action = ignore_action(d, to_lsp_diagnostic(d, converter, lambda p: (p, None)), "file:///p", converter)
    (edit,) = action.edit.changes["file:///p"]  # type: ignore[union-attr,index]
    assert edit.range == lsp.Range(lsp.Position(0, 22), lsp.Position(0, 25))
    assert edit.new_text == " // nflint-spot: ignore[CFG014]"
    # A line ending inside a multi-line string (it had no ignore action): the comment goes
    # alone on the line before, as `check --add-noqa` puts it; a line inside the string has none.
    opening = diagnostic(text, "params.x = '''")
    action = ignore_action(opening, to_lsp_diagnostic(opening, converter, lambda p: (p, None)), "u", converter)
    (edit,) = action.edit.changes["u"]  # type: ignore[union-attr,index]
    assert edit.range == lsp.Range(lsp.Position(1, 0), lsp.Position(1, 0))
    assert edit.new_text == "// nflint-spot: ignore[CFG014]\n"
    inside = diagnostic(text, "process.maxRetries = 0\n'''")
    assert ignore_action(inside, to_lsp_diagnostic(inside, converter, lambda p: (p, None)), "u", converter) is None


def test_unsafe_fix_title_and_kind_filter() -> None:
    text = "aws.batch.maxSpotAttempts = 3\n"
    fix = Fix("Set aws.batch.maxSpotAttempts = 0", (TextEdit(span_at_offset(text, 28, 1), "0"),), safe=False)
    d = diagnostic(text, "aws.batch.maxSpotAttempts = 3", "SPOT003", fix)
    converter = PositionConverter(text)
    items = [(d, to_lsp_diagnostic(d, converter, lambda p: (p, None)), converter)]
    actions = list(code_actions(items, "file:///p", None))
    assert [a.title for a in actions] == ["Set aws.batch.maxSpotAttempts = 0 (SPOT003) (unsafe)", "Ignore SPOT003 on this line"]
    assert actions[0].is_preferred is False
    assert list(code_actions(items, "file:///p", [lsp.CodeActionKind.Refactor])) == []


def test_lsp_diagnostic_fields() -> None:
    text = "// nflint-spot: ignore[CFG014]\n"
    d = Diagnostic("/p/nextflow.config", span_at_offset(text, 0, 30), "SUP001", "unused-suppression", Severity.INFO,
                   "suppression of CFG014 matches no finding; remove it", "Delete the comment.", profiles=("aws",))
    converted = to_lsp_diagnostic(d, PositionConverter(text), lambda p: (p, None))
    assert converted.severity == lsp.DiagnosticSeverity.Information
    assert converted.tags == [lsp.DiagnosticTag.Unnecessary]
    assert converted.message == "suppression of CFG014 matches no finding; remove it [profile: aws]\nDelete the comment."
    assert converted.code_description.href.endswith("docs/rules.md#sup001")  # type: ignore[union-attr]
