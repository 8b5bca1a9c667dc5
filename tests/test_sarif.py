"""`--format sarif`: valid against the official SARIF 2.1.0 schema (tests/schemas/), every rule
in the driver, UTF-16 columns, fingerprints that survive moved lines, fixes, and URIs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import FIXTURES
from nflint_spot import __version__
from nflint_spot.diagnostics import Diagnostic, Related, Severity
from nflint_spot.output.formats import RenderOptions, sarif
from nflint_spot.output.formats.common import utf16_columns
from nflint_spot.output.rule_urls import PROJECT_URL
from nflint_spot.lint.linter import Selection, lint_text
from nflint_spot.rules import ALL_RULES
from nflint_spot.span import Span, span_at_offset

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
FIXTURE = (FIXTURES / "output" / "nextflow.config").read_text(encoding="utf-8")
SELECT = Selection(select=("CFG011", "CFG012", "CFG014", "CFG020"))

# jsonschema checks "uri" formats only with an optional package; these do enough for our
# output: an absolute URI has a scheme, and no URI holds spaces, backslashes or non-ASCII.
_FORMATS = jsonschema.FormatChecker()


@_FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or (re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", value) is not None
                                          and value.isascii() and "\\" not in value)


@_FORMATS.checks("uri-reference")
def _is_uri_reference(value: object) -> bool:
    return not isinstance(value, str) or (value.isascii() and not re.search(r"[\s\\]", value))


def assert_valid_sarif(log: dict[str, Any]) -> None:
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=_FORMATS)
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    assert problems == []


def lint_and_render(directory: Path, text: str, **options: Any) -> dict[str, Any]:
    path = directory / "nextflow.config"
    path.write_text(text, encoding="utf-8")
    result = lint_text(text, str(path), selection=SELECT)
    return json.loads(sarif.render(result.diagnostics, RenderOptions(root=str(directory), texts=result.texts, **options)))


def test_fixture_report_is_valid_sarif(tmp_path: Path) -> None:
    log = lint_and_render(tmp_path, FIXTURE)
    assert_valid_sarif(log)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["CFG020", "CFG014", "CFG011", "CFG012"]


def test_no_findings_and_files_outside_the_root_are_valid(tmp_path: Path) -> None:
    empty = json.loads(sarif.render([], RenderOptions()))
    assert_valid_sarif(empty)
    assert empty["runs"][0]["results"] == []
    assert empty["runs"][0]["invocations"] == [{"executionSuccessful": True, "exitCode": 0}]
    outside = Diagnostic(str(tmp_path / "my dir" / "é.config"), Span(0, 1, 1, 1, 1, 2), "CFG011",
                         "selector-with-equals", Severity.ERROR, "m")
    log = json.loads(sarif.render([outside], RenderOptions(root=str(tmp_path / "elsewhere"))))
    assert_valid_sarif(log)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": (tmp_path / "my dir" / "é.config").as_uri(), "index": 0}
    assert "%20" in location["uri"] and "uriBaseId" not in location


def test_relative_uris_are_percent_encoded(tmp_path: Path) -> None:
    inside = Diagnostic(str(tmp_path / "conf" / "my base.config"), Span(0, 1, 1, 1, 1, 2), "CFG011",
                        "selector-with-equals", Severity.ERROR, "m")
    log = json.loads(sarif.render([inside], RenderOptions(root=str(tmp_path))))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "conf/my%20base.config", "uriBaseId": "%SRCROOT%", "index": 0}


def test_driver_lists_every_rule_with_its_documentation() -> None:
    driver = json.loads(sarif.render([], RenderOptions()))["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["informationUri"]) == ("nflint-spot", __version__, PROJECT_URL)
    assert [r["id"] for r in driver["rules"]] == [rule.code for rule in ALL_RULES]
    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    for rule, descriptor in zip(ALL_RULES, driver["rules"]):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary()
        assert descriptor["fullDescription"]["text"] and "Why:" not in descriptor["fullDescription"]["text"]
        assert descriptor["help"]["text"] == rule.documentation()
        assert "**Why**" in descriptor["help"]["markdown"]
        assert descriptor["helpUri"] == f"{PROJECT_URL}/blob/main/docs/rules.md#{rule.code.lower()}"
        assert descriptor["defaultConfiguration"] == {"level": levels[rule.severity]}


def test_full_description_is_the_why_section() -> None:
    [descriptor] = [r for r in json.loads(sarif.render([], RenderOptions()))["runs"][0]["tool"]["driver"]["rules"]
                    if r["id"] == "CFG011"]
    assert descriptor["fullDescription"]["text"].startswith("with `=` the legacy parser reads an assignment")
    assert descriptor["fullDescription"]["text"].endswith('The strict parser reports "Unrecognized config option".')


def test_results_levels_indices_related_and_fix(tmp_path: Path) -> None:
    run = lint_and_render(tmp_path, FIXTURE)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = {r["ruleId"]: r for r in run["results"]}
    assert {code: r["level"] for code, r in results.items()} == {
        "CFG020": "note", "CFG014": "warning", "CFG011": "error", "CFG012": "warning"}
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    [related] = results["CFG014"]["relatedLocations"]
    assert related["message"] == {"text": "errorStrategy is set here"}
    assert related["physicalLocation"]["region"] == {"startLine": 7, "startColumn": 5, "endLine": 7, "endColumn": 28}
    [fix] = results["CFG011"]["fixes"]
    [change] = fix["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "nextflow.config", "uriBaseId": "%SRCROOT%", "index": 0}
    assert change["replacements"] == [{"deletedRegion": {"startLine": 9, "startColumn": 13, "endLine": 9, "endColumn": 16},
                                       "insertedContent": {"text": ": "}}]
    assert "fixes" not in results["CFG012"]


def test_columns_are_utf16_code_units(tmp_path: Path) -> None:
    run = lint_and_render(tmp_path, FIXTURE)["runs"][0]
    regions = {r["ruleId"]: r["locations"][0]["physicalLocation"]["region"] for r in run["results"]}
    # `    withLabel: 'bïg𝄞' { withName: ...`: 𝄞 is one code point (column 25) but two UTF-16 units
    assert regions["CFG012"] == {"startLine": 10, "startColumn": 26, "endLine": 10, "endColumn": 55}
    # `def greeting = "𝄞 hello"`: the end moves, the start does not
    assert regions["CFG020"] == {"startLine": 4, "startColumn": 1, "endLine": 4, "endColumn": 26}
    assert run["columnKind"] == "utf16CodeUnits"


@pytest.mark.parametrize(("text", "offset", "length", "expected"), [
    ("abc", 1, 1, (2, 3)),
    ("é𝄞x", 2, 1, (4, 5)),           # é is one unit, 𝄞 two
    ("𝄞\n𝄞𝄞y", 4, 1, (5, 6)),         # columns restart on each line
    ("a𝄞\nbc", 1, 4, (2, 3)),         # a span over two lines: end column on its own line
])
def test_utf16_columns(text: str, offset: int, length: int, expected: tuple[int, int]) -> None:
    assert utf16_columns(span_at_offset(text, offset, length), text) == expected


def test_utf16_columns_without_text_or_with_a_mismatched_text() -> None:
    span = Span(5, 7, 2, 3, 2, 5)
    assert utf16_columns(span, None) == (3, 5)
    assert utf16_columns(span, "short") == (3, 5)
    assert utf16_columns(span, "0123456789") == (3, 5)  # offset 2 of the "line" is no line start


def test_fingerprints_survive_moved_lines_and_change_with_the_finding(tmp_path: Path) -> None:
    def prints(directory: Path, text: str) -> dict[str, str]:
        directory.mkdir()
        results = lint_and_render(directory, text)["runs"][0]["results"]
        return {r["ruleId"]: r["partialFingerprints"]["nflintSpot/v1"] for r in results}

    original = prints(tmp_path / "a", FIXTURE)
    moved = prints(tmp_path / "b", "// two lines\n// added above\n\n" + FIXTURE.replace("    maxRetries = 0", "  maxRetries  =  0"))
    assert moved == original and len(set(original.values())) == 4
    changed = prints(tmp_path / "c", FIXTURE.replace("withName = 'ALIGN'", "withName = 'SORT'"))
    assert changed["CFG011"] != original["CFG011"]
    assert {k: v for k, v in changed.items() if k != "CFG011"} == {k: v for k, v in original.items() if k != "CFG011"}


def test_identical_findings_get_distinct_fingerprints(tmp_path: Path) -> None:
    text = "process {\n    withName = 'A' { cpus = 1 }\n}\nprofiles { p { process { withName = 'A' { cpus = 1 } } } }\n"
    results = lint_and_render(tmp_path, text)["runs"][0]["results"]
    prints = [r["partialFingerprints"]["nflintSpot/v1"] for r in results if r["ruleId"] == "CFG011"]
    assert len(prints) == 2 and len(set(prints)) == 2


def test_a_code_outside_the_catalogue_gets_a_descriptor() -> None:
    crashed = Diagnostic("x.config", Span(0, 1, 1, 1, 1, 2), "INT001", "internal-error", Severity.ERROR, "boom")
    log = json.loads(sarif.render([crashed], RenderOptions(exit_code=1)))
    assert_valid_sarif(log)
    run = log["runs"][0]
    [result] = run["results"]
    assert result["ruleIndex"] == len(ALL_RULES)
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "INT001"


def test_messages_name_profiles_and_unsafe_fixes_say_so() -> None:
    from nflint_spot.fixes import Fix, TextEdit

    span = Span(0, 1, 1, 1, 1, 2)
    d = Diagnostic("x.config", span, "SPOT002", "long-task-on-spot", Severity.WARNING, "long",
                   fix=Fix("Add a fallback", (TextEdit(span, "q"),), safe=False), profiles=("aws",))
    [result] = json.loads(sarif.render([d], RenderOptions()))["runs"][0]["results"]
    assert result["message"]["text"] == "long [profile: aws]"
    assert result["fixes"][0]["description"]["text"] == "Add a fallback (unsafe: changes behaviour)"
    assert result["properties"] == {"profiles": ["aws"]}


def test_artifacts_list_every_file_read_and_results_point_at_them_by_index(tmp_path: Path) -> None:
    """An included config without a finding is an artifact too; every artifact location of a
    result (its location, related locations, fix) carries the index of its file there."""
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "base.config").write_text("params.greeting = 'hi'\n", encoding="utf-8")
    log = lint_and_render(tmp_path, "includeConfig 'conf/base.config'\n" + FIXTURE)
    assert_valid_sarif(log)
    run = log["runs"][0]
    assert run["artifacts"] == [{"location": {"uri": "nextflow.config", "uriBaseId": "%SRCROOT%"}},
                                {"location": {"uri": "conf/base.config", "uriBaseId": "%SRCROOT%"}}]
    here = {"uri": "nextflow.config", "uriBaseId": "%SRCROOT%", "index": 0}
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"],
             r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]] == [
        ("CFG020", here, 5), ("CFG014", here, 9), ("CFG011", here, 10), ("CFG012", here, 11)]
    results = {r["ruleId"]: r for r in run["results"]}
    assert [(r["physicalLocation"]["artifactLocation"], r["physicalLocation"]["region"]["startLine"])
            for r in results["CFG014"]["relatedLocations"]] == [(here, 8)]
    changes = [change for fix in results["CFG011"]["fixes"] for change in fix["artifactChanges"]]
    assert [change["artifactLocation"] for change in changes] == [here]


def test_one_artifact_per_file_however_its_path_is_spelled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files read come first in reading order, then the other files results name; a path as
    typed and the same path made absolute are one artifact; a file outside the root is one
    with an absolute URI."""
    monkeypatch.chdir(tmp_path)
    texts = {"nextflow.config": "process.queue = 'q'\n", str(tmp_path / "conf" / "base.config"): "params.x = 1\n"}
    script = str(tmp_path / "modules" / "align" / "main.nf")
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere" / "x.config"
    found = [Diagnostic(str(tmp_path / "nextflow.config"), Span(0, 5, 1, 1, 1, 6), "CFG014", "max-retries-zero",
                        Severity.WARNING, "m", related=(Related(script, Span(3, 4, 2, 4, 2, 5), "here"),)),
             Diagnostic(str(elsewhere), Span(0, 1, 1, 1, 1, 2), "CFG011", "selector-with-equals", Severity.ERROR,
                        "m")]
    log = json.loads(sarif.render(found, RenderOptions(texts=texts)))
    assert_valid_sarif(log)
    run = log["runs"][0]
    assert [a["location"] for a in run["artifacts"]] == [
        {"uri": "nextflow.config", "uriBaseId": "%SRCROOT%"},
        {"uri": "conf/base.config", "uriBaseId": "%SRCROOT%"},
        {"uri": "modules/align/main.nf", "uriBaseId": "%SRCROOT%"},
        {"uri": elsewhere.as_uri()}]
    first, second = run["results"]
    assert first["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "nextflow.config", "uriBaseId": "%SRCROOT%", "index": 0}
    assert first["relatedLocations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "modules/align/main.nf", "uriBaseId": "%SRCROOT%", "index": 2}
    assert second["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": elsewhere.as_uri(), "index": 3}
    assert json.loads(sarif.render([], RenderOptions()))["runs"][0]["artifacts"] == []
