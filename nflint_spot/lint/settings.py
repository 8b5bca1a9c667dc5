"""rules.yaml → LintSettings. Every error carries the file, line and column (exit code 2).

Lookup: `--settings PATH`, else the settings file found walking up from the linted file
(settings_discovery.py), else the bundled defaults; `--isolated`: the bundled defaults. A
user file overrides the defaults key by key; each value is checked for type and range
(settings_values.py), and where each setting came from is kept (`check --show-settings`).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Any, Callable

from ..speed import cache
from . import settings_values as values
from ..diagnostics import Severity
from ..config.model import Environment
from ..config.queues import QueuePolicy
from .settings_discovery import DOT_FILE_NAME, QUEUE_KEYS, discover
from .settings_values import ValueProblem
from ..sources import ConfigReadError, read_settings_text

__all__ = ["LintSettings", "RuleConfig", "SettingsError", "bundled_settings_text", "load_settings"]
TOP_LEVEL_KEYS = ("rules", "queues", "launcher", "launcher_sets_queue", "nextflow_version")
_IGNORED = object()  # a value left out (a lenient load), the one before it kept


class SettingsError(Exception):
    """`line` and `column` None: the file as a whole (it cannot be read)."""

    def __init__(self, path: str, line: int | None, column: int | None, message: str) -> None:
        super().__init__(f"{path}: {message}" if line is None else f"{path}:{line}:{column}: {message}")
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
    # Where each setting the file set is written ("rules.SPOT001.max_runs": "path:line:col");
    # a setting not named here is the default.
    origins: dict[str, str] = field(default_factory=dict, compare=False)
    # Each rules.yaml skipped on the way to the settings file, and why it is not nflint-spot's.
    skipped: tuple[tuple[str, str], ...] = ()
    # A lenient load's values that were wrong and left out (the default kept), as errors.
    ignored: tuple[SettingsError, ...] = ()

    def rule_config(self, code: str) -> RuleConfig:
        return self.rules[code]

    def skipped_notes(self) -> tuple[str, ...]:
        """Said of each rules.yaml the search passed over: without a word, a user's own
        file that is not recognisably nflint-spot's would silently not apply."""
        return tuple(f"skipped {path}: it {reason}, so it is taken for another tool's file (nflint-spot's settings "
                     f"can be named {DOT_FILE_NAME}, or given with --settings)" for path, reason in self.skipped)


def bundled_settings_text() -> str:
    # A plain read of the file the wheel installs next to this module: importlib.resources
    # would import its zip-reading machinery first, ~8 ms of every start.
    with open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "rules.yaml"), encoding="utf-8") as handle:
        return handle.read()


