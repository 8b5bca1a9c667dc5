from __future__ import annotations

from typing import Iterator

from ..diagnostics import Finding, Severity
from ..config.model import ConfigModel
from .base import NoOptions, Rule


class ModuleNotFound(Rule):
    """A pipeline script's `include { ... } from './path'` names no script: neither the file,
    nor the file with `.nf` added, nor a directory holding `main.nf`.

    Why: Nextflow stops before running anything ("Can't find a matching module file for
    include"). nflint-spot cannot see the processes the missing script would define, so the
    run it analyses lacks them: a finding about every process may leave some out. Includes
    that are not local paths (`plugin/nf-schema`, remote modules) are not files and are not
    reported.

    Bad:
        include { FASTQC } from './modules/fastqc'      // modules/fastqc.nf does not exist

    Good:
        include { FASTQC } from './modules/nf-core/fastqc/main'

    Fix: correct the path, relative to the including script; `.nf` may be left out, and a
    directory means its `main.nf`.
    """

    code = "CFG004"
    name = "module-not-found"
    severity = Severity.ERROR
    releases_matter = frozenset()  # the config's own words, whatever the release

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        for missing in model.missing_modules:
            yield Finding(
                missing.span,
                f"include from '{missing.target}' names no script: neither the file, nor with .nf added, "
                "nor a directory holding main.nf; Nextflow stops before running anything, and the "
                "processes it would define are not analysed",
                "Correct the path; it is relative to the including script's directory.",
                path=missing.path,
            )
