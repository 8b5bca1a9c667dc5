"""The run the language server's settings describe, as `nextflow run` composes it: the
pipeline directory's nextflow.config (with its includes), then each of `layers`, with
`paramsFile`'s params and `params` over them, and `profile`. Free of pygls, like
lsp_session: `resolve_run` turns the settings into absolute paths, `lint_run` lints the run
on the worker thread with the open buffers of its files and never raises (a run that cannot
be linted is a message for the client, and its documents are linted on their own)."""

from __future__ import annotations

import dataclasses
import logging
import os
from dataclasses import dataclass
from typing import Any

from lsprotocol import types as lsp

from ..speed import carried
from ..analysis.scenarios import AnalysisOptions, RunError, UnknownProfile
from ..speed.incremental import IncrementalParser
from ..lint.linter import lint_text
from .session import LintRun, Outcome, ServerOptions, SettingsCache, same_file, settings_messages
from ..config.run_params import RunParamsError, run_params
from ..lint.settings import SettingsError
from ..sources import ConfigReadError, read_config

log = logging.getLogger("nflint_spot.lsp.server")


@dataclass(frozen=True)
class RunSettings:
    """The composed run, every path absolute and normalised (the loader asks for the layers
    by these paths, and for includes by paths it joins and normalises the same way)."""

    pipeline: str  # the pipeline directory
    layers: tuple[str, ...]
    params: tuple[tuple[str, object], ...]  # the settings' `params`: over the params file's
    params_file: str | None

    @property
    def root(self) -> str:
        return os.path.join(self.pipeline, "nextflow.config")

    def names(self, path: str) -> bool:
        """Whether `path` is the run's root config or one of its layers (its includes are
        known only once the run is loaded)."""
        return same_file(path, self.root) or any(same_file(path, layer) for layer in self.layers)


def resolve_run(options: ServerOptions, workspace_root: str | None) -> RunSettings | None:
    """The run `options` describe (None without `pipeline`), relative paths taken from the
    workspace root (else the server's working directory)."""
    if options.pipeline is None:
        return None
    base = workspace_root or os.getcwd()

    def absolute(path: str) -> str:
        return os.path.normpath(os.path.join(base, path))

    return RunSettings(absolute(options.pipeline), tuple(absolute(layer) for layer in options.layers),
                       options.params, absolute(options.params_file) if options.params_file else None)


class ParamsFiles:
    """run_params' reading of the params file, again only when its modification time or
    size changes (it is read before every lint of the run)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[Any, ...], dict[str, object] | RunParamsError] = {}

    def params(self, run: RunSettings) -> tuple[tuple[str, object], ...]:
        """The run's params, the settings' object over the file's. Raises RunParamsError."""
        found: dict[str, object] = {}
        if run.params_file is not None:
            key = (run.params_file, run.pipeline, _stamp(run.params_file))
            read = self._cache.get(key)
            if read is None:
                try:
                    # run_params, not read_params_file alone: names in kebab case become
                    # camelCase as nextflow -params-file makes them (CmdRun.addParam0).
                    read = run_params(run.params_file, (), run.pipeline)
                except RunParamsError as error:
                    read = error
                if len(self._cache) > 16:
                    self._cache.clear()
                self._cache[key] = read
            if isinstance(read, RunParamsError):
                raise read
            found.update(read)
        found.update(run.params)
        return tuple(found.items())


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


class _RunNotReady(Exception):
    """The settings name a run that is not there (no pipeline directory)."""


def lint_run(cache: SettingsCache, files: ParamsFiles, options: ServerOptions, run: RunSettings, config: str | None,
             root_text: str | None, buffers: dict[str, str], parser: IncrementalParser | None) -> Outcome:
    """Lint the run (on the worker thread). `root_text`: the open buffer of its nextflow.config
    (None: read from disk), parsed by that document's `parser`; `buffers`: the open buffers
    of other files, by the paths the loader asks for. The LintRun's `text` is the root's.
    Never raises."""
    carried.enable()  # the next lint of the run reuses this one's findings (carried.py)
    try:
        settings = cache.get(config, run.root)
        if isinstance(settings, SettingsError):
            return Outcome(None, [("settings", lsp.MessageType.Error, f"nflint-spot: bad settings file {settings}")],
                           clear=True)
        if not os.path.isdir(run.pipeline):
            raise _RunNotReady("no such directory (the `pipeline` setting)")
        params = files.params(run)
        text = root_text if root_text is not None else read_config(run.root)
        parsed = parser.parse(text, run.root) if parser is not None and root_text is not None else None
        analysis = AnalysisOptions(options.profiles or None, pipeline_dir=run.pipeline,
                                   nextflow_version=options.nextflow_version, layers=run.layers, params=params)
        messages = settings_messages(settings)
        try:
            result = lint_text(text, run.root, settings, analysis, parsed=parsed, buffers=buffers)
        except UnknownProfile as error:
            messages.append(("profile", lsp.MessageType.Warning,
                             f"nflint-spot: the run of {run.pipeline}: {error}; "
                             "linting the base config and each profile instead"))
            result = lint_text(text, run.root, settings, dataclasses.replace(analysis, profiles=None),
                               parsed=parsed, buffers=buffers)
        return Outcome(LintRun(text, None, result, composed=True), messages, settings_ok=True, run_ok=True)
    except (RunError, ConfigReadError, RunParamsError, _RunNotReady) as error:
        # Shown once until the run is linted again (the kind is the key, not the text: a
        # broken layer's position moves as it is typed in; its SYN001 follows it).
        kind = f"run {type(error).__name__} {getattr(error, 'path', '')}"
        return Outcome(None, [(kind, lsp.MessageType.Error,
                               f"nflint-spot: cannot lint the run of pipeline {run.pipeline}: {error}; "
                               "its open files are linted on their own")], unlintable=True)
    except Exception as error:  # the handler boundary: a crash in the linter must not reach pygls
        log.exception("linting the run of %s failed", run.pipeline)
        return Outcome(None, [("internal", lsp.MessageType.Error,
                               f"nflint-spot: internal error linting the run of {run.pipeline}: "
                               f"{type(error).__name__}: {error}")])
