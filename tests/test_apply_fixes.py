"""Applying fixes (fixes.apply_edits, autofix._apply_whole_fixes) against their plain
definitions, on generated edits: each edit replacing its span in the whole text, last
first; each fix checked against every edit taken before it. The plain forms cost
quadratic time on a file with a fix on every line, which is why the code differs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nflint_spot.lint.autofix import _apply_whole_fixes, _overlap
from nflint_spot.diagnostics import Diagnostic, Severity
from nflint_spot.fixes import Fix, TextEdit, apply_edits
from nflint_spot.span import span_at_offset

TEXT = "process.time = '1hr'\nprocess.memory = '8 gb'\nparams.x = 1\n"


@st.composite
def edits(draw: st.DrawFn) -> TextEdit:
    start = draw(st.integers(0, len(TEXT)))
    end = draw(st.integers(start, min(len(TEXT) + 2, start + 8)))  # a span may run past the end
    span = span_at_offset(TEXT + "  ", start, end - start)
    return TextEdit(span, draw(st.sampled_from(["", "x", "'1h'", "GB\n"])))


def plain_apply(text: str, chosen: list[TextEdit]) -> tuple[str, int]:
    applied, boundary = 0, len(text) + 1
    for edit in sorted(chosen, key=lambda e: (e.span.start, e.span.end), reverse=True):
        if edit.span.end > boundary or edit.span.end > len(text):
            continue
        text = text[: edit.span.start] + edit.new_text + text[edit.span.end :]
        boundary = edit.span.start
        applied += 1
    return text, applied


@settings(max_examples=400, deadline=None)
@given(st.lists(edits(), max_size=12))
def test_apply_edits_is_replacing_each_span_last_first(chosen: list[TextEdit]) -> None:
    assert apply_edits(TEXT, chosen) == plain_apply(TEXT, chosen)


def _conflict(new: tuple[int, int], old: tuple[int, int]) -> bool:
    """An edit of a fix at `new` beside an edit of another fix at `old`: they overlap, or
    `new` inserts where `old` starts."""
    return _overlap(new, old) or new[0] == new[1] == old[0]


def plain_whole_fixes(text: str, diagnostics: list[Diagnostic]) -> tuple[str, list[Diagnostic]]:
    taken: list[tuple[int, int]] = []
    chosen: list[TextEdit] = []
    applied: list[Diagnostic] = []
    for d in sorted(diagnostics, key=lambda d: d.span.start):
        assert d.fix is not None
        ranges = [(e.span.start, e.span.end) for e in d.fix.edits]
        if any(_conflict(r, other) for r in ranges for other in taken) or any(
                _overlap(r, other) for i, r in enumerate(ranges) for other in ranges[:i]):
            continue
        taken += ranges
        chosen += d.fix.edits
        applied.append(d)
    return apply_edits(text, chosen)[0], applied


@st.composite
def fixed_diagnostics(draw: st.DrawFn) -> Diagnostic:
    fix = Fix("t", tuple(draw(st.lists(edits(), min_size=1, max_size=3))), safe=True)
    span = span_at_offset(TEXT, draw(st.integers(0, len(TEXT))))
    return Diagnostic("c.config", span, "CFG013", "invalid-unit", Severity.ERROR, "m", "s", fix)


@settings(max_examples=400, deadline=None)
@given(st.lists(fixed_diagnostics(), max_size=15))
def test_whole_fixes_are_taken_as_checking_every_earlier_edit_would(diagnostics: list[Diagnostic]) -> None:
    assert _apply_whole_fixes(TEXT, diagnostics) == plain_whole_fixes(TEXT, diagnostics)
