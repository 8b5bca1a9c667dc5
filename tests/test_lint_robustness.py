"""The whole lint (parse, includes, model, every rule, strict so a rule crash raises) never
raises and never hangs: mutated corpus files and random config-shaped text (hypothesis),
and the cases `bench/fuzz.py` found, each a regression test.

`hang_guard` is a generous wall-clock limit that only turns a hang into a failure; it is
not a timing assertion.
"""

from __future__ import annotations


from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nflint_spot.analysis.scenarios import AnalysisOptions, build_models, load
from nflint_spot.analysis.aws import MAX_SIMULATED_ATTEMPTS, plan_attempts
from nflint_spot.lint.linter import LintResult, lint_text
from nflint_spot.lint.settings import load_settings
from nflint_spot.sources import read_config

from conftest import FIXTURES, corpus_dir
from hang_guard import hang_guard

HANG_GUARD_SECONDS = 20
FUZZ_CASES = sorted((FIXTURES / "fuzz").glob("*.config"))
PIPELINE = """\
process ALIGN {
    label 'process_high'
    time '36h'
    errorStrategy 'retry'
    input: path x
    script: "echo"
}
process aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa { label 'process_low'; script: "true" }
"""
INCLUDES = {
    "base.config": "process {\n  queue = 'spot-queue'\n  time = { 4.h * task.attempt }\n}\n",
    "cycle.config": "includeConfig 'nextflow.config'\nprocess.maxRetries = 1\n",
    "broken.config": "process { withName: 'X' { queue = \n",
}


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """Where a case is linted as nextflow.config: with includable files (one a cycle back to
    the root), without and with a pipeline whose processes the selectors are matched to."""
    paths = []
    for name, pipeline in (("plain", False), ("pipeline", True)):
        root = tmp_path_factory.mktemp(name)
        for file, text in INCLUDES.items():
            (root / file).write_text(text, encoding="utf-8")
        if pipeline:
            (root / "main.nf").write_text(PIPELINE, encoding="utf-8")
        paths.append(str(root / "nextflow.config"))
    return paths[0], paths[1]


@lru_cache(maxsize=1)
def default_settings():
    return load_settings()


def lint_guarded(text: str, path: str) -> LintResult:
    with hang_guard(HANG_GUARD_SECONDS):
        result = lint_text(text, path, default_settings(), strict=True)
    for diagnostic in result.diagnostics:
        text = result.texts.get(diagnostic.path)  # None: a pipeline script (main.nf)
        assert text is not None or diagnostic.path.endswith(".nf"), diagnostic.path
        assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(text if text is not None else "x" * 10**6)
        assert diagnostic.span.line >= 1 and diagnostic.span.column >= 1
    return result


# ---------------------------------------------------------------- mutated corpus files


@lru_cache(maxsize=1)
def corpus_paths() -> tuple[Path, ...]:
    paths = tuple(sorted(corpus_dir().rglob("*.config")))
    assert paths, f"no *.config files under {corpus_dir()} (set NFLINT_CORPUS)"
    return paths


@lru_cache(maxsize=None)
def corpus_text(index: int) -> str:
    return read_config(str(corpus_paths()[index]))


SAME_KIND = {
    "string": ["'retry'", "'ignore'", "'spot-queue'", "'48h'", "'-1h'", "'0 GB'", "'(a|a)*b'", "'base.config'",
               "'cycle.config'", "'nextflow.config'", "'https://example.invalid/x.config'", "'${'"],
    "number": ["0", "-1", "11", "2147483648", "99999999999999999999999", "1e400"],
    "name": ["withName", "withLabel", "queue", "time", "errorStrategy", "maxRetries", "maxSpotAttempts",
             "executor", "awsbatch", "task", "includeConfig", "profiles"],
    "other": ["{", "}", "(", ")", "[", "]", "=", ":", "?", "->", "${", "\n", "'", '"', "/*", "\x00"],
}


