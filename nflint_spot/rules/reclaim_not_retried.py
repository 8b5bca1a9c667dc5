from __future__ import annotations

from typing import Iterator

from ..syntax import nodes as n
from ..analysis.aws import MISSING_EXIT_STATUS, executor_of, max_spot_attempts, strategy_at
from ..diagnostics import Finding, Severity
from ..fixes import Fix, TextEdit
from ..config.model import ConfigModel, Directive
from ..span import Span
from ..values.values import OneOf, options_of
from .attempt_queues import exit_text, queue_related, spot_note, spot_queue_known
from .base import NoOptions, Rule
from .common import BatchProcess, batch_processes, group_by_location, location, names

RETRY_MISSING = "task.exitStatus == Integer.MAX_VALUE"
# Expressions that bind looser than `||`: they need parentheses before `|| ...` is added.
_LOOSE = (n.Ternary, n.Elvis)


class ReclaimNotRetried(Rule):
    """A Spot reclaim on AWS Batch is not retried: errorStrategy gives up on a task with no exit status.

    Why: when AWS reclaims a Spot instance the container is killed with its host, so the
    task usually has no exit status at all (`task.exitStatus` is 2147483647, shown as `-`).
    With `aws.batch.maxSpotAttempts` 0 (the default since Nextflow 24.10) AWS does not retry
    either, so the errorStrategy alone decides: the default 'terminate' (no errorStrategy at
    all), 'finish', or an exit-code list such as nf-core's
    `task.exitStatus in ((130..145) + 104 + 175) ? 'retry' : 'finish'` stops the run on the
    first reclaim (nf-core/rnaseq#1787). A missing errorStrategy is only reported for a
    project's `nextflow.config` or a known pipeline: a fragment passed with `-c` may get
    one from another config.

    Bad:
        process {
            executor = 'awsbatch'
            queue = 'my-spot'
            errorStrategy = { task.exitStatus in ((130..145) + 104 + 175) ? 'retry' : 'finish' }
        }

    Good:
        process {
            executor = 'awsbatch'
            queue = { task.attempt > 1 ? 'my-ondemand' : 'my-spot' }
            errorStrategy = { task.exitStatus in ((130..145) + 104 + 175) || task.exitStatus == Integer.MAX_VALUE ? 'retry' : 'finish' }
        }

    Fix: for a closure `cond ? 'retry' : ...` an unsafe fix adds
    `|| task.exitStatus == Integer.MAX_VALUE` to the condition. Otherwise make errorStrategy
    retry reclaimed tasks, best with an On-Demand queue for the retry.
    """

    code = "SPOT007"
    name = "reclaim-not-retried"
    severity = Severity.WARNING
    fixable = "unsafe"
    needs_complete_config = True

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        spot = max_spot_attempts(model)
        if spot.value is None or spot.value > 1:
            return  # unknown, or AWS retries the reclaim itself
        items = []
        for process in batch_processes(model):
            strategy = strategy_at(model, process.view, 1, MISSING_EXIT_STATUS)
            if not any(option in ("terminate", "finish") for option in options_of(strategy)) or not process.on_spot:
                continue  # (one of several possible strategies that stops the run counts: "may")
            if not spot_queue_known(model, process):
                continue
            directive = process.view.get("errorStrategy")
            if directive is None and not model.complete:
                continue
            source = directive or process.view.get("queue") or executor_of(model, process.view)[1]
            where = location(source)
            if where is not None:
                items.append((where, process))
        for (path, span), group in group_by_location(items):
            if not model.version.at_least(22, 4):
                setting = "no aws.batch.maxSpotAttempts (it came in Nextflow 22.04)"
            elif spot.setting is not None:
                setting = f"aws.batch.maxSpotAttempts {spot.value}"
            else:
                setting = f"aws.batch.maxSpotAttempts {spot.value} (the default from Nextflow 24.10)"
            yield _finding(model, setting, path, span, group)


