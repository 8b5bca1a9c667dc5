"""Where a rule's documentation lives on the web. One address per rule, the same in the text
report's `= docs:` line, SARIF's `helpUri` and `rules --output-format json`'s `url`. Imports
nothing: the text report uses it on every `check`."""

from __future__ import annotations

# The one place the project's address is written (SARIF informationUri too).
PROJECT_URL = "https://github.com/nflint-spot/nflint-spot"
RULES_DOC_URL = f"{PROJECT_URL}/blob/main/docs/rules.md"


def rule_doc_url(code: str) -> str:
    """docs/rules.md gives each rule a `## CODE` heading (docs.rules_markdown); GitHub's
    anchor for a heading is its text in lower case."""
    return f"{RULES_DOC_URL}#{code.lower()}"
