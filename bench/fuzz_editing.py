"""Fuzz the language server's lint: editing sessions, each lint compared with a fresh one.

    python bench/fuzz_editing.py --sessions 1000 --edits 50 [--seed S] [--processes P] [--out DIR]

fuzz.py lints each case from nothing (`lint_text`, as the CLI does). The server lints a
buffer from its previous lint: the statements an edit touched are parsed again and spliced
into the previous tree (incremental.py), memoised values are looked up through moved nodes
(value_memo.py), and the findings about the `process` settings are carried from one lint
to the next (carried.py). State kept across lints is where a stale answer would hide, so
here every lint of an edit is checked against a fresh lint of the same text.

Each session opens a corpus file (or a generated config, one session in five; in half the
sessions after a few lines of AWS Batch Spot settings, so that there are Spot findings to
carry) as `nextflow.config` in fuzz.py's scratch project (includable files, a cycle, half the
sessions beside a pipeline `main.nf`), then makes `--edits` small edits, each to the text
the one before left, as a person typing does (a third near the top of the file; a syntax
error is mostly undone by the next edit): a character typed or deleted, a line
duplicated, removed or split, a number changed, a word retyped, now and then one of
fuzz.py's token mutations. After each edit the buffer is linted as the server lints it
(`lsp_session.lint_document` with the session's IncrementalParser, carried findings on)
and as a fresh `lint_text(..., strict=True)` with nothing carried. A difference in the
diagnostics, an exception, or an internal error reported by the server's lint is a
finding: the texts before and after the edit are written to `--out`.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import signal
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fuzz import (  # noqa: E402  (bench/fuzz.py)
    DEFAULT_CORPUS,
    HANG_SECONDS,
    STATE,
    ConfigGenerator,
    HangError,
    init_worker,
    mutate_tokens,
)

_TYPED = ["x", "1", " ", "'", '"', "{", "}", "\n", ".", "=", "$", "/", "(", ")", ":", "0", "h", "GB", "\t"]
_NUMBER = re.compile(r"\d+")


# Put before the corpus text in half the sessions: most corpus configs have no Spot
# findings (no AWS Batch executor), and findings are what the server carries and moves.
SPOT_PREAMBLE = ("params.fuzz = 'x'\nprocess.executor = 'awsbatch'\nprocess.queue = 'spot-queue'\n"
                 "process.errorStrategy = 'retry'\naws.batch.maxSpotAttempts = 3\n")
# A third of the edits fall in the first TOP characters: typing above most settings moves
# them all (offsets, not lines or columns), and the carried findings must move with them.
TOP = 40


def edit(text: str, rng: random.Random) -> str:
    """One small edit of `text`, such as typing makes."""
    position = rng.randrange(min(TOP, len(text)) + 1 if rng.random() < 0.33 else len(text) + 1)
    choice = rng.randrange(10)
    if choice < 3:  # a character (or a short word) typed
        return text[:position] + rng.choice(_TYPED) + text[position:]
    if choice < 5:  # a character or a few deleted
        return text[:position] + text[position + rng.randint(1, 4):]
    if choice == 5:  # a number changed
        numbers = list(_NUMBER.finditer(text))
        if numbers:
            found = rng.choice(numbers)
            return text[:found.start()] + str(rng.choice([0, 1, 2, 3, 10, 99, 2147483648])) + text[found.end():]
        return text
    lines = text.split("\n")
    line = rng.randrange(len(lines))
    if choice == 6:  # a line duplicated
        lines.insert(line, lines[line])
    elif choice == 7:  # a line removed
        del lines[line]
    elif choice == 8:  # a line split
        cut = rng.randrange(len(lines[line]) + 1)
        lines[line:line + 1] = [lines[line][:cut], lines[line][cut:]]
    else:
        return mutate_tokens(text, rng)
    return "\n".join(lines)


def _shown(diagnostics: list[object]) -> list[tuple[object, object]]:
    # Every field a client sees: a Diagnostic compares all of them (positions included)
    # but its excerpt.
    return [(d, d.excerpt) for d in diagnostics]  # type: ignore[attr-defined]


@dataclass
class Totals:
    sessions: int = 0
    lints: int = 0
    incremental: int = 0  # edits the incremental parser spliced (the rest parsed in full)
    carried: int = 0  # stored findings the server's lints reused (as stored or moved)
    findings: list[dict[str, object]] = field(default_factory=list)
    seconds: float = 0.0


_REUSED = [0]


def _count_reuses() -> None:
    """Count the stored findings reused, so the summary shows the carried path was taken."""
    from nflint_spot.speed import carried

    original = carried._moved

    def moved(*args: object) -> object:
        found = original(*args)  # type: ignore[arg-type]
        _REUSED[0] += found is not None
        return found

    carried._moved = moved  # type: ignore[assignment]


def _init_worker(corpus_dir: str, seed: int) -> None:
    init_worker(corpus_dir, seed)
    _count_reuses()


def run_session(args: tuple[int, int, str]) -> Totals:
    from nflint_spot.speed import carried
    from nflint_spot.speed.incremental import IncrementalParser
    from nflint_spot.lint.linter import lint_text
    from nflint_spot.lsp.session import ServerOptions, SettingsCache, lint_document

    session, edits, out_dir = args
    reused_before = _REUSED[0]
    rng = random.Random(f"{STATE['seed']}:{session}")
    corpus: list[bytes] = STATE["corpus"]  # type: ignore[assignment]
    path: str = STATE["paths"][session % 2]  # type: ignore[index]
    if session % 5 == 4:
        text = ConfigGenerator(rng).config()
    else:
        text = rng.choice(corpus).decode("utf-8-sig", errors="replace")
        if session % 2:
            text = SPOT_PREAMBLE + text
    totals = Totals(sessions=1)
    parser, cache = IncrementalParser(), SettingsCache()
    before = ""
    started = time.perf_counter()
    broken = False
    for version in range(edits + 1):
        if version:
            if broken and rng.random() < 0.7:
                text = before  # the typo undone, as people do: most edits land on parsing text
            before, text = text, edit(text, rng)
        signal.alarm(HANG_SECONDS)
        try:
            outcome = lint_document(cache, ServerOptions(), None, path, text, version, parser)
            settings = cache.get(None, path)
            carried.enabled = False  # the fresh lint: nothing carried from earlier lints
            try:
                fresh = lint_text(text, path, settings, strict=True)  # type: ignore[arg-type]
            finally:
                carried.enabled = True
            totals.lints += 1
            broken = any(d.code == "SYN001" for d in fresh.diagnostics)
            if outcome.run is None:
                problem = "the server's lint failed: " + "; ".join(m[2] for m in outcome.messages)
            elif _shown(outcome.run.result.diagnostics) != _shown(fresh.diagnostics):
                served, expected = _shown(outcome.run.result.diagnostics), _shown(fresh.diagnostics)
                problem = ("differs from a fresh lint:\n  served only: "
                           + repr([d for d in served if d not in expected])[:2000]
                           + "\n  fresh only: " + repr([d for d in expected if d not in served])[:2000])
            else:
                continue
        except (Exception, HangError):  # noqa: BLE001 - every exception is a finding here
            problem = traceback.format_exc()
        finally:
            signal.alarm(0)
        totals.findings.append(_record(out_dir, session, version, path, before, text, problem))
        break  # the session's state is suspect from here on
    totals.seconds = time.perf_counter() - started
    totals.incremental = parser.reparsed
    totals.carried = _REUSED[0] - reused_before
    return totals


def _record(out_dir: str, session: int, version: int, path: str, before: str, after: str,
            problem: str) -> dict[str, object]:
    name = f"session-{session}-edit-{version}"
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.before.config").write_text(before, encoding="utf-8", errors="surrogatepass")
    (folder / f"{name}.after.config").write_text(after, encoding="utf-8", errors="surrogatepass")
    (folder / f"{name}.txt").write_text(
        f"session {session}, edit {version}, linted as {os.path.basename(os.path.dirname(path))}/nextflow.config\n"
        f"{problem}\n", encoding="utf-8")
    return {"session": session, "edit": version, "file": name, "problem": problem.strip().splitlines()[-1][:300]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--edits", type=int, default=50, help="edits per session, each linted twice")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("NFLINT_CORPUS", DEFAULT_CORPUS)))
    parser.add_argument("--out", default="fuzz-findings", help="where reproducers go (default: ./fuzz-findings)")
    args = parser.parse_args()

    started = time.perf_counter()
    totals = Totals()
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    jobs = [(session, args.edits, args.out) for session in range(args.sessions)]
    with context.Pool(args.processes, _init_worker, (str(args.corpus), args.seed)) as pool:
        for done, part in enumerate(pool.imap_unordered(run_session, jobs), start=1):
            totals.sessions += part.sessions
            totals.lints += part.lints
            totals.incremental += part.incremental
            totals.carried += part.carried
            totals.findings += part.findings
            totals.seconds += part.seconds
            if done % 50 == 0 or done == len(jobs):
                print(f"  {totals.sessions:>6} sessions, {totals.lints} edits linted, {len(totals.findings)} findings, "
                      f"{time.perf_counter() - started:.0f} s", flush=True)
    wall = time.perf_counter() - started
    summary = {"sessions": args.sessions, "edits": args.edits, "seed": args.seed, "lints": totals.lints,
               "incremental": totals.incremental, "carried": totals.carried, "findings": totals.findings, "wall_seconds": round(wall, 1)}
    Path(args.out).mkdir(parents=True, exist_ok=True)
    (Path(args.out) / "summary-editing.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(f"\n{totals.sessions} sessions, {totals.lints} lints of an edited buffer, each compared with a fresh lint "
          f"({totals.incremental} parsed incrementally, {totals.carried} stored findings reused), in {wall:.0f} s with {args.processes} processes")
    print(f"findings: {len(totals.findings)}; reproducers in {args.out}/")
    for item in totals.findings:
        print(f"  {item['file']}: {item['problem']}")
    return 1 if totals.findings else 0


if __name__ == "__main__":
    sys.exit(main())
