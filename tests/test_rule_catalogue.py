"""The rule catalogue a user reads: `rules --output-format json` (valid against
tests/schemas/rules-json.schema.json), `rules RULE` with a rule's whole documentation, each
rule's declared fix kind against the fixes its fixtures really get, and the one address of a
rule's documentation that the text report, SARIF and the JSON catalogue all give."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO_ROOT
from test_rules import _lint, _prepare, _rule_of, _scenarios

from nflint_spot import __version__
from nflint_spot.diagnostics import Diagnostic, Severity
from nflint_spot.output.formats import RenderOptions
from nflint_spot.output.formats import sarif, text
from nflint_spot.rules import ALL_RULES, RULES_BY_CODE
from nflint_spot.span import Span
from conftest import run_cli as run

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "rules-json.schema.json").read_text(encoding="utf-8"))
DOCS = "https://github.com/nflint-spot/nflint-spot/blob/main/docs/rules.md"
# What each declared kind lets a rule's fixes be (Fix.safe).
SAFETY_OF_KIND = {"safe": {True}, "unsafe": {False}, "mixed": {True, False}, "none": set()}


@pytest.mark.parametrize("option", ["--output-format", "--format"])
def test_rules_json_lists_every_rule_valid_against_its_schema(option: str) -> None:
    code, out = run("rules", option, "json")
    assert code == 0
    catalogue = json.loads(out)
    jsonschema.Draft202012Validator(SCHEMA).validate(catalogue)
    assert catalogue["tool"] == {"name": "nflint-spot", "version": __version__}
    assert [r["code"] for r in catalogue["rules"]] == [rule.code for rule in ALL_RULES]
    by_code = {r["code"]: r for r in catalogue["rules"]}
    assert by_code["CFG014"] == {
        "code": "CFG014", "name": "max-retries-zero", "severity": "warning", "enabled": True, "fixable": "safe",
        "summary": RULES_BY_CODE["CFG014"].summary(), "documentation": RULES_BY_CODE["CFG014"].documentation(),
        "url": f"{DOCS}#cfg014"}
    assert [by_code[c]["fixable"] for c in ("SYN001", "SPOT004", "SPOT012", "CFG011")] == \
        ["none", "unsafe", "mixed", "safe"]
    assert (by_code["SPOT004"]["severity"], by_code["SYN001"]["severity"]) == ("info", "error")


def test_rules_json_of_named_rules_in_the_order_given() -> None:
    code, out = run("rules", "--output-format", "json", "spot012", "Max-Retries-Zero")
    assert code == 0
    assert [r["code"] for r in json.loads(out)["rules"]] == ["SPOT012", "CFG014"]


def test_rules_schema_refuses_what_the_catalogue_must_not_say() -> None:
    """The schema is not a rubber stamp: a fix kind outside the four, or a rule without its
    url, is invalid."""
    rule = json.loads(run("rules", "--output-format", "json", "CFG014")[1])
    bad_kind = {**rule, "rules": [{**rule["rules"][0], "fixable": "yes"}]}
    no_url = {**rule, "rules": [{k: v for k, v in rule["rules"][0].items() if k != "url"}]}
    for invalid in (bad_kind, no_url):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.Draft202012Validator(SCHEMA).validate(invalid)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_declared_fix_kind_is_what_the_fixtures_get(rule, tmp_path: Path) -> None:
    """`fixable` is declared, not inferred: every fix the rule's fixtures get must be of the
    declared kind, and each kind it declares must be shown by some fixture."""
    seen: set[bool] = set()
    for number, scenario in enumerate(s for s in _scenarios() if _rule_of(s) is rule):
        (tmp_path / str(number)).mkdir()
        config, _ = _prepare(scenario, tmp_path / str(number))
        seen |= {d.fix.safe for d in _lint(config, scenario, rule).diagnostics if d.fix is not None}
    assert seen == SAFETY_OF_KIND[rule.fixable], f"{rule.code} declares fixable = {rule.fixable!r}"


def test_rules_with_a_rule_prints_its_whole_documentation() -> None:
    code, out = run("rules", "spot012")
    assert code == 0
    assert out.startswith("SPOT012 spot-attempts-out-of-range (default severity: error)\n\n")
    assert "\nBad:\n    aws.batch.maxSpotAttempts = 20\n" in out and "\nFix: the unsafe fix writes 10" in out
    assert out.endswith("\nAutomatic fix: safe in some cases, unsafe in others (each finding's fix line says which)\n"
                        f"Documentation: {DOCS}#spot012\n")
    assert run("explain", "SPOT012") == (0, out)
    code, out = run("rules", "long-task-on-spot")
    assert code == 0 and "\nOptions (rules.yaml):\n  long_task: 4h\n" in out


def test_rules_with_an_unknown_rule_or_markdown_and_a_rule_is_refused() -> None:
    code, out = run("rules", "CFG011", "NOPE")
    assert code == 2 and "unknown rule 'NOPE'" in out and "CFG011" not in out.split("error:")[0]
    code, out = run("rules", "--markdown", "CFG011")
    assert code == 2 and "--markdown prints the whole docs/rules.md" in out


def test_docs_urls_point_at_a_heading_of_docs_rules_md() -> None:
    headings = set(re.findall(r"^## (\S+)$", (REPO_ROOT / "docs" / "rules.md").read_text(encoding="utf-8"), re.M))
    catalogue = {r["code"]: r["url"] for r in json.loads(run("rules", "--output-format", "json")[1])["rules"]}
    descriptors = json.loads(sarif.render([], RenderOptions()))["runs"][0]["tool"]["driver"]["rules"]
    help_uris = {d["id"]: d["helpUri"] for d in descriptors}
    for rule in ALL_RULES:
        assert rule.code in headings
        assert catalogue[rule.code] == help_uris[rule.code] == f"{DOCS}#{rule.code.lower()}"


def _diagnostic(code: str, name: str) -> Diagnostic:
    return Diagnostic("nextflow.config", Span(0, 1, 1, 1, 1, 2), code, name, Severity.WARNING, "m", "do this")


def test_text_output_links_each_finding_to_its_rule_documentation() -> None:
    out = text.render([_diagnostic("SPOT002", "long-task-on-spot"), _diagnostic("INT001", "internal-error")])
    assert out.splitlines() == [
        "nextflow.config:1:1: SPOT002 [warning] m",
        "  = help: do this",
        f"  = docs: {DOCS}#spot002",
        "nextflow.config:1:1: INT001 [warning] m",
        "  = help: do this",  # a crashed rule is not in the catalogue: no documentation to link
        "Found 2 problems (2 warnings).",
    ]
    quiet = text.render([_diagnostic("SPOT002", "long-task-on-spot")], RenderOptions(quiet=True))
    assert quiet == "nextflow.config:1:1: SPOT002 [warning] m\n"


def test_check_text_output_has_the_docs_line_after_each_finding(tmp_path: Path) -> None:
    config = tmp_path / "nextflow.config"
    config.write_text("process {\n    withName = 'ALIGN' { queue = 'od' }\n}\n", encoding="utf-8")
    code, out = run("check", "--no-cache", "--select", "CFG011", str(config))
    assert code == 1
    assert out.splitlines()[1:] == [
        "  |     withName = 'ALIGN' { queue = 'od' }",
        "  |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        "  = help: Write `withName: ...` with a colon.",
        "  = fix: Use `withName:`",
        f"  = docs: {DOCS}#cfg011",
        "Found 1 problem (1 error); 1 fixable with --fix.",
    ]
