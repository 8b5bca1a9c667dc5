"""Fuzz the whole lint: parse, includes, model, every rule (strict, so a rule crash surfaces).

    python bench/fuzz.py --iterations 100000 [--seed S] [--processes P] [--out DIR]
    python bench/fuzz.py --reproduce DIR/crash-....config

Each iteration is one case, made deterministically from (seed, iteration):

- byte mutations of a corpus file (flips, inserts of interesting bytes, deletions,
  duplicated or spliced chunks), decoded as the CLI decodes a file: bytes that are not
  UTF-8 stop at the documented ConfigReadError and are counted, not linted;
- token mutations of a corpus file (delete, duplicate, swap, replace with a token of the
  same file or an interesting one: selectors, braces, `${`, includes, huge numbers...);
- random grammar-shaped configs from a small recursive generator (assignments, blocks,
  profiles, selectors, closures, strings and GStrings, includes, legacy statements).

Every case is linted with `lint_text(..., strict=True)` as `nextflow.config` in a scratch
directory holding a few includable files (one including the root: a cycle) and, for half
the cases, a pipeline `main.nf` whose processes selectors are matched against. Any
exception is a crash; a case over `--slow` seconds (wall clock, confirmed by a second run)
is slow; each is written to `--out` with its traceback or timings. Network access in the
workers raises (a config must never reach the network), so it would show up as a crash.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import re
import signal
import socket
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
HANG_SECONDS = 60

# ---------------------------------------------------------------- the scratch project

PIPELINE = """\
process ALIGN {
    label 'process_high'
    time '36h'
    errorStrategy 'retry'
    maxRetries 2
    input: path x
    script: "echo"
}
process QC { label 'process_low'; cpus 2
    script: "true" }
process aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa { label 'process_high'; script: "true" }
process aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab {
    label 'process_medium'
    queue 'spot-queue'
    script: "true"
}
"""
INCLUDES = {
    "base.config": "process {\n  queue = 'spot-queue'\n  time = { 4.h * task.attempt }\n"
                   "  withLabel: process_high { time = '48h' }\n}\n",
    "cycle.config": "includeConfig 'nextflow.config'\nprocess.maxRetries = 1\n",
    "aws.config": "aws.batch.maxSpotAttempts = 3\nprocess.executor = 'awsbatch'\n",
    "broken.config": "process { withName: 'X' { queue = \n",
}


def make_scratch(root: Path, with_pipeline: bool) -> str:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in INCLUDES.items():
        (root / name).write_text(text, encoding="utf-8")
    if with_pipeline:
        (root / "main.nf").write_text(PIPELINE, encoding="utf-8")
    return str(root / "nextflow.config")


# ---------------------------------------------------------------- case generation

INTERESTING_BYTES = [b"\x00", b"\xff", b"\xfe\xff", b"\xc3", b"\xe2\x82", b"{", b"}", b"(", b")", b"[", b"]",
                     b"'", b'"', b"'''", b'"""', b"$", b"${", b"\\", b"\n", b"\r\n", b"/*", b"*/", b"//",
                     b":", b"=", b"?", b".", b",", b"->", b"\t", b" ", b"\xf0\x9f\x9a\x80", b"\xef\xbb\xbf"]
INTERESTING_TOKENS = [
    "{", "}", "(", ")", "[", "]", "=", ":", "?", "?:", "->", ".", ",", ";", "\n", "${", "$", "'", '"', "/",
    "withName", "withLabel", "withName:", "withLabel:", "includeConfig", "process", "profiles", "aws", "batch",
    "maxSpotAttempts", "queue", "time", "errorStrategy", "maxRetries", "executor", "awsbatch", "task.attempt",
    "task.exitStatus", "params.x", "0", "-1", "1", "10", "99999999999999999999999", "1e400", "0x7fffffff",
    "'1h'", "'-1h'", "'1.5 d'", "'0 GB'", "2.h", "4.GB", "'retry'", "'ignore'", "'finish'", "'terminate'",
    "'spot-queue'", "'od-queue'", "'(a+)+b'", "'!FOO'", "'.*'", "'['", "'base.config'", "'cycle.config'",
    "'nextflow.config'", "'https://example.invalid/x.config'", "'/dev/null'", "null", "true", "false", "def",
    "if", "else", "try", "catch", "return", "new", "in", "instanceof", "as", "**", "<=>", "=~", "==~",
    "\"${task.attempt}\"", "/* c */", "// c\n", "'''x'''", "\\", "@", "#", "`", "\u00e9", "\U0001f680",
]
_TOKEN = re.compile(r"""\s+|//[^\n]*|/\*.*?\*/|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|[A-Za-z_]\w*|\d+(?:\.\d+)?|\S""",
                    re.DOTALL)


