"""When and how the open documents are linted (LintScheduling, the language server's middle
layer: server.py's handlers call it).

An open config is linted on didOpen, didChange and didSave at once when no lint of it is
running; changes that arrive while one runs are coalesced: when it ends, the newest text is
linted once (a lint never publishes for a text that is no longer the buffer's). Always the
editor's buffer text, re-parsed incrementally from the previous tree (incremental.py); its
includes are read from disk. Linting and hover run on one worker thread (a daemon: `exit`
does not wait for a lint), so the event loop keeps reading messages. A document over
LARGE_DOCUMENT_BYTES is linted when opened and saved, not on each change.

With a `pipeline` setting (run.py), the open documents that are files of that run (its
nextflow.config, their includes, the `layers`) are linted together as the run, under one
scheduling key (RUN): one lint, with every open buffer of the run, serves them all, and
each gets the findings located in it. Other documents are linted on their own, as without it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from ..lint.linter import LintResult
from ..speed import collector
from ..speed.incremental import IncrementalParser
from .run import lint_run
from .server_state import RUN, ServerState
from .session import LintRun, Outcome, file_key, lint_document, same_file

# After this many lints, everything is collected once the server is idle (see _settle_garbage).
REFREEZE_AFTER = 100
IDLE_SECONDS = 2.0


class LintScheduling(ServerState):
    """Schedules, runs (on the worker thread) and stores the lints of the open documents,
    and keeps the cyclic garbage collector out of their way."""

    def schedule(self, uri: str) -> None:
        """Lint `uri` now, or, when a lint of it is running (its text may be old already),
        once more when that one ends: a burst of changes costs one lint for the text being
        linted and one for the newest, never a pause or a queue of lints nobody will see.
        A document of the run the settings describe is linted by the run's lint (RUN)."""
        if uri not in self.documents:
            return
        self._schedule_key(self._key(uri))

    def schedule_run(self) -> None:
        if self._run_wanted():
            self._schedule_key(RUN)

    def _schedule_key(self, key: str) -> None:
        if key in self.linting:
            self.stale.add(key)
            return
        self.linting[key] = asyncio.ensure_future(self._lint_while_stale(key))

    def relint_all(self) -> None:
        self.hovers.clear()
        self.schedule_run()  # first: the documents not known to be of the run wait for it
        for uri in list(self.documents):
            self.schedule(uri)

    async def _lint_while_stale(self, key: str) -> None:
        try:
            while key in self.documents or (key == RUN and self._run_wanted()):
                self.stale.discard(key)
                await self.lint_now(key)
                if key not in self.stale:
                    break
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a task nobody awaits: report here or never
            self._internal_error("lint", error)
        finally:
            if self.linting.get(key) is asyncio.current_task():
                del self.linting[key]

    async def ensure_fresh(self, uri: str) -> LintRun | None:
        """The lint of the buffer as it is now (code actions must match what the user sees):
        the last one, else the one running (it lints the newest text before it ends), else
        a new one."""
        for _ in range(3):
            run = self.runs.get(uri)
            if run is not None and run.text == self.server.workspace.get_text_document(uri).source:
                return run
            task = self.linting.get(self._key(uri))
            if task is None:
                break
            await asyncio.wait({task})  # its failure or cancellation is its own to report
        if self._large(uri):
            return None  # changed since it was saved: linted on the next save, not per request
        return await self.lint_now(uri)

    async def lint_now(self, uri: str) -> LintRun | None:
        """Lint the document `uri` (or with RUN, the run the settings describe), publish,
        and return its lint."""
        if uri == RUN:
            await self._lint_run()
            return None
        if self.run is not None and self.run_files is None:
            # Whether the document is an include of the run is known once the run is loaded.
            if RUN not in self.linting:  # (a running one will do)
                self._schedule_key(RUN)
            await asyncio.wait({self.linting[RUN]})
        if uri not in self.documents:
            return None
        if self._in_run(self.documents[uri]):
            run = self.runs.get(uri)
            if run is None or not run.composed or run.text != self.server.workspace.get_text_document(uri).source:
                await self._lint_run()
            return self.runs.get(uri)  # the run's lint, else (it cannot be linted) the document's own
        return await self._lint_alone(uri)

    async def _lint_run(self) -> None:
        """Lint the run the settings describe with every open buffer of its files; each of
        them gets the lint. A run that cannot be linted: its open documents are linted alone."""
        run = self.run
        if run is None:
            return
        snapshot: dict[str, tuple[str, str, int | None]] = {}
        for uri, path in self.documents.items():
            document = self.server.workspace.get_text_document(uri)
            snapshot[uri] = (path, document.source, document.version)
        root_uri = next((uri for uri, (path, _, _) in snapshot.items() if same_file(path, run.root)), None)
        known = set(run.layers) | set((self.run_files or {}).values())
        buffers: dict[str, str] = {}
        for uri, (path, text, _) in snapshot.items():
            if uri != root_uri:  # and by the path the loader asks for (a symbolic link, another spelling)
                buffers[path] = text
                buffers.update((p, text) for p in known if same_file(p, path))
        parser = self.parsers.setdefault(root_uri, IncrementalParser()) if root_uri is not None else None
        outcome = await self._in_worker(lint_run, self.settings, self.params_files, self.options, run,
                                        self._config_path(), snapshot[root_uri][1] if root_uri else None, buffers,
                                        parser)
        if self.run is not run:
            return  # the settings changed meanwhile: the new run is linted next (relint_all)
        if outcome.unlintable:
            self.run_files = self.run_files if self.run_files is not None else {}
            for uri, path in list(self.documents.items()):
                if uri in self.documents and self._in_run(path):
                    await self._lint_alone(uri)
            return
        if outcome.run is None and not outcome.clear:
            return  # an internal error: keep what was shown
        result = outcome.run.result if outcome.run is not None else None
        if result is not None:
            self.run_files = {file_key(p): p for p in result.texts}
        self._store_run(snapshot, result, buffers)

    def _store_run(self, snapshot: dict[str, tuple[str, str, int | None]], result: LintResult | None,
                   buffers: dict[str, str]) -> None:
        """Give the run's lint (None: a bad rules.yaml, nothing) to each open document of the
        run whose buffer it read and which has not changed since, and publish."""
        changed: list[tuple[str, LintRun | None]] = []
        again = False
        for uri, (path, text, version) in snapshot.items():
            if uri not in self.documents or self.server.workspace.get_text_document(uri).version != version:
                continue  # closed, or changed: its own change scheduled the next lint
            if not self._in_run(path):
                if (current := self.runs.get(uri)) is not None and current.composed:
                    self.schedule(uri)  # no longer included: linted on its own now
                continue
            if result is not None:
                read = next((t for p, t in result.texts.items() if same_file(p, path)), None)
                if read != text:  # the loader asked for it by a path not among the buffers
                    again = again or not any(same_file(p, path) for p in buffers if p in result.texts)
                    continue
            changed.append((uri, self.runs.pop(uri, None)))
            if result is not None:
                self.runs[uri] = LintRun(text, version, result, composed=True)
        for uri, _ in changed:
            self.publish(uri)
        for uri, before in changed:
            self._republish_others(uri, before, skip={u for u, _ in changed})
        if again:
            self._schedule_key(RUN)  # its paths are known now

    async def _in_worker(self, function: Callable[..., Outcome], *args: Any) -> Outcome:
        self._collect_unfrozen()
        try:
            outcome: Outcome = await asyncio.get_running_loop().run_in_executor(
                self.worker, _lint_uncollected, function, *args)
        except BaseException:
            collector.restart()  # cancelled or failed: the collector must not stay off
            raise
        self._settle_garbage()
        self._show(outcome)
        return outcome

    async def _lint_alone(self, uri: str) -> LintRun | None:
        """Lint the document on its own (its includes with it)."""
        document = self.server.workspace.get_text_document(uri)
        text, version, path = document.source, document.version, self.documents[uri]
        parser = self.parsers.setdefault(uri, IncrementalParser())
        outcome = await self._in_worker(lint_document, self.settings, self.options, self._config_path(), path,
                                        text, version, parser)
        if uri not in self.documents or self.server.workspace.get_text_document(uri).version != version:
            return outcome.run  # a newer change arrived: its own lint publishes
        if outcome.run is None and not outcome.clear:
            return self.runs.get(uri)  # an internal error: keep what was shown
        before = self.runs.pop(uri, None)
        if outcome.run is not None:
            self.runs[uri] = outcome.run
        self.publish(uri)
        self._republish_others(uri, before)
        return outcome.run

    def _settle_garbage(self) -> None:
        """The cyclic garbage collector's full collections walk every tree and memo entry
        alive: a 100-200 ms pause now and then while typing in a 2,000-line config. What a
        lint leaves behind has no reference cycles (reference counting frees it), so it is
        frozen out of the collector's sight, and the collector, off since the lint began
        (_lint_uncollected), is turned on again. The cycles the event loop makes between
        lints (pygls, cattrs, asyncio) are collected before the next lint freezes them
        (_collect_unfrozen). A cycle frozen anyway (made while a lint ran) would never be
        collected: after REFREEZE_AFTER lints, everything is collected once the server has
        been idle for IDLE_SECONDS, never between two keystrokes."""
        self.lints += 1
        collector.resume_collection(True)  # off since the lint began (_lint_uncollected)
        if self.idle_collection is not None:
            self.idle_collection.cancel()
            self.idle_collection = None
        if self.lints >= REFREEZE_AFTER:
            self.idle_collection = asyncio.get_running_loop().call_later(IDLE_SECONDS, self._collect_all)

    def _collect_unfrozen(self) -> None:
        """Collect what is not frozen, before a lint freezes it: only what the event loop
        made since the last lint (a millisecond or two), frozen objects being out of sight."""
        collector.collect_unfrozen()

    def _collect_all(self) -> None:
        self.idle_collection = None
        if self.linting:
            return  # a lint runs: its end schedules this again
        collector.collect_all()
        self.lints = 0

def _lint_uncollected(lint: Callable[..., Outcome], *args: Any) -> Outcome:
    """`lint` (lint_document or lint_run, on the worker thread) with the cyclic garbage
    collector off until the event loop has frozen what the lint made (LintScheduling._settle_garbage
    turns it on again).
    lint_text pauses the collector during the lint alone: turned on again, its first
    allocation collected the young generation, every container the parse and the lint had
    made, ~200,000 objects walked for nothing (none is in a cycle): 20 ms a keystroke when
    typing near the top of a 2,000-line config, and the parse ran under the collector too."""
    collector.pause()
    return lint(*args)
