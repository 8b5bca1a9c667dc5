from __future__ import annotations

from typing import Iterator

from ..syntax import nodes as n
from ..analysis.aws import fusion_snapshots_on, zero_honoured
from ..diagnostics import Finding, Severity
from ..values.evaluator import EvalEnv, call_closure_or_value
from ..fixes import Fix, TextEdit
from ..config.model import ConfigModel
from .base import NoOptions, Rule

AWS_MAX_ATTEMPTS = 10  # AWS Batch RetryStrategy.attempts: 1 to 10


class SpotAttemptsOutOfRange(Rule):
    """`aws.batch.maxSpotAttempts` above 10 (AWS Batch rejects it), 1 (no retry at all) or negative.

    Why: Nextflow passes a value above 0 to AWS Batch as the job's retry strategy `attempts`,
    the TOTAL number of attempts, valid from 1 to 10. Above 10 every job submission fails
    with a client error and the run stops at its first task. A value of 1 is one attempt,
    i.e. no retry: usually written for "one retry" (that is 2), or for "none" (that is 0,
    which says so). 1 is not reported where it is the way to switch retries off: where
    Nextflow 23.05 to 24.07 may run it, which reads an explicit 0 as 5 (nextflow-io/nextflow#5330), and with
    Fusion Snapshots on, which turn 0 into 5. A negative value makes Nextflow send no retry
    strategy (the same as 0): it is reported where 0 says the same thing plainly, and not
    where -1 is the workaround for those two cases.
    The default severity is error because the main case, above 10, makes every AWS Batch
    job fail to submit; lower it in rules.yaml if you write 1 on purpose.

    Bad:
        aws.batch.maxSpotAttempts = 20

    Good:
        aws.batch.maxSpotAttempts = 3

    Fix: the unsafe fix writes 10 for a value above 10, and 0 for 1 (no retry either way,
    but 0 says it; write 2 instead if you wanted one AWS retry); the safe fix writes 0 for a
    negative value (the same behaviour).
    """

    code = "SPOT012"
    name = "spot-attempts-out-of-range"
    severity = Severity.ERROR
    fixable = "mixed"  # safe for a negative value, which means 0; unsafe for 1

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        setting = model.setting("aws.batch.maxSpotAttempts")
        if setting is None:
            return
        value = call_closure_or_value(setting.value, EvalEnv(params=model.params))
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)  # `as Integer` accepts '3'
        if isinstance(value, bool) or not isinstance(value, int):
            return
        literal = setting.value if isinstance(setting.value, (n.Literal, n.Unary)) else None
        if value > AWS_MAX_ATTEMPTS:
            yield Finding(
                setting.span,
                f"aws.batch.maxSpotAttempts = {value} is above 10: AWS Batch allows 1 to 10 attempts and "
                f"rejects the submission of every job with this retry strategy",
                "Use a value from 1 to 10 (the total number of attempts, the first one included).",
                fix=_replace(literal, "10", "Write `aws.batch.maxSpotAttempts = 10` (the AWS maximum)"),
                path=setting.path,
            )
        elif value == 1 and zero_honoured(model, floor=True) and not _snapshots_force_five(model):
            yield Finding(
                setting.span,
                "aws.batch.maxSpotAttempts = 1 is one attempt in total: AWS never retries a reclaimed job "
                "(for one AWS retry write 2; for none write 0)",
                "Write 0 to say there are no AWS retries, or 2 or more if you want AWS to retry a reclaim.",
                fix=_replace(literal, "0", "Write `aws.batch.maxSpotAttempts = 0` (no AWS retries)"),
                path=setting.path,
            )
        elif value < 0 and zero_honoured(model, floor=True) and not _snapshots_force_five(model):
            yield Finding(
                setting.span,
                f"aws.batch.maxSpotAttempts = {value} is negative: Nextflow then sets no AWS retry strategy, "
                f"exactly as 0 does in Nextflow {model.version}",
                "Write 0: it means no AWS retries and is what the documentation describes.",
                fix=_replace(literal, "0", "Write `aws.batch.maxSpotAttempts = 0` (no AWS retries)", safe=True),
                path=setting.path,
            )


def _snapshots_force_five(model: ConfigModel) -> bool:
    return fusion_snapshots_on(model) and model.version.at_least(24, 10)


def _replace(literal: n.Expr | None, text: str, title: str, safe: bool = False) -> Fix | None:
    # `-1` parses as unary minus applied to the literal 1: replace the whole expression.
    if isinstance(literal, n.Unary) and literal.op == "-" and isinstance(literal.operand, n.Literal):
        return Fix(title, (TextEdit(literal.span, text),), safe=safe)
    if not isinstance(literal, n.Literal) or literal.kind != "int":
        return None
    return Fix(title, (TextEdit(literal.span, text),), safe=safe)