def _finding(model: ConfigModel, setting: str, path: str, span: Span, group: list[BatchProcess]) -> Finding:
    view = group[0].view
    strategy = strategy_at(model, view, 1, MISSING_EXIT_STATUS)
    directive = view.get("errorStrategy")
    may = isinstance(strategy, OneOf)
    stopping = next(o for o in options_of(strategy) if o in ("terminate", "finish"))
    if directive is None:
        how = "no errorStrategy is set, so Nextflow's default 'terminate'"
    elif may:
        how = (f"errorStrategy gives {' | '.join(repr(o) for o in strategy.options)} for exit status "  # type: ignore[union-attr]
               f"{exit_text(MISSING_EXIT_STATUS)}, by a value not known here")
    elif isinstance(directive.value, n.Closure):
        how = f"errorStrategy gives '{strategy}' for exit status {exit_text(MISSING_EXIT_STATUS)}"
    else:
        how = f"errorStrategy '{strategy}'"
    outcome = "ends the run" if stopping == "terminate" else "stops the run once running tasks finish"
    message = (
        f"{names(p.view for p in group)} {spot_note(model.environment.queues, group)}: a reclaimed task usually has no exit status "
        f"and {how}; with {setting} AWS does not retry "
        f"either, so one reclaim {'may' + ' ' + outcome.replace('ends', 'end').replace('stops', 'stop') if may else outcome}"
    )
    fix = _fix(model, directive) if directive is not None else None
    suggestion = (
        "Retry a task with no exit status: add `|| task.exitStatus == Integer.MAX_VALUE` to the retry condition"
        if fix is not None else
        "Make errorStrategy retry a reclaimed task (exit status 2147483647), e.g. `errorStrategy = 'retry'` with "
        "`maxRetries = 2`, and send retries to an On-Demand queue: "
        "`queue = { task.attempt > 1 ? '<on-demand>' : '<spot>' }`"
    )
    return Finding(
        span, message, suggestion + ".", fix=fix,
        related=() if directive is None else queue_related(group),
        processes=tuple(p.view.name for p in group),
        path=path,
    )


def _fix(model: ConfigModel, directive: Directive) -> Fix | None:
    """`{ cond ? 'retry' : X }` → `{ cond || task.exitStatus == Integer.MAX_VALUE ? 'retry' : X }`."""
    closure = directive.value
    if directive.provenance.tier == "process" or not isinstance(closure, n.Closure) or len(closure.body) != 1:
        return None  # a process definition in a script is not ours to edit
    statement = closure.body[0]
    expr = statement.expr if isinstance(statement, n.ExprStmt) else (
        statement.value if isinstance(statement, n.Return) else None)
    if not isinstance(expr, n.Ternary) or not _is_retry(expr.then):
        return None
    source = model.loaded.files.get(directive.provenance.path)
    if source is None:
        return None
    condition = expr.condition
    text = source.text[condition.span.start:condition.span.end]
    if not text.strip():
        return None
    loose = isinstance(condition, _LOOSE) or (isinstance(condition, n.Binary) and condition.op in ("?:", "="))
    if loose and not _parenthesised(text):
        text = f"({text})"
    return Fix(
        f"Add `|| {RETRY_MISSING}` to the retry condition (a Spot reclaim has no exit status)",
        (TextEdit(condition.span, f"{text} || {RETRY_MISSING}"),),
        safe=False,
    )


def _is_retry(expr: n.Expr) -> bool:
    return isinstance(expr, n.Literal) and isinstance(expr.value, str) and expr.value.lower() == "retry"


def _parenthesised(text: str) -> bool:
    """Whether the first `(` of `text` closes at its very end: `(a ? b : c)`, not `(a) || (b)`."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    quote = ""
    for index, char in enumerate(text):
        if quote:
            if char == quote and text[index - 1] != "\\":
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index == len(text) - 1
    return False
