"""How the Spot rules say what they find: how a process is named in a message, where a
finding points, and how findings for many processes that come from one setting become one
finding. The facts they start from (batch_processes, spot_stays) are analysis's
(analysis/batch_processes.py), re-exported here for the rules' import lines."""

from __future__ import annotations

from typing import Iterable, Iterator, NamedTuple

from ..syntax import nodes as n
from ..analysis.aws import MISSING_EXIT_STATUS, RECLAIM_EXIT_STATUSES, SpotAttempts, zero_honoured
from ..analysis.batch_processes import (
    BatchProcess, SpotStay, batch_processes, retry_target_queues, spot_stay, spot_stays, spot_worst_case,
)
from ..diagnostics import Related
from ..config.loader import Setting
from ..config.model import ConfigModel, Directive, ProcessView
from ..span import Span
from ..values.values import Duration, OneOf

__all__ = [
    "MAX_NAMED_PROCESSES", "MAX_RELATED", "BatchProcess", "SpotStay", "Subject", "batch_processes",
    "describe_retries", "display_name", "group_by_location", "group_names", "group_subject", "hours_text",
    "location", "names", "no_spot_retries_text", "no_spot_retries_value", "on_demand_name", "related",
    "retry_target_queues", "spot_key", "spot_queue_note", "spot_stay", "spot_stays", "spot_worst_case",
    "subject", "times_text",
]

MAX_NAMED_PROCESSES = 3
# Related locations shown per finding, as processes are named: a finding for 400 selector
# scopes points at the first few settings, not at 400 (the message says how many more).
MAX_RELATED = 3


def spot_key(spot: SpotAttempts) -> tuple[object, ...]:
    """What a rule reads of max_spot_attempts(model), for its sharing_key (rules/base.py)."""
    return spot.value, spot.setting, spot.reason, spot.snapshots


def display_name(view: ProcessView) -> str:
    if view.kind == "defaults":
        return "all processes (process defaults)"
    return view.name


class Subject(NamedTuple):
    """Processes named as the subject of a sentence, with the number its verb takes."""

    text: str
    plural: bool

    def verb(self, singular: str, plural: str) -> str:
        """'has' or 'have', as the subject takes it."""
        return plural if self.plural else singular


def subject(views: Iterable[ProcessView]) -> Subject:
    """'ALIGN' (singular), 'ALIGN and SORT', 'ALIGN, SORT, CALL and 4 more' (plural). The process
    defaults alone are plural too: they read 'all processes (process defaults)'."""
    views = list(views)
    listed = list(dict.fromkeys(display_name(v) for v in views))  # a process called in two workflows: once
    plural = len(listed) > 1 or any(v.kind == "defaults" for v in views)
    if len(listed) <= 1:
        return Subject("".join(listed), plural)
    if len(listed) <= MAX_NAMED_PROCESSES:
        return Subject(", ".join(listed[:-1]) + " and " + listed[-1], plural)
    rest = len(listed) - MAX_NAMED_PROCESSES
    return Subject(", ".join(listed[:MAX_NAMED_PROCESSES]) + f" and {rest} more", plural)


def names(views: Iterable[ProcessView]) -> str:
    """subject()'s text: 'ALIGN', 'ALIGN and SORT', 'ALIGN, SORT, CALL and 4 more'."""
    return subject(views).text


def location(source: Directive | Setting | None) -> tuple[str, Span] | None:
    """(path, span) of a directive or setting."""
    if source is None:
        return None
    if isinstance(source, Directive):
        return source.provenance.path, source.provenance.span
    return source.path, source.span


def related(source: Directive | Setting | None, message: str) -> tuple[Related, ...]:
    where = location(source)
    return () if where is None else (Related(where[0], where[1], message),)


