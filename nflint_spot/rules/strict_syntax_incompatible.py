from __future__ import annotations

import re
from typing import Iterator

from ..syntax import nodes as n
from ..diagnostics import Finding, Severity
from ..config.model import ConfigModel
from ..span import Span
from .base import NoOptions, Rule

_DEF = re.compile(r"def(?![\w$])")  # a declaration written with `def` (not `String x`, `final x`)
_KIND = {
    n.VarDecl: "variable declaration (`def`)",
    n.If: "`if` statement",
    n.Try: "`try`/`catch` block",
    n.FunctionDef: "function definition",
    n.For: "`for` loop",
    n.CountedFor: "`for` loop",
    n.While: "`while` loop",
    n.Switch: "`switch` statement",
    n.Break: "`break` statement",
    n.Continue: "`continue` statement",
    n.Import: "`import`",
    n.Return: "`return` statement",
    n.Throw: "`throw` statement",
    n.Assert: "`assert` statement",
    n.AssignStmt: "assignment to a variable",
    n.ExprStmt: "code statement",
}


class StrictSyntaxIncompatible(Rule):
    """Legacy Groovy code in a config, which the strict parser rejects.

    Why: since Nextflow 26.04 the strict config parser is the default. It allows only
    assignments, blocks, selectors, `includeConfig` and `plugins { id ... }`: variables
    (`def x`, `String x`), `if`, `switch`, `try`/`catch`, loops, `import`s, function
    definitions (the old nf-core `check_max`) and other code fail with "... cannot be mixed
    with config statements". Such a config only runs with `NXF_SYNTAX_PARSER=v1`. It also
    means nflint-spot cannot know what the code does at run time: settings inside an `if`
    or a `switch` case are analysed as if they applied.

    Bad:
        def check_max(obj, type) { ... }
        process.memory = { check_max(8.GB * task.attempt, 'memory') }

    Good:
        process.resourceLimits = [memory: 128.GB, cpus: 16, time: 48.h]
        process.memory = { 8.GB * task.attempt }

    Fix: move logic into closures (they may contain code), use `process.resourceLimits`
    instead of `check_max`, and profiles or params instead of `if`.
    """

    code = "CFG020"
    name = "strict-syntax-incompatible"
    severity = Severity.INFO
    releases_matter = frozenset()  # the config's own words, whatever the release

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        for statement in model.loaded.legacy:
            text = model.loaded.files[statement.path].text
            kind = _KIND.get(type(statement.node), "code statement")
            if isinstance(statement.node, n.VarDecl) and not _DEF.match(text, statement.node.span.start):
                kind = "variable declaration"  # `String x = ...`, `final x = ...`
            yield Finding(
                first_line(statement.node.span, text),
                f"{kind} at config level is rejected by the strict parser (default since Nextflow 26.04)",
                "Rewrite it with config statements, closures, params or profiles; or run with NXF_SYNTAX_PARSER=v1.",
                path=statement.path,
            )


def first_line(span: Span, text: str) -> Span:
    """Only the first line of a long `if`/`try`/function, so editors underline its head."""
    if span.end_line == span.line:
        return span
    end = text.find("\n", span.start)
    line = text[span.start : end].rstrip()
    return Span(span.start, span.start + len(line), span.line, span.column, span.line, span.column + len(line))
