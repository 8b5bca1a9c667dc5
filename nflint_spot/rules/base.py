"""The Rule protocol. A rule's docstring IS its user documentation, in sections:
a one-line summary, then `Why:`, `Bad:`, `Good:`, `Fix:` (checked by the test suite)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from ..config.versions import FEATURES
from ..diagnostics import Finding, Severity
from ..config.model import ConfigModel

DOC_SECTIONS = ("Why:", "Bad:", "Good:", "Fix:")
# What a rule's findings carry as a fix (`Rule.fixable`): safe ones (`--fix` applies them),
# unsafe ones (only with `--unsafe-fixes`), either depending on the case, or none.
FIXABLE_KINDS = ("safe", "unsafe", "mixed", "none")


@dataclass(frozen=True)
class NoOptions:
    """A rule without options."""


@dataclass(frozen=True)
class Bounds:
    """The values a number or duration option of rules.yaml accepts, from what the rule does
    with it (a duration's bounds are in milliseconds); `why` is said with a value outside."""

    low: float
    high: float | None = None
    low_included: bool = True
    why: str = ""


def option(default: Any, bounds: Bounds) -> Any:
    """An Options field whose value rules.yaml may set within `bounds` (settings_values.py)."""
    return field(default=default, metadata={"bounds": bounds})


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    Options: ClassVar[type] = NoOptions
    # "model": runs once per profile scenario on the resolved model. "file": the linter
    # produces its findings itself (syntax errors, suppressions); check() yields nothing.
    scope: ClassVar[str] = "model"
    # Which of what changes between releases (versions.FEATURES: the maxSpotAttempts default,
    # resourceLimits, directive assignments, the strict parser) the findings depend on. The
    # linter runs the rule on a stretch of releases (analysis.build_models) only where one
    # of these changes from the stretch before, and its findings for that one hold for it
    # too: a rule about syntax, includes or units says none.
    releases_matter: ClassVar[frozenset[str]] = FEATURES
    # The rule judges a directive the config does not set (no errorStrategy means
    # 'terminate') only in a complete config (ConfigModel.complete): a fragment linted alone
    # gets one note saying so (linter._fragment_note).
    needs_complete_config: ClassVar[bool] = False
    # One of FIXABLE_KINDS, for `rules --output-format json` and `rules CODE`; the rule
    # fixtures' fixes must show exactly these kinds (tests/test_rule_catalogue.py).
    fixable: ClassVar[str] = "none"
    # What the findings depend on besides sharing_key, so that the linter computes them once
    # for the profile scenarios sharing it (and the language server keeps them for its next
    # lints): None, each scenario's own; "views", model.processes alone (with the params
    # their executor and attempt plan directives read, the executor setting and whether the
    # version has resourceLimits); "batch", analysis.batch_processes(model) alone (that, and
    # the environment). A finding computed for one scenario is then served to another, so
    # whatever else check reads of the model must be in sharing_key.
    shares: ClassVar[str | None] = None

    def sharing_key(self, model: ConfigModel, options: Any) -> tuple[object, ...] | None:
        """What check reads of a scenario beyond its `shares` basis: hashable values, or
        Setting objects (named by identity within a lint, by what they say across the
        language server's lints). None: nothing to find in this scenario, and check is not
        run. Asked every time, outside the cache: guards belong here. Only with `shares`."""
        return ()

    def check(self, model: ConfigModel, options: Any) -> Iterator[Finding]:
        """The findings on one scenario. With `shares` set, run only where sharing_key is
        not None, and its findings serve every scenario with the same basis and key."""
        raise NotImplementedError

    @classmethod
    def summary(cls) -> str:
        """The docstring's first paragraph on one line: a summary wrapped over several lines
        is whole, not cut at the first line break (`rules`, SARIF, docs/rules.md)."""
        return " ".join(cls.documentation().split("\n\n", 1)[0].split())

    @classmethod
    def documentation(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or "")
