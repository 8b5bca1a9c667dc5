"""Duration and memory values Nextflow cannot convert (CFG013 invalid-unit): which settings
and directives Nextflow converts to a duration or memory size, what is wrong with a value,
and the corrected text when it is clear."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields as dataclass_fields
from typing import Iterator

from ..syntax import nodes as n
from ..fixes import TextEdit
from ..config.loader import Setting
from ..config.model import ConfigModel, Directive
from ..span import Span
from ..speed.value_memo import node_fact, params_part, per_lint, per_node, reads_params
from ..values.values import (
    duration_unit, java_trim, memory_unit, number_with_unit, parse_duration_string, parse_memory_string,
)
from .config_values import (
    literal_edit, node_location, param_setting, process_directive, returned_leaves, string_literal, known_string,
)

DURATION, MEMORY, UNIT = "duration", "memory", "unit"

# Process directives whose strings Nextflow converts (TaskConfig; trimmed first).
_PROCESS_KINDS: dict[tuple[str, ...], str] = {
    ("time",): DURATION, ("maxSubmitAwait",): DURATION, ("memory",): MEMORY, ("disk",): MEMORY,
    ("resourceLimits", "time"): DURATION, ("resourceLimits", "memory"): MEMORY,
    ("resourceLimits", "disk"): MEMORY,
}
_LIMIT_KINDS = {"time": DURATION, "memory": MEMORY, "disk": MEMORY}
# Executor options (also under `executor.$name`).
_EXECUTOR_KINDS: dict[tuple[str, ...], str] = {
    ("pollInterval",): DURATION, ("queueStatInterval",): DURATION, ("dumpInterval",): DURATION,
    ("exitReadTimeout",): DURATION, ("retry", "delay"): DURATION, ("retry", "maxDelay"): DURATION,
    ("memory",): MEMORY,
}
_OTHER_KINDS: dict[tuple[str, ...], str] = {("aws", "batch", "delayBetweenAttempts"): DURATION}
# The last names of the keys above: a key ending otherwise has no kind.
_KIND_NAMES = frozenset(
    {key[-1] for kinds in (_PROCESS_KINDS, _EXECUTOR_KINDS, _OTHER_KINDS) for key in kinds} | {"resourceLimits"})
_CAST_KINDS = {"Duration": DURATION, "nextflow.util.Duration": DURATION,
               "MemoryUnit": MEMORY, "nextflow.util.MemoryUnit": MEMORY}
# Number properties Groovy resolves before Nextflow's units are tried.
_NUMBER_PROPERTIES = {"class", "metaClass", "MAX_VALUE", "MIN_VALUE", "SIZE", "BYTES", "TYPE"}

# Unit spellings people write for Nextflow's (lower-cased): hr → h.
_DURATION_ALIASES = {
    "hr": "h", "hrs": "h", "mins": "min", "secs": "s", "msec": "ms", "msecs": "ms",
    "millisecond": "ms", "milliseconds": "ms",
}
_MEMORY_WORDS = {"kilobyte": "KB", "megabyte": "MB", "gigabyte": "GB", "terabyte": "TB", "petabyte": "PB",
                 "byte": "B", "bytes": "B", "gig": "GB", "gigs": "GB"}
# 8 gb, 8 GiB, 8 Gi, 8 gbs: the letter is what counts (GiB → GB: Nextflow's GB is 1024-based).
_MEMORY_UNIT = re.compile(r"([kmgtpez])(?:ib|i|b|bs|ibs)?", re.IGNORECASE)
_DURATION_PART = re.compile(r"([0-9]+\.?[0-9]*)(\s*)([A-Za-z]+)")
_MEMORY_TEXT = re.compile(r"\s*([0-9]+\.?[0-9]*|\.[0-9]+)(\s*)([A-Za-z]+)\s*")


@dataclass(frozen=True)
class Problem:
    """A value Nextflow cannot convert to a duration or memory size, and its fix if clear."""

    node: n.Node
    shown: str  # the offending value as the message shows it: '1hr', 4.hr, params.x ('1hr')
    kind: str  # DURATION, MEMORY, or UNIT (an unknown N.unit property)
    fixed: str | None  # the corrected text, for the message
    edit: TextEdit | None


def _kind_of(key: tuple[str, ...]) -> str | None:
    if key[-1] not in _KIND_NAMES:
        return None  # most settings (asked for each of a lint's settings)
    directive = process_directive(key)
    if directive is not None:
        return _PROCESS_KINDS.get(directive) or ("limits" if directive == ("resourceLimits",) else None)
    if key[:1] == ("executor",):
        rest = key[2:] if len(key) > 2 and key[1].startswith("$") else key[1:]
        return _EXECUTOR_KINDS.get(rest)
    return _OTHER_KINDS.get(key)


def unit_candidates(model: ConfigModel) -> list[Setting]:
    """The settings of the whole config (every profile) that have problems, or may have in
    some scenario because of the params: each scenario checks only these."""
    def candidate(setting: Setting) -> bool:
        if type(setting.value) is n.Literal and _kind_of(setting.key) is None:
            return False  # most settings: a literal that nothing converts to a unit
        # Without params involved, the answer is a fact about the value node and the key,
        # kept with the node (an include's tree is shared by every config including it).
        return node_fact(setting.value, ("unit-candidate", setting.key),
                         lambda: _is_candidate(model, setting))

    def find() -> list[Setting]:
        return [s for s in model.loaded.settings if candidate(s)]
    return per_lint(model.loaded, "unit-candidates", find)


def _is_candidate(model: ConfigModel, setting: Setting) -> bool:
    if _kind_of(setting.key) is None and not _suspects(setting.value):
        return False  # nothing converted to a unit, no `4.hr`, no cast
    return _params_matter(setting) or bool(unit_problems(model, setting))


def _params_matter(setting: Setting) -> bool:
    """Whether a value's problems can change with the params: only a value checked as a
    duration or memory (a string param used directly) or holding a cast (`params.x as
    Duration`) evaluates them; `"${params.outdir}/trace.txt"` has the same problems anywhere."""
    if not reads_params(setting.value):
        return False
    if _kind_of(setting.key) is not None:
        return True
    return any(isinstance(node, n.Cast) for node in _suspects(setting.value))


def unit_problems(model: ConfigModel, setting: Setting) -> list[Problem]:
    """A setting's problems depend on the model only through the params its value reads, and
    most settings are the same in every profile scenario (nf-core/configs has 150 profiles):
    found once per lint and params. (A model's params are worked out when first asked for:
    not asked for a value that reads none.)"""
    value = setting.value
    own = ("unit-problems", params_part(value, model.params) if reads_params(value) else None)
    return per_lint(setting, own, lambda: _setting_problems(model, setting))


def script_directive_problems(model: ConfigModel, directive: Directive) -> list[Problem]:
    """The problems of a directive written in a pipeline script (checked as it is written)."""
    return _value_problems(model, directive, directive.value, _PROCESS_KINDS.get((directive.name,)))


def _setting_problems(model: ConfigModel, setting: Setting) -> list[Problem]:
    # A string param has no kind: it is converted only where something uses it (and then
    # perhaps otherwise), so it is checked there. N.unit properties fail wherever they are.
    return _value_problems(model, setting, setting.value, _kind_of(setting.key))


def _value_problems(model: ConfigModel, source: Setting | Directive, value: n.Expr,
                    kind: str | None) -> list[Problem]:
    problems: dict[int, Problem] = {}
    if kind is not None:
        for leaf in returned_leaves(value):
            for problem in _leaf_problems(model, source, leaf, kind):
                problems.setdefault(problem.node.span.start, problem)
    for problem in _unit_properties_and_casts(model, source, value):
        problems.setdefault(problem.node.span.start, problem)
    return [problems[start] for start in sorted(problems)]


def _leaf_problems(model: ConfigModel, source: Setting | Directive, leaf: n.Expr, kind: str) -> Iterator[Problem]:
    if isinstance(leaf, n.MapExpr):
        # resourceLimits = [memory: .., time: ..]; disk = [request: '100 GB', type: 'local-ssd']
        wanted = _LIMIT_KINDS if kind == "limits" else {"request": kind} if _name_of(source) == "disk" else {}
        for entry in leaf.entries:
            entry_name = string_literal(entry.key) if isinstance(entry.key, n.Literal) else None
            if entry_name in wanted:
                for inner in returned_leaves(entry.value):
                    yield from _leaf_problems(model, source, inner, wanted[entry_name])
        return
    if kind == "limits" or isinstance(leaf, (n.Closure, n.Cast)):
        return  # casts are checked wherever they are written
    problem = _string_problem(model, source, leaf, kind, attempt=1)
    if problem is not None:
        yield problem


def _string_problem(model: ConfigModel, source: Setting | Directive, expr: n.Expr, kind: str,
                    attempt: int | None = None) -> Problem | None:
    """A string literal, or an expression whose text the config alone decides (a GString, a
    param used directly), that Nextflow cannot convert to `kind`."""
    text = string_literal(expr)
    if text is not None:
        if _valid(text, kind):
            return None
        fixed = _fixed(text, kind)
        _, span, exact = node_location(source, expr)
        edit = literal_edit(span, expr, fixed) if fixed is not None and exact else None  # type: ignore[arg-type]
        return Problem(expr, repr(text), kind, None if fixed is None else repr(fixed), edit)
    known = known_string(model, expr, attempt)
    if known is None or _valid(known, kind):
        return None
    param = param_setting(model, expr)
    shown = f"params.{param.key[1]} ({known!r})" if param is not None else repr(known)
    return Problem(expr, shown, kind, None, None)


def _name_of(source: Setting | Directive) -> str:
    return source.key[-1] if isinstance(source, Setting) else source.name


def _unit_properties_and_casts(model: ConfigModel, source: Setting | Directive, value: n.Expr) -> Iterator[Problem]:
    for node in _suspects(value):
        if isinstance(node, n.Property):
            problem = _unit_property(source, node)
        else:
            problem = _string_problem(model, source, node.expr, _CAST_KINDS[node.type.name])  # type: ignore[attr-defined]
        if problem is not None:
            yield problem


def _suspects(value: n.Expr) -> list[n.Property | n.Cast]:
    """The `<number>.<name>` properties (not method calls such as 4.toString()) and the casts
    to Duration/MemoryUnit under a value, in tree order; found once per value node."""
    if type(value) is n.Literal:
        return []  # most values: nothing under a literal
    return per_node(value, "unit-suspects", lambda: _find_suspects(value))


def _find_suspects(value: n.Expr) -> list[n.Property | n.Cast]:
    # Every value node that is not a literal is walked once (~10,000 on the shared corpus):
    # names, literals and plain field values are not pushed, and each class's fields are
    # looked up once; nodes are still met in the same order as a walk of node_children.
    found: list[n.Property | n.Cast] = []
    stack: list[object] = [value]
    push, pop = stack.append, stack.pop
    fields_of = _CHILD_FIELDS
    while stack:
        node = pop()
        kind = type(node)
        if kind is tuple:
            stack.extend(node)  # type: ignore[arg-type]
            continue
        if kind is n.Property:
            if type(node.obj) is n.Literal:  # type: ignore[attr-defined]
                found.append(node)  # type: ignore[arg-type]
        elif kind is n.Cast and node.type.name in _CAST_KINDS:  # type: ignore[attr-defined]
            found.append(node)  # type: ignore[arg-type]
        fields = fields_of.get(kind)
        if fields is None:
            if not isinstance(node, n.Node):
                continue
            fields = fields_of[kind] = tuple(f.name for f in dataclass_fields(kind) if f.name != "span")
        callee = node.callee if kind is n.Call else None  # type: ignore[attr-defined]
        for name in fields:
            child = getattr(node, name)
            if child is callee and type(callee) is n.Property:
                push(callee.obj)  # `4.toString()` calls a method: not a unit property
            elif type(child) is tuple or isinstance(child, n.Node):
                push(child)
    return found


# Each node class's fields other than its span; none for the leaves (names, literals and
# types hold only plain values).
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {n.Literal: (), n.Name: (), n.TypeRef: ()}


def _unit_property(source: Setting | Directive, node: n.Property) -> Problem | None:
    """`4.hr`: NumberDelegatingMetaClass tries the name as a duration unit (lower-cased), then
    as a memory unit (upper-cased); anything else is a MissingPropertyException."""
    number = node.obj
    if node.op != "." or not isinstance(number, n.Literal) or number.kind not in ("int", "float"):
        return None
    if node.name in _NUMBER_PROPERTIES or duration_unit(node.name) or memory_unit(node.name):
        return None
    value = number.value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    unit = _property_unit(node.name)
    if unit is not None and number_with_unit(value, unit) is None:
        unit = None
    written = number.raw or str(value)
    edit = None
    _, span, exact = node_location(source, node)
    if unit is not None and exact and span.end_column - span.column > len(node.name):
        edit = TextEdit(Span(span.end - len(node.name), span.end, span.end_line, span.end_column - len(node.name),
                             span.end_line, span.end_column), unit)
    return Problem(node, f"{written}.{node.name}", UNIT, None if unit is None else f"{written}.{unit}", edit)


def _valid(text: str, kind: str) -> bool:
    trimmed = java_trim(text)
    if not trimmed:
        return True  # an empty value means "not set"
    parse = parse_duration_string if kind == DURATION else parse_memory_string
    return parse(trimmed) is not None


def _fixed(text: str, kind: str) -> str | None:
    trimmed = java_trim(text)
    fixed = _fixed_duration(trimmed) if kind == DURATION else _fixed_memory(trimmed)
    if fixed is None or fixed == text or not _valid(fixed, kind):
        return None
    return fixed


def _fixed_duration(text: str) -> str | None:
    """'1hr' → '1h', '1H 30M' → '1h 30m', '1h, 30m' → '1h 30m'; None when unclear."""
    parts: list[str] = []
    position = 0
    for match in _DURATION_PART.finditer(text):
        gap = text[position:match.start()]
        if (gap and not parts) or (parts and not re.fullmatch(r"\s*,?\s*", gap)):
            return None
        lower = match[3].lower()
        unit = lower if duration_unit(lower) is not None else _DURATION_ALIASES.get(lower)
        if unit is None:
            return None
        parts.append(match[1] + match[2] + unit)
        position = match.end()
    if not parts or text[position:]:
        return None
    return " ".join(parts)


def _memory_unit_for(unit: str) -> str | None:
    lower = unit.lower()
    word = _MEMORY_WORDS.get(lower) or _MEMORY_WORDS.get(lower[:-1] if lower.endswith("s") else "")
    if word is not None:
        return word
    match = _MEMORY_UNIT.fullmatch(unit)
    return match[1].upper() + "B" if match else None


def _fixed_memory(text: str) -> str | None:
    """'8 gb' → '8 GB', '8 GiB' → '8 GB' (Nextflow's GB is 1024-based), '8Gb' → '8GB'."""
    match = _MEMORY_TEXT.fullmatch(text)
    if match is None:
        return None
    unit = _memory_unit_for(match[3])
    return None if unit is None else match[1] + match[2] + unit


def _property_unit(name: str) -> str | None:
    """The unit meant by an unknown `N.name`: 4.hr → h, 8.gib → GB, 8.g → GB."""
    return _DURATION_ALIASES.get(name.lower()) or _memory_unit_for(name)
