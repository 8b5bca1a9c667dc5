from __future__ import annotations

from typing import Iterator

from ..syntax import nodes as n
from ..diagnostics import Finding, Severity
from ..config.model import ConfigModel, setting_reads, setting_references
from ..speed.value_memo import per_lint
from ..config.versions import allows
from .base import NoOptions, Rule

_STRICT_DEFAULT_FROM = (26, 4, 0)  # NXF_SYNTAX_PARSER defaults to v2 (the 26.01 edge releases on)


class SettingReadInClosure(Rule):
    """A closure in the config reads another config setting by name
    (`errorStrategy = { task.attempt > process.maxRetries ? 'finish' : 'retry' }`).

    Why: the legacy config parser resolves `process.maxRetries` against the config when the
    closure runs (ConfigParserV1), so the closure sees the config's own value. The strict
    parser, the default since Nextflow 26.04, allows a closure to read only `params` and what
    the task gives (`task.attempt`, `task.exitStatus`): the config no longer loads. nflint-spot
    uses the config's value where the legacy parser runs (a config using legacy Groovy, or a
    Nextflow version before 26.04), and reports the reference when the pipeline allows 26.04
    or later.

    Bad:
        process {
            maxRetries    = 3
            errorStrategy = { task.attempt > process.maxRetries ? 'finish' : 'retry' }
        }

    Good:
        process {
            maxRetries    = 3
            errorStrategy = { task.attempt > 3 ? 'finish' : 'retry' }
        }

    Fix: write the value itself, or a param (`params.max_retries`) that both settings read.
    """

    code = "CFG018"
    name = "setting-read-in-closure"
    severity = Severity.WARNING
    releases_matter = frozenset()  # the config's own words, whatever the release

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        if model.dialect == "v1" or not setting_references(model.loaded):
            return  # the legacy parser reads this config, or no closure reads a setting
        manifest = model.settings.get(("manifest", "nextflowVersion"))
        requirement = manifest.value.value if manifest is not None and isinstance(manifest.value, n.Literal) \
            and isinstance(manifest.value.value, str) else None
        if not allows(requirement, _STRICT_DEFAULT_FROM):
            return  # only releases whose default parser is the legacy one: the reference resolves
        for path, node, dotted in per_lint(model.loaded, "setting-reads", lambda: _reads(model)):
            yield Finding(
                node.span,
                f"this closure reads the config setting `{dotted}`: the strict config parser, the default from "
                "Nextflow 26.04, lets a closure read only params and task values, so the config does not load "
                "(the legacy parser resolved it to the config's value when the closure ran)",
                f"Write the value of `{dotted}` itself, or a param both settings read.",
                path=path,
            )


def _reads(model: ConfigModel) -> list[tuple[str, n.Node, str]]:
    """Each config setting a closure of the config names: (file, node, dotted name)."""
    keys = {setting.key for setting in model.loaded.settings}
    return [(setting.path, node, dotted)
            for setting in model.loaded.settings if isinstance(setting.value, n.Closure)
            for node, dotted in setting_reads(setting.value) if tuple(dotted.split(".")) in keys]
