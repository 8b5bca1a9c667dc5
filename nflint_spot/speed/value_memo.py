"""Directive values computed once per lint run, and once per language-server session, for
everything that shares them.

A directive's value depends only on what its expression says (not where it is written: spans
and source spelling such as `10L` take no part in evaluation), on the attempt and exit status,
and, when the expression reads `params`, on the literal params. The same closure text is
written hundreds of times in a large config (nf-core/sarek: one errorStrategy closure shared by
every selector scope; a generated config: the same queue closure in 400 `withName` scopes), and
every profile scenario and several rules ask for the same attempts. So values are memoised by
the expression's structure: equal trees (node equality ignores spans) share one entry.

The memo is process-wide and bounded; nothing in it refers to a model, so it can outlive a
lint (the language server re-lints after every keystroke, mostly on unchanged closures).

This is the memo's core, built on syntax alone (syntax/names.py: what params a tree reads),
so that the evaluator memoises through it; the evaluator's own answers, memoised here, are
asked through directive_values.py. Every memo function returns what its `compute` returns.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Hashable, TypeVar

from ..syntax import nodes as n
from ..syntax.names import ALL_PARAMS as _ALL_PARAMS
from ..syntax.names import params_read as _params_read

T = TypeVar("T")

# Serial numbers name equal trees in memo keys: never reused, even after the memo starts
# over (an id() could be, once its object is gone).
_serials = itertools.count()

# Entries kept before the memo starts over: bounds memory in a long language-server session
# or a batch of thousands of configs, far above what one large config needs (~10,000).
MAX_ENTRIES = 100_000


class _Memo:
    __slots__ = ("by_id", "node_values", "older_ids", "older_values", "structure", "values")

    def __init__(self) -> None:
        # By node identity: id(node) → [node, serial, params read], and per_node's values.
        # The node is held so that its id is not reused. Two generations (see begin_lint):
        # an entry found in the older one moves back into the current one.
        self.by_id: dict[int, list[object]] = {}
        self.node_values: dict[tuple[Hashable, int], tuple[object, Any]] = {}
        self.older_ids: dict[int, list[object]] = {}
        self.older_values: dict[tuple[Hashable, int], tuple[object, Any]] = {}
        # By structure: equal trees share one serial, and values are keyed by serials.
        self.structure: dict[n.Node, int] = {}
        self.values: dict[tuple[Hashable, ...], Any] = {}


_memo = _Memo()
# Values derived from objects of one lint (the loaded config, its settings, models, views):
# dropped when the next lint begins, so that no lint keeps the previous one alive.
_lint_objects: dict[tuple[Hashable, int], tuple[object, Any]] = {}
_lint_values: dict[Hashable, Any] = {}  # keys naming objects of this lint by id()
_params_keys: dict[int, tuple[Mapping[str, object], str, dict[str, str]]] = {}
# tag → {setting key → a fact about that key}: see key_facts.
_key_facts: dict[Hashable, dict[tuple[str, ...], object]] = {}
# id(copy) → (copy, original) for the nodes the latest incremental parse moved (typing moves
# every node after the edit into a new object): a copy says what its original says.
_moves: dict[int, tuple[n.Node, n.Node]] = {}
_moved_since_sweep = False  # whether some parse moved nodes since the last sweep (see _sweep)


def begin_lint() -> None:
    """Forget the previous lint's objects, sweep the node-identity memo (see _sweep), and
    start the long-lived memo over when it has grown past MAX_ENTRIES. Called between lints
    only, so that nothing computed during one lint is forgotten halfway through it."""
    global _memo
    _lint_objects.clear()
    _lint_values.clear()
    _params_keys.clear()
    if sum(map(len, _key_facts.values())) > MAX_ENTRIES:  # keys typed over a long editing session
        _key_facts.clear()
    if len(_memo.structure) + len(_memo.values) > MAX_ENTRIES:
        _memo = _Memo()
    elif _moved_since_sweep or len(_memo.by_id) + len(_memo.node_values) > MAX_ENTRIES:
        _sweep(_memo)


def _sweep(memo: _Memo) -> None:
    """Forget the node-identity entries no lint has used since the previous sweep.

    Typing moves every node after the edit into a new object (tree_shift.py); the copy takes
    its original's entries, and the original, gone from the tree, is held by the memo alone.
    Swept only when full, those entries piled up until one lint freed some forty trees at
    once (a 300 ms keystroke every ~50), so a lint after a parse that moved nodes sweeps: each
    lint then frees the entries of the copies two parses old, a small part of every
    keystroke. Otherwise (the CLI, an edit that moves nothing) only a full memo is swept: an
    include tree the loader's parse cache shares between configs keeps its entries for as
    long as some lint uses them."""
    global _moved_since_sweep
    _moved_since_sweep = False
    memo.older_ids = memo.by_id
    memo.older_values = memo.node_values
    memo.by_id = {}
    memo.node_values = {}


def note_moves(moves: list[tuple[n.Node, n.Node]]) -> None:
    """The (copy, original) pairs of the latest incremental parse (tree_shift.py)."""
    global _moves, _moved_since_sweep
    _moves = {id(copy): (copy, original) for copy, original in moves}
    _moved_since_sweep = _moved_since_sweep or bool(moves)


def _original(node: object) -> object | None:
    moved = _moves.get(id(node))
    return moved[1] if moved is not None and moved[0] is node else None


def _entry(expr: n.Node) -> list[object]:
    """[expr, serial or None until asked for, params read] for this very node."""
    memo = _memo
    known = memo.by_id.get(id(expr))
    if known is not None and known[0] is expr:
        return known
    known = _from_older(memo.by_id, memo.older_ids, id(expr), expr)
    if known is not None:
        return known
    original = _original(expr) if _moves else None
    if original is not None:
        before = memo.by_id.get(id(original)) or memo.older_ids.get(id(original))
        if before is not None and before[0] is original:
            known = memo.by_id[id(expr)] = [expr, before[1], before[2]]
            return known
    # Most values are a literal: nothing under it to walk.
    known = memo.by_id[id(expr)] = [expr, None, None if type(expr) is n.Literal else _params_read(expr)]
    return known


def _from_older(current: dict, older: dict, key: Hashable, node: object) -> Any:
    """The older generation's entry for `node` under `key`, moved into the current one."""
    entry = older.get(key)
    if entry is None or entry[0] is not node:
        return None
    del older[key]
    current[key] = entry
    return entry


