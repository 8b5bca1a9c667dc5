from __future__ import annotations

from typing import Iterator

from ..syntax import nodes as n
from ..diagnostics import Finding, Related, Severity
from ..fixes import Fix, TextEdit
from ..config.model import ConfigModel, Directive, ProcessView
from .base import NoOptions, Rule
from .common import MAX_RELATED, location, names, per_views, views_findings
from .config_values import RetryOutlook, error_strategy_is_known, fixed_zero, node_location, retry_outlook



class MaxRetriesZero(Rule):
    """`maxRetries = 0` does not turn retries off: Nextflow treats 0 as 1.

    Why: `TaskConfig.getMaxRetries` reads the setting with Groovy truth, and 0 is false, so
    it falls back to the default: one retry when errorStrategy is 'retry'. A config that
    writes `maxRetries = 0` next to a retrying errorStrategy (its own, or the pipeline's it
    is layered over) still re-runs each failed task once — on Spot, once more on a Spot
    instance that can be reclaimed again.

    Bad:
        process {
            errorStrategy = 'retry'
            withLabel: 'long' {
                maxRetries = 0
            }
        }

    Good:
        process {
            errorStrategy = 'retry'
            withLabel: 'long' {
                errorStrategy = 'terminate'
            }
        }

    Fix: write `maxRetries = 1` (a safe fix: the same behaviour, now visible); if no retry is
    wanted, use an errorStrategy that does not retry ('terminate', 'finish' or 'ignore').
    """

    code = "CFG014"
    name = "max-retries-zero"
    severity = Severity.WARNING
    fixable = "safe"
    needs_complete_config = True
    # Whether errorStrategy retries: a directive assigned in a process body, a setting a closure reads.
    releases_matter = frozenset({"assignments", "strict-parser"})

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        # Beyond the views, one fact of the scenario: whether the config says all there is
        # about errorStrategy (retry_outlook's last step).
        known = error_strategy_is_known(model)
        yield from views_findings(model, ("max-retries-zero", known), lambda: _findings(model, known))


def _findings(model: ConfigModel, known: bool) -> Iterator[Finding]:
    for directive, outlooks in _zero_groups(model):
        if not known:
            outlooks = [RetryOutlook(o.view, None) if o.possible is False else o for o in outlooks]
        retrying = [o.view for o in outlooks if o.possible is True]
        unknown = [o.view for o in outlooks if o.possible is None]
        if not retrying and not unknown:
            continue  # never retries: 0 and 1 behave the same, nothing to report
        yield _finding(directive, retrying, unknown)


def _zero_groups(model: ConfigModel) -> list[tuple[Directive, list[RetryOutlook]]]:
    """Each fixed `maxRetries = 0` and the retry outlook of the views it applies to, taking
    the config as complete: once for the scenarios sharing the views and their plans."""
    def compute() -> list[tuple[Directive, list[RetryOutlook]]]:
        groups: dict[tuple[str, int], tuple[Directive, list[RetryOutlook]]] = {}
        zero: dict[int, bool] = {}  # by directive: most views share the defaults' one
        for view in model.processes:
            directive = view.get("maxRetries")
            if directive is None:
                continue
            known = zero.get(id(directive))
            if known is None:
                known = zero[id(directive)] = fixed_zero(directive.value)
            if known:
                where = directive.provenance
                groups.setdefault((where.path, where.span.start), (directive, []))[1].append(
                    retry_outlook(model, view, True))
        return list(groups.values())

    return per_views(model, "max-retries-zero", compute)


def _finding(directive: Directive, retrying: list[ProcessView], unknown: list[ProcessView]) -> Finding:
    if retrying:
        message = (f"maxRetries = 0 is treated as 1 by Nextflow: a failed task of {names(retrying)} "
                   "is still retried once, because errorStrategy resolves to 'retry'")
    else:
        message = (f"maxRetries = 0 is treated as 1 by Nextflow: a failed task of {names(unknown)} "
                   "is still retried once whenever errorStrategy resolves to 'retry'")
    related: list[Related] = []
    seen: set[tuple[str, int]] = set()
    for view in retrying or unknown:
        strategy = view.get("errorStrategy")
        where = location(strategy)
        if where is None or (where[0], where[1].start) in seen or len(related) >= MAX_RELATED:
            continue
        seen.add((where[0], where[1].start))
        related.append(Related(where[0], where[1], "errorStrategy is set here"))
    fix = None
    if isinstance(directive.value, n.Literal):
        _, span, exact = node_location(directive, directive.value)
        if exact:
            fix = Fix("Write `maxRetries = 1`", (TextEdit(span, "1"),), safe=True)
    path, span = location(directive) or (directive.provenance.path, directive.provenance.span)
    return Finding(
        span, message,
        "Write maxRetries = 1 to say what happens; if no retry is wanted, use an errorStrategy that "
        "does not retry ('terminate', 'finish' or 'ignore').",
        fix=fix, related=tuple(related), processes=tuple(v.name for v in retrying or unknown), path=path,
    )
