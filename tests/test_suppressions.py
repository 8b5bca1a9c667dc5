"""Suppression comments (suppressions.py): where `scan` finds them, and which diagnostics
`apply` drops and which suppressions it marks used, against a plain reference written here
on generated configs. The reference shares no code with the module: a character-by-character
scanner of Groovy's comments and strings, a reading of each comment as README's Suppressions
section describes it, and every diagnostic tried against every suppression of its file."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from nflint_spot.diagnostics import Diagnostic, Severity
from nflint_spot.span import span_at_offset
from nflint_spot.lint.linter import lint_text
from nflint_spot.lint.suppressions import Suppression, apply, scan


# --- The reference -------------------------------------------------------------------------

def _comments(text: str) -> list[tuple[int, int]]:
    """Start and end of each comment, read one character at a time: what opens first wins,
    so a `//` inside a string is not a comment and a quote inside a comment opens nothing.
    A backslash escapes the next character in every string (a triple-quoted one too, as the
    grammar's TSTRING/TGSTRING). A block comment or a triple-quoted string left open runs to
    the end of the text; a '...' or "..." one left open, to the end of its line. A `/` opens
    a slashy string when the last character before it on its line, blanks aside, is one of
    OPERAND_AFTER (an operand is expected there), and only if the string closes on its line
    (a backslash escapes any character but a newline); elsewhere it is division. The
    generated texts hold no `${...}` placeholder (read as the grammar's GSTRING reads them:
    tested by example)."""
    comments = []
    at = 0
    last = ""  # the last character on this line that is not a blank
    while at < len(text):
        if text.startswith("//", at):
            newline = text.find("\n", at)
            end = len(text) if newline < 0 else newline
            comments.append((at, end))
            at = end
        elif text.startswith("/*", at):
            close = text.find("*/", at + 2)
            end = len(text) if close < 0 else close + 2
            comments.append((at, end))
            at = end
        elif text.startswith(("'''", '"""'), at):
            at = _after_triple_quoted(text, at)
        elif text[at] in "'\"":
            at = _after_string(text, at)
        elif text[at] == "/" and last and last in OPERAND_AFTER and _after_slashy(text, at) is not None:
            at = _after_slashy(text, at)
        else:
            at += 1
        if text[at - 1] == "\n":
            last = ""
        elif text[at - 1] not in " \t":
            last = text[at - 1]
    return comments


# After these an operand is expected, so `/` opens a slashy string (README, Suppressions);
# not after `!`, which also opens a script's `#!/usr/bin/env` line.
OPERAND_AFTER = ":=(,[{;&|?~+-*%<>^"


def _after_triple_quoted(text: str, opening: int) -> int:
    at = opening + 3
    while at < len(text):
        if text[at] == "\\":
            at += 2
        elif text.startswith(text[opening:opening + 3], at):
            return at + 3
        else:
            at += 1
    return len(text)


def _after_string(text: str, opening: int) -> int:
    """Where a one-line string opened at `opening` ends: after its closing quote, or at the
    end of its line when it never closes there."""
    at = opening + 1
    while at < len(text):
        if text[at] == "\\":
            at += 2
        elif text[at] == "\n":
            return at
        elif text[at] == text[opening]:
            return at + 1
        else:
            at += 1
    return len(text)


def _after_slashy(text: str, opening: int) -> int | None:
    """Where a slashy string opened at `opening` ends, or None when it is none: empty (a
    `//` comment), opening `/*`, or not closed on its line."""
    at = opening + 1
    if text.startswith(("/", "*"), at):
        return None
    while at < len(text) and text[at] != "\n":
        if text[at] == "\\":
            if text[at + 1:at + 2] in ("", "\n"):
                return None
            at += 2
        elif text[at] == "/":
            return at + 1
        else:
            at += 1
    return None


class _Reader:
    """A cursor over a comment: blanks are spaces and tabs; words match in any case."""

    def __init__(self, text: str, at: int) -> None:
        self.text, self.at = text, at

    def blanks(self) -> str:
        start = self.at
        while self.at < len(self.text) and self.text[self.at] in " \t":
            self.at += 1
        return self.text[start:self.at]

    def take(self, word: str) -> bool:
        if self.text[self.at:self.at + len(word)].lower() == word.lower():
            self.at += len(word)
            return True
        return False

    def name(self) -> str:
        start = self.at
        while self.at < len(self.text) and (self.text[self.at].isalnum() or self.text[self.at] in "_-"):
            self.at += 1
        return self.text[start:self.at]


@dataclass(frozen=True)
class _Read:
    """A `//` comment read as `// nflint-spot: ignore[CODES] reason` (or ignore-file)."""

    file_wide: bool
    codes: tuple[tuple[str, int, int], ...]  # each code with its start and end offsets
    end: int  # the end of the reason: the comment without a `\r` ending its line
    reason: str


def _read(text: str, start: int) -> _Read | None:
    reader = _Reader(text, start + 2)
    reader.blanks()
    if not (reader.take("nflint-spot") and (reader.blanks() or True) and reader.take(":")):
        return None
    reader.blanks()
    for directive in ("ignore-file", "ignore"):
        probe = _Reader(text, reader.at)
        if probe.take(directive) and (probe.blanks() or True) and probe.take("["):
            break
    else:
        return None
    close, newline = text.find("]", probe.at), text.find("\n", probe.at)
    if close < 0 or 0 <= newline < close:
        return None
    codes, at = [], probe.at
    for part in text[probe.at:close].split(","):
        name = part.strip(" \t")
        if name:
            first = at + part.index(name)
            codes.append((name, first, first + len(name)))
        at += len(part) + 1
    probe.at = close + 1
    probe.blanks()
    end = probe.at
    while end < len(text) and text[end] not in "\r\n":
        end += 1
    return _Read(directive == "ignore-file", tuple(codes), end, text[probe.at:end].strip(" \t"))


def _meant(text: str, start: int) -> bool:
    """A comment opening with `nflint-spot:` or `nflint-spot ignore`: meant as a suppression."""
    reader = _Reader(text, start + 2)
    reader.blanks()
    if not reader.take("nflint-spot"):
        return False
    blanks = reader.blanks()
    return reader.take(":") or (bool(blanks) and reader.take("ignore"))


# What each kind of malformed suppression's message says (SUP002).
PROBLEMS = {"no code": "lists no codes", "block": "`/* */` comment", "directive": "suppression directive",
            "colon": "lacks the `:`", "no list": "names no codes", "open list": "has no closing `]`"}


def _problem(text: str, start: int, read: _Read | None) -> str:
    if read is not None:
        return "no code"
    if text.startswith("/*", start):
        return "block"
    reader = _Reader(text, start + 2)
    reader.blanks()
    reader.take("nflint-spot")
    reader.blanks()
    colon = reader.take(":")
    reader.blanks()
    directive = reader.name().lower()
    reader.blanks()
    if directive not in ("ignore", "ignore-file"):
        return "directive"
    if not colon:
        return "colon"
    return "open list" if reader.take("[") else "no list"


def _position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


@dataclass(frozen=True)
class Found:
    """A suppression as the reference reads it; `problem` is its kind (a PROBLEMS key), or ""."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    codes: tuple[str, ...]
    code_offsets: tuple[tuple[int, int], ...]
    file_wide: bool
    reason: str
    alone: bool
    covered_line: int  # its own when it trails code, else the next
    problem: str


def reference_scan(text: str) -> list[Found]:
    found = []
    for start, end in _comments(text):
        if not _meant(text, start):
            continue
        line, column = _position(text, start)
        alone = not text[text.rfind("\n", 0, start) + 1:start].strip(" \t")
        read = _read(text, start) if text.startswith("//", start) else None
        if read is None or not read.codes:
            end -= text[end - 1] == "\r"
            codes: tuple[str, ...] = ()
            offsets: tuple[tuple[int, int], ...] = ()
            file_wide, reason, problem = False, "", _problem(text, start, read)
        else:
            end, problem = read.end, ""
            codes = tuple(code for code, _, _ in read.codes)
            offsets = tuple((first, last) for _, first, last in read.codes)
            file_wide, reason = read.file_wide, read.reason
        found.append(Found(start, end, line, column, *_position(text, end), codes, offsets, file_wide, reason, alone,
                           line + 1 if alone else line, problem))
    return found


def _scanned(text: str) -> list[Found]:
    """The module's suppressions in the reference's shape."""
    def kind(problem: str) -> str:
        return next((name for name, words in PROBLEMS.items() if words in problem), problem)
    return [Found(s.span.start, s.span.end, s.span.line, s.span.column, s.span.end_line, s.span.end_column, s.codes,
                  s.code_offsets, s.file_wide, s.reason, s.alone, s.line, kind(s.problem)) for s in scan(text, "c.config")]


def covering_code(codes: tuple[str, ...], file_wide: bool, covered_line: int, diagnostic: Diagnostic) -> str | None:
    """The first listed code or rule name naming the diagnostic (any case), if the
    suppression reaches its line."""
    if not file_wide and covered_line != diagnostic.span.line:
        return None
    return next((code for code in codes if code.lower() in (diagnostic.code.lower(), diagnostic.name.lower())), None)


def reference_apply(diagnostics: list[Diagnostic], suppressions: list[tuple[str, tuple[str, ...], bool, int]]
                    ) -> tuple[list[Diagnostic], list[set[str]]]:
    """The diagnostics kept, and each suppression's used codes, for suppressions given as
    (path, codes, file-wide, covered line)."""
    used: list[set[str]] = [set() for _ in suppressions]
    kept = []
    for diagnostic in diagnostics:
        silenced = False
        for index, (path, codes, file_wide, covered_line) in enumerate(suppressions):
            code = covering_code(codes, file_wide, covered_line, diagnostic) if path == diagnostic.path else None
            if code is not None:
                used[index].add(code)
                silenced = True
        if not silenced:
            kept.append(diagnostic)
    return kept, used


# --- Generated configs ---------------------------------------------------------------------

BLANKS = st.sampled_from(["", " ", "\t", "  "])
# Code before a comment, with strings holding `//`, quotes, escapes and suppression-like text.
CODE = st.sampled_from([
    "process.time = '1hr'", "x = 1", "aws.region = 'eu-west-1'", "params.x = 'nflint-spot:'",
    "params.url = \"https://example.org//x\"", "params.path = 's3://bucket//key'", "y = a / b",
    "params.n = 'it\\'s // nflint-spot: ignore[CFG013]'",
    "params.q = \"say \\\"hi\\\" // nflint-spot: ignore-file[SPOT001]\"",
    "params.e = 'back\\\\' + \"slash\\\\\"", "params.m = \"'\" + '\"'",
    "params.t = '''one // nflint-spot: ignore[CFG013]'''", "/* // nflint-spot: ignore[CFG013] */ z = 2",
    "params.u = \"\"\"a \"quoted\" // nflint-spot: ignore[SPOT001]\"\"\"", "process { queue = 'spot' }",
    # Escapes in triple-quoted strings, one-line strings left open, slashy strings and division.
    "params.t = '''a\\''' // nflint-spot: ignore[CFG013] '''", "params.u = \"\"\"b\\\"\"\" // nflint-spot: ignore[X] \"\"\"",
    "params.w = '''back\\\\'''", "params.v = '''tail \\", "x = 'open // nflint-spot: ignore[CFG013]",
    "y = \"open \\\" // nflint-spot: ignore-file[SPOT001]", "withName: /a\\// { cpus = 1 }",
    "w = [/x/, /y\\//]", "z = s =~ /it's\\/ok/", "v = 10 / 2 / 3", "u = (a) / b[1] / c", "/ 2",
    "t = /* c */ /a/", "s = /a\\", "r = x ?: /*/", "q = f(/a/, 'b') / 2",
])
SPELLINGS = st.sampled_from(["nflint-spot", "NFLINT-SPOT", "Nflint-Spot"])
LISTS = st.sampled_from(["[CFG013]", "[cfg013, invalid-unit]", "[ SPOT001 ,, ]", "[SPOT001,CFG013 ]",
                         "[retry-multiplication]", "[Invalid-Unit,SPOT002]"])
REASONS = st.sampled_from(["", "why", "because // nested", "'quoted' \"too\"", "reason ] [x]", "trailing  \t"])


def _comment(marker: str, blanks: list[str], spelling: str, colon: str, directive: str, listed: str,
             reason: str) -> str:
    text = f"{marker}{blanks[0]}{spelling}{blanks[1]}{colon}{blanks[2]}{directive}{blanks[3]}{listed}{blanks[4]}{reason}"
    return text + " */" if marker == "/*" else text


FIVE_BLANKS = st.lists(BLANKS, min_size=5, max_size=5)
VALID = st.builds(_comment, st.just("//"), FIVE_BLANKS, SPELLINGS, st.just(":"),
                  st.sampled_from(["ignore", "IGNORE", "ignore-file", "Ignore-File"]), LISTS, REASONS)
# Any mix of the parts, mostly near-misses of a valid one (repeats weigh a choice).
ANY = st.builds(_comment, st.sampled_from(["//", "//", "//", "/*", "///"]), FIVE_BLANKS,
                st.sampled_from(["nflint-spot", "NFLINT-Spot", "nflint-spot", "nflint_spot"]),
                st.sampled_from([":", ":", ""]),
                st.sampled_from(["ignore", "ignore-file", "Ignore", "ignore", "ignor", "", "noqa", "ignore-files"]),
                st.sampled_from(["[CFG013]", "[]", "[ , ]", "[CFG013", "[CFG013", "", "", "[cfg013]x"]), REASONS)
COMMENT = st.one_of(VALID, ANY, st.sampled_from(["// a comment", "/* block */", "// nflint-spot says hello"]))
LINE = st.one_of(
    st.builds("{}{}".format, BLANKS, CODE),
    st.builds("{}{}".format, BLANKS, COMMENT),
    st.builds("{}{}{}{}".format, BLANKS, CODE, BLANKS, COMMENT),
    st.sampled_from(["", "  ", "}"]),
    # Strings and comments over several lines, with suppression-like lines inside.
    st.sampled_from(["params.t = '''\n// nflint-spot: ignore[CFG013]\n'''",
                     "params.t = \"\"\"\nx // nflint-spot: ignore-file[SPOT001]\n\"\"\" // nflint-spot: ignore[CFG013]",
                     "/*\n// nflint-spot: ignore[CFG013]\n*/", "/* nflint-spot: ignore[CFG013]\n*/",
                     "params.s = 'a\\\n// nflint-spot: ignore[CFG013]'", "params.open = '''\n// nflint-spot: ignore[X]",
                     "/* never closed\n// nflint-spot: ignore[CFG013]",
                     "params.t = '''a\\'''\n// nflint-spot: ignore[CFG013]\n'''",
                     "params.s = 'open\n// nflint-spot: ignore[CFG013]", "x = /a\\\n// nflint-spot: ignore[CFG013]/",
                     "x = /a\n// nflint-spot: ignore[CFG013]/"]),
)
CONFIGS = st.builds(lambda lines, newline: newline.join(lines), st.lists(LINE, max_size=25),
                    st.sampled_from(["\n", "\r\n"]))


@settings(max_examples=400, deadline=None)
@given(CONFIGS)
def test_scan_finds_what_the_reference_reads(text: str) -> None:
    assert _scanned(text) == reference_scan(text)


def _diagnostic(path: str, line: int, code: str) -> Diagnostic:
    span = span_at_offset("\n" * 40, line - 1)
    name = {"CFG013": "invalid-unit", "SPOT001": "retry-multiplication"}.get(code, "other")
    return Diagnostic(path, span, code, name, Severity.ERROR, "m", "s")


PATHS = st.sampled_from(["c.config", "b.config"])
CODES = st.sampled_from(["CFG013", "SPOT001", "SPOT002", "OTHER1"])
DIAGNOSTICS = st.lists(st.builds(_diagnostic, PATHS, st.integers(1, 26), CODES), max_size=25)


def _with_diagnostics(text: str) -> st.SearchStrategy[tuple[str, list[Diagnostic]]]:
    """The text with diagnostics on its lines (and the line after), in it and in another file."""
    lines = st.integers(1, text.count("\n") + 2)
    paths = st.sampled_from(["c.config", "c.config", "b.config"])
    return st.tuples(st.just(text), st.lists(st.builds(_diagnostic, paths, lines, CODES), min_size=1, max_size=25))


@settings(max_examples=300, deadline=None)
@given(CONFIGS.flatmap(_with_diagnostics))
def test_apply_to_scanned_suppressions_drops_and_marks_as_the_reference(case: tuple[str, list[Diagnostic]]) -> None:
    text, diagnostics = case
    suppressions = scan(text, "c.config")
    plain = [("c.config", found.codes, found.file_wide, found.covered_line) for found in reference_scan(text)]
    kept, used = reference_apply(diagnostics, plain)
    assert apply(diagnostics, suppressions) == kept
    assert [s.used for s in suppressions] == used


def _suppression(path: str, line: int, codes: tuple[str, ...], file_wide: bool) -> Suppression:
    return Suppression(path, span_at_offset("\n" * 40, line - 1, 2), codes, file_wide, "")


ANY_CODES = st.sampled_from(["CFG013", "SPOT001", "OTHER1", "invalid-unit", "retry-multiplication", "cfg013"])
SUPPRESSIONS = st.lists(st.tuples(PATHS, st.integers(1, 12), st.lists(ANY_CODES, min_size=1, max_size=3).map(tuple),
                                  st.booleans()), max_size=12)


@settings(max_examples=300, deadline=None)
@given(DIAGNOSTICS, SUPPRESSIONS)
def test_apply_drops_and_marks_as_every_pair_would(diagnostics: list[Diagnostic],
                                                    specs: list[tuple[str, int, tuple[str, ...], bool]]) -> None:
    ours = [_suppression(*spec) for spec in specs]
    kept, used = reference_apply(diagnostics, [(path, codes, file_wide, line) for path, line, codes, file_wide in specs])
    assert apply(diagnostics, ours) == kept
    assert [s.used for s in ours] == used


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


def _found(text: str) -> list[tuple[tuple[str, ...], int, int, str]]:
    return [(s.codes, s.span.line, s.span.column, s.problem) for s in scan(text, "c.config")]


def test_a_backslash_escapes_a_quote_in_a_triple_quoted_string() -> None:
    # The escaped `\'''` ended the string: the suppression inside it counted.
    text = ("params.t = '''a\\''' // nflint-spot: ignore[CFG013] '''\n"
            'params.u = """b\\""" // nflint-spot: ignore[SPOT001] """ // nflint-spot: ignore[SPOT002]\n')
    assert _found(text) == [(("SPOT002",), 2, 57, "")]


def test_a_one_line_string_left_open_runs_to_the_end_of_its_line() -> None:
    # The `// nflint-spot:` after an unclosed quote counted as a comment.
    text = ("x = 'abc // nflint-spot: ignore[CFG013]\n"
            'y = "abc // nflint-spot: ignore[SPOT001]\r\n'
            "// nflint-spot: ignore[SPOT002]\n")
    assert _found(text) == [(("SPOT002",), 3, 1, "")]
    assert [s.line for s in scan(text, "c.config")] == [4]


def test_a_slashy_string_holds_its_escaped_slash_and_division_is_no_slashy_string() -> None:
    # `\//` in a slashy string was read as a comment: the real suppression after it was lost,
    # and with it the SUP002 a malformed one would get.
    text = ("process { withName: /a\\// { cpus = 1 } // nflint-spot: ignore[CFG011] }\n"
            "w = [/x\\//, /y/] // nflint-spot: ignore[CFG012]\n"
            "z = s =~ /it's\\/ok/ // nflint-spot ignore[CFG013]\n"
            "v = a / b // nflint-spot: ignore[SPOT001]\n"
            "u = (10) / 2 / c // nflint-spot: ignore[SPOT002]\n")
    found = _found(text)
    assert [(codes, line, column) for codes, line, column, _ in found] == [
        (("CFG011",), 1, 40), (("CFG012",), 2, 18), ((), 3, 21), (("SPOT001",), 4, 11), (("SPOT002",), 5, 18)]
    assert "lacks the `:`" in found[2][3]


def test_a_suppression_after_a_slashy_selector_silences_its_finding() -> None:
    text = "process {\n    withName = /A\\// { queue = 'od' } // nflint-spot: ignore[CFG011]\n}\n"
    assert [d.code for d in lint_text(text, "c.config", strict=True).diagnostics] == []
    unsuppressed = lint_text(text.replace(" // nflint-spot: ignore[CFG011]", ""), "c.config", strict=True)
    assert [(d.code, d.span.line, d.span.column) for d in unsuppressed.diagnostics] == [("CFG011", 2, 5)]


def test_a_placeholder_holds_strings_and_may_span_lines() -> None:
    # `"${ x ? "a // ..." : 'b' }"` is one GString: the `//` inside its placeholder's string
    # was read as a comment. Over two lines it is one string too (not one left open on each).
    text = ('params.c = "${ params.x ? "a // nflint-spot: ignore[CFG013]" : \'b\' }"\n'
            'params.d = "${ params.x ?\n'
            '    \'e // nflint-spot: ignore[CFG013]\' : "f" }" // nflint-spot: ignore[SPOT001]\n')
    assert _found(text) == [(("SPOT001",), 3, 49, "")]


def test_a_comment_meant_as_a_suppression_but_malformed_is_kept_with_its_problem() -> None:
    # It was dropped by scan: the finding stayed reported and nothing said why (SUP002 now).
    text = ("process.queue = 'spot' // nflint-spot: ignore SPOT002\r\n"
            "// nflint-spot: ignore[]\r\n"
            "x = 1 // NFLINT-SPOT: IGNORE[cfg013]\r\n"
            "y = 2 // nflint-spot says hello\r\n")
    found = [(s.span.line, s.span.column, s.span.end_column, s.codes, s.problem.split(" codes")[0]) for s in scan(text, "c")]
    assert found == [(1, 24, 54, (), "`// nflint-spot: ignore` names no"), (2, 1, 25, (), "`// nflint-spot: ignore[...]` lists no"),
                     (3, 7, 37, ("cfg013",), "")]


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
