"""`nflint-spot show`: per process (or selector scope), what it really gets on AWS Batch —
executor, queue and time per attempt, what errorStrategy does with a reclaim, maxRetries,
effective maxSpotAttempts and the worst case of one task — each with file:line."""

from __future__ import annotations

import os
from typing import Any

from ..analysis.aws import (
    MISSING_EXIT_STATUS, SHOWN_EXIT_STATUSES, effective_max_retries,
    executor_of, max_spot_attempts, plan_attempts, worst_case,
)
from ..values.evaluator import UNKNOWN
from .formats.common import display_path
from ..config.loader import Setting
from ..config.model import ConfigModel, Directive, ProcessView
from ..analysis.batch_processes import retry_target_queues
from ..values.values import Duration, OneOf

SHOW_SCHEMA_VERSION = 1


def _where(source: Setting | Directive | None, base: str) -> str | None:
    """`file:line` of the file of the run that wrote the value, whichever layer it is."""
    if source is None:
        return None
    if isinstance(source, Directive):
        path, line = source.provenance.path, source.provenance.span.line
    else:
        path, line = source.path, source.span.line
    return f"{display_path(path, base)}:{line}"


def _json_value(value: object) -> Any:
    if value is UNKNOWN:
        return {"unknown": True}
    if isinstance(value, OneOf):  # one of several possible values: the list of them
        return [_json_value(option) for option in value.options]
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def process_data(model: ConfigModel, view: ProcessView, base: str) -> dict[str, Any]:
    policy = model.environment.queues
    executor, executor_source = executor_of(model, view)
    plan = plan_attempts(model, view)
    spot = max_spot_attempts(model)
    # Each attempt's queue is classified as the rules classify it (QueuePolicy.on_spot): a
    # name matching no pattern that a later attempt moves to is the On-Demand fallback.
    targets = retry_target_queues(model)
    first = plan.queues[0] if plan.queues else None
    worst = worst_case(plan, spot, policy, targets)
    queue = view.get("queue")
    time = view.get("time")
    strategy = view.get("errorStrategy")
    retries = view.get("maxRetries")
    definition = view.definition
    return {
        # A process of the run: the name `withName` sees first (the declared one), the alias
        # it is called by and its fully qualified name (ProcessDef.names), and the script
        # that declares it; a selector scope without a pipeline: the selector.
        "name": definition.name if definition is not None else view.name,
        "kind": view.kind,
        "declaredName": definition.name if definition is not None else None,
        "alias": definition.alias if definition is not None else None,
        "qualifiedName": definition.qualified_name if definition is not None else None,
        "file": display_path(definition.path, base) if definition is not None else None,
        "labels": list(view.labels),
        "executor": {"value": executor, "source": _where(executor_source, base)},
        "queue": {
            "attempts": [_json_value(q) for q in plan.queues],
            "spot": [None if q is None else policy.on_spot(q, first, targets) for q in plan.queues],
            "source": _where(queue, base),
        },
        "time": {"attempts": [_json_value(t) for t in plan.times], "source": _where(time, base)},
        "errorStrategy": {
            "byExitStatus": {
                ("missing" if status == MISSING_EXIT_STATUS else str(status)): _json_value(plan.strategy_by_exit[status])
                for status in SHOWN_EXIT_STATUSES
            },
            "source": _where(strategy, base),
        },
        "maxRetries": {
            "value": _json_value(effective_max_retries(model, view)),
            "retriesPossible": plan.retries_possible,
            "source": _where(retries, base),
        },
        "worstCase": {
            "nextflowAttempts": plan.attempts,
            "runsPerAttempt": spot.runs_per_attempt,
            "spotRuns": worst.spot_runs,
            "totalRuns": worst.total_runs,
            "instanceHours": None if worst.instance_hours is None else round(worst.instance_hours, 2),
        },
        "undecidedSelectors": list(view.undecided_selectors),
    }


def show_data(model: ConfigModel, base: str | None = None) -> dict[str, Any]:
    """`base`: paths are shown relative to it when inside it (default: the working directory)."""
    base = base or os.getcwd()
    spot = max_spot_attempts(model)
    return {
        "version": SHOW_SCHEMA_VERSION,
        "config": display_path(model.root, base),
        # The files of the run in the order `nextflow run` merges them: the config, each -c.
        "layers": [display_path(path, base) for path in model.loaded.layers],
        "profiles": list(model.profiles),
        "availableProfiles": list(model.loaded.profile_names),
        "dialect": model.dialect,
        "nextflowVersion": str(model.version),
        "nextflowVersionSource": model.version.source,
        "nextflowReleases": model.version_label,  # the stretch of releases it stands for, or null
        "pipeline": model.pipeline_dir,
        "maxSpotAttempts": {"value": spot.value, "reason": spot.reason, "source": _where(spot.setting, base)},
        "processes": [process_data(model, view, base) for view in model.processes],
    }


