"""`check --show-settings PATH`: the settings a lint of PATH uses, each with where it came
from — the bundled default, a settings file's line and column, or the command line — and
which settings file was used, or why none was (ruff's `--show-settings`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ..lint.linter import Selection, matches_rule
from ..lint.settings import LintSettings
from ..lint.settings_discovery import SETTINGS_FILE_NAMES, Discovery
from ..values.values import Duration

DEFAULT = "default"


@dataclass(frozen=True)
class CommandLine:
    """What `check` was given that changes the settings used."""

    settings_path: str | None = None
    isolated: bool = False
    launcher: str | None = None
    nextflow_version: str | None = None
    selection: Selection = Selection()
    min_severity_given: bool = False


def render(path: str, settings: LintSettings, discovery: Discovery | None, given: CommandLine) -> str:
    """`discovery`: the search from `path` (None with --settings or --isolated)."""
    from ..rules import ALL_RULES

    lines = [f"Settings for {path}", f"settings file: {_settings_file(settings, discovery, given)}"]
    lines += [f"  skipped {skipped}: it {reason}" for skipped, reason in settings.skipped]
    environment, queues = settings.environment, settings.environment.queues
    rows: list[tuple[str, Any, str]] = [
        _row(settings, "launcher", environment.launcher, given.launcher, "--launcher"),
        _row(settings, "launcher_sets_queue", environment.launcher_sets_queue),
        _row(settings, "nextflow_version", settings.nextflow_version, given.nextflow_version, "--nextflow-version"),
        _row(settings, "queues.spot", list(queues.spot)),
        _row(settings, "queues.on_demand", list(queues.on_demand)),
        _row(settings, "queues.unknown", "spot" if queues.unknown_is_spot else "on-demand"),
        _row(settings, "queues.on_demand_queue", queues.on_demand_queue),
        ("min_severity", given.selection.min_severity.value,
         "command line: --min-severity" if given.min_severity_given else DEFAULT),
    ]
    for rule in ALL_RULES:
        config = settings.rule_config(rule.code)
        name = f"rules.{rule.code}"
        enabled = given.selection.enabled(rule, settings)
        rows.append((f"{name}.enabled", enabled, _enabled_origin(rule, settings, given)))
        rows.append(_row(settings, f"{name}.severity", config.severity.value))
        rows.extend(_row(settings, f"{name}.{f.name}", getattr(config.options, f.name))
                    for f in dataclasses.fields(config.options))
    lines += [f"{key} = {_shown(value)}  # {origin}" for key, value, origin in rows]
    return "\n".join(lines) + "\n"


def _settings_file(settings: LintSettings, discovery: Discovery | None, given: CommandLine) -> str:
    if given.isolated:
        return "none (--isolated: every settings file is ignored); the bundled defaults"
    if given.settings_path is not None:
        return f"{settings.source} (--settings)"
    assert discovery is not None
    search = discovery.search
    stop = (f"the repository root {search.repository_root}" if search.repository_root is not None
            else "the file system's root (no .git on the way)")
    if discovery.path is not None:
        return f"{discovery.path} (the nearest, searching from {search.start} up to {stop})"
    names = " or ".join(SETTINGS_FILE_NAMES)
    found = " of nflint-spot's" if discovery.skipped else ""
    return f"none (no {names}{found} from {search.start} up to {stop}); the bundled defaults"


def _row(settings: LintSettings, key: str, value: Any, given: Any = None,
         option: str = "") -> tuple[str, Any, str]:
    if given is not None:
        return key, given, f"command line: {option}"
    return key, value, settings.origins.get(key, DEFAULT)


def _enabled_origin(rule: type, settings: LintSettings, given: CommandLine) -> str:
    selection = given.selection
    for option, patterns in (("--ignore", selection.ignore), ("--extend-select", selection.extend_select)):
        if matches_rule(rule, patterns):  # type: ignore[arg-type]
            return f"command line: {option}"
    if selection.select:
        return "command line: --select"
    return settings.origins.get(f"rules.{rule.code}.enabled", DEFAULT)


def _shown(value: Any) -> str:
    """A value as rules.yaml writes it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_shown(item) for item in value) + "]"
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, str):
        return repr(value) if any(c in value for c in "*[]{},:#'\"") or not value else value
    return str(value)
