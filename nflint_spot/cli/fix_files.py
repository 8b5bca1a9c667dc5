"""`check --fix` and `check --diff` on files (stdin_fixes.py does it for a config read from
stdin): the safe fixes (with --unsafe-fixes, all) written to the files, or shown as a diff."""

from __future__ import annotations

import sys
from typing import Callable

import click

from .options import EXIT_CLEAN, EXIT_FINDINGS

# (diagnostics, texts, notes, runs) of a lint of all files, as cli.check_command merges them
Lint = tuple[list, dict[str, str], tuple[str, ...], list[frozenset[str]]]


def fix_files(lint: Lint, relint: Callable[[], Lint], unsafe_fixes: bool, diff: bool, exit_zero: bool,
              max_rounds: int) -> Lint:
    """Write the fixes and return the lint of the fixed files (`relint` lints them again);
    with `diff`, print them instead and exit."""
    from ..lint.autofix import chosen_fixes, plan_fixes, unified_diff, write_fix

    diagnostics, texts, notes, runs = lint
    planned, refused = plan_fixes(diagnostics, texts, unsafe_fixes, runs)
    for refusal in refused:
        click.echo(f"nflint-spot: not fixing {refusal.path}: {refusal.reason}", err=True)
    _say_withheld(chosen_fixes(diagnostics, unsafe_fixes, runs)[1])
    if diff:
        click.echo("".join(unified_diff(p) for p in planned), nl=False)
        sys.exit(EXIT_CLEAN if exit_zero or not planned else EXIT_FINDINGS)
    # Fixes until nothing changes, as ruff does: a fix can make another finding fixable
    # (a fallback queue added, then the maxSpotAttempts that delays it). Bounded: fixes
    # that undo each other stop after `max_rounds`.
    fixed: dict[str, int] = {}
    left_alone: set[str] = set()  # refused once (changed on disk...): not tried again
    for _ in range(max_rounds):
        written = False
        for planned_fix in planned:
            if planned_fix.path in left_alone:
                continue
            problem = write_fix(planned_fix)
            if problem is not None:
                left_alone.add(problem.path)
                click.echo(f"nflint-spot: not fixing {problem.path}: {problem.reason}", err=True)
            else:
                fixed[planned_fix.path] = fixed.get(planned_fix.path, 0) + planned_fix.applied
                written = True
        if not written:
            break
        diagnostics, texts, notes, runs = relint()
        planned, refused = plan_fixes(diagnostics, texts, unsafe_fixes, runs)
        _say_withheld(chosen_fixes(diagnostics, unsafe_fixes, runs)[1])
        if not planned:
            break
    for path, count in fixed.items():
        click.echo(f"Fixed {count} problem(s) in {path}.", err=True)
    return diagnostics, texts, notes, runs


def _say_withheld(withheld: list) -> None:
    for item in withheld:
        d = item.diagnostic
        click.echo(f"nflint-spot: not fixed: {d.path}:{d.span.line}:{d.span.column}: {d.code}: {item.reason}",
                   err=True)
