"""JUnit XML for CI systems without a lint report format (Jenkins, Azure Pipelines, CircleCI,
GitLab's test report): one `<testsuite>` per file with findings, one failing `<testcase>` per
finding. With no findings, one passing test case, so the CI shows a green suite rather than
no suite at all.

    <testsuites name="nflint-spot" tests="2" failures="2" errors="0">
      <testsuite name="nextflow.config" tests="2" failures="2" errors="0" skipped="0">
        <testcase classname="nextflow.config" name="CFG011 selector-with-equals at 8:5">
          <failure message="..." type="error">nextflow.config:8:5: CFG011 [error] ...</failure>
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby

from ..diagnostics import Diagnostic
from . import RenderOptions, display_path
from .common import scoped_message

# ElementTree escapes &, <, > and quotes but writes characters XML 1.0 forbids as they are,
# which makes the whole report unreadable: replace them (a config may hold any of them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render(diagnostics: list[Diagnostic], options: RenderOptions = RenderOptions()) -> str:
    total = str(len(diagnostics))
    root = ET.Element("testsuites", name="nflint-spot", tests=total, failures=total, errors="0")
    if not diagnostics:
        root.set("tests", "1")
        suite = _suite(root, "nflint-spot", tests=1, failures=0)
        ET.SubElement(suite, "testcase", classname="nflint-spot", name="no problems found", time="0")
    ordered = sorted(diagnostics, key=lambda d: display_path(d.path, options.root))
    for path, group in groupby(ordered, key=lambda d: display_path(d.path, options.root)):
        found = list(group)
        suite = _suite(root, path, tests=len(found), failures=len(found))
        for d in found:
            _testcase(suite, path, d, options)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(parent: ET.Element, name: str, tests: int, failures: int) -> ET.Element:
    return ET.SubElement(parent, "testsuite", name=_xml_text(name), tests=str(tests), failures=str(failures),
                         errors="0", skipped="0", time="0")


def _testcase(suite: ET.Element, path: str, d: Diagnostic, options: RenderOptions) -> None:
    name = f"{d.code} {d.name} at {d.span.line}:{d.span.column}"
    case = ET.SubElement(suite, "testcase", classname=_xml_text(path), name=name, file=_xml_text(path),
                         line=str(d.span.line), time="0")
    failure = ET.SubElement(case, "failure", message=_xml_text(scoped_message(d)), type=d.severity.value)
    lines = [f"{path}:{d.span.line}:{d.span.column}: {d.code} [{d.severity.value}] {scoped_message(d)}"]
    if d.excerpt:
        lines += d.excerpt.split("\n")
    lines += [f"note: {display_path(r.path, options.root)}:{r.span.line}:{r.span.column}: {r.message}"
              for r in d.related]
    if d.suggestion:
        lines.append(f"help: {d.suggestion}")
    if d.fix is not None:
        lines.append(f"fix{'' if d.fix.safe else ' (unsafe)'}: {d.fix.title}")
    failure.text = _xml_text("\n".join(lines))
