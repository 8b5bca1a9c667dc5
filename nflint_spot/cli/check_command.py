"""`nflint-spot check`: lint configs, or the run a pipeline gets, and report (the lints of the
files merged, rendered in the chosen format, printed with the exit code they give), fix
(fix_files.py, stdin_fixes.py) or suppress (add_noqa.py) what is found. A one-file lint is
stored with its report (speed/result_cache.py): the next run of the same check prints it.

What only some options need is imported when they are given: a plain `check` must start fast
(tests/test_startup.py lists what it must not import).
"""

from __future__ import annotations

import os
import sys

import click

from ..speed.collector import paused_collection
from .arguments import (check_rule_patterns, config_paths, refuse_system_files, requested_profiles, run_params_of,
                        settings_choice, split_names, stdin_config)
from .options import EXIT_CLEAN, EXIT_FINDINGS, fail, output_format_option, run_options, stdin_filename_option
from .program import cache_dataclass_code

MAX_FIX_ROUNDS = 10  # --fix rounds, each linting the fixed files again


@click.command()
# readable=False here and on the other file arguments: click's own check would answer an
# unreadable file with a usage message; read_config reports it as for every other file.
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True, readable=False))
@stdin_filename_option
@run_options
@click.option("--select", multiple=True, help="Only these rules: codes, names or prefixes (SPOT), comma-separated.")
@click.option("--extend-select", multiple=True,
              help="Also these rules, on top of --select or the settings: codes, names or prefixes, comma-separated.")
@click.option("--ignore", multiple=True, help="Skip these rules: codes, names or prefixes, comma-separated.")
@click.option("--min-severity", type=click.Choice(["info", "warning", "error"], case_sensitive=False), default="info",
              show_default=True)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--fix", is_flag=True, help="Apply safe fixes to the files (from stdin: print the fixed text).")
@click.option("--unsafe-fixes", is_flag=True,
              help="With --fix or --diff: also apply fixes that change behaviour (in --statistics and the summary: "
                   "count them).")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.option("--add-noqa", is_flag=True,
              help="Write a `// nflint-spot: ignore[CODE]` suppression for each current finding (a baseline).")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of each finding.")
@click.option("--quiet", "-q", is_flag=True, help="Only the finding lines, no excerpts or summary.")
@output_format_option(("text", "json", "sarif", "github", "gitlab", "junit"))
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Lint files in this many processes (default: all cores); the output is the same.")
@click.option("--no-cache", is_flag=True,
              help="Lint afresh; neither use nor store cached results (also NFLINT_SPOT_NO_CACHE=1).")
@click.option("--show-settings", is_flag=True,
              help="Print the settings used for PATH, and where each comes from; lint nothing.")
