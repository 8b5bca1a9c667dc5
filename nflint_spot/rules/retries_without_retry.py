from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..syntax import nodes as n
from ..diagnostics import Finding, Related, Severity
from ..values.evaluator import EvalEnv, call_closure_or_value
from ..config.model import ConfigModel, Directive, ProcessView
from .base import Rule
from ..speed.value_memo import per_lint
from .common import MAX_RELATED, location, names, views_findings
from .config_values import error_strategy_is_known, fixed_zero, retry_outlook, string_literal



@dataclass(frozen=True)
class RetriesWithoutRetryOptions:
    # Treat the linted config as complete: when it sets no errorStrategy, Nextflow's default
    # 'terminate' applies. Off by default, because a config without a pipeline (institutional
    # and profile configs) is usually layered over a pipeline config that sets errorStrategy.
    """rules.yaml options of this rule."""

    assume_complete_config: bool = False


class RetriesWithoutRetry(Rule):
    """`maxRetries` is set but errorStrategy never resolves to 'retry', so it has no effect.

    Why: Nextflow retries a failed task only when errorStrategy resolves to 'retry'; the
    default is 'terminate'. `maxRetries` only caps those retries, so on its own — or next to
    'finish', 'ignore' or a closure that never returns 'retry' — it does nothing, and a task
    reclaimed on Spot fails the run instead of being retried. Nextflow's own Spot guide shows
    `process.maxRetries = 5` alone, which is misleading for this reason. Without a pipeline,
    the rule fires only when the config sets an errorStrategy itself (a config without one is
    usually layered over a pipeline's, which sets it), unless `assume_complete_config` is on.

    Bad:
        process {
            errorStrategy = 'finish'
            maxRetries    = 3
        }

    Good:
        process {
            errorStrategy = { task.exitStatus in [143, 137, 2147483647] ? 'retry' : 'finish' }
            maxRetries    = 3
        }

    Fix: make errorStrategy return 'retry' for the failures worth retrying (Spot reclaims
    usually have no exit status: 2147483647), or delete maxRetries.
    """

    code = "CFG015"
    name = "retries-without-retry"
    severity = Severity.WARNING
    needs_complete_config = True
    # Whether errorStrategy retries: a directive assigned in a process body, a setting a closure reads.
    releases_matter = frozenset({"assignments", "strict-parser"})
    Options = RetriesWithoutRetryOptions

    def check(self, model: ConfigModel, options: RetriesWithoutRetryOptions) -> Iterator[Finding]:
        # A strategy that never retries counts only where the config says all there is about
        # errorStrategy (retry_outlook): else nothing here never retries.
        if not (options.assume_complete_config or error_strategy_is_known(model)):
            return
        yield from views_findings(model, ("retries-without-retry",), lambda: _findings(model, _groups(model)))


def _groups(model: ConfigModel) -> list[tuple[Directive, list[ProcessView]]]:
    """Each maxRetries directive and the views it applies to (once per list of views)."""
    def compute() -> list[tuple[Directive, list[ProcessView]]]:
        groups: dict[tuple[str, int], tuple[Directive, list[ProcessView]]] = {}
        for view in model.processes:
            directive = view.get("maxRetries")
            if directive is not None:
                where = directive.provenance
                groups.setdefault((where.path, where.span.start), (directive, []))[1].append(view)
        return list(groups.values())

    return per_lint(model.processes, "max-retries-groups", compute)


def _findings(model: ConfigModel, groups: list[tuple[Directive, list[ProcessView]]]) -> Iterator[Finding]:
    def never(view: ProcessView) -> bool:
        return retry_outlook(model, view, True).possible is False

    if model.pipeline_dir is None and not all(map(never, model.processes)):
        # Selector scopes are not processes: a process may match this scope and also
        # another selector that retries.
        return
    for directive, views in groups:
        # maxRetries = 0 next to a strategy that never retries says the same thing twice.
        if all(map(never, views)) and not fixed_zero(directive.value):
            yield _finding(directive, views)


def _finding(directive: Directive, views: list[ProcessView]) -> Finding:
    value = call_closure_or_value(directive.value, EvalEnv())
    shown = f" {value}" if isinstance(value, int) and not isinstance(value, bool) else ""
    strategies: list[Directive] = []
    for view in views:
        strategy = view.get("errorStrategy")
        if strategy is not None and all(location(strategy) != location(s) for s in strategies):
            strategies.append(strategy)
    if not strategies:
        why = "no errorStrategy is set, and Nextflow's default 'terminate' never retries"
    elif len(strategies) == 1:
        why = f"errorStrategy {_describe(strategies[0])} never resolves to 'retry'"
    else:
        why = "their errorStrategy never resolves to 'retry'"
    message = f"maxRetries{shown} has no effect on {names(views)}: {why}"
    related = tuple(
        Related(where[0], where[1], "errorStrategy is set here")
        for where in (location(s) for s in strategies[:MAX_RELATED]) if where is not None
    )
    path, span = location(directive) or (directive.provenance.path, directive.provenance.span)
    return Finding(
        span, message,
        "Make errorStrategy return 'retry' for the failures worth retrying (a Spot reclaim usually has "
        "no exit status, 2147483647), or delete maxRetries. Nextflow's Spot guide example "
        "`process.maxRetries = 5` alone does nothing for this reason.",
        related=related, processes=tuple(v.name for v in views), path=path,
    )


def _describe(strategy: Directive) -> str:
    text = string_literal(strategy.value)
    if text is not None:
        return repr(text)
    return "(a closure)" if isinstance(strategy.value, n.Closure) else "(a computed value)"
