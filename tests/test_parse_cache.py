"""The loader's parse cache: a file included by many configs is parsed once, an edited file
is parsed again, and the cache stays within its bound."""

from __future__ import annotations

from pathlib import Path

import pytest

from nflint_spot.config import loader
from nflint_spot.config.loader import load_config, load_text
from nflint_spot.syntax.nodes import Document
from nflint_spot.speed.parse_cache import ParseCache
from nflint_spot.syntax.parser import SyntaxProblem, parse_config


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths parse_config is called for, through a fresh cache."""
    seen: list[str] = []

    def counting(text: str, path: str = "<string>") -> Document | SyntaxProblem:
        seen.append(path)
        return parse_config(text, path)

    cache = ParseCache(counting)
    monkeypatch.setattr(loader, "_parse_cache", cache)
    return seen


def test_a_shared_include_is_parsed_once(tmp_path: Path, parses: list[str]) -> None:
    (tmp_path / "base.config").write_text("process.queue = 'spot'\n", encoding="utf-8")
    for name in ("a.config", "b.config"):
        (tmp_path / name).write_text("includeConfig 'base.config'\nprocess.maxRetries = 2\n", encoding="utf-8")
    first = load_config(str(tmp_path / "a.config"))
    second = load_config(str(tmp_path / "b.config"))
    base = str(tmp_path / "base.config")
    assert parses == [str(tmp_path / "a.config"), base, str(tmp_path / "b.config")]
    assert first.files[base].document is second.files[base].document
    assert [s.key for s in second.settings] == [("process", "queue"), ("process", "maxRetries")]


def test_an_edited_text_is_parsed_again(tmp_path: Path, parses: list[str]) -> None:
    path = str(tmp_path / "nextflow.config")
    load_text("process.queue = 'a'\n", path)
    load_text("process.queue = 'a'\n", path)
    edited = load_text("process.queue = 'b'\n", path)
    assert parses == [path, path]
    assert edited.settings[0].value.value == "b"
    assert edited.settings[0].span.end == 19


def test_results_are_those_of_parse_config() -> None:
    cache = ParseCache()
    text = "process {\n  withName: 'A' { queue = \"${params.q}-x\" }\n}\n"
    cached = cache.parse(text, "x.config")
    direct = parse_config(text, "x.config")
    assert cached == direct
    assert repr(cached) == repr(direct)
    assert cached.body[0].body[0].span == direct.body[0].body[0].span
    problem = cache.parse("process {\n", "bad.config")
    assert problem == parse_config("process {\n", "bad.config")
    assert cache.parse("process {\n", "bad.config") is problem


def test_the_cache_is_bounded_least_recently_used_first() -> None:
    cache = ParseCache(max_chars=100)
    texts = {name: f"process.queue = '{name * 5}'\n" for name in "abcde"}  # 24 characters each
    for name in "abcd":
        cache.parse(texts[name], name)
    cache.parse(texts["a"], "a")  # `a` is now the most recently used
    cache.parse(texts["e"], "e")  # 5 x 24 > 100: `b`, the least recently used, goes
    assert list(cache.entries) == ["c", "d", "a", "e"]
    assert cache.chars == 4 * 24
    cache.parse("x = 1\n" * 3, "a")  # a new text for a path replaces the old one
    assert list(cache.entries) == ["c", "d", "e", "a"]
    assert cache.chars == 3 * 24 + 18
    cache.parse("x = 1\n" * 5, "big")  # more than a quarter of the bound: not kept
    assert "big" not in cache.entries
    assert cache.chars == 3 * 24 + 18
