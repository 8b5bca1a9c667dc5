"""Parse speed and CLI start-up, measured in one run on this machine.

    python bench/parse_corpus.py [--corpus DIR] [--runs N]

1. Parses every file of the shared corpus in this process (after one warm-up file, so the
   cached LALR tables are loaded) and prints files, bytes, seconds and MB/s.
2. Times `nflint-spot check` on one corpus file against `python3 -c pass` (the bare
   interpreter start), median of N runs each, and prints the ratio. The runs may write
   bytecode (PYTHONDONTWRITEBYTECODE is dropped for them), as an installed package has
   it: otherwise every run would recompile each module edited since its .pyc was written.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def parse_corpus(corpus: Path) -> tuple[int, int, float, int]:
    from nflint_spot.parser import SyntaxProblem, parse_config

    files = sorted(corpus.rglob("*.config"))
    texts = [(str(f), f.read_text(encoding="utf-8-sig")) for f in files]
    parse_config(texts[0][1], texts[0][0])  # warm-up: load the grammar tables
    started = time.perf_counter()
    failures = sum(isinstance(parse_config(text, path), SyntaxProblem) for path, text in texts)
    elapsed = time.perf_counter() - started
    return len(texts), sum(len(t.encode("utf-8")) for _, t in texts), elapsed, failures


# The environment of the timed runs: see the module docstring.
RUN_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def median_wall(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=RUN_ENV)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("NFLINT_CORPUS", DEFAULT_CORPUS)))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    files, size, elapsed, failures = parse_corpus(args.corpus)
    print(f"corpus parse: {files} files, {size:,} bytes, {elapsed:.2f} s, "
          f"{size / elapsed / 1e6:.2f} MB/s, {files / elapsed:.0f} files/s, {failures} syntax problems")

    sample = str(args.corpus / "nf-core__sarek" / "conf__base.config")
    cli = [sys.executable, "-m", "nflint_spot", "check", "--exit-zero", sample]
    bare = [sys.executable, "-c", "pass"]
    subprocess.run(cli, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=RUN_ENV)  # warm caches
    cli_time = median_wall(cli, args.runs)
    bare_time = median_wall(bare, args.runs)
    print(f"one-file CLI: {cli_time * 1000:.0f} ms; python3 -c pass: {bare_time * 1000:.0f} ms; "
          f"ratio {cli_time / bare_time:.1f}x (median of {args.runs})")


if __name__ == "__main__":
    main()