def group_by_location(items: Iterable[tuple[tuple[str, Span], BatchProcess]]
                      ) -> Iterator[tuple[tuple[str, Span], list[BatchProcess]]]:
    """Processes whose finding points at the same setting, in first-seen order."""
    groups: dict[tuple[str, int, int], tuple[tuple[str, Span], list[BatchProcess]]] = {}
    for where, process in items:
        key = (where[0], where[1].start, where[1].end)
        if key not in groups:
            groups[key] = (where, [])
        groups[key][1].append(process)
    yield from groups.values()


def group_subject(processes: Iterable[BatchProcess]) -> Subject:
    """subject(), but selector scopes that inherit the process defaults are not listed once
    the defaults themselves are named."""
    views = [p.view for p in processes]
    if any(v.kind == "defaults" for v in views):
        others = [v for v in views if v.kind == "process"]
        return subject([next(v for v in views if v.kind == "defaults"), *others])
    return subject(views)


def group_names(processes: Iterable[BatchProcess]) -> str:
    """group_subject()'s text."""
    return group_subject(processes).text


def spot_queue_note(process: BatchProcess) -> str:
    """queue_note, saying that a missing queue is assumed Spot."""
    if process.first_queue is None:
        return "no queue set: the launcher's queue, assumed Spot"
    return process.queue_note


def describe_retries(process: BatchProcess) -> str:
    """"errorStrategy 'retry' with maxRetries 3 (4 attempts)"."""
    strategy = process.view.get("errorStrategy")
    if strategy is not None and isinstance(strategy.value, n.Literal) and isinstance(strategy.value.value, str):
        text = f"errorStrategy '{strategy.value.value}'"
    else:
        retried = [s for s in RECLAIM_EXIT_STATUSES if process.plan.strategy_by_exit.get(s) == "retry"]
        may = any(isinstance(process.plan.strategy_by_exit.get(s), OneOf) for s in RECLAIM_EXIT_STATUSES)
        text = "an errorStrategy closure that may retry a reclaim (by a value not known here)" if may else \
            "an errorStrategy closure that retries a reclaim"
        if retried and len(retried) < len(RECLAIM_EXIT_STATUSES):
            text += " exiting " + " or ".join("-" if s == MISSING_EXIT_STATUS else str(s) for s in retried)
    notes = [] if process.view.get("maxRetries") is not None else ["the default"]
    attempts = process.plan.attempts
    if attempts is not None:
        notes.append(f"{attempts} attempt{'s' if attempts != 1 else ''}")
    text += f" with maxRetries {process.plan.max_retries}"
    return text + (f" ({', '.join(notes)})" if notes else "")


def hours_text(hours: float) -> str:
    return f"{hours:.0f}" if abs(hours - round(hours)) < 0.05 else f"{hours:.1f}"


def times_text(times: Iterable[object]) -> str:
    """'24h' or '16h, 32h (by attempt)' for the Durations given (`16h | 10d` for one of
    several possible values)."""
    listed = list(dict.fromkeys(str(t) for t in times if isinstance(t, (Duration, OneOf))))
    return listed[0] if len(listed) == 1 else ", ".join(listed) + " (by attempt)"


def no_spot_retries_value(model: ConfigModel) -> str:
    """The aws.batch.maxSpotAttempts value that turns AWS retries off in every release the
    lint analyses: 0 meant the default 5 from 23.05 to 24.07 (nextflow-io/nextflow#5330),
    where -1 is the workaround."""
    return "0" if zero_honoured(model, floor=True) else "-1"


def no_spot_retries_text(model: ConfigModel) -> str:
    """'aws.batch.maxSpotAttempts = 0', explained when the version needs -1."""
    value = no_spot_retries_value(model)
    text = f"aws.batch.maxSpotAttempts = {value}"
    return text if value == "0" else text + " (Nextflow 23.05 to 24.07 reads 0 as the default 5)"


def on_demand_name(model: ConfigModel) -> str:
    return model.environment.queues.on_demand_queue or "<your On-Demand queue>"
