"""SARIF 2.1.0 (GitHub code scanning, Azure DevOps, IDE viewers).

One run: the driver lists every rule of ALL_RULES (the documentation as help), each result
points at its rule by id and index. Regions are 1-based with columns in UTF-16 code units
(SARIF's default `columnKind`), converted from our code-point columns with the file text.
`run.artifacts` lists every file the lint read (`RenderOptions.texts`: the configs, included
ones without findings too, and the pipeline's scripts), then any other file a result points
at; the artifact location of each result, related location and fix carries its `index`
there. Artifact URIs are relative to `RenderOptions.root` (uriBaseId %SRCROOT%) when the file
is inside it (`relative_path`, as every format's `display_path`), else absolute file:// URIs.
`partialFingerprints` survive lines moving.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import quote

from ... import __version__
from ...diagnostics import Diagnostic, Related, Severity
from ..docs import doc_section, rule_markdown
from ...fixes import Fix
from ...rules import ALL_RULES
from ...rules.base import Rule
from ...span import Span
from . import RenderOptions
from . import relative_path
from ..rule_urls import PROJECT_URL, rule_doc_url
from .common import fingerprints, scoped_message, utf16_columns

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "nflintSpot/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(diagnostics: list[Diagnostic], options: RenderOptions = RenderOptions()) -> str:
    rules = [rule_descriptor(rule) for rule in ALL_RULES]
    index = {rule.code: i for i, rule in enumerate(ALL_RULES)}
    for d in diagnostics:
        if d.code not in index:  # INT001, a crashed rule: not a rule of the catalogue
            index[d.code] = len(rules)
            rules.append({"id": d.code, "name": d.name,
                          "shortDescription": {"text": "A rule crashed; please report it."},
                          "defaultConfiguration": {"level": LEVELS[d.severity]}})
    exit_code = options.resolved_exit_code(diagnostics)
    artifacts = Artifacts(options.root)
    artifacts.add(options.texts)
    artifacts.add(path for d in diagnostics for path in (d.path, *(r.path for r in d.related)))
    results = [_result(d, index[d.code], fingerprint, options, artifacts)
               for d, fingerprint in zip(diagnostics, fingerprints(diagnostics, options))]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": "nflint-spot",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": PROJECT_URL,
                "rules": rules,
            }},
            "invocations": [{"executionSuccessful": exit_code in (0, 1), "exitCode": exit_code}],
            "artifacts": [{"location": location} for location in artifacts.locations],
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": doc_section(rule, "Why:") or rule.summary()},
        "help": {"text": rule.documentation(), "markdown": "\n".join(rule_markdown(rule)).strip() + "\n"},
        "helpUri": rule_doc_url(rule.code),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }


class Artifacts:
    """The run's artifacts in the order their files are added, one per location: two
    spellings of a path (as typed, made absolute) are one artifact."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.locations: list[dict[str, str]] = []
        self._index_by_path: dict[str, int] = {}
        self._index_by_uri: dict[tuple[str, str | None], int] = {}

    def add(self, paths: Iterable[str]) -> None:
        for path in paths:
            if path in self._index_by_path:
                continue
            location = artifact_location(path, self.root)
            key = (location["uri"], location.get("uriBaseId"))
            if key not in self._index_by_uri:
                self._index_by_uri[key] = len(self.locations)
                self.locations.append(location)
            self._index_by_path[path] = self._index_by_uri[key]

    def location(self, path: str) -> dict[str, Any]:
        """The artifact location of `path` in a result, with its index into the artifacts."""
        self.add((path,))
        index = self._index_by_path[path]
        return {**self.locations[index], "index": index}


def _result(d: Diagnostic, rule_index: int, fingerprint: str, options: RenderOptions,
            artifacts: Artifacts) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": LEVELS[d.severity],
        "message": {"text": scoped_message(d)},
        "locations": [{"physicalLocation": _physical(d.path, d.span, options, artifacts)}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if d.related:
        result["relatedLocations"] = [_related(i, r, options, artifacts) for i, r in enumerate(d.related, start=1)]
    if d.fix is not None:
        result["fixes"] = [_fix(d.path, d.fix, options, artifacts)]
    properties = {"suggestion": d.suggestion, "profiles": list(d.profiles), "processes": list(d.processes)}
    properties = {key: value for key, value in properties.items() if value}
    if properties:
        result["properties"] = properties
    return result


def artifact_location(path: str, root: str) -> dict[str, str]:
    relative = relative_path(path, root)
    if relative is None:
        return {"uri": Path(os.path.abspath(path)).as_uri()}
    return {"uri": quote(relative, safe="/"), "uriBaseId": SRCROOT}


def region(span: Span, text: str | None) -> dict[str, int]:
    start_column, end_column = utf16_columns(span, text)
    return {"startLine": span.line, "startColumn": start_column, "endLine": span.end_line, "endColumn": end_column}


def _physical(path: str, span: Span, options: RenderOptions, artifacts: Artifacts) -> dict[str, Any]:
    return {"artifactLocation": artifacts.location(path), "region": region(span, options.texts.get(path))}


def _related(number: int, related: Related, options: RenderOptions, artifacts: Artifacts) -> dict[str, Any]:
    return {"id": number, "physicalLocation": _physical(related.path, related.span, options, artifacts),
            "message": {"text": related.message}}


def _fix(path: str, fix: Fix, options: RenderOptions, artifacts: Artifacts) -> dict[str, Any]:
    # Edits of a fix apply to the diagnostic's own file (autofix.plan_fixes does the same).
    text = options.texts.get(path)
    return {
        "description": {"text": fix.title if fix.safe else f"{fix.title} (unsafe: changes behaviour)"},
        "artifactChanges": [{
            "artifactLocation": artifacts.location(path),
            "replacements": [{"deletedRegion": region(edit.span, text), "insertedContent": {"text": edit.new_text}}
                             for edit in fix.edits],
        }],
        "properties": {"safe": fix.safe},
    }
