"""Which Nextflow version the analysis assumes: `--nextflow-version`, else the lowest version
`manifest.nextflowVersion` allows (the worst case for version-dependent defaults), else the
current release."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import nodes as n

# The newest stable release the reference describes (26.04: strict parser by default).
CURRENT_VERSION = (26, 4, 0)

_REQUIREMENT = re.compile(r"(>=|<=|==|=|>|<)?\s*(\d+)\.(\d+)(?:\.(\d+))?")


@dataclass(frozen=True, slots=True)
class NextflowVersion:
    """The Nextflow version assumed, and why (manifest, settings or the default)."""

    version: tuple[int, int, int]
    source: str  # "option", "manifest" or "current"
    text: str  # as written

    def at_least(self, major: int, minor: int, patch: int = 0) -> bool:
        return self.version >= (major, minor, patch)

    def __str__(self) -> str:
        major, minor, patch = self.version
        return f"{major}.{minor:02d}.{patch}"

    def describe(self) -> str:
        if self.source == "manifest":
            return f"{self} (the lowest allowed by manifest.nextflowVersion '{self.text}')"
        if self.source == "option":
            return f"{self} (--nextflow-version)"
        return f"{self} (current release; set --nextflow-version or manifest.nextflowVersion)"

    @staticmethod
    def choose(override: str | None, manifest: n.Expr | None) -> "NextflowVersion":
        if override:
            parsed = lowest_allowed(override)
            if parsed is not None:
                return NextflowVersion(parsed, "option", override)
        if isinstance(manifest, n.Literal) and isinstance(manifest.value, str):
            parsed = lowest_allowed(manifest.value)
            if parsed is not None:
                return NextflowVersion(parsed, "manifest", manifest.value)
        return NextflowVersion(CURRENT_VERSION, "current", "")


def lowest_allowed(requirement: str) -> tuple[int, int, int] | None:
    """'!>=23.04.0' → (23, 4, 0); '>=22.10, <24' → (22, 10, 0); '24.10.1' → (24, 10, 1).
    Upper bounds (`<`, `<=`) do not lower the minimum."""
    lows = []
    for match in _REQUIREMENT.finditer(requirement):
        operator = match.group(1) or "="
        if operator in ("<", "<="):
            continue
        lows.append((int(match.group(2)), int(match.group(3)), int(match.group(4) or 0)))
    return min(lows) if lows else None


def allows(requirement: str | None, low: tuple[int, int, int], high: tuple[int, int, int] | None = None) -> bool:
    """Whether `requirement` (manifest.nextflowVersion; None: no constraint) allows some
    version v with low <= v < high (high None: no upper end)."""
    if not requirement:
        return True
    floor, ceiling = (0, 0, 0), None
    for match in _REQUIREMENT.finditer(requirement):
        operator = match.group(1) or "="
        version = (int(match.group(2)), int(match.group(3)), int(match.group(4) or 0))
        if operator in (">=", ">", "=", "=="):
            floor = max(floor, version)
        if operator in ("<", "<=", "=", "=="):
            bound = version if operator == "<" else (version[0], version[1], version[2] + 1)
            ceiling = bound if ceiling is None else min(ceiling, bound)
    start = max(floor, low)
    end = ceiling if high is None else (high if ceiling is None else min(ceiling, high))
    return end is None or start < end


def parse_version_option(text: str) -> tuple[int, int, int] | None:
    return lowest_allowed(text)
