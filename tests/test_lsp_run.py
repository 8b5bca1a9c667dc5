"""The run the language server's settings describe, in process: the settings parsed
(ServerOptions), resolved against the workspace root (resolve_run), the params file read
(ParamsFiles), a run that cannot be linted turned into one message (lint_run), and the
server linting the run once for all its open documents (SpotServer, with the protocol
replaced by a recorder). tests/test_lsp_composed.py runs the same end to end over stdio."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types as lsp

import nflint_spot.lsp.scheduling as scheduling_module
from nflint_spot.lsp.server import SpotServer
from nflint_spot.lsp.run import ParamsFiles, RunSettings, lint_run, resolve_run
from nflint_spot.lsp.session import ServerOptions, SettingsCache
from nflint_spot.config.run_params import RunParamsError

from test_lsp import write_rules
from test_lsp_composed import BASE_CONFIG, LAYER, MAIN_NF, PIPELINE_CONFIG
from test_lsp_scheduling import Buffer, FakeProtocolServer, settled


@pytest.fixture
def pipeline(tmp_path: Path) -> Path:
    """tests/test_lsp_composed.py's workspace: pipe/ (nextflow.config, conf/base.config,
    main.nf) and platform.config; rules.yaml turns on SPOT002, SPOT004 and SYN001."""
    write_rules(tmp_path, ("SPOT002", "SPOT004", "SYN001"))
    (tmp_path / "pipe" / "conf").mkdir(parents=True)
    (tmp_path / "pipe" / "nextflow.config").write_text(PIPELINE_CONFIG, encoding="utf-8")
    (tmp_path / "pipe" / "conf" / "base.config").write_text(BASE_CONFIG, encoding="utf-8")
    (tmp_path / "pipe" / "main.nf").write_text(MAIN_NF, encoding="utf-8")
    (tmp_path / "platform.config").write_text(LAYER, encoding="utf-8")
    return tmp_path


# ---------------------------------------------------------------- settings


def test_the_run_settings_are_parsed_bare_or_in_a_section() -> None:
    raw = {"pipeline": "~/pipe", "layers": ["platform.config", "/abs/more.config"], "paramsFile": "p.yaml",
           "params": {"queue": "spot", "max_cpus": 4, "nested": {"a": True}}, "profile": "aws, docker"}
    for settings in (raw, {"nflint-spot": raw}, {"nflintSpot": raw}):
        options = ServerOptions.parse(settings)
        assert options == ServerOptions(
            profiles=("aws", "docker"), pipeline=os.path.expanduser("~/pipe"),
            layers=("platform.config", "/abs/more.config"), params_file="p.yaml",
            params=(("queue", "spot"), ("max_cpus", 4), ("nested", {"a": True})))
    for key in ("pipeline", "layers", "params", "paramsFile"):
        assert ServerOptions.mentions({"nflint-spot": {key: None}})
    assert ServerOptions.parse({"pipeline": "p", "layers": "one.config"}).layers == ("one.config",)


@pytest.mark.parametrize(("settings", "problem", "kept"), [
    ({"pipeline": 3}, "`pipeline` must be a path; ignored", ServerOptions()),
    ({"pipeline": "p", "layers": [1]}, "`layers` must be a list of config paths; ignored",
     ServerOptions(pipeline="p")),
    ({"pipeline": "p", "params": ["a=1"]}, "`params` must be an object of param names and values; ignored",
     ServerOptions(pipeline="p")),
    ({"pipeline": "p", "paramsFile": {}}, "`paramsFile` must be a path; ignored", ServerOptions(pipeline="p")),
    ({"pipeline": "p", "layers": ["rules.yaml", "a.config"]},
     "`layers`: rules.yaml is not a Nextflow config (nflint-spot's rules.yaml is given as `config`); ignored",
     ServerOptions(pipeline="p", layers=("a.config",))),
    ({"layers": ["a.config"]}, "`layers`, `params` and `paramsFile` describe the run of a pipeline: they apply "
     "only with `pipeline` set", ServerOptions(layers=("a.config",))),
    # An unreadable version is said, not taken for "unpinned" in silence.
    ({"nextflowVersion": "xyz"}, "`nextflowVersion`: not a Nextflow version: 'xyz' (expected a release such as "
     "24.10.0, or a constraint with a lowest release such as '>=24.04'); ignored", ServerOptions()),
])
def test_settings_of_the_wrong_kind_are_problems_not_errors(settings: dict[str, Any], problem: str,
                                                           kept: ServerOptions) -> None:
    options = ServerOptions.parse(settings)
    assert options.problems == (problem,)
    assert dataclasses.replace(options, problems=()) == kept


def test_relative_paths_are_the_workspace_roots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    options = ServerOptions(pipeline="pipe/../pipe", layers=("platform.config", "/abs/more.config"),
                            params_file="params.yaml", params=(("a", 1),))
    assert resolve_run(options, "/work/space") == RunSettings(
        "/work/space/pipe", ("/work/space/platform.config", "/abs/more.config"), (("a", 1),),
        "/work/space/params.yaml")
    monkeypatch.chdir(tmp_path)  # no workspace root: the server's working directory
    run = resolve_run(options, None)
    assert run is not None and run.pipeline == str(tmp_path / "pipe") and run.root == str(tmp_path / "pipe" /
                                                                                          "nextflow.config")
    assert resolve_run(ServerOptions(layers=("a.config",)), "/work/space") is None


def test_the_settings_params_win_over_the_params_files(tmp_path: Path) -> None:
    params = tmp_path / "params.yaml"
    params.write_text("queue: from-file\nmax-cpus: 4\nproject: ${projectDir}/x\n", encoding="utf-8")
    files = ParamsFiles()
    run = RunSettings(str(tmp_path / "pipe"), (), (("queue", "from-settings"),), str(params))
    # kebab-case becomes camelCase and ${projectDir} the pipeline, as nextflow -params-file does.
    assert files.params(run) == (("queue", "from-settings"), ("maxCpus", 4), ("project", f"{tmp_path}/pipe/x"))
    params.write_text("queue: [\n", encoding="utf-8")  # re-read: its size changed
    with pytest.raises(RunParamsError, match=r"params\.yaml:2:1: not valid YAML"):
        files.params(run)


# ---------------------------------------------------------------- lint_run


def outcome_of(workspace: Path, buffers: dict[str, str] | None = None, **settings: Any) -> Any:
    options = ServerOptions.parse({"pipeline": "pipe", "layers": ["platform.config"], **settings})
    run = resolve_run(options, str(workspace))
    assert run is not None
    return lint_run(SettingsCache(), ParamsFiles(), options, run, None, None, buffers or {}, None)


def test_the_run_is_linted_with_the_open_buffers(pipeline: Path) -> None:
    outcome = outcome_of(pipeline)
    assert outcome.run is not None and outcome.run.composed and outcome.run_ok and outcome.messages == []
    layer, root = str(pipeline / "platform.config"), str(pipeline / "pipe" / "nextflow.config")
    assert [(d.code, d.path, d.span.line, d.span.column) for d in outcome.run.result.diagnostics] == [
        ("SPOT002", str(pipeline / "pipe" / "conf" / "base.config"), 3, 9),
        ("SPOT002", root, 5, 9),
        ("SPOT004", layer, 2, 1),
    ]
    assert outcome.run.text == PIPELINE_CONFIG  # the root's, read from disk: it is not open
    edited = outcome_of(pipeline, {layer: LAYER.replace("spot-queue", "ondemand-queue")})
    assert edited.run is not None and edited.run.result.diagnostics == []


@pytest.mark.parametrize(("settings", "buffers", "expected"), [
    ({"pipeline": "nowhere"}, {}, "{p}/nowhere: no such directory (the `pipeline` setting)"),
    ({"paramsFile": "bad.yaml"}, {}, "{p}/pipe: {p}/bad.yaml:2:4: not valid YAML: mapping values are not allowed"),
    ({"layers": ["platform.config", "missing.config"]}, {}, "{p}/pipe: {p}/missing.config: no such file"),
    ({}, {"platform.config": "process.queue = \n"}, "{p}/pipe: {p}/platform.config:1:16: unexpected end of file"),
])
def test_a_run_that_cannot_be_linted_is_one_message_with_the_file_and_position(
        pipeline: Path, settings: dict[str, Any], buffers: dict[str, str], expected: str) -> None:
    (pipeline / "bad.yaml").write_text("queue: a\n  b: [\n", encoding="utf-8")
    outcome = outcome_of(pipeline, {str(pipeline / k): v for k, v in buffers.items()}, **settings)
    assert outcome.run is None and outcome.unlintable and not outcome.clear
    ((kind, message_type, message),) = outcome.messages
    assert message_type == lsp.MessageType.Error
    assert message.startswith("nflint-spot: cannot lint the run of pipeline ")
    assert expected.format(p=pipeline) in message
    assert message.endswith("its open files are linted on their own")
    assert kind.startswith("run ")


def test_a_broken_layer_is_one_message_wherever_its_error_moves(pipeline: Path) -> None:
    """The server shows a message once per kind of `run ...` (SpotServer._show): typing in a
    broken layer moves its error, and must not bring up a message per keystroke."""
    layer = str(pipeline / "platform.config")
    first = outcome_of(pipeline, {layer: "process.queue = \n"})
    second = outcome_of(pipeline, {layer: "process.executor = 'awsbatch'\nprocess.queue = \n"})
    assert first.messages[0][0] == second.messages[0][0]
    assert first.messages[0][2] != second.messages[0][2]


def test_an_unknown_profile_is_a_warning_and_the_base_config_is_linted(pipeline: Path) -> None:
    outcome = outcome_of(pipeline, profile="nope")
    assert outcome.run is not None and [d.code for d in outcome.run.result.diagnostics] == [
        "SPOT002", "SPOT002", "SPOT004"]
    ((kind, message_type, message),) = outcome.messages
    assert (kind, message_type) == ("profile", lsp.MessageType.Warning)
    assert f"the run of {pipeline}/pipe: unknown profile(s): nope (defined: none)" in message


def test_a_bad_rules_yaml_clears_the_runs_documents(pipeline: Path) -> None:
    # .nflint-spot.yaml: a rules.yaml naming none of nflint-spot's rules is another tool's.
    (pipeline / ".nflint-spot.yaml").write_text("rules:\n  NOPE: off\n", encoding="utf-8")
    outcome = outcome_of(pipeline)
    assert outcome.run is None and outcome.clear and not outcome.unlintable
    assert ".nflint-spot.yaml:2:3" in outcome.messages[0][2]


# ---------------------------------------------------------------- the server


class Counting:
    def __init__(self, function: Any) -> None:
        self.function = function
        self.calls: list[str] = []

    def __call__(self, *args: Any) -> Any:
        self.calls.append(self.function.__name__)
        return self.function(*args)


@pytest.mark.asyncio
async def test_one_lint_of_the_run_serves_each_of_its_open_documents(pipeline: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    runs, alone = Counting(scheduling_module.lint_run), Counting(scheduling_module.lint_document)
    monkeypatch.setattr(scheduling_module, "lint_run", runs)
    monkeypatch.setattr(scheduling_module, "lint_document", alone)
    spot = SpotServer()
    fake = FakeProtocolServer()
    shown: dict[str, list[tuple[str, int]]] = {}  # URI → (code, line) of the last publication
    original = fake.text_document_publish_diagnostics

    def publish(params: lsp.PublishDiagnosticsParams) -> None:
        original(params)
        shown[params.uri] = [(str(d.code), d.range.start.line) for d in params.diagnostics]

    fake.text_document_publish_diagnostics = publish  # type: ignore[method-assign]
    spot.server = fake  # type: ignore[assignment]
    await spot.initialize(lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), root_uri=pipeline.as_uri(),
                                               initialization_options={"pipeline": "pipe",
                                                                       "layers": ["platform.config"]}))

    async def open_(name: str, text: str) -> str:
        uri = (pipeline / name).as_uri()
        fake.workspace.documents[uri] = Buffer(text, 1)
        await spot.did_open(lsp.DidOpenTextDocumentParams(
            lsp.TextDocumentItem(uri=uri, language_id="nextflow", version=1, text=text)))
        await settled(spot)
        return uri

    async def change(uri: str, text: str, version: int) -> None:
        fake.workspace.documents[uri] = Buffer(text, version)
        await spot.did_change(lsp.DidChangeTextDocumentParams(
            lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [lsp.TextDocumentContentChangeWholeDocument(text=text)]))
        await settled(spot)

    layer = await open_("platform.config", LAYER)
    root = await open_("pipe/nextflow.config", PIPELINE_CONFIG)
    included = await open_("pipe/conf/base.config", BASE_CONFIG)
    other = await open_("other.config", "process.queue = \n")
    assert shown == {layer: [("SPOT004", 1)], root: [("SPOT002", 4)],
                                          included: [("SPOT002", 2)], other: [("SYN001", 0)]}
    assert alone.calls == ["lint_document"]  # other.config only
    assert spot.runs[layer].result is spot.runs[root].result is spot.runs[included].result

    runs.calls.clear()
    edited = LAYER.replace("spot-queue", "ondemand-queue")
    fake.workspace.documents[layer] = Buffer(edited, 2)
    await change(layer, edited, 2)
    assert runs.calls == ["lint_run"]  # one lint for the three documents of the run
    assert shown == {layer: [], root: [], included: [], other: [("SYN001", 0)]}
    assert spot.runs[layer].text == edited and spot.runs[root].text == PIPELINE_CONFIG

    # The include gone from the pipeline's buffer: base.config is linted on its own again.
    alone.calls.clear()
    without = PIPELINE_CONFIG.replace("includeConfig 'conf/base.config'\n", "")
    fake.workspace.documents[root] = Buffer(without, 2)
    await change(root, without, 2)
    assert alone.calls == ["lint_document"] and not spot.runs[included].composed
    # The run's root is parsed by its document's incremental parser: in full when it was
    # opened, then from its last tree at each lint of the run (base.config opened, the two edits).
    assert spot.parsers[root].reparsed == 3
    assert shown[included] == []
    spot.worker.shutdown(wait=True)
