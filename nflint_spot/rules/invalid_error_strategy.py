from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..syntax import nodes as n
from ..analysis.aws import ERROR_STRATEGIES
from ..diagnostics import Finding, Severity
from ..fixes import Fix, TextEdit
from ..config.loader import Setting
from ..config.model import ConfigModel, Directive
from .base import NoOptions, Rule
from ..analysis.config_values import (
    known_string, literal_edit, node_location, process_directive, returned_leaves, script_directives,
    settings_in_effect, string_literal,
)

# How close a wrong value must be to a strategy for a did-you-mean (difflib ratio).
_SPELLING_CUTOFF = 0.6


@dataclass(frozen=True)
class Problem:
    """A strategy name Nextflow does not know, and the one probably meant."""

    node: n.Node
    value: str
    suggestion: str | None
    edit: TextEdit | None


class InvalidErrorStrategy(Rule):
    """An errorStrategy value that is not terminate, finish, ignore or retry.

    Why: Nextflow converts the value to its ErrorStrategy enum (case-insensitively, so
    'Retry' is fine) only when a task fails. A misspelled value such as 'retyr' or
    'terminated', or one returned by a closure branch, makes that conversion throw: instead
    of retrying or finishing, the run stops with an error at the first failure — for a Spot
    pipeline, at the first reclaimed task. Every literal a closure can return is checked.

    Bad:
        process {
            errorStrategy = { task.exitStatus in [143, 137] ? 'retyr' : 'terminate' }
        }

    Good:
        process {
            errorStrategy = { task.exitStatus in [143, 137] ? 'retry' : 'terminate' }
        }

    Fix: write one of 'terminate', 'finish', 'ignore', 'retry' (an unsafe fix when the
    intended one is clear).
    """

    code = "CFG016"
    name = "invalid-error-strategy"
    severity = Severity.ERROR
    fixable = "unsafe"
    releases_matter = frozenset()  # the config's own words, whatever the release

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        for setting in settings_in_effect(model, _is_error_strategy):
            problems = _problems(model, setting, setting.value)
            if problems:
                yield _finding(setting, problems)
        for directive in script_directives(model):
            if directive.name != "errorStrategy":
                continue
            problems = _problems(model, directive, directive.value)
            if problems:
                yield _finding(directive, problems)


def _is_error_strategy(key: tuple[str, ...]) -> bool:
    return process_directive(key) == ("errorStrategy",)


def _problems(model: ConfigModel, source: Setting | Directive, value: n.Expr) -> list[Problem]:
    problems: dict[int, Problem] = {}
    for leaf in returned_leaves(value):
        text = string_literal(leaf)
        if text is None and isinstance(leaf, n.GString):
            text = known_string(model, leaf, attempt=1)  # first evaluated after attempt 1 fails
        if text is None or text.lower() in ERROR_STRATEGIES:
            continue
        suggestion = _did_you_mean(text)
        edit = None
        if suggestion is not None and isinstance(leaf, n.Literal):
            _, span, exact = node_location(source, leaf)
            edit = literal_edit(span, leaf, suggestion) if exact else None
        problems.setdefault(leaf.span.start, Problem(leaf, text, suggestion, edit))
    return [problems[start] for start in sorted(problems)]


def _did_you_mean(text: str) -> str | None:
    candidate = text.strip().lower()
    if candidate in ERROR_STRATEGIES:
        return candidate
    import difflib  # here: only a misspelling needs it, not every start-up

    close = difflib.get_close_matches(candidate, ERROR_STRATEGIES, n=1, cutoff=_SPELLING_CUTOFF)
    return close[0] if close else None


def _finding(source: Setting | Directive, problems: list[Problem]) -> Finding:
    path, span, _ = node_location(source, problems[0].node)
    shown = ", ".join(repr(p.value) + (f" (did you mean '{p.suggestion}'?)" if p.suggestion else "")
                      for p in problems)
    plural = len(problems) > 1
    message = (f"errorStrategy {shown} {'are' if plural else 'is'} not "
               "'terminate', 'finish', 'ignore' or 'retry': the run stops with an error "
               "at the first task failure instead of applying a strategy")
    edits = tuple(p.edit for p in problems if p.edit is not None)
    fix = None
    if edits:
        fix = Fix("Write " + ", ".join(f"`'{p.suggestion}'`" for p in problems if p.edit is not None), edits, safe=False)
    return Finding(span, message, "Use one of 'terminate', 'finish', 'ignore' or 'retry' (case does not matter).",
                   fix=fix, path=path)