def mutate_bytes(data: bytes, rng: random.Random, corpus: list[bytes]) -> bytes:
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(data))
        kind = rng.randrange(7)
        if kind == 0 and data:  # flip a bit
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1:]
        elif kind == 1:
            data = data[:at] + rng.choice(INTERESTING_BYTES) * rng.choice((1, 1, 2, 50)) + data[at:]
        elif kind == 2:
            data = data[:at] + data[at + rng.randint(1, 64):]
        elif kind == 3:
            end = min(len(data), at + rng.randint(1, 500))
            data = data[:end] + data[at:end] * rng.randint(1, 3) + data[end:]
        elif kind == 4:
            data = data[:at]
        elif kind == 5:  # splice a chunk of another file
            other = rng.choice(corpus)
            start = rng.randint(0, len(other))
            data = data[:at] + other[start:start + rng.randint(1, 800)] + data[at:]
        else:
            data = data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))) + data[at:]
    return data


def _same_class(token: str, tokens: list[str], rng: random.Random) -> str:
    """A token that keeps the syntax valid more often than not: a string for a string, a
    number for a number, a name for a name (so most of these cases reach the rules)."""
    if token[:1] in "'\"":
        pool = [t for t in INTERESTING_TOKENS if t[:1] == "'"] + [t for t in tokens if t[:1] in "'\""]
    elif token[:1].isdigit():
        pool = ["0", "-1", "1", "3", "11", "99999999999999999999999", "0.5", "1e400"]
    elif token[:1].isalpha() or token[:1] == "_":
        pool = [t for t in tokens if t[:1].isalpha()] + ["withName", "withLabel", "queue", "time", "errorStrategy",
                                                         "maxRetries", "maxSpotAttempts", "executor", "awsbatch"]
    else:
        return token
    return rng.choice(pool)


def mutate_tokens(text: str, rng: random.Random) -> str:
    tokens = _TOKEN.findall(text) or [""]
    significant = [i for i, t in enumerate(tokens) if not t.isspace()] or [0]
    for _ in range(rng.choice((1, 1, 1, 2, 3, 5))):
        at = rng.randrange(len(tokens))
        kind = rng.randrange(9)
        if kind >= 6:
            at = rng.choice(significant)
            if at < len(tokens):
                tokens[at] = _same_class(tokens[at], tokens, rng)
            continue
        if kind == 0 and len(tokens) > 1:
            del tokens[at:at + rng.randint(1, 3)]
        elif kind == 1:
            tokens.insert(at, tokens[rng.randrange(len(tokens))])
        elif kind == 2:
            other = rng.randrange(len(tokens))
            tokens[at], tokens[other] = tokens[other], tokens[at]
        elif kind == 3:
            tokens[at] = rng.choice(INTERESTING_TOKENS)
        elif kind == 4:
            tokens.insert(at, rng.choice(INTERESTING_TOKENS))
        else:  # repeat a run of tokens (deep nesting, long lists)
            end = min(len(tokens), at + rng.randint(1, 6))
            tokens[at:end] = tokens[at:end] * rng.choice((2, 3, 20, 120))
        if not tokens:
            tokens = [""]
    return "".join(tokens)


