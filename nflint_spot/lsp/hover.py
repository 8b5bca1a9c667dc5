"""Hover text for the language server: what a config option means (facts from the shared
Nextflow reference, §2–§4) and, on a `withName:`/`withLabel:` line, what the selector
really produces (`nflint-spot show`'s data for that selector scope)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from ..syntax import nodes as n
from ..analysis.scenarios import AnalysisOptions, build_models, load
from ..config.loader import LoadedConfig
from .option_docs import OPTION_DOCS
from ..config.model import ConfigModel
from ..syntax.parser import SyntaxProblem
from ..lint.settings import LintSettings
from ..output.show import render_text, show_data

_WORD = re.compile(r"[A-Za-z0-9_$]")


def _last_segment_index() -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for key in OPTION_DOCS:
        index.setdefault(key.rsplit(".", 1)[-1], []).append(key)
    return index


_BY_LAST = _last_segment_index()
_OPTION_SCOPES = {"process", "aws", "fusion", "wave", "executor"}


def word_at(text: str, offset: int) -> tuple[int, int] | None:
    """The identifier around `offset`, as (start, end) offsets."""
    start = offset
    while start > 0 and _WORD.match(text[start - 1]):
        start -= 1
    end = offset
    while end < len(text) and _WORD.match(text[end]):
        end += 1
    return (start, end) if end > start else None


def canonical(key: tuple[str, ...]) -> str:
    """('process', 'withName:FOO', 'queue') → 'process.queue'."""
    if len(key) >= 3 and key[0] == "profiles":
        key = key[2:]
    if len(key) >= 2 and key[0] == "process":
        return f"process.{key[-1]}"
    return ".".join(key)


def option_key(text: str, start: int, end: int, path: str, loaded: LoadedConfig | None) -> tuple[str, ...]:
    """The qualified option name written at text[start:end]: from the loaded settings when
    the word is in an assignment's name, else from the text (dotted prefix and enclosing blocks)."""
    word = text[start:end]
    for setting in loaded.settings if loaded is not None else ():
        if setting.path != path or not setting.span.start <= start < setting.span.end:
            continue
        if end <= setting.value.span.start and word in setting.key:
            return setting.key[: setting.key.index(word) + 1]
        if setting.value.span.start <= start:
            return ()  # a word in a value, not an option name
    return (*_enclosing_blocks(text, start), *_dotted_prefix(text, start), word)


def _dotted_prefix(text: str, start: int) -> tuple[str, ...]:
    line_start = text.rfind("\n", 0, start) + 1
    match = re.search(r"((?:[A-Za-z_$][\w$]*\.)+)$", text[line_start:start])
    return tuple(match.group(1).rstrip(".").split(".")) if match else ()


_BLOCK_NAME = re.compile(r"(?:(withName|withLabel)\s*:\s*['\"]?([^'\"{]*?)['\"]?|([A-Za-z_$][\w$.]*))\s*$")


def _enclosing_blocks(text: str, offset: int) -> tuple[str, ...]:
    """Names of the blocks around `offset`, outermost first (a text scan that ignores strings
    and comments: only the fallback for documents that do not parse)."""
    names: list[str] = []
    depth = 0
    for index in range(offset - 1, -1, -1):
        char = text[index]
        if char == "}":
            depth += 1
        elif char == "{":
            if depth:
                depth -= 1
                continue
            line_start = text.rfind("\n", 0, index) + 1
            match = _BLOCK_NAME.search(text[line_start:index])
            if match is None:
                return ()  # inside a closure or a map: not an option name
            names.append(f"{match.group(1)}:{match.group(2)}" if match.group(1) else match.group(3))
    parts: list[str] = []
    for name in reversed(names):
        parts.extend([name] if name.startswith("with") else name.split("."))
    return tuple(parts)


def option_hover(key: tuple[str, ...]) -> str | None:
    """Markdown documentation of the option `key`, or None when it is not documented."""
    if not key:
        return None
    name = canonical(key)
    doc = OPTION_DOCS.get(name)
    note = ""
    if doc is None:
        # A documented option in the wrong scope (`process.maxSpotAttempts`), or a word whose
        # scope the text does not tell; never a `params.queue` or `env.time`.
        candidates = _BY_LAST.get(key[-1], [])
        if len(candidates) != 1 or name.split(".")[0] not in _OPTION_SCOPES | {key[-1]}:
            return None
        documented = candidates[0]
        doc = OPTION_DOCS[documented]
        if len(key) > 1:
            note = f"\n\n*Written as `{name}`: Nextflow reads this option only as `{documented}`.*"
        name = documented
    return f"**`{name}`** — default: {doc.default}\n\n{doc.text}{note}"


