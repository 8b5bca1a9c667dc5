from __future__ import annotations

from typing import Iterator

from ..syntax import nodes as n
from ..diagnostics import Finding, Severity
from ..fixes import Fix, TextEdit
from ..config.model import ConfigModel, Directive
from ..span import Span
from .base import NoOptions, Rule
from .common import (
    BatchProcess, batch_processes, describe_retries, display_name, group_by_location, group_names, location,
    on_demand_name, related, spot_queue_note, spot_stays,
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
    fixable = "unsafe"

    # Reads of the scenario: the batch processes and their Spot stays alone (sharing_key ()).
    shares = "batch"

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        with_queue = []
        without_queue: list[BatchProcess] = []
        for process, stay in zip(batch_processes(model), spot_stays(model)):
            attempts = process.plan.attempts
            if attempts is None or attempts <= 1:
                continue
            if stay is None or stay.spot_attempts < attempts:
                continue  # a fallback, On-Demand from the start, or not known
            where = location(process.view.get("queue"))
            if where is not None:
                with_queue.append((where, process))
            elif process.view.get("errorStrategy") is not None:
                without_queue.append(process)
        for (path, span), group in group_by_location(with_queue):
            yield self._finding(model, path, span, group)
        if without_queue:
            # No queue anywhere (the launcher's): the remedy is one `process.queue` closure for
            # all of them, so one finding, at the process defaults' errorStrategy when it is one
            # of them (errorStrategy rather than maxRetries: it is what makes a task retry, and
            # SPOT008 speaks about maxRetries).
            head = next((p for p in without_queue if p.view.kind == "defaults"), without_queue[0])
            where = location(head.view.get("errorStrategy"))
            if where is not None:
                yield self._finding(model, where[0], where[1], [head, *(p for p in without_queue if p is not head)])

    def _finding(self, model: ConfigModel, path: str, span: Span, group: list[BatchProcess]) -> Finding:
        head = group[0]
        queue = head.view.get("queue")
        return Finding(
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
    return Fix(f"Fall back to queue `{on_demand}` on retry", (TextEdit(value.span, closure),), safe=False)
