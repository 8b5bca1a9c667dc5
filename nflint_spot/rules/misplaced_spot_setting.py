from __future__ import annotations

import os
from typing import Iterator

from ..syntax import nodes as n
from ..diagnostics import Finding, Related, Severity
from ..fixes import Fix, TextEdit
from ..config.loader import Setting
from ..config.model import ConfigModel
from .base import NoOptions, Rule
from ..analysis.config_values import assignment_of, dotted_key, is_selector, settings_in_effect

# Every `aws.batch` option (AwsBatchConfig, reference §3.1).
BATCH_OPTIONS = (
    "cliPath", "delayBetweenAttempts", "executionRole", "forceGlacierTransfer", "jobRole", "logsGroup",
    "maxParallelTransfers", "maxSpotAttempts", "maxTransferAttempts", "platformType", "retryMode",
    "schedulingPriority", "shareIdentifier", "terminateUnschedulableJobs", "volumes",
)
_BY_LOWER = {option.lower(): option for option in BATCH_OPTIONS}
# A name this close to an option (difflib ratio, lower-cased) is taken for a misspelling;
# anything further may be an option of a newer Nextflow and is left alone.
_SPELLING_CUTOFF = 0.8

_WHY = {
    "process": "is not a process directive",
    "executor": "is not an executor option",
    "aws": "is not an `aws` option",
    "top": "is outside any scope",
}


class MisplacedSpotSetting(Rule):
    """An AWS Batch option (`maxSpotAttempts`, ...) set outside `aws.batch`, or misspelled there; Nextflow ignores it.

    Why: `aws.batch.maxSpotAttempts` and the other AWS Batch options are read only from the
    `aws.batch` scope. Written as a process directive (`process.maxSpotAttempts`, also inside
    a selector), as an executor option (`executor.maxSpotAttempts`,
    `executor.$awsbatch.maxSpotAttempts`), directly under `aws`, outside any scope
    (`maxSpotAttempts = 4` at the top of the config or of a profile), or misspelled under
    `aws.batch` (`maxSpotAttempt`, `maxspotattempts`), the setting is silently ignored by
    the legacy parser (nextflow-io/nextflow#4184; newer releases at most warn "Unrecognized
    config option"): AWS keeps its default (no Spot retries since
    24.10, five before), and the config does not do what it says. The option is global: it
    cannot be set per process.

    Bad:
        process {
            withLabel: 'spot_ok' {
                maxSpotAttempts = 3
            }
        }
        aws.batch.maxSpotAttempt = 2

    Good:
        aws.batch.maxSpotAttempts = 3

    Fix: move the setting to `aws.batch` (an unsafe fix is offered when the whole path is
    written on the line and `aws.batch` does not set the option already), and correct the
    spelling of a misspelled option (unsafe fix: it turns the setting on).
    """

    code = "CFG010"
    name = "misplaced-spot-setting"
    severity = Severity.WARNING
    fixable = "unsafe"
    releases_matter = frozenset()  # the config's own words, whatever the release

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        for setting in settings_in_effect(model, _may_be_misplaced):
            key = setting.key
            if key[:2] == ("aws", "batch") and len(key) == 3:
                finding = self._misspelled(model, setting)
            else:
                finding = self._misplaced(model, setting)
            if finding is not None:
                yield finding

    def _misplaced(self, model: ConfigModel, setting: Setting) -> Finding | None:
        key = setting.key
        option = _BY_LOWER.get(key[-1].lower())
        scope = _misplaced_scope(key[:-1])
        if option is None or scope is None:
            return None
        spelled = f" (the option is spelled `{option}`)" if key[-1] != option else ""
        target = f"aws.batch.{option}"
        message = (f"`{dotted_key(key)}` {_WHY[scope]}: Nextflow ignores it{spelled}. "
                   f"`{option}` is an AWS Batch option, read only as `{target}`")
        google = option == "maxSpotAttempts" and _uses_google_batch(model)
        if google:
            message += " (or `google.batch.maxSpotAttempts` on Google Batch)"
        if scope == "process" and option == "maxSpotAttempts":
            message += " (nextflow-io/nextflow#4184)"
        existing = model.setting(target)
        related: tuple[Related, ...] = ()
        if existing is not None:
            related = (Related(existing.path, existing.span, f"{target} is set here"),)
        suggestion = (f"Move it to `{target}`; it applies to every process on AWS Batch, it cannot be set "
                      "per process or per executor.")
        if existing is not None:
            suggestion = _already_set(setting, existing, target)
        if google:
            suggestion = f"Move it to `{target}` or `google.batch.{option}`, whichever platform it is meant for."
        fix = None if google or existing is not None or any(is_selector(p) for p in key) else _rename_path(
            model, setting, target, f"Move to `{target}`")
        return Finding(setting.span, message, suggestion, fix=fix, related=related, path=setting.path)

    def _misspelled(self, model: ConfigModel, setting: Setting) -> Finding | None:
        name = setting.key[-1]
        if name in BATCH_OPTIONS:
            return None
        option = _BY_LOWER.get(name.lower())
        if option is None:
            import difflib  # here: only a misspelling needs it, not every start-up

            close = difflib.get_close_matches(name.lower(), list(_BY_LOWER), n=1, cutoff=_SPELLING_CUTOFF)
            if not close:
                return None  # unknown, but not close to any option: maybe a newer one
            option = _BY_LOWER[close[0]]
        message = (f"`aws.batch.{name}` is not an AWS Batch option: Nextflow ignores it "
                   f"(did you mean `aws.batch.{option}`?)")
        target = f"aws.batch.{option}"
        existing = model.setting(target)
        if existing is not None:  # renamed, it would be written twice
            return Finding(setting.span, message, _already_set(setting, existing, target),
                           related=(Related(existing.path, existing.span, f"{target} is set here"),), path=setting.path)
        fix = _rename_segment(model, setting, option)
        return Finding(setting.span, message, f"Write `{option}`: option names are case-sensitive.",
                       fix=fix, path=setting.path)


