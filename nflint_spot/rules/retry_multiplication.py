from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..analysis.aws import SpotAttempts, WorstCase, max_spot_attempts
from ..diagnostics import Finding, Related, Severity
from ..config.model import ConfigModel
from .base import Bounds, Rule, option
from .common import (
    BatchProcess, SpotStay, batch_processes, describe_retries, display_name, group_by_location, group_names,
    hours_text, location, no_spot_retries_text, on_demand_name, related, spot_key, spot_queue_note,
    spot_stays, spot_worst_case, times_text,
)


@dataclass(frozen=True)
class _Case:
    """One process whose Spot runs multiply, with its stay on Spot and worst case."""

    process: BatchProcess
    stay: SpotStay
    worst: WorstCase


class RetryMultiplication(Rule):
    """Nextflow retries multiplied by AWS Spot retries: one task can run many times on Spot.

    Why: `aws.batch.maxSpotAttempts` makes AWS Batch re-run a job reclaimed by Spot inside
    ONE Nextflow attempt, from the beginning and invisibly to Nextflow. When that attempt
    still fails, Nextflow's own retries (`errorStrategy 'retry'`, `maxRetries`) submit the
    task again, and AWS retries again: the worst case is attempts × maxSpotAttempts runs,
    each up to the task's time limit (the seed guide: "the total number of retries in that
    case will be maxRetries * aws.batch.maxSpotAttempts"). The value can also come from a
    default: 5 before Nextflow 24.10, and 5 when Fusion Snapshots are on and it is unset or
    0. Reported when at least two Nextflow attempts run on Spot, each with more than one AWS
    run, and the product exceeds `max_runs`.

    Bad:
        aws.batch.maxSpotAttempts = 3
        process {
            executor      = 'awsbatch'
            errorStrategy = 'retry'
            maxRetries    = 3    // 4 attempts × 3 AWS runs = 12 runs on Spot
        }

    Good:
        aws.batch.maxSpotAttempts = 0
        process {
            executor      = 'awsbatch'
            errorStrategy = 'retry'
            maxRetries    = 2
            queue         = { task.attempt > 1 ? 'my-ondemand-queue' : 'my-spot-queue' }
        }

    Fix: set `aws.batch.maxSpotAttempts = 0` (-1 before Nextflow 24.08, where 0 meant 5) and
    let Nextflow's retries fall back to an On-Demand queue. With Fusion Snapshots 0 still
    means 5: lower `maxRetries` or send retries to On-Demand instead.
    """

    code = "SPOT001"
    name = "retry-multiplication"
    severity = Severity.WARNING

    @dataclass(frozen=True)
    class Options:
        """rules.yaml options of this rule."""

        max_runs: int = option(4, Bounds(1, why="every task runs at least once"))

    shares = "batch"

    def sharing_key(self, model: ConfigModel, options: Options) -> tuple[object, ...] | None:
        spot = max_spot_attempts(model)
        per_attempt = spot.runs_per_attempt
        if per_attempt is None or per_attempt <= 1:
            return None  # no multiplication: AWS runs each Nextflow attempt once
        # Reads of the scenario beyond the batch processes and their Spot stays (and the
        # environment their key fixes): maxSpotAttempts, the version (the suggested value)
        # and the Fusion Snapshots setting (a related location).
        return (*spot_key(spot), options, model.version, model.setting("fusion.snapshots"))

    def check(self, model: ConfigModel, options: Options) -> Iterator[Finding]:
        yield from _findings(model, options, max_spot_attempts(model))


