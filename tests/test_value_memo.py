"""The directive-value memo: equal expressions written anywhere share values, and a value is
never reused where what it depends on (attempt, exit status, the params it reads) differs."""

from __future__ import annotations

from pathlib import Path

import pytest

from nflint_spot.syntax import nodes as n
from nflint_spot.values.evaluator import UNKNOWN, EvalEnv, call_closure_or_value
from nflint_spot.syntax.parser import parse_expression
from nflint_spot.speed.directive_values import directive_value
from nflint_spot.speed.value_memo import expression_key, per_node, reads_params, serial


def expr(text: str) -> n.Expr:
    parsed = parse_expression(text)
    assert isinstance(parsed, n.Node), parsed
    return parsed


def test_equal_expressions_written_in_different_places_share_one_serial() -> None:
    first = expr("{ task.attempt > 1 ? 'od' : 'spot' }")
    second = expr("  {   task.attempt>1 ? 'od' : 'spot' }")
    assert first.span != second.span
    assert serial(first) == serial(second)
    assert serial(first) != serial(expr("{ task.attempt > 2 ? 'od' : 'spot' }"))


def test_source_spelling_that_means_the_same_value_shares_a_serial() -> None:
    assert serial(expr("10L")) == serial(expr("10"))  # `raw` takes no part in evaluation
    assert serial(expr("'1'")) != serial(expr("1"))


@pytest.mark.parametrize("attempt, exit_status", [(1, 143), (2, 143), (3, 1), (None, None)])
def test_memoised_values_are_what_the_evaluator_gives(attempt: int | None, exit_status: int | None) -> None:
    closure = expr("{ task.exitStatus in [143, 137] && task.attempt <= 2 ? 'retry' : 'finish' }")
    expected = call_closure_or_value(closure, EvalEnv(attempt=attempt, exit_status=exit_status))
    assert directive_value(closure, attempt, exit_status, {}) == expected
    assert directive_value(closure, attempt, exit_status, {}) == expected  # from the memo


def test_a_value_that_reads_a_param_depends_on_that_param_only() -> None:
    closure = expr("{ task.attempt > 1 ? params.od_queue : 'spot' }")
    assert reads_params(closure)
    assert directive_value(closure, 2, None, {"od_queue": "a"}) == "a"
    assert directive_value(closure, 2, None, {"od_queue": "b"}) == "b"
    assert directive_value(closure, 2, None, {}) is UNKNOWN
    # Other params do not split the key: a test profile changing them shares the values.
    assert expression_key(closure, {"od_queue": "a", "x": 1}) == expression_key(closure, {"od_queue": "a", "x": 2})
    assert expression_key(closure, {"od_queue": "a"}) != expression_key(closure, {"od_queue": "b"})


def test_params_read_by_a_computed_name_depend_on_all_params() -> None:
    closure = expr("{ params[task.attempt > 1 ? 'a' : 'b'] }")
    assert expression_key(closure, {"a": 1, "x": 1}) != expression_key(closure, {"a": 1, "x": 2})
    assert directive_value(closure, 2, None, {"a": "od", "b": "spot"}) == "od"
    assert directive_value(closure, 1, None, {"a": "od", "b": "spot"}) == "spot"


def test_an_expression_without_params_ignores_them() -> None:
    closure = expr("{ 4.h * task.attempt }")
    assert not reads_params(closure)
    assert expression_key(closure, {"a": 1}) == expression_key(closure, {"a": 2})


def test_per_node_values_belong_to_that_very_node() -> None:
    first, second = expr("{ task.attempt > 0 ? 'a' : 'b' }"), expr("{ task.attempt > 0 ? 'a' : 'b' }")
    assert per_node(first, "span", lambda: first.span) is first.span
    assert per_node(second, "span", lambda: second.span) is second.span
    assert per_node(first, "span", lambda: pytest.fail("computed twice")) is first.span


def _diagnostics(result: object) -> list[tuple[object, ...]]:
    return [(d.path, d.code, d.span, d.message, d.suggestion, d.profiles, d.processes, repr(d.fix), repr(d.related))
            for d in result.diagnostics]  # type: ignore[attr-defined]


