"""What Groovy gives for the values the evaluator knows about: `value.name` (`4.h` included),
`value.method(args)`, `Math.f(args)`, `value as Type`, `value.toInteger()` and `value[key]`.
Anything else, or anything that would throw, is UNKNOWN."""

from __future__ import annotations

import math
import re
from typing import Mapping

from .groovy import Value, groovy_in, groovy_text
from .values import (
    INT_MAX, INT_MIN, LONG_MAX, LONG_MIN, UNKNOWN, Duration, MemoryUnit, as_duration, as_memory, java_trim,
    number_with_unit,
)

_JAVA_INT = re.compile(r"[+-]?[0-9]+")


def property_of(target: Value, name: str) -> Value:
    if isinstance(target, (int, float)) and not isinstance(target, bool):
        unit_value = number_with_unit(target, name)  # `4.h`, `1.5.GB`, `8.gb`
        return UNKNOWN if unit_value is None else unit_value
    if isinstance(target, Mapping):
        # Missing keys: params maps may be filled in at run time, so not null.
        return target[name] if name in target else UNKNOWN
    return UNKNOWN


def call_method(target: Value, name: str, args: tuple[Value, ...]) -> Value:
    if target is UNKNOWN:
        return UNKNOWN
    if not args:
        if name in ("toInteger", "toLong"):
            return to_integer(target, wide=name == "toLong")
        if name == "toString":
            return groovy_text(target)
        if name == "size" and isinstance(target, (str, tuple, range, Mapping)):
            return len(target)
    elif len(args) == 1 and name == "compareTo":
        return _compare(target, args[0])
    elif len(args) == 1 and name == "contains":
        if isinstance(target, str):
            # String.contains is a substring test, unlike `in` on a string.
            return args[0] in target if isinstance(args[0], str) else UNKNOWN
        return groovy_in(args[0], target) if isinstance(target, (tuple, range)) else UNKNOWN
    return UNKNOWN


def _compare(target: Value, other: Value) -> Value:
    """Comparable.compareTo as Groovy calls it: -1, 0 or 1 for two durations, two memory
    units, two numbers or two strings (String.compareTo's magnitude is not kept: configs
    test its sign, or `== 1` after Duration's and MemoryUnit's own, which give -1, 0, 1)."""
    for kind in (Duration, MemoryUnit):
        if isinstance(target, kind):
            if not isinstance(other, kind):
                return UNKNOWN  # Groovy would coerce a string: not modelled
            left, right = (target.millis, other.millis) if kind is Duration else (target.bytes, other.bytes)
            return (left > right) - (left < right)
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (target, other))
    if numbers or (isinstance(target, str) and isinstance(other, str)):
        return (target > other) - (target < other)  # type: ignore[operator]
    return UNKNOWN


def math_call(name: str, args: tuple[Value, ...]) -> Value:
    numbers = all(isinstance(arg, (int, float)) and not isinstance(arg, bool) for arg in args)
    if name not in ("min", "max") or len(args) != 2 or not numbers:
        return UNKNOWN
    result = min(args) if name == "min" else max(args)
    # Math.min(int, double) widens to double.
    return result if all(isinstance(arg, int) for arg in args) else float(result)


def to_integer(value: Value, wide: bool) -> Value:
    """`toInteger()` / `as Integer`: a string goes through Integer.valueOf(text.trim()), so
    ' 4 ' works and '4.0' throws; a number is truncated."""
    if isinstance(value, str):
        text = java_trim(value)
        number: int | None = int(text) if _JAVA_INT.fullmatch(text) else None
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and math.isfinite(value):
        number = math.trunc(value)
    else:
        return UNKNOWN
    low, high = (LONG_MIN, LONG_MAX) if wide else (INT_MIN, INT_MAX)
    return number if number is not None and low <= number <= high else UNKNOWN


def cast_to(value: Value, type_name: str) -> Value:
    simple = type_name
    if type_name.startswith(("java.lang.", "nextflow.util.")):
        simple = type_name.rpartition(".")[2]  # but java.time.Duration is another class
    if value is UNKNOWN:
        return UNKNOWN
    if value is None and simple[:1].isupper():
        return None  # null casts to any class
    if simple in ("Integer", "int", "Long", "long"):
        return to_integer(value, wide=simple in ("Long", "long"))
    if simple in ("Duration", "MemoryUnit"):
        converted = as_duration(value) if simple == "Duration" else as_memory(value)
        return UNKNOWN if converted is None else converted
    if simple == "String":
        return groovy_text(value)
    return UNKNOWN


def index_of(target: Value, key: Value) -> Value:
    if isinstance(key, int) and not isinstance(key, bool) and isinstance(target, (tuple, range, str)):
        # Negative indexes count from the end; past the end a list gives null, a string throws.
        position = key + len(target) if key < 0 else key
        if 0 <= position < len(target):
            return target[position]
        return None if position >= 0 and not isinstance(target, str) else UNKNOWN
    if isinstance(target, Mapping) and isinstance(key, str):
        return target[key] if key in target else UNKNOWN
    return UNKNOWN
