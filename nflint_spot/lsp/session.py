"""The language server's settings and its one call into the linter, free of pygls so the
worker thread touches no protocol state: initializationOptions / didChangeConfiguration →
ServerOptions, rules.yaml re-read when its modification time changes, and `lint_document`,
which turns every failure into a message for the client. The composed run the settings may
describe (a pipeline with layers and params) is linted in lsp_run.py."""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lsprotocol import types as lsp

from ..speed import carried
from ..analysis.scenarios import AnalysisOptions, UnknownProfile
from ..diagnostics import Diagnostic
from ..speed.incremental import IncrementalParser
from ..lint.linter import LintResult, lint_text
from .actions import to_lsp_diagnostic
from .positions import PositionConverter
from ..lint.settings import LintSettings, SettingsError, load_settings
from ..lint.settings_discovery import settings_search
from ..config.versions import version_text_problem

SECTIONS = ("nflint-spot", "nflintSpot")
KEYS = ("config", "profile", "nextflowVersion", "pipeline", "layers", "params", "paramsFile")
log = logging.getLogger("nflint_spot.lsp.server")


@dataclass(frozen=True)
class ServerOptions:
    """`{"config": "/path/rules.yaml", "profile": "aws", "nextflowVersion": "24.04.0"}`, bare
    or under an "nflint-spot" section (how editors nest server settings). A composed run, as
    `nflint-spot check PIPELINE -c LAYER --params-file FILE --param NAME=VALUE` lints it:
    `"pipeline": "DIR", "layers": ["platform.config"], "paramsFile": "params.yaml",
    "params": {"name": value}` (the object's values are used as they are, already typed).
    Paths are kept as written (`~` expanded); the server resolves relative ones against the
    workspace root. `problems`: what was ignored, and why (a setting of the wrong type)."""

    config: str | None = None
    profiles: tuple[str, ...] = ()
    nextflow_version: str | None = None
    pipeline: str | None = None
    layers: tuple[str, ...] = ()
    params: tuple[tuple[str, object], ...] = ()
    params_file: str | None = None
    problems: tuple[str, ...] = ()

    @staticmethod
    def _section(raw: Any) -> dict[str, Any]:
        if not isinstance(raw, dict):
            return {}
        for name in SECTIONS:
            if isinstance(raw.get(name), dict):
                return raw[name]
        return raw

    @classmethod
    def mentions(cls, raw: Any) -> bool:
        return any(key in cls._section(raw) for key in KEYS)

    @classmethod
    def parse(cls, raw: Any) -> ServerOptions:
        section = cls._section(raw)
        problems: list[str] = []
        config = section.get("config")
        profile = section.get("profile")
        if isinstance(profile, str):
            profile = profile.split(",")
        if not isinstance(profile, list):
            profile = []
        profiles = tuple(p.strip() for p in profile if isinstance(p, str) and p.strip())
        version = section.get("nextflowVersion")
        if version not in (None, ""):
            problem = version_text_problem(str(version))
            if problem is not None:  # said in the editor, and the manifest's range analysed
                problems.append(f"`nextflowVersion`: {problem}; ignored")
                version = None
        pipeline = _path_setting(section, "pipeline", problems)
        params_file = _path_setting(section, "paramsFile", problems)
        layers = section.get("layers")
        if isinstance(layers, str):
            layers = [layers]
        if layers is not None and not (isinstance(layers, list) and all(isinstance(x, str) and x for x in layers)):
            problems.append("`layers` must be a list of config paths; ignored")
            layers = None
        for layer in layers or ():
            if layer.endswith((".yaml", ".yml")):
                problems.append(f"`layers`: {layer} is not a Nextflow config (nflint-spot's rules.yaml is "
                                "given as `config`); ignored")
        layers = tuple(os.path.expanduser(x) for x in layers or () if not x.endswith((".yaml", ".yml")))
        params = section.get("params")
        if params is not None and not isinstance(params, dict):
            problems.append("`params` must be an object of param names and values; ignored")
            params = None
        if pipeline is None and (layers or params or params_file):
            problems.append("`layers`, `params` and `paramsFile` describe the run of a pipeline: "
                            "they apply only with `pipeline` set")
        return cls(os.path.expanduser(config) if isinstance(config, str) and config else None, profiles,
                   str(version) if version not in (None, "") else None, pipeline, layers,
                   tuple((str(k), v) for k, v in (params or {}).items()), params_file, tuple(problems))


