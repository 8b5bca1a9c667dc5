"""The run a user launches: a pipeline directory with `-c` layers, params and profiles,
composed as `nextflow run` composes them, end to end through the CLI on the real pipeline
trees of ../shared/pipelines (never edited: layers and params files are written here).

Expectations are written by hand from the configs' text; each says which line decides it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from nflint_spot.cli.main import main

PIPELINES = Path(__file__).resolve().parent.parent.parent / "shared" / "pipelines"
RNASEQ = PIPELINES / "nf-core__rnaseq"
SCPCA = PIPELINES / "AlexsLemonade__scpca-nf"
CONFIGS = PIPELINES / "nf-core__configs"

# What Seqera Platform gives the head job for an AWS Batch compute environment made by Batch
# Forge (reference §9.1): the executor and the Forge queue, which matches no queue pattern.
PLATFORM = "process.executor = 'awsbatch'\nprocess.queue = 'TowerForge-1a2b3c-work'\naws.region = 'eu-west-1'\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--no-cache", *args])
    return result.exit_code, result.stdout, result.stderr


def findings(*args: str) -> list[dict]:
    code, out, err = run("--format", "json", *args)
    assert code in (0, 1), err
    return json.loads(out)["diagnostics"]


def at(found: list[dict], code: str, path: Path, line: int, column: int) -> dict:
    """The one finding `code` at path:line:column (paths compared as absolute)."""
    hits = [d for d in found if d["code"] == code and os.path.abspath(d["path"]) == str(path)
            and (d["span"]["line"], d["span"]["column"]) == (line, column)]
    assert len(hits) == 1, sorted((d["code"], d["path"], d["span"]["line"]) for d in found)
    return hits[0]


def line_of(path: Path, line: int) -> str:
    return path.read_text().splitlines()[line - 1].strip()


@pytest.fixture
def platform(tmp_path: Path) -> Path:
    layer = tmp_path / "platform.config"
    layer.write_text(PLATFORM)
    return layer


pytestmark = pytest.mark.skipif(not RNASEQ.is_dir(), reason="../shared/pipelines is not beside the repository")


def test_rnaseq_launched_from_platform(platform: Path) -> None:
    found = findings(str(RNASEQ), "-c", str(platform), "--profile", "docker")
    base = RNASEQ / "conf" / "base.config"
    # conf/base.config:18 gives every process nf-core's errorStrategy: 'finish' for a task with
    # no exit status, which is what a Spot reclaim leaves; no maxSpotAttempts, Nextflow >= 25.04.3
    # (manifest), so AWS does not retry either.
    assert line_of(base, 18).startswith("errorStrategy = { task.exitStatus in ((130..145) + 104 + 175)")
    reclaim = at(found, "SPOT007", base, 18, 5)
    assert "STAR_ALIGN" in reclaim["processes"] and "SALMON_QUANT" in reclaim["processes"]
    assert "one reclaim stops the run" in reclaim["message"]
    # conf/base.config:46 `time = { 16.h * task.attempt }` for process_high: STAR_ALIGN
    # (modules/nf-core/star/align/main.nf `label 'process_high'`) on the layer's Spot queue.
    assert line_of(base, 46) == "time   = { 16.h  * task.attempt }"
    high = at(found, "SPOT002", base, 46, 9)
    assert "STAR_ALIGN" in high["processes"] and "16h" in high["message"]
    assert "TowerForge-1a2b3c-work" in high["message"]
    # conf/base.config:49 process_long: 20 h (DUPRADAR, UMITOOLS_EXTRACT carry the label).
    long = at(found, "SPOT002", base, 49, 9)
    assert set(long["processes"]) == {"DUPRADAR", "UMITOOLS_EXTRACT"}
    # The queue is the layer's: the finding's related note points at platform.config:2.
    assert any(os.path.abspath(r["path"]) == str(platform) and r["span"]["line"] == 2 for r in high["related"])


def test_the_guides_fallback_for_one_process(platform: Path) -> None:
    # The Spot guide's hybrid pattern for STAR_ALIGN: retry, and retries on On-Demand.
    platform.write_text(PLATFORM + (
        "process {\n"
        "    withName: 'STAR_ALIGN' {\n"
        "        errorStrategy = 'retry'\n"
        "        maxRetries = 2\n"
        "        queue = { task.attempt > 1 ? 'TowerForge-MyOnDemandQueue' : 'TowerForge-MySpotQueue' }\n"
        "    }\n"
        "}\n"))
    found = findings(str(RNASEQ), "-c", str(platform), "--profile", "docker")
    base = RNASEQ / "conf" / "base.config"
    reclaim = at(found, "SPOT007", base, 18, 5)
    assert "STAR_ALIGN" not in reclaim["processes"] and "SALMON_QUANT" in reclaim["processes"]
    high = at(found, "SPOT002", base, 46, 9)
    assert "STAR_ALIGN" not in high["processes"] and "HISAT2_ALIGN" in high["processes"]


def test_a_layer_base_setting_wins_over_a_profile_of_the_pipeline(tmp_path: Path) -> None:
    """ConfigBuilder.merge0 parses each file with the profiles applied inside it, then merges
    file by file: a `-c` file's plain setting beats the pipeline's profile (both dialects)."""
    for legacy in ("", "def x = 1\n"):
        project = tmp_path / ("v1" if legacy else "v2")
        project.mkdir()
        (project / "nextflow.config").write_text(
            legacy + "process.queue = 'base-q'\nprofiles {\n    aws { process.queue = 'profile-q' }\n}\n")
        (project / "layer.config").write_text("process.queue = 'layer-q'\nprofiles {\n    late { process.queue = 'late-q' }\n}\n")
        for profile, expected in (("aws", "layer-q"), ("aws,late", "late-q")):
            result = CliRunner().invoke(main, ["show", str(project), "-c", str(project / "layer.config"),
                                               "--profile", profile, "--format", "json"])
            assert result.exit_code == 0, result.output
            data = json.loads(result.stdout)
            [defaults] = data["processes"]
            assert defaults["queue"]["attempts"] == [expected], (legacy, profile)
            assert defaults["queue"]["source"].endswith(f"layer.config:{1 if expected == 'layer-q' else 3}")
            assert data["layers"][-1].endswith("layer.config")


def test_params_file_and_param_reach_what_the_configs_read(tmp_path: Path) -> None:
    """nf-core/configs' conf/awsbatch.config:26 `process.queue = params.awsqueue`; the params
    file's value is read there, and `--param` wins over the file (CmdRun.parsedParams)."""
    params = tmp_path / "params.yaml"
    params.write_text("awsqueue: my-spot-queue\nmax_cpus: 4\n")
    args = [str(RNASEQ), "--profile", "awsbatch", "--param", f"custom_config_base={CONFIGS}",
            "--params-file", str(params)]
    awsbatch = CONFIGS / "conf" / "awsbatch.config"
    assert line_of(awsbatch, 26) == "process.queue = params.awsqueue"
    found = findings(*args)
    high = at(found, "SPOT002", RNASEQ / "conf" / "base.config", 46, 9)
    assert "queue 'my-spot-queue'" in high["message"]
    found = findings(*args, "--param", "awsqueue=other-queue")
    high = at(found, "SPOT002", RNASEQ / "conf" / "base.config", 46, 9)
    assert "queue 'other-queue'" in high["message"]


