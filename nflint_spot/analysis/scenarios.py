"""Config file → one ConfigModel per profile scenario (the step shared by `check` and `show`)."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass

from ..syntax import nodes as n
from ..config.loader import LoadedConfig, Setting, load_config, load_text
from ..config.model import ConfigModel, Environment, build_model, profile_scenarios, setting_references
from ..syntax.nodes import Document
from ..syntax.parser import SyntaxProblem
from ..config.pipeline import ProcessDef, find_pipeline_dir, scan_pipeline
from ..config.pipeline_graph import MissingModule, read_run
from ..sources import read_config
from ..config.versions import NextflowVersion, version_scenarios


@dataclass(frozen=True, slots=True)
class AnalysisOptions:
    """What the command line says about a lint: profiles, pipeline, dialect, Nextflow version."""

    profiles: tuple[str, ...] | None = None  # None: base config and each profile on its own
    pipeline_dir: str | None = None  # None: the config's directory if it holds a pipeline
    scan_pipeline: bool = True
    syntax: str | None = None  # "v1" / "v2" overrides the dialect detected from the syntax
    nextflow_version: str | None = None
    # A composed run: the `-c` files layered over the config, in order, and the command
    # line's params (`--params-file` then `--param`, run_params.py), as (name, value) pairs.
    layers: tuple[str, ...] = ()
    params: tuple[tuple[str, object], ...] = ()
    launcher: str | None = None  # `--launcher awsbatch`: over rules.yaml's `launcher`


class RunError(ValueError):
    """The run cannot be linted as asked (a usage error, exit 2): the message says why."""


class UnknownProfile(RunError):
    """`--profile` names a profile no file of the run defines."""


class BrokenLayer(RunError):
    """A `-c` file of the run has a syntax error: Nextflow would stop before running anything,
    and the rest of the run cannot be judged without it."""


def load(path: str, text: str | None = None, parsed: Document | SyntaxProblem | None = None,
         options: AnalysisOptions | None = None, texts: dict[str, str] | None = None) -> LoadedConfig:
    """`text`: the text of `path` when the caller has it (an open editor buffer); `texts` the
    same for other files of the run. `parsed`: the parse of `text` when the caller has it
    (the language server re-parses only what an edit touched). Raises ConfigReadError when
    the config or a layer cannot be read."""
    layers = options.layers if options is not None else ()
    params = dict(options.params) if options is not None else {}
    if text is None and not texts:
        return load_config(path, layers=layers, cli_params=params)
    buffers = dict(texts or {})

    def read(p: str) -> str:
        return buffers[p] if p in buffers else read_config(p)

    if text is None:
        return load_config(path, read=read, layers=layers, cli_params=params)
    return load_text(text, path, parsed, read=read, layers=layers, cli_params=params)


def check_run(loaded: LoadedConfig, options: AnalysisOptions) -> None:
    """Raises RunError when the run cannot be linted as asked."""
    for layer in loaded.layers[1:]:
        problem = loaded.files[layer].problem
        if problem is not None:
            raise BrokenLayer(f"{problem.path}:{problem.span.line}:{problem.span.column}: {problem.message} "
                              "(a -c config must parse for the run to be linted)")
    unknown = [p for p in options.profiles or () if p not in loaded.profile_names]
    if unknown:
        defined = ", ".join(loaded.profile_names) or "none"
        raise UnknownProfile(f"unknown profile(s): {', '.join(unknown)} (defined: {defined})")


@dataclass(frozen=True)
class PipelineProcesses:
    """The pipeline a config belongs to: its directory, the processes of the run (each call
    of a definition, pipeline_graph.py; every definition of every script when there is no
    entry script) and the includes of its scripts that could not be followed."""

    directory: str
    processes: list[ProcessDef]
    missing: tuple[MissingModule, ...] = ()
    texts: dict[str, str] = dataclasses.field(default_factory=dict)  # the scripts of the run
    dsl1: bool = False  # pipeline_graph.RunScripts.dsl1


def pipeline_processes(path: str, options: AnalysisOptions, loaded: LoadedConfig | None = None,
                       ) -> PipelineProcesses | None:
    """None without a pipeline (or with no process in it)."""
    if not options.scan_pipeline:
        return None
    directory = options.pipeline_dir or find_pipeline_dir(path)
    if directory is None:
        return None
    run = read_run(directory, _main_script(loaded))
    if run is not None:
        return PipelineProcesses(directory, run.processes, tuple(m for m in run.missing if not m.remote), run.texts,
                                 run.dsl1)
    processes = scan_pipeline(directory)
    if not processes:
        # No process definitions to resolve (nf-core's conf/ holds a modules/ folder of
        # configs, not scripts): analyse the selector scopes, as without a pipeline, rather
        # than no process at all.
        return None
    return PipelineProcesses(directory, processes)


def _main_script(loaded: LoadedConfig | None) -> str | None:
    """`manifest.mainScript` of the base config, when written as a literal."""
    return None if loaded is None else _base_literal(loaded, ("manifest", "mainScript"))


def build_models(loaded: LoadedConfig, options: AnalysisOptions, pipeline: PipelineProcesses | None = None,
                 environment: Environment | None = None) -> list[ConfigModel]:
    """One model per profile scenario and, where the verdict may depend on the release, per
    stretch of Nextflow releases the manifest allows (version_scenarios)."""
    if options.launcher is not None:
        environment = dataclasses.replace(environment or Environment(), launcher=options.launcher)
    processes = pipeline.processes if pipeline is not None else None
    executors = [s for s in loaded.settings if s.key[-1] in ("executor", "name") and _chooses_batch(s)]
    on_batch = bool(executors) or (environment is not None and environment.launcher == "awsbatch")
    versions = _versions(loaded, options, pipeline, on_batch)
    # Stretches that differ in AWS Batch matters only (the maxSpotAttempts default,
    # resourceLimits) are the same for a profile scenario not on AWS Batch: one model, of
    # the newest release, standing for all of them (version_label None).
    batch_only = all(feature in (None, "spot-attempts", "resource-limits") for _, _, feature in versions)

    def build(scenario: tuple[str, ...], version: NextflowVersion | None, label: str | None,
              feature: str | None) -> ConfigModel:
        return build_model(loaded, scenario, dialect=options.syntax, processes=processes,
                           pipeline_dir=pipeline.directory if pipeline is not None else None,
                           version_override=options.nextflow_version, environment=environment,
                           missing_modules=pipeline.missing if pipeline is not None else (),
                           version=version, version_label=label, version_feature=feature)

    models = []
    for scenario in profile_scenarios(loaded, options.profiles):
        newest = build(scenario, *versions[-1])
        if len(versions) > 1 and batch_only and not (
                (environment is not None and environment.launcher == "awsbatch")
                or any(newest.settings.get(s.key) is s for s in executors)):
            models.append(dataclasses.replace(newest, version_label=None, version_feature=None))
            continue
        models.extend(build(scenario, *version) for version in versions[:-1])
        models.append(newest)
    return models


def _versions(loaded: LoadedConfig, options: AnalysisOptions, pipeline: PipelineProcesses | None,
              on_batch: bool) -> list[tuple[NextflowVersion | None, str | None, str | None]]:
    """(the release to analyse, the stretch it stands for, what changes from the stretch
    before) per version scenario; one (None, None, None) when the version is given, or the
    manifest allows one stretch, or nothing the lint reads depends on the release."""
    single: list[tuple[NextflowVersion | None, str | None, str | None]] = [(None, None, None)]
    if options.nextflow_version:
        return single
    boundaries = _boundaries(loaded, pipeline.processes if pipeline is not None else None, on_batch)
    if not boundaries:
        return single
    requirement = _base_literal(loaded, ("manifest", "nextflowVersion"))
    if requirement is None and pipeline is None and len(loaded.layers) <= 1 \
            and os.path.basename(loaded.root) != "nextflow.config":
        # A fragment with no constraint of its own (an institutional profile, a launch config
        # linted alone): the pipeline it is layered over says which releases run it; the
        # current one is analysed, as --nextflow-version would say (and the result says so).
        return single
    scenarios = version_scenarios(requirement, boundaries, _runs_before(loaded, pipeline))
    if len(scenarios) == 1:
        return single
    lowest = scenarios[0].version
    return [(NextflowVersion(s.version, "range", requirement or "", lowest), s.label, s.feature) for s in scenarios]


def _runs_before(loaded: LoadedConfig, pipeline: PipelineProcesses | None) -> tuple[int, int, int] | None:
    """The first release that cannot run the pipeline whatever the manifest says: 22.12 for
    a DSL1 script (DSL1 was dropped), 26.04 for a config using legacy Groovy (the strict
    parser, the default from then, rejects it; NXF_SYNTAX_PARSER=v1 still reads it)."""
    if pipeline is not None and pipeline.dsl1:
        return (22, 12, 0)
    return (26, 4, 0) if loaded.legacy else None


def _boundaries(loaded: LoadedConfig, processes: list[ProcessDef] | None,
                on_batch: bool) -> tuple[tuple[int, int, int], ...]:
    """The releases where something the lint reads changes: 24.04 and 24.10 for AWS Batch
    (process.resourceLimits; the maxSpotAttempts default, when no explicit value is set),
    25.10 for a directive assigned in a process body, 26.04 for a closure reading a
    config setting (the strict parser). Each adds a stretch of releases, and a model per
    profile scenario: only the ones that matter are analysed."""
    found = []
    if on_batch:
        found.append((22, 4, 0))  # aws.batch.maxSpotAttempts (default 5) comes in
        if any(s.key[-1] == "resourceLimits" for s in loaded.settings):
            found.append((24, 4, 0))
        spot_attempts = [s for s in loaded.settings if s.key == ("aws", "batch", "maxSpotAttempts")]
        explicit = spot_attempts and all(isinstance(s.value, n.Literal) and s.value.value not in (0, "0")
                                         for s in spot_attempts)
        if not explicit:
            found.append((24, 10, 0))
        if any(isinstance(s.value, n.Literal) and s.value.value in (0, "0") for s in spot_attempts):
            found.append((23, 5, 0))  # 0 reads as 5 from 23.05 to 24.07
    if any(d.assignment for p in processes or () for d in p.directives.values()):
        found.append((25, 10, 0))
    if setting_references(loaded):
        found.append((26, 4, 0))
    return tuple(found)


def _chooses_batch(setting: Setting) -> bool:
    key = setting.key
    return (key[-1] in ("executor", "name") and key[0] in ("process", "executor")
            and isinstance(setting.value, n.Literal) and setting.value.value == "awsbatch")


def _base_literal(loaded: LoadedConfig, key: tuple[str, ...]) -> str | None:
    """A base-config setting's value when written as a literal string."""
    for setting in reversed(loaded.settings):
        if setting.key == key and setting.profile is None:
            value = setting.value
            return value.value if isinstance(value, n.Literal) and isinstance(value.value, str) else None
    return None
