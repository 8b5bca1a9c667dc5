"""A light scanner of pipeline scripts: `process NAME {` headers with their labels and the
directives that matter for Spot. Not a Nextflow script parser: it reads the directive lines
before the first `input:`/`output:`/`script:` section and nothing else."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from ..syntax import nodes as n
from ..syntax.groovy_lexemes import comments_and_strings
from ..syntax.parser import SyntaxProblem, parse_expression
from ..span import Span, span_at_offset

SCANNED_DIRECTIVES = ("time", "queue", "errorStrategy", "maxRetries", "executor", "memory", "cpus")
_PROCESS_HEADER = re.compile(r"^[ \t]*process[ \t]+([A-Za-z_]\w*)[ \t]*\{", re.MULTILINE)
_SECTION = re.compile(r"^[ \t]*(input|output|script|shell|exec|when|stub|topic)[ \t]*:", re.MULTILINE)
# `name value` (a method call: the directive) or `name = value` (an assignment: what
# Nextflow does with it depends on the version, Directive.assignment).
_DIRECTIVE = re.compile(r"^[ \t]*(label|" + "|".join(SCANNED_DIRECTIVES) + r")\b[ \t]*(=(?!=)[ \t]*)?(.*)$",
                        re.MULTILINE)
_SKIPPED_DIRS = {"work", "node_modules", "results"}
MAX_SCRIPT_BYTES = 2_000_000


@dataclass(frozen=True, slots=True)
class Directive:
    """A directive written in a process definition of a pipeline script."""

    value: n.Expr
    path: str
    span: Span
    # Written `errorStrategy = { ... }`: an assignment in the process body, not the directive.
    # Before Nextflow 25.10 the body's delegate was the process config and it applied; from
    # 25.10 the legacy parser's ProcessDslV1 leaves it a script variable (the directive is
    # silently lost), and the strict parser rejects it (NF:.../script/BaseScript.groovy,
    # process; NF:modules/nf-lang/.../script/parser/ScriptAstBuilder.java). `equals` spans the
    # `= ` between the name and the value.
    assignment: bool = False
    equals: Span | None = None


@dataclass(frozen=True, slots=True)
class ProcessDef:
    """A process definition found in a pipeline script: name, labels, Spot-relevant directives."""

    name: str
    labels: tuple[str, ...]
    path: str
    span: Span
    directives: dict[str, Directive] = field(default_factory=dict, compare=False)
    # A call of the definition in the run (pipeline_graph.py): the name it is called by, and
    # the fully qualified name `WORKFLOW:SUBWORKFLOW:ALIAS`. None for a definition not
    # placed in a workflow (a DSL1 script, or a pipeline read without its entry script).
    alias: str | None = None
    qualified_name: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The names `withName` is matched against, in Nextflow's order, each once
        (ConfigSelectorResolver.distinctNames: declared, alias, fully qualified)."""
        return tuple(dict.fromkeys(n for n in (self.name, self.alias, self.qualified_name) if n))


def find_pipeline_dir(config_path: str) -> str | None:
    """The config's own directory when it holds a pipeline (main.nf or modules/)."""
    directory = os.path.dirname(os.path.abspath(config_path))
    if os.path.isfile(os.path.join(directory, "main.nf")) or os.path.isdir(os.path.join(directory, "modules")):
        return directory
    return None


def scan_pipeline(directory: str) -> list[ProcessDef]:
    processes: list[ProcessDef] = []
    for path in sorted(_script_files(directory)):
        try:
            if os.stat(path).st_size > MAX_SCRIPT_BYTES:
                continue
            with open(path, encoding="utf-8-sig", errors="replace") as handle:
                text = handle.read()
        except OSError:
            continue
        processes.extend(scan_script(text, path))
    return processes


def _script_files(root: str | os.PathLike[str]) -> list[str]:
    # os.walk and plain strings: pathlib costs ~8 ms of a one-file check's start.
    found: list[str] = []
    for current, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS]
        found.extend(os.path.join(current, f) for f in files if f.endswith(".nf"))
    return found


def masked_code(text: str) -> str:
    """`text` with comments and string contents blanked (same length, same lines): a brace
    or the word `workflow` inside a `script:` block's triple-quoted string is shell, not Groovy."""
    parts: list[str] = []
    done = 0
    for lexeme in comments_and_strings(text):
        parts += (text[done:lexeme.start()], _blank(lexeme))
        done = lexeme.end()
    parts.append(text[done:])
    return "".join(parts)


def _blank(match: re.Match[str]) -> str:
    """A comment or a string's contents as blanks, its line breaks kept (offsets and lines
    stay those of the text); a string keeps its quotes (a slashy one its slashes), so
    `from './x'` is still found."""
    text = match.group(0)
    if text.startswith(("//", "/*")):
        return _blanks(text)
    quote = 3 if text.startswith(("'''", '"""')) else 1
    closed = len(text) >= 2 * quote and text.endswith(text[:quote])
    inner = text[quote : len(text) - quote] if closed else text[quote:]
    return text[:quote] + _blanks(inner) + (text[len(text) - quote:] if closed else "")


def _blanks(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def scan_script(text: str, path: str, masked: str | None = None) -> list[ProcessDef]:
    """The process definitions of a script. Headers, sections and braces are found in the
    masked text (masked_code): `tag "${meta.id}}"` closes no process body."""
    masked = masked if masked is not None else masked_code(text)
    processes = []
    for header in _PROCESS_HEADER.finditer(masked):
        body_start = header.end()
        section = _SECTION.search(masked, body_start)
        body_end = _header_end(masked, body_start, section.start() if section else len(masked))
        labels: list[str] = []
        directives: dict[str, Directive] = {}
        for line in _DIRECTIVE.finditer(text, body_start, body_end):
            name, value_text = line.group(1), _strip_comment(line.group(3))
            value_text = _complete_closure(text, value_text, line.end())
            expr = parse_expression(value_text) if value_text else None
            if expr is None or isinstance(expr, SyntaxProblem):
                continue
            if name == "label":
                if line.group(2) is None and isinstance(expr, n.Literal) and isinstance(expr.value, str):
                    labels.append(expr.value)
            else:
                span = span_at_offset(text, line.start(3), len(line.group(3)))
                equals = line.group(2)
                directives[name] = Directive(
                    expr, path, span, equals is not None,
                    span_at_offset(text, line.start(2), len(equals)) if equals is not None else None)
        span = span_at_offset(text, header.start(1), len(header.group(1)))
        processes.append(ProcessDef(header.group(1), tuple(labels), path, span, directives))
    return processes


def _header_end(text: str, start: int, limit: int) -> int:
    """End of the directive part: the first section label, or the process's closing brace."""
    depth = 1
    for index in range(start, limit):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
    return limit


def _strip_comment(value: str) -> str:
    # Only a `//` preceded by blank: `'s3://x'` keeps its slashes.
    return re.split(r"[ \t]//", value, maxsplit=1)[0].strip()


def _complete_closure(text: str, value: str, line_end: int, max_lines: int = 30) -> str:
    """A `{ ... }` directive value may continue on the next lines."""
    if not value.startswith("{") or value.count("{") <= value.count("}"):
        return value
    parts = [value]
    position = line_end
    for _ in range(max_lines):
        next_end = text.find("\n", position + 1)
        line = text[position + 1 : next_end if next_end >= 0 else len(text)]
        parts.append(_strip_comment(line))
        joined = "\n".join(parts)
        if joined.count("{") <= joined.count("}") or next_end < 0:
            return joined
        position = next_end
    return value