def test_an_institutional_profile_from_a_local_nf_core_configs(tmp_path: Path) -> None:
    """rnaseq's nextflow.config:327 includes "${params.custom_config_base}/nfcore_custom.config":
    given on the command line it is read while the config is, so `awsbatch` is a profile
    (nfcore_custom.config:34), and conf/awsbatch.config sets the executor and the queue."""
    found = findings(str(RNASEQ), "--profile", "awsbatch", "--param", f"custom_config_base={CONFIGS}",
                     "--param", "awsqueue=TowerForge-1a2b3c-work")
    reclaim = at(found, "SPOT007", RNASEQ / "conf" / "base.config", 18, 5)
    assert "STAR_ALIGN" in reclaim["processes"]
    # Without the param the include is remote: awsbatch is no profile of the run.
    code, _, err = run(str(RNASEQ), "--profile", "awsbatch")
    assert code == 2 and "unknown profile(s): awsbatch" in err


def test_scpca_with_its_aws_profile(tmp_path: Path) -> None:
    """scpca-nf's `batch` profile (config/ccdl_profiles.config:4) includes
    config/profile_awsbatch.config: maxSpotAttempts 2 (line 11) and a queue closure falling back
    to the priority queue at attempt 3 (line 20), or 2 for long_running (line 22)."""
    layer = tmp_path / "launch.config"
    layer.write_text("aws.region = 'us-east-1'\n")  # a launch that leaves the profile's queues alone
    aws = SCPCA / "config" / "profile_awsbatch.config"
    assert line_of(aws, 11) == "maxSpotAttempts = 2"
    found = findings(str(SCPCA), "-c", str(layer), "--profile", "batch")
    late = at(found, "SPOT006", aws, 11, 5)
    assert "maxSpotAttempts 2" in late["message"] and "scpca-nf-batch-priority-queue" in late["message"]
    # A Platform layer's queue is a plain setting of a later file: it replaces the profile's
    # process-wide fallback closure (line 20), so those processes run every attempt on the
    # Forge queue; the `withLabel: long_running` closure (line 22) is a selector and still
    # wins over any plain `process.queue`: classify_cellassign (modules/classify-celltypes.nf:55).
    # merge.nf:37 and :96 carry the label too, but merge.nf is another entry script, not
    # part of main.nf's run.
    layer.write_text(PLATFORM)
    found = findings(str(SCPCA), "-c", str(layer), "--profile", "batch")
    late = at(found, "SPOT006", aws, 11, 5)
    assert late["processes"] == ["classify_cellassign"]
    multiplied = at(found, "SPOT001", aws, 11, 5)
    assert "TowerForge-1a2b3c-work" in multiplied["message"]
    assert "classify_cellassign" not in multiplied["processes"] and "salmon" in multiplied["processes"]
    assert "merge_sce" not in multiplied["processes"]


