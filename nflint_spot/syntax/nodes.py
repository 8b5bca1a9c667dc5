"""The positioned syntax tree of a Nextflow config (both dialects).

Every node is a frozen dataclass with a `span` that is excluded from equality, so two
trees compare equal when they mean the same thing wherever they were written. Closures
are real trees (their `span` still covers the source text), because rules evaluate
`{ task.attempt > 1 ? 'od' : 'spot' }` symbolically.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from ..span import EMPTY_SPAN, Span


@dataclass(frozen=True, slots=True)
class Node:
    """Base of every node: its `span` is where it is written, and takes no part in equality."""

    span: Span = field(default=EMPTY_SPAN, compare=False, repr=False, kw_only=True)


# ---------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class Name(Node):
    """A name used as a value: `params`, `task`, a closure parameter."""

    name: str


@dataclass(frozen=True, slots=True)
class Literal(Node):
    """A number, string, boolean or null. `kind` is int, float, string, slashy, bool or null;
    `raw` is the source text (`10L`, `2d`, `'x'`)."""

    value: object
    kind: str
    raw: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class GString(Node):
    """A double-quoted string with placeholders: parts are str (text) or expressions."""

    parts: tuple[Union[str, "Expr"], ...]


@dataclass(frozen=True, slots=True)
class Property(Node):
    """`obj.name`; `op` is `.`, `?.` (safe navigation), `*.` (spread), `.&` or `.@`."""

    obj: "Expr"
    name: str
    op: str = "."


@dataclass(frozen=True, slots=True)
class NamedArg(Node):
    """`name: value` in a call or a map literal; the key is an expression in general."""

    key: "Expr"
    value: "Expr"


@dataclass(frozen=True, slots=True)
class Call(Node):
    """`callee(args)`, a command call `callee arg`, or a trailing closure `callee { }`
    (which Groovy passes as the last argument)."""

    callee: "Expr"
    args: tuple[Union["Expr", NamedArg], ...]


@dataclass(frozen=True, slots=True)
class Index(Node):
    """`obj[index]`, or `obj[a, b]`."""

    obj: "Expr"
    index: tuple["Expr", ...]


@dataclass(frozen=True, slots=True)
class Binary(Node):
    """`left op right` for every binary operator (`op` as written: `+`, `&&`, `=~`, `..`)."""

    op: str
    left: "Expr"
    right: "Expr"


@dataclass(frozen=True, slots=True)
class Unary(Node):
    """Prefix `-x`, `!x`, `~x`, `++x`, or postfix `x++` (op `x++`)."""

    op: str
    operand: "Expr"


@dataclass(frozen=True, slots=True)
class Ternary(Node):
    """`condition ? then : otherwise`."""

    condition: "Expr"
    then: "Expr"
    otherwise: "Expr"


@dataclass(frozen=True, slots=True)
class Elvis(Node):
    """`value ?: fallback`."""

    value: "Expr"
    fallback: "Expr"


@dataclass(frozen=True, slots=True)
class TypeRef(Node):
    """A type as written, generics and array dimensions included: `List<String>`, `int[]`."""

    name: str


@dataclass(frozen=True, slots=True)
class Cast(Node):
    """`expr as Type`, or a Java-style cast `(Type) expr` (java: True), which converts
    nothing: a value not of the type makes it throw."""

    expr: "Expr"
    type: TypeRef
    java: bool = False


@dataclass(frozen=True, slots=True)
class InstanceOf(Node):
    """`expr instanceof Type`, or `!instanceof` (negated)."""

    expr: "Expr"
    type: TypeRef
    negated: bool = False


@dataclass(frozen=True, slots=True)
class ListExpr(Node):
    """`[a, b, c]`."""

    items: tuple["Expr", ...]


@dataclass(frozen=True, slots=True)
class MapExpr(Node):
    """`[key: value, ...]`, or the empty map `[:]`."""

    entries: tuple[NamedArg, ...]


@dataclass(frozen=True, slots=True)
class New(Node):
    """`new Type(args)`."""

    type: TypeRef
    args: tuple[Union["Expr", NamedArg], ...]


@dataclass(frozen=True, slots=True)
class Param(Node):
    """A closure or function parameter, with its type when one is written."""

    name: str
    type: str | None = None


@dataclass(frozen=True, slots=True)
class Closure(Node):
    """`{ params -> body }`; `span` covers the braces."""

    params: tuple[Param, ...]
    body: tuple["Stmt", ...]
    has_arrow: bool = False


Expr = Union[
    Name, Literal, GString, Property, Call, Index, Binary, Unary, Ternary, Elvis, Cast,
    InstanceOf, ListExpr, MapExpr, New, Closure,
]


# ---------------------------------------------------------------- config statements


@dataclass(frozen=True, slots=True)
class PathSegment(Node):
    """One segment of a config path; `quoted` when written as a string (`env.'A-B'`)."""

    name: str
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class ConfigPath(Node):
    """The dotted name of a setting or block: `process.withName`, `env.'A-B'`."""

    segments: tuple[PathSegment, ...]

    @property
    def names(self) -> tuple[str, ...]:
        segments = self.segments
        if len(segments) == 1:  # most paths (the loader asks for every assignment's)
            return (segments[0].name,)
        return tuple([segment.name for segment in segments])

    @property
    def dotted(self) -> str:
        return ".".join(self.names)


@dataclass(frozen=True, slots=True)
class Assignment(Node):
    """`a.b.c = value` (legacy configs may use compound operators: `op` is `+=` etc.)."""

    target: ConfigPath
    value: Expr
    op: str = "="


@dataclass(frozen=True, slots=True)
class Block(Node):
    """`name { ... }` or `a.b { ... }`."""

    name: ConfigPath
    body: tuple["Stmt", ...]


@dataclass(frozen=True, slots=True)
class Selector(Node):
    """`withName: TARGET { ... }`; `kind` is the word before the colon as written."""

    kind: str
    pattern: str
    pattern_span: Span = field(compare=False, repr=False)
    body: tuple["Stmt", ...] = ()


@dataclass(frozen=True, slots=True)
class Include(Node):
    """`includeConfig expr`."""

    expr: Expr


@dataclass(frozen=True, slots=True)
class CommandStmt(Node):
    """`name arg, ...` at config level: `plugins { id 'x' }`, legacy `docker { enabled true }`."""

    name: ConfigPath
    args: tuple[Union[Expr, NamedArg], ...]


# ---------------------------------------------------------------- Groovy statements
# Legal in closures; at config level only in the legacy (v1) dialect.


@dataclass(frozen=True, slots=True)
class ExprStmt(Node):
    """An expression on its own as a statement, often a call."""

    expr: Expr


@dataclass(frozen=True, slots=True)
class AssignStmt(Node):
    """An assignment to a variable or property inside code (`x = 1`, `args += ['-v']`)."""

    target: Expr
    op: str
    value: Expr


@dataclass(frozen=True, slots=True)
class VarDecl(Node):
    """`def x = value`, `def int x`, `def (a, b) = value`."""

    names: tuple[str, ...]
    value: Expr | None
    type: str | None = None


@dataclass(frozen=True, slots=True)
class If(Node):
    """`if (condition) { then } else { otherwise }`; `else if` is an If in `otherwise`."""

    condition: Expr
    then: tuple["Stmt", ...]
    otherwise: tuple["Stmt", ...] | None = None


@dataclass(frozen=True, slots=True)
class Return(Node):
    """`return value`."""

    value: Expr | None


@dataclass(frozen=True, slots=True)
class Throw(Node):
    """`throw value`."""

    value: Expr


@dataclass(frozen=True, slots=True)
class Assert(Node):
    """`assert condition : message`."""

    condition: Expr
    message: Expr | None


@dataclass(frozen=True, slots=True)
class Catch(Node):
    """`catch (Type name) { body }`; `type` joins a multi-catch with `|`."""

    type: str
    name: str | None
    body: tuple["Stmt", ...]


@dataclass(frozen=True, slots=True)
class Try(Node):
    """`try { body } catch ... finally { finally_body }`."""

    body: tuple["Stmt", ...]
    catches: tuple[Catch, ...]
    finally_body: tuple["Stmt", ...] | None = None


@dataclass(frozen=True, slots=True)
class For(Node):
    """`for (variable in iterable) { body }` (also `for (x : items)`)."""

    variable: str
    iterable: Expr
    body: tuple["Stmt", ...]


@dataclass(frozen=True, slots=True)
class CountedFor(Node):
    """`for (init; condition; update) { body }`, each part possibly empty."""

    init: tuple["Stmt", ...]
    condition: Expr | None
    update: tuple["Stmt", ...]
    body: tuple["Stmt", ...]


@dataclass(frozen=True, slots=True)
class While(Node):
    """`while (condition) { body }`."""

    condition: Expr
    body: tuple["Stmt", ...]


@dataclass(frozen=True, slots=True)
class Case(Node):
    """`case a: case b: default: body` in a switch: the labels' values, whether `default` is
    among them, and the statements after them up to the next label."""

    labels: tuple[Expr, ...]
    default: bool
    body: tuple["Stmt", ...]


@dataclass(frozen=True, slots=True)
class Switch(Node):
    """`switch (subject) { case ...: ... }`; a case without `break` falls through to the next."""

    subject: Expr
    cases: tuple[Case, ...]


@dataclass(frozen=True, slots=True)
class Break(Node):
    """`break` or `break label`."""

    label: str | None = None


@dataclass(frozen=True, slots=True)
class Continue(Node):
    """`continue` or `continue label`."""

    label: str | None = None


@dataclass(frozen=True, slots=True)
class Import(Node):
    """`import a.b.C`, `import static a.B.m`, `import a.b.*`, `import a.B as C` (legacy only)."""

    name: str  # as written, `.*` included
    static: bool = False
    alias: str | None = None


@dataclass(frozen=True, slots=True)
class FunctionDef(Node):
    """`def check_max(obj, type) { ... }` at config level (legacy only)."""

    name: str
    params: tuple[Param, ...]
    body: tuple["Stmt", ...]


Stmt = Union[
    Assignment, Block, Selector, Include, CommandStmt, ExprStmt, AssignStmt, VarDecl, If,
    Return, Throw, Assert, Try, For, CountedFor, While, Switch, Break, Continue, Import, FunctionDef,
]

# Statements the strict (v2) parser rejects at config level (reference §1.4).
LEGACY_STATEMENTS = (ExprStmt, AssignStmt, VarDecl, If, Return, Throw, Assert, Try, For, CountedFor, While, Switch,
                     Break, Continue, Import, FunctionDef)


@dataclass(frozen=True, slots=True)
class Document(Node):
    """A whole config file: its statements, and its text (not compared)."""

    path: str
    text: str = field(compare=False, repr=False)
    body: tuple[Stmt, ...]
