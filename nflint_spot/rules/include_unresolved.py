from __future__ import annotations

from typing import Iterator

from ..diagnostics import Finding, Severity
from ..config.model import ConfigModel
from .base import NoOptions, Rule


class IncludeUnresolved(Rule):
    """An `includeConfig` whose file cannot be known statically, or is remote.

    Why: the settings in that file are invisible to the analysis, so findings about queues,
    retries and Spot attempts may be incomplete. Remote includes (`https://`, `s3://`) are
    never fetched; paths built from environment variables or code cannot be resolved
    without running the config. Paths using `projectDir`, `baseDir`, `launchDir` and literal
    `params` are resolved.

    Bad:
        includeConfig System.getenv('SITE_CONFIG')

    Good:
        includeConfig "${projectDir}/conf/site.config"

    Fix: nothing to fix if the include is intended; lint the included file on its own too
    (`nflint-spot check site.config`), or suppress this finding.
    """

    code = "CFG003"
    name = "include-unresolved"
    severity = Severity.INFO
    releases_matter = frozenset()  # the config's own words, whatever the release

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        for record in model.loaded.includes:
            # The status first: most includes were read, and nf-core/configs has ~150 of
            # them in each of its ~150 profile scenarios.
            if record.status not in ("remote", "unresolved") or not model.in_scope(record.profile, record.within):
                continue
            if record.status == "remote":
                yield Finding(record.span, f"remote include {record.target} is not fetched; its settings are not analysed",
                              "Lint that file separately if its settings matter for Spot.", path=record.path)
            elif record.status == "unresolved":
                yield Finding(record.span, f"include cannot be resolved statically: {record.detail}",
                              "Use a literal path, or one built from projectDir or literal params.",
                              path=record.path)
