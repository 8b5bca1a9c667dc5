"""The hostile inputs of issue 6 (tests/test_adversarial.py) at any size, to check that each
costs linear time: tests/test_scaling.py counts the calls `check` makes, bench/scaling.py
times it. `make(directory, n)` writes the input of size n there and returns the config to
check; `base` is the size both start from (the adversarial test's own size where it has one).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from corpus_tree import corpus_dir

from nflint_spot.lint.autofix import plan_fixes
from nflint_spot.lint.linter import lint_file
from nflint_spot.sources import ConfigReadError


@dataclass(frozen=True)
class Case:
    name: str
    unit: str  # what n counts
    base: int
    make: Callable[[Path, int], Path]


def check(root: Path) -> None:
    """What `check --fix --unsafe-fixes` does before writing: lint the file and plan every
    fix (or stop at the error it reports with exit 2)."""
    try:
        result = lint_file(str(root))
    except ConfigReadError:
        return
    plan_fixes(result.diagnostics, result.texts, unsafe=True)


def _write(directory: Path, text: str, name: str = "nextflow.config") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def _text_case(name: str, unit: str, base: int, text: Callable[[int], str]) -> Case:
    return Case(name, unit, base, lambda directory, n: _write(directory, text(n)))


def _largest_corpus_file() -> str:
    largest = max(corpus_dir().rglob("*.config"), key=lambda p: p.stat().st_size)
    return largest.read_text(encoding="utf-8").rstrip("\n") + "\n"


def _big_config(directory: Path, n: int) -> Path:
    """The largest corpus file n times (the 10 MB test is about 45 copies)."""
    return _write(directory, _largest_corpus_file() * n)


def _invalid_utf8_include(directory: Path, n: int) -> Path:
    (directory / "bad.config").write_bytes(b"process.cpus = 1\n" * n + b"x = '\xc3\x28'\n")
    return _write(directory, "includeConfig 'bad.config'\n")


def _utf16(directory: Path, n: int) -> Path:
    path = directory / "nextflow.config"
    path.write_bytes(("process.queue = 'spot'\n" * n).encode("utf-16"))
    return path


def _nul_include(directory: Path, n: int) -> Path:
    _write(directory, "params.a = 1\n" * n + "process {\n  cpus = 2\x00\n}\n", "nul.config")
    return _write(directory, "includeConfig 'nul.config'\n")


def _include_cycle_chain(directory: Path, n: int) -> Path:
    """n files including the next through a symlink each, the last including the first."""
    for i in range(n):
        _write(directory, f"process.maxRetries = {i}\nincludeConfig 'link{(i + 1) % n}.config'\n", f"c{i}.config")
        (directory / f"link{i}.config").symlink_to(f"c{i}.config")
    return directory / "c0.config"


def _include_chain(directory: Path, n: int) -> Path:
    """n files each including the next (followed 64 deep: config/walk.py MAX_INCLUDE_DEPTH)."""
    for i in range(n):
        following = f"includeConfig 'c{i + 1}.config'\n" if i + 1 < n else ""
        _write(directory, f"params.p{i} = {i}\n{following}", f"c{i}.config")
    return directory / "c0.config"


def _long_process_names(directory: Path, n: int) -> Path:
    """Selectors that backtrack exponentially (in Java and Python) against names n long."""
    (directory / "main.nf").write_text(
        f"process {'a' * n} {{\n    label 'big'\n    script: \"true\"\n}}\n"
        f"process {'b' * n} {{\n    label '{'b' * n}'\n    script: \"true\"\n}}\n", encoding="utf-8")
    patterns = ["(a+)+b", "(a|a)*b", "(a|aa)+b", "(a?){25}a{25}", ".*.*.*.*b"]
    body = "".join(f"    withName: '{p}' {{ time = '48h' }}\n" for p in patterns)
    return _write(directory, "process {\n    executor = 'awsbatch'\n    queue = 'spot-queue'\n"
                  + body + "    withLabel: '(b|b)*c' { time = '48h' }\n}\n")


_SCOPE = "process {{\n    executor = 'awsbatch'\n    queue = 'spot-queue'\n    withName: 'P{0}' {{ time = '48h' }}\n}}\n"

CASES: tuple[Case, ...] = (
    _text_case("nested-braces", "brackets", 10_000, lambda n: "a = " + "{" * n + "}" * n + "\n"),
    _text_case("nested-parentheses", "brackets", 10_000, lambda n: "a = " + "(" * n + "1" + ")" * n + "\n"),
    _text_case("nested-blocks", "blocks", 10_000, lambda n: "process {\n" + "a {\n" * n + "}\n" * (n + 1)),
    _text_case("mixed-brackets-never-closed", "triples", 3_400, lambda n: "x = { a = [" + "({[" * n + "\n"),
    Case("big-config", "copies of the largest corpus file", 4, _big_config),
    _text_case("long-line-one-string", "characters", 100_000,
               lambda n: "process { withName = '" + "A" * n + "' { queue = 'od' } }\n"),
    _text_case("long-line-many-tokens", "list items", 25_000, lambda n: "params.x = [" + "1, " * n + "]\n"),
    _text_case("long-line-gstring-placeholders", "placeholders", 10_000,
               lambda n: 'params.x = "' + "${params.y}-" * n + '"\n'),
    Case("nul-byte-after-many-lines", "lines", 10_000, _nul_include),
    Case("invalid-utf8-after-many-lines", "lines", 10_000, _invalid_utf8_include),
    Case("utf16-file", "lines", 10_000, _utf16),
    _text_case("placeholder-never-closed", "lines before it", 10_000,
               lambda n: "params.a = 1\n" * n + 'process.queue = "${\n'),
    _text_case("placeholder-never-closed-long-expression", "terms", 10_000,
               lambda n: 'process.queue = "${' + "x + " * n + "\n"),
    # Left-deep trees thousands of nodes deep: every walk of them must be a loop, not a recursion.
    _text_case("long-binary-expression", "terms", 10_000, lambda n: "x = " + " + ".join(["1"] * n) + "\n"),
    _text_case("long-property-chain", "calls", 10_000, lambda n: "x = a" + ".b()" * n + "\n"),
    # What follows a `{` is looked at to tell a closure's parameters from its body
    # (grammar: LBRACE_PARAMS): a long name, or many commented names with no `->` after them.
    _text_case("long-name-after-a-brace", "characters", 100_000, lambda n: "x = { " + "a" * n + " }\n"),
    _text_case("commented-names-after-a-brace", "lines", 2_000,
               lambda n: "x = { " + "a /* x */ , // y\n" * n + " }\n"),
    # A property chain after a `=`, where a declaration's type (grammar: DECLARED_TYPE) is
    # not looked for: looked for at each of its names, it cost the square of its length.
    _text_case("long-property-chain-assigned", "names", 10_000, lambda n: "x = a" + ".b" * n + "\n"),
    # Closures the evaluator runs for every attempt and exit status: a long body, and a long
    # switch with no `break` whose labels it cannot decide (each runs the cases after it).
    _text_case("long-closure-body", "statements", 2_000,
               lambda n: "process.executor = 'awsbatch'\nprocess.queue = 'spot'\nprocess.errorStrategy = {\n"
               + "    x = 1\n    println x\n" * n + "    'retry'\n}\n"),
    _text_case("long-switch-without-breaks", "cases", 1_000,
               lambda n: "process.executor = 'awsbatch'\nprocess.queue = 'spot'\n"
               "process.errorStrategy = { switch (task.exitStatus) {\n"
               + "".join(f"    case params.x{i}: 'retry'\n" for i in range(n)) + "    default: 'finish'\n} }\n"),
    _text_case("string-never-closed", "lines after it", 10_000, lambda n: "params.a = '\n" + "params.b = 1\n" * n),
    _text_case("a-suppression-on-every-line", "lines", 2_000,
               lambda n: "".join(f"process.time = '{i}hr' // nflint-spot: ignore[CFG013]\n" for i in range(n))),
    _text_case("a-finding-on-every-line", "lines", 2_000, lambda n: "".join(f"process.time = '{i}hr'\n" for i in range(n))),
    _text_case("profiles-each-with-a-finding", "profiles", 1_000,
               lambda n: "process.executor = 'awsbatch'\nprocess.queue = 'spot'\nprocess.time = '48h'\nprofiles {\n"
               + "".join(f"  p{i} {{ process.maxRetries = 0; params.x{i} = 1 }}\n" for i in range(n)) + "}\n"),
    _text_case("selector-scopes", "scopes", 1_000, lambda n: "".join(_SCOPE.format(i) for i in range(n))),
    Case("include-chain", "files", 25, _include_chain),
    Case("include-cycle-through-symlinks", "files", 25, _include_cycle_chain),
    Case("catastrophic-selectors-long-names", "name characters", 5_000, _long_process_names),
)
