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
from .switches import is_off

_NAME = "regex-code"
# A pattern not used by any of the last _KEPT_SAVES runs that stored new patterns is dropped:
# every start loads the whole store, and one-off patterns (a test session's) must not pile up.
_KEPT_SAVES = 10
_VERSIONS = ((3, 11), (3, 12), (3, 13))

# key -> (flags, code as bytes, groups, group index, index group); `_last_used`: key -> save number
_codes: dict[tuple[str, int], tuple[Any, ...]] = {}
_last_used: dict[tuple[str, int], int] = {}
_generation = 0
_used: set[tuple[str, int]] = set()
_compiled = False
_original: Any = None
_compiler: Any = None
_parser: Any = None


def install() -> None:
    global _original, _compiler, _parser, _compiled
    if is_off("regex-code") or sys.implementation.name != "cpython" or sys.version_info[:2] not in _VERSIONS:
        return
    import re._compiler as compiler
    import re._parser as parser

    if compiler.compile is _compile or memoryview(bytes(8)).cast(_CODE_FORMAT).itemsize != compiler._sre.CODESIZE:
        return
    _original, _compiler, _parser = compiler.compile, compiler, parser
    # The self-check runs once per interpreter build: a store is read only by the exact
    # build that wrote it (_magic), and the first store on a build is written by a run that
    # passed the check. (Compiling its sample the slow way costs what the store saves on a
    # dozen patterns.)
    if not _load():
        if not _same_as_original():
            return
        _codes.clear()  # the self-check's entry: not worth storing
        _used.clear()
        _compiled = False
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

    return f"{sys.version}\0{_sre.MAGIC}\0{_sre.CODESIZE}\0{_CODE_FORMAT}"


# The engine's code words stored as bytes, in this struct format: loading bytes is a copy,
# loading a list of ints is not (the lexer's alternations run to thousands of words). They
# are read back through a memoryview, which needs no module (`array` is a shared library
# to load).
_CODE_FORMAT = "I"


def _load() -> bool:
    """Whether a store for this interpreter build was there (and is now in `_codes`)."""
    global _generation
    stored = cache.load(_NAME, _magic())
    if not (isinstance(stored, tuple) and len(stored) == 3 and isinstance(stored[0], int)
            and isinstance(stored[1], dict) and isinstance(stored[2], dict)):
        return False
    _generation, codes, last_used = stored
    _codes.update(codes)
    _last_used.update(last_used)
    return True


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
        from array import array  # only to store new code

        parsed = _parser.parse(pattern, flags)
        code = array(_CODE_FORMAT, compiler._code(parsed, flags)).tobytes()
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entry = _codes[key] = (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex,
                               tuple(indexgroup))
        _compiled = True
    _used.add(key)
    final_flags, code, groups, groupindex, indexgroup = entry
    words = memoryview(code).cast(_CODE_FORMAT).tolist()
    return compiler._sre.compile(pattern, final_flags, words, groups, dict(groupindex), indexgroup)


def _save() -> None:
    if not _compiled:
        return
    generation = _generation + 1
    last_used = {key: generation if key in _used else _last_used.get(key, generation) for key in _codes}
    kept = {key for key, used in last_used.items() if used > generation - _KEPT_SAVES}
    try:
        cache.store(_NAME, _magic(), (generation, {key: _codes[key] for key in kept},
                                      {key: last_used[key] for key in kept}))
    except ValueError:
        pass  # marshal met something it cannot write: no cache, same patterns
