"""The walker's hooks (config/walk.py): the plain walk loads what the loader's replaying walk
loads, and the walker asks its hooks for each file, include and root block, and only those."""

from __future__ import annotations

from pathlib import Path

import pytest

from nflint_spot.config import loader
from nflint_spot.config.loaded_config import LoadedConfig, SourceFile
from nflint_spot.config.walk import PLAIN_WALK, ConfigWalker, PlainWalk, WalkContext
from nflint_spot.sources import read_config
from nflint_spot.speed import include_replay
from nflint_spot.speed.parse_cache import ParseCache
from nflint_spot.syntax import nodes as n
from nflint_spot.syntax.parser import SyntaxProblem

ROOT = """\
params.base = 'b'
includeConfig 'shared.config'
process {
    cpus = 2
    withName: FOO { includeConfig 'inner.config' }
}
profiles {
    aws { includeConfig 'shared.config'; process { queue = 'spot' } }
}
"""
SHARED = "process { memory = '1 GB' }\nparams.out = \"${params.base}/out\"\nincludeConfig 'inner.config'\n"
INNER = "time = '1h'\n"


def _write(tmp_path: Path) -> str:
    (tmp_path / "shared.config").write_text(SHARED, encoding="utf-8")
    (tmp_path / "inner.config").write_text(INNER, encoding="utf-8")
    (tmp_path / "other.config").write_text("params.base = 'b'\nincludeConfig 'shared.config'\n", encoding="utf-8")
    root = tmp_path / "nextflow.config"
    root.write_text(ROOT, encoding="utf-8")
    return str(root)


def _walked(path: str, hooks: object) -> LoadedConfig:
    walker = ConfigWalker(path, str(Path(path).parent), read_config, hooks)  # type: ignore[arg-type]
    source = walker.load_file(path)
    assert source is not None
    walker.walk_file(source, WalkContext((), path))
    return walker.loaded


def _facts(loaded: LoadedConfig) -> tuple[object, ...]:
    """What a LoadedConfig says, the settings' numbering and spans included (node equality
    ignores spans)."""
    return (loaded, list(loaded.files), list(loaded.profiles_block_close.items()),
            [(s.key, s.order, s.profiles_block, s.span, s.path, s.profile) for s in loaded.settings])


def test_the_plain_walk_loads_what_the_replaying_loader_loads(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path)
    monkeypatch.setattr(loader, "_parse_cache", ParseCache())
    replayed: list[str] = []
    replay = include_replay.replay

    def spying(walker: ConfigWalker, fragment: include_replay.WalkFragment, source: SourceFile | None) -> bool:
        done = replay(walker, fragment, source)
        if done and source is not None:
            replayed.append(Path(source.path).name)
        return done

    monkeypatch.setattr(include_replay, "replay", spying)
    loader.load_config(str(tmp_path / "other.config"))  # records shared.config's walk at the top
    replaying = loader.load_config(path)
    assert replayed == ["shared.config"]  # the root's first include; the one in `aws` is walked
    assert _facts(_walked(path, PLAIN_WALK)) == _facts(replaying)


class _Asked(PlainWalk):
    """The plain walk, noting what the walker asks of it."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, object]] = []

    def parse(self, text: str, path: str) -> n.Document | SyntaxProblem:
        self.asked.append(("parse", Path(path).name))
        return super().parse(text, path)

    def realpath(self, path: str) -> str:
        self.asked.append(("realpath", Path(path).name))
        return super().realpath(path)

    def walk_include(self, walker: ConfigWalker, source: SourceFile, context: WalkContext) -> None:
        self.asked.append(("walk_include", (Path(source.path).name, context.prefix, context.profile)))
        super().walk_include(walker, source, context)

    def walk_block(self, walker: ConfigWalker, body: tuple[n.Stmt, ...], context: WalkContext) -> None:
        self.asked.append(("walk_block", (context.prefix, context.profile, len(body))))
        super().walk_block(walker, body, context)


def test_the_walker_asks_its_hooks_for_files_includes_and_the_root_blocks(tmp_path: Path) -> None:
    path = _write(tmp_path)
    hooks = _Asked()
    loaded = _walked(path, hooks)
    assert hooks.asked == [
        ("parse", "nextflow.config"),
        ("realpath", "nextflow.config"),
        # includeConfig 'shared.config' at the top: its own `process` block is not the root's
        ("realpath", "shared.config"), ("parse", "shared.config"),
        ("walk_include", ("shared.config", (), None)), ("realpath", "shared.config"),
        ("realpath", "inner.config"), ("parse", "inner.config"),
        ("walk_include", ("inner.config", (), None)), ("realpath", "inner.config"),
        # the root's `process` block, with the include in its selector
        ("walk_block", (("process",), None, 2)),
        ("realpath", "inner.config"),
        ("walk_include", ("inner.config", ("process", "withName:FOO"), None)), ("realpath", "inner.config"),
        # profile `aws`: its include (parsed already), and its `process` block, a root block too
        ("realpath", "shared.config"),
        ("walk_include", ("shared.config", (), "aws")), ("realpath", "shared.config"),
        ("realpath", "inner.config"),
        ("walk_include", ("inner.config", (), "aws")), ("realpath", "inner.config"),
        ("walk_block", (("process",), "aws", 1)),
    ]
    assert [(s.key, s.profile) for s in loaded.settings] == [
        (("params", "base"), None), (("process", "memory"), None), (("params", "out"), None), (("time",), None),
        (("process", "cpus"), None), (("process", "withName:FOO", "time"), None),
        (("process", "memory"), "aws"), (("params", "out"), "aws"), (("time",), "aws"), (("process", "queue"), "aws"),
    ]
