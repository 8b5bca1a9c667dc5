"""`withName:` / `withLabel:` matching as Nextflow does it (reference §1.5).

The pattern is a Java regex that must match the WHOLE name (`matches()`, not `find()`), so
`|` is alternation; a leading `!` negates the whole pattern. `withLabel` matches when ANY
label matches (negated: when none does); a process without labels has the single label ''.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Java-only regex syntax that Python's `re` spells differently or not at all. Patterns
# using them are reported as not understood rather than guessed.
_JAVA_ONLY = re.compile(r"\\[pPQEhHvVRXz]|\(\?<[a-zA-Z]|\[\[|&&\[|\+\+|\*\+|\?\+|\}\+")
# Bounds on what we hand to Python's backtracking engine: a selector is a short pattern
# matched against short names, so anything bigger is not a real selector.
MAX_PATTERN_LENGTH = 1000
MAX_NAME_LENGTH = 500


@dataclass(frozen=True, slots=True)
class SelectorPattern:
    """A compiled selector pattern; `error` explains a pattern we cannot evaluate."""

    text: str
    negated: bool
    regex: re.Pattern[str] | None
    error: str | None = None

    def matches(self, name: str) -> bool | None:
        """True/False, or None when the pattern could not be understood."""
        if self.regex is None or len(name) > MAX_NAME_LENGTH:
            return None
        found = self.regex.fullmatch(name) is not None
        return found != self.negated


@lru_cache(maxsize=4096)
def compile_selector(pattern: str) -> SelectorPattern:
    text = pattern
    negated = False
    if text.startswith("!"):
        negated = True
        text = text[1:].strip()
    if len(text) > MAX_PATTERN_LENGTH:
        return SelectorPattern(pattern, negated, None, "pattern too long")
    if _JAVA_ONLY.search(text):
        return SelectorPattern(pattern, negated, None, "uses Java-only regex syntax")
    if _has_nested_quantifier(text):
        # e.g. (a+)+ : exponential backtracking in both Java and Python. No real
        # selector needs it; refuse rather than hang.
        return SelectorPattern(pattern, negated, None, "nested quantifiers (catastrophic backtracking)")
    try:
        return SelectorPattern(pattern, negated, re.compile(text))
    except re.error as error:
        return SelectorPattern(pattern, negated, None, f"invalid regex: {error}")


_REPEAT = re.compile(r"[*+]|\{(\d*)(?:(,)(\d*))?\}")
# Three repeated atoms in a row (`.*.*.*x`, `a*a*a*b`): polynomial backtracking, O(n^3) and
# worse, already seconds on a 500-character name. Real selectors separate their `.*` with
# literals (`.*:.*:.*:FOO`), which process names cannot repeat often.
MAX_REPEATS_IN_A_ROW = 3


def _has_nested_quantifier(text: str) -> bool:
    """True for patterns whose backtracking can explode on a long name: a repeated group
    whose body repeats or alternates (`(a+)+b`, `(a|a)*b`, `(a|aa){30}`, `(a?){25}`), or
    MAX_REPEATS_IN_A_ROW repeated atoms with nothing required between them."""
    frames = [[False, 0]]  # per open group: [body repeats or alternates, repeats in a row]
    last_group_risky: bool | None = None  # the atom just read: a group (and its body), else None
    last_required = False  # the atom just read must match (no quantifier made it optional)
    index = 0
    while index < len(text):
        char = text[index]
        repeat = _REPEAT.match(text, index) if char in "*+{" else None
        if repeat is not None or char == "?":
            end = repeat.end() if repeat is not None else index + 1
            if repeat is not None:
                low, comma = repeat.group(1), repeat.group(2)
                repeats = char in "*+" or bool(comma) or int(low or 0) > 1
                if char == "{" and not (low or comma):
                    repeats = False  # `{}` / `{,}` are literal braces
                if repeats and last_group_risky:
                    return True
                if repeats:
                    frames[-1][1] += 1
                    if frames[-1][1] >= MAX_REPEATS_IN_A_ROW:
                        return True
                last_required = char == "+" or (not comma and int(low or 1) > 0 and char == "{")
            else:
                last_required = False
            frames[-1][0] = True
            last_group_risky = None
            if text.startswith(("?", "+"), end):  # lazy or possessive suffix
                end += 1
            index = end
            continue
        if last_required and frames[-1][1]:
            frames[-1][1] = 0  # a required atom between repeats: `.*:.*`
        if char == "\\":
            index += 2
            last_group_risky, last_required = None, True
        elif char == "[":
            close = index + 1 + (text[index + 1 : index + 2] == "^")
            close += text[close : close + 1] == "]"
            while close < len(text) and text[close] != "]":
                close += 2 if text[close] == "\\" else 1
            index = close + 1
            last_group_risky, last_required = None, True
        elif char == "(":
            frames.append([False, 0])
            index += 1
            if text.startswith("?", index):  # (?:  (?=  (?!  (?<=  (?<!  (?P<name>  (?i)  (?i:
                flags = re.match(r"\?(?:P<\w*>|<[=!]|[=!:]|[aiLmsux-]*[:)]?)", text[index:])
                index += flags.end() if flags else 1
            last_group_risky, last_required = None, False
        elif char == ")" and len(frames) > 1:
            risky = frames.pop()[0]
            frames[-1][0] = frames[-1][0] or risky
            index += 1
            last_group_risky, last_required = risky, True
        elif char == "|":
            frames[-1] = [True, 0]
            index += 1
            last_group_risky, last_required = None, False
        else:
            index += 1
            last_group_risky, last_required = None, True
    return False


def matches_name(pattern: str, name: str) -> bool | None:
    return compile_selector(pattern).matches(name)


def matches_labels(pattern: str, labels: tuple[str, ...]) -> bool | None:
    compiled = compile_selector(pattern)
    if compiled.regex is None:
        return None
    candidates = labels or ("",)
    hit = any(compiled.regex.fullmatch(label) is not None for label in candidates if len(label) <= MAX_NAME_LENGTH)
    return hit != compiled.negated


def selector_matches(selector: str, name: str, labels: tuple[str, ...]) -> bool | None:
    """`selector` is the config key form, 'withName:FOO' or 'withLabel:big'."""
    kind, _, pattern = selector.partition(":")
    if kind == "withName":
        return matches_name(pattern, name)
    return matches_labels(pattern, labels)
