"""`check --add-noqa`: suppression comments for the current findings, the baseline a team
writes when it adopts nflint-spot on an old pipeline (ruff's `--add-noqa`).

Each finding's code goes into a `// nflint-spot: ignore[...]` on its line (suppressions.
suppression_edits says where). Written as `--fix` writes (autofix.write_fix): only a file
that still holds the text linted, only when the new text still parses, atomically.
"""

from __future__ import annotations

from dataclasses import dataclass

from .autofix import FileFix, FixRefused
from ..diagnostics import Diagnostic
from ..fixes import apply_edits
from ..syntax.parser import SyntaxProblem, parse_config
from .suppressions import UNSUPPRESSIBLE, suppression_edits


@dataclass(frozen=True)
class Unsuppressed:
    """A finding no comment can silence, and why."""

    diagnostic: Diagnostic
    reason: str


def plan_suppressions(diagnostics: list[Diagnostic], texts: dict[str, str],
                      ) -> tuple[list[FileFix], list[Unsuppressed], list[FixRefused]]:
    """The files with their suppressions added (FileFix.applied: the codes added), the
    findings left as they are, and the files refused."""
    wanted: dict[str, dict[int, list[str]]] = {}
    unsuppressed: list[Unsuppressed] = []
    for d in diagnostics:
        if d.code in UNSUPPRESSIBLE:
            unsuppressed.append(Unsuppressed(d, "no comment can silence it"))
        elif d.path.endswith(".nf") or d.path not in texts:
            # Suppressions are read in the configs only (linter._suppressions).
            unsuppressed.append(Unsuppressed(d, "suppressions are read in configs only, not in pipeline scripts"))
        else:
            codes = wanted.setdefault(d.path, {}).setdefault(d.span.line, [])
            if d.code not in codes:
                codes.append(d.code)
    planned: list[FileFix] = []
    refused: list[FixRefused] = []
    for path, lines in sorted(wanted.items()):
        text = texts[path]
        if isinstance(parse_config(text, path), SyntaxProblem):
            refused.append(FixRefused(path, "it has syntax errors"))
            continue
        edits = suppression_edits(text, lines)
        for line, edit in edits.items():
            if edit is None:
                unsuppressed.extend(Unsuppressed(d, "its line starts inside a multi-line string or comment")
                                    for d in diagnostics if d.path == path and d.span.line == line)
        fixed, _ = apply_edits(text, [edit for edit in edits.values() if edit is not None])
        if isinstance(parse_config(fixed, path), SyntaxProblem):
            refused.append(FixRefused(path, "the text with the suppressions would not parse"))
            continue
        added = sum(len(lines[line]) for line, edit in edits.items() if edit is not None)
        planned.append(FileFix(path, text, fixed, added))
    return planned, unsuppressed, refused
