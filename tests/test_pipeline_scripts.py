"""The pipeline's scripts read as Nextflow runs them (pipeline_graph.py): which processes a
run has from its entry script, their three names, directive forms by version; and `show`
on real trees of ../shared/pipelines, expectations written by hand from the scripts."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from nflint_spot.analysis.scenarios import AnalysisOptions
from nflint_spot.lint.autofix import plan_fixes
from nflint_spot.cli.main import main
from nflint_spot.lint.linter import Selection, lint_text
from nflint_spot.config.pipeline_graph import read_run

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rules"
PIPELINES = Path(__file__).resolve().parent.parent.parent / "shared" / "pipelines"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def uses(directory: Path) -> list[tuple[str, str | None, str | None]]:
    run = read_run(str(directory))
    assert run is not None
    return [(p.name, p.alias, p.qualified_name) for p in run.processes]


# ---------------------------------------------------------------- which processes, which names


def test_comments_and_strings_do_not_count(tmp_path: Path) -> None:
    write(tmp_path / "main.nf", """\
include { A } from './a'   // include { B } from './b'
/* workflow { B() } */
process LOCAL {
    script:
    \"\"\"
    echo "workflow { ${task.name} }" # a brace in shell }
    \"\"\"
}
workflow {
    A()
    def s = "LOCAL()"   // LOCAL() in a string or a comment is no call
}
""")
    write(tmp_path / "a.nf", "process A {\n    script: 'x'\n}\n")
    write(tmp_path / "b.nf", "process B {\n    script: 'x'\n}\n")
    assert uses(tmp_path) == [("A", "A", "A")]


def test_aliases_subworkflows_and_qualified_names(tmp_path: Path) -> None:
    write(tmp_path / "main.nf", """\
include { SUB as SUB_ONE; SUB as SUB_TWO } from './sub'
workflow PIPE {
    SUB_ONE()
    SUB_TWO()
}
workflow {
    PIPE()
}
""")
    write(tmp_path / "sub" / "main.nf", """\