def _path_setting(section: dict[str, Any], key: str, problems: list[str]) -> str | None:
    value = section.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        problems.append(f"`{key}` must be a path; ignored")
        return None
    return os.path.expanduser(value)


class SettingsCache:
    """load_settings as `check` finds the settings (lenient: a wrong value is said and left
    out), re-read only when a settings file on the way up, its modification time or its
    size changes (editors save rules.yaml while the server runs)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[Any, ...], LintSettings | SettingsError] = {}

    def get(self, explicit: str | None, near: str) -> LintSettings | SettingsError:
        files = (explicit,) if explicit else settings_search(near).candidates
        key = (explicit, tuple((path, _stamp(path)) for path in files))
        cached = self._cache.get(key)
        if cached is None:
            try:
                cached = load_settings(explicit, near, lenient=True)
            except SettingsError as error:
                cached = error
            if len(self._cache) > 64:
                self._cache.clear()
            self._cache[key] = cached
        return cached


def settings_messages(settings: LintSettings) -> list[tuple[str, lsp.MessageType, str]]:
    """What the client is told of the settings used: each value left out, each rules.yaml
    skipped (shown once each)."""
    ignored = [("settings value", lsp.MessageType.Warning, f"nflint-spot: settings file {error}; the value is "
                "ignored (the default is used)") for error in settings.ignored]
    skipped = [("settings skipped", lsp.MessageType.Info, f"nflint-spot: skipped {path}: it {reason}, so it is "
                "taken for another tool's file") for path, reason in settings.skipped]
    return ignored + skipped


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


@dataclass(frozen=True)
class LintRun:
    """The last lint of one open document: the buffer text it read, and what it found.
    `composed`: the lint of the run the settings describe (lsp_run.py), the document one of
    its files; else the document's own."""

    text: str
    version: int | None
    result: LintResult
    composed: bool = False


@dataclass
class Outcome:
    """What a lint hands back to the event loop. `run` None with `clear`: publish nothing
    (a bad rules.yaml); with `unlintable`: the run the settings describe cannot be linted
    (its documents are linted on their own); else keep what was shown (an internal error).
    `run_ok`: the run was linted (its problems may be shown again when they come back)."""

    run: LintRun | None
    messages: list[tuple[str, lsp.MessageType, str]] = field(default_factory=list)  # (kind, type, text)
    clear: bool = False
    settings_ok: bool = False
    unlintable: bool = False
    run_ok: bool = False


def lint_document(cache: SettingsCache, options: ServerOptions, config: str | None, path: str, text: str,
                  version: int | None, parser: IncrementalParser | None = None) -> Outcome:
    """Lint the buffer `text` of `path` (on the worker thread), parsed by the document's
    `parser` from its previous tree. Never raises."""
    carried.enable()  # the next lint of this buffer reuses this one's findings (carried.py)
    try:
        settings = cache.get(config, path)
        if isinstance(settings, SettingsError):
            return Outcome(None, [("settings", lsp.MessageType.Error, f"nflint-spot: bad settings file {settings}")],
                           clear=True)
        analysis = AnalysisOptions(options.profiles or None, nextflow_version=options.nextflow_version)
        messages = settings_messages(settings)
        parsed = parser.parse(text, path) if parser is not None else None
        try:
            result = lint_text(text, path, settings, analysis, parsed=parsed)
        except UnknownProfile as error:
            messages.append(("profile", lsp.MessageType.Warning,
                             f"nflint-spot: {path}: {error}; linting the base config and each profile instead"))
            result = lint_text(text, path, settings, dataclasses.replace(analysis, profiles=None), parsed=parsed)
        return Outcome(LintRun(text, version, result), messages, settings_ok=True)
    except Exception as error:  # the handler boundary: a crash in the linter must not reach pygls
        log.exception("linting %s failed", path)
        return Outcome(None, [("internal", lsp.MessageType.Error,
                               f"nflint-spot: internal error linting {path}: {type(error).__name__}: {error}")])


