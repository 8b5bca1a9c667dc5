"""What the commands share: how they end (the documented exit codes, README: 0 clean, 1
findings, 2 usage error or unreadable file; `fail` prints a usage error or an unreadable
file's message and exits 2), and their click options: what `nextflow run` is given (`-c`
layers, params, profiles) and what the config does not say, `--stdin-filename`, and
`--output-format` with its alias `--format`."""

from __future__ import annotations

import functools
import sys
from typing import Callable

import click

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def fail(message: str) -> None:
    click.echo(f"nflint-spot: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def stdin_filename_option(command: Callable[..., None]) -> Callable[..., None]:
    return click.option(
        "--stdin-filename", type=click.Path(dir_okay=False, readable=False),
        help="With `-`: the path the config read from stdin stands for, in messages, for finding rules.yaml "
             "and the pipeline, and for resolving its includes (default: `-`, in the working directory).")(command)


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
