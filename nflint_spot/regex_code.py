"""Start-up: compile each regular expression once per machine, not once per run.

`re.compile` parses a pattern and translates it to the regex engine's code in pure Python:
a `check` run compiles some fifty patterns (the lexer's per-character alternations, the
modules' own, click's), about 15 ms of every start. The result of that work is plain data
(a list of integers, the flags, the group names) that `_sre.compile` turns into a Pattern
object in microseconds. `install()` makes `re` keep that data in the per-user cache
(cache.py), for the exact interpreter build, the way dataclass_code.py keeps the code
@dataclass generates: a pattern compiled from the cached data is the same Pattern the
slow way makes (tests/test_startup.py compares them).

What `_compile` does on a miss is what `re._compiler.compile` does in CPython 3.11 to 3.13;
on other versions `install()` does nothing. Only the command line installs it: it changes
the `re` module for the whole process, which is the command's own.
"""

from __future__ import annotations

import atexit
import sys
from typing import Any

from . import cache

_NAME = "regex-code"
_MAX_ENTRIES = 2000  # beyond this (stale patterns piling up over versions), start afresh
_VERSIONS = ((3, 11), (3, 12), (3, 13))

_codes: dict[tuple[str, int], tuple[Any, ...]] = {}
_used: set[tuple[str, int]] = set()
_compiled = False
_original: Any = None
_compiler: Any = None
_parser: Any = None


def install() -> None:
    global _original, _compiler, _parser
    if sys.implementation.name != "cpython" or sys.version_info[:2] not in _VERSIONS:
        return
    import re._compiler as compiler
    import re._parser as parser

    if compiler.compile is _compile:
        return
    _original, _compiler, _parser = compiler.compile, compiler, parser
    if not _same_as_original():
        return
    _codes.clear()  # the self-check's entry: not worth storing
    stored = cache.load(_NAME, _magic())
    if isinstance(stored, dict):
        _codes.update(stored)
    compiler.compile = _compile
    atexit.register(_save)


def _same_as_original() -> bool:
    """Whether this interpreter's `re` still works the way `_compile` assumes."""
    sample = r"(?P<word>[a-z]+)(\d*)(?i:X)"
    try:
        ours, theirs = _compile(sample, 0), _original(sample, 0)
    except (AttributeError, TypeError, ValueError):
        return False
    text = "abc12x"
    return ((ours.pattern, ours.flags, ours.groups, ours.groupindex) ==
            (theirs.pattern, theirs.flags, theirs.groups, theirs.groupindex)
            and ours.match(text).groups() == theirs.match(text).groups())


def _magic() -> str:
    import _sre

    return f"{sys.version}\0{_sre.MAGIC}\0{_sre.CODESIZE}"


def _compile(pattern: Any, flags: int = 0) -> Any:
    global _compiled
    compiler = _compiler
    # Only text patterns with plain flags: bytes patterns, parsed patterns (re.Scanner) and
    # DEBUG (which prints) take the original path.
    if type(pattern) is not str or type(flags) is not int or flags & compiler.SRE_FLAG_DEBUG:
        return _original(pattern, flags)
    key = (pattern, flags)
    entry = _codes.get(key)
    if entry is None:
        parsed = _parser.parse(pattern, flags)
        # plain ints: the opcodes are int subclasses, which marshal cannot write
        code = [int(word) for word in compiler._code(parsed, flags)]
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entry = _codes[key] = (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex,
                               tuple(indexgroup))
        _compiled = True
    _used.add(key)
    final_flags, code, groups, groupindex, indexgroup = entry
    return compiler._sre.compile(pattern, final_flags, code, groups, dict(groupindex), indexgroup)


def _save() -> None:
    if not _compiled:
        return
    codes = _codes if len(_codes) <= _MAX_ENTRIES else {key: _codes[key] for key in _used}
    try:
        cache.store(_NAME, _magic(), codes)
    except ValueError:
        pass  # marshal met something it cannot write: no cache, same patterns
