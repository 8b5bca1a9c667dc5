"""A compact, stable text form of a syntax tree, for `nflint-spot parse --dump` and the
grammar snapshot tests. One node per line, children indented, positions as @line:col."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

from .nodes import ConfigPath, Document, Node
from ..span import Span


def dump(node: Node, with_positions: bool = True) -> str:
    lines: list[str] = []
    _dump(node, 0, lines, with_positions)
    return "\n".join(lines) + "\n"


def _dump(node: Any, depth: int, lines: list[str], with_positions: bool) -> None:
    indent = "  " * depth
    scalars: list[str] = []
    children: list[tuple[str, Any]] = []
    for f in fields(node):
        if f.name in ("span", "text", "raw") or isinstance(getattr(node, f.name), Span):
            continue
        value = getattr(node, f.name)
        if isinstance(value, ConfigPath):
            scalars.append(f"{f.name}={render_path(value)}")
        elif _is_node(value) or (isinstance(value, tuple) and any(_is_node(v) for v in value)):
            children.append((f.name, value))
        elif isinstance(node, Document) and f.name == "path":
            continue
        elif value not in (None, (), False) or f.name == "value":
            scalars.append(f"{f.name}={_scalar(value)}")
    position = f" @{node.span.line}:{node.span.column}" if with_positions else ""
    lines.append(f"{indent}{type(node).__name__}{position}" + ("" if not scalars else " " + " ".join(scalars)))
    for name, value in children:
        items = value if isinstance(value, tuple) else (value,)
        lines.append(f"{indent}  .{name}")
        for item in items:
            if _is_node(item):
                _dump(item, depth + 2, lines, with_positions)
            else:
                lines.append(f"{indent}    {_scalar(item)}")


def _is_node(value: Any) -> bool:
    return is_dataclass(value) and isinstance(value, Node)


def _scalar(value: Any) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(_scalar(v) for v in value) + ")"
    return repr(value)


def render_path(path: ConfigPath) -> str:
    """`env.'A-B'` as written (quoted segments stay quoted)."""
    return ".".join(repr(s.name) if s.quoted else s.name for s in path.segments)
