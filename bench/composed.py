"""The composed lint of every pipeline tree in ../shared/pipelines with a Platform layer
(`check PIPELINE -c platform.config`), against linting the tree's config files one by one.

    python bench/composed.py [--pipelines DIR] [--rounds R]

Each measure runs in a fresh interpreter (no parse or memo left from another), after a
warm-up lint of a one-line config there (the parser tables, the rule modules), and the
fastest of R rounds is kept, the two kinds taking turns (the machine's speed drifts here).
Reported: each tree's composed lint, the median over the trees, the largest tree
(nf-core/sarek), and the composed lint over the sum of the one-by-one lints.

Targets (issue 14): sarek composed in at most 1 s; no tree's composed lint more than twice
the sum of linting its config files one by one. And (issue 15) reading the scripts of
nf-core/sarek (its run's processes, pipeline_graph.read_run) in at most 300 ms. bench/run.py
prints these rows too.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

DEFAULT_PIPELINES = Path(__file__).resolve().parent.parent.parent / "shared" / "pipelines"
PLATFORM = "process.executor = 'awsbatch'\nprocess.queue = 'TowerForge-1a2b3c-work'\naws.region = 'eu-west-1'\n"
TARGET_SAREK_SECONDS = 1.0
TARGET_RATIO = 2.0
TARGET_SCRIPTS_SECONDS = 0.3
NOT_A_PIPELINE = {"nf-core__configs"}  # the institutional configs: no nextflow run of its own


def pipelines(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir()
                  if p.is_dir() and p.name not in NOT_A_PIPELINE and (p / "nextflow.config").is_file())


def child(kind: str, tree: Path, layer: Path) -> float:
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--tree", str(tree), "--layer", str(layer)],
                         capture_output=True, text=True, check=True)
    return float(json.loads(out.stdout.strip().splitlines()[-1])["seconds"])


def run_child(kind: str, tree: Path, layer: Path) -> None:
    from nflint_spot.analysis.scenarios import AnalysisOptions
    from nflint_spot.lint.linter import lint_text
    from nflint_spot.lint.settings import load_settings

    settings = load_settings(near=str(layer))
    lint_text("process.queue = 'q'\n", str(layer), settings)  # warm-up: tables, rule modules
    root = tree / "nextflow.config"
    if kind == "scripts":  # the run's processes from the entry script and what it includes
        from nflint_spot.config.pipeline_graph import read_run

        started = time.perf_counter()
        read_run(str(tree))
    elif kind == "composed":
        options = AnalysisOptions(layers=(str(layer),))
        started = time.perf_counter()
        lint_text(root.read_text(encoding="utf-8-sig"), str(root), settings, options)
    else:  # each config file of the tree on its own, as `check` lints a list of files
        files = sorted(tree.rglob("*.config"))
        started = time.perf_counter()
        for path in files:
            lint_text(path.read_text(encoding="utf-8-sig", errors="replace"), str(path), settings)
    print(json.dumps({"seconds": time.perf_counter() - started}))


def measure(root: Path, rounds: int) -> list[tuple[str, float, float]]:
    """(tree, composed seconds, one-by-one seconds), the fastest of `rounds` each."""
    results = []
    with tempfile.TemporaryDirectory(prefix="nflint-composed-") as scratch:
        layer = Path(scratch) / "platform.config"
        layer.write_text(PLATFORM)
        for tree in pipelines(root):
            composed, alone = [], []
            for _ in range(rounds):
                composed.append(child("composed", tree, layer))
                alone.append(child("alone", tree, layer))
            results.append((tree.name, min(composed), min(alone)))
    return results


def rows(root: Path, rounds: int) -> list[tuple[str, str, str]]:
    """The table rows bench/run.py prints."""
    results = measure(root, rounds)
    table = [(f"composed lint with a Platform layer: {name}",
              f"{composed * 1000:.0f} ms vs {alone * 1000:.0f} ms one by one = {composed / alone:.2f}x",
              f"<= {TARGET_RATIO:g}x: {'met' if composed <= TARGET_RATIO * alone else 'NOT met'}")
             for name, composed, alone in results]
    median = statistics.median(composed for _, composed, _ in results)
    table.append((f"composed lint, median of {len(results)} pipelines", f"{median * 1000:.0f} ms", ""))
    sarek = [composed for name, composed, _ in results if name == "nf-core__sarek"]
    if sarek:
        table.append(("composed lint, nf-core/sarek (the largest)", f"{sarek[0] * 1000:.0f} ms",
                      f"<= {TARGET_SAREK_SECONDS:g} s: {'met' if sarek[0] <= TARGET_SAREK_SECONDS else 'NOT met'}"))
        with tempfile.TemporaryDirectory(prefix="nflint-composed-") as scratch:
            layer = Path(scratch) / "platform.config"
            layer.write_text(PLATFORM)
            scripts = min(child("scripts", root / "nf-core__sarek", layer) for _ in range(rounds))
        table.append(("reading the scripts of nf-core/sarek (the run's processes)", f"{scripts * 1000:.0f} ms",
                      f"<= {TARGET_SCRIPTS_SECONDS * 1000:g} ms: {'met' if scripts <= TARGET_SCRIPTS_SECONDS else 'NOT met'}"))
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pipelines", type=Path, default=DEFAULT_PIPELINES)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--tree", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--layer", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child, args.tree, args.layer)
        return
    table = rows(args.pipelines, args.rounds)
    width = max(len(r[0]) for r in table)
    print(f"| {'measure':<{width}} | figure | target |")
    print(f"|{'-' * (width + 2)}|--------|--------|")
    for name, figure, target in table:
        print(f"| {name:<{width}} | {figure} | {target} |")


if __name__ == "__main__":
    main()
