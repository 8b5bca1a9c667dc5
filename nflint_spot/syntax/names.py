"""What names an expression tree reads: its child nodes, the params it reads, the config
settings a closure may name.

Facts about the tree alone, asked by the evaluator, the config model and the memo keys
(speed/value_memo.py: a value is keyed on the params it reads). They sit below all of them,
so that the memo builds on syntax only and the evaluator can memoise through it.
"""

from __future__ import annotations

from dataclasses import fields
from functools import lru_cache

from . import nodes as n

# A config setting a legacy closure reads (`process.maxRetries`), carried among the params
# under this reserved prefix (evaluator.py: so a memoised value is keyed on it like on the
# params it reads).
SETTING_PREFIX = "\0setting:"

# params_read's answer when params is used as a whole (`params[name]`, `params` passed on).
ALL_PARAMS = "all"

# Roots of dotted names that are not config settings a closure reads.
_NOT_SETTINGS = frozenset({"params", "task", "Math", "System", "Integer", "Long", "Double", "nextflow", "java"})


def node_children(node: n.Node) -> list[object]:
    """The values of a node's fields other than its span: nodes, tuples, plain values."""
    return [getattr(node, name) for name in _child_fields(type(node))]


@lru_cache(maxsize=None)
def _child_fields(node_type: type) -> tuple[str, ...]:
    # dataclasses.fields() is slow, and trees are walked millions of times on a large config.
    return tuple(f.name for f in fields(node_type) if f.name != "span")


def params_read(root: n.Node) -> object:
    """None (no `params` at all), the names read as `params.x` / `params['x']`, or
    ALL_PARAMS when params is used any other way (`params[name]`, `params` passed on)."""
    names: set[str] = set()
    stack: list[object] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            stack.extend(item)
            continue
        if not isinstance(item, n.Node):
            continue
        kind = item.__class__  # node classes have no subclasses: identity, not isinstance
        if kind is n.Property:
            obj = item.obj
            if obj.__class__ is n.Name:
                if obj.name == "params":
                    if item.op in (".", "?."):
                        names.add(item.name)
                        continue
                elif obj.name not in _NOT_SETTINGS:
                    # A config setting a legacy closure may read (SETTING_PREFIX).
                    names.add(f"{SETTING_PREFIX}{obj.name}.{item.name}")
            else:
                dotted = setting_reference(item)  # a longer chain (`aws.batch.maxSpotAttempts`)
                if dotted is not None:
                    names.add(SETTING_PREFIX + dotted)
        elif kind is n.Call:
            if item.callee.__class__ is n.Name:
                return ALL_PARAMS  # a function of the config's (evaluator.FUNCTION_PREFIX), which may read any
        elif kind is n.Index:
            if (_is_params(item.obj) and len(item.index) == 1
                    and isinstance(item.index[0], n.Literal) and isinstance(item.index[0].value, str)):
                names.add(item.index[0].value)
                continue
        elif kind is n.Name and item.name == "params":
            return ALL_PARAMS
        stack.extend(node_children(item))
    return frozenset(names) if names else None


def setting_reference(node: n.Property) -> str | None:
    """`process.maxRetries` for a chain of names and properties whose root may name a config
    scope, else None."""
    names = [node.name]
    item: object = node.obj
    while isinstance(item, n.Property) and item.op in (".", "?."):
        names.append(item.name)
        item = item.obj
    if not isinstance(item, n.Name) or item.name in _NOT_SETTINGS:
        return None
    names.append(item.name)
    return ".".join(reversed(names))


def _is_params(node: object) -> bool:
    return isinstance(node, n.Name) and node.name == "params"
