"""Command line: the group and `check` (the other commands are in commands.py). Exit codes:
0 clean, 1 findings, 2 usage error or unreadable file.

Start-up is most of a one-file `check`: what this module and the commands import runs with
the cyclic garbage collector paused (program.py says why and what it costs).
"""

from __future__ import annotations

import gc

_COLLECTING = gc.isenabled()
gc.disable()  # until the end of this module, `typing` and click included (speed/collector.py)

import functools  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from typing import Callable  # noqa: E402

from ..speed.regex_code import install as cache_regex_code  # noqa: E402

# Before click and the package's modules compile their regular expressions: each is
# compiled once per machine instead of at every start (see there).
cache_regex_code()

import click  # noqa: E402

from .. import __version__  # noqa: E402
from ..speed.collector import paused_collection, resume_collection  # noqa: E402
from .program import Program, cache_dataclass_code  # noqa: E402


EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
MAX_FIX_ROUNDS = 10  # --fix rounds, each linting the fixed files again


# The other commands are imported when they run or are listed (commands.py says why).
_OTHER_COMMANDS = {name: f"nflint_spot.cli.commands:{function}" for name, function in
                   (("parse", "parse"), ("rules", "rules_command"), ("explain", "explain"), ("show", "show"),
                    ("lsp", "lsp"))}


@click.group(cls=Program, lazy_commands=_OTHER_COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="nflint-spot")
def main() -> None:
    """Lint Nextflow configs for settings that make AWS Batch Spot interruptions expensive or fatal."""
    from ..speed.switches import TRICKS, VARIABLE, unknown_names

    for name in unknown_names():
        click.echo(f"nflint-spot: warning: {VARIABLE} names {name!r}, which is no speed trick "
                   f"(known: {', '.join(TRICKS)}, all)", err=True)
    if click.get_current_context().invoked_subcommand != "check":
        # Before the commands import the package's modules and their hundred dataclasses:
        # their generated methods are compiled once per machine, not at every start (see
        # there). `check` does it only when it lints or decodes: a cached report needs none.
        with paused_collection():
            cache_dataclass_code()


def _split(option: str, values: tuple[str, ...], names: str = "rule") -> tuple[str, ...]:
    """The comma-separated names given to `option`. A value naming none (`--select ''`,
    `--select ,`) is a usage error: taken as not given, every rule would run, silently."""
    found = []
    for value in values:
        parts = [part.strip() for part in value.split(",") if part.strip()]
        if not parts:
            fail(f"{option} {value!r} names no {names}")
        found += parts
    return tuple(found)


def requested_profiles(profiles: str | None) -> tuple[str, ...] | None:
    """--profile's names; None when not given (each profile on its own)."""
    return None if profiles is None else _split("--profile", (profiles,), "profile")


def config_paths(paths: tuple[str, ...]) -> list[str]:
    """Directories (pipelines) mean their nextflow.config."""
    found = []
    for path in paths:
        if os.path.isdir(path):
            candidate = os.path.join(path, "nextflow.config")
            if not os.path.isfile(candidate):
                fail(f"{path}: is a directory without a nextflow.config")
            found.append(candidate)
        else:
            found.append(path)
    return found


STDIN = "-"  # the path that means "read the config from stdin", as with ruff


def stdin_filename_option(command: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--stdin-filename", type=click.Path(dir_okay=False, readable=False),
        help="With `-`: the path the config read from stdin stands for, in messages, for finding rules.yaml "
             "and the pipeline, and for resolving its includes (default: `-`, in the working directory).")(command)


def stdin_config(paths: tuple[str, ...], stdin_filename: str | None) -> tuple[str, str] | None:
    """(the path it stands for, its text) when the config comes from stdin (`-`), else None.
    `-` stands alone: with other paths, or twice, what is linted would be a guess; and
    --stdin-filename without `-` would lint the paths given and ignore it, a silent pass."""
    if STDIN not in paths:
        if stdin_filename is not None:
            raise click.UsageError("--stdin-filename names the config read from stdin: give `-` as the path")
        return None
    if len(paths) > 1:
        raise click.UsageError("`-` reads one config from stdin: give it alone, not twice or with other paths")
    path = stdin_filename or STDIN  # (click refuses a directory for --stdin-filename)
    from ..sources import ConfigReadError, decode_config

    stream = getattr(sys.stdin, "buffer", None)  # sys.stdin is None when the program has no stdin
    if stream is None:
        fail(f"{path}: there is no stdin to read the config from")
    try:
        data = stream.read()
    except OSError as error:
        fail(f"{path}: cannot read stdin: {error.strerror or error}")
    try:
        return path, decode_config(path, data)
    except ConfigReadError as error:
        fail(str(error))
        raise  # unreachable: fail exits


