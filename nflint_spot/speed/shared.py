"""The shared-findings cache the linter wraps a rule's `check` in. A rule declares what its
findings depend on (rules/base.py: `shares`, `sharing_key`); here they are computed once for
the profile scenarios that share it and, in the language server, kept for its next lints
(carried.py). A rule never asks for this itself."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable

from . import carried
from ..analysis.batch_processes import batch_processes, per_views
from ..config.loaded_config import Setting
from ..config.model import ConfigModel
from ..diagnostics import Finding
from .value_memo import per_lint

if TYPE_CHECKING:
    from ..rules.base import Rule


def shared_findings(rule: Rule, model: ConfigModel, options: Any) -> list[Finding]:
    """The rule's findings on `model`, computed once for the scenarios sharing its basis:
    "views", model.processes and what per_views's key fixes (the params the views' batch
    directives read, the executor setting, whether the version has resourceLimits); "batch",
    batch_processes(model) and what its key fixes (that, and the environment). What one lint
    fixes (the root, the pipeline) and what sharing_key names complete the key."""
    named = rule.sharing_key(model, options)
    if named is None:
        return []  # the guard is asked every time, outside the cache: it is never stale
    key = (rule.code, *named)  # the code keeps each rule's findings apart

    def compute() -> Iterable[Finding]:
        return rule.check(model, options)

    found: list[Finding]
    if rule.shares == "views":
        if carried.enabled:  # read at each call: the language server sets it after start-up
            found = carried.carried(model, ("views", *key), compute)
        else:
            found = per_views(model, _by_identity(key), _listed(compute))
    elif rule.shares == "batch":
        if carried.enabled:
            found = carried.carried(model, ("batch", model.environment, *key), compute)
        else:
            found = per_lint(batch_processes(model), _by_identity(key), _listed(compute))
    else:
        raise ValueError(f"rule {rule.code}: shares is {rule.shares!r}, not None, 'views' or 'batch'")
    return list(found)  # a copy: the caches keep theirs


def _listed(compute: Callable[[], Iterable[Finding]]) -> Callable[[], list[Finding]]:
    return lambda: list(compute())


def _by_identity(key: tuple[object, ...]) -> tuple[object, ...]:
    # Within one lint a setting is named by its id (the model holds it): hashing a Setting
    # would hash its value's whole tree.
    return tuple([id(part) if isinstance(part, Setting) else part for part in key])
