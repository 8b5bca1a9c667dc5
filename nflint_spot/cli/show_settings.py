"""`check --show-settings PATH`: the settings a lint of PATH uses, and where each comes from."""

from __future__ import annotations

import os
import sys

import click

from ..speed.collector import paused_collection
from .arguments import check_rule_patterns
from .options import EXIT_CLEAN, fail
from .program import cache_dataclass_code


def print_settings(files: list[str], settings_path: str | None, isolated: bool, launcher: str | None,
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
    check_rule_patterns(selection)
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
