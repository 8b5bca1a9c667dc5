"""The commands besides `check`: each is imported when it runs or when the help lists it
(cli.main's `lazy_commands`), so that a `check` does not build their options (click makes
a parameter type and help texts for each, translations looked up included).
"""

from __future__ import annotations

import sys

import click

from .arguments import (config_paths, refuse_system_files, requested_profiles, run_params_of, settings_choice,
                        stdin_config)
from .options import EXIT_CLEAN, EXIT_FINDINGS, fail, output_format_option, run_options, stdin_filename_option
from ..sources import ConfigReadError, read_config


@click.command()
@click.argument("file", type=click.Path(dir_okay=True, allow_dash=False, readable=False))
@click.option("--dump/--no-dump", default=True, help="Print the syntax tree (default).")
@click.option("--no-positions", is_flag=True, help="Leave @line:col out of the dump.")
def parse(file: str, dump: bool, no_positions: bool) -> None:
    """Parse FILE and print a compact syntax tree (for grammar debugging)."""
    from ..syntax.dump import dump as dump_tree
    from ..output.formats import text as text_format
    from ..lint.linter import syntax_diagnostic
    from ..syntax.parser import SyntaxProblem, parse_config

    refuse_system_files([file], (), None, None)
    source = read_or_exit(file)
    result = parse_config(source, file)
    if isinstance(result, SyntaxProblem):
        click.echo(text_format.render([syntax_diagnostic(result)]), nl=False)
        sys.exit(EXIT_FINDINGS)
    if dump:
        try:
            click.echo(dump_tree(result, with_positions=not no_positions), nl=False)
        except RecursionError:
            fail(f"{file}: the syntax tree is too deep to print")
    sys.exit(EXIT_CLEAN)


@click.command("rules")
@click.argument("names", nargs=-1, metavar="[RULE]...")
@output_format_option(("text", "json"))
@click.option("--markdown", is_flag=True, help="Print docs/rules.md (the full rule documentation).")
def rules_command(names: tuple[str, ...], output_format: str, markdown: bool) -> None:
    """List every rule: code, name, default severity, summary. Given rules (codes or names),
    print their whole documentation instead; --output-format json gives the catalogue as data."""
    from ..rules import ALL_RULES

    if markdown:
        if names or output_format != "text":
            raise click.UsageError("--markdown prints the whole docs/rules.md: give no rules and no other format")
        from ..output.docs import rules_markdown

        click.echo(rules_markdown(), nl=False)
        return
    # Each rule once, in the order first named: `rules spot002 SPOT002` prints one.
    chosen = tuple(dict.fromkeys(known_rule(name) for name in names)) if names else ALL_RULES
    if output_format == "json":
        from ..output.rules_json import rules_json

        click.echo(rules_json(chosen), nl=False)
    elif names:
        from ..output.docs import rule_text

        click.echo("\n".join(rule_text(rule) for rule in chosen), nl=False)
    else:
        for rule in ALL_RULES:
            click.echo(f"{rule.code:<8} {rule.name:<38} {rule.severity.value:<8} {rule.summary()}")


@click.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print the documentation of a rule, by code or name (as `rules RULE`)."""
    from ..output.docs import rule_text

    click.echo(rule_text(known_rule(rule)), nl=False)


def known_rule(word: str) -> type:
    """The rule named by a code or name in any case; exits 2 for an unknown one."""
    from ..rules import find_rule

    rule = find_rule(word)
    if rule is None:
        fail(f"unknown rule '{word}' (see `nflint-spot rules`)")
    return rule  # type: ignore[return-value]


@click.command()
@click.argument("config", type=click.Path(allow_dash=True, readable=False))
@stdin_filename_option
@run_options
@output_format_option(("text", "json"))
def show(config: str, stdin_filename: str | None, layers: tuple[str, ...], params_file: str | None,
         params: tuple[str, ...], profiles: str | None, launcher: str | None, pipeline_dir: str | None,
         syntax: str | None, nextflow_version: str | None, settings_path: str | None, isolated: bool,
         output_format: str) -> None:
    """Show what each process really gets: executor, queue and time per attempt, errorStrategy
    for a reclaim, maxRetries, maxSpotAttempts and the worst case, with file:line. CONFIG is a
    config, a pipeline directory or `-` (stdin); -c, --params-file, --param and --profile compose the run."""
    import json

    from ..analysis.scenarios import AnalysisOptions, RunError, build_models, check_run, load, pipeline_processes
    from ..lint.settings import SettingsError, load_settings
    from ..output.show import render_text, show_data

    settings_choice(settings_path, isolated)
    stdin = stdin_config((config,), stdin_filename)
    [config] = [stdin[0]] if stdin is not None else config_paths((config,))
    refuse_system_files([] if stdin is not None else [config], layers, params_file, settings_path)
    cli_params = run_params_of([config], layers, params_file, params, syntax)
    text = stdin[1] if stdin is not None else read_or_exit(config)  # clear errors for an unreadable root file
    try:
        settings = load_settings(settings_path, near=None if isolated else config)
    except SettingsError as error:
        fail(str(error))
    for note in settings.skipped_notes():
        click.echo(f"nflint-spot: note: {note}", err=True)
    requested = requested_profiles(profiles) or ()
    options = AnalysisOptions(requested, pipeline_dir, True, syntax, nextflow_version or settings.nextflow_version,
                              layers, cli_params, launcher)
    try:
        loaded = load(config, text, options=options)
        check_run(loaded, options)
    except (RunError, ConfigReadError) as error:
        fail(str(error))
    pipeline = pipeline_processes(config, options, loaded)
    # One profile scenario; of the releases analysed, the newest (what a launch today runs):
    # the others are named, for --nextflow-version.
    models = build_models(loaded, options, pipeline, settings.environment)
    model = models[-1]
    data = show_data(model)
    data["otherReleases"] = [m.version_label for m in models[:-1] if m.version_label]
    if output_format == "json":
        click.echo(json.dumps(data, indent=2))
    else:
        click.echo(render_text(data), nl=False)


@click.command()
def lsp() -> None:
    """Run the language server on stdin/stdout (for editors; see README "Editor integration")."""
    from ..lsp.server import serve  # imported here: `check` never loads pygls

    serve()


def read_or_exit(path: str) -> str:
    try:
        return read_config(path)
    except ConfigReadError as error:
        fail(str(error))
        raise  # unreachable: fail exits