class ConfigGenerator:
    """Random configs shaped like real ones. `depth` bounds blocks and expressions."""

    SCOPES = ["process", "aws", "aws.batch", "executor", "params", "manifest", "env", "docker", "fusion",
              "wave", "google", "google.batch", "azure", "tower", "nextflow"]
    SETTINGS = ["process.queue", "process.time", "process.errorStrategy", "process.maxRetries",
                "process.executor", "process.memory", "process.cpus", "aws.batch.maxSpotAttempts",
                "aws.batch.maxTransferAttempts", "aws.batch.cliPath", "aws.region", "executor.name",
                "executor.queueSize", "manifest.nextflowVersion", "fusion.enabled", "fusion.snapshots",
                "wave.enabled", "google.batch.maxSpotAttempts", "google.batch.spot", "params.max_time",
                "params.queue", "process.resourceLimits", "executor.$awsbatch.queueSize", "aws.batch.platformType"]
    DIRECTIVES = ["queue", "time", "errorStrategy", "maxRetries", "executor", "memory", "cpus", "maxErrors",
                  "label", "spot", "accelerator", "resourceLabels"]
    PATTERNS = ["ALIGN", "QC", "ALIGN|QC", "!QC", ".*:ALIGN", "process_high", "process_.*", "(a+)+b", "a*b",
                "[", "", "NFCORE_.*:.*", "\\\\w+", "a" * 600, "(a|a)*b", "(a|aa)+b",
                ".*.*.*.*b", "(a?){25}a{25}"]

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def config(self) -> str:
        return "".join(self.statement(3, "") for _ in range(self.rng.randint(1, 12)))

    def statement(self, depth: int, indent: str) -> str:
        r = self.rng.random()
        if r < 0.35 or depth <= 0:
            key = self.rng.choice(self.SETTINGS if not indent else self.DIRECTIVES + self.SETTINGS)
            return f"{indent}{key} = {self.expr(2)}\n"
        if r < 0.5:
            return self.block(self.rng.choice(self.SCOPES), depth, indent)
        if r < 0.62:
            kind = self.rng.choice(["withName", "withLabel"])
            pattern = self.string(self.rng.choice(self.PATTERNS), ("'", '"', "/"))
            sep = self.rng.choice([": ", ":", " = "])
            body = "".join(self.statement(depth - 1, indent + "  ") for _ in range(self.rng.randint(0, 3)))
            inner = f"{indent}{kind}{sep}{pattern} {{\n{body}{indent}}}\n"
            return inner if indent else f"process {{\n{inner}}}\n"
        if r < 0.7:
            profiles = "".join(self.block(name, depth - 1, indent + "  ")
                               for name in self.rng.sample(["aws", "test", "standard", "docker", "spot"],
                                                           self.rng.randint(1, 3)))
            return f"{indent}profiles {{\n{profiles}{indent}}}\n"
        if r < 0.8:
            target = self.rng.choice(["'base.config'", "'cycle.config'", "'aws.config'", "'broken.config'",
                                      "'missing.config'", "'nextflow.config'", "\"${projectDir}/base.config\"",
                                      "params.custom_config", "'https://example.invalid/x.config'",
                                      "'s3://bucket/x.config'", "params.x ? 'aws.config' : '/dev/null'"])
            return f"{indent}includeConfig {target}\n"
        if r < 0.88:
            return self.legacy(depth, indent)
        if r < 0.94:
            return f"{indent}// {self.rng.choice(['nflint-spot: ignore[SPOT002]', 'x', 'nflint-spot: ignore-file[CFG020]'])}\n"
        return f"{indent}{self.rng.choice(['process', 'aws.batch', 'executor'])}.{self.rng.choice(self.DIRECTIVES)} {self.expr(1)}\n"

    def legacy(self, depth: int, indent: str) -> str:
        """Legacy Groovy at config level: declarations, `if`, `switch`, imports, functions."""
        rng = self.rng
        body = self.statement(depth - 1, indent + "  ")
        return rng.choice([
            lambda: f"{indent}def v = {self.expr(1)}\n",
            lambda: f"{indent}{rng.choice(['String', 'final', 'int', 'List<String>', 'final Map<String, Integer>'])} v = {self.expr(1)}\n",
            lambda: f"{indent}if ({self.expr(1)}) {{\n{body}{indent}}}\n",
            lambda: (f"{indent}switch ({self.expr(1)}) {{\n{indent}  case {self.expr(0)}:\n{body}{indent}    break\n"
                     f"{indent}  default:\n{self.statement(depth - 1, indent + '  ')}{indent}}}\n"),
            lambda: f"{indent}import {rng.choice(['java.nio.file.Paths', 'static java.lang.Math.max', 'java.util.*'])}\n",
            lambda: f"{indent}{rng.choice(['def', 'int', 'static String'])} f(a, b) {{\n{indent}  {self.expr(1)}\n{indent}}}\n",
        ])()

    def block(self, name: str, depth: int, indent: str) -> str:
        body = "".join(self.statement(depth - 1, indent + "  ") for _ in range(self.rng.randint(0, 4)))
        return f"{indent}{name} {{\n{body}{indent}}}\n"

    def string(self, value: str, quotes: tuple[str, ...] = ("'", "'", '"', "'''", "/")) -> str:
        quote = self.rng.choice(quotes)
        return f"{quote}{value}{quote}"

    def expr(self, depth: int) -> str:
        rng = self.rng
        leaves = [
            lambda: str(rng.choice([0, 1, 2, 3, 5, 10, 11, -1, 2**31, 10**30])),
            lambda: rng.choice(["1.5", "0.0", "-2.5e3"]),
            lambda: self.string(rng.choice(["1h", "48h", "2d", "1.5 d", "30m", "-1h", "8 GB", "1 TB", "abc",
                                            "retry", "ignore", "finish", "terminate", "spot-queue",
                                            "od-queue", "awsbatch", "local", "24.10.0", ">=23.04.0", "!>=25",
                                            "", "x" * 200])),
            lambda: rng.choice(["2.h", "4.GB", "1.d", "30.min", "task.attempt", "task.exitStatus",
                                "params.max_time", "params.queue", "null", "true", "false", "projectDir",
                                "System.getenv('X')", "Integer.MAX_VALUE"]),
        ]
        if depth <= 0 or rng.random() < 0.4:
            return rng.choice(leaves)()
        forms = [
            lambda: f"{{ {self.expr(depth - 1)} }}",
            lambda: f"{{ task.exitStatus in [143, 137, 104] ? {self.expr(depth - 1)} : {self.expr(depth - 1)} }}",
            lambda: f"{{ task.attempt > {rng.randint(0, 3)} ? {self.expr(depth - 1)} : {self.expr(depth - 1)} }}",
            lambda: f"{self.expr(depth - 1)} * task.attempt",
            lambda: f"{self.expr(depth - 1)} {rng.choice(['+', '-', '*', '/', '?:', '==', '<', '&&', '||'])} {self.expr(depth - 1)}",
            lambda: f"[{', '.join(self.expr(depth - 1) for _ in range(rng.randint(0, 3)))}]",
            lambda: f"[{', '.join(f'{k}: {self.expr(depth - 1)}' for k in rng.sample(['time', 'memory', 'cpus', 'x'], 2))}]",
            lambda: f"\"${{{self.expr(depth - 1)}}}-x\"",
            lambda: f"check_max({self.expr(depth - 1)}, '{rng.choice(['time', 'memory', 'cpus'])}')",
            lambda: f"({self.expr(depth - 1)})",
            lambda: f"{self.expr(depth - 1)} as {rng.choice(['int', 'String', 'nextflow.util.Duration'])}",
            lambda: f"{{ -> {self.expr(depth - 1)} }}",
            lambda: f"{{ if (task.attempt > 1) return {self.expr(depth - 1)}; {self.expr(depth - 1)} }}",
            lambda: (f"{{ switch (task.{rng.choice(['attempt', 'exitStatus'])}) {{ case {rng.choice(['1', '[137, 143]', '130..145', 'params.x'])}: "
                     f"{self.expr(depth - 1)}; {rng.choice(['break; ', ''])}default: {self.expr(depth - 1)} }} }}"),
            lambda: f"({rng.choice(['Integer', 'int', 'String', 'List<String>'])}) {self.expr(depth - 1)}",
            lambda: f"{{ {rng.choice(['int', 'final', 'String'])} n = {self.expr(depth - 1)}; n }}",
            lambda: f"{{ def n = 0; for (int i = 0; i < {rng.randint(0, 3)}; i++) {{ n += i }}; {self.expr(depth - 1)} }}",
        ]
        return rng.choice(forms)()


