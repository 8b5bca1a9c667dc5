"""Symbolic evaluation of config values and directive closures, with Groovy semantics.

`call_closure_or_value(expr, env)` answers "what does this directive resolve to for attempt
2, exit status 143?". It knows literals, `task.attempt`, `task.exitStatus`, literal params,
`4.h`-style units and Groovy's operators, and answers `UNKNOWN` for everything else
(`check_max(...)`, `task.previousTrace`, `System.getenv(...)`): rules must never mistake a
guess for what Nextflow does.

A closure body runs statement by statement. An `if` whose condition is unknown runs both
ways, each with its own copy of the locals, and the result is known only if both agree.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Iterator, Mapping

from ..syntax.nodes import (
    AssignStmt, Binary, Break, Call, Case, Cast, Closure, Elvis, Expr, ExprStmt, FunctionDef, GString, If, Index,
    ListExpr, Literal, MapExpr, Name, NamedArg, Node, Property, Return, Stmt, Switch, Ternary, Try,
    TypeRef, Unary, VarDecl,
)
from ..syntax.names import SETTING_PREFIX, node_children
from ..speed.value_memo import per_node
from .groovy import Value, groovy_binary, groovy_text, groovy_truth, tri_not
from .value_methods import call_method, cast_to, index_of, math_call, property_of
from .values import (
    INT_MAX, INT_MIN, LONG_MAX, LONG_MIN, UNKNOWN, Duration, MemoryUnit, OneOf, as_duration, as_memory, one_of,
)

__all__ = [
    "UNKNOWN", "EvalEnv", "Value", "as_duration", "as_memory", "call_closure_or_value",
    "evaluate", "from_python", "mentions",
    "SETTING_PREFIX", "node_children",  # syntax/names.py's, kept here for the modules asking the evaluator
]

# Statements plus expressions one evaluation may visit. An `if` with an unknown condition
# doubles the work after it, so a pathological closure gives up with UNKNOWN.
MAX_STEPS = 100_000
# Switch labels one evaluation may leave undecided (each runs both ways): see switch().
MAX_UNDECIDED_LABELS = 8
# Calls of the config's own functions nested in one another (a function calling itself).
MAX_CALL_DEPTH = 16

# What a closure may use besides `params` and `task`, carried in the params mapping under
# reserved names (so a memoised value is keyed on them like on the params it reads,
# value_memo.expression_key): a function the config defines (`def check_max(obj, type)`)
# and, in the legacy dialect, a config setting a closure names (`process.maxRetries`: v1
# resolves it against the config when the closure runs, NF:.../config/parser/v1/ConfigParserV1.groovy).
FUNCTION_PREFIX = "\0function:"
# SETTING_PREFIX (syntax/names.py, where the params-read walk finds these names too).

# Static fields configs use. A Spot-reclaimed AWS job has exitStatus Integer.MAX_VALUE.
_CONSTANTS: Mapping[str, Value] = {
    "Integer.MAX_VALUE": INT_MAX, "Integer.MIN_VALUE": INT_MIN,
    "Long.MAX_VALUE": LONG_MAX, "Long.MIN_VALUE": LONG_MIN,
}
_LITERAL_KINDS = frozenset({"int", "float", "string", "slashy", "bool", "null"})
_MISSING = object()  # "no special meaning": evaluate the expression the ordinary way


@dataclass(frozen=True, slots=True)
class EvalEnv:
    """What is known when a value is resolved; None means unknown. `params` holds literal
    param values, `names` other known names, plain (`projectDir`) or dotted
    (`workflow.profile`)."""

    attempt: int | None = None
    exit_status: int | None = None
    params: Mapping[str, object] = field(default_factory=dict)
    names: Mapping[str, object] = field(default_factory=dict)


def evaluate(expr: Expr, env: EvalEnv) -> Value:
    """The value of an expression; a closure is a value of its own, hence UNKNOWN."""
    return _run(env, lambda evaluator: evaluator.eval(expr))


def call_closure_or_value(expr: Expr, env: EvalEnv) -> Value:
    """What a directive resolves to: a closure's result (Nextflow calls it for each task
    and each attempt), or the value itself."""
    if isinstance(expr, Closure):
        return _run(env, lambda evaluator: evaluator.call(expr))
    return evaluate(expr, env)


def mentions(node: Node, dotted_name: str) -> bool:
    """Whether a tree uses `dotted_name` (`task.attempt`, `params.queue`) anywhere: inside
    closures and GString placeholders too, and written with `?.` too."""
    return any(_dotted(item) == dotted_name for item in _walk(node) if isinstance(item, (Name, Property)))


def from_python(value: object) -> Value:
    """A Python value (a param read from a config, say) as an evaluator value."""
    if value is None or isinstance(value, (bool, int, str, Duration, MemoryUnit, range, OneOf)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else UNKNOWN
    if isinstance(value, (list, tuple)):
        return tuple(from_python(item) for item in value)
    if isinstance(value, Mapping):
        return MappingProxyType({key: from_python(item) for key, item in value.items()})
    return UNKNOWN


class _OutOfSteps(Exception):
    pass


class _Budget:
    __slots__ = ("left",)

    def __init__(self, steps: int) -> None:
        self.left = steps

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise _OutOfSteps


def _run(env: EvalEnv, task: Callable[[_Evaluator], Value]) -> Value:
    try:
        return task(_Evaluator(env, {}, _Budget(MAX_STEPS)))
    except (_OutOfSteps, RecursionError):  # RecursionError: `1 + 1 + ...` thousands deep
        return UNKNOWN


class _Evaluator:
    """One evaluation: the environment, the closure's locals, the shared step budget and how
    deep in the config's own functions it runs."""

    __slots__ = ("env", "scope", "budget", "depth")

    def __init__(self, env: EvalEnv, scope: dict[str, Value], budget: _Budget, depth: int = 0) -> None:
        self.env = env
        self.scope = scope
        self.budget = budget
        self.depth = depth

    def fork(self) -> _Evaluator:
        return _Evaluator(self.env, dict(self.scope), self.budget, self.depth)

    def eval(self, expr: Expr) -> Value:
        self.budget.spend()
        method = _EXPRESSIONS.get(type(expr))
        return method(self, expr) if method is not None else UNKNOWN

    # ------------------------------------------------------------ names and members

    def known(self, dotted: str) -> Value | object:
        """A name with a meaning of its own, or _MISSING."""
        env = self.env
        if dotted in ("task.attempt", "task.exitStatus"):
            number = env.attempt if dotted == "task.attempt" else env.exit_status
            return UNKNOWN if number is None else number
        if dotted in env.names:
            return from_python(env.names[dotted])
        if dotted in _CONSTANTS:
            return _CONSTANTS[dotted]
        root, _, name = dotted.partition(".")
        if root == "params" and name and "." not in name:
            return self.param(name)
        setting = env.params.get(SETTING_PREFIX + dotted, _MISSING)
        if setting is not _MISSING:
            return from_python(setting)
        return _MISSING

    def param(self, name: str) -> Value:
        # A param the config does not set may still come from the command line or a params
        # file: unknown, not null.
        return from_python(self.env.params[name]) if name in self.env.params else UNKNOWN

    def name(self, node: Name) -> Value:
        if node.name in self.scope:
            return self.scope[node.name]
        known = self.known(node.name)
        return UNKNOWN if known is _MISSING else known

    def property(self, node: Property) -> Value:
        dotted = _dotted(node)
        if dotted is not None and dotted.partition(".")[0] not in self.scope:
            known = self.known(dotted)
            if known is not _MISSING:
                return known
        if node.op not in (".", "?."):
            return UNKNOWN  # spread (`*.`), method pointer (`.&`), field (`.@`)
        safe = node.op == "?."
        target = self.eval(node.obj)
        if target.__class__ is OneOf:
            return _each(lambda option: None if option is None and safe else property_of(option, node.name), target)
        return None if target is None and safe else property_of(target, node.name)

    def call_expr(self, node: Call) -> Value:
        callee = node.callee
        if isinstance(callee, Name) and callee.name not in self.scope:
            function = self.env.params.get(FUNCTION_PREFIX + callee.name)
            return self.call_function(function, node) if isinstance(function, FunctionDef) else UNKNOWN
        if not isinstance(callee, Property) or callee.op not in (".", "?."):
            return UNKNOWN  # a closure call, a method pointer
        args = tuple(UNKNOWN if isinstance(arg, NamedArg) else self.eval(arg) for arg in node.args)
        if any(arg is UNKNOWN for arg in args):
            return UNKNOWN
        if _dotted(callee.obj) == "Math" and "Math" not in self.scope:
            return _each(lambda *values: math_call(callee.name, values), *args)
        safe = callee.op == "?."
        return _each(lambda target, *values: None if target is None and safe else call_method(target, callee.name, values),
                     self.eval(callee.obj), *args)

    def index(self, node: Index) -> Value:
        if len(node.index) != 1:
            return UNKNOWN
        key = self.eval(node.index[0])
        if isinstance(node.obj, Name) and node.obj.name == "params" and "params" not in self.scope:
            return _each(lambda name: self.param(name) if isinstance(name, str) else UNKNOWN, key)
        return _each(index_of, self.eval(node.obj), key)

    # ------------------------------------------------------------ expressions

    def literal(self, node: Literal) -> Value:
        if node.kind == "slashy" and "$" in str(node.value):
            return UNKNOWN  # the parser keeps `$x` in a slashy string as text; Groovy interpolates
        return node.value if node.kind in _LITERAL_KINDS else UNKNOWN

    def gstring(self, node: GString) -> Value:
        values = [part if isinstance(part, str) else self.eval(part) for part in node.parts]

        def text(*parts: Value) -> Value:
            texts = [part if isinstance(part, str) else groovy_text(part) for part in parts]
            return UNKNOWN if any(t is UNKNOWN for t in texts) else "".join(texts)  # type: ignore[arg-type]

        return _each(text, *values)

    def list_expr(self, node: ListExpr) -> Value:
        # `[131..145]` is a list holding ONE range, not the numbers 131 to 145.
        return tuple(self.eval(item) for item in node.items)

    def map_expr(self, node: MapExpr) -> Value:
        entries: dict[object, Value] = {}
        for entry in node.entries:
            key = self.eval(entry.key)
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                return UNKNOWN
            entries[key] = self.eval(entry.value)
        return MappingProxyType(entries)

    def unary(self, node: Unary) -> Value:
        if node.op not in ("-", "+", "!"):
            return UNKNOWN  # ++/-- change a variable; ~ makes a regex pattern
        op = node.op

        def unary(value: Value) -> Value:
            if op == "!":
                return tri_not(groovy_truth(value))
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return UNKNOWN  # Duration and MemoryUnit have no negative(): Groovy throws
            return value if op == "+" else groovy_binary("-", 0, value)

        return _each(unary, self.eval(node.operand))

    def binary(self, node: Binary) -> Value:
        if node.op in ("&&", "||"):
            return self.logical(node, decisive=node.op == "||")
        op = node.op
        left, right = self.eval(node.left), self.eval(node.right)
        if left.__class__ is OneOf or right.__class__ is OneOf:
            return _each(lambda a, b: groovy_binary(op, a, b), left, right)
        return groovy_binary(op, left, right)

    def logical(self, node: Binary, decisive: bool) -> Value:
        """`false && x` is false and `true || x` true whatever x is, so an unknown side is
        harmless when the other side decides. Like Groovy, the right side is skipped when
        the left decides."""
        left = groovy_truth(self.eval(node.left))
        if left is decisive:
            return decisive
        right = groovy_truth(self.eval(node.right))
        if right is decisive:
            return decisive
        return UNKNOWN if left is UNKNOWN or right is UNKNOWN else not decisive

    def ternary(self, node: Ternary) -> Value:
        condition = groovy_truth(self.eval(node.condition))
        if condition is UNKNOWN:
            return _join(self.eval(node.then), self.eval(node.otherwise))
        return self.eval(node.then if condition else node.otherwise)

    def elvis(self, node: Elvis) -> Value:
        value = self.eval(node.value)
        truth = groovy_truth(value)
        if truth is UNKNOWN:
            return _join(value, self.eval(node.fallback))
        return value if truth else self.eval(node.fallback)

    def cast(self, node: Cast) -> Value:
        if not isinstance(node.type, TypeRef):
            return UNKNOWN  # the parser puts `x as Integer + 1` together oddly: do not trust it
        type_name, java = node.type.name, node.java

        def cast(value: Value) -> Value:
            converted = cast_to(value, type_name)
            if java and (converted.__class__ is not value.__class__ or converted != value):
                return UNKNOWN  # `(Integer) '5'` converts nothing: it throws
            return converted

        return _each(cast, self.eval(node.expr))

    def call_function(self, function: FunctionDef, node: Call) -> Value:
        """A function the config defines (`check_max(16.h * task.attempt, 'time')`): its
        body runs with the arguments as its parameters' values."""
        if self.depth >= MAX_CALL_DEPTH or len(node.args) != len(function.params) \
                or any(isinstance(arg, NamedArg) for arg in node.args):
            return UNKNOWN  # default parameter values and named arguments are not modelled
        scope = {param.name: self.eval(arg) for param, arg in zip(function.params, node.args)}
        return _Evaluator(self.env, scope, self.budget, self.depth + 1).run(function.body)

    # ------------------------------------------------------------ closures

    def call(self, closure: Closure) -> Value:
        for param in closure.params:
            self.scope[param.name] = UNKNOWN  # Nextflow passes no arguments we know of
        return self.run(closure.body)

    def run(self, statements: tuple[Stmt, ...]) -> Value:
        """The closure's result. Groovy returns the value of the last statement when it is
        an expression, also inside a final if/else, and null when nothing is returned."""
        # The statements after the current one are sliced off only where a branch needs
        # them: a slice at every statement made a long body cost the square of its length.
        last = len(statements) - 1
        for index, statement in enumerate(statements):
            self.budget.spend()
            if isinstance(statement, Return):
                return None if statement.value is None else self.eval(statement.value)
            if isinstance(statement, If):
                return self.branch(statement, statements[index + 1:])
            if isinstance(statement, Switch):
                return self.switch(statement, statements[index + 1:])
            if isinstance(statement, Try):
                return self.attempt(statement, statements[index + 1:])
            if isinstance(statement, ExprStmt):
                if index == last:
                    return self.eval(statement.expr)
                self.forget_names_in(statement.expr)
            elif isinstance(statement, VarDecl):
                self.declare(statement)
            elif not (isinstance(statement, AssignStmt) and self.assign(statement)):
                return UNKNOWN  # loops, try, throw, assert, assignments to properties
        # Ran off the end: nothing at all is null; a final declaration or assignment is
        # left unknown rather than relying on Groovy's value for it.
        return None if not statements else UNKNOWN

    def branch(self, statement: If, rest: tuple[Stmt, ...]) -> Value:
        # The chosen branch continues with the statements after the `if`.
        then = statement.then + rest
        otherwise = (statement.otherwise or ()) + rest
        condition = groovy_truth(self.eval(statement.condition))
        if condition is UNKNOWN:
            return _join(self.fork().run(then), self.fork().run(otherwise))
        return self.run(then if condition else otherwise)

    def attempt(self, statement: Try, rest: tuple[Stmt, ...]) -> Value:
        """`try { body } catch (...) { handler }`: when the body runs to a known value, nothing
        in it threw and that is the value; else a `catch` may have run instead: unknown. (A
        `finally` block is not modelled.)"""
        if statement.finally_body:
            return UNKNOWN
        return self.fork().run(statement.body + rest)

    def switch(self, statement: Switch, rest: tuple[Stmt, ...]) -> Value:
        """Groovy's switch: the first case with a label that matches the subject (isCase)
        runs, and the cases after it (falling through) up to a `break`, then the statements
        after the switch; with no match, the default case does. A label that cannot be
        decided runs both ways, as an `if` with an unknown condition does, up to
        MAX_UNDECIDED_LABELS of them: past that the value is unknown (each way runs the cases
        after its label, so a long switch without `break`s would cost the square of its length)."""
        subject = self.eval(statement.subject)
        labels = [(index, label) for index, case in enumerate(statement.cases) for label in case.labels]
        return self.match_labels(subject, statement.cases, labels, 0, rest, MAX_UNDECIDED_LABELS)

    def match_labels(self, subject: Value, cases: tuple[Case, ...], labels: list[tuple[int, Expr]], start: int,
                     rest: tuple[Stmt, ...], undecided: int) -> Value:
        for position in range(start, len(labels)):
            index, label = labels[position]
            matched = _is_case(self.eval(label), subject)
            if matched is True:
                return self.run(self.cases_from(cases, index) + rest)
            if matched is UNKNOWN:
                if not undecided:
                    return UNKNOWN
                return _join(self.fork().run(self.cases_from(cases, index) + rest),
                             self.fork().match_labels(subject, cases, labels, position + 1, rest, undecided - 1))
        default = next((index for index, case in enumerate(cases) if case.default), None)
        return self.run(rest if default is None else self.cases_from(cases, default) + rest)

    def cases_from(self, cases: tuple[Case, ...], index: int) -> tuple[Stmt, ...]:
        """What runs once case `index` is chosen: its statements and those of the cases after
        it, up to the first `break` among them. (A `break` inside an `if` there is left in:
        run() does not know it, so that path is unknown.) Each statement taken is a step: a
        switch without `break`s whose labels are unknown would take them all at every label."""
        statements: list[Stmt] = []
        for case in cases[index:]:
            for statement in case.body:
                self.budget.spend()
                if isinstance(statement, Break):
                    return tuple(statements)
                statements.append(statement)
        return tuple(statements)

    def forget_names_in(self, expr: Expr) -> None:
        # An expression statement is there for its effect (`x++`, `list << 1`,
        # `list.add(1)`): any local it names may have changed.
        if not self.scope:
            return
        # The names under a statement are the same at every call of a function (check_max
        # runs per process and directive): found once per node.
        named = per_node(expr, "names", lambda: frozenset(
            item.name for item in _walk(expr) if isinstance(item, Name)))
        for name in named.intersection(self.scope):
            self.scope[name] = UNKNOWN

    def declare(self, statement: VarDecl) -> None:
        value = None if statement.value is None else self.eval(statement.value)
        if statement.type is not None or len(statement.names) > 1:
            # `int x = v` converts or throws, `def (a, b) = list` spreads: not modelled.
            value = UNKNOWN
        for name in statement.names:
            self.scope[name] = value

    def assign(self, statement: AssignStmt) -> bool:
        """`x = v`, `x += v` to a variable; False for targets with side effects elsewhere."""
        if not isinstance(statement.target, Name):
            return False
        value = self.eval(statement.value)
        if statement.op != "=":
            value = groovy_binary(statement.op[:-1], self.name(statement.target), value)
        self.scope[statement.target.name] = value
        return True


