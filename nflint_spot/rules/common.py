"""Facts several Spot rules share, computed one way: which processes run on AWS Batch and on
Spot, how a process is named in a message, and how findings for many processes that come
from one setting become one finding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from ..aws import AttemptPlan, SpotAttempts, executor_of, max_spot_attempts, plan_attempts
from ..diagnostics import Related
from ..loader import Setting
from ..model import ConfigModel, Directive, ProcessView
from ..span import Span

MAX_NAMED_PROCESSES = 3


@dataclass(frozen=True)
class BatchProcess:
    """A process (or selector scope) that runs on AWS Batch, with its attempt plan."""

    view: ProcessView
    plan: AttemptPlan
    first_queue: object  # queue of attempt 1: str, None (unset) or UNKNOWN
    on_spot: bool  # attempt 1 runs on a Spot queue (or an unclassified one treated as Spot)
    queue_note: str  # "queue 'x'", "queue 'x' (assumed Spot: ...)", "no queue set"


def on_aws_batch(model: ConfigModel, view: ProcessView) -> bool:
    """executor awsbatch, or no executor set while rules.yaml says the launcher is AWS Batch."""
    executor, source = executor_of(model, view)
    if executor == "awsbatch":
        return True
    return model.environment.launcher == "awsbatch" and source is None


def batch_processes(model: ConfigModel) -> list[BatchProcess]:
    return _batch_processes(id(model), model)


_CACHE: dict[int, tuple[ConfigModel, list[BatchProcess]]] = {}


def _batch_processes(key: int, model: ConfigModel) -> list[BatchProcess]:
    # Rules run one after another on the same model: compute the plans once per model.
    cached = _CACHE.get(key)
    if cached is not None and cached[0] is model:
        return cached[1]
    policy = model.environment.queues
    found = []
    for view in model.processes:
        if not on_aws_batch(model, view):
            continue
        plan = plan_attempts(model, view)
        first = plan.queues[0] if plan.queues else None
        if first is None:
            on_spot, note = policy.unknown_is_spot, "no queue set"
        elif isinstance(first, str):
            kind = policy.classify(first)
            on_spot = policy.is_spot(first) is True
            note = f"queue '{first}'"
            if kind == "unknown":
                note += f" (assumed {'Spot' if on_spot else 'On-Demand'}: the name matches no queue pattern in rules.yaml)"
        else:
            on_spot, note = policy.unknown_is_spot, "a queue computed at run time"
        found.append(BatchProcess(view, plan, first, on_spot, note))
    _CACHE.clear()
    _CACHE[key] = (model, found)
    return found


def spot_attempts(model: ConfigModel) -> SpotAttempts:
    return max_spot_attempts(model)


def display_name(view: ProcessView) -> str:
    if view.kind == "defaults":
        return "all processes (process defaults)"
    return view.name


def names(views: Iterable[ProcessView]) -> str:
    """'ALIGN', 'ALIGN and SORT', 'ALIGN, SORT, CALL and 4 more'."""
    listed = [display_name(v) for v in views]
    if len(listed) <= 1:
        return "".join(listed)
    if len(listed) <= MAX_NAMED_PROCESSES:
        return ", ".join(listed[:-1]) + " and " + listed[-1]
    rest = len(listed) - MAX_NAMED_PROCESSES
    return ", ".join(listed[:MAX_NAMED_PROCESSES]) + f" and {rest} more"


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