@dataclass
class Case:
    iteration: int
    kind: str
    text: str | None  # None: the bytes are not UTF-8 (the CLI reports them, exit 2)
    data: bytes = b""


def make_case(iteration: int, seed: int, corpus: list[bytes]) -> Case:
    from nflint_spot.sources import ConfigReadError, decode_config

    rng = random.Random(f"{seed}:{iteration}")
    slot = iteration % 10
    if slot < 3:
        data = mutate_bytes(rng.choice(corpus), rng, corpus)
        try:
            return Case(iteration, "bytes", decode_config("nextflow.config", data), data)
        except ConfigReadError:
            return Case(iteration, "bytes", None, data)
    if slot < 7:
        text = mutate_tokens(rng.choice(corpus).decode("utf-8-sig"), rng)
        return Case(iteration, "tokens", text)
    return Case(iteration, "grammar", ConfigGenerator(rng).config())


# ---------------------------------------------------------------- running cases


class HangError(BaseException):
    """Raised by the alarm; a BaseException so no `except Exception` in the linter eats it."""


def _no_network(*args: object, **kwargs: object) -> None:
    raise RuntimeError("network access attempted while linting")


@dataclass
class Totals:
    cases: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    undecodable: int = 0
    syntax_errors: int = 0
    diagnostics: int = 0
    crashes: list[dict[str, object]] = field(default_factory=list)
    slow: list[dict[str, object]] = field(default_factory=list)
    seconds: float = 0.0
    slowest: tuple[float, int] = (0.0, -1)


