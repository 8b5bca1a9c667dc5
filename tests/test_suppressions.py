"""Suppression comments (suppressions.py): where `scan` finds them, and which diagnostics
`apply` drops and which suppressions it marks used, against the plain definitions (every
comment's span counted from the start of the text; every diagnostic tried against every
suppression of its file) on generated texts and diagnostics."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nflint_spot.diagnostics import Diagnostic, Severity
from nflint_spot.span import span_at_offset
from nflint_spot.lint.suppressions import _COMMENT, Suppression, apply, scan

LINES = st.sampled_from([
    "process.time = '1hr'", "", "  ", "// a comment", "params.x = 'nflint-spot:'",
    "process.time = '1hr' // nflint-spot: ignore[CFG013] why",
    "// nflint-spot: ignore[CFG013, SPOT001]",
    "\t// nflint-spot:ignore-file[invalid-unit]",
    "x = 1 //nflint-spot: ignore[] empty",
    "// nflint-spot: ignore[CFG013",  # never closed: not a suppression
])


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES, max_size=30), st.sampled_from(["\n", "\r\n"]))
def test_scan_positions_are_the_comments_own(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    plain = [(span_at_offset(text, m.start(), m.end() - m.start()), m.group(1) == "ignore-file")
             for m in _COMMENT.finditer(text) if m.group(2).strip(" ,")]
    assert [(found.span, found.file_wide) for found in scan(text, "c.config") if not found.problem] == plain


def _diagnostic(path: str, line: int, code: str) -> Diagnostic:
    span = span_at_offset("\n" * 40, line - 1)
    name = {"CFG013": "invalid-unit", "SPOT001": "retry-multiplication"}.get(code, "other")
    return Diagnostic(path, span, code, name, Severity.ERROR, "m", "s")


def _suppression(path: str, line: int, codes: tuple[str, ...], file_wide: bool) -> Suppression:
    return Suppression(path, span_at_offset("\n" * 40, line - 1, 2), codes, file_wide, "")


PATHS = st.sampled_from(["a.config", "b.config"])
CODES = st.sampled_from(["CFG013", "SPOT001", "OTHER1", "invalid-unit", "retry-multiplication"])
DIAGNOSTICS = st.lists(st.builds(_diagnostic, PATHS, st.integers(1, 12), CODES), max_size=25)
SUPPRESSIONS = st.lists(st.tuples(PATHS, st.integers(1, 12), st.lists(CODES, min_size=1, max_size=3).map(tuple),
                                  st.booleans()), max_size=12)


@settings(max_examples=300, deadline=None)
@given(DIAGNOSTICS, SUPPRESSIONS)
def test_apply_drops_and_marks_as_every_pair_would(diagnostics: list[Diagnostic],
                                                    specs: list[tuple[str, int, tuple[str, ...], bool]]) -> None:
    ours = [_suppression(*spec) for spec in specs]
    plain = [_suppression(*spec) for spec in specs]
    expected = []
    for diagnostic in diagnostics:
        covering = [(s, s.covers(diagnostic)) for s in plain if s.path == diagnostic.path]
        covering = [(s, code) for s, code in covering if code is not None]
        for suppression, code in covering:
            suppression.used.add(code)
        if not covering:
            expected.append(diagnostic)
    assert apply(diagnostics, ours) == expected
    assert [s.used for s in ours] == [s.used for s in plain]


def test_codes_and_names_cover_in_any_case() -> None:
    # As --select: `ignore[cfg013]` silenced nothing and was itself reported unused.
    diagnostic = _diagnostic("a.config", 3, "CFG013")
    for codes in (("cfg013",), ("Invalid-Unit",), ("SPOT001", "Cfg013")):
        assert _suppression("a.config", 3, codes, False).covers(diagnostic) == codes[-1]
    assert _suppression("a.config", 3, ("cfg014",), False).covers(diagnostic) is None


def _lines_covered(text: str) -> list[tuple[int, bool]]:
    return [(found.line, found.file_wide) for found in scan(text, "c.config")]


def test_a_trailing_comment_covers_its_own_line_and_one_alone_the_next() -> None:
    text = ("process.time = '1hr' // nflint-spot: ignore[CFG013]\n"   # line 1: covers line 1
            "process.queue = 'q'\n"
            "  // nflint-spot: ignore[SPOT002] the next line\n"          # line 3: covers line 4
            "process.time = '2hr'\n")
    assert _lines_covered(text) == [(1, False), (4, False)]
    trailing, alone = scan(text, "c.config")
    assert trailing.covers(_diagnostic("c.config", 1, "CFG013")) == "CFG013"
    assert trailing.covers(_diagnostic("c.config", 2, "CFG013")) is None  # hid the next line before
    assert alone.covers(_diagnostic("c.config", 4, "SPOT002")) == "SPOT002"
    assert alone.covers(_diagnostic("c.config", 3, "SPOT002")) is None


def test_only_real_comments_suppress() -> None:
    text = ('params.note = "see // nflint-spot: ignore-file[CFG013]"\n'
            "params.other = 'x // nflint-spot: ignore[CFG013]' // nflint-spot: ignore[SPOT001]\n"
            '/* // nflint-spot: ignore[CFG013] */\n'
            '""" // nflint-spot: ignore[CFG013]\n"""\n')
    found = scan(text, "c.config")
    assert [(s.codes, s.span.line, s.span.column) for s in found] == [(("SPOT001",), 2, 51)]


def test_a_comment_meant_as_a_suppression_but_malformed_is_kept_with_its_problem() -> None:
    # It was dropped by scan: the finding stayed reported and nothing said why (SUP002 now).
    text = ("process.queue = 'spot' // nflint-spot: ignore SPOT002\r\n"
            "// nflint-spot: ignore[]\r\n"
            "x = 1 // NFLINT-SPOT: IGNORE[cfg013]\r\n"
            "y = 2 // nflint-spot says hello\r\n")
    found = [(s.span.line, s.span.column, s.span.end_column, s.codes, s.problem.split()[:1]) for s in scan(text, "c")]
    assert found == [(1, 24, 54, (), ["`ignore`"]), (2, 1, 25, (), ["names"]), (3, 7, 37, ("cfg013",), [])]


def test_removal_takes_out_one_code_or_the_whole_comment() -> None:
    text = "a = 1  // nflint-spot: ignore[X1, Y2 ,Z3] why\n  // nflint-spot: ignore[X1]\nb = 2\n"
    trailing, alone = scan(text, "c")
    def without(suppression: Suppression, index: int | None) -> str:
        edit = suppression.removal(text, index)
        return text[:edit.span.start] + edit.new_text + text[edit.span.end:]
    assert without(trailing, 0).splitlines()[0] == "a = 1  // nflint-spot: ignore[Y2 ,Z3] why"
    assert without(trailing, 1).splitlines()[0] == "a = 1  // nflint-spot: ignore[X1, Z3] why"
    assert without(trailing, 2).splitlines()[0] == "a = 1  // nflint-spot: ignore[X1, Y2] why"
    assert without(trailing, None) == "a = 1\n  // nflint-spot: ignore[X1]\nb = 2\n"
    assert without(alone, 0) == "a = 1  // nflint-spot: ignore[X1, Y2 ,Z3] why\nb = 2\n"
