"""The cyclic garbage collector, in one place: when it is paused, what is frozen out of its
sight, and when it collects.

What the package makes (trees, settings, views, memo entries, imported modules) has no
reference cycles: reference counting frees it. The collector would only walk it again and
again as it grows (a tenth of a corpus run; a 300-500 ms pause every few keystrokes in the
language server), so the work that makes it runs with the collector paused, and what lives
on after it is frozen (gc.freeze: out of every later collection's sight). cli/main.py pauses
it in its first lines, before any import, and resumes it here.
"""

from __future__ import annotations

import gc
from types import TracebackType


class Pause:
    """What a `with` block run with the collector off turns on again after it: the collector
    if it was on before, with what was made inside frozen first when `freeze_after`. Made by
    uncollected() and paused_collection() once the collector is off: making the object with
    it on could set off the very collection the pause is there to avoid (the first
    allocation after a lint collected everything the lint left, ~4,000 objects a lint on
    the corpus). A class, not contextlib's generator: a parse enters one."""

    __slots__ = ("collecting", "freeze_after")

    def __init__(self, collecting: bool, freeze_after: bool) -> None:
        self.collecting = collecting
        self.freeze_after = freeze_after

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.freeze_after:
            resume_collection(self.collecting)
        elif self.collecting:
            gc.enable()


def uncollected() -> Pause:
    """`with uncollected():` no collection inside: for a parse, a load, a lint, whose
    objects are not in cycles."""
    collecting = gc.isenabled()
    gc.disable()
    return Pause(collecting, False)


def paused_collection() -> Pause:
    """`with paused_collection():` no collection inside, and what was made inside is frozen
    after it: for work whose objects live on (imports, the command line's lints)."""
    collecting = gc.isenabled()
    gc.disable()
    return Pause(collecting, True)


def resume_collection(collecting: bool) -> None:
    """The end of a pause: `collecting` is whether the collector ran before it."""
    # Frozen first: else the first collection would walk everything made during the pause.
    gc.freeze()
    if collecting:
        gc.enable()


def pause() -> None:
    """Collector off until resume_collection or restart (the language server's lint runs on
    its worker thread; the event loop resumes collection once the lint is over)."""
    gc.disable()


def restart() -> None:
    """Collector on, nothing frozen: after a lint that was cancelled or failed."""
    gc.enable()


def collect_unfrozen() -> None:
    """Collect what is not frozen: only what was made since the last freeze."""
    gc.collect()


def collect_all() -> None:
    """Collect everything, frozen or not (a cycle frozen by mistake is never collected
    otherwise), then freeze what is left."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
