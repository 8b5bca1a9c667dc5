"""Which queues are Spot and which On-Demand (rules.yaml `queues:`)."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class QueuePolicy:
    """How queue names map to Spot or On-Demand (rules.yaml `queues:`), case-insensitive globs."""

    spot: tuple[str, ...] = ("*spot*",)
    on_demand: tuple[str, ...] = ("*ondemand*", "*on-demand*", "*on_demand*", "*-od", "*-od-*", "od-*", "od")
    unknown_is_spot: bool = True
    on_demand_queue: str | None = None

    def classify(self, queue: str) -> str:
        """'spot', 'on-demand', or 'unknown' (a name matching neither list)."""
        return _classify(self, queue)

    def _match(self, queue: str) -> str:
        name = queue.lower()
        if any(fnmatch.fnmatchcase(name, p.lower()) for p in self.on_demand):
            return "on-demand"
        if any(fnmatch.fnmatchcase(name, p.lower()) for p in self.spot):
            return "spot"
        return "unknown"

    def is_spot(self, queue: object) -> bool | None:
        if not isinstance(queue, str):
            return None
        kind = self.classify(queue)
        return kind == "spot" or (kind == "unknown" and self.unknown_is_spot)


@lru_cache(maxsize=4096)
def _classify(policy: QueuePolicy, queue: str) -> str:
    # Rules ask about the same few queue names for every process, attempt and scenario.
    return policy._match(queue)
