"""Every hostile input of issue 6 costs linear time (tests/scaling_cases.py), checked
without a clock: the number of Python-level calls a `check --fix` makes (functions, and the C
functions and methods they call) grows at most linearly with the input. Four times the
input may cost at most MAX_GROWTH times the calls; a quadratic cost would be 16 times.

What this cannot see is a C function doing more work per call as the input grows (a
`str.count` from the start of a token for each of its placeholders was one): that is
timed by bench/scaling.py, the same cases doubled three times.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from scaling_cases import CASES, Case, check

MAX_GROWTH = 5.0  # for 4 times the input; linear is 4 at most (fixed costs make it less)


def calls_to_check(root: Path) -> int:
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event == "call" or event == "c_call":
            count += 1

    sys.setprofile(profile)
    try:
        check(root)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_four_times_the_input_costs_at_most_four_times_the_calls(case: Case, tmp_path: Path) -> None:
    small = max(1, case.base // 10)
    counts = []
    for size in (small, 4 * small):
        folder = tmp_path / str(size)
        folder.mkdir()
        counts.append(calls_to_check(case.make(folder, size)))
    assert counts[1] <= MAX_GROWTH * counts[0], f"{case.name}: {counts[0]:,} calls at n={small}, {counts[1]:,} at 4n"
