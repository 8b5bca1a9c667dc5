"""Groovy's values and operators on what the evaluator knows about (reference §7): truth,
text, equality, comparison, `in`, arithmetic (on numbers, strings, lists, durations and
memory sizes), ranges.

Where Groovy would throw, or where the answer depends on something not tracked here (a
number's static type, the Nextflow version), the operators return `UNKNOWN`, never a guess.
"""

from __future__ import annotations

import math
from typing import Callable, Iterable, Mapping, Union

from .values import (
    INT_MAX, INT_MIN, UNKNOWN, Duration, MemoryUnit, OneOf, Unknown, is_int, is_number,
)

# Longest list the evaluator builds: `(0..Integer.MAX_VALUE) + 1` is legal Groovy.
MAX_LIST = 100_000

# A Groovy list is a tuple and an IntRange a `range`; maps are read-only mappings. Lists
# may hold UNKNOWN items: `2 in [x, 2]` is still true.
Value = Union[None, bool, int, float, str, Duration, MemoryUnit, range, tuple["Value", ...],
              Mapping[object, "Value"], Unknown]
TriBool = Union[bool, Unknown]


def _is_list(value: object) -> bool:
    return isinstance(value, (tuple, range))


def tri_not(value: TriBool) -> TriBool:
    return UNKNOWN if value is UNKNOWN else not value


def tri_all(results: Iterable[TriBool]) -> TriBool:
    """False if any is false, else UNKNOWN if any is unknown, else True."""
    unknown = False
    for result in results:
        if result is False:
            return False
        unknown = unknown or result is UNKNOWN
    return UNKNOWN if unknown else True


def tri_any(results: Iterable[TriBool]) -> TriBool:
    return tri_not(tri_all(tri_not(result) for result in results))


def groovy_truth(value: Value) -> TriBool:
    """Groovy truth: null, false, 0, '', empty collections and zero Durations are false."""
    if value is UNKNOWN:
        return UNKNOWN
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, OneOf):  # decided when every option decides the same way
        truths = {groovy_truth(option) for option in value.options}
        return truths.pop() if len(truths) == 1 else UNKNOWN
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, Duration):
        return value.millis != 0
    if isinstance(value, MemoryUnit):
        return value.bytes != 0
    return len(value) > 0 if isinstance(value, (str, tuple, range, Mapping)) else UNKNOWN


def groovy_text(value: Value) -> str | Unknown:
    """toString as a GString or `'a' + x` uses it."""
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, (int, Duration, MemoryUnit)):
        return str(value)
    if isinstance(value, tuple):
        items = [groovy_text(item) for item in value]
        return UNKNOWN if any(item is UNKNOWN for item in items) else "[" + ", ".join(items) + "]"
    # Floats: a BigDecimal prints '2' where a Double prints '2.0', and which one a value is
    # was lost. Ranges and maps: not worth the format rules.
    return UNKNOWN


def groovy_equals(a: Value, b: Value) -> TriBool:
    """`a == b` (DefaultTypeTransformation.compareEqual)."""
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if is_number(a) and is_number(b) or isinstance(a, str) and isinstance(b, str):
        return a == b  # numbers compare by value: 1 == 1.0
    if is_number(a) and isinstance(b, str) or isinstance(a, str) and is_number(b):
        # A one-character string is compared as a char: 49 == '1' is true, 1 == '1' false.
        number, text = (a, b) if isinstance(b, str) else (b, a)
        return len(text) == 1 and ord(text) <= 0xFFFF and number == ord(text)
    if isinstance(a, (Duration, MemoryUnit)) or isinstance(b, (Duration, MemoryUnit)):
        return a == b if type(a) is type(b) else UNKNOWN
    if _is_list(a) and _is_list(b):
        return len(a) == len(b) and tri_all(map(groovy_equals, a, b))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and tri_all(groovy_equals(a[k], b[k]) for k in a)
    return False


def java_equals(a: Value, b: Value) -> TriBool:
    """`a.equals(b)`, as List.contains uses it: no number coercion, so an Integer never
    equals a BigDecimal. Float pairs are unknown (BigDecimal equality depends on scale)."""
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if is_number(a) and is_number(b):
        return a == b if is_int(a) and is_int(b) else (UNKNOWN if type(a) is type(b) else False)
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    if isinstance(a, (Duration, MemoryUnit)):
        # Duration.equals also accepts numbers and strings ('4h'): not modelled.
        return a == b if type(a) is type(b) else UNKNOWN
    if _is_list(a) and _is_list(b):
        return len(a) == len(b) and tri_all(map(java_equals, a, b))
    return UNKNOWN if isinstance(a, Mapping) and isinstance(b, Mapping) else False


def groovy_compare(a: Value, b: Value) -> int | Unknown:
    """`a <=> b`: -1, 0 or 1. Null sorts first; mixed types are unknown."""
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if a is None or b is None:
        return 0 if a is b else (-1 if a is None else 1)
    if (is_number(a) and is_number(b) or isinstance(a, str) and isinstance(b, str)
            or type(a) is type(b) and isinstance(a, (Duration, MemoryUnit))):
        return (a > b) - (a < b)
    return UNKNOWN


def groovy_in(item: Value, container: Value) -> TriBool:
    """`item in container`, which Groovy runs as `container.isCase(item)`."""
    if item is UNKNOWN or container is UNKNOWN:
        return UNKNOWN
    if isinstance(container, range):
        # IntRange.contains: only an Integer can be inside, so 140.0 in (131..145) is false.
        return is_int(item) and item in container
    if isinstance(container, tuple):
        # List.contains compares each ELEMENT: 140 in [131..145] is false, the only element
        # being the range itself.
        return tri_any(java_equals(item, element) for element in container)
    if isinstance(container, str):
        # String.isCase compares whole strings: 'b' in 'abc' is false.
        text = groovy_text(item) if item is not None else None
        return UNKNOWN if text is UNKNOWN else text == container
    if isinstance(container, Mapping):
        # Map.isCase: the Groovy truth of map[item].
        keys = [key for key in container if java_equals(item, key) is True]
        return groovy_truth(container[keys[0]]) if keys else False
    return UNKNOWN


