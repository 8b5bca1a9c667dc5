"""What the language server answers to the requests editors really send, end to end over
stdio (pytest-lsp): code actions for the diagnostics the client names in
`context.diagnostics`, and protocol errors that go to the client's log, never to the user.

One server serves the module's tests; the workspace's rules.yaml turns every rule off but
CFG014 and SYN001."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from conftest import NFLINT_SPOT_COMMAND
import pytest_lsp
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient

from test_lsp import PublishQueue, apply, open_document, published, write_rules

pytestmark = pytest.mark.asyncio(loop_scope="module")

SERVER = [*NFLINT_SPOT_COMMAND, "lsp"]
TIMEOUT = 20

INDENTED = """\
process {
    executor = 'awsbatch'
    errorStrategy = 'retry'
    maxRetries = 0
}
"""
FINDING_LINE = 3  # 0-based: `    maxRetries = 0`, CFG014 from column 4


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("requests")
    write_rules(root, ("CFG014", "SYN001"))
    return root


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), scope="module")
async def client(lsp_client: LanguageClient, workspace: Path):
    lsp_client.diagnostics = PublishQueue()
    await lsp_client.initialize_session(lsp.InitializeParams(
        capabilities=lsp.ClientCapabilities(), root_uri=workspace.as_uri()))
    yield
    await lsp_client.shutdown_session()


async def code_actions(client: LanguageClient, uri: str, at: lsp.Position,
                       sent: list[lsp.Diagnostic]) -> list[lsp.CodeAction]:
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        lsp.TextDocumentIdentifier(uri=uri), lsp.Range(at, at), lsp.CodeActionContext(diagnostics=sent)))
    return list(actions or [])


async def test_quick_fixes_for_the_diagnostics_the_client_sends(client: LanguageClient, workspace: Path) -> None:
    """Neovim sends the cursor's line's diagnostics with the cursor's range: at column 0,
    before the indented finding, that range touches none of them."""
    uri = (workspace / "nextflow.config").as_uri()
    open_document(client, uri, INDENTED)
    (diagnostic,) = await published(client, uri)
    assert (diagnostic.code, diagnostic.range) == (
        "CFG014", lsp.Range(lsp.Position(FINDING_LINE, 4), lsp.Position(FINDING_LINE, len("    maxRetries = 0"))))
    column_0 = lsp.Position(FINDING_LINE, 0)

    actions = await code_actions(client, uri, column_0, [diagnostic])
    assert [a.title for a in actions] == ["Write `maxRetries = 1` (CFG014)", "Ignore CFG014 on this line"]
    assert [d.code for d in actions[0].diagnostics] == ["CFG014"]
    assert apply(INDENTED, actions[0].edit.changes[uri]) == INDENTED.replace("maxRetries = 0", "maxRetries = 1")

    # Matched by code and range (and source): not another tool's, nor one the client does not send.
    assert await code_actions(client, uri, column_0, []) == []
    other_tool = lsp.Diagnostic(diagnostic.range, "x", code="CFG014", source="another-linter")
    assert await code_actions(client, uri, column_0, [other_tool]) == []
    other_code = lsp.Diagnostic(diagnostic.range, "x", code="CFG015", source="nflint-spot")
    assert await code_actions(client, uri, column_0, [other_code]) == []
    moved = lsp.Diagnostic(lsp.Range(lsp.Position(0, 0), lsp.Position(0, 1)), "x", code="CFG014")
    assert await code_actions(client, uri, column_0, [moved]) == []
    # The cursor on the finding still gets them, whatever the client sends.
    on_it = await code_actions(client, uri, lsp.Position(FINDING_LINE, 6), [])
    assert [a.title for a in on_it] == ["Write `maxRetries = 1` (CFG014)", "Ignore CFG014 on this line"]


async def test_protocol_errors_are_logged_and_answered_not_shown(client: LanguageClient, workspace: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    shown, logged = len(client.messages), len(client.log_messages)
    never_opened = (workspace / "never-opened.config").as_uri()
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        lsp.VersionedTextDocumentIdentifier(uri=never_opened, version=2),
        [lsp.TextDocumentContentChangePartial(lsp.Range(lsp.Position(3, 0), lsp.Position(3, 1)), "x")]))
    # Sent as they are, not as the method's type (only while sending: what arrives is typed).
    with monkeypatch.context() as untyped:
        untyped.setattr(client.protocol, "get_message_type", lambda method: None)
        request = client.protocol.send_request(lsp.TEXT_DOCUMENT_HOVER, {"textDocument": 5, "position": "x"})
        client.protocol.notify(lsp.TEXT_DOCUMENT_DID_OPEN, {"textDocument": 7})  # a notification: logged
    with pytest.raises(JsonRpcException) as invalid:  # a request: a JSON-RPC error answers it
        await asyncio.wait_for(asyncio.wrap_future(request), TIMEOUT)
    assert invalid.value.code == -32602

    # The server still answers, and has read everything above by the time it does.
    uri = (workspace / "nextflow.config").as_uri()
    hover = await client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(uri=uri), lsp.Position(FINDING_LINE, 6)))
    assert hover is not None and "process.maxRetries" in hover.contents.value

    assert client.messages[shown:] == []  # nothing shown to the user
    log = [m.message for m in client.log_messages[logged:]]
    assert all(m.startswith("nflint-spot: ") and "Traceback" not in m for m in log), log
    assert f"nflint-spot: textDocument/didChange for {never_opened}, which is not open: ignored" in log
    assert any("Invalid Params in textDocument/hover" in m for m in log), log
    assert any("Invalid Params in textDocument/didOpen" in m for m in log), log
    assert {m.type for m in client.log_messages[logged:]} == {lsp.MessageType.Warning}
