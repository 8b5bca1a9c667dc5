"""Findings carried from one language-server lint to the next (carried.py): every lint of an
edited buffer gives exactly the diagnostics of a fresh lint of its text, whether the carried
findings were reused as they were, moved with the text, or computed again; and a key that
leaves out where a setting is written is caught by that comparison."""

from __future__ import annotations

from pathlib import Path

import pytest

from nflint_spot.speed import carried
from nflint_spot.lint import linter
from nflint_spot.speed.incremental import IncrementalParser
from nflint_spot.lsp.session import ServerOptions, SettingsCache, lint_document
from nflint_spot.lint.settings import LintSettings

CONFIG = """\
manifest {
    nextflowVersion = '!>=24.04.0'
}
aws {
    region = 'eu-west-1'
    batch {
        maxSpotAttempts = 3
    }
}
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
    withName: 'SORT' {
        time = '2h'
        queue = { task.attempt > 0 ? 'ondemand-queue' : 'spot-queue' }
    }
}
profiles {
    test {
        params.max_time = '6.h'
    }
    aws {
        process.queue = 'spot-queue'
        aws.region = 'eu-west-2'
        aws.batch.maxSpotAttempts = 0
    }
}
"""

# (old, new): each applied to the text the edit before left.
EDITS = [
    ("maxRetries = 1", "maxRetries = 0"),  # every view changes: CFG014 appears
    ("maxRetries = 0", "maxRetries = 2"),
    ("maxRetries = 2", "maxRetries = 1"),  # a text linted before: carried as it was
    ("maxRetries = 1", "maxRetries = 0"),
    ("region = 'eu-west-1'", "region = 'eu-west-1x'"),  # typing near the top: findings move
    ("region = 'eu-west-1x'", "region = 'eu-west-1xy'"),
    ("maxSpotAttempts = 3", "maxSpotAttempts = 4"),  # a setting named in a rule's key
    ("'eu-west-2'", "'eu-west-2x'"),  # the aws profile's views stay, its maxSpotAttempts (in rules' keys) moves
    ("time = '2h'", "time = '48h'"),  # one view changes
    ("aws {\n    region", "aws {\n\n    region"),  # a line inserted: every line after it moves
    ("maxRetries = 0", "maxRetries = 1"),
    ("        time = '48h'\n", ""),  # a setting removed
]


def _lints(tmp_path: Path, config: str = CONFIG, edits: list[tuple[str, str]] = EDITS, settings: str = "rules: {}\n",
           ) -> list[tuple[list[tuple[object, ...]], list[tuple[object, ...]]]]:
    """(the server's diagnostics, a fresh lint's) after each of `edits` of `config`."""
    texts = [config]
    for old, new in edits:
        assert old in texts[-1]
        texts.append(texts[-1].replace(old, new, 1))
    return served_and_fresh(tmp_path, texts, settings)


def served_and_fresh(tmp_path: Path, texts: list[str], settings_text: str = "rules: {}\n",
                     ) -> list[tuple[list[tuple[object, ...]], list[tuple[object, ...]]]]:
    """(the server's diagnostics, a fresh lint's) for each of `texts`, the successive
    contents of one buffer (tests/test_lsp_editing_fuzz.py uses it too); `settings_text` is
    the rules.yaml beside it."""
    path = str(tmp_path / "nextflow.config")
    (tmp_path / "rules.yaml").write_text(settings_text, encoding="utf-8")
    parser, cache = IncrementalParser(), SettingsCache()
    pairs = []
    for version, text in enumerate(texts, start=1):
        outcome = lint_document(cache, ServerOptions(), None, path, text, version, parser)
        assert outcome.run is not None, outcome.messages
        settings = cache.get(None, path)
        assert isinstance(settings, LintSettings)
        carried.enabled = False  # the fresh lint: within-lint sharing only
        expected = linter.lint_text(text, path, settings, strict=True)
        carried.enabled = True
        pairs.append((_shown(outcome.run.result.diagnostics), _shown(expected.diagnostics)))
    return pairs


def _shown(diagnostics: list[linter.Diagnostic]) -> list[tuple[object, ...]]:
    # Everything a client sees; the tests read the first three (code, span, message).
    return [(d.code, d.span, d.message, d.related, d.fix, d.processes, d.profiles, d.path, d.severity,
             d.suggestion, d.excerpt) for d in diagnostics]


@pytest.fixture
def reuses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """How each lookup of a stored entry ended: 'still' (reused as stored), 'moved' (spans
    moved) or 'unplaced' (computed again)."""
    seen: list[str] = []
    original = carried._moved

    def moved(entry, lint, view_sources, extra, root):  # type: ignore[no-untyped-def]
        found = original(entry, lint, view_sources, extra, root)
        seen.append("unplaced" if found is None else "still" if found is entry[3] else "moved")
        return found

    monkeypatch.setattr(carried, "_moved", moved)
    return seen


