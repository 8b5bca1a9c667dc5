"""Parse and load speed and CLI start-up, measured in one run on this machine.

    python bench/parse_corpus.py [--corpus DIR] [--runs N] [--rounds R] [--against CHECKOUT]

1. Parses every file of the shared corpus in this process (after one warm-up file, so the
   cached LALR tables are loaded) and prints files, bytes, seconds and MB/s.
2. Loads every file of the corpus laid out as its repositories (MANIFEST.csv; includes
   resolved, as `check` does), each as a root config: the `load` step of a full lint
   (parse, includes, the loader's walk), without the model and the rules.
3. Times `nflint-spot check` on one corpus file against `python3 -c pass` (the bare
   interpreter start), median of N runs each, and prints the ratio. The runs may write
   bytecode (PYTHONDONTWRITEBYTECODE is dropped for them), as an installed package has
   it: otherwise every run would recompile each module edited since its .pyc was written.

Steps 1 and 2 run R times, each in a fresh interpreter, and the fastest is shown. With
`--against CHECKOUT` (another source tree of nflint-spot, e.g. a `git worktree` of an older
commit) each round runs there too, right after this tree's, and the ratios are printed:
on a shared machine only figures measured back to back compare.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
THIS_CHECKOUT = Path(__file__).resolve().parent.parent


def parse_corpus(corpus: Path) -> tuple[int, int, float, int]:
    from nflint_spot.syntax.parser import SyntaxProblem, parse_config

    files = sorted(corpus.rglob("*.config"))
    texts = [(str(f), f.read_text(encoding="utf-8-sig")) for f in files]
    parse_config(texts[0][1], texts[0][0])  # warm-up: load the grammar tables
    started = time.perf_counter()
    failures = sum(isinstance(parse_config(text, path), SyntaxProblem) for path, text in texts)
    elapsed = time.perf_counter() - started
    return len(texts), sum(len(t.encode("utf-8")) for _, t in texts), elapsed, failures


def materialize(corpus: Path, target: Path) -> list[Path]:
    """Copy each corpus file back to its path in its repository (MANIFEST.csv)."""
    placed = []
    with open(corpus / "MANIFEST.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            folder = row["repo"].replace("/", "__")
            destination = target / folder / row["path"]
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(corpus / folder / row["path"].replace("/", "__"), destination)
            placed.append(destination)
    return sorted(placed)


def load_tree(tree: Path) -> float:
    """Seconds to load every config of the tree as a root, its text in hand (lint_text's step)."""
    from nflint_spot.config.loader import load_text
    from nflint_spot.syntax.parser import parse_config

    texts = [(str(p), p.read_text(encoding="utf-8-sig")) for p in sorted(tree.rglob("*.config"))]
    parse_config("a = 1")  # warm-up: load the grammar tables
    started = time.perf_counter()
    for path, text in texts:
        load_text(text, path)
    return time.perf_counter() - started


def measure_child(corpus: Path, tree: Path) -> None:
    """One round in this interpreter; prints a JSON line."""
    files, size, parse_seconds, failures = parse_corpus(corpus)
    print(json.dumps({"files": files, "bytes": size, "parse": parse_seconds, "failures": failures,
                      "load": load_tree(tree)}))


# The environment of the timed runs: see the module docstring.
RUN_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run_round(checkout: Path, corpus: Path, tree: Path) -> dict[str, float]:
    # PYTHONPATH first and a neutral working directory: the checkout's own package is the one
    # imported, whatever is installed.
    env = dict(RUN_ENV, PYTHONPATH=str(checkout))
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", "--corpus", str(corpus),
                          "--tree", str(tree)], capture_output=True, text=True, check=True, env=env,
                         cwd=tempfile.gettempdir())
    return json.loads(out.stdout.strip().splitlines()[-1])


def median_walls(commands: list[list[str]], runs: int) -> list[float]:
    """Each command's median wall time over `runs`, the commands taking turns in each run:
    the machine's speed drifts within minutes, and a ratio of commands timed one batch after
    the other drifts with it."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, taken in zip(commands, times):
            started = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=RUN_ENV)
            taken.append(time.perf_counter() - started)
    return [statistics.median(taken) for taken in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("NFLINT_CORPUS", DEFAULT_CORPUS)))
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another checkout, measured back to back with this one")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tree", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure_child(args.corpus, args.tree)
        return

    checkouts = {"this": THIS_CHECKOUT} | ({"against": args.against.resolve()} if args.against else {})
    rounds: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
    with tempfile.TemporaryDirectory(prefix="nflint-corpus-tree-") as tree:
        materialize(args.corpus, Path(tree))
        for _ in range(args.rounds):
            for name, checkout in checkouts.items():
                rounds[name].append(run_round(checkout, args.corpus, Path(tree)))
    best = {name: {key: min(r[key] for r in results) for key in ("parse", "load")}
            for name, results in rounds.items()}
    first = rounds["this"][0]
    size, parse_seconds = first["bytes"], best["this"]["parse"]
    print(f"corpus parse: {first['files']} files, {size:,} bytes, {parse_seconds:.2f} s, "
          f"{size / parse_seconds / 1e6:.2f} MB/s, {first['files'] / parse_seconds:.0f} files/s, "
          f"{first['failures']} syntax problems (fastest of {args.rounds})")
    print(f"corpus load (each file a root, includes followed): {best['this']['load']:.2f} s")
    if args.against:
        for key in ("parse", "load"):
            ratios = [mine[key] / theirs[key] for mine, theirs in zip(rounds["this"], rounds["against"])]
            print(f"{key}: {best['against'][key]:.2f} s in {args.against}; this / that: fastest "
                  f"{best['this'][key] / best['against'][key]:.2f}, per round "
                  f"{', '.join(f'{r:.2f}' for r in ratios)}")

    sample = str(args.corpus / "nf-core__sarek" / "conf__base.config")
    cli = [sys.executable, "-m", "nflint_spot", "check", "--exit-zero", sample]
    bare = [sys.executable, "-c", "pass"]
    subprocess.run(cli, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=RUN_ENV)  # warm caches
    cli_time, bare_time = median_walls([cli, bare], args.runs)
    print(f"one-file CLI: {cli_time * 1000:.0f} ms; python3 -c pass: {bare_time * 1000:.0f} ms; "
          f"ratio {cli_time / bare_time:.1f}x (median of {args.runs})")


if __name__ == "__main__":
    main()
