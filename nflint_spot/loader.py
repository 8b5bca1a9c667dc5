"""Config files → the ordered stream of settings Nextflow would apply.

Walks the root config and every `includeConfig` in place (an include is applied where it is
written, inside the profile it is written in), normalising nested blocks, dotted names and
the quoted dot-form `process.'withName:X'.queue` to the same fully qualified keys. Nothing
is executed: includes are resolved only when their path is static.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from dataclasses import dataclass, field
from typing import Callable, Mapping

from . import nodes as n
from .parser import SyntaxProblem, parse_config
from .sources import ConfigReadError, read_config
from .frozen import constructor
from .include_walks import ParamsReads, Recording, WalkFragment
from .parse_cache import ParseCache
from .real_paths import RealPaths
from .span import Span
from .static import REMOTE_PREFIXES, IncludeTarget, include_targets, literal_value
from .value_memo import node_fact, reads_params

SELECTOR_KINDS = ("withName", "withLabel")


@dataclass(frozen=True, slots=True)
class Setting:
    """One assignment as Nextflow applies it. `key` is fully qualified, selectors included:
    ('process', 'withName:FOO', 'queue'). `profile` is None for the base config."""

    key: tuple[str, ...]
    value: n.Expr
    path: str
    span: Span
    profile: str | None
    order: int
    profiles_block: int | None = None  # which `profiles { }` block defined it (strict order)
    conditional: bool = False  # inside a legacy `if`/`try`: may not apply at all


# A setting per assignment, a few hundred thousand over a repository's configs: made
# without the frozen dataclass's __init__ (frozen.py; same object, every field given).
_setting = constructor(Setting)


@dataclass(frozen=True, slots=True)
class IncludeRecord:
    """An `includeConfig` statement and what became of it. status: ok, missing, cycle,
    unresolved, remote, null (`/dev/null`), unreadable, syntax-error."""

    path: str
    span: Span
    status: str
    target: str | None
    detail: str = ""
    profile: str | None = None


@dataclass(frozen=True, slots=True)
class SelectorIssue:
    """A selector Nextflow ignores. kind: nested, equals (`withName = 'X' {}`), outside-process."""

    kind: str
    path: str
    span: Span
    selector: str
    pattern_span: Span | None = None
    profile: str | None = None
    equals_span: Span | None = None  # ` = ` of `withName = 'X' {` when a fix can replace it


@dataclass(frozen=True, slots=True)
class LegacyStatement:
    """A statement the strict parser rejects at config level (def, if, try, functions...)."""

    path: str
    node: n.Stmt


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One config file read: its text, and its tree or the syntax problem that stopped it."""

    path: str
    text: str
    document: n.Document | None
    problem: SyntaxProblem | None


@dataclass
class LoadedConfig:
    """A root config with everything it includes: its settings in order, profiles, includes."""

    root: str
    files: dict[str, SourceFile] = field(default_factory=dict)
    settings: list[Setting] = field(default_factory=list)
    profile_names: list[str] = field(default_factory=list)  # definition order
    profiles_block_close: dict[int, int] = field(default_factory=dict)  # block id → order
    includes: list[IncludeRecord] = field(default_factory=list)
    selector_issues: list[SelectorIssue] = field(default_factory=list)
    legacy: list[LegacyStatement] = field(default_factory=list)
    plugins: list[tuple[str, str, Span]] = field(default_factory=list)  # (id, path, span)


@dataclass(frozen=True, slots=True)
class _Context:
    """Where the walk is: the key prefix, the file, the profile and `profiles` block."""

    prefix: tuple[str, ...]
    path: str
    profile: str | None = None
    profiles_block: int | None = None
    in_selector: bool = False
    conditional: bool = False
    selectors: int = 0  # how many parts of `prefix` are selectors (`withName:X`)


