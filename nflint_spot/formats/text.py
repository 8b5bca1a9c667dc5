"""`path:line:col: CODE [severity] message`, the caret excerpt, the suggestion, a summary."""

from __future__ import annotations

from collections import Counter

from ..diagnostics import Diagnostic, Severity

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def render(diagnostics: list[Diagnostic], colour: bool = False, quiet: bool = False) -> str:
    out: list[str] = []
    for d in diagnostics:
        severity = d.severity.value
        code = d.code
        if colour:
            severity = f"\x1b[{_COLOURS[d.severity]}m{severity}\x1b[0m"
            code = f"\x1b[1m{code}\x1b[0m"
        out.append(f"{d.path}:{d.span.line}:{d.span.column}: {code} [{severity}] {d.message}")
        if quiet:
            continue
        if d.excerpt:
            out.extend("  | " + line for line in d.excerpt.split("\n"))
        if d.suggestion:
            out.append(f"  = help: {d.suggestion}")
    if not quiet:
        out.append(summary(diagnostics))
    return "\n".join(out) + "\n"


def summary(diagnostics: list[Diagnostic]) -> str:
    if not diagnostics:
        return "No problems found."
    counts = Counter(d.severity for d in diagnostics)
    parts = [f"{counts[s]} {s.value}" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[s]]
    fixable = sum(1 for d in diagnostics if d.fix is not None)
    total = len(diagnostics)
    line = f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)})"
    if fixable:
        line += f"; {fixable} fixable"
    return line + "."