def serial(expr: n.Node) -> int:
    """A number shared by every expression equal to `expr` (same structure, any span).
    Hashing a tree runs Python code per node, so it is done once per node, when needed."""
    entry = _entry(expr)
    number = entry[1]
    if number is None:
        try:
            number = _memo.structure.get(expr)
            if number is None:
                number = _memo.structure[expr] = next(_serials)
        except (TypeError, RecursionError):  # an unhashable literal value; a chain thousands deep
            number = next(_serials)
        entry[1] = number
    return number  # type: ignore[return-value]


def reads_params(expr: n.Node) -> bool:
    """Whether the expression uses the name `params` anywhere (closures and GStrings too)."""
    return _entry(expr)[2] is not None


def _params_entry(params: Mapping[str, object]) -> tuple[Mapping[str, object], str, dict[str, str]]:
    known = _params_keys.get(id(params))
    if known is None or known[0] is not params:
        known = _params_keys[id(params)] = (params, repr(sorted(params.items(), key=lambda item: item[0])), {})
    return known


def expression_key(expr: n.Node, params: Mapping[str, object]) -> tuple[int, object]:
    """What a value of `expr` depends on besides the attempt and exit status: its structure
    and the params it reads."""
    entry = _entry(expr)  # once for both parts: asked for every directive of every view
    number = entry[1] if entry[1] is not None else serial(expr)
    read = entry[2]
    return number, None if read is None else params_values(read, params)