class _Walker:
    def __init__(self, root: str, project_dir: str, read: Callable[[str], str]) -> None:
        self.loaded = LoadedConfig(root=root)
        self.project_dir = project_dir
        self.read = read
        self.params: dict[str, object] = {}
        # What reads the params: the dict itself, or, while an include's walk is recorded
        # (include_walks.py), a view noting each param read.
        self.reads: Mapping[str, object] = self.params
        self.recording: Recording | None = None
        self.order = 0
        self.include_stack: list[str] = []
        self.block_ids = 0
        self.realpath = RealPaths()  # os.path.realpath, asked twice per include

    # ------------------------------------------------------------ files

    def load_file(self, path: str) -> SourceFile | None:
        """Read and parse; raises ConfigReadError for the caller to report."""
        cached = self.loaded.files.get(path)
        if cached is not None:
            return cached
        text = self.read(path)
        result = _parse_cached(text, path)
        if isinstance(result, SyntaxProblem):
            source = SourceFile(path, text, None, result)
        else:
            source = SourceFile(path, text, result, None)
        self.loaded.files[path] = source
        return source

    def walk_file(self, source: SourceFile, context: _Context) -> None:
        if source.document is None:
            return
        self.include_stack.append(self.realpath(source.path))
        try:
            self.walk(source.document.body, context)
        finally:
            self.include_stack.pop()

    # ------------------------------------------------------------ statements

    def walk(self, body: tuple[n.Stmt, ...], context: _Context) -> None:
        # Exact classes: the node classes have no subclasses, and a class test is cheaper
        # than isinstance for the hundreds of thousands of statements of a repository.
        for stmt in body:
            kind = stmt.__class__
            if kind is n.Assignment:
                self.assignment(stmt, context)
            elif kind is n.Block:
                self.block(stmt, context)
            elif kind is n.Selector:
                self.selector(stmt, context)
            elif kind is n.Include:
                self.include(stmt, context)
            elif kind is n.CommandStmt:
                if context.prefix == ("plugins",) and stmt.name.names == ("id",) and stmt.args:
                    value = literal_value(stmt.args[0], self.reads)
                    if isinstance(value, str):
                        self.loaded.plugins.append((value, context.path, stmt.span))
            else:
                self.legacy(stmt, context)

    def assignment(self, stmt: n.Assignment, context: _Context) -> None:
        names = stmt.target.names
        key = context.prefix + names
        profile = context.profile
        selectors = context.selectors + _selector_count(names)
        if profile is None and len(key) >= 3 and key[0] == "profiles":
            # `profiles.aws.process.queue = 'x'` is the dot-form of a profile block
            profile, key = key[1], key[2:]
            self._note_profile(profile)
            selectors = _selector_count(key)
        if key[-1] in SELECTOR_KINDS and _is_selector_with_equals(stmt.value):
            # `withName = 'X' { }`: a call with a closure, silently ignored by Nextflow.
            callee = stmt.value.callee  # type: ignore[union-attr]
            pattern = literal_value(callee, self.reads)
            equals = None
            if len(stmt.target.segments) == 1:  # `process.withName: 'X' {` would not parse
                end, start = stmt.target.span, callee.span
                equals = Span(end.end, start.start, end.end_line, end.end_column, start.line, start.column)
            self.loaded.selector_issues.append(SelectorIssue(
                "equals", context.path, stmt.span, f"{key[-1]}:{pattern}", callee.span, profile, equals))
            return
        # The enclosing selector is part of the key; a second one is a nested selector
        # (`withLabel: X { 'withName:Y'.queue = 1 }`).
        if selectors > 1:
            self.loaded.selector_issues.append(SelectorIssue(
                "nested", context.path, stmt.span, next(p for p in key if _is_selector_key(p)), profile=profile))
            return
        if key[0] == "params" and len(key) == 2 and not context.conditional:
            value = self._param_value(stmt.value)
            if value is not None:
                self.params[key[1]] = value
                if self.recording is not None:
                    self.recording.wrote(key[1], value)
        self.order += 1
        self.loaded.settings.append(_setting(
            key, stmt.value, context.path, stmt.span, profile, self.order,
            context.profiles_block if profile == context.profile else None, context.conditional,
        ))

    def block(self, stmt: n.Block, context: _Context) -> None:
        names = stmt.name.names
        if context.prefix == () and names == ("profiles",) and context.profile is None:
            self.block_ids += 1
            block_id = self.block_ids
            for child in stmt.body:
                if isinstance(child, n.Block):
                    profile = child.name.dotted
                    self._note_profile(profile)
                    self.walk(child.body, _Context((), context.path, profile, block_id,
                                                   conditional=context.conditional))
                else:
                    self.walk((child,), context)
            self.loaded.profiles_block_close[block_id] = self.order
            return
        self.walk(stmt.body, _Context(context.prefix + names, context.path, context.profile,
                                      context.profiles_block, context.in_selector, context.conditional,
                                      context.selectors + _selector_count(names)))

    def selector(self, stmt: n.Selector, context: _Context) -> None:
        selector = f"{stmt.kind}:{stmt.pattern}"
        if context.in_selector:
            # Legacy Nextflow skips nested selectors; strict rejects them. Never applied.
            self.loaded.selector_issues.append(SelectorIssue(
                "nested", context.path, stmt.span, selector, stmt.pattern_span, context.profile))
            return
        if context.prefix != ("process",) or stmt.kind not in SELECTOR_KINDS:
            self.loaded.selector_issues.append(SelectorIssue(
                "outside-process", context.path, stmt.span, selector, stmt.pattern_span, context.profile))
            return
        self.walk(stmt.body, _Context(context.prefix + (selector,), context.path, context.profile,
                                      context.profiles_block, True, context.conditional,
                                      context.selectors + _selector_count((selector,))))

    def include(self, stmt: n.Include, context: _Context) -> None:
        base_dir = os.path.dirname(context.path)
        if self.recording is not None:
            self.recording.project_dir = self.project_dir  # where `projectDir` points
        for target in include_targets(stmt.expr, base_dir, self.project_dir, self.reads):
            self._include_target(stmt, context, target)

    def _include_target(self, stmt: n.Include, context: _Context, target: IncludeTarget) -> None:
        def record(status: str, resolved: str | None, detail: str = "") -> None:
            self.loaded.includes.append(IncludeRecord(
                context.path, stmt.span, status, resolved, detail, context.profile))

        if target.status != "ok" or target.path is None:
            record(target.status, target.path, target.detail)
            return
        path = target.path
        real = self.realpath(path)
        recording = self.recording
        if recording is not None:
            recording.real_paths.append((path, real))
        if real in self.include_stack:
            if recording is not None:
                recording.replayable = False  # the message names the whole include stack
            record("cycle", path, " → ".join(self.include_stack + [real]))
            return
        try:
            source = self.load_file(path)
        except ConfigReadError as error:
            if recording is not None:
                recording.files.append((path, error.message))
            status = "missing" if error.message == "no such file" else "unreadable"
            record(status, path, error.message)
            return
        assert source is not None
        if recording is not None:
            recording.files.append((path, source.document if source.document is not None else source.problem))
        record("ok" if source.problem is None else "syntax-error", path)
        context = dataclasses.replace(context, path=path)
        if recording is None and source.document is not None:
            self.walk_included(source, context)
        else:
            self.walk_file(source, context)

    # ------------------------------------------------------------ recorded walks

    def walk_included(self, source: SourceFile, context: _Context) -> None:
        """walk_file for an include, replaying the walk recorded when another config (or this
        one) included the same tree the same way, else recording it (include_walks.py)."""
        document = source.document
        assert document is not None
        key = context
        fragment = _parse_cache.walk_of(source.path, document, key)
        if fragment is not None and self._replay(fragment, source):
            return
        loaded = self.loaded
        start = (self.order, self.block_ids, len(loaded.settings), len(loaded.includes),
                 len(loaded.selector_issues), len(loaded.legacy), len(loaded.plugins))
        recording = self.recording = Recording()
        self.reads = ParamsReads(self.params, recording)
        try:
            self.walk_file(source, context)
        finally:
            self.recording = None
            self.reads = self.params
        if not recording.replayable:
            return
        order, block_ids, settings, includes, issues, legacy, plugins = start
        _parse_cache.remember_walk(source.path, document, key, WalkFragment(
            document, order, block_ids, tuple(loaded.settings[settings:]), self.block_ids - block_ids,
            tuple((block, close) for block, close in loaded.profiles_block_close.items() if block > block_ids),
            tuple(loaded.includes[includes:]), tuple(loaded.selector_issues[issues:]),
            tuple(loaded.legacy[legacy:]), tuple(loaded.plugins[plugins:]), tuple(recording.profiles),
            tuple(recording.params_read.items()), tuple(recording.params_written), tuple(recording.files),
            tuple(recording.real_paths), recording.project_dir,
        ))

    def _replay(self, fragment: WalkFragment, source: SourceFile) -> bool:
        """Append what the recorded walk appended, numbered on from this config's settings and
        profiles blocks; False (nothing done but loading files the walk would load first)
        when what it read differs here."""
        if not fragment.params_hold(self.params) or fragment.project_dir not in (None, self.project_dir):
            return False
        own = self.realpath(source.path)
        for path, real in fragment.real_paths:
            now = self.realpath(path)
            if now != real or now == own or now in self.include_stack:
                return False  # a link changed, or the include closes a cycle here
        for path, outcome in fragment.files:
            try:
                nested = self.load_file(path)
            except ConfigReadError as error:
                if error.message != outcome:
                    return False
                continue
            assert nested is not None
            if (nested.document if nested.document is not None else nested.problem) is not outcome:
                return False  # the file changed since
        loaded = self.loaded
        shift, block_shift = self.order - fragment.order, self.block_ids - fragment.block_ids
        if shift == 0 and block_shift == 0:
            loaded.settings.extend(fragment.settings)  # type: ignore[arg-type]
        else:
            settings = loaded.settings
            before = fragment.block_ids  # higher ids: `profiles` blocks of the walk itself
            for setting in fragment.settings:
                block = setting.profiles_block  # type: ignore[attr-defined]
                settings.append(_setting(
                    setting.key, setting.value, setting.path, setting.span,  # type: ignore[attr-defined]
                    setting.profile, setting.order + shift,  # type: ignore[attr-defined]
                    block + block_shift if block is not None and block > before else block,
                    setting.conditional,  # type: ignore[attr-defined]
                ))
        for block, close in fragment.block_closes:
            loaded.profiles_block_close[block + block_shift] = close + shift
        self.order += len(fragment.settings)
        self.block_ids += fragment.block_count
        loaded.includes.extend(fragment.includes)  # type: ignore[arg-type]
        loaded.selector_issues.extend(fragment.selector_issues)  # type: ignore[arg-type]
        loaded.legacy.extend(fragment.legacy)  # type: ignore[arg-type]
        loaded.plugins.extend(fragment.plugins)  # type: ignore[arg-type]
        for profile in fragment.profiles:
            self._note_profile(profile)
        for name, value in fragment.params_written:
            self.params[name] = value
        return True

    def legacy(self, stmt: n.Stmt, context: _Context) -> None:
        self.loaded.legacy.append(LegacyStatement(context.path, stmt))
        inner = _Context(context.prefix, context.path, context.profile, context.profiles_block,
                         context.in_selector, True, context.selectors)
        if isinstance(stmt, n.If):
            self.walk(stmt.then, inner)
            if stmt.otherwise:
                self.walk(stmt.otherwise, inner)
        elif isinstance(stmt, n.Try):
            self.walk(stmt.body, inner)
            for catch in stmt.catches:
                self.walk(catch.body, inner)
            if stmt.finally_body:
                self.walk(stmt.finally_body, inner)

    def _param_value(self, expr: n.Expr) -> object | None:
        if reads_params(expr):
            return literal_value(expr, self.reads)
        # Most params: a literal, the same in every config including its file (the model
        # asks for it again, under the same tag: model._literal_params).
        return node_fact(expr, "literal-value", lambda: literal_value(expr, {}))

    def _note_profile(self, profile: str) -> None:
        if self.recording is not None:
            self.recording.profiles.append(profile)
        if profile not in self.loaded.profile_names:
            self.loaded.profile_names.append(profile)


