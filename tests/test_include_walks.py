"""Recorded include walks (include_walks.py): replaying one gives exactly what walking the
file again gives, and a walk is walked again when what it read differs."""

from __future__ import annotations

from pathlib import Path

import pytest

from nflint_spot.speed import include_replay as include_walks
from nflint_spot.config import loader
from nflint_spot.config import walk
from nflint_spot.config.walk import ConfigWalker
from nflint_spot.config.loader import LoadedConfig, load_config
from nflint_spot.speed.parse_cache import ParseCache


@pytest.fixture
def replays(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A fresh parse cache; the paths whose recorded walk was replayed."""
    cache = ParseCache()
    monkeypatch.setattr(loader, "_parse_cache", cache)
    replayed: list[str] = []
    replay = include_walks.replay

    def spying(walker: ConfigWalker, fragment: object, source: loader.SourceFile) -> bool:
        done = replay(walker, fragment, source)  # type: ignore[arg-type]
        if done:
            replayed.append(source.path)
        return done

    monkeypatch.setattr(include_walks, "replay", spying)
    return replayed


def _walked(path: str, monkeypatch: pytest.MonkeyPatch) -> LoadedConfig:
    """load_config with no recorded walk: every include walked."""
    with monkeypatch.context() as patch:
        patch.setattr(ParseCache, "walk_of", lambda *args: None)
        return load_config(path)


def _facts(loaded: LoadedConfig) -> tuple[object, ...]:
    """Everything a LoadedConfig says, node identities and the settings' numbering included
    (dataclass equality ignores node spans)."""
    return (loaded, list(loaded.files), list(loaded.profiles_block_close.items()),
            [(s.order, s.profiles_block, s.span, s.path, id(s.value)) for s in loaded.settings])


SHARED = """\
params.outdir = "${params.base}/out"
params.retries = 2
plugins { id 'nf-amazon' }
process.withName = 'X' { queue = 'a' }
process { withLabel: big { withName: Y { memory = 1 } } }
includeConfig 'nested.config'
profiles {
    aws { process.queue = 'spot'; includeConfig 'nested.config' }
    local { process.executor = 'local' }
}
profiles.other.process.queue = 'other'
if (params.x) { process.queue = 'maybe' }
"""


def test_a_replayed_walk_equals_a_fresh_one(tmp_path: Path, replays: list[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "shared.config").write_text(SHARED, encoding="utf-8")
    (tmp_path / "nested.config").write_text("process.cpus = params.retries\nparams.deep = 1\n", encoding="utf-8")
    roots = {
        # the include at the same place, after one setting more, inside a profile of a
        # `profiles` block after another one, and twice
        "a.config": "params.base = '/a'\nincludeConfig 'shared.config'\n",
        "b.config": "params.base = '/a'\nprofiles { p { x = 1 } }\nprocess.cpus = 1\nincludeConfig 'shared.config'\n",
        "c.config": "params.base = '/a'\nprofiles { q { x = 1 } }\nprofiles { t { includeConfig 'shared.config' } }\n",
        "d.config": "params.base = '/a'\nincludeConfig 'shared.config'\nincludeConfig 'shared.config'\n",
        "e.config": "params.base = '/a'\nprofiles { q { x = 1 } }\nprocess.cpus = 2\n"
                    "profiles { t { includeConfig 'shared.config' } }\n",
    }
    for name, text in roots.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    shared = str(tmp_path / "shared.config")
    for name in roots:
        path = str(tmp_path / name)
        assert _facts(load_config(path)) == _facts(_walked(path, monkeypatch)), name
    # recorded in a: replayed in b and twice in d; recorded inside profile t in c: replayed in e
    assert replays == [shared] * 4
    loaded = load_config(str(tmp_path / "b.config"))
    assert list(loaded.profile_names) == ["p", "aws", "local", "other"]
    assert [s.order for s in loaded.settings] == list(range(1, len(loaded.settings) + 1))
    assert {s.profiles_block for s in loaded.settings if s.profile == "aws"} == {2}


def test_a_walk_reading_other_params_is_walked_again(tmp_path: Path, replays: list[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "shared.config").write_text("includeConfig \"${params.site}.config\"\nparams.q = params.site\n",
                                            encoding="utf-8")
    (tmp_path / "one.config").write_text("process.queue = 'one'\n", encoding="utf-8")
    (tmp_path / "two.config").write_text("process.queue = 'two'\n", encoding="utf-8")
    for name, site in (("a.config", "one"), ("b.config", "two"), ("c.config", "one")):
        (tmp_path / name).write_text(f"params.site = '{site}'\nincludeConfig 'shared.config'\n", encoding="utf-8")
    queues = []
    for name in ("a.config", "b.config", "c.config"):
        path = str(tmp_path / name)
        loaded = load_config(path)
        assert _facts(loaded) == _facts(_walked(path, monkeypatch))
        queues.append([s.value.value for s in loaded.settings if s.key == ("process", "queue")])  # type: ignore[attr-defined]
    assert queues == [["one"], ["two"], ["one"]]
    assert replays == []  # b read another site than a recorded; c another than b re-recorded


def test_an_edited_nested_file_is_walked_again(tmp_path: Path, replays: list[str]) -> None:
    (tmp_path / "shared.config").write_text("includeConfig 'nested.config'\n", encoding="utf-8")
    nested = tmp_path / "nested.config"
    nested.write_text("process.queue = 'old'\n", encoding="utf-8")
    for name in ("a.config", "b.config", "c.config"):
        (tmp_path / name).write_text("includeConfig 'shared.config'\n", encoding="utf-8")
    load_config(str(tmp_path / "a.config"))
    assert load_config(str(tmp_path / "b.config")).settings[0].value.value == "old"  # type: ignore[attr-defined]
    nested.write_text("process.queue = 'new'\n", encoding="utf-8")
    assert load_config(str(tmp_path / "c.config")).settings[0].value.value == "new"  # type: ignore[attr-defined]
    assert replays == [str(tmp_path / "shared.config")]  # b only
    nested.unlink()
    missing = load_config(str(tmp_path / "a.config"))
    assert [(r.status, r.target) for r in missing.includes][-1] == ("missing", str(nested))


def test_a_walk_that_meets_a_cycle_is_not_recorded(tmp_path: Path, replays: list[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "x.config").write_text("includeConfig 'y.config'\nprocess.cpus = 1\n", encoding="utf-8")
    (tmp_path / "y.config").write_text("includeConfig 'x.config'\n", encoding="utf-8")
    (tmp_path / "a.config").write_text("includeConfig 'x.config'\n", encoding="utf-8")
    for name in ("x.config", "y.config", "a.config", "a.config"):
        path = str(tmp_path / name)
        assert _facts(load_config(path)) == _facts(_walked(path, monkeypatch))
    assert replays == []
    details = [r.detail for r in load_config(str(tmp_path / "a.config")).includes if r.status == "cycle"]
    assert details == [" → ".join(str(tmp_path / f) for f in ("a.config", "x.config", "y.config", "x.config"))]


def test_a_walk_replayed_deeper_stops_at_the_include_depth_limit(tmp_path: Path, replays: list[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A chain of 10 files recorded when included from the top is walked again where it is
    included 60 files deep (only the root's own includes are replayed: an include's includes
    are part of its recording), and stops at the limit there, as a fresh walk does."""
    limit = walk.MAX_INCLUDE_DEPTH
    for i in range(10):
        following = f"includeConfig 'x{i + 1}.config'\n" if i < 9 else ""
        (tmp_path / f"x{i}.config").write_text(f"process.cpus = {i}\n{following}", encoding="utf-8")
    for i in range(limit - 4):
        following = f"d{i + 1}.config" if i < limit - 5 else "x0.config"
        (tmp_path / f"d{i}.config").write_text(f"params.d{i} = 1\nincludeConfig '{following}'\n", encoding="utf-8")
    (tmp_path / "shallow.config").write_text("includeConfig 'x0.config'\n", encoding="utf-8")
    (tmp_path / "deep.config").write_text("includeConfig 'd0.config'\n", encoding="utf-8")
    assert load_config(str(tmp_path / "shallow.config")).includes[-1].status == "ok"
    deep = str(tmp_path / "deep.config")
    loaded = load_config(deep)
    assert _facts(loaded) == _facts(_walked(deep, monkeypatch))
    [stopped] = [r for r in loaded.includes if r.status == "too-deep"]
    # deep.config and d0..d59 are 61 files deep, x0..x2 make 64: x3 would be the 65th
    assert stopped.path == str(tmp_path / "x2.config") and stopped.target == str(tmp_path / "x3.config")
    assert replays == []
