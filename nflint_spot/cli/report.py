"""`check`'s report: the lints of the files it is given merged into one, the findings
rendered in the chosen format (or --statistics' table), printed, and the exit code they give."""

from __future__ import annotations

import os
import sys

import click

from .exits import EXIT_CLEAN, EXIT_FINDINGS


def print_report(diagnostics: list, texts: dict[str, str], notes: tuple[str, ...], output_format: str, quiet: bool,
            statistics: bool, unsafe_fixes: bool, exit_zero: bool, err: bool = False,
            runs: list[frozenset[str]] | None = None) -> tuple[str, int]:
    """Print the report (to stderr with `err`); returns what was printed and the exit code.
    What it calls fixable is what `--fix` would fix (autofix.fixable), with `--unsafe-fixes`
    what `--fix --unsafe-fixes` would: the same in --statistics and in the summaries."""
    exit_code = EXIT_CLEAN if exit_zero or not diagnostics else EXIT_FINDINGS
    if statistics:
        from ..lint.autofix import fixable
        from ..output.formats.text import statistics as statistics_table

        output = statistics_table(diagnostics, fixable(diagnostics, texts, unsafe_fixes, runs))
        click.echo(output, nl=False, err=err)
        return output, exit_code
    from ..output.formats import Fixable, RenderOptions, count_fixable, renderers

    summarised = (output_format == "json" or (output_format == "text" and not quiet)
                  or (output_format == "github" and bool(os.environ.get("GITHUB_STEP_SUMMARY"))))
    counted = (count_fixable(diagnostics, texts, unsafe_fixes, runs) if summarised
               else Fixable(unsafe_fixes=unsafe_fixes))
    render_options = RenderOptions(colour=use_colour(), quiet=quiet, exit_code=exit_code, texts=texts, notes=notes,
                                   fixable=counted)
    output = renderers()[output_format](diagnostics, render_options)
    click.echo(output, nl=False, err=err)
    if output_format == "github":  # the job summary: a table of all findings, when in Actions
        from ..output.formats.github import append_step_summary

        problem = append_step_summary(diagnostics, render_options)
        if problem is not None:
            click.echo(f"nflint-spot: warning: {problem}", err=True)
    return output, exit_code


def use_colour() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def merge_lints(per_file: list[tuple[list, dict[str, str], tuple[str, ...]]],
                ) -> tuple[list, dict[str, str], tuple[str, ...]]:
    """The diagnostics of all files, sorted; one reported once when two linted configs
    include the same file. The notes of all, each once.

    Such a finding keeps its fix only when every config reporting it offers that fix: one
    config may already set what the fix writes (CFG010's "already set" has none), and a fix
    written into the shared file is written into each of them."""
    from dataclasses import replace

    diagnostics, texts, at = [], {}, {}
    notes: dict[str, None] = {}
    for file_diagnostics, file_texts, file_notes in per_file:
        texts.update(file_texts)
        notes.update(dict.fromkeys(file_notes))
        for d in file_diagnostics:
            key = (d.code, d.path, d.span.start, d.span.end, d.message)
            if key not in at:
                at[key] = len(diagnostics)
                diagnostics.append(d)
                continue
            kept = diagnostics[at[key]]
            if kept.fix is not None and kept.fix != d.fix:  # the one saying why it is not fixed
                diagnostics[at[key]] = d if d.fix is None else replace(kept, fix=None)
    diagnostics.sort(key=lambda d: d.sort_key)
    return diagnostics, texts, tuple(notes)
