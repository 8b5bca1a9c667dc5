from __future__ import annotations

import os
from typing import Iterator

from ..analysis.aws import executor_of
from ..diagnostics import Finding, Severity
from ..config.model import ConfigModel, ProcessView
from ..span import Span
from .base import NoOptions, Rule
from .common import location, names

# A profile or file named for Seqera Platform (formerly Tower) is meant for a launcher that
# injects the job queue of its compute environment.
_LAUNCHER_WORDS = ("tower", "seqera", "platform")


class MissingQueue(Rule):
    """A process runs on AWS Batch (executor 'awsbatch') but has no job queue.

    Why: AWS Batch needs a job queue for every job; without `queue` Nextflow stops with
    "Missing AWS Batch job queue", an unrecoverable error that no retry helps. Seqera
    Platform injects the queue of its compute environment, so there it is fine: set
    `launcher_sets_queue: true` in rules.yaml. A profile or config file named for Tower,
    Seqera or Platform is taken as meant for such a launcher.

    Bad:
        process.executor = 'awsbatch'

    Good:
        process.executor = 'awsbatch'
        process.queue = { task.attempt > 1 ? 'my-ondemand' : 'my-spot' }

    Fix: set `process.queue` (a Spot queue with an On-Demand fallback for retries, or an
    On-Demand queue), or `launcher_sets_queue: true` if the launcher provides it.
    """

    code = "SPOT014"
    name = "missing-queue"
    severity = Severity.ERROR

    # Reads of the scenario beyond the launcher (sharing_key): the views and their executors.
    shares = "views"

    def sharing_key(self, model: ConfigModel, options: NoOptions) -> tuple[object, ...] | None:
        if model.environment.launcher_sets_queue or _named_for_launcher(model.profiles):
            return None
        return ()

    def check(self, model: ConfigModel, options: NoOptions) -> Iterator[Finding]:
        yield from self._check(model)

    def _check(self, model: ConfigModel) -> Iterator[Finding]:
        items: list[tuple[tuple[str, Span], ProcessView]] = []
        for view in model.processes:
            executor, source = executor_of(model, view)
            if executor != "awsbatch" or source is None or view.get("queue") is not None:
                continue
            where = location(source)
            if where is not None and not _named_for_launcher((os.path.basename(where[0]),)):
                items.append((where, view))
        for (path, span), views in _group(items):
            yield Finding(
                span,
                f"{names(views)}: executor 'awsbatch' but no queue is set, so Nextflow stops with "
                "\"Missing AWS Batch job queue\"",
                "Set `process.queue` (e.g. `{ task.attempt > 1 ? '<on-demand>' : '<spot>' }`); if your launcher "
                "(Seqera Platform) injects the queue, set `launcher_sets_queue: true` in rules.yaml.",
                processes=tuple(v.name for v in views),
                path=path,
            )


def _named_for_launcher(words: tuple[str, ...]) -> bool:
    return any(hint in word.lower() for word in words for hint in _LAUNCHER_WORDS)


def _group(items: list[tuple[tuple[str, Span], ProcessView]]) -> list[tuple[tuple[str, Span], list[ProcessView]]]:
    """One finding per executor setting, naming the scopes it leaves without a queue."""
    groups: dict[tuple[str, int, int], tuple[tuple[str, Span], list[ProcessView]]] = {}
    for where, view in items:
        key = (where[0], where[1].start, where[1].end)
        groups.setdefault(key, (where, []))[1].append(view)
    return list(groups.values())