@functools.lru_cache(maxsize=4096)
def file_key(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def same_file(a: str, b: str) -> bool:
    return a == b or file_key(a) == file_key(b)


class ConvertedDiagnostics:
    """lsp.Diagnostic for each Diagnostic, kept from one publish to the next: a lint after
    an edit mostly finds what the last one did, and converting a diagnostic (its range, its
    related locations, a few dozen lsprotocol objects) costs more than finding it here. The
    key holds everything `to_lsp_diagnostic` reads: the diagnostic's words, its lines and
    columns (not its offsets, which every edit before it moves), the related locations',
    the position encoding, and the text of each line a range is on (a column becomes a
    UTF-16 or UTF-8 offset on its line)."""

    MAX_ENTRIES = 20_000

    def __init__(self) -> None:
        self._entries: dict[tuple[Any, ...], lsp.Diagnostic] = {}

    def convert(self, d: Diagnostic, converter: PositionConverter,
                locate: Callable[[str], tuple[str, PositionConverter | None]]) -> lsp.Diagnostic:
        related = []
        for item in d.related:
            uri, other = locate(item.path)
            related.append((uri, item.message, _range_key(other, item.span)))
        key = (converter.encoding, d.code, d.name, d.severity, d.message, d.suggestion, d.fix is None, d.profiles,
               _range_key(converter, d.span), tuple(related))
        converted = self._entries.get(key)
        if converted is None:
            if len(self._entries) >= self.MAX_ENTRIES:
                self._entries.clear()
            converted = self._entries[key] = to_lsp_diagnostic(d, converter, locate)
        return converted


def _range_key(converter: PositionConverter | None, span: Any) -> tuple[Any, ...]:
    where = (span.line, span.column, span.end_line, span.end_column)
    if converter is None:
        return where
    return where + (converter.line_key(span.line), converter.line_key(span.end_line))


def visible_diagnostics(uri: str, path: str, text: str, runs: dict[str, LintRun], encoding: str,
                        uri_of: Callable[[str], str], converted: ConvertedDiagnostics | None = None,
                        ) -> list[tuple[Diagnostic, lsp.Diagnostic, PositionConverter]]:
    """The diagnostics of the open document `uri` (file `path`, buffer `text`): its own
    lint's, plus those other lints found in it while its buffer held the text they read.
    `converted` keeps the conversions to LSP across calls."""
    converters: dict[str, PositionConverter] = {}
    convert = converted.convert if converted is not None else to_lsp_diagnostic

    def converter_for(file_text: str) -> PositionConverter:
        if file_text not in converters:
            converters[file_text] = PositionConverter(file_text, encoding)
        return converters[file_text]

    found, seen = [], set()
    for source, run in list(runs.items()):
        located: dict[str, tuple[str, PositionConverter | None]] = {}

        def locate(other: str, run: LintRun = run,
                   located: dict[str, tuple[str, PositionConverter | None]] = located,
                   ) -> tuple[str, PositionConverter | None]:
            # Asked for every related location: a finding about 400 selector scopes lists them.
            found = located.get(other)
            if found is None:
                other_text = run.result.texts.get(other)
                found = located[other] = (uri_of(other),
                                          converter_for(other_text) if other_text is not None else None)
            return found

        for d in run.result.diagnostics:
            if not same_file(d.path, path):
                continue
            file_text = run.text if source == uri else run.result.texts.get(d.path)
            key = (d.code, d.span.start, d.span.end, d.message)
            if file_text is None or (source != uri and file_text != text) or key in seen:
                continue
            seen.add(key)
            converter = converter_for(file_text)
            found.append((d, convert(d, converter, locate), converter))
    return found
