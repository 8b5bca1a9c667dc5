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

    def check(self, model: ConfigModel, options: Any) -> Iterator[Finding]:
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
