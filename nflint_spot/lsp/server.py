"""`nflint-spot lsp`: the language server (pygls, LSP over stdio): the messages it handles.

What it knows is kept in server_state.py; when and how documents are linted is
scheduling.py's. While a lint runs, hover on an option is answered from the text on a thread
of its own. Every handler catches what it raises: a crash becomes a log entry and a
window/showMessage, never a dead server; a protocol error is the client's, and only logged
(protocol.py).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from lsprotocol import types as lsp
from pygls.uris import to_fs_path

from ..speed.incremental import IncrementalParser
from .actions import code_actions, overlaps, sent_by_client
from .hover import may_be_selector_line, text_hover
from .positions import PositionConverter
from .scheduling import LintScheduling
from .session import ServerOptions, same_file

WATCHED_GLOBS = ("**/rules.yaml", "**/.nflint-spot.yaml", "**/*.config")


class SpotServer(LintScheduling):
    """The language server: its handlers, registered with pygls."""

    def __init__(self) -> None:
        super().__init__()
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

def serve() -> None:
    """Run the language server on stdin/stdout until the client says exit."""
    logging.basicConfig(level=logging.WARNING, format="nflint-spot lsp: %(levelname)s %(name)s: %(message)s")
    SpotServer().server.start_io()