def params_part(expr: n.Node, params: Mapping[str, object]) -> object:
    """The params a value of `expr` depends on: None, the values of the params it reads (a
    test profile changing other params does not matter), or all of them."""
    read = _entry(expr)[2]
    return None if read is None else params_values(read, params)


def params_read_by(exprs: Iterable[n.Node]) -> object:
    """What params any of `exprs` reads, for params_values: None, the names, or all."""
    names: set[str] = set()
    for expr in exprs:
        read = _entry(expr)[2]
        if read is _ALL_PARAMS:
            return _ALL_PARAMS
        if read is not None:
            names.update(read)  # type: ignore[arg-type]
    return frozenset(names) if names else None


def params_values(read: object, params: Mapping[str, object]) -> object:
    """The values in `params` of what `read` (from params_read_by) names."""
    if read is None:
        return None
    entry = _params_entry(params)
    if read is _ALL_PARAMS:
        return entry[1]
    shown = entry[2]
    parts = []
    for name in sorted(read):  # type: ignore[call-overload]
        text = shown.get(name)
        if text is None:
            text = shown[name] = repr(params[name]) if name in params else "<unset>"
        parts.append((name, text))
    return tuple(parts)


def memoised(key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """Any other value derived only from what `key` holds (expression keys, plain data)."""
    values = _memo.values
    if key in values:
        return values[key]
    value = values[key] = compute()
    return value



def key_facts(tag: Hashable) -> dict[tuple[str, ...], object]:
    """The long-lived dict of facts under `tag` about setting keys (tuples of names), each a
    function of the key alone: the same few thousand keys come back in every scenario and
    lint, and a dict lookup costs less than slicing and comparing the key again. Callers
    read and fill it inline (it is asked once per setting)."""
    facts = _key_facts.get(tag)
    if facts is None:
        facts = _key_facts[tag] = {}
    return facts


def per_node(node: n.Node, tag: Hashable, compute: Callable[[], T]) -> T:
    """A value derived from this very syntax node (its spans included), computed once per
    `tag`. Nodes outlive a lint (the loader's parse cache shares an include's tree between
    every config that includes it), so these values do too."""
    memo = _memo
    key = (tag, id(node))
    entry = memo.node_values.get(key)
    if entry is not None and entry[0] is node:
        return entry[1]
    entry = _from_older(memo.node_values, memo.older_values, key, node)
    if entry is not None:
        return entry[1]
    value = compute()
    memo.node_values[key] = (node, value)  # `node` is held so that its id is not reused meanwhile
    return value


def node_fact(node: n.Node, tag: Hashable, compute: Callable[[], T]) -> T:
    """Like per_node, for a fact about what the node says, not where it is: also known for
    the copies an incremental parse makes of it when an edit moves it."""
    memo = _memo
    values = memo.node_values
    key = (tag, id(node))
    entry = values.get(key)
    if entry is not None and entry[0] is node:
        return entry[1]
    entry = _from_older(values, memo.older_values, key, node)
    if entry is not None:
        return entry[1]
    original = _original(node) if _moves else None
    if original is not None:
        before = values.get((tag, id(original))) or memo.older_values.get((tag, id(original)))
        if before is not None and before[0] is original:
            values[key] = (node, before[1])
            return before[1]
    value = compute()
    values[key] = (node, value)
    return value


def per_lint(thing: object, tag: Hashable, compute: Callable[[], T]) -> T:
    """A value derived from this very object of the current lint (the loaded config, a
    setting, a model's views), computed once per `tag` and forgotten by the next lint."""
    key = (tag, id(thing))
    entry = _lint_objects.get(key)
    if entry is not None and entry[0] is thing:
        return entry[1]
    value = compute()
    _lint_objects[key] = (thing, value)  # `thing` is held so that its id is not reused meanwhile
    return value


def lint_memoised(key: Hashable, compute: Callable[[], T]) -> T:
    """A value of this lint under a key that may name its objects by id() (they live as long
    as the lint, and the key is forgotten with it)."""
    if key in _lint_values:
        return _lint_values[key]
    value = _lint_values[key] = compute()
    return value
