from __future__ import annotations

from typing import Iterator

from ..syntax import nodes as n
from ..diagnostics import Finding, Severity
from ..fixes import Fix, TextEdit
from ..config.model import ConfigModel
from ..config.versions import allows
from .base import NoOptions, Rule

# What Nextflow does with `errorStrategy = ...` in a process body, by version (reference §9.3).
_APPLIED_BEFORE = (25, 10, 0)  # ProcessDslV1 (25.10) no longer takes it as the directive
_STRICT_FROM = (26, 4, 0)  # the strict script parser, which rejects it, is the default (26.01-edge)


class ProcessDirectiveAssignment(Rule):
    """A directive written as an assignment in a process body (`errorStrategy = { ... }`,
    `maxRetries = 3`): what Nextflow does with it depends on the version.

    Why: a directive is a method call (`errorStrategy { ... }`). Before Nextflow 25.10 the
    process body wrote into the process config, so the assignment worked; from 25.10 the
    legacy script parser keeps it as a script variable and the directive is silently lost
    (the process falls back to the config's value, or Nextflow's default 'terminate'); from
    26.04, where the strict parser is the default, the script is rejected ("Invalid process
    directive"). The finding says which of these the pipeline's `manifest.nextflowVersion`
    allows. nflint-spot applies the assignment only when it analyses a version before 25.10.

    Bad:
        process ALIGN {
            errorStrategy = { task.exitStatus in [137, 140] ? 'retry' : 'finish' }
            ...

    Good:
        process ALIGN {
            errorStrategy { task.exitStatus in [137, 140] ? 'retry' : 'finish' }
            ...

    Fix: drop the `=` (a safe fix: what the author meant, on every version).
    """

    code = "CFG017"
    name = "process-directive-assignment"
    severity = Severity.WARNING
    fixable = "safe"
    releases_matter = frozenset()  # the config's own words, whatever the release

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        seen: set[tuple[str, int]] = set()
        manifest = model.settings.get(("manifest", "nextflowVersion"))
        requirement = manifest.value.value if manifest is not None and isinstance(manifest.value, n.Literal) \
            and isinstance(manifest.value.value, str) else None
        for definition in model.definitions or ():
            for name, directive in definition.directives.items():
                key = (directive.path, directive.span.start)
                if not directive.assignment or directive.equals is None or key in seen:
                    continue
                seen.add(key)
                fix = Fix(f"Write `{name} {{...}}` (the directive, without `=`)",
                          (TextEdit(directive.equals, ""),), safe=True)
                yield Finding(directive.equals, _message(name, definition.name, requirement),
                              f"Write the directive as a method call: `{name} <value>`, without `=`.",
                              fix=fix, path=directive.path)


def _message(directive: str, process: str, requirement: str | None) -> str:
    fates = []
    if allows(requirement, (0, 0, 0), _APPLIED_BEFORE):
        fates.append("before 25.10 it applies")
    if allows(requirement, _APPLIED_BEFORE, _STRICT_FROM):
        fates.append(f"from 25.10 to 26.03 (the legacy parser) it is silently lost: {process} gets the "
                     f"config's {directive} or Nextflow's default")
    if allows(requirement, _STRICT_FROM):
        fates.append("from 26.04 (the strict parser) the script is rejected: 'Invalid process directive'")
    allowed = (f"manifest.nextflowVersion '{requirement}' allows" if requirement
               else "no manifest.nextflowVersion: every release is allowed, so")
    return (f"`{directive} = ...` in process {process} is an assignment, not the {directive} directive; "
            f"{allowed}: " + "; ".join(fates))
