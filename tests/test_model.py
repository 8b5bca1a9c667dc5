"""The resolved model: includes, profiles, selectors, per-process directives, AWS settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from nflint_spot.syntax import nodes as n
from nflint_spot.analysis.scenarios import AnalysisOptions, build_models, load, pipeline_processes
from nflint_spot.analysis.aws import max_spot_attempts, plan_attempts, worst_case
from nflint_spot.config.queues import QueuePolicy
from nflint_spot.cli.main import main
from nflint_spot.config.loader import load_config
from nflint_spot.config.model import build_model, merge_settings, profile_scenarios
from nflint_spot.config.selectors import compile_selector, matches_labels, matches_name

MODEL = FIXTURES / "model"


def value_of(model, dotted):
    setting = model.setting(dotted)
    assert setting is not None, dotted
    assert isinstance(setting.value, n.Literal)
    return setting.value.value


# ---------------------------------------------------------------- includes


@pytest.fixture(scope="module")
def included():
    return load_config(str(MODEL / "includes" / "nextflow.config"))


def include_status(loaded, line):
    return sorted((r.status, Path(r.target).name if r.target else None)
                  for r in loaded.includes if r.span.line == line)


def test_relative_include_is_applied_in_place(included):
    model = build_model(included, ())
    setting = model.setting("process.queue")
    assert setting.value.value == "base-spot"
    assert setting.path.endswith("conf/base.config")
    assert setting.span.line == 2


def test_ternary_include_takes_the_branch_known_params_decide(included):
    assert include_status(included, 6) == [("ok", "no_igenomes.config")]


def test_remote_include_is_never_fetched(included):
    # the condition is a known param: only the remote branch counts
    assert include_status(included, 7) == [("remote", "nfcore_custom.config")]


def test_missing_include(included):
    assert include_status(included, 8) == [("missing", "missing.config")]


def test_project_dir_gstring_include(included):
    assert include_status(included, 9) == [("ok", "project.config")]
    assert build_model(included, ()).setting("process.time").value.value == "2h"


def test_unresolvable_include(included):
    [record] = [r for r in included.includes if r.span.line == 10]
    assert record.status == "unresolved"
    assert "System.getenv" in record.detail


def test_include_cycle_is_reported_once_and_terminates(included):
    cycles = [r for r in included.includes if r.status == "cycle"]
    assert [(Path(r.path).name, r.span.line) for r in cycles] == [("cycle_b.config", 1)]


def test_include_inside_a_profile_belongs_to_the_profile(included):
    assert build_model(included, ()).setting("process.executor") is None
    model = build_model(included, ("aws",))
    assert value_of(model, "process.executor") == "awsbatch"
    assert model.setting("process.queue").profile == "aws"


# ---------------------------------------------------------------- profiles and precedence


@pytest.mark.parametrize(
    ("fixture", "profiles", "expected"),
    [
        ("profiles_v2.config", (), "base"),
        ("profiles_v2.config", ("a",), "from-a"),
        # strict: command-line order wins
        ("profiles_v2.config", ("b", "a"), "from-a"),
        ("profiles_v2.config", ("a", "b"), "from-b"),
        # strict: a setting written after the profiles block beats the profile
        ("profiles_after.config", ("a",), "after-profiles"),
        # legacy (a `def` makes it v1): profiles win within the file, in definition order
        ("profiles_v1.config", ("a",), "from-a"),
        ("profiles_v1.config", ("b", "a"), "from-b"),
    ],
)
def test_profile_precedence(fixture, profiles, expected):
    loaded = load_config(str(MODEL / fixture))
    assert value_of(build_model(loaded, profiles), "process.queue") == expected


def test_dialect_override():
    loaded = load_config(str(MODEL / "profiles_after.config"))
    assert build_model(loaded, ("a",)).dialect == "v2"
    assert value_of(build_model(loaded, ("a",), dialect="v1"), "process.queue") == "from-a"


def test_scenarios_are_the_base_and_each_profile():
    loaded = load_config(str(MODEL / "profiles_v2.config"))
    assert profile_scenarios(loaded, None) == [(), ("a",), ("b",)]
    assert profile_scenarios(loaded, ("b",)) == [("b",)]


NESTED_ROOT = """process.queue = 'base'
profiles {
    inst {
        process.time = '1h'
        includeConfig 'conf/inst.config'
    }
}
"""
# An institution's file (as nf-core/configs includes conf/imperial.config inside profile
# `imperial`) with profiles of its own, one of them named as the profile around it.
NESTED_INCLUDED = """profiles {
    inst {
        process.cpus = 4
    }
    gpu {
        process.queue = 'gpu'
        profiles.deep.process.queue = 'deep'
    }
}
"""


@pytest.mark.parametrize("legacy", ["", "def v = 1\n"], ids=["v2", "v1"])
def test_profiles_defined_inside_a_profile_need_it_selected(tmp_path, legacy):
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "inst.config").write_text(NESTED_INCLUDED, encoding="utf-8")
    root = tmp_path / "nextflow.config"
    root.write_text(legacy + NESTED_ROOT, encoding="utf-8")
    loaded = load_config(str(root))
    assert loaded.profile_within == {"inst": (), "gpu": ("inst",), "deep": ("inst", "gpu")}
    # Each profile with the ones its definition is inside, as `-profile inst,gpu` selects it.
    assert profile_scenarios(loaded, None) == [(), ("inst",), ("inst", "gpu"), ("inst", "gpu", "deep")]
    assert value_of(build_model(loaded, ("inst", "gpu")), "process.queue") == "gpu"
    assert value_of(build_model(loaded, ("inst", "gpu", "deep")), "process.queue") == "deep"
    assert value_of(build_model(loaded, ("inst",)), "process.cpus") == 4
    # Without the profile around it, a nested profile's settings do not apply.
    assert value_of(build_model(loaded, ("gpu",)), "process.queue") == "base"
    assert value_of(build_model(loaded, ("gpu", "deep")), "process.queue") == "base"
    assert build_model(loaded, ("gpu",)).setting("process.time") is None


# ---------------------------------------------------------------- selectors


@pytest.mark.parametrize(
    ("pattern", "name", "expected"),
    [
        ("FOO", "FOO", True),
        ("FOO", "FOOBAR", False),  # whole-name match, not find()
        ("FOO|BAR", "BAR", True),
        ("ALI.*", "ALIGN", True),
        (".*:ALIGN", "ALIGN", False),
        ("!FOO", "BAR", True),
        ("!FOO", "FOO", False),
        ("! FOO|BAR", "BAR", False),  # negation applies to the whole pattern
    ],
)
def test_with_name_matching(pattern, name, expected):
    assert matches_name(pattern, name) is expected


@pytest.mark.parametrize(
    ("pattern", "labels", "expected"),
    [
        ("big", ("small", "big"), True),
        ("big", ("small",), False),
        ("!big", ("small", "big"), False),
        ("!big", (), True),
        ("", (), True),  # no labels = the single label ''
        ("process_(high|medium)", ("process_medium",), True),
    ],
)
def test_with_label_matching(pattern, labels, expected):
    assert matches_labels(pattern, labels) is expected


def test_catastrophic_regex_is_refused_not_run():
    compiled = compile_selector("(a+)+b")
    assert compiled.regex is None
    assert matches_name("(a+)+b", "a" * 5000) is None


def test_selector_forms_and_ignored_selectors():
    loaded = load_config(str(MODEL / "selectors.config"))
    settings = merge_settings(loaded, (), "v2")
    assert settings[("process", "withName:FOO", "queue")].value.value == "foo-q"
    # the quoted dot-form is the same key as a selector block
    assert settings[("process", "withName:BAZ", "queue")].value.value == "baz-q"
    assert not any("NESTED" in part for key in settings for part in key)
    issues = sorted((i.kind, i.selector, i.span.line) for i in loaded.selector_issues)
    assert issues == [("equals", "withName:BAR", 4), ("nested", "withName:NESTED", 7)]


# ---------------------------------------------------------------- per-process resolution


@pytest.fixture(scope="module")
def pipeline_model():
    config = str(MODEL / "pipeline" / "nextflow.config")
    options = AnalysisOptions(profiles=())
    loaded = load(config)
    return build_models(loaded, options, pipeline_processes(config, options, loaded))[0]


def view(model, name):
    return next(v for v in model.processes if v.name == name)


def test_pipeline_processes_are_found_with_labels(pipeline_model):
    names = {v.name: v.labels for v in pipeline_model.processes}
    assert names == {"FASTQC": ("process_low",), "ALIGN": ("process_high", "long")}


def test_tiers_defaults_definition_label_name(pipeline_model):
    fastqc = view(pipeline_model, "FASTQC")
    assert fastqc.get("time").provenance.tier == "process"  # definition beats process.time
    assert fastqc.get("queue").provenance.tier == "default"  # '!process_low' does not match
    align = view(pipeline_model, "ALIGN")
    assert align.get("time").provenance.selector == "withLabel:process_high|process_medium"
    assert align.get("queue").provenance.selector == "withLabel:!process_low"
    # `withName: 'ALI.*' { maxRetries = 1 }` sets the built-in default, so the config's
    # `process.maxRetries = 2` still applies (ProcessConfigBuilder.applyConfigDefaults).
    assert align.get("maxRetries").provenance.tier == "default"
    assert align.get("maxRetries").value.value == 2
    assert align.get("errorStrategy").provenance.tier == "process"
    assert align.get("errorStrategy").provenance.path.endswith("modules/align/main.nf")


def test_attempt_plan_and_worst_case(pipeline_model):
    align = view(pipeline_model, "ALIGN")
    plan = plan_attempts(pipeline_model, align)
    # maxRetries 2: the withName selector's 1 is the built-in default, which the config's
    # `process.maxRetries = 2` replaces (ProcessConfigBuilder.applyConfigDefaults).
    assert plan.max_retries == 2
    assert plan.queues == ("spot-queue", "ondemand-queue", "ondemand-queue")
    assert [str(t) for t in plan.times] == ["16h", "1d 8h", "2d"]
    assert plan.strategy_by_exit[143] == "retry"
    assert plan.strategy_by_exit[2147483647] == "terminate"
    spot = max_spot_attempts(pipeline_model)
    assert spot.value == 3
    worst = worst_case(plan, spot, QueuePolicy())
    # A reclaim: attempt 1 on Spot (3 AWS runs of 16h), attempt 2 On-Demand (32h), which
    # is not reclaimed: the third attempt is not a reclaim's cost.
    assert (worst.spot_runs, worst.total_runs, worst.instance_hours) == (3, 4, 80.0)


def test_max_spot_attempts_defaults_by_version(tmp_path):
    config = tmp_path / "nextflow.config"
    config.write_text("manifest.nextflowVersion = '>=23.04.0'\nprocess.executor = 'awsbatch'\n")
    loaded = load_config(str(config))
    assert max_spot_attempts(build_model(loaded, ())).value == 5
    assert max_spot_attempts(build_model(loaded, (), version_override="24.10.0")).value == 0


def test_fusion_snapshots_turn_zero_into_five(tmp_path):
    config = tmp_path / "nextflow.config"
    config.write_text("fusion.enabled = true\nfusion.snapshots = true\nwave.enabled = true\n"
                      "aws.batch.maxSpotAttempts = 0\n")
    spot = max_spot_attempts(build_model(load_config(str(config)), ()))
    assert (spot.value, spot.snapshots) == (5, True)


# ---------------------------------------------------------------- show


def test_show_json_on_the_pipeline_fixture(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(MODEL / "pipeline")  # show names files relative to the working directory
    result = CliRunner().invoke(main, ["show", str(MODEL / "pipeline" / "nextflow.config"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    align = next(p for p in data["processes"] if p["name"] == "ALIGN")
    assert align["queue"]["attempts"] == ["spot-queue", "ondemand-queue", "ondemand-queue"]
    assert (align["declaredName"], align["alias"], align["qualifiedName"]) == ("ALIGN", "ALIGN", "ALIGN")
    assert align["file"] == "modules/align/main.nf"
    assert align["queue"]["source"] == "nextflow.config:12"
    assert align["errorStrategy"]["byExitStatus"] == {"143": "retry", "137": "retry", "1": "terminate",
                                                      "missing": "terminate"}
    assert align["errorStrategy"]["source"] == "modules/align/main.nf:5"
    assert align["worstCase"]["spotRuns"] == 3
    assert data["maxSpotAttempts"]["source"] == "nextflow.config:18"


def test_show_text_names_sources(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(MODEL / "pipeline")  # show names files relative to the working directory
    result = CliRunner().invoke(main, ["show", str(MODEL / "pipeline" / "nextflow.config")])
    assert result.exit_code == 0, result.output
    assert ("queue          #1 spot-queue (Spot)  #2 ondemand-queue (On-Demand)  #3 ondemand-queue (On-Demand)"
            "   [nextflow.config:12]") in result.output


def test_show_unknown_profile_is_a_usage_error():
    result = CliRunner().invoke(main, ["show", str(MODEL / "profiles_v2.config"), "--profile", "nope"])
    assert result.exit_code == 2
    assert "unknown profile(s): nope" in result.output


def test_a_modules_folder_of_configs_is_not_a_pipeline(tmp_path: Path) -> None:
    """nf-core's conf/ holds conf/modules/*.config: linting conf/base.config in place must
    analyse its selector scopes, not an empty pipeline (it once found nothing at all)."""
    conf = tmp_path / "conf"
    (conf / "modules").mkdir(parents=True)
    (conf / "modules" / "align.config").write_text("process { withName: 'ALIGN' { cpus = 4 } }\n")
    config = conf / "base.config"
    config.write_text("process {\n    withLabel: 'process_long' { time = 72.h }\n}\n")
    options = AnalysisOptions()
    assert pipeline_processes(str(config), options) is None
    models = build_models(load(str(config)), options)
    assert [view.name for view in models[0].processes] == ["process", "withLabel:process_long"]
    # A real pipeline is still one: a script under modules/.
    (conf / "modules" / "align.nf").write_text("process ALIGN {\n    label 'process_long'\n    script: 'x'\n}\n")
    pipeline = pipeline_processes(str(config), options)
    assert pipeline is not None
    assert pipeline.directory == str(conf) and [p.name for p in pipeline.processes] == ["ALIGN"]


def test_selector_scopes_share_directives_across_scenarios_and_say_where_each_comes_from(tmp_path: Path) -> None:
    """Directives are made once per setting (its key names the directive, tier and selector)
    and views once per directive list; a key's parts are remembered across lints, and what
    is remembered is what the key says."""
    from nflint_spot.speed import value_memo

    text = ("process {\n    queue = 'a'\n    maxRetries = 2\n    withLabel: 'big' {\n        memory = '8 GB'\n    }\n"
            "    withName: 'X' {\n        queue = 'x'\n        ext.args = '-v'\n    }\n}\n"
            "profiles {\n    other {\n        process.queue = 'b'\n    }\n}\n")
    path = tmp_path / "nextflow.config"
    path.write_text(text, encoding="utf-8")

    def scopes() -> dict[str, list]:
        value_memo.begin_lint()
        models = build_models(load(str(path), text), AnalysisOptions())
        return {m.profile_label: m.processes for m in models}

    cold = {label: [(v.name, v.kind, [(name, d.provenance.tier, d.provenance.selector, d.provenance.span.line,
                                       d.value.value) for name, d in v.directives.items()]) for v in views]
            for label, views in scopes().items()}
    value_memo._key_facts.clear()
    assert {label: [(v.name, v.kind, [(name, d.provenance.tier, d.provenance.selector, d.provenance.span.line,
                                       d.value.value) for name, d in v.directives.items()]) for v in views]
            for label, views in scopes().items()} == cold
    assert cold["(base)"] == [
        ("process", "defaults", [("queue", "default", None, 2, "a"), ("maxRetries", "default", None, 3, 2)]),
        ("withLabel:big", "withLabel", [("queue", "default", None, 2, "a"), ("maxRetries", "default", None, 3, 2),
                                        ("memory", "withLabel", "withLabel:big", 5, "8 GB")]),
        ("withName:X", "withName", [("queue", "withName", "withName:X", 8, "x"), ("maxRetries", "default", None, 3, 2),
                                    ("ext.args", "withName", "withName:X", 9, "-v")]),
    ]
    assert cold["other"][2] == cold["(base)"][2] and cold["other"][0][2][0] == ("queue", "default", None, 14, "b")
    views = scopes()
    # withName:X overrides the queue the profile changes: one view object for both scenarios.
    assert views["other"][2] is views["(base)"][2] and views["other"][0] is not views["(base)"][0]
    assert views["other"][1].directives["memory"] is views["(base)"][1].directives["memory"]


def test_show_gives_the_possible_values_of_a_closure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`params.big ? 48.h : 2.h` with params.big set nowhere: one of the two, in text and JSON."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nextflow.config").write_text(
        "manifest.nextflowVersion = '!>=24.10.0'\nprocess {\n    executor = 'awsbatch'\n    queue = 'spot-queue'\n"
        "    time = { params.big ? 48.h : 2.h }\n}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["show", "nextflow.config", "--format", "json"])
    [defaults] = json.loads(result.stdout)["processes"]
    assert defaults["time"]["attempts"] == [["2d", "2h"]]
    text = CliRunner().invoke(main, ["show", "nextflow.config"]).stdout
    assert "  time           2d | 2h   [nextflow.config:5]" in text.splitlines()
