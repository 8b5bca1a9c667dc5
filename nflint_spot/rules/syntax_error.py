from __future__ import annotations

from typing import Iterator

from ..diagnostics import Finding, Severity
from ..config.model import ConfigModel
from .base import NoOptions, Rule


class ConfigSyntaxError(Rule):
    """The file is not a Nextflow config that nflint-spot can read.

    Why: a config that does not parse cannot be checked, and Nextflow rejects it too (or, for a
    legacy Groovy config, runs code nflint-spot will not guess about). The message says what
    was found and what was expected, at the exact line and column.

    Bad:
        process {
            queue = 'spot'
        // the closing brace is missing

    Good:
        process {
            queue = 'spot'
        }

    Fix: correct the syntax at the reported position. Included files are checked too.
    """

    code = "SYN001"
    name = "syntax-error"
    severity = Severity.ERROR
    scope = "file"  # produced by the linter from the parser's SyntaxProblem

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        return iter(())
