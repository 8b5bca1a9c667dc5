"""`rules --output-format json`: the rule catalogue as data, for tools that list, link or
configure rules. Stable schema, `version` 1 (tests/schemas/rules-json.schema.json, README):

{"version": 1, "tool": {"name", "version"},
 "rules": [{"code", "name", "severity", "enabled", "fixable", "summary", "documentation", "url"}]}

`severity` and `enabled` are the defaults (the bundled rules.yaml), before a project's own
rules.yaml; `fixable` is one of rules.base.FIXABLE_KINDS; `documentation` is the rule's whole
text as `rules CODE` prints it; `url` its section of docs/rules.md (rule_urls).
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from .rule_urls import rule_doc_url
from ..rules.base import Rule
from ..lint.settings import LintSettings, load_settings

RULES_JSON_VERSION = 1


def rules_json(rules: tuple[type[Rule], ...]) -> str:
    defaults = load_settings()  # the bundled rules.yaml alone: no project's file is looked for
    report = {
        "version": RULES_JSON_VERSION,
        "tool": {"name": "nflint-spot", "version": __version__},
        "rules": [rule_json(rule, defaults) for rule in rules],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def rule_json(rule: type[Rule], defaults: LintSettings) -> dict[str, Any]:
    config = defaults.rule_config(rule.code)
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": config.severity.value,
        "enabled": config.enabled,
        "fixable": rule.fixable,
        "summary": rule.summary(),
        "documentation": rule.documentation(),
        "url": rule_doc_url(rule.code),
    }
