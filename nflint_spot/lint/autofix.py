"""`check --fix` and `--diff`: apply the fixes of a lint result to files on disk.

Never loses or half-writes what the user owns: a file is written only if it still holds
exactly the text that was linted, only if the fixed text still parses, through a temporary
file in the same directory renamed over the original (atomic), keeping its permissions.
Files with syntax errors are never touched.
"""

from __future__ import annotations

import os
import stat
from bisect import bisect_left, insort
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..fixes import apply_edits
from ..syntax.parser import SyntaxProblem, parse_config
from ..sources import ConfigReadError, read_config


@dataclass(frozen=True)
class FileFix:
    """The fixes planned for one file, and its text before and after them."""

    path: str
    original: str
    fixed: str
    applied: int  # number of fixes applied
    fixes: tuple[Diagnostic, ...] = ()  # the diagnostics whose fixes are applied (plan_fixes)


@dataclass(frozen=True)
class FixRefused:
    """Why a file's fixes were not written (the file changed, or the result would not parse)."""

    path: str
    reason: str


@dataclass(frozen=True)
class FixWithheld:
    """A fix not applied, and why: the setting it writes is written by another fix of the run."""

    diagnostic: Diagnostic
    reason: str


# The files each linted PATH reads (its config, the configs it includes, the pipeline's
# scripts): one run of Nextflow each. None: the diagnostics are of one run.
Runs = Sequence[Collection[str]]


def chosen_fixes(diagnostics: list[Diagnostic], unsafe: bool,
                 runs: Runs | None = None) -> tuple[list[Diagnostic], list[FixWithheld]]:
    """The diagnostics whose fixes a run applies: the safe ones, the unsafe ones too with
    `unsafe`; a fix that writes a setting an earlier one (in file order) writes too is
    withheld, never written twice (renaming `maxSpotAttemps` and moving
    `process.maxSpotAttempts` both to `aws.batch.maxSpotAttempts`). A fix that moves or
    renames what the config says goes before one that only adds a line (SPOT009's
    `aws.batch.maxSpotAttempts = ...`): the user's value is kept. The next round of `--fix`
    lints the result: the rule then sees the setting and says it is already set.

    A setting (Fix.writes: the dotted key, a profile's own prefixed) is one of a config:
    two fixes write the same one when they write it into files of one run (a file and the
    one it includes make one config), never when they are in separate runs (two PATH
    arguments that share no file: each has its own `aws.batch.maxSpotAttempts`)."""
    chosen: list[Diagnostic] = []
    withheld: list[FixWithheld] = []
    writers: dict[tuple[object, str], Diagnostic] = {}
    scopes = _RunScopes(runs)
    for d in sorted(diagnostics, key=_fix_order):
        if d.fix is None or not (d.fix.safe or unsafe):
            continue
        written = [(scope, setting) for setting in d.fix.writes for scope in scopes.of(d.path)]
        taken = [(setting, writers[scope, setting]) for scope, setting in written if (scope, setting) in writers]
        if taken:
            setting, other = taken[0]
            withheld.append(FixWithheld(d, f"`{setting}` is also written by the fix of {other.code} at "
                                           f"{other.path}:{other.span.line}:{other.span.column}"))
            continue
        writers.update(dict.fromkeys(written, d))
        chosen.append(d)
    return chosen, withheld


class _RunScopes:
    """The runs a file belongs to (by real path: an include may be spelled otherwise than
    the PATH argument naming the same file). A file of no run given is a run of its own.
    Indexed on the first question: most lints have no fix to ask about."""

    def __init__(self, runs: Runs | None) -> None:
        self.runs = runs
        self.runs_of: dict[str, tuple[int, ...]] | None = None

    def of(self, path: str) -> tuple[object, ...]:
        if self.runs is None:
            return (0,)
        if self.runs_of is None:
            found: dict[str, list[int]] = {}
            for index, run in enumerate(self.runs):
                for real in {os.path.realpath(p) for p in run}:
                    found.setdefault(real, []).append(index)
            self.runs_of = {real: tuple(indices) for real, indices in found.items()}
        real = os.path.realpath(path)
        return self.runs_of.get(real) or (real,)


def _fix_order(d: Diagnostic) -> tuple[bool, str, int, str]:
    adds = d.fix is not None and all(edit.span.start == edit.span.end for edit in d.fix.edits)
    return (adds, d.path, d.span.start, d.code)


