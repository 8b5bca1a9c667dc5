"""Which characters can start a match of a regular expression, and whether a match may
contain a given character (used when building the lexer tables, never at run time).

The fast lexer tries, at each position, only the terminals that can start with the
character there, in Lark's order; that is the same first match as trying them all, as
long as the sets computed here are never too small. So every construct not understood
below counts as "may start with (or contain) anything".
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

ASCII = frozenset(chr(code) for code in range(128))

# What a character class category matches, tested on each ASCII character with `re` itself.
_CATEGORIES = {
    C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D",
    C.CATEGORY_SPACE: r"\s", C.CATEGORY_NOT_SPACE: r"\S",
    C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT} | ({C.POSSESSIVE_REPEAT} if hasattr(C, "POSSESSIVE_REPEAT") else set())

_ANYTHING = (ASCII, True, True)  # (ASCII first characters, may start non-ASCII, may be empty)


def first_chars(regexp: str, flags: int = 0) -> tuple[str, bool]:
    """The ASCII characters a match can start with (as a sorted string), and whether it may
    start with a non-ASCII character."""
    if flags & re.IGNORECASE:
        return "".join(sorted(ASCII)), True
    chars, non_ascii, nullable = _sequence(list(sre_parse.parse(regexp, flags)))
    if nullable:  # a match may be empty, or start with anything a lookahead allows
        chars, non_ascii = ASCII, True
    return "".join(sorted(chars)), non_ascii


def _sequence(items: list[tuple[Any, Any]]) -> tuple[frozenset[str], bool, bool]:
    chars: frozenset[str] = frozenset()
    non_ascii = False
    for op, arg in items:
        first, wide, nullable = _item(op, arg)
        chars |= first
        non_ascii |= wide
        if not nullable:
            return chars, non_ascii, False
    return chars, non_ascii, True


def _item(op: Any, arg: Any) -> tuple[frozenset[str], bool, bool]:
    if op is C.LITERAL:
        return (frozenset(chr(arg)), False, False) if arg < 128 else (frozenset(), True, False)
    if op is C.IN:
        return _char_class(arg)
    if op is C.SUBPATTERN:
        _group, add_flags, _del_flags, pattern = arg
        if add_flags & re.IGNORECASE:
            return _ANYTHING
        return _sequence(list(pattern))
    if op is C.BRANCH:
        results = [_sequence(list(branch)) for branch in arg[1]]
        return (frozenset().union(*(r[0] for r in results)), any(r[1] for r in results),
                any(r[2] for r in results))
    if op in _REPEATS:
        low, _high, pattern = arg
        chars, non_ascii, nullable = _sequence(list(pattern))
        return chars, non_ascii, nullable or low == 0
    if op in _ZERO_WIDTH:
        return frozenset(), False, True
    if getattr(C, "ATOMIC_GROUP", None) is op:
        return _sequence(list(arg))
    return _ANYTHING  # ANY, NOT_LITERAL, group references, ...: assume anything


def _char_class(items: list[tuple[Any, Any]]) -> tuple[frozenset[str], bool, bool]:
    negate = any(op is C.NEGATE for op, _ in items)
    tests = []
    non_ascii = negate
    for op, arg in items:
        if op is C.NEGATE:
            continue
        if op is C.LITERAL:
            tests.append(lambda c, code=arg: ord(c) == code)
            non_ascii |= arg >= 128
        elif op is C.RANGE:
            tests.append(lambda c, low=arg[0], high=arg[1]: low <= ord(c) <= high)
            non_ascii |= arg[1] >= 128
        elif op is C.CATEGORY and arg in _CATEGORIES:
            pattern = re.compile(_CATEGORIES[arg])
            tests.append(lambda c, p=pattern: p.match(c) is not None)
            non_ascii = True
        else:
            return _ANYTHING
    chars = frozenset(c for c in ASCII if any(test(c) for test in tests) != negate)
    return chars, non_ascii, False


def may_contain(regexp: str, char: str, flags: int = 0) -> bool:
    """Whether a match may contain `char` anywhere (conservatively: True when unsure)."""
    if flags & (re.IGNORECASE | re.DOTALL):
        return True
    return _consumes(list(sre_parse.parse(regexp, flags)), ord(char))


def _consumes(items: list[tuple[Any, Any]], code: int) -> bool:
    for op, arg in items:
        if op is C.LITERAL:
            found = arg == code
        elif op is C.NOT_LITERAL:
            found = arg != code
        elif op is C.ANY:
            found = code != ord("\n")  # without DOTALL (handled above)
        elif op is C.IN:
            chars, non_ascii, _ = _char_class(arg)
            found = chr(code) in chars if code < 128 else non_ascii
        elif op is C.SUBPATTERN:
            found = bool(arg[1] & re.IGNORECASE) or _consumes(list(arg[3]), code)
        elif op is C.BRANCH:
            found = any(_consumes(list(branch), code) for branch in arg[1])
        elif op in _REPEATS:
            found = _consumes(list(arg[2]), code)
        elif op in _ZERO_WIDTH:
            found = False  # lookarounds and anchors consume nothing
        elif getattr(C, "ATOMIC_GROUP", None) is op:
            found = _consumes(list(arg), code)
        else:
            found = True
        if found:
            return True
    return False
