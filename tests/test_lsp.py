"""The language server end to end over stdio (pytest-lsp): `python -m nflint_spot lsp`.

One server serves the module's tests in order; the workspace's rules.yaml turns every rule
off except the few these tests are about, so new rules elsewhere cannot change the
expectations."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from conftest import NFLINT_SPOT_COMMAND
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

from nflint_spot.rules import ALL_RULES

pytestmark = pytest.mark.asyncio(loop_scope="module")

SERVER = [*NFLINT_SPOT_COMMAND, "lsp"]
ENABLED = ("SYN001", "CFG014", "SPOT002", "SUP001")
TIMEOUT = 20

MAIN = """\
process {
    executor = 'awsbatch'
    queue = 'spot-queue'
    errorStrategy = 'retry'
    withLabel: 'big' {
        time = '2h'
    }
}
params.tag = '🚀🚀'; process.maxRetries = 0
aws.batch.maxSpotAttempts = 0
"""
FINDING = "process.maxRetries = 0"
INCLUDING = "process.executor = 'awsbatch'\nprocess.queue = 'spot-queue'\nincludeConfig 'conf/long.config'\n"
INCLUDED = "process {\n    withLabel: 'long' {\n        time = '30h'\n    }\n}\n"


def write_rules(directory: Path, enabled: tuple[str, ...] = ENABLED) -> Path:
    lines = ["rules:"] + [f"  {rule.code}: {'on' if rule.code in enabled else 'off'}" for rule in ALL_RULES]
    path = directory / "rules.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("lsp")
    write_rules(root)
    (root / "nextflow.config").write_text("process.maxRetries = 2\n", encoding="utf-8")  # the buffer differs
    (root / "incl" / "conf").mkdir(parents=True)
    (root / "incl" / "nextflow.config").write_text(INCLUDING, encoding="utf-8")
    (root / "incl" / "conf" / "long.config").write_text(INCLUDED, encoding="utf-8")
    return root


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER), scope="module")
async def client(lsp_client: LanguageClient, workspace: Path):
    lsp_client.diagnostics = PublishQueue()
    result = await lsp_client.initialize_session(lsp.InitializeParams(
        capabilities=lsp.ClientCapabilities(), root_uri=workspace.as_uri()))
    lsp_client.initialize_result = result  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


class PublishQueue(dict):
    """pytest-lsp stores each publishDiagnostics in `client.diagnostics[uri]`; this keeps
    them all, in order, per URI (two can arrive in one read, before a test waits)."""

    def __init__(self) -> None:
        super().__init__()
        self.queues: dict[str, list[list[lsp.Diagnostic]]] = {}

    def __setitem__(self, uri: str, diagnostics: list[lsp.Diagnostic]) -> None:
        super().__setitem__(uri, diagnostics)
        self.queues.setdefault(uri, []).append(list(diagnostics))


async def published(client: LanguageClient, uri: str, timeout: float = TIMEOUT) -> list[lsp.Diagnostic]:
    """The next diagnostics published for `uri`, in the order the server sent them."""
    queue = client.diagnostics.queues.setdefault(uri, [])  # type: ignore[attr-defined]
    deadline = asyncio.get_running_loop().time() + timeout
    while not queue:
        if asyncio.get_running_loop().time() > deadline:
            raise asyncio.TimeoutError(f"no diagnostics published for {uri}")
        await asyncio.sleep(0.01)
    return queue.pop(0)


def utf16_character(line: str, index: int) -> int:
    return len(line[:index].encode("utf-16-le")) // 2


def apply(text: str, edits: list[lsp.TextEdit]) -> str:
    """Apply LSP edits (UTF-16 positions) the way an editor does, last first."""
    lines = text.split("\n")

    def offset(position: lsp.Position) -> int:
        line = lines[position.line]
        units = 0
        for index, char in enumerate(line):
            if units >= position.character:
                return sum(len(x) + 1 for x in lines[: position.line]) + index
            units += 2 if ord(char) > 0xFFFF else 1
        return sum(len(x) + 1 for x in lines[: position.line]) + len(line)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text


def open_document(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(
        lsp.TextDocumentItem(uri=uri, language_id="nextflow", version=version, text=text)))


def change_document(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
        [lsp.TextDocumentContentChangeWholeDocument(text=text)]))


async def test_initialize_advertises_the_features(client: LanguageClient) -> None:
    capabilities = client.initialize_result.capabilities  # type: ignore[attr-defined]
    assert capabilities.position_encoding == lsp.PositionEncodingKind.Utf16
    assert capabilities.hover_provider
    assert list(capabilities.code_action_provider.code_action_kinds) == [lsp.CodeActionKind.QuickFix]
    assert capabilities.text_document_sync.save is not None
    assert client.initialize_result.server_info.name == "nflint-spot"  # type: ignore[attr-defined]


async def test_did_open_publishes_utf16_ranges_from_the_buffer(client: LanguageClient, workspace: Path) -> None:
    uri = (workspace / "nextflow.config").as_uri()
    open_document(client, uri, MAIN)
    diagnostics = await published(client, uri)
    assert [d.code for d in diagnostics] == ["CFG014"]
    (d,) = diagnostics
    line = MAIN.splitlines()[8]
    start = line.index(FINDING)
    assert utf16_character(line, start) == start + 2  # two emoji before it, one extra unit each
    assert d.range == lsp.Range(lsp.Position(8, start + 2), lsp.Position(8, start + 2 + len(FINDING)))
    assert d.severity == lsp.DiagnosticSeverity.Warning
    assert d.source == "nflint-spot"
    assert d.code_description.href.endswith("/docs/rules.md#cfg014")
    assert d.code_description.href.startswith("https://github.com/nflint-spot/nflint-spot/blob/main/")
    assert "treated as 1" in d.message and "maxRetries = 1" in d.message  # message + suggestion


async def test_code_action_quick_fix_removes_the_finding(client: LanguageClient, workspace: Path) -> None:
    uri = (workspace / "nextflow.config").as_uri()
    cursor = lsp.Position(8, utf16_character(MAIN.splitlines()[8], MAIN.splitlines()[8].index("maxRetries")))
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        lsp.TextDocumentIdentifier(uri=uri), lsp.Range(cursor, cursor), lsp.CodeActionContext(diagnostics=[])))
    titles = [a.title for a in actions]
    assert titles == ["Write `maxRetries = 1` (CFG014)", "Ignore CFG014 on this line"]
    fix, ignore = actions
    assert fix.kind == lsp.CodeActionKind.QuickFix and fix.is_preferred
    assert [d.code for d in fix.diagnostics] == ["CFG014"]
    fixed = apply(MAIN, fix.edit.changes[uri])
    assert fixed == MAIN.replace("maxRetries = 0", "maxRetries = 1")
    ignored = apply(MAIN, ignore.edit.changes[uri])
    assert ignored.splitlines()[8] == MAIN.splitlines()[8] + " // nflint-spot: ignore[CFG014]"

    change_document(client, uri, ignored, 2)  # suppressed: nothing left, and the comment is used
    assert await published(client, uri) == []
    change_document(client, uri, MAIN, 3)
    assert [d.code for d in await published(client, uri)] == ["CFG014"]
    change_document(client, uri, fixed, 4)
    assert await published(client, uri) == []


async def test_code_action_removes_an_unused_suppression(client: LanguageClient, workspace: Path) -> None:
    # SUP001 had no fix: the editor offered neither a quick fix nor (rightly) an ignore.
    uri = (workspace / "unused.config").as_uri()
    text = ("process.errorStrategy = 'retry'\n"
            "process.maxRetries = 0 // nflint-spot: ignore[CFG014, SPOT002] legacy\n"
            "// nflint-spot: ignore[CFG014]\n"
            "process.cpus = 2\n")
    open_document(client, uri, text)
    assert [(d.code, d.range.start.line) for d in await published(client, uri)] == [("SUP001", 1), ("SUP001", 2)]
    titles_and_texts = []
    for line, underlined in ((1, "SPOT002"), (2, "//")):  # the unused code alone; the whole comment
        cursor = lsp.Position(line, text.splitlines()[line].index(underlined) + 3)
        actions = await client.text_document_code_action_async(lsp.CodeActionParams(
            lsp.TextDocumentIdentifier(uri=uri), lsp.Range(cursor, cursor), lsp.CodeActionContext(diagnostics=[])))
        [action] = actions
        assert action.is_preferred and [d.code for d in action.diagnostics] == ["SUP001"]
        titles_and_texts.append((action.title, apply(text, action.edit.changes[uri])))
    assert titles_and_texts == [
        ("Remove `SPOT002` from the suppression (SUP001)", text.replace("CFG014, SPOT002", "CFG014")),
        ("Remove the unused suppression (SUP001)", text.replace("// nflint-spot: ignore[CFG014]\n", "")),
    ]
    change_document(client, uri, titles_and_texts[0][1], 2)
    assert [(d.code, d.range.start.line) for d in await published(client, uri)] == [("SUP001", 2)]


async def test_rapid_changes_publish_the_last_text(client: LanguageClient, workspace: Path) -> None:
    """Changes that arrive while a lint runs are coalesced into one lint of the newest text
    (test_lsp_scheduling.py checks which texts are linted); whatever a lint of a text that
    was still the buffer's published before, the last diagnostics are the last text's."""
    uri = (workspace / "nextflow.config").as_uri()
    for version in range(5, 10):
        change_document(client, uri, MAIN if version % 2 else MAIN.replace("= 0\n", "= 1\n"), version)
    last = await published(client, uri)
    while True:  # until nothing more comes
        try:
            last = await published(client, uri, timeout=0.5)
        except asyncio.TimeoutError:
            break
    assert [d.code for d in last] == ["CFG014"]  # version 9: MAIN


async def test_hover_on_max_spot_attempts(client: LanguageClient, workspace: Path) -> None:
    uri = (workspace / "nextflow.config").as_uri()
    hover = await client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(uri=uri), lsp.Position(9, len("aws.batch.max"))))
    text = hover.contents.value
    assert "aws.batch.maxSpotAttempts" in text
    assert "24.10" in text and "5" in text and "Fusion Snapshots" in text
    assert hover.range == lsp.Range(lsp.Position(9, 10), lsp.Position(9, 25))


async def test_hover_on_a_selector_line_shows_its_effective_settings(client: LanguageClient, workspace: Path) -> None:
    uri = (workspace / "nextflow.config").as_uri()
    hover = await client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(uri=uri), lsp.Position(4, 6)))
    text = hover.contents.value
    assert "withLabel:big" in text
    assert "spot-queue" in text and "2h" in text
    assert "errorStrategy **retry**" in text  # what a reclaim (no exit status) gets
    assert "maxRetries" in text and "worst case" in text


async def test_included_file_open_in_the_editor_gets_its_diagnostics(client: LanguageClient, workspace: Path) -> None:
    included = (workspace / "incl" / "conf" / "long.config").as_uri()
    open_document(client, included, INCLUDED)
    assert await published(client, included) == []  # on its own: no executor, no Spot queue
    including = (workspace / "incl" / "nextflow.config").as_uri()
    open_document(client, including, INCLUDING)
    assert await published(client, including) == []  # the finding is in the included file
    diagnostics = await published(client, included)
    assert [(d.code, d.range.start.line) for d in diagnostics] == [("SPOT002", 2)]
    assert any(r.location.uri == including for r in diagnostics[0].related_information or ())
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(lsp.TextDocumentIdentifier(uri=including)))
    assert await published(client, including) == []
    assert await published(client, included) == []


async def test_syntax_error_is_a_diagnostic_and_the_server_keeps_answering(client: LanguageClient,
                                                                          workspace: Path) -> None:
    uri = (workspace / "broken.config").as_uri()
    open_document(client, uri, "process {\n    queue = \n}\n")
    diagnostics = await published(client, uri)
    assert [d.code for d in diagnostics] == ["SYN001"]
    assert diagnostics[0].severity == lsp.DiagnosticSeverity.Error
    hover = await client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(uri=uri), lsp.Position(1, 6)))
    assert "process.queue" in hover.contents.value  # found from the text: the document does not parse
    far = await client.text_document_hover_async(lsp.HoverParams(
        lsp.TextDocumentIdentifier(uri=uri), lsp.Position(400, 9000)))
    assert far is None
