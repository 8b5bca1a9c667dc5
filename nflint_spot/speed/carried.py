"""Findings of the rules that read only the process views (and a few named settings),
carried from one language-server lint to the next.

Within a lint, rules share what they compute for the profile scenarios with the same views
(shared.py, over analysis/batch_processes.py's per_views and batch_processes), keyed by
the identity of that lint's objects, so the next lint started over: ~15 ms on 2,000 lines,
mostly loops over ~800 views. Here those findings are kept across lints, keyed by what the
views are made of, the `process` settings in effect: each one's key, profile, value
structure (value_memo.serial), text, line and column, but not its offsets. Two lints with equal keys differ at most in the offsets of
those settings (typing near the top moves every offset after it, and no line), so a kept
finding's spans are moved by the offset delta of the input setting holding them. Findings
with a span in no input (about something the key does not pin, which could move while the
inputs stay put) serve only the lint that made them.

What else the findings may read is in the key as well: the rule's own key (its code and
sharing_key, rules/base.py; a Setting in it is fingerprinted the same way, and its spans
moved), the values of the params the views read, the executor setting, the version, the
environment, the root, the dialect and the pipeline's process definitions (what they say
and where).
"""
from __future__ import annotations

import dataclasses
import itertools
from bisect import bisect_right
from collections.abc import Callable, Hashable, Iterable

from ..analysis.batch_processes import views_params_read
from ..diagnostics import Finding
from ..config.loaded_config import Setting
from ..config.model import ConfigModel
from ..span import Span, make_span
from .value_memo import lint_memoised, params_values, per_lint, serial

# Entries kept before the store starts over: a few per rule and view list, for the last few
# distinct configs an editing session went through.
MAX_ENTRIES = 512
# Set by the language server (lsp_session.lint_document): a CLI run lints each config once,
# and would only pay for the fingerprints (shared.py shares findings within a lint).
enabled = False
# Tests set this: every hit is computed again and must give the same findings.
VERIFY = False

Source = tuple[str, int, int]  # (path, start, end) of an input setting
_serials = itertools.count()
_view_list_serials: dict[tuple[object, ...], int] = {}  # fingerprint of a view list → serial
_setting_serials: dict[tuple[object, ...], int] = {}  # fingerprint of a setting → serial
MAX_SETTINGS = 100_000
# key → (the lint that stored it (_this_lint), the view list's sources, the named settings'
# sources, findings made with them, whether every span of those findings lies in a source:
# else they serve that lint only)
_Entry = tuple[object, tuple[Source, ...], tuple[Source, ...], list[Finding], bool]
_store: dict[Hashable, _Entry] = {}
# (views serial, executor fingerprint, pipeline) → the params they read (_params_read)
_reads: dict[tuple[object, ...], object] = {}
# (old sources, new sources, their _Moves) of this lint, by the two ids (both checked)
_moves: dict[tuple[int, int], tuple[object, object, _Moves]] = {}


def enable() -> None:
    global enabled
    enabled = True


def clear() -> None:
    _view_list_serials.clear()
    _setting_serials.clear()
    _store.clear()
    _reads.clear()
    _moves.clear()


def carried(model: ConfigModel, key: tuple[object, ...], compute: Callable[[], Iterable[Finding]]) -> list[Finding]:
    """The findings of `compute`, which reads only model.processes, what per_views's key
    names (analysis/batch_processes.py) and what `key` names (plain values, or Setting objects: these
    are fingerprinted, not named by identity)."""
    views_serial, view_sources = views_fingerprint(model)
    named: list[object] = []
    extra: list[Source] = []
    for part in key:
        if isinstance(part, Setting):
            named.append(setting_fingerprint(model, part))
            extra.append((part.path, part.span.start, part.span.end))
        else:
            named.append(part)
    inputs, pipeline_sources = per_lint(model, "carried-inputs", lambda: _lint_inputs(model))
    full = (views_serial, tuple(named), inputs)
    sources = (*extra, *pipeline_sources)
    entry = _store.get(full)
    lint = _this_lint()
    if entry is not None:
        found = _moved(entry, lint, view_sources, sources, model.root)
        if found is not None:
            if VERIFY:
                assert found == list(compute()), f"carried findings differ from a fresh computation: {key}"
            if entry[0] is not lint:
                _store[full] = (lint, view_sources, sources, found, True)  # the next lint starts from these
            return found
    found = list(compute())
    if len(_store) >= MAX_ENTRIES:
        _store.clear()
    _store[full] = (lint, view_sources, sources, found, _placed(found, view_sources, sources, model.root))
    return found


def _this_lint() -> object:
    """An object of this lint's own (value_memo forgets it when the next lint begins)."""
    return lint_memoised("carried-lint", object)


