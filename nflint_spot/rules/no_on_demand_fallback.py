from __future__ import annotations

from typing import Iterator

from .. import nodes as n
from ..diagnostics import Finding, Severity
from ..fixes import Fix, TextEdit
from ..model import ConfigModel, Directive
from .base import NoOptions, Rule
from .common import (
    BatchProcess, batch_processes, describe_retries, display_name, group_by_location, group_names, location,
    on_demand_name, related, spot_queue_note, spot_stay,
)


class NoOnDemandFallback(Rule):
    """Retries of a reclaimed task stay on Spot: no attempt falls back to On-Demand.

    Why: when Spot reclaims a task, Nextflow's retry (`errorStrategy 'retry'`) sends it to
    the same Spot queue, where it can be reclaimed again, from scratch each time. Sending
    retries to an On-Demand queue makes the second attempt safe and costs little more: the
    seed guide recommends it "as a useful default strategy". Reported when the errorStrategy
    retries a reclaim (exit status `-`, 143 or 137) and every attempt runs on Spot.

    Bad:
        process {
            executor      = 'awsbatch'
            errorStrategy = 'retry'
            maxRetries    = 2
            queue         = 'TowerForge-MySpotQueue'
        }

    Good:
        process {
            executor      = 'awsbatch'
            errorStrategy = 'retry'
            maxRetries    = 2
            queue = { task.attempt > 1 ? 'TowerForge-MyOnDemandQueue' : 'TowerForge-MySpotQueue' }
        }

    Fix: make the queue a closure on `task.attempt` that sends retries to your On-Demand
    queue. An unsafe fix does it when `queues.on_demand_queue` is set in rules.yaml and the
    queue is a plain string in a config file.
    """

    code = "SPOT004"
    name = "no-on-demand-fallback"
    severity = Severity.INFO

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        policy = model.environment.queues
        items = []
        for process in batch_processes(model):
            attempts = process.plan.attempts
            if attempts is None or attempts <= 1:
                continue
            stay = spot_stay(process, policy)
            if stay is None or stay.spot_attempts < attempts:
                continue  # a fallback, On-Demand from the start, or not known
            # errorStrategy rather than maxRetries when there is no queue: SPOT008 speaks
            # about maxRetries, and errorStrategy is what makes the task retry at all.
            source = process.view.get("queue") or process.view.get("errorStrategy")
            where = location(source)
            if where is not None:
                items.append((where, process))
        for (path, span), group in group_by_location(items):
            head = group[0]
            queue = head.view.get("queue")
            yield Finding(
                span,
                f"{group_names(group)}: {describe_retries(head)} but every attempt runs on Spot "
                f"({spot_queue_note(head)}): a reclaimed task is retried where it can be reclaimed again",
                _suggestion(model, head),
                fix=_fix(model, queue, head),
                related=tuple(r for r in related(head.view.get("errorStrategy"), "the retry that stays on Spot")
                              if (r.path, r.span) != (path, span)),
                processes=tuple(display_name(p.view) for p in group),
                path=path,
            )


def _spot_name(process: BatchProcess) -> str:
    return process.first_queue if isinstance(process.first_queue, str) else "<your Spot queue>"


def _suggestion(model: ConfigModel, process: BatchProcess) -> str:
    return (f"Send retries to On-Demand: queue = {{ task.attempt > 1 ? '{on_demand_name(model)}' : "
            f"'{_spot_name(process)}' }} (and aws.batch.maxSpotAttempts = 0, so AWS does not retry on Spot first).")


def _fix(model: ConfigModel, queue: Directive | None, process: BatchProcess) -> Fix | None:
    on_demand = model.environment.queues.on_demand_queue
    if on_demand is None or queue is None or queue.provenance.tier == "process":
        return None  # no On-Demand queue known, no queue, or the queue is in a pipeline script
    value = queue.value
    if not (isinstance(value, n.Literal) and value.kind == "string" and isinstance(value.value, str)):
        return None
    if any(c in text for text in (on_demand, value.value) for c in "'\\$\n"):
        return None
    closure = f"{{ task.attempt > 1 ? '{on_demand}' : '{value.value}' }}"
    return Fix(f"Fall back to {on_demand} on retry", (TextEdit(value.span, closure),), safe=False)
