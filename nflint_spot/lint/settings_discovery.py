"""Which settings file applies to a linted file: the walk up from its directory, and the
test that a `rules.yaml` found on the way is nflint-spot's and not another tool's.

The walk starts in the linted file's directory and goes up to the repository root (the
directory holding `.git`, a directory or, in a worktree or submodule, a file), that
directory included, else to the file system's root. In each directory `.nflint-spot.yaml`
comes before `rules.yaml`. `.nflint-spot.yaml` is always taken (one that cannot be read,
a dangling link, a directory or a FIFO included: the load reports it); a `rules.yaml` only when
it is recognisably nflint-spot's (`not_ours`), else it is skipped and the walk goes on.

`settings_search` only looks at names (the result cache re-checks it on every look-up and
imports nothing heavy); `discover` reads the `rules.yaml` files on the way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

DOT_FILE_NAME = ".nflint-spot.yaml"
SETTINGS_FILE_NAMES = (DOT_FILE_NAME, "rules.yaml")  # in a directory, the first is preferred
# Top-level keys only nflint-spot's settings have: any one makes a rules.yaml ours. `rules`
# and `queues` are common words, so they count only when they hold nflint-spot's keys.
OWN_KEYS = ("launcher", "launcher_sets_queue", "nextflow_version")
QUEUE_KEYS = ("spot", "on_demand", "unknown", "on_demand_queue")


@dataclass(frozen=True)
class SettingsSearch:
    """The settings files on the way up from `start`, nearest first (in a directory,
    .nflint-spot.yaml first), and the repository root where the walk stopped (None: it
    reached the file system's root)."""

    start: str
    repository_root: str | None
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class Discovery:
    """The settings file that applies (None: the bundled defaults) and each rules.yaml
    skipped on the way, with why it is not nflint-spot's."""

    search: SettingsSearch
    path: str | None
    skipped: tuple[tuple[str, str], ...] = ()


def settings_search(near: str) -> SettingsSearch:
    """`near`: the linted file (or a directory)."""
    start = os.path.abspath(near) if os.path.isdir(near) else os.path.dirname(os.path.abspath(near))
    directory, found = start, []
    while True:
        for name in SETTINGS_FILE_NAMES:
            candidate = os.path.join(directory, name)
            # Any .nflint-spot.yaml is a candidate, a directory, a FIFO or a dangling link
            # too: the load reports it (exit 2) rather than another file silently applying.
            if os.path.isfile(candidate) or (name == DOT_FILE_NAME and os.path.lexists(candidate)):
                found.append(candidate)
        if os.path.exists(os.path.join(directory, ".git")):
            return SettingsSearch(start, directory, tuple(found))
        parent = os.path.dirname(directory)
        if parent == directory:
            return SettingsSearch(start, None, tuple(found))
        directory = parent


def discover(near: str) -> Discovery:
    """The first candidate that is nflint-spot's settings file."""
    from ..sources import ConfigReadError, read_settings_text

    search = settings_search(near)
    skipped = []
    for path in search.candidates:
        if os.path.basename(path) == DOT_FILE_NAME:
            return Discovery(search, path, tuple(skipped))
        try:
            reason = not_ours(read_settings_text(path))
        except ConfigReadError as error:
            reason = f"cannot be read ({error.detail})"
        if reason is None:
            return Discovery(search, path, tuple(skipped))
        skipped.append((path, reason))
    return Discovery(search, None, tuple(skipped))


def not_ours(text: str) -> str | None:
    """Why a rules.yaml of this text is not nflint-spot's (a phrase after "it"), or None when it is: a mapping
    with `launcher`, `launcher_sets_queue` or `nextflow_version`, `queues` holding one of
    nflint-spot's queue keys, or `rules` naming one of its rules (code or name, any case)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="safe", pure=True).load(text)
    except YAMLError:
        return "is not valid YAML"
    if not isinstance(data, dict):
        return "is not a mapping"
    if any(key in data for key in OWN_KEYS):
        return None
    queues, rules = data.get("queues"), data.get("rules")
    if isinstance(queues, dict) and any(key in QUEUE_KEYS for key in queues):
        return None
    if isinstance(rules, dict) and any(_names_a_rule(key) for key in rules):
        return None
    return "has none of nflint-spot's keys"


def _names_a_rule(key: object) -> bool:
    from ..rules import ALL_RULES

    text = str(key)
    return any(text.upper() == rule.code or text.lower() == rule.name for rule in ALL_RULES)
