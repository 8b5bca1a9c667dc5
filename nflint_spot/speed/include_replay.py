"""An included file's walk, recorded once and replayed for every config that includes it the
same way.

Every bactopia module config includes the same base, params and profiles configs, so a run
over the repository walks them a few hundred times, each time to the same settings: what a
walk of a file makes depends only on its tree, where the include is written (the walker's
context: key prefix, profile, `profiles` block, conditional), the project directory, the
params it reads before setting them, the files its own includes read and the include stack
(a cycle). What differs between the configs including it is only numbering: the settings'
order and the ids of `profiles` blocks count on from the including config's. So the loader
records a walk (what it appended, noted and set, and what it read) and replays it when the
same tree is included in the same context and what it read is unchanged; anything it cannot
check (a cycle, params used as a whole) is not recorded.

The same holds for a statement of a root config linted again and again (the language
server's buffer): the incremental parser keeps the nodes of the statements an edit did not
touch, so a statement that is the same node, walked in the same context with the same params
read, makes the same settings, numbered on from wherever it now starts. The walks of the
statements inside the root's top-level blocks (`process { withName: X {...} ... }`: where the
bulk of a large config is) are recorded in each lint, a run of statements at a time, and
replayed in the next.

The walker (config/walk.py) knows none of this: ReplayHooks implements its WalkHooks, and
the loader (config/loader.py) installs it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from ..syntax import nodes as n
from ..syntax.parser import SyntaxProblem
from .frozen import constructor
from ..config.loaded_config import SourceFile, make_setting
from .real_paths import RealPaths
from ..sources import ConfigReadError

if TYPE_CHECKING:
    from ..config.walk import ConfigWalker, WalkContext
    from .parse_cache import ParseCache

UNSET = "<unset>"  # a param read before anything set it


class Recording:
    """What a walk being recorded reads and does besides appending to the loaded config."""

    __slots__ = ("params_read", "params_written", "written_names", "profiles", "files",
                 "real_paths", "project_dir", "replayable")

    def __init__(self) -> None:
        # Params read before the walk set them, each with repr() of its value then (repr
        # tells 1 from True and 1.0, as value_memo's keys do), or UNSET.
        self.params_read: dict[str, str] = {}
        self.params_written: list[tuple[str, object]] = []
        self.written_names: set[str] = set()
        self.profiles: list[tuple[str, tuple[str, ...]]] = []  # profiles noted (name, within), in order
        # Each file the walk's includes loaded: (path, its tree, its syntax problem, or the
        # detail of the ConfigReadError its reading raised).
        self.files: list[tuple[str, object]] = []
        self.real_paths: list[tuple[str, str]] = []  # include targets → os.path.realpath
        self.project_dir: str | None = None  # set when the walk resolved an include
        self.replayable = True

    def read(self, params: Mapping[str, object], name: str) -> None:
        if name not in self.written_names and name not in self.params_read:
            self.params_read[name] = repr(params[name]) if name in params else UNSET

    def wrote(self, name: str, value: object) -> None:
        self.written_names.add(name)
        self.params_written.append((name, value))


class ParamsReads(Mapping[str, object]):
    """The walker's params as the walk being recorded reads them: each read is noted. The
    evaluator asks for one param at a time (`in`, `[]`); anything reading them all makes the
    walk one not to replay."""

    __slots__ = ("params", "recording")

    def __init__(self, params: dict[str, object], recording: Recording) -> None:
        self.params = params
        self.recording = recording

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str):
            self.recording.read(self.params, name)
        else:
            self.recording.replayable = False
        return name in self.params

    def __getitem__(self, name: str) -> object:
        self.recording.read(self.params, name)
        return self.params[name]

    def __iter__(self) -> Iterator[str]:
        self.recording.replayable = False
        return iter(self.params)

    def __len__(self) -> int:
        self.recording.replayable = False
        return len(self.params)


@dataclass(frozen=True, slots=True)
class WalkFragment:
    """A recorded walk of one included file: what it appended to the loaded config, with the
    walker's order and profiles-block count when it began, and what it read."""

    walked: n.Document | n.Stmt  # the included tree, or a statement of the root config
    order: int
    block_ids: int
    settings: tuple[object, ...]  # loaded_config.Setting, numbered from `order`
    block_count: int
    block_closes: tuple[tuple[int, int], ...]  # (profiles block id, order), numbered as above
    includes: tuple[object, ...]
    selector_issues: tuple[object, ...]
    legacy: tuple[object, ...]
    plugins: tuple[tuple[str, str, object], ...]
    profiles: tuple[tuple[str, tuple[str, ...]], ...]
    params_read: tuple[tuple[str, str], ...]
    params_written: tuple[tuple[str, object], ...]
    files: tuple[tuple[str, object], ...]
    real_paths: tuple[tuple[str, str], ...]
    project_dir: str | None  # what `projectDir` was in the walk's includes (None: it had none)

    def params_hold(self, params: Mapping[str, object]) -> bool:
        """Whether the params the walk read are what they were when it was recorded."""
        for name, shown in self.params_read:
            if (repr(params[name]) if name in params else UNSET) != shown:
                return False
        return True