def _version_option(context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
    """An unreadable --nextflow-version is refused (exit 2), not left to mean 'unpinned'."""
    if value is not None:
        from ..config.versions import version_text_problem

        problem = version_text_problem(value)
        if problem is not None:
            raise click.BadParameter(problem, context, parameter)
    return value


def output_format_option(choices: tuple[str, ...]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """`--output-format` (ruff's name) and `--format` (its alias), given to the command as
    `output_format`, "text" when neither is given. Both with different values is a usage
    error: which one wins would be a guess."""

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(command)
        def with_one_format(*args: object, output_format: str | None, format_alias: str | None,
                            **kwargs: object) -> None:
            if output_format is not None and format_alias is not None and output_format != format_alias:
                raise click.UsageError(f"--output-format {output_format} and --format {format_alias} disagree: "
                                       "give one (--format is an alias of --output-format)")
            command(*args, output_format=output_format or format_alias or "text", **kwargs)

        kind = click.Choice(choices)
        with_one_format = click.option("--format", "format_alias", type=kind, default=None,
                                       help="Alias of --output-format.")(with_one_format)
        return click.option("--output-format", "output_format", type=kind, default=None,
                            help="Output format (default: text).")(with_one_format)

    return decorate


def refuse_system_files(files: list[str], layers: tuple[str, ...], params_file: str | None,
                        settings_path: str | None) -> None:
    """Exits 2, before anything is read, when a file the command line names is a system path
    or not a regular file (sources.file_refusal): `check x.config` with x.config linking to
    /proc/self/environ would show the environment in SYN001's excerpt, a FIFO would block.
    The message names the path, never its content. (`-` is the way to pipe a config in.)"""
    from ..sources import file_refusal

    named = [(path, "") for path in files] + [(layer, "-c ") for layer in layers]
    named += [(path, option) for path, option in ((params_file, "--params-file "), (settings_path, "--settings "))
              if path is not None]
    for path, option in named:
        refusal = file_refusal(path)
        if refusal is not None:
            fail(f"{option}{path}: {refusal}")


def settings_choice(settings_path: str | None, isolated: bool) -> None:
    """--isolated ignores every settings file, --settings names one: both is a usage error,
    as ruff refuses --isolated with --config."""
    if isolated and settings_path is not None:
        fail("--isolated ignores every settings file: it cannot be used with --settings")


def run_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options that say which run is linted, shared by `check` and `show`: what
    `nextflow run` is given (`-c` layers, params, profiles) and what the config does not say."""
    decorators = [
        click.option("-c", "--config", "layers", multiple=True, type=click.Path(dir_okay=False, readable=False),
                     help="A Nextflow config layered on top, as with nextflow run -c (repeatable, in order)."),
        click.option("--params-file", type=click.Path(dir_okay=False, readable=False),
                     help="Params from a YAML or JSON file, as with nextflow run -params-file."),
        click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
                     help="A param given on the command line (--NAME VALUE to nextflow run; repeatable)."),
        click.option("--profile", "profiles", help="Comma-separated profiles, as with nextflow -profile "
                     "(default: the base config and each profile on its own)."),
        click.option("--launcher", type=click.Choice(["awsbatch"]),
                     help="How the run is launched: awsbatch runs every process on AWS Batch and gives the queue "
                          "(Seqera Platform); overrides rules.yaml's launcher."),
        click.option("--pipeline", "pipeline_dir", type=click.Path(file_okay=False, exists=True),
                     help="Pipeline directory to scan for processes (default: the config's directory when it "
                          "holds one)."),
        click.option("--syntax", type=click.Choice(["v1", "v2"]), help="Config dialect (default: detected)."),
        click.option("--nextflow-version", callback=_version_option,
                     help="Nextflow version to assume: a release or a constraint (default: manifest.nextflowVersion)."),
        click.option("--settings", "settings_path", type=click.Path(dir_okay=False),
                     help="nflint-spot's settings file to use (default: the nearest .nflint-spot.yaml, or rules.yaml "
                          "that is nflint-spot's, up to the repository root; else the bundled defaults)."),
        click.option("--isolated", is_flag=True,
                     help="Ignore every settings file: the bundled defaults (not with --settings)."),
    ]
    for decorate in reversed(decorators):
        command = decorate(command)
    return command


def run_params_of(paths: list[str], layers: tuple[str, ...], params_file: str | None, params: tuple[str, ...],
                  syntax: str | None) -> tuple[tuple[str, object], ...]:
    """The command line's params, checked: exits 2 with the file and position of a problem."""
    for layer in layers:
        if layer.endswith((".yaml", ".yml")):
            fail(f"{layer}: -c/--config takes a Nextflow config, as with nextflow run "
                 "(nflint-spot's rules.yaml is given with --settings)")
    if (layers or params_file or params) and len(paths) != 1:
        fail("-c, --params-file and --param describe one run: give one pipeline directory or config")
    if params_file is None and not params:
        return ()
    from ..config.run_params import RunParamsError, run_params

    project_dir = os.path.dirname(os.path.abspath(paths[0]))
    try:
        return tuple(run_params(params_file, params, project_dir, typed=syntax != "v2").items())
    except RunParamsError as error:
        fail(str(error))
        raise  # unreachable: fail exits


@main.command()
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
    selected, extended, ignored = (_split("--select", select), _split("--extend-select", extend_select),
                                   _split("--ignore", ignore))
    requested = requested_profiles(profiles)
    if show_settings:
        _show_settings(files, settings_path, isolated, launcher, nextflow_version, selected, extended, ignored,
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
    report_key = (output_format, quiet, statistics, unsafe_fixes, exit_zero, _use_colour())
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
        _check_rule_patterns(selection)
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
            merged = _merge([lint([0], False, stdin[1])[0]])
            return (*merged, [frozenset(merged[1])])
        per_file = {index: (hit.diagnostics(), hit.texts, hit.notes) for index, hit in cached.items()}
        missing = [index for index in range(len(files)) if index not in per_file]
        if missing:
            per_file.update(lint(missing, use_cache))
        in_order = [per_file[index] for index in range(len(files))]
        return (*_merge(in_order), [frozenset(file_texts) for _, file_texts, _ in in_order])

    diagnostics, texts, notes, runs = run(hits)
    if stdin is not None and (fix or diff):
        from .stdin_fixes import fix_stdin

        outcome = fix_stdin(*stdin, (diagnostics, texts, notes), lambda fixed: _merge([lint([0], False, fixed)[0]]),
                            unsafe_fixes, diff, MAX_FIX_ROUNDS)
        for message in outcome.messages:
            click.echo(message, err=True)
        click.echo(outcome.stdout, nl=False)
        if diff:
            sys.exit(EXIT_CLEAN if exit_zero or not outcome.stdout else EXIT_FINDINGS)
        # The fixed text is stdout (an editor replaces its buffer with it): the report of
        # what is left goes to stderr, as ruff does.
        _, exit_code = _report(outcome.diagnostics, outcome.texts, outcome.notes, output_format, quiet, statistics,
                               unsafe_fixes, exit_zero, err=True)
        sys.exit(exit_code)
    if add_noqa:
        sys.exit(_add_suppressions(diagnostics, texts, exit_zero, quiet))
    if fix or diff:
        from ..lint.autofix import chosen_fixes, plan_fixes, unified_diff, write_fix

        planned, refused = plan_fixes(diagnostics, texts, unsafe_fixes, runs)
        for refusal in refused:
            click.echo(f"nflint-spot: not fixing {refusal.path}: {refusal.reason}", err=True)
        _say_withheld(chosen_fixes(diagnostics, unsafe_fixes, runs)[1])
        if diff:
            click.echo("".join(unified_diff(p) for p in planned), nl=False)
            sys.exit(EXIT_CLEAN if exit_zero or not planned else EXIT_FINDINGS)
        # Fixes until nothing changes, as ruff does: a fix can make another finding fixable
        # (a fallback queue added, then the maxSpotAttempts that delays it). Bounded: fixes
        # that undo each other stop after MAX_FIX_ROUNDS.
        fixed: dict[str, int] = {}
        left_alone: set[str] = set()  # refused once (changed on disk...): not tried again
        for _ in range(MAX_FIX_ROUNDS):
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
            diagnostics, texts, notes, runs = run({})
            planned, refused = plan_fixes(diagnostics, texts, unsafe_fixes, runs)
            _say_withheld(chosen_fixes(diagnostics, unsafe_fixes, runs)[1])
            if not planned:
                break
        for path, count in fixed.items():
            click.echo(f"Fixed {count} problem(s) in {path}.", err=True)
    output, exit_code = _report(diagnostics, texts, notes, output_format, quiet, statistics, unsafe_fixes, exit_zero,
                                runs=runs)
    # One file: its report is stored with it, so the next run only prints it.
    report = {report_key: (output, exit_code)} if len(files) == 1 and report_key is not None else {}
    for index, facts, file_diagnostics, file_notes in to_store:
        result_cache.store(files[index], lint_options, facts, file_diagnostics, report, file_notes)  # type: ignore[arg-type]
    if report and 0 in hits:
        hits[0].remember_report(report_key, output, exit_code)
    sys.exit(exit_code)


def _say_withheld(withheld: list) -> None:
    for item in withheld:
        d = item.diagnostic
        click.echo(f"nflint-spot: not fixed: {d.path}:{d.span.line}:{d.span.column}: {d.code}: {item.reason}",
                   err=True)


def _add_suppressions(diagnostics: list, texts: dict[str, str], exit_zero: bool, quiet: bool) -> int:
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


def _merge(per_file: list[tuple[list, dict[str, str], tuple[str, ...]]],
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


def _report(diagnostics: list, texts: dict[str, str], notes: tuple[str, ...], output_format: str, quiet: bool,
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
    render_options = RenderOptions(colour=_use_colour(), quiet=quiet, exit_code=exit_code, texts=texts, notes=notes,
                                   fixable=counted)
    output = renderers()[output_format](diagnostics, render_options)
    click.echo(output, nl=False, err=err)
    if output_format == "github":  # the job summary: a table of all findings, when in Actions
        from ..output.formats.github import append_step_summary

        problem = append_step_summary(diagnostics, render_options)
        if problem is not None:
            click.echo(f"nflint-spot: warning: {problem}", err=True)
    return output, exit_code


def _check_rule_patterns(selection: object) -> None:
    """Each pattern must choose a rule (linter.matches_rule: a name, or a prefix of a code, in
    any case): one choosing none is a typo, not an empty choice."""
    from ..lint.linter import matches_rule
    from ..rules import ALL_RULES

    given = {"--select": selection.select, "--extend-select": selection.extend_select,  # type: ignore[attr-defined]
             "--ignore": selection.ignore}  # type: ignore[attr-defined]
    for option, patterns in given.items():
        for pattern in patterns:
            if not any(matches_rule(rule, (pattern,)) for rule in ALL_RULES):
                fail(f"unknown rule '{pattern}' in {option} (see `nflint-spot rules`)")


def _show_settings(files: list[str], settings_path: str | None, isolated: bool, launcher: str | None,
                   nextflow_version: str | None, selected: tuple[str, ...], extended: tuple[str, ...],
                   ignored: tuple[str, ...], min_severity: str) -> None:
    """`check --show-settings PATH`: print the settings a lint of PATH uses and exit 0."""
    if len(files) != 1:
        fail("--show-settings shows the settings of one file: give one PATH")
    with paused_collection():
        cache_dataclass_code()
        from ..diagnostics import Severity
        from ..lint.linter import Selection
        from ..lint.settings import SettingsError, load_settings
        from ..lint.settings_discovery import discover
        from ..output.settings_report import CommandLine, render
    selection = Selection(selected, ignored, Severity.parse(min_severity), extended)
    _check_rule_patterns(selection)
    [path] = files
    if not os.path.isfile(path):
        fail(f"{path}: no such file")
    near = None if isolated or settings_path is not None else path
    try:
        settings = load_settings(settings_path, near=near)
    except SettingsError as error:
        fail(str(error))
    given_severity = click.get_current_context().get_parameter_source("min_severity")
    command_line = CommandLine(settings_path, isolated, launcher, nextflow_version, selection,
                               given_severity == click.core.ParameterSource.COMMANDLINE)
    click.echo(render(path, settings, discover(path) if near is not None else None, command_line), nl=False)
    sys.exit(EXIT_CLEAN)


def fail(message: str) -> None:
    click.echo(f"nflint-spot: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _use_colour() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


resume_collection(_COLLECTING)
