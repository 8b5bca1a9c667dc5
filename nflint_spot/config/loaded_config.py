"""What loading a config gives: the settings in the order Nextflow applies them, the files
read, the includes, profiles and the statements Nextflow ignores or may not apply."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..syntax import nodes as n
from ..speed.frozen import constructor
from ..syntax.parser import SyntaxProblem
from ..span import Span


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
    # The profiles around `profile` when its `profiles` block is inside another profile's
    # body (config_walk.ConfigWalker.block): it applies only when they are selected too.
    within: tuple[str, ...] = ()


# A setting per assignment, a few hundred thousand over a repository's configs: made
# without the frozen dataclass's __init__ (frozen.py; same object, every field given).
make_setting = constructor(Setting)


@dataclass(frozen=True, slots=True)
class IncludeRecord:
    """An `includeConfig` statement and what became of it. status: ok, missing, cycle,
    unresolved, remote, null (`/dev/null`), unreadable, syntax-error, too-deep (not followed:
    walk.MAX_INCLUDE_DEPTH)."""

    path: str
    span: Span
    status: str
    target: str | None
    detail: str = ""
    profile: str | None = None
    within: tuple[str, ...] = ()  # as Setting.within


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
    within: tuple[str, ...] = ()  # as Setting.within


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
    # Name → its rank in definition order (a dict: a config may define thousands of profiles,
    # each looked up as it is met and ranked in every scenario's merge).
    profile_names: dict[str, int] = field(default_factory=dict)
    # Name → the profiles its definition is inside (see Setting.within); () for a profile of
    # a top-level `profiles` block, which wins over a nested definition of the same name.
    profile_within: dict[str, tuple[str, ...]] = field(default_factory=dict)
    profiles_block_close: dict[int, int] = field(default_factory=dict)  # block id → order
    includes: list[IncludeRecord] = field(default_factory=list)
    selector_issues: list[SelectorIssue] = field(default_factory=list)
    legacy: list[LegacyStatement] = field(default_factory=list)
    plugins: list[tuple[str, str, Span]] = field(default_factory=list)  # (id, path, span)
    # A composed run (`nextflow run` with `-c` files): the root config, then each layer in
    # order, and the walk's setting order each began after. Nextflow's ConfigBuilder.build
    # parses each file on its own, its profiles applied inside it, and merges the results
    # file by file (NF:modules/nextflow/src/main/groovy/nextflow/config/ConfigBuilder.groovy,
    # merge0): a layer's base settings win over the profiles of the files before it.
    layers: list[str] = field(default_factory=list)
    layer_starts: list[int] = field(default_factory=lambda: [0])
    # Params given on the command line (`--params-file`, `--param`): visible while every
    # file is read, and above every config's own params.
    cli_params: dict[str, object] = field(default_factory=dict)

    def layer_of(self, setting: Setting) -> int:
        """Which file of the run (0: the root config with its includes) wrote `setting`."""
        starts = self.layer_starts
        return 0 if len(starts) == 1 else bisect.bisect_left(starts, setting.order) - 1
