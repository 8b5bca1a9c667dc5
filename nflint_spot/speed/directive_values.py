"""Directive values and mentions memoised by the expression's structure (value_memo.py):
the evaluator's answers, asked for every directive of every view in every scenario.

Apart from value_memo, whose core the evaluator memoises through (a statement's names), so
that neither imports the other in a circle.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..syntax import nodes as n
from ..values.evaluator import EvalEnv, Value, call_closure_or_value
from ..values.evaluator import mentions as evaluator_mentions
from .value_memo import expression_key, memoised, serial


def directive_value(expr: n.Expr, attempt: int | None, exit_status: int | None,
                    params: Mapping[str, object]) -> Value:
    """`call_closure_or_value(expr, EvalEnv(attempt, exit_status, params))`, memoised."""
    return memoised((*expression_key(expr, params), attempt, exit_status),
                    lambda: call_closure_or_value(expr, EvalEnv(attempt=attempt, exit_status=exit_status,
                                                                 params=params)))


def mentions(expr: n.Node, dotted_name: str) -> bool:
    """evaluator.mentions, once per tree structure."""
    return memoised(("mentions", serial(expr), dotted_name), lambda: evaluator_mentions(expr, dotted_name))