include {
    TOOL as TOOL_A
} from '../modules/tool'
workflow SUB {
    main:
    TOOL_A()
}
""")
    write(tmp_path / "modules" / "tool.nf", "process TOOL {\n    script: 'x'\n}\n")
    # A workflow's alias is part of the qualified name; the entry workflow is not.
    assert uses(tmp_path) == [("TOOL", "TOOL_A", "PIPE:SUB_ONE:TOOL_A"), ("TOOL", "TOOL_A", "PIPE:SUB_TWO:TOOL_A")]


def test_dsl1_and_a_main_script_from_the_manifest(tmp_path: Path) -> None:
    # No workflow block: every process of the entry script runs (DSL1).
    write(tmp_path / "main.nf", "process ONE {\n    script: 'x'\n}\nprocess TWO {\n    script: 'x'\n}\n")
    assert uses(tmp_path) == [("ONE", None, None), ("TWO", None, None)]
    write(tmp_path / "nextflow.config", "manifest.mainScript = 'other.nf'\nprocess.executor = 'awsbatch'\n"
                                        "process.queue = 'spot'\nprocess.time = '9h'\n")
    write(tmp_path / "other.nf", "process OTHER {\n    script: 'x'\n}\nworkflow { OTHER() }\n")
    result = CliRunner().invoke(main, ["show", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [p["qualifiedName"] for p in json.loads(result.stdout)["processes"]] == ["OTHER"]


def test_a_missing_module_is_a_finding_and_a_plugin_is_not(tmp_path: Path) -> None:
    write(tmp_path / "main.nf", "include { X } from './nope'\ninclude { v } from 'plugin/nf-schema'\n"
                                "workflow { X() }\n")
    config = write(tmp_path / "nextflow.config", "process.executor = 'local'\n")
    result = lint_text(config.read_text(), str(config), options=AnalysisOptions(),
                       selection=Selection(select=("CFG004",)), strict=True)
    assert [(d.code, Path(d.path).name, d.span.line, d.span.column) for d in result.diagnostics] == [
        ("CFG004", "main.nf", 1, 1)]
    assert result.diagnostics[0].excerpt.startswith("include { X } from './nope'")


# ---------------------------------------------------------------- directive forms


def test_the_assignment_form_says_what_every_release_does_and_is_fixed(tmp_path: Path) -> None:
    scenario = FIXTURES / "process-directive-assignment" / "unpinned"
    target = tmp_path / "unpinned"
    shutil.copytree(scenario, target)
    script = target / "main.nf"
    script.write_text("\n".join(line.split(" // expect")[0] for line in script.read_text().splitlines()) + "\n")
    config = target / "nextflow.config"
    result = lint_text(config.read_text(), str(config), options=AnalysisOptions(),
                       selection=Selection(select=("CFG017",)), strict=True)
    first = result.diagnostics[0]
    assert first.message == (
        "`errorStrategy = ...` in process ALIGN is an assignment, not the errorStrategy directive; "
        "no manifest.nextflowVersion: every release is allowed, so: before 25.10 it applies; "
        "from 25.10 to 26.03 (the legacy parser) it is silently lost: ALIGN gets the config's errorStrategy "
        "or Nextflow's default; from 26.04 (the strict parser) the script is rejected: 'Invalid process directive'")
    planned, refused = plan_fixes(result.diagnostics, result.texts, unsafe=False)
    assert not refused and [os.path.basename(p.path) for p in planned] == ["main.nf"]
    fixed = planned[0].fixed
    assert "    errorStrategy { task.exitStatus in [137, 140] ? 'retry' : 'finish' }\n" in fixed
    assert "    maxRetries 3\n" in fixed
    script.write_text(fixed)
    again = lint_text(config.read_text(), str(config), options=AnalysisOptions(),
                      selection=Selection(select=("CFG017",)), strict=True)
    assert again.diagnostics == []


# ---------------------------------------------------------------- show on real pipelines

pytestmark_pipelines = pytest.mark.skipif(not PIPELINES.is_dir(), reason="../shared/pipelines is not beside the repository")


def show(tree: str, *args: str) -> dict:
    result = CliRunner().invoke(main, ["show", str(PIPELINES / tree), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def process(data: dict, qualified: str) -> dict:
    [found] = [p for p in data["processes"] if p["qualifiedName"] == qualified]
    return found


@pytestmark_pipelines
def test_show_rnaseq() -> None:
    data = show("nf-core__rnaseq", "--profile", "docker")
    star = process(data, "NFCORE_RNASEQ:RNASEQ:ALIGN_STAR:STAR_ALIGN")
    # modules/nf-core/star/align/main.nf: `label 'process_high'`; conf/base.config:46
    # process_high `time = { 16.h * task.attempt }`; :18 nf-core's errorStrategy; :19 maxRetries 1.
    assert (star["name"], star["alias"], star["file"].endswith("modules/nf-core/star/align/main.nf")) == (
        "STAR_ALIGN", "STAR_ALIGN", True)
    assert star["time"]["attempts"] == ["16h", "1d 8h"] and star["time"]["source"].endswith("conf/base.config:46")
    assert star["errorStrategy"]["byExitStatus"] == {"143": "retry", "137": "retry", "1": "finish",
                                                     "missing": "finish"}
    assert star["errorStrategy"]["source"].endswith("conf/base.config:18")
    assert star["maxRetries"]["value"] == 1
    # STAR_ALIGN is called a second time as STAR_ALIGN_IGENOMES in the same subworkflow.
    igenomes = process(data, "NFCORE_RNASEQ:RNASEQ:ALIGN_STAR:STAR_ALIGN_IGENOMES")
    assert (igenomes["name"], igenomes["alias"]) == ("STAR_ALIGN", "STAR_ALIGN_IGENOMES")
    # Every process once: a qualified name is one process of the run.
    names = [p["qualifiedName"] for p in data["processes"]]
    assert len(names) == len(set(names))


@pytestmark_pipelines
def test_show_sarek() -> None:
    data = show("nf-core__sarek")
    bwa = process(data, "NFCORE_SAREK:SAREK:FASTQ_PREPROCESS_GATK:FASTQ_ALIGN:BWAMEM1_MEM")
    # modules/nf-core/bwa/mem/main.nf `label 'process_high'`; sarek's conf/base.config:56
    # process_high `time = { 32.h * task.attempt }`.
    assert bwa["name"] == "BWA_MEM" and bwa["time"]["attempts"][:2] == ["1d 8h", "2d 16h"]
    assert bwa["time"]["source"].endswith("conf/base.config:56")


@pytestmark_pipelines
def test_show_scpca_batch_profile() -> None:
    data = show("AlexsLemonade__scpca-nf", "--profile", "batch")
    # modules/classify-celltypes.nf:55 `label 'long_running'`: config/profile_awsbatch.config:22
    # sends attempt 2 on to the priority queue; maxRetries 2 (config/process_base.config:9).
    cellassign = process(data, "annotate_celltypes:classify_cellassign")
    assert cellassign["queue"]["attempts"] == ["scpca-nf-batch-default-queue", "scpca-nf-batch-priority-queue",
                                               "scpca-nf-batch-priority-queue"]
    assert cellassign["queue"]["source"].endswith("config/profile_awsbatch.config:22")
    assert data["maxSpotAttempts"]["value"] == 2
    # merge.nf and build-index.nf are other entry scripts: their processes are not this run's.
    assert not [p for p in data["processes"] if p["file"].endswith(("merge.nf", "build-index.nf"))]


@pytestmark_pipelines
def test_show_chipseq_check_max(tmp_path: Path) -> None:
    """The older template: conf/base.config:45 `time = { check_max( 16.h * task.attempt, 'time' ) }`
    for process_high; check_max (nextflow.config:303) caps it at params.max_time, '240.h'
    in nextflow.config:102, or what a params file gives."""
    qualified = "NFCORE_CHIPSEQ:CHIPSEQ:FASTQ_ALIGN_BWA:BWA_MEM"
    bwa = process(show("nf-core__chipseq"), qualified)
    assert bwa["labels"] == ["process_high"]
    assert bwa["time"]["attempts"] == ["16h", "1d 8h"] and bwa["time"]["source"].endswith("conf/base.config:45")
    params = tmp_path / "params.yaml"
    params.write_text("max_time: 20.h\n")
    capped = process(show("nf-core__chipseq", "--params-file", str(params)), qualified)
    assert capped["time"]["attempts"] == ["16h", "20h"]


def test_a_brace_in_a_string_closes_no_process_body(tmp_path: Path) -> None:
    """nf-core/hic's cooler/makebins writes `tag "${meta.id}}"`: its label is still read."""
    write(tmp_path / "main.nf", 'process MAKEBINS {\n    tag "${meta.id}}"\n    label \'process_low\'\n\n'
                                "    script:\n    'x'\n}\nworkflow { MAKEBINS() }\n")
    run = read_run(str(tmp_path))
    assert run is not None and [p.labels for p in run.processes] == [("process_low",)]


def test_a_brace_in_a_slashy_string_or_after_an_escaped_triple_quote_closes_no_process_body(tmp_path: Path) -> None:
    # masked_code reads strings as the grammar does: `/[}'\/]/` is a slashy string (its `}`
    # and `'` are contents), and an escaped quote does not end a triple-quoted string.
    write(tmp_path / "main.nf", 'process A {\n    label \'process_low\'\n\n    script:\n'
                                "    def safe = task.ext.prefix.replaceAll(/[}'\\/]/, '_')\n"
                                '    """\n    echo \\""" ${safe} }\n    """\n}\n'
                                "process B {\n    label 'process_high'\n\n    script: 'x'\n}\nworkflow { A(); B() }\n")
    run = read_run(str(tmp_path))
    assert run is not None
    assert [(p.name, p.labels) for p in run.processes] == [("A", ("process_low",)), ("B", ("process_high",))]
