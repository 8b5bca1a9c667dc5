"""Issue #6's figures, measured in one run on this machine, printed as one table with the
targets beside them.

    pip install -e '.[bench]'   # tree-sitter and tree-sitter-groovy, the speed reference
    python bench/run.py [--corpus DIR] [--rounds R] [--runs N] [--jobs N] [--lsp-changes N]
                        [--lsp-lines N] [--lsp-only]

1. The whole corpus, laid out as its repositories (so includes resolve), in one fresh
   process each: parse only, and the full lint (parse, includes, model, every rule); files/s
   and MB/s of the root files; the full lint's peak RSS (getrusage in that child).
2. The same files parsed by tree-sitter-groovy, the speed reference (it fails on many
   Nextflow configs: counted), and our full lint's time over its parse time. Steps 1 and 2
   run R rounds (default 3), the three kinds taking turns, and the fastest of each is shown.
3. `nflint-spot check` on one file against `python -c pass`, median of N runs each, the
   commands taking turns: linting it (`--no-cache`) and answered from the result cache (the
   file unchanged since last run).
4. `nflint-spot check --no-cache` over the whole corpus with `--jobs N` (default: all cores)
   and `--jobs 1`.
5. The language server: didChange → publishDiagnostics on a config of N lines, median, p95
   and the slowest over M changes, in three scenarios (LSP_SCENARIOS): editing a value in
   place (cycling through three values), a value changed to one no earlier lint saw at
   every change, and typing near the top of the file. M is 200 by default: a pause that
   comes every few dozen changes (a memo freed at once, a full garbage collection) must
   show in the slowest, not only in a long session.
6. The composed lint of every tree in ../shared/pipelines with a Platform layer, against
   linting its config files one by one; the median and nf-core/sarek (bench/composed.py).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from composed import DEFAULT_PIPELINES  # noqa: E402  (bench/composed.py)
from composed import rows as composed_rows  # noqa: E402
from parse_corpus import DEFAULT_CORPUS, RUN_ENV, materialize, median_walls  # noqa: E402  (bench/parse_corpus.py)

BIN = Path(sys.executable).parent
NFLINT_SPOT = str(BIN / "nflint-spot")
TARGETS = {"lint_vs_treesitter": 10.0, "cli_vs_bare": 6.0, "lsp_p95_ms": 50.0, "peak_rss_mb": 100.0}


def child(kind: str, root: Path) -> dict[str, Any]:
    """Run one corpus measurement in a fresh interpreter (clean caches, its own peak RSS)."""
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--root", str(root)], capture_output=True,
                         text=True, check=True, env=RUN_ENV)
    return json.loads(out.stdout.strip().splitlines()[-1])


def fastest_rounds(kinds: tuple[str, ...], root: Path, rounds: int) -> dict[str, dict[str, Any] | str]:
    """Each kind's fastest of `rounds` runs, the kinds taking turns within a round: the
    machine's speed drifts by tens of percent within minutes here, and a ratio of two
    single runs made a minute apart drifted with it (8x to 15x for the same code). A kind
    that fails gives its error's last line instead."""
    best: dict[str, dict[str, Any] | str] = {}
    for _ in range(rounds):
        for kind in kinds:
            try:
                result = child(kind, root)
            except subprocess.CalledProcessError as error:
                best[kind] = (error.stderr.strip().splitlines() or ["no output"])[-1]
                continue
            held = best.get(kind)
            if not isinstance(held, dict) or result["seconds"] < held["seconds"]:
                best[kind] = result
    return best


def _files(root: Path) -> list[tuple[str, str]]:
    return [(str(p), p.read_text(encoding="utf-8-sig")) for p in sorted(root.rglob("*.config"))]


