"""The language server's lint of an edited buffer equals a fresh lint of its text, for
random sequences of small edits (hypothesis). The server's lint keeps state from the
previous one: the tree it splices the re-parsed statements into (incremental.py), values
memoised by node (value_memo.py) and the findings carried by the process settings
(carried.py). A stale answer from any of them shows up here as a difference.
(bench/fuzz_editing.py runs the same comparison over long sessions on the whole corpus.)"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nflint_spot import carried, linter
from nflint_spot.incremental import IncrementalParser
from nflint_spot.lsp_session import ServerOptions, SettingsCache, lint_document
from nflint_spot.settings import LintSettings

from conftest import corpus_dir

# Real configs with selectors, labels and closures (sarek's and rnaseq's resource defaults),
# and a small one with profiles and Spot settings, whose findings the carried store keeps.
CORPUS_BASES = ("nf-core__sarek/conf__base.config", "nf-core__rnaseq/conf__base.config")
SPOT_CONFIG = """\
params {
    outdir = 'results'
}
aws.batch.maxSpotAttempts = 3
process {
    executor = 'awsbatch'
    queue = 'spot-queue'
    errorStrategy = { task.exitStatus in ((130..145) + 104) ? 'retry' : 'finish' }
    maxRetries = 1
    withLabel: 'process_high' {
        time = { 16.h * task.attempt }
    }
    withName: 'ALIGN' {
        time = { 30.h * task.attempt }
        queue = { task.attempt > 1 ? 'ondemand-queue' : 'spot-queue' }
    }
}
profiles {
    aws {
        process.queue = 'spot-queue'
        aws.batch.maxSpotAttempts = 0
    }
}
"""
TYPED = ["", "x", "1", "0", " ", "\n", "'", "{", "}", ".h", "2", "\n    maxRetries = 0\n", "\nprocess.time = '48h'\n"]

# An edit: where (a fraction of the text's length, or of its first TOP characters: typing
# above most settings moves them all, and their findings must move with them), how many
# characters deleted, what typed.
TOP = 40
edits = st.lists(st.tuples(st.booleans(), st.floats(0, 1), st.integers(0, 4), st.sampled_from(TYPED)),
                 min_size=1, max_size=8)


def _bases() -> list[str]:
    corpus = corpus_dir()
    return [SPOT_CONFIG] + [(corpus / name).read_text(encoding="utf-8") for name in CORPUS_BASES]


BASES = _bases()


def _shown(diagnostics: list[linter.Diagnostic]) -> list[tuple[object, ...]]:
    return [(d.path, d.code, d.span, d.span.line, d.span.column, d.span.end_line, d.span.end_column, d.severity,
             d.message, d.fix, d.related, d.profiles, d.processes, d.excerpt) for d in diagnostics]


def _edited(text: str, edit: tuple[bool, float, int, str]) -> str:
    top, where, deleted, typed = edit
    position = round(where * (min(TOP, len(text)) if top else len(text)))
    return text[:position] + typed + text[position + deleted:]


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.integers(0, len(BASES) - 1), steps=edits)
def test_every_lint_of_an_edited_buffer_equals_a_fresh_lint(tmp_path_factory, base: int,
                                                            steps: list[tuple[bool, float, int, str]]) -> None:
    folder = tmp_path_factory.mktemp("editing")
    path = str(folder / "nextflow.config")
    (folder / "rules.yaml").write_text("rules: {}\n", encoding="utf-8")
    parser, cache = IncrementalParser(), SettingsCache()
    text = BASES[base]
    was_enabled = carried.enabled
    try:
        for version, step in enumerate([None, *steps], start=1):
            if step is not None:
                text = _edited(text, step)
            outcome = lint_document(cache, ServerOptions(), None, path, text, version, parser)
            assert outcome.run is not None, outcome.messages
            lint_settings = cache.get(None, path)
            assert isinstance(lint_settings, LintSettings)
            carried.enabled = False  # the fresh lint: nothing carried from earlier lints
            fresh = linter.lint_text(text, path, lint_settings, strict=True)
            carried.enabled = True
            assert _shown(outcome.run.result.diagnostics) == _shown(fresh.diagnostics), (version, step)
    finally:
        carried.enabled = was_enabled