def _int_result(value: int) -> int | Unknown:
    # Integer arithmetic wraps at 32 bits and Long arithmetic does not; which one a value
    # is (`10` or `10L`) is not tracked, so refuse anything outside the int range.
    return value if INT_MIN <= value <= INT_MAX else UNKNOWN


def _number_result(value: int | float, a: object, b: object) -> Value:
    if is_int(a) and is_int(b):
        return _int_result(int(value))
    return value if math.isfinite(value) else UNKNOWN


def _plus(a: Value, b: Value) -> Value:
    if is_number(a) and is_number(b):
        return _number_result(a + b, a, b)
    if isinstance(a, str) or is_number(a) and isinstance(b, str):
        left, right = groovy_text(a), groovy_text(b)
        return UNKNOWN if left is UNKNOWN or right is UNKNOWN else left + right
    if _is_list(a):
        # List + collection concatenates, List + anything else appends: (130..145) + 104.
        right = tuple(b) if _is_list(b) else (b,)
        return tuple(a) + right if len(a) + len(right) <= MAX_LIST else UNKNOWN
    if type(a) is type(b) and isinstance(a, (Duration, MemoryUnit)):
        return a + b
    return UNKNOWN


def _minus(a: Value, b: Value) -> Value:
    if is_number(a) and is_number(b):
        return _number_result(a - b, a, b)
    if type(a) is type(b) and isinstance(a, (Duration, MemoryUnit)):
        return a - b  # negative: ValueError, as Nextflow throws
    return UNKNOWN


def _times(a: Value, b: Value) -> Value:
    if is_number(a) and is_number(b):
        return _number_result(a * b, a, b)
    if isinstance(a, Duration) and is_number(b) or isinstance(a, MemoryUnit) and is_int(b):
        return a * b
    if isinstance(b, Duration) and is_number(a) or isinstance(b, MemoryUnit) and is_int(a):
        return b * a
    if isinstance(a, (str, tuple, range)) and is_int(b) and 0 <= b and len(a) * b <= MAX_LIST:
        return a * b if isinstance(a, str) else tuple(a) * b
    return UNKNOWN


def _divide(a: Value, b: Value) -> Value:
    if is_number(a) and is_number(b):
        # Integer / Integer is a BigDecimal in Groovy (7 / 2 == 3.5); held here as a float.
        quotient = a / b
        return quotient if math.isfinite(quotient) else UNKNOWN
    if isinstance(a, Duration) and is_number(b) or isinstance(a, MemoryUnit) and is_int(b):
        return a / b
    return UNKNOWN


def _remainder(a: Value, b: Value) -> Value:
    if not (is_int(a) and is_int(b)) or b == 0:
        return UNKNOWN
    remainder = abs(a) % abs(b)
    return _int_result(remainder if a >= 0 else -remainder)  # Java: sign of the dividend


def _power(a: Value, b: Value) -> Value:
    if not (is_number(a) and is_number(b)):
        return UNKNOWN
    if is_int(a) and is_int(b) and b >= 0:
        # Integer.power widens to Long or BigInteger instead of overflowing.
        return a**b if b * max(abs(a).bit_length(), 1) <= 1024 else UNKNOWN
    if a < 0 and not float(b).is_integer():
        return UNKNOWN  # Math.pow gives NaN
    result = float(a) ** float(b)
    return result if math.isfinite(result) else UNKNOWN


def groovy_range(a: Value, b: Value, exclusive: bool) -> Value:
    """`a..b` / `a..<b` on ints; a reversed range counts down (`5..<1` is 5, 4, 3, 2)."""
    if not (is_int(a) and is_int(b)) or not (INT_MIN <= a <= INT_MAX and INT_MIN <= b <= INT_MAX):
        return UNKNOWN  # ranges of strings, floats or longs are other classes
    step = 1 if a <= b else -1
    return range(a, b if exclusive else b + step, step)


def _relation(test: Callable[[int], bool]) -> Callable[[Value, Value], Value]:
    def compare(a: Value, b: Value) -> Value:
        order = groovy_compare(a, b)
        return UNKNOWN if order is UNKNOWN else test(order)
    return compare


_BINARY: dict[str, Callable[[Value, Value], Value]] = {
    "+": _plus, "-": _minus, "*": _times, "/": _divide, "%": _remainder, "**": _power,
    "==": groovy_equals, "!=": lambda a, b: tri_not(groovy_equals(a, b)),
    "<": _relation(lambda order: order < 0), "<=": _relation(lambda order: order <= 0),
    ">": _relation(lambda order: order > 0), ">=": _relation(lambda order: order >= 0),
    "<=>": groovy_compare,
    "in": groovy_in, "!in": lambda a, b: tri_not(groovy_in(a, b)),
    "..": lambda a, b: groovy_range(a, b, exclusive=False),
    "..<": lambda a, b: groovy_range(a, b, exclusive=True),
}


def groovy_binary(op: str, a: Value, b: Value) -> Value:
    """A binary operator other than `&&`/`||` (which short-circuit, see the evaluator)."""
    operator = _BINARY.get(op)
    if operator is None or a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    try:
        return operator(a, b)
    except (ValueError, ZeroDivisionError, OverflowError):
        # Where Groovy/Nextflow throws (a negative Duration, division by zero) the task
        # fails at run time: not a value this can report.
        return UNKNOWN