def test_every_lint_of_an_edited_buffer_matches_a_fresh_lint(tmp_path: Path, reuses: list[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(carried, "VERIFY", True)  # each reuse computed again, and compared
    for index, (served, fresh) in enumerate(_lints(tmp_path)):
        assert served == fresh, EDITS[index - 1] if index else "first lint"
    # The carried path was taken both ways: as stored (the scenarios of one lint, the
    # maxRetries values seen before) and moved (typing near the top).
    assert "still" in reuses and "moved" in reuses


def test_edits_change_the_diagnostics_through_carried_findings(tmp_path: Path) -> None:
    lints = [served for served, _ in _lints(tmp_path)]
    zero_retries = [[d for d in lint if d[0] == "CFG014"] for lint in lints]
    # maxRetries = 0 at the edits 1 and 4 (lints 1, 4 to 10): CFG014 there only.
    assert [bool(found) for found in zero_retries] == [False, True, False, False, True, True, True, True, True,
                                                       True, True, False, False]
    # Typing near the top moves the finding's offsets, not its line.
    before, after = zero_retries[4][0][1], zero_retries[5][0][1]
    assert (after.start, after.line) == (before.start + 1, before.line)
    # A line inserted above moves its line.
    assert zero_retries[10][0][1].line == zero_retries[9][0][1].line + 1
    # maxSpotAttempts 3 → 4 changes SPOT001's message (the runs per attempt).
    assert {d[2] for d in lints[7] if d[0] == "SPOT001"} != {d[2] for d in lints[6] if d[0] == "SPOT001"}


def test_a_key_without_lines_gives_stale_diagnostics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sabotage: a setting fingerprinted by its value's structure and text but not its line
    and column. A line inserted above then moves every offset by one and every line by one;
    the carried findings move their offsets but keep the old lines: the comparison with a
    fresh lint must fail."""
    original = carried.setting_fingerprint

    def without_lines(model, setting):  # type: ignore[no-untyped-def]
        return original(model, setting)[:-4]

    monkeypatch.setattr(carried, "setting_fingerprint", without_lines)
    assert any(served != fresh for served, fresh in _lints(tmp_path))


def test_a_key_without_the_values_gives_stale_diagnostics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sabotage: settings named by their key alone. maxRetries 1 → 0 then leaves the views'
    fingerprint as it was, and CFG014 would not appear: the comparison must fail."""
    def structure_only(model, setting):  # type: ignore[no-untyped-def]
        return (setting.key,)

    monkeypatch.setattr(carried, "setting_fingerprint", structure_only)
    assert any(served != fresh for served, fresh in _lints(tmp_path))


PARAMS_CONFIG = """\
params.sort_queue = 'spot-queue'
process {
    executor = 'awsbatch'
    errorStrategy = 'retry'
    maxRetries = 2
    queue = 'spot-queue'
    withName: 'SORT' {
        queue = 'spot-queue'
    }
}
"""
PARAMS_EDITS = [
    ("        queue = 'spot-queue'\n    }", "        queue = params.sort_queue\n    }"),  # the views read a param
    ("params.sort_queue = 'spot-queue'", "params.sort_queue = 'ondemand-queue'"),  # its value changes
    ("params.sort_queue = 'ondemand-queue'", "params.sort_queue = 'spot-queue'"),
]


def test_the_params_the_views_read_are_kept_by_the_views_fingerprint(tmp_path: Path) -> None:
    pairs = _lints(tmp_path, PARAMS_CONFIG, PARAMS_EDITS)
    assert all(served == fresh for served, fresh in pairs)
    assert pairs[1][0] != pairs[2][0]  # the param's value changes the findings


def test_params_read_kept_under_a_wrong_key_give_stale_diagnostics(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Sabotage: the params read kept under one key for every view list. The first lint's
    views read none, so the param's value never enters the findings' key afterwards."""
    original = carried._params_read
    monkeypatch.setattr(carried, "_params_read", lambda model, executor, key: original(model, executor, ()))
    pairs = _lints(tmp_path, PARAMS_CONFIG, PARAMS_EDITS)
    assert any(served != fresh for served, fresh in pairs)


CORPUS_SAMPLE = 4  # every 4th corpus file: a few seconds


@pytest.fixture(scope="module")
def corpus_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from conftest import corpus_dir
    from corpus_tree import manifest, materialize

    corpus = corpus_dir()
    if not (corpus / "MANIFEST.csv").exists():
        pytest.fail(f"shared corpus not found at {corpus} (set NFLINT_CORPUS)")
    root = tmp_path_factory.mktemp("corpus")
    materialize(corpus, root)
    rows = manifest(corpus)[::CORPUS_SAMPLE]
    return [root / row.repo.replace("/", "__") / row.original for row in rows]


def test_corpus_findings_carried_past_an_edit_above_them_match_fresh_lints(
        corpus_files: list[Path], reuses: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Real configs, typed into at the very top: a space before the first character moves
    every offset after it and no line, so the second lint reuses the first one's findings,
    moved (each reuse also recomputed and compared: VERIFY)."""
    from nflint_spot.lint.settings import load_settings

    settings = load_settings()
    monkeypatch.setattr(carried, "VERIFY", True)
    for path in corpus_files:
        text = path.read_text(encoding="utf-8-sig")
        carried.enabled = True
        linter.lint_text(text, str(path), settings, strict=True)
        served = linter.lint_text(" " + text, str(path), settings, strict=True).diagnostics
        carried.enabled = False
        fresh = linter.lint_text(" " + text, str(path), settings, strict=True).diagnostics
        assert _shown(served) == _shown(fresh), path
    assert reuses.count("moved") > 1000  # 1,662 reuses moved over the 358 configs when written


def test_a_finding_about_a_setting_outside_the_key_is_not_carried_past_a_lint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A finding pointing at a setting its key does not pin (a rule's bug: here missing-queue
    made to point at aws.region) serves its own lint only: typing between the process
    settings and that setting moves the setting and nothing in the key, and the next lint
    must find it where it now is."""
    from nflint_spot.diagnostics import Finding, Related
    from nflint_spot.rules.missing_queue import MissingQueue

    def check(self, model):  # type: ignore[no-untyped-def]
        region = model.setting("aws.region")
        yield Finding(region.span, "region", related=(Related(region.path, region.span, "here"),))

    monkeypatch.setattr(MissingQueue, "_check", check)
    config = "process {\n    executor = 'awsbatch'\n}\nparams.note = 'a'\naws.region = 'eu-west-1'\n"
    pairs = _lints(tmp_path, config, [("'a'", "'ab'"), ("'ab'", "'abc'")])
    assert all(served == fresh for served, fresh in pairs)
    assert [d[1].start for served, _ in pairs for d in served if d[0] == "SPOT014"] == [56, 57, 58]


def test_a_finding_is_moved_when_the_config_has_no_process_setting(tmp_path: Path) -> None:
    """Without any `process` setting every lint's view sources are the same (empty) tuple
    object: a lookup that took that for "another scenario of this lint" served SPOT014's
    finding on `executor.name` at its old offsets after typing above it (bench/fuzz_editing.py,
    seed 7)."""
    config = "// note\nprofiles {\n  test {\n  }\n}\nexecutor.name = 'awsbatch'\n"
    (tmp_path / "main.nf").write_text("process ALIGN {\n    script:\n    'echo'\n}\n", encoding="utf-8")
    pairs = _lints(tmp_path, config, [("note", "notes"), ("notes", "notes!")])
    assert all(served == fresh for served, fresh in pairs)
    assert [(d[0], d[1].start) for served, _ in pairs for d in served if d[0] == "SPOT014"] == [
        ("SPOT014", 34), ("SPOT014", 35), ("SPOT014", 36)]


PIPELINE_SCRIPT = """\
process ALIGN {
    label 'process_high'
    queue 'spot-queue'
    errorStrategy 'retry'
    maxRetries 3

    script:
    "echo"
}

process SORT {
    time '30h'

    script:
    "echo"
}
"""


def test_a_pipeline_s_findings_are_carried_while_its_scripts_are_unchanged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scripts are scanned again at every lint (new definitions each time): they are
    keyed by what they say, so typing in the config reuses the findings, and editing a
    script changes them."""
    from nflint_spot.rules import unreachable_fallback

    (tmp_path / "main.nf").write_text(PIPELINE_SCRIPT, encoding="utf-8")
    computed: list[int] = []
    original = unreachable_fallback._findings
    monkeypatch.setattr(unreachable_fallback, "_findings", lambda model: computed.append(1) or original(model))
    edits = [("region = 'eu-west-1'", "region = 'eu-west-1x'")]
    one_release = "rules: {}\nnextflow_version: '26.04.0'\n"  # one model per profile: the counts below
    pairs = _lints(tmp_path, CONFIG, edits, one_release)
    assert all(served == fresh for served, fresh in pairs)
    assert any(d[0] == "SPOT006" and d[2].startswith("ALIGN") for d in pairs[0][0])  # a script's process
    # Two lists of views (the aws profile's differs), each computed by the server's first lint
    # and by each fresh lint; the server's second lint reuses.
    assert len(computed) == 2 * 3

    (tmp_path / "main.nf").write_text(PIPELINE_SCRIPT.replace("maxRetries 3", "maxRetries 0"), encoding="utf-8")
    after = _lints(tmp_path, CONFIG, [], one_release)
    assert all(served == fresh for served, fresh in after)
    assert after[0][0] != pairs[0][0]
