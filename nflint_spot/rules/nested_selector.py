from __future__ import annotations

from typing import Iterator

from ..diagnostics import Finding, Severity
from ..config.model import ConfigModel
from .base import NoOptions, Rule


class NestedSelector(Rule):
    """A selector inside another selector, or outside the `process` scope, never applies.

    Why: the legacy parser accepts a `withName:` inside a `withLabel:` block but Nextflow skips
    it when building process settings, so its queue or time silently never apply; the strict
    parser (the default since 26.04) rejects the file. Selectors are only meaningful directly
    in `process { }` (also inside a profile's `process { }`).

    Bad:
        process {
            withLabel: 'big' {
                withName: 'ALIGN' { queue = 'on-demand' }
            }
        }

    Good:
        process {
            withLabel: 'big' { memory = 64.GB }
            withName: 'ALIGN' { queue = 'on-demand' }
        }

    Fix: move the inner selector out to the `process` scope (combine conditions with a
    regex if needed, e.g. `withName: 'ALIGN|SORT'`).
    """

    code = "CFG012"
    name = "nested-selector"
    severity = Severity.WARNING
    releases_matter = frozenset()  # the config's own words, whatever the release

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        for issue in model.loaded.selector_issues:
            if not model.in_scope(issue.profile, issue.within):
                continue
            if issue.kind == "nested":
                message = f"nested selector {issue.selector} is ignored by Nextflow (and rejected by the strict parser)"
                suggestion = "Move it out to the process scope."
            elif issue.kind == "outside-process":
                message = f"selector {issue.selector} outside the process scope never applies"
                suggestion = "Move it into `process { }`."
            else:
                continue
            yield Finding(issue.span, message, suggestion, path=issue.path)
