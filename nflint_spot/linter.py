"""The one pure entry point: text → diagnostics. The CLI, the language server and the
tests all call `lint_text` / `lint_file`; none of them re-implements a step."""

from __future__ import annotations

from .diagnostics import Diagnostic, Severity
from .parser import SyntaxProblem, parse_config
from .sources import read_config

SYNTAX_ERROR_CODE = "SYN001"
SYNTAX_ERROR_NAME = "syntax-error"


def syntax_diagnostic(problem: SyntaxProblem) -> Diagnostic:
    return Diagnostic(
        path=problem.path,
        span=problem.span,
        code=SYNTAX_ERROR_CODE,
        name=SYNTAX_ERROR_NAME,
        severity=Severity.ERROR,
        message=problem.message,
        excerpt=problem.excerpt,
    )


def lint_text(text: str, path: str) -> list[Diagnostic]:
    result = parse_config(text, path)
    if isinstance(result, SyntaxProblem):
        return [syntax_diagnostic(result)]
    return []


def lint_file(path: str) -> list[Diagnostic]:
    """Raises sources.ConfigReadError for a file that cannot be read."""
    return lint_text(read_config(path), path)
