"""`check - --fix` and `check - --diff`: the fixes of a config read from stdin, made to its
text in memory, never to a file. `--fix` gives the whole text, fixed or not, for stdout (an
editor replaces its buffer with it, as with ruff); `--diff` the diff of one round of fixes,
as for files. Only the text from stdin is fixed: the files it includes are the user's files
on disk, which a `check -` does not write; their findings are reported as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..lint.autofix import plan_fixes, unified_diff
from ..diagnostics import Diagnostic

# (diagnostics, texts, notes) of a lint, as cli.check merges them
Lint = tuple[list[Diagnostic], dict[str, str], tuple[str, ...]]


@dataclass(frozen=True)
class StdinFixes:
    """What `check -` prints: `stdout` (the fixed text, or the diff), the lint of what is left
    (for the report on stderr), and messages for stderr (fixes refused, fixes made)."""

    stdout: str
    diagnostics: list[Diagnostic]
    texts: dict[str, str]
    notes: tuple[str, ...]
    messages: tuple[str, ...]


def fix_stdin(path: str, text: str, lint: Lint, relint: Callable[[str], Lint], unsafe: bool, diff: bool,
              max_rounds: int) -> StdinFixes:
    """Fixes until nothing changes, as `check --fix` does for files (a fix can make another
    finding fixable), at most `max_rounds` lints of the fixed text; `relint` lints a text
    as the config at `path`."""
    diagnostics, texts, notes = lint
    messages: list[str] = []
    current, applied = text, 0
    for _ in range(1 if diff else max_rounds):
        own = [d for d in diagnostics if d.path == path]
        planned, refused = plan_fixes(own, {path: current}, unsafe)
        messages.extend(f"nflint-spot: not fixing {r.path}: {r.reason}" for r in refused)
        if not planned:
            break
        [planned_fix] = planned
        if diff:
            return StdinFixes(unified_diff(planned_fix), diagnostics, texts, notes, tuple(messages))
        current, applied = planned_fix.fixed, applied + planned_fix.applied
        diagnostics, texts, notes = relint(current)
    if diff:
        return StdinFixes("", diagnostics, texts, notes, tuple(messages))
    if applied:
        messages.append(f"Fixed {applied} problem(s) in {path}.")
    return StdinFixes(current, diagnostics, texts, notes, tuple(messages))