_EXPRESSIONS: dict[type, Callable[[_Evaluator, Expr], Value]] = {
    Literal: _Evaluator.literal, GString: _Evaluator.gstring, Name: _Evaluator.name,
    Property: _Evaluator.property, Call: _Evaluator.call_expr, Index: _Evaluator.index,
    Binary: _Evaluator.binary, Unary: _Evaluator.unary, Ternary: _Evaluator.ternary,
    Elvis: _Evaluator.elvis, Cast: _Evaluator.cast, ListExpr: _Evaluator.list_expr,
    MapExpr: _Evaluator.map_expr,
}


# ---------------------------------------------------------------- helpers on values


def _is_case(label: Value, subject: Value) -> Value:
    """Groovy's `label.isCase(subject)` for the values evaluated here: a list or range
    contains the subject, any other value equals it (a class, a pattern or a closure as a
    label is unknown)."""
    if label is UNKNOWN or subject is UNKNOWN:
        return UNKNOWN
    if isinstance(label, (tuple, range)):
        return groovy_binary("in", subject, label)
    if label is None or isinstance(label, (str, int, float, Duration, MemoryUnit)):
        return groovy_binary("==", subject, label)
    return UNKNOWN


def _join(a: Value, b: Value) -> Value:
    """Both ways of an undecided condition: the value, or the values (a OneOf) they may give;
    unknown when either way is."""
    return one_of((a, b))


