"""The language server lints the run its settings describe (`pipeline`, `layers`, `params`,
`paramsFile`, `profile`), end to end over stdio: a Platform layer being edited is linted on
top of its pipeline, the pipeline's own files with the layer on top, each document showing
the findings located in it; a document outside the run is linted on its own; changed
settings re-lint; settings the run cannot be linted with are messages, never a crash.

One server serves the module's tests in order (each builds on the last one's buffers). The
workspace's rules.yaml turns every rule off but SPOT002, SPOT004 and SYN001. Expected
findings are written from the texts below:
- SPOT004 (no-on-demand-fallback) is located at the layer's `process.queue` line: the
  pipeline retries (`errorStrategy = 'retry'`, maxRetries 3) and every attempt runs on the
  layer's Spot queue; alone, the layer says nothing about retries, and nothing fires.
- SPOT002 (long-task-on-spot) is located at each `time` line over 4 h: ALIGN's 30 h in
  nextflow.config, INDEX's 10 h in conf/base.config (included), for the processes of main.nf.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from conftest import NFLINT_SPOT_COMMAND
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

from test_lsp import PublishQueue, change_document, open_document, write_rules

pytestmark = pytest.mark.asyncio(loop_scope="module")

TIMEOUT = 20
QUIET = 0.4  # seconds without a new publication: the last one is what the editor shows

PIPELINE_CONFIG = """\
process {
    errorStrategy = 'retry'
    maxRetries = 3
    withName: 'ALIGN' {
        time = '30h'
    }
}
includeConfig 'conf/base.config'
"""
BASE_CONFIG = "process {\n    withName: 'INDEX' {\n        time = '10h'\n    }\n}\n"
MAIN_NF = """\
process ALIGN {
    script:
    "echo align"
}
process INDEX {
    script:
    "echo index"
}
workflow { ALIGN(); INDEX() }
"""
LAYER = "process.executor = 'awsbatch'\nprocess.queue = 'spot-queue'\n"
ON_DEMAND = LAYER.replace("spot-queue", "ondemand-queue")
FROM_PARAMS = LAYER.replace("'spot-queue'", "params.queue")
SETTINGS = {"pipeline": "pipe", "layers": ["platform.config"]}

# (code, (line, character), (line, character)), 0-based, from the texts above.
QUEUE_LINE = ("SPOT004", (1, 0), (1, len("process.queue = 'spot-queue'")))
ALIGN_TIME = ("SPOT002", (4, 8), (4, 8 + len("time = '30h'")))
INDEX_TIME = ("SPOT002", (2, 8), (2, 8 + len("time = '10h'")))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("composed")
    write_rules(root, ("SPOT002", "SPOT004", "SYN001"))
    (root / "pipe" / "conf").mkdir(parents=True)
    (root / "pipe" / "nextflow.config").write_text(PIPELINE_CONFIG, encoding="utf-8")
    (root / "pipe" / "conf" / "base.config").write_text(BASE_CONFIG, encoding="utf-8")
    (root / "pipe" / "main.nf").write_text(MAIN_NF, encoding="utf-8")
    (root / "platform.config").write_text(LAYER, encoding="utf-8")  # the buffers differ below: never saved
    (root / "params.yaml").write_text("queue: ondemand-queue\n", encoding="utf-8")
    (root / "bad-params.yaml").write_text("queue: a\n  b: [\n", encoding="utf-8")
    return root


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[*NFLINT_SPOT_COMMAND, "lsp"]), scope="module")
async def client(lsp_client: LanguageClient, workspace: Path):
    lsp_client.diagnostics = PublishQueue()
    await lsp_client.initialize_session(lsp.InitializeParams(
        capabilities=lsp.ClientCapabilities(), root_uri=workspace.as_uri(),
        initialization_options={"nflint-spot": SETTINGS}))  # relative paths: from the workspace root
    yield
    await lsp_client.shutdown_session()


async def shown(client: LanguageClient, uri: str) -> list[lsp.Diagnostic]:
    """What the editor shows for `uri` once the server is quiet: the last diagnostics
    published after at least one new publication."""
    queue = client.diagnostics.queues.setdefault(uri, [])  # type: ignore[attr-defined]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TIMEOUT
    while not queue:
        if loop.time() > deadline:
            raise asyncio.TimeoutError(f"no diagnostics published for {uri}")
        await asyncio.sleep(0.01)
    while True:
        count = len(queue)
        await asyncio.sleep(QUIET)
        if len(queue) == count:
            last = queue[-1]
            queue.clear()
            return last


def found(diagnostics: list[lsp.Diagnostic]) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    return [(str(d.code), (d.range.start.line, d.range.start.character), (d.range.end.line, d.range.end.character))
            for d in diagnostics]


async def message(client: LanguageClient, part: str) -> lsp.ShowMessageParams:
    """The first window/showMessage holding `part` (waiting for it)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TIMEOUT
    while True:
        for item in client.messages:
            if part in item.message:
                return item
        if loop.time() > deadline:
            raise AssertionError(f"no message with {part!r}: {[m.message for m in client.messages]}")
        await asyncio.sleep(0.01)


