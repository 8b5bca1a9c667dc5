"""Diagnostics → LSP diagnostics, and the code actions for them: the rule's own fix and
"Ignore CODE on this line" (a trailing suppression comment)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from lsprotocol import types as lsp

from ..diagnostics import Diagnostic, Severity
from .positions import PositionConverter
from ..lint.suppressions import UNSUPPRESSIBLE, scan, suppression_edits

RULES_DOCS_URL = "https://github.com/nflint-spot/nflint-spot/blob/main/docs/rules.md"
SOURCE = "nflint-spot"

SEVERITIES = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}
# Settings Nextflow never reads are "unnecessary code" (editors grey them out).
TAGS = {
    "SUP001": [lsp.DiagnosticTag.Unnecessary],  # unused suppression
    "CFG010": [lsp.DiagnosticTag.Unnecessary],  # misplaced Spot setting: ignored
    "CFG012": [lsp.DiagnosticTag.Unnecessary],  # nested selector: never applies
    "CFG015": [lsp.DiagnosticTag.Unnecessary],  # maxRetries without retry: no effect
}


def to_lsp_diagnostic(d: Diagnostic, converter: PositionConverter,
                      locate: Callable[[str], tuple[str, PositionConverter | None]]) -> lsp.Diagnostic:
    """`locate(path)` gives the URI of another file and a converter for its text (or None)."""
    message = d.message + (f" [profile: {', '.join(d.profiles)}]" if d.profiles else "")
    if d.suggestion:
        message += f"\n{d.suggestion}"
    related = []
    for item in d.related:
        uri, other = locate(item.path)
        span = item.span
        range_ = other.range(span) if other is not None else lsp.Range(
            lsp.Position(line=max(0, span.line - 1), character=max(0, span.column - 1)),
            lsp.Position(line=max(0, span.end_line - 1), character=max(0, span.end_column - 1)))
        related.append(lsp.DiagnosticRelatedInformation(lsp.Location(uri, range_), item.message))
    return lsp.Diagnostic(
        range=converter.range(d.span),
        message=message,
        severity=SEVERITIES[d.severity],
        code=d.code,
        code_description=lsp.CodeDescription(href=f"{RULES_DOCS_URL}#{d.code.lower()}"),
        source=SOURCE,
        related_information=related or None,
        tags=TAGS.get(d.code),
        data={"name": d.name, "fixable": d.fix is not None},
    )


def overlaps(d: Diagnostic, converter: PositionConverter, start: int, end: int) -> bool:
    """Whether `d` touches the code-point range start..end (a cursor at either edge counts)."""
    d_start = converter.offset_of(d.span.line, d.span.column)
    d_end = converter.offset_of(d.span.end_line, d.span.end_column)
    return d_start <= end and start <= d_end


def sent_by_client(lsp_diagnostic: lsp.Diagnostic, sent: Sequence[lsp.Diagnostic]) -> bool:
    """Whether the client's `context.diagnostics` holds this diagnostic: the same code and
    range (and source, when it says one). Neovim sends every diagnostic of the cursor's line
    there, with the cursor's own range, which may touch none of them (column 0)."""
    return any(d.code == lsp_diagnostic.code and d.range == lsp_diagnostic.range and d.source in (None, SOURCE)
               for d in sent)


def quick_fix(d: Diagnostic, lsp_diagnostic: lsp.Diagnostic, uri: str,
              converter: PositionConverter) -> lsp.CodeAction | None:
    if d.fix is None:
        return None
    edits = [lsp.TextEdit(converter.range(edit.span), edit.new_text) for edit in d.fix.edits]
    return lsp.CodeAction(
        title=f"{d.fix.title} ({d.code})" + ("" if d.fix.safe else " (unsafe)"),
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[lsp_diagnostic],
        is_preferred=d.fix.safe,
        edit=lsp.WorkspaceEdit(changes={uri: edits}),
    )


def ignore_action(d: Diagnostic, lsp_diagnostic: lsp.Diagnostic, uri: str,
                  converter: PositionConverter) -> lsp.CodeAction | None:
    """Suppress the finding on its first line, as `check --add-noqa` does
    (suppressions.suppression_edits): the code added to the line's suppression, else a
    trailing `// nflint-spot: ignore[CODE]`, else one alone on the line before."""
    if d.code in UNSUPPRESSIBLE:  # (suppressions.UNSUPPRESSIBLE says why)
        return None
    text = converter.text
    for suppression in scan(text, d.path):
        if not suppression.file_wide and suppression.line == d.span.line and suppression.covers(d) is not None:
            return None  # already there (any case)
    edit = suppression_edits(text, {d.span.line: [d.code]})[d.span.line]
    if edit is None:
        return None  # the line starts inside a multi-line string or comment
    lsp_edit = lsp.TextEdit(converter.range(edit.span), edit.new_text)
    return lsp.CodeAction(
        title=f"Ignore {d.code} on this line",
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[lsp_diagnostic],
        edit=lsp.WorkspaceEdit(changes={uri: [lsp_edit]}),
    )


def code_actions(items: list[tuple[Diagnostic, lsp.Diagnostic, PositionConverter]], uri: str,
                 only: list[str] | None) -> Iterator[lsp.CodeAction]:
    """Quick fixes first, then one ignore action per line and code."""
    if only and lsp.CodeActionKind.QuickFix not in only and lsp.CodeActionKind.Empty not in only:
        return
    for d, lsp_diagnostic, converter in items:
        action = quick_fix(d, lsp_diagnostic, uri, converter)
        if action is not None:
            yield action
    seen: set[tuple[int, str]] = set()
    for d, lsp_diagnostic, converter in items:
        if (d.span.line, d.code) in seen:
            continue
        seen.add((d.span.line, d.code))
        action = ignore_action(d, lsp_diagnostic, uri, converter)
        if action is not None:
            yield action
