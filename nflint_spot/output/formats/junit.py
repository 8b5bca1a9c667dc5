"""JUnit XML for CI systems without a lint report format (Jenkins, Azure Pipelines, CircleCI,
GitLab's test report): one `<testsuite>` per linted file, one failing `<testcase>` per
finding. A file without findings gets one passing test case, so the CI shows a green suite
for it (and a report of a clean run is not an empty one) rather than no suite at all: a
file missing from a report reads as a file not checked.

    <testsuites name="nflint-spot" tests="2" failures="2" errors="0">
      <testsuite name="nextflow.config" tests="2" failures="2" errors="0" skipped="0">
        <testcase classname="nextflow.config" name="CFG011 selector-with-equals at 8:5">
          <failure message="..." type="error">nextflow.config:8:5: CFG011 [error] ...</failure>
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby

from ...diagnostics import Diagnostic
from . import RenderOptions
from . import display_path
from .common import scoped_message

# ElementTree escapes &, <, > and quotes but writes characters XML 1.0 forbids as they are,
# which makes the whole report unreadable: replace them (a config may hold any of them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def render(diagnostics: list[Diagnostic], options: RenderOptions = RenderOptions()) -> str:
    by_path = {path: list(group) for path, group in groupby(
        sorted(diagnostics, key=lambda d: display_path(d.path, options.root)),
        key=lambda d: display_path(d.path, options.root))}
    clean = _linted_configs(options) - by_path.keys()
    if not by_path and not clean:
        clean = {"nflint-spot"}  # no file known (a renderer called without texts)
    total = str(len(diagnostics))
    root = ET.Element("testsuites", name="nflint-spot", tests=str(len(diagnostics) + len(clean)),
                      failures=total, errors="0")
    for path in sorted(by_path.keys() | clean):
        found = by_path.get(path)
        if found is None:
            suite = _suite(root, path, tests=1, failures=0)
            ET.SubElement(suite, "testcase", classname=_xml_text(path), name="no problems found", time="0")
            continue
        suite = _suite(root, path, tests=len(found), failures=len(found))
        for d in found:
            _testcase(suite, path, d, options)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _linted_configs(options: RenderOptions) -> set[str]:
    """The display path of each config the lint read: the files given, `-c` layers and
    includes (RenderOptions.texts). A pipeline's scripts are read for their processes, not
    linted: they get a suite only for a finding in them."""
    return {display_path(path, options.root) for path in options.texts if not path.endswith(".nf")}


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
