"""When the language server lints (nflint_spot/lsp.py), in process: at once when no lint of
the document runs; changes that arrive while one runs are coalesced into one lint of the
newest text when it ends; a lint whose text is no longer the buffer's publishes nothing.

The lint itself is replaced by a gate the test opens, so the order of events is the test's,
not the machine's (the waits below only turn a hang into a failure)."""

from __future__ import annotations

import asyncio
import queue
import threading
from dataclasses import dataclass, field
from typing import Any

import pytest
from lsprotocol import types as lsp

import nflint_spot.lsp.scheduling as scheduling_module
from nflint_spot.lint.linter import LintResult
from nflint_spot.lsp.server import SpotServer
from nflint_spot.lsp.session import LintRun, Outcome

URI = "file:///work/nextflow.config"
PATH = "/work/nextflow.config"
HANG_GUARD = 20


@dataclass
class Buffer:
    source: str
    version: int


@dataclass
class FakeWorkspace:
    """What SpotServer reads of pygls' workspace."""

    documents: dict[str, Buffer] = field(default_factory=dict)
    position_encoding: str = "utf-16"

    def get_text_document(self, uri: str) -> Buffer:
        return self.documents[uri]


class FakeProtocolServer:
    """Records what the server sends to the client."""

    def __init__(self) -> None:
        self.workspace = FakeWorkspace()
        self.published: list[tuple[str, int | None, int]] = []  # (uri, version, diagnostics)
        self.messages: list[str] = []

    def text_document_publish_diagnostics(self, params: lsp.PublishDiagnosticsParams) -> None:
        self.published.append((params.uri, params.version, len(params.diagnostics)))

    def window_show_message(self, params: lsp.ShowMessageParams) -> None:
        self.messages.append(params.message)


class GatedLint:
    """Stands in for lsp_session.lint_document on the worker thread: records the text and
    version it was given, then waits until the test opens its gate."""

    def __init__(self) -> None:
        self.started: queue.Queue[tuple[str, threading.Event]] = queue.Queue()
        self.linted: list[tuple[str, int | None]] = []

    def __call__(self, cache: Any, options: Any, config: Any, path: str, text: str, version: int | None,
                 parser: Any = None) -> Outcome:
        gate = threading.Event()
        self.linted.append((text, version))
        self.started.put((text, gate))
        if not gate.wait(HANG_GUARD):
            raise AssertionError("the test never opened the gate")
        return Outcome(LintRun(text, version, LintResult([], {path: text})), settings_ok=True)

    async def next_started(self) -> tuple[str, threading.Event]:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, self.started.get, True, HANG_GUARD)

    def nothing_started(self) -> bool:
        return self.started.empty()


@pytest.fixture
def gated(monkeypatch: pytest.MonkeyPatch) -> GatedLint:
    lint = GatedLint()
    monkeypatch.setattr(scheduling_module, "lint_document", lint)
    return lint


def make_server() -> tuple[SpotServer, FakeProtocolServer]:
    spot = SpotServer()
    fake = FakeProtocolServer()
    spot.server = fake  # type: ignore[assignment]
    spot._path_of = lambda uri: PATH  # type: ignore[method-assign]
    return spot, fake


async def open_buffer(spot: SpotServer, fake: FakeProtocolServer, text: str, version: int = 1) -> None:
    fake.workspace.documents[URI] = Buffer(text, version)
    item = lsp.TextDocumentItem(uri=URI, language_id="nextflow", version=version, text=text)
    await spot.did_open(lsp.DidOpenTextDocumentParams(text_document=item))


async def change_buffer(spot: SpotServer, fake: FakeProtocolServer, text: str, version: int) -> None:
    fake.workspace.documents[URI] = Buffer(text, version)
    await spot.did_change(lsp.DidChangeTextDocumentParams(
        lsp.VersionedTextDocumentIdentifier(uri=URI, version=version),
        [lsp.TextDocumentContentChangeWholeDocument(text=text)]))


async def settled(spot: SpotServer) -> None:
    """Wait until no lint task runs."""
    while spot.linting:
        await asyncio.wait(set(spot.linting.values()), timeout=HANG_GUARD)


@pytest.mark.asyncio
async def test_an_idle_server_lints_a_change_at_once(gated: GatedLint) -> None:
    spot, fake = make_server()
    await open_buffer(spot, fake, "a = 1\n")
    _, gate = await gated.next_started()
    gate.set()
    await settled(spot)
    assert fake.published == [(URI, 1, 0)]

    await change_buffer(spot, fake, "a = 2\n", 2)
    text, gate = await gated.next_started()  # no pause first: the lint starts on the change
    assert text == "a = 2\n"
    gate.set()
    await settled(spot)
    assert fake.published == [(URI, 1, 0), (URI, 2, 0)]