# A fragment per statement of the language server's buffer at each change (~400 on the bench
# config): made without the frozen dataclass's __init__ (frozen.py; every field given).
_fragment = constructor(WalkFragment)

# The walks of a root config's statements in a lint, a run of them at a time:
# id(first statement) → (statements, context, walk).
StatementWalks = dict[int, tuple[tuple[n.Stmt, ...], "WalkContext", WalkFragment]]

# Statements per recorded walk: recording one costs about as much as walking a `withName`
# scope, and typing moves every node after the cursor (the incremental parser's copies are
# new nodes: nothing after it replays), so runs of 16 keep that cost low; an edit in place
# walks again only the run it is in.
STATEMENTS_PER_WALK = 16


class ReplayHooks:
    """The walker's hooks (config/walk.py WalkHooks) for one load: files parsed through the
    parse cache, paths resolved a directory at a time, and the walks of includes and of the
    root's block statements replayed when recorded before, else recorded.

    `previous`: the walks of the root's statements in its last load, when they are to be
    replayed (the language server's buffer, parsed incrementally); this load's are kept in
    `statement_walks`, for the loader to hand to the parse cache."""

    __slots__ = ("cache", "parse", "realpath", "previous", "statement_walks")

    def __init__(self, cache: ParseCache, previous: StatementWalks | None = None) -> None:
        self.cache = cache
        self.parse: Callable[[str, str], n.Document | SyntaxProblem] = cache.parse
        # One per load: a link changed between two loads is seen by the next one.
        self.realpath = RealPaths()
        self.previous = previous
        self.statement_walks: StatementWalks = {}

    def walk_include(self, walker: ConfigWalker, source: SourceFile, context: WalkContext) -> None:
        """Replays the walk recorded when another config (or this one) included the same tree
        the same way, else records it."""
        document = source.document
        assert document is not None
        key = context
        fragment = self.cache.walk_of(source.path, document, key)
        if fragment is not None and replay(walker, fragment, source):
            return
        fragment = record(walker, document, lambda: walker.walk_file(source, context))
        if fragment is not None:
            self.cache.remember_walk(source.path, document, key, fragment)

    def walk_block(self, walker: ConfigWalker, body: tuple[n.Stmt, ...], context: WalkContext) -> None:
        """With the previous load's walks in hand, a run of STATEMENTS_PER_WALK statements at
        a time (walk_statements); else the plain walk."""
        previous = self.previous
        if previous is None:
            walker.walk(body, context)
            return
        run = STATEMENTS_PER_WALK
        for start in range(0, len(body), run):
            walk_statements(walker, body[start:start + run], context, previous, self.statement_walks)


def walk_statements(walker: ConfigWalker, statements: tuple[n.Stmt, ...], context: WalkContext,
                    previous: StatementWalks, walks: StatementWalks) -> None:
    """The walk of a run of statements of the root config: replays their walk in the previous
    lint when they are the same nodes (the incremental parser's, so the same text at the same
    place) walked in the same context and what the walk read is unchanged, else records it.
    `walks` gets the walk, for the next lint."""
    entry = previous.get(id(statements[0]))
    if entry is not None and entry[1] == context and _same_nodes(entry[0], statements) \
            and replay(walker, entry[2], None):
        walks[id(statements[0])] = entry
        return
    fragment = record(walker, statements[0], lambda: walker.walk(statements, context))
    if fragment is not None:
        walks[id(statements[0])] = (statements, context, fragment)


