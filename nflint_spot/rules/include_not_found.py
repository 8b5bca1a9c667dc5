from __future__ import annotations

from typing import Iterator

from ..diagnostics import Finding, Severity
from ..config.model import ConfigModel
from .base import NoOptions, Rule


class IncludeNotFound(Rule):
    """`includeConfig` names a file that does not exist (or cannot be read, or is a system
    path or not a regular file, which nflint-spot never opens, or is included more than 64
    files deep, which it does not follow).

    Why: Nextflow stops with an error before running anything, or — for an include inside a
    profile — as soon as that profile is used. Relative paths are resolved from the directory
    of the file that contains the `includeConfig`, not from where Nextflow is launched.

    Bad:
        includeConfig 'conf/bse.config'

    Good:
        includeConfig 'conf/base.config'

    Fix: correct the path (relative to the including file), or remove the include.
    """

    code = "CFG001"
    name = "include-not-found"
    severity = Severity.ERROR
    releases_matter = frozenset()  # the config's own words, whatever the release

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        for record in model.loaded.includes:
            # The status first: most includes were read, and nf-core/configs has ~150 of
            # them in each of its ~150 profile scenarios.
            if record.status not in ("too-deep", "missing", "unreadable") or not model.in_scope(record.profile, record.within):
                continue
            if record.status == "too-deep":
                yield Finding(
                    record.span,
                    f"included file {record.target} is not read: {record.detail}",
                    "Include the files from fewer levels (a config including the next, many times over); "
                    "an include cycle through differently named files can look like this.",
                    path=record.path,
                )
            elif record.status in ("missing", "unreadable"):
                yield Finding(
                    record.span,
                    f"included file {record.target} {'does not exist' if record.status == 'missing' else 'cannot be read: ' + record.detail}",
                    "Correct the path; a relative path is resolved from the including file's directory.",
                    path=record.path,
                )
