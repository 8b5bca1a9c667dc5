"""How a command ends: the documented exit codes (README: 0 clean, 1 findings, 2 usage error
or unreadable file), and `fail`, which
prints a usage error or an unreadable file's message and exits 2."""

from __future__ import annotations

import sys

import click

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def fail(message: str) -> None:
    click.echo(f"nflint-spot: error: {message}", err=True)
    sys.exit(EXIT_ERROR)
