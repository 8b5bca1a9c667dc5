from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..syntax import nodes as n
from ..analysis.aws import SpotAttempts, executor_of, max_spot_attempts
from ..diagnostics import Finding, Related, Severity
from ..fixes import Fix, TextEdit
from ..config.loader import Setting
from ..config.model import ConfigModel, Directive
from ..values.values import Duration
from .base import Bounds, Rule, option
from .common import (
    MAX_NAMED_PROCESSES, BatchProcess, batch_processes, display_name, group_by_location, group_names,
    hours_text, location, no_spot_retries_text, no_spot_retries_value, related, spot_key,
    spot_stays,
)


class SpotAttemptsWithLongTasks(Rule):
    """`aws.batch.maxSpotAttempts` retries long tasks on Spot from scratch, invisibly.

    Why: with `maxSpotAttempts` above 1, AWS Batch re-runs a job reclaimed by Spot, on Spot
    again, from the beginning, inside one Nextflow attempt: Nextflow, the logs and Seqera
    Platform see one attempt while the instance-hours of every lost run are billed. The
    seed guide: consider it only "if you do not have processes with long runtimes in your
    workflow (i.e., all processes are under 1 hour runtime)". Reported once, when some
    process on Spot has a first-attempt `time` of at least `spot_attempts_max_task`. The
    value may come from a default: 5 before Nextflow 24.10 (the version assumed is the lowest
    `manifest.nextflowVersion` allows), and `0` meant 5 before 24.08. Not reported with
    Fusion Snapshots on: a reclaimed run then resumes from a checkpoint instead of starting
    over (that is what the snapshots are for).

    Bad:
        aws.batch.maxSpotAttempts = 3
        process {
            executor = 'awsbatch'
            withLabel: 'process_high' { time = 16.h }
        }

    Good:
        aws.batch.maxSpotAttempts = 0
        process {
            executor = 'awsbatch'
            withLabel: 'process_high' { time = 16.h }
        }

    Fix: set `aws.batch.maxSpotAttempts = 0` (-1 before Nextflow 24.08) and handle reclaims
    with Nextflow retries that fall back to On-Demand, or move the long processes to an
    On-Demand queue. An unsafe fix rewrites a literal `maxSpotAttempts` value.
    """

    code = "SPOT003"
    name = "spot-attempts-with-long-tasks"
    severity = Severity.WARNING
    fixable = "unsafe"

    @dataclass(frozen=True)
    class Options:
        """rules.yaml options of this rule."""

        spot_attempts_max_task: Duration = option(Duration(3_600_000),
                                                  Bounds(0, low_included=False, why="a task's time"))

    shares = "batch"

    def sharing_key(self, model: ConfigModel, options: Options) -> tuple[object, ...]:
        # Reads of the scenario beyond the batch processes and their Spot stays:
        # maxSpotAttempts, the version (the suggested value, the snapshots switch) and the
        # manifest's nextflowVersion (a related location).
        return (*spot_key(max_spot_attempts(model)), options, model.version,
                model.setting("manifest.nextflowVersion"))

    def check(self, model: ConfigModel, options: Options) -> Iterator[Finding]:
        spot = max_spot_attempts(model)
        runs = spot.runs_per_attempt
        if runs is None or runs <= 1 or (spot.snapshots and model.version.at_least(24, 10)):
            return  # with Fusion Snapshots (24.10.6+) a reclaimed run resumes from a checkpoint
        long_ones: list[tuple[BatchProcess, Duration]] = []
        for process, stay in zip(batch_processes(model), spot_stays(model)):
            first = process.plan.times[0] if process.plan.times else None
            if not isinstance(first, Duration) or first.millis < options.spot_attempts_max_task.millis:
                continue
            if stay is not None and stay.spot_attempts > 0:
                long_ones.append((process, first))
        if not long_ones:
            return
        long_ones.sort(key=lambda item: item[1].millis, reverse=True)  # Durations order by millis
        source, why = _anchor(model, spot, long_ones[0][0])
        where = location(source)
        if where is None:
            return
        longest, time = long_ones[0]
        value = f"aws.batch.maxSpotAttempts {spot.value}"
        if spot.reason != "aws.batch.maxSpotAttempts":
            value += f" [{spot.reason}]"
        listed = _listed(long_ones)
        text = (f"{value} makes AWS re-run a reclaimed job from scratch on Spot, invisibly to Nextflow, but "
                f"processes on Spot have time {options.spot_attempts_max_task} or more: {listed}; one Nextflow "
                f"attempt of {display_name(longest.view)} can lose up to {runs} runs × {time} = "
                f"{hours_text(runs * time.hours)} instance-hours{why}")
        yield Finding(
            where[1],
            text,
            f"Set {no_spot_retries_text(model)} and let Nextflow retry a reclaim on an "
            "On-Demand queue (queue = { task.attempt > 1 ? '<on-demand>' : '<spot>' }), or move the long "
            "processes to an On-Demand queue.",
            fix=_fix(model, spot),
            related=tuple(r for r in _related(long_ones, model, spot) if (r.path, r.span) != where),
            processes=tuple(display_name(p.view) for p, _ in long_ones),
            path=where[0],
        )


