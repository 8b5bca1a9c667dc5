"""Which Nextflow version the analysis assumes: `--nextflow-version`, else the lowest version
`manifest.nextflowVersion` allows (the worst case for version-dependent defaults), else the
current release."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..syntax import nodes as n

# The newest stable release the reference describes (26.04: strict parser by default).
CURRENT_VERSION = (26, 4, 0)

# ASCII digits only: `\d` takes full-width ones (`１２.１０`), which Nextflow's VersionNumber
# compares as text, not as numbers (NF:modules/nf-commons/src/main/nextflow/util/VersionNumber.groovy).
_REQUIREMENT = re.compile(r"(>=|<=|==|=|>|<)?\s*([0-9]+)\.([0-9]+)(?:\.([0-9]+))?")


@dataclass(frozen=True, slots=True)
class NextflowVersion:
    """The Nextflow version assumed, and why (manifest, settings or the default)."""

    version: tuple[int, int, int]
    source: str  # "option", "manifest", "current", or "range" (one of version_scenarios)
    text: str  # as written
    # With source "range": the lowest release of all the lint analyses. What a fix writes must
    # hold for every one of them (aws.batch.maxSpotAttempts = -1, not 0, when 23.05 to 24.07 may run it).
    lowest: tuple[int, int, int] | None = None

    @property
    def floor(self) -> tuple[int, int, int]:
        """The lowest release analysed in this lint: a fix's value must suit it too."""
        return self.lowest or self.version

    def at_least(self, major: int, minor: int, patch: int = 0) -> bool:
        return self.version >= (major, minor, patch)

    def __str__(self) -> str:
        return release_text(self.version)

    def describe(self) -> str:
        if self.source == "range":
            allowed = f"manifest.nextflowVersion '{self.text}'" if self.text else "no manifest.nextflowVersion"
            return f"{self} (one of the releases {allowed} allows, each analysed)"
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
        # No constraint: every release is allowed, so a fix must suit the oldest analysed too.
        return NextflowVersion(CURRENT_VERSION, "current", "", OLDEST_ANALYSED)


def release_text(version: tuple[int, int, int]) -> str:
    """`24.04.0`: releases since 18.10 are year.month.patch, the month in two digits; the
    0.x releases before them (`0.32.0`), and any other number, are written as they are."""
    major, minor, patch = version
    return f"{_year_month(major, minor)}.{patch}"


def _year_month(major: int, minor: int) -> str:
    return f"{major}.{minor:02d}" if major >= 18 and minor <= 12 else f"{major}.{minor}"


# What may name the release to assume: a release as Nextflow writes its own (`24.10.0`,
# `24.10`, `24.11.0-edge`, `22.10.0-RC1`: VERSION and the tags), or a constraint as
# manifest.nextflowVersion writes one: conditions separated by commas, each to hold, an
# optional `!` before them all (CmdRun.checkVersion, VersionNumber.matches). Each condition is
# one release: `24.10.0.1` or `24.10.0 25.04` is no release, and `2.+` (VersionNumber's `+`) is
# not read here.
_RELEASE = r"[0-9]+\.[0-9]+(?:\.[0-9]+)?(?:-[A-Za-z0-9]+)?"
_CONDITION = rf"\s*(?:>=|<=|==|=|>|<)?\s*{_RELEASE}\s*"
_VERSION_TEXT = re.compile(rf"\s*!?{_CONDITION}(?:,{_CONDITION})*", re.ASCII)


def version_text_problem(text: str) -> str | None:
    """Why `text` cannot be the Nextflow version to assume (--nextflow-version, rules.yaml's
    nextflow_version, the language server's nextflowVersion), or None. A text with no lowest
    release (`xyz`, `99`, `<25.0`) would leave the release unchosen, silently; one whose
    conditions exclude each other (`24.10.0,25.04`) would analyse a release it excludes."""
    if _VERSION_TEXT.fullmatch(text) is None or lowest_allowed(text) is None:
        return (f"not a Nextflow version: {text!r} (expected a release such as 24.10.0, "
                "or a constraint with a lowest release such as '>=24.04')")
    floor, ceiling = _bounds(text)
    if ceiling is not None and ceiling <= floor:
        return (f"{text!r} allows no Nextflow release: each of its conditions must hold, as in "
                "manifest.nextflowVersion (a range is written '>=24.04, <25.04')")
    return None


def lowest_allowed(requirement: str) -> tuple[int, int, int] | None:
    """The lowest release `requirement` allows, None when it sets no lower end:
    '!>=23.04.0' → (23, 4, 0); '>=22.10, <24' → (22, 10, 0); '24.10.1' → (24, 10, 1);
    '>24.10.0' → (24, 10, 1). Every condition must hold (VersionNumber.matches), so the
    highest lower end counts; upper ends (`<`, `<=`) set none."""
    if not any((match.group(1) or "=") not in ("<", "<=") for match in _REQUIREMENT.finditer(requirement)):
        return None
    return _bounds(requirement)[0]


