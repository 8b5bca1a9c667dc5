"""Nextflow's Duration and MemoryUnit and their text forms (reference §7); Groovy's operators
on the values the evaluator knows about are in groovy.py.

The rules copy Nextflow's own classes (`nextflow.util.Duration` / `MemoryUnit`, the Java
versions of 2024+) rather than intuition: duration strings are case-sensitive (`'1H'` is not
a duration) while `1.H` is, `'8 gb'` is not a size while `8.gb` is, and both types hold whole
milliseconds or bytes in a Java long, rounded the way Nextflow rounds them.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

LONG_MIN, LONG_MAX = -(2**63), 2**63 - 1
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
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

# Values one expression may have (OneOf) before it is simply unknown.
MAX_ALTERNATIVES = 8


@dataclass(frozen=True, slots=True)
class OneOf:
    """The values something may have when an unknown only chooses between known ones
    (`params.big ? 240.h : 16.h` with `params.big` unknown): each option is a plain value,
    never UNKNOWN or another OneOf, two or more of them, at most MAX_ALTERNATIVES. Made by
    one_of; operations on it apply to each option (evaluator)."""

    options: tuple[object, ...]

    def __str__(self) -> str:
        return " | ".join(str(option) for option in self.options)


def one_of(values: Iterable[object]) -> object:
    """The value that is any of `values`: the single one when they agree, a OneOf when they
    differ, UNKNOWN when one is unknown or there are more than MAX_ALTERNATIVES."""
    flat: list[object] = []
    for value in values:
        if value is UNKNOWN:
            return UNKNOWN
        for option in value.options if isinstance(value, OneOf) else (value,):
            if not any(same_value(option, known) for known in flat):
                flat.append(option)
                if len(flat) > MAX_ALTERNATIVES:
                    return UNKNOWN
    if not flat:
        return UNKNOWN
    return flat[0] if len(flat) == 1 else OneOf(tuple(flat))


def same_value(a: object, b: object) -> bool:
    """Groovy-distinct values are different: 1 and 1.0, 1 and true (evaluator._join)."""
    if a is UNKNOWN or b is UNKNOWN or type(a) is not type(b):
        return False
    if isinstance(a, tuple):
        return len(a) == len(b) and all(map(same_value, a, b))  # type: ignore[arg-type]
    if isinstance(a, Mapping):
        return a.keys() == b.keys() and all(same_value(a[key], b[key]) for key in a)  # type: ignore[attr-defined,index]
    return a == b


def options_of(value: object) -> tuple[object, ...]:
    """A value's possible values: a OneOf's options, else the value alone."""
    return value.options if isinstance(value, OneOf) else (value,)


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


def is_int(value: object) -> bool:
    """A Java int or long: a bool is not one, though Python says so."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


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
        if not is_number(factor):
            return NotImplemented
        product = self.millis * float(factor)  # (long)(millis * value.doubleValue())
        if not math.isfinite(product):
            raise ValueError("Duration overflow")
        return Duration(math.trunc(product))

    # Nextflow's NumberDelegatingMetaClass makes `2 * 4.h` work too.
    __rmul__ = __mul__

    def __truediv__(self, divisor: object) -> Duration:
        if not is_number(divisor):
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
        if not is_int(factor):
            return NotImplemented
        return MemoryUnit(self.bytes * factor)

    __rmul__ = __mul__

    def __truediv__(self, divisor: object) -> MemoryUnit:
        if not is_int(divisor):
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
    if is_int(number):
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
    if is_int(value):
        return Duration(value) if 0 <= value <= LONG_MAX else None
    return parse_duration_string(value) if isinstance(value, str) else None


def as_memory(value: object) -> MemoryUnit | None:
    """What a `memory`-like directive becomes: a MemoryUnit, whole bytes or a memory string."""
    if isinstance(value, MemoryUnit):
        return value
    if is_int(value):
        return MemoryUnit(value) if 0 <= value <= LONG_MAX else None
    return parse_memory_string(value) if isinstance(value, str) else None
