"""How the command runs as a process: start-up and exit, which are most of a one-file `check`
(the interpreter, click, the package's modules). Three things are kept off its path, each
measured on a one-file lint:

- the cyclic garbage collector while modules are imported (speed/collector.py's
  `paused_collection`; main.py pauses it from its first line, before `typing` and click):
  imports make tens of thousands of objects that live as long as the process, and the
  collector walked them some twenty times (~9 ms); after the imports they are frozen
  (gc.freeze), so later collections do not walk them either;
- the same for `check`'s lints: the first collection after a lint walked everything it
  made that is still alive (the parse cache's trees, the memos; ~4 ms after a one-file
  lint). A lint makes no cyclic garbage (linting every corpus file in one process with the
  collector off leaves nothing for gc.collect()), so nothing is lost by not collecting;
- compiling what was compiled before: regular expressions and the code @dataclass generates
  come from the per-user cache (speed/regex_code.py, speed/dataclass_code.py; NFLINT_SPOT_SPEED_OFF switches them off).

The process ends the normal way, finalization included: skipping it (atexit's private
`_run_exitfuncs` and `os._exit`) saved 1.8% of a one-file `check`'s instructions
(bench/instructions.py), too little for patching the interpreter's internals.
"""

from __future__ import annotations

import importlib
from typing import Any

import click


def cache_dataclass_code() -> None:
    """Compile the generated methods of the package's dataclasses once per machine (see
    speed/dataclass_code.py); imported here, as a stored report needs no dataclass at all."""
    from ..speed.dataclass_code import install

    install()


class Program(click.Group):
    """The command group's class: `lazy_commands` (name -> "module:attribute") are the
    commands imported only when they run or are listed, click's documented way to load
    subcommands lazily."""

    def __init__(self, *args: Any, lazy_commands: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            module_name, _, attribute = self.lazy_commands[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(module_name), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)