@st.composite
def mutated_configs(draw: st.DrawFn) -> str:
    """A corpus file with a few edits; mostly same-kind replacements, which keep it parsing
    (so the model and the rules see it), some that break it."""
    text = corpus_text(draw(st.integers(0, len(corpus_paths()) - 1), label="corpus file"))
    for _ in range(draw(st.integers(1, 4), label="mutations")):
        at = draw(st.integers(0, len(text)), label="position")
        kind = draw(st.sampled_from(["replace-word", "replace-word", "insert", "delete", "duplicate"]))
        if kind == "replace-word":
            start, end = _word_at(text, at)
            word = text[start:end]
            family = ("string" if word[:1] in "'\"" else "number" if word[:1].isdigit()
                      else "name" if word[:1].isalpha() else "other")
            text = text[:start] + draw(st.sampled_from(SAME_KIND[family])) + text[end:]
        elif kind == "insert":
            text = text[:at] + draw(st.sampled_from(SAME_KIND["other"] + SAME_KIND["string"])) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 12)):]
        else:
            end = min(len(text), at + draw(st.integers(1, 300)))
            text = text[:end] + text[at:end] + text[end:]
    return text


def _word_at(text: str, at: int) -> tuple[int, int]:
    """The quoted string, number, name or single character at `at`."""
    if at >= len(text):
        return at, at
    char = text[at]
    if char in "'\"":
        end, newline = text.find(char, at + 1), text.find("\n", at)
        return at, end + 1 if 0 < end < (newline if newline >= 0 else len(text)) else at + 1
    end = at
    while end < len(text) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    return at, max(end, at + 1)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated_configs(), st.booleans())
def test_mutated_corpus_files_lint_without_raising(projects: tuple[str, str], text: str, pipeline: bool) -> None:
    lint_guarded(text, projects[pipeline])


# ---------------------------------------------------------------- config-shaped text

KEYS = ["process.queue", "process.time", "process.errorStrategy", "process.maxRetries", "process.executor",
        "aws.batch.maxSpotAttempts", "executor.name", "manifest.nextflowVersion", "fusion.snapshots",
        "process.resourceLimits", "params.x", "google.batch.spot"]
LEAVES = ["0", "1", "3", "-1", "2147483648", "10 ** 30", "1.5", "'1h'", "'48h'", "'-2 d'", "'8 GB'", "'retry'",
          "'ignore'", "'finish'", "'spot-queue'", "'od-queue'", "'awsbatch'", "'24.04.0'", "'>=23.10'", "2.h",
          "4.GB", "task.attempt", "task.exitStatus", "params.x", "null", "true", "System.getenv('Q')", '"${x}"']

expressions = st.recursive(
    st.sampled_from(LEAVES),
    lambda inner: st.one_of(
        st.builds("{{ {} }}".format, inner),
        st.builds("{{ task.exitStatus in [143, 137] ? {} : {} }}".format, inner, inner),
        st.builds("{{ task.attempt > 1 ? {} : {} }}".format, inner, inner),
        st.builds("{} * task.attempt".format, inner),
        st.builds("{} {} {}".format, inner, st.sampled_from(["+", "-", "*", "/", "?:", "<", "=="]), inner),
        st.builds(lambda items: "[" + ", ".join(items) + "]", st.lists(inner, max_size=3)),
        st.builds("[time: {}, cpus: {}]".format, inner, inner),
        st.builds('"${{{}}}"'.format, inner),
        # Legacy Groovy in closures: a switch (with and without `break`), casts, declarations.
        st.builds("{{ switch (task.{}) {{ case {}: {}; {}default: {} }} }}".format,
                  st.sampled_from(["attempt", "exitStatus"]),
                  st.sampled_from(["1", "[137, 143]", "130..145", "params.x", "Integer.MAX_VALUE"]),
                  inner, st.sampled_from(["break; ", ""]), inner),
        st.builds("({}) {}".format, st.sampled_from(["Integer", "int", "String", "List<String>"]), inner),
        st.builds("{{ {} n = {}; n }}".format, st.sampled_from(["int", "final", "String"]), inner),
    ),
    max_leaves=8,
)


