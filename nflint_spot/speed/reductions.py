"""The callbacks the LALR parser runs at each reduction, built from the tables.

They hand the TreeBuilder's methods exactly the children lists Lark's parse-tree builder
would (with `keep_all_tokens` and `maybe_placeholders`): inlined `_rule`s spliced into
their parent, `None` for each absent `[optional]`, `?rule`s with one child replaced by it.
Lark does this with a chain of Python wrappers per rule and a Tree for every inlined rule;
the parser reduces about twice per token, so that machinery cost more than building the
tree. Here the common reductions are C-level callables (`itemgetter(0)` passes a single
child up, `list` collects a spliced sequence).

What each rule's callback does depends on the grammar alone: `reduction_plans` works it out
as plain data when the tables are built, and it is stored with them (parse_tables.py), so
a start only puts each callback together (`build_callbacks`): ~1 ms less per start.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any, Callable

Rule = tuple[str, tuple[tuple[str, bool], ...], "str | None", bool, tuple[bool, ...]]
# (finish, name, steps, trailing): the callback's last step ("first", "list", "identity",
# "target": the builder's method `name`, "expand": that method unless there is one child),
# after `_filter(steps, trailing)` when `steps` is not None. For an inlined rule `name` is
# the rule, which the builder must not have a method for.
Plan = tuple[str, str, "tuple[tuple[int, bool], ...] | None", int]

_first = itemgetter(0)
pass_up = _first  # the callback of a rule whose value is its only child


def _inlined(name: str, is_terminal: bool) -> bool:
    """Lark splices the children of `_rule`s into their parent."""
    return not is_terminal and name.startswith("_")


def reduction_plans(rules: tuple[Rule, ...]) -> tuple[Plan, ...]:
    """One plan per rule, in the order of `rules` (stored with the tables)."""
    single = _single_child_rules(rules)
    return tuple(_plan(rule, single) for rule in rules)


def build_callbacks(plans: tuple[Plan, ...], builder: Any) -> list[Callable[[list[Any]], Any]]:
    """One callback per rule, from its plan (`reduction_plans`)."""
    return [_callback(plan, builder) for plan in plans]


def _single_child_rules(rules: tuple[Rule, ...]) -> frozenset[str]:
    """The inlined rules whose every alternative gives exactly one child: their value can be
    that child itself instead of a list to splice. (Greatest fixpoint: assume all, then drop
    those with an alternative that does not.)"""
    single = {rule[0] for rule in rules if _inlined(rule[0], False)}
    changed = True
    while changed:
        changed = False
        for origin, expansion, _alias, _expand1, empty in rules:
            if origin not in single:
                continue
            count = sum(empty)  # the None placeholders
            for name, is_terminal in expansion:
                count += 1 if not _inlined(name, is_terminal) or name in single else 2  # 2: unknown
            if count != 1:
                single.discard(origin)
                changed = True
    return frozenset(single)


def _plan(rule: Rule, single: frozenset[str]) -> Plan:
    origin, expansion, alias, expand1, empty = rule
    # How many Nones go before each child and after the last (Lark's empty_indices: True
    # marks an absent optional, False a child that is there).
    nones = [len(run) for run in "".join("1" if e else "0" for e in empty).split("0")] if empty else []
    if not nones:
        nones = [0] * (len(expansion) + 1)
    plan = tuple(
        (nones[i], _inlined(name, is_terminal) and name not in single)
        for i, (name, is_terminal) in enumerate(expansion)
    )
    trailing = nones[len(expansion)]
    plain = trailing == 0 and not any(n or splice for n, splice in plan)

    if _inlined(origin, False):
        if expand1:
            raise ValueError(f"inlined rule {origin} cannot be expanded")
        if origin in single:
            finish = "first"
        else:
            finish = "list" if plain else "identity"
        if plain:
            return finish, origin, None, 0
        if len(plan) == 1 and plan[0] == (0, True) and not trailing:
            return "first", origin, None, 0  # one spliced child: its list is already the result
        return finish, origin, plan, trailing

    if expand1 and not alias and plain and len(expansion) == 1:
        return "first", "", None, 0
    # a plain rule has len(expansion) children, so never just one to expand
    finish = "expand" if expand1 and not alias and not plain else "target"
    return finish, alias or origin, None if plain else plan, trailing


def _callback(plan: Plan, builder: Any) -> Callable:
    finish_kind, name, steps, trailing = plan
    if finish_kind in ("target", "expand"):
        finish = getattr(builder, name, None)
        if finish is None:
            raise ValueError(f"the tree builder has no method for the rule {name}")
        if finish_kind == "expand":
            finish = _expand_single_child(finish)
    else:
        if name and getattr(builder, name, None) is not None:
            raise ValueError(f"inlined rule {name} cannot have a callback")
        finish = _FINISHES[finish_kind]
    return finish if steps is None else _filter(steps, trailing, finish)


def _identity(children: list[Any]) -> list[Any]:
    return children


_FINISHES: dict[str, Callable] = {"first": _first, "list": list, "identity": _identity}


def _expand_single_child(target: Callable) -> Callable:
    def expand(children: list[Any]) -> Any:
        return children[0] if len(children) == 1 else target(children)

    return expand


def _filter(plan: tuple[tuple[int, bool], ...], trailing: int, finish: Callable) -> Callable:
    if plan and plan[0] == (0, True):
        # A left-recursive repetition (`__start_star_0: __start_star_0 _sep _cfg_stmt`):
        # extend the list it has built so far instead of copying it at each step. Safe
        # because every spliced list is made fresh by a callback and used by one reduction.
        rest = plan[1:]

        def extend(children: list[Any]) -> Any:
            out = children[0]
            for (nones, splice), child in zip(rest, children[1:]):
                if nones:
                    out += (None,) * nones
                if splice:
                    out += child
                else:
                    out.append(child)
            if trailing:
                out += (None,) * trailing
            return finish(out)

        return extend

    def reduce(children: list[Any]) -> Any:
        out: list[Any] = []
        for (nones, splice), child in zip(plan, children):
            if nones:
                out += (None,) * nones
            if splice:
                out += child
            else:
                out.append(child)
        if trailing:
            out += (None,) * trailing
        return finish(out)

    return reduce
