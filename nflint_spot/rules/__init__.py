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
# batch-spot-a-imports
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
    # batch-spot-a-rules
    # batch-spot-b-rules
    # batch-spot-c-rules
    UnusedSuppression,
)

RULES_BY_CODE: dict[str, type[Rule]] = {rule.code: rule for rule in ALL_RULES}
RULES_BY_NAME: dict[str, type[Rule]] = {rule.name: rule for rule in ALL_RULES}
