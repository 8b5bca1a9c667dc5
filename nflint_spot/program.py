"""How the command runs as a process: start-up and exit, which are most of a one-file `check`
(the interpreter, click, the package's modules). Four things are kept off its path, each
measured on a one-file lint:

- the cyclic garbage collector while modules are imported (`paused_collection`; cli.py
  pauses it from its first line, before `typing` and click): imports make tens of thousands
  of objects that live as long as the process, and the collector walked them some twenty
  times (~9 ms); after the imports they are frozen (gc.freeze), so later collections do not
  walk them either;
- the same for `check`'s lints: the first collection after a lint walked everything it
  made that is still alive (the parse cache's trees, the memos; ~4 ms after a one-file
  lint). A lint makes no cyclic garbage (linting every corpus file in one process with the
  collector off leaves nothing for gc.collect()), so nothing is lost by not collecting;
- compiling what was compiled before: regular expressions and the code @dataclass generates
  come from the per-user cache (regex_code.py, dataclass_code.py);
- CPython's finalization once the command is done (`end_process`): freeing every module and
  object one by one, for a process that is about to end anyway (~20 ms after a lint).
"""

from __future__ import annotations

import atexit
import gc
import importlib
import os
import sys
from contextlib import contextmanager
from typing import Any, Iterator, NoReturn

import click


@contextmanager
def paused_collection() -> Iterator[None]:
    """No cyclic garbage collection inside, and what was made inside is frozen after it: for
    work that makes no cyclic garbage (imports, lints; see the module docstring)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        resume_collection(collecting)


def resume_collection(collecting: bool) -> None:
    """The end of an import pause: `collecting` is whether the collector ran before it."""
    # Frozen first: else the first collection would walk everything made during the pause.
    gc.freeze()
    if collecting:
        gc.enable()


def cache_dataclass_code() -> None:
    """Compile the generated methods of the package's dataclasses once per machine (see
    dataclass_code.py); imported here, as a stored report needs no dataclass at all."""
    from .dataclass_code import install

    install()


class Program(click.Group):
    """The command group's class. Called as the program (the console script, `python -m
    nflint_spot`) it ends the process itself once a command is done (`end_process`); tests
    call `main.main(...)` (click's CliRunner does), which exits as click always does.

    `lazy_commands` (name -> "module:attribute") are the commands imported only when they
    run or are listed, click's documented way to load subcommands lazily."""

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

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return self.main(*args, **kwargs)
        except SystemExit as done:
            end_process(done)


def end_process(done: SystemExit) -> NoReturn:
    """Exit as `raise done` would, without CPython's finalization: the atexit functions run
    (the caches' saves), stdout and stderr are flushed, then os._exit. Falls back to the
    normal exit when finalization still has work with effects: an exit code that is not a
    plain status, another non-daemon thread to wait for, or a flush that fails (a closed
    pipe is then reported as Python reports it)."""
    import threading

    code = 0 if done.code is None else done.code
    others = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    if type(code) is not int or not 0 <= code <= 255 or others:
        raise done
    # atexit has no public way to run its functions early; _run_exitfuncs is what CPython's
    # own shutdown calls, and it clears them, so nothing runs twice.
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None without a console (pythonw)
                stream.flush()
    except (OSError, ValueError):
        raise done from None
    os._exit(code)
