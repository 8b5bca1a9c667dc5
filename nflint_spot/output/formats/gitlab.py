"""GitLab Code Quality report (a JSON array; `artifacts: reports: codequality:`).

    [{"description": "...", "check_name": "CFG011", "fingerprint": "...", "severity": "major",
      "location": {"path": "nextflow.config", "positions": {"begin": {"line": 8, "column": 5},
                                                             "end": {"line": 8, "column": 40}}}}]

Paths are `display_path`: relative to `RenderOptions.root` (the project directory in CI) when inside it. The fingerprint is
the one SARIF uses: stable when lines move, so GitLab can tell new findings from old ones.
"""

from __future__ import annotations

import json
from typing import Any

from ...diagnostics import Diagnostic, Severity
from . import RenderOptions
from . import display_path
from .common import fingerprints, scoped_message

# GitLab's scale is info, minor, major, critical, blocker. An error here means Nextflow
# ignores or rejects a setting: major; critical and blocker are left for what stops a merge
# by itself, which a config lint does not claim to know.
SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(diagnostics: list[Diagnostic], options: RenderOptions = RenderOptions()) -> str:
    issues = [_issue(d, fingerprint, options) for d, fingerprint in zip(diagnostics, fingerprints(diagnostics, options))]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _issue(d: Diagnostic, fingerprint: str, options: RenderOptions) -> dict[str, Any]:
    description = f"{d.code} {scoped_message(d)}"
    if d.suggestion:
        description += f" ({d.suggestion})"
    return {
        "type": "issue",
        "description": description,
        "check_name": d.code,
        "categories": ["Bug Risk"],
        "fingerprint": fingerprint,
        "severity": SEVERITIES[d.severity],
        "location": {
            "path": display_path(d.path, options.root),
            "positions": {"begin": {"line": d.span.line, "column": d.span.column},
                          "end": {"line": d.span.end_line, "column": d.span.end_column}},
        },
    }
