"""`check --jobs N`: lint many files in a process pool, with the same results, in the same
order, as one by one in this process.

`lint_path` is the whole per-file step of `check` (settings, reading, linting), a top-level
function so a worker process can receive it by name. It never exits: a file that cannot be
read, a bad rules.yaml or an unknown profile comes back as the message the CLI prints, and
the CLI fails on the first one in the order of the files, as it would one by one.

With `record`, an outcome also carries the facts the result cache (result_cache.py) keys
the stored lint on, taken around the lint in the process that ran it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..analysis.scenarios import AnalysisOptions, RunError, UnknownProfile
from ..diagnostics import Diagnostic
from ..lint.linter import Selection, lint_text
from ..lint.settings import SettingsError, load_settings
from ..sources import ConfigReadError, read_config


@dataclass(frozen=True)
class PathOutcome:
    """`error` is set (and nothing else) when the file could not be linted at all."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    facts: tuple[object, ...] | None = None  # with `record`: None when they could not be established
    cycle_targets: tuple[str, ...] = ()  # linter.LintResult.cycle_targets
    notes: tuple[str, ...] = ()  # linter.LintResult.notes


def lint_path(path: str, settings_path: str | None, options: AnalysisOptions, selection: Selection,
              strict: bool = False, record: bool = False, isolated: bool = False,
              text: str | None = None) -> PathOutcome:
    """`text`: the config's text when it is not read from `path` (stdin, `check -`); never
    recorded (nothing on disk to key a stored lint on). `isolated`: no settings file, the
    bundled defaults (`--isolated`)."""
    if not record or text is not None:
        return _lint_path(path, settings_path, options, selection, strict, isolated, text)
    from ..speed.result_cache import Recording

    recording = Recording(path, settings_path, options.pipeline_dir, isolated)
    try:
        outcome = _lint_path(path, settings_path, options, selection, strict, isolated)
    except BaseException:
        recording.abandon()
        raise
    if outcome.error is not None:  # errors are never stored: they are reported afresh
        recording.abandon()
        return outcome
    return PathOutcome(outcome.diagnostics, outcome.texts, None, recording.facts(outcome.texts, outcome.cycle_targets),
                       notes=outcome.notes)


def _lint_path(path: str, settings_path: str | None, options: AnalysisOptions, selection: Selection,
               strict: bool, isolated: bool, text: str | None = None) -> PathOutcome:
    try:
        settings = load_settings(settings_path, near=None if isolated else path)
    except SettingsError as error:
        return PathOutcome(error=str(error))
    try:
        text = read_config(path) if text is None else text
    except ConfigReadError as error:
        return PathOutcome(error=str(error))
    try:
        result = lint_text(text, path, settings, options, selection, strict=strict)
    except UnknownProfile as error:
        return PathOutcome(error=f"{path}: {error}")
    except (RunError, ConfigReadError) as error:  # a -c file that cannot be read or parsed
        return PathOutcome(error=str(error))
    return PathOutcome(result.diagnostics, result.texts, cycle_targets=result.cycle_targets,
                       notes=settings.skipped_notes() + result.notes)


def default_jobs() -> int:
    return os.cpu_count() or 1


def lint_paths(paths: list[str], settings_path: str | None, options: AnalysisOptions, selection: Selection,
               strict: bool = False, jobs: int = 1, record: bool = False,
               isolated: bool = False) -> Iterator[PathOutcome]:
    """One outcome per path, in order. In this process for one job or one file; else in a
    pool of min(jobs, files) processes (a worker's first task pays for its imports, so a
    single file is never worth one)."""
    workers = min(jobs, len(paths))
    if workers <= 1:
        for path in paths:
            yield lint_path(path, settings_path, options, selection, strict, record, isolated)
        return
    from concurrent.futures import ProcessPoolExecutor

    count = len(paths)
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        # map keeps the order of `paths`; chunks amortise the round trips on many small files.
        yield from pool.map(lint_path, paths, [settings_path] * count, [options] * count,
                            [selection] * count, [strict] * count, [record] * count, [isolated] * count,
                            chunksize=max(1, min(16, count // (workers * 4))))
    finally:  # the CLI stops at the first unreadable file: drop the work not started
        pool.shutdown(wait=True, cancel_futures=True)
