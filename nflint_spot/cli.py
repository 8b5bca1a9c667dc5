"""Command line. Exit codes: 0 clean, 1 findings, 2 usage error or unreadable file."""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .sources import ConfigReadError, read_config

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="nflint-spot")
def main() -> None:
    """Lint Nextflow configs for settings that make AWS Batch Spot interruptions expensive or fatal."""


@main.command()
@click.argument("file", type=click.Path(dir_okay=True, allow_dash=False))
@click.option("--dump/--no-dump", default=True, help="Print the syntax tree (default).")
@click.option("--no-positions", is_flag=True, help="Leave @line:col out of the dump.")
def parse(file: str, dump: bool, no_positions: bool) -> None:
    """Parse FILE and print a compact syntax tree (for grammar debugging)."""
    from .dump import dump as dump_tree
    from .linter import syntax_diagnostic
    from .parser import SyntaxProblem, parse_config
    from .formats import text as text_format

    source = _read_or_exit(file)
    result = parse_config(source, file)
    if isinstance(result, SyntaxProblem):
        click.echo(text_format.render([syntax_diagnostic(result)]), nl=False)
        sys.exit(EXIT_FINDINGS)
    if dump:
        try:
            click.echo(dump_tree(result, with_positions=not no_positions), nl=False)
        except RecursionError:
            _fail(f"{file}: the syntax tree is too deep to print")
    sys.exit(EXIT_CLEAN)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=False))
@click.option("--quiet", "-q", is_flag=True, help="Only the finding lines, no excerpts or summary.")
def check(paths: tuple[str, ...], quiet: bool) -> None:
    """Lint config FILES."""
    from .formats import text as text_format
    from .linter import lint_text

    diagnostics = []
    for path in paths:
        diagnostics.extend(lint_text(_read_or_exit(path), path))
    diagnostics.sort(key=lambda d: d.sort_key)
    click.echo(text_format.render(diagnostics, colour=_use_colour(), quiet=quiet), nl=False)
    sys.exit(EXIT_FINDINGS if diagnostics else EXIT_CLEAN)


def _read_or_exit(path: str) -> str:
    try:
        return read_config(path)
    except ConfigReadError as error:
        _fail(str(error))
        raise  # unreachable: _fail exits


def _fail(message: str) -> None:
    click.echo(f"nflint-spot: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _use_colour() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()
