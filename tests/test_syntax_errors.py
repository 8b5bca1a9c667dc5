"""Broken configs: `parse_config` returns a SyntaxProblem (never raises) at an exact
line:col, with a message that names what was found, and an excerpt with a caret."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nflint_spot.cli.main import main
from nflint_spot.syntax.parser import SyntaxProblem, parse_config

# (id, text, line, column, message fragment)
BROKEN = [
    # An unclosed brace is reported where the file ends, just after the last token.
    ("unclosed-brace", "process {\n    cpus = 2\n", 2, 13, "unexpected end of file, expected '}'"),
    ("unclosed-brace-no-newline", "aws {\n  batch {\n    cliPath = 'x'", 3, 18, "unexpected end of file"),
    ("missing-value-then-brace", "process {\n    x = \n}\n", 3, 1, "unexpected '}'"),
    ("missing-value-at-top", "x = \n}\n", 2, 1, "unexpected '}'"),
    # An unterminated string is reported at its opening quote.
    ("unterminated-string", "a = 1\nb = 'abc\nc = 2\n", 2, 5, "a string that is never closed"),
    ("unterminated-gstring", 'b = "abc\n', 1, 5, "never closed"),
    ("unterminated-triple-string", "x = 1\ny = '''abc\n", 2, 5, "a string that is never closed"),
    ("two-strings", "process { queue = 'a' 'b' }\n", 1, 23, "unexpected string \"'b'\""),
    ("stray-close-paren", "a = f(1))\n", 1, 9, "unexpected ')'"),
    ("stray-close-paren-alone", "a = 1\n)\n", 2, 1, "unexpected ')'"),
    # `${` never closed makes the whole string unterminated: reported at its quote.
    ("placeholder-never-closed", 'workDir = "${params.x/work"\n', 1, 11, "a placeholder that is never closed"),
    ("placeholder-incomplete", 'a = "pre ${ 1 + }"\n', 1, 16, "unexpected end of the ${...} placeholder"),
    ("lone-at", "a = 1\n@\n", 2, 1, "unexpected character '@'"),
    ("hash-comment", "process.cpus = 2 # not a comment\n", 1, 18, "unexpected character '#'"),
    ("two-statements-on-a-line", "a = 1 b = 2\n", 1, 7, "unexpected name 'b'"),
    ("equality-for-assignment", "params.x == 1\n", 1, 10, "unexpected '=='"),
    ("selector-without-target", "process {\n  withName: { cpus = 1 }\n}\n", 2, 13, "unexpected '{'"),
    ("unclosed-list", "a = [1, 2\n", 1, 10, "unexpected end of file, expected ',' or ']'"),
    ("dangling-operator", "a = 1 +\n", 1, 8, "unexpected end of file"),
    ("trailing-dot", "process.\n", 1, 9, "unexpected end of file, expected a name or a string"),
    ("nul-byte", "a = 1\n\x00\n", 2, 1, "unexpected NUL byte"),
    ("too-deep", "a = " + "[" * 101 + "]" * 101 + "\n", 1, 105, "brackets nested more than 100 deep"),
]


@pytest.mark.parametrize(("text", "line", "column", "fragment"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_syntax_error_position_and_message(text: str, line: int, column: int, fragment: str) -> None:
    problem = parse_config(text, "bad.config")
    assert isinstance(problem, SyntaxProblem)
    assert (problem.span.line, problem.span.column) == (line, column), problem.message
    assert fragment in problem.message
    assert problem.path == "bad.config"


def test_excerpt_is_the_line_and_a_caret_under_the_column() -> None:
    problem = parse_config("a = 1\nprocess { queue = 'a' 'b' }\nc = 3\n", "bad.config")
    assert isinstance(problem, SyntaxProblem)
    assert problem.excerpt == "process { queue = 'a' 'b' }\n" + " " * 22 + "^"


def test_excerpt_keeps_tabs_so_the_caret_lines_up() -> None:
    problem = parse_config("process {\n\tqueue = 'a' 'b'\n}\n", "bad.config")
    assert isinstance(problem, SyntaxProblem)
    assert (problem.span.line, problem.span.column) == (2, 14)
    assert problem.excerpt == "\tqueue = 'a' 'b'\n\t" + " " * 12 + "^"


def test_excerpt_of_a_crlf_file_has_no_carriage_return() -> None:
    problem = parse_config("a = 1\r\nb = )\r\n", "bad.config")
    assert isinstance(problem, SyntaxProblem)
    assert (problem.span.line, problem.span.column) == (2, 5)
    assert problem.excerpt == "b = )\n    ^"


def test_excerpt_at_end_of_file_points_past_the_last_token() -> None:
    problem = parse_config("aws {\n  region = 'x'", "bad.config")
    assert isinstance(problem, SyntaxProblem)
    assert (problem.span.line, problem.span.column) == (2, 15)
    assert problem.excerpt == "  region = 'x'\n" + " " * 14 + "^"


def test_error_inside_a_placeholder_has_its_file_position() -> None:
    text = "a = 1\nb = \"x ${ foo( } y\"\n"
    problem = parse_config(text, "bad.config")
    assert isinstance(problem, SyntaxProblem)
    assert (problem.span.line, problem.span.column) == (2, 15)
    assert problem.excerpt.splitlines()[0] == 'b = "x ${ foo( } y"'


def test_parser_is_reusable_after_an_error() -> None:
    # A failed parse must not leave state (placeholder offsets, newline filters) behind.
    assert isinstance(parse_config('a = "${ 1 + }"\n'), SyntaxProblem)
    assert isinstance(parse_config("a = (\n"), SyntaxProblem)
    document = parse_config('b = "${ x }"\nc = [\n 1\n]\n')
    assert not isinstance(document, SyntaxProblem)
    assert [stmt.span.line for stmt in document.body] == [1, 2]
    assert document.body[0].value.parts[0].span.column == 9  # type: ignore[union-attr]


# ---------------------------------------------------------------- command line


def test_check_reports_a_syntax_error_as_syn001(tmp_path: Path) -> None:
    bad = tmp_path / "bad.config"
    bad.write_text("process {\n  queue = 'a' 'b'\n}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(bad)])
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"{bad}:2:15: SYN001 ")
    assert "unexpected string" in first
    assert "  |   queue = 'a' 'b'\n  |               ^\n" in result.output


def test_check_a_valid_config_has_no_syntax_error(tmp_path: Path) -> None:
    good = tmp_path / "good.config"
    good.write_text("process.cpus = 2\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(good)])
    assert "SYN001" not in result.output


def test_parse_prints_the_dump(tmp_path: Path) -> None:
    config = tmp_path / "nextflow.config"
    config.write_text("plugins {\n    id 'nf-schema@2.5.1'\n}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(config)])
    assert result.exit_code == 0
    assert result.output == (
        "Document @1:1\n"
        "  .body\n"
        "    Block @1:1 name=plugins\n"
        "      .body\n"
        "        CommandStmt @2:5 name=id\n"
        "          .args\n"
        "            Literal @2:8 value='nf-schema@2.5.1' kind='string'\n"
    )


def test_parse_without_positions(tmp_path: Path) -> None:
    config = tmp_path / "nextflow.config"
    config.write_text("a = 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", "--no-positions", str(config)])
    assert result.exit_code == 0
    assert result.output == "Document\n  .body\n    Assignment target=a op='='\n      .value\n        Literal value=1 kind='int'\n"


def test_parse_of_a_broken_file_reports_syn001(tmp_path: Path) -> None:
    bad = tmp_path / "bad.config"
    bad.write_text("a = 1\n@\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(bad)])
    assert result.exit_code == 1
    assert result.output.startswith(f"{bad}:2:1: SYN001 ")
