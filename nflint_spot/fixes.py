"""Fixes are text edits, never tree rewrites (ruff's Edit, LSP's TextEdit, SARIF's replacement)."""

from __future__ import annotations

from dataclasses import dataclass

from .span import Span


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace the text of `span` with `new_text`."""

    span: Span
    new_text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A titled set of edits; `safe` fixes keep behaviour, unsafe ones change it as intended.
    `writes`: the settings (dotted, `aws.batch.maxSpotAttempts`; a profile's own as
    `profiles.NAME.…`) the fix adds to the config (a new line, a moved or renamed key), in
    the diagnostic's file: two fixes never write the same one into one config (a file and
    the files it includes or is included by; autofix.chosen_fixes withholds the second)."""

    title: str
    edits: tuple[TextEdit, ...]
    safe: bool
    writes: tuple[str, ...] = ()


def apply_edits(text: str, edits: list[TextEdit] | tuple[TextEdit, ...]) -> tuple[str, int]:
    """Apply non-overlapping edits in one pass, last first; an edit overlapping one already
    applied is skipped. Returns the new text and how many edits were applied."""
    applied = 0
    boundary = len(text) + 1
    # The text between edits is taken from the original and joined once: replacing each
    # edit's span in the whole text copied it once per edit (n edits, n copies).
    pieces: list[str] = []
    for edit in sorted(edits, key=lambda e: (e.span.start, e.span.end), reverse=True):
        if edit.span.end > boundary or edit.span.end > len(text):
            continue
        pieces += (text[edit.span.end : boundary], edit.new_text)
        boundary = edit.span.start
        applied += 1
    pieces.append(text[:boundary])
    return "".join(reversed(pieces)), applied
