from __future__ import annotations

import os
from typing import Iterator

from ..diagnostics import Finding, Severity
from ..config.model import ConfigModel
from .base import NoOptions, Rule


class IncludeCycle(Rule):
    """Config files include each other in a loop.

    Why: Nextflow follows includes recursively; a cycle never ends (it fails with a stack
    overflow or includes the same settings again and again). nflint-spot stops at the first
    repeated file.

    Bad:
        // a.config
        includeConfig 'b.config'
        // b.config
        includeConfig 'a.config'

    Good:
        // a.config
        includeConfig 'b.config'
        // b.config: no include back to a.config

    Fix: remove the include that closes the loop.
    """

    code = "CFG002"
    name = "include-cycle"
    severity = Severity.ERROR
    releases_matter = frozenset()  # the config's own words, whatever the release

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        for record in model.loaded.includes:
            # The status first: most includes were read, and nf-core/configs has ~150 of
            # them in each of its ~150 profile scenarios.
            if record.status not in ("cycle",) or not model.in_scope(record.profile, record.within):
                continue
            if record.status == "cycle":
                chain = " → ".join(os.path.basename(p) for p in record.detail.split(" → "))
                yield Finding(record.span, f"include cycle: {chain}",
                              "Remove the includeConfig that closes the loop.", path=record.path)
