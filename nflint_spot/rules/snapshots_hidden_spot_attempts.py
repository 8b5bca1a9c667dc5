from __future__ import annotations

from typing import Iterator

from ..syntax import nodes as n
from ..analysis.aws import fusion_snapshots_on, max_spot_attempts
from ..diagnostics import Finding, Related, Severity
from ..values.evaluator import UNKNOWN, EvalEnv, call_closure_or_value
from ..fixes import Fix, TextEdit
from ..config.loader import Setting
from ..config.model import ConfigModel
from .base import NoOptions, Rule
from .common import batch_processes, display_name
from ..analysis.edits import insert_line_after
from .implicit_spot_attempts_default import worst_example

SNAPSHOT_SPOT_ATTEMPTS = 5  # FusionConfig.DEFAULT_SNAPSHOT_MAX_SPOT_ATTEMPTS


class SnapshotsHiddenSpotAttempts(Rule):
    """Fusion Snapshots are on and `aws.batch.maxSpotAttempts` is unset or 0: Nextflow uses 5 anyway.

    Why: with `fusion.enabled` and `fusion.snapshots` on, AwsBatchTaskHandler replaces an
    unset or 0 `maxSpotAttempts` with 5, so that a checkpointed task can be restored on a new
    instance (Nextflow 24.10.6 / 25.04 and later). Seqera's Fusion docs say
    `aws.batch.maxSpotAttempts = 0` disables the retries; the code disagrees. Each Nextflow
    attempt of a task can therefore run 5 times on Spot, and the worst case counted by
    SPOT001/SPOT003 uses 5. Only a value of 1 (a single AWS attempt) or a negative value
    really turns AWS retries off, and with them snapshot restores. Reported only for Nextflow
    24.10 or later, with some process on AWS Batch.

    Bad:
        fusion.enabled = true
        fusion.snapshots = true
        aws.batch.maxSpotAttempts = 0   // still 5

    Good:
        fusion.enabled = true
        fusion.snapshots = true
        aws.batch.maxSpotAttempts = 5   // what Nextflow does anyway, now visible

    Fix: write the value that applies. The fix replaces `0` with `5`, or adds
    `aws.batch.maxSpotAttempts = 5` after the `fusion.snapshots` statement; it is safe when the
    assumed version is 24.10.6 or later (where Nextflow already uses 5), unsafe otherwise.
    """

    code = "SPOT011"
    name = "snapshots-hidden-spot-attempts"
    severity = Severity.INFO
    fixable = "mixed"  # safe where every release analysed forces 5 (_fix)

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        if not model.version.at_least(24, 10) or not fusion_snapshots_on(model):
            return
        written = model.setting("aws.batch.maxSpotAttempts")
        if written is not None:
            value = call_closure_or_value(written.value, EvalEnv(params=model.params))
            if not (isinstance(value, int) and not isinstance(value, bool) and value == 0):
                return
        if not _wave_on(model):
            return  # Fusion without Wave aborts the run: SPOT010 says so
        processes = batch_processes(model)
        if not processes:
            return
        spot = max_spot_attempts(model)
        if spot.value != SNAPSHOT_SPOT_ATTEMPTS:
            return
        snapshots = model.setting("fusion.snapshots")
        assert snapshots is not None  # fusion_snapshots_on
        anchor = written if written is not None else snapshots
        how = "= 0" if written is not None else "is not set"
        related = (Related(snapshots.path, snapshots.span, "Fusion Snapshots are on here"),) if written else ()
        yield Finding(
            anchor.span,
            f"Fusion Snapshots are on and aws.batch.maxSpotAttempts {how}: Nextflow uses 5 anyway "
            f"(AwsBatchTaskHandler; Seqera's docs say 0 disables retries, the code does not), so each "
            f"Nextflow attempt of a task can run 5 times on Spot{worst_example(model, processes, spot, more_than=SNAPSHOT_SPOT_ATTEMPTS)}",
            "Count on 5 AWS runs per attempt (SPOT001/SPOT003 do), or write the number you want: "
            "aws.batch.maxSpotAttempts = 2 to 4 limits them; 1 turns AWS retries and snapshot restores off.",
            fix=_fix(model, written, snapshots),
            related=related,
            processes=tuple(display_name(p.view) for p in processes[:10]),
            path=anchor.path,
        )


def _wave_on(model: ConfigModel) -> bool:
    """wave.enabled true (or computed at run time) here, or a launcher that may enable it."""
    if model.environment.launcher == "awsbatch":
        return True
    setting = model.setting("wave.enabled")
    if setting is None:
        return False
    value = call_closure_or_value(setting.value, EvalEnv(params=model.params))
    return value is True or value is UNKNOWN or (isinstance(value, str) and value.lower() == "true")


def _fix(model: ConfigModel, written: Setting | None, snapshots: Setting) -> Fix | None:
    safe = model.version.floor >= (24, 10, 6)  # in every release the lint analyses
    if written is not None:
        value = written.value
        if not (isinstance(value, n.Literal) and value.value == 0 and value.kind == "int"):
            return None
        return Fix("Write `aws.batch.maxSpotAttempts = 5` (the effective value)", (TextEdit(value.span, "5"),), safe=safe)
    edit = insert_line_after(model, snapshots.path, snapshots, "aws.batch.maxSpotAttempts = 5")
    if edit is None:
        return None
    if model.dialect == "v2" and any(
            s.key == ("aws", "batch", "maxSpotAttempts") and s.profile is not None for s in model.loaded.settings):
        return None
    return Fix("Add `aws.batch.maxSpotAttempts = 5`", (edit,), safe=safe, writes=("aws.batch.maxSpotAttempts",))
