"""Start-up: compile the methods `@dataclass` generates once per machine, not once per run.

On Python 3.11 `@dataclass` writes the source of each class's __init__, __repr__, __eq__,
__hash__, __setattr__ and __delattr__ and compiles it with exec(): about a millisecond a
class, and a `check` run defines some hundred frozen dataclasses, which made compiling them
the largest single cost of starting the command. `install()` gives the dataclasses module
an exec() that looks the compiled code up first, the way Python keeps .pyc files: by the
exact source text, for the exact interpreter build (cache.py). Compiling the same text the
same way (no inherited __future__ flags, file name "<string>") gives the same code, so the
classes are exactly the ones @dataclass makes; newly compiled code is saved at exit.

Only the command line installs it: it changes the dataclasses module for the whole
process, which is the command's own.
"""

from __future__ import annotations

import atexit
import builtins
import dataclasses
import sys
from typing import Any

from . import cache
from .switches import is_off

_NAME = "dataclass-code"
# Code not used by any of the last _KEPT_SAVES runs that compiled something new is dropped:
# every start loads the whole store, and stale classes (edited ones, a test session's own)
# must not pile up in it.
_KEPT_SAVES = 10

_codes: dict[str, Any] = {}
_last_used: dict[str, int] = {}  # source -> the number of the save that last saw it used
_generation = 0
_used: set[str] = set()
_compiled = False


def install() -> None:
    global _generation
    if is_off("dataclass-code") or getattr(dataclasses, "exec", None) is _exec:
        return
    stored = cache.load(_NAME, _magic())
    if (isinstance(stored, tuple) and len(stored) == 3 and isinstance(stored[0], int)
            and isinstance(stored[1], dict) and isinstance(stored[2], dict)):
        _generation = stored[0]
        _codes.update(stored[1])
        _last_used.update(stored[2])
    dataclasses.exec = _exec  # type: ignore[attr-defined]  # shadows the builtin there only
    atexit.register(_save)


def _magic() -> str:
    """The exact interpreter build: code objects are only valid for the bytecode they were
    made for."""
    return f"{sys.version}\0{_FORMAT}"


_FORMAT = 2  # (save number, code by source, last save using it)


def _exec(source: Any, *args: Any, **kwargs: Any) -> Any:
    global _compiled
    if isinstance(source, str):
        _used.add(source)
        code = _codes.get(source)
        if code is None:
            # dont_inherit: exec() of a string inside dataclasses.py compiles with that
            # module's flags (none), not with this module's `from __future__ import annotations`.
            code = _codes[source] = compile(source, "<string>", "exec", dont_inherit=True)
            _compiled = True
        source = code
    return builtins.exec(source, *args, **kwargs)


def _save() -> None:
    if not _compiled:
        return
    generation = _generation + 1
    kept = {source: generation if source in _used else _last_used.get(source, generation) for source in _codes}
    kept = {source: used for source, used in kept.items() if used > generation - _KEPT_SAVES}
    cache.store(_NAME, _magic(), (generation, {source: _codes[source] for source in kept}, kept))