STATE: dict[str, object] = {}


def init_worker(corpus_dir: str, seed: int) -> None:
    """A worker's set-up (fuzz_editing.py's too): network access raises (and so shows up as
    a crash), the scratch projects, the settings, the seed, the corpus, the hang alarm."""
    from nflint_spot.lint.settings import load_settings

    socket.socket.connect = _no_network  # type: ignore[method-assign]
    socket.create_connection = _no_network  # type: ignore[assignment]
    import urllib.request

    urllib.request.urlopen = _no_network  # type: ignore[assignment]
    scratch = Path(tempfile.mkdtemp(prefix="nflint-fuzz-"))
    STATE["paths"] = [make_scratch(scratch / "plain", False), make_scratch(scratch / "pipeline", True)]
    STATE["settings"] = load_settings()
    STATE["seed"] = seed
    STATE["corpus"] = [p.read_bytes() for p in sorted(Path(corpus_dir).rglob("*.config"))]

    def expire(signum: int, frame: object) -> None:
        raise HangError(f"still running after {HANG_SECONDS} s")

    signal.signal(signal.SIGALRM, expire)


def lint_case(text: str, path: str, settings: object) -> tuple[float, object]:
    from nflint_spot.lint.linter import lint_text

    signal.alarm(HANG_SECONDS)
    started = time.perf_counter()
    try:
        result = lint_text(text, path, settings, strict=True)  # type: ignore[arg-type]
    finally:
        signal.alarm(0)
    return time.perf_counter() - started, result


def run_range(args: tuple[int, int, str, float]) -> Totals:
    start, stop, out_dir, slow_limit = args
    totals = Totals()
    paths: list[str] = STATE["paths"]  # type: ignore[assignment]
    for iteration in range(start, stop):
        case = make_case(iteration, STATE["seed"], STATE["corpus"])  # type: ignore[arg-type]
        totals.cases += 1
        totals.by_kind[case.kind] = totals.by_kind.get(case.kind, 0) + 1
        if case.text is None:
            totals.undecodable += 1
            continue
        path = paths[iteration % 2]
        try:
            elapsed, result = lint_case(case.text, path, STATE["settings"])
        except (Exception, HangError) as error:  # noqa: BLE001 - every exception is a finding here
            totals.crashes.append(_record(out_dir, "crash", case, path, traceback.format_exc(), error))
            continue
        totals.seconds += elapsed
        totals.slowest = max(totals.slowest, (elapsed, iteration))
        totals.diagnostics += len(result.diagnostics)  # type: ignore[attr-defined]
        totals.syntax_errors += any(d.code == "SYN001" for d in result.diagnostics)  # type: ignore[attr-defined]
        if elapsed > slow_limit:
            again, _ = lint_case(case.text, path, STATE["settings"])
            if again > slow_limit:  # not just a busy machine
                totals.slow.append(_record(out_dir, "slow", case, path, f"{elapsed:.3f} s, again {again:.3f} s"))
    return totals


