"""Which processes run on AWS Batch and on Spot, and how long a task stays on Spot: the
facts most Spot rules start from, computed once per model and shared by the profile
scenarios whose views, the params they read, the executor, the version and the
environment are equal."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable, Hashable, TypeVar

from .aws import PLAN_DIRECTIVES, AttemptPlan, SpotAttempts, WorstCase, executor_of, plan_attempts, worst_case
from ..config.loader import Setting
from ..config.model import ConfigModel, ProcessView
from ..config.queues import QueuePolicy
from ..speed.value_memo import params_read_by, params_values, per_lint

T = TypeVar("T")


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
    """Rules run one after another on the same model: the plans are computed once per model,
    and once for the scenarios that share the views, the params they read, the executor,
    the version and the environment (a test profile setting params no process reads)."""
    def shared() -> list[BatchProcess]:
        return per_views(model, ("batch-processes", model.environment), lambda: _batch_processes(model))

    return per_lint(model, "batch-processes", shared)


def per_views(model: ConfigModel, key: Hashable, compute: Callable[[], T]) -> T:
    """What depends only on the views, the values of the params their executor and attempt
    plan directives read, the `executor.name` setting, whether the version has
    resourceLimits (plan_attempts) and `key`: computed once for the profile scenarios
    sharing them."""
    views_key = per_lint(model, "views-key", lambda: _views_key(model))
    return per_lint(model.processes, (key, *views_key), compute)


def _views_key(model: ConfigModel) -> tuple[object, ...]:
    # Once per model: per_views is asked by several rules of each scenario.
    executor = model.setting("executor.name")
    return views_params(model, executor), id(executor), model.version.at_least(24, 4)


def views_params(model: ConfigModel, executor: Setting | None) -> object:
    """The values of the params the views' executor and attempt plan directives read."""
    return params_values(views_params_read(model, executor), model.params)


def views_params_read(model: ConfigModel, executor: Setting | None) -> object:
    """Which params the views' executor and attempt plan directives read (params_read_by)."""
    return per_lint(model.processes, ("params-read", id(executor)), lambda: _params_read(model.processes, executor))


# What _batch_processes reads of a view: the executor and what its attempt plan reads.
_BATCH_DIRECTIVES = ("executor", *PLAN_DIRECTIVES)


def _params_read(views: list[ProcessView], executor: Setting | None) -> object:
    values = {} if executor is None else {id(executor.value): executor.value}
    for view in views:
        directives = view.directives
        for name in _BATCH_DIRECTIVES:
            directive = directives.get(name)
            if directive is not None:
                values[id(directive.value)] = directive.value
    return params_read_by(values.values())


def _batch_processes(model: ConfigModel) -> list[BatchProcess]:
    policy = model.environment.queues
    found = []
    # Most views share the defaults' executor directive (or none): asked once per source.
    batch_by_source: dict[int, bool] = {}
    for view in model.processes:
        source = view.directives.get("executor")
        on_batch = batch_by_source.get(id(source))
        if on_batch is None:
            on_batch = batch_by_source[id(source)] = on_aws_batch(model, view)
        if not on_batch:
            continue
        plan = plan_attempts(model, view)
        # The same view and plan in another scenario is the same process: what rules memoise
        # about it is shared.
        found.append(per_lint(view, ("batch-process", id(plan), id(policy)),
                              lambda: _batch_process(view, plan, policy)))
    return found


def _batch_process(view: ProcessView, plan: AttemptPlan, policy: QueuePolicy) -> BatchProcess:
    first = plan.queues[0] if plan.queues else None
    if first is None:
        on_spot, note = policy.unknown_is_spot, "no queue set"
    elif isinstance(first, str):
        kind = policy.classify(first)
        on_spot = policy.on_spot(first, first) is True
        note = f"queue '{first}'"
        if kind == "unknown":
            note += f" (assumed {'Spot' if on_spot else 'On-Demand'}: the name matches no queue pattern in rules.yaml)"
    else:
        on_spot, note = policy.unknown_is_spot, "a queue computed at run time"
    return BatchProcess(view, plan, first, on_spot, note)


