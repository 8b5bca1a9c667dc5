from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..analysis.aws import longest, max_spot_attempts
from ..diagnostics import Finding, Severity
from ..config.model import ConfigModel, ProcessView
from ..values.values import Duration
from .base import Bounds, Rule, option
from .common import (
    BatchProcess, batch_processes, display_name, group_by_location, group_subject, hours_text, location,
    on_demand_name, related, spot_key, spot_queue_note, spot_stay, spot_stays, spot_worst_case,
    times_text,
)


class LongTaskOnSpot(Rule):
    """A long task runs on Spot with no On-Demand fallback.

    Why: the longer a task runs, the likelier Spot reclaims it, and a reclaim throws all of
    its work away: Nextflow (or AWS, with `maxSpotAttempts`) starts it again from the
    beginning, on Spot again, where it can be reclaimed again. The seed guide: "longer-running
    jobs should still be submitted directly to an On-Demand queue whenever possible".
    Reported when the FIRST attempt's `time` is at least `long_task`, attempt 1 runs on a
    Spot queue (or no queue, when the launcher's queue is assumed Spot) and no later attempt
    moves to an On-Demand queue. Values not known statically (a `check_max(...)` closure,
    unknown params) are never reported.

    Bad:
        process {
            executor = 'awsbatch'
            queue    = 'TowerForge-MySpotQueue'
            withName: 'run_bcl2fastq' {
                time = 12.h
            }
        }

    Good:
        process {
            executor = 'awsbatch'
            queue    = 'TowerForge-MySpotQueue'
            withName: 'run_bcl2fastq' {
                time  = 12.h
                queue = 'TowerForge-MyOnDemandQueue'
            }
        }

    Fix: route the process to an On-Demand queue with a `withName` (or `withLabel`) block, or
    at least fall back on retry: `queue = { task.attempt > 1 ? '<on-demand>' : '<spot>' }`
    with `errorStrategy 'retry'` (and `aws.batch.maxSpotAttempts = 0`).
    """

    code = "SPOT002"
    name = "long-task-on-spot"
    severity = Severity.WARNING

    @dataclass(frozen=True)
    class Options:
        """rules.yaml options of this rule."""

        long_task: Duration = option(Duration(4 * 3_600_000), Bounds(0, low_included=False, why="a task's time"))

    shares = "batch"

    def sharing_key(self, model: ConfigModel, options: Options) -> tuple[object, ...]:
        # Reads of the scenario beyond the batch processes and their Spot stays: maxSpotAttempts.
        return (*spot_key(max_spot_attempts(model)), options)

    def check(self, model: ConfigModel, options: Options) -> Iterator[Finding]:
        policy = model.environment.queues
        spot = max_spot_attempts(model)
        items = []
        for process, stay in zip(batch_processes(model), spot_stays(model)):
            first = longest(process.plan.times[0]) if process.plan.times else None
            if not isinstance(first, Duration) or first.millis < options.long_task.millis:
                continue  # no limit, or one not known statically: never guess
            if stay is None or stay.spot_attempts == 0 or stay.falls_back:
                continue
            where = location(process.view.get("time"))
            if where is not None:
                items.append((where, process))
        for (path, span), group in group_by_location(items):
            head = group[0]
            written = head.plan.times[0]
            first = longest(written)
            shown = f"{first}" if written is first else f"up to {first} ({written}: a value not known here decides)"
            named = group_subject(group)
            text = (f"{named.text} {named.verb('has', 'have')} time {shown} and "
                    f"{named.verb('runs', 'run')} on Spot ({spot_queue_note(head)}) with no On-Demand "
                    f"fallback: each reclaim throws away up to {first} of work")
            stay = spot_stay(head, model)
            worst = spot_worst_case(head, stay, spot, policy) if stay is not None and head.plan.attempts else None
            if worst is not None and worst.instance_hours is not None and (worst.spot_runs or 0) > 1:
                text += (f"; worst case {worst.spot_runs} Spot runs, {hours_text(worst.instance_hours)} "
                         f"instance-hours with time {times_text(head.plan.times[: stay.spot_attempts])}")
            yield Finding(
                span,
                text,
                _suggestion(model, head),
                related=related(head.view.get("queue"), "the Spot queue it runs on"),
                processes=tuple(display_name(p.view) for p in group),
                path=path,
            )


def _suggestion(model: ConfigModel, process: BatchProcess) -> str:
    on_demand = on_demand_name(model)
    spot = process.first_queue if isinstance(process.first_queue, str) else "<your Spot queue>"
    block = _selector_block(process.view, on_demand)
    fallback = f"queue = {{ task.attempt > 1 ? '{on_demand}' : '{spot}' }} with errorStrategy 'retry'"
    if block is None:
        return f"Route the long processes to On-Demand with withName blocks, or fall back on retry: {fallback}."
    return f"Route it to On-Demand: {block}; or fall back on retry: {fallback}."


def _selector_block(view: ProcessView, on_demand: str) -> str | None:
    if view.kind in ("process", "withName"):
        name = view.name.removeprefix("withName:").strip("'\"")
        return f"process {{ withName: '{name}' {{ queue = '{on_demand}' }} }}"
    if view.kind == "withLabel":
        label = view.name.removeprefix("withLabel:").strip("'\"")
        return f"process {{ withLabel: '{label}' {{ queue = '{on_demand}' }} }}"
    return None