def _bounds(requirement: str | None) -> tuple[tuple[int, int, int], tuple[int, int, int] | None]:
    """The lowest release `requirement` allows and the first one past what it allows (None:
    no upper end)."""
    floor, ceiling = (0, 0, 0), None
    for match in _REQUIREMENT.finditer(requirement or ""):
        operator = match.group(1) or "="
        version = (int(match.group(2)), int(match.group(3)), int(match.group(4) or 0))
        if operator in (">=", ">", "=", "=="):
            floor = max(floor, version if operator != ">" else (version[0], version[1], version[2] + 1))
        if operator in ("<", "<=", "=", "=="):
            bound = version if operator == "<" else (version[0], version[1], version[2] + 1)
            ceiling = bound if ceiling is None else min(ceiling, bound)
    return floor, ceiling


def allows(requirement: str | None, low: tuple[int, int, int], high: tuple[int, int, int] | None = None) -> bool:
    """Whether `requirement` (manifest.nextflowVersion; None: no constraint) allows some
    version v with low <= v < high (high None: no upper end)."""
    floor, ceiling = _bounds(requirement)
    start = max(floor, low)
    end = ceiling if high is None else (high if ceiling is None else min(ceiling, high))
    return end is None or start < end


# Releases where what nflint-spot models changes: aws.batch.maxSpotAttempts (22.04, with a
# default of 5: no AWS retry of a reclaim before), process.resourceLimits (24.04), the
# maxSpotAttempts default (5 → 0, 24.08 edge / 24.10), a directive assigned in a process body
# (lost from 25.10), the strict parser as the default (26.04). Releases between two of them
# behave alike; 23.05 starts the releases that read maxSpotAttempts = 0 as 5 (to 24.07).
BOUNDARIES = ((22, 4, 0), (23, 5, 0), (24, 4, 0), (24, 10, 0), (25, 10, 0), (26, 4, 0))
# The oldest release analysed when nothing lower is asked for: every release nflint-spot
# models (AWS Batch's maxSpotAttempts and its default of 5 are older).
OLDEST_ANALYSED = (23, 4, 0)


# What changes at each of BOUNDARIES: a rule says which of these its findings depend on
# (rules.base.Rule.releases_matter), and is not run again for a stretch of releases that
# differs from the one before only in others.
FEATURE_AT = {(22, 4, 0): "spot-attempts", (23, 5, 0): "spot-attempts", (24, 4, 0): "resource-limits", (24, 10, 0): "spot-attempts",
              (25, 10, 0): "assignments", (26, 4, 0): "strict-parser"}
FEATURES = frozenset(FEATURE_AT.values())


@dataclass(frozen=True, slots=True)
class VersionScenario:
    """One release standing for the releases from it up to the next boundary; `feature`:
    what changes from the stretch before (FEATURE_AT; None for the first stretch)."""

    version: tuple[int, int, int]
    label: str  # `Nextflow 23.04.0 to 24.09`, `Nextflow 26.04 and later`
    feature: str | None = None


def version_scenarios(requirement: str | None, boundaries: tuple[tuple[int, int, int], ...] = BOUNDARIES,
                      runs_before: tuple[int, int, int] | None = None) -> list[VersionScenario]:
    """The releases `requirement` (manifest.nextflowVersion; None: no constraint) allows,
    before `runs_before` (the first release that cannot run the pipeline at all), one per
    stretch between `boundaries` (those of BOUNDARIES that matter to the lint), each
    labelled with its stretch."""
    floor, ceiling = _bounds(requirement)
    if runs_before is not None and (ceiling is None or runs_before < ceiling) and runs_before > floor:
        ceiling = runs_before
    low = max(floor, OLDEST_ANALYSED) if floor == (0, 0, 0) else floor
    starts = [low] + [b for b in boundaries if b > low and (ceiling is None or b < ceiling)]
    scenarios = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else ceiling
        shown = _shown(start, exact=index == 0)
        if end is None:
            label = f"Nextflow {shown} and later"
        elif end == (start[0], start[1], start[2] + 1):
            label = f"Nextflow {shown}"
        else:
            last = (end[0], end[1] - 1) if end[1] > 1 else (end[0] - 1, 12)
            same = last == (start[0], start[1])
            label = f"Nextflow {shown}" if same else f"Nextflow {shown} to {_year_month(*last)}"
        scenarios.append(VersionScenario(start, label, FEATURE_AT.get(start) if index else None))
    return scenarios


def join_stretches(labels: list[str], held: set[str]) -> str:
    """The stretches of `labels` (version_scenarios' labels, in order) in `held`, adjacent ones
    as one: `Nextflow 24.10 and later`, `Nextflow 23.04 to 24.09 and Nextflow 26.04 and later`."""
    runs: list[list[str]] = []
    for index, label in enumerate(labels):
        if label not in held:
            continue
        if runs and labels.index(runs[-1][-1]) == index - 1:
            runs[-1].append(label)
        else:
            runs.append([label])
    return " and ".join(run[0] if len(run) == 1 else _start(run[0]) + _tail(run[-1]) for run in runs)


def _start(label: str) -> str:
    return label.split(" to ")[0].removesuffix(" and later")


def _tail(label: str) -> str:
    return label[len(_start(label)):]


def _shown(version: tuple[int, int, int], exact: bool) -> str:
    text = _year_month(version[0], version[1])
    return text + f".{version[2]}" if exact and version[2] else text
