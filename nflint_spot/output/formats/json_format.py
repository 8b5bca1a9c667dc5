"""JSON report. Stable schema, `version` 1 (documented in README.md):

{"version": 1, "tool": {"name", "version"},
 "diagnostics": [{"path", "code", "name", "severity", "message", "suggestion",
                  "span": {"start", "end", "line", "column", "endLine", "endColumn"},
                  "profiles": [...], "processes": [...],
                  "related": [{"path", "span", "message"}],
                  "fix": null | {"title", "safe", "edits": [{"span", "newText"}]}}],
 "summary": {"error", "warning", "info", "fixable"}}

`summary.fixable`: the findings `--fix` would fix with the options given (autofix.fixable,
counted by the CLI into RenderOptions.fixable), not every finding with a `fix`.

Paths (a diagnostic's and its related settings') are relative to the working directory when
the file is inside it, else absolute (`display_path`); a fix's edits apply to the diagnostic's
own file. Lines and columns are 1-based (columns count code points, end column exclusive);
offsets are 0-based code-point offsets into the file.
"""

from __future__ import annotations

import json
from typing import Any

from ... import __version__
from ...diagnostics import Diagnostic, Severity
from ...span import Span
from . import RenderOptions
from . import display_path

JSON_SCHEMA_VERSION = 1


def span_json(span: Span) -> dict[str, int]:
    return {"start": span.start, "end": span.end, "line": span.line, "column": span.column,
            "endLine": span.end_line, "endColumn": span.end_column}


def diagnostic_json(d: Diagnostic, root: str) -> dict[str, Any]:
    return {
        "path": display_path(d.path, root),
        "code": d.code,
        "name": d.name,
        "severity": d.severity.value,
        "message": d.message,
        "suggestion": d.suggestion,
        "span": span_json(d.span),
        "profiles": list(d.profiles),
        "processes": list(d.processes),
        "related": [{"path": display_path(r.path, root), "span": span_json(r.span), "message": r.message}
                    for r in d.related],
        "fix": None if d.fix is None else {
            "title": d.fix.title,
            "safe": d.fix.safe,
            "edits": [{"span": span_json(e.span), "newText": e.new_text} for e in d.fix.edits],
        },
    }


def render(diagnostics: list[Diagnostic], options: RenderOptions = RenderOptions()) -> str:
    summary = {s.value: sum(1 for d in diagnostics if d.severity is s) for s in Severity}
    summary["fixable"] = options.fixable.count  # what --fix, with the options given, would fix
    report = {
        "version": JSON_SCHEMA_VERSION,
        "tool": {"name": "nflint-spot", "version": __version__},
        "diagnostics": [diagnostic_json(d, options.root) for d in diagnostics],
        "summary": summary,
        "notes": list(options.notes),
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
