"""The walk of a config's statements into the ordered stream of settings Nextflow would apply.

Walks the root config and every `includeConfig` in place (an include is applied where it is
written, inside the profile it is written in), normalising nested blocks, dotted names and
the quoted dot-form `process.'withName:X'.queue` to the same fully qualified keys. Nothing
is executed: includes are resolved only when their path is static.

How files are parsed and paths resolved, and how an include's walk and the walk of a root
block's statements are done, the walker asks its WalkHooks: PLAIN_WALK parses and walks
everything every time; the loader (loader.py) installs the replay of recorded walks
(speed/include_replay.py), which only makes the same walk cheaper.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Callable, Mapping, Protocol

from ..syntax import nodes as n
from .loaded_config import (
    IncludeRecord, LegacyStatement, LoadedConfig, SelectorIssue, SourceFile, make_setting,
)
from ..syntax.parser import SyntaxProblem, parse_config
from ..sources import ConfigReadError, check_include
from ..span import Span
from .static import IncludeTarget, include_targets, literal_value
from ..speed.value_memo import node_fact, reads_params

SELECTOR_KINDS = ("withName", "withLabel")

# Includes nested deeper than this are not followed (include-not-found reports it). No real
# config comes close; each level costs a few frames of the walk's recursion, and 64 of them
# with the parser's deepest blocks stay far from Python's recursion limit, which a chain of
# some 240 includes reached (a false syntax error in the 240th file).
MAX_INCLUDE_DEPTH = 64


@dataclass(frozen=True, slots=True)
class WalkContext:
    """Where the walk is: the key prefix, the file, the profile and `profiles` block."""

    prefix: tuple[str, ...]
    path: str
    profile: str | None = None
    profiles_block: int | None = None
    in_selector: bool = False
    conditional: bool = False
    selectors: int = 0  # how many parts of `prefix` are selectors (`withName:X`)
    within: tuple[str, ...] = ()  # the profiles around `profile` (Setting.within)


class WalkRecording(Protocol):
    """What the walker tells a walk being recorded (while `ConfigWalker.recording` is set by
    the hooks), besides what it appends to the loaded config: what the record of the walk
    needs to tell whether a replay elsewhere would make the same settings."""

    project_dir: str | None  # where `projectDir` pointed when an include was resolved
    replayable: bool  # False: the walk met something a replay could not check (a cycle)
    real_paths: list[tuple[str, str]]  # include targets → their real paths
    files: list[tuple[str, object]]  # each include loaded: its tree, syntax problem or read error
    profiles: list[tuple[str, tuple[str, ...]]]  # profiles noted (name, within), in order

    def wrote(self, name: str, value: object) -> None:
        """The walk set param `name` (params it reads are noted through `walker.reads`)."""


class WalkHooks(Protocol):
    """What the walker asks of its caller: how a file is parsed and a path resolved, and how
    an include or a root block is walked. Every implementation makes the same settings;
    PLAIN_WALK is the plain way, include_replay.ReplayHooks the recorded one."""

    def parse(self, text: str, path: str) -> n.Document | SyntaxProblem:
        """The parse of a file the walk reads."""

    def realpath(self, path: str) -> str:
        """os.path.realpath of a file the walk reads (the include stack: cycles)."""

    def walk_include(self, walker: ConfigWalker, source: SourceFile, context: WalkContext) -> None:
        """`walker.walk_file(source, context)` for an included file that parsed, outside any
        walk being recorded."""

    def walk_block(self, walker: ConfigWalker, body: tuple[n.Stmt, ...], context: WalkContext) -> None:
        """`walker.walk(body, context)` for the body of a top-level block of the root config
        (`process { ... }`: where the bulk of a large config is), outside any walk being
        recorded."""


class PlainWalk:
    """The hooks that parse every file, resolve every path and walk everything, every time."""

    def parse(self, text: str, path: str) -> n.Document | SyntaxProblem:
        return parse_config(text, path)

    def realpath(self, path: str) -> str:
        return os.path.realpath(path)

    def walk_include(self, walker: ConfigWalker, source: SourceFile, context: WalkContext) -> None:
        walker.walk_file(source, context)

    def walk_block(self, walker: ConfigWalker, body: tuple[n.Stmt, ...], context: WalkContext) -> None:
        walker.walk(body, context)


PLAIN_WALK: WalkHooks = PlainWalk()


class ConfigWalker:
    """Walks a root config and its includes into a LoadedConfig: `walk_file` the root, then
    take `loaded`. `hooks` parse the files and may walk includes and root blocks their way."""

    def __init__(self, root: str, project_dir: str, read: Callable[[str], str],
                 hooks: WalkHooks = PLAIN_WALK, cli_params: dict[str, object] | None = None) -> None:
        self.loaded = LoadedConfig(root=root, layers=[root], cli_params=dict(cli_params or {}))
        self.project_dir = project_dir
        self.read = read
        self.hooks = hooks
        self.parse = hooks.parse
        # Command-line params are given to the config parser before any file is read
        # (ConfigBuilder.build: parser.setParams(cliParams)), so an include's path may use them.
        self.cli_params = self.loaded.cli_params
        self.params: dict[str, object] = dict(self.cli_params)
        # What reads the params: the dict itself, or, while a walk is recorded (the hooks'
        # doing: speed/include_replay.py), a view noting each param read.
        self.reads: Mapping[str, object] = self.params
        self.recording: WalkRecording | None = None
        self.order = 0
        self.include_stack: list[str] = []
        self.block_ids = 0
        self.realpath = hooks.realpath  # asked twice per include

    # ------------------------------------------------------------ files

    def load_file(self, path: str) -> SourceFile | None:
        """Read and parse; raises ConfigReadError for the caller to report."""
        cached = self.loaded.files.get(path)
        if cached is not None:
            return cached
        text = self.read(path)
        result = self.parse(text, path)
        if isinstance(result, SyntaxProblem):
            source = SourceFile(path, text, None, result)
        else:
            source = SourceFile(path, text, result, None)
        self.loaded.files[path] = source
        return source

    def load_include(self, path: str) -> SourceFile | None:
        """load_file for an `includeConfig` target, refused unread when it is a system path
        or not a regular file (sources.check_include)."""
        check_include(path)
        return self.load_file(path)

    def begin_layer(self, path: str) -> None:
        """The next `-c` file of a composed run. Nextflow parses each file into a config of
        its own (ConfigBuilder.merge0), so the params an earlier file set are not visible
        while it is read; only the command line's are (ConfigParserV1.parse: a fresh
        ConfigObject per file, `paramVars` merged into `params` at each read)."""
        self.loaded.layers.append(path)
        self.loaded.layer_starts.append(self.order)
        self.params = self.reads = dict(self.cli_params)

    def walk_file(self, source: SourceFile, context: WalkContext) -> None:
        if source.document is None:
            return
        self.include_stack.append(self.realpath(source.path))
        try:
            self.walk(source.document.body, context)
        finally:
            self.include_stack.pop()

    # ------------------------------------------------------------ statements

    def walk(self, body: tuple[n.Stmt, ...], context: WalkContext) -> None:
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

    def assignment(self, stmt: n.Assignment, context: WalkContext) -> None:
        names = stmt.target.names
        key = context.prefix + names
        profile, block, within = context.profile, context.profiles_block, context.within
        selectors = context.selectors + _selector_count(names)
        if len(key) >= 3 and key[0] == "profiles":
            # `profiles.aws.process.queue = 'x'` is the dot-form of a profile block (inside a
            # profile's body, of a nested one: see block())
            if profile is not None:
                within = within + (profile,)
            profile, key, block = key[1], key[2:], None
            self.note_profile(profile, within)
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
                "equals", context.path, stmt.span, f"{key[-1]}:{pattern}", callee.span, profile, equals, within))
            return
        # The enclosing selector is part of the key; a second one is a nested selector
        # (`withLabel: X { 'withName:Y'.queue = 1 }`).
        if selectors > 1:
            self.loaded.selector_issues.append(SelectorIssue(
                "nested", context.path, stmt.span, next(p for p in key if _is_selector_key(p)), profile=profile,
                within=within))
            return
        if key[0] == "params" and len(key) == 2 and not context.conditional and key[1] not in self.cli_params:
            # A param given on the command line keeps its value (ConfigDsl.assign,
            # ConfigParserV1's getProperty merging `paramVars` over the config's).
            value = self._param_value(stmt.value)
            if value is not None:
                self.params[key[1]] = value
                if self.recording is not None:
                    self.recording.wrote(key[1], value)
        self.order += 1
        self.loaded.settings.append(make_setting(
            key, stmt.value, context.path, stmt.span, profile, self.order, block, context.conditional, within,
        ))

    def block(self, stmt: n.Block, context: WalkContext) -> None:
        names = stmt.name.names
        if context.prefix == () and names == ("profiles",):
            # A `profiles` block inside a profile's body (nf-core/configs' nfcore_custom.config
            # includes conf/imperial.config inside profile `imperial`, and that file has its own
            # `profiles { imperial {...} medbio {...} }`) defines profiles too: Nextflow's v1
            # parser treats every `profiles` block as the conditional block it is at the top,
            # so `-profile imperial,medbio` applies both. Their settings need the enclosing
            # profiles selected as well.
            within = context.within if context.profile is None else context.within + (context.profile,)
            self.block_ids += 1
            block_id = self.block_ids
            for child in stmt.body:
                if isinstance(child, n.Block):
                    profile = child.name.dotted
                    self.note_profile(profile, within)
                    self.walk(child.body, WalkContext((), context.path, profile, block_id,
                                                   conditional=context.conditional, within=within))
                else:
                    self.walk((child,), context)
            self.loaded.profiles_block_close[block_id] = self.order
            return
        inner = WalkContext(context.prefix + names, context.path, context.profile,
                            context.profiles_block, context.in_selector, context.conditional,
                            context.selectors + _selector_count(names), context.within)
        if context.prefix == () and self.recording is None and context.path == self.loaded.root:
            self.hooks.walk_block(self, stmt.body, inner)
            return
        self.walk(stmt.body, inner)

    def selector(self, stmt: n.Selector, context: WalkContext) -> None:
        selector = f"{stmt.kind}:{stmt.pattern}"
        if context.in_selector:
            # Legacy Nextflow skips nested selectors; strict rejects them. Never applied.
            self.loaded.selector_issues.append(SelectorIssue(
                "nested", context.path, stmt.span, selector, stmt.pattern_span, context.profile,
                within=context.within))
            return
        if context.prefix != ("process",) or stmt.kind not in SELECTOR_KINDS:
            self.loaded.selector_issues.append(SelectorIssue(
                "outside-process", context.path, stmt.span, selector, stmt.pattern_span, context.profile,
                within=context.within))
            return
        self.walk(stmt.body, WalkContext(context.prefix + (selector,), context.path, context.profile,
                                      context.profiles_block, True, context.conditional,
                                      context.selectors + _selector_count((selector,)), context.within))

    def include(self, stmt: n.Include, context: WalkContext) -> None:
        base_dir = os.path.dirname(context.path)
        if self.recording is not None:
            self.recording.project_dir = self.project_dir  # where `projectDir` points
        for target in include_targets(stmt.expr, base_dir, self.project_dir, self.reads):
            self._include_target(stmt, context, target)

    def _include_target(self, stmt: n.Include, context: WalkContext, target: IncludeTarget) -> None:
        def record(status: str, resolved: str | None, detail: str = "") -> None:
            self.loaded.includes.append(IncludeRecord(
                context.path, stmt.span, status, resolved, detail, context.profile, context.within))

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
        if len(self.include_stack) >= MAX_INCLUDE_DEPTH:
            if recording is not None:
                # Replays are only of the root's own includes, always as deep; but a walk
                # that met the limit is not one to replay anywhere else.
                recording.replayable = False
            record("too-deep", path, f"includes nested more than {MAX_INCLUDE_DEPTH} deep are not followed")
            return
        try:
            source = self.load_include(path)
        except ConfigReadError as error:
            if recording is not None:
                recording.files.append((path, error.detail))
            status = "missing" if error.message == "no such file" else "unreadable"
            record(status, path, error.detail)
            return
        assert source is not None
        if recording is not None:
            recording.files.append((path, source.document if source.document is not None else source.problem))
        record("ok" if source.problem is None else "syntax-error", path)
        context = dataclasses.replace(context, path=path)
        if recording is None and source.document is not None:
            self.hooks.walk_include(self, source, context)
        else:
            self.walk_file(source, context)

    def legacy(self, stmt: n.Stmt, context: WalkContext) -> None:
        self.loaded.legacy.append(LegacyStatement(context.path, stmt))
        inner = WalkContext(context.prefix, context.path, context.profile, context.profiles_block,
                         context.in_selector, True, context.selectors, context.within)
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
        elif isinstance(stmt, n.Switch):
            # Each case's settings, as an `if`'s are; its `break`s are part of the switch
            # (already reported with it), not statements of their own.
            for case in stmt.cases:
                self.walk(tuple([s for s in case.body if not isinstance(s, (n.Break, n.Continue))]), inner)

    def _param_value(self, expr: n.Expr) -> object | None:
        if reads_params(expr):
            return literal_value(expr, self.reads)
        # Most params: a literal, the same in every config including its file (the model
        # asks for it again, under the same tag: model._literal_params).
        return node_fact(expr, "literal-value", lambda: literal_value(expr, {}))

    def note_profile(self, profile: str, within: tuple[str, ...] = ()) -> None:
        if self.recording is not None:
            self.recording.profiles.append((profile, within))
        names = self.loaded.profile_names
        if profile not in names:
            names[profile] = len(names)
        enclosing = self.loaded.profile_within
        if profile not in enclosing or not within:
            enclosing[profile] = within



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