def _each(operation: Callable[..., Value], *values: Value) -> Value:
    """`operation` on plain values; on a OneOf, on each option (each combination of the
    options of several), the results joined."""
    if OneOf not in map(type, values):
        return operation(*values)
    results = []
    for combination in itertools.product(*(v.options if isinstance(v, OneOf) else (v,) for v in values)):
        result = operation(*combination)
        if result is UNKNOWN or len(results) > MAX_COMBINATIONS:
            return UNKNOWN
        results.append(result)
    return one_of(results)


# Combinations of options one operation tries (two OneOf of 8 make 64) before it gives up.
MAX_COMBINATIONS = 64


# ---------------------------------------------------------------- tree helpers


def _dotted(node: object) -> str | None:
    """`a.b.c` for a chain of names and properties (`?.` included), else None."""
    names: list[str] = []
    while isinstance(node, Property) and node.op in (".", "?."):
        names.append(node.name)
        node = node.obj
    if not isinstance(node, Name):
        return None
    names.append(node.name)
    return ".".join(reversed(names))


def _walk(root: Node) -> Iterator[Node]:
    """Every node under root, without recursion (operator chains can be thousands deep)."""
    stack: list[object] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            stack.extend(item)
        elif isinstance(item, Node):
            yield item
            stack.extend(node_children(item))

