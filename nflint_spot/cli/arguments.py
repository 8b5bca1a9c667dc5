"""What the command line's arguments mean, checked before anything is linted: the paths
(a pipeline directory, `-` for stdin), the comma-separated names of --select and the like,
the params of the run. A problem is a usage error: `fail` exits 2 naming it."""

from __future__ import annotations

import os
import sys

import click

from .options import fail


def split_names(option: str, values: tuple[str, ...], names: str = "rule") -> tuple[str, ...]:
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
    return None if profiles is None else split_names("--profile", (profiles,), "profile")


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


def check_rule_patterns(selection: object) -> None:
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
