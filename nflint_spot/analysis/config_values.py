"""Facts the config-correctness rules (CFG010, CFG013–CFG016, SPOT009) share: which
assignments are in effect, where a setting's parts are written, which values a directive can
resolve to, and whether a process can retry at all."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

from ..syntax import nodes as n
from .aws import ERROR_STRATEGIES, plan_attempts
from .batch_processes import per_views
from ..values.evaluator import UNKNOWN, EvalEnv, evaluate
from ..fixes import TextEdit
from ..config.loader import Setting
from ..config.model import ConfigModel, Directive, ProcessView
from ..span import Span
from ..speed.directive_values import directive_value
from ..speed.value_memo import key_facts, node_fact, per_lint

SELECTOR_PREFIXES = ("withName:", "withLabel:")
# Include outcomes that leave part of the config unread: what it sets cannot be known.
_UNREAD_INCLUDES = ("missing", "unreadable", "syntax-error", "remote", "unresolved")
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_QUOTES = ("'''", '"""', "'", '"', "/")


def settings_in_effect(model: ConfigModel, matching: Callable[[tuple[str, ...]], bool] | None = None) -> list[Setting]:
    """Every assignment of the base config and the selected profiles, overridden ones too;
    with `matching`, only those whose key it accepts (filtered once per config, not once per
    profile scenario: nf-core/configs has 150)."""
    candidates = model.loaded.settings
    if matching is not None:
        candidates = per_lint(model.loaded, ("settings-matching", matching),
                              lambda: _matching(model.loaded.settings, matching))
    return [s for s in candidates if s.profile is None or s.profile in model.profiles]


def set_in_a_profile(model: ConfigModel, key: tuple[str, ...]) -> bool:
    """Whether some profile of the config (selected or not) sets `key`: once per config."""
    return bool(per_lint(model.loaded, ("set-in-a-profile", key),
                         lambda: any(s.key == key and s.profile is not None for s in model.loaded.settings)))


def _matching(settings: list[Setting], matching: Callable[[tuple[str, ...]], bool]) -> list[Setting]:
    known = key_facts(("settings-matching", matching))
    found = []
    for setting in settings:
        hit = known.get(setting.key)
        if hit is None:
            hit = known[setting.key] = matching(setting.key)
        if hit:
            found.append(setting)
    return found


def is_selector(part: str) -> bool:
    return part.startswith(SELECTOR_PREFIXES)


def process_directive(key: tuple[str, ...]) -> tuple[str, ...] | None:
    """('process', 'withName:X', 'ext', 'args') → ('ext', 'args'); None outside `process`."""
    if not key or key[0] != "process":
        return None
    rest = key[1:]
    if rest and is_selector(rest[0]):
        rest = rest[1:]
    return rest or None


def dotted_key(key: tuple[str, ...]) -> str:
    """How the key is written in dot form: process.'withName:FOO'.maxRetries."""
    return ".".join(part if _IDENTIFIER.fullmatch(part) else f"'{part}'" for part in key)


# ---------------------------------------------------------------- where things are written


def assignment_of(model: ConfigModel, setting: Setting) -> n.Assignment | None:
    """The assignment statement a setting comes from (for the spans of its path segments)."""
    source = model.loaded.files.get(setting.path)
    if source is None or source.document is None:
        return None
    stack: list[object] = list(source.document.body)
    while stack:
        item = stack.pop()
        if isinstance(item, n.Assignment):
            if item.span.start == setting.span.start and item.span.end == setting.span.end:
                return item
        elif isinstance(item, (n.Block, n.Selector)):
            stack.extend(item.body)
        elif isinstance(item, n.If):
            stack.extend(item.then + (item.otherwise or ()))
        elif isinstance(item, n.Try):
            stack.extend(item.body + (item.finally_body or ()))
            for catch in item.catches:
                stack.extend(catch.body)
        elif isinstance(item, n.Switch):
            for case in item.cases:
                stack.extend(case.body)
    return None


def is_script_directive(directive: Directive) -> bool:
    """A directive written in a process definition (a pipeline script, not a config)."""
    return directive.provenance.tier == "process"


def script_directives(model: ConfigModel) -> list[Directive]:
    """The directives written in the pipeline's process definitions, each once (scenarios
    that leave the process settings alone share their views, hence once per views list)."""
    if not model.definitions:
        return []  # they come from a pipeline's definitions only: no views made to find none
    return per_lint(model.processes, "script-directives", lambda: _script_directives(model))


def _script_directives(model: ConfigModel) -> list[Directive]:
    found: dict[tuple[str, int], Directive] = {}
    for view in model.processes:
        if view.definition is None:
            continue  # a selector scope: no process definition, no script directive
        for directive in view.directives.values():
            if is_script_directive(directive):
                found.setdefault((directive.provenance.path, directive.provenance.span.start), directive)
    return list(found.values())


