"""docs/rules.md, generated from the rules' docstrings (`nflint-spot rules --markdown`)."""

from __future__ import annotations

from .rules import ALL_RULES


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
        options = [f for f in getattr(rule.Options, "__dataclass_fields__", {}).values()]
        body = rule.documentation().splitlines()
        out.append(body[0])
        out += _sections(body[1:])
        if options:
            out += ["", "Options (rules.yaml):", ""]
            for field in options:
                out.append(f"- `{field.name}` (default `{field.default}`)")
    return "\n".join(out) + "\n"


def _sections(lines: list[str]) -> list[str]:
    """`Bad:` and `Good:` blocks become fenced code; the rest stays text."""
    out: list[str] = []
    in_code = False
    for line in lines:
        stripped = line.strip()
        heading = next((h for h in ("Why:", "Bad:", "Good:", "Fix:") if stripped.startswith(h)), None)
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
