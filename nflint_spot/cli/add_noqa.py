"""`check --add-noqa`: a suppression comment written for each current finding (a baseline)."""

from __future__ import annotations

import click

from .options import EXIT_CLEAN, EXIT_FINDINGS


def add_suppressions(diagnostics: list, texts: dict[str, str], exit_zero: bool, quiet: bool) -> int:
    """--add-noqa: write the suppressions, say how many (not with --quiet, as ruff) and what
    is left; the exit code is what `check` gives after it (1 while a finding no comment can
    silence remains)."""
    from ..lint.add_noqa import plan_suppressions
    from ..lint.autofix import write_fix

    planned, unsuppressed, refused = plan_suppressions(diagnostics, texts)
    for file_fix in planned:
        problem = write_fix(file_fix)
        if problem is not None:
            refused.append(problem)
        elif not quiet:
            click.echo(f"Added {file_fix.applied} suppression(s) to {file_fix.path}.", err=True)
    for refusal in refused:
        click.echo(f"nflint-spot: not adding suppressions to {refusal.path}: {refusal.reason}", err=True)
    for item in unsuppressed:
        d = item.diagnostic
        click.echo(f"nflint-spot: not suppressed: {d.path}:{d.span.line}:{d.span.column}: {d.code}: {item.reason}",
                   err=True)
    if not planned and not refused and not quiet:
        click.echo("No suppressions to add.", err=True)
    return EXIT_CLEAN if exit_zero or not (unsuppressed or refused) else EXIT_FINDINGS
