"""The command line's entry point (pyproject's `nflint-spot = nflint_spot.cli.main:main`):
the command group, with `check` (check_command.py) and the other commands (commands.py).
Exit codes (options.py): 0 clean, 1 findings, 2 usage error or unreadable file.

Start-up is most of a one-file `check`: what this module and the commands import runs with
the cyclic garbage collector paused (program.py says why and what it costs).
"""

from __future__ import annotations

import gc

_COLLECTING = gc.isenabled()
gc.disable()  # until the end of this module, `typing` and click included (speed/collector.py)

from ..speed.regex_code import install as cache_regex_code  # noqa: E402

# Before click and the package's modules compile their regular expressions: each is
# compiled once per machine instead of at every start (see there).
cache_regex_code()

import click  # noqa: E402

from .. import __version__  # noqa: E402
from ..speed.collector import paused_collection, resume_collection  # noqa: E402
from .check_command import check  # noqa: E402
from .program import Program, cache_dataclass_code  # noqa: E402


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


main.add_command(check)
resume_collection(_COLLECTING)