def _record(out_dir: str, what: str, case: Case, path: str, detail: str,
            error: BaseException | None = None) -> dict[str, object]:
    where = ""
    if error is not None:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if "nflint_spot" in f.filename]
        where = f"{os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else "?"
    data = case.text.encode("utf-8", "surrogatepass") if case.text is not None else case.data
    digest = hashlib.sha1(data).hexdigest()[:10]
    name = f"{what}-{case.kind}-{case.iteration}-{digest}"
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    (Path(out_dir) / f"{name}.config").write_bytes(data)
    (Path(out_dir) / f"{name}.txt").write_text(
        f"iteration {case.iteration} ({case.kind}), linted as {os.path.basename(os.path.dirname(path))}/"
        f"nextflow.config\n{detail}\n", encoding="utf-8")
    return {"iteration": case.iteration, "kind": case.kind, "file": f"{name}.config",
            "error": f"{type(error).__name__}: {str(error)[:200]}" if error else detail, "where": where}


def merge(into: Totals, part: Totals) -> None:
    into.cases += part.cases
    for kind, count in part.by_kind.items():
        into.by_kind[kind] = into.by_kind.get(kind, 0) + count
    into.undecodable += part.undecodable
    into.syntax_errors += part.syntax_errors
    into.diagnostics += part.diagnostics
    into.crashes += part.crashes
    into.slow += part.slow
    into.seconds += part.seconds
    into.slowest = max(into.slowest, part.slowest)


def reproduce(file: Path, with_pipeline: bool) -> int:
    """Lint one reproducer the way the fuzzer did; print the traceback of a crash."""
    from nflint_spot.lint.linter import lint_text
    from nflint_spot.lint.settings import load_settings
    from nflint_spot.sources import decode_config

    path = make_scratch(Path(tempfile.mkdtemp(prefix="nflint-repro-")) / "p", with_pipeline)
    text = decode_config(str(file), file.read_bytes())
    started = time.perf_counter()
    result = lint_text(text, path, load_settings(), strict=True)
    print(f"{len(result.diagnostics)} diagnostics in {time.perf_counter() - started:.3f} s")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--iterations", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("NFLINT_CORPUS", DEFAULT_CORPUS)))
    parser.add_argument("--out", default="fuzz-findings", help="where reproducers go (default: ./fuzz-findings)")
    parser.add_argument("--slow", type=float, default=1.0, help="seconds over which a case is slow")
    parser.add_argument("--chunk", type=int, default=500)
    parser.add_argument("--reproduce", type=Path, help="lint this reproducer and show what happens")
    parser.add_argument("--pipeline", action="store_true", help="with --reproduce: next to a main.nf")
    args = parser.parse_args()
    if args.reproduce:
        return reproduce(args.reproduce, args.pipeline)

    started = time.perf_counter()
    chunks = [(s, min(s + args.chunk, args.iterations), args.out, args.slow)
              for s in range(0, args.iterations, args.chunk)]
    totals = Totals()
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with context.Pool(args.processes, init_worker, (str(args.corpus), args.seed)) as pool:
        for part in pool.imap_unordered(run_range, chunks):
            merge(totals, part)
            print(f"  {totals.cases:>7} cases, {len(totals.crashes)} crashes, {len(totals.slow)} slow, "
                  f"{time.perf_counter() - started:.0f} s", flush=True)
    wall = time.perf_counter() - started
    summary = {
        "iterations": args.iterations, "seed": args.seed, "processes": args.processes, "by_kind": totals.by_kind,
        "undecodable": totals.undecodable, "with_syntax_error": totals.syntax_errors,
        "diagnostics": totals.diagnostics, "crashes": totals.crashes, "slow": totals.slow,
        "lint_seconds": round(totals.seconds, 1), "wall_seconds": round(wall, 1),
        "slowest": {"seconds": round(totals.slowest[0], 3), "iteration": totals.slowest[1]},
    }
    Path(args.out).mkdir(parents=True, exist_ok=True)
    (Path(args.out) / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(f"\n{totals.cases} cases ({', '.join(f'{k} {v}' for k, v in sorted(totals.by_kind.items()))}) "
          f"in {wall:.0f} s with {args.processes} processes; {totals.undecodable} not UTF-8 (ConfigReadError), "
          f"{totals.syntax_errors} with a syntax error, {totals.diagnostics} diagnostics")
    print(f"slowest case: {totals.slowest[0]:.3f} s (iteration {totals.slowest[1]})")
    print(f"crashes: {len(totals.crashes)}; slow (> {args.slow} s twice): {len(totals.slow)}; "
          f"reproducers in {args.out}/")
    for item in totals.crashes + totals.slow:
        print(f"  {item['file']}: {item['error']} {item.get('where', '')}")
    return 1 if totals.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