@pytest.mark.asyncio
async def test_changes_during_a_lint_are_coalesced_into_one_lint_of_the_newest_text(gated: GatedLint) -> None:
    spot, fake = make_server()
    await open_buffer(spot, fake, "a = 1\n")
    _, first = await gated.next_started()
    for version in (2, 3, 4):
        await change_buffer(spot, fake, f"a = {version}\n", version)
    assert gated.nothing_started()  # the worker is busy: nothing queued behind it
    first.set()
    text, second = await gated.next_started()
    assert text == "a = 4\n"  # versions 2 and 3 are never linted
    second.set()
    await settled(spot)
    assert gated.linted == [("a = 1\n", 1), ("a = 4\n", 4)]
    assert fake.published == [(URI, 4, 0)]  # version 1's lint ended stale: not published
    assert URI in spot.runs and spot.runs[URI].version == 4


@pytest.mark.asyncio
async def test_a_change_during_the_coalesced_lint_is_linted_after_it(gated: GatedLint) -> None:
    spot, fake = make_server()
    await open_buffer(spot, fake, "a = 1\n")
    _, gate = await gated.next_started()
    await change_buffer(spot, fake, "a = 2\n", 2)
    gate.set()
    _, gate = await gated.next_started()  # version 2
    await change_buffer(spot, fake, "a = 3\n", 3)
    gate.set()
    text, gate = await gated.next_started()
    assert text == "a = 3\n"
    gate.set()
    await settled(spot)
    assert [version for _, version in gated.linted] == [1, 2, 3]
    assert fake.published == [(URI, 3, 0)]


@pytest.mark.asyncio
async def test_closing_a_document_during_its_lint_publishes_only_the_clearing(gated: GatedLint) -> None:
    spot, fake = make_server()
    await open_buffer(spot, fake, "a = 1\n")
    _, gate = await gated.next_started()
    await change_buffer(spot, fake, "a = 2\n", 2)
    await spot.did_close(lsp.DidCloseTextDocumentParams(lsp.TextDocumentIdentifier(uri=URI)))
    gate.set()
    await settled(spot)
    await asyncio.sleep(0)
    assert fake.published == [(URI, None, 0)]
    assert gated.linted == [("a = 1\n", 1)]
    assert URI not in spot.runs and URI not in spot.parsers


@pytest.mark.asyncio
async def test_a_code_action_waits_for_the_running_lint_of_the_newest_text(gated: GatedLint) -> None:
    spot, fake = make_server()
    await open_buffer(spot, fake, "a = 1\n")
    _, gate = await gated.next_started()
    await change_buffer(spot, fake, "a = 2\n", 2)
    fresh = asyncio.ensure_future(spot.ensure_fresh(URI))
    gate.set()
    text, gate = await gated.next_started()  # the coalesced lint, not a lint of its own
    assert text == "a = 2\n"
    gate.set()
    run = await asyncio.wait_for(fresh, HANG_GUARD)
    assert run is not None and (run.text, run.version) == ("a = 2\n", 2)
    assert [version for _, version in gated.linted] == [1, 2]


@pytest.mark.asyncio
async def test_each_document_keeps_its_incremental_parser_between_lints(gated: GatedLint) -> None:
    spot, fake = make_server()
    await open_buffer(spot, fake, "a = 1\n")
    _, gate = await gated.next_started()
    gate.set()
    await settled(spot)
    parser = spot.parsers[URI]
    await change_buffer(spot, fake, "a = 2\n", 2)
    _, gate = await gated.next_started()
    gate.set()
    await settled(spot)
    assert spot.parsers[URI] is parser


class _Cycle:
    def __init__(self) -> None:
        self.self = self


@pytest.mark.asyncio
async def test_lint_garbage_is_frozen_and_what_the_event_loop_made_is_collected_before_a_lint() -> None:
    """The server freezes what lints leave (no full-collection pauses while typing); the
    cycles made after the freeze (the event loop's, between lints) are collected before the
    next lint would freeze them too, and frozen objects stay out of that collection."""
    import gc
    import weakref

    server = SpotServer()
    try:
        frozen = _Cycle()
        frozen_alive = weakref.ref(frozen)
        server._settle_garbage()
        assert gc.get_freeze_count() > 0
        made_after = _Cycle()
        made_after_alive = weakref.ref(made_after)
        del frozen, made_after
        server._collect_unfrozen()
        assert made_after_alive() is None
        assert frozen_alive() is not None  # frozen: out of the collector's sight
    finally:
        gc.unfreeze()
        gc.collect()


@pytest.mark.asyncio
async def test_everything_is_collected_when_idle_after_refreeze_after_lints() -> None:
    """A cycle frozen anyway (made while a lint ran) is collected, once REFREEZE_AFTER lints
    have run, when the server is idle; each lint puts that collection off again, and a lint
    running at the time skips it (its end schedules it again)."""
    import gc
    import weakref

    from nflint_spot.lsp.scheduling import REFREEZE_AFTER

    server = SpotServer()
    try:
        server._settle_garbage()
        assert server.idle_collection is None  # not due yet
        cycle = _Cycle()
        alive = weakref.ref(cycle)
        server.lints = REFREEZE_AFTER - 1
        server._settle_garbage()  # freezes the cycle, and is due
        first = server.idle_collection
        assert first is not None
        server._settle_garbage()  # another keystroke: put off again
        assert first.cancelled() and server.idle_collection is not None
        del cycle
        server.linting[URI] = asyncio.ensure_future(asyncio.sleep(0))
        server._collect_all()
        assert alive() is not None and server.lints >= REFREEZE_AFTER  # a lint runs: skipped
        await server.linting.pop(URI)
        server._collect_all()
        assert alive() is None and server.lints == 0
    finally:
        if server.idle_collection is not None:
            server.idle_collection.cancel()
        gc.unfreeze()