@dataclass(frozen=True)
class SpotStay:
    """How many of a task's Nextflow attempts (worst reclaim case) run on Spot before an
    On-Demand queue takes over."""

    spot_attempts: int  # leading attempts on Spot (0: attempt 1 is On-Demand)
    attempts: int | None  # the plan's attempts (None: errorStrategy not statically known)
    fallback_queue: str | None  # the queue of the first On-Demand attempt, if any
    fallback_assumed: bool  # that queue matches no pattern: taken as On-Demand because it differs
    fallback_index: int | None = None  # 0-based attempt that runs On-Demand, if any

    @property
    def falls_back(self) -> bool:
        """Attempt 1 runs on Spot and a later attempt On-Demand."""
        return self.spot_attempts > 0 and self.fallback_index is not None


def spot_stay(process: BatchProcess, model: ConfigModel) -> SpotStay | None:
    """None when a queue is not statically known (never guess). Each attempt's queue is
    classified by QueuePolicy.on_spot, as `show` and hover classify it: a queue matching no
    pattern is On-Demand where a later attempt moves to it from a different queue, here or in
    any other process (retry_target_queues)."""
    return _stay_of_plan(process.plan, model.environment.queues, retry_target_queues(model))


def spot_stays(model: ConfigModel) -> list[SpotStay | None]:
    """spot_stay of each of batch_processes(model), in its order: rules walking every
    process look the retry targets up once, not once per process."""
    processes = batch_processes(model)
    policy = model.environment.queues
    targets = retry_target_queues(model)
    return per_lint(processes, ("spot-stays", targets, id(policy)),
                    lambda: [_stay_of_plan(p.plan, policy, targets) for p in processes])


def _stay_of_plan(plan: AttemptPlan, policy: QueuePolicy, targets: frozenset[str]) -> SpotStay | None:
    # What a stay depends on: the plan (shared by the views and scenarios whose plan
    # inputs are equal), the queue policy and the retry targets.
    return per_lint(plan, ("spot-stay", targets, id(policy)),
                    lambda: _spot_stay(plan, policy, targets))


def _spot_stay(plan: AttemptPlan, policy: QueuePolicy, targets: frozenset[str]) -> SpotStay | None:
    queues = plan.queues if plan.attempts is None else plan.queues[: plan.attempts]
    if plan.attempts is None and len({repr(q) for q in queues}) > 1:
        return None  # the queue changes by attempt, but how many attempts happen is unknown
    first = queues[0] if queues else None
    for index, queue in enumerate(queues):
        if queue is not None and not isinstance(queue, str):
            return None  # UNKNOWN, several possible queues, or nf-core's `params.awsqueue = false`: never guess
        if not policy.on_spot(queue, first, targets):
            assumed = isinstance(queue, str) and policy.classify(queue) == "unknown"
            return SpotStay(index, plan.attempts, queue if isinstance(queue, str) else None, assumed, index)
    return SpotStay(len(queues), plan.attempts, None, False)


def retry_target_queues(model: ConfigModel) -> frozenset[str]:
    """Queue names matching no pattern that some process's later attempt moves to."""
    processes = batch_processes(model)
    return per_lint(processes, "retry-targets", lambda: _retry_targets(model, processes))


def _retry_targets(model: ConfigModel, processes: list[BatchProcess]) -> frozenset[str]:
    policy = model.environment.queues
    found = set()
    for process in processes:
        first = process.first_queue
        for queue in process.plan.queues[1:]:
            if isinstance(queue, str) and queue != first and policy.classify(queue) == "unknown":
                found.add(queue)
    return frozenset(found)


def spot_worst_case(process: BatchProcess, stay: SpotStay, spot: SpotAttempts, policy: QueuePolicy) -> WorstCase:
    """worst_case() over the attempts that stay on Spot (spot_stay's view of the queues):
    every attempt counted is on Spot, so an unclassified queue is counted as Spot too."""
    spot_policy = dataclasses.replace(policy, unknown_is_spot=True)
    return worst_case(dataclasses.replace(process.plan, attempts=stay.spot_attempts), spot, spot_policy)
