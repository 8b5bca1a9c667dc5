from __future__ import annotations

from typing import Iterator

from ..syntax import nodes as n
from ..diagnostics import Finding, Related, Severity
from ..values.evaluator import UNKNOWN, EvalEnv, call_closure_or_value
from ..config.loader import Setting
from ..config.model import ConfigModel
from .base import NoOptions, Rule
from .common import batch_processes

# Executors Fusion Snapshots support: AWS Batch in Seqera's docs, Google Batch later.
SNAPSHOT_EXECUTORS = ("awsbatch", "google-batch")


class SnapshotsPrerequisites(Rule):
    """`fusion.snapshots = true` without Fusion, Wave or AWS Batch, which Fusion Snapshots all need.

    Why: Fusion Snapshots checkpoint a task before its Spot instance is reclaimed and restore
    it on a new one. They work only with the Fusion file system (`fusion.enabled = true`),
    which itself needs Wave (`wave.enabled = true`; without it the run aborts with "Fusion
    feature requires enabling Wave service"), on the AWS Batch executor with Spot instances
    (reference §4). Without them `fusion.snapshots` does nothing: no checkpoint is taken and
    a reclaimed task starts again from scratch. A prerequisite counts as present when any
    profile enables it (profiles can be combined) or when its value is computed at run time.

    Bad:
        fusion.snapshots = true
        process.executor = 'awsbatch'

    Good:
        wave.enabled = true
        fusion.enabled = true
        fusion.snapshots = true
        process.executor = 'awsbatch'

    Fix: add `fusion.enabled = true` and `wave.enabled = true` and run on AWS Batch (Spot
    queues, S3 work directory), or remove `fusion.snapshots`.
    """

    code = "SPOT010"
    name = "snapshots-prerequisites"
    severity = Severity.WARNING

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        snapshots = model.setting("fusion.snapshots")
        if snapshots is None or not _is_literal_true(snapshots.value):
            return
        missing: list[str] = []
        related: list[Related] = []
        for dotted in ("fusion.enabled", "wave.enabled"):
            if possibly_true(model, dotted):
                continue
            missing.append(f"{dotted} = true")
            current = model.setting(dotted)
            if current is not None:
                related.append(Related(current.path, current.span, f"{dotted} is off here"))
        if not _on_snapshot_executor(model):
            missing.append("the AWS Batch executor")
        if not missing:
            return
        consequence = "has no effect"
        if "fusion.enabled = true" not in missing and "wave.enabled = true" in missing:
            consequence = "has no effect, and Fusion without Wave aborts the run"
        yield Finding(
            snapshots.span,
            f"fusion.snapshots = true {consequence}: Fusion Snapshots need Fusion, Wave and AWS Batch, "
            f"and this config lacks {_join(missing)}",
            "Enable " + _join(missing) + " (with Spot queues and an S3 work directory), or remove fusion.snapshots.",
            related=tuple(related),
            path=snapshots.path,
        )


def _is_literal_true(value: n.Expr) -> bool:
    return isinstance(value, n.Literal) and value.value is True


def possibly_true(model: ConfigModel, dotted: str) -> bool:
    """True in this scenario, true in some profile, or computed at run time."""
    key = tuple(dotted.split("."))
    for setting in [model.settings.get(key), *(s for s in model.loaded.settings if s.key == key)]:
        if setting is not None and _maybe_true(model, setting):
            return True
    return False


def _maybe_true(model: ConfigModel, setting: Setting) -> bool:
    value = call_closure_or_value(setting.value, EvalEnv(params=model.params))
    if value is UNKNOWN:
        return True
    if isinstance(value, str):
        return value.lower() == "true"
    return value is True


def _on_snapshot_executor(model: ConfigModel) -> bool:
    """Some process runs on AWS Batch here, the launcher is AWS Batch, or some setting in any
    profile may select a supported executor."""
    if batch_processes(model) or model.environment.launcher == "awsbatch":
        return True
    for view in model.processes:
        directive = view.get("executor")
        if directive is not None and _may_be_snapshot_executor(model, directive.value):
            return True
    for setting in model.loaded.settings:
        key = setting.key
        if (key[0] == "process" and key[-1] == "executor") or key == ("executor", "name"):
            if _may_be_snapshot_executor(model, setting.value):
                return True
    return False


def _may_be_snapshot_executor(model: ConfigModel, expr: n.Expr) -> bool:
    value = call_closure_or_value(expr, EvalEnv(params=model.params))
    return value is UNKNOWN or value in SNAPSHOT_EXECUTORS or not isinstance(value, str)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
