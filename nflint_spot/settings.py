"""rules.yaml → LintSettings. Every error carries the file, line and column (exit code 2).

Lookup: `--settings PATH`, else the nearest `rules.yaml` or `.nflint-spot.yaml` walking up from
the linted file, else the bundled default. A user file overrides the defaults key by key.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Any

from . import cache
from .diagnostics import Severity
from .model import Environment
from .queues import QueuePolicy
from .sources import SETTINGS_FILE_NAMES, find_settings_file, read_settings_text
from .values import parse_duration_string
from .versions import version_text_problem

__all__ = ["SETTINGS_FILE_NAMES", "LintSettings", "RuleConfig", "SettingsError", "bundled_settings_text",
           "find_settings_file", "load_settings"]
TOP_LEVEL_KEYS = ("rules", "queues", "launcher", "launcher_sets_queue", "nextflow_version")
QUEUE_KEYS = ("spot", "on_demand", "unknown", "on_demand_queue")


class SettingsError(Exception):
    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        super().__init__(f"{path}:{line}:{column}: {message}")
        self.path, self.line, self.column, self.message = path, line, column, message


@dataclass(frozen=True)
class RuleConfig:
    """One rule's settings from rules.yaml: enabled, severity, options."""

    enabled: bool
    severity: Severity
    options: Any


@dataclass(frozen=True)
class LintSettings:
    """Everything rules.yaml sets: rules, queue names, launcher, Nextflow version."""

    rules: dict[str, RuleConfig] = field(default_factory=dict)  # by code
    environment: Environment = Environment()
    nextflow_version: str | None = None
    source: str = "<bundled>"

    def rule_config(self, code: str) -> RuleConfig:
        return self.rules[code]


def bundled_settings_text() -> str:
    # A plain read of the file the wheel installs next to this module: importlib.resources
    # would import its zip-reading machinery first, ~8 ms of every start.
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "rules.yaml"), encoding="utf-8") as handle:
        return handle.read()


