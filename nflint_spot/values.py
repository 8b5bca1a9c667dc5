"""Nextflow's Duration and MemoryUnit, their text forms, and Groovy's operators on the values
the evaluator knows about (reference §7).

The rules copy Nextflow's own classes (`nextflow.util.Duration` / `MemoryUnit`, the Java
versions of 2024+) rather than intuition: duration strings are case-sensitive (`'1H'` is not
a duration) while `1.H` is, `'8 gb'` is not a size while `8.gb` is, and both types hold whole
milliseconds or bytes in a Java long, rounded the way Nextflow rounds them.

Where Groovy would throw, or where the answer depends on something not tracked here (a
number's static type, the Nextflow version), the operators return `UNKNOWN`, never a guess.
"""

from __future__ import annotations

import enum
import math
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Union

LONG_MIN, LONG_MAX = -(2**63), 2**63 - 1
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
# Longest list the evaluator builds: `(0..Integer.MAX_VALUE) + 1` is legal Groovy.
MAX_LIST = 100_000
_JAVA_TRIMMED = "".join(map(chr, range(33)))
_JAVA_SPACE = " \t\n\x0b\f\r"  # Java regex \s (ASCII only, unlike Python's)


class Unknown(enum.Enum):
    """The value of anything the evaluator cannot decide. It has no truth value on purpose:
    `if value:` raises, so a caller cannot mistake "unknown" for false."""

    UNKNOWN = "UNKNOWN"

    def __bool__(self) -> bool:
        raise TypeError("UNKNOWN has no truth value: test `value is UNKNOWN` first")

    def __repr__(self) -> str:
        return "UNKNOWN"

    __str__ = __repr__


UNKNOWN = Unknown.UNKNOWN


def java_round(x: float) -> int:
    """Java's Math.round(double): halves round up, NaN is 0, the long range saturates."""
    if math.isnan(x):
        return 0
    if x >= LONG_MAX:
        return LONG_MAX
    if x <= LONG_MIN:
        return LONG_MIN
    floor = math.floor(x)
    return floor + 1 if x - floor >= 0.5 else floor


def java_trim(text: str) -> str:
    """Java's String.trim(): drops every character up to U+0020, control characters too."""
    return text.strip(_JAVA_TRIMMED)


