"""Durations, memory sizes and the symbolic evaluator (reference §2 and §7)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nflint_spot.values.evaluator import UNKNOWN, EvalEnv, call_closure_or_value, evaluate, mentions
from nflint_spot.syntax.nodes import Expr
from nflint_spot.syntax.parser import SyntaxProblem, parse_expression
from nflint_spot.values.values import (
    OneOf,
    Duration, MemoryUnit, as_duration, as_memory, duration_unit, memory_unit, number_with_unit,
    parse_duration_string, parse_memory_string,
)

SECOND, MINUTE, HOUR, DAY = 1_000, 60_000, 3_600_000, 86_400_000
KB, MB, GB = 1024, 1024**2, 1024**3


def parse(text: str) -> Expr:
    tree = parse_expression(text)
    assert not isinstance(tree, SyntaxProblem), tree.message
    return tree


def run(text: str, **env: object) -> object:
    return call_closure_or_value(parse(text), EvalEnv(**env))


def same(actual: object, expected: object) -> bool:
    """Equal AND of the same type: False must not pass for 0, nor 2.0 for 2. A OneOf
    expected: the same possible values, in any order."""
    if expected is UNKNOWN:
        return actual is UNKNOWN
    if isinstance(expected, OneOf):
        return (isinstance(actual, OneOf) and len(actual.options) == len(expected.options)
                and all(any(same(a, e) for a in actual.options) for e in expected.options))
    return type(actual) is type(expected) and actual == expected


def either(*values: object) -> OneOf:
    """The values an expression may have when an unknown chooses between them."""
    return OneOf(values)


# ---------------------------------------------------------------- duration strings


@pytest.mark.parametrize(("text", "millis"), [
    ("1h", HOUR),
    ("1h 30m", HOUR + 30 * MINUTE),
    ("1h30m", HOUR + 30 * MINUTE),
    ("1.5h", HOUR + 30 * MINUTE),
    ("2d", 2 * DAY),
    ("2 days", 2 * DAY),
    ("500ms", 500),
    ("90 min", 90 * MINUTE),
    ("1d 6h 3m 30s", DAY + 6 * HOUR + 3 * MINUTE + 30 * SECOND),
    ("01:30:00", HOUR + 30 * MINUTE),
    ("1:2:3", HOUR + 2 * MINUTE + 3 * SECOND),
    ("1.h", HOUR),  # '1.' is a number to Duration's regex
    ("1h ", HOUR),  # the rest is trimmed after each component...
    ("10 seconds", 10 * SECOND),
    ("3 millis", 3),
    ("0s", 0),
    ("1.1h", 3_960_000),
    ("30d", 30 * DAY),
])
def test_duration_string(text: str, millis: int) -> None:
    assert parse_duration_string(text) == Duration(millis)


@pytest.mark.parametrize("text", [
    "1H", "1hr", "1h, 30m", "1 hour and 5 min", "", "-1h", "-1 h",
    " 1h",  # ...but not before the first one
    ".5h", "1h30", "1 Day", "h", "1", "01:30", "1:30:00:00", "1:2:3 ", "1h 30M",
])
def test_not_a_duration_string(text: str) -> None:
    assert parse_duration_string(text) is None


# ---------------------------------------------------------------- memory strings


@pytest.mark.parametrize(("text", "size"), [
    ("8 GB", 8 * GB),
    ("8GB", 8 * GB),
    ("8G", 8 * GB),
    ("8 g", 8 * GB),
    ("8 gB", 8 * GB),
    ("1.5 GB", 3 * GB // 2),
    ("512MB", 512 * MB),
    ("8 B", 8),
    ("8 b", 8),
    ("8", 8),
    ("8.GB", 8 * GB),
    (".5 GB", 512 * MB),
    ("2 KB", 2 * KB),
    ("1 TB", 1024 * GB),
    ("8 BB", 8),  # the unit letter may itself be B, then the optional trailing B
])
def test_memory_string(text: str, size: int) -> None:
    assert parse_memory_string(text) == MemoryUnit(size)


@pytest.mark.parametrize("text", [
    "8 gb", "8 GiB", "8 Gb", "1.5", "1.5 B", "", "GB", " 8 GB", "8 GB ", "8 XB", "-8 GB",
    "1.2.3 GB", ". GB",
])
def test_not_a_memory_string(text: str) -> None:
    assert parse_memory_string(text) is None


# ---------------------------------------------------------------- printing and arithmetic


@pytest.mark.parametrize(("millis", "text"), [
    (4 * HOUR, "4h"),
    (DAY + 6 * HOUR, "1d 6h"),
    (90 * MINUTE, "1h 30m"),  # Duration.toString never prints '90m'
    (24 * HOUR, "1d"),
    (500, "500ms"),
    (0, "0ms"),
    (1_500, "1.5s"),
    (2_000, "2.0s"),  # Java's Double.toString
    (59_999, "60.0s"),
    (DAY + 6 * HOUR + 3 * MINUTE + 30 * SECOND, "1d 6h 3m 30s"),
    (HOUR + 499, "1h"),  # rounded to whole seconds
])
def test_duration_text(millis: int, text: str) -> None:
    assert str(Duration(millis)) == text


@pytest.mark.parametrize(("size", "text"), [
    (6 * GB, "6 GB"),
    (3 * GB // 2, "1.5 GB"),
    (512 * MB, "512 MB"),
    (1023, "1023 B"),
    (1024**5, "1 PB"),
    (int(1.25 * MB), "1.2 MB"),  # DecimalFormat rounds half to even
    (int(1.75 * MB), "1.8 MB"),
    (0, "0"),
])
def test_memory_text(size: int, text: str) -> None:
    assert str(MemoryUnit(size)) == text


def test_duration_arithmetic() -> None:
    four_hours = Duration(4 * HOUR)
    assert four_hours + Duration(HOUR) == Duration(5 * HOUR)
    assert four_hours - Duration(HOUR) == Duration(3 * HOUR)
    assert four_hours * 2 == 2 * four_hours == Duration(8 * HOUR)
    assert four_hours * 1.5 == Duration(6 * HOUR)
    assert Duration(10) / 3 == Duration(3)  # Math.round
    assert Duration(10) * 0.15 == Duration(1)  # (long) truncates
    assert Duration(HOUR) < four_hours
    assert Duration(5_400_000.0) == Duration(90 * MINUTE)
    assert four_hours.hours == 4.0
    with pytest.raises(ValueError):
        Duration(HOUR) - four_hours  # Nextflow: "Duration unit cannot be a negative number"
    with pytest.raises(TypeError):
        Duration(1.5)


def test_memory_arithmetic() -> None:
    six = MemoryUnit(6 * GB)
    assert six * 2 == 2 * six == MemoryUnit(12 * GB)
    assert six + six == MemoryUnit(12 * GB)
    assert six / 4 == MemoryUnit(3 * GB // 2)
    assert MemoryUnit(GB) < six
    with pytest.raises(TypeError):
        six * 1.5  # MemoryUnit.java truncates the factor, older Nextflow did not


# ---------------------------------------------------------------- N.unit and conversions


@pytest.mark.parametrize(("name", "duration", "memory"), [
    ("h", "h", None),
    ("H", "h", None),
    ("m", "m", None),
    ("M", "m", None),  # minutes, not megabytes
    ("Days", "days", None),
    ("GB", None, "GB"),
    ("gb", None, "GB"),
    ("Gb", None, "GB"),
    ("b", None, "B"),
    ("G", None, None),  # '8.G' is a MissingPropertyException
    ("hr", None, None),
])
def test_unit_names(name: str, duration: str | None, memory: str | None) -> None:
    assert duration_unit(name) == duration
    assert memory_unit(name) == memory


@pytest.mark.parametrize(("number", "name", "expected"), [
    (2, "h", Duration(2 * HOUR)),
    (1.5, "h", Duration(90 * MINUTE)),
    (1, "M", Duration(MINUTE)),
    (8, "gb", MemoryUnit(8 * GB)),
    (1.5, "GB", MemoryUnit(3 * GB // 2)),
    (8, "B", MemoryUnit(8)),
    (1.5, "B", None),  # '1.5B' is not a whole number of bytes
    (8, "G", None),
    (-1, "h", None),
])
def test_number_with_unit(number: float, name: str, expected: object) -> None:
    assert number_with_unit(number, name) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (Duration(HOUR), Duration(HOUR)),
    (1000, Duration(1000)),
    ("4h", Duration(4 * HOUR)),
    ("4 hours", Duration(4 * HOUR)),
    ("4H", None),
    (-1, None),
    (1.5, None),
    (True, None),
    (None, None),
    (UNKNOWN, None),
    (MemoryUnit(1), None),
])
def test_as_duration(value: object, expected: object) -> None:
    assert as_duration(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (MemoryUnit(GB), MemoryUnit(GB)),
    (1024, MemoryUnit(1024)),
    ("6 GB", MemoryUnit(6 * GB)),
    ("6 gb", None),
    (UNKNOWN, None),
    (Duration(1), None),
])
def test_as_memory(value: object, expected: object) -> None:
    assert as_memory(value) == expected


# ---------------------------------------------------------------- the closures of reference §2 and §5


@pytest.mark.parametrize(("attempt", "queue"), [(1, "spot"), (2, "od"), (3, "od"), (None, either("od", "spot"))])
def test_queue_fallback(attempt: int | None, queue: object) -> None:
    assert same(run("{ task.attempt > 1 ? 'od' : 'spot' }", attempt=attempt), queue)


@pytest.mark.parametrize(("attempt", "queue"), [(1, "spot"), (2, "spot"), (3, "od")])
def test_queue_fallback_after_two(attempt: int, queue: str) -> None:
    assert same(run("{ task.attempt <= 2 ? 'spot' : 'od' }", attempt=attempt), queue)


@pytest.mark.parametrize(("attempt", "hours"), [(1, 4), (2, 8), (3, 12)])
def test_time_times_attempt(attempt: int, hours: int) -> None:
    assert same(run("{ 4.h * task.attempt }", attempt=attempt), Duration(hours * HOUR))
    assert same(run("{ task.attempt * 4.h }", attempt=attempt), Duration(hours * HOUR))


@pytest.mark.parametrize(("attempt", "hours"), [(1, 24), (2, 48), (3, 96)])
def test_time_doubling(attempt: int, hours: int) -> None:
    assert same(run("{ 24.h * 2**(task.attempt-1) }", attempt=attempt), Duration(hours * HOUR))


NF_CORE_STRATEGY = "{ task.exitStatus in ((130..145) + 104 + 175) ? 'retry' : 'finish' }"


@pytest.mark.parametrize(("exit_status", "strategy"), [
    (143, "retry"),
    (137, "retry"),
    (130, "retry"),
    (145, "retry"),
    (104, "retry"),
    (175, "retry"),
    (146, "finish"),
    (2147483647, "finish"),  # a Spot reclaim: no exit code at all
    (1, "finish"),
    (None, either("retry", "finish")),  # the exit status unknown: either
])
def test_nf_core_error_strategy(exit_status: int | None, strategy: object) -> None:
    assert same(run(NF_CORE_STRATEGY, exit_status=exit_status), strategy)


def test_range_plus_int_is_a_flat_list() -> None:
    assert same(run("(130..145) + 104 + 175"), (*range(130, 146), 104, 175))
    assert same(run("(130..145) + (175..177) + 104"), (*range(130, 146), 175, 176, 177, 104))


@pytest.mark.parametrize(("text", "expected"), [
    ("140 in [131..145]", False),  # a list holding one range: compared with the range itself
    ("140 in (131..145)", True),
    ("131..145", range(131, 146)),
    ("[131..145]", (range(131, 146),)),
    ("146 in (131..145)", False),
    ("5 in 1..<5", False),
    ("4 in 1..<5", True),
    ("5..<1", range(5, 1, -1)),
    ("140 !in (131..145)", False),
    ("1 !in [2, 3]", True),
    ("140.0 in (131..145)", False),  # IntRange.contains takes Integers only
    ("'b' in 'abc'", False),  # String.isCase compares whole strings
    ("'abc' in 'abc'", True),
    ("null in 'abc'", False),
    ("'abc'.contains('b')", True),
    ("null in [1, null]", True),
    ("'a' in ['a', 'b']", True),
])
def test_membership_and_ranges(text: str, expected: object) -> None:
    assert same(run(text), expected)


@pytest.mark.parametrize(("exit_status", "strategy"), [(143, "retry"), (1, "terminate"), (None, either("retry", "terminate"))])
def test_exit_status_list(exit_status: int | None, strategy: object) -> None:
    text = "{ task.exitStatus in [143,137] ? 'retry' : 'terminate' }"
    assert same(run(text, exit_status=exit_status), strategy)


@pytest.mark.parametrize("text", [
    "{ if (task.attempt > 2) { return 'od' } else { return 'spot' } }",
    "{ if (task.attempt > 2) return 'od'\n return 'spot' }",
    "{ if (task.attempt > 2) return 'od'\n 'spot' }",
    "{ if (task.attempt > 2) { 'od' } else { 'spot' } }",  # implicit return in both branches
    "{ if (task.attempt <= 2) { return 'spot' }\n 'od' }",
    "{ def limit = 2\n if (task.attempt > limit) return 'od'\n return 'spot' }",
])
@pytest.mark.parametrize(("attempt", "queue"), [(1, "spot"), (2, "spot"), (3, "od"), (None, either("spot", "od"))])
def test_if_statements(text: str, attempt: int | None, queue: object) -> None:
    assert same(run(text, attempt=attempt), queue)


@pytest.mark.parametrize(("attempt", "expected"), [(1, "a"), (2, "b"), (3, "c"), (4, "c")])
def test_else_if_chain(attempt: int, expected: str) -> None:
    text = "{ if (task.attempt == 1) { 'a' } else if (task.attempt == 2) { 'b' } else { 'c' } }"
    assert same(run(text, attempt=attempt), expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("{ if (task.attempt > 1) { return 'x' } else { return 'x' } }", "x"),  # both ways agree
    ("{ task.attempt > 1 ? 'x' : 'x' }", "x"),
    ("{ task.attempt > 1 ? 'x' : 'y' }", either("x", "y")),  # one of the two
    ("{ if (task.attempt > 1) { return 'x' }\n 'x' }", "x"),
    ("{ if (task.attempt > 1) { return 'x' } }", either("x", None)),  # 'x' or null
    ("{ def q = 'a'\n if (task.attempt > 1) { q = 'b' }\n q }", either("a", "b")),
    ("{ (task.attempt > 1 ? 2 : 3) * 4.h }", either(Duration(8 * HOUR), Duration(12 * HOUR))),  # each option on
    ("{ task.attempt > 1 ? params.x : 'y' }", UNKNOWN),  # one way unknown: unknown
    ("{ def q = 'a'\n if (task.attempt > 1) { q = 'a' }\n q }", "a"),
])
def test_unknown_condition(text: str, expected: object) -> None:
    assert same(run(text), expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("{ }", None),
    ("{ return }", None),
    ("{ if (false) { 'x' } }", None),  # Groovy returns null when no branch is taken
    ("{ def x = 1\n x + 2 }", 3),
    ("{ def x = 1\n x += 2\n x * 2 }", 6),
    ("{ def x = task.attempt\n x * 2 }", 4),
    ("{ x -> x }", UNKNOWN),  # a closure parameter: Nextflow passes nothing we know
    ("{ def x = 1 }", UNKNOWN),  # the value of a final declaration is not relied on
    ("{ def int x = 2\n x }", UNKNOWN),  # typed: Groovy would convert
    ("{ def x = [1]\n x << 2\n x }", UNKNOWN),  # a statement for its side effect
    ("{ sleep(1000)\n 'retry' }", "retry"),
    ("{ for (i in [1]) { return 1 } }", UNKNOWN),
    ("{ throw new Exception('x') }", UNKNOWN),
])
def test_closure_bodies(text: str, expected: object) -> None:
    assert same(run(text, attempt=2), expected)


_QUEUE_BY_SWITCH = """{
    switch (task.attempt) {
        case 1:
        case 2:
            'spot'
            break
        case [3, 4]:
            'mixed'
        case 5..6:
            return 'late'
        default:
            'ondemand'
    }
}"""


@pytest.mark.parametrize(("attempt", "expected"), [
    (1, "spot"), (2, "spot"),  # two labels, one case, up to the `break`
    (3, "late"), (4, "late"),  # no `break`: falls through to the next case
    (5, "late"), (7, "ondemand"),  # a range label; no label matches: the default
    (None, either("spot", "late", "ondemand")),  # an unknown subject: every way is possible
])
def test_switch_statements(attempt: int | None, expected: object) -> None:
    assert same(run(_QUEUE_BY_SWITCH, attempt=attempt), expected)


@pytest.mark.parametrize(("text", "expected"), [
    # The default case written first still runs only when no label matches.
    ("{ switch (task.attempt) { default: 'd'; break; case 2: 'two' } }", "two"),
    ("{ switch (task.attempt) { default: 'd'; break; case 3: 'three' } }", "d"),
    # No match and no default: the switch does nothing, and the closure goes on.
    ("{ def q = 'a'\n switch (task.attempt) { case 5: q = 'b' }\n q }", "a"),
    ("{ switch (task.attempt) { case 5: 'x' } }", None),
    # A label that cannot be decided: both ways, known only when they agree.
    ("{ switch (task.attempt) { case params.n: 'x'; break; default: 'x' } }", "x"),
    ("{ switch (task.attempt) { case params.n: 'x'; break; default: 'y' } }", either("x", "y")),
    # A class or pattern as a label (undecided: both ways), a `break` inside an `if`: not modelled.
    ("{ switch (task.attempt) { case Integer: 'x'; break; default: 'y' } }", either("x", "y")),
    ("{ switch (task.attempt) { case 2: if (params.x) { break }; 'x' } }", UNKNOWN),
    # Java-style casts convert nothing: a value of another type makes them throw.
    ("{ (Integer) task.attempt }", 2),
    ("{ (String) 'a' }", "a"),
    ("{ (Integer) '5' }", UNKNOWN),
    ("{ '5' as Integer }", 5),
    # Typed and `final` declarations.
    ("{ final n = task.attempt\n n * 2 }", 4),
    ("{ int n = 2\n n }", UNKNOWN),  # typed: Groovy would convert
])
def test_switch_and_casts(text: str, expected: object) -> None:
    assert same(run(text, attempt=2), expected)


# ---------------------------------------------------------------- operators


@pytest.mark.parametrize(("text", "expected"), [
    ("1 + 2 * 3", 7),
    ("7 / 2", 3.5),  # Integer / Integer is a BigDecimal in Groovy
    ("6 / 3", 2.0),
    ("7 % 3", 1),
    ("-7 % 3", -1),  # Java's remainder keeps the dividend's sign
    ("2 ** 10", 1024),
    ("2 ** 3 ** 2", 64),  # Groovy's ** is left-associative
    ("-2 ** 2", -4),
    ("2 ** -1", 0.5),
    ("2 ** 40", 2**40),  # Integer.power widens to Long
    ("2147483647 + 1", UNKNOWN),  # Integer wraps, Long does not: which one is not tracked
    ("1 / 0", UNKNOWN),
    ("'a' + 1", "a1"),
    ("'a' + null", "anull"),
    ("1 + 'a'", "1a"),
    ("'ab' * 2", "abab"),
    ("[1, 2] + [3]", (1, 2, 3)),
    ("[1] + 2", (1, 2)),
    ("[1] * 2", (1, 1)),
    ("4.h + 30.m", Duration(4 * HOUR + 30 * MINUTE)),
    ("4.h - 5.h", UNKNOWN),  # Nextflow throws on a negative Duration
    ("4.h / 2", Duration(2 * HOUR)),
    ("4.h * 1.5", Duration(6 * HOUR)),
    ("6.GB * 2", MemoryUnit(12 * GB)),
    ("2 * 6.GB", MemoryUnit(12 * GB)),
    ("6.GB * 1.5", UNKNOWN),  # depends on the Nextflow version
    ("6.GB + 512.MB", MemoryUnit(6 * GB + 512 * MB)),
    ("4.h + 1", UNKNOWN),
    ("-4.h", UNKNOWN),  # Duration has no negative()
    ("-(3)", -3),
    ("1.5.h", Duration(90 * MINUTE)),
    ("1.m", Duration(MINUTE)),
    ("1.M", Duration(MINUTE)),
    ("8.gb", MemoryUnit(8 * GB)),
    ("8.G", UNKNOWN),
    ("(task.attempt * 2).h", Duration(4 * HOUR)),
])
def test_arithmetic(text: str, expected: object) -> None:
    assert same(run(text, attempt=2), expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("1 == 1.0", True),
    ("1 == '1'", False),
    ("49 == '1'", True),  # a one-character string compares as a char
    ("'a' == 'a'", True),
    ("null == null", True),
    ("null == 0", False),
    ("true == 1", False),
    ("[1, 2] == [1, 2]", True),
    ("(1..3) == [1, 2, 3]", True),
    ("4.h == 240.m", True),
    ("4.h == '4h'", UNKNOWN),
    ("4.h > 3.h", True),
    ("4.h > 1000", UNKNOWN),
    ("6.GB >= 6.GB", True),
    ("'a' < 'b'", True),
    ("null < 1", True),  # Groovy sorts null first
    ("1 <=> 2", -1),
    ("1 != 2", True),
    ("'a' < 1", UNKNOWN),
    ("task.attempt == 2", True),
    ("task.exitStatus == 2", UNKNOWN),
])
def test_comparisons(text: str, expected: object) -> None:
    assert same(run(text, attempt=2), expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("false && task.exitStatus", False),  # the unknown side does not matter
    ("task.exitStatus && false", False),
    ("true || task.exitStatus", True),
    ("task.exitStatus || true", True),
    ("true && task.exitStatus", UNKNOWN),
    ("false || task.exitStatus > 1", UNKNOWN),
    ("1 && 'x'", True),  # && gives a boolean, not an operand
    ("0 || ''", False),
    ("!task.exitStatus", UNKNOWN),
    ("![]", True),
    ("!4.h", False),
    ("!0.h", True),
    ("task.attempt > 1 && task.exitStatus in [143, 137]", False),
    ("task.attempt == 1 && task.exitStatus in [143, 137]", UNKNOWN),
])
def test_logic(text: str, expected: object) -> None:
    assert same(run(text, attempt=1), expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("null ?: 'd'", "d"),
    ("'' ?: 'd'", "d"),
    ("0 ?: 'd'", "d"),
    ("[] ?: 'd'", "d"),
    ("'x' ?: 'd'", "x"),
    ("params.queue ?: 'default'", "spot-q"),
    ("params.empty ?: 'default'", "default"),
    ("params.missing ?: 'default'", UNKNOWN),  # may be set on the command line
    ("task.exitStatus ?: task.exitStatus", UNKNOWN),
    ("params.queue", "spot-q"),
    ("params['queue']", "spot-q"),
    ("params.nested.queue", "n"),
    ("params.nested.missing", UNKNOWN),
    ("params.big ? 'od' : 'spot'", "od"),
    ("params", UNKNOWN),
])
def test_elvis_and_params(text: str, expected: object) -> None:
    params = {"queue": "spot-q", "empty": "", "nested": {"queue": "n"}, "big": True}
    assert same(run(text, params=params), expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("Integer.MAX_VALUE", 2147483647),
    ("task.exitStatus == Integer.MAX_VALUE", True),
    ("'4h' as Duration", Duration(4 * HOUR)),
    ("'4H' as Duration", UNKNOWN),
    ("'8 GB' as MemoryUnit", MemoryUnit(8 * GB)),
    ("1000 as Duration", Duration(1000)),
    ("'-1' as int", -1),
    ("' 42 ' as Integer", 42),
    ("'4.0' as Integer", UNKNOWN),
    ("2.7 as Integer", 2),
    ("'42'.toInteger()", 42),
    ("'x'.toInteger()", UNKNOWN),
    ("4.5.toInteger()", 4),
    ("12 as String", "12"),
    ("null as Integer", None),
    ("4.h as String", "4h"),
    ("Math.max(2, task.attempt * 3)", 6),
    ("Math.min(2, 1.5)", 1.5),
    ("[1, 2].size()", 2),
    ("[1, 2, 3][-1]", 3),
    ("[1, 2][5]", None),
    ("'x' as java.time.Duration", UNKNOWN),
])
def test_constants_casts_and_methods(text: str, expected: object) -> None:
    assert same(run(text, attempt=2, exit_status=2147483647), expected)


@pytest.mark.parametrize(("text", "expected"), [
    ('"${params.queue}-od"', "spot-q-od"),
    ('"attempt $task.attempt"', "attempt 2"),
    ('"t=${4.h}"', "t=4h"),
    ('"m=${6.GB * 2}"', "m=12 GB"),
    ('"x=${[1, "a"]}"', "x=[1, a]"),
    ('"${params.missing}"', UNKNOWN),
    ('"${1.5}"', UNKNOWN),  # BigDecimal or Double text: not tracked
    ("/a$x/", UNKNOWN),  # a slashy string interpolates too
])
def test_gstrings(text: str, expected: object) -> None:
    assert same(run(text, attempt=2, params={"queue": "spot-q"}), expected)


@pytest.mark.parametrize("text", [
    "check_max(4.h * task.attempt, 'time')",
    "task.previousTrace.exitStatus",
    "System.getenv('QUEUE')",
    "task.ext.args",
    "task.cpus * 2",
    "workflow.profile.contains('gpu')",
    "new Date()",
    "x instanceof String",
    "'a' =~ /a/",
    "{ task.attempt }",  # evaluate() does not call closures
    "[a: 1].b",
])
def test_unknown_expressions(text: str) -> None:
    assert evaluate(parse(text), EvalEnv(attempt=1, exit_status=1)) is UNKNOWN


def test_known_names() -> None:
    env = EvalEnv(names={"projectDir": "/p", "workflow.profile": "gpu,aws"})
    assert evaluate(parse("projectDir + '/conf/aws.config'"), env) == "/p/conf/aws.config"
    assert evaluate(parse("workflow.profile.contains('gpu')"), env) is True


def test_locals_shadow_known_names() -> None:
    assert same(run("{ def task = [attempt: 5]\n task.attempt }", attempt=1), 5)


def test_unknown_has_no_truth_value() -> None:
    with pytest.raises(TypeError):
        bool(UNKNOWN)
    assert repr(UNKNOWN) == str(UNKNOWN) == "UNKNOWN"


def test_deep_trees_give_up_quietly() -> None:
    long_sum = " + ".join(["1"] * 3000)
    tree = parse(long_sum)
    assert evaluate(tree, EvalEnv()) is UNKNOWN
    assert not mentions(tree, "task.attempt")


def test_many_undecided_ifs_give_up_quietly() -> None:
    body = "\n".join(f"if (task.exitStatus == {i}) {{ x = {i} }}" for i in range(40))
    assert run("{ def x = 0\n" + body + "\n 'done' }") is UNKNOWN


# ---------------------------------------------------------------- mentions


@pytest.mark.parametrize(("text", "name", "expected"), [
    ("{ task.attempt > 1 ? 'od' : 'spot' }", "task.attempt", True),
    ("{ task.attempt > 1 ? 'od' : 'spot' }", "task.exitStatus", False),
    (NF_CORE_STRATEGY, "task.exitStatus", True),
    ('{ "q-${task.attempt}" }', "task.attempt", True),
    ("{ if (x) { return task?.attempt } }", "task.attempt", True),
    ("{ def a = task.attempt.toString() }", "task.attempt", True),
    ("{ task.attemptCount }", "task.attempt", False),
    ("{ params.queue }", "params.queue", True),
    ("'spot'", "task.attempt", False),
])
def test_mentions(text: str, name: str, expected: bool) -> None:
    assert mentions(parse(text), name) is expected


# ---------------------------------------------------------------- properties

# What Duration prints is exact for whole milliseconds under a second, tenths of a second
# under a minute and whole seconds above.
printable_durations = st.one_of(
    st.integers(0, 999),
    st.integers(10, 599).map(lambda tenths: tenths * 100),
    st.integers(60, 10**9).map(lambda seconds: seconds * SECOND),
)


@given(printable_durations)
def test_duration_text_round_trip(millis: int) -> None:
    duration = Duration(millis)
    assert parse_duration_string(str(duration)) == duration


@given(st.integers(0, 2**53))
def test_duration_text_is_always_parseable_and_close(millis: int) -> None:
    reparsed = parse_duration_string(str(Duration(millis)))
    assert reparsed is not None
    assert abs(reparsed.millis - millis) <= 500


@given(st.integers(0, 2**40))
def test_memory_text_is_always_parseable_and_close(size: int) -> None:
    reparsed = parse_memory_string(str(MemoryUnit(size)))
    assert reparsed is not None
    assert abs(reparsed.bytes - size) <= max(size / 20, 0)