def plan_fixes(diagnostics: list[Diagnostic], texts: dict[str, str], unsafe: bool,
               runs: Runs | None = None) -> tuple[list[FileFix], list[FixRefused]]:
    by_path: dict[str, list[Diagnostic]] = {}
    for d in chosen_fixes(diagnostics, unsafe, runs)[0]:
        by_path.setdefault(d.path, []).append(d)
    planned: list[FileFix] = []
    refused: list[FixRefused] = []
    for path, found in sorted(by_path.items()):
        original = texts.get(path)
        if original is None:
            continue
        # A pipeline script is not a config: nflint-spot has no parser to check it with, and
        # its fixes (CFG017: drop a directive's `=`) change nothing else.
        is_config = not path.endswith(".nf")
        if is_config and isinstance(parse_config(original, path), SyntaxProblem):
            refused.append(FixRefused(path, "it has syntax errors"))
            continue
        fixed, applied = _apply_whole_fixes(original, found)
        if fixed == original:
            continue
        if is_config and isinstance(parse_config(fixed, path), SyntaxProblem):
            refused.append(FixRefused(path, "the fixed text would not parse"))
            continue
        planned.append(FileFix(path, original, fixed, len(applied), tuple(applied)))
    return planned, refused


def fixable(diagnostics: list[Diagnostic], texts: dict[str, str], unsafe: bool,
            runs: Runs | None = None) -> list[Diagnostic]:
    """The diagnostics the first round of `--fix` (with `unsafe`: `--fix --unsafe-fixes`)
    fixes, as it plans them: not a withheld fix, nor one in a file it refuses to write, nor
    one overlapping another. What `--statistics` and the summaries count."""
    return [d for file_fix in plan_fixes(diagnostics, texts, unsafe, runs)[0] for d in file_fix.fixes]


def _apply_whole_fixes(text: str, diagnostics: list[Diagnostic]) -> tuple[str, list[Diagnostic]]:
    """All edits of a fix or none: a fix overlapping one already taken, or whose own edits
    overlap one another (apply_edits would drop one of them), is skipped whole."""
    taken = _TakenRanges()
    edits = []
    applied: list[Diagnostic] = []
    for d in sorted(diagnostics, key=lambda d: d.span.start):
        assert d.fix is not None
        ranges = [(e.span.start, e.span.end) for e in d.fix.edits]
        if any(taken.conflicts(*r) or any(_overlap(r, other) for other in ranges[:i])
               for i, r in enumerate(ranges)):
            continue
        for start, end in ranges:
            taken.add(start, end)
        edits.extend(d.fix.edits)
        applied.append(d)
    fixed, _ = apply_edits(text, edits)
    return fixed, applied


def _overlap(new: tuple[int, int], old: tuple[int, int]) -> bool:
    return new[0] < old[1] and old[0] < new[1]


class _TakenRanges:
    """The ranges of the fixes taken so far, sorted. A range of another fix conflicts with
    one taken when they overlap, or when it inserts where the taken one starts (which fix's
    text comes first would be a guess; within one fix, apply_edits's order decides). Each
    new range is checked against its neighbours, not against all of them (a file with a fix on each of n lines took n²/2
    checks). No two taken ranges overlap, so sorted by start their ends never decrease:
    of the ranges starting before a new range ends, the last ends latest."""

    def __init__(self) -> None:
        self.ranges: list[tuple[int, int]] = []

    def conflicts(self, start: int, end: int) -> bool:
        ranges = self.ranges
        before_end = bisect_left(ranges, end, key=_start)  # ranges[:before_end] start before `end`
        if before_end and ranges[before_end - 1][1] > start:
            return True
        # An insertion where a taken range starts: the first range not starting before `end`
        # starts at `start` (which only an insertion, start == end, can meet).
        return before_end < len(ranges) and ranges[before_end][0] == start

    def add(self, start: int, end: int) -> None:
        insort(self.ranges, (start, end))


def _start(item: tuple[int, int]) -> int:
    return item[0]


def unified_diff(fix: FileFix) -> str:
    import difflib  # not for a plain `check`, whose summary only plans the fixes (fixable)

    return "".join(difflib.unified_diff(
        fix.original.splitlines(keepends=True), fix.fixed.splitlines(keepends=True),
        fromfile=f"a/{fix.path}", tofile=f"b/{fix.path}",
    ))


def write_fix(fix: FileFix) -> FixRefused | None:
    """Write atomically; refuse when the file changed on disk since it was linted."""
    import tempfile  # not for a plain `check`, whose summary only plans the fixes (fixable)

    try:
        current = read_config(fix.path)
    except ConfigReadError as error:
        return FixRefused(fix.path, error.message)
    if current != fix.original:
        return FixRefused(fix.path, "it changed on disk since it was read")
    try:
        mode = stat.S_IMODE(os.stat(fix.path).st_mode)
        directory = os.path.dirname(os.path.abspath(fix.path))
        descriptor, temporary = tempfile.mkstemp(prefix=".nflint-spot-", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
                handle.write(fix.fixed)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, mode)
            os.replace(temporary, fix.path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
    except OSError as error:
        return FixRefused(fix.path, f"cannot write: {error.strerror or error}")
    return None