def _findings(model: ConfigModel, options: RetryMultiplication.Options, spot: SpotAttempts) -> Iterator[Finding]:
    policy = model.environment.queues
    cases: dict[int, _Case] = {}
    items = []
    for process, stay in zip(batch_processes(model), spot_stays(model)):
        if process.plan.attempts is None:
            continue
        if stay is None or stay.spot_attempts <= 1:
            continue  # one Nextflow attempt on Spot: AWS retries alone, not multiplied
        worst = spot_worst_case(process, stay, spot, policy)
        if worst.spot_runs is None or worst.spot_runs <= options.max_runs:
            continue
        source = spot.setting or process.view.get("maxRetries") or process.view.get("errorStrategy")
        where = location(source)
        if where is None:
            continue
        cases[id(process)] = _Case(process, stay, worst)
        items.append((where, process))
    for (path, span), group in group_by_location(items):
        found = sorted((cases[id(p)] for p in group), key=_weight, reverse=True)
        yield Finding(
            span,
            _message(found, spot),
            _suggestion(model, spot, found[0].process),
            related=_related(found[0].process, spot, model, (path, span)),
            processes=tuple(display_name(c.process.view) for c in found),
            path=path,
        )


def _weight(case: _Case) -> tuple[int, float]:
    return case.worst.spot_runs or 0, case.worst.instance_hours or 0.0


def _message(found: list[_Case], spot: SpotAttempts) -> str:
    head = found[0]  # the most runs
    process, stay, worst = head.process, head.stay, head.worst
    attempts = describe_retries(process)
    if stay.fallback_queue is not None:
        assumed = " (taken as On-Demand: it differs from the first queue)" if stay.fallback_assumed else ""
        attempts += f", the first {stay.spot_attempts} on Spot before queue '{stay.fallback_queue}'{assumed}"
    value = f"aws.batch.maxSpotAttempts {spot.value}"
    if spot.reason != "aws.batch.maxSpotAttempts":
        value += f" [{spot.reason}]"
    same = all(c.worst.spot_runs == worst.spot_runs for c in found) and not any(c.process.plan.uncertain for c in found)
    runs = "" if same else "up to "
    named = group_names(c.process for c in found)
    text = (f"{named} can run {runs}{worst.spot_runs} times on Spot for one task "
            f"({spot_queue_note(process)}): {attempts} × {value}")
    costly = max(found, key=lambda c: c.worst.instance_hours or 0.0)
    if costly.worst.instance_hours is not None:
        times = times_text(costly.process.plan.times[: costly.stay.spot_attempts])
        text += f" — worst case {hours_text(costly.worst.instance_hours)} instance-hours"
        text += f" with time {times}" if named == display_name(costly.process.view) else (
            f" for {display_name(costly.process.view)} with time {times}")
        if spot.snapshots:
            text += " (less when Fusion Snapshots restore a reclaimed run)"
    else:
        text += " — no time limit is known, so each run lasts until it is reclaimed"
    return text


def _suggestion(model: ConfigModel, spot: SpotAttempts, process: BatchProcess) -> str:
    spot_queue = process.first_queue if isinstance(process.first_queue, str) else "<your Spot queue>"
    fallback = f"queue = {{ task.attempt > 1 ? '{on_demand_name(model)}' : '{spot_queue}' }}"
    if spot.snapshots and model.version.at_least(24, 10):  # 0 (or unset) means 5 with snapshots
        return ("Fusion Snapshots keep AWS retries on (maxSpotAttempts 0 still means 5): lower maxRetries, "
                f"or send Nextflow's retries to On-Demand with {fallback}.")
    return (f"Set {no_spot_retries_text(model)} so AWS does not re-run reclaimed "
            f"jobs, and let Nextflow's retries fall back to On-Demand: {fallback} with errorStrategy 'retry'.")


def _related(process: BatchProcess, spot: SpotAttempts, model: ConfigModel, primary: tuple[str, object]) -> tuple[Related, ...]:
    view = process.view
    found = [
        *related(view.get("maxRetries"), f"maxRetries {process.plan.max_retries}"),
        *related(view.get("errorStrategy"), "errorStrategy: what Nextflow does with a reclaimed task"),
        *related(spot.setting, f"aws.batch.maxSpotAttempts: {spot.reason}"),
    ]
    if spot.snapshots:
        found += related(model.setting("fusion.snapshots"), "Fusion Snapshots: AWS retries restore from a checkpoint")
    return tuple(r for r in found if (r.path, r.span) != primary)
