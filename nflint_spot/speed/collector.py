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
    """A `with` block run with the collector off, turned on again after it if it was on
    before; with `freeze_after`, what was made inside is frozen first. A class, not
    contextlib's generator: a parse enters one."""

    __slots__ = ("freeze_after", "collecting")

    def __init__(self, freeze_after: bool) -> None:
        self.freeze_after = freeze_after
        self.collecting = False

    def __enter__(self) -> None:
        self.collecting = gc.isenabled()
        gc.disable()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.freeze_after:
            resume_collection(self.collecting)
        elif self.collecting:
            gc.enable()


def uncollected() -> Pause:
    """No collection inside: for a parse, a load, a lint, whose objects are not in cycles."""
    return Pause(False)


def paused_collection() -> Pause:
    """No collection inside, and what was made inside is frozen after it: for work whose
    objects live on (imports, the command line's lints)."""
    return Pause(True)


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