@pytest.mark.asyncio
async def test_the_collector_is_off_from_the_lint_until_its_objects_are_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lint on the worker thread runs with the cyclic collector off (so that turning it
    on again does not walk everything the lint made); the event loop freezes those objects
    and turns it on again, also when the lint fails."""
    import gc

    seen: list[bool] = []

    def lint(cache: Any, options: Any, config: Any, path: str, text: str, version: int | None,
             parser: Any = None) -> Outcome:
        seen.append(gc.isenabled())
        if text == "boom\n":
            raise RuntimeError("boom")
        return Outcome(LintRun(text, version, LintResult([], {path: text})), settings_ok=True)

    monkeypatch.setattr(scheduling_module, "lint_document", lint)
    spot, fake = make_server()
    try:
        assert gc.isenabled()
        await open_buffer(spot, fake, "a = 1\n")
        await settled(spot)
        assert seen == [False] and gc.isenabled() and gc.get_freeze_count() > 0
        fake.workspace.documents[URI] = Buffer("boom\n", 2)
        with pytest.raises(RuntimeError):
            await spot.lint_now(URI)
        assert seen == [False, False] and gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


@pytest.mark.asyncio
async def test_a_hover_is_answered_while_a_lint_runs(gated: GatedLint) -> None:
    """The lint holds the worker (a large or pathological document): hover on an option is
    answered from the text meanwhile, not after the lint."""
    spot, fake = make_server()
    text = "aws.batch.maxSpotAttempts = 3\nprocess.queue = 'spot'\n"
    await open_buffer(spot, fake, text)
    _, gate = await gated.next_started()
    try:
        hover = await asyncio.wait_for(spot.hover(lsp.HoverParams(
            lsp.TextDocumentIdentifier(uri=URI), lsp.Position(0, len("aws.batch.max")))), HANG_GUARD)
        assert not gate.is_set()  # answered while the lint still runs
        assert hover is not None and hover.contents.value.startswith("**`aws.batch.maxSpotAttempts`**")
        assert hover.range == lsp.Range(lsp.Position(0, 10), lsp.Position(0, 25))
        queue = await asyncio.wait_for(spot.hover(lsp.HoverParams(
            lsp.TextDocumentIdentifier(uri=URI), lsp.Position(1, len("process.qu")))), HANG_GUARD)
        assert queue is not None and queue.contents.value.startswith("**`process.queue`**")
        nothing = await asyncio.wait_for(spot.hover(lsp.HoverParams(
            lsp.TextDocumentIdentifier(uri=URI), lsp.Position(1, len("process.queue = 'sp")))), HANG_GUARD)
        assert nothing is None  # a value: no option, and no selector line to wait for
    finally:
        gate.set()
    await settled(spot)
    assert gated.linted == [(text, 1)]


@pytest.mark.asyncio
async def test_a_large_document_is_linted_when_opened_and_saved_not_on_each_change(gated: GatedLint) -> None:
    spot, fake = make_server()
    filler = "// " + "x" * 96 + "\n"
    large = "a = 1\n" + filler * (2 * 1024 * 1024 // len(filler) + 1)  # just over the documented 2 MB
    await open_buffer(spot, fake, large)
    text, gate = await gated.next_started()
    assert text == large
    gate.set()
    await settled(spot)
    await change_buffer(spot, fake, large.replace("a = 1", "a = 2"), 2)
    await change_buffer(spot, fake, large.replace("a = 1", "a = 3"), 3)
    assert not spot.linting and gated.nothing_started()  # no lint per change
    assert await spot.ensure_fresh(URI) is None  # a code action does not lint it either
    assert gated.nothing_started()
    await spot.did_save(lsp.DidSaveTextDocumentParams(lsp.TextDocumentIdentifier(uri=URI)))
    text, gate = await gated.next_started()
    assert text == large.replace("a = 1", "a = 3")
    gate.set()
    await settled(spot)
    assert [version for _, version in gated.linted] == [1, 3]
    assert fake.published == [(URI, 1, 0), (URI, 3, 0)]
    # Told once, when it was opened, not at each change.
    assert fake.messages == ["nflint-spot: nextflow.config is larger than 2 MB: it is linted when saved, "
                             "not as you type"]

    await change_buffer(spot, fake, "a = 4\n", 4)  # small again: linted as it is typed in
    text, gate = await gated.next_started()
    assert text == "a = 4\n"
    gate.set()
    await settled(spot)
    assert len(fake.messages) == 1
