from __future__ import annotations

from typing import Iterator

from ..diagnostics import Finding, Severity
from ..config.model import ConfigModel
from ..config.queues import QueuePolicy
from .attempt_queues import (
    AttemptQueues, attempt_queues, attempts_limit, queue_kind, strategy_text,
)
from .base import NoOptions, Rule
from .common import BatchProcess, batch_processes, location, names, related


class UnreachableFallback(Rule):
    """A `task.attempt`-based queue closure whose On-Demand branch can never run.

    Why: the Spot → On-Demand fallback `queue = { task.attempt > 1 ? 'od' : 'spot' }` only
    works if a reclaimed task reaches the attempt that picks the On-Demand queue. It never
    does when errorStrategy does not retry a reclaim (the default 'terminate', 'finish', or
    an exit-code list without the missing exit status 2147483647), when the condition needs
    more attempts than maxRetries allows (`task.attempt > 3` with maxRetries 2), or when the
    condition reads `task.attempt` as 0-based (it starts at 1: `task.attempt > 0` is always
    true, `task.attempt == 0` never). AlexsLemonade/scpca-nf had exactly this bug. A closure
    whose branches are all Spot queues has no On-Demand fallback at all. A missing
    errorStrategy counts as 'terminate' only in a project's `nextflow.config` or with the
    pipeline known (a `-c` fragment may get it from another config).

    Bad:
        process {
            errorStrategy = 'retry'
            maxRetries = 2
            queue = { task.attempt > 3 ? 'my-ondemand' : 'my-spot' }
        }

    Good:
        process {
            errorStrategy = 'retry'
            maxRetries = 2
            queue = { task.attempt > 1 ? 'my-ondemand' : 'my-spot' }
        }

    Fix: make the condition pick the On-Demand queue at an attempt that runs (attempt 2 is
    the first retry), and make errorStrategy retry a reclaimed task.
    """

    code = "SPOT005"
    name = "unreachable-fallback"
    severity = Severity.WARNING
    needs_complete_config = True

    # Reads of the scenario: the batch processes, their queue analyses and the queue policy
    # (fixed by the batch processes' key) alone (sharing_key ()).
    shares = "batch"

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        yield from _findings(model)


def _findings(model: ConfigModel) -> Iterator[Finding]:
    groups: dict[tuple[str, int, int, str], tuple[AttemptQueues, str, str, list[BatchProcess]]] = {}
    for process, analysis in zip(batch_processes(model), attempt_queues(model)):
        if analysis is None:
            continue
        problem = _problem(model, process, analysis)
        if problem is None:
            continue
        message, suggestion = problem
        path, span = location(analysis.directive) or (model.root, analysis.directive.provenance.span)
        key = (path, span.start, span.end, message)
        groups.setdefault(key, (analysis, message, suggestion, []))[3].append(process)
    for (path, _, _, _), (analysis, message, suggestion, processes) in groups.items():
        view = processes[0].view
        yield Finding(
            analysis.directive.provenance.span,
            f"{names(p.view for p in processes)}: {message}",
            suggestion,
            related=related(view.get("errorStrategy"), "errorStrategy")
            + related(view.get("maxRetries"), "maxRetries"),
            processes=tuple(p.view.name for p in processes),
            path=path,
        )


def _problem(model: ConfigModel, process: BatchProcess, analysis: AttemptQueues) -> tuple[str, str] | None:
    policy = model.environment.queues
    if analysis.zero_comparison is not None and analysis.dead:
        return _zero_based(model, analysis)
    if analysis.all_spot:
        listed = ", ".join(f"'{q}'" for q in dict.fromkeys([*analysis.queues, *analysis.branches]))
        return (f"every queue this closure picks is a Spot queue ({listed}): a reclaimed task is "
                "retried on Spot again, there is no On-Demand fallback",
                "Make the retry branch an On-Demand queue, e.g. "
                "`queue = { task.attempt > 1 ? '<on-demand queue>' : '<spot queue>' }`.")
    if analysis.fallback is None or policy.classify(analysis.first) == "on-demand":
        return None
    plan = process.plan
    if analysis.fallback_attempt is None:
        if plan.attempts is None:
            return None
        fallback = _fallback_text(policy, analysis)
        return (f"{fallback} is never used: no attempt from 1 to {len(analysis.queues)} picks it "
                f"(task.attempt starts at 1), and at most {plan.attempts} attempt(s) run",
                "Rewrite the condition so attempt 2 picks the On-Demand queue, e.g. "
                "`task.attempt > 1 ? '<on-demand>' : '<spot>'`.")
    if plan.attempts is None or analysis.fallback_attempt <= plan.attempts:
        return None
    if process.view.get("errorStrategy") is None and not model.complete:
        return None  # a fragment: the errorStrategy may come from a config we do not see
    needed = analysis.fallback_attempt
    fallback = _fallback_text(policy, analysis)
    if plan.attempts == 1:
        return (f"{fallback} needs attempt {needed}, but only 1 attempt runs: "
                f"{strategy_text(process.view, plan)}, so a reclaimed task is never retried",
                "Make errorStrategy retry a reclaimed task (exit status 2147483647 / '-', 143, 137), "
                "e.g. `errorStrategy = 'retry'` with `maxRetries = 1`.")
    return (f"{fallback} needs attempt {needed}, but at most {plan.attempts} attempts run "
            f"({attempts_limit(plan)}); task.attempt starts at 1",
            f"Pick the On-Demand queue from attempt 2 (`task.attempt > 1 ? ...`), or let a reclaim be "
            f"retried up to attempt {needed} (errorStrategy 'retry' with maxRetries {needed - 1} or more).")


def _fallback_text(policy: QueuePolicy, analysis: AttemptQueues) -> str:
    text = f"the fallback to {queue_kind(policy, analysis.fallback)}"
    if not analysis.fallback_by_name:
        text += f" (read as On-Demand: the closure switches to it from '{analysis.first}' by task.attempt)"
    return text


def _zero_based(model: ConfigModel, analysis: AttemptQueues) -> tuple[str, str]:
    policy = model.environment.queues
    condition = analysis.zero_comparison
    source = model.loaded.files.get(analysis.directive.provenance.path)
    written = "task.attempt compared with 0"
    if condition is not None and source is not None:
        written = source.text[condition.span.start:condition.span.end]
    used = ", ".join(f"'{q}'" for q in dict.fromkeys(analysis.queues))
    dead = ", ".join(queue_kind(policy, q) for q in analysis.dead)
    return (f"task.attempt starts at 1, so `{written}` has the same result for every attempt: "
            f"{dead} is never used and every attempt runs on {used}",
            "Compare with 1: `task.attempt > 1 ? '<on-demand>' : '<spot>'` runs attempt 1 on Spot and "
            "every retry On-Demand.")