def run_child(kind: str, root: Path) -> None:
    import resource

    files = _files(root)
    size = sum(len(text.encode("utf-8")) for _, text in files)
    failures = 0
    if kind == "parse":
        from nflint_spot.syntax.parser import SyntaxProblem, parse_config

        parse_config(files[0][1], files[0][0])  # warm-up: load the tables
        started = time.perf_counter()
        failures = sum(isinstance(parse_config(text, path), SyntaxProblem) for path, text in files)
    elif kind == "lint":
        from nflint_spot.lint.linter import lint_text
        from nflint_spot.lint.settings import load_settings

        settings = load_settings()
        lint_text(files[0][1], files[0][0], settings)  # warm-up: tables, rule modules
        started = time.perf_counter()
        for path, text in files:
            result = lint_text(text, path, settings)
            failures += any(d.code == "SYN001" for d in result.diagnostics)
    else:  # tree-sitter-groovy
        import tree_sitter
        import tree_sitter_groovy

        parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_groovy.language()))
        data = [text.encode("utf-8") for _, text in files]
        parser.parse(data[0])
        started = time.perf_counter()
        failures = sum(parser.parse(item).root_node.has_error for item in data)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(json.dumps({"files": len(files), "bytes": size, "seconds": elapsed, "failures": failures,
                      "peak_rss_mb": peak}))


# ---------------------------------------------------------------- the command line


def cli_start(root: Path, runs: int) -> tuple[float, float, float]:
    """(cold, warm, bare): `check` linting the file (--no-cache), `check` answered from the
    result cache (the file unchanged since the previous run), and `python -c pass`."""
    sample = root / "nf-core__sarek" / "conf" / "base.config"
    cli = [NFLINT_SPOT, "check", "--exit-zero", str(sample)]
    subprocess.run(cli, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=RUN_ENV)  # warm
    cold, warm, bare = median_walls([[*cli, "--no-cache"], cli, [sys.executable, "-c", "pass"]], runs)
    return cold, warm, bare


def check_many(root: Path, jobs: int) -> tuple[float, int, str]:
    files = [str(p) for p in sorted(root.rglob("*.config"))]
    started = time.perf_counter()
    out = subprocess.run([NFLINT_SPOT, "check", "--quiet", "--no-cache", "--jobs", str(jobs), *files], capture_output=True,
                         text=True, check=False, env=RUN_ENV)
    return time.perf_counter() - started, len(files), out.stdout


# ---------------------------------------------------------------- the language server


