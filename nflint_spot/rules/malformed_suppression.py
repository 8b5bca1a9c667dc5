from __future__ import annotations

from typing import Iterator

from ..diagnostics import Finding, Severity
from ..config.model import ConfigModel
from .base import NoOptions, Rule


class MalformedSuppression(Rule):
    """A comment meant as a suppression (it opens with `nflint-spot:`) that is not one; it silences nothing.

    Why: a suppression with a typo would otherwise pass unseen while the finding it was
    written for is still reported, or, worse, is believed silenced by whoever reads the
    config. `nflint-spot: ignore` without a bracketed list is not "ignore everything", as a
    bare `noqa` is for ruff: a suppression names the codes it silences. Case does not
    matter (`NFLINT-SPOT: Ignore[spot002]` is valid); an unknown code inside valid brackets
    is reported by SUP001. Only a `//` line comment suppresses, never a `/* */` one.

    Bad:
        process.queue = 'spot'  // nflint-spot: ignore SPOT002
        process.time = '8h'     // nflint-spot: ignore[SPOT002
        /* nflint-spot: ignore[SPOT002] */
        // nflint-spot: ignore[]

    Good:
        process.queue = 'spot'  // nflint-spot: ignore[SPOT002] short tasks only

    Fix: write `// nflint-spot: ignore[CODE,...]` (its own line when trailing code, the next
    line when alone on its line) or `// nflint-spot: ignore-file[CODE,...]`, or delete the
    comment.
    """

    code = "SUP002"
    name = "malformed-suppression"
    severity = Severity.WARNING
    scope = "file"  # produced by the linter from the suppression comments it scans

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        return iter(())
