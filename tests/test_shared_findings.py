"""A rule declares what its findings depend on (Rule.shares, Rule.sharing_key) and the
linter checks it once for the profile scenarios sharing that (speed/shared.py): the rule
itself never names a cache. Shown with a rule of the test's own, which records the
scenarios its check ran for."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from nflint_spot.config.model import ConfigModel
from nflint_spot.diagnostics import Finding, Severity
from nflint_spot.lint import linter
from nflint_spot.lint.linter import INTERNAL_ERROR_CODE, lint_text
from nflint_spot.lint.settings import LintSettings, RuleConfig
from nflint_spot.rules.base import NoOptions, Rule
from nflint_spot.speed import carried

# `test` sets a param no process reads and `region` a setting no process reads: both keep
# the base config's views and batch processes. `other` changes a queue: views of its own.
# `skip` is a scenario the rules below find nothing in (their sharing_key is None).
CONFIG = """\
process {
    executor = 'awsbatch'
    queue = 'spot-q'
}
profiles {
    test {
        params.unread = 'x'
    }
    other {
        process.queue = 'other-q'
    }
    region {
        aws.region = 'eu-west-1'
    }
    skip {
        params.skip = true
    }
}
"""
CODE = "TST901"
checked: list[str] = []


class QueueOfViews(Rule):
    """Points at the process defaults' queue; reads the views and aws.region."""

    code = CODE
    name = "queue-of-views"
    severity = Severity.WARNING
    shares: str | None = "views"

    def sharing_key(self, model: ConfigModel, options: NoOptions) -> tuple[object, ...] | None:
        if "skip" in model.profiles:
            return None
        return (model.setting("aws.region"),)

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        if "skip" in model.profiles:
            raise AssertionError("check ran where sharing_key is None")
        checked.append(model.profile_label)
        queue = model.processes[0].get("queue")
        assert queue is not None
        yield Finding(queue.provenance.span, "the process defaults' queue", path=queue.provenance.path)


class QueueOfBatch(QueueOfViews):
    """Points at the process defaults' queue; reads the batch processes alone."""

    shares = "batch"

    def sharing_key(self, model: ConfigModel, options: NoOptions) -> tuple[object, ...] | None:
        return None if "skip" in model.profiles else ()


@pytest.fixture
def lint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Lints CONFIG with only `rule` on (one release: one scenario per profile)."""
    path = tmp_path / "nextflow.config"
    path.write_text(CONFIG, encoding="utf-8")
    checked.clear()
    carried.clear()

    def run(rule: type[Rule], strict: bool = True) -> list[linter.Diagnostic]:
        monkeypatch.setattr(linter, "ALL_RULES", (rule,))
        settings = LintSettings(rules={CODE: RuleConfig(True, Severity.WARNING, NoOptions())},
                                nextflow_version="26.04.0")
        return lint_text(CONFIG, str(path), settings=settings, strict=strict).diagnostics

    return run


@pytest.mark.parametrize("carrying", [False, True], ids=["within-lint", "carried"])
def test_a_views_rule_is_checked_once_per_views_and_key(lint, carrying: bool,  # type: ignore[no-untyped-def]
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(carried, "enabled", carrying)
    found = lint(QueueOfViews)
    # test shares the base's views and key; region names another aws.region; other has views
    # of its own; skip finds nothing, unchecked.
    assert sorted(checked) == ["(base)", "other", "region"]
    assert sorted((d.code, d.span.line, d.profiles) for d in found) == [
        (CODE, 3, ("(base)", "test", "region")), (CODE, 10, ("other",))]
    if carrying:  # the language server's next lint of the same text computes nothing again
        checked.clear()
        assert lint(QueueOfViews) == found
        assert checked == []


@pytest.mark.parametrize("carrying", [False, True], ids=["within-lint", "carried"])
def test_a_batch_rule_is_checked_once_per_batch_processes_and_key(lint, carrying: bool,  # type: ignore[no-untyped-def]
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(carried, "enabled", carrying)
    found = lint(QueueOfBatch)
    assert sorted(checked) == ["(base)", "other"]  # region's aws.region is not in this key
    assert sorted((d.code, d.span.line, d.profiles) for d in found) == [
        (CODE, 3, ("(base)", "test", "region")), (CODE, 10, ("other",))]


def test_an_unknown_sharing_basis_is_an_internal_error_naming_the_rule(lint) -> None:  # type: ignore[no-untyped-def]
    class ByProfile(QueueOfBatch):
        """Declares a basis the linter does not know."""

        shares = "profile"

    with pytest.raises(ValueError, match="rule TST901: shares is 'profile'"):
        lint(ByProfile)
    found = lint(ByProfile, strict=False)
    # In every scenario but skip, where sharing_key finds nothing to check.
    assert [(d.code, d.span.line, d.profiles) for d in found] == [
        (INTERNAL_ERROR_CODE, 1, ("(base)", "test", "other", "region"))]
    assert "rule TST901 (queue-of-views) crashed: ValueError" in found[0].message


def test_the_spot_rules_declare_what_their_findings_depend_on() -> None:
    from nflint_spot.rules import ALL_RULES

    declared = {rule.code: rule.shares for rule in ALL_RULES if rule.shares is not None}
    assert declared == {
        "CFG014": "views", "CFG015": "views", "SPOT014": "views",
        "SPOT001": "batch", "SPOT002": "batch", "SPOT003": "batch", "SPOT004": "batch", "SPOT005": "batch",
        "SPOT006": "batch", "SPOT008": "batch", "SPOT013": "batch",
    }
