"""The cyclic garbage collector is handled in one place (speed/collector.py): its pauses
leave it as they found it, and what they freeze is out of later collections' sight."""

from __future__ import annotations

import ast
import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

import nflint_spot
from nflint_spot.speed import collector

PACKAGE = Path(nflint_spot.__file__).parent
# cli/main.py pauses the collector in its first lines, before any import (so before the
# collector module's); everything else asks speed/collector.py.
ALLOWED = {"speed/collector.py": None, "cli/main.py": {"isenabled", "disable"}}


class _Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def restored() -> Iterator[None]:
    """The collector as the test found it: on, nothing frozen by the test left frozen."""
    was = gc.isenabled()
    yield
    gc.unfreeze()
    if was:
        gc.enable()
    else:
        gc.disable()


def _gc_uses(path: Path) -> set[str]:
    """The gc functions a module calls (`gc.x`) or imports (`from gc import x`)."""
    used: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "gc":
            used.add(node.attr)
        elif isinstance(node, ast.ImportFrom) and node.module == "gc":
            used.update(alias.name for alias in node.names)
    return used


def test_only_the_collector_module_touches_gc() -> None:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        used = _gc_uses(path)
        if relative in ALLOWED:
            allowed = ALLOWED[relative]
            used = set() if allowed is None else used - allowed
        if used:
            found[relative] = sorted(used)
    assert found == {}
    assert _gc_uses(PACKAGE / "speed" / "collector.py") >= {"disable", "enable", "freeze", "unfreeze", "collect"}


@pytest.mark.parametrize("on", [True, False])
def test_uncollected_leaves_the_collector_as_it_found_it(on: bool, restored: None) -> None:
    if on:
        gc.enable()
    else:
        gc.disable()
    with collector.uncollected():
        assert not gc.isenabled()
    assert gc.isenabled() is on
    with pytest.raises(ValueError), collector.uncollected():
        raise ValueError("a parse that fails")
    assert gc.isenabled() is on


def test_paused_collection_freezes_what_was_made_inside(restored: None) -> None:
    gc.enable()
    gc.collect()
    frozen = gc.get_freeze_count()
    with collector.paused_collection():
        assert not gc.isenabled()
        made = _Cycle()
    assert gc.isenabled()
    assert gc.get_freeze_count() > frozen
    alive = weakref.ref(made)
    del made
    collector.collect_unfrozen()
    assert alive() is not None  # frozen: out of the collection's sight
    collector.collect_all()
    assert alive() is None  # collect_all unfreezes first


def test_the_language_servers_pause_lasts_until_collection_resumes(restored: None) -> None:
    gc.enable()
    collector.pause()
    assert not gc.isenabled()
    collector.resume_collection(True)
    assert gc.isenabled() and gc.get_freeze_count() > 0
    collector.pause()
    collector.restart()
    assert gc.isenabled()


@pytest.mark.parametrize("pause", ["uncollected", "paused_collection"])
def test_entering_a_pause_sets_off_no_collection(pause: str, restored: None) -> None:
    """What the previous lint left is young while the collector is on between lints: making
    the pause's object with the collector still on collected it all, at every lint."""
    started: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(info["generation"])

    entering = getattr(collector, pause)
    gc.collect()
    gc.disable()
    left: list[list[int]] = [[] for _ in range(5_000)]  # well past the young generation's threshold (700)
    gc.callbacks.append(note)
    try:
        gc.enable()
        with entering():
            pass
        gc.disable()
    finally:
        gc.callbacks.remove(note)
    assert started == [] and len(left) == 5_000
