"""What AWS Batch and Spot do with a process: executor, effective maxSpotAttempts, and the
worst case of one task's attempts (reference §2, §3, §5).

Nextflow retries (errorStrategy/maxRetries) re-run a task as a new attempt, re-evaluating
`queue` and `time`. AWS retries (aws.batch.maxSpotAttempts) happen inside ONE Nextflow
attempt: same queue, same time limit, invisible to Nextflow. So the worst case of one task is
Σ over Nextflow attempts of max(1, maxSpotAttempts) runs, each up to that attempt's time.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..syntax import nodes as n
from ..syntax.names import node_children
from ..values.evaluator import UNKNOWN, EvalEnv, as_duration, call_closure_or_value, evaluate
from ..config.loader import Setting
from ..config.model import ConfigModel, Directive, ProcessView
from ..config.queues import QueuePolicy
from ..speed.directive_values import directive_value, mentions
from ..speed.value_memo import expression_key, memoised, per_lint
from ..values.values import Duration, OneOf, one_of, options_of

# task.exitStatus of a reclaimed task: usually none at all (Integer.MAX_VALUE, shown as
# '-'), sometimes SIGTERM (143) or SIGKILL (137) when the container was stopped first.
MISSING_EXIT_STATUS = 2147483647
RECLAIM_EXIT_STATUSES = (MISSING_EXIT_STATUS, 143, 137)
SHOWN_EXIT_STATUSES = (143, 137, 1, MISSING_EXIT_STATUS)
ERROR_STRATEGIES = ("terminate", "finish", "ignore", "retry")
# AWS Batch allows 1..10 attempts; Nextflow caps what we simulate at a sane bound.
MAX_SIMULATED_ATTEMPTS = 50


@dataclass(frozen=True, slots=True)
class SpotAttempts:
    """Effective aws.batch.maxSpotAttempts: `value` (None when not statically known), the
    setting that set it (if any) and why it has this value."""

    value: int | None
    setting: Setting | None
    reason: str
    snapshots: bool = False

    @property
    def runs_per_attempt(self) -> int | None:
        # AWS `attempts` counts the first run: 0 and 1 both mean a single run.
        return None if self.value is None else max(1, self.value)


def fusion_snapshots_on(model: ConfigModel) -> bool:
    return _is_true(model, "fusion.enabled") and _is_true(model, "fusion.snapshots")


def _is_true(model: ConfigModel, dotted: str) -> bool:
    setting = model.setting(dotted)
    return setting is not None and isinstance(setting.value, n.Literal) and setting.value.value is True


def max_spot_attempts(model: ConfigModel) -> SpotAttempts:
    """Once per model: most Spot rules ask."""
    return per_lint(model, "spot-attempts", lambda: _max_spot_attempts(model))


def _max_spot_attempts(model: ConfigModel) -> SpotAttempts:
    setting = model.setting("aws.batch.maxSpotAttempts")
    snapshots = fusion_snapshots_on(model)
    if not model.version.at_least(22, 4):
        # The option and AWS Batch's retry of a reclaimed job came in 22.04 (PR "Add Aws Batch
        # native retry on spot reclaim"): before, no AWS retry, whatever the config says.
        return SpotAttempts(0, None, f"no AWS retries before Nextflow 22.04 (assuming {model.version})", snapshots)
    explicit: int | None = None
    if setting is not None:
        value = call_closure_or_value(setting.value, EvalEnv(params=model.params))
        if isinstance(value, int) and not isinstance(value, bool):
            explicit = value
        elif value is not UNKNOWN and isinstance(value, str) and value.strip().lstrip("-").isdigit():
            explicit = int(value)
        else:
            return SpotAttempts(None, setting, "aws.batch.maxSpotAttempts is not a literal number", snapshots)
    if snapshots and (explicit is None or explicit == 0) and model.version.at_least(24, 10):
        # AwsBatchTaskHandler: with Fusion Snapshots on, unset or 0 becomes 5.
        why = "unset" if explicit is None else "0"
        return SpotAttempts(5, setting, f"Fusion Snapshots are on and maxSpotAttempts is {why}, so Nextflow uses 5", True)
    if explicit == 0 and not zero_honoured(model):
        # nextflow-io/nextflow#5330: `opts.maxSpotAttempts as Integer ?: DEFAULT_MAX_SPOT_ATTEMPTS`
        # (AwsBatchConfig, from 23.05.0-edge) turned 0 into the default 5, until the default
        # itself became 0 (24.08.0-edge) and #5331 (24.09.0-edge); 22.04 to 23.04 read 0 as 0
        # (AwsOptions: `navigate(..., DEFAULT) as int`).
        return SpotAttempts(5, setting, f"maxSpotAttempts = 0 means the default 5 from Nextflow 23.05 to 24.07 "
                            f"(nextflow-io/nextflow#5330; assuming {model.version})", snapshots)
    if explicit is not None:
        return SpotAttempts(explicit, setting, "aws.batch.maxSpotAttempts", snapshots)
    if model.version.at_least(24, 8):
        # The default became 0 in 24.08.0-edge (PR #5215), first stable release 24.10.
        return SpotAttempts(0, None, f"default 0 for Nextflow {model.version} (changed from 5 in 24.08-edge / 24.10)", snapshots)
    return SpotAttempts(5, None, f"default 5 for Nextflow {model.version} (before 24.10)", snapshots)


def zero_honoured(model: ConfigModel, floor: bool = False) -> bool:
    """Whether `aws.batch.maxSpotAttempts = 0` really means 0 in the assumed version (see
    _max_spot_attempts: not from 23.05 to 24.07). With `floor`: in every release from the
    lowest the lint analyses on, for a fix that must hold in all of them."""
    if floor:
        return model.version.floor >= (24, 8, 0)
    version = model.version.version
    return version < (23, 5, 0) or version >= (24, 8, 0)


def executor_of(model: ConfigModel, view: ProcessView) -> tuple[str | None, Setting | Directive | None]:
    """`process.executor` (per process, selectors included), else `executor.name`."""
    directive = view.get("executor")
    if directive is not None:
        value = directive_value(directive.value, None, None, model.params)
        return (value if isinstance(value, str) else None), directive
    setting = model.setting("executor.name")
    if setting is not None:
        value = directive_value(setting.value, None, None, model.params)
        return (value if isinstance(value, str) else None), setting
    return "local", None


@dataclass(frozen=True, slots=True)
class AttemptPlan:
    """One task of a process, failing again and again as a Spot reclaim does."""

    max_retries: int | None  # effective (0 is coerced to 1 by Nextflow)
    attempts: int | None  # Nextflow attempts in the worst reclaim case; None = unknown
    queues: tuple[object, ...]  # queue per attempt (str or UNKNOWN)
    times: tuple[object, ...]  # Duration per attempt or UNKNOWN/None (no limit)
    strategy_by_exit: dict[int, object]  # at attempt 1: exit status → strategy
    retries_possible: bool | None  # does errorStrategy ever resolve to 'retry'?
    # Some value of the plan is one of several possible values (values.OneOf: a closure
    # choosing by something unknown): the figures are the worst case of them ("up to").
    uncertain: bool = False


def effective_max_retries(model: ConfigModel, view: ProcessView) -> int | None:
    directive = view.get("maxRetries")
    if directive is None:
        return 1  # Nextflow's default
    value = call_closure_or_value(directive.value, EvalEnv(params=model.params))
    numbers = []
    for option in options_of(value):  # several possible values: the most retries
        if isinstance(option, bool) or not isinstance(option, (int, str)):
            return None
        try:
            number = int(option)
        except ValueError:
            return None
        # TaskConfig.getMaxRetries: Groovy truth makes 0 fall back to the default 1.
        numbers.append(number if number != 0 else 1)
    return max(numbers)


def strategy_at(model: ConfigModel, view: ProcessView, attempt: int, exit_status: int) -> object:
    directive = view.get("errorStrategy")
    if directive is None:
        return "terminate"
    value = directive_value(directive.value, attempt, exit_status, model.params)
    if isinstance(value, OneOf):
        return one_of(option.lower() if isinstance(option, str) else option for option in value.options)
    return value.lower() if isinstance(value, str) else value


def value_at(model: ConfigModel, view: ProcessView, directive_name: str, attempt: int) -> object:
    directive = view.get(directive_name)
    if directive is None:
        return None
    return directive_value(directive.value, attempt, None, model.params)


# What an attempt plan depends on: these directives' values, and the Nextflow version
# (resourceLimits needs 24.04).
PLAN_DIRECTIVES = ("maxRetries", "errorStrategy", "queue", "time", "resourceLimits")


def plan_attempts(model: ConfigModel, view: ProcessView) -> AttemptPlan:
    """Memoised by what the plan depends on: hundreds of selector scopes and every profile
    scenario share plans (nf-core's sarek evaluated the same closures 600,000 times)."""
    after_24_04 = model.version.at_least(24, 4)

    def shared() -> AttemptPlan:
        key: list[object] = ["plan", after_24_04]
        for name in PLAN_DIRECTIVES:
            directive = view.get(name)
            key.append(None if directive is None else expression_key(directive.value, model.params))
        return memoised(tuple(key), lambda: _plan_attempts(model, view))

    # Scenarios with the same params dict share it (model.params), and views (build_model).
    return per_lint(view, ("plan", id(model.params), after_24_04), shared)


def _plan_attempts(model: ConfigModel, view: ProcessView) -> AttemptPlan:
    max_retries = effective_max_retries(model, view)
    strategies = {status: strategy_at(model, view, 1, status) for status in SHOWN_EXIT_STATUSES}
    attempts: int | None = 1
    for status in RECLAIM_EXIT_STATUSES:
        count = _attempts_for(model, view, status, max_retries)
        if count is None:
            attempts = None
            break
        attempts = max(attempts or 1, count)
    shown = attempts if attempts is not None else (max_retries or 1) + 1
    # `maxRetries = 2147483648` with a strategy we cannot evaluate: simulate no more
    # attempts than _attempts_for does (it once evaluated the closures two billion times).
    shown = min(shown, MAX_SIMULATED_ATTEMPTS)
    queues = tuple(value_at(model, view, "queue", a) for a in range(1, shown + 1))
    limit = _time_limit(model, view)
    times = tuple(_capped(_duration_or_unknown(value_at(model, view, "time", a)), limit) for a in range(1, shown + 1))
    retries = view.get("maxRetries")
    uncertain = OneOf in map(type, (*queues, *times, *strategies.values())) or (
        retries is not None and isinstance(directive_value(retries.value, None, None, model.params), OneOf))
    return AttemptPlan(max_retries, attempts, queues, times, strategies, _retries_possible(model, view), uncertain)


def _attempts_for(model: ConfigModel, view: ProcessView, status: int, max_retries: int | None) -> int | None:
    attempt = 1
    while attempt < MAX_SIMULATED_ATTEMPTS:
        strategy = strategy_at(model, view, attempt, status)
        options = options_of(strategy)
        if strategy is UNKNOWN or not all(isinstance(option, str) for option in options):
            return None
        if "retry" not in options:
            return attempt  # (a strategy that may retry counts as retrying: the most attempts)
        if max_retries is None:
            return None
        # TaskProcessor: retry while the task's fail count <= maxRetries.
        if attempt > max_retries:
            return attempt
        attempt += 1
    return attempt


def _retries_possible(model: ConfigModel, view: ProcessView) -> bool | None:
    directive = view.get("errorStrategy")
    if directive is None:
        return False
    if not mentions(directive.value, "task.exitStatus") and not mentions(directive.value, "task.attempt"):
        value = strategy_at(model, view, 1, 1)
        return None if value is UNKNOWN else value == "retry"
    statuses, attempts = _probes(directive.value, model)
    seen_unknown = False
    for status in statuses:
        for attempt in attempts:
            value = strategy_at(model, view, attempt, status)
            if "retry" in options_of(value):
                return True
            if value is UNKNOWN:
                seen_unknown = True
    return None if seen_unknown else False


def _time_limit(model: ConfigModel, view: ProcessView) -> Duration | None:
    """`resourceLimits.time` (Nextflow 24.04+) caps every attempt's `time`."""
    directive = view.get("resourceLimits")
    if directive is None or not model.version.at_least(24, 4):
        return None
    limits = call_closure_or_value(directive.value, EvalEnv(params=model.params))
    if limits is UNKNOWN or not hasattr(limits, "get"):
        return None
    limit = limits.get("time")
    return None if limit is None or limit is UNKNOWN else as_duration(limit)


def _capped(time: object, limit: Duration | None) -> object:
    if isinstance(time, OneOf):
        return one_of(_capped(option, limit) for option in time.options)
    return min(time, limit) if isinstance(time, Duration) and limit is not None else time


def _probes(value: n.Expr, model: ConfigModel) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Exit statuses and attempts worth trying on an errorStrategy closure: the usual ones,
    and each whole number the closure or a literal param mentions with its neighbours, so that
    `task.exitStatus in [125, 139]`, `== 0` or `task.attempt > 2` are not missed."""
    numbers: set[int] = set()
    stack: list[object] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, n.Literal) and isinstance(item.value, int) and not isinstance(item.value, bool):
            numbers.add(item.value)
        elif isinstance(item, (n.Property, n.Index)) and _is_param(item):
            stack.extend(_param_numbers(model, item))
        elif isinstance(item, tuple):
            stack.extend(item)
        elif isinstance(item, n.Node):
            stack.extend(node_children(item))
    near = sorted({m for v in numbers for m in (v - 1, v, v + 1)})
    statuses = tuple(dict.fromkeys((*RECLAIM_EXIT_STATUSES, 1, 104, 130, 140, 175, 0, *near[:200])))
    attempts = tuple(dict.fromkeys((1, 2, *(m for m in near if 2 < m <= 20))))
    return statuses, attempts


def _is_param(node: n.Node) -> bool:
    return isinstance(node, (n.Property, n.Index)) and isinstance(node.obj, n.Name) and node.obj.name == "params"


def _param_numbers(model: ConfigModel, node: n.Node) -> list[n.Literal]:
    found: list[n.Literal] = []
    value = evaluate(node, EvalEnv(params=model.params))  # type: ignore[arg-type]
    items = [value]
    while items:
        item = items.pop()
        if isinstance(item, int) and not isinstance(item, bool):
            found.append(n.Literal(item, "int"))
        elif isinstance(item, range):
            if len(item):
                items += [item[0], item[-1]]
        elif isinstance(item, tuple):
            items.extend(item)
    return found


def _duration_or_unknown(value: object) -> object:
    if value is None or value is UNKNOWN:
        return value
    if isinstance(value, OneOf):
        return one_of(_duration_or_unknown(option) for option in value.options)
    duration = as_duration(value)
    return duration if duration is not None else UNKNOWN


def longest(time: object) -> object:
    """A time limit, or of several possible ones the longest (the worst case)."""
    if isinstance(time, OneOf):
        options = time.options
        return max(options) if all(isinstance(option, Duration) for option in options) else UNKNOWN  # type: ignore[type-var]
    return time


@dataclass(frozen=True, slots=True)
class WorstCase:
    """The most one task can cost when Spot keeps reclaiming it."""

    spot_runs: int | None
    total_runs: int | None
    instance_hours: float | None  # None when some time limit is unknown or absent


def worst_case(plan: AttemptPlan, spot_attempts: SpotAttempts, policy: QueuePolicy,
               retry_targets: frozenset[str] = frozenset()) -> WorstCase:
    """`retry_targets`: the queue names other processes fall back to (QueuePolicy.on_spot)."""
    per_attempt = spot_attempts.runs_per_attempt
    if plan.attempts is None or per_attempt is None:
        return WorstCase(None, None, None)
    spot_runs = 0
    total_runs = 0
    hours: float | None = 0.0
    first = plan.queues[0] if plan.queues else None
    for index in range(plan.attempts):
        queue = plan.queues[index] if index < len(plan.queues) else None
        on_spot = policy.on_spot(queue, first, retry_targets)
        runs = per_attempt if on_spot is not False else 1
        time = longest(plan.times[index]) if index < len(plan.times) else None
        total_runs += runs
        if hours is not None and isinstance(time, Duration):
            hours += runs * time.hours
        else:
            hours = None
        if on_spot is False:
            break  # On-Demand is not reclaimed: this attempt is the last one the reclaims cause
        spot_runs += runs
    return WorstCase(spot_runs, total_runs, hours)
