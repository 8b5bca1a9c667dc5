"""The rule registry: one explicit tuple, in code order (the order of docs/rules.md)."""

from __future__ import annotations

from .base import Rule
from .excessive_retries import ExcessiveRetries
from .fallback_bypassed_by_spot_attempts import FallbackBypassedBySpotAttempts
from .fargate_spot_not_retried import FargateSpotNotRetried
from .ignore_hides_reclaims import IgnoreHidesReclaims
from .implicit_spot_attempts_default import ImplicitSpotAttemptsDefault
from .include_cycle import IncludeCycle
from .include_not_found import IncludeNotFound
from .include_unresolved import IncludeUnresolved
from .invalid_error_strategy import InvalidErrorStrategy
from .invalid_unit import InvalidUnit
from .long_task_on_spot import LongTaskOnSpot
from .malformed_suppression import MalformedSuppression
from .max_retries_zero import MaxRetriesZero
from .misplaced_spot_setting import MisplacedSpotSetting
from .missing_queue import MissingQueue
from .module_not_found import ModuleNotFound
from .mostly_long_on_spot import MostlyLongOnSpot
from .nested_selector import NestedSelector
from .process_directive_assignment import ProcessDirectiveAssignment
from .no_on_demand_fallback import NoOnDemandFallback
from .reclaim_not_retried import ReclaimNotRetried
from .retries_without_retry import RetriesWithoutRetry
from .retry_multiplication import RetryMultiplication
from .selector_with_equals import SelectorWithEquals
from .setting_read_in_closure import SettingReadInClosure
from .snapshots_hidden_spot_attempts import SnapshotsHiddenSpotAttempts
from .snapshots_prerequisites import SnapshotsPrerequisites
from .spot_attempts_out_of_range import SpotAttemptsOutOfRange
from .spot_attempts_with_long_tasks import SpotAttemptsWithLongTasks
from .strict_syntax_incompatible import StrictSyntaxIncompatible
from .syntax_error import ConfigSyntaxError
from .unreachable_fallback import UnreachableFallback
from .unused_suppression import UnusedSuppression

ALL_RULES: tuple[type[Rule], ...] = (
    ConfigSyntaxError,
    IncludeNotFound,
    IncludeCycle,
    IncludeUnresolved,
    ModuleNotFound,
    MisplacedSpotSetting,
    SelectorWithEquals,
    NestedSelector,
    InvalidUnit,
    MaxRetriesZero,
    RetriesWithoutRetry,
    InvalidErrorStrategy,
    ProcessDirectiveAssignment,
    SettingReadInClosure,
    StrictSyntaxIncompatible,
    RetryMultiplication,
    LongTaskOnSpot,
    SpotAttemptsWithLongTasks,
    NoOnDemandFallback,
    UnreachableFallback,
    FallbackBypassedBySpotAttempts,
    ReclaimNotRetried,
    ExcessiveRetries,
    ImplicitSpotAttemptsDefault,
    SnapshotsPrerequisites,
    SnapshotsHiddenSpotAttempts,
    SpotAttemptsOutOfRange,
    IgnoreHidesReclaims,
    MissingQueue,
    MostlyLongOnSpot,
    FargateSpotNotRetried,
    UnusedSuppression,
    MalformedSuppression,
)

RULES_BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in ALL_RULES}
RULES_BY_NAME: dict[str, type[Rule]] = {rule.name: rule for rule in ALL_RULES}


def find_rule(word: str) -> type[Rule] | None:
    """The rule a user names by code or name, in any case (`spot002`, `Long-Task-On-Spot`), as
    --select and rules.yaml accept them."""
    return RULES_BY_CODE.get(word.upper()) or RULES_BY_NAME.get(word.lower())