def _already_set(setting: Setting, existing: Setting, target: str) -> str:
    """The suggestion when the setting's right place is taken: no fix, it would set it twice."""
    where = f"line {existing.span.line}" if existing.path == setting.path else \
        f"{os.path.basename(existing.path)}:{existing.span.line}"
    return (f"Not fixed: `{target}` is already set at {where}, and that value is used; delete this one "
            "(or move its value there).")


def _may_be_misplaced(key: tuple[str, ...]) -> bool:
    """What `check` may report, judged by the key alone."""
    if key[:2] == ("aws", "batch") and len(key) == 3:
        return key[-1] not in BATCH_OPTIONS
    return _BY_LOWER.get(key[-1].lower()) is not None and _misplaced_scope(key[:-1]) is not None


def _uses_google_batch(model: ConfigModel) -> bool:
    """Google Batch has a maxSpotAttempts of its own (`google.batch.maxSpotAttempts`)."""
    for key, setting in model.settings.items():
        if key[0] == "google":
            return True
        value = setting.value
        if key[-1] in ("executor", "name") and isinstance(value, n.Literal) and value.value == "google-batch":
            return True
    return False


def _misplaced_scope(prefix: tuple[str, ...]) -> str | None:
    """The scope an AWS Batch option was put in by mistake, from the key without the option."""
    if prefix[:1] == ("process",):
        rest = prefix[1:]
        if rest and is_selector(rest[0]):
            rest = rest[1:]
        return "process" if rest in ((), ("aws", "batch")) else None
    if prefix == ("executor",) or (len(prefix) == 2 and prefix[0] == "executor" and prefix[1].startswith("$")):
        return "executor"
    if prefix == ():
        # An option outside any scope is a config option nobody reads: Nextflow's
        # ConfigValidator finds no `maxSpotAttempts` at the root of its spec
        # (modules/nextflow/src/main/groovy/nextflow/config/ConfigValidator.groovy, validateOption),
        # and AwsBatchConfig reads only `aws.batch`. A profile's settings are keyed without
        # their `profiles.NAME` prefix, so the top of a profile is the top too.
        return "top"
    return "aws" if prefix == ("aws",) else None


def _rename_path(model: ConfigModel, setting: Setting, new_path: str, title: str) -> Fix | None:
    """Rewrite the whole key in the assignment's path (`process.maxSpotAttempts = 3` →
    `aws.batch.maxSpotAttempts = 3`); None when the path is partly written by enclosing blocks."""
    assignment = assignment_of(model, setting)
    if assignment is None:
        return None
    segments = assignment.target.segments
    key = setting.key
    if len(segments) < len(key) or tuple(s.name for s in segments[-len(key):]) != key:
        return None
    if any(s.quoted for s in segments[-len(key):]):
        return None
    first, last = segments[-len(key)].span, segments[-1].span
    return Fix(title, (TextEdit(first.cover(last), new_path),), safe=False, writes=(_written(setting, new_path),))


def _rename_segment(model: ConfigModel, setting: Setting, option: str) -> Fix | None:
    assignment = assignment_of(model, setting)
    if assignment is None:
        return None
    last = assignment.target.segments[-1]
    if last.quoted or last.name != setting.key[-1]:
        return None
    return Fix(f"Rename to `{option}`", (TextEdit(last.span, option),), safe=False,
               writes=(_written(setting, dotted_key(setting.key[:-1] + (option,))),))


def _written(setting: Setting, key: str) -> str:
    """The setting a fix writes, as Fix.writes names it: a profile's own is another setting."""
    return key if setting.profile is None else f"profiles.{setting.profile}.{key}"
