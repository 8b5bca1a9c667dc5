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


_QUANTIFIED_GROUP = re.compile(r"\((?:[^()\\]|\\.)*[+*](?:[^()\\]|\\.)*\)[+*{]")


def _has_nested_quantifier(text: str) -> bool:
    return _QUANTIFIED_GROUP.search(text) is not None


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