@click.option("--strict-internal", is_flag=True, hidden=True, help="Let a crashing rule raise (for debugging).")
def check(paths: tuple[str, ...], stdin_filename: str | None, layers: tuple[str, ...], params_file: str | None,
          params: tuple[str, ...], profiles: str | None, launcher: str | None, pipeline_dir: str | None,
          syntax: str | None, nextflow_version: str | None, settings_path: str | None, isolated: bool,
          select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...], min_severity: str,
          exit_zero: bool, fix: bool, unsafe_fixes: bool, diff: bool, add_noqa: bool, statistics: bool, quiet: bool,
          output_format: str, jobs: int | None, no_cache: bool, show_settings: bool, strict_internal: bool) -> None:
    """Lint Nextflow configs (files, or pipeline directories holding a nextflow.config), or the
    run a pipeline gets with -c layers, params and profiles. `-` reads one config from stdin."""
    settings_choice(settings_path, isolated)
    if add_noqa and (fix or diff):
        fail("--add-noqa cannot be combined with --fix or --diff")
    stdin = stdin_config(paths, stdin_filename)
    if add_noqa and stdin is not None:
        fail("--add-noqa writes the files it lints: it cannot be used with stdin (-)")
    files = [stdin[0]] if stdin is not None else config_paths(paths)
    refuse_system_files([] if stdin is not None else files, layers, params_file, settings_path)
    selected, extended, ignored = (split_names("--select", select), split_names("--extend-select", extend_select),
                                   split_names("--ignore", ignore))
    requested = requested_profiles(profiles)
    if show_settings:
        from .show_settings import print_settings

        print_settings(files, settings_path, isolated, launcher, nextflow_version, selected, extended, ignored,
                       min_severity)
    cli_params = run_params_of(files, layers, params_file, params, syntax)
    # Everything that changes what linting a file gives (the result cache's key). Never
    # cached: --fix and --diff (they need the files as they are now, and write), debugging.
    # The layers' contents are among the reads the cache checks (result_cache.Recording).
    lint_options = (settings_path, isolated, selected, extended, ignored, requested, pipeline_dir, syntax,
                    nextflow_version, min_severity, layers, repr(cli_params), launcher)
    # stdin: no file to key a stored lint on
    use_cache = not (no_cache or fix or diff or add_noqa or strict_internal or stdin is not None)
    if use_cache:  # else the result cache is not even imported
        from ..speed import result_cache

        use_cache = not result_cache.disabled_by_environment()
    # How the report looks, for a one-file hit to print the report stored with it; None
    # when printing has an effect besides stdout (the GitHub job summary).
    report_key = (output_format, quiet, statistics, unsafe_fixes, exit_zero, use_colour())
    if output_format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        report_key = None
    hits = {}
    if use_cache:  # a hit needs no part of the linter: not even imported
        hits = {i: hit for i, path in enumerate(files)
                if (hit := result_cache.lookup(path, lint_options, settings_path, pipeline_dir, isolated)) is not None}
        if len(files) == 1 and hits and report_key is not None and report_key in hits[0].reports:
            output, exit_code = hits[0].reports[report_key]
            click.echo(output, nl=False)
            sys.exit(exit_code)
    with paused_collection():  # the linter's modules (see the module docstring)
        cache_dataclass_code()
        from ..analysis.scenarios import AnalysisOptions
        from .batch import default_jobs, lint_path, lint_paths
        from ..diagnostics import Severity
        from ..lint.linter import Selection
    # (file index, facts, diagnostics, notes), stored after the report
    to_store: list[tuple[int, object, list, tuple[str, ...]]] = []

    def lint(indices: list[int], record: bool, text: str | None = None,
             ) -> dict[int, tuple[list, dict[str, str], tuple[str, ...]]]:
        """Lint files[i] for each index, in order; exits on the first file that cannot be linted.
        `text`: the text of the one file, read from stdin."""
        options = AnalysisOptions(requested, pipeline_dir, True, syntax, nextflow_version, layers, cli_params,
                                  launcher)
        selection = Selection(selected, ignored, Severity.parse(min_severity), extended)
        check_rule_patterns(selection)
        done = {}
        if text is not None:
            outcomes = iter([lint_path(files[0], settings_path, options, selection, strict_internal, text=text,
                                       isolated=isolated)])
        else:
            outcomes = lint_paths([files[i] for i in indices], settings_path, options, selection, strict_internal,
                                  jobs or default_jobs(), record, isolated)
        with paused_collection():  # what the lints leave is not walked again (program.py)
            for index, result in zip(indices, outcomes):
                if result.error is not None:  # the first in the order of the files, as one by one
                    fail(result.error)
                if record and result.facts is not None:
                    to_store.append((index, result.facts, result.diagnostics, result.notes))
                done[index] = (result.diagnostics, result.texts, result.notes)
        return done

    def run(cached: dict[int, result_cache.Hit]) -> tuple[list, dict[str, str], tuple[str, ...], list[frozenset[str]]]:
        """The lint of all files merged, and the files each one's lint read (autofix.Runs:
        separate PATH arguments are separate configs to --fix)."""
        if stdin is not None:
            merged = merge_lints([lint([0], False, stdin[1])[0]])
            return (*merged, [frozenset(merged[1])])
        per_file = {index: (hit.diagnostics(), hit.texts, hit.notes) for index, hit in cached.items()}
        missing = [index for index in range(len(files)) if index not in per_file]
        if missing:
            per_file.update(lint(missing, use_cache))
        in_order = [per_file[index] for index in range(len(files))]
        return (*merge_lints(in_order), [frozenset(file_texts) for _, file_texts, _ in in_order])

    diagnostics, texts, notes, runs = run(hits)
    if stdin is not None and (fix or diff):
        from .stdin_fixes import fix_stdin

        outcome = fix_stdin(*stdin, (diagnostics, texts, notes),
                            lambda fixed: merge_lints([lint([0], False, fixed)[0]]), unsafe_fixes, diff,
                            MAX_FIX_ROUNDS)
        for message in outcome.messages:
            click.echo(message, err=True)
        click.echo(outcome.stdout, nl=False)
        if diff:
            sys.exit(EXIT_CLEAN if exit_zero or not outcome.stdout else EXIT_FINDINGS)
        # The fixed text is stdout (an editor replaces its buffer with it): the report of
        # what is left goes to stderr, as ruff does.
        _, exit_code = print_report(outcome.diagnostics, outcome.texts, outcome.notes, output_format, quiet,
                                    statistics, unsafe_fixes, exit_zero, err=True)
        sys.exit(exit_code)
    if add_noqa:
        from .add_noqa import add_suppressions

        sys.exit(add_suppressions(diagnostics, texts, exit_zero, quiet))
    if fix or diff:
        from .fix_files import fix_files

        diagnostics, texts, notes, runs = fix_files((diagnostics, texts, notes, runs), lambda: run({}), unsafe_fixes,
                                                    diff, exit_zero, MAX_FIX_ROUNDS)
    output, exit_code = print_report(diagnostics, texts, notes, output_format, quiet, statistics, unsafe_fixes,
                                     exit_zero, runs=runs)
    # One file: its report is stored with it, so the next run only prints it.
    report = {report_key: (output, exit_code)} if len(files) == 1 and report_key is not None else {}
    for index, facts, file_diagnostics, file_notes in to_store:
        result_cache.store(files[index], lint_options, facts, file_diagnostics, report, file_notes)  # type: ignore[arg-type]
    if report and 0 in hits:
        hits[0].remember_report(report_key, output, exit_code)
    sys.exit(exit_code)


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
