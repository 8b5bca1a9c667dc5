"""Which processes a run has, and their names (reference §9.2): the entry script
(`manifest.mainScript`, default `main.nf`), the workflow it runs, and every process and
workflow those reach through `include { A; B as C } from './path'`, each process with the
three names `withName` is matched against: its declared name, the alias it is called by,
and the fully qualified name `WORKFLOW:SUBWORKFLOW:ALIAS`
(NF:modules/nextflow/src/main/groovy/nextflow/script/dsl/ProcessConfigBuilder.groovy,
applyConfig, with ConfigSelectorResolver.distinctNames).

Not a Groovy parser: comments and string contents are blanked first, then `include`,
`workflow` and `process` headers are found and a workflow's body is searched for the names
it may call. A name used in a workflow body counts as called (a call behind an `if` is part
of the run too). Scripts outside the reachable set are not part of the run.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace

from .pipeline import MAX_SCRIPT_BYTES, ProcessDef, masked_code, scan_script
from ..span import Span, span_at_offset

_INCLUDE = re.compile(r"\binclude\s*\{([^{}]*)\}\s*from\s*(['\"])")
_INCLUDED_NAME = re.compile(r"^\s*([A-Za-z_]\w*)(?:\s+as\s+([A-Za-z_]\w*))?\s*$")
_WORKFLOW = re.compile(r"(?m)^[ \t]*workflow\b[ \t]*([A-Za-z_]\w*)?[ \t]*\{")
_WORD = re.compile(r"(?<![\w.$])[A-Za-z_]\w*")
_DSL1 = re.compile(r"\bnextflow\.enable\.dsl\s*=\s*1\b")
MAX_PROCESS_USES = 20_000  # a hostile tree calling everything from everywhere stops here


@dataclass(frozen=True, slots=True)
class MissingModule:
    """An include whose script cannot be found (Nextflow stops: "Can't find a matching
    module file"), or that is not a local file (a remote module or a plugin)."""

    path: str  # the including script
    span: Span
    target: str  # as written
    remote: bool


@dataclass
class RunScripts:
    """The processes a run has (each call of a process definition, with its alias and fully
    qualified name set) and what could not be followed."""

    entry: str
    processes: list[ProcessDef] = field(default_factory=list)
    # A DSL1 script (no workflow block, or `nextflow.enable.dsl = 1`): Nextflow runs it only
    # before 22.12, which dropped DSL1.
    dsl1: bool = False
    missing: list[MissingModule] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # every script read, in the order met


@dataclass(frozen=True, slots=True)
class _Component:
    kind: str  # process, workflow
    script: str
    name: str  # as declared in `script`


@dataclass
class _Script:
    path: str
    text: str
    masked: str
    processes: dict[str, ProcessDef]
    workflows: dict[str | None, tuple[int, int]]  # name (None: the entry workflow) → body
    includes: list[tuple[str, str, int, str]]  # (declared name, alias, offset, target as written)


def entry_script(directory: str, main_script: str | None) -> str:
    return os.path.normpath(os.path.join(directory, main_script or "main.nf"))


def read_run(directory: str, main_script: str | None = None) -> RunScripts | None:
    """The run's processes from its entry script; None when there is no entry script."""
    entry = entry_script(directory, main_script)
    reader = _Reader()
    root = reader.script(entry)
    if root is None:
        return None
    found = RunScripts(entry, dsl1=not root.workflows or _DSL1.search(root.masked) is not None)
    reader.found = found
    if root.workflows:
        entries = [None] if None in root.workflows else list(root.workflows)
        for name in entries:
            # Without an unnamed workflow a named one runs with `-entry NAME`, its name leading.
            reader.walk(root, name, "" if name is None else f"{name}:", (entry,))
    else:
        # DSL1 (no workflow block): every process of the entry script runs as declared.
        found.processes.extend(root.processes.values())
    found.texts = {path: script.text for path, script in reader.scripts.items() if script is not None}
    return found


class _Reader:
    def __init__(self) -> None:
        self.scripts: dict[str, _Script | None] = {}
        self.found = RunScripts("")

    def script(self, path: str) -> _Script | None:
        if path in self.scripts:
            return self.scripts[path]
        loaded = self.scripts[path] = _load_script(path)
        return loaded

    def walk(self, script: _Script, workflow: str | None, prefix: str, stack: tuple[str, ...]) -> None:
        start, end = script.workflows[workflow]
        visible = self.components(script)
        used = dict.fromkeys(m.group(0) for m in _WORD.finditer(script.masked, start, end))
        for name in used:
            component = visible.get(name)
            if component is None or len(self.found.processes) >= MAX_PROCESS_USES:
                continue
            target = self.scripts.get(component.script)
            if target is None:
                continue
            if component.kind == "process":
                definition = target.processes[component.name]
                self.found.processes.append(replace(definition, alias=name, qualified_name=prefix + name))
            else:
                key = f"{component.script}#{component.name}"
                if key not in stack:  # a workflow calling itself: Nextflow refuses it
                    self.walk(target, component.name, f"{prefix}{name}:", stack + (key,))

    def components(self, script: _Script) -> dict[str, _Component]:
        """The processes and workflows a script's workflows may call, by the name they are
        called with: its own, then what it includes (under the alias)."""
        visible = {name: _Component("process", script.path, name) for name in script.processes}
        visible.update((name, _Component("workflow", script.path, name)) for name in script.workflows if name)
        for declared, alias, offset, target in script.includes:
            resolved = _module_path(script.path, target)
            if resolved is None:
                self._missing(script, offset, target, True)
                continue
            included = self.script(resolved)
            if included is None:
                self._missing(script, offset, target, False)
                continue
            if declared in included.processes:
                visible[alias] = _Component("process", included.path, declared)
            elif declared in included.workflows:
                visible[alias] = _Component("workflow", included.path, declared)
        return visible

    def _missing(self, script: _Script, offset: int, target: str, remote: bool) -> None:
        span = span_at_offset(script.text, offset, len("include"))
        problem = MissingModule(script.path, span, target, remote)
        if problem not in self.found.missing:
            self.found.missing.append(problem)


def _load_script(path: str) -> _Script | None:
    try:
        if not os.path.isfile(path) or os.stat(path).st_size > MAX_SCRIPT_BYTES:
            return None
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            text = handle.read()
    except OSError:
        return None
    masked = masked_code(text)
    processes = {p.name: p for p in scan_script(text, path, masked)}
    workflows: dict[str | None, tuple[int, int]] = {}
    for match in _WORKFLOW.finditer(masked):
        workflows.setdefault(match.group(1), (match.end(), _closing_brace(masked, match.end())))
    includes = []
    for match in _INCLUDE.finditer(masked):
        target = _string_at(text, match.end() - 1)
        for entry in re.split(r"[;\n]", match.group(1)):
            named = _INCLUDED_NAME.match(entry)
            if named is not None and target is not None:
                includes.append((named.group(1), named.group(2) or named.group(1), match.start(), target))
    return _Script(path, text, masked, processes, workflows, includes)


def _string_at(text: str, offset: int) -> str | None:
    """The single-line string literal whose opening quote is at `offset`."""
    quote = text[offset]
    end = text.find(quote, offset + 1)
    if end < 0 or "\n" in text[offset:end]:
        return None
    return text[offset + 1 : end]


def _closing_brace(masked: str, start: int) -> int:
    depth = 1
    for match in re.finditer(r"[{}]", masked[start:]):
        depth += 1 if match.group(0) == "{" else -1
        if depth == 0:
            return start + match.start()
    return len(masked)


def _module_path(including: str, target: str) -> str | None:
    """The script an include names (IncludeDef.resolveModulePath and realModulePath): a
    path relative to the including script when it starts with ./ or ../, else absolute;
    `.nf` may be left out, and a directory means its main.nf. None for anything else (a
    remote module, `plugin/...`)."""
    if target.startswith(("./", "../")):
        module = os.path.normpath(os.path.join(os.path.dirname(including), target))
    elif os.path.isabs(target):
        module = os.path.normpath(target)
    else:
        return None
    if not module.endswith(".nf") and os.path.isfile(module + ".nf"):
        return module + ".nf"
    if os.path.isdir(module):
        return os.path.join(module, "main.nf")
    return module
