"""Whether each hostile input of issue 6 costs linear time: its size doubled three times.

    python bench/scaling.py [--base N] [--repeats R] [--case NAME ...]

For every case of tests/test_adversarial.py (and a few neighbours, tests/scaling_cases.py),
an input of size n, 2n, 4n and 8n is made in a scratch directory and checked as `check
--fix --unsafe-fixes` does before writing (every rule, the includes followed, every fix
planned), each in a fresh process after an untimed check of a small config, as a `check`
run would find it: nothing parsed or memoised before. Each size is timed `--repeats` times
(fastest kept). The table gives the seconds per size and, for each doubling, the ratio of
the two times: about 2 is linear, about 4 quadratic. The verdict is on the last two
doublings (the largest sizes, where fixed costs count least), their mean growth per
doubling, sqrt(t(8n) / t(2n)): "linear" up to 2.6, "SUPERLINEAR" above. (One doubling
alone moved between 1.8 and 2.9 for the same linear case: this machine's speed drifts
within seconds.) The exit status is 1 when any case is superlinear.

Ratios, not seconds: this machine's speed drifts, and runs made one after the other within
a few seconds are what compare. tests/test_scaling.py checks the same cases without a
clock, by the number of Python-level calls a check makes.
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from scaling_cases import CASES, Case, check  # noqa: E402

LINEAR_LIMIT = 2.6  # growth per doubling above this is not linear (4 would be quadratic)


def child(name: str, size: int) -> None:
    """One timed lint in a fresh process, as a `check` run makes it: no parse, walk or value
    memoised by an earlier lint of the same file (in-process repeats would be answered by
    those caches). A small config is linted first, untimed, so the tables and the modules
    are loaded."""
    case = next(c for c in CASES if c.name == name)
    with tempfile.TemporaryDirectory() as scratch:
        warm = Path(scratch) / "warm.config"
        warm.write_text("process { queue = 'q'; time = '1h'; withName: 'A' { cpus = 2 } }\n", encoding="utf-8")
        check(warm)
        folder = Path(scratch) / "case"
        folder.mkdir()
        root = case.make(folder, size)
        started = time.perf_counter()
        check(root)
        print(time.perf_counter() - started)


TIMEOUT_SECONDS = 300  # a size still running then is reported as superlinear (exponential, say)


def lint_seconds(case: Case, size: int, repeats: int) -> float:
    """The fastest of `repeats` runs; infinity for one still running after TIMEOUT_SECONDS."""
    best = math.inf
    for _ in range(repeats):
        try:
            run = subprocess.run([sys.executable, __file__, "--child", case.name, str(size)], capture_output=True,
                                 text=True, check=True, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            return math.inf
        best = min(best, float(run.stdout))
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=float, default=1.0, help="scale every case's first size by this")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--case", action="append", help="only these cases (names below)")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return 0
    chosen = [c for c in CASES if not args.case or c.name in args.case]
    print(f"{'case':34} {'sizes':>24}  seconds at n, 2n, 4n, 8n        ratios per doubling   verdict (mean of the last two)")
    superlinear = False
    for case in chosen:
        first = max(1, int(case.base * args.base))
        sizes = [first * 2 ** k for k in range(4)]
        seconds: list[float] = []
        for size in sizes:  # once a size times out, the larger ones would too
            seconds.append(lint_seconds(case, size, args.repeats) if not seconds or seconds[-1] < math.inf
                           else math.inf)
        ratios = [later / earlier if later < math.inf else math.inf for earlier, later in zip(seconds, seconds[1:])]
        growth = math.sqrt(seconds[3] / seconds[1]) if seconds[3] < math.inf else math.inf
        linear = growth <= LINEAR_LIMIT
        superlinear |= not linear
        shown = ", ".join(f"{s:.3f}" for s in seconds)
        print(f"{case.name:34} {f'{sizes[0]:,} {case.unit}':>24}  {shown:32} "
              f"{' '.join(f'{r:.2f}' for r in ratios):20}  {growth:.2f} {'linear' if linear else 'SUPERLINEAR'}")
    return 1 if superlinear else 0


if __name__ == "__main__":
    sys.exit(main())
