"""`path:line:col: CODE [severity] message`, the caret excerpt, the suggestion, the fix, the
address of the rule's documentation (rule_urls), a summary.
Paths (the finding's and its notes') are `display_path`s."""

from __future__ import annotations

from collections import Counter

from ...diagnostics import INTERNAL_ERROR_CODE, Diagnostic, Severity
from ..rule_urls import rule_doc_url
from . import Fixable, RenderOptions
from . import display_path

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def render(diagnostics: list[Diagnostic], options: RenderOptions = RenderOptions()) -> str:
    out: list[str] = []
    for d in diagnostics:
        severity, code = d.severity.value, d.code
        if options.colour:
            severity = f"\x1b[{_COLOURS[d.severity]}m{severity}\x1b[0m"
            code = f"\x1b[1m{code}\x1b[0m"
        scope = f" [profile: {', '.join(d.profiles)}]" if d.profiles else ""
        where = f"{display_path(d.path, options.root)}:{d.span.line}:{d.span.column}"
        out.append(f"{where}: {code} [{severity}] {d.message}{scope}")
        if options.quiet:
            continue
        if d.excerpt:
            out.extend("  | " + line for line in d.excerpt.split("\n"))
        for related in d.related:
            where = f"{display_path(related.path, options.root)}:{related.span.line}:{related.span.column}"
            out.append(f"  = note: {where}: {related.message}")
        if d.suggestion:
            out.append(f"  = help: {d.suggestion}")
        if d.fix is not None:
            out.append(f"  = fix{'' if d.fix.safe else ' (unsafe)'}: {d.fix.title}")
        if d.code != INTERNAL_ERROR_CODE:  # a crashed rule: no documentation to point at
            out.append(f"  = docs: {rule_doc_url(d.code)}")
    if not options.quiet:
        out.extend(f"note: {note}" for note in options.notes)
        out.append(summary(diagnostics, options.fixable))
    # Quiet and clean: nothing at all, not an empty line (a CI log, `$(nflint-spot check -q)`).
    return "\n".join(out) + "\n" if out else ""


def summary(diagnostics: list[Diagnostic], fixable: Fixable = Fixable()) -> str:
    """`Found N problems (...)`, and how many `--fix` would fix, in the options' words."""
    if not diagnostics:
        return "No problems found."
    counts = Counter(d.severity for d in diagnostics)
    # "2 warnings", but "2 info" (a mass noun)
    parts = [f"{counts[s]} {s.value}{'s' if counts[s] != 1 and s is not Severity.INFO else ''}"
             for s in (Severity.ERROR, Severity.WARNING, Severity.INFO) if counts[s]]
    total = len(diagnostics)
    line = f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)})"
    if fixable.unsafe_fixes:
        if fixable.count:
            line += f"; {fixable.count} fixable with --fix --unsafe-fixes"
        return line + "."
    if fixable.count:
        line += f"; {fixable.count} fixable with --fix"
    if fixable.more_unsafe:
        line += f"; {fixable.more_unsafe} more with --fix --unsafe-fixes"
    return line + "."


def statistics(diagnostics: list[Diagnostic], fixed: list[Diagnostic]) -> str:
    """Findings per rule, most first; `fixed`: those `--fix` would fix (autofix.fixable)."""
    counts = Counter((d.code, d.name) for d in diagnostics)
    fixable = Counter(d.code for d in fixed)
    lines = [f"{count:>5}  {code:<8} {name}" + (f"  ({fixable[code]} fixable)" if fixable[code] else "")
             for (code, name), count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    return "\n".join(lines) + ("\n" if lines else "")
