"""Config files → the ordered stream of settings Nextflow would apply: the public entry.

`load_config` reads the root config and walks it with everything it includes (walk.py)
into a LoadedConfig (loaded_config.py). This is where the walk gets its speed: its hooks
(speed/include_replay.py's ReplayHooks) parse each file through the parse cache shared by
every config including it (speed/parse_cache.py) and replay the walks recorded before.
"""

from __future__ import annotations

import os
from typing import Callable

from ..syntax import nodes as n
from .walk import ConfigWalker, WalkContext
from .loaded_config import IncludeRecord, LegacyStatement, LoadedConfig, SelectorIssue, Setting, SourceFile
from ..speed.collector import uncollected
from ..speed.include_replay import ReplayHooks
from ..speed.parse_cache import ParseCache
from ..syntax.parser import SyntaxProblem, parse_config
from ..sources import read_config
from .static import REMOTE_PREFIXES

# parse_config looked up at each parse: tests count or forbid the loader's parses by
# replacing it here.
_parse_cache = ParseCache(lambda text, path: parse_config(text, path))


def load_config(path: str, *, project_dir: str | None = None, read: Callable[[str], str] = read_config,
                reuse_statement_walks: bool = False, layers: tuple[str, ...] = (),
                cli_params: dict[str, object] | None = None) -> LoadedConfig:
    """Load the config at `path` with everything it includes, then each of `layers` (the
    `-c` files of a composed run) with theirs, as `nextflow run` reads them; `cli_params` are
    the command line's params, visible while every file is read. Raises ConfigReadError when
    the root file or a layer cannot be read; problems in included files become
    IncludeRecords. `reuse_statement_walks`: replay the walks of the root's statements that
    are the nodes of its last load (include_replay.walk_statements), and keep this load's."""
    hooks = ReplayHooks(_parse_cache, _parse_cache.statement_walks_of(path) if reuse_statement_walks else None)
    walker = ConfigWalker(path, project_dir or os.path.dirname(os.path.abspath(path)), read, hooks, cli_params)
    # As in parser.py: the cyclic garbage collector would walk the trees (kept by the parse
    # cache) and the growing settings again and again; none of them has cycles.
    with uncollected():
        source = walker.load_file(path)
        assert source is not None
        walker.walk_file(source, WalkContext((), path))
        for layer in layers:
            walker.begin_layer(layer)
            layer_source = walker.load_file(layer)
            assert layer_source is not None
            walker.walk_file(layer_source, WalkContext((), layer))
        if hooks.previous is not None:
            _parse_cache.remember_statement_walks(path, hooks.statement_walks)
    return walker.loaded


def load_text(text: str, path: str, parsed: n.Document | SyntaxProblem | None = None,
              read: Callable[[str], str] = read_config, **kwargs: object) -> LoadedConfig:
    """Like load_config for text in hand (the language server's open buffer); included files
    are still read from disk. `parsed`: the parse of `text`, when the caller has it already:
    the language server's incremental parse, which keeps the nodes an edit did not touch, so
    the walks of those statements in the last load are replayed."""
    if parsed is not None:
        _parse_cache.remember(text, path, parsed)

    def read_buffer(p: str) -> str:
        return text if p == path else read(p)

    return load_config(path, read=read_buffer, reuse_statement_walks=parsed is not None,  # type: ignore[arg-type]
                       **kwargs)


__all__ = [
    "IncludeRecord", "LegacyStatement", "LoadedConfig", "REMOTE_PREFIXES", "SelectorIssue",
    "Setting", "SourceFile", "load_config", "load_text",
]
