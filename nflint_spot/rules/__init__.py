"""The rule registry: one explicit tuple, in documentation order."""

from __future__ import annotations

from .base import Rule
from .include_cycle import IncludeCycle
from .include_not_found import IncludeNotFound
from .include_unresolved import IncludeUnresolved
from .nested_selector import NestedSelector
from .selector_with_equals import SelectorWithEquals
from .strict_syntax_incompatible import StrictSyntaxIncompatible
from .syntax_error import ConfigSyntaxError
from .unused_suppression import UnusedSuppression

# batch-config-imports (keep this marker: helpers add imports above it)
from .retry_multiplication import RetryMultiplication
from .long_task_on_spot import LongTaskOnSpot
from .spot_attempts_with_long_tasks import SpotAttemptsWithLongTasks
from .no_on_demand_fallback import NoOnDemandFallback
from .excessive_retries import ExcessiveRetries
# batch-spot-a-imports
from .unreachable_fallback import UnreachableFallback
from .fallback_bypassed_by_spot_attempts import FallbackBypassedBySpotAttempts
from .reclaim_not_retried import ReclaimNotRetried
from .ignore_hides_reclaims import IgnoreHidesReclaims
from .missing_queue import MissingQueue
# batch-spot-b-imports
# batch-spot-c-imports

ALL_RULES: tuple[type[Rule], ...] = (
    ConfigSyntaxError,
    IncludeNotFound,
    IncludeCycle,
    IncludeUnresolved,
    SelectorWithEquals,
    NestedSelector,
    # batch-config-rules
    StrictSyntaxIncompatible,
    RetryMultiplication,
    LongTaskOnSpot,
    SpotAttemptsWithLongTasks,
    NoOnDemandFallback,
    ExcessiveRetries,
    # batch-spot-a-rules
    UnreachableFallback,
    FallbackBypassedBySpotAttempts,
    ReclaimNotRetried,
    IgnoreHidesReclaims,
    MissingQueue,
    # batch-spot-b-rules
    # batch-spot-c-rules
    UnusedSuppression,
)

RULES_BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in ALL_RULES}
RULES_BY_NAME: dict[str, type[Rule]] = {rule.name: rule for rule in ALL_RULES}