# parse_config looked up at each parse: tests count or forbid the loader's parses by
# replacing it here.
_parse_cache = ParseCache(lambda text, path: parse_config(text, path))
_parse_cached = _parse_cache.parse


def _is_selector_key(part: str) -> bool:
    return part.startswith(("withName:", "withLabel:"))


def _selector_count(names: tuple[str, ...]) -> int:
    """How many of `names` are selectors (the walk adds up those of each block's name)."""
    if len(names) == 1:
        return 1 if names[0].startswith(("withName:", "withLabel:")) else 0
    return sum(1 for part in names if _is_selector_key(part))


def _is_selector_with_equals(value: n.Expr) -> bool:
    return (
        isinstance(value, n.Call)
        and isinstance(value.callee, (n.Literal, n.GString, n.Name))
        and len(value.args) == 1
        and isinstance(value.args[0], n.Closure)
    )


def load_config(path: str, *, project_dir: str | None = None,
                read: Callable[[str], str] = read_config) -> LoadedConfig:
    """Load the config at `path` with everything it includes. Raises ConfigReadError when the
    root file itself cannot be read; problems in included files become IncludeRecords."""
    walker = _Walker(path, project_dir or os.path.dirname(os.path.abspath(path)), read)
    # As in parser.py: the cyclic garbage collector would walk the trees (kept by the parse
    # cache) and the growing settings again and again; none of them has cycles.
    collecting = gc.isenabled()
    gc.disable()
    try:
        source = walker.load_file(path)
        assert source is not None
        walker.walk_file(source, _Context((), path))
    finally:
        if collecting:
            gc.enable()
    return walker.loaded


def load_text(text: str, path: str, parsed: n.Document | SyntaxProblem | None = None,
              **kwargs: object) -> LoadedConfig:
    """Like load_config for text in hand (the language server's open buffer); included files
    are still read from disk. `parsed`: the parse of `text`, when the caller has it already."""
    if parsed is not None:
        _parse_cache.remember(text, path, parsed)

    def read(p: str) -> str:
        return text if p == path else read_config(p)

    return load_config(path, read=read, **kwargs)  # type: ignore[arg-type]


__all__ = [
    "IncludeRecord", "LegacyStatement", "LoadedConfig", "REMOTE_PREFIXES", "SelectorIssue",
    "Setting", "SourceFile", "load_config", "load_text",
]
