"""`nflint-spot lsp`: the language server (pygls, LSP over stdio).

Lints an open config on didOpen, didChange and didSave at once when no lint of it is
running; changes that arrive while one runs are coalesced: when it ends, the newest text is
linted once (a lint never publishes for a text that is no longer the buffer's). Always the
editor's buffer text, re-parsed incrementally from the previous tree (incremental.py); its
includes are read from disk. A diagnostic in another file is published to that file's URI
when it is open and its buffer still holds the text the lint read. Linting and hover run on
one worker thread (a daemon: `exit` does not wait for a lint), so the event loop keeps reading
messages; while a lint runs, hover on an option is answered from the text on a thread of its
own. A document over LARGE_DOCUMENT_BYTES is linted when opened and saved, not on each change.
Every handler catches what it raises: a crash becomes a log entry and a window/showMessage,
never a dead server; a protocol error is the client's, and only logged (lsp_protocol.py).

With a `pipeline` setting (lsp_run.py), the open documents that are files of that run (its
nextflow.config, their includes, the `layers`) are linted together as the run, under one
scheduling key (RUN): one lint, with every open buffer of the run, serves them all, and
each gets the findings located in it. Other documents are linted on their own, as without it.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from collections.abc import Callable, Collection, Coroutine
from typing import Any
from urllib.parse import urlparse

from lsprotocol import types as lsp
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from ..diagnostics import Diagnostic
from ..speed import collector
from ..speed.incremental import IncrementalParser
from ..lint.linter import LintResult
from ..config.loader import LoadedConfig
from .actions import code_actions, overlaps, sent_by_client
from .hover import HoverSource, hover_models, may_be_selector_line, text_hover
from .positions import PositionConverter
from .protocol import SpotLanguageServer, SpotProtocol
from .run import ParamsFiles, RunSettings, lint_run, resolve_run
from .session import (
    ConvertedDiagnostics, LintRun, Outcome, ServerOptions, SettingsCache, file_key, lint_document, same_file,
    visible_diagnostics,
)
from .worker import DaemonWorker
from ..config.model import ConfigModel
from ..lint.settings import LintSettings

# After this many lints, everything is collected once the server is idle (see _settle_garbage).
REFREEZE_AFTER = 100
IDLE_SECONDS = 2.0
WATCHED_GLOBS = ("**/rules.yaml", "**/.nflint-spot.yaml", "**/*.config")
RUN = "nflint-spot:run"  # the scheduling key of the lint of the run the settings describe
# A document larger than this (UTF-8 bytes) is linted when opened and saved, not as it is
# typed in: a lint of several megabytes takes seconds, and each keystroke would start one.
LARGE_DOCUMENT_BYTES = 2 * 1024 * 1024
log = logging.getLogger("nflint_spot.lsp.server")


class SpotServer:
    """The state behind the handlers: open documents, their last lint, running lints."""

    def __init__(self) -> None:
        self.server = SpotLanguageServer("nflint-spot", __version__, protocol_cls=SpotProtocol)
        self.options = ServerOptions()
        self.run: RunSettings | None = None  # the run the settings describe (lsp_run.py)
        # file_key → path of each file of the run as last loaded (the path the loader asked
        # for): None until it is (its includes are known only then).
        self.run_files: dict[str, str] | None = None
        self.params_files = ParamsFiles()
        self.root: str | None = None
        self.documents: dict[str, str] = {}  # open URI → file path
        self.runs: dict[str, LintRun] = {}
        self.linting: dict[str, asyncio.Task[Any]] = {}  # URI (or RUN) → the task linting it
        self.stale: set[str] = set()  # URIs (or RUN) changed (or to re-lint) while their lint runs
        self.parsers: dict[str, IncrementalParser] = {}  # used on the worker thread only
        self.lints = 0  # lints finished since everything was last collected (see _settle_garbage)
        self.idle_collection: asyncio.TimerHandle | None = None
        self.converted = ConvertedDiagnostics()
        self.settings = SettingsCache()
        self.worker = DaemonWorker("nflint-spot-lint")
        # Hover from the text alone while the worker lints (lsp_hover.text_hover): nothing
        # it runs touches the linter's state.
        self.hover_worker = DaemonWorker("nflint-spot-hover")
        self.told_large: set[str] = set()  # URIs told they are linted on save only
        self.shown: set[tuple[str, str]] = set()
        self.hovers = HoverSource()
        self._register()

    # ------------------------------------------------------------ handlers

    def _register(self) -> None:
        features: list[tuple[str, Callable[[Any], Coroutine[Any, Any, Any]], Any]] = [
            (lsp.INITIALIZE, self.initialize, None),
            (lsp.INITIALIZED, self.initialized, None),
            (lsp.SHUTDOWN, self.shutdown, None),
            (lsp.TEXT_DOCUMENT_DID_OPEN, self.did_open, None),
            (lsp.TEXT_DOCUMENT_DID_CHANGE, self.did_change, None),
            (lsp.TEXT_DOCUMENT_DID_SAVE, self.did_save, lsp.SaveOptions(include_text=False)),
            (lsp.TEXT_DOCUMENT_DID_CLOSE, self.did_close, None),
            (lsp.WORKSPACE_DID_CHANGE_CONFIGURATION, self.did_change_configuration, None),
            (lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES, self.did_change_watched_files, None),
            (lsp.TEXT_DOCUMENT_HOVER, self.hover, None),
            (lsp.TEXT_DOCUMENT_CODE_ACTION, self.code_action,
             lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix])),
        ]
        for method, handler, options in features:
            self.server.feature(method, options)(self._guarded(handler))

    def _guarded(self, handler: Callable[[Any], Coroutine[Any, Any, Any]]) -> Callable[[Any], Coroutine[Any, Any, Any]]:
        @functools.wraps(handler)
        async def run(params: Any) -> Any:
            try:
                return await handler(params)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the handler boundary: nothing received may kill the server
                self._internal_error(handler.__name__, error)
                return None
        return run

    async def initialize(self, params: lsp.InitializeParams) -> None:
        self.root = (to_fs_path(params.root_uri) if params.root_uri else None) or params.root_path
        self._set_options(ServerOptions.parse(params.initialization_options))

    async def initialized(self, params: lsp.InitializedParams) -> None:
        capability = self.server.client_capabilities.workspace
        watched = capability.did_change_watched_files if capability else None
        if watched is not None and watched.dynamic_registration:
            watchers = [lsp.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED_GLOBS]
            registration = lsp.Registration(
                id="nflint-spot-watch", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=lsp.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))
            self.server.client_register_capability(lsp.RegistrationParams(registrations=[registration]))
        self._show_option_problems()  # not before: the client has its answer to initialize now

    async def shutdown(self, params: None) -> None:
        for task in self.linting.values():
            task.cancel()
        self.linting.clear()
        self.worker.shutdown(wait=False, cancel_futures=True)
        self.hover_worker.shutdown(wait=False, cancel_futures=True)

    async def did_open(self, params: lsp.DidOpenTextDocumentParams) -> None:
        uri = params.text_document.uri
        self.documents[uri] = self._path_of(uri)
        self.parsers.pop(uri, None)
        self._tell_if_large(uri)
        self.schedule(uri)

    async def did_change(self, params: lsp.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri in self.documents and self._tell_if_large(uri):
            return  # linted when saved
        self.schedule(uri)

    async def did_save(self, params: lsp.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        self.schedule(uri)
        saved = self.documents.get(uri)
        in_run = saved is not None and self._in_run(saved)
        for other, run in list(self.runs.items()):  # configs that include the saved file
            if other != uri and saved and any(same_file(saved, p) for p in run.result.texts):
                if not (in_run and run.composed):  # the run's lint read the buffer already
                    self.schedule(other)

    async def did_close(self, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = self.linting.pop(uri, None)
        if task is not None:
            task.cancel()  # the worker finishes the lint; nobody publishes it
        self.stale.discard(uri)
        self.parsers.pop(uri, None)
        self.documents.pop(uri, None)
        self.told_large.discard(uri)
        before = self.runs.pop(uri, None)
        self.server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        self._republish_others(uri, before)
        if before is not None and before.composed:
            self.schedule_run()  # the run reads that file from disk now, not the closed buffer

    async def did_change_configuration(self, params: lsp.DidChangeConfigurationParams) -> None:
        if ServerOptions.mentions(params.settings):
            self._set_options(ServerOptions.parse(params.settings))
            self._show_option_problems()
        self.relint_all()

    async def did_change_watched_files(self, params: lsp.DidChangeWatchedFilesParams) -> None:
        self.run_files = None  # an include of the run may have come or gone
        self.relint_all()  # rules.yaml or an included config changed on disk

    async def hover(self, params: lsp.HoverParams) -> lsp.Hover | None:
        uri = params.text_document.uri
        if uri not in self.documents:
            return None
        text = self.server.workspace.get_text_document(uri).source
        converter = PositionConverter(text, self.encoding)
        offset = converter.offset(params.position)
        line = converter.line_of_offset(offset) + 1
        loop = asyncio.get_running_loop()
        path = self.documents[uri]
        found = None
        if self.linting:
            # The worker lints (maybe for a long while: a large document): an option's
            # documentation is read from the text on a thread of its own; only a selector's
            # effective settings (its models) wait for the worker.
            found = await loop.run_in_executor(self.hover_worker, text_hover, path, text, offset)
            if found is None and not may_be_selector_line(text, offset):
                return None
        if found is None:
            parser = self.parsers.setdefault(uri, IncrementalParser())
            found = await loop.run_in_executor(self.worker, self.hovers.hover, path, text, offset, line,
                                               functools.partial(self._models, path=path), parser.parse)
        if found is None:
            return None
        markdown, word = found
        range_ = None
        if word is not None:
            range_ = lsp.Range(converter.position_of_offset(word[0]), converter.position_of_offset(word[1]))
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=markdown), range=range_)

    async def code_action(self, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        uri = params.text_document.uri
        if uri not in self.documents or await self.ensure_fresh(uri) is None:
            return None
        converter = PositionConverter(self.server.workspace.get_text_document(uri).source, self.encoding)
        start, end = converter.offset(params.range.start), converter.offset(params.range.end)
        sent = params.context.diagnostics
        items = [item for item in self.visible(uri)
                 if overlaps(item[0], item[2], min(start, end), max(start, end)) or sent_by_client(item[1], sent)]
        return list(code_actions(items, uri, params.context.only))

    # ------------------------------------------------------------ linting

    @property
    def encoding(self) -> str:
        encoding = self.server.workspace.position_encoding
        return str(getattr(encoding, "value", encoding) or "utf-16")

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

    # ------------------------------------------------------------ publishing

    def visible(self, uri: str) -> list[tuple[Diagnostic, lsp.Diagnostic, PositionConverter]]:
        text = self.server.workspace.get_text_document(uri).source
        return visible_diagnostics(uri, self.documents[uri], text, self.runs, self.encoding, self._uri_of,
                                   self.converted)

    def publish(self, uri: str) -> None:
        """The diagnostics of the buffer as it is now, with its version (what they are for)."""
        diagnostics = [item[1] for item in self.visible(uri)]
        version = self.server.workspace.get_text_document(uri).version
        self.server.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))

    def _republish_others(self, uri: str, before: LintRun | None, skip: Collection[str] = ()) -> None:
        """Other open documents (but `skip`) that this lint (now or before) found something in."""
        paths = set(before.result.texts) if before else set()
        if uri in self.runs:
            paths |= set(self.runs[uri].result.texts)
        for other, path in list(self.documents.items()):
            if other != uri and other not in skip and any(same_file(path, p) for p in paths):
                self.publish(other)

    def _models(self, loaded: LoadedConfig, path: str) -> list[ConfigModel]:
        settings = self.settings.get(self._config_path(), path)
        return hover_models(loaded, settings if isinstance(settings, LintSettings) else LintSettings(),
                            self.options.profiles, self.options.nextflow_version)

    # ------------------------------------------------------------ the run the settings describe

    def _set_options(self, options: ServerOptions) -> None:
        self.options = options
        self.run = resolve_run(options, self.root)
        self.run_files = None
        self.shown = {shown for shown in self.shown if not shown[0].startswith(("run ", "options"))}

    def _show_option_problems(self) -> None:
        for problem in self.options.problems:
            self._show(Outcome(None, [("options", lsp.MessageType.Warning, f"nflint-spot: settings: {problem}")]))

    def _in_run(self, path: str) -> bool:
        """Whether the file `path` is one of the run's (as last loaded, else as named)."""
        run = self.run
        if run is None:
            return False
        return run.names(path) or (self.run_files is not None and file_key(path) in self.run_files)

    def _key(self, uri: str) -> str:
        return RUN if self._in_run(self.documents[uri]) else uri

    def _run_wanted(self) -> bool:
        """Whether the run is to be linted: one of its files is open, or, before it was ever
        loaded, any document (which may be an include of it)."""
        if self.run is None or not self.documents:
            return False
        return self.run_files is None or any(self._in_run(path) for path in self.documents.values())

    # ------------------------------------------------------------ helpers

    def _path_of(self, uri: str) -> str:
        path = to_fs_path(uri)
        if path:
            return path
        name = os.path.basename(urlparse(uri).path) or "untitled.config"  # untitled: buffers
        return os.path.join(self.root or os.getcwd(), name)

    def _uri_of(self, path: str) -> str:
        for uri, open_path in self.documents.items():
            if same_file(path, open_path):
                return uri
        return from_fs_path(path) or path

    def _config_path(self) -> str | None:
        config = self.options.config
        if config and not os.path.isabs(config) and self.root:
            return os.path.join(self.root, config)
        return config

    def _large(self, uri: str) -> bool:
        text = self.server.workspace.get_text_document(uri).source
        if 4 * len(text) <= LARGE_DOCUMENT_BYTES:  # at most 4 bytes a character: no need to encode
            return False
        return len(text.encode("utf-8", "surrogatepass")) > LARGE_DOCUMENT_BYTES

    def _tell_if_large(self, uri: str) -> bool:
        """Whether `uri` is a large document, linted when opened and saved only; the user is
        told so once while it is open."""
        if not self._large(uri):
            return False
        if uri not in self.told_large:
            self.told_large.add(uri)
            name = os.path.basename(self.documents[uri])
            megabytes = LARGE_DOCUMENT_BYTES // (1024 * 1024)
            self.server.window_show_message(lsp.ShowMessageParams(
                type=lsp.MessageType.Info,
                message=f"nflint-spot: {name} is larger than {megabytes} MB: it is linted when saved, not as you type"))
        return True

    def _show(self, outcome: Outcome) -> None:
        if outcome.settings_ok:  # a settings error shows again once it comes back
            self.shown = {shown for shown in self.shown if shown[0] != "settings"}
        if outcome.run_ok:  # so does a problem of the run
            self.shown = {shown for shown in self.shown if not shown[0].startswith("run ")}
        for kind, message_type, message in outcome.messages:
            key = (kind, "") if kind.startswith("run ") else (kind, message)  # lsp_run.lint_run
            if key not in self.shown:
                self.shown.add(key)
                self.server.window_show_message(lsp.ShowMessageParams(type=message_type, message=message))

    def _internal_error(self, where: str, error: Exception) -> None:
        log.exception("nflint-spot: %s failed", where, exc_info=error)
        try:
            message = f"nflint-spot: internal error in {where}: {type(error).__name__}: {error}"
            self.server.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error, message=message))
        except Exception:  # the connection itself is gone: the log entry is all we can do
            log.warning("could not report the error to the client")


def _lint_uncollected(lint: Callable[..., Outcome], *args: Any) -> Outcome:
    """`lint` (lint_document or lint_run, on the worker thread) with the cyclic garbage
    collector off until the event loop has frozen what the lint made (SpotServer._settle_garbage
    turns it on again).
    lint_text pauses the collector during the lint alone: turned on again, its first
    allocation collected the young generation, every container the parse and the lint had
    made, ~200,000 objects walked for nothing (none is in a cycle): 20 ms a keystroke when
    typing near the top of a 2,000-line config, and the parse ran under the collector too."""
    collector.pause()
    return lint(*args)


def serve() -> None:
    """Run the language server on stdin/stdout until the client says exit."""
    logging.basicConfig(level=logging.WARNING, format="nflint-spot lsp: %(levelname)s %(name)s: %(message)s")
    SpotServer().server.start_io()