def configure(client: LanguageClient, **settings: object) -> None:
    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings={"nflint-spot": settings}))


def uri_of(workspace: Path, name: str) -> str:
    return (workspace / name).as_uri()


async def test_a_layer_is_linted_on_top_of_its_pipeline(client: LanguageClient, workspace: Path) -> None:
    layer = uri_of(workspace, "platform.config")
    open_document(client, layer, LAYER)
    diagnostics = await shown(client, layer)
    assert found(diagnostics) == [QUEUE_LINE]
    # The pipeline's retries and its processes (main.nf) are what make the layer's queue a finding.
    assert "ALIGN and INDEX" in diagnostics[0].message and "maxRetries 3" in diagnostics[0].message
    assert client.messages == []


async def test_editing_the_layer_relints_the_run_without_saving(client: LanguageClient, workspace: Path) -> None:
    layer = uri_of(workspace, "platform.config")
    change_document(client, layer, ON_DEMAND, 2)
    assert await shown(client, layer) == []  # no Spot queue: nothing to say
    change_document(client, layer, LAYER, 3)
    assert found(await shown(client, layer)) == [QUEUE_LINE]


async def test_the_pipelines_files_show_their_findings_with_the_layer_on_top(client: LanguageClient,
                                                                              workspace: Path) -> None:
    layer = uri_of(workspace, "platform.config")
    included = uri_of(workspace, "pipe/conf/base.config")
    open_document(client, included, BASE_CONFIG)  # an include: known to be of the run once it is loaded
    assert found(await shown(client, included)) == [INDEX_TIME]
    pipeline = uri_of(workspace, "pipe/nextflow.config")
    open_document(client, pipeline, PIPELINE_CONFIG)
    diagnostics = await shown(client, pipeline)
    assert found(diagnostics) == [ALIGN_TIME]
    assert "queue 'spot-queue'" in diagnostics[0].message  # the layer's queue
    assert any(r.location.uri == layer and r.location.range.start.line == 1
               for r in diagnostics[0].related_information or ())

    change_document(client, layer, ON_DEMAND, 4)  # the layer's buffer, read by the run's one lint
    assert await shown(client, layer) == []
    assert await shown(client, pipeline) == []
    assert await shown(client, included) == []
    change_document(client, layer, LAYER, 5)
    assert found(await shown(client, layer)) == [QUEUE_LINE]
    assert found(await shown(client, pipeline)) == [ALIGN_TIME]
    assert found(await shown(client, included)) == [INDEX_TIME]

    # An edit of the pipeline's buffer: ALIGN's time under 4 h is no finding, INDEX's still is.
    change_document(client, pipeline, PIPELINE_CONFIG.replace("'30h'", "'3h'"), 2)
    assert await shown(client, pipeline) == []
    change_document(client, pipeline, PIPELINE_CONFIG, 3)
    assert found(await shown(client, pipeline)) == [ALIGN_TIME]


