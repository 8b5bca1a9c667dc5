from __future__ import annotations

from typing import Iterator

from ..analysis.aws import SpotAttempts, executor_of, max_spot_attempts, worst_case
from ..diagnostics import Finding, Related, Severity
from ..fixes import Fix, TextEdit
from ..config.loader import Setting
from ..config.model import ConfigModel, Directive
from ..syntax.parser import SyntaxProblem, parse_config
from ..span import Span, span_at_offset
from ..speed.value_memo import per_lint
from .base import NoOptions, Rule
from .common import (
    BatchProcess, batch_processes, display_name, hours_text, location, no_spot_retries_value, retry_target_queues,
    times_text,
)
from .common import related as common_related

SPOT_ATTEMPTS_KEY = ("aws", "batch", "maxSpotAttempts")


class ImplicitSpotAttemptsDefault(Rule):
    """`aws.batch.maxSpotAttempts` is unset while Nextflow versions before 24.10 are allowed, where AWS silently retries 5 times.

    Why: from 22.04 to 24.07 Nextflow gave every AWS Batch job a retry strategy of 5 attempts
    on a Spot reclaim. Those retries happen inside AWS: same task, same work directory, no log
    line, `task.attempt` unchanged, the full runtime paid each time, and multiplied by
    Nextflow's own retries. 24.08.0-edge, and the stable 24.10, changed the default to 0
    (nextflow-io/nextflow#5215). A
    pipeline whose `manifest.nextflowVersion` (or `--nextflow-version`, or rules.yaml
    `nextflow_version`) still allows an older version behaves differently depending on which
    Nextflow runs it. The rule fires only when some process runs on AWS Batch.

    Bad:
        manifest.nextflowVersion = '!>=23.04.0'
        process.executor = 'awsbatch'

    Good:
        manifest.nextflowVersion = '!>=23.04.0'
        aws.batch.maxSpotAttempts = -1   // no AWS retries on every version (23.05 to 24.07 read 0 as 5)
        process.executor = 'awsbatch'

    Fix: set `aws.batch.maxSpotAttempts` explicitly. The unsafe fix adds
    `aws.batch.maxSpotAttempts = 0` after the `manifest.nextflowVersion` statement (after the
    `manifest { }` block), or at the end of the file; `-1` instead when the lowest allowed
    version ignores an explicit 0 (23.05 to 24.07, nextflow-io/nextflow#5330), since Nextflow
    sends AWS a retry strategy only for values above 0. No fix is offered when a profile sets
    the value under the strict parser, where a top-level line after `profiles { }` would win.
    """

    code = "SPOT009"
    name = "implicit-spot-attempts-default"
    severity = Severity.WARNING
    fixable = "unsafe"

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        version = model.version
        if model.settings.get(SPOT_ATTEMPTS_KEY) is not None:
            return
        if version.source == "current" or version.at_least(24, 8) or not version.at_least(22, 4):
            return  # the default is 0 since 24.08.0-edge (stable: 24.10); before 22.04, no option, no AWS retry
        processes = batch_processes(model)
        if not processes:
            return
        pinned = version.source == "manifest" or (version.source == "range" and version.text)
        manifest = model.setting("manifest.nextflowVersion") if pinned else None
        batch_source = _batch_source(model, processes[0])
        path, span = _anchor(model, manifest, batch_source)
        if pinned:
            allowed = f"manifest.nextflowVersion '{version.text}' allows Nextflow versions before 24.10"
        elif version.source == "range":
            allowed = "there is no manifest.nextflowVersion, so every release is allowed, those before 24.10 included"
        else:
            allowed = f"Nextflow {version} is assumed (--nextflow-version or rules.yaml nextflow_version)"
        related: list[Related] = []
        if manifest is not None and batch_source is not None:
            related.extend(common_related(batch_source, f"AWS Batch executor ({display_name(processes[0].view)})"))
        value = no_spot_retries_value(model)
        fix = _fix(model, path, manifest, value)
        yield Finding(
            span,
            f"aws.batch.maxSpotAttempts is not set and {allowed}, where it defaults to 5: AWS Batch "
            f"silently re-runs a job whose Spot instance is reclaimed up to 5 times inside one Nextflow attempt"
            f"{worst_example(model, processes, max_spot_attempts(model), more_than=5)}",
            "Set aws.batch.maxSpotAttempts explicitly: 0 (-1 where Nextflow 23.05 to 24.07 may run it: they read 0 as 5) to "
            "leave retries to errorStrategy where they are visible, or the number of AWS retries you have budgeted.",
            fix=fix,
            related=tuple(related),
            processes=tuple(display_name(p.view) for p in processes[:10]),
            path=path,
        )


