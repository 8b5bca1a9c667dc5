"""What rules yield (Finding) and what the linter reports (Diagnostic)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .fixes import Fix
from .span import Span


# The code of a crashing rule's diagnostic (linter._run_rules): not a rule of the catalogue,
# so it has no documentation of its own.
INTERNAL_ERROR_CODE = "INT001"


class Severity(str, Enum):
    """Ordered by weight; `note` is SARIF's and GitHub's word for information."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, word: str) -> "Severity":
        return cls(word.lower())


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Related:
    """Another setting involved in a finding."""

    path: str
    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule yields. `path` is the file of `span` when it is not the linted file
    (a setting that came from an included config)."""

    span: Span
    message: str
    suggestion: str = ""
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    profiles: tuple[str, ...] = ()
    processes: tuple[str, ...] = ()
    path: str | None = None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding stamped with its file, rule and configured severity."""

    path: str
    span: Span
    code: str
    name: str
    severity: Severity
    message: str
    suggestion: str = ""
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    profiles: tuple[str, ...] = ()
    processes: tuple[str, ...] = ()
    excerpt: str = field(default="", compare=False)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.line, self.span.column, self.code)
