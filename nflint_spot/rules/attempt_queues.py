"""How SPOT005 unreachable-fallback, SPOT006 fallback-bypassed-by-spot-attempts, SPOT007
reclaim-not-retried and SPOT013 ignore-hides-reclaims speak of queues, attempts and
errorStrategy. What a queue closure does is analysis's
(analysis/attempt_queues.py), re-exported here for the rules' import lines."""

from __future__ import annotations

from ..syntax import nodes as n
from ..analysis.attempt_queues import AttemptQueues, attempt_queues
from ..analysis.aws import MISSING_EXIT_STATUS, RECLAIM_EXIT_STATUSES, AttemptPlan
from ..diagnostics import Related
from ..config.model import ConfigModel, ProcessView
from ..config.queues import QueuePolicy
from .common import MAX_RELATED, BatchProcess, location

__all__ = ["AttemptQueues", "attempt_queues", "attempts_limit", "exit_text", "queue_kind", "queue_related",
           "spot_note", "spot_queue_known", "strategy_text"]


def exit_text(status: int) -> str:
    return "none (2147483647, shown as '-')" if status == MISSING_EXIT_STATUS else str(status)


def strategy_text(view: ProcessView, plan: AttemptPlan) -> str:
    """'no errorStrategy (default 'terminate')', "errorStrategy 'finish'", or for a closure
    "errorStrategy gives 'finish' for exit status none (2147483647, ...)"."""
    directive = view.get("errorStrategy")
    if directive is None:
        return "no errorStrategy is set (Nextflow's default 'terminate')"
    if not isinstance(directive.value, n.Closure):
        return f"errorStrategy '{plan.strategy_by_exit.get(MISSING_EXIT_STATUS)}'"
    by_value: dict[str, list[str]] = {}
    for status in RECLAIM_EXIT_STATUSES:
        value = plan.strategy_by_exit.get(status)
        if isinstance(value, str):
            by_value.setdefault(value, []).append(exit_text(status))
    parts = [f"'{value}' for exit status {_and(statuses)}" for value, statuses in by_value.items()]
    return "errorStrategy gives " + "; ".join(parts)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def attempts_limit(plan: AttemptPlan) -> str:
    """Why at most plan.attempts attempts run: maxRetries, or the errorStrategy itself."""
    if plan.max_retries is not None and plan.attempts is not None and plan.attempts <= plan.max_retries:
        return f"errorStrategy stops retrying a reclaim after attempt {plan.attempts}"
    return f"maxRetries {plan.max_retries}"


def spot_note(policy: QueuePolicy, group: list[BatchProcess]) -> str:
    """'on Spot', saying so when a queue name was only assumed to be Spot. The queue's own
    name goes to a related location, so one setting shared by several profiles (each with
    its own queue) gives one finding."""
    if any(p.first_queue is None for p in group):
        return "on Spot (the launcher's queue, assumed Spot: rules.yaml queues.unknown)"
    assumed = any(isinstance(p.first_queue, str) and policy.classify(p.first_queue) == "unknown" for p in group)
    return "on Spot (a queue name assumed Spot: it matches no queue pattern in rules.yaml)" if assumed else "on Spot"


def spot_queue_known(model: ConfigModel, process: BatchProcess) -> bool:
    """The first attempt's queue is a known name, or (no queue in the config) the launcher's
    queue. A queue computed at run time may not be Spot; a missing one with no launcher to
    provide it is SPOT014 missing-queue."""
    if isinstance(process.first_queue, str):
        return True
    environment = model.environment
    return process.first_queue is None and (environment.launcher == "awsbatch" or environment.launcher_sets_queue)


def queue_related(group: list[BatchProcess]) -> tuple[Related, ...]:
    seen: dict[tuple[str, int], Related] = {}
    for process in group:
        where = location(process.view.get("queue"))
        if where is not None:
            seen.setdefault((where[0], where[1].start), Related(where[0], where[1], process.queue_note))
            if len(seen) == MAX_RELATED:
                break
    return tuple(seen.values())


def queue_kind(policy: QueuePolicy, queue: str) -> str:
    kind = policy.classify(queue)
    if kind == "on-demand":
        return f"On-Demand queue '{queue}'"
    if kind == "spot":
        return f"Spot queue '{queue}'"
    return f"queue '{queue}'"
