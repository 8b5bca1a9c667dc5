"""Which queues are Spot and which On-Demand (rules.yaml `queues:`)."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from ..values.values import OneOf


@dataclass(frozen=True, slots=True)
class QueuePolicy:
    """How queue names map to Spot or On-Demand (rules.yaml `queues:`), case-insensitive globs."""

    spot: tuple[str, ...] = ("*spot*",)
    on_demand: tuple[str, ...] = ("*ondemand*", "*on-demand*", "*on_demand*", "*-od", "*-od-*", "od-*", "od")
    unknown_is_spot: bool = True
    on_demand_queue: str | None = None

    def classify(self, queue: str) -> str:
        """'spot', 'on-demand', or 'unknown' (a name matching neither list)."""
        # Rules ask about the same few names for every process, attempt and scenario; keyed
        # by identity, as hashing the policy's pattern tuples costs more than a lookup.
        known = _CLASSIFIED.get(id(self))
        if known is None or known[0] is not self:
            known = _CLASSIFIED[id(self)] = (self, {})
        names = known[1]
        kind = names.get(queue)
        if kind is None:
            if len(names) > 10_000:  # a long editing session types many names
                names.clear()
            kind = names[queue] = self._match(queue)
        return kind

    def _match(self, queue: str) -> str:
        name = queue.lower()
        if any(fnmatch.fnmatchcase(name, p.lower()) for p in self.on_demand):
            return "on-demand"
        if any(fnmatch.fnmatchcase(name, p.lower()) for p in self.spot):
            return "spot"
        return "unknown"

    def on_spot(self, queue: object, first: object, retry_targets: frozenset[str] = frozenset()) -> bool | None:
        """Whether an attempt on `queue` runs on Spot, `first` being attempt 1's queue: the one
        decision `show`, hover and every rule share. A name matching neither list is taken as
        On-Demand where it looks like a fallback: a later attempt moves to it from a different
        queue (`task.attempt > 1 ? 'priority-q' : 'spot-q'`), here or in another process
        (`retry_targets`), so one name is judged the same way everywhere; otherwise rules.yaml's
        queues.unknown decides. No queue (None) is the launcher's, of unknown kind. None: not
        known (a value computed at run time)."""
        if queue is None:
            return self.unknown_is_spot
        if isinstance(queue, OneOf):  # any of several queues: Spot if one of them may be
            own_first = queue == first  # attempt 1 itself: each option is its own first queue
            kinds = {self.on_spot(option, option if own_first else first, retry_targets) for option in queue.options}
            return True if True in kinds else (False if kinds == {False} else None)
        if not isinstance(queue, str):
            return None
        kind = self.classify(queue)
        if kind != "unknown":
            return kind == "spot"
        if queue != first or queue in retry_targets:
            return False
        return self.unknown_is_spot


# Policies are few (one per rules.yaml) and held here so that their ids stay theirs.
_CLASSIFIED: dict[int, tuple[QueuePolicy, dict[str, str]]] = {}