def _same_nodes(before: tuple[n.Stmt, ...], now: tuple[n.Stmt, ...]) -> bool:
    if len(before) != len(now):
        return False
    for old, new in zip(before, now):
        if old is not new:
            return False
    return True


def record(walker: ConfigWalker, walked: n.Document | n.Stmt,
           walk: Callable[[], None]) -> WalkFragment | None:
    """Runs `walk` (of `walked`), noting what it reads and appends: its fragment, or None when
    it cannot be replayed."""
    loaded = walker.loaded
    start = (walker.order, walker.block_ids, len(loaded.settings), len(loaded.includes),
             len(loaded.selector_issues), len(loaded.legacy), len(loaded.plugins))
    recording = walker.recording = Recording()
    walker.reads = ParamsReads(walker.params, recording)
    try:
        walk()
    finally:
        walker.recording = None
        walker.reads = walker.params
    if not recording.replayable:
        return None
    order, block_ids, settings, includes, issues, legacy, plugins = start
    block_count = walker.block_ids - block_ids
    return _fragment(
        walked, order, block_ids, tuple(loaded.settings[settings:]), block_count,
        tuple((block, close) for block, close in loaded.profiles_block_close.items() if block > block_ids)
        if block_count else (),
        tuple(loaded.includes[includes:]), tuple(loaded.selector_issues[issues:]),
        tuple(loaded.legacy[legacy:]), tuple(loaded.plugins[plugins:]), tuple(recording.profiles),
        tuple(recording.params_read.items()), tuple(recording.params_written), tuple(recording.files),
        tuple(recording.real_paths), recording.project_dir,
    )


def replay(walker: ConfigWalker, fragment: WalkFragment, source: SourceFile | None) -> bool:
    """Append what the recorded walk appended, numbered on from this config's settings and
    profiles blocks; False (nothing done but loading files the walk would load first)
    when what it read differs here. `source`: the included file (None for a statement)."""
    if not fragment.params_hold(walker.params) or fragment.project_dir not in (None, walker.project_dir):
        return False
    own = walker.realpath(source.path) if source is not None else None
    for path, real in fragment.real_paths:
        now = walker.realpath(path)
        if now != real or now == own or now in walker.include_stack:
            return False  # a link changed, or the include closes a cycle here
    for path, outcome in fragment.files:
        try:
            nested = walker.load_include(path)
        except ConfigReadError as error:
            if error.detail != outcome:
                return False
            continue
        assert nested is not None
        if (nested.document if nested.document is not None else nested.problem) is not outcome:
            return False  # the file changed since
    loaded = walker.loaded
    shift, block_shift = walker.order - fragment.order, walker.block_ids - fragment.block_ids
    if shift == 0 and block_shift == 0:
        loaded.settings.extend(fragment.settings)  # type: ignore[arg-type]
    else:
        settings = loaded.settings
        before = fragment.block_ids  # higher ids: `profiles` blocks of the walk itself
        for setting in fragment.settings:
            block = setting.profiles_block  # type: ignore[attr-defined]
            settings.append(make_setting(
                setting.key, setting.value, setting.path, setting.span,  # type: ignore[attr-defined]
                setting.profile, setting.order + shift,  # type: ignore[attr-defined]
                block + block_shift if block is not None and block > before else block,
                setting.conditional, setting.within,  # type: ignore[attr-defined]
            ))
    for block, close in fragment.block_closes:
        loaded.profiles_block_close[block + block_shift] = close + shift
    walker.order += len(fragment.settings)
    walker.block_ids += fragment.block_count
    loaded.includes.extend(fragment.includes)  # type: ignore[arg-type]
    loaded.selector_issues.extend(fragment.selector_issues)  # type: ignore[arg-type]
    loaded.legacy.extend(fragment.legacy)  # type: ignore[arg-type]
    loaded.plugins.extend(fragment.plugins)  # type: ignore[arg-type]
    for profile, within in fragment.profiles:
        walker.note_profile(profile, within)
    for name, value in fragment.params_written:
        if name not in walker.cli_params:  # recorded in a lint without them (walk.py's assignment)
            walker.params[name] = value
    return True
