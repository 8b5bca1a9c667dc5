from __future__ import annotations

from typing import Iterator

from ..diagnostics import Finding, Severity
from ..fixes import Fix, TextEdit
from ..config.model import ConfigModel
from .base import NoOptions, Rule


class SelectorWithEquals(Rule):
    """`withName = 'X' { }` uses `=` where a selector needs `:`; Nextflow silently ignores it.

    Why: with `=` the legacy parser reads an assignment of a closure call, not a selector,
    and drops it without a word: every setting in the block (queue, time, retries) is lost
    (nextflow-io/nextflow#5957). The strict parser reports "Unrecognized config option".

    Bad:
        process {
            withName = 'ALIGN' {
                queue = 'on-demand'
            }
        }

    Good:
        process {
            withName: 'ALIGN' {
                queue = 'on-demand'
            }
        }

    Fix: replace ` = ` with `: ` (a safe fix for the block form inside `process { }`).
    """

    code = "CFG011"
    name = "selector-with-equals"
    severity = Severity.ERROR
    fixable = "safe"
    releases_matter = frozenset()  # the config's own words, whatever the release

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        for issue in model.loaded.selector_issues:
            if not model.in_scope(issue.profile, issue.within):
                continue
            if issue.kind != "equals":
                continue
            kind = issue.selector.partition(":")[0]
            fix = None
            if issue.equals_span is not None:
                fix = Fix(f"Use `{kind}:`", (TextEdit(issue.equals_span, ": "),), safe=True)
            yield Finding(
                issue.span,
                f"`{kind} =` is not a selector: Nextflow ignores this block and every setting in it",
                f"Write `{kind}: ...` with a colon.",
                fix=fix,
                path=issue.path,
            )