def _anchor(model: ConfigModel, spot: SpotAttempts, process: BatchProcess) -> tuple[Setting | Directive | None, str]:
    """The explicit setting. Else (unset, so the pre-24.10 default 5) where AWS Batch is
    chosen for the longest process, which is where `aws.batch.maxSpotAttempts` belongs; with
    a launcher choosing AWS Batch, that process's queue or time. Not manifest.nextflowVersion:
    SPOT009 reports the unset default there."""
    if spot.setting is not None:
        return spot.setting, ""
    unset = "aws.batch.maxSpotAttempts is not set anywhere, so"
    _, executor = executor_of(model, process.view)
    if executor is not None:
        return executor, f"; {unset} this is reported where AWS Batch is chosen (set it at the top level of this file, outside any process block)"
    queue = process.view.get("queue")
    if queue is not None:
        return queue, f"; {unset} this is reported at the queue of {display_name(process.view)}, the longest task on Spot"
    return process.view.get("time"), f"; {unset} this is reported at the time of {display_name(process.view)}, the longest task on Spot"


def _listed(long_ones: list[tuple[BatchProcess, Duration]]) -> str:
    """'withLabel:process_high time 16h, withLabel:process_medium time 8h and 2 more', one
    entry per time setting (selector scopes inheriting the defaults' time are not repeated)."""
    grouped = list(group_by_location(
        (location(p.view.get("time")), p) for p, _ in long_ones if p.view.get("time") is not None))
    shown = [f"{group_names(group)} time {group[0].plan.times[0]}" for _, group in grouped[:MAX_NAMED_PROCESSES]]
    rest = len(grouped) - len(shown)
    if rest:
        return ", ".join(shown) + f" and {rest} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _fix(model: ConfigModel, spot: SpotAttempts) -> Fix | None:
    setting = spot.setting
    if setting is None or not isinstance(setting.value, n.Literal) or setting.value.kind != "int":
        return None
    value = no_spot_retries_value(model)
    return Fix(f"Write `aws.batch.maxSpotAttempts = {value}`", (TextEdit(setting.value.span, value),), safe=False)


def _related(long_ones: list[tuple[BatchProcess, Duration]], model: ConfigModel, spot: SpotAttempts) -> tuple[Related, ...]:
    found: list[Related] = []
    for process, time in long_ones[:MAX_NAMED_PROCESSES]:
        found += related(process.view.get("time"), f"time {time} for {display_name(process.view)}")
    if spot.setting is None:
        found += related(model.setting("manifest.nextflowVersion"), f"Nextflow version assumed: {model.version.describe()}")
    return tuple(found)
