"""Parsed config files by path, shared by every config including them (loader.py), and
the walks of them the loader recorded (include_replay.py)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Callable

from ..syntax import nodes as n
from ..syntax.parser import SyntaxProblem, parse_config

if TYPE_CHECKING:  # include_replay's walks are kept here, never looked into
    from .include_replay import StatementWalks, WalkFragment


class ParseCache:
    """Parsed files by path, reused while the text is the same. Trees are immutable, and a
    file is often included by many configs: every bactopia module config includes the same
    base and profiles, and nf-core pipelines' test configs include the pipeline's modules
    config, so a run over a repository parses each file once instead of once per root.

    Keyed by path with the text checked on every hit (one entry per path: a file edited in
    the language server replaces its old tree instead of piling up versions), and bounded
    by the characters of text held, least recently used first out: a tree takes about 18
    bytes per character of its text, so the default bound keeps about 70 MB, and holds a
    whole repository of configs (the shared corpus, 15 repositories, is 2.3 million).
    A file larger than a quarter of the bound is not kept.

    Beside each tree, the walks of it recorded as an include (include_walks.py), by where it
    was included (at most MAX_WALKS places per file): they go with the tree. And for a root
    config linted again and again (the language server's buffer), the walks of its statements
    in the last lint, which go with the path (each lint's tree is a new one)."""

    MAX_WALKS = 8

    def __init__(self, parse: Callable[[str, str], n.Document | SyntaxProblem] = parse_config,
                 max_chars: int = 4_000_000) -> None:
        self.parse_text = parse
        self.max_chars = max_chars
        self.entries: dict[str, tuple[str, n.Document | SyntaxProblem]] = {}  # oldest use first
        self.walks: dict[str, tuple[n.Document, dict[object, WalkFragment]]] = {}
        self.chars = 0
        # Per root config linted with its parse in hand (the language server): the walks of
        # its statements in the last lint, by node id (include_walks.walk_statements).
        self.statement_walks: dict[str, StatementWalks] = {}
        self.lock = threading.Lock()  # the language server may load from more than one thread

    def parse(self, text: str, path: str) -> n.Document | SyntaxProblem:
        with self.lock:
            entry = self.entries.pop(path, None)
            if entry is not None:
                if entry[0] == text:
                    self.entries[path] = entry  # now the most recently used
                    return entry[1]
                self.chars -= len(entry[0])
                self.walks.pop(path, None)
        result = self.parse_text(text, path)
        self.remember(text, path, result)
        return result

    def remember(self, text: str, path: str, result: n.Document | SyntaxProblem) -> None:
        """Keep `result` as the parse of `text` at `path` (also a parse made elsewhere: the
        language server's incremental parser)."""
        if len(text) * 4 > self.max_chars:
            return
        with self.lock:
            old = self.entries.pop(path, None)  # another thread may have parsed it meanwhile
            if old is not None:
                self.chars -= len(old[0])
            self.walks.pop(path, None)
            self.entries[path] = (text, result)
            self.chars += len(text)
            while self.chars > self.max_chars:
                oldest = next(iter(self.entries))
                self.chars -= len(self.entries.pop(oldest)[0])
                self.walks.pop(oldest, None)
                self.statement_walks.pop(oldest, None)

    def walk_of(self, path: str, document: n.Document, key: object) -> WalkFragment | None:
        """The walk of `document` (the cached tree of `path`) recorded under `key`."""
        with self.lock:
            walks = self.walks.get(path)
            return walks[1].get(key) if walks is not None and walks[0] is document else None

    def remember_walk(self, path: str, document: n.Document, key: object, fragment: WalkFragment) -> None:
        """Keep a walk of the tree cached for `path` (of no other: it would never be asked for)."""
        with self.lock:
            entry = self.entries.get(path)
            if entry is None or entry[1] is not document:
                return
            walks = self.walks.get(path)
            if walks is None or walks[0] is not document:
                walks = self.walks[path] = (document, {})
            if key in walks[1] or len(walks[1]) < self.MAX_WALKS:
                walks[1][key] = fragment

    def statement_walks_of(self, path: str) -> StatementWalks:
        with self.lock:
            return self.statement_walks.get(path, {})

    def remember_statement_walks(self, path: str, walks: StatementWalks) -> None:
        """Keep the walks of the statements of the last lint of `path` (its tree is in the
        cache: the root config's), in place of the lint's before."""
        with self.lock:
            if path in self.entries:
                self.statement_walks[path] = walks

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.walks.clear()
            self.statement_walks.clear()
            self.chars = 0