def load_settings(explicit: str | None = None, near: str | None = None) -> LintSettings:
    """The bundled defaults, overridden by `explicit` or the nearest settings file."""
    from .rules import ALL_RULES

    settings = _bundled_defaults(ALL_RULES)
    path = explicit or (find_settings_file(near) if near else None)
    if path is None:
        return settings
    try:
        text = read_settings_text(path)
    except OSError as error:
        raise SettingsError(path, 1, 1, f"cannot read: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise SettingsError(path, 1, 1, "not UTF-8") from error
    user = _parse_yaml(text, path)
    return dataclasses.replace(_apply(settings, user, path, ALL_RULES), source=path)


def _bundled_defaults(all_rules: tuple[type, ...]) -> LintSettings:
    """The bundled rules.yaml applied. Its YAML is parsed once and kept as plain data, keyed
    by the file's text (cache.py), so a run needing only the defaults neither imports nor
    runs ruamel.yaml. The plain data gives the same settings; only an error's position needs
    the YAML nodes, so on an error the text is parsed again to report it."""
    path = "<bundled rules.yaml>"
    text = bundled_settings_text()
    data = cache.load("bundled-rules", text)
    if isinstance(data, dict):
        try:
            return _apply(LintSettings(), data, path, all_rules)
        except SettingsError:
            pass  # the rule registry changed since: report the error from the YAML itself
    data = _parse_yaml(text, path)
    settings = _apply(LintSettings(), data, path, all_rules)
    try:
        cache.store("bundled-rules", text, _plain(data))
    except TypeError:
        pass  # a YAML type with no plain equivalent (a date...): no cache, same settings
    return settings


def _plain(value: Any) -> Any:
    """ruamel's mappings, sequences and scalars as dict, list, str, int, float, bool and None,
    which `_apply` treats the same."""
    if isinstance(value, dict):
        return {_plain(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool):
        return value
    for kind in (int, float, str):
        if isinstance(value, kind):
            return kind(value)
    raise TypeError(f"no plain form for {type(value).__name__}")


def _parse_yaml(text: str, path: str) -> Any:
    from ruamel.yaml import YAML  # here: the bundled defaults are cached as plain data
    from ruamel.yaml.error import MarkedYAMLError

    yaml = YAML(typ="rt")
    try:
        data = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise SettingsError(path, line, column, f"invalid YAML: {error.problem or error}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SettingsError(path, 1, 1, "the top level must be a mapping")
    return data


def _key_position(mapping: Any, key: Any) -> tuple[int, int]:
    try:
        line, column = mapping.lc.key(key)
        return line + 1, column + 1
    except (AttributeError, KeyError, TypeError):
        return 1, 1


def _value_position(mapping: Any, key: Any) -> tuple[int, int]:
    try:
        line, column = mapping.lc.value(key)
        return line + 1, column + 1
    except (AttributeError, KeyError, TypeError):
        return _key_position(mapping, key)


def _apply(settings: LintSettings, data: Any, path: str, all_rules: tuple[type, ...]) -> LintSettings:
    def error_at(mapping: Any, key: Any, message: str, on_value: bool = True) -> SettingsError:
        line, column = _value_position(mapping, key) if on_value else _key_position(mapping, key)
        return SettingsError(path, line, column, message)

    for key in data:
        if key not in TOP_LEVEL_KEYS:
            raise error_at(data, key, f"unknown key '{key}' (expected one of: {', '.join(TOP_LEVEL_KEYS)})", False)
    rules = dict(settings.rules)
    by_name = {rule.name: rule for rule in all_rules}
    by_code = {rule.code: rule for rule in all_rules}
    for rule in all_rules:
        rules.setdefault(rule.code, RuleConfig(True, rule.severity, rule.Options()))
    rules_data = data.get("rules") or {}
    if not isinstance(rules_data, dict):
        raise error_at(data, "rules", "'rules' must be a mapping of rule code or name to settings")
    for key, value in rules_data.items():
        rule = by_code.get(str(key).upper()) or by_name.get(str(key).lower())  # any case, as --select
        if rule is None:
            raise error_at(rules_data, key, f"unknown rule '{key}'", False)
        rules[rule.code] = _rule_config(rules[rule.code], rule, rules_data, key, value, error_at)
    environment = settings.environment
    if "queues" in data:
        environment = dataclasses.replace(environment, queues=_queue_policy(environment.queues, data, error_at))
    if "launcher" in data:
        launcher = data["launcher"]
        if launcher not in (None, "awsbatch"):
            raise error_at(data, "launcher", "launcher must be 'awsbatch' or null")
        environment = dataclasses.replace(environment, launcher=launcher)
    if "launcher_sets_queue" in data:
        flag = data["launcher_sets_queue"]
        if not isinstance(flag, bool):
            raise error_at(data, "launcher_sets_queue", "launcher_sets_queue must be true or false")
        environment = dataclasses.replace(environment, launcher_sets_queue=flag)
    version = settings.nextflow_version
    if "nextflow_version" in data:
        value = data["nextflow_version"]
        problem = None if value is None else version_text_problem(str(value))
        if problem is not None:
            raise error_at(data, "nextflow_version", problem)
        version = None if value is None else str(value)
    return LintSettings(rules, environment, version, settings.source)


def _rule_config(current: RuleConfig, rule: type, parent: Any, key: Any, value: Any, error_at: Any) -> RuleConfig:
    if value in ("off", False):
        return dataclasses.replace(current, enabled=False)
    if value in ("on", True, None):
        return dataclasses.replace(current, enabled=True)
    if isinstance(value, str):
        try:
            return dataclasses.replace(current, enabled=True, severity=Severity.parse(value))
        except ValueError:
            raise error_at(parent, key, f"'{value}' is not off, on or a severity (error, warning, info)") from None
    if not isinstance(value, dict):
        raise error_at(parent, key, "expected off, a severity, or a mapping of settings")
    enabled, severity = True, current.severity
    options = current.options
    option_fields = {f.name: f for f in dataclasses.fields(rule.Options)}
    updates: dict[str, Any] = {}
    for name, setting in value.items():
        if name == "severity":
            try:
                severity = Severity.parse(str(setting))
            except ValueError:
                raise error_at(value, name, f"'{setting}' is not a severity (error, warning, info)") from None
        elif name == "enabled":
            if not isinstance(setting, bool):
                raise error_at(value, name, "enabled must be true or false")
            enabled = setting
        elif name in option_fields:
            updates[name] = _convert_option(option_fields[name], setting, value, name, error_at, rule)
        else:
            known = ", ".join(["severity", "enabled", *option_fields]) or "severity, enabled"
            raise error_at(value, name, f"unknown option '{name}' for {rule.code} (known: {known})", False)
    return RuleConfig(enabled, severity, dataclasses.replace(options, **updates))


def _convert_option(option: dataclasses.Field[Any], value: Any, parent: Any, key: str, error_at: Any,
                    rule: type) -> Any:
    kind = option.type if isinstance(option.type, str) else getattr(option.type, "__name__", str(option.type))
    if kind == "Duration":
        duration = parse_duration_string(str(value)) if isinstance(value, str) else None
        if duration is None:
            raise error_at(parent, key, f"{rule.code} {key}: expected a duration like '4h', got {value!r}")
        return duration
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise error_at(parent, key, f"{rule.code} {key}: expected an integer, got {value!r}")
        return value
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise error_at(parent, key, f"{rule.code} {key}: expected a number, got {value!r}")
        return float(value)
    if kind == "bool":
        if not isinstance(value, bool):
            raise error_at(parent, key, f"{rule.code} {key}: expected true or false, got {value!r}")
        return value
    if kind == "str":
        if not isinstance(value, str):
            raise error_at(parent, key, f"{rule.code} {key}: expected a string, got {value!r}")
        return value
    raise error_at(parent, key, f"{rule.code} {key}: unsupported option type {kind}")  # pragma: no cover


def _queue_policy(current: QueuePolicy, data: Any, error_at: Any) -> QueuePolicy:
    queues = data["queues"]
    if queues is None:
        return current
    if not isinstance(queues, dict):
        raise error_at(data, "queues", "'queues' must be a mapping")
    policy = current
    for key, value in queues.items():
        if key not in QUEUE_KEYS:
            raise error_at(queues, key, f"unknown key '{key}' under queues (expected: {', '.join(QUEUE_KEYS)})", False)
        if key in ("spot", "on_demand"):
            patterns = [value] if isinstance(value, str) else value
            if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
                raise error_at(queues, key, f"queues.{key} must be a glob pattern or a list of them")
            policy = dataclasses.replace(policy, **{key: tuple(patterns)})
        elif key == "unknown":
            if value not in ("spot", "on-demand"):
                raise error_at(queues, key, "queues.unknown must be 'spot' or 'on-demand'")
            policy = dataclasses.replace(policy, unknown_is_spot=value == "spot")
        else:
            if value is not None and not isinstance(value, str):
                raise error_at(queues, key, "queues.on_demand_queue must be a queue name")
            policy = dataclasses.replace(policy, on_demand_queue=value)
    return policy