def load_settings(explicit: str | None = None, near: str | None = None, lenient: bool = False) -> LintSettings:
    """The bundled defaults, overridden by `explicit` or else the settings file found from
    `near` (None: none is looked for). `lenient` (the language server): a wrong value is
    left out and listed in `ignored` instead of raising; a file that cannot be read as
    settings at all still raises."""
    from ..rules import ALL_RULES

    settings = _bundled_defaults(ALL_RULES)
    path, skipped = explicit, ()
    if explicit is None and near is not None:
        discovery = discover(near)
        path, skipped = discovery.path, discovery.skipped
    if path is None:
        return dataclasses.replace(settings, skipped=skipped)
    try:
        text = read_settings_text(path)
    except ConfigReadError as error:
        raise SettingsError(path, error.line, error.column, error.message) from None
    reader = _Reader(path, lenient, record=True)
    applied = _apply(settings, _parse_yaml(text, path), reader, ALL_RULES)
    return dataclasses.replace(applied, source=path, origins=reader.origins, skipped=skipped,
                               ignored=tuple(reader.ignored))


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
            return _apply(LintSettings(), data, _Reader(path), all_rules)
        except SettingsError:
            pass  # the rule registry changed since: report the error from the YAML itself
    data = _parse_yaml(text, path)
    settings = _apply(LintSettings(), data, _Reader(path), all_rules)
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
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    yaml = YAML(typ="rt")
    try:
        data = yaml.load(text)
    except ReaderError as error:  # a character YAML does not allow (NUL, a control character)
        line, column = _text_position(text, error.position)
        raise SettingsError(path, line, column, f"invalid YAML: the character U+{error.character:04X} is not "
                            "allowed in YAML (a control character)") from None
    except MarkedYAMLError as error:  # scanner, parser, composer, constructor, duplicate key
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        # A duplicate key's problem goes on with both values in Python's words ("None"): cut.
        problem = str(error.problem or error).split(" with value ")[0]
        raise SettingsError(path, line, column, f"invalid YAML: {problem}") from None
    except YAMLError as error:  # any other of ruamel's errors: no position known
        raise SettingsError(path, 1, 1, f"invalid YAML: {str(error).splitlines()[0]}") from None
    except RecursionError:
        raise SettingsError(path, 1, 1, "invalid YAML: nested too deeply") from None
    except ValueError as error:  # a tagged scalar that is not its type (`!!int x`): ruamel has no mark
        raise SettingsError(path, 1, 1, f"invalid YAML: {error}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SettingsError(path, 1, 1, "the top level must be a mapping")
    return data


def _text_position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


class _Reader:
    """Reads one settings file's mappings: errors at the key or value, where each setting
    is written (`record`), and with `lenient` a wrong value left out instead of raised."""

    def __init__(self, path: str, lenient: bool = False, record: bool = False) -> None:
        self.path, self.lenient, self.record = path, lenient, record
        self.origins: dict[str, str] = {}
        self.ignored: list[SettingsError] = []

    def error(self, mapping: Any, key: Any, message: str, on_value: bool = True) -> SettingsError:
        line, column = _position(mapping, key, on_value)
        return SettingsError(self.path, line, column, message)

    def value(self, mapping: Any, key: Any, convert: Callable[[Any], Any], name: str, prefix: str = "") -> Any:
        """`convert(mapping[key])`, the setting `name` recorded as written there; a wrong
        value raises, or with `lenient` is listed and gives _IGNORED."""
        try:
            result = convert(mapping[key])
        except ValueProblem as problem:
            error = self.error(mapping, key, f"{prefix}{problem}")
            if not self.lenient:
                raise error from None
            self.ignored.append(error)
            return _IGNORED
        if self.record:
            line, column = _position(mapping, key, True)
            self.origins[name] = f"{self.path}:{line}:{column}"
        return result


def _position(mapping: Any, key: Any, on_value: bool) -> tuple[int, int]:
    """1-based line and column of a key or its value (ruamel's round-trip data knows them)."""
    try:
        line, column = mapping.lc.value(key) if on_value else mapping.lc.key(key)
    except (AttributeError, KeyError, TypeError):
        return _position(mapping, key, False) if on_value else (1, 1)
    if on_value and mapping[key] is None and line != mapping.lc.key(key)[0]:
        return _position(mapping, key, False)  # an empty value (`rules:`): ruamel marks the next line
    return line + 1, column + 1


def _apply(settings: LintSettings, data: Any, reader: _Reader, all_rules: tuple[type, ...]) -> LintSettings:
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            raise reader.error(data, key, f"unknown key '{key}' (expected one of: {', '.join(TOP_LEVEL_KEYS)})", False)
    rules = dict(settings.rules)
    by_name = {rule.name: rule for rule in all_rules}
    by_code = {rule.code: rule for rule in all_rules}
    for rule in all_rules:
        rules.setdefault(rule.code, RuleConfig(True, rule.severity, rule.Options()))
    rules_data = data.get("rules", {})
    if not isinstance(rules_data, dict):
        raise reader.error(data, "rules", "'rules' must be a mapping of rule code or name to settings, "
                           f"got {values.yaml_text(rules_data)}")
    named: dict[str, Any] = {}  # rule code → the key that set it
    for key in rules_data:
        rule = by_code.get(str(key).upper()) or by_name.get(str(key).lower())  # any case, as --select
        if rule is None:
            raise reader.error(rules_data, key, f"unknown rule '{key}'", False)
        if rule.code in named:  # which one wins would be a guess
            raise reader.error(rules_data, key, f"'{key}' sets {rule.code} ({rule.name}) again: "
                               f"'{named[rule.code]}' already sets it", False)
        named[rule.code] = key
        rules[rule.code] = _rule_config(rules[rule.code], rule, rules_data, key, reader)
    environment = settings.environment
    if "queues" in data:
        environment = dataclasses.replace(environment, queues=_queue_policy(environment.queues, data, reader))
    if "launcher" in data and (launcher := reader.value(data, "launcher", values.launcher, "launcher")) is not _IGNORED:
        environment = dataclasses.replace(environment, launcher=launcher)
    if "launcher_sets_queue" in data and (sets_queue := reader.value(
            data, "launcher_sets_queue", values.flag, "launcher_sets_queue", "launcher_sets_queue: ")) is not _IGNORED:
        environment = dataclasses.replace(environment, launcher_sets_queue=sets_queue)
    version = settings.nextflow_version
    if "nextflow_version" in data:
        value = reader.value(data, "nextflow_version", values.nextflow_version, "nextflow_version")
        version = version if value is _IGNORED else value
    return LintSettings(rules, environment, version, settings.source)


def _shorthand(value: Any) -> tuple[bool, Severity | None]:
    """A rule's one-word setting: off, on (true, false) or a severity, words in any case.
    An empty value (null) is refused: whether it means on or off would be a guess."""
    if isinstance(value, bool):  # (not `value in (..., False)`: 0 == False)
        return value, None
    if isinstance(value, str) and value.lower() in ("off", "on"):
        return value.lower() == "on", None
    if isinstance(value, str):
        try:
            return True, Severity.parse(value)
        except ValueError:
            raise ValueProblem(f"{values.yaml_text(value)} is not off, on or a severity (error, warning, info)") from None
    raise ValueProblem(f"expected off, a severity, or a mapping of settings, got {values.yaml_text(value)}")


def _rule_config(current: RuleConfig, rule: type, parent: Any, key: Any, reader: _Reader) -> RuleConfig:
    value = parent[key]
    name = f"rules.{rule.code}"
    if not isinstance(value, dict):
        word = reader.value(parent, key, _shorthand, f"{name}.enabled")
        if word is _IGNORED:
            return current
        enabled, severity = word
        if severity is not None and reader.record:
            reader.origins[f"{name}.severity"] = reader.origins[f"{name}.enabled"]
        return dataclasses.replace(current, enabled=enabled, severity=severity or current.severity)
    enabled, severity = current.enabled, current.severity
    option_fields = {f.name: f for f in dataclasses.fields(rule.Options)}
    updates: dict[str, Any] = {}
    for option in value:
        if option == "severity":
            got = reader.value(value, option, values.severity, f"{name}.severity")
            severity = severity if got is _IGNORED else got
        elif option == "enabled":
            got = reader.value(value, option, values.flag, f"{name}.enabled", f"{rule.code} enabled: ")
            enabled = enabled if got is _IGNORED else got
        elif option in option_fields:
            field_ = option_fields[option]
            got = reader.value(value, option, lambda v, f=field_: values.option_value(f, v), f"{name}.{option}",
                               f"{rule.code} {option}: ")
            if got is not _IGNORED:
                updates[option] = got
        else:
            known = ", ".join(["severity", "enabled", *option_fields])
            raise reader.error(value, option, f"unknown option '{option}' for {rule.code} (known: {known})", False)
    return RuleConfig(enabled, severity, dataclasses.replace(current.options, **updates))


def _queue_policy(current: QueuePolicy, data: Any, reader: _Reader) -> QueuePolicy:
    queues = data["queues"]
    if not isinstance(queues, dict):
        raise reader.error(data, "queues", f"'queues' must be a mapping, got {values.yaml_text(queues)}")
    converters: dict[str, tuple[str, Callable[[Any], Any]]] = {
        "spot": ("spot", lambda v: values.queue_patterns("spot", v)),
        "on_demand": ("on_demand", lambda v: values.queue_patterns("on_demand", v)),
        "unknown": ("unknown_is_spot", values.unknown_queue),
        "on_demand_queue": ("on_demand_queue", values.on_demand_queue),
    }
    policy = current
    for key in queues:
        if key not in QUEUE_KEYS:
            raise reader.error(queues, key, f"unknown key '{key}' under queues (expected: {', '.join(QUEUE_KEYS)})",
                               False)
        field_name, convert = converters[key]
        value = reader.value(queues, key, convert, f"queues.{key}")
        if value is not _IGNORED:
            policy = dataclasses.replace(policy, **{field_name: value})
    return policy
