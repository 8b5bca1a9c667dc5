from __future__ import annotations

from typing import Iterator

from ..diagnostics import Finding, Severity
from ..config.model import ConfigModel
from .base import NoOptions, Rule


class UnusedSuppression(Rule):
    """A suppression comment that silences nothing.

    Why: a stale `// nflint-spot: ignore[...]` hides the next real problem on that line and
    documents a risk that is no longer there. Codes of rules that did not run (disabled or
    not selected) are not judged.

    Bad:
        process.queue = 'od-queue'  // nflint-spot: ignore[SPOT002] long tasks are fine here

    Good:
        process.queue = 'od-queue'

    Fix: delete the comment, or the code that no longer matches from its list (a safe fix:
    `--fix` removes the code, and the comment once no code is left).
    """

    code = "SUP001"
    name = "unused-suppression"
    severity = Severity.INFO
    fixable = "safe"
    scope = "file"  # produced by the linter after suppressions are applied

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        return iter(())