def script_span(directive: Directive, node: n.Node) -> Span | None:
    """Where a node of a script directive's value is in the script. The pipeline scanner parses
    the value text on its own, so node spans count from the value's start; only nodes on the
    value's first line can be placed exactly."""
    outer, inner = directive.provenance.span, node.span
    if inner.line != 1 or inner.end_line != 1:
        return None
    return Span(outer.start + inner.start, outer.start + inner.end, outer.line, outer.column + inner.start,
                outer.line, outer.column + inner.end)


def node_location(source: Setting | Directive, node: n.Node) -> tuple[str, Span, bool]:
    """(path, span, exact) of a node of a setting's or directive's value; `exact` is False when
    the span falls back to the whole directive."""
    if isinstance(source, Setting):
        return source.path, node.span, True
    span = script_span(source, node) if is_script_directive(source) else node.span
    if span is None:
        return source.provenance.path, source.provenance.span, False
    return source.provenance.path, span, True


def requote(literal: n.Literal, new_value: str) -> str | None:
    """The literal's source text with its content replaced, keeping its quotes; None when the
    source holds escapes (then the content is not the text between the quotes)."""
    raw = literal.raw
    for quote in _QUOTES:
        if len(raw) >= 2 * len(quote) and raw.startswith(quote) and raw.endswith(quote):
            if raw[len(quote):-len(quote)] == literal.value:
                return quote + new_value + quote
            return None
    return None


def literal_edit(span: Span, literal: n.Literal, new_value: str) -> TextEdit | None:
    text = requote(literal, new_value)
    return None if text is None else TextEdit(span, text)


# ---------------------------------------------------------------- values


def returned_leaves(expr: n.Expr) -> list[n.Expr]:
    """The expressions a value can resolve to: a closure's `return`s and final expressions
    (through if/else and try), the branches of `?:` and `a ?: b`. Other expressions are
    leaves themselves; a leaf is not necessarily a literal."""
    leaves: list[n.Expr] = []
    stack: list[n.Expr] = [expr]
    while stack:
        item = stack.pop()
        if isinstance(item, n.Closure) and item is expr:
            stack.extend(reversed(_closure_results(item.body)))
        elif isinstance(item, n.Ternary):
            stack += [item.otherwise, item.then]
        elif isinstance(item, n.Elvis):
            stack += [item.fallback, item.value]
        else:
            leaves.append(item)
    return leaves


def _closure_results(body: tuple[n.Stmt, ...]) -> list[n.Expr]:
    found = [r.value for r in _returns(body) if r.value is not None]
    return found + _tail(body)


def _returns(body: tuple[n.Stmt, ...]) -> Iterator[n.Return]:
    # Statements only: a `return` inside a nested closure belongs to that closure.
    stack: list[n.Stmt] = list(body)
    while stack:
        statement = stack.pop()
        if isinstance(statement, n.Return):
            yield statement
        elif isinstance(statement, n.If):
            stack.extend(statement.then + (statement.otherwise or ()))
        elif isinstance(statement, n.Try):
            stack.extend(statement.body + (statement.finally_body or ()))
            for catch in statement.catches:
                stack.extend(catch.body)
        elif isinstance(statement, (n.For, n.CountedFor, n.While)):
            stack.extend(statement.body)
        elif isinstance(statement, n.Switch):
            for case in statement.cases:
                stack.extend(case.body)


def _tail(body: tuple[n.Stmt, ...]) -> list[n.Expr]:
    """Groovy returns the value of the last statement when it is an expression."""
    if not body:
        return []
    last = body[-1]
    if isinstance(last, n.ExprStmt):
        return [last.expr]
    if isinstance(last, n.If):
        return _tail(last.then) + _tail(last.otherwise or ())
    if isinstance(last, n.Try):
        result = _tail(last.body)
        for catch in last.catches:
            result += _tail(catch.body)
        return result
    if isinstance(last, n.Switch):
        # Groovy returns the last value before each case's `break`, and the default case's
        # last value (ReturnAdder); a case falling through returns what the next one does.
        result = []
        for case in last.cases:
            body = case.body[:-1] if case.body and isinstance(case.body[-1], n.Break) else case.body
            result += _tail(body)
        return result
    return []


_NO_PARAMS: dict[str, object] = {}


def fixed_zero(value: n.Expr) -> bool:
    """Whether a value is 0 whatever the params: they may be overridden on the command line,
    so only a value the config itself fixes counts."""
    result = directive_value(value, None, None, _NO_PARAMS)
    return isinstance(result, (int, float)) and not isinstance(result, bool) and result == 0


def string_literal(expr: n.Expr) -> str | None:
    if isinstance(expr, n.Literal) and expr.kind in ("string", "slashy") and isinstance(expr.value, str):
        return expr.value
    return None


