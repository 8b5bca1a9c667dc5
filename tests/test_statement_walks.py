"""Replayed statement walks (include_walks.walk_statements): the language server's loads of a
buffer edited again and again, through the incremental parser, equal fresh loads, and the
walks of the statements an edit did not touch are replayed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from nflint_spot.speed import include_replay as include_walks
from nflint_spot.config import loader
from nflint_spot.config.walk import ConfigWalker
from nflint_spot.speed.incremental import IncrementalParser
from nflint_spot.speed.include_replay import WalkFragment
from nflint_spot.config.loader import LoadedConfig, load_text
from nflint_spot.syntax.nodes import Document
from nflint_spot.speed.parse_cache import ParseCache
from nflint_spot.syntax.parser import parse_config

BASE = """\
params.q = 'spot'
params.retries = 2
process {
    executor = 'awsbatch'
    queue = params.q
    maxRetries = 1
    withName: 'ALIGN' { cpus = 4; memory = '8 GB'; maxRetries = params.retries }
    withName: 'SORT' { time = '2h' }
    withLabel: 'big' { memory = '64 GB'; withName: 'NESTED' { cpus = 1 } }
    withName = 'EQUALS' { cpus = 2 }
    includeConfig 'inc.config'
    if (params.q) { queue = 'other' }
    withName: 'LAST' { queue = "${params.q}-x" }
}
aws { region = 'eu-west-1'; batch { maxSpotAttempts = 3 } }
profiles {
    test { process { queue = 'test-q'; withName: 'ALIGN' { cpus = 1 } } }
    big { params.q = 'ondemand' }
}
"""

EDITS = [
    ("maxRetries = 1", "maxRetries = 0"),
    ("time = '2h'", "time = '30h'"),
    ("{ time = '30h' }", "{ cpus=1;  x=2 }"),  # one setting more, nothing moves: renumbered
    ("params.q = 'spot'", "params.q = 'spot-b'"),  # read by later statements; all after it move
    ("params.retries = 2", "params.retries = 5"),
    ("    withName: 'SORT' { cpus=1;  x=2 }\n", ""),  # a scope removed: the rest renumbered
    ("queue = 'test-q'", "queue = 'test-queue'"),
    ("process {\n", "process {\n    cpus = 2\n"),  # a setting before the others: they move
    ("aws { ", "aws { client { anonymous = true }; "),
    ("params.q = 'spot-b'\n", "manifest.name = 'x'\nparams.q = 'spot-b'\n"),  # everything moves
    ("withName: 'NESTED'", "withName: 'NESTED2'"),
]


def _dump(loaded: LoadedConfig) -> list[object]:
    """Everything a load gives, spans and orders included (spans are left out of equality)."""
    def span(s: object) -> object:
        if s is None:
            return None
        return (s.start, s.end, s.line, s.column, s.end_line, s.end_column)  # type: ignore[attr-defined]

    return [
        [(s.key, s.value, span(s.value.span), s.path, span(s.span), s.profile, s.order, s.profiles_block,
          s.conditional) for s in loaded.settings],
        list(loaded.files), loaded.profile_names, sorted(loaded.profiles_block_close.items()),
        [(i.path, span(i.span), i.status, i.target, i.detail, i.profile) for i in loaded.includes],
        [(i.kind, i.path, span(i.span), i.selector, span(i.pattern_span), i.profile, span(i.equals_span))
         for i in loaded.selector_issues],
        [(item.path, item.node, span(item.node.span)) for item in loaded.legacy], loaded.plugins,
    ]


@pytest.fixture
def statement_replays(monkeypatch: pytest.MonkeyPatch) -> list[WalkFragment]:
    """A fresh parse cache; the statement walks replayed. A walk per statement, unless a test
    sets include_walks.STATEMENTS_PER_WALK itself."""
    monkeypatch.setattr(loader, "_parse_cache", ParseCache())
    monkeypatch.setattr(include_walks, "STATEMENTS_PER_WALK", 1)
    replayed: list[WalkFragment] = []
    replay = include_walks.replay

    def spying(walker: ConfigWalker, fragment: WalkFragment, source: object) -> bool:
        done = replay(walker, fragment, source)  # type: ignore[arg-type]
        if done and source is None:
            replayed.append(fragment)
        return done

    monkeypatch.setattr(include_walks, "replay", spying)
    return replayed


def test_loads_of_an_edited_buffer_equal_fresh_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     statement_replays: list[WalkFragment]) -> None:
    (tmp_path / "inc.config").write_text("memory = '2 GB'\nwithName: 'INC' { cpus = 3 }\n", encoding="utf-8")
    path = str(tmp_path / "nextflow.config")
    parser = IncrementalParser()
    text = BASE
    texts = [BASE]
    for old, new in EDITS:
        assert old in text
        text = text.replace(old, new, 1)
        texts.append(text)
    reusing = loader._parse_cache
    for number, text in enumerate(texts):
        if number == 7:  # the included file changes under an unchanged statement
            (tmp_path / "inc.config").write_text("memory = '4 GB'\n", encoding="utf-8")
        before = len(statement_replays)
        reused = load_text(text, path, parser.parse(text, path))
        monkeypatch.setattr(loader, "_parse_cache", ParseCache())
        fresh = load_text(text, path)
        monkeypatch.setattr(loader, "_parse_cache", reusing)
        assert _dump(reused) == _dump(fresh), number
        # The statements of `process` the edit left in place were replayed (not after an edit
        # moving them all: the incremental parser's copies of moved nodes are new nodes).
        assert (len(statement_replays) > before) == (number not in (0, 4, 8, 10)), number


def test_the_walk_of_a_statement_is_not_replayed_when_a_param_it_read_changed(
        tmp_path: Path, statement_replays: list[WalkFragment]) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x.config").write_text(f"queue = '{name}'\n", encoding="utf-8")
    path = str(tmp_path / "nextflow.config")
    parser = IncrementalParser()
    first = "params.dir = 'a'\nprocess {\n    includeConfig \"${params.dir}/x.config\"\n    cpus = 1\n}\n"
    load_text(first, path, parser.parse(first, path))
    second = first.replace("'a'", "'b'")
    loaded = load_text(second, path, parser.parse(second, path))
    assert [(s.key, s.value.value, s.order) for s in loaded.settings] == [  # type: ignore[attr-defined]
        (("params", "dir"), "b", 1), (("process", "queue"), "b", 2), (("process", "cpus"), 1, 3)]
    replayed = [fragment.settings[0].key for fragment in statement_replays]  # type: ignore[attr-defined]
    assert replayed == [("process", "cpus")]


def test_the_same_statement_in_another_block_is_walked_again(tmp_path: Path,
                                                            statement_replays: list[WalkFragment]) -> None:
    """The incremental parser re-parses a block whose name is edited; a tree keeping its
    statements under another name must not get their walks in the block they were in."""
    path = str(tmp_path / "nextflow.config")
    first = "aws { region = 'x' }\n"
    tree = parse_config(first, path)
    assert isinstance(tree, Document)
    load_text(first, path, tree)
    second = "env { region = 'x' }\n"
    renamed = parse_config(second, path)
    assert isinstance(renamed, Document)
    block = dataclasses.replace(tree.body[0], name=renamed.body[0].name)  # type: ignore[call-arg,attr-defined]
    loaded = load_text(second, path, dataclasses.replace(tree, body=(block,)))
    assert [s.key for s in loaded.settings] == [("env", "region")]
    assert statement_replays == []


def test_runs_of_statements_are_replayed_when_all_their_nodes_are_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, statement_replays: list[WalkFragment]) -> None:
    monkeypatch.setattr(include_walks, "STATEMENTS_PER_WALK", 4)
    path = str(tmp_path / "nextflow.config")
    scopes = "".join(f"    withName: 'P{i:02}' {{ cpus = {i}; memory = '{i} GB' }}\n" for i in range(10))
    parser = IncrementalParser()
    reusing = loader._parse_cache
    first = "process {\n" + scopes + "}\n"
    # The sixth scope edited in place: the run of the fifth to the eighth is walked again.
    second = first.replace("cpus = 5;", "cpus = 7;")
    for number, text in enumerate((first, second)):
        reused = load_text(text, path, parser.parse(text, path))
        monkeypatch.setattr(loader, "_parse_cache", ParseCache())
        fresh = load_text(text, path)
        monkeypatch.setattr(loader, "_parse_cache", reusing)
        assert _dump(reused) == _dump(fresh), number
    assert [fragment.settings[0].key[1] for fragment in statement_replays] == [  # type: ignore[attr-defined]
        "withName:P00", "withName:P08"]