def _block(name: str, body: list[str]) -> str:
    return f"{name} {{\n" + "".join(body) + "}\n"


statements = st.recursive(
    st.one_of(
        st.builds("{} = {}\n".format, st.sampled_from(KEYS), expressions),
        st.builds("includeConfig {}\n".format, st.sampled_from(
            ["'base.config'", "'cycle.config'", "'broken.config'", "'missing.config'", "'nextflow.config'",
             "'https://example.invalid/x.config'", "'s3://bucket/x.config'", "params.custom_config"])),
        st.sampled_from(["// nflint-spot: ignore[SPOT002]\n", "def x = 1\n", "process.queue 'spot-queue'\n",
                         "String x = 'a'\n", "final n = 2\n", "import java.util.*\n"]),
    ),
    lambda inner: st.one_of(
        st.builds(_block, st.sampled_from(["process", "aws", "aws.batch", "executor", "params", "manifest"]),
                  st.lists(inner, max_size=4)),
        st.builds(lambda kind, pattern, body: _block(f"process {{\n{kind}{pattern}", body) + "}\n",
                  st.sampled_from(["withName: ", "withLabel: ", "withName = "]),
                  st.sampled_from(["'ALIGN'", "'process_high'", "'ALIGN|QC'", "'!ALIGN'", "'.*:ALIGN'",
                                   "'(a+)+b'", "'(a|a)*b'", "'['", "/a.*/"]),
                  st.lists(inner, max_size=3)),
        st.builds(lambda subject, body: f"switch ({subject}) {{\ncase 'a':\n" + "".join(body) + "break\ndefault:\n}\n",
                  st.sampled_from(["params.x", "params.genome"]), st.lists(inner, max_size=3)),
        st.builds(lambda profiles: _block("profiles", [_block(n, b) for n, b in profiles]),
                  st.lists(st.tuples(st.sampled_from(["aws", "test", "spot"]), st.lists(inner, max_size=3)),
                           max_size=3)),
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(statements, min_size=1, max_size=6).map("".join), st.booleans())
def test_generated_configs_lint_without_raising(projects: tuple[str, str], text: str, pipeline: bool) -> None:
    lint_guarded(text, projects[pipeline])


# ---------------------------------------------------------------- found by bench/fuzz.py


@pytest.mark.parametrize("case", FUZZ_CASES, ids=lambda p: p.stem)
@pytest.mark.parametrize("pipeline", [False, True], ids=["plain", "pipeline"])
def test_fuzz_finding(projects: tuple[str, str], case: Path, pipeline: bool) -> None:
    """max_retries_hang_*: hung in aws.plan_attempts (`maxRetries = 2147483648` or larger with
    an errorStrategy that cannot be evaluated: queue and time closures evaluated for two
    billion attempts). include_nul_byte_*: `includeConfig "../con\0f/profiles.config"` made
    os.path.realpath raise ValueError in the loader."""
    lint_guarded(read_config(str(case)), projects[pipeline])


def test_huge_max_retries_with_an_unknown_strategy_simulates_a_bounded_number_of_attempts(tmp_path: Path) -> None:
    text = ("process.executor = 'awsbatch'\nprocess.queue = { task.attempt > 1 ? 'od-queue' : 'spot-queue' }\n"
            "process.errorStrategy = { params.strategy }\nprocess.maxRetries = 2147483648\n")
    path = str(tmp_path / "nextflow.config")
    with hang_guard(HANG_GUARD_SECONDS):
        [model] = build_models(load(path, text), AnalysisOptions(nextflow_version="26.04.0"))
        [view] = model.processes
        plan = plan_attempts(model, view)
    assert (plan.max_retries, plan.attempts) == (2147483648, None)
    assert plan.queues == ("spot-queue",) + ("od-queue",) * (MAX_SIMULATED_ATTEMPTS - 1)
    lint_guarded(text, path)
