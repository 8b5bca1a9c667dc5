"""What a `task.attempt`-based queue closure does (the Spot → On-Demand fallback idiom,
reference §5.3), for SPOT005 unreachable-fallback and SPOT006 fallback-bypassed-by-spot-attempts.

`queue = { task.attempt > 1 ? 'od' : 'spot' }` is evaluated for attempts 1..N: which queue
each attempt gets, which branch values the closure can return, and the first attempt that
leaves the Spot queue. Nothing here guesses: a closure whose queues are not all known strings
is not analysed at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..syntax import nodes as n
from .aws import MAX_SIMULATED_ATTEMPTS, AttemptPlan
from .batch_processes import BatchProcess, batch_processes
from ..values.evaluator import UNKNOWN, EvalEnv, evaluate, node_children
from ..values.values import Duration
from ..speed.frozen import constructor
from ..config.model import ConfigModel, Directive, ProcessView
from ..config.queues import QueuePolicy
from ..speed.directive_values import directive_value, mentions
from ..speed.value_memo import expression_key, memoised, params_part, per_lint, per_node

ATTEMPT = "task.attempt"
SCANNED_ATTEMPTS = 20
_COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")


@dataclass(frozen=True, slots=True)
class AttemptQueues:
    """What an attempt-dependent queue closure does. `fallback` is the queue the closure
    switches to (On-Demand by name, or a differently named queue that is not Spot by name);
    `fallback_attempt` the first attempt that gets it (None: no attempt 1..N does)."""

    directive: Directive
    queues: tuple[str, ...]  # attempt 1..N
    branches: tuple[str, ...]  # known values of the attempt-dependent branches
    fallback: str | None
    fallback_attempt: int | None
    fallback_by_name: bool  # the fallback's name matches an On-Demand pattern
    zero_comparison: n.Binary | None  # `task.attempt > 0`, `task.attempt == 0`... (sought when `dead`)
    dead: tuple[str, ...]  # branch values no attempt 1..N gets
    all_spot: bool  # more than one queue, every one Spot by name

    @property
    def first(self) -> str:
        return self.queues[0]


# One per queue closure of every selector scope, each lint: made through the slots (frozen.py).
_make_attempt_queues = constructor(AttemptQueues)


def attempt_queues(model: ConfigModel) -> list[AttemptQueues | None]:
    """The queue closure analysis of each of batch_processes(model), in its order. SPOT005
    and SPOT006 both ask; scenarios sharing the batch processes share the list (what it
    reads of a scenario, the queue policy and the params the closures read, is part of the
    list's own key)."""
    processes = batch_processes(model)
    return per_lint(processes, "attempt-queues",
                    lambda: [_of_process(model, p.view, p.plan) for p in processes])


def _of_process(model: ConfigModel, view: ProcessView, plan: AttemptPlan) -> AttemptQueues | None:
    directive = view.get("queue")
    if directive is None or not isinstance(directive.value, n.Closure):
        return None
    # Every scenario whose views hold the directive asks.
    key = ("attempt-queues", id(plan), params_part(directive.value, model.params), id(model.environment.queues))
    return per_lint(directive, key, lambda: _attempt_queues(model, directive, plan))


def _attempt_queues(model: ConfigModel, directive: Directive, plan: AttemptPlan) -> AttemptQueues | None:
    if not mentions(directive.value, ATTEMPT):
        return None
    policy = model.environment.queues
    key = ("attempt-queues", *expression_key(directive.value, model.params), plan.attempts, policy)
    facts = memoised(key, lambda: _queue_facts(directive.value, model, plan, policy))
    if facts is None:
        return None
    queues, branches, fallback, attempt, by_name, dead, all_spot = facts  # type: ignore[misc]
    # The comparison's span must be this closure's own, not an equal closure's elsewhere. It
    # only explains dead branches (SPOT005), so it is not sought when there are none.
    zero = per_node(directive.value, "zero-comparison", lambda: _zero_comparison(directive.value)) if dead else None
    return _make_attempt_queues(directive, queues, branches, fallback, attempt, by_name, zero, dead, all_spot)


def _queue_facts(closure: n.Closure, model: ConfigModel, plan: AttemptPlan, policy: QueuePolicy) -> tuple[object, ...] | None:
    """Everything about the closure that does not depend on where it is written."""
    scanned = min(MAX_SIMULATED_ATTEMPTS, max(SCANNED_ATTEMPTS, plan.attempts or 0))
    queues = []
    for attempt in range(1, scanned + 1):
        value = directive_value(closure, attempt, None, model.params)
        if not isinstance(value, str) or value is UNKNOWN:
            return None
        queues.append(value)
    branches = _known_branches(closure, model)
    values = list(dict.fromkeys([*queues, *branches]))
    if len(values) < 2:
        return None  # the closure never varies: not a fallback
    dead = tuple(b for b in branches if b not in queues)
    fallback, attempt, by_name = _fallback(queues, dead, policy)
    return (tuple(queues), branches, fallback, attempt, by_name, dead,
            all(policy.classify(v) == "spot" for v in values))


def _fallback(queues: list[str], dead: tuple[str, ...], policy: QueuePolicy) -> tuple[str | None, int | None, bool]:
    """The queue a Spot first attempt falls back to: of the queues that are not Spot (as
    QueuePolicy.on_spot, which `show` and hover use too, classifies them: a name matching no
    pattern that the closure switches to is On-Demand), an On-Demand name if there is one;
    the first attempt that gets it."""
    first = queues[0]
    candidates = [(q, i + 1) for i, q in enumerate(queues) if q != first]
    candidates += [(q, None) for q in dead if q != first]
    not_spot = [(q, attempt) for q, attempt in candidates if policy.on_spot(q, first) is False]
    by_name = [c for c in not_spot if policy.classify(c[0]) == "on-demand"]
    if not not_spot:
        return None, None, False
    queue, attempt = (by_name or not_spot)[0]
    return queue, attempt, bool(by_name)


def _known_branches(closure: n.Closure, model: ConfigModel) -> tuple[str, ...]:
    """The string values of the branches chosen by task.attempt (a ternary or if/else on
    task.attempt); other expressions count as one branch, ignored when unknown."""
    found: list[str] = []
    for leaf in _leaves_of_body(closure.body):
        value = evaluate(leaf, EvalEnv(params=model.params))
        if isinstance(value, str) and value not in found:
            found.append(value)
    return tuple(found)


def _leaves_of_body(statements: tuple[n.Stmt, ...], tail: bool = True) -> list[n.Expr]:
    """Returned expressions; `tail`: the list's last expression statement is the value."""
    leaves: list[n.Expr] = []
    for index, statement in enumerate(statements):
        last = tail and index == len(statements) - 1
        if isinstance(statement, n.Return) and statement.value is not None:
            leaves.extend(_leaves(statement.value))
            break
        if isinstance(statement, n.ExprStmt) and last:
            leaves.extend(_leaves(statement.expr))
        elif isinstance(statement, n.If) and mentions(statement.condition, ATTEMPT):
            for branch in (statement.then, statement.otherwise or ()):
                found = _leaves_of_body(branch, last)
                if branch and not found:
                    return []
                leaves.extend(found)
        else:
            return []  # code we do not follow: no branch values
    return leaves


def _leaves(expr: n.Expr) -> list[n.Expr]:
    if isinstance(expr, n.Ternary) and mentions(expr.condition, ATTEMPT):
        return _leaves(expr.then) + _leaves(expr.otherwise)
    return [expr]


def _zero_comparison(closure: n.Closure) -> n.Binary | None:
    """`task.attempt OP 0`: a 0-based reading of the 1-based attempt counter."""
    stack: list[object] = [closure]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            stack.extend(item)
            continue
        if not isinstance(item, n.Node):
            continue
        if isinstance(item, n.Binary) and item.op in _COMPARISONS:
            sides = (item.left, item.right)
            if any(_is_attempt(s) for s in sides) and any(_is_zero(s) for s in sides):
                return item
        stack.extend(node_children(item))
    return None


def _is_attempt(expr: n.Expr) -> bool:
    return (isinstance(expr, n.Property) and expr.name == "attempt" and isinstance(expr.obj, n.Name)
            and expr.obj.name == "task")


def _is_zero(expr: n.Expr) -> bool:
    return isinstance(expr, n.Literal) and expr.kind == "int" and expr.value == 0


def spot_cost_before_fallback(process: BatchProcess, analysis: AttemptQueues, runs: int
                              ) -> tuple[int, float | None, tuple[str, ...]]:
    """Spot runs before the fallback (`runs` AWS runs per Nextflow attempt), their
    worst-case instance-hours (None when a time is not known) and the distinct times used:
    the same for every process sharing the plan (hundreds of selector scopes)."""
    key = ("spot-cost", analysis.fallback_attempt, runs)
    return per_lint(process.plan, key, lambda: _plan_cost(process, analysis, runs))


def _plan_cost(process: BatchProcess, analysis: AttemptQueues, runs: int) -> tuple[int, float | None, tuple[str, ...]]:
    before = (analysis.fallback_attempt or 1) - 1
    hours: float | None = 0.0
    times: list[str] = []
    for index in range(before):
        time = process.plan.times[index] if index < len(process.plan.times) else None
        if hours is not None and isinstance(time, Duration):
            hours += runs * time.hours
            times.append(str(time))
        else:
            hours = None
    return before * runs, hours, tuple(dict.fromkeys(times))
