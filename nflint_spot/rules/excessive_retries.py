from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..analysis.aws import max_spot_attempts
from ..diagnostics import Finding, Severity
from ..config.model import ConfigModel
from .base import Bounds, Rule, option
from .common import (
    batch_processes, display_name, group_by_location, group_names, hours_text, location, on_demand_name,
    related, spot_key, spot_queue_note, spot_stay, spot_stays, spot_worst_case, times_text,
)


class ExcessiveRetries(Rule):
    """Many Nextflow retries of a reclaimed task, all on Spot: escalating cost.

    Why: each retry of a task Spot reclaimed starts again from the beginning, on Spot,
    where it can be reclaimed again; with `time` growing by `task.attempt` every retry also
    costs more than the last. The seed guide: "given the escalating costs of repeated
    retries, an On-Demand queue is likely a more cost-effective option than very large
    numbers of retries". Reported when `maxRetries` is above `max_retries` and more than
    `max_retries` retries of a reclaimed task run on Spot (the errorStrategy really retries
    that often, and no earlier attempt moves to an On-Demand queue). When an unset
    `maxSpotAttempts` defaults to more than one run (before Nextflow 24.10, or with Fusion
    Snapshots), SPOT001 reports the multiplied retries at the same `maxRetries` and this rule
    stays quiet.

    Bad:
        process {
            executor      = 'awsbatch'
            queue         = 'my-spot-queue'
            errorStrategy = 'retry'
            maxRetries    = 6
        }

    Good:
        process {
            executor      = 'awsbatch'
            errorStrategy = 'retry'
            maxRetries    = 2
            queue = { task.attempt > 1 ? 'my-ondemand-queue' : 'my-spot-queue' }
        }

    Fix: lower `maxRetries` and send retries to an On-Demand queue with a queue closure on
    `task.attempt`.
    """

    code = "SPOT008"
    name = "excessive-retries"
    severity = Severity.WARNING

    @dataclass(frozen=True)
    class Options:
        """rules.yaml options of this rule."""

        # 0: any retry of a reclaimed task on Spot is reported.
        max_retries: int = option(3, Bounds(0, why="a number of retries"))

    shares = "batch"

    def sharing_key(self, model: ConfigModel, options: Options) -> tuple[object, ...]:
        # Reads of the scenario beyond the batch processes and their Spot stays: maxSpotAttempts.
        return (*spot_key(max_spot_attempts(model)), options)

    def check(self, model: ConfigModel, options: Options) -> Iterator[Finding]:
        policy = model.environment.queues
        spot = max_spot_attempts(model)
        items = []
        for process, stay in zip(batch_processes(model), spot_stays(model)):
            retries = process.plan.max_retries
            if process.view.get("maxRetries") is None or retries is None or retries <= options.max_retries:
                continue
            if process.plan.attempts is None:
                continue  # what errorStrategy does with a reclaim is not known
            if spot.setting is None and (spot.runs_per_attempt or 1) > 1:
                continue  # a default maxSpotAttempts multiplies them: SPOT001 reports at this maxRetries
            if stay is None or stay.spot_attempts - 1 <= options.max_retries:
                continue  # few retries really happen on Spot (errorStrategy stops, or a fallback)
            where = location(process.view.get("maxRetries"))
            if where is not None:
                items.append((where, process))
        for (path, span), group in group_by_location(items):
            head = group[0]
            stay = spot_stay(head, model)
            if stay is None:
                continue
            spot_retries = stay.spot_attempts - 1
            lets = "may let a reclaimed task be retried up to" if head.plan.uncertain else "lets a reclaimed task be retried"
            text = (f"{group_names(group)}: maxRetries {head.plan.max_retries} {lets} "
                    f"{spot_retries} times on Spot ({spot_queue_note(head)}), each time from scratch")
            worst = spot_worst_case(head, stay, spot, policy)
            if worst.instance_hours is not None:
                text += (f": worst case {worst.spot_runs} Spot runs, {hours_text(worst.instance_hours)} instance-hours "
                         f"with time {times_text(head.plan.times[: stay.spot_attempts])}")
            text += f" (more than {options.max_retries} retries on Spot)"
            yield Finding(
                span,
                text,
                f"Lower maxRetries to {options.max_retries} or less and send retries to On-Demand: "
                f"queue = {{ task.attempt > 1 ? '{on_demand_name(model)}' : "
                f"'{head.first_queue if isinstance(head.first_queue, str) else '<your Spot queue>'}' }}.",
                related=tuple(r for r in related(head.view.get("errorStrategy"), "errorStrategy: retries a reclaim")
                              if (r.path, r.span) != (path, span)),
                processes=tuple(display_name(p.view) for p in group),
                path=path,
            )