def _lint_inputs(model: ConfigModel) -> tuple[tuple[object, ...], tuple[Source, ...]]:
    """What per_views's key and one lint fix besides the views: the params the views' batch
    directives read (their values), the executor setting, the version, the environment,
    the root, the dialect and the pipeline; and the pipeline's sources."""
    executor = model.setting("executor.name")
    printed = None if executor is None else setting_fingerprint(model, executor)
    pipeline, sources = _pipeline_fingerprint(model)
    read = _params_read(model, executor, (views_fingerprint(model)[0], printed, pipeline))
    return (params_values(read, model.params), printed, model.version, model.environment, model.root,
            model.dialect, model.pipeline_dir, pipeline), sources


def _params_read(model: ConfigModel, executor: Setting | None, key: tuple[object, ...]) -> object:
    """Which params the views' batch directives and the executor read: a fact about what
    they say, so kept across lints under their fingerprints (~800 views walked otherwise).
    Found by the walk per_views shares within the lint (analysis/batch_processes.py)."""
    if key in _reads:
        return _reads[key]
    if len(_reads) >= MAX_ENTRIES:
        _reads.clear()
    read = _reads[key] = views_params_read(model, executor)
    return read


def _pipeline_fingerprint(model: ConfigModel) -> tuple[object, tuple[Source, ...]]:
    """The pipeline's process definitions, by what they say and where (the scripts are
    scanned again at every lint: new objects each time): name, labels, and each
    directive's value structure and span. A script does not move when the buffer is edited,
    so its spans are in the fingerprint whole, and are sources that never move."""
    printed: list[object] = []
    sources: list[Source] = []
    for definition in model.definitions or ():
        parts = []
        for name, directive in definition.directives.items():
            parts.append((name, serial(directive.value), directive.path, directive.span, directive.assignment))
            sources.append((directive.path, directive.span.start, directive.span.end))
        printed.append((definition.name, definition.alias, definition.qualified_name, definition.labels,
                        definition.path, definition.span, tuple(parts)))
        sources.append((definition.path, definition.span.start, definition.span.end))
    return tuple(printed) or None, tuple(sources)


# ---------------------------------------------------------------- fingerprints


def views_fingerprint(model: ConfigModel) -> tuple[int, tuple[Source, ...]]:
    """A serial naming what model.processes says and where (up to offsets), and the
    sources it was made from. Made from the settings: a lint whose findings are all
    reused never makes the views."""
    def shared() -> tuple[int, tuple[Source, ...]]:
        # Scenarios with the same `process` settings in effect share one (as they share views).
        in_effect = tuple([id(setting) for key, setting in model.settings.items() if key[0] == "process"])
        return per_lint(model.loaded, ("views-fingerprint", in_effect), lambda: _views_fingerprint(model))

    return per_lint(model, "views-fingerprint", shared)


def _views_fingerprint(model: ConfigModel) -> tuple[int, tuple[Source, ...]]:
    # The views are made from the `process` settings in effect alone (model.build_model's
    # _shared_views), and the pipeline's process definitions (_lint_inputs): fingerprinting
    # those settings costs less than walking ~800 views' directives. Scenarios share most
    # settings: each is fingerprinted once per lint.
    printed: dict[int, tuple[Setting, int]] = lint_memoised("carried-settings", dict)
    numbers, sources = [], []
    for key, setting in model.settings.items():
        if key[0] != "process":
            continue
        known = printed.get(id(setting))
        if known is None or known[0] is not setting:
            known = printed[id(setting)] = (setting, _interned(setting_fingerprint(model, setting)))
        numbers.append(known[1])
        sources.append((setting.path, setting.span.start, setting.span.end))
    fingerprint = tuple(numbers)
    number = _view_list_serials.get(fingerprint)
    if number is None:
        if len(_view_list_serials) >= MAX_ENTRIES:
            _view_list_serials.clear()
        number = _view_list_serials[fingerprint] = next(_serials)
    return number, tuple(sources)


def _interned(fingerprint: tuple[object, ...]) -> int:
    """A number per setting fingerprint: a view list's fingerprint is then hashed and
    compared as numbers, not as thousands of tuples of text."""
    number = _setting_serials.get(fingerprint)
    if number is None:
        if len(_setting_serials) >= MAX_SETTINGS:
            _setting_serials.clear()
        number = _setting_serials[fingerprint] = next(_serials)
    return number


def setting_fingerprint(model: ConfigModel, setting: Setting) -> tuple[object, ...]:
    """What a setting says and where, but its offsets: its key, profile, the structure of
    its value, its text (which fixes every position inside it relative to its start) and
    its lines and columns. A file the lint did not read (a pipeline script) keeps its
    offsets: its settings do not move."""
    span, path = setting.span, setting.path
    source = model.loaded.files.get(path)
    written = source.text[span.start:span.end] if source is not None else (span.start, span.end)
    return (setting.key, setting.profile, setting.conditional, path, serial(setting.value), written,
            span.line, span.column, span.end_line, span.end_column)