def test_findings_do_not_depend_on_what_the_memo_remembers(tmp_path: Path) -> None:
    """Every rule fixture linted with an empty memo, then all of them again in reverse order
    with the memo full of the others' expressions: the same findings, byte for byte."""
    import re

    from conftest import FIXTURES

    from nflint_spot.speed import value_memo
    from nflint_spot.lint.linter import lint_text
    from nflint_spot.lint.settings import load_settings

    marker = re.compile(r"[ \t]*// expect: .*$", re.MULTILINE)
    cases = []
    for index, scenario in enumerate(sorted((FIXTURES / "rules").glob("*/*.config"))):
        if scenario.name.endswith((".fixed.config", ".unsafe-fixed.config")):
            continue
        rules_file = scenario.with_name(scenario.name.removesuffix(".config") + ".rules.yaml")
        settings = load_settings(str(rules_file) if rules_file.exists() else None)
        path = tmp_path / str(index) / scenario.name
        path.parent.mkdir()
        text = marker.sub("", scenario.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
        cases.append((str(path), text, settings))
    assert len(cases) > 200
    cold = {}
    for path, text, settings in cases:
        value_memo._memo = value_memo._Memo()
        cold[path] = _diagnostics(lint_text(text, path, settings))
    for path, text, settings in reversed(cases):
        assert _diagnostics(lint_text(text, path, settings)) == cold[path], path


def test_facts_about_what_a_node_says_follow_it_when_an_edit_moves_it() -> None:
    """Typing moves every node after the edit into a new object (tree_shift.py): facts about
    what a node says carry over to its copy; facts about where it is (per_node) do not."""
    from nflint_spot.speed.incremental import IncrementalParser
    from nflint_spot.speed.value_memo import node_fact

    text = "a = 1\nprocess.time = { 4.h * task.attempt }\n"
    parser = IncrementalParser()
    before = parser.parse(text, "x.config")
    after = parser.parse("a = 12\n" + text.split("\n", 1)[1], "x.config")
    assert parser.reparsed == 1
    old_value, new_value = before.body[1].value, after.body[1].value  # type: ignore[union-attr]
    assert new_value is not old_value and new_value == old_value and new_value.span != old_value.span
    assert node_fact(old_value, "fact", lambda: "computed once") == "computed once"
    assert node_fact(new_value, "fact", lambda: pytest.fail("the copy's fact was computed again")) == "computed once"
    assert per_node(new_value, "where", lambda: new_value.span) == new_value.span
    assert serial(new_value) == serial(old_value) and reads_params(new_value) is False


def test_key_facts_are_kept_per_tag_and_equal_what_the_key_says(tmp_path: Path) -> None:
    """settings_in_effect filters through key_facts: two filters over the same keys, each
    asked twice (the second time from the memo), keep what each filter itself says."""
    from nflint_spot.speed import value_memo
    from nflint_spot.analysis.scenarios import AnalysisOptions, build_models, load
    from nflint_spot.analysis.config_values import settings_in_effect

    text = "process.queue = 'a'\nprocess.errorStrategy = 'retry'\naws.region = 'x'\nprocess.'withName:A'.errorStrategy = 'x'\n"
    path = tmp_path / "nextflow.config"
    path.write_text(text, encoding="utf-8")

    def strategies(key: tuple[str, ...]) -> bool:
        return key[-1] == "errorStrategy"

    def queues(key: tuple[str, ...]) -> bool:
        return key[-1] == "queue"

    value_memo._key_facts.clear()
    for _ in range(2):
        value_memo.begin_lint()
        [model] = build_models(load(str(path), text), AnalysisOptions())
        assert [s.key for s in settings_in_effect(model, strategies)] == [
            ("process", "errorStrategy"), ("process", "withName:A", "errorStrategy")]
        assert [s.key for s in settings_in_effect(model, queues)] == [("process", "queue")]
    assert value_memo.key_facts(("settings-matching", queues))[("process", "queue")] is True


def test_node_entries_no_lint_used_since_the_previous_sweep_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    """The node-identity memo keeps two generations (a long editing session would otherwise
    keep every moved tree alive until one lint freed them all): what a lint used survives
    each sweep with the value it had; what no lint used for a whole generation is dropped
    (its node no longer held), and is computed again if asked for."""
    from nflint_spot.speed import value_memo
    from nflint_spot.speed.value_memo import node_fact

    monkeypatch.setattr(value_memo, "_memo", value_memo._Memo())
    monkeypatch.setattr(value_memo, "MAX_ENTRIES", 2)  # above the 2 serials, below the node entries
    used, unused = expr("{ task.attempt > 1 ? 'a' : 'b' }"), expr("{ task.attempt > 2 ? 'a' : 'b' }")
    numbers = serial(used), serial(unused)
    for node in (used, unused):
        assert per_node(node, "where", lambda: "first") == "first"
        assert node_fact(node, "what", lambda: "first") == "first"

    def held() -> list[object]:
        memo = value_memo._memo
        return [entry[0] for store in (memo.by_id, memo.older_ids, memo.node_values, memo.older_values)
                for entry in store.values()]

    for _ in range(3):  # three sweeps; `used` is asked for between each
        value_memo.begin_lint()
        assert serial(used) == numbers[0]
        assert per_node(used, "where", lambda: pytest.fail("a used entry was dropped")) == "first"
        assert node_fact(used, "what", lambda: pytest.fail("a used entry was dropped")) == "first"
    assert not any(node is unused for node in held())
    assert any(node is used for node in held())
    assert per_node(unused, "where", lambda: "again") == "again"
    assert node_fact(unused, "what", lambda: "again") == "again"
    assert serial(unused) == numbers[1]  # by structure: that memo is not swept


def test_a_lint_after_a_parse_that_moved_nodes_sweeps_and_the_copies_keep_their_facts(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Typing: each lint after a moving parse sweeps, so the original of a moved node is not
    held past the next one (nor piled up until the memo is full), and its copy still finds
    what it said in the older generation."""
    from nflint_spot.speed import value_memo
    from nflint_spot.speed.incremental import IncrementalParser
    from nflint_spot.speed.value_memo import node_fact

    monkeypatch.setattr(value_memo, "_memo", value_memo._Memo())
    text = "a = 1\nprocess.time = { 4.h * task.attempt }\n"
    parser = IncrementalParser()
    values = [parser.parse(text, "x.config").body[1].value]  # type: ignore[union-attr]
    value_memo.begin_lint()
    assert node_fact(values[0], "fact", lambda: "computed once") == "computed once"
    number = serial(values[0])
    for width in (2, 3):
        values.append(parser.parse("a = " + "1" * width + "\n" + text.split("\n", 1)[1], "x.config").body[1].value)  # type: ignore[union-attr]
        assert values[-1] is not values[-2]
        value_memo.begin_lint()  # swept: the previous copy's entries are in the older generation
        assert node_fact(values[-1], "fact", lambda: pytest.fail("the copy's fact was computed again")) == "computed once"
        assert value_memo._entry(values[-1])[1] == number  # the original's serial, not hashed again
    memo = value_memo._memo
    held = [entry[0] for store in (memo.by_id, memo.older_ids, memo.node_values, memo.older_values)
            for entry in store.values()]
    assert not any(node is values[0] for node in held)  # two parses old: dropped
