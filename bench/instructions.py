"""Issue 6's speed ratios counted in instructions, which hold still where seconds do not.

    python bench/instructions.py [--corpus DIR] [--every N]

On this project's 2-core machine the same code's full lint / tree-sitter ratio came out
anywhere from 11.7x to 17.3x in one half hour (bench/RUN.md): the machine's speed moves
between runs, and CPU time moves with it. valgrind counts the instructions a process runs
to within 0.1% whatever else the machine does, so this prints the same comparisons as
run.py in instructions:

- tree-sitter-groovy parsing every Nth corpus file (default 5: ~290 files), our parse and
  our full lint of the same files (the corpus laid out as its repositories, as run.py
  does). Each is the count of a process that reads the files, loads everything and
  handles the first file, and then does the work, less that of the same process stopping
  before the work;
- `nflint-spot check --no-cache` on one file against `python -c pass`, each the whole
  process (after one untimed run fills the start-up caches).

An instruction ratio is not a time ratio (the C parser does more per instruction than the
interpreter does), so the issue's figures stay run.py's; this is the figure to compare two
versions of the code by, or one run of the machine with another. Needs valgrind
(`apt-get install valgrind`); cachegrind without its cache simulation, about fifty times
slower than a plain run: some four minutes in all.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parse_corpus import DEFAULT_CORPUS, RUN_ENV, materialize  # noqa: E402  (bench/parse_corpus.py)
from run import NFLINT_SPOT, TARGETS, _files  # noqa: E402  (bench/run.py)

KINDS = ("treesitter", "parse", "lint")
SAMPLE = ("nf-core__sarek", "conf", "base.config")  # run.py's one-file CLI sample


def child(kind: str, root: Path, every: int, go: bool) -> None:
    """Load, handle the first file, then (with `go`) the work: the files are run.py's."""
    files = _files(root)[::every]
    if kind == "treesitter":
        import tree_sitter
        import tree_sitter_groovy

        parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_groovy.language()))
        data = [text.encode("utf-8") for _, text in files]
        parser.parse(data[0])
        if go:
            for item in data:
                parser.parse(item).root_node.has_error  # noqa: B018 - what run.py's reference reads
    elif kind == "parse":
        from nflint_spot.syntax.parser import parse_config

        parse_config(files[0][1], files[0][0])
        if go:
            for path, text in files:
                parse_config(text, path)
    else:
        from nflint_spot.lint.linter import lint_text
        from nflint_spot.lint.settings import load_settings

        settings = load_settings()
        lint_text(files[0][1], files[0][0], settings)
        if go:
            for path, text in files:
                lint_text(text, path, settings)
    sys.stdout.flush()
    os._exit(0)  # both runs end alike, without the interpreter's teardown


def instructions(command: list[str]) -> int:
    out = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                          *command], capture_output=True, text=True, env=RUN_ENV, check=False)
    found = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    if out.returncode not in (0, 1) or found is None:
        raise SystemExit(f"valgrind failed on {' '.join(command)}:\n{out.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def work(kind: str, root: Path, every: int) -> int:
    command = [sys.executable, __file__, "--child", kind, "--root", str(root), "--every", str(every)]
    # One untimed run first: the first process after an edit compiles the changed modules
    # (their .pyc), which added 40-80 M to whichever of the two counted runs came first.
    subprocess.run([*command, "--go"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=RUN_ENV, check=False)
    return instructions([*command, "--go"]) - instructions(command)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("NFLINT_CORPUS", DEFAULT_CORPUS)))
    parser.add_argument("--every", type=int, default=5, help="every Nth corpus file (default 5)")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--go", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.root, args.every, args.go)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    with tempfile.TemporaryDirectory(prefix="nflint-instructions-") as scratch:
        root = Path(scratch)
        materialize(args.corpus, root)
        count = len(_files(root)[::args.every])
        counted = {kind: work(kind, root, args.every) for kind in KINDS}
        sample = str(root.joinpath(*SAMPLE))
        cli = [NFLINT_SPOT, "check", "--exit-zero", "--no-cache", sample]
        subprocess.run(cli, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=RUN_ENV, check=False)
        check, bare = instructions(cli), instructions([sys.executable, "-c", "pass"])
    reference = counted["treesitter"]
    rows = [
        (f"tree-sitter-groovy parse, every {args.every}th corpus file ({count} files)", reference, ""),
        ("our parse, the same files", counted["parse"], f"{counted['parse'] / reference:.1f}x tree-sitter"),
        ("our full lint, the same files", counted["lint"],
         f"{counted['lint'] / reference:.1f}x tree-sitter (the issue's target, in seconds: "
         f"<= {TARGETS['lint_vs_treesitter']:.0f}x)"),
        ("python -c pass", bare, ""),
        (f"nflint-spot check --no-cache {'/'.join(SAMPLE)}", check,
         f"{check / bare:.1f}x python -c pass (target, in seconds: <= {TARGETS['cli_vs_bare']:.0f}x)"),
    ]
    width = max(len(name) for name, _, _ in rows)
    print(f"| {'measure':<{width}} | instructions | ratio |")
    print(f"|{'-' * (width + 2)}|--------------|-------|")
    for name, value, ratio in rows:
        print(f"| {name:<{width}} | {value / 1e6:,.1f} M | {ratio} |")


if __name__ == "__main__":
    main()
