"""GitHub Actions workflow commands: one `::error|warning|notice ...::message` line per finding,
which GitHub turns into annotations on the file and the pull request.

    ::error file=nextflow.config,line=8,col=5,endLine=8,endColumn=40,title=CFG011 selector-with-equals::...

GitHub shows only 10 annotations of each type per step, so errors come first. `col` and
`endColumn` are sent only when the finding is on one line (GitHub rejects them otherwise),
counted in UTF-16 code units like SARIF when the file text is known. `step_summary` is the
Markdown table of ALL findings that `append_step_summary` adds to `$GITHUB_STEP_SUMMARY`
(the I/O is the CLI's: `render` stays pure). `usage_error_annotation` is the action's
(scripts/github-action.sh) for a run that stopped with a usage error.
"""

from __future__ import annotations

import os
import re
from typing import Mapping

from ...diagnostics import Diagnostic, Severity
from . import RenderOptions
from . import display_path
from .common import by_severity, scoped_message, utf16_columns

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}

# How the CLI words a usage error (cli.fail), and click its own (an unknown option).
_ERROR_PREFIXES = ("nflint-spot: error: ", "Error: ")
# `file:line:col: message` (every position, sources.ConfigReadError, settings.SettingsError),
# or `file: message`: a file is one word, not an option (`-c, --params-file and ...: ...`).
_POSITIONED = re.compile(r"(?P<file>[^\s:-][^:]*?):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)", re.S)
_NAMED = re.compile(r"(?P<file>[^\s:-][^\s:]*): (?P<message>.+)", re.S)


def escape_data(text: str) -> str:
    """A command's message: GitHub decodes %25, %0D and %0A (as @actions/core escapes)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (`file=`, `title=`): also `:` and `,`, which end a value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(diagnostics: list[Diagnostic], options: RenderOptions = RenderOptions()) -> str:
    return "".join(annotation(d, options) + "\n" for d in by_severity(diagnostics))


def annotation(d: Diagnostic, options: RenderOptions) -> str:
    properties = [("file", display_path(d.path, options.root)), ("line", str(d.span.line))]
    if d.span.end_line == d.span.line:
        start_column, end_column = utf16_columns(d.span, options.texts.get(d.path))
        properties += [("col", str(start_column)), ("endLine", str(d.span.end_line)),
                       ("endColumn", str(end_column))]
    else:
        properties.append(("endLine", str(d.span.end_line)))
    properties.append(("title", f"{d.code} {d.name}"))
    fields = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[d.severity]} {fields}::{escape_data(_body(d, options))}"


def _body(d: Diagnostic, options: RenderOptions) -> str:
    lines = [scoped_message(d)]
    lines += [f"note: {display_path(r.path, options.root)}:{r.span.line}:{r.span.column}: {r.message}"
              for r in d.related]
    if d.suggestion:
        lines.append(f"help: {d.suggestion}")
    return "\n".join(lines)


def usage_error_annotation(stderr: str) -> str:
    """The `::error` annotation for a run that exited 2, from what it printed to stderr: its
    error message, on the file, line and column the message names (a usage error otherwise
    shows only in the log, and the step's red cross says nothing of why)."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    message = next((line[len(prefix):] for line in reversed(lines) for prefix in _ERROR_PREFIXES
                    if line.startswith(prefix)), lines[-1] if lines else "stopped with a usage error (exit 2)")
    properties: list[tuple[str, str]] = []
    positioned, named = _POSITIONED.fullmatch(message), _NAMED.fullmatch(message)
    if positioned is not None:
        properties += [("file", positioned["file"]), ("line", positioned["line"]), ("col", positioned["col"])]
        message = positioned["message"]
    elif named is not None:
        properties.append(("file", named["file"]))
        message = named["message"]
    properties.append(("title", "nflint-spot usage error"))
    fields = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::error {fields}::{escape_data(message)}"


def step_summary(diagnostics: list[Diagnostic], options: RenderOptions = RenderOptions()) -> str:
    """A Markdown section: heading, counts, and a table of every finding (errors first)."""
    from .text import summary

    out = ["## nflint-spot", "", summary(diagnostics, options.fixable), ""]
    if diagnostics:
        out += ["| file:line:col | code | severity | message |", "|---|---|---|---|"]
        for d in by_severity(diagnostics):
            where = f"{display_path(d.path, options.root)}:{d.span.line}:{d.span.column}"
            out.append(f"| {_cell(where)} | {d.code} `{d.name}` | {d.severity.value} | {_cell(scoped_message(d))} |")
        out.append("")
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    """A table cell: a `|` would end it and a line break would end the table."""
    return text.replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")


def append_step_summary(diagnostics: list[Diagnostic], options: RenderOptions,
                        environ: Mapping[str, str] = os.environ) -> str | None:
    """Append `step_summary` to the file `$GITHUB_STEP_SUMMARY` names, when it is set.
    Returns a problem to report, or None."""
    target = environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return None
    try:
        with open(target, "a", encoding="utf-8") as summary_file:
            summary_file.write(step_summary(diagnostics, options))
    except OSError as error:
        return f"cannot write the step summary to {target}: {error.strerror or error}"
    return None
