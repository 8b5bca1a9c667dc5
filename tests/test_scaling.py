"""Every hostile input of issue 6 costs linear time (tests/scaling_cases.py), checked
without a clock: the steps a `check --fix` takes (the lines of Python it runs, each pass of
a loop counted, and the calls it makes, to C functions and methods too) grow at most
linearly with the input. Four times the input may take at most MAX_GROWTH times the steps;
a quadratic cost would be 16 times.

What this cannot see is a C function doing more work per call as the input grows (a
`str.count` from the start of a token for each of its placeholders was one), nor a
quadratic term still small at these sizes (a table of every profile rebuilt for each
profile's scenario was one: a step per profile per scenario against some 5,000 steps per
scenario, the same at 5,000 profiles). bench/scaling.py times the same cases at ten to
eighty times these sizes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hang_guard import hang_guard
from scaling_cases import CASES, Case, check

MAX_GROWTH = 5.0  # for 4 times the input; linear is 4 at most (fixed costs make it less)
# Not a timing assertion: an exponential cost (a regex trying every way to split its input)
# would otherwise never end; this turns it into a failure.
HANG_GUARD_SECONDS = 120


def steps_to_check(root: Path) -> int:
    """The lines of Python run (each pass of a loop counts, comprehensions included), the
    calls made, and the calls of C functions and methods, in one `check` of `root`."""
    count = 0

    def trace(frame: object, event: str, arg: object) -> object:
        nonlocal count
        count += 1
        return trace

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event == "c_call":
            count += 1

    sys.settrace(trace)
    sys.setprofile(profile)
    try:
        with hang_guard(HANG_GUARD_SECONDS):
            check(root)
    finally:
        sys.setprofile(None)
        sys.settrace(None)
    return count


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_four_times_the_input_costs_at_most_four_times_the_steps(case: Case, tmp_path: Path) -> None:
    small = max(1, case.base // 10)
    counts = []
    for size in (small, 4 * small):
        folder = tmp_path / str(size)
        folder.mkdir()
        counts.append(steps_to_check(case.make(folder, size)))
    assert counts[1] <= MAX_GROWTH * counts[0], f"{case.name}: {counts[0]:,} steps at n={small}, {counts[1]:,} at 4n"
