"""Values known without running anything: literal params and `includeConfig` paths."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

from ..syntax import nodes as n
from ..syntax.names import node_children
from ..values.evaluator import UNKNOWN, EvalEnv, evaluate

# Remote includes are never fetched (no network, ever).
REMOTE_PREFIXES = ("http://", "https://", "s3://", "gs://", "az://", "ftp://")
# `includeConfig cond ? 'x.config' : '/dev/null'` includes nothing on the null branch.
NULL_INCLUDES = ("/dev/null", "")
# Names a config may use for directories; all resolve to the pipeline (project) directory
# because the linter runs where the pipeline is.
DIRECTORY_NAMES = ("projectDir", "baseDir", "launchDir")


def literal_value(expr: n.Expr, params: Mapping[str, object]) -> object | None:
    """The value of an expression built from literals and known params, else None."""
    value = evaluate(expr, EvalEnv(params=params))
    return None if value is UNKNOWN else value


@dataclass(frozen=True, slots=True)
class IncludeTarget:
    """status: ok (path set), remote, null, unresolved."""

    status: str
    path: str | None = None
    detail: str = ""


def include_targets(expr: n.Expr, base_dir: str, project_dir: str,
                    params: Mapping[str, object]) -> list[IncludeTarget]:
    """Where an include may point. A condition we cannot decide keeps both branches."""
    env = EvalEnv(params=params, names={name: project_dir for name in DIRECTORY_NAMES})
    if isinstance(expr, n.Ternary):
        condition = evaluate(expr.condition, env)
        if condition is UNKNOWN:
            branches = [expr.then, expr.otherwise]
        else:
            branches = [expr.then if _truthy(condition) else expr.otherwise]
        return [t for b in branches for t in include_targets(b, base_dir, project_dir, params)]
    value = evaluate(expr, env)
    if value is UNKNOWN or not isinstance(value, str):
        return [IncludeTarget("unresolved", None, _why_unresolved(expr))]
    if value in NULL_INCLUDES:
        return [IncludeTarget("null", value)]
    if "\x00" in value:  # no file has such a name; os.path functions raise ValueError on it
        return [IncludeTarget("unresolved", None, "the path contains a NUL byte")]
    if value.startswith(REMOTE_PREFIXES):
        return [IncludeTarget("remote", value, "remote includes are never fetched")]
    return [IncludeTarget("ok", os.path.normpath(os.path.join(base_dir, value)))]


def _truthy(value: object) -> bool:
    # Groovy truth: null, false, 0, '' and empty collections are false.
    return value not in (None, False, 0, "") and value != [] and value != {}


def _why_unresolved(expr: n.Expr) -> str:
    names = sorted(_referenced_names(expr))
    if names:
        return "depends on " + ", ".join(names) + ", which cannot be known without running the config"
    return "the path is computed by code"


def _referenced_names(expr: object) -> set[str]:
    found: set[str] = set()
    stack = [expr]
    while stack:
        item = stack.pop()
        if isinstance(item, n.Property) and isinstance(item.obj, n.Name):
            found.add(f"{item.obj.name}.{item.name}")
            continue
        if isinstance(item, n.Name):
            found.add(item.name)
            continue
        if isinstance(item, tuple):
            stack.extend(item)
        elif isinstance(item, n.Node):
            stack.extend(node_children(item))
    return found
