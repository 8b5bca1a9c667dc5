"""The language server's lint of an edited buffer equals a fresh lint of its text, for
random sequences of small edits (hypothesis). The server's lint keeps state from the
previous one: the tree it splices the re-parsed statements into (incremental.py), values
memoised by node (value_memo.py) and the findings carried by the process settings
(carried.py). A stale answer from any of them shows up here as a difference.
(bench/fuzz_editing.py runs the same comparison over long sessions on the whole corpus.)"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import corpus_dir
from test_carried import CONFIG, served_and_fresh

# test_carried's config with profiles and Spot settings, whose findings the carried store
# keeps, after a block that no rule reads (edits there move every finding and change none),
# and real configs with selectors, labels and closures (sarek's and rnaseq's resource
# defaults).
NEUTRAL_TOP = "params {\n    outdir = 'results'\n}\n"
CORPUS_BASES = ("nf-core__sarek/conf__base.config", "nf-core__rnaseq/conf__base.config")
TYPED = ["", "x", "1", "0", " ", "\n", "'", "{", "}", ".h", "2", "\n    maxRetries = 0\n", "\nprocess.time = '48h'\n"]

# An edit: where (a fraction of the text's length, or of its first TOP characters: typing
# above most settings moves them all, and their findings must move with them), how many
# characters deleted, what typed.
TOP = 40
edits = st.lists(st.tuples(st.booleans(), st.floats(0, 1), st.integers(0, 4), st.sampled_from(TYPED)),
                 min_size=1, max_size=8)
BASES = [NEUTRAL_TOP + CONFIG] + [(corpus_dir() / name).read_text(encoding="utf-8") for name in CORPUS_BASES]


def _edited(text: str, edit: tuple[bool, float, int, str]) -> str:
    top, where, deleted, typed = edit
    position = round(where * (min(TOP, len(text)) if top else len(text)))
    return text[:position] + typed + text[position + deleted:]


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.integers(0, len(BASES) - 1), steps=edits)
def test_every_lint_of_an_edited_buffer_equals_a_fresh_lint(tmp_path_factory: pytest.TempPathFactory, base: int,
                                                            steps: list[tuple[bool, float, int, str]]) -> None:
    texts = [BASES[base]]
    for step in steps:
        texts.append(_edited(texts[-1], step))
    for version, (served, fresh) in enumerate(served_and_fresh(tmp_path_factory.mktemp("editing"), texts)):
        assert served == fresh, (version, steps[version - 1] if version else "first lint")