def _batch_source(model: ConfigModel, process: BatchProcess) -> Directive | Setting | None:
    _, source = executor_of(model, process.view)
    return source if source is not None else process.view.get("queue")


def _anchor(model: ConfigModel, manifest: Setting | None, batch_source: Directive | Setting | None) -> tuple[str, Span]:
    if manifest is not None:
        return manifest.path, manifest.span
    where = location(batch_source)
    if where is not None:
        return where
    return model.root, first_line(model.loaded.files[model.root].text)


def first_line(text: str) -> Span:
    end = text.find("\n")
    return span_at_offset(text, 0, (len(text) if end < 0 else end))


def worst_example(model: ConfigModel, processes: list[BatchProcess], spot: SpotAttempts, more_than: int = 1) -> str:
    """'; ALIGN can run 10 times on Spot for one task, worst case 160 instance-hours with
    time 16h' for the process with the largest worst case; '' when no process runs more than
    `more_than` times on Spot (or, with a known time, at least twice)."""
    policy = model.environment.queues
    targets = retry_target_queues(model)
    best = None
    for process in processes:
        case = worst_case(process.plan, spot, policy, targets)
        if case.spot_runs is None or case.spot_runs < 2:
            continue
        if case.spot_runs <= more_than and not case.instance_hours:
            continue
        key = (case.instance_hours or 0.0, case.spot_runs)
        if best is None or key > best[0]:
            best = (key, process, case)
    if best is None:
        return ""
    _, process, case = best
    text = f"; {display_name(process.view)} can run {case.spot_runs} times on Spot for one task"
    if case.instance_hours:
        attempts = process.plan.attempts or 1
        text += (f", worst case {hours_text(case.instance_hours)} instance-hours with time "
                 f"{times_text(process.plan.times[:attempts])}")
    return text


def _fix(model: ConfigModel, path: str, manifest: Setting | None, value: str) -> Fix | None:
    profile_sets_it = per_lint(model.loaded, "profile-sets-spot-attempts", lambda: any(
        s.key == SPOT_ATTEMPTS_KEY and s.profile is not None for s in model.loaded.settings))
    if model.dialect == "v2" and profile_sets_it:
        # Strict parser: a top-level line after `profiles { }` would override the profile's value.
        return None
    line = f"aws.batch.maxSpotAttempts = {value}"
    edit = insert_line_after(model, path, manifest, line)
    if edit is None:
        return None
    return Fix(f"Add `{line}`", (edit,), safe=False, writes=("aws.batch.maxSpotAttempts",))


def insert_line_after(model: ConfigModel, path: str, setting: Setting | None, line: str) -> TextEdit | None:
    """A new top-level line after the top-level statement holding `setting` (so after the
    `manifest { }` block, not inside it), else at the end of the file; None when the result
    would not parse. The same for every profile scenario of a lint: the fixed text is
    parsed once (a pipeline's nextflow.config, for each of its twenty profiles, was a
    third of its lint)."""
    key = ("insert-line-after", path, None if setting is None else id(setting), line)
    return per_lint(model.loaded, key, lambda: _insert_line_after(model, path, setting, line))


def _insert_line_after(model: ConfigModel, path: str, setting: Setting | None, line: str) -> TextEdit | None:
    source = model.loaded.files.get(path)
    if source is None or source.document is None:
        return None
    text = source.text
    offset = None
    if setting is not None and setting.path == path:
        offset = _end_of_statement_line(text, source.document.body, setting.span)
    if offset is not None:
        newline = "\r\n" if text[offset - 1 : offset + 1] == "\r\n" else "\n"
        if newline == "\r\n":
            offset -= 1
        edit = TextEdit(span_at_offset(text, offset), newline + line)
    else:
        ending = "" if text.endswith("\n") or not text else "\n"
        edit = TextEdit(span_at_offset(text, len(text)), ending + line + "\n")
    fixed = text[: edit.span.start] + edit.new_text + text[edit.span.end :]
    if isinstance(parse_config(fixed, path), SyntaxProblem):
        return None
    return edit


def _end_of_statement_line(text: str, body: tuple[object, ...], span: Span) -> int | None:
    """The offset of the line break ending the top-level statement around `span`, when
    nothing but blanks, `;` or a comment follows it on that line."""
    for statement in body:
        outer = statement.span  # type: ignore[attr-defined]
        if outer.start <= span.start and span.end <= outer.end:
            break
    else:
        return None
    line_end = text.find("\n", outer.end)
    if line_end < 0:
        line_end = len(text)
    rest = text[outer.end : line_end].strip().lstrip(";").strip()
    if rest and not rest.startswith("//"):
        return None
    return line_end
