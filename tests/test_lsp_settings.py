"""Language server settings end to end: initializationOptions (config, profile,
nextflowVersion), a bad rules.yaml, its re-reading, didChangeConfiguration, a negotiated
position encoding, and a clean shutdown/exit."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import NFLINT_SPOT_COMMAND
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

from test_lsp import PublishQueue, change_document, open_document, published, write_rules

pytestmark = pytest.mark.asyncio(loop_scope="module")

# The errorStrategy is written: CFG014 fires where a retry happens, and a lone config that
# sets none says nothing about it (the pipeline's may).
CONFIG = """\
process.executor = 'awsbatch'
process.queue = 'spot-queue'
profiles {
    aws {
        params.tag = '🚀'; process.maxRetries = 0
    }
}
process.errorStrategy = 'retry'
"""


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[*NFLINT_SPOT_COMMAND, "lsp"]),
                    scope="module")
async def client(lsp_client: LanguageClient):
    lsp_client.diagnostics = PublishQueue()
    yield


async def test_settings_from_the_client_and_a_bad_rules_yaml(client: LanguageClient, tmp_path: Path) -> None:
    rules = tmp_path / "settings" / "lint.yaml"
    rules.parent.mkdir()
    rules.write_text("rules:\n  NOPE: off\n", encoding="utf-8")
    result = await client.initialize_session(lsp.InitializeParams(
        capabilities=lsp.ClientCapabilities(general=lsp.GeneralClientCapabilities(
            position_encodings=[lsp.PositionEncodingKind.Utf32, lsp.PositionEncodingKind.Utf16])),
        root_uri=tmp_path.as_uri(),
        initialization_options={"config": "settings/lint.yaml", "profile": "aws", "nextflowVersion": "24.04.0"}))
    assert result.capabilities.position_encoding == lsp.PositionEncodingKind.Utf32

    uri = (tmp_path / "nextflow.config").as_uri()
    open_document(client, uri, CONFIG)
    assert await published(client, uri) == []  # a bad rules.yaml: no diagnostics, one message
    (message,) = client.messages
    assert message.type == lsp.MessageType.Error
    assert "lint.yaml:2:3" in message.message and "NOPE" in message.message

    write_rules(tmp_path / "settings", ("SPOT009", "CFG014")).rename(rules)  # re-read: its mtime changed
    change_document(client, uri, CONFIG, 2)
    diagnostics = await published(client, uri)
    assert [d.code for d in diagnostics] == ["SPOT009", "CFG014"]  # Nextflow 24.04: maxSpotAttempts defaults to 5
    finding = diagnostics[1]
    line = CONFIG.splitlines()[4]
    assert finding.range.start == lsp.Position(4, line.index("process"))  # UTF-32: code points
    assert "[profile:" not in finding.message  # only the "aws" profile was linted

    client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"nflint-spot": {"config": str(rules), "nextflowVersion": "25.04.0"}}))
    diagnostics = await published(client, uri)
    assert [d.code for d in diagnostics] == ["CFG014"]
    assert "[profile: aws]" in diagnostics[0].message  # the base config and each profile
    assert len(client.messages) == 1

    write_rules(tmp_path / "settings", ("SPOT009",)).rename(rules)  # changed on disk, not in the editor
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(
        changes=[lsp.FileEvent(uri=rules.as_uri(), type=lsp.FileChangeType.Changed)]))
    assert await published(client, uri) == []  # CFG014 is off now; SPOT009 holds for 25.04

    await client.shutdown_session()  # shutdown, then exit: the process ends with status 0
    assert client._server is not None and client._server.returncode == 0
