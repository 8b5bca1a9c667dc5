"""rules.yaml's values, checked for type and range: each function returns the value as the
settings hold it, or raises ValueProblem saying what is wrong (settings.py adds the file,
line and column of the value). A rule option's range is declared on its Options field
(rules/base.option) from what the rule does with it.
"""

from __future__ import annotations

import dataclasses
import math
import re
from typing import Any

from ..diagnostics import Severity
from ..values.values import Duration, parse_duration_string
from ..config.versions import version_text_problem

# AWS Batch CreateJobQueue: a name is up to 128 letters, numbers, hyphens and underscores;
# Nextflow's `queue` also takes the queue's ARN (AwsBatchTaskHandler.getJobQueue passes
# it to SubmitJob as written).
_QUEUE_NAME = r"[A-Za-z0-9_-]{1,128}"
_QUEUE = re.compile(rf"{_QUEUE_NAME}|arn:aws[a-z-]*:batch:[a-z0-9-]+:\d{{12}}:job-queue/{_QUEUE_NAME}")


class ValueProblem(ValueError):
    """A value of the wrong type or out of range; the message says which and why."""


def option_value(option: dataclasses.Field[Any], value: Any) -> Any:
    """A rule option, by the type of its Options field and its bounds."""
    kind = option.type if isinstance(option.type, str) else getattr(option.type, "__name__", str(option.type))
    if kind == "Duration":
        duration = parse_duration_string(value) if isinstance(value, str) else None
        if duration is None:
            raise ValueProblem(f"expected a duration like '4h', got {yaml_text(value)}")
        _check_bounds(option, duration.millis, lambda millis: str(Duration(int(millis))), value)
        return duration
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueProblem(f"expected an integer, got {yaml_text(value)}")
        _check_bounds(option, value, str, value)
        return value
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueProblem(f"expected a number, got {yaml_text(value)}")
        _check_bounds(option, value, str, value)
        return float(value)
    if kind == "bool":
        return flag(value)
    raise ValueProblem(f"unsupported option type {kind}")  # pragma: no cover  (a rule's Options, not user input)


def _check_bounds(option: dataclasses.Field[Any], number: float, show: Any, written: Any) -> None:
    bounds = option.metadata.get("bounds")
    if bounds is None:
        return
    above_low = number >= bounds.low if bounds.low_included else number > bounds.low
    if above_low and (bounds.high is None or number <= bounds.high):
        return
    wanted = f"at least {show(bounds.low)}" if bounds.low_included else f"more than {show(bounds.low)}"
    if bounds.high is not None:
        wanted += f" and at most {show(bounds.high)}"
    raise ValueProblem(f"must be {wanted} ({bounds.why}), got {yaml_text(written)}")


def yaml_text(value: Any) -> str:
    """A value as YAML writes it, for messages: `null`, `true`, `'4h'`, `12` (not Python's
    `None`, `True`); a list or mapping by its kind."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a tagged value"  # ruamel's TaggedScalar (`!foo x`) and the like


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueProblem(f"expected true or false, got {yaml_text(value)}")
    return value


def severity(value: Any) -> Severity:
    """A severity word in any case (`warning`, `Warning`, `WARNING`), as --min-severity."""
    try:
        return Severity.parse(value) if isinstance(value, str) else Severity.parse("")
    except ValueError:
        raise ValueProblem(f"{yaml_text(value)} is not a severity (error, warning, info)") from None


def launcher(value: Any) -> str | None:
    if value not in (None, "awsbatch"):
        raise ValueProblem(f"launcher must be 'awsbatch' or null, got {yaml_text(value)}")
    return value


def nextflow_version(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueProblem(f"expected a Nextflow version like '24.10.0', got {yaml_text(value)}")
    problem = version_text_problem(str(value))
    if problem is not None:
        raise ValueProblem(problem)
    return str(value)


def queue_patterns(key: str, value: Any) -> tuple[str, ...]:
    patterns = [value] if isinstance(value, str) else value
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise ValueProblem(f"queues.{key} must be a glob pattern or a list of them, got {yaml_text(value)}")
    if any(not p.strip() for p in patterns):
        raise ValueProblem(f"queues.{key}: an empty pattern matches no queue")
    return tuple(patterns)


def unknown_queue(value: Any) -> bool:
    """True when a queue matching neither list is taken for a Spot queue."""
    if value not in ("spot", "on-demand"):
        raise ValueProblem(f"queues.unknown must be 'spot' or 'on-demand', got {yaml_text(value)}")
    return value == "spot"


def on_demand_queue(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _QUEUE.fullmatch(value):
        raise ValueProblem("queues.on_demand_queue must be an AWS Batch job queue's name (letters, digits, - and _, "
                           f"up to 128) or ARN, got {yaml_text(value)}")
    return value