async def test_a_document_outside_the_run_is_linted_on_its_own(client: LanguageClient, workspace: Path) -> None:
    other = uri_of(workspace, "other.config")
    open_document(client, other, LAYER + "process {\n    queue = \n}\n")
    diagnostics = await shown(client, other)
    assert [(str(d.code), d.range.start.line) for d in diagnostics] == [("SYN001", 4)]
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(lsp.TextDocumentIdentifier(uri=other)))
    assert await shown(client, other) == []


async def test_changed_settings_relint_every_document(client: LanguageClient, workspace: Path) -> None:
    layer = uri_of(workspace, "platform.config")
    pipeline = uri_of(workspace, "pipe/nextflow.config")
    included = uri_of(workspace, "pipe/conf/base.config")
    configure(client, pipeline=None)  # no run: each file on its own, as before
    assert await shown(client, layer) == []
    assert await shown(client, pipeline) == []  # no executor: no Spot
    assert await shown(client, included) == []

    # params from the settings, over the params file's (which names an On-Demand queue).
    change_document(client, layer, FROM_PARAMS, 6)
    assert await shown(client, layer) == []
    configure(client, **SETTINGS, paramsFile="params.yaml", params={"queue": "spot-b"})
    diagnostics = await shown(client, layer)
    assert found(diagnostics) == [("SPOT004", (1, 0), (1, len("process.queue = params.queue")))]
    assert "queue 'spot-b'" in diagnostics[0].message
    assert found(await shown(client, pipeline)) == [ALIGN_TIME]
    assert found(await shown(client, included)) == [INDEX_TIME]
    configure(client, **SETTINGS, paramsFile="params.yaml")
    assert await shown(client, layer) == []
    assert await shown(client, pipeline) == []
    assert await shown(client, included) == []
    change_document(client, layer, LAYER, 7)
    configure(client, **SETTINGS)
    assert found(await shown(client, layer)) == [QUEUE_LINE]
    assert found(await shown(client, pipeline)) == [ALIGN_TIME]
    assert found(await shown(client, included)) == [INDEX_TIME]
    assert client.messages == []


async def test_a_run_that_cannot_be_linted_is_a_message(client: LanguageClient, workspace: Path) -> None:
    layer = uri_of(workspace, "platform.config")
    pipeline = uri_of(workspace, "pipe/nextflow.config")

    configure(client, pipeline="nowhere", layers=["platform.config"])
    error = await message(client, "nowhere")
    assert error.type == lsp.MessageType.Error
    assert f"{workspace / 'nowhere'}: no such directory" in error.message
    assert await shown(client, layer) == []  # linted on its own

    configure(client, **SETTINGS, paramsFile="bad-params.yaml")
    error = await message(client, "bad-params.yaml")
    assert f"{workspace / 'bad-params.yaml'}:2:4: not valid YAML" in error.message
    assert await shown(client, layer) == []

    configure(client, **SETTINGS)
    assert found(await shown(client, layer)) == [QUEUE_LINE]
    broken = "process.executor = 'awsbatch'\nprocess.queue = \n"
    change_document(client, layer, broken, 8)  # a -c file that does not parse: no run to judge
    error = await message(client, "must parse")
    assert f"{workspace / 'platform.config'}:2:16:" in error.message
    diagnostics = await shown(client, layer)  # the layer on its own: its syntax error
    assert [(str(d.code), d.range.start.line) for d in diagnostics] == [("SYN001", 1)]
    change_document(client, layer, LAYER, 9)
    assert found(await shown(client, layer)) == [QUEUE_LINE]

    configure(client, **SETTINGS, profile="nope")
    warning = await message(client, "unknown profile(s): nope")
    assert warning.type == lsp.MessageType.Warning
    assert found(await shown(client, layer)) == [QUEUE_LINE]  # the base config: there is no profile
    assert found(await shown(client, pipeline)) == [ALIGN_TIME]

    configure(client, pipeline="pipe", layers=7)
    problem = await message(client, "`layers` must be a list")
    assert problem.type == lsp.MessageType.Warning
    assert await shown(client, layer) == []  # the layer is no file of the run now
