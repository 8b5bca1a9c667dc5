from __future__ import annotations

from typing import Iterator

from ..analysis.aws import SpotAttempts, max_spot_attempts
from ..diagnostics import Finding, Related, Severity
from ..config.model import ConfigModel
from ..span import Span
from ..speed.value_memo import per_lint
from ..values.values import Duration
from .attempt_queues import AttemptQueues, attempt_queues, queue_kind
from .base import NoOptions, Rule
from .common import MAX_RELATED, BatchProcess, batch_processes, display_name, location, names, per_batch, spot_key


class FallbackBypassedBySpotAttempts(Rule):
    """An On-Demand fallback by `task.attempt` that AWS Spot retries delay: maxSpotAttempts > 1.

    Why: `aws.batch.maxSpotAttempts = N` makes AWS Batch rerun a reclaimed job on Spot up to
    N times inside ONE Nextflow attempt: `task.attempt` does not change and the queue is not
    evaluated again. A fallback such as `queue = { task.attempt > 1 ? 'od' : 'spot' }` is
    therefore reached only after all N Spot runs of every earlier attempt have been
    reclaimed, each one running up to its time limit. The fallback exists to stop paying for
    Spot reruns; AWS retries undo it (reference §3.2, §5.3). A queue whose name matches
    neither Spot nor On-Demand patterns counts as the fallback only when maxSpotAttempts is
    set explicitly. With Fusion Snapshots on, AWS retries restore the job from its
    checkpoint, which is intended: not reported.

    Bad:
        aws.batch.maxSpotAttempts = 3
        process {
            errorStrategy = 'retry'
            queue = { task.attempt > 1 ? 'my-ondemand' : 'my-spot' }
        }

    Good:
        aws.batch.maxSpotAttempts = 0
        process {
            errorStrategy = 'retry'
            queue = { task.attempt > 1 ? 'my-ondemand' : 'my-spot' }
        }

    Fix: set `aws.batch.maxSpotAttempts = 0` so a reclaim goes straight to Nextflow, whose
    retry runs On-Demand.
    """

    code = "SPOT006"
    name = "fallback-bypassed-by-spot-attempts"
    severity = Severity.WARNING

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        spot = max_spot_attempts(model)
        runs = spot.value
        # Fusion Snapshots restore a reclaimed job from its checkpoint: AWS retries are the point.
        if runs is None or runs <= 1 or spot.snapshots:
            return
        # Reads of the scenario: the batch processes, their queue analyses, the queue policy
        # (fixed by the batch processes' key) and the effective maxSpotAttempts.
        yield from per_batch(model, ("fallback-bypassed", *spot_key(spot)), lambda: _findings(model, spot))


def _findings(model: ConfigModel, spot: SpotAttempts) -> Iterator[Finding]:
    found: list[tuple[BatchProcess, AttemptQueues]] = []
    for process, analysis in zip(batch_processes(model), attempt_queues(model)):
        if analysis is None or not _reachable_fallback(model, process, analysis):
            continue
        # A queue whose name is neither Spot nor On-Demand is read as the On-Demand
        # fallback only when maxSpotAttempts was set on purpose: a version-derived
        # default and a guessed queue kind together are too weak.
        if analysis.fallback_by_name or spot.setting is not None:
            found.append((process, analysis))
    if not found:
        return
    if spot.setting is not None:
        yield _finding(model, spot, found, spot.setting.path, spot.setting.span, True)
        return
    by_closure: dict[tuple[str, int], list[tuple[BatchProcess, AttemptQueues]]] = {}
    for item in found:
        where = location(item[1].directive)
        if where is not None:
            by_closure.setdefault((where[0], where[1].start), []).append(item)
    for group in by_closure.values():
        provenance = group[0][1].directive.provenance
        yield _finding(model, spot, group, provenance.path, provenance.span, False)


def _reachable_fallback(model: ConfigModel, process: BatchProcess, analysis: AttemptQueues) -> bool:
    policy = model.environment.queues
    attempts = process.plan.attempts
    return (analysis.fallback is not None and analysis.fallback_attempt is not None
            and attempts is not None and analysis.fallback_attempt <= attempts
            and not analysis.all_spot and policy.classify(analysis.first) != "on-demand")


def _spot_cost(process: BatchProcess, analysis: AttemptQueues, runs: int) -> tuple[int, float | None, str]:
    """Spot runs before the fallback, their worst-case instance-hours, and the times used:
    the same for every process sharing the plan (hundreds of selector scopes)."""
    key = ("spot-cost", analysis.fallback_attempt, runs)
    return per_lint(process.plan, key, lambda: _plan_cost(process, analysis, runs))


def _plan_cost(process: BatchProcess, analysis: AttemptQueues, runs: int) -> tuple[int, float | None, str]:
    before = (analysis.fallback_attempt or 1) - 1
    hours: float | None = 0.0
    times: list[str] = []
    for index in range(before):
        time = process.plan.times[index] if index < len(process.plan.times) else None
        if hours is not None and isinstance(time, Duration):
            hours += runs * time.hours
            times.append(str(time))
        else:
            hours = None
    listed = list(dict.fromkeys(times))
    text = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " then " + listed[-1] if listed else ""
    return before * runs, hours, text


def _finding(model: ConfigModel, spot: SpotAttempts, group: list[tuple[BatchProcess, AttemptQueues]],
             path: str, span: Span, at_setting: bool) -> Finding:
    runs = spot.value or 0
    policy = model.environment.queues
    costs = [(_spot_cost(p, a, runs), p, a) for p, a in group]
    (spot_runs, hours, times), process, analysis = max(costs, key=lambda c: (c[0][0], c[0][1] or 0.0))
    cost = f"up to {spot_runs} Spot runs of one task"
    if hours is not None and spot_runs:
        cost += f" (worst case {hours:g} instance-hours with time {times})"
    else:
        cost += " (no time limit is known: each run lasts until it is reclaimed)"
    subject = "it" if len(group) == 1 else f"e.g. {display_name(process.view)}"
    fallback = queue_kind(policy, analysis.fallback or "")
    if not analysis.fallback_by_name:
        fallback += " (read as On-Demand: the closure switches to it by task.attempt)"
    setting = f"aws.batch.maxSpotAttempts {runs}" if at_setting else f"aws.batch.maxSpotAttempts {runs} ({spot.reason})"
    message = (
        f"{names(p.view for p, _ in group)}: {setting} makes AWS rerun a reclaimed job on Spot up to "
        f"{runs} times inside one Nextflow attempt, so the fallback by task.attempt comes late: {subject} "
        f"reaches {fallback} at attempt {analysis.fallback_attempt} only after {cost}"
    )
    if at_setting:
        seen: dict[tuple[str, int], Related] = {}
        for _, item in group:
            where = location(item.directive)
            if where is not None:
                seen.setdefault((where[0], where[1].start), Related(where[0], where[1], "queue fallback by task.attempt"))
                if len(seen) == MAX_RELATED:
                    break
        related = tuple(seen.values())
    else:
        related = ()
    return Finding(
        span, message,
        "Set `aws.batch.maxSpotAttempts = 0` so a reclaim reaches Nextflow at once and the retry runs On-Demand.",
        related=related,
        processes=tuple(p.view.name for p, _ in group),
        path=path,
    )
