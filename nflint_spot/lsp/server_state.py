"""What the language server knows between messages (ServerState): the open documents, their
last lints, the settings and the run they describe; and what it does with that knowledge
alone: paths and URIs, which documents are of the run, publishing, messages to the user.
The lints are scheduled in scheduling.py, the messages received are handled in server.py.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Collection
from typing import Any
from urllib.parse import urlparse

from lsprotocol import types as lsp
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from ..config.loader import LoadedConfig
from ..config.model import ConfigModel
from ..diagnostics import Diagnostic
from ..lint.settings import LintSettings
from ..speed.incremental import IncrementalParser
from .hover import HoverSource, hover_models
from .positions import PositionConverter
from .protocol import SpotLanguageServer, SpotProtocol
from .run import ParamsFiles, RunSettings, resolve_run
from .session import (
    ConvertedDiagnostics, LintRun, Outcome, ServerOptions, SettingsCache, file_key, same_file, visible_diagnostics,
)
from .worker import DaemonWorker

RUN = "nflint-spot:run"  # the scheduling key of the lint of the run the settings describe
# A document larger than this (UTF-8 bytes) is linted when opened and saved, not as it is
# typed in: a lint of several megabytes takes seconds, and each keystroke would start one.
LARGE_DOCUMENT_BYTES = 2 * 1024 * 1024
log = logging.getLogger("nflint_spot.lsp.server")


class ServerState:
    """The state behind the handlers: open documents, their last lint, running lints."""

    def __init__(self) -> None:
        self.server = SpotLanguageServer("nflint-spot", __version__, protocol_cls=SpotProtocol)
        self.options = ServerOptions()
        self.run: RunSettings | None = None  # the run the settings describe (run.py)
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
        # Hover from the text alone while the worker lints (hover.text_hover): nothing
        # it runs touches the linter's state.
        self.hover_worker = DaemonWorker("nflint-spot-hover")
        self.told_large: set[str] = set()  # URIs told they are linted on save only
        self.shown: set[tuple[str, str]] = set()
        self.hovers = HoverSource()

    @property
    def encoding(self) -> str:
        encoding = self.server.workspace.position_encoding
        return str(getattr(encoding, "value", encoding) or "utf-16")

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
            key = (kind, "") if kind.startswith("run ") else (kind, message)  # run.lint_run
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
