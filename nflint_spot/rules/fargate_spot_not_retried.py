from __future__ import annotations

from typing import Iterator

from ..analysis.aws import MISSING_EXIT_STATUS, fusion_snapshots_on, max_spot_attempts
from ..diagnostics import Finding, Related, Severity
from ..values.evaluator import EvalEnv, call_closure_or_value
from ..config.model import ConfigModel
from .base import NoOptions, Rule
from .common import batch_processes, display_name, names


class FargateSpotNotRetried(Rule):
    """`aws.batch.platformType = 'fargate'` relies on `maxSpotAttempts`, whose AWS retry rule never matches a Fargate Spot interruption.

    Why: Nextflow turns `aws.batch.maxSpotAttempts` (explicit, or the 5 that Fusion Snapshots
    force) into an AWS Batch retry strategy that retries only when the status reason matches
    `Host EC2*`. A Fargate Spot task that is interrupted reports "Your Spot Task was
    interrupted." instead (nextflow-io/nextflow#5786), so the strategy exits at once and the
    failure goes straight back to Nextflow: the AWS retries you configured never happen.

    Bad:
        aws.batch.platformType = 'fargate'
        aws.batch.maxSpotAttempts = 3
        process.executor = 'awsbatch'

    Good:
        aws.batch.platformType = 'fargate'
        process {
            executor = 'awsbatch'
            errorStrategy = 'retry'
            maxRetries = 3
        }

    Fix: retry at the Nextflow level: `errorStrategy = 'retry'` (or a closure that retries
    the missing exit status 2147483647) with `maxRetries`, which covers Fargate
    interruptions; drop `maxSpotAttempts` if it was only meant for them.
    """

    code = "SPOT016"
    name = "fargate-spot-not-retried"
    severity = Severity.INFO

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        platform = model.setting("aws.batch.platformType")
        if platform is None:
            return
        if call_closure_or_value(platform.value, EvalEnv(params=model.params)) != "fargate":
            return
        processes = batch_processes(model)
        if not processes:
            return
        spot = max_spot_attempts(model)
        written = model.setting("aws.batch.maxSpotAttempts")
        if spot.value is None or spot.value <= 1:
            return  # 0, 1 or negative: no AWS retry to rely on
        forced = written is None or _is_zero(model, written.value)
        if forced and not (fusion_snapshots_on(model) and spot.snapshots):
            return  # the pre-24.10 default or an ignored 0: nobody relies on it (SPOT009 reports it)
        anchor = written if written is not None else model.setting("fusion.snapshots")
        assert anchor is not None
        relied = ("Fusion Snapshots force aws.batch.maxSpotAttempts to 5" if forced
                  else f"aws.batch.maxSpotAttempts = {spot.value}")
        retried = [p for p in processes if p.plan.strategy_by_exit.get(MISSING_EXIT_STATUS) == "retry"]
        if len(retried) == len(processes):
            advice = (f"errorStrategy already retries a failure without exit status for {names(p.view for p in retried)}; "
                      "that is what catches a Fargate Spot interruption.")
        else:
            advice = ("Retry in Nextflow instead: errorStrategy 'retry' (or a closure that retries exit status "
                      "2147483647) with maxRetries.")
        yield Finding(
            anchor.span,
            f"{relied} on Fargate (aws.batch.platformType = 'fargate'): AWS retries only 'Host EC2*' "
            f"reasons, and a Fargate Spot interruption (\"Your Spot Task was interrupted.\", "
            f"nextflow-io/nextflow#5786) is not one, so these AWS retries never happen",
            advice,
            related=(Related(platform.path, platform.span, "Fargate platform"),),
            processes=tuple(display_name(p.view) for p in processes[:10]),
            path=anchor.path,
        )


def _is_zero(model: ConfigModel, expr: object) -> bool:
    value = call_closure_or_value(expr, EvalEnv(params=model.params))  # type: ignore[arg-type]
    return isinstance(value, int) and not isinstance(value, bool) and value == 0