def text_hover(path: str, text: str, offset: int) -> tuple[str, tuple[int, int]] | None:
    """An option's documentation and the word it is about, read from the text alone (no
    parse, no model: nothing the linter shares), as hover answers while a lint runs."""
    word = word_at(text, offset)
    if word is None:
        return None
    markdown = option_hover(option_key(text, word[0], word[1], path, None))
    return (markdown, word) if markdown is not None else None


def may_be_selector_line(text: str, offset: int) -> bool:
    """Whether the line of `offset` may be a `withName:`/`withLabel:` header (selector_on_line
    decides from the parse)."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start:] if end < 0 else text[start:end]
    return "withName" in line or "withLabel" in line


# ---------------------------------------------------------------- selectors


def selector_on_line(document: n.Document | None, line: int) -> str | None:
    """`withLabel:big` for a selector whose header is on 1-based `line`."""
    if document is None:
        return None
    stack: list[n.Node] = list(document.body)
    while stack:
        node = stack.pop()
        if isinstance(node, n.Selector) and node.span.line == line:
            return f"{node.kind}:{node.pattern}"
        for attribute in ("body", "then", "otherwise", "finally_body"):
            children = getattr(node, attribute, None)
            if isinstance(children, tuple):
                stack.extend(children)
        for catch in getattr(node, "catches", None) or ():
            stack.extend(catch.body)
    return None


def selector_hover(selector: str, models: list[ConfigModel]) -> str | None:
    """The effective settings of the selector scope in the first model that has it."""
    for model in models:
        if any(view.name == selector for view in model.processes):
            data = show_data(model)
            scope = next(p for p in data["processes"] if p["name"] == selector)
            reclaim = scope["errorStrategy"]["byExitStatus"].get("missing")
            reclaim_text = "unknown" if isinstance(reclaim, dict) else reclaim or "terminate"
            lead = (f"**`{selector}`** — effective settings (profile: {model.profile_label}). A Spot reclaim "
                    f"(no exit status, 2147483647) gets errorStrategy **{reclaim_text}**.")
            table = render_text({**data, "processes": [scope]})
            return f"{lead}\n\n```text\n{table}```"
    return None


class HoverSource:
    """The open buffer loaded for hover, kept while the buffer does not change; its models
    are built on the first selector hover. Used on the language server's worker thread."""

    def __init__(self) -> None:
        self._cached: tuple[str, str, LoadedConfig, list[ConfigModel] | None] | None = None

    def clear(self) -> None:
        self._cached = None

    def hover(self, path: str, text: str, offset: int, line: int, build: Callable[[LoadedConfig], list[ConfigModel]],
              parse: Callable[[str, str], n.Document | SyntaxProblem] | None = None,
              ) -> tuple[str, tuple[int, int] | None] | None:
        """Markdown and the word it is about: an option's documentation, else (on a selector
        line) the selector's effective settings. `parse(text, path)`: the document's own
        (incremental) parser."""
        cached = self._cached
        if cached is None or cached[:2] != (path, text):
            parsed = parse(text, path) if parse is not None else None
            cached = self._cached = (path, text, load(path, text, parsed), None)
        loaded = cached[2]
        word = word_at(text, offset)
        if word is not None:
            markdown = option_hover(option_key(text, word[0], word[1], path, loaded))
            if markdown is not None:
                return markdown, word
        selector = selector_on_line(loaded.files[path].document, line)
        if selector is None:
            return None
        models = cached[3]
        if models is None:
            models = build(loaded)
            self._cached = (path, text, loaded, models)
        markdown = selector_hover(selector, models)
        return (markdown, None) if markdown is not None else None


def hover_models(loaded: LoadedConfig, settings: LintSettings, profiles: tuple[str, ...],
                 nextflow_version: str | None) -> list[ConfigModel]:
    """Models of the open buffer for hover: the configured profiles first, then the base
    config and each profile; selector scopes, not the pipeline's processes."""
    base = AnalysisOptions(None, scan_pipeline=False, nextflow_version=nextflow_version or settings.nextflow_version)
    models = []
    if profiles and all(p in loaded.profile_names for p in profiles):
        models += build_models(loaded, dataclasses.replace(base, profiles=profiles), environment=settings.environment)
    return models + build_models(loaded, base, environment=settings.environment)