def render_text(data: dict[str, Any]) -> str:
    spot = data["maxSpotAttempts"]
    out = [
        f"{data['config']}  profile: {','.join(data['profiles']) or '(base)'}  dialect: {data['dialect']}"
        f"  Nextflow {data['nextflowVersion']} ({data['nextflowVersionSource']})",
        f"aws.batch.maxSpotAttempts = {_text(spot['value'])}: {spot['reason']}"
        + (f"  [{spot['source']}]" if spot["source"] else ""),
    ]
    if data.get("otherReleases"):
        out.append(f"releases shown: {data['nextflowReleases']}; also allowed: {', '.join(data['otherReleases'])} "
                   "(--nextflow-version to show one)")
    if len(data["layers"]) > 1:
        out.append("layers: " + " < ".join(data["layers"]))
    if data["availableProfiles"]:
        out.append("profiles: " + ", ".join(data["availableProfiles"]))
    for process in data["processes"]:
        out.append("")
        title = (process["qualifiedName"] or process["name"]) + (f"  ({process['file']})" if process["file"] else "") + (
            f"  labels: {', '.join(process['labels'])}" if process["labels"] else "")
        out.append(title)
        rows = [
            ("executor", _text(process["executor"]["value"]), process["executor"]["source"]),
            ("queue", _queues(process["queue"]), process["queue"]["source"]),
            ("time", _per_attempt(process["time"]["attempts"]), process["time"]["source"]),
            ("errorStrategy", _by_exit(process["errorStrategy"]["byExitStatus"]), process["errorStrategy"]["source"]),
            ("maxRetries", _retries(process), process["maxRetries"]["source"]),
            ("worst case", _worst(process["worstCase"]), None),
        ]
        for label, value, source in rows:
            out.append(f"  {label:<14} {value}" + (f"   [{source}]" if source else ""))
        if process["undecidedSelectors"]:
            out.append("  (selectors not evaluated: " + ", ".join(process["undecidedSelectors"]) + ")")
    return "\n".join(out) + "\n"


def _text(value: Any) -> str:
    if isinstance(value, dict) and value.get("unknown"):
        return "?"
    if value is None:
        return "-"
    if isinstance(value, list):  # the possible values (_json_value of a OneOf)
        return " | ".join(_text(option) for option in value)
    return str(value)


def _per_attempt(values: list[Any]) -> str:
    if all(v is None for v in values):
        return "-"
    if len(values) == 1 or all(v == values[0] for v in values):
        return _text(values[0])
    return "  ".join(f"#{i} {_text(v)}" for i, v in enumerate(values, 1))


def _queues(queue: dict[str, Any]) -> str:
    """Each attempt's queue with its kind, as the rules classify it: `#1 spot-q (Spot)  #2
    priority-q (On-Demand)`."""
    if all(q is None for q in queue["attempts"]):
        return "-"
    kinds = {True: " (Spot)", False: " (On-Demand)", None: ""}
    return _per_attempt([_text(q) + kinds[spot] for q, spot in zip(queue["attempts"], queue["spot"])])


def _by_exit(mapping: dict[str, Any]) -> str:
    return "  ".join(f"{status}: {_text(value)}" for status, value in mapping.items())


def _retries(process: dict[str, Any]) -> str:
    value = _text(process["maxRetries"]["value"])
    possible = process["maxRetries"]["retriesPossible"]
    if possible is False:
        return f"{value} (no effect: errorStrategy never retries)"
    return value


def _worst(worst: dict[str, Any]) -> str:
    if worst["spotRuns"] is None:
        return "unknown"
    text = (f"{worst['spotRuns']} Spot run(s) of one task "
            f"({worst['nextflowAttempts']} Nextflow attempt(s), up to {worst['runsPerAttempt']} AWS run(s) "
            f"each while on Spot)")
    if worst["instanceHours"] is not None:
        text += f", {worst['instanceHours']:g} instance-hours"
    return text