def _whole(instance: object, name: str) -> None:
    """Store the field as an int: a whole float (5400000.0) is accepted, a fraction is not,
    because Nextflow keeps a long and rounds before it stores."""
    value = getattr(instance, name)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
        object.__setattr__(instance, name, value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a whole number, not {value!r}")
    if not 0 <= value <= LONG_MAX:
        # Nextflow: "Duration unit cannot be a negative number" (and a long holds no more).
        raise ValueError(f"{name} out of range: {value}")


@dataclass(frozen=True, slots=True, order=True)
class Duration:
    """A Nextflow Duration: whole milliseconds, 0 <= millis < 2**63. Arithmetic follows
    Duration.java: `*` truncates, `/` rounds, a negative result raises ValueError."""

    millis: int

    def __post_init__(self) -> None:
        _whole(self, "millis")

    @property
    def hours(self) -> float:
        """Exact fractional hours (Nextflow's own `toHours()` truncates)."""
        return self.millis / 3_600_000

    def __add__(self, other: object) -> Duration:
        return Duration(self.millis + other.millis) if isinstance(other, Duration) else NotImplemented

    def __sub__(self, other: object) -> Duration:
        return Duration(self.millis - other.millis) if isinstance(other, Duration) else NotImplemented

    def __mul__(self, factor: object) -> Duration:
        if not _is_number(factor):
            return NotImplemented
        product = self.millis * float(factor)  # (long)(millis * value.doubleValue())
        if not math.isfinite(product):
            raise ValueError("Duration overflow")
        return Duration(math.trunc(product))

    # Nextflow's NumberDelegatingMetaClass makes `2 * 4.h` work too.
    __rmul__ = __mul__

    def __truediv__(self, divisor: object) -> Duration:
        if not _is_number(divisor):
            return NotImplemented
        return Duration(java_round(self.millis / float(divisor)))

    def __str__(self) -> str:
        """Duration.toString: `500ms`, `1.5s`, then whole seconds as `1d 6h 3m 30s`."""
        if self.millis < 1_000:
            return f"{self.millis}ms"
        if self.millis < 60_000:
            return f"{java_round(self.millis / 1_000 * 10) / 10.0!r}s"
        minutes, seconds = divmod(java_round(self.millis / 1_000), 60)
        hours, minutes = divmod(minutes, 60)
        days, hours = divmod(hours, 24)
        parts = ((days, "d"), (hours, "h"), (minutes, "m"), (seconds, "s"))
        return " ".join(f"{count}{unit}" for count, unit in parts if count > 0)


@dataclass(frozen=True, slots=True, order=True)
class MemoryUnit:
    """A Nextflow MemoryUnit: whole bytes, units are powers of 1024."""

    bytes: int

    def __post_init__(self) -> None:
        _whole(self, "bytes")

    def __add__(self, other: object) -> MemoryUnit:
        return MemoryUnit(self.bytes + other.bytes) if isinstance(other, MemoryUnit) else NotImplemented

    def __sub__(self, other: object) -> MemoryUnit:
        return MemoryUnit(self.bytes - other.bytes) if isinstance(other, MemoryUnit) else NotImplemented

    # Whole factors only: MemoryUnit.java multiplies by value.longValue() (6.GB * 1.5 is 6 GB)
    # while the older Groovy class kept the fraction, so a fraction's result depends on the
    # Nextflow version.
    def __mul__(self, factor: object) -> MemoryUnit:
        if not _is_int(factor):
            return NotImplemented
        return MemoryUnit(self.bytes * factor)

    __rmul__ = __mul__

    def __truediv__(self, divisor: object) -> MemoryUnit:
        if not _is_int(divisor):
            return NotImplemented
        return MemoryUnit(java_round(float(self.bytes) / float(divisor)))

    def __str__(self) -> str:
        """MemoryUnit.toString: one decimal at most, DecimalFormat's half-even rounding."""
        if self.bytes <= 0:
            return "0"
        from decimal import ROUND_HALF_EVEN, Decimal  # here: rarely needed, ~2 ms to import

        group = int(math.log10(self.bytes) / math.log10(1024))
        scaled = Decimal(self.bytes / 1024.0**group).quantize(Decimal("0.1"), ROUND_HALF_EVEN)
        text = format(scaled, "f")
        return f"{text[:-2] if text.endswith('.0') else text} {MEMORY_UNITS[group]}"


# ---------------------------------------------------------------- text forms

# Each unit's factors, applied one at a time in double arithmetic as Duration.convert does.
_DURATION_FACTORS: dict[str, tuple[int, ...]] = {
    **dict.fromkeys(("ms", "milli", "millis"), ()),
    **dict.fromkeys(("s", "sec", "second", "seconds"), (1_000,)),
    **dict.fromkeys(("m", "min", "minute", "minutes"), (60, 1_000)),
    **dict.fromkeys(("h", "hour", "hours"), (60, 60, 1_000)),
    **dict.fromkeys(("d", "day", "days"), (24, 60, 60, 1_000)),
}
MEMORY_UNITS = ("B", "KB", "MB", "GB", "TB", "PB", "EB", "ZB")

_DURATION_COMPONENT = re.compile(rf"([0-9]+\.?[0-9]*)[{_JAVA_SPACE}]*([a-zA-Z]+)")
_DURATION_LEGACY = re.compile(r"([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})")
# MemoryUnit.FORMAT, matched in full: the unit letter is any one character (upper-cased
# later), the trailing B is case-sensitive. So '8 gB' is a size and '8 gb' is not.
_MEMORY_FORMAT = re.compile(rf"([0-9.]+)[{_JAVA_SPACE}]*([^{_JAVA_SPACE}])?B?")


def parse_duration_string(text: str) -> Duration | None:
    """A duration string as Nextflow reads it ('1h 30m', '2 days', '01:30:00'), else None."""
    millis = _duration_components(text)
    if millis is None:
        millis = _duration_legacy(text)
    return Duration(millis) if millis is not None and millis <= LONG_MAX else None


def _duration_components(text: str) -> int | None:
    # Duration.parseSimple: components anchored at the start, the rest trimmed after each,
    # so '1h30m' and '1h 30m' work but ' 1h' and '1h, 30m' do not.
    total, count, rest = 0, 0, text
    while (match := _DURATION_COMPONENT.match(rest)) is not None:
        factors = _DURATION_FACTORS.get(match[2])  # case-sensitive: '1H' and '1hr' fail
        if factors is None:
            return None
        value = float(match[1])
        for factor in factors:
            value *= factor
        total += java_round(value)
        count += 1
        rest = java_trim(rest[match.end():])
    return total if count and not rest else None


def _duration_legacy(text: str) -> int | None:
    match = _DURATION_LEGACY.fullmatch(text)
    if match is None:
        return None
    hours, minutes, seconds = (int(group) for group in match.groups())
    return ((hours * 60 + minutes) * 60 + seconds) * 1_000


def parse_memory_string(text: str) -> MemoryUnit | None:
    """A memory string as Nextflow reads it ('8 GB', '8G', '512MB', '8' bytes), else None."""
    match = _MEMORY_FORMAT.fullmatch(text)
    if match is None:
        return None
    number, letter = match[1], (match[2] or "B").upper()
    if letter == "B":
        # Long.parseLong: a plain byte count must be whole ('1.5' and '1.5 B' are refused).
        size = int(number) if number.isdigit() else None
    else:
        unit = letter + "B"
        size = _scaled_size(number, MEMORY_UNITS.index(unit)) if unit in MEMORY_UNITS else None
    return MemoryUnit(size) if size is not None and size <= LONG_MAX else None


def _scaled_size(number: str, power: int) -> int | None:
    try:
        value = float(number)  # Double.parseDouble: '8.' and '.5' are fine, '1.2.3' is not
    except ValueError:
        return None
    return java_round(value * 1024.0**power)


def duration_unit(name: str) -> str | None:
    """The unit of `N.name` if it is a duration (`2.h`, `1.M` = minutes), else None.
    NumberDelegatingMetaClass lower-cases the property name first."""
    unit = name.lower()
    return unit if unit in _DURATION_FACTORS else None


def memory_unit(name: str) -> str | None:
    """The unit of `N.name` if it is a memory size (`8.GB`, `8.gb`; not `8.G`), else None.
    NumberDelegatingMetaClass upper-cases the name and looks it up among the full units."""
    unit = name.upper()
    return unit if unit in MEMORY_UNITS else None


def number_with_unit(number: int | float, name: str) -> Duration | MemoryUnit | None:
    """`4.h`, `1.5.GB`: Nextflow appends the unit to the number's text and parses the
    string, trying duration units before memory units. None when Nextflow would fail."""
    if _is_int(number):
        text = str(number)
    elif isinstance(number, float) and math.isfinite(number):
        text = repr(number)  # an exponent ('1e-05') fails to parse, as '1E-5h' does
    else:
        return None
    if (unit := duration_unit(name)) is not None:
        return parse_duration_string(text + unit)
    if (unit := memory_unit(name)) is not None:
        return parse_memory_string(text + unit)
    return None


def as_duration(value: object) -> Duration | None:
    """What a `time`-like directive becomes: a Duration, whole milliseconds or a duration
    string. Anything else, UNKNOWN included, is None."""
    if isinstance(value, Duration):
        return value
    if _is_int(value):
        return Duration(value) if 0 <= value <= LONG_MAX else None
    return parse_duration_string(value) if isinstance(value, str) else None


def as_memory(value: object) -> MemoryUnit | None:
    """What a `memory`-like directive becomes: a MemoryUnit, whole bytes or a memory string."""
    if isinstance(value, MemoryUnit):
        return value
    if _is_int(value):
        return MemoryUnit(value) if 0 <= value <= LONG_MAX else None
    return parse_memory_string(value) if isinstance(value, str) else None


# ---------------------------------------------------------------- Groovy values and operators

# A Groovy list is a tuple and an IntRange a `range`; maps are read-only mappings. Lists
# may hold UNKNOWN items: `2 in [x, 2]` is still true.
Value = Union[None, bool, int, float, str, Duration, MemoryUnit, range, tuple["Value", ...],
              Mapping[object, "Value"], Unknown]
TriBool = Union[bool, Unknown]


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


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
    if _is_number(a) and _is_number(b) or isinstance(a, str) and isinstance(b, str):
        return a == b  # numbers compare by value: 1 == 1.0
    if _is_number(a) and isinstance(b, str) or isinstance(a, str) and _is_number(b):
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
    if _is_number(a) and _is_number(b):
        return a == b if _is_int(a) and _is_int(b) else (UNKNOWN if type(a) is type(b) else False)
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
    if (_is_number(a) and _is_number(b) or isinstance(a, str) and isinstance(b, str)
            or type(a) is type(b) and isinstance(a, (Duration, MemoryUnit))):
        return (a > b) - (a < b)
    return UNKNOWN


def groovy_in(item: Value, container: Value) -> TriBool:
    """`item in container`, which Groovy runs as `container.isCase(item)`."""
    if item is UNKNOWN or container is UNKNOWN:
        return UNKNOWN
    if isinstance(container, range):
        # IntRange.contains: only an Integer can be inside, so 140.0 in (131..145) is false.
        return _is_int(item) and item in container
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
    if _is_int(a) and _is_int(b):
        return _int_result(int(value))
    return value if math.isfinite(value) else UNKNOWN


def _plus(a: Value, b: Value) -> Value:
    if _is_number(a) and _is_number(b):
        return _number_result(a + b, a, b)
    if isinstance(a, str) or _is_number(a) and isinstance(b, str):
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
    if _is_number(a) and _is_number(b):
        return _number_result(a - b, a, b)
    if type(a) is type(b) and isinstance(a, (Duration, MemoryUnit)):
        return a - b  # negative: ValueError, as Nextflow throws
    return UNKNOWN


def _times(a: Value, b: Value) -> Value:
    if _is_number(a) and _is_number(b):
        return _number_result(a * b, a, b)
    if isinstance(a, Duration) and _is_number(b) or isinstance(a, MemoryUnit) and _is_int(b):
        return a * b
    if isinstance(b, Duration) and _is_number(a) or isinstance(b, MemoryUnit) and _is_int(a):
        return b * a
    if isinstance(a, (str, tuple, range)) and _is_int(b) and 0 <= b and len(a) * b <= MAX_LIST:
        return a * b if isinstance(a, str) else tuple(a) * b
    return UNKNOWN


def _divide(a: Value, b: Value) -> Value:
    if _is_number(a) and _is_number(b):
        # Integer / Integer is a BigDecimal in Groovy (7 / 2 == 3.5); held here as a float.
        quotient = a / b
        return quotient if math.isfinite(quotient) else UNKNOWN
    if isinstance(a, Duration) and _is_number(b) or isinstance(a, MemoryUnit) and _is_int(b):
        return a / b
    return UNKNOWN


def _remainder(a: Value, b: Value) -> Value:
    if not (_is_int(a) and _is_int(b)) or b == 0:
        return UNKNOWN
    remainder = abs(a) % abs(b)
    return _int_result(remainder if a >= 0 else -remainder)  # Java: sign of the dividend


def _power(a: Value, b: Value) -> Value:
    if not (_is_number(a) and _is_number(b)):
        return UNKNOWN
    if _is_int(a) and _is_int(b) and b >= 0:
        # Integer.power widens to Long or BigInteger instead of overflowing.
        return a**b if b * max(abs(a).bit_length(), 1) <= 1024 else UNKNOWN
    if a < 0 and not float(b).is_integer():
        return UNKNOWN  # Math.pow gives NaN
    result = float(a) ** float(b)
    return result if math.isfinite(result) else UNKNOWN


def groovy_range(a: Value, b: Value, exclusive: bool) -> Value:
    """`a..b` / `a..<b` on ints; a reversed range counts down (`5..<1` is 5, 4, 3, 2)."""
    if not (_is_int(a) and _is_int(b)) or not (INT_MIN <= a <= INT_MAX and INT_MIN <= b <= INT_MAX):
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