def test_the_launcher_on_the_command_line(tmp_path: Path) -> None:
    """`--launcher awsbatch`: every process on AWS Batch with the launcher's queue, as
    rules.yaml's `launcher: awsbatch` says; without it a config naming no executor is local."""
    project = tmp_path / "pipeline"
    project.mkdir()
    (project / "nextflow.config").write_text("process {\n    time = '12h'\n}\n")
    assert not [d for d in findings(str(project)) if d["code"].startswith("SPOT")]
    found = findings(str(project), "--launcher", "awsbatch")
    assert at(found, "SPOT002", project / "nextflow.config", 2, 5)


# ---------------------------------------------------------------- bad input


def test_bad_input_is_refused_with_its_position(tmp_path: Path) -> None:
    project = tmp_path / "pipeline"
    project.mkdir()
    (project / "nextflow.config").write_text("process.queue = 'q'\n")
    broken = tmp_path / "broken.config"
    broken.write_text("process {\n    queue = 'x'\n    time = \n}\n")
    not_a_map = tmp_path / "list.yaml"
    not_a_map.write_text("- a\n- b\n")
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("a: 1\nb: [1, 2\n")
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"a": 1,\n "b": }\n')
    text_file = tmp_path / "params.txt"
    text_file.write_text("a=1\n")
    cases = [
        (["-c", str(tmp_path / "missing.config")], f"{tmp_path / 'missing.config'}: no such file"),
        (["-c", str(broken)], f"{broken}:4:1: "),
        (["-c", str(tmp_path / "rules.yaml")], "nflint-spot's rules.yaml is given with --settings"),
        (["--params-file", str(tmp_path / "nope.json")], f"{tmp_path / 'nope.json'}: no such file"),
        (["--params-file", str(not_a_map)], f"{not_a_map}:1:1: a params file must be a mapping"),
        (["--params-file", str(bad_yaml)], f"{bad_yaml}:3:1: not valid YAML"),
        (["--params-file", str(bad_json)], f"{bad_json}:2:7: not valid JSON"),
        (["--params-file", str(text_file)], "not a valid params file extension"),
        (["--param", "awsqueue"], "--param 'awsqueue': expected NAME=VALUE"),
        (["--param", ".x=1"], "--param .x=1: invalid parameter name"),
    ]
    for extra, message in cases:
        code, out, err = run(str(project), *extra)
        assert code == 2 and out == "", (extra, out)
        assert err.startswith("nflint-spot: error: ") and message in err, (extra, err)
        assert "Traceback" not in err
    code, _, err = run(str(project), str(project), "-c", str(broken))
    assert code == 2 and "describe one run" in err


