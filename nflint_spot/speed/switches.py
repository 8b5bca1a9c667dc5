"""Switching the start-up tricks off: `NFLINT_SPOT_SPEED_OFF=regex-code,dataclass-code`
(or `all`) runs the command without them, the plain and slow way.

Each trick patches an interpreter internal (`re._compiler.compile`, the `exec` that
`dataclasses` calls) and is kept because it saves more than a tenth of a one-file `check`
(bench/instructions.py: regex-code 17%, dataclass-code 86% in session 8). The switch is how
to tell whether a problem comes from one of them, and how the tests run the command without
them (tests/test_startup.py).
"""

from __future__ import annotations

import os

VARIABLE = "NFLINT_SPOT_SPEED_OFF"
TRICKS = ("regex-code", "dataclass-code")


def is_off(trick: str) -> bool:
    """Whether the environment switches `trick` (one of TRICKS) off."""
    named = {part.strip().lower() for part in os.environ.get(VARIABLE, "").split(",")}
    return trick in named or "all" in named


def unknown_names() -> list[str]:
    """The names in the variable that switch nothing off (said as a warning, not ignored)."""
    named = (part.strip().lower() for part in os.environ.get(VARIABLE, "").split(","))
    return [name for name in named if name and name != "all" and name not in TRICKS]
