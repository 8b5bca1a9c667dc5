"""`check` and suppression comments: a malformed one reported (SUP002), an unused one removed
by `--fix` (SUP001's safe fix), and `--add-noqa` writing them for the current findings."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from conftest import corpus_dir
from corpus_tree import manifest

from nflint_spot.analysis.scenarios import AnalysisOptions
from nflint_spot.syntax.dump import dump
from nflint_spot.fixes import apply_edits
from nflint_spot.lint.linter import lint_text
from nflint_spot.syntax.parser import parse_config
from nflint_spot.lint.suppressions import UNSUPPRESSIBLE, suppression_edits
from conftest import run_cli as run


def test_a_malformed_suppression_is_reported_not_ignored(tmp_path: Path) -> None:
    # Before: the finding stayed, the comment passed unseen, exit as if all were said.
    config = tmp_path / "nextflow.config"
    config.write_text("process {\n    withName = 'A' { queue = 'x' } // nflint-spot: ignore CFG011\n}\n",
                      encoding="utf-8")
    code, out = run("check", "--no-cache", "-q", "--select", "CFG011,SUP002", str(config))
    assert code == 1
    assert [line.split(" [")[0] for line in out.splitlines()] == [f"{config}:2:5: CFG011", f"{config}:2:36: SUP002"]
    assert out.splitlines()[1] == (f"{config}:2:36: SUP002 [warning] `// nflint-spot: ignore` names no codes: write "
        "`ignore[CODE]`; as written it suppresses nothing (a bare `ignore` is not 'ignore all')")


def test_fix_removes_unused_suppressions_to_a_fixed_point(tmp_path: Path) -> None:
    config = tmp_path / "nextflow.config"
    config.write_text("process {\r\n"
                      "    withName = 'A' { queue = 'x' } // nflint-spot: ignore[SPOT002, CFG011, CFG013] legacy\r\n"
                      "    // NFLINT-SPOT: IGNORE[cfg012, invalid-unit]\r\n"
                      "    cpus = 2\t// nflint-spot: ignore[CFG013]\r\n"
                      "}\r\n", encoding="utf-8")
    code, out = run("check", "--no-cache", "--fix", str(config))
    assert "Fixed 4 problem(s)" in out
    assert code == 0 and "No problems found." in out
    assert config.read_bytes().decode("utf-8") == ("process {\r\n"
                                                  "    withName = 'A' { queue = 'x' } // nflint-spot: ignore[CFG011] legacy\r\n"
                                                  "    cpus = 2\r\n"
                                                  "}\r\n")


# ---------------------------------------------------------------- --add-noqa

LEGACY = """\
process {
    executor = 'awsbatch'
    queue = 'spot-queue'
    withName = 'ALIGN' { time = '30h' }   // legacy layout
    withName: 'SORT' { memory = '2 GB' ; time = '1 hour' }
    withName: 'CALL' { time = '30 hours' ; ext.args = '''--long
--options''' }
    time = '8h' // nflint-spot: ignore[CFG018] kept on purpose
    /* nflint-spot: ignore[SPOT002] */
}
"""


def test_add_noqa_writes_a_baseline_that_silences_every_finding_it_can(tmp_path: Path) -> None:
    config = tmp_path / "nextflow.config"
    config.write_text(LEGACY, encoding="utf-8")
    os.chmod(config, 0o640)
    before = findings(config)
    assert ("4", "CFG011") in before and ("8", "SUP001") in before and ("9", "SUP002") in before
    code, out = run("check", "--add-noqa", str(config))
    assert "Added" in out and f"not suppressed: {config}:9:5: SUP002: no comment can silence it" in out
    assert code == 1  # the malformed suppression is still there
    text = config.read_text(encoding="utf-8")
    assert stat.S_IMODE(os.stat(config).st_mode) == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".nflint-spot-")]
    lines = text.splitlines()
    assert lines[3] == "    withName = 'ALIGN' { time = '30h' }   // nflint-spot: ignore[CFG011] // legacy layout"
    # line 6 ends inside a multi-line string: the comment goes alone on the line before
    assert lines[5:8] == ["    // nflint-spot: ignore[SPOT002]", "    withName: 'CALL' { time = '30 hours' ; ext.args = '''--long",
                          "--options''' }"]
    assert findings(config) == [("9", "SUP001"), ("10", "SUP002")]
    assert dump(parse_config(text, str(config)), with_positions=False) == \
        dump(parse_config(LEGACY, str(config)), with_positions=False)
    code, out = run("check", "--add-noqa", str(config))  # nothing more to add
    assert "No suppressions to add." in out and config.read_text(encoding="utf-8") == text


def test_add_noqa_is_refused_with_fix_or_diff(tmp_path: Path) -> None:
    config = tmp_path / "nextflow.config"
    config.write_text(LEGACY, encoding="utf-8")
    for other in ("--fix", "--diff"):
        code, out = run("check", "--add-noqa", other, str(config))
        assert code == 2 and "--add-noqa cannot be combined with --fix or --diff" in out
    assert config.read_text(encoding="utf-8") == LEGACY


def findings(config: Path) -> list[tuple[str, str]]:
    out = run("check", "--no-cache", "-q", str(config))[1]
    return [tuple(line.split(": ")[0].split(":")[1:2] + [line.split(": ")[1].split()[0]])  # type: ignore[misc]
            for line in out.splitlines() if line.startswith(str(config))]


def test_suppression_edits_place_each_comment_where_it_counts() -> None:
    text = ("a = 1\n"
            "b = 2  // nflint-spot: ignore[X1, ] why\n"
            "c = '''one\n"
            "two\n"
            "three'''\n"
            "  // nflint-spot: ignore[Y1]\n"
            "d = 4 // nflint-spot: ignore-file[Z1]\n"
            "e = 5 // NFLINT-SPOT: ignore[]\r\n")
    edits = suppression_edits(text, {1: ["A"], 2: ["B", "C"], 3: ["C3"], 4: ["C4"], 5: ["C5"], 7: ["D"], 8: ["E"]})
    assert edits[4] is None  # a line inside a multi-line string: no comment can go there
    fixed, _ = apply_edits(text, [edit for edit in edits.values() if edit is not None])
    assert fixed == ("a = 1 // nflint-spot: ignore[A]\n"
                     "b = 2  // nflint-spot: ignore[X1, B, C] why\n"
                     "// nflint-spot: ignore[C3]\n"
                     "c = '''one\n"
                     "two\n"
                     "three''' // nflint-spot: ignore[C5]\n"
                     "  // nflint-spot: ignore[Y1, D]\n"
                     "d = 4 // nflint-spot: ignore-file[Z1]\n"
                     "// nflint-spot: ignore[E]\r\n"
                     "e = 5 // NFLINT-SPOT: ignore[]\r\n")


CORPUS_SAMPLE = 16  # corpus files with findings, spread over the manifest


def _corpus_sample() -> list[Path]:
    rows = manifest(corpus_dir())
    step = max(1, len(rows) // (CORPUS_SAMPLE * 4))
    return [row.flat for row in rows[::step]]


def test_add_noqa_on_corpus_files_leaves_only_what_cannot_be_suppressed(tmp_path: Path) -> None:
    checked = 0
    for source in _corpus_sample():
        if checked == CORPUS_SAMPLE:
            break
        config = tmp_path / f"{checked}.config"
        original = source.read_bytes().decode("utf-8-sig")
        config.write_text(original, encoding="utf-8", newline="")
        before = lint_text(original, str(config), options=AnalysisOptions(), strict=True).diagnostics
        if not [d for d in before if d.code not in UNSUPPRESSIBLE] or any(d.code == "SYN001" for d in before):
            continue
        checked += 1
        code, out = run("check", "--add-noqa", str(config))
        assert code in (0, 1), out
        text = config.read_bytes().decode("utf-8")
        after = lint_text(text, str(config), options=AnalysisOptions(), strict=True).diagnostics
        # What is left: the findings --add-noqa said it could not suppress, and only those
        # no comment can silence (or on a line inside a multi-line string).
        said = [line.rsplit(": ", 2) for line in out.splitlines() if "not suppressed:" in line]
        assert all(code in UNSUPPRESSIBLE or "starts inside" in reason for _, code, reason in said), out
        assert sorted(d.code for d in after) == sorted(code for _, code, _ in said), (source, out)
        assert dump(parse_config(text, str(config)), with_positions=False) == \
            dump(parse_config(original, str(config)), with_positions=False), source
    assert checked == CORPUS_SAMPLE


def test_an_unused_code_is_underlined_alone_unless_the_whole_comment_is_unused() -> None:
    text = ("process {\n"
            "    withName = 'A' { queue = 'x' } // nflint-spot: ignore[CFG013, CFG011]\n"
            "    cpus = 2 // nflint-spot: ignore[CFG013, SPOT001]\n"
            "}\n")
    found = [d for d in lint_text(text, "c.config", options=AnalysisOptions(), strict=True).diagnostics
             if d.code == "SUP001"]
    spans = [(d.message.split()[2], d.span.line, d.span.column, d.span.end_column, text[d.span.start:d.span.end])
             for d in found]
    assert spans == [("CFG013", 2, 59, 65, "CFG013"),
                     ("CFG013", 3, 14, 53, "// nflint-spot: ignore[CFG013, SPOT001]"),
                     ("SPOT001", 3, 14, 53, "// nflint-spot: ignore[CFG013, SPOT001]")]