# ---------------------------------------------------------------- params as Nextflow converts them


@pytest.mark.parametrize(("given", "expected"), [
    # CmdRun.parseParamValue: true/false in any case; digits (one fraction part) are numbers.
    (["flag=TRUE", "other=false"], {"flag": True, "other": False}),
    (["n=42", "neg=-7", "f=1.50", "sci=1e3", "dot=.5", "huge=99999999999999999999"],
     {"n": 42, "neg": -7, "f": 1.5, "sci": "1e3", "dot": ".5", "huge": 1e20}),
    # CmdRun.addParam: dots nest, an escaped dot does not; kebab-case becomes camelCase.
    (["a.b=1", "a.c=x", "d\\.e=2", "max-cpus=4"], {"a": {"b": 1, "c": "x"}, "d.e": 2, "maxCpus": 4}),
    (["q=a=b", "empty="], {"q": "a=b", "empty": ""}),
])
def test_param_values_convert_as_nextflow_converts_them(given: list[str], expected: dict) -> None:
    from nflint_spot.config.run_params import run_params

    assert run_params(None, tuple(given), "/p") == expected


def test_params_file_values_and_variables(tmp_path: Path) -> None:
    from nflint_spot.config.run_params import run_params

    params = tmp_path / "p.json"
    params.write_text('{"max-time": "2.h", "input": "${projectDir}/x.csv", "other": "${unknown}"}')
    # The file first, `--param` over it; `${projectDir}` is the pipeline (CmdRun.replaceVars0).
    assert run_params(str(params), ("other=cli",), "/pipe") == {
        "maxTime": "2.h", "input": "/pipe/x.csv", "other": "cli"}
    # With the strict syntax parser Nextflow detects no types in `--param` values.
    assert run_params(None, ("n=3",), "/p", typed=False) == {"n": "3"}


def test_a_fragment_linted_alone_says_once_what_is_not_judged(tmp_path: Path, platform: Path) -> None:
    """A launch config alone is a fragment (ConfigModel.complete): SPOT007 and the others do
    not judge its missing errorStrategy, and one note says so; composed over its pipeline,
    it is the run, judged whole, with no such note."""
    code, out, _ = run("--format", "json", str(platform))
    notes = json.loads(out)["notes"]
    assert len(notes) == 1 and notes[0].startswith(f"{platform} is linted on its own")
    assert "CFG014, CFG015, SPOT005, SPOT007 do not judge" in notes[0]
    code, out, _ = run(str(platform))
    assert [line for line in out.splitlines() if line.startswith("note: ")] == [f"note: {notes[0]}"]
    code, out, _ = run("--format", "json", str(RNASEQ), "-c", str(platform))
    assert json.loads(out)["notes"] == []


def test_a_process_called_in_two_workflows_is_listed_once(platform: Path) -> None:
    """rnaseq calls UMITOOLS_EXTRACT in two workflows: two processes of the run, one name.
    SPOT015 names it once, and its "N more" counts the processes it does not name."""
    found = findings(str(RNASEQ), "-c", str(platform), "--profile", "docker", "--select", "SPOT015")
    message = at(found, "SPOT015", platform, 2, 1)["message"]
    assert ("all 170 processes on AWS Batch (100%) run 4h or longer on Spot: UMITOOLS_EXTRACT (20h), "
            "DUPRADAR (20h), SENTIEON_MAKE_TRANSCRIPTS_FASTA (16h) and 166 more") in message