# ---------------------------------------------------------------- moving findings


def _moved(entry: _Entry, lint: object, view_sources: tuple[Source, ...], extra: tuple[Source, ...], root: str
           ) -> list[Finding] | None:
    """The entry's findings with their spans moved from its sources to these, or None when
    they cannot be (a span in none of the sources)."""
    stored_by, old_views, old_extra, found, placed = entry
    # Another scenario of this lint. (By the lint, not by the identity of the sources alone:
    # with no `process` setting at all, every lint's sources are the one empty tuple, and a
    # finding on another setting, such as SPOT014's on `executor.name`, was served unmoved.)
    if stored_by is lint and old_views is view_sources and old_extra == extra:
        return found
    if not placed:
        return None  # a span the key does not pin may have moved, nothing tells
    moves = _moves_between(old_views, view_sources)
    if moves.still and old_extra == extra:
        return found
    extra_moves = [(path, start, end, new_start - start) for (path, start, end), (_, new_start, _) in zip(old_extra, extra)]
    try:
        return [_move_finding(f, root, moves, extra_moves) for f in found]
    except _Unplaced:
        return None


def _placed(found: list[Finding], view_sources: tuple[Source, ...], extra: tuple[Source, ...], root: str) -> bool:
    """Whether every span of `found` lies in one of the sources: only then can a later lint
    tell where it went (and that it did not move when they did not)."""
    if not found:
        return True
    try:
        for finding in found:
            _move_finding(finding, root, _moves_between(view_sources, view_sources),
                          [(path, start, end, 0) for path, start, end in extra])
    except _Unplaced:
        return False
    return True


def _moves_between(old: tuple[Source, ...], new: tuple[Source, ...]) -> _Moves:
    """_Moves(old, new), once per pair in a lint (every rule's entry has the same sources)."""
    known = _moves.get((id(old), id(new)))
    if known is None or known[0] is not old or known[1] is not new:
        if len(_moves) > 16:
            _moves.clear()
        known = _moves[(id(old), id(new))] = (old, new, _Moves(old, new))
    return known[2]


class _Unplaced(Exception):
    """A span of a carried finding lies in no input setting."""


class _Moves:
    """Where each old source's text went: by path, the old (start, end, delta) sorted."""

    def __init__(self, old: tuple[Source, ...], new: tuple[Source, ...]) -> None:
        self.still = old == new  # nothing moved: an edit in place
        self.old, self.new = old, new
        self.by_path: dict[str, list[tuple[int, int, int]]] | None = None
        self.starts: dict[str, list[int]] = {}

    def delta(self, path: str, span: Span) -> int | None:
        if self.by_path is None:
            self._index()
        spans = self.by_path.get(path)  # type: ignore[union-attr]
        if spans is None:
            return None
        # The source starting last at or before the span: settings do not nest (when some
        # did, a span this misses is only computed again).
        index = bisect_right(self.starts[path], span.start) - 1
        if index < 0 or spans[index][1] < span.end:
            return None
        return spans[index][2]

    def _index(self) -> None:
        by_path: dict[str, list[tuple[int, int, int]]] = {}
        for (path, start, end), (_, new_start, _) in zip(self.old, self.new):
            by_path.setdefault(path, []).append((start, end, new_start - start))
        self.by_path = {path: sorted(spans) for path, spans in by_path.items()}
        self.starts = {path: [s[0] for s in spans] for path, spans in self.by_path.items()}


def _move_span(path: str, span: Span, moves: _Moves, extra: list[tuple[str, int, int, int]]) -> Span:
    for other, start, end, delta in extra:
        if other == path and start <= span.start and span.end <= end:
            break
    else:
        found = moves.delta(path, span)
        if found is None:
            raise _Unplaced
        delta = found
    if delta == 0:
        return span
    return make_span(span.start + delta, span.end + delta, span.line, span.column, span.end_line, span.end_column)


def _move_finding(finding: Finding, root: str, moves: _Moves, extra: list[tuple[str, int, int, int]]) -> Finding:
    path = finding.path or root  # a fix edits the finding's file
    related = tuple(dataclasses.replace(r, span=_move_span(r.path, r.span, moves, extra)) for r in finding.related)
    fix = finding.fix
    if fix is not None:
        edits = tuple(dataclasses.replace(e, span=_move_span(path, e.span, moves, extra)) for e in fix.edits)
        fix = dataclasses.replace(fix, edits=edits)
    return dataclasses.replace(finding, span=_move_span(path, finding.span, moves, extra), related=related, fix=fix)


__all__ = ["MAX_ENTRIES", "VERIFY", "carried", "clear", "enable", "enabled", "setting_fingerprint",
           "views_fingerprint"]