def known_string(model: ConfigModel, expr: n.Expr, attempt: int | None = None) -> str | None:
    """A non-literal leaf (a GString, a param) when its text is known from the config alone."""
    value = evaluate(expr, EvalEnv(attempt=attempt, params=model.params))
    return value if value is not UNKNOWN and isinstance(value, str) else None


def param_setting(model: ConfigModel, expr: n.Expr) -> Setting | None:
    """The config setting of `params.x` / `params['x']`, when expr is one."""
    name: str | None = None
    if isinstance(expr, n.Property) and isinstance(expr.obj, n.Name) and expr.obj.name == "params":
        name = expr.name
    elif (isinstance(expr, n.Index) and isinstance(expr.obj, n.Name) and expr.obj.name == "params"
          and len(expr.index) == 1 and string_literal(expr.index[0]) is not None):
        name = string_literal(expr.index[0])
    return None if name is None else model.settings.get(("params", name))


# ---------------------------------------------------------------- retries


def error_strategy_is_known(model: ConfigModel) -> bool:
    """Whether the linted config says all there is about errorStrategy: a complete one
    (ConfigModel.complete), or a fragment that sets it itself in this scenario, with every
    include of the scenario read. A fragment that sets none is usually layered over a
    pipeline's own config (institutional profiles), which does set one."""
    if model.complete:
        return True
    for record in model.loaded.includes:
        if record.status in _UNREAD_INCLUDES and model.in_scope(record.profile, record.within):
            return False
    # The scenario's settings are the base config's and its profiles' (merge_settings): the
    # profiles setting errorStrategy are found once per lint, not by a scan of every
    # scenario's settings (nf-core/configs has 150 profiles).
    setting = per_lint(model.loaded, "error-strategy-profiles", lambda: _error_strategy_profiles(model))
    return None in setting or any(profile in setting for profile in model.profiles)


def _error_strategy_profiles(model: ConfigModel) -> frozenset[str | None]:
    """The profiles (None: the base config) with an errorStrategy setting of `process`."""
    return frozenset(s.profile for s in model.loaded.settings if process_directive(s.key) == ("errorStrategy",))


def _misspelled(strategy: n.Expr) -> bool:
    return any(text is not None and text.lower() not in ERROR_STRATEGIES
               for text in map(string_literal, returned_leaves(strategy)))


@dataclass(frozen=True)
class RetryOutlook:
    """Can a process's errorStrategy ever resolve to 'retry'? True, False, or None (unknown)."""

    view: ProcessView
    possible: bool | None


def retry_outlook(model: ConfigModel, view: ProcessView, assume_complete: bool = False) -> RetryOutlook:
    if view.undecided_selectors:
        return RetryOutlook(view, None)  # a selector we could not match may set errorStrategy
    strategy = view.get("errorStrategy")
    if strategy is not None and node_fact(strategy.value, "misspelled-strategy", lambda: _misspelled(strategy.value)):
        return RetryOutlook(view, None)  # a misspelled strategy (invalid-error-strategy): intent unknown
    possible = plan_attempts(model, view).retries_possible
    if possible is False and not (assume_complete or error_strategy_is_known(model)):
        possible = None
    return RetryOutlook(view, possible)


def zero_max_retries_groups(model: ConfigModel) -> list[tuple[Directive, list[RetryOutlook]]]:
    """Each fixed `maxRetries = 0` and the retry outlook of the views it applies to, taking
    the config as complete: once for the scenarios sharing the views and their plans."""
    def compute() -> list[tuple[Directive, list[RetryOutlook]]]:
        groups: dict[tuple[str, int], tuple[Directive, list[RetryOutlook]]] = {}
        zero: dict[int, bool] = {}  # by directive: most views share the defaults' one
        for view in model.processes:
            directive = view.get("maxRetries")
            if directive is None:
                continue
            known = zero.get(id(directive))
            if known is None:
                known = zero[id(directive)] = fixed_zero(directive.value)
            if known:
                where = directive.provenance
                groups.setdefault((where.path, where.span.start), (directive, []))[1].append(
                    retry_outlook(model, view, True))
        return list(groups.values())

    return per_views(model, "max-retries-zero", compute)


def max_retries_groups(model: ConfigModel) -> list[tuple[Directive, list[ProcessView]]]:
    """Each maxRetries directive and the views it applies to (once per list of views)."""
    def compute() -> list[tuple[Directive, list[ProcessView]]]:
        groups: dict[tuple[str, int], tuple[Directive, list[ProcessView]]] = {}
        for view in model.processes:
            directive = view.get("maxRetries")
            if directive is not None:
                where = directive.provenance
                groups.setdefault((where.path, where.span.start), (directive, []))[1].append(view)
        return list(groups.values())

    return per_lint(model.processes, "max-retries-groups", compute)
