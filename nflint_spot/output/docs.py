"""A rule's documentation as people read it: docs/rules.md, generated from the rules'
docstrings (`nflint-spot rules --markdown`), and one rule's text (`rules CODE`, `explain`)."""

from __future__ import annotations

from .rule_urls import rule_doc_url
from ..rules import ALL_RULES
from ..rules.base import DOC_SECTIONS as _HEADINGS, Rule

_FIXABLE_WORDS = {
    "safe": "safe (--fix applies it)",
    "unsafe": "unsafe (only --fix --unsafe-fixes applies it)",
    "mixed": "safe in some cases, unsafe in others (each finding's fix line says which)",
    "none": "none",
}


def rules_markdown() -> str:
    out = [
        "# nflint-spot rules",
        "",
        "Generated from the rule docstrings by `nflint-spot rules --markdown > docs/rules.md`;",
        "a test fails when this file is stale. Configure rules in `rules.yaml`.",
        "",
        "| code | name | default severity | summary |",
        "|---|---|---|---|",
    ]
    for rule in ALL_RULES:
        out.append(f"| [{rule.code}](#{rule.code.lower()}) | `{rule.name}` | {rule.severity.value} | {rule.summary()} |")
    for rule in ALL_RULES:
        out += ["", f"## {rule.code}", "", f"`{rule.name}` — default severity **{rule.severity.value}**", ""]
        out += rule_markdown(rule)
    return "\n".join(out) + "\n"


def rule_text(rule: type[Rule]) -> str:
    """The whole documentation of one rule for a terminal: the docstring, its options, the
    automatic fix it offers and the address of its section of docs/rules.md."""
    out = [f"{rule.code} {rule.name} (default severity: {rule.severity.value})", "", rule.documentation()]
    options = _option_fields(rule)
    if options:
        out += ["", "Options (rules.yaml):"] + [f"  {field.name}: {field.default}" for field in options]
    out += ["", f"Automatic fix: {_FIXABLE_WORDS[rule.fixable]}", f"Documentation: {rule_doc_url(rule.code)}"]
    return "\n".join(out) + "\n"


def _option_fields(rule: type[Rule]) -> list:
    return list(getattr(rule.Options, "__dataclass_fields__", {}).values())


def rule_markdown(rule: type[Rule]) -> list[str]:
    """A rule's documentation as Markdown lines: summary, sections, options (also SARIF's help)."""
    options = _option_fields(rule)
    body = rule.documentation().splitlines()
    out = [body[0]]
    out += _sections(body[1:])
    if options:
        out += ["", "Options (rules.yaml):", ""]
        for field in options:
            out.append(f"- `{field.name}` (default `{field.default}`)")
    return out


def doc_section(rule: type[Rule], heading: str) -> str:
    """The text of one documentation section (`Why:`, `Fix:`), its lines joined by spaces."""
    lines: list[str] = []
    inside = False
    for line in rule.documentation().splitlines()[1:]:
        stripped = line.strip()
        if any(stripped.startswith(h) for h in _HEADINGS):
            inside = stripped.startswith(heading)
            stripped = stripped[len(heading):].strip() if inside else stripped
        if inside and stripped:
            lines.append(stripped)
    return " ".join(lines)


def _sections(lines: list[str]) -> list[str]:
    """`Bad:` and `Good:` blocks become fenced code; the rest stays text."""
    out: list[str] = []
    in_code = False
    for line in lines:
        stripped = line.strip()
        heading = next((h for h in _HEADINGS if stripped.startswith(h)), None)
        if heading is not None:
            if in_code:
                out.append("```")
                in_code = False
            out += ["", f"**{heading[:-1]}**", ""]
            rest = stripped[len(heading):].strip()
            if heading in ("Bad:", "Good:"):
                out.append("```groovy")
                in_code = True
            elif rest:
                out.append(rest)
            continue
        if in_code:
            out.append(line[4:] if line.startswith("    ") else line)
        else:
            out.append(stripped)
    if in_code:
        out.append("```")
    return out
