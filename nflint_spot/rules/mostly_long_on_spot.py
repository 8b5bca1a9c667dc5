from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..analysis.aws import executor_of, max_spot_attempts
from ..diagnostics import Finding, Severity
from ..config.model import ConfigModel
from ..span import Span
from ..values.values import Duration
from .base import Bounds, Rule, option
from .common import BatchProcess, batch_processes, hours_text, location
from .implicit_spot_attempts_default import first_line, worst_example

MAX_LISTED = 3


class MostlyLongOnSpot(Rule):
    """Most of the pipeline's AWS Batch processes are long and run on Spot: consider an On-Demand compute environment.

    Why: the longer a task runs, the likelier a Spot reclaim hits it, and every reclaim
    throws away the whole run so far (plus what AWS and Nextflow retries repeat). Seqera's
    guide on Spot interruptions gives as its first advice: for workflows with a significant
    share of long-running processes, an On-Demand compute environment may be simpler and even
    cheaper than the mitigations Spot needs. The rule needs the pipeline's scripts (a `main.nf`
    next to the config, or `--pipeline-dir`) and counts the processes on AWS Batch whose first
    attempt's `time` is at least `long_task` and whose first queue is Spot (or a queue name
    matching no pattern, assumed Spot). Processes with an unknown time or queue are not
    counted as long on Spot.

    Bad:
        process {
            executor = 'awsbatch'
            queue = 'spot-queue'
            withLabel: process_high { time = 16.h }   // most processes
        }

    Good:
        process {
            executor = 'awsbatch'
            queue = 'spot-queue'
            withLabel: process_high { queue = 'ondemand-queue'; time = 16.h }
        }

    Fix: move the long processes (or the whole pipeline) to an On-Demand queue, or shorten
    their tasks. Options: `long_task` (default 4h), `long_share` (default 0.5).
    """

    code = "SPOT015"
    name = "mostly-long-on-spot"
    severity = Severity.INFO

    @dataclass(frozen=True)
    class Options:
        """rules.yaml options of this rule."""

        long_task: Duration = option(Duration(4 * 3_600_000), Bounds(0, low_included=False, why="a task's time"))
        # 0: one long process on Spot is enough; 1: all of them must be.
        long_share: float = option(0.5, Bounds(0, 1, why="a share of the processes"))

    def check(self, model: ConfigModel, options: MostlyLongOnSpot.Options) -> Iterator[Finding]:
        if model.pipeline_dir is None:
            return
        processes = [p for p in batch_processes(model) if p.view.kind == "process"]
        if not processes:
            return
        long_on_spot = [p for p in processes if _long(p, options.long_task) and _on_spot(model, p)]
        if not long_on_spot or len(long_on_spot) < options.long_share * len(processes):
            return
        long_on_spot.sort(key=lambda p: _first_time(p).millis, reverse=True)  # type: ignore[union-attr]
        path, span = _anchor(model, processes[0])
        share = round(100 * len(long_on_spot) / len(processes))
        assumed = [p for p in long_on_spot if not isinstance(p.first_queue, str)
                   or model.environment.queues.classify(p.first_queue) == "unknown"]
        note = ""
        if assumed:
            note = f" ({len(assumed)} of them on a queue assumed to be Spot: its name matches no queue pattern in rules.yaml)"
        yield Finding(
            span,
            f"{_count(len(long_on_spot), len(processes))} on AWS Batch ({share}%) run "
            f"{options.long_task} or longer on Spot: {_listed(long_on_spot)}{note}"
            f"{_cost(model, long_on_spot)}",
            "With this many long tasks an On-Demand compute environment may be simpler and cheaper than Spot "
            "(Seqera's first advice): move the pipeline, or at least its long processes, to an On-Demand queue.",
            processes=tuple(p.view.name for p in long_on_spot[:10]),
            path=path,
        )


def _cost(model: ConfigModel, processes: list[BatchProcess]) -> str:
    """The worst case of one task when Spot retries multiply it, else what one reclaim late
    in the longest task throws away."""
    example = worst_example(model, processes, max_spot_attempts(model))
    if example:
        return example
    longest = processes[0]
    hours = _first_time(longest).hours  # type: ignore[union-attr]
    return f"; a reclaim late in one {longest.view.name} task throws away up to {hours_text(hours)} instance-hours"


def _count(part: int, total: int) -> str:
    if part == total:
        return f"all {total} processes" if total > 1 else "the only process"
    return f"{part} of the {total} processes"


def _first_time(process: BatchProcess) -> object:
    return process.plan.times[0] if process.plan.times else None


def _long(process: BatchProcess, threshold: Duration) -> bool:
    time = _first_time(process)
    return isinstance(time, Duration) and time >= threshold


def _on_spot(model: ConfigModel, process: BatchProcess) -> bool:
    """Attempt 1 on a Spot queue: a named queue classified (or assumed) Spot, or no queue in
    the config while the launcher sets one. A queue computed at run time is not counted."""
    queue = process.first_queue
    if isinstance(queue, str):
        return model.environment.queues.on_spot(queue, queue) is True
    if queue is None:
        return model.environment.launcher_sets_queue and model.environment.queues.unknown_is_spot
    return False


def _listed(processes: list[BatchProcess]) -> str:
    # A process called in two workflows is two processes of the run with one name: listed
    # once, and "N more" counts the processes not named.
    labels = [f"{p.view.name} ({_first_time(p)})" for p in processes]
    shown = list(dict.fromkeys(labels))[:MAX_LISTED]
    rest = sum(1 for label in labels if label not in shown)
    if rest:
        return ", ".join(shown) + f" and {rest} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _anchor(model: ConfigModel, process: BatchProcess) -> tuple[str, Span]:
    """The process-level queue setting, else the executor setting, else line 1."""
    for where in (location(model.setting("process.queue")), location(executor_of(model, process.view)[1])):
        if where is not None:
            return where
    return model.root, first_line(model.loaded.files[model.root].text)
