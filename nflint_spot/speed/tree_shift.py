"""Copies of syntax trees with moved spans, for the incremental parse (incremental.py):
the statements re-parsed in a wrapper move to where they are in the file, and everything
after an edit moves by its offset, line and column deltas."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..syntax import nodes as n
from ..span import Span, make_span

__all__ = ["Shift", "take_moves"]

# (copy, original) of every node moved since the last take_moves(): what is known about
# what an original says holds for its copy (value_memo.note_moves).
_MOVES: list[tuple[Any, Any]] = []


def take_moves() -> list[tuple[Any, Any]]:
    moved = _MOVES[:]
    _MOVES.clear()
    return moved


class Shift:
    """Moves spans: offsets by `offset`, lines by `lines`, and columns by `columns` on the
    line `column_line` (counted before the move) only; `node` copies a tree so moved."""

    __slots__ = ("offset", "lines", "column_line", "columns", "identity")

    def __init__(self, offset: int, lines: int, column_line: int, columns: int) -> None:
        self.offset, self.lines, self.column_line, self.columns = offset, lines, column_line, columns
        self.identity = offset == 0 and lines == 0 and columns == 0

    def end(self, span: Span) -> Span:
        """A span that starts before the region and ends after it: only its end moves."""
        end_line = span.end_line
        return make_span(span.start, span.end + self.offset, span.line, span.column, end_line + self.lines,
                         span.end_column + self.columns if end_line == self.column_line else span.end_column)

    def node(self, node: Any) -> Any:
        if self.identity:
            return node
        return _SHIFTERS[node.__class__](node, self.offset, self.lines, self.column_line, self.columns)


class _Shifters(dict):  # type: ignore[type-arg]
    """Node class → a function copying a node of it with moved spans, compiled on first use
    from the class's fields (a generic loop over the fields costs twice as much, and a
    length-changing edit moves every node after it: ~14,000 in a 2,000-line config)."""

    def __missing__(self, cls: type) -> Any:
        if not (isinstance(cls, type) and issubclass(cls, n.Node)):
            self[cls] = _unchanged  # a plain value where a node may be
            return _unchanged
        lines = ["def shift(node, o, l, cl, c):", "    new = _new(cls)"]
        setters: dict[str, Any] = {}
        for field in dataclasses.fields(cls):
            name, annotation = field.name, str(field.type)
            setters[f"_set_{name}"] = getattr(cls, name).__set__
            if annotation == "Span":
                # make_span inlined (one call fewer per node): the named tuple made directly.
                lines += [f"    s = node.{name}", "    line = s.line", "    end_line = s.end_line",
                          "    v = _tuple(_Span, (s.start + o, s.end + o, line + l,"
                          " s.column + c if line == cl else s.column, end_line + l,"
                          " s.end_column + c if end_line == cl else s.end_column))"]
            elif annotation in _VALUES:
                lines.append(f"    v = node.{name}")
            elif annotation.startswith("tuple["):
                lines += [f"    v = node.{name}", "    if v:",
                          "        v = tuple([x if x.__class__ is str else _table[x.__class__](x, o, l, cl, c)"
                          " for x in v])"]
            else:
                lines += [f"    v = node.{name}", "    if v is not None:",
                          "        v = _table[v.__class__](v, o, l, cl, c)"]
            lines.append(f"    _set_{name}(new, v)")
        lines += ["    _moved((new, node))", "    return new"]
        namespace = {"_new": object.__new__, "cls": cls, "_tuple": tuple.__new__, "_Span": Span, "_table": self,
                     "_moved": _MOVES.append, **setters}
        exec("\n".join(lines), namespace)  # noqa: S102 - our own generated source, no input in it
        self[cls] = namespace["shift"]
        return namespace["shift"]


def _unchanged(value: Any, *shift: int) -> Any:
    return value


# Annotations of fields holding plain values (the rest hold spans, nodes or tuples of nodes).
_VALUES = {"str", "bool", "object", "str | None", "tuple[str, ...]"}
_SHIFTERS = _Shifters()