class LspClient:
    """Raw JSON-RPC over the server's stdio (what an editor does)."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([NFLINT_SPOT, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, env=RUN_ENV)
        self.messages: queue.Queue[tuple[float, dict[str, Any]]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        while True:
            length = 0
            while True:
                header = stdout.readline()
                if not header:
                    return
                if header == b"\r\n":
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            body = json.loads(stdout.read(length))
            self.messages.put((time.perf_counter(), body))

    def send(self, message: dict[str, Any]) -> float:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        sent = time.perf_counter()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return sent

    def wait_for(self, test: Any, timeout: float = 60) -> tuple[float, dict[str, Any]]:
        deadline = time.perf_counter() + timeout
        while True:
            at, message = self.messages.get(timeout=max(0.1, deadline - time.perf_counter()))
            if test(message):
                return at, message

    def close(self) -> None:
        try:
            self.send({"id": 999_999, "method": "shutdown"})
            self.wait_for(lambda m: m.get("id") == 999_999, 10)
            self.send({"method": "exit"})
            self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()


def big_config(lines: int) -> str:
    """A config shaped like a large nf-core pipeline's: defaults, labels, many withName
    scopes with closures, AWS settings and profiles."""
    head = ["manifest {", "    nextflowVersion = '!>=24.04.0'", "}", "aws {", "    region = 'eu-west-1'",
            "    batch {", "        maxSpotAttempts = 3", "        maxTransferAttempts = 3", "    }", "}",
            "process {", "    executor = 'awsbatch'", "    queue = 'spot-queue'",
            "    errorStrategy = { task.exitStatus in ((130..145) + 104 + 175) ? 'retry' : 'finish' }",
            "    maxRetries = 1", "    withLabel: 'process_high' {", "        cpus = { 12 * task.attempt }",
            "        memory = { 72.GB * task.attempt }", "        time = { 16.h * task.attempt }", "    }"]
    body, index = [], 0
    while len(head) + len(body) + 12 < lines:
        body += [f"    withName: '.*:SUBWORKFLOW_{index}:TOOL_{index}' {{",
                 f"        ext.args = {{ \"--threads ${{task.cpus}} --sample ${{meta.id}}_{index}\" }}",
                 f"        time = {{ {1 + index % 30}.h * task.attempt }}",
                 "        queue = { task.attempt > 1 ? 'ondemand-queue' : 'spot-queue' }",
                 "    }"]
        index += 1
    tail = ["}", "profiles {", "    test {", "        params.max_time = '6.h'", "    }", "    aws {",
            "        process.queue = 'spot-queue'", "        aws.batch.maxSpotAttempts = 0", "    }", "}"]
    return "\n".join(head + body + tail) + "\n"


# The language-server scenarios: what each change does to the 2,000-line config.
LSP_SCENARIOS = {
    # `maxRetries` of the process defaults cycling 0/1/2, the length unchanged: after the
    # first three changes the process settings are ones an earlier lint saw (carried.py).
    "editing a value": lambda text, change: text.replace("maxRetries = 1", f"maxRetries = {change % 3}", 1),
    # The process defaults' queue renamed at every change to a name no earlier lint saw
    # ('spot-queue-0', 'spot-queue-1', ...): nothing is carried, every view and rule is
    # computed. (Not maxRetries counting up: a plan simulates maxRetries + 1 attempts, and
    # values in the hundreds would measure that, not an edit.)
    "editing a value, each value new": lambda text, change: text.replace(
        "queue = 'spot-queue'", f"queue = 'spot-queue-{change}'", 1),
    # A value near the top growing by one character per change, as typing does: every node
    # after it moves.
    "typing near the top": lambda text, change: text.replace(
        "region = 'eu-west-1", "region = 'eu-west-1" + "x" * (change + 1), 1),
}


def lsp_latency(lines: int, changes: int, scenario: str) -> tuple[list[float], int]:
    """didChange → publishDiagnostics, each change made by LSP_SCENARIOS[scenario]."""
    directory = Path(tempfile.mkdtemp(prefix="nflint-lsp-bench-"))
    path = directory / "nextflow.config"
    text = big_config(lines)
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client = LspClient()
    latencies = []
    try:
        client.send({"id": 1, "method": "initialize", "params": {
            "processId": None, "rootUri": directory.as_uri(), "capabilities": {}}})
        client.wait_for(lambda m: m.get("id") == 1)
        client.send({"method": "initialized", "params": {}})
        client.send({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "nextflow", "version": 1, "text": text}}})

        def published(m: dict[str, Any]) -> bool:
            return m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri

        client.wait_for(published)
        for change in range(changes):  # a typing user: edit one value, wait for the diagnostics
            edited = LSP_SCENARIOS[scenario](text, change)
            sent = client.send({"method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": change + 2}, "contentChanges": [{"text": edited}]}})
            at, _ = client.wait_for(published)
            latencies.append(at - sent)
    finally:
        client.close()
        shutil.rmtree(directory, ignore_errors=True)
    return latencies, text.count("\n")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# ---------------------------------------------------------------- the table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("NFLINT_CORPUS", DEFAULT_CORPUS)))
    parser.add_argument("--runs", type=int, default=15, help="CLI start-up runs (median)")
    parser.add_argument("--rounds", type=int, default=3, help="corpus rounds (fastest of each kind)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--lsp-lines", type=int, default=2000)
    parser.add_argument("--lsp-changes", type=int, default=200)
    parser.add_argument("--lsp-only", action="store_true", help="only the language-server rows (step 5)")
    parser.add_argument("--pipelines", type=Path, default=DEFAULT_PIPELINES,
                        help="the pipeline trees for the composed lint (step 6)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child, args.root)
        return

    rows: list[tuple[str, str, str]] = []
    if not args.lsp_only:
        rows += corpus_rows(args)
        if args.pipelines.is_dir():  # issue 14: the run a user launches (bench/composed.py)
            rows += composed_rows(args.pipelines, args.rounds)
    for what in LSP_SCENARIOS:
        latencies, lines = lsp_latency(args.lsp_lines, args.lsp_changes, what)
        median, p95 = statistics.median(latencies) * 1000, percentile(latencies, 0.95) * 1000
        rows.append((f"LSP didChange → publishDiagnostics, {lines} lines, {what}, {len(latencies)} changes",
                     f"median {median:.0f} ms, p95 {p95:.0f} ms, slowest {max(latencies) * 1000:.0f} ms",
                     _verdict(p95, TARGETS["lsp_p95_ms"], "ms") + " (p95)"))
    print(f"nflint-spot bench on {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    width = max(len(r[0]) for r in rows)
    print(f"| {'measure':<{width}} | figure | target |")
    print(f"|{'-' * (width + 2)}|--------|--------|")
    for name, figure, target in rows:
        print(f"| {name:<{width}} | {figure} | {target} |")


def corpus_rows(args: argparse.Namespace) -> list[tuple[str, str, str]]:
    """Steps 1 to 4: the corpus parsed and linted, tree-sitter, the CLI."""
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="nflint-bench-") as scratch:
        root = Path(scratch)
        materialize(args.corpus, root)
        best = fastest_rounds(("parse", "lint", "treesitter"), root, args.rounds)
        parse, lint, treesitter = best["parse"], best["lint"], best["treesitter"]
        if not isinstance(parse, dict) or not isinstance(lint, dict):
            raise SystemExit(f"the corpus run failed: {parse if isinstance(lint, dict) else lint}")
        megabytes = parse["bytes"] / 1e6
        for label, result in (("parse only", parse), ("full lint", lint)):
            rows.append((f"corpus, {label} ({result['files']} files, {megabytes:.1f} MB)",
                         f"{result['seconds']:.2f} s, {result['files'] / result['seconds']:.0f} files/s, "
                         f"{megabytes / result['seconds']:.2f} MB/s", ""))
        rows.append(("corpus, full lint: peak RSS (whole process)", f"{lint['peak_rss_mb']:.0f} MB",
                     _verdict(lint["peak_rss_mb"], TARGETS["peak_rss_mb"], "MB")))
        if not isinstance(treesitter, dict):
            rows.append(("tree-sitter-groovy parse", f"not measured: {treesitter}", ""))
        else:
            rows.append(("tree-sitter-groovy parse (the reference)",
                         f"{treesitter['seconds']:.2f} s, {megabytes / treesitter['seconds']:.2f} MB/s, "
                         f"{treesitter['failures']} of {treesitter['files']} files with errors", ""))
            rows.append(("our parse / tree-sitter parse", f"{parse['seconds'] / treesitter['seconds']:.1f}x", ""))
            ratio = lint["seconds"] / treesitter["seconds"]
            rows.append(("our full lint / tree-sitter parse", f"{ratio:.1f}x",
                         _verdict(ratio, TARGETS["lint_vs_treesitter"], "x")))
        cold, warm, bare = cli_start(root, args.runs)
        for label, cli in (("linting (--no-cache)", cold), ("from the result cache", warm)):
            rows.append((f"one-file CLI, {label}, median of {args.runs}",
                         f"{cli * 1000:.0f} ms vs python -c pass {bare * 1000:.0f} ms = {cli / bare:.1f}x",
                         _verdict(cli / bare, TARGETS["cli_vs_bare"], "x")))
        one, count, out_one = check_many(root, 1)
        many, _, out_many = check_many(root, args.jobs)
        same = "same output" if out_one == out_many else "OUTPUT DIFFERS"
        rows.append((f"check {count} files, --jobs {args.jobs} vs --jobs 1",
                     f"{many:.1f} s vs {one:.1f} s = {one / many:.2f}x faster ({same})", ""))
    return rows


def _verdict(value: float, target: float, unit: str) -> str:
    return f"<= {target:g} {unit}: {'met' if value <= target else 'NOT met'}"


if __name__ == "__main__":
    main()
