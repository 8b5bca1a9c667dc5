from __future__ import annotations

from typing import Iterator

from ..syntax import nodes as n
from ..analysis.aws import MISSING_EXIT_STATUS, max_spot_attempts
from ..diagnostics import Finding, Severity
from ..config.model import ConfigModel
from .attempt_queues import exit_text, queue_related, spot_note, spot_queue_known
from .base import NoOptions, Rule
from .common import batch_processes, group_by_location, location, names, spot_key


class IgnoreHidesReclaims(Rule):
    """errorStrategy 'ignore' on a Spot process: reclaimed tasks vanish silently from the results.

    Why: a task whose Spot instance is reclaimed fails with no exit status (2147483647, shown
    as `-`). With errorStrategy 'ignore' Nextflow drops it and goes on: the run finishes
    "successfully" with that sample's outputs missing, and nothing but the log says so.
    Reclaims are transient, so these are results lost for no reason. nf-core's
    `withLabel:error_ignore` is such a case when it runs on a Spot queue.

    Bad:
        process {
            executor = 'awsbatch'
            queue = 'my-spot'
            errorStrategy = 'ignore'
        }

    Good:
        process {
            executor = 'awsbatch'
            queue = { task.attempt > 1 ? 'my-ondemand' : 'my-spot' }
            errorStrategy = { task.exitStatus == Integer.MAX_VALUE && task.attempt == 1 ? 'retry' : 'ignore' }
        }

    Fix: retry a task with no exit status (once, on an On-Demand queue) before ignoring
    failures, or run the process on an On-Demand queue.
    """

    code = "SPOT013"
    name = "ignore-hides-reclaims"
    severity = Severity.WARNING

    shares = "batch"

    def sharing_key(self, model: ConfigModel, options: NoOptions) -> tuple[object, ...]:
        # Reads of the scenario beyond the batch processes: maxSpotAttempts.
        return spot_key(max_spot_attempts(model))

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        items = []
        for process in batch_processes(model):
            if not process.on_spot or not spot_queue_known(model, process):
                continue
            directive = process.view.get("errorStrategy")
            # The plan holds what errorStrategy gives at attempt 1 for a reclaim's exit status.
            if directive is None or process.plan.strategy_by_exit.get(MISSING_EXIT_STATUS) != "ignore":
                continue
            where = location(directive)
            if where is not None:
                items.append((where, process))
        spot = max_spot_attempts(model)
        after = ""
        if spot.value is not None and spot.value > 1:
            after = f" (after aws.batch.maxSpotAttempts {spot.value} Spot runs)"
        for (path, span), group in group_by_location(items):
            view = group[0].view
            directive = view.get("errorStrategy")
            how = ("errorStrategy gives 'ignore' for exit status " + exit_text(MISSING_EXIT_STATUS)
                   if directive is not None and isinstance(directive.value, n.Closure) else "errorStrategy 'ignore'")
            yield Finding(
                span,
                f"{names(p.view for p in group)} {spot_note(model.environment.queues, group)}: {how}, so a reclaimed task{after} is "
                "dropped silently and its outputs are missing while the run reports success",
                "Retry a task with no exit status before ignoring failures, e.g. `errorStrategy = { "
                "task.exitStatus == Integer.MAX_VALUE && task.attempt == 1 ? 'retry' : 'ignore' }` with "
                "`queue = { task.attempt > 1 ? '<on-demand>' : '<spot>' }`; or run it On-Demand.",
                related=queue_related(group),
                processes=tuple(p.view.name for p in group),
                path=path,
            )
