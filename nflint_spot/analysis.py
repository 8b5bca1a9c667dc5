"""Config file → one ConfigModel per profile scenario (the step shared by `check` and `show`)."""

from __future__ import annotations

from dataclasses import dataclass

from .loader import LoadedConfig, load_config, load_text
from .nodes import Document
from .parser import SyntaxProblem
from .model import ConfigModel, Environment, build_model, profile_scenarios
from .pipeline import ProcessDef, find_pipeline_dir, scan_pipeline


@dataclass(frozen=True, slots=True)
class AnalysisOptions:
    """What the command line says about a lint: profiles, pipeline, dialect, Nextflow version."""

    profiles: tuple[str, ...] | None = None  # None: base config and each profile on its own
    pipeline_dir: str | None = None  # None: the config's directory if it holds a pipeline
    scan_pipeline: bool = True
    syntax: str | None = None  # "v1" / "v2" overrides the dialect detected from the syntax
    nextflow_version: str | None = None


class UnknownProfile(ValueError):
    """`--profile` names a profile the config does not define (a usage error)."""


def load(path: str, text: str | None = None, parsed: Document | SyntaxProblem | None = None) -> LoadedConfig:
    """`parsed`: the parse of `text` when the caller has it (the language server re-parses
    only what an edit touched)."""
    return load_config(path) if text is None else load_text(text, path, parsed)


def check_profiles(loaded: LoadedConfig, options: AnalysisOptions) -> None:
    unknown = [p for p in options.profiles or () if p not in loaded.profile_names]
    if unknown:
        defined = ", ".join(loaded.profile_names) or "none"
        raise UnknownProfile(f"unknown profile(s): {', '.join(unknown)} (defined: {defined})")


def pipeline_processes(path: str, options: AnalysisOptions) -> tuple[str | None, list[ProcessDef] | None]:
    if not options.scan_pipeline:
        return None, None
    directory = options.pipeline_dir or find_pipeline_dir(path)
    if directory is None:
        return None, None
    processes = scan_pipeline(directory)
    if not processes:
        # No process definitions to resolve (nf-core's conf/ holds a modules/ folder of
        # configs, not scripts): analyse the selector scopes, as without a pipeline, rather
        # than no process at all.
        return None, None
    return directory, processes


def build_models(loaded: LoadedConfig, options: AnalysisOptions, processes: list[ProcessDef] | None = None,
                 pipeline_dir: str | None = None, environment: Environment | None = None) -> list[ConfigModel]:
    return [
        build_model(loaded, scenario, dialect=options.syntax, processes=processes, pipeline_dir=pipeline_dir,
                    version_override=options.nextflow_version, environment=environment)
        for scenario in profile_scenarios(loaded, options.profiles)
    ]
